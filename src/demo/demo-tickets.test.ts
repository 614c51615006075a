import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, dialects, type TestDatabase } from '../../test/support/databases.js'
import { as, signIn, testConfig } from '../../test/support/app.js'
import { buildApp, type Sladesk } from '../app.js'
import type { Config } from '../platform/config.js'
import type { TicketSla } from '../modules/tickets/schema.js'
import { nearestDue, toClockEvent } from '../modules/tickets/service.js'
import { DEMO_NOW, DEMO_PASSWORD, runDemo } from './demo.js'

const configFor = (t: TestDatabase): Config =>
  testConfig({
    database: t.url.startsWith('sqlite:')
      ? { dialect: 'sqlite', file: t.url.slice('sqlite:'.length) }
      : { dialect: 'postgres', url: t.url },
  })

const DEMO = { customers: 6, tickets: 150, seed: 7 }

/** A fresh database whose 2026 counter stood at 41 before the demo ran on it. */
async function demoDatabase(dialect: (typeof dialects)[number]): Promise<TestDatabase> {
  const t = await createTestDatabase(dialect)
  await t.database.db.insertInto('ticket_counters').values({ year: 2026, last: 41 }).execute()
  await runDemo(configFor(t), DEMO)
  return t
}

/**
 * The tickets the demo writes in bulk: not those the monitoring replay opened through the ticket service (their
 * report links name random ids, and the check opened them, not a contact). demo.test.ts looks at those.
 */
const deskTickets = (t: TestDatabase) => {
  const monitoring = t.database.db
    .selectFrom('monitoring_alerts')
    .select('ticket_id')
    .where('ticket_id', 'is not', null)
    .$narrowType<{ ticket_id: string }>()
  return t.database.db.selectFrom('tickets as t').where('t.id', 'not in', monitoring)
}

/** Everything about the tickets that does not depend on the random ids, in number order. */
async function ticketContent(t: TestDatabase) {
  const tickets = await deskTickets(t)
    .innerJoin('customers as c', 'c.id', 't.customer_id')
    .leftJoin('contacts as r', 'r.id', 't.requester_contact_id')
    .leftJoin('users as a', 'a.id', 't.assignee_id')
    .select([
      't.number',
      't.title',
      't.description',
      't.type',
      't.status',
      't.priority',
      't.impact',
      't.urgency',
      't.severity',
      't.source',
      't.tags',
      't.created_at',
      't.updated_at',
      't.first_response_at',
      't.resolved_at',
      't.closed_at',
      't.sla_state',
      't.sla_due_at',
      't.sla_next_at',
      't.sla_json',
      'c.name as customer',
      'r.email as requester',
      'a.email as assignee',
    ])
    .orderBy('t.number')
    .execute()
  const events = await deskTickets(t)
    .innerJoin('ticket_events as e', 't.id', 'e.ticket_id')
    .select(['t.number', 'e.at', 'e.type', 'e.actor_label'])
    .orderBy('t.number')
    .orderBy('e.at')
    .orderBy('e.id')
    .execute()
  const articles = await deskTickets(t)
    .innerJoin('ticket_articles as a', 't.id', 'a.ticket_id')
    .select(['t.number', 'a.kind', 'a.by_staff', 'a.author_email', 'a.body_text', 'a.created_at'])
    .orderBy('t.number')
    .orderBy('a.id')
    .execute()
  return { tickets, events, articles }
}

