import { type Expression, type ExpressionBuilder, type Selectable, type SqlBool, sql } from 'kysely'
import type { Executor } from '../../db/database.js'
import { dialectOf } from '../../db/dialect.js'
import type { DB } from '../../db/types.js'
import type { DocAttachmentsTable, DocKindsTable, DocRevisionsTable, DocsTable, ProductsTable } from './tables.js'
import { type DocLanguage, stemmedText } from './text.js'

export type DocRow = Selectable<DocsTable>
export type RevisionRow = Selectable<DocRevisionsTable>
export type AttachmentRow = Selectable<DocAttachmentsTable>
export type KindRow = Selectable<DocKindsTable>
export type ProductRow = Selectable<ProductsTable>
export type DocListRow = DocRow & { product_name: string | null }

/** Who reads: staff (everything, drafts too), a portal user of a customer, or anyone without a sign-in. */
export type Reader = { kind: 'staff' } | { kind: 'contact'; customerId: string } | { kind: 'anonymous' }

/** The documents a reader may see, as a condition on `docs as d`. */
export function visibleTo(reader: Reader) {
  return (eb: ExpressionBuilder<DB & { d: DocsTable }, 'd'>): Expression<SqlBool> => {
    if (reader.kind === 'staff') {
      return eb.lit(true)
    }
    const published = eb('d.status', '=', 'published')
    if (reader.kind === 'anonymous') {
      return eb.and([published, eb('d.visibility', '=', 'public')])
    }
    return eb.and([
      published,
      eb.or([
        eb('d.visibility', 'in', ['public', 'customers']),
        eb.and([
          eb('d.visibility', '=', 'specific'),
          eb.exists(
            eb
              .selectFrom('doc_customers as dc')
              .select('dc.doc_id')
              .whereRef('dc.doc_id', '=', 'd.id')
              .where('dc.customer_id', '=', reader.customerId),
          ),
        ]),
      ]),
    ])
  }
}

export interface DocFilters {
  productId?: string
  kind?: string
  language?: DocLanguage
  tag?: string
  category?: string
  status?: 'draft' | 'published'
}

function filtered(db: Executor, reader: Reader, f: DocFilters) {
  return db
    .selectFrom('docs as d')
    .leftJoin('products as p', 'p.id', 'd.product_id')
    .selectAll('d')
    .select('p.name as product_name')
    .where(matchesFilters(reader, f))
}

/** Newest change first; `after` is the sort key of the last row of the previous page. */
export async function list(
  db: Executor,
  reader: Reader,
  f: DocFilters,
  page: { limit: number; after?: readonly [number, string] },
): Promise<DocListRow[]> {
  let q = filtered(db, reader, f)
  if (page.after) {
    const [updatedAt, id] = page.after
    q = q.where((eb) =>
      eb.or([eb('d.updated_at', '<', updatedAt), eb.and([eb('d.updated_at', '=', updatedAt), eb('d.id', '>', id)])]),
    )
  }
  return q
    .orderBy('d.updated_at', 'desc')
    .orderBy('d.id')
    .limit(page.limit + 1)
    .execute()
}

export interface SearchTerms {
  /** Per query word: the stems it may have (both languages, or the terms a typo may stand for). */
  words: readonly (readonly string[])[]
  /** Whether the last word is still being typed: it matches as a prefix. */
  prefixLast: boolean
  /** Any word suffices (ranked by how many and how well), instead of every word. */
  any?: boolean
}

/** The FTS5 query: every word, each as one of its stems. Stems are letters and digits only: nothing to escape. */
function ftsQuery(terms: SearchTerms): string {
  return terms.words
    .map((stems, i) => {
      const star = terms.prefixLast && i === terms.words.length - 1 ? '*' : ''
      return `(${stems.map((s) => `"${s}"${star}`).join(' OR ')})`
    })
    .join(terms.any ? ' OR ' : ' AND ')
}

/** The PostgreSQL tsquery text in one configuration: every word, each as one of its forms. */
function tsQueryText(terms: SearchTerms): string {
  return terms.words
    .map((stems, i) => {
      const star = terms.prefixLast && i === terms.words.length - 1 ? ':*' : ''
      return `(${stems.map((s) => `${s}${star}`).join(' | ')})`
    })
    .join(terms.any ? ' | ' : ' & ')
}

