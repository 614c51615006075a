import { beforeAll, describe, expect, it } from 'vitest'
import { as, expectProblem, signIn, useApp, type Session } from '../../../test/support/app.js'
import { dialects } from '../../../test/support/databases.js'
import { make } from '../../../test/support/factories.js'
import type { Ticket, TimelineEvent } from './schema.js'

const HOUR = 3_600_000

for (const dialect of dialects) {
  describe(`tickets [${dialect}]`, () => {
    const ctx = useApp(dialect)
    // Sunday 29 November 2026, 12:00 UTC (13:00 in Amsterdam): outside business hours.
    const SUNDAY_NOON = Date.UTC(2026, 10, 29, 12, 0, 0)
    let admin: Session
    let tech: Session
    let techId: string
    let portal: Session
    let otherPortal: Session
    let customerId: string
    let contactId: string
    let portalEmail: string
    let adminEmail: string

    const staff = () => as(ctx.app, admin)
    const customer = () => as(ctx.app, portal)

    async function open(body: object, who: Session = admin): Promise<Ticket> {
      const res = await as(ctx.app, who)({ method: 'POST', url: '/api/tickets', payload: body })
      expect(res.statusCode, res.body).toBe(201)
      return res.json<Ticket>()
    }

    async function timeline(id: string, who: Session = admin): Promise<TimelineEvent[]> {
      const res = await as(ctx.app, who)({ method: 'GET', url: `/api/tickets/${id}/timeline` })
      expect(res.statusCode, res.body).toBe(200)
      return res.json<{ items: TimelineEvent[] }>().items
    }

    beforeAll(async () => {
      ctx.clock.now = SUNDAY_NOON
      const a = await make.user(ctx.db, { role: 'admin' })
      const t = await make.user(ctx.db, { role: 'technician', name: 'Tessa Technicus' })
      techId = t.id
      const c = await make.user(ctx.db, { role: 'contact', name: 'Karin Sleutel' })
      customerId = c.customer_id!
      contactId = c.contact_id!
      const o = await make.user(ctx.db, { role: 'contact' })
      portalEmail = c.email
      adminEmail = a.email
      admin = await signIn(ctx.app, a.email)
      tech = await signIn(ctx.app, t.email)
      portal = await signIn(ctx.app, c.email)
      otherPortal = await signIn(ctx.app, o.email)
    })

    it('opens a calamity with a 4-hour first response around the clock, numbered per year', async () => {
      ctx.clock.now = SUNDAY_NOON
      const ticket = await open({
        customerId,
        title: 'Server plat',
        description: 'Niemand kan werken',
        type: 'calamity',
      })
      expect(ticket.number).toMatch(/^2026-\d{6}$/)
      expect(ticket).toMatchObject({ priority: 'P1', status: 'new', source: 'staff', customerId })
      expect(ticket.sla).toMatchObject({
        firstResponseDueAt: new Date(SUNDAY_NOON + 4 * HOUR).toISOString(),
        firstResponseState: 'running',
        resolutionDueAt: new Date(SUNDAY_NOON + 24 * HOUR).toISOString(),
        resolutionState: 'running',
        state: 'running',
      })
      const next = await open({ customerId, title: 'Tweede melding', description: 'x', type: 'question' })
      expect(Number(next.number.slice(5))).toBe(Number(ticket.number.slice(5)) + 1)
    })

    it("names the affected systems by the customer's assets, and refuses another customer's or unknown ones", async () => {
      const asset = async (customer: string, name: string) => {
        const res = await staff()({
          method: 'POST',
          url: `/api/customers/${customer}/assets`,
          payload: { class: 'server', name },
        })
        expect(res.statusCode, res.body).toBe(201)
        return res.json<{ id: string }>().id
      }
      const server = await asset(customerId, 'SRV-01')
      const nas = await asset(customerId, 'NAS-01')
      const otherCustomer = (await make.customer(ctx.db)).id
      const foreign = await asset(otherCustomer, 'SRV-ANDER')

      // The portal contact picks its own server; the same id twice is kept once.
      const ticket = await open(
        { title: 'Server traag', description: 'Alles duurt lang', type: 'incident', assetIds: [server, server] },
        portal,
      )
      expect(ticket.assetIds).toEqual([server])
      const patched = await staff()({
        method: 'PATCH',
        url: `/api/tickets/${ticket.id}`,
        payload: { assetIds: [server, nas] },
      })
      expect(patched.statusCode, patched.body).toBe(200)
      expect(patched.json<Ticket>().assetIds).toEqual([server, nas])

      const refused = await customer()({
        method: 'POST',
        url: '/api/tickets',
        payload: {
          title: 'Vraag over de server',
          description: 'Hoe zit het?',
          type: 'question',
          assetIds: [server, foreign],
        },
      })
      const problem = expectProblem(refused, 400, 'invalid_asset')
      expect(problem.errors).toEqual([{ path: 'assetIds.1', message: 'not an asset of this customer' }])
      // An unknown id reads the same as another customer's: the portal learns nothing about other customers.
      const unknown = await customer()({
        method: 'POST',
        url: '/api/tickets',
        payload: {
          title: 'Vraag over de server',
          description: 'Hoe zit het?',
          type: 'question',
          assetIds: [crypto.randomUUID()],
        },
      })
      expect(expectProblem(unknown, 400, 'invalid_asset').errors).toEqual(
        problem.errors?.map((e) => ({ ...e, path: 'assetIds.0' })),
      )
      expectProblem(
        await staff()({ method: 'PATCH', url: `/api/tickets/${ticket.id}`, payload: { assetIds: [foreign] } }),
        400,
        'invalid_asset',
      )
      // Free text is no longer an asset.
      expectProblem(
        await customer()({
          method: 'POST',
          url: '/api/tickets',
          payload: {
            title: 'Vraag over de server',
            description: 'Hoe zit het?',
            type: 'question',
            assetIds: ['de server'],
          },
        }),
        400,
        'validation_failed',
      )
    })

    it('gives a critical bug 4 business hours: reported on Sunday, due Monday 12:30 in Amsterdam', async () => {
      ctx.clock.now = SUNDAY_NOON
      const ticket = await open({
        customerId,
        title: 'Fout in het besturingssysteem van de server',
        description: 'Blauw scherm bij elke herstart',
        type: 'bug',
        severity: 'critical',
      })
      expect(ticket.priority).toBe('P2')
      // Monday 30 November 08:30 CET + 4 h = 12:30 CET = 11:30 UTC.
      expect(ticket.sla.firstResponseDueAt).toBe('2026-11-30T11:30:00.000Z')
      const cosmetic = await open({
        customerId,
        title: 'Knop heeft de verkeerde kleur',
        description: 'Groen in plaats van blauw',
        type: 'bug',
        severity: 'cosmetic',
      })
      expect(cosmetic).toMatchObject({ priority: 'P5', sla: { state: 'none', firstResponseDueAt: null } })
    })

    it('refuses a severity on anything but a bug, and an unknown type', async () => {
      const res = await staff()({
        method: 'POST',
        url: '/api/tickets',
        payload: { customerId, title: 'Vraag', description: 'x', type: 'question', severity: 'major' },
      })
      expect(expectProblem(res, 400, 'validation_failed').errors).toEqual([
        expect.objectContaining({ path: 'body.severity' }),
      ])
      const bad = await staff()({
        method: 'POST',
        url: '/api/tickets',
        payload: { customerId, title: 'Vraag', description: 'x', type: 'urgent' },
      })
      expectProblem(bad, 400, 'validation_failed')
      const noCustomer = await staff()({
        method: 'POST',
        url: '/api/tickets',
        payload: { title: 'Vraag', description: 'x', type: 'question' },
      })
      expectProblem(noCustomer, 400, 'validation_failed')
      const unknown = await staff()({
        method: 'POST',
        url: '/api/tickets',
        payload: {
          customerId: '01890a5d-ac96-774b-bcce-b302099a8057',
          title: 'Vraag',
          description: 'x',
          type: 'question',
        },
      })
      expectProblem(unknown, 404, 'customer_not_found')
    })

    it('lets a portal contact report for its own customer only, as requester', async () => {
      const ticket = await open(
        { title: 'Printer doet het niet', description: 'Papier vast', type: 'incident' },
        portal,
      )
      expect(ticket).toMatchObject({
        customerId,
        source: 'portal',
        requester: { id: contactId, name: 'Karin Sleutel' },
      })
      const res = await customer()({
        method: 'POST',
        url: '/api/tickets',
        payload: { customerId, title: 'Printer', description: 'x', type: 'incident', assigneeId: techId },
      })
      expect(expectProblem(res, 403, 'field_not_allowed').errors?.map((e) => e.path)).toEqual([
        'customerId',
        'assigneeId',
      ])
      // Another customer's contact does not find it, in the list or by id.
      expectProblem(
        await as(ctx.app, otherPortal)({ method: 'GET', url: `/api/tickets/${ticket.id}` }),
        404,
        'ticket_not_found',
      )
      const list = await as(ctx.app, otherPortal)({ method: 'GET', url: `/api/tickets?customerId=${customerId}` })
      expect(list.json()).toEqual({ items: [], nextCursor: null })
    })

    it('meets the first response with a public reply, not with an internal note', async () => {
      ctx.clock.now = SUNDAY_NOON
      const ticket = await open({ customerId, title: 'Mail komt niet aan', description: 'x', type: 'calamity' })
      ctx.clock.now = SUNDAY_NOON + HOUR
      const note = await as(
        ctx.app,
        tech,
      )({
        method: 'POST',
        url: `/api/tickets/${ticket.id}/articles`,
        payload: { kind: 'note', body: 'Eerst de logs bekijken' },
      })
      expect(note.json()).toMatchObject({ kind: 'note', public: false })
      expect((await staff()({ method: 'GET', url: `/api/tickets/${ticket.id}` })).json()).toMatchObject({
        status: 'new',
        sla: { firstResponseState: 'running' },
      })
      ctx.clock.now = SUNDAY_NOON + 2 * HOUR
      await as(
        ctx.app,
        tech,
      )({
        method: 'POST',
        url: `/api/tickets/${ticket.id}/articles`,
        payload: { kind: 'reply', body: 'We kijken ernaar, u hoort binnen het uur meer.' },
      })
      const after = (await staff()({ method: 'GET', url: `/api/tickets/${ticket.id}` })).json<Ticket>()
      expect(after).toMatchObject({ status: 'open', firstResponseAt: SUNDAY_NOON + 2 * HOUR })
      expect(after.sla.firstResponse).toMatchObject({
        state: 'met',
        metAt: new Date(SUNDAY_NOON + 2 * HOUR).toISOString(),
      })
      const types = (await timeline(ticket.id)).map((e) => e.type)
      expect(types).toEqual(expect.arrayContaining(['created', 'sla.started', 'note', 'response', 'sla.met', 'status']))
      // The customer sees the reply, not the note, and no internal events.
      const articles = await customer()({ method: 'GET', url: `/api/tickets/${ticket.id}/articles` })
      expect(articles.json<{ items: { kind: string }[] }>().items.map((a) => a.kind)).toEqual(['reply'])
      expect((await timeline(ticket.id, portal)).map((e) => e.type)).not.toContain('note')
    })

    it('pauses the clock while waiting for the customer and resumes it on their reply', async () => {
      ctx.clock.now = SUNDAY_NOON
      const ticket = await open({ customerId, title: 'VPN valt weg', description: 'x', type: 'calamity' })
      const dueBefore = Date.parse(ticket.sla.resolutionDueAt!)
      ctx.clock.now = SUNDAY_NOON + HOUR
      const asked = await as(
        ctx.app,
        tech,
      )({
        method: 'POST',
        url: `/api/tickets/${ticket.id}/articles`,
        payload: { kind: 'reply', body: 'Welke versie van de client gebruikt u?', status: 'waiting-customer' },
      })
      expect(asked.statusCode, asked.body).toBe(201)
      const waiting = (await staff()({ method: 'GET', url: `/api/tickets/${ticket.id}` })).json<Ticket>()
      expect(waiting).toMatchObject({
        status: 'waiting-customer',
        sla: { resolutionState: 'paused', resolutionDueAt: null },
      })
      ctx.clock.now = SUNDAY_NOON + 4 * HOUR
      await customer()({
        method: 'POST',
        url: `/api/tickets/${ticket.id}/articles`,
        payload: { body: 'Versie 5.2' },
      })
      const resumed = (await staff()({ method: 'GET', url: `/api/tickets/${ticket.id}` })).json<Ticket>()
      expect(resumed.status).toBe('open')
      expect(resumed.sla.resolutionState).toBe('running')
      // Three hours of waiting moved the deadline by exactly three hours (a 24×7 calendar).
      expect(Date.parse(resumed.sla.resolutionDueAt!)).toBe(dueBefore + 3 * HOUR)
      const types = (await timeline(ticket.id)).map((e) => e.type)
      expect(types).toEqual(expect.arrayContaining(['sla.paused', 'sla.running']))
    })

    it('recomputes the deadlines when the priority changes, from the whole history', async () => {
      ctx.clock.now = SUNDAY_NOON
      const ticket = await open({
        customerId,
        title: 'Traag netwerk',
        description: 'x',
        type: 'incident',
        impact: 'low',
        urgency: 'low',
      })
      expect(ticket.priority).toBe('P4')
      const res = await staff()({
        method: 'PATCH',
        url: `/api/tickets/${ticket.id}`,
        payload: { impact: 'high', urgency: 'high' },
      })
      expect(res.json()).toMatchObject({ priority: 'P2', sla: { firstResponseDueAt: '2026-11-30T11:30:00.000Z' } })
      const events = await timeline(ticket.id)
      expect(events.find((e) => e.type === 'priority')?.data).toEqual({ from: 'P4', to: 'P2' })
      expect(events.some((e) => e.type === 'sla.deadline')).toBe(true)
    })

    it('raises a warning and a breach at their instants when the watcher runs', async () => {
      ctx.clock.now = SUNDAY_NOON
      const ticket = await open({ customerId, title: 'Back-up mislukt', description: 'x', type: 'calamity' })
      ctx.clock.now = SUNDAY_NOON + 3.5 * HOUR
      await ctx.sladesk.services.tickets.refreshDue()
      ctx.clock.now = SUNDAY_NOON + 5 * HOUR
      await ctx.sladesk.services.tickets.refreshDue()
      const events = await timeline(ticket.id)
      const warning = events.find((e) => e.type === 'sla.warning' && e.data.clock === 'firstResponse')
      const breach = events.find((e) => e.type === 'sla.breached' && e.data.clock === 'firstResponse')
      expect(warning?.at).toBe(SUNDAY_NOON + 3 * HOUR)
      expect(breach?.at).toBe(SUNDAY_NOON + 4 * HOUR)
      const list = await staff()({ method: 'GET', url: `/api/tickets?slaState=breached&customerId=${customerId}` })
      expect(list.json<{ items: Ticket[] }>().items.map((t) => t.id)).toContain(ticket.id)
    })

    it('reopens on a customer reply within the reopen window and refuses it later', async () => {
      ctx.clock.now = SUNDAY_NOON
      const ticket = await open({ customerId, title: 'Wachtwoord vergeten', description: 'x', type: 'service-request' })
      await staff()({ method: 'PATCH', url: `/api/tickets/${ticket.id}`, payload: { status: 'resolved' } })
      ctx.clock.now = SUNDAY_NOON + 2 * 24 * HOUR
      const reply = await customer()({
        method: 'POST',
        url: `/api/tickets/${ticket.id}/articles`,
        payload: { body: 'Het werkt nog steeds niet' },
      })
      expect(reply.statusCode, reply.body).toBe(201)
      const reopened = (await staff()({ method: 'GET', url: `/api/tickets/${ticket.id}` })).json<Ticket>()
      expect(reopened).toMatchObject({ status: 'open', resolvedAt: null })
      await customer()({ method: 'PATCH', url: `/api/tickets/${ticket.id}`, payload: { status: 'closed' } })
      ctx.clock.now = SUNDAY_NOON + 30 * 24 * HOUR
      // Sessions expire too in a month: sign in again.
      portal = await signIn(ctx.app, portalEmail)
      admin = await signIn(ctx.app, adminEmail)
      const late = await customer()({
        method: 'POST',
        url: `/api/tickets/${ticket.id}/articles`,
        payload: { body: 'Nog een vraag' },
      })
      expectProblem(late, 409, 'ticket_closed')
      expectProblem(
        await customer()({ method: 'PATCH', url: `/api/tickets/${ticket.id}`, payload: { title: 'Andere titel' } }),
        403,
        'field_not_allowed',
      )
    })

    it('lists with filters and keyset pages that neither skip nor repeat', async () => {
      ctx.clock.now = SUNDAY_NOON
      const own = await make.customer(ctx.db, { name: 'Lijstklant BV', name_key: 'lijstklant bv' })
      const made: string[] = []
      for (let i = 0; i < 7; i++) {
        ctx.clock.now = SUNDAY_NOON + i * 60_000
        made.push(
          (
            await open({
              customerId: own.id,
              title: `Melding nummer ${i}`,
              description: 'x',
              type: i % 2 ? 'calamity' : 'question',
            })
          ).id,
        )
      }
      const seen: string[] = []
      let cursor: string | null = null
      do {
        const url: string = `/api/tickets?customerId=${own.id}&limit=3${cursor ? `&cursor=${cursor}` : ''}`
        const page: { items: Ticket[]; nextCursor: string | null } = (await staff()({ method: 'GET', url })).json()
        seen.push(...page.items.map((t: Ticket) => t.id))
        cursor = page.nextCursor
      } while (cursor)
      expect(seen).toEqual([...made].reverse())
      const p1 = await staff()({ method: 'GET', url: `/api/tickets?customerId=${own.id}&priority=P1` })
      expect(p1.json<{ items: Ticket[] }>().items).toHaveLength(3)
      const byDue = await staff()({ method: 'GET', url: `/api/tickets?customerId=${own.id}&sort=due&limit=2` })
      const first = byDue.json<{ items: Ticket[]; nextCursor: string }>()
      expect(first.items.every((t) => t.priority === 'P1')).toBe(true)
      const rest = await staff()({
        method: 'GET',
        url: `/api/tickets?customerId=${own.id}&sort=due&limit=10&cursor=${first.nextCursor}`,
      })
      expect(rest.json<{ items: Ticket[] }>().items).toHaveLength(5)
      // Calamities first, then the nearest deadline within each priority; pages follow on without a gap.
      const byPriority: Ticket[] = []
      let next: string | null = null
      do {
        const url: string = `/api/tickets?customerId=${own.id}&sort=priority&limit=2${next ? `&cursor=${next}` : ''}`
        const page: { items: Ticket[]; nextCursor: string | null } = (await staff()({ method: 'GET', url })).json()
        byPriority.push(...page.items)
        next = page.nextCursor
      } while (next)
      expect(byPriority.map((t) => t.priority)).toEqual(['P1', 'P1', 'P1', 'P3', 'P3', 'P3', 'P3'])
      expect(new Set(byPriority.map((t) => t.id)).size).toBe(7)
      const text = await staff()({ method: 'GET', url: `/api/tickets?q=${encodeURIComponent('nummer 4')}` })
      expect(text.json<{ items: Ticket[] }>().items.map((t) => t.id)).toEqual([made[4]])
      expectProblem(await staff()({ method: 'GET', url: '/api/tickets?cursor=bogus' }), 400, 'invalid_cursor')
      expectProblem(await staff()({ method: 'GET', url: '/api/tickets?priority=P9' }), 400, 'validation_failed')
    })

    it('writes time, billable or covered, and keeps it from the portal', async () => {
      const ticket = await open({
        customerId,
        title: 'Nieuwe laptop inrichten',
        description: 'x',
        type: 'service-request',
      })
      for (const [minutes, billable] of [
        [30, false],
        [45, true],
      ] as const) {
        const res = await as(
          ctx.app,
          tech,
        )({
          method: 'POST',
          url: `/api/tickets/${ticket.id}/time`,
          payload: { minutes, billable, activity: 'installation' },
        })
        expect(res.statusCode, res.body).toBe(201)
      }
      const list = await staff()({ method: 'GET', url: `/api/tickets/${ticket.id}/time` })
      expect(list.json()).toMatchObject({ totalMinutes: 75, billableMinutes: 45 })
      expect(list.json<{ items: { userName: string; performedOn: string }[] }>().items[0]).toMatchObject({
        userName: 'Tessa Technicus',
        performedOn: '2026-11-29',
      })
      expectProblem(await customer()({ method: 'GET', url: `/api/tickets/${ticket.id}/time` }), 404, 'not_found')
      expectProblem(
        await staff()({
          method: 'POST',
          url: `/api/tickets/${ticket.id}/time`,
          payload: { minutes: 0, billable: true },
        }),
        400,
        'validation_failed',
      )
    })

    it('stores attachments before anything reads them and serves them as downloads with a safe type', async () => {
      const ticket = await open({ title: 'Foutmelding bij opstarten', description: 'x', type: 'incident' }, portal)
      const html = '<script>alert(1)</script>'
      const up = await customer()({
        method: 'POST',
        url: `/api/tickets/${ticket.id}/attachments?filename=${encodeURIComponent('rapport "Q4".html')}`,
        headers: { 'content-type': 'text/html' },
        payload: html,
      })
      expect(up.statusCode, up.body).toBe(201)
      const { id } = up.json<{ id: string }>()
      const down = await customer()({ method: 'GET', url: `/api/attachments/${id}` })
      expect(down.statusCode).toBe(200)
      expect(down.headers['content-type']).toBe('application/octet-stream')
      expect(down.headers['content-disposition']).toMatch(/^attachment; filename="rapport \\"Q4\\".html"/)
      expect(down.headers['x-content-type-options']).toBe('nosniff')
      expect(down.body).toBe(html)
      const png = await staff()({
        method: 'POST',
        url: `/api/tickets/${ticket.id}/attachments?filename=scherm.png&public=false`,
        headers: { 'content-type': 'image/png' },
        payload: Buffer.from([0x89, 0x50, 0x4e, 0x47]),
      })
      const internal = png.json<{ id: string }>().id
      expect(
        (await staff()({ method: 'GET', url: `/api/attachments/${internal}` })).headers['content-disposition'],
      ).toMatch(/^inline/)
      // An internal attachment does not exist for the customer; neither does anything of another customer.
      expectProblem(
        await customer()({ method: 'GET', url: `/api/attachments/${internal}` }),
        404,
        'attachment_not_found',
      )
      expectProblem(
        await as(ctx.app, otherPortal)({ method: 'GET', url: `/api/attachments/${id}` }),
        404,
        'attachment_not_found',
      )
      const events = await timeline(ticket.id, portal)
      expect(events.filter((e) => e.type === 'attachment').map((e) => e.data.filename)).toEqual(['rapport "Q4".html'])
      const list = await customer()({ method: 'GET', url: `/api/tickets/${ticket.id}/attachments` })
      expect(list.json<{ items: { id: string }[] }>().items.map((a) => a.id)).toEqual([id])
    })

    it('merges a duplicate into the original and splits a new ticket off', async () => {
      const original = await open({ customerId, title: 'Internet ligt eruit', description: 'x', type: 'incident' })
      const duplicate = await open({ title: 'Geen internet', description: 'y', type: 'incident' }, portal)
      await customer()({
        method: 'POST',
        url: `/api/tickets/${duplicate.id}/articles`,
        payload: { body: 'Ook de telefoon niet' },
      })
      const merged = await staff()({
        method: 'POST',
        url: `/api/tickets/${duplicate.id}/merge`,
        payload: { intoId: original.id },
      })
      expect(merged.statusCode, merged.body).toBe(200)
      const dup = (await staff()({ method: 'GET', url: `/api/tickets/${duplicate.id}` })).json<Ticket>()
      expect(dup).toMatchObject({ status: 'closed', mergedIntoId: original.id })
      const articles = (await staff()({ method: 'GET', url: `/api/tickets/${original.id}/articles` })).json<{
        items: { id: string; bodyText: string }[]
      }>().items
      expect(articles.map((a) => a.bodyText)).toContain('Ook de telefoon niet')
      expectProblem(
        await staff()({ method: 'POST', url: `/api/tickets/${duplicate.id}/articles`, payload: { body: 'x' } }),
        409,
        'ticket_merged',
      )
      const split = await staff()({
        method: 'POST',
        url: `/api/tickets/${original.id}/split`,
        payload: { articleIds: [articles[0]!.id], title: 'Telefooncentrale apart bekijken' },
      })
      expect(split.statusCode, split.body).toBe(201)
      expect(split.json()).toMatchObject({
        customerId,
        title: 'Telefooncentrale apart bekijken',
        description: 'Ook de telefoon niet',
      })
    })

    it('explains the clock: counted spans add up to the elapsed time', async () => {
      ctx.clock.now = SUNDAY_NOON
      const ticket = await open({ customerId, title: 'Scanner werkt niet', description: 'x', type: 'incident' })
      ctx.clock.now = SUNDAY_NOON + 30 * HOUR
      const res = await staff()({ method: 'GET', url: `/api/tickets/${ticket.id}/sla` })
      expect(res.statusCode, res.body).toBe(200)
      const body = res.json<{
        sla: Ticket['sla']
        explain: { resolution: { from: number; to: number; kind: string }[] }
      }>()
      const spans = body.explain.resolution
      expect(spans[0]!.from).toBe(SUNDAY_NOON)
      expect(spans.at(-1)!.to).toBe(SUNDAY_NOON + 30 * HOUR)
      const counted = spans.filter((s) => s.kind === 'counted').reduce((sum, s) => sum + (s.to - s.from), 0)
      // Monday 08:30–17:30 Amsterdam lies inside the 30 hours: 9 business hours.
      expect(counted).toBe(9 * HOUR)
      expect(body.sla.resolution.elapsedSeconds).toBe(9 * 3600)
      expect(spans.some((s) => s.kind === 'outside-hours')).toBe(true)
    })
  })
}

