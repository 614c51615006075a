import { beforeAll, describe, expect, it } from 'vitest'
import { as, expectProblem, signIn, useApp, type Session } from '../../../test/support/app.js'
import { dialects } from '../../../test/support/databases.js'
import { make } from '../../../test/support/factories.js'
import { uuidv7 } from '../../platform/ids.js'
import { defaultPolicy, type SlaPolicy } from '../sla/clock.js'
import type { Contract, Plan } from './schema.js'

const DOCUMENT_MAX_BYTES = 64 * 1024

const SERVICES = {
  backupChecks: true,
  upsChecks: true,
  preventiveMaintenancePerYear: 4,
  onsiteVisitsPerYear: 2,
  remoteHelp: true,
  patchManagement: true,
  documentation: true,
}
const PRICE = {
  baseFeeCents: 15_000,
  unitPricesCents: {
    server: 7_500,
    workstation: 2_500,
    laptop: 2_500,
    network: 1_000,
    ups: 500,
    'backup-system': 2_000,
    printer: 500,
    other: 0,
  },
  serviceDiscountPercent: 10,
}
/** A policy recognisably different from the default: calamities answered within 2 hours. */
function fastPolicy(hours = 2): SlaPolicy {
  const p = defaultPolicy()
  return {
    ...p,
    priorities: {
      ...p.priorities,
      P1: { ...p.priorities.P1, firstResponse: { seconds: hours * 3600, calendar: '24x7' } },
    },
  }
}

const pdf = (text: string) => Buffer.from(`%PDF-1.7\n% ${text}\n%%EOF\n`)

let unique = 0

