import { afterEach, describe, expect, it } from 'vitest'
import { createTestDatabase, dialects, type TestDatabase } from '../../test/support/databases.js'
import { testConfig } from '../../test/support/app.js'
import type { Config } from '../platform/config.js'
import { runDemo } from './demo.js'

const configFor = (t: TestDatabase): Config =>
  testConfig({
    database: t.url.startsWith('sqlite:')
      ? { dialect: 'sqlite', file: t.url.slice('sqlite:'.length) }
      : { dialect: 'postgres', url: t.url },
  })

for (const dialect of dialects) {
  describe(`demo [${dialect}]`, () => {
    const made: TestDatabase[] = []
    afterEach(async () => {
      await Promise.all(made.splice(0).map((t) => t.drop()))
    })

    async function demoNames(customers: number): Promise<{ names: string[]; t: TestDatabase }> {
      const t = await createTestDatabase(dialect)
      made.push(t)
      await runDemo(configFor(t), { customers, seed: 1 })
      const rows = await t.database.db.selectFrom('customers').select('name').orderBy('name').execute()
      return { names: rows.map((r) => r.name), t }
    }

    it('makes staff, customers each with exactly one key contact, and one portal account; the same every time', async () => {
      const { names, t } = await demoNames(20)
      expect(names).toHaveLength(20)
      expect(new Set(names).size).toBe(20)
      const { db } = t.database
      const keys = await db
        .selectFrom('contacts')
        .select(['customer_id', (eb) => eb.fn.countAll<number>().as('n')])
        .where('is_key_contact', '=', 1)
        .groupBy('customer_id')
        .execute()
      expect(keys).toHaveLength(20)
      expect(keys.every((k) => Number(k.n) === 1)).toBe(true)
      const roles = await db.selectFrom('users').select('role').orderBy('role').execute()
      expect(roles.map((r) => r.role)).toEqual(['admin', 'billing', 'contact', 'technician', 'technician'])

      expect((await demoNames(20)).names).toEqual(names)
    })

    it('gives every customer an office on record, an active contract, and a monthly cost that some new PCs raise', async () => {
      const { t } = await demoNames(6)
      const { db } = t.database
      const perCustomer = await db
        .selectFrom('assets')
        .select(['customer_id', (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy('customer_id')
        .execute()
      expect(perCustomer).toHaveLength(6)
      expect(perCustomer.every((r) => Number(r.n) >= 9)).toBe(true)
      const active = await db.selectFrom('contracts').select('customer_id').where('status', '=', 'active').execute()
      expect(new Set(active.map((c) => c.customer_id)).size).toBe(6)
      // The UPS and the NAS protect the server, as the relations diagram shows.
      expect(
        Number(
          (
            await db
              .selectFrom('asset_links')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        ),
      ).toBe(12)

      // Customer 0 (index % 3 === 0) got two PCs this month: December costs more than November.
      const sladesk = await (await import('../app.js')).buildApp(configFor(t), { database: t.database })
      const first = (await db.selectFrom('customers').select('id').orderBy('created_at').executeTakeFirstOrThrow()).id
      const december = await sladesk.services.contracts.costForCustomer('2026-12-01', first)
      const november = await sladesk.services.contracts.costForCustomer('2026-11-01', first)
      expect(december.cost.totalCents).toBeGreaterThan(november.cost.totalCents)
      expect(december.counts.workstation ?? 0).toBeGreaterThan(0)
    })
  })
}
