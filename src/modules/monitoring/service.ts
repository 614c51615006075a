import type { Db, Executor } from '../../db/database.js'
import { isUniqueViolation } from '../../db/dialect.js'
import { type Actor, assertCustomerAccess, assertStaff } from '../../platform/access.js'
import type { Audit } from '../../platform/audit.js'
import { hashSecret, newSecret } from '../../platform/auth/tokens.js'
import { AppError, badRequest, forbidden, notFound } from '../../platform/errors.js'
import { getBlob, putBlob, sha256Hex } from '../../platform/files.js'
import { uuidv7 } from '../../platform/ids.js'
import { pageOf, readCursor } from '../../platform/paging.js'
import type { CustomerService } from '../customers/service.js'
import type { SettingsService } from '../settings/service.js'
import type { StaffRole } from '../users/schema.js'
import { dayOf } from './daily.js'
import { FORMATS, type ParsedEvent, type Parser, parseReport, parserOf, type ReportInput } from './parsers/index.js'
import * as repo from './repo.js'
import type { ReportSource } from './tables.js'
import type {
  IngestQuery,
  IngestResult,
  IngestToken,
  IngestTokenCreate,
  IngestTokenCreated,
  Report,
  ReportDetail,
  ReportEvent,
  ReportKind,
  ReportListQuery,
  ReportPage,
  UnparsedReportPage,
  UnparsedReportQuery,
} from './schema.js'

export interface MonitoringDeps {
  db: Db
  audit: Audit
  settings: SettingsService
  customers: CustomerService
  now: () => number
  /** The MSP's own parsers (mail templates), tried before the built-in ones; none by default. */
  customParsers?: () => Promise<readonly Parser[]>
  /**
   * The day a report received at `at` belongs to: the same bytes on the same day are one report. The monitoring day
   * (check time to check time) in the app; the calendar day in Europe/Amsterdam by default.
   */
  reportDay?: (at: number) => Promise<string>
  /** Told of every report once it is parsed (the alerts react to it); errors are the caller's to log. */
  onParsed?: (report: repo.ReportRow, events: repo.EventRow[]) => Promise<void>
}

/** A report to store for a customer, however it came: a shipper with a token, a routed mail, the command line. */
export interface StoreRequest {
  customerId: string
  kind: ReportKind
  raw: Buffer
  /** The media type without parameters, lower-case; message/rfc822 is read as a mail. */
  contentType: string
  source: ReportSource
  format?: string
  exitCode?: number
  job?: string
  host?: string
  tokenId?: string | null
  /** When it was received, if not now (a file's time for the command line). */
  receivedAt?: number
}

/** Who hands out and revokes machine credentials, and parses reports again; every staff member reads. */
const WRITERS: readonly StaffRole[] = ['admin', 'technician']
export const INGEST_TOKEN_PREFIX = 'sli_'
/** An event this long after receipt is not a real time: the sender's clock is wrong. */
export const FUTURE_TOLERANCE_MS = 10 * 60_000
// A token's last use is written at most this often: one write per report would be one write too many.
const TOUCH_EVERY_MS = 60_000

let mailModules: Promise<[typeof import('mailparser'), typeof import('../../platform/mail/html.js')]> | undefined
// Mail parsing is only needed for reports sent as mails; the server starts without loading it.
const mailParsing = () => (mailModules ??= Promise.all([import('mailparser'), import('../../platform/mail/html.js')]))

/** The bytes as text: UTF-8 when they are valid UTF-8, otherwise latin1 (every byte is a character there). */
export function decodeText(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return bytes.toString('latin1')
  }
}

const isMail = (contentType: string) => contentType === 'message/rfc822'

/** What a parser reads: the text, or for a mail its headers, HTML and text. */
async function inputOf(
  raw: Buffer,
  contentType: string,
  base: Omit<ReportInput, 'text' | 'mail'>,
): Promise<ReportInput> {
  if (!isMail(contentType)) {
    return { ...base, text: decodeText(raw) }
  }
  const [{ simpleParser }, { htmlToText }] = await mailParsing()
  const mail = await simpleParser(raw, { skipHtmlToText: true, skipTextToHtml: true, skipImageLinks: true })
  const html = typeof mail.html === 'string' && mail.html.trim() !== '' ? mail.html : null
  // mailparser makes "now" of a missing Date header; a report's own time must not be invented.
  const date = mail.headers.has('date') && mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date.getTime() : null
  return {
    ...base,
    text: mail.text?.trim() ? mail.text : html ? htmlToText(html) : '',
    mail: { subject: mail.subject ?? '', from: mail.from?.text ?? '', date, html },
  }
}

