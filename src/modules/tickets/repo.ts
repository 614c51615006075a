import { type Selectable, sql } from 'kysely'
import type { Executor } from '../../db/database.js'
import { containsLike } from '../../db/dialect.js'
import type {
  TicketArticlesTable,
  TicketAttachmentsTable,
  TicketEventsTable,
  TicketsTable,
  TicketTimeEntriesTable,
  TicketWatchersTable,
} from '../../db/types.js'

export type TicketRow = Selectable<TicketsTable>
export type ArticleRow = Selectable<TicketArticlesTable>
export type EventRow = Selectable<TicketEventsTable>
export type AttachmentRow = Selectable<TicketAttachmentsTable>
export type TimeEntryRow = Selectable<TicketTimeEntriesTable>
export type WatcherRow = Selectable<TicketWatchersTable>

/** A ticket with the names it is shown with (read-only joins for display; writes stay in this module's tables). */
export type TicketView = TicketRow & {
  customer_name: string
  requester_name: string | null
  requester_contact_email: string | null
  assignee_name: string | null
  assignee_email: string | null
}

function selectTickets(db: Executor) {
  return db
    .selectFrom('tickets as t')
    .innerJoin('customers as c', 'c.id', 't.customer_id')
    .leftJoin('contacts as r', 'r.id', 't.requester_contact_id')
    .leftJoin('users as a', 'a.id', 't.assignee_id')
    .selectAll('t')
    .select([
      'c.name as customer_name',
      'r.name as requester_name',
      'r.email as requester_contact_email',
      'a.name as assignee_name',
      'a.email as assignee_email',
    ])
}

/** The next number of the year, e.g. 2026-000123; one counter row per year, incremented under its row lock. */
export async function nextNumber(db: Executor, year: number): Promise<string> {
  const row = await db
    .insertInto('ticket_counters')
    .values({ year, last: 1 })
    .onConflict((oc) => oc.column('year').doUpdateSet({ last: sql<number>`ticket_counters.last + 1` }))
    .returning('last')
    .executeTakeFirstOrThrow()
  return `${year}-${String(row.last).padStart(6, '0')}`
}

export async function insert(db: Executor, row: TicketRow): Promise<void> {
  await db.insertInto('tickets').values(row).execute()
}

export async function update(db: Executor, id: string, set: Partial<TicketRow>): Promise<void> {
  await db.updateTable('tickets').set(set).where('id', '=', id).execute()
}

export async function findById(db: Executor, id: string): Promise<TicketView | undefined> {
  return selectTickets(db).where('t.id', '=', id).executeTakeFirst()
}

export async function findByNumber(db: Executor, number: string): Promise<TicketRow | undefined> {
  return db.selectFrom('tickets').selectAll().where('number', '=', number).executeTakeFirst()
}

/** Locks the ticket row on PostgreSQL so that concurrent changes to one ticket apply one after the other. */
export async function lockForUpdate(db: Executor, id: string, dialect: 'sqlite' | 'postgres'): Promise<void> {
  if (dialect === 'postgres') {
    await db.selectFrom('tickets').select('id').where('id', '=', id).forUpdate().execute()
  }
}

export interface ListOptions {
  q?: string
  status?: string
  activeOnly?: boolean
  customerId?: string
  assigneeId?: string | null
  teamId?: string
  priority?: string
  slaState?: string
  sort: 'newest' | 'due' | 'priority'
  /** newest: [id]; due: [sla_due_at or MAX, id]; priority: [priority, sla_due_at or MAX, id] */
  after?: [string] | [number, string] | [string, number, string]
  limit: number
}

// Tickets without a pending deadline sort after all others in the "due" order.
export const NO_DUE = 9_007_199_254_740_991

