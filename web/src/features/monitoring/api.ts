import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { z } from 'zod'
import {
  Alert,
  Board,
  CheckResult,
  IngestToken,
  IngestTokenCreated,
  JobHistory,
  MonitoringConfig,
  ReportDetail,
  ReportPage,
  UnparsedReportPage,
  Review,
  UpsPanel,
  type CheckInput,
  type MonitoringConfigPatch,
  type ReportKind,
  type ReportStatus,
  type ReviewInput,
} from '../../../../src/modules/monitoring/schema.ts'
import { ApiError, call, callNoContent } from '../../app/apiClient.ts'

const monitoringKey = ['monitoring'] as const

export interface BoardFilter {
  days: number
  problems: boolean
  mine: boolean
  /** The board's last day (YYYY-MM-DD); undefined: today. */
  until?: string
}

/** The morning board of every customer (staff), refreshed every minute while it is open. */
export function useBoard(filter: BoardFilter) {
  return useQuery({
    queryKey: [...monitoringKey, 'board', 'all', filter],
    queryFn: () =>
      call('GET', '/monitoring/board', Board, {
        query: {
          days: filter.days,
          problems: filter.problems ? 'true' : undefined,
          technicianId: filter.mine ? 'me' : undefined,
          until: filter.until,
        },
      }),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  })
}

/** One customer's board (staff and that customer's contacts). */
export function useCustomerBoard(customerId: string, filter: { days: number; until?: string }) {
  return useQuery({
    queryKey: [...monitoringKey, 'board', customerId, filter],
    queryFn: () =>
      call('GET', `/customers/${customerId}/monitoring/board`, Board, {
        query: { days: filter.days, until: filter.until },
      }),
    placeholderData: keepPreviousData,
    enabled: customerId !== '',
  })
}

/** Marks a customer's day as read; every board that shows it is refreshed. */
export function useReviewDay() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ customerId, ...input }: ReviewInput & { customerId: string }) =>
      call('POST', `/customers/${customerId}/monitoring/reviews`, Review, { body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [...monitoringKey, 'board'] }),
  })
}

/** Runs the daily check now (admins and technicians); the boards and alerts follow its decisions. */
export function useRunCheck() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: CheckInput) => call('POST', '/monitoring/check', CheckResult, { body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: monitoringKey }),
  })
}

/** The last state of every UPS (staff), or of one customer's; read again every 30 s. */
export function useUpsPanel(customerId?: string) {
  return useQuery({
    queryKey: [...monitoringKey, 'ups', customerId ?? 'all'],
    queryFn: () => call('GET', customerId ? `/customers/${customerId}/monitoring/ups` : '/monitoring/ups', UpsPanel),
    refetchInterval: 30_000,
    refetchIntervalInBackground: false,
  })
}

export function useJobHistory(customerId: string, job: string | null, days = 90) {
  return useQuery({
    queryKey: [...monitoringKey, 'history', customerId, job, days],
    queryFn: () =>
      call('GET', `/customers/${customerId}/monitoring/history`, JobHistory, { query: { job: job ?? '', days } }),
    enabled: job !== null && customerId !== '',
  })
}

const AlertList = z.object({ items: z.array(Alert) })

/** A customer's open monitoring problems, with the tickets they are tracked in. */
export function useOpenAlerts(customerId: string | null) {
  return useQuery({
    queryKey: [...monitoringKey, 'alerts', customerId],
    queryFn: () => call('GET', `/customers/${customerId}/monitoring/alerts`, AlertList, { query: { open: 'true' } }),
    enabled: customerId !== null && customerId !== '',
  })
}

const configKey = [...monitoringKey, 'config'] as const

export function useMonitoringConfig() {
  return useQuery({ queryKey: configKey, queryFn: () => call('GET', '/monitoring/config', MonitoringConfig) })
}

export function useUpdateMonitoringConfig() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (patch: MonitoringConfigPatch) =>
      call('PATCH', '/monitoring/config', MonitoringConfig, { body: patch }),
    onSuccess: (config) => {
      queryClient.setQueryData(configKey, config)
      // The check time moves every day's window.
      return queryClient.invalidateQueries({ queryKey: [...monitoringKey, 'board'] })
    },
  })
}

