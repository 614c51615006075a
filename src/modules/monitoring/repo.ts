import { type Selectable, sql } from 'kysely'
import type { Executor } from '../../db/database.js'
import type {
  IngestTokensTable,
  MonitoringAlertsTable,
  MonitoringDaysTable,
  MonitoringReportsTable,
  MonitoringReviewsTable,
  ReportEventsTable,
  UpsStatusTable,
} from './tables.js'

export type TokenRow = Selectable<IngestTokensTable>
export type ReportRow = Selectable<MonitoringReportsTable>
export type EventRow = Selectable<ReportEventsTable>
export type DayRow = Selectable<MonitoringDaysTable>
export type AlertRow = Selectable<MonitoringAlertsTable>
export type ReviewRow = Selectable<MonitoringReviewsTable>
export type UpsStatusRow = Selectable<UpsStatusTable>

// Ingest tokens -------------------------------------------------------------------------------------

export async function insertToken(db: Executor, row: TokenRow): Promise<void> {
  await db.insertInto('ingest_tokens').values(row).execute()
}

export async function findToken(db: Executor, id: string): Promise<TokenRow | undefined> {
  return db.selectFrom('ingest_tokens').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function findLiveTokenByHash(db: Executor, tokenHash: string): Promise<TokenRow | undefined> {
  return db
    .selectFrom('ingest_tokens')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst()
}

export async function listTokens(db: Executor, customerId: string): Promise<TokenRow[]> {
  return db
    .selectFrom('ingest_tokens')
    .selectAll()
    .where('customer_id', '=', customerId)
    .orderBy('id', 'desc')
    .execute()
}

export async function updateToken(db: Executor, id: string, set: Partial<TokenRow>): Promise<void> {
  await db.updateTable('ingest_tokens').set(set).where('id', '=', id).execute()
}

// Reports -------------------------------------------------------------------------------------------

export async function insertReport(db: Executor, row: ReportRow): Promise<void> {
  await db.insertInto('monitoring_reports').values(row).execute()
}

export async function findReport(db: Executor, id: string): Promise<ReportRow | undefined> {
  return db.selectFrom('monitoring_reports').selectAll().where('id', '=', id).executeTakeFirst()
}

/** Reports stored before `before` and never parsed (the process stopped between storing and parsing), oldest first. */
export async function listPending(db: Executor, before: number, limit: number): Promise<ReportRow[]> {
  return db
    .selectFrom('monitoring_reports')
    .selectAll()
    .where('status', '=', sql.lit('stored'))
    .where('received_at', '<', before)
    .orderBy('received_at')
    .limit(limit)
    .execute()
}

export async function findReportBySha(
  db: Executor,
  customerId: string,
  kind: string,
  sha256: string,
  day: string,
): Promise<ReportRow | undefined> {
  return db
    .selectFrom('monitoring_reports')
    .selectAll()
    .where('customer_id', '=', customerId)
    .where('kind', '=', kind as ReportRow['kind'])
    .where('sha256', '=', sha256)
    .where('received_day', '=', day)
    .executeTakeFirst()
}

export async function updateReport(db: Executor, id: string, set: Partial<ReportRow>): Promise<void> {
  await db.updateTable('monitoring_reports').set(set).where('id', '=', id).execute()
}

export interface ReportListOptions {
  customerId: string
  kind?: string
  status?: string
  job?: string
  /** The id of the last report of the previous page: the next page is older. */
  before?: string
  limit: number
}

/** Newest first by id (uuidv7: time-ordered), read from the index monitoring_reports_list / _status. */
export async function listReports(db: Executor, opts: ReportListOptions): Promise<ReportRow[]> {
  let query = db.selectFrom('monitoring_reports as r').selectAll('r').where('r.customer_id', '=', opts.customerId)
  if (opts.kind) {
    query = query.where('r.kind', '=', opts.kind as ReportRow['kind'])
  }
  if (opts.status) {
    query = query.where('r.status', '=', opts.status as ReportRow['status'])
  }
  if (opts.job) {
    const job = opts.job
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('report_events as e')
          .select('e.id')
          .whereRef('e.report_id', '=', 'r.id')
          .where('e.customer_id', '=', opts.customerId)
          .where('e.job', '=', job),
      ),
    )
  }
  if (opts.before) {
    query = query.where('r.id', '<', opts.before)
  }
  return query.orderBy('r.id', 'desc').limit(opts.limit).execute()
}

