import { sql } from 'kysely'
import { DateTime } from 'luxon'
import type { Db, Executor } from '../../db/database.js'
import { isUniqueViolation } from '../../db/dialect.js'
import { type Actor, actorId, assertStaff } from '../../platform/access.js'
import type { Audit } from '../../platform/audit.js'
import { badRequest, conflict, notFound } from '../../platform/errors.js'
import { uuidv7 } from '../../platform/ids.js'
import { getBlob, putBlob } from '../../platform/files.js'
import { pageOf, readCursor } from '../../platform/paging.js'
import type { SettingsService } from '../settings/service.js'
import type { TicketService } from '../tickets/service.js'
import type { StaffRole } from '../users/schema.js'
import { type RenderedMarkdown, renderMarkdown } from './markdown.js'
import { renderDocPdf } from './pdf.js'
import * as repo from './repo.js'
import {
  type Doc,
  type DocAttachment,
  type DocCreate,
  type DocFeedback,
  type DocDiff,
  type DocKind,
  type DocKindCreate,
  type DocListQuery,
  type DocPage,
  type DocPatch,
  type DocRevision,
  type DocRevisionDetail,
  type DocOpened,
  type DocPreview,
  type DocStats,
  type DocStatsQuery,
  type DocSummary,
  type Product,
  type TicketDoc,
  type ProductCreate,
  RESERVED_SLUGS,
} from './schema.js'
import { meaningfulWords, queryWords, slugOf, snippet, withinOneEdit } from './text.js'

export interface DocDeps {
  db: Db
  audit: Audit
  settings: SettingsService
  /** Whether the actor may see the ticket (404 otherwise): the links of a ticket follow it. */
  tickets: Pick<TicketService, 'get'>
  now: () => number
}

/** Who writes documents; every staff member reads them all, drafts too. */
const WRITERS: readonly StaffRole[] = ['admin', 'technician']
/** How long a review holds when the writer names no date of its own. */
const REVIEW_EVERY_MONTHS = 12
const SUGGESTIONS = 5
/** Rendered revisions kept in memory (oldest dropped first). */
const RENDERED_KEPT = 500

/** The reader behind an actor; nobody signed in reads public documents only. */
export function readerOf(actor: Actor | undefined): repo.Reader {
  if (!actor) {
    return { kind: 'anonymous' }
  }
  if (actor.kind === 'contact') {
    return { kind: 'contact', customerId: actor.customerId }
  }
  return { kind: 'staff' }
}

const attachmentUrl = (docId: string) => (name: string) => `/api/docs/${docId}/attachments/${encodeURIComponent(name)}`

function toSummary(row: repo.DocListRow, extra: { snippet?: string } = {}): DocSummary {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    kind: row.kind,
    language: row.language,
    visibility: row.visibility,
    status: row.status,
    productId: row.product_id,
    productName: row.product_name,
    category: row.category,
    tags: JSON.parse(row.tags) as string[],
    updatedAt: Number(row.updated_at),
    publishedAt: row.published_at === null ? null : Number(row.published_at),
    reviewDue: row.review_due,
    ...extra,
  }
}

/** How a revision filed the document: restoring it files it that way again. */
interface RevisionMeta {
  kind: string
  language: 'nl' | 'en'
  visibility: repo.DocRow['visibility']
  customerIds: string[]
  status: repo.DocRow['status']
  slug: string
  productId: string | null
  category: string | null
  tags: string[]
}

/** A portal user who opened a suggestion and filed a ticket within this time was not helped by it. */
export const DEFLECTION_WINDOW_MS = 30 * 60_000

