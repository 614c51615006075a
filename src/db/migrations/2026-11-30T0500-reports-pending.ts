import { type Kysely, sql } from 'kysely'

// Migrations see the database as it was then, not as src/db/types.ts describes it now.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // The reports stored but not parsed yet (the process stopped in between): few, found without a scan.
  await db.schema
    .createIndex('monitoring_reports_pending')
    .on('monitoring_reports')
    .column('received_at')
    .where(sql.ref('status'), '=', sql.lit('stored'))
    .execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('monitoring_reports_pending').execute()
}