/**
 * The reports nothing understood, of every customer that is not archived, newest first, with the customer's name:
 * read from the partial index monitoring_reports_unparsed.
 */
export async function listUnparsedReports(
  db: Executor,
  opts: { before?: string; limit: number },
): Promise<(ReportRow & { customer_name: string })[]> {
  let query = db
    .selectFrom('monitoring_reports as r')
    .innerJoin('customers as c', 'c.id', 'r.customer_id')
    .selectAll('r')
    .select('c.name as customer_name')
    .where('r.status', '=', 'unparsed')
    .where('c.archived_at', 'is', null)
  if (opts.before) {
    query = query.where('r.id', '<', opts.before)
  }
  return query.orderBy('r.id', 'desc').limit(opts.limit).execute()
}

export async function countUnparsedReports(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('monitoring_reports as r')
    .innerJoin('customers as c', 'c.id', 'r.customer_id')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('r.status', '=', 'unparsed')
    .where('c.archived_at', 'is', null)
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

// Events --------------------------------------------------------------------------------------------

export async function eventsOf(db: Executor, reportId: string): Promise<EventRow[]> {
  return db
    .selectFrom('report_events')
    .selectAll()
    .where('report_id', '=', reportId)
    .orderBy('at')
    .orderBy('id')
    .execute()
}

/** The report's events become `rows`: a parse replaces what an earlier parse of the same report made. */
export async function replaceEvents(db: Executor, reportId: string, rows: readonly EventRow[]): Promise<void> {
  await db.deleteFrom('report_events').where('report_id', '=', reportId).execute()
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insertInto('report_events')
      .values(rows.slice(i, i + 500))
      .execute()
  }
}

// The daily check ---------------------------------------------------------------------------------------

export interface BackupSystemRow {
  id: string
  customer_id: string
  name: string
  details: string
  active_from: string
}

/** Every active backup system of every customer that is not archived: where the expected jobs are written. */
export async function backupSystems(db: Executor, customerIds?: readonly string[]): Promise<BackupSystemRow[]> {
  let query = db
    .selectFrom('assets as a')
    .innerJoin('customers as c', 'c.id', 'a.customer_id')
    .select(['a.id', 'a.customer_id', 'a.name', 'a.details', 'a.active_from'])
    .where('a.class', '=', sql.lit('backup-system'))
    .where('a.status', '=', sql.lit('active'))
    .where('c.archived_at', 'is', null)
  if (customerIds) {
    if (customerIds.length === 0) {
      return []
    }
    query = query.where('a.customer_id', 'in', customerIds)
  }
  return query.execute()
}

export interface RunRow {
  id: string
  customer_id: string
  report_id: string
  job: string | null
  result: string
  at: number
  started_at: number | null
  bytes: number | null
  files: number | null
}

/** PostgreSQL answers bigint as text. */
const toRun = (r: RunRow): RunRow => ({
  ...r,
  at: Number(r.at),
  started_at: r.started_at === null ? null : Number(r.started_at),
  bytes: r.bytes === null ? null : Number(r.bytes),
  files: r.files === null ? null : Number(r.files),
})

/** The backup runs in (from, to] of all customers (or of some), through the index report_events_at. */
export async function runsBetween(
  db: Executor,
  from: number,
  to: number,
  customerIds?: readonly string[],
): Promise<RunRow[]> {
  let query = db
    .selectFrom('report_events')
    .select(['id', 'customer_id', 'report_id', 'job', 'result', 'at', 'started_at', 'bytes', 'files'])
    .where('kind', '=', sql.lit('backup'))
    .where('at', '>', from)
    .where('at', '<=', to)
  if (customerIds) {
    if (customerIds.length === 0) {
      return []
    }
    query = query.where('customer_id', 'in', customerIds)
  }
  return (await query.execute()).map(toRun)
}

/** One job's runs of one customer since `from`, oldest first (the job's chart). */
export async function runsOfJob(db: Executor, customerId: string, from: number, limit: number): Promise<RunRow[]> {
  const rows = await db
    .selectFrom('report_events')
    .select(['id', 'customer_id', 'report_id', 'job', 'result', 'at', 'started_at', 'bytes', 'files'])
    .where('customer_id', '=', customerId)
    .where('kind', '=', sql.lit('backup'))
    .where('at', '>', from)
    .orderBy('at')
    .limit(limit)
    .execute()
  return rows.map(toRun)
}

