import { beforeAll, describe, expect, it } from 'vitest'
import { as, expectProblem, signIn, useApp, type Session } from '../../../test/support/app.js'
import { dialects } from '../../../test/support/databases.js'
import { make } from '../../../test/support/factories.js'
import type { TicketSla } from '../tickets/schema.js'
import { percentile, slaReport, slaReportCsv, type ReportTicket } from './sla-report.js'

const HOUR = 3_600_000

describe('sla report figures', () => {
  const clock = (state: TicketSla['firstResponse']['state'], elapsedSeconds = 0, metAt: string | null = null) => ({
    state,
    dueAt: null,
    warnAt: null,
    metAt,
    targetSeconds: state === 'none' ? null : 14_400,
    calendar: state === 'none' ? null : '24x7',
    elapsedSeconds,
    remainingSeconds: null,
  })
  const ticket = (n: number, priority: string, fr: ReturnType<typeof clock>, res = clock('running')): ReportTicket => ({
    id: `id-${n}`,
    number: `2026-00000${n}`,
    title: n === 3 ? '=HYPERLINK("x")' : `Melding ${n}`,
    priority,
    createdAt: 0,
    sla: {
      state: 'running',
      firstResponseDueAt: null,
      firstResponseState: fr.state,
      resolutionDueAt: null,
      resolutionState: res.state,
      firstResponse: fr,
      update: clock('none'),
      resolution: res,
    },
  })

  it('takes nearest-rank percentiles', () => {
    expect(percentile([], 50)).toBeNull()
    expect(percentile([10], 90)).toBe(10)
    expect(percentile([1, 2, 3, 4], 50)).toBe(2)
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9)
  })

  it('counts met, breached and pending per priority and lists the breaches', () => {
    const report = slaReport(
      [
        ticket(1, 'P1', clock('met', 600, 'x')),
        ticket(2, 'P1', clock('met', 1800, 'x')),
        ticket(3, 'P1', clock('breached', 20_000, 'y')),
        ticket(4, 'P1', clock('running', 100)),
        ticket(5, 'P5', clock('none'), clock('none')),
      ],
      ['P1', 'P2', 'P3', 'P4', 'P5'],
    )
    expect(report.rows[0]).toMatchObject({
      priority: 'P1',
      tickets: 4,
      firstResponse: { withTarget: 4, met: 2, breached: 1, pending: 1, medianSeconds: 1800, p90Seconds: 20_000 },
    })
    expect(report.rows[0]!.firstResponse.inTimeShare).toBeCloseTo(2 / 3)
    expect(report.rows[1]).toMatchObject({ tickets: 0, firstResponse: { inTimeShare: null, medianSeconds: null } })
    expect(report.rows[4]).toMatchObject({ tickets: 1, firstResponse: { withTarget: 0 } })
    expect(report.total.tickets).toBe(5)
    expect(report.breaches).toEqual([expect.objectContaining({ number: '2026-000003', clock: 'firstResponse' })])
    const csv = slaReportCsv(report)
    expect(csv.split('\r\n')[1]).toBe('P1,4,2,1,1,66.7,1800,20000,0,0,4,,,')
    // A title that a spreadsheet would run as a formula is defused and quoted.
    expect(csv).toContain(`2026-000003,"'=HYPERLINK(""x"")",P1,firstResponse,,y`)
  })
})

