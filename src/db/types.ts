import type { Generated, Insertable, Selectable, Updateable } from 'kysely'
import type { AssetTables } from '../modules/assets/tables.js'
import type { ContractTables } from '../modules/contracts/tables.js'
import type { DocTables } from '../modules/docs/tables.js'
import type { LeadTables } from '../modules/leads/tables.js'
import type { MailRulesTables } from '../modules/monitoring/mail-rules-tables.js'
import type { MonitoringTables } from '../modules/monitoring/tables.js'

// Instants are epoch milliseconds (bigint on PostgreSQL, parsed to number); flags are 0/1 integers on both
// dialects; JSON is stored as text. See src/db/dialect.ts.

export interface SettingsTable {
  key: string
  value: string
  updated_at: number
}

export interface UsersTable {
  id: string
  email: string
  name: string
  password_hash: string | null
  role: 'admin' | 'technician' | 'billing' | 'contact'
  customer_id: string | null
  contact_id: string | null
  locale: 'nl' | 'en'
  totp_secret: string | null
  totp_enabled_at: number | null
  /** The 30-second step of the last accepted code: a code is accepted once. */
  totp_last_step: number | null
  active: number
  created_at: number
  updated_at: number
  last_login_at: number | null
  /** Working hours as a calendar spec (JSON); null: the MSP's business calendar. */
  work_hours: string | null
}

export interface SessionsTable {
  id: string
  user_id: string
  csrf_token: string
  created_at: number
  expires_at: number
  last_seen_at: number
  revoked_at: number | null
  ip: string | null
  user_agent: string | null
}

export interface ApiTokensTable {
  id: string
  user_id: string
  name: string
  token_hash: string
  prefix: string
  created_at: number
  last_used_at: number | null
  revoked_at: number | null
}

export interface OneTimeTokensTable {
  id: string
  purpose: 'setup' | 'invite'
  token_hash: string
  user_id: string | null
  contact_id: string | null
  created_at: number
  expires_at: number
  used_at: number | null
}

export interface CustomersTable {
  id: string
  name: string
  name_key: string
  email: string | null
  phone: string | null
  address: string | null
  postal_code: string | null
  city: string | null
  country: string
  vat_number: string | null
  notes: string | null
  /** The staff member who looks after this customer (its monitoring board filter, its first contact). */
  technician_id: string | null
  created_at: number
  updated_at: number
  archived_at: number | null
}

export interface ContactsTable {
  id: string
  customer_id: string
  name: string
  email: string
  phone: string | null
  is_key_contact: number
  user_id: string | null
  invited_at: number | null
  created_at: number
  updated_at: number
  archived_at: number | null
}

export interface AuditLogTable {
  id: string
  at: number
  actor_id: string | null
  actor_label: string
  action: string
  entity_type: string
  entity_id: string | null
  customer_id: string | null
  diff: string | null
  ip: string | null
}

export interface OutboxTable {
  id: string
  to_address: string
  subject: string
  body_text: string
  body_html: string | null
  kind: string
  customer_id: string | null
  status: 'pending' | 'sent' | 'failed'
  attempts: number
  next_attempt_at: number
  last_error: string | null
  created_at: number
  sent_at: number | null
  /** Extra headers (JSON object): In-Reply-To, References, Auto-Submitted … */
  headers: string | null
  /** What the mail is about (a ticket id): a reply to it finds its way back. */
  ref_id: string | null
}

export interface JobLeasesTable {
  job: string
  holder: string
  expires_at: number
}

export interface JobRunsTable {
  id: string
  job: string
  scheduled_at: number
  holder: string
  started_at: number
  finished_at: number | null
  status: 'running' | 'ok' | 'failed'
  error: string | null
}

export interface BlobsTable {
  sha256: string
  size: number
  content: Buffer
  created_at: number
}

export interface TeamsTable {
  id: string
  name: string
  lead_id: string | null
  created_at: number
  updated_at: number
}

export interface TicketCountersTable {
  year: number
  last: number
}