// Reports ---------------------------------------------------------------------------------------------------

export interface ReportFilter {
  kind?: ReportKind
  status?: ReportStatus
}

export function useReports(customerId: string, filter: ReportFilter) {
  return useInfiniteQuery({
    queryKey: [...monitoringKey, 'reports', customerId, filter],
    queryFn: ({ pageParam }) =>
      call('GET', `/customers/${customerId}/reports`, ReportPage, {
        query: { kind: filter.kind, status: filter.status, limit: 25, cursor: pageParam },
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
    enabled: customerId !== '',
  })
}

const unparsedKey = [...monitoringKey, 'unparsed'] as const

/** The reports of all customers that nothing understood, newest first: the queue a technician classifies. */
export function useUnparsedReports() {
  return useInfiniteQuery({
    queryKey: [...unparsedKey, 'list'],
    queryFn: ({ pageParam }) =>
      call('GET', '/monitoring/reports/unparsed', UnparsedReportPage, { query: { limit: 25, cursor: pageParam } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  })
}

/** How many reports wait to be classified (for the tab's badge); asked again every minute. */
export function useUnparsedCount() {
  return useQuery({
    queryKey: [...unparsedKey, 'count'],
    queryFn: async () =>
      (await call('GET', '/monitoring/reports/unparsed', UnparsedReportPage, { query: { limit: 1 } })).total,
    refetchInterval: 60_000,
  })
}

export function useReport(id: string | null) {
  return useQuery({
    queryKey: [...monitoringKey, 'report', id],
    queryFn: () => call('GET', `/reports/${id}`, ReportDetail),
    enabled: id !== null,
  })
}

export const rawReportUrl = (id: string) => `/api/reports/${id}/raw`

/** The report as received: its text, or `null` when it is not text (the server says application/octet-stream). */
async function fetchRawText(id: string): Promise<string | null> {
  let response: Response
  try {
    response = await fetch(rawReportUrl(id), { credentials: 'same-origin' })
  } catch (e) {
    throw new ApiError(0, 'network_error', e instanceof Error ? e.message : String(e))
  }
  if (!response.ok) {
    throw new ApiError(response.status, `http_${response.status}`, response.statusText)
  }
  return (response.headers.get('content-type') ?? '').startsWith('text/') ? response.text() : null
}

/** The raw report, fetched only when `enabled` (the section is opened): a report can be megabytes. */
export function useRawReport(id: string | null, enabled: boolean) {
  return useQuery({
    queryKey: [...monitoringKey, 'raw', id],
    queryFn: () => fetchRawText(id ?? ''),
    enabled: enabled && id !== null,
    staleTime: Infinity,
  })
}

/** Reads a stored report again, with the format a person chose (or detection again). */
export function useReparseReport() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ id, format }: { id: string; format?: string }) =>
      call('POST', `/reports/${id}/reparse`, ReportDetail, { body: format ? { format } : {} }),
    onSuccess: (report) => {
      queryClient.setQueryData([...monitoringKey, 'report', report.id], report)
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: [...monitoringKey, 'reports', report.customerId] }),
        queryClient.invalidateQueries({ queryKey: [...monitoringKey, 'board'] }),
        queryClient.invalidateQueries({ queryKey: unparsedKey }),
      ])
    },
  })
}

// Ingest tokens ---------------------------------------------------------------------------------------------

const TokenList = z.object({ items: z.array(IngestToken) })

export function useIngestTokens(customerId: string, enabled = true) {
  return useQuery({
    queryKey: [...monitoringKey, 'tokens', customerId],
    queryFn: () => call('GET', `/customers/${customerId}/ingest-tokens`, TokenList),
    enabled: enabled && customerId !== '',
  })
}

/** The answer carries the token itself, once: it is never stored in the query cache. */
export function useCreateIngestToken(customerId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (name: string) =>
      call('POST', `/customers/${customerId}/ingest-tokens`, IngestTokenCreated, { body: { name } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [...monitoringKey, 'tokens', customerId] }),
  })
}

export function useRevokeIngestToken(customerId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => callNoContent('DELETE', `/ingest-tokens/${id}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [...monitoringKey, 'tokens', customerId] }),
  })
}
