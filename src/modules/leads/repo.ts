import { sql, type Selectable } from 'kysely'
import type { Executor } from '../../db/database.js'
import { containsLike, dialectOf } from '../../db/dialect.js'
import type { Lead, LeadStatus, QuoteSummary } from './schema.js'
import type { LeadsTable, QuotesTable } from './tables.js'

export type LeadRow = Selectable<LeadsTable>
export type QuoteRow = Selectable<QuotesTable>

export function toLead(row: LeadRow): Lead {
  return {
    id: row.id,
    company: row.company,
    name: row.name,
    email: row.email,
    phone: row.phone,
    servers: row.servers,
    workstations: row.workstations,
    question: row.question,
    locale: row.locale,
    status: row.status,
    notes: row.notes,
    customerId: row.customer_id,
    contractId: row.contract_id,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}

export async function insert(db: Executor, row: LeadRow): Promise<void> {
  await db.insertInto('leads').values(row).execute()
}

/** A lead staff may see: spam is never found. */
export async function findById(db: Executor, id: string): Promise<LeadRow | undefined> {
  return db.selectFrom('leads').selectAll().where('id', '=', id).where('spam', '=', 0).executeTakeFirst()
}

/** The same, locking the row until the transaction ends (PostgreSQL; SQLite holds one writer anyway). */
export async function lockById(db: Executor, id: string): Promise<LeadRow | undefined> {
  const query = db.selectFrom('leads').selectAll().where('id', '=', id).where('spam', '=', 0)
  return ((await dialectOf(db)) === 'postgres' ? query.forUpdate() : query).executeTakeFirst()
}

export async function update(db: Executor, id: string, set: Partial<LeadRow>): Promise<void> {
  await db.updateTable('leads').set(set).where('id', '=', id).execute()
}

/** Newest first, by id (UUIDv7: creation order); `after` is the id of the last lead of the previous page. */
export async function list(
  db: Executor,
  opts: { status?: LeadStatus; q?: string; after?: string; limit: number },
): Promise<LeadRow[]> {
  let query = db.selectFrom('leads').selectAll().where('spam', '=', 0)
  if (opts.status) {
    query = query.where('status', '=', opts.status)
  }
  if (opts.q) {
    const q = opts.q
    query = query.where((eb) =>
      eb.or([
        containsLike(eb.fn<string>('lower', ['company']), q),
        containsLike(eb.fn<string>('lower', ['name']), q),
        containsLike(eb.fn<string>('lower', ['email']), q),
      ]),
    )
  }
  if (opts.after) {
    query = query.where('id', '<', opts.after)
  }
  return query.orderBy('id', 'desc').limit(opts.limit).execute()
}

/**
 * Counts one more submission from `ip` in the hour that starts at `windowStart` and returns the count so far.
 * One statement, so that concurrent requests (also on other instances) each see their own number.
 */
export async function countSubmission(db: Executor, ip: string, windowStart: number): Promise<number> {
  const row = await db
    .insertInto('lead_rate_limits')
    .values({ ip, window_start: windowStart, count: 1 })
    .onConflict((oc) =>
      oc.columns(['ip', 'window_start']).doUpdateSet({ count: sql<number>`lead_rate_limits.count + 1` }),
    )
    .returning('count')
    .executeTakeFirstOrThrow()
  return Number(row.count)
}

/** Forgets the counts of hours that have passed. */
export async function pruneSubmissionCounts(db: Executor, before: number): Promise<void> {
  await db.deleteFrom('lead_rate_limits').where('window_start', '<', before).execute()
}

/** The next quote number of the year, e.g. Q2026-0007; one counter row per year, incremented under its row lock. */
export async function nextQuoteNumber(db: Executor, year: number): Promise<string> {
  const row = await db
    .insertInto('quote_counters')
    .values({ year, last: 1 })
    .onConflict((oc) => oc.column('year').doUpdateSet({ last: sql<number>`quote_counters.last + 1` }))
    .returning('last')
    .executeTakeFirstOrThrow()
  return `Q${year}-${String(row.last).padStart(4, '0')}`
}

export async function insertQuote(db: Executor, row: QuoteRow): Promise<void> {
  await db.insertInto('quotes').values(row).execute()
}

export async function findQuote(db: Executor, id: string): Promise<QuoteRow | undefined> {
  return db.selectFrom('quotes').selectAll().where('id', '=', id).executeTakeFirst()
}

/** A lead's quotes, newest first. */
export async function listQuotes(db: Executor, leadId: string): Promise<QuoteRow[]> {
  return db.selectFrom('quotes').selectAll().where('lead_id', '=', leadId).orderBy('id', 'desc').execute()
}

export function toQuoteSummary(row: QuoteRow): QuoteSummary {
  const plan = JSON.parse(row.plan) as { name: string }
  return {
    id: row.id,
    number: row.number,
    planId: row.plan_id,
    planName: plan.name,
    currency: row.currency,
    totalCents: row.total_cents,
    date: row.quote_date,
    validUntil: row.valid_until,
    createdAt: row.created_at,
  }
}
