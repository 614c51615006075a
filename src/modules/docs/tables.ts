// The documentation module's tables as Kysely sees them; src/db/types.ts joins them into DB.
import type { DocLanguage } from './text.js'

export type DocVisibility = 'public' | 'customers' | 'specific' | 'internal'
export type DocStatus = 'draft' | 'published'

export interface ProductsTable {
  id: string
  name: string
  /** The name trimmed and lower-case: one product per name. */
  name_key: string
  vendor: string | null
  created_at: number
  updated_at: number
}

export interface DocKindsTable {
  key: string
  name_nl: string
  name_en: string
  position: number
  created_at: number
}

export interface DocsTable {
  id: string
  /** The row id of the document in the SQLite full-text index. */
  search_id: number
  slug: string
  title: string
  /** Markdown, as written. */
  body: string
  /** The visible text of the rendered body: what search ranks and quotes. */
  body_text: string
  kind: string
  language: DocLanguage
  /** public: anyone; customers: every signed-in portal user; specific: the customers in doc_customers; internal: staff. */
  visibility: DocVisibility
  status: DocStatus
  product_id: string | null
  category: string | null
  /** JSON array of strings. */
  tags: string
  /** Documents of one group are translations of each other. */
  translation_group: string
  owner_id: string | null
  /** YYYY-MM-DD: when its owner last confirmed it is right, and when that is due again. */
  reviewed_on: string | null
  review_due: string | null
  /** The number of the latest revision. */
  revision: number
  helpful_yes: number
  helpful_no: number
  created_at: number
  updated_at: number
  published_at: number | null
}

export interface DocCustomersTable {
  doc_id: string
  customer_id: string
}

export interface DocRevisionsTable {
  id: string
  doc_id: string
  revision: number
  title: string
  body: string
  /** JSON: how the document was filed with this revision (kind, language, visibility, customers, status, …). */
  meta: string
  author_id: string | null
  author_name: string
  created_at: number
}

export interface DocAttachmentsTable {
  id: string
  doc_id: string
  name: string
  content_type: string
  size: number
  /** The blob holding the bytes. */
  sha256: string
  created_by: string | null
  created_at: number
}

export interface DocFeedbackTable {
  id: string
  doc_id: string
  helpful: number
  comment: string | null
  user_id: string | null
  created_at: number
}

export interface DocDeflectionsTable {
  id: string
  doc_id: string
  user_id: string
  customer_id: string
  query: string
  opened_at: number
  /** The ticket the user filed after opening the document; null: none (yet). */
  ticket_id: string | null
}

export interface TicketDocsTable {
  ticket_id: string
  doc_id: string
  linked_by: string | null
  created_at: number
}

export interface DocTermsTable {
  term: string
}

export interface DocTables {
  products: ProductsTable
  doc_kinds: DocKindsTable
  docs: DocsTable
  doc_customers: DocCustomersTable
  doc_revisions: DocRevisionsTable
  doc_attachments: DocAttachmentsTable
  doc_feedback: DocFeedbackTable
  doc_deflections: DocDeflectionsTable
  ticket_docs: TicketDocsTable
  doc_terms: DocTermsTable
}
