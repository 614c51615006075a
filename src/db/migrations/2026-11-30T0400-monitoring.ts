import type { Kysely } from 'kysely'

// Migrations see the database as it was then, not as src/db/types.ts describes it now.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('ingest_tokens')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('customer_id', 'varchar(36)', (c) => c.notNull().references('customers.id'))
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('token_hash', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('prefix', 'varchar(20)', (c) => c.notNull())
    .addColumn('created_by', 'varchar(36)')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_used_at', 'bigint')
    .addColumn('revoked_at', 'bigint')
    .execute()
  await db.schema.createIndex('ingest_tokens_customer').on('ingest_tokens').columns(['customer_id', 'id']).execute()

  // Every report is kept as it came (its bytes in blobs), parsed or not. The same bytes of the same kind from the
  // same customer are one report: a shipper that retries does not make a second one.
  await db.schema
    .createTable('monitoring_reports')
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
    .addUniqueConstraint('monitoring_reports_same', ['customer_id', 'kind', 'sha256'])
    .execute()
  // Keyset lists newest first (uuidv7 ids grow with time), all or by kind or status.
  await db.schema
    .createIndex('monitoring_reports_list')
    .on('monitoring_reports')
    .columns(['customer_id', 'id'])
    .execute()
  await db.schema
    .createIndex('monitoring_reports_status')
    .on('monitoring_reports')
    .columns(['customer_id', 'status', 'id'])
    .execute()

  await db.schema
    .createTable('report_events')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('report_id', 'varchar(36)', (c) => c.notNull().references('monitoring_reports.id'))
    .addColumn('customer_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('kind', 'varchar(10)', (c) => c.notNull())
    .addColumn('job', 'varchar(200)')
    .addColumn('host', 'varchar(255)')
    .addColumn('result', 'varchar(20)', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('started_at', 'bigint')
    .addColumn('bytes', 'bigint')
    .addColumn('files', 'bigint')
    .addColumn('details', 'text', (c) => c.notNull())
    .execute()
  // The daily check asks per customer and job for the latest runs.
  await db.schema.createIndex('report_events_job').on('report_events').columns(['customer_id', 'job', 'at']).execute()
  await db.schema.createIndex('report_events_report').on('report_events').column('report_id').execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['report_events', 'monitoring_reports', 'ingest_tokens']) {
    await db.schema.dropTable(table).execute()
  }
}
