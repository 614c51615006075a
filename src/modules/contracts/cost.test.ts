import { beforeAll, describe, expect, it } from 'vitest'
import { as, expectProblem, signIn, useApp, type Session } from '../../../test/support/app.js'
import { dialects } from '../../../test/support/databases.js'
import { make } from '../../../test/support/factories.js'
import { uuidv7 } from '../../platform/ids.js'
import type { AssetClass } from '../assets/classes.js'
import { defaultPolicy } from '../sla/clock.js'
import type { Contract, Cost, Plan } from './schema.js'

// Intl's Dutch currency format puts a no-break space between the sign and the amount.
const euro = (text: string) => text.replace('€ ', '€\u00a0')

const SERVICES = {
  backupChecks: true,
  upsChecks: false,
  preventiveMaintenancePerYear: 4,
  onsiteVisitsPerYear: 0,
  remoteHelp: true,
  patchManagement: true,
  documentation: true,
}
const PRICE = {
  baseFeeCents: 15_000,
  unitPricesCents: {
    server: 7_500,
    workstation: 2_500,
    laptop: 2_000,
    network: 1_000,
    ups: 0,
    'backup-system': 2_000,
    printer: 500,
    other: 0,
  },
  serviceDiscountPercent: 10,
}

for (const dialect of dialects) {
  describe(`the monthly cost [${dialect}]`, () => {
    const ctx = useApp(dialect)
    let admin: Session
    let tech: Session
    let portal: Session
    let englishPortal: Session
    let otherPortal: Session
    let customerId: string
    let plan: Plan
    let contract: Contract

    const by = (s: Session | undefined) => as(ctx.app, s)

    async function addAssets(customer: string, cls: AssetClass, n: number, activeFrom: string): Promise<void> {
      for (let i = 0; i < n; i++) {
        const res = await by(admin)({
          method: 'POST',
          url: `/api/customers/${customer}/assets`,
          payload: { class: cls, name: `${cls} ${activeFrom} ${i}`, activeFrom },
        })
        expect(res.statusCode, res.body).toBe(201)
      }
    }

    async function newContract(customer: string, body: object): Promise<Contract> {
      const res = await by(admin)({ method: 'POST', url: `/api/customers/${customer}/contracts`, payload: body })
      expect(res.statusCode, res.body).toBe(201)
      const id = res.json<Contract>().id
      const activated = await by(admin)({ method: 'PATCH', url: `/api/contracts/${id}`, payload: { status: 'active' } })
      expect(activated.statusCode, activated.body).toBe(200)
      return activated.json<Contract>()
    }

    async function cost(customer: string, date?: string, who: Session = admin): Promise<Cost> {
      const res = await by(who)({ method: 'GET', url: `/api/customers/${customer}/cost${date ? `?date=${date}` : ''}` })
      expect(res.statusCode, res.body).toBe(200)
      return res.json<Cost>()
    }

    beforeAll(async () => {
      const a = await make.user(ctx.db, { role: 'admin' })
      const t = await make.user(ctx.db, { role: 'technician' })
      const c = await make.user(ctx.db, { role: 'contact' })
      customerId = c.customer_id!
      const e = await make.user(ctx.db, { role: 'contact', customer_id: customerId, locale: 'en' })
      const o = await make.user(ctx.db, { role: 'contact' })
      admin = await signIn(ctx.app, a.email)
      tech = await signIn(ctx.app, t.email)
      portal = await signIn(ctx.app, c.email)
      englishPortal = await signIn(ctx.app, e.email)
      otherPortal = await signIn(ctx.app, o.email)

      const res = await by(admin)({
        method: 'POST',
        url: '/api/plans',
        payload: { name: 'Plus', policy: defaultPolicy(), services: SERVICES, price: PRICE },
      })
      expect(res.statusCode, res.body).toBe(201)
      plan = res.json<Plan>()
      // Started 1 June 2025 with 3 % yearly indexation: indexed once from 1 June 2026, twice from 1 June 2027.
      contract = await newContract(customerId, {
        planId: plan.id,
        startDate: '2025-06-01',
        indexationPercent: 3,
        monthlyDiscountPercent: 5,
      })
      await addAssets(customerId, 'server', 1, '2025-06-01')
      await addAssets(customerId, 'workstation', 10, '2026-10-01')
      // Two workstations arrive in November: December's cost goes up, and shows why.
      await addAssets(customerId, 'workstation', 2, '2026-11-20')
    })

    it('adds the assets active on the date to the indexed plan prices, and shows the month before', async () => {
      const c = await cost(customerId, '2026-12-01')
      expect(c.contract).toEqual({
        id: contract.id,
        planId: plan.id,
        planName: 'Plus',
        status: 'active',
        startDate: '2025-06-01',
        endDate: null,
      })
      // Indexed once: 15,000 → 15,450; 7,500 → 7,725; 2,500 → 2,575.
      expect(c.lines).toEqual([
        { kind: 'base', label: 'Basisbedrag', amountCents: 15_450 },
        {
          kind: 'assets',
          class: 'server',
          label: euro('1 × Server à € 77,25'),
          quantity: 1,
          unitCents: 7_725,
          amountCents: 7_725,
        },
        {
          kind: 'assets',
          class: 'workstation',
          label: euro('12 × Werkplek à € 25,75'),
          quantity: 12,
          unitCents: 2_575,
          amountCents: 30_900,
        },
      ])
      // 54,075 − 5 % (2,703.75 → 2,704) = 51,371; VAT 21 % = 10,787.91 → 10,788.
      expect(c).toMatchObject({
        date: '2026-12-01',
        currency: 'EUR',
        counts: { server: 1, workstation: 12 },
        subtotalCents: 54_075,
        monthlyDiscountPercent: 5,
        discountCents: 2_704,
        netCents: 51_371,
        vatPercent: 21,
        vatCents: 10_788,
        totalCents: 62_159,
      })
      // 1 November: ten workstations. 48,925 − 2,446 = 46,479; VAT 9,760.59 → 9,761.
      expect(c.previous).toMatchObject({
        date: '2026-11-01',
        contract: { id: contract.id },
        subtotalCents: 48_925,
        discountCents: 2_446,
        netCents: 46_479,
        vatCents: 9_761,
        totalCents: 56_240,
      })
      expect(c.previous.lines.find((l) => l.kind === 'assets' && l.class === 'workstation')).toMatchObject({
        quantity: 10,
        label: euro('10 × Werkplek à € 25,75'),
      })
      expect(c.changes).toEqual([{ class: 'workstation', from: 10, to: 12 }])
    })

    it('indexes the prices once more from each anniversary of the start', async () => {
      const base = (c: Cost) => c.lines.find((l) => l.kind === 'base')?.amountCents
      expect(base(await cost(customerId, '2026-05-31'))).toBe(15_000)
      expect(base(await cost(customerId, '2026-06-01'))).toBe(15_450)
      expect(base(await cost(customerId, '2027-05-31'))).toBe(15_450)
      // 15,450 × 1.03 = 15,913.5 → 15,914 (half up, on last year's rounded price).
      expect(base(await cost(customerId, '2027-06-01'))).toBe(15_914)
      const server = (await cost(customerId, '2027-06-01')).lines.find(
        (l) => l.kind === 'assets' && l.class === 'server',
      )
      // 7,725 × 1.03 = 7,956.75 → 7,957.
      expect(server).toMatchObject({ unitCents: 7_957 })
    })

    it('speaks the language of the one asking', async () => {
      const c = await cost(customerId, '2026-12-01', englishPortal)
      expect(c.lines.map((l) => l.label)).toEqual([
        'Base fee',
        euro('1 × Server at € 77,25'),
        euro('12 × Workstation at € 25,75'),
      ])
    })

    it('answers contract null and no lines where no contract applies, by its dates', async () => {
      const before = await cost(customerId, '2025-05-31')
      expect(before).toMatchObject({ contract: null, lines: [], subtotalCents: 0, totalCents: 0, vatPercent: 21 })

      const customer = await make.customer(ctx.db)
      await addAssets(customer.id, 'laptop', 3, '2026-01-01')
      const none = await cost(customer.id, '2026-12-01')
      expect(none).toMatchObject({ contract: null, lines: [], totalCents: 0, counts: { laptop: 3 } })
      expect(none.previous).toMatchObject({ contract: null, lines: [] })

      // An ended contract applies up to its end date and not after it.
      const ended = await newContract(customer.id, { planId: plan.id, startDate: '2026-01-01' })
      const res = await by(admin)({
        method: 'PATCH',
        url: `/api/contracts/${ended.id}`,
        payload: { status: 'ended', endDate: '2026-11-15' },
      })
      expect(res.statusCode, res.body).toBe(200)
      const during = await cost(customer.id, '2026-11-15')
      expect(during.contract).toMatchObject({ id: ended.id, status: 'ended', endDate: '2026-11-15' })
      expect(during.totalCents).toBeGreaterThan(0)
      const after = await cost(customer.id, '2026-12-01')
      expect(after.contract).toBeNull()
      expect(after.previous.contract?.id).toBe(ended.id)

      // A draft never applies.
      const draft = await by(admin)({
        method: 'POST',
        url: `/api/customers/${customer.id}/contracts`,
        payload: { planId: plan.id, startDate: '2026-12-01' },
      })
      expect(draft.statusCode).toBe(201)
      expect((await cost(customer.id, '2026-12-01')).contract).toBeNull()
    })

    it('takes today in Amsterdam when no date is given, and the VAT and currency from the settings', async () => {
      // The test clock: Sunday 29 November 2026, 12:00 UTC.
      const today = await cost(customerId)
      expect(today.date).toBe('2026-11-29')
      expect(today.previous.date).toBe('2026-10-29')
      expect(today.counts.workstation).toBe(12)

      const patched = await by(admin)({
        method: 'PATCH',
        url: '/api/settings',
        payload: { billing: { vatPercent: 9 } },
      })
      expect(patched.statusCode, patched.body).toBe(200)
      expect(patched.json()).toMatchObject({ billing: { vatPercent: 9, currency: 'EUR' } })
      const low = await cost(customerId, '2026-12-01')
      expect(low).toMatchObject({ netCents: 51_371, vatPercent: 9, vatCents: 4_623, totalCents: 55_994 })
      const restored = await by(admin)({
        method: 'PATCH',
        url: '/api/settings',
        payload: { billing: { vatPercent: 21 } },
      })
      expect(restored.json()).toMatchObject({ billing: { vatPercent: 21, currency: 'EUR' } })
      expectProblem(
        await by(admin)({ method: 'PATCH', url: '/api/settings', payload: { billing: { currency: 'euro' } } }),
        400,
        'validation_failed',
      )
    })

    it('is read by staff and the customer’s own contacts; another customer’s contact gets 404', async () => {
      expect((await cost(customerId, '2026-12-01', tech)).totalCents).toBe(62_159)
      expect((await cost(customerId, '2026-12-01', portal)).totalCents).toBe(62_159)
      const url = `/api/customers/${customerId}/cost?date=2026-12-01`
      expectProblem(await by(otherPortal)({ method: 'GET', url }), 404, 'customer_not_found')
      expectProblem(await by(undefined)({ method: 'GET', url }), 401, 'unauthenticated')
      expectProblem(
        await by(admin)({ method: 'GET', url: `/api/customers/${uuidv7()}/cost` }),
        404,
        'customer_not_found',
      )
      expectProblem(
        await by(admin)({ method: 'GET', url: `/api/customers/${customerId}/cost?date=2026-13-01` }),
        400,
        'validation_failed',
      )
    })

    it('computes every customer at once exactly as customer by customer', async () => {
      const services = ctx.sladesk.services.contracts
      const ids: string[] = [customerId]
      for (let i = 0; i < 4; i++) {
        const customer = await make.customer(ctx.db)
        ids.push(customer.id)
        if (i < 3) {
          await newContract(customer.id, {
            planId: plan.id,
            startDate: `2025-0${i + 1}-15`,
            indexationPercent: i,
            monthlyDiscountPercent: i * 2.5,
            overrides: i === 1 ? { unitPricesCents: { laptop: 1_500 }, baseFeeCents: 9_900 } : {},
          })
        }
        await addAssets(customer.id, 'laptop', i + 1, '2025-01-01')
        await addAssets(customer.id, 'printer', i, '2026-06-01')
      }
      for (const date of ['2026-12-01', '2026-03-01']) {
        const all = await services.costForAll(date, ids)
        expect([...all.keys()].sort()).toEqual([...ids].sort())
        for (const id of ids) {
          expect(all.get(id), `${id} on ${date}`).toEqual(await services.costForCustomer(date, id))
        }
        // Without a list: every customer with a contract on that date, the same answers.
        const everyone = await services.costForAll(date)
        for (const id of ids) {
          const one = all.get(id)!
          expect(everyone.get(id)).toEqual(one.contract ? one : undefined)
        }
      }
      // The customer without a contract has none, but its assets count.
      const last = (await services.costForAll('2026-12-01', ids)).get(ids[4]!)!
      expect(last).toMatchObject({ contract: null, counts: { laptop: 4, printer: 3 } })
    })
  })
}
