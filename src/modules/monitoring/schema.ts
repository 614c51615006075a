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
  source: z.enum(['api', 'mail', 'cli', 'nut']),
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

export const ReparseInput = z.object({ format: z.string().trim().min(1).max(80).optional() })
export type ReparseInput = z.infer<typeof ReparseInput>

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

/** The reports nothing understood, of all customers: the queue of reports a person has to classify. */
export const UnparsedReportQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
})
export type UnparsedReportQuery = z.infer<typeof UnparsedReportQuery>

export const UnparsedReport = Report.extend({ customerName: z.string() })
export type UnparsedReport = z.infer<typeof UnparsedReport>

export const UnparsedReportPage = z.object({
  items: z.array(UnparsedReport),
  nextCursor: z.string().nullable(),
  /** How many there are in all. */
  total: z.number().int(),
})
export type UnparsedReportPage = z.infer<typeof UnparsedReportPage>

// The daily check, the board and the reviews -----------------------------------------------------------------

const Level = z.enum(['high', 'normal', 'low'])
const Day = z.iso.date()

export const MonitoringConfig = z.object({
  /** The morning check, HH:MM in the MSP's time zone: a day's window closes then (plus a job's grace). */
  checkTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time HH:MM'),
  /** A success after a failure (or mains power after a power problem) resolves the ticket, not only notes it. */
  resolveOnSuccess: z.boolean(),
  missingLongAfterDays: z.number().int().min(1).max(30),
  warningRepeatDays: z.number().int().min(1).max(30),
  upsOnBatteryMinutes: z.number().int().min(0).max(1440),
  upsCommLostMinutes: z.number().int().min(0).max(1440),
  /** How often NUT servers are polled. */
  upsPollSeconds: z.number().int().min(10).max(3600),
  levels: z.object({
    backupFailed: Level,
    backupMissing: Level,
    backupMissingLong: Level,
    backupWarnings: Level,
    upsOnBattery: Level,
    upsOnBatteryServer: Level,
    upsLowBattery: Level,
    upsReplaceBattery: Level,
    upsCommLost: Level,
    upsOverload: Level,
  }),
})
export type MonitoringConfig = z.infer<typeof MonitoringConfig>

export const MonitoringConfigPatch = MonitoringConfig.extend({ levels: MonitoringConfig.shape.levels.partial() })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'at least one field')
export type MonitoringConfigPatch = z.infer<typeof MonitoringConfigPatch>

export const CELL_STATUSES = ['ok', 'warning', 'failed', 'missing', 'pending', 'none'] as const
export const CellStatus = z.enum(CELL_STATUSES)

export const BoardCell = z.object({
  day: Day,
  status: CellStatus,
  /** Whether the day's window (with its grace) has closed: the status is final once the check stores it. */
  closed: z.boolean(),
  /** Whether the check decided the day (stored); a closed day waits for the next check until then. */
  decided: z.boolean(),
  runs: z.number().int(),
  /** The run that decided the day (or the latest so far), with its report. */
  eventId: z.string().nullable(),
  reportId: z.string().nullable(),
  at: z.number().int().nullable(),
})
export type BoardCell = z.infer<typeof BoardCell>

export const BoardJob = z.object({
  /** The job's name as expected (or as reported, for a job no asset expects). */
  job: z.string(),
  jobKey: z.string(),
  assetId: z.string().nullable(),
  assetName: z.string().nullable(),
  schedule: z.enum(['daily', 'weekly']).nullable(),
  /** False: reports of this job came, but no backup system expects it. */
  expected: z.boolean(),
  cells: z.array(BoardCell),
})
export type BoardJob = z.infer<typeof BoardJob>

export const Review = z.object({
  customerId: z.uuid(),
  day: Day,
  reviewedBy: z.string(),
  reviewerName: z.string(),
  reviewedAt: z.number().int(),
  remarks: z.string().nullable(),
})
export type Review = z.infer<typeof Review>

