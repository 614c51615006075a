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
  })
}
