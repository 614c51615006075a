import { beforeAll, describe, expect, it } from 'vitest'
import { as, expectProblem, signIn, useApp, type Session } from '../../../test/support/app.js'
import { dialects } from '../../../test/support/databases.js'
import { make } from '../../../test/support/factories.js'
import type { Settings } from './schema.js'

for (const dialect of dialects) {
  describe(`PATCH /api/settings [${dialect}]`, () => {
    const ctx = useApp(dialect)
    let admin: Session
    const patch = (payload: object) => as(ctx.app, admin)({ method: 'PATCH', url: '/api/settings', payload })

    beforeAll(async () => {
      admin = await signIn(ctx.app, (await make.user(ctx.db, { role: 'admin' })).email)
    })

    it('changes only the fields it names: a new phone number keeps the address', async () => {
      const first = await patch({
        company: { name: 'IT-Beheer Noord', address: 'Stationsweg 12', postalCode: '9726 AC', city: 'Groningen' },
      })
      expect(first.statusCode, first.body).toBe(200)
      const res = await patch({ company: { phone: '050 123 45 67' } })
      expect(res.statusCode, res.body).toBe(200)
      expect(res.json<Settings>().company).toMatchObject({
        name: 'IT-Beheer Noord',
        address: 'Stationsweg 12',
        postalCode: '9726 AC',
        city: 'Groningen',
        phone: '050 123 45 67',
      })
    })

    it('keeps the time zone and language when only security changes, and billing when only the company does', async () => {
      expect((await patch({ company: { timeZone: 'Europe/Brussels', defaultLocale: 'en' } })).statusCode).toBe(200)
      expect((await patch({ billing: { vatPercent: 9 } })).statusCode).toBe(200)
      const res = await patch({ security: { requireStaffTotp: false } })
      expect(res.statusCode, res.body).toBe(200)
      const after = res.json<Settings>()
      expect(after.company).toMatchObject({ timeZone: 'Europe/Brussels', defaultLocale: 'en', city: 'Groningen' })
      expect(after.billing).toEqual({ vatPercent: 9, currency: 'EUR' })
    })

    it('refuses an empty patch and bad values with problem+json', async () => {
      expectProblem(await patch({}), 400, 'validation_failed')
      expectProblem(await patch({ company: { timeZone: 'Mars/Olympus' } }), 400, 'validation_failed')
      expectProblem(await patch({ billing: { vatPercent: 21.005 } }), 400, 'validation_failed')
    })
  })
}
