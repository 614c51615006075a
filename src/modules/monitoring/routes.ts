import { create as contentDisposition } from 'content-disposition'
import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  IngestQuery,
  IngestResult,
  IngestToken,
  IngestTokenCreate,
  IngestTokenCreated,
  type ReportKind,
  ReportDetail,
  ReportListQuery,
  ReportPage,
} from './schema.js'
import type { MonitoringService } from './service.js'

const Params = z.object({ id: z.uuid() })
const tags = ['monitoring']

/** Ingest tokens, the ingest API for backup and UPS reports, and reading the reports. Mounted at /api. */
export const monitoringRoutes: FastifyPluginAsyncZod<{
  monitoring: MonitoringService
  ingestMaxBytes: number
}> = async (app, { monitoring, ingestMaxBytes }) => {
  app.post(
    '/customers/:id/ingest-tokens',
    {
      schema: {
        tags,
        summary: 'A new ingest token for a log shipper of this customer; the token is shown in this answer only',
        params: Params,
        body: IngestTokenCreate,
        response: { 201: IngestTokenCreated },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await monitoring.createToken(req.actorOrThrow(), req.params.id, req.body)),
  )
  app.get(
    '/customers/:id/ingest-tokens',
    {
      schema: {
        tags,
        summary: "The customer's ingest tokens (without the tokens themselves), newest first",
        params: Params,
        response: { 200: z.object({ items: z.array(IngestToken) }) },
      },
    },
    async (req) => ({ items: await monitoring.listTokens(req.actorOrThrow(), req.params.id) }),
  )
  app.delete(
    '/ingest-tokens/:id',
    { schema: { tags, summary: 'Revoke an ingest token: it is refused from now on', params: Params } },
    async (req, reply) => {
      await monitoring.revokeToken(req.actorOrThrow(), req.params.id)
      return reply.code(204).send()
    },
  )

  app.get(
    '/customers/:id/reports',
    {
      schema: {
        tags,
        summary: "The customer's backup and UPS reports, newest first",
        params: Params,
        querystring: ReportListQuery,
        response: { 200: ReportPage },
      },
    },
    async (req) => monitoring.list(req.actorOrThrow(), req.params.id, req.query),
  )
  app.get(
    '/reports/:id',
    {
      schema: {
        tags,
        summary: 'A backup or UPS report with its events',
        params: Params,
        response: { 200: ReportDetail },
      },
    },
    async (req) => monitoring.get(req.actorOrThrow(), req.params.id),
  )
  app.get(
    '/reports/:id/raw',
    { schema: { tags, summary: 'The report exactly as it was received', params: Params } },
    async (req, reply) => {
      const file = await monitoring.raw(req.actorOrThrow(), req.params.id)
      return reply
        .header('content-type', file.text ? 'text/plain; charset=utf-8' : 'application/octet-stream')
        .header('content-disposition', contentDisposition(file.filename))
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cache-control', 'private, no-store')
        .send(file.content)
    },
  )
  app.post(
    '/reports/:id/reparse',
    {
      schema: {
        tags,
        summary: 'Parse the stored report again; its events are replaced',
        params: Params,
        response: { 200: ReportDetail },
      },
    },
    async (req) => monitoring.reparse(req.actorOrThrow(), req.params.id),
  )

  // The ingest API takes the report itself as the body, whatever its type (a JSON log is a file here, not a
  // request), up to its own limit, and authenticates with an ingest token rather than a user.
  await app.register(async (plugin) => {
    const ingest = plugin.withTypeProvider<ZodTypeProvider>()
    ingest.removeAllContentTypeParsers()
    ingest.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: ingestMaxBytes }, (_req, body, done) =>
      done(null, body),
    )
    for (const kind of ['backup', 'ups'] as const satisfies readonly ReportKind[]) {
      ingest.post(
        `/ingest/${kind}`,
        {
          bodyLimit: ingestMaxBytes,
          schema: {
            tags,
            summary: `Send one ${kind} report as the body (Authorization: Bearer <ingest token>; at most ${ingestMaxBytes} bytes). 202: stored and parsed; 200: these bytes were sent before (duplicate)`,
            querystring: IngestQuery,
            security: [{ bearer: [] }],
            response: { 200: IngestResult, 202: IngestResult },
          },
        },
        async (req, reply) => {
          const contentType = (req.headers['content-type'] ?? 'application/octet-stream').split(';')[0]!.trim()
          const out = await monitoring.ingest({
            authorization: req.headers.authorization,
            kind,
            body: Buffer.isBuffer(req.body) ? req.body : undefined,
            contentType: /^[\w.+-]+\/[\w.+-]+$/.test(contentType)
              ? contentType.toLowerCase()
              : 'application/octet-stream',
            query: req.query,
          })
          return reply.code(out.duplicate ? 200 : 202).send(out)
        },
      )
    }
  })
}
