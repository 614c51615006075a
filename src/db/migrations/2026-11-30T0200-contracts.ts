import { type Kysely, sql } from 'kysely'

// Migrations see the database as it was then, not as src/db/types.ts describes it now.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // The SLA plans the MSP sells (Basis, Plus, Premium): the promises, the services and the prices, as JSON.
  await db.schema
    .createTable('sla_plans')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(100)', (c) => c.notNull())
    .addColumn('name_key', 'varchar(100)', (c) => c.notNull().unique())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('policy', 'text', (c) => c.notNull())
    .addColumn('services', 'text', (c) => c.notNull())
    .addColumn('price', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()

  // A customer's contracts, kept for history: an ended contract stays, with its end date.
  await db.schema
    .createTable('contracts')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('customer_id', 'varchar(36)', (c) => c.notNull().references('customers.id'))
    .addColumn('plan_id', 'varchar(36)', (c) => c.notNull().references('sla_plans.id'))
    .addColumn('start_date', 'varchar(10)', (c) => c.notNull())
    .addColumn('term_months', 'integer', (c) => c.notNull())
    .addColumn('notice_months', 'integer', (c) => c.notNull())
    .addColumn('indexation_basis_points', 'integer', (c) => c.notNull())
    .addColumn('monthly_discount_basis_points', 'integer', (c) => c.notNull())
    .addColumn('overrides', 'text', (c) => c.notNull())
    .addColumn('status', 'varchar(10)', (c) => c.notNull())
    .addColumn('end_date', 'varchar(10)')
    .addColumn('document_sha256', 'varchar(64)', (c) => c.references('blobs.sha256'))
    .addColumn('document_filename', 'varchar(255)')
    .addColumn('document_size', 'bigint')
    .addColumn('document_uploaded_at', 'bigint')
    .addColumn('activated_at', 'bigint')
    .addColumn('ended_at', 'bigint')
    .addColumn('created_by', 'varchar(36)')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
  // One active contract per customer, enforced where no race can slip past it.
  await db.schema
    .createIndex('contracts_one_active')
    .on('contracts')
    .column('customer_id')
    .unique()
    .where(sql.ref('status'), '=', sql.lit('active'))
    .execute()
  // A customer's history, and "which contract applies on this date" for one customer or for all of them.
  await db.schema.createIndex('contracts_customer').on('contracts').columns(['customer_id', 'start_date']).execute()
  await db.schema.createIndex('contracts_start').on('contracts').columns(['start_date', 'customer_id']).execute()
  await db.schema.createIndex('contracts_plan').on('contracts').column('plan_id').execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('contracts').execute()
  await db.schema.dropTable('sla_plans').execute()
}