for (const dialect of dialects) {
  describe(`demo tickets [${dialect}]`, () => {
    let t: TestDatabase
    let sladesk: Sladesk
    const made: TestDatabase[] = []

    beforeAll(async () => {
      t = await demoDatabase(dialect)
      made.push(t)
      // The app as it stands at the demo's "now": the stored clocks must be what it computes then.
      sladesk = await buildApp(testConfig(), { database: t.database, now: () => DEMO_NOW })
      await sladesk.app.ready()
    })
    afterAll(async () => {
      await sladesk?.close()
      await Promise.all(made.map((d) => d.drop()))
    })

    it('numbers the tickets per year in the order they were reported, going on from the counter', async () => {
      const { db } = t.database
      const rows = await deskTickets(t)
        .select(['t.id', 't.number', 't.created_at'])
        .orderBy('t.created_at')
        .orderBy('t.id')
        .execute()
      expect(rows).toHaveLength(DEMO.tickets)
      expect(rows.map((r) => r.number)).toEqual(rows.map((_, i) => `2026-${String(42 + i).padStart(6, '0')}`))
      // Ids are UUIDv7 of the reporting instant: the "newest" list order is the order of reporting.
      expect(rows.map((r) => r.id)).toEqual(rows.map((r) => r.id).sort())
      expect(rows.at(-1)!.created_at).toBeLessThan(DEMO_NOW)
      // The monitoring replay opens its tickets afterwards, through the ticket service: they take the next numbers.
      const monitoring = await db
        .selectFrom('tickets')
        .innerJoin('monitoring_alerts as a', 'a.ticket_id', 'tickets.id')
        .select('tickets.number')
        .orderBy('tickets.number')
        .execute()
      expect(monitoring.length).toBeGreaterThan(0)
      expect(monitoring.map((r) => r.number)).toEqual(
        monitoring.map((_, i) => `2026-${String(42 + DEMO.tickets + i).padStart(6, '0')}`),
      )
      const counter = await db.selectFrom('ticket_counters').selectAll().execute()
      expect(counter).toEqual([{ year: 2026, last: 41 + DEMO.tickets + monitoring.length }])
    })

    it("has the customer's contacts as requesters and the technicians as assignees", async () => {
      const rows = await deskTickets(t)
        .leftJoin('contacts as r', 'r.id', 't.requester_contact_id')
        .leftJoin('users as a', 'a.id', 't.assignee_id')
        .select([
          't.customer_id',
          'r.customer_id as requester_customer',
          't.assignee_id',
          'a.role',
          't.status',
          't.type',
        ])
        .execute()
      expect(rows.every((r) => r.requester_customer === r.customer_id)).toBe(true)
      expect(rows.every((r) => r.assignee_id === null || r.role === 'technician')).toBe(true)
      const statuses = new Set(rows.map((r) => r.status))
      expect(statuses).toContain('closed')
      expect([...statuses].some((s) => s !== 'closed' && s !== 'resolved')).toBe(true)
      const types = new Set(rows.map((r) => r.type))
      expect(types).toContain('incident')
      expect(types).toContain('question')
    })

    it('stores the clocks the ticket service computes from the timeline', async () => {
      const { db } = t.database
      const admin = await signIn(sladesk.app, 'beheer@voorbeeld-it.nl', DEMO_PASSWORD)
      const rows = await deskTickets(t).selectAll('t').orderBy('t.number').execute()
      const states = new Set<string>()
      for (const row of rows) {
        const stored = JSON.parse(row.sla_json) as TicketSla
        const explain = await as(sladesk.app, admin)({ method: 'GET', url: `/api/tickets/${row.id}/sla` })
        expect(explain.statusCode, explain.body).toBe(200)
        const fresh = explain.json<{ sla: TicketSla }>().sla
        expect(stored, row.number).toEqual(fresh)
        expect(row.sla_state).toBe(fresh.state)
        expect(row.sla_due_at).toBe(nearestDue(fresh))
        const events = await db
          .selectFrom('ticket_events')
          .selectAll()
          .where('ticket_id', '=', row.id)
          .where('type', 'in', ['created', 'status', 'priority', 'response'])
          .orderBy('at')
          .orderBy('id')
          .execute()
        const result = await sladesk.services.sla.compute(db, row.customer_id, events.map(toClockEvent), DEMO_NOW)
        expect(row.sla_next_at).toBe(result.nextChangeAt)

        const ticket = await as(sladesk.app, admin)({ method: 'GET', url: `/api/tickets/${row.id}` })
        expect(ticket.json<{ sla: TicketSla }>().sla).toEqual(fresh)
        // The timeline says what the row says.
        const created = events[0]!
        expect(created.type).toBe('created')
        expect(created.at).toBe(row.created_at)
        expect(JSON.parse(created.data)).toEqual({
          priority: row.priority,
          status: row.source === 'phone' || row.source === 'staff' ? 'open' : 'new',
          type: row.type,
          source: row.source,
        })
        const statusEvents = events.filter((e) => e.type === 'status')
        const last = statusEvents.at(-1)
        expect(row.status).toBe(last ? (JSON.parse(last.data) as { to: string }).to : JSON.parse(created.data).status)
        expect(row.first_response_at).toBe(events.find((e) => e.type === 'response')?.at ?? null)
        expect(row.updated_at).toBeLessThanOrEqual(DEMO_NOW)
        states.add(fresh.state)
      }
      // Not all the same: the demo shows met, breached and running clocks.
      expect(states.size).toBeGreaterThanOrEqual(3)
    })

    it('gives the same tickets for the same seed', async () => {
      const again = await demoDatabase(dialect)
      made.push(again)
      const a = await ticketContent(t)
      const b = await ticketContent(again)
      expect(b.tickets).toEqual(a.tickets)
      expect(b.events).toEqual(a.events)
      expect(b.articles).toEqual(a.articles)
    })
  })
}
