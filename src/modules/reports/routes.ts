import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { slaReportCsv } from './sla-report.js'
import type { ReportService } from './service.js'

const tags = ['reports']

const Query = z.object({
  customerId: z.uuid().optional(),
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month such as 2026-11'),
})

const Clock = z.object({
  withTarget: z.number().int(),
  met: z.number().int(),
  breached: z.number().int(),
  pending: z.number().int(),
  inTimeShare: z.number().nullable(),
  medianSeconds: z.number().nullable(),
  p90Seconds: z.number().nullable(),
})
const Row = z.object({ priority: z.string(), tickets: z.number().int(), firstResponse: Clock, resolution: Clock })
const SlaReport = z.object({
  month: z.string(),
  customerId: z.string().nullable(),
  customerName: z.string().nullable(),
  from: z.number(),
  to: z.number(),
  generatedAt: z.number(),
  rows: z.array(Row),
  total: Row,
  breaches: z.array(
    z.object({
      ticketId: z.string(),
      number: z.string(),
      title: z.string(),
      priority: z.string(),
      clock: z.enum(['firstResponse', 'resolution']),
      dueAt: z.string().nullable(),
      metAt: z.string().nullable(),
    }),
  ),
})

export const reportRoutes: FastifyPluginAsyncZod<{ reports: ReportService }> = async (app, { reports }) => {
  app.get(
    '/sla',
    {
      schema: {
        tags,
        summary: 'Which promises were kept in a month: per priority, first responses and resolutions in time',
        querystring: Query,
        response: { 200: SlaReport },
      },
    },
    async (req) => reports.sla(req.actorOrThrow(), req.query),
  )
  app.get(
    '/sla.csv',
    { schema: { tags, summary: 'The same report as CSV', querystring: Query } },
    async (req, reply) => {
      const report = await reports.sla(req.actorOrThrow(), req.query)
      const name = `sla-${report.month}${report.customerName ? `-${report.customerName.replace(/[^\w-]+/g, '-')}` : ''}.csv`
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}"`)
        .send(slaReportCsv(report))
    },
  )
}