for (const dialect of dialects) {
  describe(`GET /api/reports/sla [${dialect}]`, () => {
    const ctx = useApp(dialect)
    const START = Date.UTC(2026, 10, 2, 9, 0, 0)
    let admin: Session
    let keyContact: Session
    let colleague: Session
    let other: Session
    let customerId: string

    beforeAll(async () => {
      ctx.clock.now = START
      const a = await make.user(ctx.db, { role: 'admin' })
      const k = await make.user(ctx.db, { role: 'contact' })
      customerId = k.customer_id!
      await ctx.db.updateTable('contacts').set({ is_key_contact: 1 }).where('id', '=', k.contact_id!).execute()
      const c = await make.user(ctx.db, { role: 'contact', customer_id: customerId })
      const o = await make.user(ctx.db, { role: 'contact' })
      admin = await signIn(ctx.app, a.email)
      keyContact = await signIn(ctx.app, k.email)
      colleague = await signIn(ctx.app, c.email)
      other = await signIn(ctx.app, o.email)
      const staff = as(ctx.app, admin)
      // Two calamities: one answered after an hour, one after five (a breach of the 4-hour promise).
      for (const answeredAfter of [1, 5]) {
        ctx.clock.now = START + answeredAfter * 10 * 60_000
        const t = await staff({
          method: 'POST',
          url: '/api/tickets',
          payload: { customerId, title: `Calamiteit ${answeredAfter}`, description: 'x', type: 'calamity' },
        })
        const id = t.json<{ id: string }>().id
        ctx.clock.now += answeredAfter * HOUR
        await staff({ method: 'POST', url: `/api/tickets/${id}/articles`, payload: { body: 'We zijn ermee bezig' } })
      }
      ctx.clock.now = START + 10 * 24 * HOUR
      admin = await signIn(ctx.app, a.email)
      keyContact = await signIn(ctx.app, k.email)
      colleague = await signIn(ctx.app, c.email)
      other = await signIn(ctx.app, o.email)
    })

    it('shows staff and the key contact which first responses were in time', async () => {
      for (const who of [admin, keyContact]) {
        const res = await as(
          ctx.app,
          who,
        )({ method: 'GET', url: `/api/reports/sla?customerId=${customerId}&month=2026-11` })
        expect(res.statusCode, res.body).toBe(200)
        const body = res.json<{
          rows: { priority: string; tickets: number; firstResponse: object }[]
          breaches: { title: string; clock: string }[]
        }>()
        expect(body.rows[0]).toMatchObject({
          priority: 'P1',
          tickets: 2,
          firstResponse: { met: 1, breached: 1, inTimeShare: 0.5, medianSeconds: 3600, p90Seconds: 18_000 },
        })
        expect(body.breaches.filter((b) => b.clock === 'firstResponse').map((b) => b.title)).toEqual(['Calamiteit 5'])
        // Neither was resolved within 24 hours.
        expect(body.breaches.filter((b) => b.clock === 'resolution')).toHaveLength(2)
      }
      const portalOwn = await as(ctx.app, keyContact)({ method: 'GET', url: '/api/reports/sla?month=2026-11' })
      expect(portalOwn.json()).toMatchObject({ customerId, total: { tickets: 2 } })
      const october = await as(
        ctx.app,
        admin,
      )({ method: 'GET', url: `/api/reports/sla?customerId=${customerId}&month=2026-10` })
      expect(october.json()).toMatchObject({ total: { tickets: 0 }, breaches: [] })
    })

    it('tells the portal whether the user is the key contact, so that it offers the report', async () => {
      expect((await as(ctx.app, keyContact)({ method: 'GET', url: '/api/me' })).json()).toMatchObject({
        keyContact: true,
      })
      expect((await as(ctx.app, colleague)({ method: 'GET', url: '/api/me' })).json()).toMatchObject({
        keyContact: false,
      })
      expect((await as(ctx.app, admin)({ method: 'GET', url: '/api/me' })).json()).toMatchObject({ keyContact: false })
    })

    it('gives the CSV as a download', async () => {
      const res = await as(
        ctx.app,
        admin,
      )({ method: 'GET', url: `/api/reports/sla.csv?customerId=${customerId}&month=2026-11` })
      expect(res.statusCode).toBe(200)
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8')
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename="sla-2026-11-/)
      expect(res.body.split('\r\n')[1]).toMatch(/^P1,2,1,1,0,50,3600,18000,/)
    })

    it('is not there for other contacts, nor for another customer', async () => {
      expectProblem(
        await as(ctx.app, colleague)({ method: 'GET', url: '/api/reports/sla?month=2026-11' }),
        404,
        'not_found',
      )
      expectProblem(
        await as(ctx.app, other)({ method: 'GET', url: `/api/reports/sla?customerId=${customerId}&month=2026-11` }),
        404,
        'not_found',
      )
      expectProblem(
        await as(ctx.app, admin)({ method: 'GET', url: '/api/reports/sla?month=2026-13' }),
        400,
        'validation_failed',
      )
    })
  })
}
