import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { LightMyRequestResponse } from 'fastify'
import { beforeAll, describe, expect, it } from 'vitest'
import { as, expectProblem, signIn, useApp, type Session } from '../../../test/support/app.js'
import { dialects } from '../../../test/support/databases.js'
import { make } from '../../../test/support/factories.js'
import { packageRoot } from '../../platform/paths.js'
import type { Asset, AssetPage, ImportResult, Site, Software } from './schema.js'

const fixture = (name: string) => readFileSync(join(packageRoot, 'test', 'fixtures', 'assets', name))
const noon = (date: string) => Date.parse(`${date}T12:00:00Z`)

type Who = 'admin' | 'technician' | 'billing' | 'own' | 'other' | 'anonymous'

for (const dialect of dialects) {
  describe(`assets [${dialect}]`, () => {
    const ctx = useApp(dialect)
    const sessions: Partial<Record<Who, Session>> = {}
    let customerId: string
    let otherCustomerId: string

    const call =
      (who: Who = 'admin') =>
      (method: string, url: string, payload?: object | string | Buffer, headers?: Record<string, string>) =>
        as(
          ctx.app,
          sessions[who],
        )({
          method,
          url,
          ...(payload !== undefined && { payload }),
          ...(headers && { headers }),
        })
    const staff = call('admin')

    async function create(body: object, customer = customerId, who: Who = 'admin'): Promise<Asset> {
      const res = await call(who)('POST', `/api/customers/${customer}/assets`, body)
      expect(res.statusCode, res.body).toBe(201)
      return res.json<Asset>()
    }
    async function get(id: string, who: Who = 'admin'): Promise<Asset> {
      const res = await call(who)('GET', `/api/assets/${id}`)
      expect(res.statusCode, res.body).toBe(200)
      return res.json<Asset>()
    }
    async function freshCustomer(): Promise<string> {
      return (await make.customer(ctx.db)).id
    }
    const importCsv = (customer: string, body: Buffer | string, query = 'mode=import', who: Who = 'admin') =>
      call(who)('POST', `/api/customers/${customer}/assets/import?${query}`, body, { 'content-type': 'text/csv' })

    beforeAll(async () => {
      ctx.clock.now = noon('2026-11-29')
      for (const role of ['admin', 'technician', 'billing'] as const) {
        sessions[role] = await signIn(ctx.app, (await make.user(ctx.db, { role })).email)
      }
      const own = await make.user(ctx.db, { role: 'contact' })
      customerId = own.customer_id!
      sessions.own = await signIn(ctx.app, own.email)
      const other = await make.user(ctx.db, { role: 'contact' })
      otherCustomerId = other.customer_id!
      sessions.other = await signIn(ctx.app, other.email)
    })

    describe('classes and their fields', () => {
      it('creates an asset of each class with its own fields', async () => {
        const server = await create({
          class: 'server',
          name: 'SRV-01',
          kind: 'virtual',
          os: 'Debian',
          osVersion: '12',
          role: 'Bestandsserver',
          warrantyEnd: '2028-01-31',
          memoryGb: 64,
          serial: 'VM-0001',
          remoteAccess: { kind: 'ssh', address: 'srv-01.klant.example', username: 'beheer' },
        })
        expect(server).toMatchObject({
          class: 'server',
          customerId,
          kind: 'virtual',
          os: 'Debian',
          osVersion: '12',
          role: 'Bestandsserver',
          cpu: null,
          memoryGb: 64,
          storageGb: null,
          status: 'active',
          activeFrom: '2026-11-29',
          activeUntil: null,
          retiredOn: null,
          protectedBy: [],
          warnings: [],
          remoteAccess: { kind: 'ssh', address: 'srv-01.klant.example', username: 'beheer' },
        })
        expect(await get(server.id)).toEqual(server)
        const bodies = [
          { class: 'workstation', name: 'PC-01', os: 'Windows 11', osVersion: '24H2', user: 'Anja' },
          { class: 'laptop', name: 'LT-01', user: 'Bram' },
          { class: 'network', name: 'FW-01', kind: 'firewall', make: 'OPNsense', firmware: '24.7', ip: '10.0.0.1' },
          { class: 'ups', name: 'UPS-01', monitoring: { kind: 'apcupsd', host: '10.0.0.5' } },
          {
            class: 'backup-system',
            name: 'NAS-01',
            software: 'synology',
            expectedJobs: [{ name: 'Nachtelijke back-up', schedule: 'daily' }],
          },
          { class: 'printer', name: 'PRN-01', ip: '10.0.0.20' },
          { class: 'other', name: 'Telefooncentrale', description: 'VoIP-centrale in de meterkast' },
        ]
        for (const body of bodies) {
          expect(await create(body)).toMatchObject(
            body.class === 'ups' ? { ...body, monitoring: { port: 3551 } } : body,
          )
        }
        const nas = (await staff('GET', `/api/customers/${customerId}/assets?class=backup-system`)).json<AssetPage>()
        expect(nas.items[0]).toMatchObject({
          kind: 'nas',
          expectedJobs: [{ name: 'Nachtelijke back-up', schedule: 'daily', host: null, graceHours: 0 }],
          protectedAssetIds: [],
        })
      })

      it.each([
        [{ class: 'spaceship', name: 'X' }, 'body.class'],
        [{ name: 'X' }, 'body.class'],
        [{ class: 'server', name: 'X', kind: 'cloud' }, 'body.kind'],
        [{ class: 'server', name: 'X', warrantyEnd: '2026-02-30' }, 'body.warrantyEnd'],
        [{ class: 'server', name: 'X', memoryGb: -4 }, 'body.memoryGb'],
        [{ class: 'server', name: '' }, 'body.name'],
        [{ class: 'network', name: 'X', ip: '10.0.0.256' }, 'body.ip'],
        [
          { class: 'ups', name: 'X', monitoring: { kind: 'nut', host: 'ups', port: 70_000, upsName: 'u' } },
          'body.monitoring.port',
        ],
        [{ class: 'ups', name: 'X', protectedAssetIds: ['not-a-uuid'] }, 'body.protectedAssetIds.0'],
        [{ class: 'backup-system', name: 'X', software: 'tape-robot' }, 'body.software'],
        [
          { class: 'backup-system', name: 'X', expectedJobs: [{ name: 'j', schedule: 'hourly' }] },
          'body.expectedJobs.0.schedule',
        ],
        [{ class: 'server', name: 'X', remoteAccess: { kind: 'teamviewer', address: 'x' } }, 'body.remoteAccess.kind'],
        [{ class: 'server', name: 'X', status: 'lost' }, 'body.status'],
      ])('refuses %j with 400 at %s', async (body, path) => {
        const problem = expectProblem(
          await staff('POST', `/api/customers/${customerId}/assets`, body),
          400,
          'validation_failed',
        )
        expect(problem.errors?.map((e) => e.path)).toContain(path)
      })

      it('refuses a field that belongs to another class', async () => {
        const problem = expectProblem(
          await staff('POST', `/api/customers/${customerId}/assets`, {
            class: 'server',
            name: 'X',
            batteryInstalledOn: '2024-01-01',
          }),
          400,
          'validation_failed',
        )
        expect(problem.detail).toMatch(/batteryInstalledOn/)
      })

      it('validates a change together with what is stored, and may correct the class', async () => {
        const server = await create({ class: 'server', name: 'SRV-CHG', kind: 'physical', os: 'Windows Server' })
        let problem = expectProblem(
          await staff('PATCH', `/api/assets/${server.id}`, { kind: 'switch' }),
          400,
          'validation_failed',
        )
        expect(problem.errors).toEqual([expect.objectContaining({ path: 'body.kind' })])
        problem = expectProblem(
          await staff('PATCH', `/api/assets/${server.id}`, { firmware: '1.0' }),
          400,
          'validation_failed',
        )
        expect(problem.detail).toMatch(/firmware/)
        expectProblem(await staff('PATCH', `/api/assets/${server.id}`, {}), 400, 'validation_failed')
        const res = await staff('PATCH', `/api/assets/${server.id}`, { class: 'workstation', user: 'Carla' })
        expect(res.statusCode, res.body).toBe(200)
        const pc = res.json<Asset>()
        expect(pc).toMatchObject({ class: 'workstation', os: 'Windows Server', user: 'Carla' })
        expect(pc).not.toHaveProperty('kind')
      })

      it('keeps serials unique per customer, whatever their case', async () => {
        const other = await freshCustomer()
        await create({ class: 'laptop', name: 'LT-S1', serial: 'ABC-123' }, other)
        await create({ class: 'laptop', name: 'LT-S1 elders', serial: 'ABC-123' })
        const problem = expectProblem(
          await staff('POST', `/api/customers/${other}/assets`, { class: 'laptop', name: 'LT-S2', serial: 'abc-123' }),
          409,
          'serial_taken',
        )
        expect(problem.errors).toEqual([expect.objectContaining({ path: 'body.serial' })])
        const twin = await create({ class: 'laptop', name: 'LT-S1', serial: null }, other)
        expect(twin.name).toBe('LT-S1')
      })
    })

    describe('secrets', () => {
      it('never returns the NUT password, keeps it across changes, and clears it on request', async () => {
        const secret = 'nut-wachtwoord-9f2c'
        const ups = await create({
          class: 'ups',
          name: 'UPS-NUT',
          make: 'Eaton',
          model: '5PX',
          monitoring: { kind: 'nut', host: '10.1.0.5', upsName: 'eaton', username: 'monuser', password: secret },
        })
        expect(ups).toMatchObject({
          monitoring: {
            kind: 'nut',
            host: '10.1.0.5',
            port: 3493,
            upsName: 'eaton',
            username: 'monuser',
            hasPassword: true,
          },
        })
        const responses: LightMyRequestResponse[] = [
          await staff('GET', `/api/assets/${ups.id}`),
          await staff('GET', `/api/customers/${customerId}/assets?status=all&limit=200`),
          await staff('GET', `/api/customers/${customerId}/assets.csv`),
          await staff('GET', `/api/audit?limit=200`),
          await call('own')('GET', `/api/assets/${ups.id}`),
        ]
        let res = await staff('PATCH', `/api/assets/${ups.id}`, {
          monitoring: { kind: 'nut', host: '10.1.0.6', upsName: 'eaton', username: 'monuser' },
        })
        responses.push(res)
        expect(res.json<Asset>()).toMatchObject({ monitoring: { host: '10.1.0.6', hasPassword: true } })
        for (const r of responses) {
          expect(r.statusCode, r.body).toBe(200)
          expect(r.body).not.toContain(secret)
        }
        const stored = await ctx.db
          .selectFrom('assets')
          .select('details')
          .where('id', '=', ups.id)
          .executeTakeFirstOrThrow()
        expect(JSON.parse(stored.details)).toMatchObject({ monitoring: { host: '10.1.0.6', password: secret } })
        const audit = await ctx.db.selectFrom('audit_log').select('diff').where('entity_id', '=', ups.id).execute()
        expect(audit.length).toBeGreaterThan(0)
        expect(JSON.stringify(audit)).not.toContain(secret)
        res = await staff('PATCH', `/api/assets/${ups.id}`, {
          monitoring: { kind: 'nut', host: '10.1.0.6', upsName: 'eaton', password: null },
        })
        expect(res.json<Asset>()).toMatchObject({ monitoring: { hasPassword: false, username: null } })
      })

      it("shows the customer's contact neither remote access nor monitoring", async () => {
        const ups = await create({
          class: 'ups',
          name: 'UPS-PORTAL',
          remoteAccess: { kind: 'meshcentral', address: 'https://mesh.msp.example/#node=abc' },
          monitoring: { kind: 'apcupsd', host: '10.2.0.5' },
        })
        const seen = await get(ups.id, 'own')
        expect(seen).toMatchObject({ name: 'UPS-PORTAL', remoteAccess: null, monitoring: null })
        const listed = (await call('own')('GET', `/api/customers/${customerId}/assets?q=ups-portal`)).json<AssetPage>()
        expect(listed.items).toEqual([seen])
        expect(JSON.stringify(listed)).not.toContain('mesh.msp.example')
      })
    })

    describe('relations', () => {
      it('links a UPS and a backup system to what they protect, and tells each asset who protects it', async () => {
        const server = await create({ class: 'server', name: 'SRV-REL' })
        const pc = await create({ class: 'workstation', name: 'PC-REL' })
        const ups = await create({ class: 'ups', name: 'UPS-REL', protectedAssetIds: [server.id, pc.id] })
        const nas = await create({ class: 'backup-system', name: 'NAS-REL', protectedAssetIds: [server.id] })
        expect(ups).toMatchObject({ protectedAssetIds: [server.id, pc.id] })
        expect((await get(server.id)).protectedBy).toEqual([
          { id: nas.id, name: 'NAS-REL', class: 'backup-system', kind: 'backup' },
          { id: ups.id, name: 'UPS-REL', class: 'ups', kind: 'power' },
        ])
        expect((await get(pc.id)).protectedBy).toEqual([{ id: ups.id, name: 'UPS-REL', class: 'ups', kind: 'power' }])
        const links = await ctx.db
          .selectFrom('asset_links')
          .select(['kind', 'from_asset_id', 'customer_id'])
          .where('to_asset_id', '=', server.id)
          .orderBy('kind')
          .execute()
        expect(links).toEqual([
          { kind: 'backup', from_asset_id: nas.id, customer_id: customerId },
          { kind: 'power', from_asset_id: ups.id, customer_id: customerId },
        ])
        const res = await staff('PATCH', `/api/assets/${ups.id}`, { protectedAssetIds: [pc.id] })
        expect(res.json<Asset>()).toMatchObject({ protectedAssetIds: [pc.id] })
        expect((await get(server.id)).protectedBy.map((p) => p.kind)).toEqual(['backup'])
        // Retiring a protector unlinks it.
        await staff('DELETE', `/api/assets/${nas.id}`)
        expect((await get(server.id)).protectedBy).toEqual([])
      })

      it('refuses links to another customer, to a missing asset and to itself', async () => {
        const foreign = await create({ class: 'server', name: 'SRV-ANDER' }, otherCustomerId)
        const ups = await create({ class: 'ups', name: 'UPS-GRENS' })
        for (const target of [foreign.id, randomUUID()]) {
          const problem = expectProblem(
            await staff('POST', `/api/customers/${customerId}/assets`, {
              class: 'ups',
              name: 'UPS-X',
              protectedAssetIds: [target],
            }),
            400,
            'invalid_link',
          )
          expect(problem.errors).toEqual([
            { path: 'body.protectedAssetIds.0', message: 'not an asset of this customer' },
          ])
          expectProblem(
            await staff('PATCH', `/api/assets/${ups.id}`, { protectedAssetIds: [target] }),
            400,
            'invalid_link',
          )
        }
        expectProblem(
          await staff('PATCH', `/api/assets/${ups.id}`, { protectedAssetIds: [ups.id] }),
          400,
          'invalid_link',
        )
        expect(await get(ups.id)).toMatchObject({ protectedAssetIds: [] })
        expect((await get(foreign.id)).protectedBy).toEqual([])
      })
    })

    describe('warnings', () => {
      it("warns about warranty and batteries at the edges, in the MSP time zone and the reader's language", async () => {
        ctx.clock.now = noon('2026-11-29')
        const at = async (warrantyEnd: string) =>
          (await create({ class: 'workstation', name: `PC-W-${warrantyEnd}`, warrantyEnd })).warnings
        expect(await at('2026-11-28')).toEqual([
          { code: 'warranty_expired', date: '2026-11-28', message: 'Garantie verlopen op 28-11-2026' },
        ])
        expect(await at('2026-11-29')).toMatchObject([{ code: 'warranty_expiring', date: '2026-11-29' }])
        expect(await at('2027-02-27')).toMatchObject([{ code: 'warranty_expiring', date: '2027-02-27' }])
        expect(await at('2027-02-28')).toEqual([])

        const edge = await create({ class: 'laptop', name: 'LT-TZ', warrantyEnd: '2026-11-30' })
        // 23:30 UTC on 30 November is already 1 December in Amsterdam: the warranty has ended there.
        ctx.clock.now = Date.parse('2026-11-30T23:30:00Z')
        expect((await get(edge.id)).warnings).toMatchObject([{ code: 'warranty_expired', date: '2026-11-30' }])
        ctx.clock.now = Date.parse('2026-11-30T22:30:00Z')
        expect((await get(edge.id)).warnings).toMatchObject([{ code: 'warranty_expiring' }])
        ctx.clock.now = noon('2026-11-29')

        const old = await create({ class: 'ups', name: 'UPS-OUD', batteryInstalledOn: '2022-11-29' })
        const young = await create({ class: 'ups', name: 'UPS-JONG', batteryInstalledOn: '2022-11-30' })
        expect(old.warnings).toEqual([
          { code: 'battery_old', date: '2026-11-29', message: 'UPS-accu is sinds 29-11-2026 ouder dan 4 jaar' },
        ])
        expect(young.warnings).toEqual([])

        expectProblem(await staff('PATCH', '/api/assets-config', { batteryMaxAgeYears: 6 }), 400, 'validation_failed')
        expectProblem(
          await call('technician')('PATCH', '/api/assets-config', { batteryMaxAgeYears: 5 }),
          403,
          'role_required',
        )
        expectProblem(await call('own')('GET', '/api/assets-config'), 404, 'not_found')
        expect((await staff('GET', '/api/assets-config')).json()).toEqual({ batteryMaxAgeYears: 4 })
        expect((await staff('PATCH', '/api/assets-config', { batteryMaxAgeYears: 5 })).json()).toEqual({
          batteryMaxAgeYears: 5,
        })
        expect((await get(old.id)).warnings).toEqual([])
        await staff('PATCH', '/api/assets-config', { batteryMaxAgeYears: 3 })
        expect((await get(young.id)).warnings).toMatchObject([{ code: 'battery_old', date: '2025-11-30' }])
        await staff('PATCH', '/api/assets-config', { batteryMaxAgeYears: 4 })
      })
    })

    describe('retiring', () => {
      it('retires instead of deleting, keeps the asset visible with status=all, and can bring it back', async () => {
        const customer = await freshCustomer()
        ctx.clock.now = noon('2026-01-05')
        const pc = await create({ class: 'workstation', name: 'PC-OUD', warrantyEnd: '2020-01-01' }, customer)
        ctx.clock.now = noon('2026-11-29')
        const res = await staff('DELETE', `/api/assets/${pc.id}`)
        expect(res.statusCode, res.body).toBe(200)
        expect(res.json()).toMatchObject({
          id: pc.id,
          status: 'retired',
          retiredOn: '2026-11-29',
          activeFrom: '2026-01-05',
          activeUntil: '2026-11-29',
          warnings: [],
        })
        expect((await staff('DELETE', `/api/assets/${pc.id}`)).json()).toMatchObject({ retiredOn: '2026-11-29' })
        const list = async (q = '') => (await staff('GET', `/api/customers/${customer}/assets${q}`)).json<AssetPage>()
        expect((await list()).items).toEqual([])
        expect((await list('?status=all')).items.map((a) => a.id)).toEqual([pc.id])
        expect((await list('?status=retired')).items.map((a) => a.id)).toEqual([pc.id])
        expect((await list()).counts.byStatus).toEqual({ active: 0, spare: 0, retired: 1 })
        const actions = await ctx.db
          .selectFrom('audit_log')
          .select('action')
          .where('entity_id', '=', pc.id)
          .orderBy('id')
          .execute()
        expect(actions.map((a) => a.action)).toEqual(['asset.created', 'asset.retired'])
        expect((await ctx.sladesk.services.assets.activeCounts('2026-11-28', [customer])).get(customer)).toEqual({
          workstation: 1,
        })
        ctx.clock.now = noon('2026-12-10')
        const back = (await staff('PATCH', `/api/assets/${pc.id}`, { status: 'active' })).json<Asset>()
        expect(back).toMatchObject({ status: 'active', retiredOn: null, activeFrom: '2026-12-10', activeUntil: null })
        expect((await ctx.sladesk.services.assets.activeCounts('2026-12-01', [customer])).get(customer)).toEqual({})
        ctx.clock.now = noon('2026-11-29')
      })
    })

    describe('lists', () => {
      it('pages by name with a keyset cursor, counts over all assets, and filters', async () => {
        const customer = await freshCustomer()
        const site = (await staff('POST', `/api/customers/${customer}/sites`, { name: 'Magazijn' })).json<Site>()
        const names = ['bravo', 'Alfa', 'delta', 'Charlie', 'echo', 'Foxtrot', 'golf']
        for (const [i, name] of names.entries()) {
          await create(
            {
              class: i % 2 === 0 ? 'workstation' : 'laptop',
              name,
              serial: `SN-${i}`,
              os: i === 3 ? 'Ubuntu 24.04' : 'Windows 11',
              siteId: i < 2 ? site.id : null,
              status: i === 6 ? 'spare' : 'active',
              notes: i === 4 ? 'Toetsenbord 100% kapot_' : null,
            },
            customer,
          )
        }
        await create({ class: 'server', name: 'Hotel', status: 'retired' }, customer)
        const seen: string[] = []
        let url = `/api/customers/${customer}/assets?limit=3`
        for (let page = 0; page < 5; page++) {
          const body = (await staff('GET', url)).json<AssetPage>()
          expect(body.counts).toEqual({
            byClass: {
              server: 0,
              workstation: 4,
              laptop: 3,
              network: 0,
              ups: 0,
              'backup-system': 0,
              printer: 0,
              other: 0,
            },
            byStatus: { active: 6, spare: 1, retired: 1 },
          })
          seen.push(...body.items.map((a) => a.name))
          if (!body.nextCursor) {
            break
          }
          url = `/api/customers/${customer}/assets?limit=3&cursor=${body.nextCursor}`
        }
        expect(seen).toEqual(['Alfa', 'bravo', 'Charlie', 'delta', 'echo', 'Foxtrot', 'golf'])
        const names_ = async (q: string) =>
          (await staff('GET', `/api/customers/${customer}/assets?${q}`)).json<AssetPage>().items.map((a) => a.name)
        expect(await names_('class=laptop')).toEqual(['Alfa', 'Charlie', 'Foxtrot'])
        expect(await names_(`siteId=${site.id}`)).toEqual(['Alfa', 'bravo'])
        expect(await names_('q=sn-5')).toEqual(['Foxtrot'])
        expect(await names_('q=UBUNTU')).toEqual(['Charlie'])
        expect(await names_('q=100%25 kapot_')).toEqual(['echo'])
        expect(await names_('q=%25')).toEqual(['echo'])
        expect(await names_('status=spare')).toEqual(['golf'])
        expect(await names_('status=all&q=hotel')).toEqual(['Hotel'])
        expectProblem(await staff('GET', `/api/customers/${customer}/assets?cursor=bm9wZQ`), 400, 'invalid_cursor')
        expectProblem(await staff('GET', `/api/customers/${customer}/assets?status=gone`), 400, 'validation_failed')
        expectProblem(await staff('GET', `/api/customers/${randomUUID()}/assets`), 404, 'customer_not_found')
      })
    })

    describe('sites', () => {
      it("keeps a customer's locations, one per name, and refuses to delete one that is in use", async () => {
        const customer = await freshCustomer()
        const res = await staff('POST', `/api/customers/${customer}/sites`, {
          name: 'Hoofdkantoor',
          address: 'Markt 1, Zwolle',
        })
        expect(res.statusCode, res.body).toBe(201)
        const site = res.json<Site>()
        expect(site).toMatchObject({ name: 'Hoofdkantoor', address: 'Markt 1, Zwolle', assetCount: 0 })
        expectProblem(
          await staff('POST', `/api/customers/${customer}/sites`, { name: 'HOOFDKANTOOR' }),
          409,
          'site_name_taken',
        )
        const foreignSite = (
          await staff('POST', `/api/customers/${otherCustomerId}/sites`, { name: `Elders ${randomUUID()}` })
        ).json<Site>()
        const problem = expectProblem(
          await staff('POST', `/api/customers/${customer}/assets`, {
            class: 'printer',
            name: 'P',
            siteId: foreignSite.id,
          }),
          400,
          'invalid_site',
        )
        expect(problem.errors).toEqual([{ path: 'body.siteId', message: 'not a site of this customer' }])
        const printer = await create({ class: 'printer', name: 'PRN-HK', siteId: site.id }, customer)
        expect(printer).toMatchObject({ siteId: site.id, siteName: 'Hoofdkantoor' })
        const patched = await staff('PATCH', `/api/sites/${site.id}`, { name: 'Kantoor Zwolle' })
        expect(patched.json()).toMatchObject({ name: 'Kantoor Zwolle', assetCount: 1 })
        expect((await get(printer.id)).siteName).toBe('Kantoor Zwolle')
        const listed = (await staff('GET', `/api/customers/${customer}/sites`)).json<{ items: Site[] }>()
        expect(listed.items).toEqual([expect.objectContaining({ id: site.id, assetCount: 1 })])
        expect(expectProblem(await staff('DELETE', `/api/sites/${site.id}`), 409, 'site_in_use')).toMatchObject({
          assetCount: 1,
        })
        await staff('DELETE', `/api/assets/${printer.id}`)
        expect((await staff('DELETE', `/api/sites/${site.id}`)).statusCode).toBe(204)
        expect((await get(printer.id)).siteId).toBeNull()
        expect((await staff('GET', `/api/customers/${customer}/sites`)).json()).toEqual({ items: [] })
        expectProblem(await staff('PATCH', `/api/sites/${site.id}`, { name: 'Weg' }), 404, 'site_not_found')
      })
    })

    describe('installed software', () => {
      it('lists, adds, changes and removes software per asset', async () => {
        const server = await create({ class: 'server', name: 'SRV-SW' })
        let res = await staff('POST', `/api/assets/${server.id}/software`, {
          product: 'Microsoft 365 Apps',
          vendor: 'Microsoft',
          version: '2408',
          licence: 'Microsoft 365 E3',
          installedOn: '2024-09-01',
        })
        expect(res.statusCode, res.body).toBe(201)
        const sw = res.json<Software>()
        expect(sw).toMatchObject({ assetId: server.id, customerId, licence: 'Microsoft 365 E3' })
        await staff('POST', `/api/assets/${server.id}/software`, { product: 'Adobe Acrobat Reader' })
        res = await staff('PATCH', `/api/asset-software/${sw.id}`, { version: '2410', installedOn: null })
        expect(res.json()).toMatchObject({ version: '2410', installedOn: null, product: 'Microsoft 365 Apps' })
        const own = (await call('own')('GET', `/api/assets/${server.id}/software`)).json<{ items: Software[] }>()
        expect(own.items.map((s) => s.product)).toEqual(['Adobe Acrobat Reader', 'Microsoft 365 Apps'])
        expectProblem(
          await staff('POST', `/api/assets/${server.id}/software`, { product: '' }),
          400,
          'validation_failed',
        )
        expect((await staff('DELETE', `/api/asset-software/${sw.id}`)).statusCode).toBe(204)
        expectProblem(await staff('DELETE', `/api/asset-software/${sw.id}`), 404, 'asset_software_not_found')
        const rows = await ctx.db
          .selectFrom('asset_software')
          .select('product')
          .where('asset_id', '=', server.id)
          .execute()
        expect(rows).toEqual([{ product: 'Adobe Acrobat Reader' }])
      })
    })

    describe('who may do what', () => {
      let world: { assetId: string; siteId: string; softwareId: string }
      beforeAll(async () => {
        const asset = await create({ class: 'server', name: 'SRV-ACCESS', serial: 'ACC-1' })
        const site = (await staff('POST', `/api/customers/${customerId}/sites`, { name: 'Toegang' })).json<Site>()
        const software = (
          await staff('POST', `/api/assets/${asset.id}/software`, { product: 'Veeam Agent' })
        ).json<Software>()
        world = { assetId: asset.id, siteId: site.id, softwareId: software.id }
      })

      type Case = [string, string, (w: typeof world) => string, object | undefined]
      const reads: Case[] = [
        ['GET', '/api/customers/:id/assets', () => `/api/customers/${customerId}/assets`, undefined],
        ['GET', '/api/customers/:id/assets.csv', () => `/api/customers/${customerId}/assets.csv`, undefined],
        ['GET', '/api/assets/:id', (w) => `/api/assets/${w.assetId}`, undefined],
        ['GET', '/api/assets/:id/software', (w) => `/api/assets/${w.assetId}/software`, undefined],
        ['GET', '/api/customers/:id/sites', () => `/api/customers/${customerId}/sites`, undefined],
      ]
      const writes: Case[] = [
        [
          'POST',
          '/api/customers/:id/assets',
          () => `/api/customers/${customerId}/assets`,
          { class: 'other', name: 'Nieuw' },
        ],
        ['PATCH', '/api/assets/:id', (w) => `/api/assets/${w.assetId}`, { notes: 'gewijzigd' }],
        ['POST', '/api/assets/:id/software', (w) => `/api/assets/${w.assetId}/software`, { product: 'Firefox' }],
        ['PATCH', '/api/asset-software/:id', (w) => `/api/asset-software/${w.softwareId}`, { version: '2' }],
        [
          'POST',
          '/api/customers/:id/sites',
          () => `/api/customers/${customerId}/sites`,
          { name: `Site ${randomUUID()}` },
        ],
        ['PATCH', '/api/sites/:id', (w) => `/api/sites/${w.siteId}`, { address: 'Dorpsstraat 2' }],
      ]

      async function fingerprint(): Promise<string> {
        return JSON.stringify([
          await ctx.db.selectFrom('assets').selectAll().where('customer_id', '=', customerId).orderBy('id').execute(),
          await ctx.db.selectFrom('sites').selectAll().where('customer_id', '=', customerId).orderBy('id').execute(),
          await ctx.db
            .selectFrom('asset_software')
            .selectAll()
            .where('customer_id', '=', customerId)
            .orderBy('id')
            .execute(),
        ])
      }

      it.each(reads)(
        '%s %s: staff of every role and the own contact read; another contact gets 404',
        async (method, _p, url) => {
          for (const who of ['admin', 'technician', 'billing', 'own'] as const) {
            const res = await call(who)(method, url(world))
            expect(res.statusCode, `${who} ${res.body}`).toBe(200)
          }
          const stranger = await call('other')(method, url(world))
          expect(stranger.statusCode).toBe(404)
          expect(stranger.headers['content-type']).toMatch(/^application\/problem\+json/)
          expect(stranger.body).not.toContain('SRV-ACCESS')
          expectProblem(await call('anonymous')(method, url(world)), 401, 'unauthenticated')
        },
      )

      it.each(writes)('%s %s: only admins and technicians write', async (method, _p, url, body) => {
        const before = await fingerprint()
        expectProblem(await call('billing')(method, url(world), body), 403, 'role_required')
        expectProblem(await call('own')(method, url(world), body), 404, 'not_found')
        expectProblem(await call('other')(method, url(world), body), 404, 'not_found')
        expectProblem(await call('anonymous')(method, url(world), body), 401, 'unauthenticated')
        expect(await fingerprint()).toBe(before)
        const res = await call('technician')(method, url(world), body)
        expect(res.statusCode, res.body).toBe(method === 'POST' ? 201 : 200)
      })

      it('lets only staff retire, delete sites and software, and import', async () => {
        const before = await fingerprint()
        for (const who of ['own', 'other'] as const) {
          expectProblem(await call(who)('DELETE', `/api/assets/${world.assetId}`), 404, 'not_found')
          expectProblem(await call(who)('DELETE', `/api/sites/${world.siteId}`), 404, 'not_found')
          expectProblem(await call(who)('DELETE', `/api/asset-software/${world.softwareId}`), 404, 'not_found')
          expectProblem(await importCsv(customerId, 'name,class\nX,server\n', 'mode=import', who), 404, 'not_found')
          expectProblem(
            await call(who)('POST', `/api/customers/${customerId}/assets/import?mode=import`, { name: 'x' }),
            404,
            'not_found',
          )
        }
        expectProblem(await call('billing')('DELETE', `/api/assets/${world.assetId}`), 403, 'role_required')
        expectProblem(
          await importCsv(customerId, 'name,class\nX,server\n', 'mode=import', 'billing'),
          403,
          'role_required',
        )
        expectProblem(
          await importCsv(customerId, 'name,class\nX,server\n', 'mode=import', 'anonymous'),
          401,
          'unauthenticated',
        )
        expect(await fingerprint()).toBe(before)
      })

      it("cannot tell another customer's asset, site or software from a missing one", async () => {
        const missing = randomUUID()
        for (const [url, fake] of [
          [`/api/assets/${world.assetId}`, `/api/assets/${missing}`],
          [`/api/assets/${world.assetId}/software`, `/api/assets/${missing}/software`],
          [`/api/customers/${customerId}/assets`, `/api/customers/${missing}/assets`],
          [`/api/customers/${customerId}/sites`, `/api/customers/${missing}/sites`],
        ] as const) {
          const real = await call('other')('GET', url)
          const fakeRes = await call('other')('GET', fake)
          expect(real.statusCode).toBe(404)
          const hide = (body: string) =>
            body.replaceAll(world.assetId, '<id>').replaceAll(customerId, '<id>').replaceAll(missing, '<id>')
          expect(hide(real.body)).toBe(hide(fakeRes.body))
        }
      })

      it('keeps a contact to its own customer even when it names another', async () => {
        const res = await call('own')('GET', `/api/customers/${otherCustomerId}/assets`)
        expectProblem(res, 404, 'customer_not_found')
      })
    })

    it('documents every route in the OpenAPI document, the classes as one schema per class', async () => {
      const doc = (await ctx.app.inject({ method: 'GET', url: '/api/openapi.json' })).json<{
        paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: unknown }> } }>>
      }>()
      const expected: Record<string, string[]> = {
        '/api/customers/{id}/assets': ['get', 'post'],
        '/api/customers/{id}/assets.csv': ['get'],
        '/api/customers/{id}/assets/import': ['post'],
        '/api/assets/{id}': ['get', 'patch', 'delete'],
        '/api/assets/{id}/software': ['get', 'post'],
        '/api/asset-software/{id}': ['patch', 'delete'],
        '/api/customers/{id}/sites': ['get', 'post'],
        '/api/sites/{id}': ['patch', 'delete'],
        '/api/assets-config': ['get', 'patch'],
      }
      for (const [path, methods] of Object.entries(expected)) {
        expect(Object.keys(doc.paths[path] ?? {}).sort(), path).toEqual([...methods].sort())
      }
      const create = JSON.stringify(doc.paths['/api/customers/{id}/assets']!.post!.requestBody!.content)
      for (const word of ['batteryInstalledOn', 'expectedJobs', 'protectedAssetIds', 'osVersion', 'firmware']) {
        expect(create).toContain(word)
      }
    })

    describe('CSV import and export', () => {
      const countAssets = async (customer: string) =>
        Number(
          (
            await ctx.db
              .selectFrom('assets')
              .select((eb) => eb.fn.countAll().as('n'))
              .where('customer_id', '=', customer)
              .executeTakeFirstOrThrow()
          ).n,
        )
      const importAudits = async (customer: string) =>
        ctx.db
          .selectFrom('audit_log')
          .select('diff')
          .where('customer_id', '=', customer)
          .where('action', '=', 'asset.imported')
          .execute()

      it('dry-runs a Dutch Excel export without writing, then imports it in one audited transaction', async () => {
        const customer = await freshCustomer()
        let res = await importCsv(customer, fixture('dutch-excel.csv'), 'mode=dry-run')
        expect(res.statusCode, res.body).toBe(200)
        const dry = res.json<ImportResult>()
        expect(dry).toMatchObject({ mode: 'dry-run', rows: 7, valid: 7, invalid: 0, created: 0, errors: [] })
        expect(dry.sitesCreated).toEqual(['Hoofdkantoor', 'Filiaal Zwolle'])
        expect(dry.warnings).toEqual(expect.arrayContaining([expect.objectContaining({ column: 'Kostenplaats' })]))
        expect(await countAssets(customer)).toBe(0)
        expect((await staff('GET', `/api/customers/${customer}/sites`)).json()).toEqual({ items: [] })

        res = await importCsv(customer, fixture('dutch-excel.csv'))
        expect(res.statusCode, res.body).toBe(200)
        expect(res.json()).toMatchObject({ mode: 'import', rows: 7, valid: 7, created: 7 })
        const page = (await staff('GET', `/api/customers/${customer}/assets`)).json<AssetPage>()
        expect(page.items.map((a) => [a.name, a.class, a.siteName])).toEqual([
          ['NAS-01', 'backup-system', 'Hoofdkantoor'],
          ['PC-01', 'workstation', 'Hoofdkantoor'],
          ['PC-02', 'workstation', 'Filiaal Zwolle'],
          ['PRN-01', 'printer', 'Filiaal Zwolle'],
          ['SRV-01', 'server', 'Hoofdkantoor'],
          ['SW-01', 'network', 'Hoofdkantoor'],
          ['UPS-01', 'ups', 'Hoofdkantoor'],
        ])
        const ups = page.items.find((a) => a.name === 'UPS-01')!
        expect(ups.warnings).toMatchObject([{ code: 'battery_old', date: '2026-06-01' }])
        const sites = (await staff('GET', `/api/customers/${customer}/sites`)).json<{ items: Site[] }>()
        expect(sites.items.map((s) => [s.name, s.assetCount])).toEqual([
          ['Filiaal Zwolle', 2],
          ['Hoofdkantoor', 5],
        ])
        const audits = await importAudits(customer)
        expect(audits).toHaveLength(1)
        expect(JSON.parse(audits[0]!.diff!)).toMatchObject({ created: [null, 7], rows: [null, 7] })
        expect(
          await ctx.db
            .selectFrom('audit_log')
            .select('id')
            .where('customer_id', '=', customer)
            .where('action', '=', 'asset.created')
            .execute(),
        ).toEqual([])

        // The same file again: every serial is taken now.
        const again = (await importCsv(customer, fixture('dutch-excel.csv'), 'mode=dry-run')).json<ImportResult>()
        expect(again).toMatchObject({ valid: 2, invalid: 5, sitesCreated: [] })
        expect(again.errors.map((e) => e.row)).toEqual([2, 5, 6, 9, 11])
      })

      it('imports nothing when a row is bad, names the rows, and imports the rest only when asked', async () => {
        const customer = await freshCustomer()
        let res = await importCsv(customer, fixture('two-bad-rows.csv'))
        const problem = expectProblem(res, 422, 'import_rows_invalid')
        expect(problem).toMatchObject({ rows: 5, valid: 3, invalid: 2, created: 0 })
        expect((problem.errors as unknown as { row: number; column: string }[]).map((e) => [e.row, e.column])).toEqual([
          [4, 'purchase date'],
          [6, 'class'],
        ])
        expect(await countAssets(customer)).toBe(0)
        expect(await importAudits(customer)).toEqual([])

        res = await importCsv(customer, fixture('two-bad-rows.csv'), 'mode=import&validRowsOnly=true')
        expect(res.statusCode, res.body).toBe(200)
        expect(res.json()).toMatchObject({ rows: 5, valid: 3, invalid: 2, created: 3 })
        expect(res.json<ImportResult>().errors.map((e) => e.row)).toEqual([4, 6])
        const names = (await staff('GET', `/api/customers/${customer}/assets`))
          .json<AssetPage>()
          .items.map((a) => a.name)
        expect(names).toEqual(['PC-11', 'PC-13', 'SRV-10'])
        expect(
          (await get((await staff('GET', `/api/customers/${customer}/assets?q=srv-10`)).json<AssetPage>().items[0]!.id))
            .notes,
        ).toBe('first line\nsecond line')
        expect(JSON.parse((await importAudits(customer))[0]!.diff!)).toMatchObject({
          created: [null, 3],
          invalid: [null, 2],
        })
      })

      it('reads Windows-1252 files', async () => {
        const customer = await freshCustomer()
        const res = await importCsv(customer, fixture('windows-1252.csv'))
        expect(res.statusCode, res.body).toBe(200)
        const items = (await staff('GET', `/api/customers/${customer}/assets`)).json<AssetPage>().items
        expect(items.map((a) => [a.name, a.siteName, a.notes])).toEqual([
          ['Laptop Zoë', 'Café De Kroon', null],
          ['PC-Renée', 'Café De Kroon', 'Scherm € 200 vervangen'],
        ])
      })

      it('refuses what is not a CSV asset list with a clear 4xx', async () => {
        const customer = await freshCustomer()
        expectProblem(await importCsv(customer, 'naam;serienummer\nPC;1\n'), 400, 'csv_invalid')
        expectProblem(await importCsv(customer, Buffer.alloc(0)), 400, 'empty_upload')
        expectProblem(
          await staff('POST', `/api/customers/${customer}/assets/import?mode=import`, { name: 'x' }),
          415,
          'unsupported_media_type',
        )
        expectProblem(await importCsv(customer, 'name,class\nA,server\n', 'mode=maybe'), 400, 'validation_failed')
        const big = Buffer.alloc(5 * 1024 * 1024 + 10, 'a')
        expectProblem(await importCsv(customer, big), 413, 'body_too_large')
        expectProblem(await importCsv(randomUUID(), 'name,class\nA,server\n'), 404, 'customer_not_found')
        expect(await countAssets(customer)).toBe(0)
      })

      it('exports a CSV that imports back unchanged into another customer', async () => {
        const source = await freshCustomer()
        expect((await importCsv(source, fixture('dutch-excel.csv'))).statusCode).toBe(200)
        const extra = await create(
          { class: 'server', name: 'VM, "test"', kind: 'virtual', memoryGb: 16, notes: '=SUM(A1)', status: 'spare' },
          source,
        )
        await staff(
          'DELETE',
          `/api/assets/${(await staff('GET', `/api/customers/${source}/assets?q=prn-01`)).json<AssetPage>().items[0]!.id}`,
        )
        const res = await staff('GET', `/api/customers/${source}/assets.csv`)
        expect(res.statusCode).toBe(200)
        expect(res.headers['content-type']).toBe('text/csv; charset=utf-8')
        expect(res.headers['content-disposition']).toMatch(/^attachment; filename="?assets-[\w-]+-2026-11-29\.csv"?$/)
        expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]))
        const exported = res.rawPayload
        expect(exported.toString('utf8')).toContain('\r\n')
        expect(exported.toString('utf8').split('\r\n')[0]).toBe(
          '\uFEFFname,class,kind,site,serial,make,model,purchase date,warranty end,status,active from,active until,os,os version,role,user,cpu,memory gb,storage gb,firmware,ip,capacity va,battery installed,software,description,notes',
        )
        expect(exported.toString('utf8')).toContain(`'=SUM(A1)`)

        // Into the same customer every serial is taken; into another one the file is clean.
        expect((await importCsv(source, exported, 'mode=dry-run')).json<ImportResult>().invalid).toBe(5)
        const target = await freshCustomer()
        const dry = (await importCsv(target, exported, 'mode=dry-run')).json<ImportResult>()
        expect(dry).toMatchObject({ rows: 8, valid: 8, invalid: 0, errors: [] })
        expect(dry.warnings.filter((w) => w.column !== 'site')).toEqual([])
        expect((await importCsv(target, exported)).json()).toMatchObject({ created: 8 })
        const back = await staff('GET', `/api/customers/${target}/assets.csv`)
        expect(back.body).toBe(res.body)
        const copy = (
          await staff('GET', `/api/customers/${target}/assets?q=${encodeURIComponent('vm, "test"')}`)
        ).json<AssetPage>()
        expect(copy.items[0]).toMatchObject({
          kind: 'virtual',
          memoryGb: 16,
          notes: '=SUM(A1)',
          status: 'spare',
          activeFrom: extra.activeFrom,
        })
      })
    })
  })
}
