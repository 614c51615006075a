// The monitoring module's tables as Kysely sees them; src/db/types.ts joins them into DB.

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
  source: 'api'
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

export interface MonitoringTables {
  ingest_tokens: IngestTokensTable
  monitoring_reports: MonitoringReportsTable
  report_events: ReportEventsTable
}