export function createDocService({ db, audit, settings, tickets, now }: DocDeps) {
  async function today(): Promise<string> {
    const { company } = await settings.load()
    return DateTime.fromMillis(now(), { zone: company.timeZone }).toISODate() as string
  }

  async function mustFind(ex: Executor, id: string, reader: repo.Reader): Promise<repo.DocListRow> {
    const row = await repo.findById(ex, id, reader)
    if (!row) {
      throw notFound('doc', id)
    }
    return row
  }

  /** A free slug: the one asked for (409 when taken), or one made of the title with -2, -3… until free. */
  async function freeSlug(ex: Executor, title: string, asked: string | null | undefined, exceptId?: string) {
    if (asked) {
      if (await repo.slugTaken(ex, asked, exceptId)) {
        throw conflict('slug_taken', `Another document is at /docs/${asked}`)
      }
      return asked
    }
    const base = slugOf(title)
    for (let n = 1; ; n++) {
      const slug = n === 1 ? base : `${base}-${n}`
      if (!(RESERVED_SLUGS as readonly string[]).includes(slug) && !(await repo.slugTaken(ex, slug, exceptId))) {
        return slug
      }
    }
  }

  async function checkRefs(
    ex: Executor,
    input: {
      kind?: string
      productId?: string | null
      customerIds?: readonly string[] | null
      ownerId?: string | null
    },
  ) {
    if (input.kind !== undefined && !(await repo.kinds(ex)).some((k) => k.key === input.kind)) {
      throw badRequest('unknown_kind', `There is no kind of document ${input.kind}`)
    }
    if (input.productId && !(await repo.findProduct(ex, input.productId))) {
      throw badRequest('unknown_product', `There is no product ${input.productId}`)
    }
    const ids = [...new Set(input.customerIds ?? [])]
    if (ids.length > 0) {
      const found = await ex.selectFrom('customers').select('id').where('id', 'in', ids).execute()
      if (found.length !== ids.length) {
        const missing = ids.filter((id) => !found.some((f) => f.id === id))
        throw badRequest('unknown_customer', `There is no customer ${missing.join(', ')}`, { customerIds: missing })
      }
    }
    if (input.ownerId) {
      const owner = await ex
        .selectFrom('users')
        .select('id')
        .where('id', '=', input.ownerId)
        .where('role', '!=', 'contact')
        .executeTakeFirst()
      if (!owner) {
        throw badRequest('unknown_owner', `The owner must be a staff member; ${input.ownerId} is not`)
      }
    }
  }

  const reviewDueAfter = (reviewedOn: string) =>
    DateTime.fromISO(reviewedOn).plus({ months: REVIEW_EVERY_MONTHS }).toISODate() as string

  // Rendering and sanitising a long document takes milliseconds; a revision never changes, so its HTML is kept.
  const rendered = new Map<string, RenderedMarkdown>()
  function renderedOf(row: repo.DocRow): RenderedMarkdown {
    const key = `${row.id}:${row.revision}`
    let out = rendered.get(key)
    if (!out) {
      out = renderMarkdown(row.body, { attachmentUrl: attachmentUrl(row.id) })
      if (rendered.size >= RENDERED_KEPT) {
        rendered.delete(rendered.keys().next().value as string)
      }
      rendered.set(key, out)
    }
    return out
  }

  async function detail(row: repo.DocListRow, reader: repo.Reader): Promise<Doc> {
    const rendered = renderedOf(row)
    const [translations, attachments, customerIds] = await Promise.all([
      repo.translations(db, row.translation_group, reader),
      repo.attachments(db, row.id),
      reader.kind === 'staff' ? repo.customersOf(db, row.id) : Promise.resolve([]),
    ])
    return {
      ...toSummary(row),
      body: row.body,
      html: rendered.html,
      toc: rendered.toc,
      customerIds,
      translations: translations.filter((t) => t.id !== row.id),
      revision: row.revision,
      ownerId: row.owner_id,
      reviewedOn: row.reviewed_on,
      attachments: attachments.map((a) => ({
        id: a.id,
        name: a.name,
        contentType: a.content_type,
        size: Number(a.size),
        createdAt: Number(a.created_at),
      })),
      helpful: { yes: row.helpful_yes, no: row.helpful_no },
      createdAt: Number(row.created_at),
    }
  }

  function metaOf(row: repo.DocRow, customerIds: string[]): RevisionMeta {
    return {
      kind: row.kind,
      language: row.language,
      visibility: row.visibility,
      customerIds,
      status: row.status,
      slug: row.slug,
      productId: row.product_id,
      category: row.category,
      tags: JSON.parse(row.tags) as string[],
    }
  }

  async function addRevision(ex: Executor, actor: Actor, row: repo.DocRow, customerIds: string[]) {
    await repo.insertRevision(ex, {
      id: uuidv7(),
      doc_id: row.id,
      revision: row.revision,
      title: row.title,
      body: row.body,
      meta: JSON.stringify(metaOf(row, customerIds)),
      author_id: actorId(actor),
      author_name: actor.kind === 'system' ? 'sladesk' : actor.name,
      created_at: row.updated_at,
    })
  }

  async function search(reader: repo.Reader, q: DocListQuery, text: string): Promise<DocPage> {
    // The key of the last hit shown (tier, rank, id) and whether the page searched for typos.
    const after = readCursor<[number, number, string, number]>(q.cursor, ['number', 'number', 'string', 'number'])
    const words = queryWords(text)
    if (words.length === 0) {
      return { items: [], nextCursor: null }
    }
    const exact = { words: words.map((w) => w.stems), prefixLast: true }
    let mode = after?.[3] ?? 0
    let terms: repo.SearchTerms = exact
    if (mode === 1) {
      terms = await typoTerms(words)
    }
    const key = after ? ([after[0] === 0 ? 0 : 1, after[1], after[2]] as const) : undefined
    const page = { limit: q.limit, ...(key && { after: key }) }
    let rows = await repo.search(db, reader, q, terms, page, mode === 1)
    if (rows.length === 0 && !after) {
      // Nothing for the words as typed: try the indexed words one letter away from each.
      const fuzzy = await typoTerms(words)
      if (fuzzy.words.some((stems, i) => stems.length > words[i]!.stems.length)) {
        mode = 1
        terms = fuzzy
        rows = await repo.search(db, reader, q, terms, page, true)
      }
    }
    const stems = new Set(terms.words.flat())
    return pageOf(
      rows,
      q.limit,
      (r) => [r.tier, r.rank, r.id, mode],
      (r) => toSummary(r, { snippet: snippet(r.body_text, stems, r.language) }),
    )
  }

  async function typoTerms(words: ReturnType<typeof queryWords>): Promise<repo.SearchTerms> {
    const out: string[][] = []
    for (const w of words) {
      const near = (await repo.termsLike(db, w.word, w.stems)).filter((t) =>
        [w.word, ...w.stems].some((s) => withinOneEdit(s, t)),
      )
      out.push([...new Set([...w.stems, ...near])].slice(0, 30))
    }
    return { words: out, prefixLast: false }
  }

  return {
    /** Documents the caller may read: a search when `q` is given (best first), else the latest changes first. */
    async list(actor: Actor | undefined, q: DocListQuery): Promise<DocPage> {
      let reader = readerOf(actor)
      if (q.readableBy && reader.kind === 'staff') {
        reader = { kind: 'contact', customerId: q.readableBy }
      }
      const filters = { ...q, status: readerOf(actor).kind === 'staff' ? q.status : undefined }
      if (q.q && q.q.trim() !== '') {
        return search(reader, { ...q, ...filters }, q.q)
      }
      const after = readCursor<[number, string]>(q.cursor, ['number', 'string'])
      const rows = await repo.list(db, reader, filters, { limit: q.limit, ...(after && { after }) })
      return pageOf(
        rows,
        q.limit,
        (r) => [Number(r.updated_at), r.id],
        (r) => toSummary(r),
      )
    },

    /**
     * Up to five published documents the caller may read that may answer what it is typing (ticket deflection): a
     * title reads like "de printer werkt niet", so any of its meaningful words will do, the documents with more of
     * them (and in their titles) first.
     */
    async suggest(actor: Actor | undefined, text: string): Promise<DocSummary[]> {
      const reader = readerOf(actor)
      const words = meaningfulWords(text)
      if (words.length === 0) {
        return []
      }
      const terms = { words: words.map((w) => w.stems), prefixLast: true, any: true }
      const rows = await repo.search(db, reader, { status: 'published' }, terms, { limit: SUGGESTIONS * 2 })
      const stems = new Set(terms.words.flat())
      // The reader's own language first (a translation is the same answer), the best match first within each.
      const language = actor && actor.kind !== 'system' ? actor.locale : undefined
      const own = rows.slice(0, SUGGESTIONS * 2).filter((r) => r.language === language)
      const other = rows.slice(0, SUGGESTIONS * 2).filter((r) => r.language !== language)
      return [...own, ...other]
        .slice(0, SUGGESTIONS)
        .map((r) => toSummary(r, { snippet: snippet(r.body_text, stems, r.language) }))
    },

    async get(actor: Actor | undefined, slug: string): Promise<Doc> {
      const reader = readerOf(actor)
      const row = await repo.findBySlug(db, slug, reader)
      if (!row) {
        throw notFound('doc', slug)
      }
      return detail(row, reader)
    },

    async getById(actor: Actor, id: string): Promise<Doc> {
      const reader = readerOf(actor)
      return detail(await mustFind(db, id, reader), reader)
    },

    async create(actor: Actor, input: DocCreate): Promise<Doc> {
      assertStaff(actor, WRITERS)
      const at = now()
      const id = uuidv7()
      const created = await db.transaction().execute(async (trx) => {
        await checkRefs(trx, input)
        let group = id
        if (input.translationOf) {
          const original = await mustFind(trx, input.translationOf, { kind: 'staff' })
          group = original.translation_group
        }
        const rendered = renderMarkdown(input.body, { attachmentUrl: attachmentUrl(id) })
        const customerIds = input.visibility === 'specific' ? [...new Set(input.customerIds ?? [])] : []
        const row: repo.DocRow = {
          id,
          search_id: await repo.nextSearchId(trx),
          slug: await freeSlug(trx, input.title, input.slug),
          title: input.title,
          body: input.body,
          body_text: rendered.text,
          kind: input.kind,
          language: input.language,
          visibility: input.visibility,
          status: input.status,
          product_id: input.productId ?? null,
          category: input.category ?? null,
          tags: JSON.stringify([...new Set(input.tags ?? [])]),
          translation_group: group,
          owner_id: input.ownerId ?? (actor.kind === 'staff' ? actor.userId : null),
          reviewed_on: input.reviewedOn ?? null,
          review_due: input.reviewDue ?? (input.reviewedOn ? reviewDueAfter(input.reviewedOn) : null),
          revision: 1,
          helpful_yes: 0,
          helpful_no: 0,
          created_at: at,
          updated_at: at,
          published_at: input.status === 'published' ? at : null,
        }
        await repo.insert(trx, row)
        await repo.setCustomers(trx, id, customerIds)
        await repo.index(trx, row)
        await addRevision(trx, actor, row, customerIds)
        await audit.record(trx, actor, {
          action: 'doc.created',
          entityType: 'doc',
          entityId: id,
          after: { title: row.title, slug: row.slug, visibility: row.visibility, status: row.status },
        })
        return row
      })
      return this.getById(actor, created.id)
    },

    /** Saves a change as a new revision. */
    async update(actor: Actor, id: string, patch: DocPatch): Promise<Doc> {
      assertStaff(actor, WRITERS)
      await db.transaction().execute(async (trx) => {
        const before = await mustFind(trx, id, { kind: 'staff' })
        if (patch.baseRevision !== undefined && patch.baseRevision !== before.revision) {
          throw conflict('doc_changed', `Revision ${before.revision} was saved after revision ${patch.baseRevision}`, {
            revision: before.revision,
          })
        }
        await checkRefs(trx, patch)
        const visibility = patch.visibility ?? before.visibility
        let customerIds = patch.customerIds ? [...new Set(patch.customerIds)] : await repo.customersOf(trx, id)
        if (visibility !== 'specific') {
          customerIds = []
        } else if (customerIds.length === 0) {
          throw badRequest('customers_required', 'Name at least one customer for visibility "specific"')
        }
        const body = patch.body ?? before.body
        const at = Math.max(now(), Number(before.updated_at) + 1)
        const status = patch.status ?? before.status
        const reviewedOn = patch.reviewedOn !== undefined ? patch.reviewedOn : before.reviewed_on
        const row: repo.DocRow = {
          id,
          search_id: before.search_id,
          slug: patch.slug ? await freeSlug(trx, before.title, patch.slug, id) : before.slug,
          title: patch.title ?? before.title,
          body,
          body_text: patch.body !== undefined ? renderMarkdown(body).text : before.body_text,
          kind: patch.kind ?? before.kind,
          language: patch.language ?? before.language,
          visibility,
          status,
          product_id: patch.productId !== undefined ? patch.productId : before.product_id,
          category: patch.category !== undefined ? patch.category : before.category,
          tags: patch.tags ? JSON.stringify([...new Set(patch.tags)]) : before.tags,
          translation_group: before.translation_group,
          owner_id: patch.ownerId !== undefined ? patch.ownerId : before.owner_id,
          reviewed_on: reviewedOn,
          review_due:
            patch.reviewDue !== undefined
              ? patch.reviewDue
              : patch.reviewedOn
                ? reviewDueAfter(patch.reviewedOn)
                : before.review_due,
          revision: before.revision + 1,
          helpful_yes: before.helpful_yes,
          helpful_no: before.helpful_no,
          created_at: Number(before.created_at),
          updated_at: at,
          published_at: status === 'published' ? (before.published_at ?? at) : null,
        }
        const { product_name: _, ...old } = before
        await repo.update(trx, id, row)
        await repo.setCustomers(trx, id, customerIds)
        await repo.index(trx, row)
        await addRevision(trx, actor, row, customerIds)
        await audit.record(trx, actor, {
          action: 'doc.updated',
          entityType: 'doc',
          entityId: id,
          before: { title: old.title, slug: old.slug, visibility: old.visibility, status: old.status },
          after: { title: row.title, slug: row.slug, visibility: row.visibility, status: row.status },
        })
      })
      return this.getById(actor, id)
    },

    async revisions(actor: Actor, id: string): Promise<DocRevision[]> {
      assertStaff(actor)
      await mustFind(db, id, { kind: 'staff' })
      return (await repo.revisions(db, id)).map((r) => ({
        revision: r.revision,
        title: r.title,
        authorName: r.author_name,
        createdAt: Number(r.created_at),
      }))
    },

    async revision(actor: Actor, id: string, n: number): Promise<DocRevisionDetail> {
      assertStaff(actor)
      const r = await repo.revision(db, id, n)
      if (!r) {
        throw notFound('revision', `${id}/${n}`)
      }
      return {
        revision: r.revision,
        title: r.title,
        body: r.body,
        meta: JSON.parse(r.meta) as Record<string, unknown>,
        authorName: r.author_name,
        createdAt: Number(r.created_at),
      }
    },

    /** What changed from one revision to another, as a unified diff of the title and the Markdown. */
    async diff(actor: Actor, id: string, from: number, to: number): Promise<DocDiff> {
      const [a, b] = [await this.revision(actor, id, from), await this.revision(actor, id, to)]
      const text = (r: DocRevisionDetail) => `# ${r.title}\n\n${r.body.endsWith('\n') ? r.body : `${r.body}\n`}`
      // Loaded here: the only use of the diff library, seldom.
      const { createPatch } = await import('diff')
      const patch = createPatch(`revision-${from}-${to}.md`, text(a), text(b), `revision ${from}`, `revision ${to}`)
      const lines = patch.split('\n').slice(4)
      return {
        from,
        to,
        patch,
        added: lines.filter((l) => l.startsWith('+')).length,
        removed: lines.filter((l) => l.startsWith('-')).length,
      }
    },

    /** Makes an old revision the current text again, as a new revision (history is never rewritten). */
    async restore(actor: Actor, id: string, n: number): Promise<Doc> {
      const r = await this.revision(actor, id, n)
      const meta = r.meta as unknown as RevisionMeta
      const current = await mustFind(db, id, { kind: 'staff' })
      return this.update(actor, id, {
        title: r.title,
        body: r.body,
        kind: meta.kind,
        language: meta.language,
        visibility: meta.visibility,
        ...(meta.visibility === 'specific' && { customerIds: meta.customerIds }),
        productId: meta.productId,
        category: meta.category,
        tags: meta.tags,
        baseRevision: current.revision,
      })
    },

    /** Published documents whose review date has passed, the longest overdue first (staff). */
    async reviewDue(actor: Actor): Promise<DocSummary[]> {
      assertStaff(actor)
      const day = await today()
      const rows = await db
        .selectFrom('docs as d')
        .leftJoin('products as p', 'p.id', 'd.product_id')
        .selectAll('d')
        .select('p.name as product_name')
        .where('d.status', '=', 'published')
        .where('d.review_due', '<', day)
        .orderBy('d.review_due')
        .orderBy('d.id')
        .limit(500)
        .execute()
      return rows.map((r) => toSummary(r))
    },

    /** The Markdown as it will look, for the editor (staff). */
    preview(actor: Actor, body: string): DocPreview {
      assertStaff(actor, WRITERS)
      const { html, toc } = renderMarkdown(body)
      return { html, toc }
    },

    /**
     * A portal user opened a suggested document while writing a ticket: counted as deflected unless that user files
     * a ticket within DEFLECTION_WINDOW_MS. Staff opening suggestions are not counted.
     */
    async opened(actor: Actor, id: string, input: DocOpened): Promise<void> {
      const reader = readerOf(actor)
      await mustFind(db, id, reader)
      if (actor.kind !== 'contact') {
        return
      }
      await db
        .insertInto('doc_deflections')
        .values({
          id: uuidv7(),
          doc_id: id,
          user_id: actor.userId,
          customer_id: actor.customerId,
          query: input.query,
          opened_at: now(),
          ticket_id: null,
        })
        .execute()
    },

    /** The documentation dashboard's figures (staff): documents, reviews, feedback and deflected tickets. */
    async stats(actor: Actor, q: DocStatsQuery): Promise<DocStats> {
      assertStaff(actor)
      const { company } = await settings.load()
      const zone = company.timeZone
      const to = q.to ?? (await today())
      const from = q.from ?? (DateTime.fromISO(to).minus({ days: 29 }).toISODate() as string)
      if (from > to) {
        throw badRequest('invalid_range', 'from must not be after to')
      }
      const start = DateTime.fromISO(from, { zone }).startOf('day').toMillis()
      const end = DateTime.fromISO(to, { zone }).plus({ days: 1 }).startOf('day').toMillis()
      const at = now()
      const [byState, overdue, feedback, openings] = await Promise.all([
        db
          .selectFrom('docs')
          .select(['status', 'visibility', (eb) => eb.fn.countAll<number>().as('n')])
          .groupBy(['status', 'visibility'])
          .execute(),
        db
          .selectFrom('docs')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('status', '=', 'published')
          .where('review_due', '<', await today())
          .executeTakeFirstOrThrow(),
        db
          .selectFrom('doc_feedback')
          .select(['helpful', (eb) => eb.fn.countAll<number>().as('n')])
          .where('created_at', '>=', start)
          .where('created_at', '<', end)
          .groupBy('helpful')
          .execute(),
        db
          .selectFrom('doc_deflections as o')
          .innerJoin('docs as d', 'd.id', 'o.doc_id')
          .select(['o.doc_id', 'o.opened_at', 'd.slug', 'd.title'])
          .select((eb) =>
            eb
              .exists(
                eb
                  .selectFrom('tickets as t')
                  .select('t.id')
                  .whereRef('t.created_by', '=', 'o.user_id')
                  .whereRef('t.created_at', '>=', 'o.opened_at')
                  .where('t.created_at', '<=', sql<number>`o.opened_at + ${DEFLECTION_WINDOW_MS}`),
              )
              .as('filed'),
          )
          .where('o.opened_at', '>=', start)
          .where('o.opened_at', '<', end)
          .execute(),
      ])
      const published = byState.filter((r) => r.status === 'published')
      const byVisibility: Record<string, number> = {}
      for (const r of published) {
        byVisibility[r.visibility] = (byVisibility[r.visibility] ?? 0) + Number(r.n)
      }
      let deflected = 0
      let filed = 0
      let pending = 0
      const top = new Map<string, { id: string; slug: string; title: string; deflected: number }>()
      for (const o of openings) {
        // SQLite answers exists() with 0/1, PostgreSQL with a boolean.
        if (Boolean(Number(o.filed)) || o.filed === true) {
          filed++
        } else if (Number(o.opened_at) + DEFLECTION_WINDOW_MS > at) {
          pending++
        } else {
          deflected++
          const t = top.get(o.doc_id) ?? { id: o.doc_id, slug: o.slug, title: o.title, deflected: 0 }
          t.deflected++
          top.set(o.doc_id, t)
        }
      }
      return {
        from,
        to,
        documents: {
          published: published.reduce((n, r) => n + Number(r.n), 0),
          drafts: byState.filter((r) => r.status === 'draft').reduce((n, r) => n + Number(r.n), 0),
          byVisibility,
        },
        reviewOverdue: Number(overdue.n),
        feedback: {
          yes: Number(feedback.find((f) => f.helpful === 1)?.n ?? 0),
          no: Number(feedback.find((f) => f.helpful === 0)?.n ?? 0),
        },
        suggestions: { opened: openings.length, deflected, filed, pending },
        topDeflecting: [...top.values()]
          .sort((a, b) => b.deflected - a.deflected || a.title.localeCompare(b.title))
          .slice(0, 10),
      }
    },

    /** The documents linked to a ticket that the caller may read. */
    async ticketDocs(actor: Actor, ticketId: string): Promise<TicketDoc[]> {
      await tickets.get(actor, ticketId)
      const rows = await db
        .selectFrom('ticket_docs as td')
        .innerJoin('docs as d', 'd.id', 'td.doc_id')
        .select(['d.id', 'd.slug', 'd.title', 'd.kind', 'td.created_at'])
        .where('td.ticket_id', '=', ticketId)
        .where(repo.visibleTo(readerOf(actor)))
        .orderBy('td.created_at')
        .execute()
      return rows.map((r) => ({
        docId: r.id,
        slug: r.slug,
        title: r.title,
        kind: r.kind,
        linkedAt: Number(r.created_at),
      }))
    },

    /** Links a document to a ticket (staff); linking it again changes nothing. */
    async linkTicket(actor: Actor, ticketId: string, docId: string): Promise<TicketDoc[]> {
      assertStaff(actor)
      const ticket = await tickets.get(actor, ticketId)
      await mustFind(db, docId, { kind: 'staff' })
      await db.transaction().execute(async (trx) => {
        const inserted = await trx
          .insertInto('ticket_docs')
          .values({ ticket_id: ticketId, doc_id: docId, linked_by: actorId(actor), created_at: now() })
          .onConflict((oc) => oc.columns(['ticket_id', 'doc_id']).doNothing())
          .executeTakeFirst()
        if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) {
          await audit.record(trx, actor, {
            action: 'ticket.doc_linked',
            entityType: 'ticket',
            entityId: ticketId,
            customerId: ticket.customerId,
            after: { docId },
          })
        }
      })
      return this.ticketDocs(actor, ticketId)
    },

    async unlinkTicket(actor: Actor, ticketId: string, docId: string): Promise<void> {
      assertStaff(actor)
      const ticket = await tickets.get(actor, ticketId)
      await db.transaction().execute(async (trx) => {
        const deleted = await trx
          .deleteFrom('ticket_docs')
          .where('ticket_id', '=', ticketId)
          .where('doc_id', '=', docId)
          .executeTakeFirst()
        if (Number(deleted.numDeletedRows) === 0) {
          throw notFound('ticket_doc', docId)
        }
        await audit.record(trx, actor, {
          action: 'ticket.doc_unlinked',
          entityType: 'ticket',
          entityId: ticketId,
          customerId: ticket.customerId,
          before: { docId },
        })
      })
    },

    /** A document the caller may read as a PDF, its attachment images drawn in. */
    async pdf(actor: Actor | undefined, slug: string): Promise<{ filename: string; content: Buffer }> {
      const reader = readerOf(actor)
      const row = await repo.findBySlug(db, slug, reader)
      if (!row) {
        throw notFound('doc', slug)
      }
      const [{ company }, kinds, files] = await Promise.all([
        settings.load(),
        repo.kinds(db),
        repo.attachments(db, row.id),
      ])
      const locale = actor && actor.kind !== 'system' ? actor.locale : company.defaultLocale
      const kind = kinds.find((k) => k.key === row.kind)
      const updated = new Intl.DateTimeFormat(locale === 'nl' ? 'nl-NL' : 'en-GB', {
        dateStyle: 'short',
        timeZone: company.timeZone,
      }).format(Number(row.updated_at))
      const subtitle = [
        kind ? (locale === 'nl' ? kind.name_nl : kind.name_en) : row.kind,
        row.product_name,
        `${locale === 'nl' ? 'bijgewerkt' : 'updated'} ${updated}`,
      ]
        .filter((p): p is string => p !== null)
        .join(' · ')
      const content = await renderDocPdf({
        title: row.title,
        markdown: row.body,
        subtitle,
        company: company.name,
        image: async (name) => {
          const file = files.find((f) => f.name === name)
          const data = file ? await getBlob(db, file.sha256) : undefined
          return file && data ? { data, mime: file.content_type } : undefined
        },
      })
      return { filename: `${row.slug}.pdf`, content }
    },

    /** Adds a file to a document (an image it shows, a script it offers); the same name again replaces it. */
    async addAttachment(
      actor: Actor,
      id: string,
      file: { name: string; contentType: string; content: Buffer },
    ): Promise<DocAttachment> {
      assertStaff(actor, WRITERS)
      // eslint-disable-next-line no-control-regex -- control characters are exactly what a file name must not hold
      if (!/^[^/\\\u0000-\u001f]+$/.test(file.name) || file.name === '.' || file.name === '..') {
        throw badRequest('invalid_filename', 'A file name without slashes or control characters')
      }
      const at = now()
      const row: repo.AttachmentRow = {
        id: uuidv7(),
        doc_id: id,
        name: file.name,
        content_type: file.contentType,
        size: file.content.length,
        sha256: '',
        created_by: actorId(actor),
        created_at: at,
      }
      await db.transaction().execute(async (trx) => {
        await mustFind(trx, id, { kind: 'staff' })
        row.sha256 = await putBlob(trx, file.content, at)
        await repo.putAttachment(trx, row)
        await audit.record(trx, actor, {
          action: 'doc.attachment_added',
          entityType: 'doc',
          entityId: id,
          after: { name: row.name, size: row.size, contentType: row.content_type },
        })
      })
      return { id: row.id, name: row.name, contentType: row.content_type, size: row.size, createdAt: at }
    },

    /** A file of a document the caller may read (404 otherwise, as for the document). */
    async readAttachment(
      actor: Actor | undefined,
      id: string,
      name: string,
    ): Promise<{ name: string; contentType: string; content: Buffer }> {
      await mustFind(db, id, readerOf(actor))
      const row = (await repo.attachments(db, id)).find((a) => a.name === name)
      const content = row ? await getBlob(db, row.sha256) : undefined
      if (!row || !content) {
        throw notFound('attachment', name)
      }
      return { name: row.name, contentType: row.content_type, content }
    },

    /** "Was this helpful?" from anyone who may read the document. */
    async feedback(actor: Actor | undefined, id: string, input: DocFeedback): Promise<{ yes: number; no: number }> {
      await mustFind(db, id, readerOf(actor))
      return db.transaction().execute(async (trx) => {
        await trx
          .insertInto('doc_feedback')
          .values({
            id: uuidv7(),
            doc_id: id,
            helpful: input.helpful ? 1 : 0,
            comment: input.comment ?? null,
            user_id: actor ? actorId(actor) : null,
            created_at: now(),
          })
          .execute()
        await trx
          .updateTable('docs')
          .set((eb) =>
            input.helpful ? { helpful_yes: eb('helpful_yes', '+', 1) } : { helpful_no: eb('helpful_no', '+', 1) },
          )
          .where('id', '=', id)
          .execute()
        const row = await trx
          .selectFrom('docs')
          .select(['helpful_yes', 'helpful_no'])
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
        return { yes: row.helpful_yes, no: row.helpful_no }
      })
    },

    async kinds(): Promise<DocKind[]> {
      return (await repo.kinds(db)).map((k) => ({
        key: k.key,
        nameNl: k.name_nl,
        nameEn: k.name_en,
        position: k.position,
      }))
    },

    async createKind(actor: Actor, input: DocKindCreate): Promise<DocKind> {
      assertStaff(actor, ['admin'])
      const existing = await repo.kinds(db)
      const row = {
        key: input.key,
        name_nl: input.nameNl,
        name_en: input.nameEn,
        position: Math.max(0, ...existing.map((k) => k.position)) + 1,
        created_at: now(),
      }
      try {
        await db.transaction().execute(async (trx) => {
          await repo.insertKind(trx, row)
          await audit.record(trx, actor, { action: 'doc_kind.created', entityType: 'doc_kind', after: input })
        })
      } catch (err) {
        if (isUniqueViolation(err)) {
          throw conflict('kind_exists', `The kind ${input.key} exists`)
        }
        throw err
      }
      return { key: row.key, nameNl: row.name_nl, nameEn: row.name_en, position: row.position }
    },

    async products(): Promise<Product[]> {
      return (await repo.products(db)).map((p) => ({ id: p.id, name: p.name, vendor: p.vendor }))
    },

    async createProduct(actor: Actor, input: ProductCreate): Promise<Product> {
      assertStaff(actor, WRITERS)
      const at = now()
      const row = {
        id: uuidv7(),
        name: input.name,
        name_key: input.name.toLowerCase(),
        vendor: input.vendor ?? null,
        created_at: at,
        updated_at: at,
      }
      try {
        await db.transaction().execute(async (trx) => {
          await repo.insertProduct(trx, row)
          await audit.record(trx, actor, {
            action: 'product.created',
            entityType: 'product',
            entityId: row.id,
            after: input,
          })
        })
      } catch (err) {
        if (isUniqueViolation(err)) {
          throw conflict('product_exists', `There is a product named ${input.name}`)
        }
        throw err
      }
      return { id: row.id, name: row.name, vendor: row.vendor }
    },
  }
}

export type DocService = ReturnType<typeof createDocService>
