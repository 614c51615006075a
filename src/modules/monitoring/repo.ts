import { type Selectable, sql } from 'kysely'
import type { Executor } from '../../db/database.js'
import type { IngestTokensTable, MonitoringReportsTable, ReportEventsTable } from './tables.js'

export type TokenRow = Selectable<IngestTokensTable>
export type ReportRow = Selectable<MonitoringReportsTable>
export type EventRow = Selectable<ReportEventsTable>

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
): Promise<ReportRow | undefined> {
  return db
    .selectFrom('monitoring_reports')
    .selectAll()
    .where('customer_id', '=', customerId)
    .where('kind', '=', kind as ReportRow['kind'])
    .where('sha256', '=', sha256)
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