export async function decidedDays(
  db: Executor,
  fromDay: string,
  toDay: string,
  customerIds?: readonly string[],
): Promise<DayRow[]> {
  let query = db.selectFrom('monitoring_days').selectAll().where('day', '>=', fromDay).where('day', '<=', toDay)
  if (customerIds) {
    if (customerIds.length === 0) {
      return []
    }
    query = query.where('customer_id', 'in', customerIds)
  }
  return query.execute()
}

/** Writes the decisions; a day decided again (a late report, a check run by hand) gets the new decision. */
export async function upsertDays(db: Executor, rows: readonly DayRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insertInto('monitoring_days')
      .values(rows.slice(i, i + 500))
      .onConflict((oc) =>
        oc.columns(['customer_id', 'job_key', 'day']).doUpdateSet((eb) => ({
          job: eb.ref('excluded.job'),
          asset_id: eb.ref('excluded.asset_id'),
          status: eb.ref('excluded.status'),
          runs: eb.ref('excluded.runs'),
          last_event_id: eb.ref('excluded.last_event_id'),
          decided_at: eb.ref('excluded.decided_at'),
        })),
      )
      .execute()
  }
}

// Reviews -----------------------------------------------------------------------------------------------

export async function reviews(
  db: Executor,
  fromDay: string,
  toDay: string,
  customerIds?: readonly string[],
): Promise<ReviewRow[]> {
  let query = db.selectFrom('monitoring_reviews').selectAll().where('day', '>=', fromDay).where('day', '<=', toDay)
  if (customerIds) {
    if (customerIds.length === 0) {
      return []
    }
    query = query.where('customer_id', 'in', customerIds)
  }
  return query.execute()
}

export async function upsertReview(db: Executor, row: ReviewRow): Promise<void> {
  await db
    .insertInto('monitoring_reviews')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['customer_id', 'day']).doUpdateSet({
        reviewed_by: row.reviewed_by,
        reviewer_name: row.reviewer_name,
        reviewed_at: row.reviewed_at,
        remarks: row.remarks,
      }),
    )
    .execute()
}

// Alerts ------------------------------------------------------------------------------------------------

export async function findOpenAlert(db: Executor, customerId: string, key: string): Promise<AlertRow | undefined> {
  return db
    .selectFrom('monitoring_alerts')
    .selectAll()
    .where('customer_id', '=', customerId)
    .where('key', '=', key)
    .where('cleared_at', 'is', null)
    .executeTakeFirst()
}

/** The open alerts of a customer whose key starts with `prefix` (a job's or a UPS's problems). */
export async function openAlertsLike(db: Executor, customerId: string, prefix: string): Promise<AlertRow[]> {
  return db
    .selectFrom('monitoring_alerts')
    .selectAll()
    .where('customer_id', '=', customerId)
    .where('cleared_at', 'is', null)
    .where('key', '>=', prefix)
    .where('key', '<', `${prefix}\uffff`)
    .execute()
}

export async function listAlerts(
  db: Executor,
  opts: { customerId?: string; open?: boolean; limit: number },
): Promise<AlertRow[]> {
  let query = db.selectFrom('monitoring_alerts').selectAll()
  if (opts.customerId) {
    query = query.where('customer_id', '=', opts.customerId)
  }
  if (opts.open) {
    query = query.where('cleared_at', 'is', null)
  }
  return query.orderBy('id', 'desc').limit(opts.limit).execute()
}