/** Where a search hit stands: 0 when the title holds every word, 1 when only the body (with the title) does. */
export type Tier = 0 | 1
export type SearchKey = readonly [tier: Tier, rank: number, id: string]

/** The filters of a search as one condition on `docs as d` (visibility first). */
function matchesFilters(reader: Reader, f: DocFilters) {
  return (eb: ExpressionBuilder<DB & { d: DocsTable }, 'd'>): Expression<SqlBool> => {
    const all: Expression<SqlBool>[] = [visibleTo(reader)(eb)]
    if (f.productId) {
      all.push(eb('d.product_id', '=', f.productId))
    }
    if (f.kind) {
      all.push(eb('d.kind', '=', f.kind))
    }
    if (f.language) {
      all.push(eb('d.language', '=', f.language))
    }
    if (f.category) {
      all.push(eb('d.category', '=', f.category))
    }
    if (f.status) {
      all.push(eb('d.status', '=', f.status))
    }
    if (f.tag) {
      all.push(eb('d.tags', 'like', `%${JSON.stringify(f.tag).replace(/[\\%_]/g, (c) => `\\${c}`)}%`))
    }
    return eb.and(all)
  }
}

/**
 * Documents matching the words, best first: those with every word in the title (tier 0) before the rest (tier 1),
 * each tier by rank, the title weighing ten times the body on SQLite (bm25 weights) and A against B on PostgreSQL
 * (ts_rank weights). `after` is the key of the last row of the previous page. Only the ids are ranked; the page's
 * rows are read afterwards, so that ranking thousands of hits reads no document text.
 * `exact`: the words are the stems as indexed (a typo's candidates), not words to stem again (PostgreSQL).
 */
export async function search(
  db: Executor,
  reader: Reader,
  f: DocFilters,
  terms: SearchTerms,
  page: { limit: number; after?: SearchKey },
  exact = false,
): Promise<(DocListRow & { rank: number; tier: Tier })[]> {
  if (terms.words.length === 0) {
    return []
  }
  const sqlite = (await dialectOf(db)) === 'sqlite'
  const out: (DocListRow & { rank: number; tier: Tier })[] = []
  for (const tier of [0, 1] as const) {
    if (page.after && page.after[0] > tier) {
      continue
    }
    const after = page.after && page.after[0] === tier ? page.after : undefined
    const want = page.limit + 1 - out.length
    const ids = sqlite
      ? await rankedOnSqlite(db, reader, f, terms, tier, want, after)
      : await rankedOnPostgres(db, reader, f, terms, tier, want, after, exact)
    if (ids.length > 0) {
      const rows = await db
        .selectFrom('docs as d')
        .leftJoin('products as p', 'p.id', 'd.product_id')
        .selectAll('d')
        .select('p.name as product_name')
        .where(
          'd.id',
          'in',
          ids.map((r) => r.id),
        )
        .execute()
      const byId = new Map(rows.map((r) => [r.id, r]))
      for (const r of ids) {
        const row = byId.get(r.id)
        if (row) {
          out.push({ ...row, rank: r.rank, tier })
        }
      }
    }
    if (out.length > page.limit) {
      break
    }
  }
  return out
}

type Ranked = { id: string; rank: number }[]

async function rankedOnSqlite(
  db: Executor,
  reader: Reader,
  f: DocFilters,
  terms: SearchTerms,
  tier: Tier,
  limit: number,
  after: SearchKey | undefined,
): Promise<Ranked> {
  const all = ftsQuery(terms)
  const match = tier === 0 ? `{title} : (${all})` : `(${all}) NOT ({title} : (${all}))`
  const rank = sql<number>`bm25(docs_fts, 10.0, 1.0)`
  // The full-text index first, and CROSS JOIN keeps it first: SQLite never reorders it, whereas with statistics it
  // may otherwise walk the documents and probe the index once for each (seconds instead of milliseconds). The filter
  // columns come from the covering index docs_search_filter.
  let q = db
    .selectFrom(sql<{ rowid: number }>`docs_fts`.as('docs_fts'))
    .crossJoin('docs as d')
    .select('d.id')
    .select(rank.as('rank'))
    .where(sql.ref('d.search_id'), '=', sql.ref('docs_fts.rowid'))
    .where(sql<SqlBool>`docs_fts match ${match}`)
    // The same condition on the same alias; the join adds the index's own columns, which the condition does not use.
    .where((eb) => matchesFilters(reader, f)(eb as unknown as ExpressionBuilder<DB & { d: DocsTable }, 'd'>))
  if (after) {
    const [, r, id] = after
    q = q.where(sql<SqlBool>`(${rank} > ${r} or (${rank} = ${r} and d.id > ${id}))`)
  }
  const rows = await q
    .orderBy(sql`rank`)
    .orderBy('d.id')
    .limit(limit)
    .execute()
  return rows.map((r) => ({ id: r.id, rank: Number(r.rank) }))
}

