import { type Kysely, sql } from 'kysely'
import { dialectOf } from '../dialect.js'

// The documentation portal: documents with their revisions, who may read them, their attachments and feedback, and
// the full-text index they are found by (FTS5 on SQLite, a weighted tsvector on PostgreSQL).

// Migrations see the database as it was then, not as src/db/types.ts describes it now.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const dialect = await dialectOf(db)

  // The products and software the MSP supports: documents are filed under them (the software archive will be too).
  await db.schema
    .createTable('products')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('name_key', 'varchar(200)', (c) => c.notNull().unique())
    .addColumn('vendor', 'varchar(200)')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()

  // Kinds of document: manual, technical note and example to begin with; the MSP may add its own.
  await db.schema
    .createTable('doc_kinds')
    .addColumn('key', 'varchar(40)', (c) => c.primaryKey())
    .addColumn('name_nl', 'varchar(100)', (c) => c.notNull())
    .addColumn('name_en', 'varchar(100)', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()
  await db
    .insertInto('doc_kinds')
    .values([
      { key: 'manual', name_nl: 'Handleiding', name_en: 'Manual', position: 1, created_at: 0 },
      { key: 'technical-note', name_nl: 'Technische notitie', name_en: 'Technical note', position: 2, created_at: 0 },
      { key: 'example', name_nl: 'Voorbeeld', name_en: 'Example', position: 3, created_at: 0 },
    ])
    .execute()

  await db.schema
    .createTable('docs')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    // The full-text index's row id on SQLite (FTS5 rows are numbered).
    .addColumn('search_id', 'integer', (c) => c.notNull().unique())
    .addColumn('slug', 'varchar(120)', (c) => c.notNull().unique())
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    // The visible text of the rendered body: what search ranks and quotes.
    .addColumn('body_text', 'text', (c) => c.notNull())
    .addColumn('kind', 'varchar(40)', (c) => c.notNull().references('doc_kinds.key'))
    .addColumn('language', 'varchar(2)', (c) => c.notNull())
    .addColumn('visibility', 'varchar(10)', (c) => c.notNull())
    .addColumn('status', 'varchar(10)', (c) => c.notNull())
    .addColumn('product_id', 'varchar(36)', (c) => c.references('products.id'))
    .addColumn('category', 'varchar(100)')
    .addColumn('tags', 'text', (c) => c.notNull())
    // Documents with the same group are translations of each other.
    .addColumn('translation_group', 'varchar(36)', (c) => c.notNull())
    .addColumn('owner_id', 'varchar(36)')
    .addColumn('reviewed_on', 'varchar(10)')
    .addColumn('review_due', 'varchar(10)')
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('helpful_yes', 'integer', (c) => c.notNull())
    .addColumn('helpful_no', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('published_at', 'bigint')
    .execute()
  await db.schema.createIndex('docs_list').on('docs').columns(['status', 'visibility', 'updated_at', 'id']).execute()
  await db.schema.createIndex('docs_translations').on('docs').column('translation_group').execute()
  await db.schema.createIndex('docs_review').on('docs').columns(['status', 'review_due']).execute()

  // Documents for specific customers only (a runbook of one customer's network).
  await db.schema
    .createTable('doc_customers')
    .addColumn('doc_id', 'varchar(36)', (c) => c.notNull().references('docs.id'))
    .addColumn('customer_id', 'varchar(36)', (c) => c.notNull().references('customers.id'))
    .addPrimaryKeyConstraint('doc_customers_pk', ['doc_id', 'customer_id'])
    .execute()
  await db.schema.createIndex('doc_customers_customer').on('doc_customers').columns(['customer_id', 'doc_id']).execute()

  // Every save is a revision: what the document said and how it was filed then, by whom and when.
  await db.schema
    .createTable('doc_revisions')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('doc_id', 'varchar(36)', (c) => c.notNull().references('docs.id'))
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('meta', 'text', (c) => c.notNull())
    .addColumn('author_id', 'varchar(36)')
    .addColumn('author_name', 'varchar(200)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('doc_revisions_number', ['doc_id', 'revision'])
    .execute()

  await db.schema
    .createTable('doc_attachments')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('doc_id', 'varchar(36)', (c) => c.notNull().references('docs.id'))
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('content_type', 'varchar(200)', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('sha256', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_by', 'varchar(36)')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('doc_attachments_name', ['doc_id', 'name'])
    .execute()

  // "Was this helpful?": one row per answer; the counts on docs are what lists show.
  await db.schema
    .createTable('doc_feedback')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('doc_id', 'varchar(36)', (c) => c.notNull().references('docs.id'))
    .addColumn('helpful', 'integer', (c) => c.notNull())
    .addColumn('comment', 'text')
    .addColumn('user_id', 'varchar(36)')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('doc_feedback_doc').on('doc_feedback').columns(['doc_id', 'created_at']).execute()

  // A suggested document a portal user opened while writing a ticket; `ticket_id` once that user filed one after all.
  await db.schema
    .createTable('doc_deflections')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('doc_id', 'varchar(36)', (c) => c.notNull().references('docs.id'))
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('customer_id', 'varchar(36)', (c) => c.notNull().references('customers.id'))
    .addColumn('query', 'varchar(200)', (c) => c.notNull())
    .addColumn('opened_at', 'bigint', (c) => c.notNull())
    .addColumn('ticket_id', 'varchar(36)')
    .execute()
  await db.schema.createIndex('doc_deflections_user').on('doc_deflections').columns(['user_id', 'opened_at']).execute()
  await db.schema.createIndex('doc_deflections_at').on('doc_deflections').column('opened_at').execute()

  await db.schema
    .createTable('ticket_docs')
    .addColumn('ticket_id', 'varchar(36)', (c) => c.notNull().references('tickets.id'))
    .addColumn('doc_id', 'varchar(36)', (c) => c.notNull().references('docs.id'))
    .addColumn('linked_by', 'varchar(36)')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('ticket_docs_pk', ['ticket_id', 'doc_id'])
    .execute()
  await db.schema.createIndex('ticket_docs_doc').on('ticket_docs').column('doc_id').execute()

  // The words the index knows, stemmed: a query word found nowhere is matched against them for a one-letter typo.
  await db.schema
    .createTable('doc_terms')
    .addColumn('term', 'varchar(100)', (c) => c.primaryKey())
    .execute()

  if (dialect === 'postgres') {
    // Dutch or English stemming by the document's language; the title weighs more than the body.
    await sql`alter table docs add column search_vector tsvector generated always as (
      setweight(to_tsvector(case language when 'nl' then 'dutch'::regconfig else 'english'::regconfig end,
        coalesce(title, '')), 'A') ||
      setweight(to_tsvector(case language when 'nl' then 'dutch'::regconfig else 'english'::regconfig end,
        coalesce(body_text, '')), 'B')) stored`.execute(db)
    await sql`create index docs_search on docs using gin (search_vector)`.execute(db)
    // The title alone: a search lists the documents with every word in the title first, found by this index.
    await sql`alter table docs add column title_vector tsvector generated always as (
      to_tsvector(case language when 'nl' then 'dutch'::regconfig else 'english'::regconfig end, coalesce(title, '')))
      stored`.execute(db)
    await sql`create index docs_search_title on docs using gin (title_vector)`.execute(db)
    // Trigrams find a word with a typo; the extension ships with PostgreSQL but creating it may need rights the
    // database user lacks: then typos are matched the way SQLite does it (edit distance over doc_terms).
    try {
      await sql`savepoint trgm`.execute(db)
      await sql`create extension if not exists pg_trgm`.execute(db)
      await sql`create index doc_terms_trgm on doc_terms using gin (term gin_trgm_ops)`.execute(db)
      await sql`release savepoint trgm`.execute(db)
    } catch {
      await sql`rollback to savepoint trgm`.execute(db)
    }
  } else {
    // Stemmed words (the service stems them, Dutch or English by the document's language): FTS5 itself only knows
    // the Porter stemmer for English. Contentless: the words are only searched, never shown.
    await sql`create virtual table docs_fts using fts5(title, body, content='', contentless_delete=1,
      tokenize='unicode61 remove_diacritics 2')`.execute(db)
    // What a search filters on, beside the row id the index gives: ranking the hits reads no document row.
    await sql`create index docs_search_filter on docs (search_id, status, visibility, language, kind, product_id,
      category, id)`.execute(db)
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  if ((await dialectOf(db)) === 'sqlite') {
    await sql`drop table if exists docs_fts`.execute(db)
  }
  for (const table of [
    'doc_terms',
    'ticket_docs',
    'doc_deflections',
    'doc_feedback',
    'doc_attachments',
    'doc_revisions',
    'doc_customers',
    'docs',
    'doc_kinds',
    'products',
  ]) {
    await db.schema.dropTable(table).execute()
  }
}