for (const dialect of dialects) {
  describe(`ticket mails [${dialect}]`, () => {
    const ctx = useApp(dialect)
    const SUNDAY_NOON = Date.UTC(2026, 10, 29, 12, 0, 0)
    let admin: Session
    let portal: Session
    let techEmail: string
    let contactEmail: string
    let techId: string

    const outbox = (refId: string) =>
      ctx.db.selectFrom('outbox').selectAll().where('ref_id', '=', refId).orderBy('created_at').orderBy('id').execute()

    beforeAll(async () => {
      ctx.clock.now = SUNDAY_NOON
      const a = await make.user(ctx.db, { role: 'admin' })
      const tech = await make.user(ctx.db, { role: 'technician', locale: 'en' })
      techEmail = tech.email
      techId = tech.id
      const c = await make.user(ctx.db, { role: 'contact' })
      contactEmail = c.email
      admin = await signIn(ctx.app, a.email)
      portal = await signIn(ctx.app, c.email)
    })

    it('confirms a report to the requester and alerts staff to an unassigned calamity, threaded by reference', async () => {
      const res = await as(
        ctx.app,
        portal,
      )({
        method: 'POST',
        url: '/api/tickets',
        payload: { title: 'Alles ligt plat', description: 'Geen enkele pc start', type: 'calamity' },
      })
      const ticket = res.json<Ticket>()
      const mails = await outbox(ticket.id)
      const received = mails.find((m) => m.kind === 'ticket.received')
      expect(received).toMatchObject({
        to_address: contactEmail,
        subject: `[#${ticket.number}] Uw melding is ontvangen: Alles ligt plat`,
      })
      expect(received?.body_text).toContain('U krijgt uiterlijk zondag 29 november 2026 om 17:00 een reactie.')
      expect(JSON.parse(received!.headers!)).toEqual({
        References: `<ticket.${ticket.id}@sladesk>`,
        'Auto-Submitted': 'auto-generated',
        'X-Auto-Response-Suppress': 'All',
      })
      // Nobody is on call: every technician hears of it, at once, even on a Sunday, in their own language.
      const staffMail = mails.find((m) => m.kind === 'ticket.new' && m.to_address === techEmail)
      expect(staffMail?.subject).toBe(
        `[#${ticket.number}] New P1 (calamity) ticket from ${ticket.customerName}: Alles ligt plat`,
      )
      expect(staffMail?.next_attempt_at).toBe(SUNDAY_NOON)
    })

    it('mails a staff reply to the watchers too, and tells the requester when the ticket is resolved', async () => {
      ctx.clock.now = SUNDAY_NOON + 2 * 60_000
      const created = await as(
        ctx.app,
        portal,
      )({
        method: 'POST',
        url: '/api/tickets',
        payload: { title: 'Nieuwe laptop voor Bram', description: 'Graag inrichten', type: 'service-request' },
      })
      const ticket = created.json<Ticket>()
      const staff = as(ctx.app, admin)
      await staff({
        method: 'POST',
        url: `/api/tickets/${ticket.id}/watchers`,
        payload: { email: 'bram@klant.example' },
      })
      await staff({
        method: 'POST',
        url: `/api/tickets/${ticket.id}/articles`,
        payload: { body: 'De laptop is besteld.' },
      })
      const replies = (await outbox(ticket.id)).filter((m) => m.kind === 'ticket.reply').map((m) => m.to_address)
      expect(replies.sort()).toEqual(['bram@klant.example', contactEmail].sort())
      // An internal note goes to nobody.
      await staff({
        method: 'POST',
        url: `/api/tickets/${ticket.id}/articles`,
        payload: { kind: 'note', body: 'Levertijd 3 dagen' },
      })
      expect((await outbox(ticket.id)).filter((m) => m.body_text.includes('Levertijd'))).toEqual([])
      await staff({ method: 'PATCH', url: `/api/tickets/${ticket.id}`, payload: { status: 'resolved' } })
      const resolved = (await outbox(ticket.id)).find((m) => m.kind === 'ticket.status')
      expect(resolved).toMatchObject({
        to_address: contactEmail,
        subject: `[#${ticket.number}] Opgelost: Nieuwe laptop voor Bram`,
      })
    })

    it('alerts only the on-call technician of a new calamity when someone is on call, and the team lead of a breach', async () => {
      ctx.clock.now = SUNDAY_NOON + 60_000
      const onCall = await make.user(ctx.db, { role: 'technician', name: 'Olaf Oproep' })
      const lead = await make.user(ctx.db, { role: 'technician', name: 'Lotte Leider' })
      const staff = as(ctx.app, admin)
      const shift = await staff({
        method: 'POST',
        url: '/api/oncall',
        payload: { userId: onCall.id, startsAt: SUNDAY_NOON, endsAt: SUNDAY_NOON + 24 * HOUR },
      })
      expect(shift.statusCode, shift.body).toBe(201)
      expectProblem(
        await staff({ method: 'POST', url: '/api/oncall', payload: { userId: onCall.id, startsAt: 10, endsAt: 5 } }),
        400,
        'validation_failed',
      )
      const team = await staff({ method: 'POST', url: '/api/teams', payload: { name: 'Servicedesk', leadId: lead.id } })
      expect(team.statusCode, team.body).toBe(201)
      const other = await staff({ method: 'POST', url: '/api/teams', payload: { name: 'Werkplekken' } })
      expectProblem(
        await staff({
          method: 'PATCH',
          url: `/api/teams/${other.json<{ id: string }>().id}`,
          payload: { name: 'Servicedesk' },
        }),
        409,
        'team_name_taken',
      )
      const created = await as(
        ctx.app,
        portal,
      )({
        method: 'POST',
        url: '/api/tickets',
        payload: { title: 'Server in brand', description: 'Rook uit de serverkast', type: 'calamity' },
      })
      const ticket = created.json<Ticket>()
      const alerts = (await outbox(ticket.id)).filter((m) => m.kind === 'ticket.new').map((m) => m.to_address)
      expect(alerts).toEqual([onCall.email])
      await staff({
        method: 'PATCH',
        url: `/api/tickets/${ticket.id}`,
        payload: { teamId: team.json<{ id: string }>().id, assigneeId: techId },
      })
      ctx.clock.now = SUNDAY_NOON + 5 * HOUR
      await ctx.sladesk.services.tickets.refreshDue()
      const breach = (await outbox(ticket.id)).filter((m) => m.kind === 'sla.breached').map((m) => m.to_address)
      expect(breach.sort()).toEqual([techEmail, lead.email, onCall.email].sort())
    })

    it('sends a staff reply to the requester, and an SLA warning waits for working hours unless it is a calamity', async () => {
      ctx.clock.now = SUNDAY_NOON
      const res = await as(
        ctx.app,
        admin,
      )({
        method: 'POST',
        url: '/api/tickets',
        payload: {
          customerId: (
            await ctx.db
              .selectFrom('users')
              .select('customer_id')
              .where('email', '=', contactEmail)
              .executeTakeFirstOrThrow()
          ).customer_id,
          requesterContactId: (
            await ctx.db.selectFrom('contacts').select('id').where('email', '=', contactEmail).executeTakeFirstOrThrow()
          ).id,
          title: 'Printer op de tweede verdieping',
          description: 'x',
          type: 'incident',
          assigneeId: techId,
        },
      })
      const ticket = res.json<Ticket>()
      expect(ticket.priority).toBe('P3')
      await as(
        ctx.app,
        admin,
      )({ method: 'POST', url: `/api/tickets/${ticket.id}/articles`, payload: { body: 'Wij komen morgen langs.' } })
      const reply = (await outbox(ticket.id)).find((m) => m.kind === 'ticket.reply')
      expect(reply).toMatchObject({
        to_address: contactEmail,
        subject: `Re: [#${ticket.number}] Printer op de tweede verdieping`,
      })
      expect(reply?.body_text).toContain('Wij komen morgen langs.')
      // The technician works Fridays from 10:00 only (and the rest of the week as set here).
      const hours = [1, 2, 3, 4].map((day) => ({ day, from: '08:00', to: '16:00' }))
      const set = await as(
        ctx.app,
        admin,
      )({
        method: 'PATCH',
        url: `/api/users/${techId}`,
        payload: {
          workHours: { timeZone: 'Europe/Amsterdam', hours: [...hours, { day: 5, from: '10:00', to: '14:00' }] },
        },
      })
      expect(set.json()).toMatchObject({ workHours: { timeZone: 'Europe/Amsterdam' } })
      expectProblem(
        await as(
          ctx.app,
          admin,
        )({
          method: 'PATCH',
          url: `/api/users/${techId}`,
          payload: { workHours: { timeZone: 'Mars/Olympus', hours } },
        }),
        400,
        'validation_failed',
      )
      // The resolution clock (45 business hours) warns after 75 %, on Thursday afternoon; the watcher finds it that
      // evening at 22:00, outside the technician's working hours: the mail waits for Friday 10:00.
      expect(ticket.sla.resolution.warnAt).toBe('2026-12-03T14:15:00.000Z')
      ctx.clock.now = Date.UTC(2026, 11, 3, 21, 0, 0)
      await ctx.sladesk.services.tickets.refreshDue()
      const warning = (await outbox(ticket.id)).find(
        (m) => m.kind === 'sla.warning' && m.subject.includes('resolution'),
      )
      expect(warning?.to_address).toBe(techEmail)
      expect(warning?.subject).toBe(
        `[#${ticket.number}] SLA warning: resolution for ${ticket.customerName}: Printer op de tweede verdieping`,
      )
      expect(warning?.next_attempt_at).toBe(Date.UTC(2026, 11, 4, 9, 0, 0))
      const timeline = await as(ctx.app, admin)({ method: 'GET', url: `/api/tickets/${ticket.id}/timeline` })
      const escalations = timeline.json<{ items: TimelineEvent[] }>().items.filter((e) => e.type === 'escalated')
      expect(escalations.find((e) => e.data.clock === 'resolution')?.data).toMatchObject({
        clock: 'resolution',
        state: 'warning',
        steps: ['assignee'],
      })
    })
  })
}

