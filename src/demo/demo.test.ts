import { sql } from 'kysely'
import { DateTime } from 'luxon'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, dialects, type TestDatabase } from '../../test/support/databases.js'
import { as, signIn, testConfig } from '../../test/support/app.js'
import { buildApp } from '../app.js'
import type { Db } from '../db/database.js'
import type { Config } from '../platform/config.js'
import type { Doc, DocPage, DocSummary } from '../modules/docs/schema.js'
import type { Board, UpsPanel } from '../modules/monitoring/schema.js'
import type { TicketSla } from '../modules/tickets/schema.js'
import { DEMO_NOW, DEMO_PASSWORD, runDemo } from './demo.js'

const configFor = (t: TestDatabase): Config =>
  testConfig({
    database: t.url.startsWith('sqlite:')
      ? { dialect: 'sqlite', file: t.url.slice('sqlite:'.length) }
      : { dialect: 'postgres', url: t.url },
  })

// A demo of 20 customers takes a few seconds, and some tests make two.
const SLOW = 120_000

/** What the monitoring replay made, counted: the same seed must give the same counts. */
async function monitoringCounts(db: Db) {
  const rows = async (query: string) =>
    (await sql.raw<Record<string, unknown>>(query).execute(db)).rows.map((r) =>
      Object.values(r)
        .map((v) => (typeof v === 'bigint' ? Number(v) : v))
        .join(' '),
    )
  return {
    reports: await rows(
      'select kind, status, count(*) from monitoring_reports group by kind, status order by kind, status',
    ),
    runs: await rows('select kind, result, count(*) from report_events group by kind, result order by kind, result'),
    days: await rows('select status, count(*) from monitoring_days group by status order by status'),
    alerts: await rows(
      'select problem, level, occurrences, cleared_at is null from monitoring_alerts order by opened_at, problem, subject',
    ),
    tickets: await rows(
      'select t.number, t.status, t.priority, t.title from tickets t join monitoring_alerts a on a.ticket_id = t.id order by t.number',
    ),
    reviews: await rows('select day, count(*) from monitoring_reviews group by day order by day'),
    ups: await rows('select state, since from ups_status order by since'),
    tokens: await rows('select count(*), count(last_used_at) from ingest_tokens'),
  }
}