export interface TicketsTable {
  id: string
  number: string
  customer_id: string
  requester_contact_id: string | null
  requester_email: string | null
  type: string
  status: string
  priority: string
  impact: string | null
  urgency: string | null
  severity: string | null
  title: string
  description: string
  source: 'portal' | 'email' | 'phone' | 'staff'
  assignee_id: string | null
  team_id: string | null
  /** JSON array of strings. */
  tags: string
  /** JSON array of strings. */
  asset_ids: string
  created_by: string | null
  created_at: number
  updated_at: number
  first_response_at: number | null
  resolved_at: number | null
  closed_at: number | null
  merged_into_id: string | null
  sla_state: string
  sla_due_at: number | null
  sla_next_at: number | null
  /** The last SlaResult (without explain), JSON. */
  sla_json: string
}

export interface TicketArticlesTable {
  id: string
  ticket_id: string
  customer_id: string
  kind: 'reply' | 'note' | 'mail' | 'phone'
  public: number
  author_id: string | null
  author_name: string | null
  author_email: string | null
  by_staff: number
  body_text: string
  body_html: string | null
  mail_id: string | null
  message_id: string | null
  created_at: number
}

export interface TicketEventsTable {
  id: string
  ticket_id: string
  at: number
  type: string
  actor_id: string | null
  actor_label: string
  /** JSON object. */
  data: string
}

export interface TicketAttachmentsTable {
  id: string
  ticket_id: string
  article_id: string | null
  customer_id: string
  filename: string
  content_type: string
  size: number
  sha256: string
  public: number
  created_by: string | null
  created_at: number
}

export interface TicketTimeEntriesTable {
  id: string
  ticket_id: string
  customer_id: string
  user_id: string
  minutes: number
  billable: number
  activity: string
  note: string | null
  performed_on: string
  created_at: number
}

export interface TicketWatchersTable {
  ticket_id: string
  email: string
  user_id: string | null
  created_at: number
}

export interface InboundMailsTable {
  id: string
  message_id: string
  sha256: string
  size: number
  source: 'smtp' | 'imap' | 'api'
  envelope: string
  from_address: string | null
  subject: string
  /** report: a backup or UPS notification a mail rule routed to a customer's monitoring reports. */
  status: 'stored' | 'ticket' | 'reply' | 'report' | 'triage' | 'ignored' | 'failed'
  reason: string | null
  ticket_id: string | null
  customer_id: string | null
  received_at: number
  processed_at: number | null
}

export interface ImapCursorsTable {
  mailbox: string
  uid_validity: string
  last_uid: number
  updated_at: number
}

export interface SlaConfigTable {
  key: string
  value: string
  updated_at: number
}

export interface SlaCustomerPoliciesTable {
  customer_id: string
  policy: string
  updated_at: number
}

export interface OncallShiftsTable {
  id: string
  user_id: string
  starts_at: number
  ends_at: number
  created_at: number
}

export interface DB extends AssetTables, ContractTables, DocTables, LeadTables, MonitoringTables, MailRulesTables {
  settings: SettingsTable
  users: UsersTable
  sessions: SessionsTable
  api_tokens: ApiTokensTable
  one_time_tokens: OneTimeTokensTable
  customers: CustomersTable
  contacts: ContactsTable
  audit_log: AuditLogTable
  outbox: OutboxTable
  job_leases: JobLeasesTable
  job_runs: JobRunsTable
  blobs: BlobsTable
  teams: TeamsTable
  ticket_counters: TicketCountersTable
  tickets: TicketsTable
  ticket_articles: TicketArticlesTable
  ticket_events: TicketEventsTable
  ticket_attachments: TicketAttachmentsTable
  ticket_time_entries: TicketTimeEntriesTable
  ticket_watchers: TicketWatchersTable
  inbound_mails: InboundMailsTable
  imap_cursors: ImapCursorsTable
  sla_config: SlaConfigTable
  sla_customer_policies: SlaCustomerPoliciesTable
  oncall_shifts: OncallShiftsTable
}

export type UserRow = Selectable<UsersTable>
export type CustomerRow = Selectable<CustomersTable>
export type ContactRow = Selectable<ContactsTable>
export type NewCustomer = Insertable<CustomersTable>
export type CustomerUpdate = Updateable<CustomersTable>
export type { Generated }
