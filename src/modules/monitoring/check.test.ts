import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { as, expectProblem, signIn, useApp, type Session } from '../../../test/support/app.js'
import { dialects } from '../../../test/support/databases.js'
import { make } from '../../../test/support/factories.js'
import type { Alert, Board, CheckResult, IngestResult, MonitoringConfig, Review, UpsPanel } from './schema.js'

const FIXTURES = join(import.meta.dirname, '../../../test/fixtures/monitoring')
const fixture = (path: string) => readFileSync(join(FIXTURES, path), 'utf8')
/** Amsterdam time in winter (+01:00). */
const at = (local: string) => new Date(`${local}+01:00`).getTime()

/** The real output of a borg run with a wrong passphrase, as if it ran at `when`. */
const borgFailure = (when: number) =>
  fixture('borg/create-wrong-passphrase.txt').replace(/"time": [\d.]+/g, `"time": ${when / 1000}`)
/** The real output of a successful restic run (its summary has no time: the time of receipt counts). */
const resticSuccess = (salt: string) =>
  `${fixture('restic/backup-success.txt')}\n{"message_type":"verbose_status","action":"scan_finished","item":"${salt}"}\n`

interface TicketLite {
  id: string
  type: string
  status: string
  priority: string
  title: string
  assetIds: string[]
}

