import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { type ReportClock, type ReportRow, SlaReport } from '../../../../src/modules/reports/schema.ts'
import { call, toQueryString } from '../../app/apiClient.ts'

export { SlaReport }
export type { ReportClock, ReportRow }

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
