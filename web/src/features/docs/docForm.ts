import type { z } from 'zod'
import type { DOC_STATUSES, DOC_VISIBILITIES, Doc, DocCreate, DocPatch } from '../../../../src/modules/docs/schema.ts'
import { formatDay, isoDay, parseDay } from '../audit/dayInput.ts'

export type DocVisibility = (typeof DOC_VISIBILITIES)[number]
export type DocStatus = (typeof DOC_STATUSES)[number]
export type DocLanguage = 'nl' | 'en'

/** The editor's fields as typed; days as `dd-mm-jjjj`, empty text for "none". */
export interface DocFormValues {
  title: string
  body: string
  kind: string
  language: DocLanguage
  visibility: DocVisibility
  customerIds: string[]
  status: DocStatus
  productId: string | null
  category: string
  tags: string[]
  ownerId: string | null
  reviewedOn: string
  reviewDue: string
  /** Only when writing a new document: the document it translates. */
  translationOf: string | null
  /** Empty on a new document: the server makes one of the title. */
  slug: string
}

export type DocFormErrorCode = 'required' | 'day' | 'slug' | 'customers'
export type DocFormErrors = Partial<Record<keyof DocFormValues, DocFormErrorCode>>

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/

export function newDocForm(language: DocLanguage): DocFormValues {
  return {
    title: '',
    body: '',
    kind: 'manual',
    language,
    // Nobody outside the desk reads a new document until someone chooses otherwise.
    visibility: 'internal',
    customerIds: [],
    status: 'draft',
    productId: null,
    category: '',
    tags: [],
    ownerId: null,
    reviewedOn: '',
    reviewDue: '',
    translationOf: null,
    slug: '',
  }
}

const dayText = (iso: string | null) => {
  const day = iso ? parseDay(iso) : null
  return day ? formatDay(day) : ''
}

/** An ISO day of what was typed; null for an empty field, undefined for one that is not a day. */
function isoOf(text: string): string | null | undefined {
  if (text.trim() === '') {
    return null
  }
  const day = parseDay(text)
  return day ? isoDay(day) : undefined
}

export function docToForm(doc: Doc): DocFormValues {
  return {
    title: doc.title,
    body: doc.body,
    kind: doc.kind,
    language: doc.language,
    visibility: doc.visibility,
    customerIds: [...doc.customerIds],
    status: doc.status,
    productId: doc.productId,
    category: doc.category ?? '',
    tags: [...doc.tags],
    ownerId: doc.ownerId,
    reviewedOn: dayText(doc.reviewedOn),
    reviewDue: dayText(doc.reviewDue),
    translationOf: null,
    slug: doc.slug,
  }
}

/** What the browser can tell before asking the server; the server checks the rest (taken slugs, known kinds). */
export function checkDocForm(v: DocFormValues, isNew: boolean): DocFormErrors {
  const errors: DocFormErrors = {}
  if (v.title.trim() === '') {
    errors.title = 'required'
  }
  if (v.kind === '') {
    errors.kind = 'required'
  }
  if (v.visibility === 'specific' && v.customerIds.length === 0) {
    errors.customerIds = 'customers'
  }
  const slug = v.slug.trim()
  if (slug === '' ? !isNew : !SLUG.test(slug) || slug.length > 100) {
    errors.slug = slug === '' ? 'required' : 'slug'
  }
  for (const key of ['reviewedOn', 'reviewDue'] as const) {
    if (isoOf(v[key]) === undefined) {
      errors[key] = 'day'
    }
  }
  return errors
}

const tagsOf = (tags: string[]) => [...new Set(tags.map((t) => t.trim()).filter((t) => t !== ''))]
/** The same items, in any order (customers and tags have no order that matters). */
function sameList(a: readonly string[], b: readonly string[]): boolean {
  const sortedB = [...b].sort()
  return a.length === b.length && [...a].sort().every((x, i) => x === sortedB[i])
}

/** The body of POST /api/docs; call after checkDocForm found nothing. */
export function formToCreate(v: DocFormValues): z.input<typeof DocCreate> {
  return {
    title: v.title.trim(),
    body: v.body,
    kind: v.kind,
    language: v.language,
    visibility: v.visibility,
    ...(v.visibility === 'specific' && { customerIds: v.customerIds }),
    status: v.status,
    ...(v.slug.trim() !== '' && { slug: v.slug.trim() }),
    productId: v.productId,
    category: v.category.trim() || null,
    tags: tagsOf(v.tags),
    translationOf: v.translationOf,
    ownerId: v.ownerId,
    reviewedOn: isoOf(v.reviewedOn) ?? null,
    // Left empty, the server sets it twelve months after the review.
    ...(isoOf(v.reviewDue) && { reviewDue: isoOf(v.reviewDue) }),
  }
}

/**
 * The body of PATCH /api/docs/:id: only what changed against the saved document, with the revision the editor
 * started from; null when nothing changed. A changed review day without a changed due day lets the server move
 * the due day to twelve months later.
 */
export function formToPatch(v: DocFormValues, doc: Doc): z.input<typeof DocPatch> | null {
  const patch: z.input<typeof DocPatch> = {}
  const title = v.title.trim()
  if (title !== doc.title) {
    patch.title = title
  }
  if (v.body !== doc.body) {
    patch.body = v.body
  }
  if (v.kind !== doc.kind) {
    patch.kind = v.kind
  }
  if (v.language !== doc.language) {
    patch.language = v.language
  }
  if (v.visibility !== doc.visibility) {
    patch.visibility = v.visibility
  }
  if (v.visibility === 'specific' && (doc.visibility !== 'specific' || !sameList(v.customerIds, doc.customerIds))) {
    patch.customerIds = v.customerIds
  }
  if (v.status !== doc.status) {
    patch.status = v.status
  }
  const slug = v.slug.trim()
  if (slug !== '' && slug !== doc.slug) {
    patch.slug = slug
  }
  if (v.productId !== doc.productId) {
    patch.productId = v.productId
  }
  const category = v.category.trim() || null
  if (category !== doc.category) {
    patch.category = category
  }
  const tags = tagsOf(v.tags)
  if (!sameList(tags, doc.tags)) {
    patch.tags = tags
  }
  if (v.ownerId !== doc.ownerId) {
    patch.ownerId = v.ownerId
  }
  const reviewedOn = isoOf(v.reviewedOn) ?? null
  if (reviewedOn !== doc.reviewedOn) {
    patch.reviewedOn = reviewedOn
  }
  const reviewDue = isoOf(v.reviewDue) ?? null
  if (reviewDue !== doc.reviewDue) {
    patch.reviewDue = reviewDue
  }
  return Object.keys(patch).length === 0 ? null : { ...patch, baseRevision: doc.revision }
}

/** Whether the form holds anything the saved document (or an empty new one) does not. */
export function isDocFormDirty(v: DocFormValues, saved: DocFormValues): boolean {
  return (Object.keys(v) as (keyof DocFormValues)[]).some((key) => {
    const a = v[key]
    const b = saved[key]
    return Array.isArray(a) && Array.isArray(b) ? !sameList(a, b) : a !== b
  })
}
