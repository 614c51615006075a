import type { Db, Executor } from '../../db/database.js'
import { type Actor, assertCustomerAccess, assertStaff, customerScope } from '../../platform/access.js'
import type { Audit } from '../../platform/audit.js'
import { badRequest, conflict, notFound } from '../../platform/errors.js'
import { uuidv7 } from '../../platform/ids.js'
import { pageOf, readCursor } from '../../platform/paging.js'
import type { UserService } from '../users/service.js'
import * as repo from './repo.js'
import type {
  Contact,
  ContactCreate,
  ContactPatch,
  Customer,
  CustomerCreate,
  CustomerListQuery,
  CustomerPage,
  CustomerPatch,
} from './schema.js'

export interface CustomerDeps {
  db: Db
  audit: Audit
  users: UserService
  now: () => number
}

const nameKey = (name: string) => name.trim().toLowerCase()

/** The MSP's notes about a customer are internal: its own contacts do not see them. */
const forActor = (actor: Actor, customer: Customer): Customer =>
  actor.kind === 'contact' ? { ...customer, notes: null } : customer

export function createCustomerService({ db, audit, users, now }: CustomerDeps) {
  /** The id of an active staff member who can look after customers, or 400. */
  async function technicianOf(trx: Executor, id: string): Promise<string> {
    const user = await users.findRow(trx, id)
    if (!user || user.role === 'contact' || user.role === 'billing' || user.active !== 1) {
      throw badRequest('invalid_technician', 'technicianId: not an active admin or technician', {
        errors: [{ path: 'technicianId', message: 'not an active admin or technician' }],
      })
    }
    return user.id
  }

  async function mustGet(trx: Executor, actor: Actor, id: string): Promise<Customer> {
    assertCustomerAccess(actor, id)
    const customer = await repo.findById(trx, id)
    if (!customer) {
      throw notFound('customer', id)
    }
    return customer
  }

  async function contactView(trx: Executor, rows: repo.ContactRow[]): Promise<Contact[]> {
    const status = await users.portalStatusOf(
      trx,
      rows.flatMap((r) => (r.user_id ? [r.user_id] : [])),
    )
    return rows.map((r) => {
      const s = r.user_id ? status.get(r.user_id) : undefined
      const portal: Contact['portal'] = !s ? 'none' : !s.active ? 'disabled' : s.hasPassword ? 'active' : 'invited'
      return repo.toContact(r, portal)
    })
  }

  /** A contact of a customer the actor may see, or 404 (also for another customer's contact). */
  async function mustGetContact(trx: Executor, actor: Actor, id: string): Promise<repo.ContactRow> {
    const row = await repo.findContact(trx, id)
    if (!row) {
      throw notFound('contact', id)
    }
    assertCustomerAccess(actor, row.customer_id, 'contact', id)
    return row
  }

  return {
    async list(actor: Actor, q: CustomerListQuery): Promise<CustomerPage> {
      const after = readCursor<[string, string]>(q.cursor, ['string', 'string'])
      const rows = await repo.list(db, {
        q: q.q,
        archived: q.archived,
        onlyId: customerScope(actor),
        after,
        limit: q.limit + 1,
      })
      return pageOf(
        rows,
        q.limit,
        (c) => [nameKey(c.name), c.id],
        (c) => forActor(actor, c),
      )
    },

    /** For other modules (tickets): the customer row, without access check; they check access themselves. */
    async findRow(ex: Executor | undefined, id: string): Promise<repo.CustomerRow | undefined> {
      return repo.findRowById(ex ?? db, id)
    },

    /** For other modules (tickets): a contact row, without access check. */
    async findContactRow(ex: Executor | undefined, id: string): Promise<repo.ContactRow | undefined> {
      return repo.findContact(ex ?? db, id)
    },

    /** Live contacts with this e-mail address, over all customers (mail in: who sent this?). */
    async contactsByEmail(ex: Executor, email: string): Promise<repo.ContactRow[]> {
      return repo.findContactsByEmailAnywhere(ex, email.toLowerCase())
    },

    /** A customer's name, for texts about it (no access check: callers show it only to its own people). */
    async nameOf(id: string): Promise<string | null> {
      return (await repo.findRowById(db, id))?.name ?? null
    },

    async get(actor: Actor, id: string): Promise<Customer> {
      return forActor(actor, await mustGet(db, actor, id))
    },

    async create(actor: Actor, input: CustomerCreate): Promise<Customer> {
      assertStaff(actor)
      const at = now()
      const row: repo.CustomerRow = {
        id: uuidv7(),
        name: input.name,
        name_key: nameKey(input.name),
        email: input.email?.toLowerCase() ?? null,
        phone: input.phone ?? null,
        address: input.address ?? null,
        postal_code: input.postalCode ?? null,
        city: input.city ?? null,
        country: input.country,
        vat_number: input.vatNumber ?? null,
        technician_id: null,
        notes: input.notes ?? null,
        created_at: at,
        updated_at: at,
        archived_at: null,
      }
      return db.transaction().execute(async (trx) => {
        if (input.technicianId) {
          row.technician_id = await technicianOf(trx, input.technicianId)
        }
        await repo.insert(trx, row)
        const customer = await mustGet(trx, actor, row.id)
        await audit.record(trx, actor, {
          action: 'customer.created',
          entityType: 'customer',
          entityId: row.id,
          customerId: row.id,
          after: customer,
        })
        return customer
      })
    },

    async update(actor: Actor, id: string, patch: CustomerPatch): Promise<Customer> {
      assertStaff(actor)
      if (patch.archived !== undefined) {
        assertStaff(actor, ['admin'])
      }
      return db.transaction().execute(async (trx) => {
        const before = await mustGet(trx, actor, id)
        const at = now()
        const set: Partial<repo.CustomerRow> = { updated_at: at }
        if (patch.name !== undefined) {
          set.name = patch.name
          set.name_key = nameKey(patch.name)
        }
        if (patch.email !== undefined) {
          set.email = patch.email?.toLowerCase() ?? null
        }
        if (patch.phone !== undefined) {
          set.phone = patch.phone
        }
        if (patch.address !== undefined) {
          set.address = patch.address
        }
        if (patch.postalCode !== undefined) {
          set.postal_code = patch.postalCode
        }
        if (patch.city !== undefined) {
          set.city = patch.city
        }
        if (patch.country !== undefined) {
          set.country = patch.country
        }
        if (patch.vatNumber !== undefined) {
          set.vat_number = patch.vatNumber
        }
        if (patch.notes !== undefined) {
          set.notes = patch.notes
        }
        if (patch.technicianId !== undefined) {
          set.technician_id = patch.technicianId === null ? null : await technicianOf(trx, patch.technicianId)
        }
        if (patch.archived !== undefined) {
          set.archived_at = patch.archived ? (before.archivedAt ?? at) : null
        }
        await repo.update(trx, id, set)
        const archiving = patch.archived === true && !before.archivedAt
        const restoring = patch.archived === false && before.archivedAt !== null
        if (archiving || restoring) {
          // The portal closes with the customer and opens again with it (for contacts that are not archived).
          for (const contact of await repo.listContacts(trx, id, false)) {
            if (contact.user_id) {
              await users.syncPortalUser(trx, actor, contact.user_id, { active: restoring })
            }
          }
        }
        const after = await mustGet(trx, actor, id)
        const action = archiving ? 'customer.archived' : restoring ? 'customer.restored' : 'customer.updated'
        await audit.record(trx, actor, { action, entityType: 'customer', entityId: id, customerId: id, before, after })
        return after
      })
    },

    /** DELETE archives: a customer has history (tickets, invoices) and is never removed. */
    archive(actor: Actor, id: string): Promise<Customer> {
      return this.update(actor, id, { archived: true })
    },

    // Contacts -----------------------------------------------------------------------------------

    async listContacts(actor: Actor, customerId: string, includeArchived = false): Promise<Contact[]> {
      await mustGet(db, actor, customerId)
      return contactView(db, await repo.listContacts(db, customerId, includeArchived && actor.kind !== 'contact'))
    },

    async addContact(actor: Actor, customerId: string, input: ContactCreate): Promise<Contact> {
      assertStaff(actor)
      return db.transaction().execute(async (trx) => {
        // One contact change per customer at a time: the key-contact role and the e-mail check span rows.
        await repo.lockForUpdate(trx, customerId)
        const customer = await mustGet(trx, actor, customerId)
        if (customer.archivedAt) {
          throw conflict('customer_archived', 'Restore the customer before adding contacts')
        }
        const email = input.email.toLowerCase()
        if (await repo.findContactByEmail(trx, customerId, email)) {
          throw conflict('contact_email_taken', `${customer.name} already has a contact with e-mail ${email}`, {
            errors: [{ path: 'email', message: 'already a contact of this customer' }],
          })
        }
        const currentKey = await repo.findKeyContact(trx, customerId)
        // The first contact is the key contact: a customer with contacts always has exactly one.
        const makeKey = input.keyContact === true || !currentKey
        const at = now()
        if (makeKey && currentKey) {
          await repo.updateContact(trx, currentKey.id, { is_key_contact: 0, updated_at: at })
        }
        const row: repo.ContactRow = {
          id: uuidv7(),
          customer_id: customerId,
          name: input.name,
          email,
          phone: input.phone ?? null,
          is_key_contact: makeKey ? 1 : 0,
          user_id: null,
          invited_at: null,
          created_at: at,
          updated_at: at,
          archived_at: null,
        }
        await repo.insertContact(trx, row)
        const contact = repo.toContact(row, 'none')
        await audit.record(trx, actor, {
          action: 'contact.created',
          entityType: 'contact',
          entityId: row.id,
          customerId,
          after: contact,
        })
        if (makeKey && currentKey) {
          await audit.record(trx, actor, {
            action: 'contact.key_contact_moved',
            entityType: 'customer',
            entityId: customerId,
            customerId,
            before: { keyContact: currentKey.id },
            after: { keyContact: row.id },
          })
        }
        return contact
      })
    },

    async updateContact(actor: Actor, id: string, patch: ContactPatch): Promise<Contact> {
      assertStaff(actor)
      return db.transaction().execute(async (trx) => {
        // Lock first, then read: a concurrent change may just have moved the key-contact role.
        await repo.lockForUpdate(trx, (await mustGetContact(trx, actor, id)).customer_id)
        const before = await mustGetContact(trx, actor, id)
        const customerId = before.customer_id
        const at = now()
        const set: Partial<repo.ContactRow> = { updated_at: at }
        if (patch.name !== undefined) {
          set.name = patch.name
        }
        if (patch.phone !== undefined) {
          set.phone = patch.phone
        }
        if (patch.email !== undefined && patch.email.toLowerCase() !== before.email) {
          const email = patch.email.toLowerCase()
          if (await repo.findContactByEmail(trx, customerId, email)) {
            throw conflict('contact_email_taken', `This customer already has a contact with e-mail ${email}`, {
              errors: [{ path: 'email', message: 'already a contact of this customer' }],
            })
          }
          set.email = email
        }
        const archiving = patch.archived === true && before.archived_at === null
        const restoring = patch.archived === false && before.archived_at !== null
        if (archiving) {
          const others = (await repo.listContacts(trx, customerId, false)).filter((c) => c.id !== id)
          if (before.is_key_contact === 1 && others.length > 0) {
            throw conflict('key_contact_required', 'Make another contact the key contact before archiving this one')
          }
          set.archived_at = at
          set.is_key_contact = 0
        }
        if (restoring) {
          set.archived_at = null
          set.is_key_contact = (await repo.findKeyContact(trx, customerId)) ? 0 : 1
        }
        let movedFrom: repo.ContactRow | undefined
        if (patch.keyContact === true && before.is_key_contact !== 1) {
          if (before.archived_at !== null && !restoring) {
            throw conflict('contact_archived', 'An archived contact cannot be the key contact')
          }
          movedFrom = await repo.findKeyContact(trx, customerId)
          if (movedFrom) {
            await repo.updateContact(trx, movedFrom.id, { is_key_contact: 0, updated_at: at })
          }
          set.is_key_contact = 1
        }
        await repo.updateContact(trx, id, set)
        const after = { ...before, ...set }
        if (before.user_id && (set.name !== undefined || set.email !== undefined || archiving || restoring)) {
          await users.syncPortalUser(trx, actor, before.user_id, {
            name: set.name,
            email: set.email,
            active: archiving ? false : restoring ? true : undefined,
          })
        }
        const [view] = await contactView(trx, [after])
        if (!view) {
          throw new Error('unreachable: contactView returns one view per row')
        }
        const action = archiving ? 'contact.archived' : restoring ? 'contact.restored' : 'contact.updated'
        await audit.record(trx, actor, {
          action,
          entityType: 'contact',
          entityId: id,
          customerId,
          before: repo.toContact(before, view.portal),
          after: view,
        })
        if (movedFrom) {
          await audit.record(trx, actor, {
            action: 'contact.key_contact_moved',
            entityType: 'customer',
            entityId: customerId,
            customerId,
            before: { keyContact: movedFrom.id },
            after: { keyContact: id },
          })
        }
        return view
      })
    },

    async inviteContact(actor: Actor, id: string): Promise<Contact> {
      assertStaff(actor)
      return db.transaction().execute(async (trx) => {
        // Lock first, then read: a second click must see the portal account the first one created.
        await repo.lockForUpdate(trx, (await mustGetContact(trx, actor, id)).customer_id)
        const contact = await mustGetContact(trx, actor, id)
        const customer = await mustGet(trx, actor, contact.customer_id)
        if (contact.archived_at !== null || customer.archivedAt !== null) {
          throw conflict('contact_archived', 'Archived contacts and customers cannot be invited')
        }
        const userId = await users.invitePortalUser(
          trx,
          actor,
          {
            id: contact.id,
            customerId: contact.customer_id,
            name: contact.name,
            email: contact.email,
            userId: contact.user_id,
          },
          customer.name,
        )
        const at = now()
        await repo.updateContact(trx, id, { user_id: userId, invited_at: at, updated_at: at })
        const [view] = await contactView(trx, [{ ...contact, user_id: userId, invited_at: at, updated_at: at }])
        if (!view) {
          throw new Error('unreachable: contactView returns one view per row')
        }
        return view
      })
    },
  }
}
export type CustomerService = ReturnType<typeof createCustomerService>
