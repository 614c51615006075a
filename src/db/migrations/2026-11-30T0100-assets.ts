import type { Kysely } from 'kysely'

// Migrations see the database as it was then, not as src/db/types.ts describes it now.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // A customer's locations. One name per customer (case-insensitive): a CSV import finds a site by its name.
  await db.schema
    .createTable('sites')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('customer_id', 'varchar(36)', (c) => c.notNull().references('customers.id'))
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('name_key', 'varchar(200)', (c) => c.notNull())
    .addColumn('address', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('sites_customer_name').on('sites').columns(['customer_id', 'name_key']).unique().execute()

  await db.schema
    .createTable('assets')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('customer_id', 'varchar(36)', (c) => c.notNull().references('customers.id'))
    .addColumn('site_id', 'varchar(36)', (c) => c.references('sites.id'))
    .addColumn('class', 'varchar(20)', (c) => c.notNull())
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('name_key', 'varchar(200)', (c) => c.notNull())
    .addColumn('serial', 'varchar(100)')
    .addColumn('serial_key', 'varchar(100)')
    .addColumn('purchase_date', 'varchar(10)')
    .addColumn('warranty_end', 'varchar(10)')
    .addColumn('os', 'varchar(100)')
    .addColumn('status', 'varchar(10)', (c) => c.notNull())
    .addColumn('active_from', 'varchar(10)', (c) => c.notNull())
    .addColumn('active_until', 'varchar(10)')
    .addColumn('retired_on', 'varchar(10)')
    .addColumn('notes', 'text')
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('remote_access', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
  // The list of one customer by name (keyset), and its counts per class and status.
  await db.schema.createIndex('assets_customer_name').on('assets').columns(['customer_id', 'name_key', 'id']).execute()
  await db.schema
    .createIndex('assets_customer_class')
    .on('assets')
    .columns(['customer_id', 'class', 'status'])
    .execute()
  // Serials are unique per customer when given (NULLs are distinct on both databases).
  await db.schema
    .createIndex('assets_customer_serial')
    .on('assets')
    .columns(['customer_id', 'serial_key'])
    .unique()
    .execute()
  await db.schema.createIndex('assets_site').on('assets').column('site_id').execute()

  // The billing history. activeCounts groups by customer and class over the rows active on a date: this index holds
  // every column it reads, in the order it groups, so the count is an index-only scan (per customer when narrowed).
  await db.schema
    .createTable('asset_periods')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('asset_id', 'varchar(36)', (c) => c.notNull().references('assets.id'))
    .addColumn('customer_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('class', 'varchar(20)', (c) => c.notNull())
    .addColumn('active_from', 'varchar(10)', (c) => c.notNull())
    .addColumn('active_until', 'varchar(10)')
    .execute()
  await db.schema
    .createIndex('asset_periods_counts')
    .on('asset_periods')
    .columns(['customer_id', 'class', 'active_from', 'active_until'])
    .execute()
  await db.schema.createIndex('asset_periods_asset').on('asset_periods').columns(['asset_id', 'active_from']).execute()

  // "Which UPS protects this server" is one indexed read of asset_links_to.
  await db.schema
    .createTable('asset_links')
    .addColumn('kind', 'varchar(10)', (c) => c.notNull())
    .addColumn('from_asset_id', 'varchar(36)', (c) => c.notNull().references('assets.id'))
    .addColumn('to_asset_id', 'varchar(36)', (c) => c.notNull().references('assets.id'))
    .addColumn('customer_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('asset_links_pk', ['from_asset_id', 'kind', 'to_asset_id'])
    .execute()
  await db.schema.createIndex('asset_links_to').on('asset_links').columns(['to_asset_id', 'kind']).execute()

  await db.schema
    .createTable('asset_software')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('asset_id', 'varchar(36)', (c) => c.notNull().references('assets.id'))
    .addColumn('customer_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('product', 'varchar(200)', (c) => c.notNull())
    .addColumn('vendor', 'varchar(200)')
    .addColumn('version', 'varchar(100)')
    .addColumn('licence', 'varchar(500)')
    .addColumn('installed_on', 'varchar(10)')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('asset_software_asset').on('asset_software').columns(['asset_id', 'id']).execute()
  // Patch planning asks "where does this product run, in which versions".
  await db.schema
    .createIndex('asset_software_product')
    .on('asset_software')
    .columns(['product', 'version', 'customer_id'])
    .execute()

  await db.schema
    .createTable('assets_config')
    .addColumn('key', 'varchar(50)', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['assets_config', 'asset_software', 'asset_links', 'asset_periods', 'assets', 'sites']) {
    await db.schema.dropTable(table).execute()
  }
}
