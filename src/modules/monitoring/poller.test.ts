import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { as, signIn, useApp, type Session } from '../../../test/support/app.js'
import { dialects } from '../../../test/support/databases.js'
import { make } from '../../../test/support/factories.js'
import { startNutServer, type NutServer } from '../../../test/support/nut-server.js'
import type { ReportPage, UpsPanel } from './schema.js'

const at = (local: string) => new Date(`${local}+01:00`).getTime()

// One real upsd for both databases: it takes seconds to start.
let nut: NutServer
beforeAll(async () => {
  nut = await startNutServer({
    upsName: 'kelder',
    initial: { 'ups.status': 'OL', 'battery.charge': '100', 'battery.runtime': '1800', 'ups.load': '23' },
  })
}, 30_000)
afterAll(async () => {
  await nut?.stop()
})

for (const dialect of dialects) {
  describe(`polling NUT servers [${dialect}]`, () => {
    const ctx = useApp(dialect)
    let tech: Session
    let customerId: string
    let upsId: string

    const poll = async () => {
      const res = await as(ctx.app, tech)({ method: 'POST', url: '/api/monitoring/ups/poll' })
      expect(res.statusCode, res.body).toBe(200)
      return res.json<{ polled: number; changed: number; failed: number }>()
    }
    const panel = async () =>
      (await as(ctx.app, tech)({ method: 'GET', url: `/api/customers/${customerId}/monitoring/ups` })).json<UpsPanel>()
        .items
    const tickets = async () =>
      (await as(ctx.app, tech)({ method: 'GET', url: `/api/tickets?customerId=${customerId}&limit=50` })).json<{
        items: { id: string; title: string; priority: string; status: string }[]
      }>().items

    beforeAll(async () => {
      ctx.clock.now = at('2026-11-28T09:00:00')
      const contact = await make.user(ctx.db, { role: 'contact' })
      customerId = contact.customer_id!
      tech = await signIn(ctx.app, (await make.user(ctx.db, { role: 'technician' })).email)
      const res = await as(
        ctx.app,
        tech,
      )({
        method: 'POST',
        url: `/api/customers/${customerId}/assets`,
        payload: {
          class: 'ups',
          name: 'UPS kelder',
          monitoring: { kind: 'nut', host: '127.0.0.1', port: nut.port, upsName: 'kelder' },
        },
      })
      expect(res.statusCode, res.body).toBe(201)
      upsId = res.json<{ id: string }>().id
    })

    it('reads the UPS on mains, and keeps an unchanged state out of the reports', async () => {
      await nut.setVars({ 'ups.status': 'OL', 'battery.charge': '100' })
      expect(await poll()).toEqual({ polled: 1, changed: 1, failed: 0 })
      expect(await panel()).toEqual([
        expect.objectContaining({ ups: 'kelder', assetId: upsId, state: 'online', charge: 100, source: 'poll' }),
      ])
      ctx.clock.now += 60_000
      expect(await poll()).toEqual({ polled: 1, changed: 0, failed: 0 })
      const reports = (
        await as(ctx.app, tech)({ method: 'GET', url: `/api/customers/${customerId}/reports?kind=ups` })
      ).json<ReportPage>()
      expect(reports.items).toHaveLength(1)
      expect(reports.items[0]).toMatchObject({ source: 'nut', format: 'nut', status: 'parsed' })
    })

    it('opens a ticket when the UPS stays on battery, and notes the low battery and the return of the mains', async () => {
      await nut.setVars({ 'ups.status': 'OB DISCHRG', 'battery.charge': '80' })
      expect((await poll()).changed).toBe(1)
      expect((await panel())[0]).toMatchObject({ state: 'on-battery', charge: 80 })
      expect(await ctx.sladesk.services.monitoringCheck.watchUps()).toBe(0)
      ctx.clock.now += 5 * 60_000
      expect(await ctx.sladesk.services.monitoringCheck.watchUps()).toBe(1)
      const onBattery = (await tickets()).find((t) => t.title === 'UPS op accu: kelder')
      expect(onBattery).toMatchObject({ priority: 'P3', status: 'new' })

      await nut.setVars({ 'ups.status': 'OB DISCHRG LB', 'battery.charge': '9' })
      expect((await poll()).changed).toBe(1)
      expect((await tickets()).map((t) => t.title)).toContain('UPS-accu bijna leeg: kelder')

      await nut.setVars({ 'ups.status': 'OL CHRG', 'battery.charge': '12' })
      ctx.clock.now += 60_000
      expect((await poll()).changed).toBe(1)
      expect((await panel())[0]).toMatchObject({ state: 'online', charge: 12 })
      const notes = (await as(ctx.app, tech)({ method: 'GET', url: `/api/tickets/${onBattery!.id}/articles` })).json<{
        items: { kind: string; bodyText: string }[]
      }>().items
      expect(notes.at(-1)?.bodyText).toMatch(/^UPS kelder is weer in orde: op netstroom/)
    })

    it('records a server that stops answering as communication lost, once', async () => {
      const asset = await as(
        ctx.app,
        tech,
      )({
        method: 'PATCH',
        url: `/api/assets/${upsId}`,
        payload: { class: 'ups', monitoring: { kind: 'nut', host: '127.0.0.1', port: 1, upsName: 'kelder' } },
      })
      expect(asset.statusCode, asset.body).toBe(200)
      ctx.clock.now += 60_000
      expect(await poll()).toEqual({ polled: 1, changed: 0, failed: 1 })
      const lostAt = ctx.clock.now
      expect((await panel())[0]).toMatchObject({ state: 'comm-lost', since: lostAt })
      ctx.clock.now += 60_000
      await poll()
      expect((await panel())[0]).toMatchObject({ state: 'comm-lost', since: lostAt })
      ctx.clock.now += 15 * 60_000
      expect(await ctx.sladesk.services.monitoringCheck.watchUps()).toBe(1)
      expect((await tickets()).map((t) => t.title)).toContain('Geen verbinding met UPS: kelder')
    })
  })
}
