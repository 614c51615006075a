import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { sendFile, uploadedFile, uploadScope } from '../../platform/http/files.js'
import {
  Article,
  ArticleCreate,
  ArticleList,
  Attachment,
  AttachmentList,
  AttachmentUpload,
  MergeRequest,
  SlaExplained,
  SplitRequest,
  Ticket,
  TicketCreate,
  TicketListQuery,
  TicketPage,
  TicketPatch,
  Timeline,
  TimeEntry,
  TimeEntryCreate,
  TimeEntryList,
  WatcherCreate,
  WatcherList,
} from './schema.js'
import type { TicketService } from './service.js'

const Params = z.object({ id: z.uuid() })
const tags = ['tickets']

// Types a browser may show inline; everything else is downloaded as bytes, whatever the uploader claimed.

export const ticketRoutes: FastifyPluginAsyncZod<{ tickets: TicketService; attachmentMaxBytes: number }> = async (
  app,
  { tickets, attachmentMaxBytes },
) => {
  app.get(
    '',
    {
      schema: {
        tags,
        summary: 'Tickets, newest first or nearest deadline first; a portal user sees only its own customer',
        querystring: TicketListQuery,
        response: { 200: TicketPage },
      },
    },
    async (req) => tickets.list(req.actorOrThrow(), req.query),
  )
  app.post(
    '',
    {
      schema: {
        tags,
        summary: 'Report a problem; priority and SLA deadlines follow from type, impact, urgency and severity',
        body: TicketCreate,
        response: { 201: Ticket },
      },
    },
    async (req, reply) => reply.code(201).send(await tickets.create(req.actorOrThrow(), req.body)),
  )
  app.get('/:id', { schema: { tags, params: Params, response: { 200: Ticket } } }, async (req) =>
    tickets.get(req.actorOrThrow(), req.params.id),
  )
  app.patch(
    '/:id',
    {
      schema: {
        tags,
        summary: 'Change status, assignment, classification; a portal user can only close',
        params: Params,
        body: TicketPatch,
        response: { 200: Ticket },
      },
    },
    async (req) => tickets.update(req.actorOrThrow(), req.params.id, req.body),
  )
  app.get(
    '/:id/articles',
    {
      schema: {
        tags,
        summary: 'The conversation (portal: public only)',
        params: Params,
        response: { 200: ArticleList },
      },
    },
    async (req) => ({ items: await tickets.listArticles(req.actorOrThrow(), req.params.id) }),
  )
  app.post(
    '/:id/articles',
    {
      schema: {
        tags,
        summary: 'A public reply, an internal note or the log of a phone call',
        params: Params,
        body: ArticleCreate,
        response: { 201: Article },
      },
    },
    async (req, reply) => reply.code(201).send(await tickets.addArticle(req.actorOrThrow(), req.params.id, req.body)),
  )
  app.get(
    '/:id/timeline',
    {
      schema: { tags, summary: 'Every change and SLA event, in order', params: Params, response: { 200: Timeline } },
    },
    async (req) => ({ items: await tickets.timeline(req.actorOrThrow(), req.params.id) }),
  )
  app.get(
    '/:id/sla',
    {
      schema: {
        tags,
        summary: 'The SLA clocks explained: which spans counted, which were paused or outside business hours',
        params: Params,
        response: { 200: SlaExplained },
      },
    },
    async (req) => tickets.explain(req.actorOrThrow(), req.params.id),
  )
  app.get(
    '/:id/time',
    {
      schema: { tags, summary: 'Time written on the ticket (staff)', params: Params, response: { 200: TimeEntryList } },
    },
    async (req) => tickets.listTime(req.actorOrThrow(), req.params.id),
  )
  app.post(
    '/:id/time',
    {
      schema: {
        tags,
        summary: 'Write time: billable, or covered by the SLA',
        params: Params,
        body: TimeEntryCreate,
        response: { 201: TimeEntry },
      },
    },
    async (req, reply) => reply.code(201).send(await tickets.addTime(req.actorOrThrow(), req.params.id, req.body)),
  )
  app.get('/:id/watchers', { schema: { tags, params: Params, response: { 200: WatcherList } } }, async (req) => ({
    items: await tickets.listWatchers(req.actorOrThrow(), req.params.id),
  }))
  app.post(
    '/:id/watchers',
    { schema: { tags, params: Params, body: WatcherCreate, response: { 200: WatcherList } } },
    async (req) => ({ items: await tickets.addWatcher(req.actorOrThrow(), req.params.id, req.body.email) }),
  )
  app.delete(
    '/:id/watchers/:email',
    {
      schema: { tags, params: z.object({ id: z.uuid(), email: z.email() }), response: { 200: WatcherList } },
    },
    async (req) => ({ items: await tickets.removeWatcher(req.actorOrThrow(), req.params.id, req.params.email) }),
  )
  app.post(
    '/:id/merge',
    {
      schema: {
        tags,
        summary: 'Close this ticket as a duplicate of another and copy its conversation there',
        params: Params,
        body: MergeRequest,
        response: { 200: Ticket },
      },
    },
    async (req) => tickets.merge(req.actorOrThrow(), req.params.id, req.body.intoId),
  )
  app.post(
    '/:id/split',
    {
      schema: {
        tags,
        summary: 'A new ticket from some of the articles of this one',
        params: Params,
        body: SplitRequest,
        response: { 201: Ticket },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await tickets.split(req.actorOrThrow(), req.params.id, req.body.articleIds, req.body.title)),
  )
  app.get('/:id/attachments', { schema: { tags, params: Params, response: { 200: AttachmentList } } }, async (req) => ({
    items: await tickets.listAttachments(req.actorOrThrow(), req.params.id),
  }))

  // Uploads are the raw bytes of one file (Content-Type as the browser knows it), not multipart.
  await uploadScope(app, attachmentMaxBytes, async (upload) => {
    upload.post(
      '/:id/attachments',
      {
        bodyLimit: attachmentMaxBytes,
        schema: {
          tags,
          summary: `Upload one file as the request body (?filename=…); at most ${attachmentMaxBytes} bytes`,
          params: Params,
          querystring: AttachmentUpload,
          response: { 201: Attachment },
        },
      },
      async (req, reply) => {
        const attachment = await tickets.addAttachment(req.actorOrThrow(), req.params.id, {
          filename: req.query.filename,
          ...uploadedFile(req),
          public: req.query.public,
        })
        return reply.code(201).send(attachment)
      },
    )
  })
}

export const attachmentRoutes: FastifyPluginAsyncZod<{ tickets: TicketService }> = async (app, { tickets }) => {
  app.get('/:id', { schema: { tags, summary: 'Download an attachment', params: Params } }, async (req, reply) => {
    const file = await tickets.readAttachment(req.actorOrThrow(), req.params.id)
    return sendFile(reply, { ...file, name: file.filename }, 'private, no-store')
  })
}
