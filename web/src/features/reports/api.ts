import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { z } from 'zod'
import type { Breach, ClockFigures, PriorityRow } from '../../../../src/modules/reports/sla-report.ts'
import { call, toQueryString } from '../../app/apiClient.ts'

// The route declares this answer inline (src/modules/reports/routes.ts); it is repeated here to parse it, and
// checked against the report's own types so that the two cannot drift apart unnoticed.
const Clock = z.object({
  withTarget: z.number().int(),
  met: z.number().int(),
  breached: z.number().int(),
  pending: z.number().int(),
  inTimeShare: z.number().nullable(),
  medianSeconds: z.number().nullable(),
  p90Seconds: z.number().nullable(),
}) satisfies z.ZodType<ClockFigures>
const Row = z.object({
  priority: z.string(),
  tickets: z.number().int(),
  firstResponse: Clock,
  resolution: Clock,
}) satisfies z.ZodType<PriorityRow>
const ReportBreach = z.object({
  ticketId: z.string(),
  number: z.string(),
  title: z.string(),
  priority: z.string(),
  clock: z.enum(['firstResponse', 'resolution']),
  dueAt: z.string().nullable(),
  metAt: z.string().nullable(),
}) satisfies z.ZodType<Breach>

export const SlaReport = z.object({
  month: z.string(),
  customerId: z.string().nullable(),
  customerName: z.string().nullable(),
  from: z.number(),
  to: z.number(),
  generatedAt: z.number(),
  rows: z.array(Row),
  total: Row,
  breaches: z.array(ReportBreach),
})
export type SlaReport = z.infer<typeof SlaReport>
export type ReportClock = z.infer<typeof Clock>
export type ReportRow = z.infer<typeof Row>

export interface ReportQuery {
  /** `YYYY-MM` */
  month: string
  /** Staff: one customer, or all together when absent. A portal contact always gets its own. */
  customerId?: string
}

export function useSlaReport(query: ReportQuery) {
  return useQuery({
    queryKey: ['reports', 'sla', query],
    queryFn: () => call('GET', '/reports/sla', SlaReport, { query: { ...query } }),
    placeholderData: keepPreviousData,
  })
}

/** The same report as a CSV download; the session cookie goes along, as with any link on this site. */
export function slaReportCsvUrl(query: ReportQuery): string {
  return `/api/reports/sla.csv${toQueryString({ ...query })}`
}
