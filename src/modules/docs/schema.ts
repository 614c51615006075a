// The documentation portal's shapes as the API speaks them, shared with the web app (zod only).
import { z } from 'zod'

export const DOC_VISIBILITIES = ['public', 'customers', 'specific', 'internal'] as const
export const DOC_STATUSES = ['draft', 'published'] as const
/** Paths under /api/docs and /docs that are not documents: no document may take them as its slug. */
export const RESERVED_SLUGS = ['suggest', 'stats', 'review-due', 'kinds', 'preview', 'search', 'assets'] as const

const Language = z.enum(['nl', 'en'])
const Visibility = z.enum(DOC_VISIBILITIES)
const Status = z.enum(DOC_STATUSES)
const Day = z.iso.date()
const KindKey = z
  .string()
  .trim()
  .min(2)
  .max(40)
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'lower-case letters, digits and dashes')
const Slug = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'lower-case letters, digits and dashes')
  .refine((s) => !(RESERVED_SLUGS as readonly string[]).includes(s), 'this name is reserved')
const Tag = z.string().trim().min(1).max(40)

export const Product = z.object({
  id: z.uuid(),
  name: z.string(),
  vendor: z.string().nullable(),
})
export type Product = z.infer<typeof Product>
export const ProductCreate = z.object({
  name: z.string().trim().min(1).max(200),
  vendor: z.string().trim().max(200).nullish(),
})
export type ProductCreate = z.infer<typeof ProductCreate>

export const DocKind = z.object({ key: z.string(), nameNl: z.string(), nameEn: z.string(), position: z.number() })
export type DocKind = z.infer<typeof DocKind>
export const DocKindCreate = z.object({
  key: KindKey,
  nameNl: z.string().trim().min(1).max(100),
  nameEn: z.string().trim().min(1).max(100),
})
export type DocKindCreate = z.infer<typeof DocKindCreate>

export const DocCreate = z
  .object({
    title: z.string().trim().min(1).max(200),
    /** Markdown. */
    body: z.string().max(500_000),
    kind: KindKey,
    language: Language,
    visibility: Visibility,
    /** With visibility "specific": the customers that may read it. */
    customerIds: z.array(z.uuid()).max(1_000).nullish(),
    status: Status.default('draft'),
    slug: Slug.nullish(),
    productId: z.uuid().nullish(),
    category: z.string().trim().min(1).max(100).nullish(),
    tags: z.array(Tag).max(30).nullish(),
    /** A document this one translates: both become one group. */
    translationOf: z.uuid().nullish(),
    ownerId: z.uuid().nullish(),
    reviewedOn: Day.nullish(),
    reviewDue: Day.nullish(),
  })
  .refine((d) => d.visibility !== 'specific' || (d.customerIds?.length ?? 0) > 0, {
    message: 'name at least one customer for visibility "specific"',
    path: ['customerIds'],
  })
export type DocCreate = z.infer<typeof DocCreate>

export const DocPatch = z
  .object({
    title: z.string().trim().min(1).max(200),
    body: z.string().max(500_000),
    kind: KindKey,
    language: Language,
    visibility: Visibility,
    customerIds: z.array(z.uuid()).max(1_000),
    status: Status,
    slug: Slug,
    productId: z.uuid().nullable(),
    category: z.string().trim().min(1).max(100).nullable(),
    tags: z.array(Tag).max(30),
    ownerId: z.uuid().nullable(),
    reviewedOn: Day.nullable(),
    reviewDue: Day.nullable(),
    /** The revision the editor started from: a save over someone else's newer one is refused (409). */
    baseRevision: z.number().int().min(1),
  })
  .partial()
  .refine((v) => Object.keys(v).some((k) => k !== 'baseRevision'), 'at least one field')
export type DocPatch = z.infer<typeof DocPatch>

export const DocSummary = z.object({
  id: z.uuid(),
  slug: z.string(),
  title: z.string(),
  kind: z.string(),
  language: Language,
  visibility: Visibility,
  status: Status,
  productId: z.string().nullable(),
  productName: z.string().nullable(),
  category: z.string().nullable(),
  tags: z.array(z.string()),
  updatedAt: z.number().int(),
  publishedAt: z.number().int().nullable(),
  reviewDue: z.string().nullable(),
  /** Search only: a piece of the text around the words found, HTML-escaped, the words in <mark>. */
  snippet: z.string().optional(),
})
export type DocSummary = z.infer<typeof DocSummary>

