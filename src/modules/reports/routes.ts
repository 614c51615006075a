import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { slaReportCsv } from './sla-report.js'
import type { ReportService } from './service.js'
import { ReportQuery as Query, SlaReport } from './schema.js'

const tags = ['reports']

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