async function rankedOnPostgres(
  db: Executor,
  reader: Reader,
  f: DocFilters,
  terms: SearchTerms,
  tier: Tier,
  limit: number,
  after: SearchKey | undefined,
  exact: boolean,
): Promise<Ranked> {
  const text = tsQueryText(terms)
  // A query does not say its language: the words stemmed either way (or, for a typo's candidates, as they are).
  const query = exact
    ? sql`to_tsquery('simple', ${text})`
    : sql`(to_tsquery('dutch', ${text}) || to_tsquery('english', ${text}))`
  const rank = sql<number>`ts_rank(d.search_vector, ${query})`
  // The title's own vector and index find tier 0 without unpacking the body's vector of every hit.
  const inTitle = sql<SqlBool>`d.title_vector @@ ${query}`
  let q = db
    .selectFrom('docs as d')
    .select('d.id')
    .select(rank.as('rank'))
    .where(tier === 0 ? inTitle : sql<SqlBool>`d.search_vector @@ ${query} and not (${inTitle})`)
    .where(matchesFilters(reader, f))
  if (after) {
    const [, r, id] = after
    q = q.where(sql<SqlBool>`(${rank} < ${r}::real or (${rank} = ${r}::real and d.id > ${id}))`)
  }
  const rows = await q
    .orderBy(sql`rank`, 'desc')
    .orderBy('d.id')
    .limit(limit)
    .execute()
  return rows.map((r) => ({ id: r.id, rank: Number(r.rank) }))
}

/**
 * Indexed words within reach of a query word that matched nothing: on PostgreSQL by trigram similarity when pg_trgm
 * is installed, otherwise (and on SQLite) the words of about the same length; the caller keeps those one edit away.
 */
export async function termsLike(db: Executor, word: string, stems: readonly string[] = []): Promise<string[]> {
  if ((await dialectOf(db)) === 'postgres') {
    try {
      // The index holds stems: the typed word and its stems are each compared, and what one of them finds counts.
      const forms = [...new Set([word, ...stems])]
      const rows = await sql<{ term: string }>`select term from doc_terms
        where ${sql.join(
          forms.map((f) => sql`term % ${f}`),
          sql` or `,
        )} limit 200`.execute(db)
      if (rows.rows.length > 0) {
        return rows.rows.map((r) => r.term)
      }
    } catch {
      // no pg_trgm: as on SQLite
    }
  }
  const rows = await db
    .selectFrom('doc_terms')
    .select('term')
    // The index holds stems, shorter than the words typed: from the shortest stem on.
    .where(sql<number>`length(term)`, '>=', Math.min(word.length, ...stems.map((s) => s.length)) - 1)
    .where(sql<number>`length(term)`, '<=', word.length + 1)
    .where((eb) => eb.or([eb('term', 'like', `${word[0]}%`), eb('term', 'like', `_${word[1] ?? ''}%`)]))
    .limit(20_000)
    .execute()
  return rows.map((r) => r.term)
}

/** Puts a document's words into the index (SQLite; PostgreSQL computes its column itself) and the typo vocabulary. */
export async function index(db: Executor, doc: Pick<DocRow, 'search_id' | 'title' | 'body_text' | 'language'>) {
  const title = stemmedText(doc.title, doc.language)
  const body = stemmedText(doc.body_text, doc.language)
  if ((await dialectOf(db)) === 'sqlite') {
    await sql`delete from docs_fts where rowid = ${doc.search_id}`.execute(db)
    await sql`insert into docs_fts (rowid, title, body) values (${doc.search_id}, ${title}, ${body})`.execute(db)
  }
  const terms = [...new Set(`${title} ${body}`.split(' ').filter((t) => t.length >= 3 && t.length <= 100))]
  for (let i = 0; i < terms.length; i += 500) {
    await db
      .insertInto('doc_terms')
      .values(terms.slice(i, i + 500).map((term) => ({ term })))
      .onConflict((oc) => oc.column('term').doNothing())
      .execute()
  }
}

