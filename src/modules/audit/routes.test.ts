import { randomUUID } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { as, signIn, useApp, type Session } from '../../../test/support/app.js'
import { dialects } from '../../../test/support/databases.js'
import { make } from '../../../test/support/factories.js'
import type { Actor } from '../../platform/access.js'
import { actorOf } from '../users/auth.js'
import type { AuditEntry } from './schema.js'

interface Page {
  items: AuditEntry[]
  nextCursor: string | null
}

/** One entry of the filter data set, as it was recorded. */
interface Recorded {
  tag: number
  at: number
  action: string
  entityType: string
  entityId: string
  actorId: string | null
  customerId: string | null
}

for (const dialect of dialects) {
  describe(`GET /api/audit [${dialect}]`, () => {
    const ctx = useApp(dialect)
    const sessions: Record<'admin' | 'technician' | 'billing' | 'contact', Session | undefined> = {
      admin: undefined,
      technician: undefined,
      billing: undefined,
      contact: undefined,
    }
    const get = (url: string, who: keyof typeof sessions = 'admin') =>
      as(ctx.app, sessions[who])({ method: 'GET', url })

    beforeAll(async () => {
      for (const role of ['admin', 'technician', 'billing', 'contact'] as const) {
        sessions[role] = await signIn(ctx.app, (await make.user(ctx.db, { role })).email)
      }
    })

    describe('who may read it', () => {
      it('answers an admin', async () => {
        const res = await get('/api/audit')
        expect(res.statusCode).toBe(200)
        // The sign-ins above are in it, newest first.
        expect(res.json<Page>().items.filter((e) => e.action === 'auth.login')).toHaveLength(4)
      })

      it.each([
        ['technician', 403, 'role_required'],
        ['billing', 403, 'role_required'],
        ['contact', 404, 'not_found'],
      ] as const)('refuses a %s with %i', async (who, status, code) => {
        const res = await get('/api/audit', who)
        expect(res.statusCode).toBe(status)
        expect(res.json()).toMatchObject({ code })
        expect(res.body).not.toContain('auth.login')
      })

      it('refuses an anonymous caller with 401', async () => {
        const res = await ctx.app.inject({ method: 'GET', url: '/api/audit' })
        expect(res.statusCode).toBe(401)
        expect(res.json()).toMatchObject({ code: 'unauthenticated' })
      })
    })

    describe('filters', () => {
      const recorded: Recorded[] = []
      const customerA = randomUUID()
      const customerB = randomUUID()
      const widget = randomUUID()
      let start = 0
      let alice: Actor
      let bob: Actor

      beforeAll(async () => {
        alice = actorOf(await make.user(ctx.db, { role: 'technician' }))
        bob = actorOf(await make.user(ctx.db, { role: 'billing' }))
        const system: Actor = { kind: 'system', label: 'test' }
        // Well after the sign-ins, so that a time window holds only this data set.
        start = ctx.clock.now + 3_600_000
        const plan: [Actor, string, string, string, string | null][] = [
          [alice, 'probe.created', 'probe_widget', widget, customerA],
          [alice, 'probe.updated', 'probe_widget', widget, customerA],
          [bob, 'probe.updated', 'probe_widget', randomUUID(), customerB],
          [bob, 'probe.created', 'probe_gadget', randomUUID(), customerA],
          [system, 'probe.updated', 'probe_gadget', randomUUID(), null],
          [alice, 'probe.archived', 'probe_widget', widget, customerA],
          [bob, 'probe.updated', 'probe_widget', randomUUID(), customerB],
          [system, 'probe.created', 'probe_widget', randomUUID(), customerB],
        ]
        for (const [i, [actor, action, entityType, entityId, customerId]] of plan.entries()) {
          ctx.clock.now = start + i * 1_000
          await ctx.sladesk.services.audit.record(ctx.db, actor, {
            action,
            entityType,
            entityId,
            customerId,
            after: { tag: i },
          })
          recorded.push({
            tag: i,
            at: ctx.clock.now,
            action,
            entityType,
            entityId,
            actorId: actor.kind === 'system' ? null : actor.userId,
            customerId,
          })
        }
      })

      /** The tags of the entries a filter returns, in the order returned; -1 for an entry outside the data set. */
      async function tagsOf(query: string): Promise<number[]> {
        const res = await get(`/api/audit?limit=200&${query}`)
        expect(res.statusCode, res.body).toBe(200)
        return res.json<Page>().items.map((e) => (e.diff?.tag?.[1] as number | undefined) ?? -1)
      }

      const newestFirst = (pick: (r: Recorded) => boolean) =>
        recorded
          .filter(pick)
          .sort((x, y) => y.at - x.at)
          .map((r) => r.tag)

      /** Each filter, built from one recorded entry (the second one: neither first nor last). */
      it.each<[string, (r: Recorded) => { query: string; pick: (x: Recorded) => boolean }]>([
        ['action', (r) => ({ query: `action=${r.action}`, pick: (x) => x.action === r.action })],
        ['entityType', () => ({ query: 'entityType=probe_gadget', pick: (x) => x.entityType === 'probe_gadget' })],
        [
          'entityType and entityId',
          (r) => ({ query: `entityType=probe_widget&entityId=${r.entityId}`, pick: (x) => x.entityId === r.entityId }),
        ],
        ['actorId', (r) => ({ query: `actorId=${r.actorId}`, pick: (x) => x.actorId === r.actorId })],
        ['customerId', (r) => ({ query: `customerId=${r.customerId}`, pick: (x) => x.customerId === r.customerId })],
        [
          'action and customerId together',
          (r) => ({
            query: `action=${r.action}&customerId=${r.customerId}`,
            pick: (x) => x.action === r.action && x.customerId === r.customerId,
          }),
        ],
      ])('by %s', async (_name, filter) => {
        const probe = recorded[1]
        if (!probe) {
          throw new Error('no data set')
        }
        const { query, pick } = filter(probe)
        const expected = newestFirst(pick)
        expect(expected.length).toBeGreaterThan(0)
        expect(expected.length).toBeLessThan(recorded.length)
        expect(await tagsOf(query)).toEqual(expected)
      })

      it('by time: from is inclusive, to is exclusive', async () => {
        const from = start + 2_000
        const to = start + 5_000
        expect(await tagsOf(`from=${from}&to=${to}`)).toEqual([4, 3, 2])
        expect(await tagsOf(`from=${from}&to=${from + 1}`)).toEqual([2])
        expect(await tagsOf(`from=${from}&to=${from}`)).toEqual([])
        expect(await tagsOf(`from=${start + 7_000}`)).toEqual([7])
        // Before the data set: only the sign-ins.
        const before = await get(`/api/audit?limit=200&to=${start}`)
        const items = before.json<Page>().items
        expect(items.length).toBeGreaterThan(0)
        expect(items.every((e) => e.at < start && e.action === 'auth.login')).toBe(true)
      })

      it('returns the diff and who acted, as recorded', async () => {
        const res = await get(`/api/audit?entityType=probe_widget&entityId=${widget}&action=probe.archived`)
        const [entry, ...rest] = res.json<Page>().items
        expect(rest).toEqual([])
        expect(entry).toMatchObject({
          action: 'probe.archived',
          entityType: 'probe_widget',
          entityId: widget,
          customerId: customerA,
          actorId: alice.kind === 'system' ? null : alice.userId,
          actorLabel: alice.kind === 'system' ? '' : alice.email,
          at: start + 5_000,
          diff: { tag: [null, 5] },
        })
        const system = await get(`/api/audit?from=${start + 4_000}&to=${start + 4_001}`)
        expect(system.json<Page>().items).toEqual([
          expect.objectContaining({ actorId: null, actorLabel: 'system:test' }),
        ])
      })

      it('rejects a filter that is not a number where one is needed', async () => {
        const res = await get('/api/audit?from=yesterday')
        expect(res.statusCode).toBe(400)
        expect(res.json()).toMatchObject({ code: 'validation_failed' })
      })
    })

    describe('keyset pagination', () => {
      const TOTAL = 120
      let all: string[] = []

      beforeAll(async () => {
        const actor = actorOf(await make.user(ctx.db, { role: 'admin' }))
        ctx.clock.now += 7_200_000
        for (let i = 0; i < TOTAL; i++) {
          ctx.clock.now += 10
          await ctx.sladesk.services.audit.record(ctx.db, actor, {
            action: 'probe.paged',
            entityType: 'probe',
            after: { i },
          })
        }
        const rows = await ctx.db.selectFrom('audit_log').select('id').where('action', '=', 'probe.paged').execute()
        all = rows.map((r) => r.id)
      })

      async function walk(
        limit: number,
        between?: () => Promise<void>,
      ): Promise<{ items: AuditEntry[]; pages: number }> {
        const items: AuditEntry[] = []
        let cursor: string | null = null
        let pages = 0
        do {
          const res = await get(`/api/audit?action=probe.paged&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`)
          expect(res.statusCode, res.body).toBe(200)
          const page: Page = res.json<Page>()
          expect(page.items.length).toBeLessThanOrEqual(limit)
          items.push(...page.items)
          cursor = page.nextCursor
          pages += 1
          await between?.()
        } while (cursor && pages < 100)
        return { items, pages }
      }

      it('walks 120 entries newest first, with no duplicates and no gaps', async () => {
        const { items, pages } = await walk(7)
        expect(pages).toBe(Math.ceil(TOTAL / 7))
        const ids = items.map((e) => e.id)
        expect(new Set(ids).size).toBe(TOTAL)
        expect([...ids].sort()).toEqual([...all].sort())
        // Newest first: by the recorded instant and by the (time-ordered) id alike.
        const ats = items.map((e) => e.at)
        expect(ats).toEqual([...ats].sort((x, y) => y - x))
        expect(new Set(ats).size).toBe(TOTAL)
        expect(items.map((e) => (e.diff?.i?.[1] as number) ?? -1)).toEqual(
          Array.from({ length: TOTAL }, (_, k) => TOTAL - 1 - k),
        )
      })

      it('ends without an empty page when the last page is exactly full', async () => {
        const { items, pages } = await walk(40)
        expect(pages).toBe(3)
        expect(items).toHaveLength(TOTAL)
      })

      it('is not disturbed by entries written while it walks', async () => {
        const actor: Actor = { kind: 'system', label: 'test' }
        const { items } = await walk(25, async () => {
          ctx.clock.now += 10
          await ctx.sladesk.services.audit.record(ctx.db, actor, {
            action: 'probe.paged',
            entityType: 'probe',
            after: { late: true },
          })
        })
        // Newer entries land before the first page, never inside the walk.
        expect(items.map((e) => e.id)).toEqual([...all].sort().reverse())
      })

      it.each([
        ['not an id', 'abc'],
        ['an id in upper case', '0190B1A0-0000-7000-8000-000000000000'],
        ['a quote', "0190b1a0-0000-7000-8000-00000000000'"],
      ])('rejects a cursor that is %s with 400 invalid_cursor', async (_name, cursor) => {
        const res = await get(`/api/audit?cursor=${encodeURIComponent(cursor)}`)
        expect(res.statusCode).toBe(400)
        expect(res.json()).toMatchObject({ code: 'invalid_cursor' })
      })

      it('rejects an overlong cursor and a limit out of range with 400 validation_failed', async () => {
        for (const query of [`cursor=${'a'.repeat(101)}`, 'limit=0', 'limit=201']) {
          const res = await get(`/api/audit?${query}`)
          expect(res.statusCode, query).toBe(400)
          expect(res.json()).toMatchObject({ code: 'validation_failed' })
        }
      })
    })
  })
}
