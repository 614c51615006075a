import { type Kysely, sql } from 'kysely'
import { dialectOf } from '../dialect.js'

// Migrations see the database as it was then, not as src/db/types.ts describes it now.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const binary = (await dialectOf(db)) === 'postgres' ? 'bytea' : 'blob'

  // Content-addressed bytes: raw mails and attachments, stored before anything reads them. In the database so that
  // one backup holds everything and several instances on one PostgreSQL share them.
  await db.schema
    .createTable('blobs')
    .addColumn('sha256', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('content', binary, (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('teams')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(100)', (c) => c.notNull().unique())
    .addColumn('lead_id', 'varchar(36)', (c) => c.references('users.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()

  // Human ticket numbers per year: 2026-000123.
  await db.schema
    .createTable('ticket_counters')
    .addColumn('year', 'integer', (c) => c.primaryKey())
    .addColumn('last', 'integer', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('tickets')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('number', 'varchar(20)', (c) => c.notNull().unique())
    .addColumn('customer_id', 'varchar(36)', (c) => c.notNull().references('customers.id'))
    .addColumn('requester_contact_id', 'varchar(36)', (c) => c.references('contacts.id'))
    .addColumn('requester_email', 'varchar(320)')
    .addColumn('type', 'varchar(30)', (c) => c.notNull())
    .addColumn('status', 'varchar(30)', (c) => c.notNull())
    .addColumn('priority', 'varchar(2)', (c) => c.notNull())
    .addColumn('impact', 'varchar(10)')
    .addColumn('urgency', 'varchar(10)')
    .addColumn('severity', 'varchar(10)')
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('source', 'varchar(10)', (c) => c.notNull())
    .addColumn('assignee_id', 'varchar(36)', (c) => c.references('users.id'))
    .addColumn('team_id', 'varchar(36)', (c) => c.references('teams.id'))
    .addColumn('tags', 'text', (c) => c.notNull())
    .addColumn('asset_ids', 'text', (c) => c.notNull())
    .addColumn('created_by', 'varchar(36)', (c) => c.references('users.id'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('first_response_at', 'bigint')
    .addColumn('resolved_at', 'bigint')
    .addColumn('closed_at', 'bigint')
    .addColumn('merged_into_id', 'varchar(36)')
    // The clocks as last computed from the timeline (a cache for lists and filters, never the evidence itself).
    .addColumn('sla_state', 'varchar(10)', (c) => c.notNull())
    .addColumn('sla_due_at', 'bigint')
    .addColumn('sla_next_at', 'bigint')
    .addColumn('sla_json', 'text', (c) => c.notNull())
    .execute()
  // Keyset lists: newest first overall, per customer, per status, per assignee; the watcher wakes by sla_next_at.
  await db.schema.createIndex('tickets_customer').on('tickets').columns(['customer_id', 'id']).execute()
  await db.schema.createIndex('tickets_status').on('tickets').columns(['status', 'id']).execute()
  await db.schema.createIndex('tickets_assignee').on('tickets').columns(['assignee_id', 'id']).execute()
  // The "due" and "priority" orders sort by the deadline with tickets without one last; the index holds exactly
  // that expression (and the status, so that "active only" is read from the index too).
  await sql`create index tickets_due_order on tickets ((coalesce(sla_due_at, 9007199254740991)), id, status)`.execute(
    db,
  )
  await sql`create index tickets_priority_order on tickets (priority, (coalesce(sla_due_at, 9007199254740991)), id, status)`.execute(
    db,
  )
  await db.schema.createIndex('tickets_sla_next').on('tickets').column('sla_next_at').execute()

  await db.schema
    .createTable('ticket_articles')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('ticket_id', 'varchar(36)', (c) => c.notNull().references('tickets.id'))
    .addColumn('customer_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('kind', 'varchar(10)', (c) => c.notNull())
    .addColumn('public', 'integer', (c) => c.notNull())
    .addColumn('author_id', 'varchar(36)', (c) => c.references('users.id'))
    .addColumn('author_name', 'varchar(200)')
    .addColumn('author_email', 'varchar(320)')
    .addColumn('by_staff', 'integer', (c) => c.notNull())
    .addColumn('body_text', 'text', (c) => c.notNull())
    .addColumn('body_html', 'text')
    .addColumn('mail_id', 'varchar(36)')
    .addColumn('message_id', 'varchar(998)')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('ticket_articles_ticket').on('ticket_articles').columns(['ticket_id', 'id']).execute()
  await db.schema.createIndex('ticket_articles_message').on('ticket_articles').column('message_id').execute()

  // The timeline: append-only evidence (every change and every SLA event), never edited.
  await db.schema
    .createTable('ticket_events')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('ticket_id', 'varchar(36)', (c) => c.notNull().references('tickets.id'))
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('type', 'varchar(40)', (c) => c.notNull())
    .addColumn('actor_id', 'varchar(36)')
    .addColumn('actor_label', 'varchar(320)', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('ticket_events_ticket').on('ticket_events').columns(['ticket_id', 'at', 'id']).execute()

  await db.schema
    .createTable('ticket_attachments')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('ticket_id', 'varchar(36)', (c) => c.notNull().references('tickets.id'))
    .addColumn('article_id', 'varchar(36)')
    .addColumn('customer_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('filename', 'varchar(255)', (c) => c.notNull())
    .addColumn('content_type', 'varchar(255)', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('sha256', 'varchar(64)', (c) => c.notNull().references('blobs.sha256'))
    .addColumn('public', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'varchar(36)')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('ticket_attachments_ticket').on('ticket_attachments').column('ticket_id').execute()

  await db.schema
    .createTable('ticket_time_entries')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('ticket_id', 'varchar(36)', (c) => c.notNull().references('tickets.id'))
    .addColumn('customer_id', 'varchar(36)', (c) => c.notNull())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id'))
    .addColumn('minutes', 'integer', (c) => c.notNull())
    .addColumn('billable', 'integer', (c) => c.notNull())
    .addColumn('activity', 'varchar(30)', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('performed_on', 'varchar(10)', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('ticket_time_ticket').on('ticket_time_entries').column('ticket_id').execute()
  await db.schema
    .createIndex('ticket_time_customer')
    .on('ticket_time_entries')
    .columns(['customer_id', 'performed_on'])
    .execute()

  await db.schema
    .createTable('ticket_watchers')
    .addColumn('ticket_id', 'varchar(36)', (c) => c.notNull().references('tickets.id'))
    .addColumn('email', 'varchar(320)', (c) => c.notNull())
    .addColumn('user_id', 'varchar(36)')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('ticket_watchers_pk', ['ticket_id', 'email'])
    .execute()

  // Every mail that reached sladesk, stored before it is read; the same Message-ID is one mail.
  await db.schema
    .createTable('inbound_mails')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('message_id', 'varchar(998)', (c) => c.notNull().unique())
    .addColumn('sha256', 'varchar(64)', (c) => c.notNull().references('blobs.sha256'))
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('source', 'varchar(10)', (c) => c.notNull())
    .addColumn('envelope', 'text', (c) => c.notNull())
    .addColumn('from_address', 'varchar(320)')
    .addColumn('subject', 'varchar(998)', (c) => c.notNull())
    .addColumn('status', 'varchar(10)', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('ticket_id', 'varchar(36)')
    .addColumn('customer_id', 'varchar(36)')
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addColumn('processed_at', 'bigint')
    .execute()
  await db.schema.createIndex('inbound_mails_status').on('inbound_mails').columns(['status', 'id']).execute()

  await db.schema
    .createTable('imap_cursors')
    .addColumn('mailbox', 'varchar(500)', (c) => c.primaryKey())
    .addColumn('uid_validity', 'varchar(30)', (c) => c.notNull())
    .addColumn('last_uid', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()

  // SLA policy, calendars and priority rules (one row each), and per-customer policy overrides.
  await db.schema
    .createTable('sla_config')
    .addColumn('key', 'varchar(50)', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema
    .createTable('sla_customer_policies')
    .addColumn('customer_id', 'varchar(36)', (c) => c.primaryKey().references('customers.id'))
    .addColumn('policy', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()

  // Who is on call when: calamities outside business hours escalate to them.
  await db.schema
    .createTable('oncall_shifts')
    .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
    .addColumn('user_id', 'varchar(36)', (c) => c.notNull().references('users.id'))
    .addColumn('starts_at', 'bigint', (c) => c.notNull())
    .addColumn('ends_at', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('oncall_shifts_time').on('oncall_shifts').columns(['starts_at', 'ends_at']).execute()

  // Mails about a ticket carry threading headers, and point back to what they are about (a reply finds its ticket).
  await db.schema.alterTable('outbox').addColumn('headers', 'text').execute()
  await db.schema.alterTable('outbox').addColumn('ref_id', 'varchar(36)').execute()

  // A technician's working hours (a calendar spec as JSON; null: the MSP's business calendar).
  await db.schema.alterTable('users').addColumn('work_hours', 'text').execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('outbox').dropColumn('ref_id').execute()
  await db.schema.alterTable('outbox').dropColumn('headers').execute()
  await db.schema.alterTable('users').dropColumn('work_hours').execute()
  for (const table of [
    'oncall_shifts',
    'sla_customer_policies',
    'sla_config',
    'imap_cursors',
    'inbound_mails',
    'ticket_watchers',
    'ticket_time_entries',
    'ticket_attachments',
    'ticket_events',
    'ticket_articles',
    'tickets',
    'ticket_counters',
    'teams',
    'blobs',
  ]) {
    await db.schema.dropTable(table).execute()
  }
}