for (const dialect of dialects) {
  describe(`demo [${dialect}]`, () => {
    const made: TestDatabase[] = []
    // The default demo, seed 1: most tests only read it.
    let demo: TestDatabase
    beforeAll(async () => {
      demo = await demoDatabase(20)
    }, SLOW)
    afterAll(async () => {
      await Promise.all(made.splice(0).map((t) => t.drop()))
    })

    async function demoDatabase(customers: number, now?: number): Promise<TestDatabase> {
      const t = await createTestDatabase(dialect)
      made.push(t)
      await runDemo(configFor(t), { customers, seed: 1, ...(now !== undefined && { now }) })
      return t
    }

    async function namesOf(t: TestDatabase): Promise<string[]> {
      const rows = await t.database.db.selectFrom('customers').select('name').orderBy('name').execute()
      return rows.map((r) => r.name)
    }

    it(
      'makes staff, customers each with exactly one key contact, and one portal account; the same every time',
      async () => {
        const names = await namesOf(demo)
        expect(names).toHaveLength(20)
        expect(new Set(names).size).toBe(20)
        const { db } = demo.database
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

        const again = await demoDatabase(20)
        expect(await namesOf(again)).toEqual(names)
        const counts = await monitoringCounts(db)
        expect(counts.reports.length).toBeGreaterThan(0)
        expect(await monitoringCounts(again.database.db)).toEqual(counts)
      },
      SLOW,
    )

    it(
      'gives every customer an office on record, an active contract, and a monthly cost that some new PCs raise',
      async () => {
        const t = await demoDatabase(6)
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
        const sladesk = await buildApp(configFor(t), { database: t.database })
        const first = (await db.selectFrom('customers').select('id').orderBy('created_at').executeTakeFirstOrThrow()).id
        const december = await sladesk.services.contracts.costForCustomer('2026-12-01', first)
        const november = await sladesk.services.contracts.costForCustomer('2026-11-01', first)
        expect(december.cost.totalCents).toBeGreaterThan(november.cost.totalCents)
        expect(december.counts.workstation ?? 0).toBeGreaterThan(0)
      },
      SLOW,
    )

    it(
      'made at another moment, lies as far before it: the board, the tickets and the documents are current then',
      async () => {
        // Wednesday 12 May 2027, 09:45 in Amsterdam: another weekday, another UTC offset, another year.
        const now = Date.UTC(2027, 4, 12, 7, 45)
        const later = await demoDatabase(20, now)
        const { db } = later.database
        const customers = await db.selectFrom('customers').select('created_at').orderBy('created_at').execute()
        // As long before `now` as the default demo's customers are before DEMO_NOW (Monday 5 January 2026, 09:00).
        expect(Number(customers[0]!.created_at)).toBe(now - (DEMO_NOW - Date.UTC(2026, 0, 5, 8)))
        const tickets = await db.selectFrom('tickets').select(['created_at', 'sla_next_at']).execute()
        // Ten a customer, and the monitoring's own.
        expect(tickets.length).toBeGreaterThan(200)
        const day = 86_400_000
        expect(tickets.every((t) => Number(t.created_at) < now && Number(t.created_at) > now - 330 * day)).toBe(true)
        expect(tickets.every((t) => t.sla_next_at === null || Number(t.sla_next_at) > now)).toBe(true)

        const sladesk = await buildApp(configFor(later), { database: later.database, now: () => now })
        try {
          const jan = await signIn(sladesk.app, 'jan@voorbeeld-it.nl', DEMO_PASSWORD)
          const get = async <T>(url: string) => {
            const res = await as(sladesk.app, jan)({ method: 'GET', url })
            expect(res.statusCode, res.body).toBe(200)
            return res.json<T>()
          }
          const board = await get<Board>('/api/monitoring/board')
          expect(board.days.at(-1)).toBe('2027-05-12')
          // The last nights have their reports: green where the backups went well, not grey for want of them.
          const lastNights = board.customers.flatMap((c) => c.jobs.flatMap((j) => j.cells.slice(-4, -1)))
          expect(lastNights.length).toBeGreaterThan(0)
          expect(lastNights.filter((c) => c.status === 'ok').length).toBeGreaterThan(lastNights.length / 2)
          const ups = await get<UpsPanel>('/api/monitoring/ups')
          expect(ups.items.length).toBeGreaterThan(0)
          expect(ups.items.every((u) => u.since < now && u.since > now - 30 * day)).toBe(true)
          // The same document is due for review as in the default demo: the one checked 452 days before.
          const due = await get<{ items: DocSummary[] }>('/api/docs/review-due')
          expect(due.items.map((d) => d.title)).toEqual(['Verbinden met de VPN van kantoor'])
        } finally {
          await sladesk.close()
        }
      },
      SLOW,
    )

    describe('monitoring, as the morning board shows it at the demo\'s "now"', () => {
      let sladesk: Awaited<ReturnType<typeof buildApp>>
      let get: (url: string) => ReturnType<ReturnType<typeof as>>
      beforeAll(async () => {
        sladesk = await buildApp(configFor(demo), { database: demo.database, now: () => DEMO_NOW })
        const jan = await signIn(sladesk.app, 'jan@voorbeeld-it.nl', DEMO_PASSWORD)
        get = (url) => as(sladesk.app, jan)({ method: 'GET', url })
      })
      afterAll(async () => {
        await sladesk?.close()
      })

      async function board(url: string): Promise<Board> {
        const res = await get(url)
        expect(res.statusCode, res.body).toBe(200)
        return res.json<Board>()
      }

      it('shows the first customer good nights, a missed one, the last three failed, and the days read', async () => {
        const { db } = demo.database
        const first = await db.selectFrom('customers').select('id').orderBy('created_at').executeTakeFirstOrThrow()
        const { days, customers } = await board(`/api/customers/${first.id}/monitoring/board`)
        // Today (Friday 27 November) is still open; the 13th is the first day the jobs are expected.
        expect(days[0]).toBe('2026-11-14')
        expect(days.at(-1)).toBe('2026-11-27')
        const [customer] = customers
        const statuses = new Set(customer!.jobs.flatMap((j) => j.cells.map((c) => c.status)))
        // Green, red and grey: ok, failed, missing; and today's cells wait for tonight.
        for (const status of ['ok', 'failed', 'missing', 'pending'] as const) {
          expect(statuses).toContain(status)
        }
        const failing = customer!.jobs.filter((j) =>
          j.cells.slice(-4, -1).every((c) => c.status === 'failed' && c.decided && c.reportId !== null),
        )
        expect(failing.map((j) => j.job)).toEqual(['SRV-01 data'])
        expect(customer!.openAlerts).toBeGreaterThan(0)
        // Read up to three days ago; the last two decided days and today not yet.
        expect(customer!.reviews.slice(0, -3).every((r) => r !== null && r.reviewerName.length > 0)).toBe(true)
        expect(customer!.reviews.slice(-3)).toEqual([null, null, null])
      })

      it('puts most customers on the board, with a job nobody expects, and filters "my customers"', async () => {
        const all = await board('/api/monitoring/board')
        // Five in six customers have monitoring: indexes 5, 11 and 17 of the twenty have not set it up yet.
        expect(all.customers).toHaveLength(17)
        const unexpected = all.customers.flatMap((c) => c.jobs.filter((j) => !j.expected))
        expect(unexpected.map((j) => j.job)).toEqual(['vzdump-105'])
        expect(unexpected[0]!.cells.some((c) => c.status === 'ok')).toBe(true)
        const statuses = new Set(all.customers.flatMap((c) => c.jobs.flatMap((j) => j.cells.map((x) => x.status))))
        expect([...statuses].sort()).toEqual(['failed', 'missing', 'none', 'ok', 'pending', 'warning'])

        const mine = await board('/api/monitoring/board?technicianId=me')
        expect(mine.customers.length).toBeGreaterThan(0)
        expect(mine.customers.length).toBeLessThan(all.customers.length)
        const jan = await demo.database.db
          .selectFrom('users')
          .select('id')
          .where('email', '=', 'jan@voorbeeld-it.nl')
          .executeTakeFirstOrThrow()
        const theirs = await demo.database.db
          .selectFrom('customers')
          .select('id')
          .where('technician_id', '=', jan.id)
          .execute()
        const ids = new Set(theirs.map((c) => c.id))
        expect(mine.customers.every((c) => ids.has(c.id))).toBe(true)
      })

      it('has monitoring tickets: open ones, resolved ones, one escalated; their clocks as of "now"', async () => {
        const { db } = demo.database
        const alerts = await db
          .selectFrom('monitoring_alerts as a')
          .innerJoin('tickets as t', 't.id', 'a.ticket_id')
          .select([
            'a.kind',
            'a.problem',
            'a.level',
            'a.occurrences',
            'a.cleared_at',
            't.id',
            't.status',
            't.sla_json',
            't.sla_next_at',
          ])
          .execute()
        const open = alerts.filter((a) => a.cleared_at === null)
        expect(open.some((a) => a.kind === 'backup' && a.problem === 'failed' && a.occurrences === 3)).toBe(true)
        expect(open.some((a) => a.kind === 'ups' && a.problem === 'replace-battery')).toBe(true)
        expect(open.every((a) => a.status === 'new' || a.status === 'open')).toBe(true)
        // A success ended the others, and resolved their tickets.
        expect(alerts.filter((a) => a.cleared_at !== null).every((a) => a.status === 'resolved')).toBe(true)
        expect(alerts.length).toBeGreaterThan(open.length)
        // Three nights without a report raised a ticket to the high level, with a note saying so.
        const raised = alerts.filter((a) => a.problem === 'missing' && a.level === 'high')
        expect(raised.length).toBeGreaterThan(0)
        const notes = await db
          .selectFrom('ticket_articles')
          .select('body_text')
          .where('ticket_id', '=', raised[0]!.id)
          .where('kind', '=', 'note')
          .execute()
        expect(notes.some((n) => n.body_text.startsWith('Prioriteit verhoogd'))).toBe(true)
        // The stored clocks stand as the ticket service computes them at the demo's "now" (their elapsed seconds are
        // as of their last change, as on any desk): nothing fell due unseen.
        const settled = (sla: TicketSla) => ({
          state: sla.state,
          firstResponse: [sla.firstResponseState, sla.firstResponseDueAt],
          resolution: [sla.resolutionState, sla.resolutionDueAt],
          update: [sla.update.state, sla.update.dueAt],
        })
        for (const a of alerts) {
          const res = await get(`/api/tickets/${a.id}/sla`)
          expect(res.statusCode, res.body).toBe(200)
          expect(settled(JSON.parse(a.sla_json) as TicketSla)).toEqual(settled(res.json<{ sla: TicketSla }>().sla))
          expect(a.sla_next_at === null || a.sla_next_at > DEMO_NOW).toBe(true)
        }
      })

      it('reads every report: the nights on their days, one report nobody could read', async () => {
        const { db } = demo.database
        const reports = await db
          .selectFrom('monitoring_reports')
          .select(['status', 'from_future', 'source', 'token_id'])
          .execute()
        expect(reports.filter((r) => r.status === 'unparsed')).toHaveLength(1)
        expect(reports.filter((r) => r.status === 'stored')).toHaveLength(0)
        expect(reports.every((r) => r.from_future === 0 && r.source === 'api' && r.token_id !== null)).toBe(true)
        // Each run's own time (borg's and rsync's local times, vzdump's log, restic's receipt) is in the night.
        const runs = await db.selectFrom('report_events').select(['at']).where('kind', '=', 'backup').execute()
        const hours = new Set(runs.map((r) => DateTime.fromMillis(Number(r.at), { zone: 'Europe/Amsterdam' }).hour))
        expect([...hours].every((h) => h >= 21 || h < 4)).toBe(true)
        const tokens = await db.selectFrom('ingest_tokens').select(['last_used_at']).execute()
        expect(tokens.every((t) => t.last_used_at !== null && t.last_used_at < DEMO_NOW)).toBe(true)
      })

      it('shows UPS states: a power failure last week, a battery to replace', async () => {
        const res = await get('/api/monitoring/ups')
        expect(res.statusCode, res.body).toBe(200)
        const { items } = res.json<UpsPanel>()
        expect(items.map((u) => u.state).sort()).toEqual(['online', 'online', 'online', 'replace-battery'])
        expect(items.every((u) => u.assetName === 'UPS-01')).toBe(true)
        // Back on mains since the afternoon of Thursday 19 November, after a minute and a half on battery.
        const recovered = items.filter((u) => u.since < Date.UTC(2026, 10, 20))
        expect(recovered).toHaveLength(1)
        expect(new Date(recovered[0]!.since).toISOString().slice(0, 10)).toBe('2026-11-19')
      })

      it('has documentation: public notes for anyone, a runbook for the first customer, a draft and a review due', async () => {
        const anyone = await sladesk.app.inject({ method: 'GET', url: '/api/docs?q=printers' })
        expect(
          anyone
            .json<DocPage>()
            .items.map((d) => d.title)
            .sort(),
        ).toEqual(['Een netwerkprinter installeren op Windows 11', 'Installing a network printer on Windows 11'])
        const staff = (await get('/api/docs?limit=100')).json<DocPage>().items
        expect(staff).toHaveLength(10)
        expect(staff.filter((d) => d.status === 'draft').map((d) => d.title)).toEqual([
          'Outlook-profiel opnieuw aanmaken',
        ])
        const runbook = (await get('/api/docs/runbook-netwerk-hoofdkantoor')).json<Doc>()
        const [first] = await demo.database.db
          .selectFrom('customers')
          .select('id')
          .orderBy('created_at')
          .orderBy('id')
          .limit(1)
          .execute()
        expect(runbook.customerIds).toEqual([first!.id])
        expect((await get('/api/docs/review-due')).json<{ items: DocSummary[] }>().items.map((d) => d.title)).toEqual([
          'Verbinden met de VPN van kantoor',
        ])
        const printer = (await get('/api/docs/een-netwerkprinter-installeren-op-windows-11')).json<Doc>()
        expect(printer.translations.map((t) => t.language)).toEqual(['en'])
      })
    })
  })
}