for (const dialect of dialects) {
  describe(`monitoring daily check and alerts [${dialect}]`, () => {
    const ctx = useApp(dialect)
    let admin: Session
    let tech: Session
    let portalA: Session
    let portalB: Session
    let customerA: string
    let customerB: string
    let token: string
    let nasId: string
    let upsId: string

    const staff = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
      as(ctx.app, tech)({ method, url, ...(payload && { payload }) })

    async function send(kind: 'backup' | 'ups', body: string, query: Record<string, string>): Promise<IngestResult> {
      const res = await ctx.app.inject({
        method: 'POST',
        url: `/api/ingest/${kind}`,
        query,
        payload: body,
        headers: { 'content-type': 'text/plain', authorization: `Bearer ${token}` },
      })
      expect(res.statusCode, res.body).toBe(202)
      return res.json<IngestResult>()
    }

    async function runCheck(day?: string): Promise<CheckResult> {
      const res = await staff('POST', '/api/monitoring/check', day ? { day } : {})
      expect(res.statusCode, res.body).toBe(200)
      return res.json<CheckResult>()
    }

    async function monitoringTickets(customerId: string): Promise<TicketLite[]> {
      const res = await staff('GET', `/api/tickets?customerId=${customerId}&limit=100`)
      expect(res.statusCode, res.body).toBe(200)
      return res.json<{ items: TicketLite[] }>().items.filter((t) => t.type === 'monitoring-alert')
    }

    async function notesOf(ticketId: string): Promise<string[]> {
      const res = await staff('GET', `/api/tickets/${ticketId}/articles`)
      expect(res.statusCode, res.body).toBe(200)
      return res
        .json<{ items: { kind: string; bodyText: string }[] }>()
        .items.filter((a) => a.kind === 'note')
        .map((a) => a.bodyText)
    }

    async function openAlerts(customerId: string): Promise<Alert[]> {
      const res = await staff('GET', `/api/customers/${customerId}/monitoring/alerts`)
      expect(res.statusCode, res.body).toBe(200)
      return res.json<{ items: Alert[] }>().items
    }

    async function boardOf(customerId: string, session: Session = tech, query = ''): Promise<Board> {
      const res = await as(
        ctx.app,
        session,
      )({ method: 'GET', url: `/api/customers/${customerId}/monitoring/board${query}` })
      expect(res.statusCode, res.body).toBe(200)
      return res.json<Board>()
    }

    const cellOf = (board: Board, job: string, day: string) => {
      const j = board.customers[0]!.jobs.find((x) => x.job === job)!
      return j.cells[board.days.indexOf(day)]!
    }

    beforeAll(async () => {
      ctx.clock.now = at('2026-11-20T10:00:00')
      const contactA = await make.user(ctx.db, { role: 'contact' })
      const contactB = await make.user(ctx.db, { role: 'contact' })
      customerA = contactA.customer_id!
      customerB = contactB.customer_id!
      admin = await signIn(ctx.app, (await make.user(ctx.db, { role: 'admin' })).email)
      tech = await signIn(ctx.app, (await make.user(ctx.db, { role: 'technician' })).email)
      portalA = await signIn(ctx.app, contactA.email)
      portalB = await signIn(ctx.app, contactB.email)
      const create = async (body: object) => {
        const res = await staff('POST', `/api/customers/${customerA}/assets`, body)
        expect(res.statusCode, res.body).toBe(201)
        return res.json<{ id: string }>().id
      }
      const server = await create({ class: 'server', name: 'SRV-01' })
      nasId = await create({
        class: 'backup-system',
        name: 'NAS-01',
        expectedJobs: [
          { name: 'Nightly', schedule: 'daily' },
          { name: 'Offsite', schedule: 'weekly' },
        ],
        protectedAssetIds: [server],
      })
      upsId = await create({
        class: 'ups',
        name: 'UPS-01',
        batteryInstalledOn: '2020-01-15',
        protectedAssetIds: [server],
        monitoring: { kind: 'nut', host: '127.0.0.1', upsName: 'demo' },
      })
      const res = await staff('POST', `/api/customers/${customerA}/ingest-tokens`, { name: 'shipper' })
      token = res.json<{ token: string }>().token
    })

    it('starts expecting a job on the day it is first seen, not before', async () => {
      const first = await runCheck()
      expect(first.decided).toBe(0)
      const board = await boardOf(customerA)
      expect(board.days.at(-1)).toBe('2026-11-20')
      expect(cellOf(board, 'Nightly', '2026-11-19').status).toBe('none')
      expect(cellOf(board, 'Nightly', '2026-11-20')).toMatchObject({ status: 'pending', closed: false, decided: false })
    })

    it('shows a good night green, decided by the morning check', async () => {
      ctx.clock.now = at('2026-11-20T23:10:00')
      const report = await send('backup', resticSuccess('a'), { format: 'restic', job: 'Nightly', exitCode: '0' })
      expect(report.events[0]).toMatchObject({ job: 'Nightly', result: 'success' })
      expect(cellOf(await boardOf(customerA), 'Nightly', '2026-11-20')).toMatchObject({
        status: 'ok',
        decided: false,
        reportId: report.id,
      })
      ctx.clock.now = at('2026-11-21T07:31:00')
      // The window has closed; until the check stores the day, the board says so without calling it open.
      expect(cellOf(await boardOf(customerA), 'Nightly', '2026-11-20')).toMatchObject({
        status: 'ok',
        closed: true,
        decided: false,
      })
      const result = await runCheck()
      expect(result).toMatchObject({ problems: 0, ticketsOpened: 0 })
      expect(result.decided).toBeGreaterThanOrEqual(1)
      const board = await boardOf(customerA)
      expect(cellOf(board, 'Nightly', '2026-11-20')).toMatchObject({ status: 'ok', decided: true, runs: 1 })
      // The weekly job is judged once its first week has passed.
      expect(cellOf(board, 'Offsite', '2026-11-20').status).toBe('none')
      expect(await monitoringTickets(customerA)).toEqual([])
    })

    it('opens a ticket at once for a failed run, and adds a second failure to it', async () => {
      ctx.clock.now = at('2026-11-21T23:30:00')
      const failed = await send('backup', borgFailure(at('2026-11-21T23:29:00')), {
        format: 'borg',
        job: 'Nightly',
        exitCode: '2',
      })
      expect(failed.events[0]?.result).toBe('failed')
      let tickets = await monitoringTickets(customerA)
      expect(tickets).toHaveLength(1)
      expect(tickets[0]).toMatchObject({ status: 'new', priority: 'P3', title: 'Back-up mislukt: Nightly' })
      expect(tickets[0]!.assetIds).toEqual([nasId])

      // The same report again is a duplicate and changes nothing; the next night's failure is a repeat.
      const again = await ctx.app.inject({
        method: 'POST',
        url: '/api/ingest/backup?format=borg&job=Nightly&exitCode=2',
        payload: borgFailure(at('2026-11-21T23:29:00')),
        headers: { 'content-type': 'text/plain', authorization: `Bearer ${token}` },
      })
      expect(again.json<IngestResult>().duplicate).toBe(true)
      ctx.clock.now = at('2026-11-22T23:30:00')
      await send('backup', borgFailure(at('2026-11-22T23:29:00')), { format: 'borg', job: 'Nightly', exitCode: '2' })
      tickets = await monitoringTickets(customerA)
      expect(tickets).toHaveLength(1)
      const notes = await notesOf(tickets[0]!.id)
      expect(notes).toHaveLength(1)
      expect(notes[0]).toMatch(/^Opnieuw: De back-up Nightly is mislukt/)
      expect(notes[0]).toContain('PassphraseWrong')
      const [alert] = await openAlerts(customerA)
      expect(alert).toMatchObject({ problem: 'failed', occurrences: 2, ticketId: tickets[0]!.id })

      // The morning check decides the day failed, and does not add the same failure a third time.
      ctx.clock.now = at('2026-11-23T07:31:00')
      const result = await runCheck()
      expect(result.problems).toBe(1)
      expect(result.ticketsOpened + result.ticketsUpdated).toBe(0)
      expect(cellOf(await boardOf(customerA), 'Nightly', '2026-11-22')).toMatchObject({
        status: 'failed',
        decided: true,
      })
      expect(await notesOf(tickets[0]!.id)).toHaveLength(1)
    })

    it('marks a night without a report missing, opens its own ticket, and raises it after three days', async () => {
      ctx.clock.now = at('2026-11-24T07:31:00')
      let result = await runCheck()
      expect(result.ticketsOpened).toBe(1)
      let board = await boardOf(customerA)
      expect(cellOf(board, 'Nightly', '2026-11-23')).toMatchObject({ status: 'missing', decided: true, runs: 0 })
      let missing = (await monitoringTickets(customerA)).find((t) => t.title === 'Back-up ontbreekt: Nightly')!
      expect(missing.priority).toBe('P3')

      ctx.clock.now = at('2026-11-25T07:31:00')
      result = await runCheck()
      expect(result).toMatchObject({ ticketsOpened: 0, ticketsUpdated: 1 })
      ctx.clock.now = at('2026-11-26T07:31:00')
      result = await runCheck()
      expect(result).toMatchObject({ ticketsOpened: 0, ticketsUpdated: 1 })
      missing = (await monitoringTickets(customerA)).find((t) => t.id === missing.id)!
      expect(missing.priority).toBe('P2')
      const notes = await notesOf(missing.id)
      expect(notes).toHaveLength(2)
      expect(notes[1]).toMatch(/^Prioriteit verhoogd: .*dag 3 op rij/)
      // Running the check again changes nothing.
      result = await runCheck()
      expect(result).toMatchObject({ ticketsOpened: 0, ticketsUpdated: 0 })
      expect(await monitoringTickets(customerA)).toHaveLength(2)
      board = await boardOf(customerA)
      expect(board.customers[0]!.openAlerts).toBe(2)
    })

    it('notes the next success on both tickets, and resolves them when configured to', async () => {
      const patch = await as(
        ctx.app,
        admin,
      )({ method: 'PATCH', url: '/api/monitoring/config', payload: { resolveOnSuccess: true } })
      expect(patch.statusCode, patch.body).toBe(200)
      expect(patch.json<MonitoringConfig>()).toMatchObject({ resolveOnSuccess: true, checkTime: '07:30' })
      ctx.clock.now = at('2026-11-26T23:10:00')
      await send('backup', resticSuccess('b'), { format: 'restic', job: 'nightly', exitCode: '0' })
      const tickets = await monitoringTickets(customerA)
      expect(tickets.map((t) => t.status)).toEqual(['resolved', 'resolved'])
      for (const t of tickets) {
        expect((await notesOf(t.id)).at(-1)).toMatch(/^De back-up Nightly is weer geslaagd/)
      }
      expect(await openAlerts(customerA)).toEqual([])

      // A failure after that opens a new ticket: the old one was resolved.
      ctx.clock.now = at('2026-11-27T23:30:00')
      await send('backup', borgFailure(at('2026-11-27T23:29:00')), { format: 'borg', job: 'Nightly', exitCode: '2' })
      expect(await monitoringTickets(customerA)).toHaveLength(3)
    })

    it('lets a technician mark a day as read, and shows it to the customer', async () => {
      const res = await staff('POST', `/api/customers/${customerA}/monitoring/reviews`, {
        day: '2026-11-26',
        remarks: 'Gemiste nachten nagekeken',
      })
      expect(res.statusCode, res.body).toBe(200)
      expect(res.json<Review>()).toMatchObject({ day: '2026-11-26', remarks: 'Gemiste nachten nagekeken' })
      expectProblem(
        await staff('POST', `/api/customers/${customerA}/monitoring/reviews`, { day: '2026-12-31' }),
        400,
        'day_in_future',
      )
      expectProblem(
        await as(
          ctx.app,
          portalA,
        )({
          method: 'POST',
          url: `/api/customers/${customerA}/monitoring/reviews`,
          payload: { day: '2026-11-26' },
        }),
        404,
        'not_found',
      )
      const board = await boardOf(customerA, portalA)
      expect(board.customers).toHaveLength(1)
      expect(board.customers[0]!.reviews[board.days.indexOf('2026-11-26')]).toMatchObject({
        remarks: 'Gemiste nachten nagekeken',
      })
      expect(board.customers[0]!.reviews[board.days.indexOf('2026-11-25')]).toBeNull()
      const all = (await staff('GET', '/api/monitoring/board?problems=true')).json<Board>()
      expect(all.customers.map((c) => c.id)).toEqual([customerA])
    })

    it('keeps every customer-scoped view from another customer', async () => {
      for (const url of [
        `/api/customers/${customerA}/monitoring/board`,
        `/api/customers/${customerA}/monitoring/ups`,
        `/api/customers/${customerA}/monitoring/alerts`,
        `/api/customers/${customerA}/monitoring/history?job=Nightly`,
      ]) {
        expectProblem(await as(ctx.app, portalB)({ method: 'GET', url }), 404, 'customer_not_found')
        expect((await as(ctx.app, portalA)({ method: 'GET', url })).statusCode).toBe(200)
      }
      for (const url of ['/api/monitoring/board', '/api/monitoring/ups', '/api/monitoring/config']) {
        expectProblem(await as(ctx.app, portalA)({ method: 'GET', url }), 404, 'not_found')
      }
      expect((await boardOf(customerB, portalB)).customers[0]!.jobs).toEqual([])
    })

    it('charts a job by its runs', async () => {
      const res = await staff('GET', `/api/customers/${customerA}/monitoring/history?job=NIGHTLY&days=30`)
      const points = res.json<{ points: { result: string; bytes: number | null; durationSeconds: number | null }[] }>()
        .points
      expect(points.map((p) => p.result)).toEqual(['success', 'failed', 'failed', 'success', 'failed'])
      expect(points[0]).toMatchObject({ bytes: 5012 })
      expect(points[0]!.durationSeconds).toBeCloseTo(0.22, 1)
    })

    it('opens a ticket for a UPS on battery only after the threshold, high when it powers a server', async () => {
      ctx.clock.now = at('2026-11-28T14:00:00')
      await send('ups', 'ONBATT: UPS demo@127.0.0.1 on battery\n', { format: 'upsmon', job: 'demo' })
      let panel = (await staff('GET', `/api/customers/${customerA}/monitoring/ups`)).json<UpsPanel>()
      expect(panel.items).toEqual([
        expect.objectContaining({
          ups: 'demo',
          state: 'on-battery',
          assetId: upsId,
          assetName: 'UPS-01',
          batteryOld: true,
          stale: false,
        }),
      ])
      expect(await ctx.sladesk.services.monitoringCheck.watchUps()).toBe(0)
      ctx.clock.now = at('2026-11-28T14:06:00')
      expect(await ctx.sladesk.services.monitoringCheck.watchUps()).toBe(1)
      expect(await ctx.sladesk.services.monitoringCheck.watchUps()).toBe(0)
      const onBattery = (await monitoringTickets(customerA)).find((t) => t.title === 'UPS op accu: demo')!
      expect(onBattery.priority).toBe('P2')
      expect(onBattery.assetIds).toEqual([upsId])

      ctx.clock.now = at('2026-11-28T14:20:00')
      await send('ups', 'ONLINE: UPS demo@127.0.0.1 on line power\n', { format: 'upsmon', job: 'demo' })
      panel = (await staff('GET', '/api/monitoring/ups')).json<UpsPanel>()
      expect(panel.items[0]).toMatchObject({ state: 'online', since: at('2026-11-28T14:20:00'), stale: false })
      expect((await notesOf(onBattery.id)).at(-1)).toMatch(/^UPS demo is weer in orde: op netstroom \(/)
      // A low battery does not wait.
      ctx.clock.now = at('2026-11-28T15:00:00')
      await send('ups', 'LOWBATT: UPS demo@127.0.0.1 battery is low\n', { format: 'upsmon', job: 'demo' })
      expect((await monitoringTickets(customerA)).some((t) => t.title === 'UPS-accu bijna leeg: demo')).toBe(true)
      // A day and some without a report: the state shown is no longer to be trusted, and the panel says so.
      ctx.clock.now = at('2026-11-29T17:00:00')
      panel = (await staff('GET', '/api/monitoring/ups')).json<UpsPanel>()
      expect(panel.items[0]).toMatchObject({ state: 'low-battery', stale: false })
      ctx.clock.now = at('2026-11-29T17:00:01')
      panel = (await staff('GET', '/api/monitoring/ups')).json<UpsPanel>()
      expect(panel.items[0]).toMatchObject({ state: 'low-battery', stale: true })
      ctx.clock.now = at('2026-11-28T15:00:00') // where the tests after this one take the clock up
    })

    it('refuses a check of a day that is not over, and bad settings', async () => {
      expectProblem(await staff('POST', '/api/monitoring/check', { day: '2026-11-28' }), 400, 'day_open')
      expectProblem(
        await as(ctx.app, admin)({ method: 'PATCH', url: '/api/monitoring/config', payload: { checkTime: '25:00' } }),
        400,
        'validation_failed',
      )
      expectProblem(
        await as(ctx.app, tech)({ method: 'PATCH', url: '/api/monitoring/config', payload: { checkTime: '06:00' } }),
        403,
        'role_required',
      )
    })
  })
}
