import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { as, expectProblem, signIn, useApp, type Session } from '../../../test/support/app.js'
import { dialects } from '../../../test/support/databases.js'
import { make } from '../../../test/support/factories.js'
import { monthlyCost } from '../contracts/price.js'
import type { Plan } from '../contracts/schema.js'
import { defaultPolicy } from '../sla/clock.js'

const run = promisify(execFile)
const dir = mkdtempSync(join(tmpdir(), 'sladesk-overview-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
let pdfs = 0

async function pdfText(pdf: Buffer): Promise<string> {
  const file = join(dir, `overview-${++pdfs}.pdf`)
  writeFileSync(file, pdf)
  const { stdout } = await run('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'])
  return stdout
}

/** Money as a Dutch invoice writes it, computed with Intl here and not with the code under test. */
const nlMoney = (cents: number) =>
  new Intl.NumberFormat('nl-NL', { style: 'currency', currency: 'EUR' }).format(cents / 100).replace(/\u00a0/g, ' ')
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

const SYSTEM = { kind: 'system' as const, label: 'test' }
const PRICE: Plan['price'] = {
  baseFeeCents: 12_500,
  unitPricesCents: {
    server: 8_500,
    workstation: 2_250,
    laptop: 2_250,
    network: 1_000,
    ups: 600,
    'backup-system': 1_500,
    printer: 500,
    other: 250,
  },
  serviceDiscountPercent: 10,
}

for (const dialect of dialects) {
  describe(`customer overview PDF [${dialect}]`, () => {
    const ctx = useApp(dialect)
    let admin: Session
    let portal: Session
    let otherPortal: Session
    let customerId: string
    let bareCustomerId: string

    const url = (id: string, lang?: string) => `/api/customers/${id}/overview.pdf${lang ? `?lang=${lang}` : ''}`

    async function post(path: string, payload: object): Promise<{ id: string }> {
      const res = await as(ctx.app, admin)({ method: 'POST', url: path, payload })
      expect(res.statusCode, res.body).toBe(201)
      return res.json<{ id: string }>()
    }

    beforeAll(async () => {
      ctx.clock.now = Date.UTC(2026, 10, 29, 12, 0, 0)
      const a = await make.user(ctx.db, { role: 'admin' })
      admin = await signIn(ctx.app, a.email)
      const customer = await make.customer(ctx.db, {
        name: 'Huisartsenpraktijk De Linde',
        name_key: 'huisartsenpraktijk de linde',
        address: 'Lindelaan 4',
        postal_code: '3811 AB',
        city: 'Amersfoort',
        phone: '033 765 4321',
      })
      customerId = customer.id
      await make.contact(ctx.db, {
        customer_id: customerId,
        name: 'Karin Sleutel',
        email: 'karin@delinde.example',
        phone: '06 1111 2222',
        is_key_contact: 1,
      })
      const c = await make.user(ctx.db, { role: 'contact', customer_id: customerId })
      portal = await signIn(ctx.app, c.email)
      const o = await make.user(ctx.db, { role: 'contact' })
      otherPortal = await signIn(ctx.app, o.email)
      bareCustomerId = (await make.customer(ctx.db, { name: 'Nog Leeg BV', name_key: 'nog leeg bv' })).id

      const site = await post(`/api/customers/${customerId}/sites`, { name: 'Hoofdpraktijk', address: 'Lindelaan 4' })
      await post(`/api/customers/${customerId}/assets`, {
        class: 'server',
        name: 'SRV-LINDE-01',
        siteId: site.id,
        os: 'Windows Server',
        osVersion: '2022',
        warrantyEnd: '2026-12-15',
      })
      for (const n of [1, 2, 3]) {
        await post(`/api/customers/${customerId}/assets`, {
          class: 'workstation',
          name: `BALIE-PC-0${n}`,
          siteId: site.id,
          os: 'Windows 11',
          osVersion: '24H2',
          warrantyEnd: '2028-03-01',
        })
      }
      await post(`/api/customers/${customerId}/assets`, {
        class: 'ups',
        name: 'UPS-SERVERKAST',
        make: 'APC',
        model: 'Smart-UPS 1500',
        batteryInstalledOn: '2021-06-01',
      })

      const plan = await ctx.sladesk.services.contracts.createPlan(SYSTEM, {
        name: 'Praktijk Zorgeloos',
        description: 'Voor praktijken die altijd door moeten.',
        active: true,
        policy: defaultPolicy(),
        services: {
          backupChecks: true,
          upsChecks: true,
          preventiveMaintenancePerYear: 4,
          onsiteVisitsPerYear: 6,
          remoteHelp: true,
          patchManagement: true,
          documentation: true,
        },
        price: PRICE,
      })
      const contract = await ctx.sladesk.services.contracts.createContract(SYSTEM, customerId, {
        planId: plan.id,
        startDate: '2026-11-01',
        termMonths: 24,
        noticeMonths: 3,
        indexationPercent: 0,
        monthlyDiscountPercent: 5,
        overrides: {},
      })
      await ctx.sladesk.services.contracts.updateContract(SYSTEM, contract.id, { status: 'active' })
    })

    it('describes the customer, its infrastructure, its contract and its monthly cost, in Dutch', async () => {
      const res = await as(ctx.app, admin)({ method: 'GET', url: url(customerId, 'nl') })
      expect(res.statusCode, res.body).toBe(200)
      expect(res.headers['content-type']).toBe('application/pdf')
      expect(res.headers['content-disposition']).toBe(
        'attachment; filename=overzicht-huisartsenpraktijk-de-linde-2026-11.pdf',
      )
      const text = await pdfText(res.rawPayload)
      expect(text).toContain('Overzicht Huisartsenpraktijk De Linde')
      expect(text).toContain('Stand per 29 november 2026')
      expect(text).toContain('Lindelaan 4, 3811 AB Amersfoort')
      expect(text).toContain('Karin Sleutel, karin@delinde.example, 06 1111 2222')
      for (const name of ['SRV-LINDE-01', 'BALIE-PC-01', 'BALIE-PC-02', 'BALIE-PC-03', 'UPS-SERVERKAST']) {
        expect(text).toContain(name)
      }
      expect(text).toMatch(/SRV-LINDE-01\s+Hoofdpraktijk\s+Windows Server 2022\s+15 december 2026/)
      expect(text).toMatch(/Werkplek\s+3\n/)
      expect(text).toContain('APC Smart-UPS 1500')
      expect(text).toContain('SRV-LINDE-01: de garantie loopt af op 15 december 2026')
      expect(text).toContain('UPS-SERVERKAST: de accu is sinds 1 juni 2025 aan vervanging toe')
      expect(text).toContain('Praktijk Zorgeloos')
      expect(text).toContain('24 maanden')
      expect(text).toMatch(/P1 calamiteit\s+4 uur \(dag en nacht\)\s+2 uur \(dag en nacht\)\s+24 uur \(dag en nacht\)/)
      expect(text).toContain('Onderhoudsbezoek op locatie: 6× per jaar')
      expect(text).toContain('Korting op training, advies en installatie: 10 %')

      // The cost as the contracts module computes it, and as its price code says it must be.
      const cost = (await as(ctx.app, admin)({ method: 'GET', url: `/api/customers/${customerId}/cost` })).json<{
        totalCents: number
        discountCents: number
      }>()
      const expected = monthlyCost({
        model: PRICE,
        counts: { server: 1, workstation: 3, ups: 1 },
        monthlyDiscountPercent: 5,
        vatPercent: 21,
        currency: 'EUR',
      })
      expect(cost.totalCents).toBe(expected.totalCents)
      expect(text).toMatch(new RegExp(`Totaal per maand\\s+${escape(nlMoney(expected.totalCents))}`))
      expect(text).toMatch(new RegExp(`Korting 5 %\\s+${escape(nlMoney(-expected.discountCents))}`))
      expect(text).toMatch(new RegExp(`3 × Werkplek à ${escape(nlMoney(2_250))}\\s+${escape(nlMoney(6_750))}`))
      expect(text).toMatch(new RegExp(`Btw 21 %\\s+${escape(nlMoney(expected.vatCents))}`))
    })

    it('speaks English when asked, money still the Dutch way', async () => {
      const res = await as(ctx.app, admin)({ method: 'GET', url: url(customerId, 'en') })
      expect(res.statusCode).toBe(200)
      expect(res.headers['content-disposition']).toContain('overview-huisartsenpraktijk-de-linde-2026-11.pdf')
      const text = await pdfText(res.rawPayload)
      expect(text).toContain('Overview Huisartsenpraktijk De Linde')
      expect(text).toContain('As of 29 November 2026')
      expect(text).toContain('Your infrastructure')
      expect(text).toMatch(/Total per month\s+€ [\d.]+,\d\d/)
      expect(text).toContain('On-site maintenance visit: 6× a year')
      expect(text).not.toContain('Totaal')
    })

    it("gives the customer's own contact its overview, in its own language by default", async () => {
      const res = await as(ctx.app, portal)({ method: 'GET', url: url(customerId) })
      expect(res.statusCode, res.body).toBe(200)
      const text = await pdfText(res.rawPayload)
      expect(text).toContain('SRV-LINDE-01')
      expect(text).toContain('Totaal per maand')
    })

    it("answers another customer's contact 404, naming nothing, and anonymous callers 401", async () => {
      const res = await as(ctx.app, otherPortal)({ method: 'GET', url: url(customerId) })
      expectProblem(res, 404, 'customer_not_found')
      expect(res.body).not.toContain('De Linde')
      expectProblem(await ctx.app.inject({ method: 'GET', url: url(customerId) }), 401, 'unauthenticated')
      expectProblem(
        await as(ctx.app, admin)({ method: 'GET', url: url('0190a0a0-0000-7000-8000-000000000000') }),
        404,
        'customer_not_found',
      )
      expectProblem(await as(ctx.app, admin)({ method: 'GET', url: url(customerId, 'de') }), 400, 'validation_failed')
    })

    it('says so when there is no infrastructure and no contract yet', async () => {
      const res = await as(ctx.app, admin)({ method: 'GET', url: url(bareCustomerId, 'nl') })
      expect(res.statusCode, res.body).toBe(200)
      const text = await pdfText(res.rawPayload)
      expect(text).toContain('Er is nog geen infrastructuur vastgelegd.')
      expect(text).toContain('Er is op dit moment geen actief servicecontract.')
      expect(text).toContain('nog niet vastgelegd')
      expect(text).not.toContain('Totaal per maand')
    })
  })
}