/** The event as it is stored: the job hint and host of the request fill in what the report does not say. */
function eventRow(report: repo.ReportRow, e: ParsedEvent): { row: repo.EventRow; times: (number | null)[] } {
  const base = {
    id: uuidv7(),
    report_id: report.id,
    customer_id: report.customer_id,
  }
  if (e.kind === 'backup') {
    const at = e.finishedAt ?? e.startedAt
    return {
      times: [e.startedAt, e.finishedAt],
      row: {
        ...base,
        kind: 'backup',
        job: report.job_hint ?? e.job,
        host: e.host ?? report.host,
        result: e.result,
        at: at ?? report.received_at,
        started_at: e.startedAt,
        bytes: e.bytes,
        files: e.files,
        details: JSON.stringify({
          errors: e.errors,
          warnings: e.warnings,
          ...(at === null && { atAssumed: true }),
          ...(e.resolves !== undefined && { resolves: e.resolves }),
          ...(report.job_hint !== null && e.job !== report.job_hint && { reportedJob: e.job }),
        }),
      },
    }
  }
  return {
    times: [e.at],
    row: {
      ...base,
      kind: 'ups',
      job: report.job_hint ?? e.ups,
      host: report.host,
      result: e.state,
      at: e.at ?? report.received_at,
      started_at: null,
      bytes: null,
      files: null,
      details: JSON.stringify({
        charge: e.charge,
        runtimeSeconds: e.runtimeSeconds,
        loadPercent: e.loadPercent,
        inputVoltage: e.inputVoltage,
        message: e.message,
        ...(e.selfTest && { selfTest: e.selfTest }),
        ...(e.at === null && { atAssumed: true }),
        ...(report.job_hint !== null && e.ups !== report.job_hint && { reportedUps: e.ups }),
      }),
    },
  }
}

function toEvent(row: repo.EventRow): ReportEvent {
  return {
    id: row.id,
    kind: row.kind,
    job: row.job,
    host: row.host,
    result: row.result,
    at: Number(row.at),
    startedAt: row.started_at === null ? null : Number(row.started_at),
    bytes: row.bytes === null ? null : Number(row.bytes),
    files: row.files === null ? null : Number(row.files),
    details: JSON.parse(row.details) as Record<string, unknown>,
  }
}

function toReport(row: repo.ReportRow): Report {
  return {
    id: row.id,
    customerId: row.customer_id,
    kind: row.kind,
    source: row.source,
    sha256: row.sha256,
    size: Number(row.size),
    contentType: row.content_type,
    formatRequested: row.format_requested,
    format: row.format,
    status: row.status,
    reason: row.reason,
    fromFuture: row.from_future === 1,
    exitCode: row.exit_code,
    jobHint: row.job_hint,
    host: row.host,
    receivedAt: Number(row.received_at),
    parsedAt: row.parsed_at === null ? null : Number(row.parsed_at),
  }
}

function toToken(row: repo.TokenRow): IngestToken {
  return {
    id: row.id,
    customerId: row.customer_id,
    name: row.name,
    prefix: row.prefix,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  }
}

export interface IngestRequest {
  /** The Authorization header as sent. */
  authorization: string | undefined
  kind: ReportKind
  body: Buffer | undefined
  /** The media type without parameters, lower-case. */
  contentType: string
  query: IngestQuery
}

