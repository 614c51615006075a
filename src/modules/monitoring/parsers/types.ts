// What the backup and UPS parsers share: the report as it came in, and the normalised events they make of it.
// Parsers are pure functions (no I/O, no clock: the time of receipt is an argument). A report a parser does not
// understand is `unparsed`, never a silent success.

/** The outcome of one backup job run, as the daily check counts it. */
export type RunResult = 'success' | 'warning' | 'failed'

export interface ReportInput {
  /** The report as text: a log, JSON (lines), command output (stdout and stderr as shipped), or a mail's text body. */
  text: string
  /** When the report came as an e-mail: its headers and HTML body, already decoded. */
  mail?: { subject: string; from: string; date: number | null; html: string | null }
  /** The exit code of the backup command, when the shipper sent it (restic, borg, rsync and rsnapshot use it). */
  exitCode?: number
  /** The time zone for times written without an offset (borg archive times, Bacula, Veeam, logs). */
  timeZone: string
  /** When sladesk received the report (epoch ms): the year of dates written without one, and "from the future". */
  receivedAt: number
}

/** One run of one backup job. */
export interface BackupRun {
  kind: 'backup'
  /** The job key that repeats run after run: host+tag (restic), archive prefix (borg), job name, VMID… */
  job: string
  host: string | null
  /** Epoch ms; null when the report does not say. */
  startedAt: number | null
  finishedAt: number | null
  result: RunResult
  bytes: number | null
  files: number | null
  /** The texts of the errors and warnings, as the software wrote them (at most a few hundred each). */
  errors: string[]
  warnings: string[]
  /** An MSP-defined parser's say on whether this success resolves the job's open ticket (else the global setting). */
  resolves?: boolean
}

export const UPS_STATES = [
  'online',
  'on-battery',
  'low-battery',
  'replace-battery',
  'overload',
  'comm-lost',
  'comm-restored',
  'shutdown',
  'self-test',
] as const
export type UpsState = (typeof UPS_STATES)[number]

/** What a UPS reported at one moment: a status poll, an event line, a notification. */
export interface UpsEvent {
  kind: 'ups'
  /** The UPS's name as its software knows it (NUT ups name, apcupsd UPSNAME), when the report says. */
  ups: string | null
  /** Epoch ms; null when the report does not say. */
  at: number | null
  state: UpsState
  /** For state 'self-test': its result. */
  selfTest?: 'passed' | 'failed'
  /** Battery charge in %, runtime left in seconds, load in %, input voltage in V, where present. */
  charge: number | null
  runtimeSeconds: number | null
  loadPercent: number | null
  inputVoltage: number | null
  /** The line or message this came from. */
  message: string
}

export type ParsedEvent = BackupRun | UpsEvent

export type ParseResult = { status: 'parsed'; events: ParsedEvent[] } | { status: 'unparsed'; reason: string }

export interface Parser {
  /** The format's name, as the ingest API's `format` takes it: 'restic', 'borg', 'veeam', 'nut'… */
  format: string
  kind: 'backup' | 'ups'
  /** Whether the report looks like this format (cheap: the first lines or the subject). */
  detect(input: ReportInput): boolean
  parse(input: ReportInput): ParseResult
}

/** Bounds every parser keeps, so that no input makes one hang or grow without limit. */
export const LIMITS = {
  /** Longest line a parser looks into; longer lines are cut (a 10 MB line is not a log line). */
  lineChars: 64 * 1024,
  /** At most this many error and warning texts per run, each at most messageChars. */
  messages: 200,
  messageChars: 2000,
}
