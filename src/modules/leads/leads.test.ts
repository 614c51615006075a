import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import type { InjectOptions, LightMyRequestResponse } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { as, expectProblem, signIn, useApp, type Session } from '../../../test/support/app.js'
import { dialects } from '../../../test/support/databases.js'
import { make } from '../../../test/support/factories.js'
import { monthlyCost } from '../contracts/price.js'
import type { Plan } from '../contracts/schema.js'
import { defaultPolicy } from '../sla/clock.js'
import type { Lead, LeadConverted, LeadDetail, LeadPage, Quote } from './schema.js'

const run = promisify(execFile)
const dir = mkdtempSync(join(tmpdir(), 'sladesk-leads-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
let pdfs = 0

async function pdfText(pdf: Buffer): Promise<string> {
  const file = join(dir, `quote-${++pdfs}.pdf`)
  writeFileSync(file, pdf)
  const { stdout } = await run('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'])
  return stdout
}

/** Money as a Dutch invoice writes it, computed here with Intl and not with the code under test. */
const nlMoney = (cents: number) =>
  new Intl.NumberFormat('nl-NL', { style: 'currency', currency: 'EUR' }).format(cents / 100).replace(/\u00a0/g, ' ')

const HOUR = 3_600_000
const SYSTEM = { kind: 'system' as const, label: 'test' }
let ips = 0
/** A fresh client address per request group, so that one test's submissions do not count against another's. */
const freshIp = () => `198.51.${Math.floor(ips / 250)}.${(ips++ % 250) + 1}`

const FORM = {
  company: 'Bakkerij De Korenbloem',
  name: 'Fatima el Amrani',
  email: 'Fatima@Korenbloem.example',
  phone: '0612345678',
  servers: 2,
  workstations: 11,
  question: 'Wij zoeken iemand die onze server en back-ups beheert. Wat kost dat per maand?',
}

for (const dialect of dialects) {
  describe(`leads [${dialect}]`, () => {
    const ctx = useApp(dialect)
    const START = Date.UTC(2026, 10, 29, 12, 0, 0)
    let admin: Session
    let billing: Session
    let tech: Session
    let portal: Session
    let adminEmail: string
    let englishAdminEmail: string
    let plan: Plan
    let otherPlan: Plan

    const staff = () => as(ctx.app, admin)

    function submit(body: object, ip = freshIp(), extra: Partial<InjectOptions> = {}): Promise<LightMyRequestResponse> {
      return ctx.app.inject({
        method: 'POST',
        url: '/api/public/leads',
        payload: body,
        remoteAddress: ip,
        ...extra,
      } as InjectOptions)
    }

    async function newLead(over: object = {}): Promise<Lead> {
      const res = await submit({ ...FORM, ...over })
      expect(res.statusCode, res.body).toBe(202)
      const got = await staff()({ method: 'GET', url: `/api/leads/${res.json<{ id: string }>().id}` })
      expect(got.statusCode, got.body).toBe(200)
      return got.json<Lead>()
    }

    async function mailsAbout(id: string) {
      return ctx.db
        .selectFrom('outbox')
        .select(['to_address', 'subject', 'body_text', 'kind', 'headers'])
        .where('ref_id', '=', id)
        .orderBy('id')
        .execute()
    }

    async function makePlan(name: string, over: Partial<Plan['price']> = {}): Promise<Plan> {
      return ctx.sladesk.services.contracts.createPlan(SYSTEM, {
        name,
        description: `Het pakket ${name}: alles voor een zorgeloos netwerk.`,
        active: true,
        policy: defaultPolicy(),
        services: {
          backupChecks: true,
          upsChecks: true,
          preventiveMaintenancePerYear: 4,
          onsiteVisitsPerYear: 2,
          remoteHelp: true,
          patchManagement: true,
          documentation: true,
        },
        price: {
          baseFeeCents: 14_950,
          unitPricesCents: {
            server: 7_995,
            workstation: 2_450,
            laptop: 2_450,
            network: 1_000,
            ups: 750,
            'backup-system': 1_500,
            printer: 500,
            other: 250,
          },
          serviceDiscountPercent: 15,
          ...over,
        },
      })
    }

    beforeAll(async () => {
      ctx.clock.now = START
      const a = await make.user(ctx.db, { role: 'admin', locale: 'nl' })
      const en = await make.user(ctx.db, { role: 'admin', locale: 'en' })
      await make.user(ctx.db, { role: 'admin', active: 0, email: 'vertrokken@msp.example' })
      const b = await make.user(ctx.db, { role: 'billing' })
      const t = await make.user(ctx.db, { role: 'technician' })
      const c = await make.user(ctx.db, { role: 'contact' })
      adminEmail = a.email
      englishAdminEmail = en.email
      admin = await signIn(ctx.app, a.email)
      billing = await signIn(ctx.app, b.email)
      tech = await signIn(ctx.app, t.email)
      portal = await signIn(ctx.app, c.email)
      plan = await makePlan('Zorgeloos Plus')
      otherPlan = await makePlan('Basis', { baseFeeCents: 4_900 })
    })

    it('documents every route in OpenAPI, the form as public and the PDFs as application/pdf', async () => {
      const doc = (await ctx.app.inject({ method: 'GET', url: '/api/openapi.json' })).json<{
        paths: Record<string, Record<string, { security?: unknown[]; responses?: Record<string, unknown> }>>
      }>()
      for (const path of [
        '/api/public/leads',
        '/api/leads',
        '/api/leads/{id}',
        '/api/leads/{id}/quote',
        '/api/leads/{id}/convert',
        '/api/quotes/{id}',
        '/api/quotes/{id}/pdf',
        '/api/customers/{id}/overview.pdf',
      ]) {
        expect(doc.paths, path).toHaveProperty([path])
      }
      expect(doc.paths['/api/public/leads']?.post?.security).toEqual([])
      expect(doc.paths['/api/quotes/{id}/pdf']?.get?.responses?.['200']).toMatchObject({
        content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
      })
    })

    describe('the public form', () => {
      it('takes a request without sign-in and answers 202', async () => {
        const res = await submit(FORM)
        expect(res.statusCode, res.body).toBe(202)
        const body = res.json<{ id: string; status: string }>()
        expect(body).toEqual({ id: expect.any(String), status: 'received' })
        const lead = (await staff()({ method: 'GET', url: `/api/leads/${body.id}` })).json<LeadDetail>()
        expect(lead).toMatchObject({
          company: FORM.company,
          name: FORM.name,
          email: 'fatima@korenbloem.example',
          servers: 2,
          workstations: 11,
          locale: 'nl',
          status: 'new',
          customerId: null,
          quotes: [],
        })
      })

      it('takes it from a signed-in browser without its CSRF header, or with a stale cookie or token', async () => {
        // Someone of the MSP trying the form in the browser they work in; a prospect with an expired session.
        for (const headers of [
          { cookie: admin.cookie },
          { cookie: 'sladesk_session=expired-long-ago' },
          { authorization: 'Bearer not-a-token' },
        ]) {
          const res = await submit(FORM, freshIp(), { headers })
          expect(res.statusCode, `${JSON.stringify(headers)}: ${res.body}`).toBe(202)
        }
      })

      it('mails the requester in Dutch and every active admin in their own language, in the outbox', async () => {
        const lead = await newLead()
        const mails = await mailsAbout(lead.id)
        const confirmation = mails.find((m) => m.kind === 'lead.received')
        expect(confirmation).toMatchObject({ to_address: 'fatima@korenbloem.example' })
        expect(confirmation?.subject).toMatch(/^Uw aanvraag bij .+ is ontvangen$/)
        expect(confirmation?.body_text).toContain('Beste Fatima el Amrani')
        expect(confirmation?.body_text).toContain(FORM.question)
        const staffMails = mails.filter((m) => m.kind === 'lead.staff')
        expect(staffMails.map((m) => m.to_address).sort()).toEqual([adminEmail, englishAdminEmail].sort())
        const nl = staffMails.find((m) => m.to_address === adminEmail)
        expect(nl?.subject).toBe(`Nieuwe aanvraag van ${FORM.company}: ${FORM.name}`)
        expect(nl?.body_text).toContain('Werkplekken: 11')
        expect(nl?.body_text).toContain(`/leads/${lead.id}`)
        const en = staffMails.find((m) => m.to_address === englishAdminEmail)
        expect(en?.subject).toBe(`New request from ${FORM.company}: ${FORM.name}`)
        expect(en?.body_text).toContain('Workstations: 11')
        // Replying to the notification reaches the prospect.
        expect(JSON.parse(nl?.headers ?? '{}')).toMatchObject({ 'Reply-To': 'fatima@korenbloem.example' })
      })

      it('confirms in English when the form was in English, and says what is unknown', async () => {
        const lead = await newLead({ locale: 'en', phone: undefined, servers: undefined })
        expect(lead).toMatchObject({ locale: 'en', phone: null, servers: null })
        const mails = await mailsAbout(lead.id)
        const confirmation = mails.find((m) => m.kind === 'lead.received')
        expect(confirmation?.subject).toMatch(/^Your request to .+ has been received$/)
        expect(confirmation?.body_text).toContain('Dear Fatima el Amrani')
        const nl = mails.find((m) => m.to_address === adminEmail)
        expect(nl?.body_text).toContain('Servers: onbekend')
        expect(mails.find((m) => m.to_address === englishAdminEmail)?.body_text).toContain('Phone: unknown')
      })

      it('writes the request to the audit log with the sender address', async () => {
        const ip = freshIp()
        const res = await submit(FORM, ip)
        const id = res.json<{ id: string }>().id
        const entry = await ctx.db
          .selectFrom('audit_log')
          .selectAll()
          .where('entity_id', '=', id)
          .executeTakeFirstOrThrow()
        expect(entry).toMatchObject({ action: 'lead.received', actor_label: 'system:public-form', ip })
      })

      it.each([
        ['no e-mail', { email: undefined }, 'body.email'],
        ['a bad e-mail', { email: 'fatima at korenbloem' }, 'body.email'],
        ['no company', { company: '' }, 'body.company'],
        ['no question', { question: '   ' }, 'body.question'],
        ['negative servers', { servers: -1 }, 'body.servers'],
        ['fractional workstations', { workstations: 2.5 }, 'body.workstations'],
        ['an unknown language', { locale: 'de' }, 'body.locale'],
        ['a number for a name', { name: 42 }, 'body.name'],
      ])('refuses %s with 400 problem+json', async (_name, over, path) => {
        const res = await submit({ ...FORM, ...over })
        const problem = expectProblem(res, 400, 'validation_failed')
        expect(problem.errors?.map((e) => e.path)).toContain(path)
      })

      it('refuses a body that is not JSON', async () => {
        expectProblem(
          await submit({}, freshIp(), { payload: '{"company":', headers: { 'content-type': 'application/json' } }),
          400,
          'invalid_json',
        )
      })

      it('answers a filled honeypot as if accepted, and keeps it out of sight without mails', async () => {
        const res = await submit({ ...FORM, company: 'Spammer BV', website: 'http://cheap-pills.example' })
        expect(res.statusCode, res.body).toBe(202)
        const { id } = res.json<{ id: string; status: string }>()
        expect(res.json()).toEqual({ id, status: 'received' })
        expectProblem(await staff()({ method: 'GET', url: `/api/leads/${id}` }), 404, 'lead_not_found')
        const list = (await staff()({ method: 'GET', url: '/api/leads?q=spammer' })).json<LeadPage>()
        expect(list.items).toEqual([])
        expect(await mailsAbout(id)).toEqual([])
        // Kept, flagged: nothing anyone sends is thrown away.
        const row = await ctx.db.selectFrom('leads').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
        expect(row).toMatchObject({ spam: 1, company: 'Spammer BV' })
        expect(row.notes).toContain('cheap-pills')
      })

      it('takes at most 5 requests per address and hour: the 6th gets 429 with Retry-After', async () => {
        ctx.clock.now = START + 20 * 60_000
        const ip = '203.0.113.77'
        for (let i = 0; i < 5; i++) {
          expect((await submit(FORM, ip)).statusCode).toBe(202)
        }
        const refused = await submit(FORM, ip)
        const problem = expectProblem(refused, 429, 'too_many_requests')
        // The hour started at 12:00; at 12:20 the window has 40 minutes left.
        expect(refused.headers['retry-after']).toBe(String(40 * 60))
        expect(problem.retryAfterSeconds).toBe(40 * 60)
        // Another address is not affected; a bot filling the honeypot is counted like anyone else.
        expect((await submit(FORM, '203.0.113.78')).statusCode).toBe(202)
        expect((await submit({ ...FORM, website: 'x' }, ip)).statusCode).toBe(429)
        // The next hour starts afresh.
        ctx.clock.now = START + HOUR
        expect((await submit(FORM, ip)).statusCode).toBe(202)
        ctx.clock.now = START
      })

      it('counts in the database, so that every instance sees the same count', async () => {
        ctx.clock.now = START
        const ip = '203.0.113.90'
        await submit(FORM, ip)
        await submit(FORM, ip)
        const row = await ctx.db
          .selectFrom('lead_rate_limits')
          .selectAll()
          .where('ip', '=', ip)
          .executeTakeFirstOrThrow()
        expect(row).toMatchObject({ window_start: START, count: 2 })
      })
    })

    describe('staff', () => {
      it('lists newest first, filters by status and text, pages by keyset', async () => {
        const a = await newLead({ company: 'Tandarts Zuidwijk' })
        const b = await newLead({ company: 'Notariaat Zuidwijk' })
        const c = await newLead({ company: 'Garage Zuidwijk' })
        await staff()({ method: 'PATCH', url: `/api/leads/${b.id}`, payload: { status: 'contacted' } })
        const all = (await staff()({ method: 'GET', url: '/api/leads?q=zuidwijk' })).json<LeadPage>()
        expect(all.items.map((l) => l.id)).toEqual([c.id, b.id, a.id])
        const contacted = (
          await staff()({ method: 'GET', url: '/api/leads?q=zuidwijk&status=contacted' })
        ).json<LeadPage>()
        expect(contacted.items.map((l) => l.id)).toEqual([b.id])
        const byEmail = (await staff()({ method: 'GET', url: '/api/leads?q=KORENBLOEM.example' })).json<LeadPage>()
        expect(byEmail.items.length).toBeGreaterThan(3)

        const seen: string[] = []
        let cursor: string | null = null
        do {
          const url: string = `/api/leads?q=zuidwijk&limit=2${cursor ? `&cursor=${cursor}` : ''}`
          const page: LeadPage = (await staff()({ method: 'GET', url })).json<LeadPage>()
          seen.push(...page.items.map((l) => l.id))
          cursor = page.nextCursor
        } while (cursor)
        expect(seen).toEqual([c.id, b.id, a.id])
        expectProblem(await staff()({ method: 'GET', url: '/api/leads?cursor=bm9wZQ' }), 400, 'invalid_cursor')
        expectProblem(await staff()({ method: 'GET', url: '/api/leads?status=maybe' }), 400, 'validation_failed')
      })

      it('changes status and notes, with every change in the audit log', async () => {
        const lead = await newLead()
        const res = await as(
          ctx.app,
          billing,
        )({
          method: 'PATCH',
          url: `/api/leads/${lead.id}`,
          payload: { status: 'contacted', notes: 'Belt maandag terug' },
        })
        expect(res.statusCode, res.body).toBe(200)
        expect(res.json<Lead>()).toMatchObject({ status: 'contacted', notes: 'Belt maandag terug' })
        const entries = await ctx.db
          .selectFrom('audit_log')
          .selectAll()
          .where('entity_id', '=', lead.id)
          .where('action', '=', 'lead.updated')
          .execute()
        expect(entries).toHaveLength(1)
        expect(JSON.parse(entries[0]!.diff!)).toEqual({
          status: ['new', 'contacted'],
          notes: [null, 'Belt maandag terug'],
        })
        expectProblem(
          await staff()({ method: 'PATCH', url: `/api/leads/${lead.id}`, payload: { status: 'maybe' } }),
          400,
          'validation_failed',
        )
        expectProblem(
          await staff()({ method: 'PATCH', url: `/api/leads/${lead.id}`, payload: {} }),
          400,
          'validation_failed',
        )
      })

      it('lets technicians read but not change', async () => {
        const lead = await newLead()
        const t = as(ctx.app, tech)
        expect((await t({ method: 'GET', url: '/api/leads' })).statusCode).toBe(200)
        expect((await t({ method: 'GET', url: `/api/leads/${lead.id}` })).statusCode).toBe(200)
        expectProblem(
          await t({ method: 'PATCH', url: `/api/leads/${lead.id}`, payload: { status: 'lost' } }),
          403,
          'role_required',
        )
        expectProblem(
          await t({ method: 'POST', url: `/api/leads/${lead.id}/quote`, payload: { planId: plan.id } }),
          403,
          'role_required',
        )
        expectProblem(
          await t({ method: 'POST', url: `/api/leads/${lead.id}/convert`, payload: {} }),
          403,
          'role_required',
        )
      })
    })

    describe('quotes', () => {
      it('prices the plan with the contracts price code for the numbers on the form', async () => {
        const lead = await newLead()
        const res = await staff()({ method: 'POST', url: `/api/leads/${lead.id}/quote`, payload: { planId: plan.id } })
        expect(res.statusCode, res.body).toBe(201)
        const quote = res.json<Quote>()
        const expected = monthlyCost({
          model: plan.price,
          counts: { server: 2, workstation: 11 },
          monthlyDiscountPercent: 0,
          vatPercent: 21,
          currency: 'EUR',
        })
        expect(quote.lines.map(({ label: _label, ...line }) => line)).toEqual(expected.lines)
        expect(quote).toMatchObject({
          leadId: lead.id,
          locale: 'nl',
          date: '2026-11-29',
          validUntil: '2026-12-29',
          counts: { server: 2, workstation: 11 },
          subtotalCents: expected.subtotalCents,
          vatPercent: 21,
          vatCents: expected.vatCents,
          totalCents: expected.totalCents,
          plan: { id: plan.id, name: 'Zorgeloos Plus', serviceDiscountPercent: 15 },
          pdf: `/api/quotes/${quote.id}/pdf`,
        })
        expect(quote.number).toMatch(/^Q2026-\d{4}$/)
        expect(quote.lines[1]?.label).toBe(`2 × Server à ${nlMoney(7_995)}`)
        const after = (await staff()({ method: 'GET', url: `/api/leads/${lead.id}` })).json<LeadDetail>()
        expect(after.status).toBe('quoted')
        expect(after.quotes).toEqual([
          expect.objectContaining({ id: quote.id, number: quote.number, totalCents: expected.totalCents }),
        ])
        const audit = await ctx.db
          .selectFrom('audit_log')
          .select('action')
          .where('entity_id', 'in', [quote.id, lead.id])
          .where('action', 'in', ['quote.created', 'lead.updated'])
          .execute()
        expect(audit.map((a) => a.action).sort()).toEqual(['lead.updated', 'quote.created'])
      })

      it('takes counts per asset class from staff, numbers quotes per year and keeps the validity asked for', async () => {
        const lead = await newLead()
        const first = (
          await staff()({ method: 'POST', url: `/api/leads/${lead.id}/quote`, payload: { planId: plan.id } })
        ).json<Quote>()
        const res = await staff()({
          method: 'POST',
          url: `/api/leads/${lead.id}/quote`,
          payload: { planId: otherPlan.id, counts: { server: 1, laptop: 3, 'backup-system': 1 }, validDays: 14 },
        })
        expect(res.statusCode, res.body).toBe(201)
        const second = res.json<Quote>()
        expect(Number(second.number.slice(6))).toBe(Number(first.number.slice(6)) + 1)
        expect(second.counts).toEqual({ server: 1, workstation: 11, laptop: 3, 'backup-system': 1 })
        expect(second.validUntil).toBe('2026-12-13')
        expect(second.totalCents).toBe(
          monthlyCost({
            model: otherPlan.price,
            counts: second.counts,
            monthlyDiscountPercent: 0,
            vatPercent: 21,
            currency: 'EUR',
          }).totalCents,
        )
      })

      it('uses the VAT rate from the settings', async () => {
        await staff()({ method: 'PATCH', url: '/api/settings', payload: { billing: { vatPercent: 9 } } })
        try {
          const lead = await newLead()
          const quote = (
            await staff()({ method: 'POST', url: `/api/leads/${lead.id}/quote`, payload: { planId: plan.id } })
          ).json<Quote>()
          expect(quote.vatPercent).toBe(9)
          expect(quote.vatCents).toBe(Math.round((quote.subtotalCents * 9) / 100))
        } finally {
          await staff()({ method: 'PATCH', url: '/api/settings', payload: { billing: { vatPercent: 21 } } })
        }
      })

      it('refuses unknown plans and classes with 400, inactive plans with 409, unknown leads with 404', async () => {
        const lead = await newLead()
        const post = (payload: object, id = lead.id) =>
          staff()({ method: 'POST', url: `/api/leads/${id}/quote`, payload })
        const unknown = expectProblem(
          await post({ planId: '0190a0a0-0000-7000-8000-000000000000' }),
          400,
          'unknown_plan',
        )
        expect(unknown.errors?.[0]?.path).toBe('body.planId')
        expectProblem(await post({ planId: plan.id, counts: { toaster: 1 } }), 400, 'validation_failed')
        expectProblem(await post({ planId: plan.id, counts: { server: -1 } }), 400, 'validation_failed')
        expectProblem(await post({ planId: plan.id, validDays: 0 }), 400, 'validation_failed')
        const retired = await makePlan('Oud pakket')
        await ctx.sladesk.services.contracts.updatePlan(SYSTEM, retired.id, { active: false })
        expectProblem(await post({ planId: retired.id }), 409, 'plan_inactive')
        expectProblem(await post({ planId: plan.id }, '0190a0a0-0000-7000-8000-000000000001'), 404, 'lead_not_found')
      })

      it('renders the quote PDF in Dutch with the plan, the response times, the total and the validity date', async () => {
        const lead = await newLead()
        const quote = (
          await staff()({ method: 'POST', url: `/api/leads/${lead.id}/quote`, payload: { planId: plan.id } })
        ).json<Quote>()
        const res = await as(ctx.app, tech)({ method: 'GET', url: quote.pdf })
        expect(res.statusCode).toBe(200)
        expect(res.headers['content-type']).toBe('application/pdf')
        expect(res.headers['content-disposition']).toContain(`offerte-${quote.number}.pdf`)
        const text = await pdfText(res.rawPayload)
        expect(text).toContain(`Offerte ${quote.number}`)
        expect(text).toContain('Zorgeloos Plus')
        expect(text).toContain(FORM.company)
        expect(text).toMatch(new RegExp(`Totaal per maand\\s+${nlMoney(quote.totalCents).replace(/[.$]/g, '\\$&')}`))
        expect(text).toContain('29 december 2026')
        expect(text).toContain('Geldig tot en met')
        expect(text).toMatch(/P1 calamiteit\s+4 uur \(dag en nacht\)/)
        expect(text).toContain('Onderhoudsbezoek op locatie: 2× per jaar')
        expect(text).toContain('Btw 21 %')
      })

      it('renders the quote PDF in English for an English request, money still the Dutch way', async () => {
        const lead = await newLead({ locale: 'en', company: 'Dental Care Utrecht' })
        const quote = (
          await staff()({ method: 'POST', url: `/api/leads/${lead.id}/quote`, payload: { planId: plan.id } })
        ).json<Quote>()
        const res = await staff()({ method: 'GET', url: quote.pdf })
        expect(res.headers['content-disposition']).toContain(`quote-${quote.number}.pdf`)
        const text = await pdfText(res.rawPayload)
        expect(text).toContain(`Quote ${quote.number}`)
        expect(text).toContain('Valid until')
        expect(text).toContain('29 December 2026')
        expect(text).toMatch(new RegExp(`Total per month\\s+${nlMoney(quote.totalCents).replace(/[.$]/g, '\\$&')}`))
        expect(text).toMatch(/P1 calamity\s+4 h \(around the clock\)/)
        expect(text).not.toContain('Offerte')
      })
    })

    describe('conversion', () => {
      it('makes the customer, its key contact and a draft contract, and marks the lead won; twice is 409', async () => {
        const lead = await newLead({ company: 'Fysiotherapie Het Anker' })
        await staff()({ method: 'POST', url: `/api/leads/${lead.id}/quote`, payload: { planId: plan.id } })
        const res = await staff()({
          method: 'POST',
          url: `/api/leads/${lead.id}/convert`,
          payload: { startDate: '2027-01-01' },
        })
        expect(res.statusCode, res.body).toBe(201)
        const done = res.json<LeadConverted>()
        expect(done.lead).toMatchObject({ status: 'won', customerId: done.customerId, contractId: done.contractId })

        const customer = await staff()({ method: 'GET', url: `/api/customers/${done.customerId}` })
        expect(customer.json()).toMatchObject({
          name: 'Fysiotherapie Het Anker',
          keyContact: { id: done.contactId, name: FORM.name, email: 'fatima@korenbloem.example' },
        })
        const contract = await ctx.sladesk.services.contracts.getContract(SYSTEM, done.contractId)
        expect(contract).toMatchObject({
          customerId: done.customerId,
          planId: plan.id,
          status: 'draft',
          startDate: '2027-01-01',
        })
        const audit = await ctx.db
          .selectFrom('audit_log')
          .select('action')
          .where('entity_id', '=', lead.id)
          .where('action', '=', 'lead.converted')
          .execute()
        expect(audit).toHaveLength(1)

        const customersBefore = await ctx.db.selectFrom('customers').select('id').execute()
        expectProblem(
          await staff()({ method: 'POST', url: `/api/leads/${lead.id}/convert`, payload: {} }),
          409,
          'lead_converted',
        )
        expect(await ctx.db.selectFrom('customers').select('id').execute()).toHaveLength(customersBefore.length)
        // A customer's lead stays won, and is not quoted again.
        expectProblem(
          await staff()({ method: 'PATCH', url: `/api/leads/${lead.id}`, payload: { status: 'lost' } }),
          409,
          'lead_converted',
        )
        expectProblem(
          await staff()({ method: 'POST', url: `/api/leads/${lead.id}/quote`, payload: { planId: plan.id } }),
          409,
          'lead_converted',
        )
        const notes = await staff()({ method: 'PATCH', url: `/api/leads/${lead.id}`, payload: { notes: 'Getekend' } })
        expect(notes.statusCode, notes.body).toBe(200)
      })

      it('needs a plan when the lead has no quote, and checks it before writing anything', async () => {
        const lead = await newLead({ company: 'Zonder Offerte BV' })
        const customersBefore = (await ctx.db.selectFrom('customers').select('id').execute()).length
        expectProblem(
          await staff()({ method: 'POST', url: `/api/leads/${lead.id}/convert`, payload: {} }),
          400,
          'plan_required',
        )
        expectProblem(
          await staff()({
            method: 'POST',
            url: `/api/leads/${lead.id}/convert`,
            payload: { planId: '0190a0a0-0000-7000-8000-000000000000' },
          }),
          400,
          'unknown_plan',
        )
        expectProblem(
          await staff()({ method: 'POST', url: `/api/leads/${lead.id}/convert`, payload: { startDate: '1-1-2027' } }),
          400,
          'validation_failed',
        )
        expect(await ctx.db.selectFrom('customers').select('id').execute()).toHaveLength(customersBefore)
        const res = await staff()({
          method: 'POST',
          url: `/api/leads/${lead.id}/convert`,
          payload: { planId: otherPlan.id },
        })
        expect(res.statusCode, res.body).toBe(201)
        // Without a start date: today in the MSP's time zone.
        const contract = await ctx.sladesk.services.contracts.getContract(SYSTEM, res.json<LeadConverted>().contractId)
        expect(contract).toMatchObject({ planId: otherPlan.id, startDate: '2026-11-29', status: 'draft' })
      })

      it('resumes a conversion that stopped after the customer was made, without a second customer', async () => {
        const lead = await newLead({ company: 'Half Omgezet BV' })
        // What a conversion that died after its first step leaves: the customer, linked to the lead.
        const customer = await ctx.sladesk.services.customers.create(SYSTEM, { name: 'Half Omgezet BV', country: 'NL' })
        await ctx.db.updateTable('leads').set({ customer_id: customer.id }).where('id', '=', lead.id).execute()
        const res = await staff()({
          method: 'POST',
          url: `/api/leads/${lead.id}/convert`,
          payload: { planId: plan.id },
        })
        expect(res.statusCode, res.body).toBe(201)
        expect(res.json<LeadConverted>().customerId).toBe(customer.id)
        const named = await ctx.db.selectFrom('customers').select('id').where('name', '=', 'Half Omgezet BV').execute()
        expect(named).toHaveLength(1)
        const contacts = await ctx.sladesk.services.customers.listContacts(SYSTEM, customer.id)
        expect(contacts).toEqual([expect.objectContaining({ email: 'fatima@korenbloem.example', keyContact: true })])
      })

      it('refuses a second conversion while one is running, and takes over one that died', async () => {
        const lead = await newLead({ company: 'Gelijktijdig BV' })
        await ctx.db.updateTable('leads').set({ converting_at: ctx.clock.now }).where('id', '=', lead.id).execute()
        const convert = () =>
          staff()({ method: 'POST', url: `/api/leads/${lead.id}/convert`, payload: { planId: plan.id } })
        expectProblem(await convert(), 409, 'lead_converting')
        ctx.clock.now += 6 * 60_000
        try {
          expect((await convert()).statusCode).toBe(201)
        } finally {
          ctx.clock.now = START
        }
      })
    })

    describe('access', () => {
      let lead: Lead
      let quote: Quote
      const routes = () => [
        { method: 'GET', url: '/api/leads' },
        { method: 'GET', url: `/api/leads/${lead.id}` },
        { method: 'PATCH', url: `/api/leads/${lead.id}`, payload: { status: 'lost' } },
        { method: 'POST', url: `/api/leads/${lead.id}/quote`, payload: { planId: plan.id } },
        { method: 'POST', url: `/api/leads/${lead.id}/convert`, payload: { planId: plan.id } },
        { method: 'GET', url: `/api/quotes/${quote.id}` },
        { method: 'GET', url: `/api/quotes/${quote.id}/pdf` },
      ]

      beforeAll(async () => {
        lead = await newLead({ company: 'Toegang Test BV' })
        quote = (
          await staff()({ method: 'POST', url: `/api/leads/${lead.id}/quote`, payload: { planId: plan.id } })
        ).json<Quote>()
      })

      it('answers anonymous callers 401 on every staff route', async () => {
        for (const route of routes()) {
          expectProblem(await ctx.app.inject(route as InjectOptions), 401, 'unauthenticated')
        }
      })

      it("answers a customer's contact 404 on every staff route, and changes nothing", async () => {
        const before = JSON.stringify(await ctx.db.selectFrom('leads').selectAll().where('id', '=', lead.id).execute())
        for (const route of routes()) {
          const res = await as(ctx.app, portal)(route)
          expectProblem(res, 404, 'not_found')
          expect(res.body).not.toContain('Toegang Test BV')
        }
        expect(JSON.stringify(await ctx.db.selectFrom('leads').selectAll().where('id', '=', lead.id).execute())).toBe(
          before,
        )
      })

      it('lets every staff role read the quote and its PDF', async () => {
        for (const who of [admin, billing, tech]) {
          expect((await as(ctx.app, who)({ method: 'GET', url: `/api/quotes/${quote.id}` })).statusCode).toBe(200)
        }
        expectProblem(
          await staff()({ method: 'GET', url: '/api/quotes/0190a0a0-0000-7000-8000-000000000000/pdf' }),
          404,
          'quote_not_found',
        )
      })

      it('keeps the public form open to a signed-in contact too (no staff rights needed)', async () => {
        const res = await as(ctx.app, portal)({ method: 'POST', url: '/api/public/leads', payload: FORM })
        expect(res.statusCode, res.body).toBe(202)
      })
    })
  })
}
