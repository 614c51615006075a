import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { OutboxMail, OutboxMailDetail, OutboxPage, OutboxQuery } from './schema.js'
import type { OutboxService } from './service.js'

const Params = z.object({ id: z.uuid() })

export const outboxRoutes: FastifyPluginAsyncZod<{ outbox: OutboxService }> = async (app, { outbox }) => {
  app.get(
    '',
    { schema: { tags: ['outbox'], summary: 'Outgoing mail', querystring: OutboxQuery, response: { 200: OutboxPage } } },
    async (req) => outbox.list(req.actorOrThrow(), req.query),
  )
  app.get('/:id', { schema: { tags: ['outbox'], params: Params, response: { 200: OutboxMailDetail } } }, async (req) =>
    outbox.get(req.actorOrThrow(), req.params.id),
  )
  app.post(
    '/:id/retry',
    { schema: { tags: ['outbox'], summary: 'Send again now', params: Params, response: { 200: OutboxMail } } },
    async (req) => outbox.retry(req.actorOrThrow(), req.params.id),
  )
}
