import { create as contentDisposition } from 'content-disposition'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { sendFile, uploadedFile, uploadScope } from '../../platform/http/files.js'
import {
  AttachmentUploadQuery,
  Doc,
  DocAttachment,
  DocFeedback,
  DocCreate,
  DocDiff,
  DocDiffQuery,
  DocKind,
  DocKindCreate,
  DocListQuery,
  DocPage,
  DocPatch,
  DocRevision,
  DocRevisionDetail,
  DocOpened,
  DocPreview,
  DocPreviewInput,
  DocStats,
  DocStatsQuery,
  DocSummary,
  Product,
  TicketDoc,
  TicketDocLink,
  ProductCreate,
} from './schema.js'
import type { DocService } from './service.js'

const IdParams = z.object({ id: z.uuid() })
const SlugParams = z.object({ slug: z.string().min(1).max(120) })
const RevisionParams = z.object({ id: z.uuid(), n: z.coerce.number().int().min(1) })
const tags = ['docs']
// Documents the body for OpenAPI; a Buffer is sent as it is, never through the serializer.
const PdfFile = z
  .custom<Buffer>((v) => Buffer.isBuffer(v))
  .meta({ type: 'string', format: 'binary', description: 'A PDF document' })
const AttachmentParams = z.object({ id: z.uuid(), name: z.string().min(1).max(200) })

/**
 * The documentation portal's API. Reading needs no sign-in: who is signed in (if anyone) decides what is visible.
 * Writing is for staff.
 */