export async function list(db: Executor, opts: ListOptions): Promise<TicketView[]> {
  let query = selectTickets(db)
  if (opts.customerId) {
    query = query.where('t.customer_id', '=', opts.customerId)
  }
  if (opts.status) {
    query = query.where('t.status', '=', opts.status)
  } else if (opts.activeOnly) {
    query = query.where('t.status', 'not in', ['resolved', 'closed'])
  }
  if (opts.assigneeId === null) {
    query = query.where('t.assignee_id', 'is', null)
  } else if (opts.assigneeId) {
    query = query.where('t.assignee_id', '=', opts.assigneeId)
  }
  if (opts.teamId) {
    query = query.where('t.team_id', '=', opts.teamId)
  }
  if (opts.priority) {
    query = query.where('t.priority', '=', opts.priority)
  }
  if (opts.slaState) {
    query = query.where('t.sla_state', '=', opts.slaState)
  }
  if (opts.q) {
    const q = opts.q
    query = query.where((eb) =>
      eb.or([
        containsLike(eb.fn<string>('lower', ['t.title']), q),
        eb('t.number', '=', q.replace(/^#/, '')),
        containsLike(eb.fn<string>('lower', ['c.name']), q),
      ]),
    )
  }
  if (opts.sort === 'priority') {
    const due = sql<number>`coalesce(t.sla_due_at, ${sql.lit(NO_DUE)})`
    if (opts.after) {
      const [p, d, id] = opts.after as [string, number, string]
      // The first condition is implied by the OR below; spelled out, it lets SQLite start the index scan there.
      query = query
        .where('t.priority', '>=', p)
        .where((eb) =>
          eb.or([
            eb('t.priority', '>', p),
            eb.and([eb('t.priority', '=', p), eb(due, '>', d)]),
            eb.and([eb('t.priority', '=', p), eb(due, '=', d), eb('t.id', '>', id)]),
          ]),
        )
    }
    query = query.orderBy('t.priority').orderBy(due).orderBy('t.id')
  } else if (opts.sort === 'due') {
    const due = sql<number>`coalesce(t.sla_due_at, ${sql.lit(NO_DUE)})`
    if (opts.after) {
      const [d, id] = opts.after as [number, string]
      // due >= d is implied by the OR; spelled out, it lets SQLite start the index scan at the cursor.
      query = query
        .where(due, '>=', d)
        .where((eb) => eb.or([eb(due, '>', d), eb.and([eb(due, '=', d), eb('t.id', '>', id)])]))
    }
    query = query.orderBy(due).orderBy('t.id')
  } else {
    if (opts.after) {
      query = query.where('t.id', '<', opts.after[0] as string)
    }
    query = query.orderBy('t.id', 'desc')
  }
  return query.limit(opts.limit).execute()
}

// Timeline ---------------------------------------------------------------------------------------

export async function insertEvent(db: Executor, row: EventRow): Promise<void> {
  await db.insertInto('ticket_events').values(row).execute()
}

export async function listEvents(db: Executor, ticketId: string): Promise<EventRow[]> {
  return db
    .selectFrom('ticket_events')
    .selectAll()
    .where('ticket_id', '=', ticketId)
    .orderBy('at')
    .orderBy('id')
    .execute()
}

/** Only the events the SLA clocks are computed from. */
export async function listClockEvents(db: Executor, ticketId: string): Promise<EventRow[]> {
  return db
    .selectFrom('ticket_events')
    .selectAll()
    .where('ticket_id', '=', ticketId)
    .where('type', 'in', ['created', 'status', 'priority', 'response'])
    .orderBy('at')
    .orderBy('id')
    .execute()
}

// Articles ---------------------------------------------------------------------------------------

export async function insertArticle(db: Executor, row: ArticleRow): Promise<void> {
  await db.insertInto('ticket_articles').values(row).execute()
}

export async function listArticles(db: Executor, ticketId: string, publicOnly: boolean): Promise<ArticleRow[]> {
  let query = db.selectFrom('ticket_articles').selectAll().where('ticket_id', '=', ticketId)
  if (publicOnly) {
    query = query.where('public', '=', 1)
  }
  return query.orderBy('id').execute()
}

export async function findArticlesByIds(db: Executor, ticketId: string, ids: string[]): Promise<ArticleRow[]> {
  return db
    .selectFrom('ticket_articles')
    .selectAll()
    .where('ticket_id', '=', ticketId)
    .where('id', 'in', ids)
    .orderBy('id')
    .execute()
}

/** The ticket a mail answers: the one whose article carries one of these Message-IDs. */
export async function findTicketIdByMessageIds(db: Executor, messageIds: string[]): Promise<string | undefined> {
  if (messageIds.length === 0) {
    return undefined
  }
  const row = await db
    .selectFrom('ticket_articles')
    .select('ticket_id')
    .where('message_id', 'in', messageIds)
    .orderBy('id', 'desc')
    .executeTakeFirst()
  return row?.ticket_id
}

// Time, watchers, attachments -----------------------------------------------------------------------

export async function insertTimeEntry(db: Executor, row: TimeEntryRow): Promise<void> {
  await db.insertInto('ticket_time_entries').values(row).execute()
}

export async function listTimeEntries(
  db: Executor,
  ticketId: string,
): Promise<(TimeEntryRow & { user_name: string })[]> {
  return db
    .selectFrom('ticket_time_entries as e')
    .innerJoin('users as u', 'u.id', 'e.user_id')
    .selectAll('e')
    .select('u.name as user_name')
    .where('e.ticket_id', '=', ticketId)
    .orderBy('e.id')
    .execute()
}

export async function listWatchers(db: Executor, ticketId: string): Promise<WatcherRow[]> {
  return db.selectFrom('ticket_watchers').selectAll().where('ticket_id', '=', ticketId).orderBy('email').execute()
}

export async function addWatcher(db: Executor, row: WatcherRow): Promise<boolean> {
  const r = await db
    .insertInto('ticket_watchers')
    .values(row)
    .onConflict((oc) => oc.columns(['ticket_id', 'email']).doNothing())
    .executeTakeFirst()
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0
}

export async function removeWatcher(db: Executor, ticketId: string, email: string): Promise<number> {
  const r = await db
    .deleteFrom('ticket_watchers')
    .where('ticket_id', '=', ticketId)
    .where('email', '=', email)
    .executeTakeFirst()
  return Number(r.numDeletedRows)
}

export async function insertAttachment(db: Executor, row: AttachmentRow): Promise<void> {
  await db.insertInto('ticket_attachments').values(row).execute()
}

export async function listAttachments(db: Executor, ticketId: string, publicOnly: boolean): Promise<AttachmentRow[]> {
  let query = db.selectFrom('ticket_attachments').selectAll().where('ticket_id', '=', ticketId)
  if (publicOnly) {
    query = query.where('public', '=', 1)
  }
  return query.orderBy('id').execute()
}

export async function findAttachment(db: Executor, id: string): Promise<AttachmentRow | undefined> {
  return db.selectFrom('ticket_attachments').selectAll().where('id', '=', id).executeTakeFirst()
}
