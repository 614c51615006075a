import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { assertStaff } from '../../platform/access.js'
import { badRequest } from '../../platform/errors.js'
import { InboundMailView, MailAssign, Received, TriageQuery } from './schema.js'
import type { MailInService } from './service.js'

const Params = z.object({ id: z.uuid() })
const tags = ['mail in']

export const mailRoutes: FastifyPluginAsyncZod<{ mailIn: MailInService; maxBytes: number }> = async (
  app,
  { mailIn, maxBytes },
) => {
  app.get(
    '',
    {
      schema: {
        tags,
        summary: 'Mails that reached sladesk; by default the triage queue (unknown senders, failures)',
        querystring: TriageQuery,
        response: { 200: z.object({ items: z.array(InboundMailView), nextCursor: z.string().nullable() }) },
      },
    },
    async (req) => mailIn.list(req.actorOrThrow(), req.query),
  )
  app.get('/:id', { schema: { tags, params: Params, response: { 200: InboundMailView } } }, async (req) =>
    mailIn.get(req.actorOrThrow(), req.params.id),
  )
  app.get(
    '/:id/raw',
    { schema: { tags, summary: 'The message exactly as it was received (.eml)', params: Params } },
    async (req, reply) => {
      const raw = await mailIn.raw(req.actorOrThrow(), req.params.id)
      return reply
        .type('message/rfc822')
        .header('content-disposition', `attachment; filename="${req.params.id}.eml"`)
        .send(raw)
    },
  )
  app.post(
    '/:id/assign',
    {
      schema: {
        tags,
        summary: 'Put a mail from the queue into a ticket, or open one for a customer',
        params: Params,
        body: MailAssign,
        response: { 200: InboundMailView },
      },
    },
    async (req) => mailIn.assign(req.actorOrThrow(), req.params.id, req.body),
  )
  app.post(
    '/:id/ignore',
    {
      schema: {
        tags,
        summary: 'Set a mail aside (it stays stored)',
        params: Params,
        response: { 200: InboundMailView },
      },
    },
    async (req) => mailIn.ignore(req.actorOrThrow(), req.params.id),
  )

  // A mail gateway (or a test) can hand over a raw RFC 822 message too, with a staff API token.
  await app.register(async (plugin) => {
    const raw = plugin.withTypeProvider<ZodTypeProvider>()
    raw.addContentTypeParser(
      ['message/rfc822', 'application/octet-stream'],
      { parseAs: 'buffer', bodyLimit: maxBytes },
      (_r, body, done) => done(null, body),
    )
    raw.post(
      '',
      {
        bodyLimit: maxBytes,
        schema: {
          tags,
          summary: 'Take in one raw message (Content-Type: message/rfc822), as the SMTP receiver would',
          response: { 202: Received },
        },
      },
      async (req, reply) => {
        assertStaff(req.actorOrThrow())
        if (!Buffer.isBuffer(req.body) || req.body.length === 0) {
          throw badRequest('empty_upload', 'Send the raw message as the request body')
        }
        return reply.code(202).send(await mailIn.receive(req.body, 'api', { remoteAddress: req.ip }))
      },
    )
  })
}