for (const dialect of dialects) {
  describe(`plans and contracts [${dialect}]`, () => {
    const ctx = useApp(dialect, { attachmentMaxBytes: DOCUMENT_MAX_BYTES })
    let admin: Session
    let billing: Session
    let tech: Session
    let portal: Session
    let otherPortal: Session
    let customerId: string

    const by = (s: Session | undefined) => as(ctx.app, s)

    async function createPlan(over: object = {}, who: Session = admin): Promise<Plan> {
      const res = await by(who)({
        method: 'POST',
        url: '/api/plans',
        payload: { name: `Plan ${++unique}`, policy: fastPolicy(), services: SERVICES, price: PRICE, ...over },
      })
      expect(res.statusCode, res.body).toBe(201)
      return res.json<Plan>()
    }

    async function createContract(customer: string, body: object, who: Session = admin): Promise<Contract> {
      const res = await by(who)({ method: 'POST', url: `/api/customers/${customer}/contracts`, payload: body })
      expect(res.statusCode, res.body).toBe(201)
      return res.json<Contract>()
    }

    async function patchContract(id: string, body: object, who: Session = admin) {
      return by(who)({ method: 'PATCH', url: `/api/contracts/${id}`, payload: body })
    }

    async function runJob(name: string): Promise<void> {
      const job = ctx.sladesk.jobs.find((j) => j.name === name)
      expect(job, name).toBeDefined()
      await ctx.sladesk.scheduler.runOnce(job!)
    }

    /** The customer's own SLA policy as stored, read without a session (the sessions expire when the clock jumps). */
    async function policyInDb(customer: string): Promise<SlaPolicy | undefined> {
      return (await ctx.sladesk.services.sla.customerPolicies([customer])).get(customer)
    }

    async function slaPolicyOf(customer: string): Promise<{ custom: boolean; policy: SlaPolicy }> {
      const res = await by(admin)({ method: 'GET', url: `/api/customers/${customer}/sla-policy` })
      expect(res.statusCode, res.body).toBe(200)
      return res.json()
    }

    async function auditActions(entityId: string): Promise<string[]> {
      const rows = await ctx.db
        .selectFrom('audit_log')
        .select('action')
        .where('entity_id', '=', entityId)
        .orderBy('id')
        .execute()
      return rows.map((r) => r.action)
    }

    beforeAll(async () => {
      const a = await make.user(ctx.db, { role: 'admin' })
      const b = await make.user(ctx.db, { role: 'billing' })
      const t = await make.user(ctx.db, { role: 'technician' })
      const c = await make.user(ctx.db, { role: 'contact' })
      const o = await make.user(ctx.db, { role: 'contact' })
      customerId = c.customer_id!
      admin = await signIn(ctx.app, a.email)
      billing = await signIn(ctx.app, b.email)
      tech = await signIn(ctx.app, t.email)
      portal = await signIn(ctx.app, c.email)
      otherPortal = await signIn(ctx.app, o.email)
    })

    describe('plans', () => {
      it('are created by admin and billing, read by technicians, and hidden from contacts', async () => {
        const plan = await createPlan({ name: 'Premium', description: 'Alles inbegrepen' })
        expect(plan).toMatchObject({ name: 'Premium', active: true, services: SERVICES, price: PRICE })
        expect(plan.policy.priorities.P1.firstResponse).toEqual({ seconds: 7200, calendar: '24x7' })
        await createPlan({ name: 'Plus' }, billing)

        const listed = await by(tech)({ method: 'GET', url: '/api/plans' })
        expect(listed.statusCode).toBe(200)
        const names = listed.json<{ items: Plan[] }>().items.map((p) => p.name)
        expect(names).toEqual(expect.arrayContaining(['Plus', 'Premium']))
        expect(names.indexOf('Plus')).toBeLessThan(names.indexOf('Premium'))
        expect((await by(tech)({ method: 'GET', url: `/api/plans/${plan.id}` })).json<Plan>().id).toBe(plan.id)

        expectProblem(
          await by(tech)({
            method: 'POST',
            url: '/api/plans',
            payload: { name: 'Door technicus', policy: fastPolicy(), services: SERVICES, price: PRICE },
          }),
          403,
          'role_required',
        )
        expectProblem(
          await by(tech)({ method: 'PATCH', url: `/api/plans/${plan.id}`, payload: { active: false } }),
          403,
          'role_required',
        )
        expectProblem(await by(portal)({ method: 'GET', url: '/api/plans' }), 404, 'not_found')
        expectProblem(await by(portal)({ method: 'GET', url: `/api/plans/${plan.id}` }), 404, 'not_found')
        expectProblem(await by(undefined)({ method: 'GET', url: '/api/plans' }), 401, 'unauthenticated')
        expectProblem(await by(admin)({ method: 'GET', url: `/api/plans/${uuidv7()}` }), 404, 'plan_not_found')
        expect(await auditActions(plan.id)).toEqual(['plan.created'])
      })

      it('refuses negative prices, unknown asset classes, unknown calendars and a taken name', async () => {
        const post = (payload: object) =>
          by(admin)({
            method: 'POST',
            url: '/api/plans',
            payload: { name: `Fout ${++unique}`, policy: fastPolicy(), services: SERVICES, price: PRICE, ...payload },
          })
        const negative = await post({
          price: { ...PRICE, unitPricesCents: { ...PRICE.unitPricesCents, server: -100 } },
        })
        expect(expectProblem(negative, 400, 'validation_failed').errors).toEqual([
          expect.objectContaining({ path: 'body.price.unitPricesCents.server' }),
        ])
        expectProblem(await post({ price: { ...PRICE, baseFeeCents: -1 } }), 400, 'validation_failed')
        expectProblem(await post({ price: { ...PRICE, baseFeeCents: 10.5 } }), 400, 'validation_failed')
        const unknownClass = await post({
          price: { ...PRICE, unitPricesCents: { ...PRICE.unitPricesCents, mainframe: 100 } },
        })
        expect(expectProblem(unknownClass, 400, 'validation_failed').detail).toContain('mainframe')
        const missingClass = { ...PRICE.unitPricesCents } as Partial<typeof PRICE.unitPricesCents>
        delete missingClass.printer
        expectProblem(await post({ price: { ...PRICE, unitPricesCents: missingClass } }), 400, 'validation_failed')
        expectProblem(await post({ price: { ...PRICE, serviceDiscountPercent: 12.345 } }), 400, 'validation_failed')
        expectProblem(await post({ services: { ...SERVICES, coffee: true } }), 400, 'validation_failed')

        const p = fastPolicy()
        const noCalendar = await post({
          policy: {
            ...p,
            priorities: { ...p.priorities, P2: { ...p.priorities.P2, update: { seconds: 60, calendar: 'maan' } } },
          },
        })
        expect(expectProblem(noCalendar, 400, 'unknown_calendar').errors).toEqual([
          { path: 'body.policy.priorities.P2.update.calendar', message: 'unknown calendar maan' },
        ])

        await createPlan({ name: 'Basis' })
        expectProblem(await post({ name: 'BASIS' }), 409, 'plan_name_taken')
      })

      it('merges a change into the services and prices, and audits it', async () => {
        const plan = await createPlan()
        const res = await by(billing)({
          method: 'PATCH',
          url: `/api/plans/${plan.id}`,
          payload: { price: { unitPricesCents: { workstation: 2_750 } }, services: { onsiteVisitsPerYear: 6 } },
        })
        expect(res.statusCode, res.body).toBe(200)
        const after = res.json<Plan>()
        expect(after.price).toEqual({ ...PRICE, unitPricesCents: { ...PRICE.unitPricesCents, workstation: 2_750 } })
        expect(after.services).toEqual({ ...SERVICES, onsiteVisitsPerYear: 6 })
        expectProblem(
          await by(admin)({
            method: 'PATCH',
            url: `/api/plans/${plan.id}`,
            payload: { price: { unitPricesCents: { workstation: -5 } } },
          }),
          400,
          'validation_failed',
        )
        expectProblem(
          await by(admin)({ method: 'PATCH', url: `/api/plans/${plan.id}`, payload: {} }),
          400,
          'validation_failed',
        )
        const entry = await ctx.db
          .selectFrom('audit_log')
          .select(['action', 'diff'])
          .where('entity_id', '=', plan.id)
          .where('action', '=', 'plan.updated')
          .executeTakeFirstOrThrow()
        expect(JSON.parse(entry.diff!)).toMatchObject({
          price: [expect.objectContaining({ unitPricesCents: PRICE.unitPricesCents }), expect.anything()],
        })
      })
    })

    describe('contracts', () => {
      it('start as drafts a contact cannot see, and apply the plan with the overrides merged', async () => {
        const plan = await createPlan()
        const contract = await createContract(customerId, {
          planId: plan.id,
          startDate: '2026-01-01',
          overrides: { unitPricesCents: { workstation: 2_000 }, services: { onsiteVisitsPerYear: 12 } },
        })
        expect(contract).toMatchObject({
          status: 'draft',
          termMonths: 12,
          noticeMonths: 3,
          indexationPercent: 0,
          monthlyDiscountPercent: 0,
          endDate: null,
          document: null,
          plan: { id: plan.id, name: plan.name },
        })
        expect(contract.terms.services).toEqual({ ...SERVICES, onsiteVisitsPerYear: 12 })
        expect(contract.terms.price.unitPricesCents).toEqual({ ...PRICE.unitPricesCents, workstation: 2_000 })
        expect(contract.terms.policy).toEqual(plan.policy)

        expectProblem(
          await by(portal)({ method: 'GET', url: `/api/contracts/${contract.id}` }),
          404,
          'contract_not_found',
        )
        const own = await by(portal)({ method: 'GET', url: `/api/customers/${customerId}/contracts` })
        expect(own.json<{ items: Contract[] }>().items.map((c) => c.id)).not.toContain(contract.id)
        const staffList = await by(tech)({ method: 'GET', url: `/api/customers/${customerId}/contracts` })
        expect(staffList.json<{ items: Contract[] }>().items.map((c) => c.id)).toContain(contract.id)
        expect(await auditActions(contract.id)).toEqual(['contract.created'])
      })

      it('refuses bad contracts: unknown plan, inactive plan, unknown override keys, bad dates, technicians', async () => {
        const customer = await make.customer(ctx.db)
        const plan = await createPlan()
        const url = `/api/customers/${customer.id}/contracts`
        expectProblem(
          await by(admin)({ method: 'POST', url, payload: { planId: uuidv7(), startDate: '2026-01-01' } }),
          400,
          'unknown_plan',
        )
        expectProblem(
          await by(admin)({ method: 'POST', url, payload: { planId: plan.id, startDate: '2026-02-30' } }),
          400,
          'validation_failed',
        )
        expectProblem(
          await by(admin)({
            method: 'POST',
            url,
            payload: { planId: plan.id, startDate: '2026-01-01', overrides: { unitPricesCents: { tablet: 100 } } },
          }),
          400,
          'validation_failed',
        )
        expectProblem(
          await by(admin)({
            method: 'POST',
            url,
            payload: { planId: plan.id, startDate: '2026-01-01', monthlyDiscountPercent: 101 },
          }),
          400,
          'validation_failed',
        )
        expectProblem(
          await by(tech)({ method: 'POST', url, payload: { planId: plan.id, startDate: '2026-01-01' } }),
          403,
          'role_required',
        )
        expectProblem(
          await by(admin)({
            method: 'POST',
            url: `/api/customers/${uuidv7()}/contracts`,
            payload: { planId: plan.id, startDate: '2026-01-01' },
          }),
          404,
          'customer_not_found',
        )
        const retired = await createPlan({ active: false })
        expectProblem(
          await by(admin)({ method: 'POST', url, payload: { planId: retired.id, startDate: '2026-01-01' } }),
          409,
          'plan_inactive',
        )
      })

      it('allows one active contract per customer: 409, or replace ends the old one the day before', async () => {
        const customer = await make.customer(ctx.db)
        const planA = await createPlan({ policy: fastPolicy(2) })
        const planB = await createPlan({ policy: fastPolicy(1) })
        const first = await createContract(customer.id, { planId: planA.id, startDate: '2026-01-01' })
        const activated = await patchContract(first.id, { status: 'active' }, billing)
        expect(activated.statusCode, activated.body).toBe(200)
        expect(activated.json<Contract>()).toMatchObject({ status: 'active', activatedAt: expect.any(Number) })
        expect(await slaPolicyOf(customer.id)).toEqual({ custom: true, policy: planA.policy })

        const second = await createContract(customer.id, { planId: planB.id, startDate: '2026-07-01' })
        const refused = expectProblem(
          await patchContract(second.id, { status: 'active' }),
          409,
          'contract_already_active',
        )
        expect(refused.activeContractId).toBe(first.id)

        const early = await createContract(customer.id, { planId: planB.id, startDate: '2025-12-01' })
        expectProblem(await patchContract(early.id, { status: 'active', replace: true }), 409, 'replace_before_start')

        const replaced = await patchContract(second.id, { status: 'active', replace: true })
        expect(replaced.statusCode, replaced.body).toBe(200)
        const old = (await by(admin)({ method: 'GET', url: `/api/contracts/${first.id}` })).json<Contract>()
        expect(old).toMatchObject({ status: 'ended', endDate: '2026-06-30', endedAt: expect.any(Number) })
        expect(await slaPolicyOf(customer.id)).toEqual({ custom: true, policy: planB.policy })

        const history = await by(admin)({ method: 'GET', url: `/api/customers/${customer.id}/contracts` })
        expect(history.json<{ items: Contract[] }>().items.map((c) => [c.id, c.status])).toEqual([
          [second.id, 'active'],
          [first.id, 'ended'],
          [early.id, 'draft'],
        ])
        expect(await auditActions(first.id)).toEqual(['contract.created', 'contract.activated', 'contract.ended'])
        expect(await auditActions(second.id)).toEqual(['contract.created', 'contract.activated'])

        // The draft that starts before the ended contract's end would overlap the history.
        const overlapping = await createContract(customer.id, { planId: planA.id, startDate: '2026-06-15' })
        await patchContract(second.id, { status: 'ended', endDate: '2026-12-31' })
        expectProblem(await patchContract(overlapping.id, { status: 'active' }), 409, 'contract_overlap')
      })

      it('holds one active contract per customer in the database itself', async () => {
        const customer = await make.customer(ctx.db)
        const plan = await createPlan()
        const a = await createContract(customer.id, { planId: plan.id, startDate: '2026-01-01' })
        const b = await createContract(customer.id, { planId: plan.id, startDate: '2026-02-01' })
        await ctx.db.updateTable('contracts').set({ status: 'active' }).where('id', '=', a.id).execute()
        await expect(
          ctx.db.updateTable('contracts').set({ status: 'active' }).where('id', '=', b.id).execute(),
        ).rejects.toThrow()
        // Ended contracts are not limited: the index is partial.
        await ctx.db
          .updateTable('contracts')
          .set({ status: 'ended', end_date: '2026-01-31' })
          .where('id', '=', b.id)
          .execute()
      })

      it('ends an active contract: the SLA policy returns to the default, and the contract is history', async () => {
        const customer = await make.customer(ctx.db)
        const plan = await createPlan()
        const custom = fastPolicy(3)
        const contract = await createContract(customer.id, {
          planId: plan.id,
          startDate: '2026-03-01',
          overrides: { policy: custom },
        })
        expectProblem(await patchContract(contract.id, { status: 'ended' }), 409, 'contract_not_active')
        expect((await patchContract(contract.id, { status: 'active' })).statusCode).toBe(200)
        expect(await slaPolicyOf(customer.id)).toEqual({ custom: true, policy: custom })

        expectProblem(await patchContract(contract.id, { endDate: '2026-05-01' }), 400, 'validation_failed')
        expectProblem(
          await patchContract(contract.id, { status: 'ended', endDate: '2026-02-28' }),
          400,
          'end_before_start',
        )
        // Without an end date: today in Amsterdam (the test clock stands at 29 November 2026). It applies to the end
        // of that day; the hourly job gives the default policy back the next morning.
        const ended = await patchContract(contract.id, { status: 'ended' })
        expect(ended.json<Contract>()).toMatchObject({ status: 'ended', endDate: '2026-11-29' })
        expect(await slaPolicyOf(customer.id)).toEqual({ custom: true, policy: custom })
        const clock = ctx.clock.now
        try {
          ctx.clock.now = Date.UTC(2026, 10, 29, 23, 30) // 00:30 on 30 November in Amsterdam
          await runJob('contracts.policies')
          expect(await policyInDb(customer.id)).toBeUndefined()
        } finally {
          ctx.clock.now = clock
        }
        expectProblem(await patchContract(contract.id, { monthlyDiscountPercent: 5 }), 409, 'contract_ended')
        expectProblem(await patchContract(contract.id, { status: 'active' }), 409, 'contract_ended')
      })

      it('lets a contract that starts later take over its service levels on its start day, not before', async () => {
        const customer = await make.customer(ctx.db)
        const now = await createPlan({ policy: fastPolicy(2) })
        const later = await createPlan({ policy: fastPolicy(1) })
        const current = await createContract(customer.id, { planId: now.id, startDate: '2026-01-01' })
        expect((await patchContract(current.id, { status: 'active' })).statusCode).toBe(200)
        const next = await createContract(customer.id, { planId: later.id, startDate: '2027-01-01' })
        expect((await patchContract(next.id, { status: 'active', replace: true })).statusCode).toBe(200)
        // The old contract runs to 31 December: its service levels hold until then.
        expect(await slaPolicyOf(customer.id)).toEqual({ custom: true, policy: now.policy })
        const clock = ctx.clock.now
        try {
          ctx.clock.now = Date.UTC(2026, 11, 31, 22, 59) // 23:59 on 31 December in Amsterdam
          await runJob('contracts.policies')
          expect(await policyInDb(customer.id)).toEqual(now.policy)
          ctx.clock.now = Date.UTC(2026, 11, 31, 23, 1) // 00:01 on 1 January
          await runJob('contracts.policies')
          expect(await policyInDb(customer.id)).toEqual(later.policy)
          // Nothing left to do: a second run changes nothing.
          expect(await ctx.sladesk.services.contracts.syncPolicies()).toBe(0)
        } finally {
          ctx.clock.now = clock
        }
      })

      it('carries a new plan policy, or a changed override, to the customers it applies to', async () => {
        const plan = await createPlan({ policy: fastPolicy(2) })
        const follows = await make.customer(ctx.db)
        const own = await make.customer(ctx.db)
        const a = await createContract(follows.id, { planId: plan.id, startDate: '2026-01-01' })
        const b = await createContract(own.id, {
          planId: plan.id,
          startDate: '2026-01-01',
          overrides: { policy: fastPolicy(3) },
        })
        await patchContract(a.id, { status: 'active' })
        await patchContract(b.id, { status: 'active' })

        const res = await by(admin)({
          method: 'PATCH',
          url: `/api/plans/${plan.id}`,
          payload: { policy: fastPolicy(1) },
        })
        expect(res.statusCode, res.body).toBe(200)
        expect(await slaPolicyOf(follows.id)).toEqual({ custom: true, policy: fastPolicy(1) })
        expect(await slaPolicyOf(own.id)).toEqual({ custom: true, policy: fastPolicy(3) })

        expect((await patchContract(b.id, { overrides: {} })).statusCode).toBe(200)
        expect(await slaPolicyOf(own.id)).toEqual({ custom: true, policy: fastPolicy(1) })
      })

      it('shows a contract to its own customer once in force, and to no other', async () => {
        const plan = await createPlan()
        const contract = await createContract(customerId, { planId: plan.id, startDate: '2027-01-01' })
        await patchContract(contract.id, { status: 'active', replace: true })
        const own = await by(portal)({ method: 'GET', url: `/api/contracts/${contract.id}` })
        expect(own.statusCode, own.body).toBe(200)
        // The plan reaches the contact through the contract: name, description and the merged terms.
        expect(own.json<Contract>()).toMatchObject({ plan: { name: plan.name }, terms: { services: SERVICES } })
        const list = await by(portal)({ method: 'GET', url: `/api/customers/${customerId}/contracts` })
        expect(list.json<{ items: Contract[] }>().items.map((c) => c.id)).toContain(contract.id)

        expectProblem(
          await by(otherPortal)({ method: 'GET', url: `/api/contracts/${contract.id}` }),
          404,
          'contract_not_found',
        )
        expectProblem(
          await by(otherPortal)({ method: 'GET', url: `/api/customers/${customerId}/contracts` }),
          404,
          'customer_not_found',
        )
        expectProblem(
          await by(otherPortal)({
            method: 'POST',
            url: `/api/customers/${customerId}/contracts`,
            payload: { planId: plan.id, startDate: '2027-01-01' },
          }),
          404,
          'not_found',
        )
        expectProblem(await patchContract(contract.id, { noticeMonths: 1 }, portal), 404, 'not_found')
        expectProblem(await patchContract(contract.id, { noticeMonths: 1 }, otherPortal), 404, 'not_found')
        expectProblem(
          await by(undefined)({ method: 'GET', url: `/api/contracts/${contract.id}` }),
          401,
          'unauthenticated',
        )
        expectProblem(
          await by(undefined)({ method: 'GET', url: `/api/customers/${customerId}/contracts` }),
          401,
          'unauthenticated',
        )
      })
    })

    describe('the signed document', () => {
      let contractId: string

      beforeAll(async () => {
        const plan = await createPlan()
        const customer = await make.customer(ctx.db)
        contractId = (await createContract(customer.id, { planId: plan.id, startDate: '2026-01-01' })).id
      })

      const put = (who: Session | undefined, body: Buffer, type = 'application/pdf', query = '') =>
        by(who)({
          method: 'PUT',
          url: `/api/contracts/${contractId}/document${query}`,
          payload: body,
          headers: { 'content-type': type },
        })

      it('is stored and served as a download', async () => {
        const content = pdf('getekend door beide partijen')
        const res = await put(billing, content, 'application/pdf', '?filename=SLA%20De%20Vries.pdf')
        expect(res.statusCode, res.body).toBe(200)
        expect(res.json<Contract>().document).toMatchObject({ filename: 'SLA De Vries.pdf', size: content.length })

        const got = await by(tech)({ method: 'GET', url: `/api/contracts/${contractId}/document` })
        expect(got.statusCode).toBe(200)
        expect(got.headers['content-type']).toBe('application/pdf')
        expect(got.headers['content-disposition']).toBe('attachment; filename="SLA De Vries.pdf"')
        expect(got.headers['x-content-type-options']).toBe('nosniff')
        expect(got.rawPayload.equals(content)).toBe(true)
        expect(await auditActions(contractId)).toContain('contract.document_uploaded')
      })

      it('refuses what is not a PDF, and a file over the limit with 413', async () => {
        expectProblem(await put(admin, Buffer.from('hallo'), 'text/plain'), 415, 'unsupported_media_type')
        expectProblem(await put(admin, Buffer.from('<html>niet echt</html>')), 400, 'not_a_pdf')
        expectProblem(await put(admin, Buffer.alloc(0)), 400, 'empty_upload')
        const big = Buffer.concat([pdf('groot'), Buffer.alloc(DOCUMENT_MAX_BYTES)])
        expectProblem(await put(admin, big), 413, 'body_too_large')
        expectProblem(await put(tech, pdf('technicus')), 403, 'role_required')
        expectProblem(await put(undefined, pdf('anoniem')), 401, 'unauthenticated')
        expectProblem(
          await by(admin)({
            method: 'PUT',
            url: `/api/contracts/${uuidv7()}/document`,
            payload: pdf('weg'),
            headers: { 'content-type': 'application/pdf' },
          }),
          404,
          'contract_not_found',
        )
      })

      it('reaches the contract’s own contact, not another customer’s', async () => {
        const plan = await createPlan()
        const contract = await createContract(customerId, { planId: plan.id, startDate: '2028-01-01' })
        const url = `/api/contracts/${contract.id}/document`
        expectProblem(await by(admin)({ method: 'GET', url }), 404, 'contract_document_not_found')
        await by(admin)({
          method: 'PUT',
          url,
          payload: pdf('eigen klant'),
          headers: { 'content-type': 'application/pdf' },
        })
        // A draft stays the MSP's until it is in force.
        expectProblem(await by(portal)({ method: 'GET', url }), 404, 'contract_not_found')
        await patchContract(contract.id, { status: 'active', replace: true })
        const own = await by(portal)({ method: 'GET', url })
        expect(own.statusCode).toBe(200)
        expect(own.rawPayload.toString()).toContain('eigen klant')
        expectProblem(await by(otherPortal)({ method: 'GET', url }), 404, 'contract_not_found')
        expectProblem(
          await by(otherPortal)({
            method: 'PUT',
            url,
            payload: pdf('x'),
            headers: { 'content-type': 'application/pdf' },
          }),
          404,
          'not_found',
        )
        expectProblem(await by(undefined)({ method: 'GET', url }), 401, 'unauthenticated')
      })
    })
  })
}
