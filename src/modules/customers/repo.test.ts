import { describe, expect, it } from 'vitest'
import { describeEachDialect } from '../../../test/support/databases.js'
import { make } from '../../../test/support/factories.js'
import * as repo from './repo.js'

describeEachDialect('customers repo', (t) => {
  it('lists by name, case-insensitively, in keyset pages', async () => {
    for (const name of ['bakkerij Zon', 'Advocaat Maan', 'Cafe Ster', 'advies Noord']) {
      await make.customer(t.db, { name, name_key: name.toLowerCase() })
    }
    const first = await repo.list(t.db, { archived: 'exclude', limit: 2 })
    expect(first.map((c) => c.name)).toEqual(['advies Noord', 'Advocaat Maan'])
    const last = first.at(-1)!
    const second = await repo.list(t.db, { archived: 'exclude', limit: 10, after: [last.name.toLowerCase(), last.id] })
    expect(second.map((c) => c.name)).toEqual(['bakkerij Zon', 'Cafe Ster'])
  })

  it('finds by a part of the name, with % and _ taken literally', async () => {
    await make.customer(t.db, { name: 'Groei_100% B.V.', name_key: 'groei_100% b.v.' })
    await make.customer(t.db, { name: 'Groei1100 B.V.', name_key: 'groei1100 b.v.' })
    expect((await repo.list(t.db, { q: '_100%', archived: 'exclude', limit: 10 })).map((c) => c.name)).toEqual([
      'Groei_100% B.V.',
    ])
  })

  it('shows the key contact and counts only live contacts', async () => {
    const c = await make.customer(t.db, { name: 'Telt Contacten' })
    const key = await make.contact(t.db, { customer_id: c.id, is_key_contact: 1 })
    await make.contact(t.db, { customer_id: c.id })
    await make.contact(t.db, { customer_id: c.id, archived_at: 5 })
    const found = await repo.findById(t.db, c.id)
    expect(found?.keyContact?.id).toBe(key.id)
    expect(found?.contactCount).toBe(2)
  })

  it('refuses a second key contact for one customer at the database level', async () => {
    const c = await make.customer(t.db)
    await make.contact(t.db, { customer_id: c.id, is_key_contact: 1 })
    await expect(make.contact(t.db, { customer_id: c.id, is_key_contact: 1 })).rejects.toThrow()
  })

  it('leaves archived customers out unless asked', async () => {
    const archived = await make.customer(t.db, { name: 'Zzz Gearchiveerd', archived_at: 10 })
    expect((await repo.list(t.db, { archived: 'exclude', limit: 200 })).some((c) => c.id === archived.id)).toBe(false)
    expect((await repo.list(t.db, { archived: 'only', limit: 200 })).map((c) => c.id)).toEqual([archived.id])
  })
})

describe('customers repo (no database)', () => {
  it('maps a row without key contact to keyContact null', () => {
    const view = repo.toCustomer({
      id: '0190b1a0-0000-7000-8000-000000000000',
      name: 'X',
      name_key: 'x',
      email: null,
      phone: null,
      address: null,
      postal_code: null,
      city: null,
      country: 'NL',
      vat_number: null,
      technician_id: null,
      notes: null,
      created_at: 1,
      updated_at: 1,
      archived_at: null,
      key_id: null,
      key_name: null,
      key_email: null,
      contact_count: '3',
    })
    expect(view.keyContact).toBeNull()
    expect(view.contactCount).toBe(3)
  })
})
