import { z } from 'zod'

// Shared with the web app: zod only.

export const REPORT_KINDS = ['backup', 'ups'] as const
export const ReportKind = z.enum(REPORT_KINDS)
export type ReportKind = z.infer<typeof ReportKind>

export const REPORT_STATUSES = ['stored', 'parsed', 'unparsed'] as const
export const ReportStatus = z.enum(REPORT_STATUSES)
export type ReportStatus = z.infer<typeof ReportStatus>

export const IngestTokenCreate = z.object({ name: z.string().trim().min(1).max(200) })
export type IngestTokenCreate = z.infer<typeof IngestTokenCreate>

export const IngestToken = z.object({
  id: z.uuid(),
  customerId: z.uuid(),
  name: z.string(),
  /** The first characters of the token, to tell tokens apart. */
  prefix: z.string(),
  createdAt: z.number().int(),
  lastUsedAt: z.number().int().nullable(),
  revokedAt: z.number().int().nullable(),
})
export type IngestToken = z.infer<typeof IngestToken>

/** Only the answer to its creation carries the token itself. */
export const IngestTokenCreated = z.object({
  id: z.uuid(),
  customerId: z.uuid(),
  name: z.string(),
  token: z.string(),
  createdAt: z.number().int(),
})
export type IngestTokenCreated = z.infer<typeof IngestTokenCreated>

export const IngestQuery = z.object({
  /** A parser's format ('restic', 'borg', 'veeam', 'nut' …); checked against the known formats by the service. */
  format: z.string().trim().min(1).max(40).optional(),
  exitCode: z.coerce.number().int().min(-2_147_483_648).max(2_147_483_647).optional(),
  /** The job key (backup) or UPS name: replaces what the report says, for reports that do not name their job. */
  job: z.string().trim().min(1).max(200).optional(),
  host: z.string().trim().min(1).max(255).optional(),
  /** When given, must be the token's own customer. */
  customerId: z.uuid().optional(),
})
export type IngestQuery = z.infer<typeof IngestQuery>

export const ReportEvent = z.object({
  id: z.uuid(),
  kind: ReportKind,
  /** The backup job key or the UPS name. */
  job: z.string().nullable(),
  host: z.string().nullable(),
  /** success | warning | failed (backup), or the UPS state. */
  result: z.string(),
  /** Epoch ms: the run's end or the UPS event's moment (the report's receipt when it does not say: atAssumed). */
  at: z.number().int(),
  startedAt: z.number().int().nullable(),
  bytes: z.number().int().nullable(),
  files: z.number().int().nullable(),
  details: z.record(z.string(), z.unknown()),
})
export type ReportEvent = z.infer<typeof ReportEvent>

export const Report = z.object({
  id: z.uuid(),
  customerId: z.uuid(),
  kind: ReportKind,
  source: z.literal('api'),
  sha256: z.string(),
  size: z.number().int(),
  contentType: z.string(),
  formatRequested: z.string().nullable(),
  format: z.string().nullable(),
  status: ReportStatus,
  reason: z.string().nullable(),
  fromFuture: z.boolean(),
  exitCode: z.number().int().nullable(),
  jobHint: z.string().nullable(),
  host: z.string().nullable(),
  receivedAt: z.number().int(),
  parsedAt: z.number().int().nullable(),
})
export type Report = z.infer<typeof Report>

export const ReportDetail = Report.extend({ events: z.array(ReportEvent) })
export type ReportDetail = z.infer<typeof ReportDetail>

/** What the ingest API answers: 202 for a new report, 200 with duplicate=true for bytes it already had. */
export const IngestResult = z.object({
  id: z.uuid(),
  status: ReportStatus,
  format: z.string().nullable(),
  duplicate: z.boolean(),
  fromFuture: z.boolean(),
  events: z.array(ReportEvent),
  reason: z.string().optional(),
})
export type IngestResult = z.infer<typeof IngestResult>

export const ReportListQuery = z.object({
  kind: ReportKind.optional(),
  status: ReportStatus.optional(),
  /** Reports with an event of this job key or UPS name. */
  job: z.string().trim().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
})
export type ReportListQuery = z.infer<typeof ReportListQuery>

export const ReportPage = z.object({ items: z.array(Report), nextCursor: z.string().nullable() })
export type ReportPage = z.infer<typeof ReportPage>