export const docRoutes: FastifyPluginAsyncZod<{ docs: DocService; attachmentMaxBytes: number }> = async (
  app,
  { docs, attachmentMaxBytes },
) => {
  app.get(
    '',
    {
      schema: {
        tags,
        summary:
          'Documents the caller may read (no sign-in: public ones): with `q` a full-text search, best first, with snippets',
        security: [],
        querystring: DocListQuery,
        response: { 200: DocPage },
      },
    },
    async (req) => docs.list(req.auth?.actor, req.query),
  )
  app.get(
    '/suggest',
    {
      schema: {
        tags,
        summary: 'Up to five published documents that may answer what is being typed (the ticket form)',
        security: [],
        querystring: z.object({ q: z.string().trim().max(200) }),
        response: { 200: z.object({ items: z.array(DocSummary) }) },
      },
    },
    async (req) => ({ items: await docs.suggest(req.auth?.actor, req.query.q) }),
  )
  app.get(
    '/review-due',
    {
      schema: {
        tags,
        summary: 'Published documents overdue for review (staff)',
        response: { 200: z.object({ items: z.array(DocSummary) }) },
      },
    },
    async (req) => ({ items: await docs.reviewDue(req.actorOrThrow()) }),
  )
  app.get(
    '/stats',
    {
      schema: {
        tags,
        summary: 'The documentation dashboard (staff): documents, overdue reviews, feedback, tickets deflected',
        querystring: DocStatsQuery,
        response: { 200: DocStats },
      },
    },
    async (req) => docs.stats(req.actorOrThrow(), req.query),
  )
  app.post(
    '/preview',
    {
      schema: {
        tags,
        summary: 'Render Markdown as a document would show it (admin, technician)',
        body: DocPreviewInput,
        response: { 200: DocPreview },
      },
    },
    async (req) => docs.preview(req.actorOrThrow(), req.body.body),
  )
  app.post(
    '/:id/opened',
    {
      schema: {
        tags,
        summary:
          'A portal user opened a suggested document while writing a ticket (counted as deflected unless a ticket follows within 30 minutes)',
        params: IdParams,
        body: DocOpened,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await docs.opened(req.actorOrThrow(), req.params.id, req.body)
      return reply.code(204).send(null)
    },
  )
  app.get(
    '/kinds',
    {
      schema: {
        tags,
        summary: 'Kinds of document',
        security: [],
        response: { 200: z.object({ items: z.array(DocKind) }) },
      },
    },
    async () => ({ items: await docs.kinds() }),
  )
  app.post(
    '/kinds',
    {
      schema: { tags, summary: 'Add a kind of document (admin)', body: DocKindCreate, response: { 201: DocKind } },
    },
    async (req, reply) => reply.code(201).send(await docs.createKind(req.actorOrThrow(), req.body)),
  )
  app.get(
    '/:slug',
    {
      schema: {
        tags,
        summary: 'A document by its slug, rendered, if the caller may read it (404 otherwise)',
        security: [],
        params: SlugParams,
        response: { 200: Doc },
      },
    },
    async (req) => docs.get(req.auth?.actor, req.params.slug),
  )
  app.get(
    '/:slug/pdf',
    {
      schema: {
        tags,
        summary: 'A document as a PDF, for whoever may read it',
        security: [],
        params: SlugParams,
        response: { 200: PdfFile },
      },
    },
    async (req, reply) => {
      const file = await docs.pdf(req.auth?.actor, req.params.slug)
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', contentDisposition(file.filename, { type: 'attachment' }))
        .header('cache-control', 'private, no-store')
        .send(file.content)
    },
  )
  app.get(
    '/by-id/:id',
    {
      schema: {
        tags,
        summary: 'A document by its id (its slug may change), if the caller may read it',
        params: IdParams,
        response: { 200: Doc },
      },
    },
    async (req) => docs.getById(req.actorOrThrow(), req.params.id),
  )
  app.post(
    '',
    {
      schema: {
        tags,
        summary: 'Write a document (admin, technician): the first revision',
        body: DocCreate,
        response: { 201: Doc },
      },
    },
    async (req, reply) => reply.code(201).send(await docs.create(req.actorOrThrow(), req.body)),
  )
  app.patch(
    '/:id',
    {
      schema: {
        tags,
        summary: 'Change a document (admin, technician): every save is a new revision',
        params: IdParams,
        body: DocPatch,
        response: { 200: Doc },
      },
    },
    async (req) => docs.update(req.actorOrThrow(), req.params.id, req.body),
  )
  app.get(
    '/:id/revisions',
    {
      schema: {
        tags,
        summary: 'The revisions of a document, newest first (staff)',
        params: IdParams,
        response: { 200: z.object({ items: z.array(DocRevision) }) },
      },
    },
    async (req) => ({ items: await docs.revisions(req.actorOrThrow(), req.params.id) }),
  )
  app.get(
    '/:id/revisions/:n',
    {
      schema: {
        tags,
        summary: 'One revision of a document (staff)',
        params: RevisionParams,
        response: { 200: DocRevisionDetail },
      },
    },
    async (req) => docs.revision(req.actorOrThrow(), req.params.id, req.params.n),
  )
  app.get(
    '/:id/diff',
    {
      schema: {
        tags,
        summary: 'What changed between two revisions, as a unified diff (staff)',
        params: IdParams,
        querystring: DocDiffQuery,
        response: { 200: DocDiff },
      },
    },
    async (req) => docs.diff(req.actorOrThrow(), req.params.id, req.query.from, req.query.to),
  )
  app.post(
    '/:id/feedback',
    {
      schema: {
        tags,
        summary: '"Was this helpful?" (anyone who may read the document)',
        security: [],
        params: IdParams,
        body: DocFeedback,
        response: { 200: z.object({ yes: z.number().int(), no: z.number().int() }) },
      },
    },
    async (req) => docs.feedback(req.auth?.actor, req.params.id, req.body),
  )
  app.get(
    '/:id/attachments/:name',
    {
      schema: {
        tags,
        summary: 'A file of a document, for whoever may read the document',
        security: [],
        params: AttachmentParams,
      },
    },
    async (req, reply) => {
      const file = await docs.readAttachment(req.auth?.actor, req.params.id, req.params.name)
      return sendFile(reply, file, 'private, max-age=300')
    },
  )
  await uploadScope(app, attachmentMaxBytes, async (upload) => {
    upload.post(
      '/:id/attachments',
      {
        bodyLimit: attachmentMaxBytes,
        schema: {
          tags,
          summary: `Add a file to a document as the request body (?filename=…; admin, technician); at most ${attachmentMaxBytes} bytes`,
          params: IdParams,
          querystring: AttachmentUploadQuery,
          response: { 201: DocAttachment },
        },
      },
      async (req, reply) => {
        const file = uploadedFile(req)
        const attachment = await docs.addAttachment(req.actorOrThrow(), req.params.id, {
          name: req.query.filename,
          ...file,
        })
        return reply.code(201).send(attachment)
      },
    )
  })
  app.post(
    '/:id/revisions/:n/restore',
    {
      schema: {
        tags,
        summary: 'Make an old revision current again, as a new revision (admin, technician)',
        params: RevisionParams,
        response: { 200: Doc },
      },
    },
    async (req) => docs.restore(req.actorOrThrow(), req.params.id, req.params.n),
  )
}

export const productRoutes: FastifyPluginAsyncZod<{ docs: DocService }> = async (app, { docs }) => {
  app.get(
    '',
    {
      schema: {
        tags: ['products'],
        summary: 'The products and software the MSP supports',
        security: [],
        response: { 200: z.object({ items: z.array(Product) }) },
      },
    },
    async () => ({ items: await docs.products() }),
  )
  app.post(
    '',
    {
      schema: {
        tags: ['products'],
        summary: 'Add a product (admin, technician)',
        body: ProductCreate,
        response: { 201: Product },
      },
    },
    async (req, reply) => reply.code(201).send(await docs.createProduct(req.actorOrThrow(), req.body)),
  )
}

/** Documents linked to a ticket: under /api/tickets/:id/docs. */
export const ticketDocRoutes: FastifyPluginAsyncZod<{ docs: DocService }> = async (app, { docs }) => {
  const TicketParams = z.object({ id: z.uuid() })
  app.get(
    '/:id/docs',
    {
      schema: {
        tags: ['tickets'],
        summary: 'Documents linked to the ticket that the caller may read',
        params: TicketParams,
        response: { 200: z.object({ items: z.array(TicketDoc) }) },
      },
    },
    async (req) => ({ items: await docs.ticketDocs(req.actorOrThrow(), req.params.id) }),
  )
  app.post(
    '/:id/docs',
    {
      schema: {
        tags: ['tickets'],
        summary: 'Link a document to the ticket (staff); again is no change',
        params: TicketParams,
        body: TicketDocLink,
        response: { 200: z.object({ items: z.array(TicketDoc) }) },
      },
    },
    async (req) => ({ items: await docs.linkTicket(req.actorOrThrow(), req.params.id, req.body.docId) }),
  )
  app.delete(
    '/:id/docs/:docId',
    {
      schema: {
        tags: ['tickets'],
        summary: 'Remove a document link from the ticket (staff)',
        params: z.object({ id: z.uuid(), docId: z.uuid() }),
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await docs.unlinkTicket(req.actorOrThrow(), req.params.id, req.params.docId)
      return reply.code(204).send(null)
    },
  )
}
