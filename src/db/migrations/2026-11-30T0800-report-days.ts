import { type Kysely, sql } from 'kysely'
import { DateTime } from 'luxon'
import { dialectOf } from '../dialect.js'

// Identical bytes were one report whenever they came. A job that fails the same way every night (a report without
// times of its own) then had one report for all those nights, and the nights after the first looked missing. Now the
// same bytes are the same report on the same day of receipt only: a shipper's retry is still one report, the next
// night's identical failure is a report of its own.

// Migrations see the database as it was then, not as src/db/types.ts describes it now.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  if ((await dialectOf(db)) === 'postgres') {
    await sql`alter table monitoring_reports drop constraint monitoring_reports_same`.execute(db)
    await db.schema.alterTable('monitoring_reports').addColumn('received_day', 'varchar(10)').execute()
    await backfill(db)
    await sql`alter table monitoring_reports alter column received_day set not null`.execute(db)
  } else {
    await rebuildOnSqlite(db)
  }
  await db.schema
    .createIndex('monitoring_reports_same')
    .on('monitoring_reports')
    .columns(['customer_id', 'kind', 'sha256', 'received_day'])
    .unique()
    .execute()
}

/**
 * The day of receipt of the reports stored so far, as the service now computes it with the default check time and
 * time zone (the day runs from 07:30 to 07:30 Europe/Amsterdam); only a retry of one of these reports reads it.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function backfill(db: Kysely<any>): Promise<void> {
  const rows: { id: string; received_at: number | string }[] = await db
    .selectFrom('monitoring_reports')
    .select(['id', 'received_at'])
    .execute()
  const byDay = new Map<string, string[]>()
  for (const r of rows) {
    const day = DateTime.fromMillis(Number(r.received_at), { zone: 'Europe/Amsterdam' })
      .minus({ hours: 7, minutes: 30 })
      .toISODate() as string
    byDay.set(day, [...(byDay.get(day) ?? []), r.id])
  }
  for (const [day, ids] of byDay) {
    for (let i = 0; i < ids.length; i += 500) {
      await db
        .updateTable('monitoring_reports')
        .set({ received_day: day })
        .where('id', 'in', ids.slice(i, i + 500))
        .execute()
    }
  }
}

/**
 * SQLite cannot drop a table's UNIQUE constraint: the table is rebuilt (SQLite's documented twelve steps). Foreign
 * keys are off meanwhile, so that dropping the old table does not touch the events that refer to it; they are
 * checked before the change is committed. Kysely runs SQLite migrations outside a transaction, on its one connection.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function rebuildOnSqlite(db: Kysely<any>): Promise<void> {
  await sql`pragma foreign_keys = off`.execute(db)
  try {
    await db.transaction().execute(async (trx) => {
      await trx.schema
        .createTable('monitoring_reports_new')
        .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
        .addColumn('customer_id', 'varchar(36)', (c) => c.notNull().references('customers.id'))
        .addColumn('kind', 'varchar(10)', (c) => c.notNull())
        .addColumn('source', 'varchar(10)', (c) => c.notNull())
        .addColumn('sha256', 'varchar(64)', (c) => c.notNull())
        .addColumn('size', 'bigint', (c) => c.notNull())
        .addColumn('content_type', 'varchar(200)', (c) => c.notNull())
        .addColumn('format_requested', 'varchar(40)')
        .addColumn('format', 'varchar(40)')
        .addColumn('status', 'varchar(10)', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('from_future', 'integer', (c) => c.notNull())
        .addColumn('exit_code', 'integer')
        .addColumn('job_hint', 'varchar(200)')
        .addColumn('host', 'varchar(255)')
        .addColumn('token_id', 'varchar(36)')
        .addColumn('received_at', 'bigint', (c) => c.notNull())
        .addColumn('parsed_at', 'bigint')
        .addColumn('received_day', 'varchar(10)')
        .execute()
      await sql`insert into monitoring_reports_new (id, customer_id, kind, source, sha256, size, content_type,
        format_requested, format, status, reason, from_future, exit_code, job_hint, host, token_id, received_at,
        parsed_at)
        select id, customer_id, kind, source, sha256, size, content_type, format_requested, format, status, reason,
        from_future, exit_code, job_hint, host, token_id, received_at, parsed_at from monitoring_reports`.execute(trx)
      await trx.schema.dropTable('monitoring_reports').execute()
      await sql`alter table monitoring_reports_new rename to monitoring_reports`.execute(trx)
      await backfill(trx)
      await trx.schema
        .createIndex('monitoring_reports_list')
        .on('monitoring_reports')
        .columns(['customer_id', 'id'])
        .execute()
      await trx.schema
        .createIndex('monitoring_reports_status')
        .on('monitoring_reports')
        .columns(['customer_id', 'status', 'id'])
        .execute()
      await trx.schema
        .createIndex('monitoring_reports_pending')
        .on('monitoring_reports')
        .column('received_at')
        .where(sql.ref('status'), '=', sql.lit('stored'))
        .execute()
      const broken = await sql`pragma foreign_key_check`.execute(trx)
      if (broken.rows.length > 0) {
        throw new Error(`rebuilding monitoring_reports broke ${broken.rows.length} references`)
      }
    })
  } finally {
    await sql`pragma foreign_keys = on`.execute(db)
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('monitoring_reports_same').execute()
}