export function createMonitoringService({
  db,
  audit,
  settings,
  customers,
  now,
  customParsers = async () => [],
  reportDay = async (at) => dayOf(at, (await settings.load()).company.timeZone),
  onParsed,
}: MonitoringDeps) {
  async function mustGetCustomer(ex: Executor, actor: Actor, customerId: string) {
    assertCustomerAccess(actor, customerId)
    const customer = await customers.findRow(ex, customerId)
    if (!customer) {
      throw notFound('customer', customerId)
    }
    return customer
  }

  /** A report the actor may see, or 404 (also for another customer's report). */
  async function mustGetReport(ex: Executor, actor: Actor, id: string): Promise<repo.ReportRow> {
    const row = await repo.findReport(ex, id)
    if (!row) {
      throw notFound('report', id)
    }
    assertCustomerAccess(actor, row.customer_id, 'report', id)
    return row
  }

  /** The customer of a live ingest token, or 401. */
  async function authenticate(authorization: string | undefined): Promise<repo.TokenRow> {
    const token = authorization === undefined ? undefined : /^Bearer\s+(\S+)$/i.exec(authorization)?.[1]
    if (!token) {
      throw new AppError(401, 'unauthenticated', 'Send the ingest token as Authorization: Bearer sli_…')
    }
    const row = await repo.findLiveTokenByHash(db, hashSecret(token))
    if (!row) {
      throw new AppError(401, 'invalid_token', 'The ingest token is unknown or revoked')
    }
    const at = now()
    if (row.last_used_at === null || at - row.last_used_at > TOUCH_EVERY_MS) {
      await repo.updateToken(db, row.id, { last_used_at: at })
    }
    return row
  }

  /**
   * Parses a stored report and stores the outcome and its events, replacing those of an earlier parse. Never
   * throws for what the report contains: a report nothing understands is `unparsed`, with the reason.
   */
  async function parseStored(
    report: repo.ReportRow,
    raw: Buffer,
    alsoInTransaction?: (trx: Executor, parsed: repo.ReportRow) => Promise<void>,
  ): Promise<repo.ReportRow> {
    const { company } = await settings.load()
    const receivedAt = Number(report.received_at)
    let outcome: { format: string | null; reason: string | null; events: repo.EventRow[]; fromFuture: boolean }
    try {
      const input = await inputOf(raw, report.content_type, {
        timeZone: company.timeZone,
        receivedAt,
        ...(report.exit_code !== null && { exitCode: report.exit_code }),
      })
      const { format, result } = parseReport(input, report.format_requested ?? undefined, await customParsers())
      if (result.status === 'unparsed') {
        outcome = { format, reason: result.reason, events: [], fromFuture: false }
      } else {
        const other = result.events.find((e) => e.kind !== report.kind)
        if (other) {
          outcome = {
            format,
            reason: `the ${format ?? 'detected'} parser read a ${other.kind} report, and this is a ${report.kind} report`,
            events: [],
            fromFuture: false,
          }
        } else {
          const built = result.events.map((e) => eventRow(report, e))
          outcome = {
            format,
            reason: null,
            events: built.map((b) => b.row),
            fromFuture: built.some((b) => b.times.some((t) => t !== null && t > receivedAt + FUTURE_TOLERANCE_MS)),
          }
        }
      }
    } catch (err) {
      // The mail could not be read as a mail at all; the bytes stay stored for a human to look at.
      outcome = {
        format: null,
        reason: `the report could not be read: ${err instanceof Error ? err.message : String(err)}`,
        events: [],
        fromFuture: false,
      }
    }
    const set = {
      format_requested: report.format_requested,
      status: outcome.reason === null ? ('parsed' as const) : ('unparsed' as const),
      format: outcome.format,
      reason: outcome.reason,
      from_future: outcome.fromFuture ? 1 : 0,
      parsed_at: now(),
    }
    const parsed = { ...report, ...set }
    await db.transaction().execute(async (trx) => {
      await repo.replaceEvents(trx, report.id, outcome.events)
      await repo.updateReport(trx, report.id, set)
      await alsoInTransaction?.(trx, parsed)
    })
    return parsed
  }

  async function checkFormat(format: string, kind: ReportKind): Promise<void> {
    const custom = await customParsers()
    const parser = custom.find((p) => p.format === format) ?? parserOf(format)
    const all = [...FORMATS, ...custom.map((p) => p.format)]
    if (!parser) {
      throw badRequest('unknown_format', `format must be one of ${all.join(', ')}`, { formats: all })
    }
    if (parser.kind !== kind) {
      const fitting = all.filter((f) => (custom.find((p) => p.format === f) ?? parserOf(f))?.kind === kind)
      throw badRequest(
        'wrong_format_kind',
        `${format} is a ${parser.kind} format; send it to /api/ingest/${parser.kind}, or use one of ${fitting.join(', ')}`,
        { formats: fitting },
      )
    }
  }

  /**
   * Stores a report for a customer, then parses it. The same bytes of the same kind from the same customer on the
   * same day are the same report (a retry): nothing new is stored and `duplicate` is true. On another day they are a
   * report of their own: a job that fails the same way every night, with no times in its output, fails each night.
   */
  async function store(req: StoreRequest): Promise<IngestResult> {
    if (req.format !== undefined) {
      await checkFormat(req.format, req.kind)
    }
    const raw = req.raw
    if (raw.length === 0) {
      throw badRequest('empty_upload', 'Send the report as the request body')
    }
    const sha256 = sha256Hex(raw)
    const at = req.receivedAt ?? now()
    const day = await reportDay(at)
    const existing = await repo.findReportBySha(db, req.customerId, req.kind, sha256, day)
    if (existing) {
      return result(existing, true)
    }
    const row: repo.ReportRow = {
      id: uuidv7(),
      customer_id: req.customerId,
      kind: req.kind,
      source: req.source,
      sha256,
      size: raw.length,
      content_type: req.contentType,
      format_requested: req.format ?? null,
      format: null,
      status: 'stored',
      reason: null,
      from_future: 0,
      exit_code: req.exitCode ?? null,
      job_hint: req.job ?? null,
      host: req.host ?? null,
      token_id: req.tokenId ?? null,
      received_at: at,
      received_day: day,
      parsed_at: null,
    }
    // Stored first, in one transaction with its bytes: whatever parsing does next, the report is kept.
    try {
      await db.transaction().execute(async (trx) => {
        await putBlob(trx, raw, at)
        await repo.insertReport(trx, row)
      })
    } catch (err) {
      // A retry of the shipper raced this one and stored the same bytes first.
      const winner = isUniqueViolation(err)
        ? await repo.findReportBySha(db, req.customerId, req.kind, sha256, day)
        : undefined
      if (winner) {
        return result(winner, true)
      }
      throw err
    }
    const parsed = await parseStored(row, raw)
    await react(parsed)
    return result(parsed, false)
  }

  /** Hands a freshly parsed report to the alerts; a failure there must not undo the report, only be seen. */
  async function react(report: repo.ReportRow): Promise<void> {
    if (onParsed && report.status === 'parsed') {
      try {
        await onParsed(report, await repo.eventsOf(db, report.id))
      } catch (err) {
        // The report is stored and parsed; the next check and the next report act on what this missed.
        process.emitWarning(`acting on monitoring report ${report.id} failed: ${(err as Error).message}`)
      }
    }
  }

  async function result(row: repo.ReportRow, duplicate: boolean): Promise<IngestResult> {
    const events = (await repo.eventsOf(db, row.id)).map(toEvent)
    return {
      id: row.id,
      status: row.status,
      format: row.format,
      duplicate,
      fromFuture: row.from_future === 1,
      events,
      ...(row.reason !== null && { reason: row.reason }),
    }
  }

  return {
    // Ingest tokens --------------------------------------------------------------------------------

    /** A new token for a customer's log shipper; the answer is the only place the token is ever shown. */
    async createToken(actor: Actor, customerId: string, input: IngestTokenCreate): Promise<IngestTokenCreated> {
      assertStaff(actor, WRITERS)
      const token = newSecret(INGEST_TOKEN_PREFIX)
      return db.transaction().execute(async (trx) => {
        await mustGetCustomer(trx, actor, customerId)
        const row: repo.TokenRow = {
          id: uuidv7(),
          customer_id: customerId,
          name: input.name,
          token_hash: hashSecret(token),
          prefix: token.slice(0, INGEST_TOKEN_PREFIX.length + 6),
          created_by: actor.kind === 'staff' ? actor.userId : null,
          created_at: now(),
          last_used_at: null,
          revoked_at: null,
        }
        await repo.insertToken(trx, row)
        await audit.record(trx, actor, {
          action: 'ingest_token.created',
          entityType: 'ingest_token',
          entityId: row.id,
          customerId,
          after: { name: row.name, prefix: row.prefix },
        })
        return { id: row.id, customerId, name: row.name, token, createdAt: row.created_at }
      })
    },

    async listTokens(actor: Actor, customerId: string): Promise<IngestToken[]> {
      assertStaff(actor)
      await mustGetCustomer(db, actor, customerId)
      return (await repo.listTokens(db, customerId)).map(toToken)
    },

    /** Revokes a token at once; revoking a revoked token changes nothing. */
    async revokeToken(actor: Actor, id: string): Promise<void> {
      assertStaff(actor, WRITERS)
      await db.transaction().execute(async (trx) => {
        const row = await repo.findToken(trx, id)
        if (!row) {
          throw notFound('ingest_token', id)
        }
        if (row.revoked_at !== null) {
          return
        }
        const at = now()
        await repo.updateToken(trx, id, { revoked_at: at })
        await audit.record(trx, actor, {
          action: 'ingest_token.revoked',
          entityType: 'ingest_token',
          entityId: id,
          customerId: row.customer_id,
          before: { revokedAt: null },
          after: { revokedAt: at },
        })
      })
    },

    // Ingest -----------------------------------------------------------------------------------------

    /**
     * Stores a report sent with an ingest token, then parses it. The same bytes of the same kind from the same
     * customer are the same report: nothing new is stored and `duplicate` is true.
     * @throws AppError 401 unknown token, 403 wrong_customer, 400 bad format or empty body
     */
    async ingest(req: IngestRequest): Promise<IngestResult> {
      const token = await authenticate(req.authorization)
      const customerId = token.customer_id
      if (req.query.customerId !== undefined && req.query.customerId !== customerId) {
        throw forbidden('wrong_customer', 'This ingest token belongs to another customer than the one named')
      }
      return store({
        customerId,
        kind: req.kind,
        raw: req.body ?? Buffer.alloc(0),
        contentType: req.contentType,
        source: 'api',
        tokenId: token.id,
        ...(req.query.format !== undefined && { format: req.query.format }),
        ...(req.query.exitCode !== undefined && { exitCode: req.query.exitCode }),
        ...(req.query.job !== undefined && { job: req.query.job }),
        ...(req.query.host !== undefined && { host: req.query.host }),
      })
    },

    store,

    /** Whether `format` names a parser (built-in or the MSP's own) of this kind; 400 otherwise. */
    checkFormat,

    /**
     * Parses the reports that were stored but never parsed: the process stopped between the two steps of ingest.
     * Only those older than a minute, so as not to race an ingest in progress; a batch at a time. Returns how many.
     */
    async parsePending(limit = 100): Promise<number> {
      const pending = await repo.listPending(db, now() - 60_000, limit)
      for (const row of pending) {
        const raw = await getBlob(db, row.sha256)
        if (raw) {
          await react(await parseStored(row, raw))
        }
      }
      return pending.length
    },

    /** Parses a stored report again (after a parser was improved); its events are replaced. */
    async reparse(actor: Actor, id: string, format?: string): Promise<ReportDetail> {
      assertStaff(actor, WRITERS)
      const found = await mustGetReport(db, actor, id)
      if (format !== undefined) {
        await checkFormat(format, found.kind)
      }
      // Naming the format is how a human classifies a report that nothing recognised.
      const row = format === undefined ? found : { ...found, format_requested: format }
      const raw = await getBlob(db, row.sha256)
      if (!raw) {
        throw notFound('blob', row.sha256)
      }
      const parsed = await parseStored(row, raw, (trx, after) =>
        audit.record(trx, actor, {
          action: 'monitoring_report.reparsed',
          entityType: 'monitoring_report',
          entityId: id,
          customerId: row.customer_id,
          // parsedAt always differs: a re-parse that changed nothing is still recorded as done.
          before: { status: found.status, format: found.format, reason: found.reason, parsedAt: found.parsed_at },
          after: { status: after.status, format: after.format, reason: after.reason, parsedAt: after.parsed_at },
        }),
      )
      await react(parsed)
      return { ...toReport(parsed), events: (await repo.eventsOf(db, id)).map(toEvent) }
    },

    // Reading ----------------------------------------------------------------------------------------

    async list(actor: Actor, customerId: string, q: ReportListQuery): Promise<ReportPage> {
      await mustGetCustomer(db, actor, customerId)
      const after = readCursor<[string]>(q.cursor, ['string'])
      const rows = await repo.listReports(db, {
        customerId,
        kind: q.kind,
        status: q.status,
        job: q.job,
        before: after?.[0],
        limit: q.limit + 1,
      })
      return pageOf(rows, q.limit, (r) => [r.id], toReport)
    },

    /** Staff: the reports of all customers that nothing understood, newest first, and how many there are. */
    async listUnparsed(actor: Actor, q: UnparsedReportQuery): Promise<UnparsedReportPage> {
      assertStaff(actor)
      const after = readCursor<[string]>(q.cursor, ['string'])
      const [rows, total] = await Promise.all([
        repo.listUnparsedReports(db, { before: after?.[0], limit: q.limit + 1 }),
        repo.countUnparsedReports(db),
      ])
      const page = pageOf(
        rows,
        q.limit,
        (r) => [r.id],
        (r) => ({ ...toReport(r), customerName: r.customer_name }),
      )
      return { ...page, total }
    },

    async get(actor: Actor, id: string): Promise<ReportDetail> {
      const row = await mustGetReport(db, actor, id)
      return { ...toReport(row), events: (await repo.eventsOf(db, id)).map(toEvent) }
    },

    /** The report's bytes exactly as received, and whether they are text. */
    async raw(actor: Actor, id: string): Promise<{ content: Buffer; text: boolean; filename: string }> {
      const row = await mustGetReport(db, actor, id)
      const content = await getBlob(db, row.sha256)
      if (!content) {
        throw notFound('blob', row.sha256)
      }
      let text: boolean
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(content)
        // NUL bytes make valid UTF-8 that no text viewer shows as text.
        text = !content.includes(0)
      } catch {
        text = false
      }
      const ext = isMail(row.content_type) ? 'eml' : text ? 'txt' : 'bin'
      return { content, text, filename: `${row.kind}-report-${row.id}.${ext}` }
    },
  }
}

export type MonitoringService = ReturnType<typeof createMonitoringService>
