import type { Kysely } from 'kysely'

// Migrations see the database as it was then, not as src/db/types.ts describes it now.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // Requests for advice or a quote from the public form. A filled honeypot is kept too (spam = 1: nothing anyone
  // sends is thrown away), but never shown to staff.
  await db.schema
    .createTable('leads')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('company', 'varchar(200)', (c) => c.notNull())
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('email', 'varchar(320)', (c) => c.notNull())
    .addColumn('phone', 'varchar(50)')
    .addColumn('servers', 'integer')
    .addColumn('workstations', 'integer')
    .addColumn('question', 'text', (c) => c.notNull())
    .addColumn('locale', 'varchar(2)', (c) => c.notNull())
    .addColumn('status', 'varchar(20)', (c) => c.notNull())
    .addColumn('notes', 'text')
    .addColumn('spam', 'integer', (c) => c.notNull())
    .addColumn('ip', 'varchar(45)')
    .addColumn('customer_id', 'varchar(36)', (c) => c.references('customers.id'))
    // The draft contract made on conversion; the contracts module owns it, so no foreign key into its tables.
    .addColumn('contract_id', 'varchar(36)')
    // Set while a conversion runs: the customers and contracts services each commit on their own, so a second
    // conversion must wait, and a failed one is resumed from what the lead records (customer_id, contract_id).
    .addColumn('converting_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
  // Keyset lists newest first, all or by status, with the spam left out by the index itself.
  await db.schema.createIndex('leads_list').on('leads').columns(['spam', 'id']).execute()
  await db.schema.createIndex('leads_status').on('leads').columns(['spam', 'status', 'id']).execute()
  await db.schema.createIndex('leads_customer').on('leads').column('customer_id').execute()

  // Public form submissions per IP and hour, in the database so that every instance counts the same.
  await db.schema
    .createTable('lead_rate_limits')
    .addColumn('ip', 'varchar(45)', (c) => c.notNull())
    .addColumn('window_start', 'bigint', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('lead_rate_limits_pk', ['ip', 'window_start'])
    .execute()
  await db.schema.createIndex('lead_rate_limits_window').on('lead_rate_limits').column('window_start').execute()

  // Human quote numbers per year: Q2026-0001.
  await db.schema
    .createTable('quote_counters')
    .addColumn('year', 'integer', (c) => c.primaryKey())
    .addColumn('last', 'integer', (c) => c.notNull())
    .execute()

  // A quote is a document given to a prospect: the plan, counts and prices are stored as they were quoted, so that
  // its PDF reads the same later, whatever happens to the plan.
  await db.schema
    .createTable('quotes')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('lead_id', 'varchar(36)', (c) => c.notNull().references('leads.id'))
    .addColumn('number', 'varchar(20)', (c) => c.notNull().unique())
    .addColumn('plan_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('plan', 'text', (c) => c.notNull())
    .addColumn('counts', 'text', (c) => c.notNull())
    .addColumn('price', 'text', (c) => c.notNull())
    .addColumn('currency', 'varchar(3)', (c) => c.notNull())
    .addColumn('total_cents', 'bigint', (c) => c.notNull())
    .addColumn('locale', 'varchar(2)', (c) => c.notNull())
    .addColumn('quote_date', 'varchar(10)', (c) => c.notNull())
    .addColumn('valid_until', 'varchar(10)', (c) => c.notNull())
    .addColumn('created_by', 'varchar(36)')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('quotes_lead').on('quotes').columns(['lead_id', 'id']).execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['quotes', 'quote_counters', 'lead_rate_limits', 'leads']) {
    await db.schema.dropTable(table).execute()
  }
}
