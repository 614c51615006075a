import { type Kysely, sql } from 'kysely'

// Migrations see the database as it was then, not as src/db/types.ts describes it now.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('customers').addColumn('technician_id', 'varchar(36)').execute()

  // The daily check reads the runs of one window over all customers at once.
  await db.schema.createIndex('report_events_at').on('report_events').columns(['kind', 'at']).execute()

  // What the daily check decided per customer, job and day: the history the board, the tickets' escalation and
  // "missing three days running" read. A day is decided once its window has closed; the check may decide it again.
  await db.schema
    .createTable('monitoring_days')
    .addColumn('customer_id', 'varchar(36)', (c) => c.notNull().references('customers.id'))
    .addColumn('job_key', 'varchar(200)', (c) => c.notNull())
    .addColumn('day', 'varchar(10)', (c) => c.notNull())
    .addColumn('job', 'varchar(200)', (c) => c.notNull())
    .addColumn('asset_id', 'varchar(36)')
    .addColumn('status', 'varchar(10)', (c) => c.notNull())
    .addColumn('runs', 'integer', (c) => c.notNull())
    .addColumn('last_event_id', 'varchar(36)')
    .addColumn('decided_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('monitoring_days_pk', ['customer_id', 'job_key', 'day'])
    .execute()
  await db.schema.createIndex('monitoring_days_day').on('monitoring_days').columns(['day', 'status']).execute()

  // The day each expected job was first seen configured: it is not missing on the days before.
  await db.schema
    .createTable('monitoring_jobs')
    .addColumn('customer_id', 'varchar(36)', (c) => c.notNull().references('customers.id'))
    .addColumn('job_key', 'varchar(200)', (c) => c.notNull())
    .addColumn('first_day', 'varchar(10)', (c) => c.notNull())
    .addPrimaryKeyConstraint('monitoring_jobs_pk', ['customer_id', 'job_key'])
    .execute()

  // One open problem per customer and key (job + problem, or UPS + problem), tied to its ticket: a repeat adds to
  // that ticket instead of opening another.
  await db.schema
    .createTable('monitoring_alerts')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('customer_id', 'varchar(36)', (c) => c.notNull().references('customers.id'))
    .addColumn('key', 'varchar(300)', (c) => c.notNull())
    .addColumn('kind', 'varchar(10)', (c) => c.notNull())
    .addColumn('subject', 'varchar(200)', (c) => c.notNull())
    .addColumn('problem', 'varchar(30)', (c) => c.notNull())
    .addColumn('level', 'varchar(10)', (c) => c.notNull())
    .addColumn('ticket_id', 'varchar(36)')
    .addColumn('occurrences', 'integer', (c) => c.notNull())
    .addColumn('opened_at', 'bigint', (c) => c.notNull())
    .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
    .addColumn('cleared_at', 'bigint')
    .execute()
  await db.schema
    .createIndex('monitoring_alerts_open')
    .on('monitoring_alerts')
    .columns(['customer_id', 'key'])
    .unique()
    .where(sql.ref('cleared_at'), 'is', null)
    .execute()

  // A technician's "read and checked" of a customer's day.
  await db.schema
    .createTable('monitoring_reviews')
    .addColumn('customer_id', 'varchar(36)', (c) => c.notNull().references('customers.id'))
    .addColumn('day', 'varchar(10)', (c) => c.notNull())
    .addColumn('reviewed_by', 'varchar(36)', (c) => c.notNull())
    .addColumn('reviewer_name', 'varchar(200)', (c) => c.notNull())
    .addColumn('reviewed_at', 'bigint', (c) => c.notNull())
    .addColumn('remarks', 'text')
    .addPrimaryKeyConstraint('monitoring_reviews_pk', ['customer_id', 'day'])
    .execute()

  // The latest known state of each UPS, from polls and from reports; `since` is when that state began.
  await db.schema
    .createTable('ups_status')
    .addColumn('customer_id', 'varchar(36)', (c) => c.notNull().references('customers.id'))
    .addColumn('ups_key', 'varchar(200)', (c) => c.notNull())
    .addColumn('ups', 'varchar(200)', (c) => c.notNull())
    .addColumn('asset_id', 'varchar(36)')
    .addColumn('state', 'varchar(20)', (c) => c.notNull())
    .addColumn('since', 'bigint', (c) => c.notNull())
    .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
    .addColumn('charge', 'real')
    .addColumn('runtime_seconds', 'integer')
    .addColumn('load_percent', 'real')
    .addColumn('input_voltage', 'real')
    .addColumn('message', 'text')
    .addColumn('source', 'varchar(10)', (c) => c.notNull())
    .addPrimaryKeyConstraint('ups_status_pk', ['customer_id', 'ups_key'])
    .execute()

  await db.schema
    .createTable('monitoring_config')
    .addColumn('key', 'varchar(100)', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    'monitoring_jobs',
    'monitoring_config',
    'ups_status',
    'monitoring_reviews',
    'monitoring_alerts',
    'monitoring_days',
  ]) {
    await db.schema.dropTable(table).execute()
  }
  await db.schema.dropIndex('report_events_at').execute()
  await db.schema.alterTable('customers').dropColumn('technician_id').execute()
}
