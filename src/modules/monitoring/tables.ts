// The monitoring module's tables as Kysely sees them; src/db/types.ts joins them into DB.

export type ReportSource = 'api' | 'mail' | 'cli' | 'nut'

/** A log shipper's or agent's credential: it may send reports for one customer only. */
export interface IngestTokensTable {
  id: string
  customer_id: string
  name: string
  /** SHA-256 of the token (hashSecret): the token itself is shown once and never stored. */
  token_hash: string
  /** The first characters of the token, so that staff can tell tokens apart. */
  prefix: string
  created_by: string | null
  created_at: number
  last_used_at: number | null
  revoked_at: number | null
}

/** One backup or UPS report as it came in; its bytes are the blob `sha256`. */
export interface MonitoringReportsTable {
  id: string
  customer_id: string
  kind: 'backup' | 'ups'
  /** api: an ingest token; mail: a notification mail routed by a rule; cli: `sladesk ingest`; nut: a NUT poll. */
  source: ReportSource
  sha256: string
  size: number
  /** The media type it was sent with (message/rfc822 is read as a mail). */
  content_type: string
  /** The `format` the shipper named; null: detected. */
  format_requested: string | null
  /** The parser that read it (or the one named); null while stored, or when nothing recognised it. */
  format: string | null
  status: 'stored' | 'parsed' | 'unparsed'
  reason: string | null
  /** 1 when an event lies more than 10 minutes after receipt (a wrong clock on the sender): flagged, not refused. */
  from_future: number
  exit_code: number | null
  job_hint: string | null
  host: string | null
  token_id: string | null
  received_at: number
  /** The monitoring day it was received on: the same bytes on the same day are one report (a retry). */
  received_day: string
  parsed_at: number | null
}

/** The normalised events a report was parsed into; replaced as a whole when the report is parsed again. */
export interface ReportEventsTable {
  id: string
  report_id: string
  customer_id: string
  kind: 'backup' | 'ups'
  /** The backup job key, or the UPS's name. */
  job: string | null
  host: string | null
  /** success | warning | failed for a backup run; the UPS state for a UPS event. */
  result: string
  /** The run's end, or the UPS event's moment; the report's receipt when the report does not say (see details). */
  at: number
  started_at: number | null
  bytes: number | null
  files: number | null
  /** JSON object: errors and warnings of a run; charge, runtime, load, message of a UPS event. */
  details: string
}

/** The daily check's decision for one job of one customer on one day. */
export interface MonitoringDaysTable {
  customer_id: string
  /** The job's name, trimmed and lower-case: reports and the asset's expected jobs meet on it. */
  job_key: string
  /** YYYY-MM-DD in the MSP's time zone: the day whose check window this is. */
  day: string
  /** The job's name as the asset spells it. */
  job: string
  asset_id: string | null
  status: 'ok' | 'warning' | 'failed' | 'missing'
  runs: number
  /** The run that decided the day (the latest in the window). */
  last_event_id: string | null
  decided_at: number
}

/** When an expected job was first seen configured: the days before it are not "missing". */
export interface MonitoringJobsTable {
  customer_id: string
  job_key: string
  first_day: string
}

/** An open (or cleared) problem of one job or UPS, and the ticket it is tracked in. */
export interface MonitoringAlertsTable {
  id: string
  customer_id: string
  /** `backup:<job key>:<problem>` or `ups:<ups key>:<problem>`: one open alert per customer and key. */
  key: string
  kind: 'backup' | 'ups'
  /** The job's or UPS's name as shown. */
  subject: string
  problem: string
  /** The priority level the rules gave it: high, normal, low. */
  level: string
  ticket_id: string | null
  occurrences: number
  opened_at: number
  last_seen_at: number
  /** When the problem went away (a success, back on mains) or its ticket was closed. */
  cleared_at: number | null
}

export interface MonitoringReviewsTable {
  customer_id: string
  day: string
  reviewed_by: string
  reviewer_name: string
  reviewed_at: number
  remarks: string | null
}

/** The latest state of a UPS. */
export interface UpsStatusTable {
  customer_id: string
  /** The UPS's name trimmed and lower-case. */
  ups_key: string
  ups: string
  asset_id: string | null
  state: string
  /** When this state began (epoch ms). */
  since: number
  last_seen_at: number
  charge: number | null
  runtime_seconds: number | null
  load_percent: number | null
  input_voltage: number | null
  message: string | null
  source: 'report' | 'poll'
}

export interface MonitoringConfigTable {
  key: string
  value: string
  updated_at: number
}

export interface MonitoringTables {
  ingest_tokens: IngestTokensTable
  monitoring_reports: MonitoringReportsTable
  report_events: ReportEventsTable
  monitoring_days: MonitoringDaysTable
  monitoring_alerts: MonitoringAlertsTable
  monitoring_reviews: MonitoringReviewsTable
  ups_status: UpsStatusTable
  monitoring_config: MonitoringConfigTable
  monitoring_jobs: MonitoringJobsTable
}
