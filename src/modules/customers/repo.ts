import { type Selectable, type Transaction, sql } from 'kysely'
import type { ContactsTable, CustomersTable, DB } from '../../db/types.js'
import { type Executor, precompiled } from '../../db/database.js'
import { containsLike, dialectOf } from '../../db/dialect.js'
import type { Contact, Customer } from './schema.js'

export type CustomerRow = Selectable<CustomersTable>
export type ContactRow = Selectable<ContactsTable>

type CustomerView = CustomerRow & {
  key_id: string | null
  key_name: string | null
  key_email: string | null
  contact_count: number | string
}

export function toCustomer(row: CustomerView): Customer {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    phone: row.phone,
    address: row.address,
    postalCode: row.postal_code,
    city: row.city,
    country: row.country,
    vatNumber: row.vat_number,
    technicianId: row.technician_id,
    notes: row.notes,
    keyContact:
      row.key_id && row.key_name && row.key_email ? { id: row.key_id, name: row.key_name, email: row.key_email } : null,
    contactCount: Number(row.contact_count),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    archivedAt: row.archived_at,
  }
}

// is_key_contact = 1 is a literal, not a parameter: with a bound value SQLite prepares the statement again on every
// run, to see whether the partial index contacts_one_key_contact (where is_key_contact = 1) applies (~50 µs a read).
function selectCustomers(db: Executor) {
  return db
    .selectFrom('customers as c')
    .leftJoin('contacts as k', (join) =>
      join.onRef('k.customer_id', '=', 'c.id').on('k.is_key_contact', '=', sql.lit(1)).on('k.archived_at', 'is', null),
    )
    .selectAll('c')
    .select(['k.id as key_id', 'k.name as key_name', 'k.email as key_email'])
    .select((eb) =>
      eb
        .selectFrom('contacts as n')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('n.customer_id', '=', 'c.id')
        .where('n.archived_at', 'is', null)
        .as('contact_count'),
    )
}

const byId = precompiled((db, id: string) => selectCustomers(db).where('c.id', '=', id))

/** Read on most requests about a customer: compiled once. */
export async function findById(db: Executor, id: string): Promise<Customer | undefined> {
  const [row] = await byId(db, id)
  return row && toCustomer(row as CustomerView)
}

export async function findRowById(db: Executor, id: string): Promise<CustomerRow | undefined> {
  return db.selectFrom('customers').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function list(
  db: Executor,
  opts: {
    q?: string
    archived: 'exclude' | 'include' | 'only'
    onlyId?: string
    after?: [string, string]
    limit: number
  },
): Promise<Customer[]> {
  let query = selectCustomers(db)
  if (opts.onlyId) {
    query = query.where('c.id', '=', opts.onlyId)
  }
  if (opts.archived === 'exclude') {
    query = query.where('c.archived_at', 'is', null)
  } else if (opts.archived === 'only') {
    query = query.where('c.archived_at', 'is not', null)
  }
  if (opts.q) {
    const q = opts.q
    query = query.where((eb) =>
      eb.or([
        containsLike(eb.ref('c.name_key'), q),
        containsLike(eb.fn<string>('lower', ['c.city']), q),
        containsLike(eb.fn<string>('lower', ['c.email']), q),
      ]),
    )
  }
  if (opts.after) {
    const [key, id] = opts.after
    query = query.where((eb) =>
      eb.or([eb('c.name_key', '>', key), eb.and([eb('c.name_key', '=', key), eb('c.id', '>', id)])]),
    )
  }
  const rows = await query.orderBy('c.name_key').orderBy('c.id').limit(opts.limit).execute()
  return rows.map((r) => toCustomer(r as CustomerView))
}

/**
 * Locks the customer's row until the transaction ends, so that changes to its contacts (the key-contact role,
 * portal accounts) are made one at a time. SQLite needs nothing: `begin immediate` already admits one writer.
 */
export async function lockForUpdate(db: Transaction<DB>, id: string): Promise<void> {
  if ((await dialectOf(db)) === 'postgres') {
    await db.selectFrom('customers').select('id').where('id', '=', id).forUpdate().execute()
  }
}

export async function insert(db: Executor, row: CustomerRow): Promise<void> {
  await db.insertInto('customers').values(row).execute()
}

export async function update(db: Executor, id: string, set: Partial<CustomerRow>): Promise<void> {
  await db.updateTable('customers').set(set).where('id', '=', id).execute()
}

// Contacts ---------------------------------------------------------------------------------------

export function toContact(row: ContactRow, portal: Contact['portal']): Contact {
  return {
    id: row.id,
    customerId: row.customer_id,
    name: row.name,
    email: row.email,
    phone: row.phone,
    keyContact: row.is_key_contact === 1,
    portal,
    invitedAt: row.invited_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    archivedAt: row.archived_at,
  }
}

export async function listContacts(db: Executor, customerId: string, includeArchived: boolean): Promise<ContactRow[]> {
  let q = db.selectFrom('contacts').selectAll().where('customer_id', '=', customerId)
  if (!includeArchived) {
    q = q.where('archived_at', 'is', null)
  }
  return q.orderBy('is_key_contact', 'desc').orderBy('name').orderBy('id').execute()
}

export async function findContact(db: Executor, id: string): Promise<ContactRow | undefined> {
  return db.selectFrom('contacts').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function findKeyContact(db: Executor, customerId: string): Promise<ContactRow | undefined> {
  return db
    .selectFrom('contacts')
    .selectAll()
    .where('customer_id', '=', customerId)
    .where('is_key_contact', '=', 1)
    .executeTakeFirst()
}

export async function findContactByEmail(
  db: Executor,
  customerId: string,
  email: string,
): Promise<ContactRow | undefined> {
  return db
    .selectFrom('contacts')
    .selectAll()
    .where('customer_id', '=', customerId)
    .where('email', '=', email)
    .where('archived_at', 'is', null)
    .executeTakeFirst()
}

export async function insertContact(db: Executor, row: ContactRow): Promise<void> {
  await db.insertInto('contacts').values(row).execute()
}

export async function updateContact(db: Executor, id: string, set: Partial<ContactRow>): Promise<void> {
  await db.updateTable('contacts').set(set).where('id', '=', id).execute()
}

export async function findContactsByEmailAnywhere(db: Executor, email: string): Promise<ContactRow[]> {
  return db
    .selectFrom('contacts')
    .selectAll()
    .where('email', '=', email)
    .where('archived_at', 'is', null)
    .orderBy('id')
    .execute()
}
