import { type Kysely, sql } from 'kysely'

// Migrations see the database as it was then, not as src/db/types.ts describes it now.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // The reports nothing understood, of all customers, newest first: the staff's queue of reports to classify.
  await db.schema
    .createIndex('monitoring_reports_unparsed')
    .on('monitoring_reports')
    .column('id')
    .where(sql.ref('status'), '=', sql.lit('unparsed'))
    .execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('monitoring_reports_unparsed').execute()
}