export async function openAlertCounts(db: Executor): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('monitoring_alerts')
    .select(['customer_id', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('cleared_at', 'is', null)
    .groupBy('customer_id')
    .execute()
  return new Map(rows.map((r) => [r.customer_id, Number(r.n)]))
}

export async function insertAlert(db: Executor, row: AlertRow): Promise<void> {
  await db.insertInto('monitoring_alerts').values(row).execute()
}

export async function updateAlert(db: Executor, id: string, set: Partial<AlertRow>): Promise<void> {
  await db.updateTable('monitoring_alerts').set(set).where('id', '=', id).execute()
}

// UPS status --------------------------------------------------------------------------------------------

export async function findUpsStatus(
  db: Executor,
  customerId: string,
  upsKey: string,
): Promise<UpsStatusRow | undefined> {
  return db
    .selectFrom('ups_status')
    .selectAll()
    .where('customer_id', '=', customerId)
    .where('ups_key', '=', upsKey)
    .executeTakeFirst()
}

export async function putUpsStatus(db: Executor, row: UpsStatusRow): Promise<void> {
  const { customer_id: _c, ups_key: _k, ...set } = row
  await db
    .insertInto('ups_status')
    .values(row)
    .onConflict((oc) => oc.columns(['customer_id', 'ups_key']).doUpdateSet(set))
    .execute()
}

export async function listUpsStatus(db: Executor, customerId?: string): Promise<UpsStatusRow[]> {
  let query = db.selectFrom('ups_status').selectAll()
  if (customerId) {
    query = query.where('customer_id', '=', customerId)
  }
  const rows = await query.orderBy('customer_id').orderBy('ups_key').execute()
  return rows.map((r) => ({ ...r, since: Number(r.since), last_seen_at: Number(r.last_seen_at) }))
}

// Configuration -----------------------------------------------------------------------------------------

export async function getConfig(db: Executor): Promise<unknown> {
  const row = await db.selectFrom('monitoring_config').select('value').where('key', '=', 'config').executeTakeFirst()
  return row ? (JSON.parse(row.value) as unknown) : undefined
}

export async function putConfig(db: Executor, value: unknown, at: number): Promise<void> {
  const json = JSON.stringify(value)
  await db
    .insertInto('monitoring_config')
    .values({ key: 'config', value: json, updated_at: at })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: json, updated_at: at }))
    .execute()
}

// UPS assets ----------------------------------------------------------------------------------------------

export interface UpsAssetRow {
  id: string
  customer_id: string
  name: string
  details: string
  /** How many servers it powers (asset_links of kind power to assets of class server). */
  servers: number | string
}

/** The active UPS assets (of one customer, or all), with whether they power a server. */
export async function upsAssets(db: Executor, customerId?: string): Promise<UpsAssetRow[]> {
  let query = db
    .selectFrom('assets as a')
    .innerJoin('customers as c', 'c.id', 'a.customer_id')
    .select(['a.id', 'a.customer_id', 'a.name', 'a.details'])
    .select((eb) =>
      eb
        .selectFrom('asset_links as l')
        .innerJoin('assets as s', 's.id', 'l.to_asset_id')
        .select(eb.fn.countAll<number | string>().as('n'))
        .whereRef('l.from_asset_id', '=', 'a.id')
        .where('l.kind', '=', sql.lit('power'))
        .where('s.class', '=', sql.lit('server'))
        .as('servers'),
    )
    .where('a.class', '=', sql.lit('ups'))
    .where('a.status', '=', sql.lit('active'))
    .where('c.archived_at', 'is', null)
  if (customerId) {
    query = query.where('a.customer_id', '=', customerId)
  }
  return (await query.execute()).map((r) => ({ ...r, servers: r.servers ?? 0 }))
}

export async function customerNames(
  db: Executor,
  ids?: readonly string[],
): Promise<{ id: string; name: string; technician_id: string | null }[]> {
  let query = db.selectFrom('customers').select(['id', 'name', 'technician_id']).where('archived_at', 'is', null)
  if (ids) {
    if (ids.length === 0) {
      return []
    }
    query = query.where('id', 'in', ids)
  }
  return query.orderBy('name_key').execute()
}

// Expected jobs' first days ---------------------------------------------------------------------------------

export async function jobFirstDays(db: Executor, customerIds?: readonly string[]): Promise<Map<string, string>> {
  let query = db.selectFrom('monitoring_jobs').selectAll()
  if (customerIds) {
    if (customerIds.length === 0) {
      return new Map()
    }
    query = query.where('customer_id', 'in', customerIds)
  }
  return new Map((await query.execute()).map((r) => [`${r.customer_id}\n${r.job_key}`, r.first_day]))
}

export async function insertJobFirstDays(
  db: Executor,
  rows: readonly { customer_id: string; job_key: string; first_day: string }[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insertInto('monitoring_jobs')
      .values(rows.slice(i, i + 500))
      .onConflict((oc) => oc.columns(['customer_id', 'job_key']).doNothing())
      .execute()
  }
}