export async function nextSearchId(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('docs')
    .select((eb) => eb.fn.max('search_id').as('max'))
    .executeTakeFirst()
  return Number(row?.max ?? 0) + 1
}

export async function insert(db: Executor, row: DocRow): Promise<void> {
  await db.insertInto('docs').values(row).execute()
}

export async function update(db: Executor, id: string, set: Partial<DocRow>): Promise<void> {
  await db.updateTable('docs').set(set).where('id', '=', id).execute()
}

export async function findById(db: Executor, id: string, reader: Reader): Promise<DocListRow | undefined> {
  return filtered(db, reader, {}).where('d.id', '=', id).executeTakeFirst()
}

export async function findBySlug(db: Executor, slug: string, reader: Reader): Promise<DocListRow | undefined> {
  return filtered(db, reader, {}).where('d.slug', '=', slug).executeTakeFirst()
}

export async function slugTaken(db: Executor, slug: string, exceptId?: string): Promise<boolean> {
  let q = db.selectFrom('docs').select('id').where('slug', '=', slug)
  if (exceptId) {
    q = q.where('id', '!=', exceptId)
  }
  return (await q.executeTakeFirst()) !== undefined
}

export async function translations(db: Executor, group: string, reader: Reader) {
  return db
    .selectFrom('docs as d')
    .select(['d.id', 'd.slug', 'd.language', 'd.title'])
    .where('d.translation_group', '=', group)
    .where(visibleTo(reader))
    .orderBy('d.language')
    .execute()
}

export async function customersOf(db: Executor, docId: string): Promise<string[]> {
  const rows = await db.selectFrom('doc_customers').select('customer_id').where('doc_id', '=', docId).execute()
  return rows.map((r) => r.customer_id).sort()
}

export async function setCustomers(db: Executor, docId: string, customerIds: readonly string[]): Promise<void> {
  await db.deleteFrom('doc_customers').where('doc_id', '=', docId).execute()
  if (customerIds.length > 0) {
    await db
      .insertInto('doc_customers')
      .values([...new Set(customerIds)].map((customer_id) => ({ doc_id: docId, customer_id })))
      .execute()
  }
}

export async function insertRevision(db: Executor, row: RevisionRow): Promise<void> {
  await db.insertInto('doc_revisions').values(row).execute()
}

export async function revisions(db: Executor, docId: string): Promise<RevisionRow[]> {
  return db.selectFrom('doc_revisions').selectAll().where('doc_id', '=', docId).orderBy('revision', 'desc').execute()
}

export async function revision(db: Executor, docId: string, n: number): Promise<RevisionRow | undefined> {
  return db
    .selectFrom('doc_revisions')
    .selectAll()
    .where('doc_id', '=', docId)
    .where('revision', '=', n)
    .executeTakeFirst()
}

export async function attachments(db: Executor, docId: string): Promise<AttachmentRow[]> {
  return db.selectFrom('doc_attachments').selectAll().where('doc_id', '=', docId).orderBy('name').execute()
}

/** Stores an attachment; one of the same name on the same document is replaced. */
export async function putAttachment(db: Executor, row: AttachmentRow): Promise<void> {
  await db.deleteFrom('doc_attachments').where('doc_id', '=', row.doc_id).where('name', '=', row.name).execute()
  await db.insertInto('doc_attachments').values(row).execute()
}

export async function kinds(db: Executor): Promise<KindRow[]> {
  return db.selectFrom('doc_kinds').selectAll().orderBy('position').orderBy('key').execute()
}

export async function insertKind(db: Executor, row: KindRow): Promise<void> {
  await db.insertInto('doc_kinds').values(row).execute()
}

export async function products(db: Executor): Promise<ProductRow[]> {
  return db.selectFrom('products').selectAll().orderBy('name_key').execute()
}

export async function insertProduct(db: Executor, row: ProductRow): Promise<void> {
  await db.insertInto('products').values(row).execute()
}

export async function findProduct(db: Executor, id: string): Promise<ProductRow | undefined> {
  return db.selectFrom('products').selectAll().where('id', '=', id).executeTakeFirst()
}