for (const dialect of dialects) {
  describe(`ticket attachment limit [${dialect}]`, () => {
    const ctx = useApp(dialect, { attachmentMaxBytes: 4096 })

    it('refuses a file over the limit with 413 and stores nothing', async () => {
      const a = await make.user(ctx.db, { role: 'admin' })
      const customer = await make.customer(ctx.db)
      const staff = as(ctx.app, await signIn(ctx.app, a.email))
      const created = await staff({
        method: 'POST',
        url: '/api/tickets',
        payload: { customerId: customer.id, title: 'Logbestand', description: 'x', type: 'question' },
      })
      const id = created.json<Ticket>().id
      const res = await staff({
        method: 'POST',
        url: `/api/tickets/${id}/attachments?filename=groot.log`,
        headers: { 'content-type': 'text/plain' },
        payload: Buffer.alloc(5000, 'a'),
      })
      expectProblem(res, 413, 'body_too_large')
      expect(await ctx.db.selectFrom('ticket_attachments').selectAll().execute()).toEqual([])
      expect(await ctx.db.selectFrom('blobs').select('sha256').execute()).toEqual([])
      const ok = await staff({
        method: 'POST',
        url: `/api/tickets/${id}/attachments?filename=klein.log`,
        headers: { 'content-type': 'text/plain' },
        payload: Buffer.alloc(4000, 'a'),
      })
      expect(ok.statusCode, ok.body).toBe(201)
      expectProblem(
        await staff({
          method: 'POST',
          url: `/api/tickets/${id}/attachments`,
          headers: { 'content-type': 'text/plain' },
          payload: 'x',
        }),
        400,
        'validation_failed',
      )
    })
  })
}