export const BoardCustomer = z.object({
  id: z.uuid(),
  name: z.string(),
  jobs: z.array(BoardJob),
  /** Per day of the board: the review, or null when nobody read that day yet. */
  reviews: z.array(Review.nullable()),
  /** Open monitoring tickets of this customer. */
  openAlerts: z.number().int(),
})
export type BoardCustomer = z.infer<typeof BoardCustomer>

export const Board = z.object({
  /** The days of the board, oldest first; the last is today's (still open) window. */
  days: z.array(Day),
  customers: z.array(BoardCustomer),
})
export type Board = z.infer<typeof Board>

export const BoardQuery = z.object({
  days: z.coerce.number().int().min(1).max(60).default(14),
  /** Only customers with a failed, missing or warning day, or an unreviewed day, in the range. */
  problems: z.enum(['true', 'false']).default('false'),
  /** Only customers whose technician is this staff member ("me" for oneself). */
  technicianId: z.union([z.uuid(), z.literal('me')]).optional(),
  /** The board's last day (YYYY-MM-DD); default: today in the MSP's time zone. */
  until: Day.optional(),
})
export type BoardQuery = z.infer<typeof BoardQuery>

export const ReviewInput = z.object({
  day: Day,
  remarks: z.string().trim().max(5000).nullable().optional(),
})
export type ReviewInput = z.infer<typeof ReviewInput>

export const CheckInput = z.object({
  /** Decide this day (YYYY-MM-DD) again; default: every day whose window closed in the last two days. */
  day: Day.optional(),
})
export type CheckInput = z.infer<typeof CheckInput>

export const CheckResult = z.object({
  days: z.array(Day),
  decided: z.number().int(),
  /** The decisions that were new or differed from the stored ones (the others are left as they are). */
  changed: z.number().int(),
  problems: z.number().int(),
  ticketsOpened: z.number().int(),
  ticketsUpdated: z.number().int(),
  ms: z.number(),
})
export type CheckResult = z.infer<typeof CheckResult>

export const UpsPanelItem = z.object({
  customerId: z.uuid(),
  customerName: z.string(),
  assetId: z.string().nullable(),
  assetName: z.string().nullable(),
  ups: z.string(),
  state: z.string(),
  since: z.number().int(),
  lastSeenAt: z.number().int(),
  charge: z.number().nullable(),
  runtimeSeconds: z.number().int().nullable(),
  loadPercent: z.number().nullable(),
  inputVoltage: z.number().nullable(),
  message: z.string().nullable(),
  source: z.enum(['report', 'poll']),
  batteryInstalledOn: z.string().nullable(),
  /** Whether the battery is older than the configured age. */
  batteryOld: z.boolean(),
  /** Whether the last reading is too old to trust the state shown (no poll or report for a while). */
  stale: z.boolean(),
})
export type UpsPanelItem = z.infer<typeof UpsPanelItem>

export const UpsPanel = z.object({ items: z.array(UpsPanelItem) })
export type UpsPanel = z.infer<typeof UpsPanel>

export const JobHistoryQuery = z.object({
  job: z.string().trim().min(1).max(200),
  days: z.coerce.number().int().min(1).max(400).default(90),
})
export type JobHistoryQuery = z.infer<typeof JobHistoryQuery>

export const JobHistory = z.object({
  job: z.string(),
  points: z.array(
    z.object({
      at: z.number().int(),
      result: z.string(),
      durationSeconds: z.number().nullable(),
      bytes: z.number().nullable(),
      files: z.number().nullable(),
      reportId: z.string(),
    }),
  ),
})
export type JobHistory = z.infer<typeof JobHistory>

export const Alert = z.object({
  id: z.uuid(),
  customerId: z.uuid(),
  kind: ReportKind,
  subject: z.string(),
  problem: z.string(),
  level: Level,
  ticketId: z.string().nullable(),
  occurrences: z.number().int(),
  openedAt: z.number().int(),
  lastSeenAt: z.number().int(),
  clearedAt: z.number().int().nullable(),
})
export type Alert = z.infer<typeof Alert>
