import type { KyselyPlugin } from 'kysely'
import { beforeAll, describe, expect, it } from 'vitest'
import { useApp } from '../../../test/support/app.js'
import { dialects } from '../../../test/support/databases.js'
import { make } from '../../../test/support/factories.js'
import type { Actor } from '../../platform/access.js'
import { uuidv7 } from '../../platform/ids.js'
import { ASSET_CLASSES, type AssetClass, type AssetCounts } from './classes.js'
import { createAssetService } from './service.js'

const system: Actor = { kind: 'system', label: 'test' }
/** Noon UTC of a day: the same calendar day in Amsterdam. */
const noon = (date: string) => Date.parse(`${date}T12:00:00Z`)

for (const dialect of dialects) {
  describe(`assets: active counts for the monthly cost [${dialect}]`, () => {
    const ctx = useApp(dialect)
    const assets = () => ctx.sladesk.services.assets

    async function server(customerId: string, over: Record<string, unknown> = {}) {
      return assets().create(system, customerId, { class: 'server', name: `srv-${uuidv7()}`, ...over })
    }

    beforeAll(() => {
      ctx.clock.now = noon('2026-11-29')
    })

    it('counts an asset from activeFrom up to, not including, activeUntil', async () => {
      const { id: customerId } = await make.customer(ctx.db)
      ctx.clock.now = noon('2026-05-10')
      const asset = await server(customerId, { activeFrom: '2026-03-01' })
      expect(asset).toMatchObject({ activeFrom: '2026-03-01', activeUntil: null, status: 'active' })
      ctx.clock.now = noon('2026-11-29')
      const retired = await assets().retire(system, asset.id)
      expect(retired).toMatchObject({ status: 'retired', retiredOn: '2026-11-29', activeUntil: '2026-11-29' })
      const on = async (date: string) => (await assets().activeCounts(date, [customerId])).get(customerId)
      expect(await on('2026-02-28')).toEqual({})
      expect(await on('2026-03-01')).toEqual({ server: 1 })
      expect(await on('2026-11-28')).toEqual({ server: 1 })
      expect(await on('2026-11-29')).toEqual({})
      expect(await on('2027-01-01')).toEqual({})
    })

    it('defaults activeFrom to the day of creation in the MSP time zone', async () => {
      const { id: customerId } = await make.customer(ctx.db)
      // 23:30 UTC on 30 November is 00:30 on 1 December in Amsterdam.
      ctx.clock.now = Date.parse('2026-11-30T23:30:00Z')
      const asset = await server(customerId)
      expect(asset.activeFrom).toBe('2026-12-01')
      expect((await assets().activeCounts('2026-11-30', [customerId])).get(customerId)).toEqual({})
      expect((await assets().activeCounts('2026-12-01', [customerId])).get(customerId)).toEqual({ server: 1 })
    })

    it('does not count the months an asset spent as a spare', async () => {
      const { id: customerId } = await make.customer(ctx.db)
      ctx.clock.now = noon('2026-01-01')
      const asset = await server(customerId)
      ctx.clock.now = noon('2026-04-01')
      expect(await assets().update(system, asset.id, { status: 'spare' })).toMatchObject({
        activeFrom: '2026-01-01',
        activeUntil: '2026-04-01',
      })
      ctx.clock.now = noon('2026-07-01')
      // Active again: a new period starts today; the status says now, the dates say any day.
      expect(await assets().update(system, asset.id, { status: 'active' })).toMatchObject({
        activeFrom: '2026-07-01',
        activeUntil: null,
      })
      const counted = async (date: string) =>
        (await assets().activeCounts(date, [customerId])).get(customerId)?.server ?? 0
      expect(await counted('2026-03-31')).toBe(1)
      expect(await counted('2026-04-01')).toBe(0)
      expect(await counted('2026-06-30')).toBe(0)
      expect(await counted('2026-07-01')).toBe(1)
      expect(await counted('2026-12-31')).toBe(1)
    })

    it('keeps the earlier end when a spare is retired later, and refuses a period that overlaps an earlier one', async () => {
      const { id: customerId } = await make.customer(ctx.db)
      ctx.clock.now = noon('2026-02-01')
      const asset = await server(customerId)
      ctx.clock.now = noon('2026-03-01')
      await assets().update(system, asset.id, { status: 'spare' })
      ctx.clock.now = noon('2026-06-01')
      expect(await assets().update(system, asset.id, { status: 'retired' })).toMatchObject({
        activeUntil: '2026-03-01',
        retiredOn: '2026-06-01',
      })
      ctx.clock.now = noon('2026-08-01')
      await assets().update(system, asset.id, { status: 'active' })
      await expect(assets().update(system, asset.id, { activeFrom: '2026-02-15' })).rejects.toMatchObject({
        status: 400,
        code: 'invalid_period',
      })
      await expect(assets().update(system, asset.id, { activeUntil: '2026-07-01' })).rejects.toMatchObject({
        status: 400,
        code: 'invalid_period',
      })
      expect((await assets().activeCounts('2026-05-01', [customerId])).get(customerId)).toEqual({})
    })

    it('counts a corrected class over the whole history', async () => {
      const { id: customerId } = await make.customer(ctx.db)
      ctx.clock.now = noon('2026-01-10')
      const pc = await assets().create(system, customerId, { class: 'workstation', name: 'PC-07' })
      ctx.clock.now = noon('2026-05-10')
      await assets().update(system, pc.id, { class: 'laptop' })
      expect((await assets().activeCounts('2026-02-01', [customerId])).get(customerId)).toEqual({ laptop: 1 })
    })

    it('groups by customer and class across customers, with an entry for every customer asked about', async () => {
      ctx.clock.now = noon('2026-06-01')
      const a = (await make.customer(ctx.db)).id
      const b = (await make.customer(ctx.db)).id
      const c = (await make.customer(ctx.db)).id
      await server(a)
      await server(a)
      await assets().create(system, a, { class: 'workstation', name: 'PC-01' })
      await assets().create(system, a, { class: 'workstation', name: 'PC-02', status: 'spare' })
      await assets().create(system, b, { class: 'backup-system', name: 'NAS', activeFrom: '2026-05-01' })
      const counts = await assets().activeCounts('2026-06-01', [a, b, c])
      expect(Object.fromEntries(counts)).toEqual({
        [a]: { server: 2, workstation: 1 },
        [b]: { 'backup-system': 1 },
        [c]: {},
      })
      const everyone = await assets().activeCounts('2026-06-01')
      expect(everyone.get(a)).toEqual({ server: 2, workstation: 1 })
      expect(everyone.get(b)).toEqual({ 'backup-system': 1 })
      expect(everyone.has(c)).toBe(false)
      expect((await assets().activeCounts('2026-05-15', [a, b])).get(b)).toEqual({ 'backup-system': 1 })
      expect(await assets().activeCounts('2026-06-01', [])).toEqual(new Map())
    })

    it('answers for many customers with one statement, and agrees with counting each asset by hand', async () => {
      // 120 customers with 0–9 assets each, of random classes and periods (seeded, so a failure repeats).
      let seed = 42
      const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31
      const day = (n: number) => new Date(Date.UTC(2025, 0, 1) + n * 86_400_000).toISOString().slice(0, 10)
      const customerIds: string[] = []
      const truth: { customerId: string; cls: AssetClass; from: string; until: string | null }[] = []
      for (let i = 0; i < 120; i++) {
        const { id } = await make.customer(ctx.db)
        customerIds.push(id)
        for (let j = Math.floor(random() * 10); j > 0; j--) {
          const cls = ASSET_CLASSES[Math.floor(random() * ASSET_CLASSES.length)]!
          const from = day(Math.floor(random() * 600))
          const until = random() < 0.5 ? null : day(Math.floor(random() * 600) + 1)
          if (until !== null && until < from) {
            continue
          }
          ctx.clock.now = noon('2026-11-29')
          await assets().create(system, id, {
            class: cls,
            name: `a-${i}-${j}`,
            activeFrom: from,
            ...(until && { activeUntil: until }),
          })
          truth.push({ customerId: id, cls, from, until })
        }
      }
      let statements = 0
      const counter: KyselyPlugin = {
        transformQuery: (args) => {
          statements++
          return args.node
        },
        transformResult: async (args) => args.result,
      }
      const services = ctx.sladesk.services
      const counted = createAssetService({
        db: ctx.db.withPlugin(counter),
        audit: services.audit,
        settings: services.settings,
        customers: services.customers,
        now: () => ctx.clock.now,
      })
      for (const date of [day(0), day(150), day(300), day(450), day(599), day(700)]) {
        statements = 0
        const counts = await counted.activeCounts(date, customerIds)
        expect(statements).toBe(1)
        const expected = new Map<string, AssetCounts>(customerIds.map((id) => [id, {}]))
        for (const t of truth) {
          if (t.from <= date && (t.until === null || t.until > date)) {
            const entry = expected.get(t.customerId)!
            entry[t.cls] = (entry[t.cls] ?? 0) + 1
          }
        }
        expect(counts).toEqual(expected)
      }
    })

    it('refuses a date that is not one', async () => {
      await expect(assets().activeCounts('1-3-2026')).rejects.toMatchObject({ status: 400 })
    })
  })
}