export const DocPage = z.object({ items: z.array(DocSummary), nextCursor: z.string().nullable() })
export type DocPage = z.infer<typeof DocPage>

export const DocListQuery = z.object({
  q: z.string().trim().max(200).optional(),
  productId: z.uuid().optional(),
  kind: KindKey.optional(),
  language: Language.optional(),
  tag: Tag.optional(),
  category: z.string().trim().max(100).optional(),
  /** Staff only; others see published documents. */
  status: Status.optional(),
  /** Staff only: what a portal user of this customer may read (to link documents in a reply to that customer). */
  readableBy: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(500).optional(),
})
export type DocListQuery = z.infer<typeof DocListQuery>

export const TocEntry = z.object({ level: z.union([z.literal(2), z.literal(3)]), id: z.string(), text: z.string() })

export const DocAttachment = z.object({
  id: z.uuid(),
  name: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  createdAt: z.number().int(),
})
export type DocAttachment = z.infer<typeof DocAttachment>

export const Doc = DocSummary.extend({
  body: z.string(),
  /** The body rendered and sanitised. */
  html: z.string(),
  toc: z.array(TocEntry),
  /** Staff only (an empty list for others). */
  customerIds: z.array(z.string()),
  translations: z.array(z.object({ id: z.string(), slug: z.string(), language: Language, title: z.string() })),
  revision: z.number().int(),
  ownerId: z.string().nullable(),
  reviewedOn: z.string().nullable(),
  attachments: z.array(DocAttachment),
  helpful: z.object({ yes: z.number().int(), no: z.number().int() }),
  createdAt: z.number().int(),
})
export type Doc = z.infer<typeof Doc>

export const DocFeedback = z.object({
  helpful: z.boolean(),
  comment: z.string().trim().max(2_000).nullish(),
})
export type DocFeedback = z.infer<typeof DocFeedback>

export const AttachmentUploadQuery = z.object({ filename: z.string().trim().min(1).max(200) })

export const DocRevision = z.object({
  revision: z.number().int(),
  title: z.string(),
  authorName: z.string(),
  createdAt: z.number().int(),
})
export type DocRevision = z.infer<typeof DocRevision>
export const DocRevisionDetail = DocRevision.extend({ body: z.string(), meta: z.record(z.string(), z.unknown()) })
export type DocRevisionDetail = z.infer<typeof DocRevisionDetail>

export const DocDiffQuery = z.object({
  from: z.coerce.number().int().min(1),
  to: z.coerce.number().int().min(1),
})
export const DocDiff = z.object({
  from: z.number().int(),
  to: z.number().int(),
  /** A unified diff of the Markdown (title as its first line). */
  patch: z.string(),
  added: z.number().int(),
  removed: z.number().int(),
})
export type DocDiff = z.infer<typeof DocDiff>

export const DocPreviewInput = z.object({ body: z.string().max(500_000) })
export const DocPreview = z.object({ html: z.string(), toc: z.array(TocEntry) })
export type DocPreview = z.infer<typeof DocPreview>

/** A suggested document a portal user opened while writing a ticket. */
export const DocOpened = z.object({ query: z.string().trim().min(1).max(200) })
export type DocOpened = z.infer<typeof DocOpened>

export const DocStatsQuery = z.object({
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
})
export type DocStatsQuery = z.infer<typeof DocStatsQuery>

export const DocStats = z.object({
  from: z.string(),
  to: z.string(),
  documents: z.object({
    published: z.number().int(),
    drafts: z.number().int(),
    byVisibility: z.record(z.string(), z.number().int()),
  }),
  reviewOverdue: z.number().int(),
  feedback: z.object({ yes: z.number().int(), no: z.number().int() }),
  /**
   * Suggestions a portal user opened while writing a ticket: `deflected` when that user filed no ticket within
   * 30 minutes after, `filed` when it did, `pending` while the 30 minutes are not over.
   */
  suggestions: z.object({
    opened: z.number().int(),
    deflected: z.number().int(),
    filed: z.number().int(),
    pending: z.number().int(),
  }),
  topDeflecting: z.array(
    z.object({ id: z.string(), slug: z.string(), title: z.string(), deflected: z.number().int() }),
  ),
})
export type DocStats = z.infer<typeof DocStats>

export const TicketDoc = z.object({
  docId: z.string(),
  slug: z.string(),
  title: z.string(),
  kind: z.string(),
  linkedAt: z.number().int(),
})
export type TicketDoc = z.infer<typeof TicketDoc>
export const TicketDocLink = z.object({ docId: z.uuid() })
