import type { Generated, Insertable, Selectable, Updateable } from 'kysely'

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

export interface DB {
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
}

export type UserRow = Selectable<UsersTable>
export type CustomerRow = Selectable<CustomersTable>
export type ContactRow = Selectable<ContactsTable>
export type NewCustomer = Insertable<CustomersTable>
export type CustomerUpdate = Updateable<CustomersTable>
export type { Generated }
