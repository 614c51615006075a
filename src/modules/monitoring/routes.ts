import { create as contentDisposition } from 'content-disposition'
import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { assertStaff } from '../../platform/access.js'
import type { MonitoringCheck } from './check.js'
import type { UpsPoller } from './poller.js'
import {
  Alert,
  Board,
  BoardQuery,
  CheckInput,
  CheckResult,
  IngestQuery,
  IngestResult,
  IngestToken,
  IngestTokenCreate,
  IngestTokenCreated,
  type ReportKind,
  ReportDetail,
  ReportListQuery,
  ReportPage,
  ReparseInput,
  JobHistory,
  JobHistoryQuery,
  MonitoringConfig,
  MonitoringConfigPatch,
  Review,
  ReviewInput,
  UnparsedReportPage,
  UnparsedReportQuery,
  UpsPanel,
} from './schema.js'
import type { MonitoringService } from './service.js'

const Params = z.object({ id: z.uuid() })
const tags = ['monitoring']

/** Ingest tokens, the ingest API for backup and UPS reports, and reading the reports. Mounted at /api. */
export const monitoringRoutes: FastifyPluginAsyncZod<{
  monitoring: MonitoringService
  check: MonitoringCheck
  poller: UpsPoller
  ingestMaxBytes: number
}> = async (app, { monitoring, check, poller, ingestMaxBytes }) => {
  const CustomerBoardQuery = BoardQuery.pick({ days: true, until: true })
  app.get(
    '/monitoring/board',
    {
      schema: {
        tags,
        summary: 'The morning board: per customer and expected job, the status of each of the last days',
        querystring: BoardQuery,
        response: { 200: Board },
      },
    },
    async (req) => check.board(req.actorOrThrow(), req.query),
  )
  app.get(
    '/customers/:id/monitoring/board',
    {
      schema: {
        tags,
        summary: "One customer's board (its key contacts see it in the portal)",
        params: Params,
        querystring: CustomerBoardQuery,
        response: { 200: Board },
      },
    },
    async (req) => check.customerBoard(req.actorOrThrow(), req.params.id, { ...req.query, problems: 'false' }),
  )
  app.post(
    '/customers/:id/monitoring/reviews',
    {
      schema: {
        tags,
        summary: "Mark a customer's day as read (again: the latest reader counts)",
        params: Params,
        body: ReviewInput,
        response: { 200: Review },
      },
    },
    async (req) => check.review(req.actorOrThrow(), req.params.id, req.body),
  )
  app.get(
    '/monitoring/ups',
    { schema: { tags, summary: 'The latest state of every UPS', response: { 200: UpsPanel } } },
    async (req) => check.ups(req.actorOrThrow()),
  )
  app.post(
    '/monitoring/ups/poll',
    {
      schema: {
        tags,
        summary: 'Ask every configured NUT server for its UPS now',
        response: {
          200: z.object({ polled: z.number().int(), changed: z.number().int(), failed: z.number().int() }),
        },
      },
    },
    async (req) => {
      assertStaff(req.actorOrThrow(), ['admin', 'technician'])
      return poller.pollAll(0, true)
    },
  )
  app.get(
    '/customers/:id/monitoring/ups',
    {
      schema: {
        tags,
        summary: "The latest state of the customer's UPSes",
        params: Params,
        response: { 200: UpsPanel },
      },
    },
    async (req) => check.ups(req.actorOrThrow(), req.params.id),
  )
  app.get(
    '/customers/:id/monitoring/history',
    {
      schema: {
        tags,
        summary: "One job's runs over time: result, duration, size",
        params: Params,
        querystring: JobHistoryQuery,
        response: { 200: JobHistory },
      },
    },
    async (req) => check.history(req.actorOrThrow(), req.params.id, req.query.job, req.query.days),
  )
  app.get(
    '/customers/:id/monitoring/alerts',
    {
      schema: {
        tags,
        summary: "The customer's monitoring problems and their tickets, newest first",
        params: Params,
        querystring: z.object({ open: z.enum(['true', 'false']).default('true') }),
        response: { 200: z.object({ items: z.array(Alert) }) },
      },
    },
    async (req) => check.alerts(req.actorOrThrow(), req.params.id, req.query.open === 'true'),
  )
  app.post(
    '/monitoring/check',
    {
      schema: {
        tags,
        summary: 'Run the daily check now (for one closed day, or the recent ones)',
        body: CheckInput.nullish(),
        response: { 200: CheckResult },
      },
    },
    async (req) => check.run(req.actorOrThrow(), req.body?.day),
  )
  app.get(
    '/monitoring/config',
    {
      schema: {
        tags,
        summary: 'When the check runs and when problems become tickets',
        response: { 200: MonitoringConfig },
      },
    },
    async (req) => check.getConfig(req.actorOrThrow()),
  )
  app.patch(
    '/monitoring/config',
    {
      schema: {
        tags,
        summary: 'Change the monitoring settings',
        body: MonitoringConfigPatch,
        response: { 200: MonitoringConfig },
      },
    },
    async (req) => check.updateConfig(req.actorOrThrow(), req.body),
  )

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
    '/monitoring/reports/unparsed',
    {
      schema: {
        tags,
        summary: 'Staff: the reports of all customers that no parser understood, newest first (to classify)',
        querystring: UnparsedReportQuery,
        response: { 200: UnparsedReportPage },
      },
    },
    async (req) => monitoring.listUnparsed(req.actorOrThrow(), req.query),
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
        summary: 'Parse the stored report again (with the format named: how an unparsed report is classified)',
        params: Params,
        body: ReparseInput.nullish(),
        response: { 200: ReportDetail },
      },
    },
    async (req) => monitoring.reparse(req.actorOrThrow(), req.params.id, req.body?.format),
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
