import type { Kysely } from 'kysely'
import type { DB } from '../../src/db/types.js'
import { hashPassword } from '../../src/platform/auth/passwords.js'
import { uuidv7 } from '../../src/platform/ids.js'
import type { CustomerRow, ContactRow } from '../../src/modules/customers/repo.js'
import type { UserRow } from '../../src/modules/users/repo.js'

export const PASSWORD = 'correct horse battery'
// scrypt is slow on purpose; hash the shared test password once per process.
let passwordHash: Promise<string> | undefined
const testHash = () => (passwordHash ??= hashPassword(PASSWORD))

let seq = 0
const next = () => `${process.pid}-${++seq}`

/** Factories take overrides and create missing parents. */
export const make = {
  async customer(db: Kysely<DB>, over: Partial<CustomerRow> = {}): Promise<CustomerRow> {
    const name = over.name ?? `Klant ${next()}`
    const row: CustomerRow = {
      id: uuidv7(),
      name,
      name_key: name.toLowerCase(),
      email: null,
      phone: null,
      address: null,
      postal_code: null,
      city: null,
      country: 'NL',
      vat_number: null,
      technician_id: null,
      notes: null,
      created_at: 1_000,
      updated_at: 1_000,
      archived_at: null,
      ...over,
    }
    await db.insertInto('customers').values(row).execute()
    return row
  },

  async contact(db: Kysely<DB>, over: Partial<ContactRow> = {}): Promise<ContactRow> {
    const customerId = over.customer_id ?? (await make.customer(db)).id
    const row: ContactRow = {
      id: uuidv7(),
      customer_id: customerId,
      name: `Contact ${next()}`,
      email: `contact-${next()}@example.test`,
      phone: null,
      is_key_contact: 0,
      user_id: null,
      invited_at: null,
      created_at: 1_000,
      updated_at: 1_000,
      archived_at: null,
      ...over,
    }
    await db.insertInto('contacts').values(row).execute()
    return row
  },

  /** A user who can sign in with PASSWORD. Role 'contact' creates the customer and contact it belongs to. */
  async user(db: Kysely<DB>, over: Partial<UserRow> = {}): Promise<UserRow> {
    const role = over.role ?? 'technician'
    const id = over.id ?? uuidv7()
    let customerId = over.customer_id ?? null
    let contactId = over.contact_id ?? null
    if (role === 'contact' && !customerId) {
      customerId = (await make.customer(db)).id
    }
    const row: UserRow = {
      id,
      email: `user-${next()}@example.test`,
      name: `User ${next()}`,
      password_hash: await testHash(),
      role,
      customer_id: customerId,
      contact_id: null,
      locale: 'nl',
      totp_secret: null,
      totp_enabled_at: null,
      totp_last_step: null,
      active: 1,
      created_at: 1_000,
      updated_at: 1_000,
      last_login_at: null,
      work_hours: null,
      ...over,
    }
    await db.insertInto('users').values(row).execute()
    if (role === 'contact' && customerId && !contactId) {
      contactId = (
        await make.contact(db, { customer_id: customerId, email: row.email, name: row.name, user_id: row.id })
      ).id
      await db.updateTable('users').set({ contact_id: contactId }).where('id', '=', row.id).execute()
      row.contact_id = contactId
    }
    return row
  },
}
