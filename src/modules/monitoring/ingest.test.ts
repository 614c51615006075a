import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { LightMyRequestResponse } from 'fastify'
import { beforeAll, describe, expect, it } from 'vitest'
import { as, expectProblem, signIn, useApp, type Session } from '../../../test/support/app.js'
import { dialects } from '../../../test/support/databases.js'
import { make } from '../../../test/support/factories.js'
import { rawMail } from '../../../test/support/mail.js'
import type {
  IngestResult,
  IngestToken,
  IngestTokenCreated,
  ReportDetail,
  ReportPage,
  UnparsedReportPage,
} from './schema.js'

const FIXTURES = join(import.meta.dirname, '../../../test/fixtures/monitoring')
const fixture = (path: string) => readFileSync(join(FIXTURES, path))
const LIMIT = 64 * 1024
const NOV_29_NOON = Date.UTC(2026, 10, 29, 12, 0, 0)
const NOV_30_NOON = Date.UTC(2026, 10, 30, 12, 0, 0)

for (const dialect of dialects) {
  describe(`monitoring ingest [${dialect}]`, () => {
    const ctx = useApp(dialect, { ingestMaxBytes: LIMIT })
    let admin: Session
    let tech: Session
    let billing: Session
    let portalA: Session
    let portalB: Session
    let customerA: string
    let customerB: string
    let tokenA: string

    beforeAll(async () => {
      ctx.clock.now = NOV_29_NOON
      const contactA = await make.user(ctx.db, { role: 'contact' })
      const contactB = await make.user(ctx.db, { role: 'contact' })
      customerA = contactA.customer_id!
      customerB = contactB.customer_id!
      admin = await signIn(ctx.app, (await make.user(ctx.db, { role: 'admin' })).email)
      tech = await signIn(ctx.app, (await make.user(ctx.db, { role: 'technician' })).email)
      billing = await signIn(ctx.app, (await make.user(ctx.db, { role: 'billing' })).email)
      portalA = await signIn(ctx.app, contactA.email)
      portalB = await signIn(ctx.app, contactB.email)
      tokenA = (await newToken(customerA, 'nas-01 restic')).token
    })

    async function newToken(customerId: string, name: string): Promise<IngestTokenCreated> {
      const res = await as(
        ctx.app,
        tech,
      )({
        method: 'POST',
        url: `/api/customers/${customerId}/ingest-tokens`,
        payload: { name },
      })
      expect(res.statusCode, res.body).toBe(201)
      return res.json<IngestTokenCreated>()
    }

    function send(
      kind: 'backup' | 'ups',
      body: Buffer | string,
      query: Record<string, string> = {},
      { token = tokenA, contentType = 'text/plain' }: { token?: string | null; contentType?: string | null } = {},
    ): Promise<LightMyRequestResponse> {
      return ctx.app.inject({
        method: 'POST',
        url: `/api/ingest/${kind}`,
        query,
        payload: body,
        headers: {
          ...(contentType !== null && { 'content-type': contentType }),
          ...(token !== null && { authorization: `Bearer ${token}` }),
        },
      })
    }

    async function accepted(res: LightMyRequestResponse): Promise<IngestResult> {
      expect(res.statusCode, res.body).toBe(202)
      return res.json<IngestResult>()
    }

    const reportCount = async (customerId: string) =>
      Number(
        (
          await ctx.db
            .selectFrom('monitoring_reports')
            .select((eb) => eb.fn.countAll<number | string>().as('n'))
            .where('customer_id', '=', customerId)
            .executeTakeFirstOrThrow()
        ).n,
      )

    it('documents its routes in the OpenAPI document', async () => {
      const doc = (await ctx.app.inject({ method: 'GET', url: '/api/openapi.json' })).json<{
        paths: Record<string, Record<string, unknown>>
      }>()
      for (const [path, method] of [
        ['/api/customers/{id}/ingest-tokens', 'post'],
        ['/api/customers/{id}/ingest-tokens', 'get'],
        ['/api/ingest-tokens/{id}', 'delete'],
        ['/api/ingest/backup', 'post'],
        ['/api/ingest/ups', 'post'],
        ['/api/customers/{id}/reports', 'get'],
        ['/api/reports/{id}', 'get'],
        ['/api/reports/{id}/raw', 'get'],
        ['/api/reports/{id}/reparse', 'post'],
        ['/api/monitoring/reports/unparsed', 'get'],
      ] as const) {
        expect(doc.paths[path], `${method} ${path}`).toHaveProperty([method])
      }
    })

    describe('ingest tokens', () => {
      it('creates a token once shown, lists it without the secret, and refuses it after revoking', async () => {
        const created = await newToken(customerA, 'kantoor-ups')
        expect(created.token).toMatch(/^sli_[\w-]{40,}$/)
        expect(created).toMatchObject({ name: 'kantoor-ups', customerId: customerA, createdAt: NOV_29_NOON })
        const stored = await ctx.db
          .selectFrom('ingest_tokens')
          .selectAll()
          .where('id', '=', created.id)
          .executeTakeFirstOrThrow()
        expect(stored.token_hash).not.toContain(created.token)
        expect(stored.token_hash).toMatch(/^[0-9a-f]{64}$/)

        ctx.clock.now = NOV_29_NOON + 5_000
        await accepted(await send('ups', 'unreadable ups text 1', {}, { token: created.token }))

        const list = await as(ctx.app, billing)({ method: 'GET', url: `/api/customers/${customerA}/ingest-tokens` })
        expect(list.statusCode, list.body).toBe(200)
        const item = list.json<{ items: IngestToken[] }>().items.find((t) => t.id === created.id)
        expect(item).toMatchObject({ name: 'kantoor-ups', lastUsedAt: NOV_29_NOON + 5_000, revokedAt: null })
        expect(list.body).not.toContain(created.token)

        const del = await as(ctx.app, admin)({ method: 'DELETE', url: `/api/ingest-tokens/${created.id}` })
        expect(del.statusCode, del.body).toBe(204)
        expectProblem(await send('ups', 'unreadable ups text 2', {}, { token: created.token }), 401, 'invalid_token')
        const after = await as(ctx.app, billing)({ method: 'GET', url: `/api/customers/${customerA}/ingest-tokens` })
        expect(after.json<{ items: IngestToken[] }>().items.find((t) => t.id === created.id)?.revokedAt).toBe(
          NOV_29_NOON + 5_000,
        )

        const audit = await ctx.db
          .selectFrom('audit_log')
          .select(['action', 'diff'])
          .where('entity_id', '=', created.id)
          .orderBy('id')
          .execute()
        expect(audit.map((a) => a.action)).toEqual(['ingest_token.created', 'ingest_token.revoked'])
        expect(audit.map((a) => a.diff ?? '').join()).not.toContain(created.token)
        ctx.clock.now = NOV_29_NOON
      })

      it('lets only admins and technicians hand out and revoke tokens', async () => {
        const res = await as(
          ctx.app,
          billing,
        )({
          method: 'POST',
          url: `/api/customers/${customerA}/ingest-tokens`,
          payload: { name: 'x' },
        })
        expectProblem(res, 403, 'role_required')
        const t = await newToken(customerA, 'to revoke')
        expectProblem(
          await as(ctx.app, billing)({ method: 'DELETE', url: `/api/ingest-tokens/${t.id}` }),
          403,
          'role_required',
        )
        expectProblem(
          await as(
            ctx.app,
            tech,
          )({
            method: 'POST',
            url: `/api/customers/${customerA}/ingest-tokens`,
            payload: { name: '' },
          }),
          400,
          'validation_failed',
        )
        expectProblem(
          await as(
            ctx.app,
            tech,
          )({
            method: 'POST',
            url: '/api/customers/00000000-0000-7000-8000-000000000000/ingest-tokens',
            payload: { name: 'x' },
          }),
          404,
          'customer_not_found',
        )
      })

      it('answers 404 to contacts, own customer or not, and 401 to nobody', async () => {
        const t = await newToken(customerA, 'hidden')
        for (const portal of [portalA, portalB]) {
          const client = as(ctx.app, portal)
          expect((await client({ method: 'GET', url: `/api/customers/${customerA}/ingest-tokens` })).statusCode).toBe(
            404,
          )
          expect(
            (
              await client({
                method: 'POST',
                url: `/api/customers/${customerA}/ingest-tokens`,
                payload: { name: 'mine' },
              })
            ).statusCode,
          ).toBe(404)
          expect((await client({ method: 'DELETE', url: `/api/ingest-tokens/${t.id}` })).statusCode).toBe(404)
        }
        const anon = as(ctx.app, undefined)
        expectProblem(
          await anon({ method: 'GET', url: `/api/customers/${customerA}/ingest-tokens` }),
          401,
          'unauthenticated',
        )
        expectProblem(await anon({ method: 'DELETE', url: `/api/ingest-tokens/${t.id}` }), 401, 'unauthenticated')
      })
    })

    describe('ingest', () => {
      it('refuses a missing or unknown token, and a staff API token, with 401', async () => {
        expectProblem(await send('backup', 'x', {}, { token: null }), 401, 'unauthenticated')
        expectProblem(await send('backup', 'x', {}, { token: 'sli_not-a-token' }), 401, 'invalid_token')
        expectProblem(await send('backup', 'x', {}, { token: tokenA.slice(0, -1) }), 401, 'invalid_token')
      })

      it("refuses a token of customer A for customer B with 403, and takes the token's own customer", async () => {
        expectProblem(await send('backup', 'x', { customerId: customerB }), 403, 'wrong_customer')
        const before = await reportCount(customerB)
        const ok = await accepted(await send('backup', 'any words of customer A', { customerId: customerA }))
        const row = await ctx.db
          .selectFrom('monitoring_reports')
          .select('customer_id')
          .where('id', '=', ok.id)
          .executeTakeFirstOrThrow()
        expect(row.customer_id).toBe(customerA)
        expect(await reportCount(customerB)).toBe(before)
      })

      it('parses a real restic backup as a success under the job hint', async () => {
        const res = await accepted(
          await send('backup', fixture('restic/backup-success.txt'), {
            exitCode: '0',
            job: 'nas-01-daily',
            host: 'nas-01',
          }),
        )
        expect(res).toMatchObject({ status: 'parsed', format: 'restic', duplicate: false, fromFuture: false })
        expect(res.events).toHaveLength(1)
        expect(res.events[0]).toMatchObject({ kind: 'backup', job: 'nas-01-daily', result: 'success', files: 3 })
        const detail = await as(ctx.app, tech)({ method: 'GET', url: `/api/reports/${res.id}` })
        expect(detail.json<ReportDetail>()).toMatchObject({
          kind: 'backup',
          source: 'api',
          exitCode: 0,
          jobHint: 'nas-01-daily',
          host: 'nas-01',
          formatRequested: null,
          status: 'parsed',
          events: [{ job: 'nas-01-daily', result: 'success' }],
        })
      })

      it('parses a report whose parse was cut off (stored, then a restart) in the next minute, once', async () => {
        const res = await accepted(
          await send('backup', `${fixture('restic/backup-success.txt').toString()}\n`, { job: 'na-herstart' }),
        )
        // As if the process stopped right after storing: the report has no outcome and no events.
        await ctx.db
          .updateTable('monitoring_reports')
          .set({ status: 'stored', format: null })
          .where('id', '=', res.id)
          .execute()
        await ctx.db.deleteFrom('report_events').where('report_id', '=', res.id).execute()
        const job = ctx.sladesk.jobs.find((j) => j.name === 'monitoring.parse-pending')!
        expect(job).toBeDefined()
        // Not within the minute: an ingest may still be parsing it.
        await ctx.sladesk.scheduler.runOnce(job)
        expect(
          (
            await ctx.db
              .selectFrom('monitoring_reports')
              .select('status')
              .where('id', '=', res.id)
              .executeTakeFirstOrThrow()
          ).status,
        ).toBe('stored')
        ctx.clock.now += 61_000
        await ctx.sladesk.scheduler.runOnce(job)
        const detail = (await as(ctx.app, tech)({ method: 'GET', url: `/api/reports/${res.id}` })).json<ReportDetail>()
        expect(detail).toMatchObject({
          status: 'parsed',
          format: 'restic',
          events: [{ job: 'na-herstart', result: 'success' }],
        })
        expect(await ctx.sladesk.services.monitoring.parsePending()).toBe(0)
      })

      it('parses a borg run with the wrong passphrase as failed', async () => {
        ctx.clock.now = NOV_30_NOON
        const res = await accepted(
          await send('backup', fixture('borg/create-wrong-passphrase.txt'), { exitCode: '2', format: 'borg' }),
        )
        ctx.clock.now = NOV_29_NOON
        expect(res).toMatchObject({ status: 'parsed', format: 'borg', fromFuture: false })
        expect(res.events.map((e) => e.result)).toEqual(['failed'])
        expect(JSON.stringify(res.events[0]!.details)).toContain('passphrase')
      })

      it('stores a report nothing understands as unparsed, readable byte for byte', async () => {
        const text = 'Backup van vandaag: alles goed, denk ik? \u00e9\u00e8 \u{1f44d}\n'
        const res = await accepted(await send('backup', text))
        expect(res).toMatchObject({ status: 'unparsed', format: null, events: [] })
        expect(res.reason).toMatch(/no parser/)
        const raw = await as(ctx.app, tech)({ method: 'GET', url: `/api/reports/${res.id}/raw` })
        expect(raw.statusCode).toBe(200)
        expect(raw.headers['content-type']).toBe('text/plain; charset=utf-8')
        expect(raw.headers['content-disposition']).toMatch(/^attachment; filename="?backup-report-[\w-]+\.txt"?$/)
        expect(raw.headers['x-content-type-options']).toBe('nosniff')
        expect(raw.rawPayload.equals(Buffer.from(text))).toBe(true)

        // Not UTF-8: kept as it came, served as bytes.
        const bytes = Buffer.from([0x42, 0x61, 0x63, 0x6b, 0x75, 0x70, 0x20, 0xe9, 0xff, 0x00, 0x01, 0x0a])
        const bin = await accepted(await send('backup', bytes, {}, { contentType: 'application/octet-stream' }))
        expect(bin.status).toBe('unparsed')
        const rawBin = await as(ctx.app, portalA)({ method: 'GET', url: `/api/reports/${bin.id}/raw` })
        expect(rawBin.statusCode).toBe(200)
        expect(rawBin.headers['content-type']).toBe('application/octet-stream')
        expect(rawBin.rawPayload.equals(bytes)).toBe(true)

        // A shipper that names no media type (curl --data-binary without -H) is read as bytes too.
        const untyped = await accepted(await send('backup', 'geen content-type\n', {}, { contentType: null }))
        const detail = await as(ctx.app, tech)({ method: 'GET', url: `/api/reports/${untyped.id}` })
        expect(detail.json<ReportDetail>()).toMatchObject({ contentType: 'application/octet-stream', size: 18 })
      })

      it('takes the same bytes twice as one report', async () => {
        const body = fixture('restic/backup-success-unchanged.txt')
        const first = await accepted(await send('backup', body, { exitCode: '0' }))
        const before = await reportCount(customerA)
        const again = await send('backup', body, { exitCode: '0' })
        expect(again.statusCode, again.body).toBe(200)
        expect(again.json<IngestResult>()).toMatchObject({
          id: first.id,
          duplicate: true,
          status: 'parsed',
          events: first.events,
        })
        expect(await reportCount(customerA)).toBe(before)
        // The same bytes as a UPS report are another report (and not a UPS one).
        const asUps = await accepted(await send('ups', body))
        expect(asUps.id).not.toBe(first.id)
        expect(asUps.status).toBe('unparsed')
      })

      it('takes the same bytes on the next day as a report of their own: the same failure, the next night', async () => {
        // restic's fatal error has no time of its own: every night that fails this way writes the same bytes.
        const body = fixture('restic/backup-wrong-password.txt')
        ctx.clock.now = Date.UTC(2026, 10, 28, 1, 0, 0) // 02:00 in Amsterdam, the night of the 27th
        const first = await accepted(await send('backup', body, { exitCode: '1', job: 'Nacht' }))
        ctx.clock.now += 10 * 60_000 // the shipper retries: the same report
        const retry = await send('backup', body, { exitCode: '1', job: 'Nacht' })
        expect(retry.json<IngestResult>()).toMatchObject({ id: first.id, duplicate: true })
        ctx.clock.now = Date.UTC(2026, 10, 29, 1, 0, 0) // the next night
        const before = await reportCount(customerA)
        const next = await accepted(await send('backup', body, { exitCode: '1', job: 'Nacht' }))
        ctx.clock.now = NOV_29_NOON
        expect(next.id).not.toBe(first.id)
        expect(await reportCount(customerA)).toBe(before + 1)
        expect(first.events[0]).toMatchObject({ result: 'failed', at: Date.UTC(2026, 10, 28, 1, 0, 0) })
        expect(next.events[0]).toMatchObject({ result: 'failed', at: Date.UTC(2026, 10, 29, 1, 0, 0) })
      })

      it('refuses a body over INGEST_MAX_BYTES with 413 and stores nothing', async () => {
        const before = await reportCount(customerA)
        expectProblem(await send('backup', Buffer.alloc(LIMIT + 1, 'a')), 413, 'body_too_large')
        expect(await reportCount(customerA)).toBe(before)
        expectProblem(await send('backup', Buffer.alloc(0)), 400, 'empty_upload')
      })

      it('refuses a format of the other kind or an unknown one with 400, listing the formats', async () => {
        const wrong = expectProblem(await send('backup', 'x', { format: 'nut' }), 400, 'wrong_format_kind')
        expect(wrong.formats).toContain('restic')
        expect(wrong.formats).not.toContain('nut')
        const unknown = expectProblem(await send('ups', 'x', { format: 'tivoli' }), 400, 'unknown_format')
        expect(unknown.formats).toEqual(expect.arrayContaining(['restic', 'borg', 'veeam', 'nut', 'apcupsd-events']))
        expect(unknown.detail).toContain('restic')
        expectProblem(await send('backup', 'x', { exitCode: 'nul' }), 400, 'validation_failed')
      })

      it('flags events later than 10 minutes after receipt, and not when they lie in the past', async () => {
        const log = fixture('apcupsd/events-power-cycle.log')
        // The log's events are at 16:50+ UTC on 29 November; the clock says noon.
        const future = await accepted(await send('ups', log))
        expect(future).toMatchObject({ status: 'parsed', format: 'apcupsd-events', fromFuture: true })
        const shifted = Buffer.concat([log, Buffer.from('\n')])
        ctx.clock.now = NOV_30_NOON
        const past = await accepted(await send('ups', shifted))
        ctx.clock.now = NOV_29_NOON
        expect(past).toMatchObject({ status: 'parsed', fromFuture: false })
        expect(past.events.map((e) => e.result)).toContain('on-battery')
      })

      it('reads a NUT upsc dump as on battery under the UPS name given as job', async () => {
        const res = await accepted(await send('ups', fixture('nut/upsc-ob.txt'), { job: 'ups-kantoor' }))
        expect(res).toMatchObject({ status: 'parsed', format: 'nut' })
        expect(res.events).toHaveLength(1)
        expect(res.events[0]).toMatchObject({ kind: 'ups', job: 'ups-kantoor', result: 'on-battery' })
        expect(res.events[0]!.details).toMatchObject({ charge: 80, runtimeSeconds: 1518 })
      })

      it('makes a UPS report sent as a backup unparsed, saying why', async () => {
        const res = await accepted(await send('backup', fixture('nut/upsc-ol.txt')))
        expect(res.status).toBe('unparsed')
        expect(res.events).toEqual([])
        expect(res.reason).toMatch(/ups report.*backup report/)
      })

      it('reads a Veeam job mail (message/rfc822) as failed', async () => {
        const mail = rawMail({
          from: 'Veeam Backup <veeam@klant.example>',
          subject: '[Failed] Dagelijkse back-up (3 machines)',
          body: 'See the HTML part.',
          html: fixture('veeam/failed.html').toString('utf8'),
        })
        ctx.clock.now = NOV_30_NOON
        const res = await accepted(await send('backup', mail, {}, { contentType: 'message/rfc822' }))
        ctx.clock.now = NOV_29_NOON
        expect(res).toMatchObject({ status: 'parsed', format: 'veeam' })
        expect(res.events.map((e) => [e.job, e.result])).toEqual([['Dagelijkse back-up', 'failed']])
        const raw = await as(ctx.app, tech)({ method: 'GET', url: `/api/reports/${res.id}/raw` })
        expect(raw.rawPayload.equals(mail)).toBe(true)
        expect(raw.headers['content-disposition']).toMatch(/\.eml"?$/)
      })
    })

    describe('reading and reparsing', () => {
      let reportId: string
      let otherId: string

      beforeAll(async () => {
        reportId = (
          await accepted(
            await send('backup', fixture('restic/backup-all-missing.txt'), { exitCode: '1', job: 'srv-a' }),
          )
        ).id
        const tokenB = (await newToken(customerB, 'b')).token
        otherId = (
          await accepted(
            await send('backup', fixture('restic/backup-all-missing.txt'), { exitCode: '1' }, { token: tokenB }),
          )
        ).id
      })

      it('re-parses a report, replacing its events', async () => {
        const before = await as(ctx.app, tech)({ method: 'GET', url: `/api/reports/${reportId}` })
        const old = before.json<ReportDetail>()
        expect(old.events.map((e) => e.result)).toEqual(['failed'])
        ctx.clock.now = NOV_29_NOON + 60_000
        const res = await as(ctx.app, tech)({ method: 'POST', url: `/api/reports/${reportId}/reparse` })
        ctx.clock.now = NOV_29_NOON
        expect(res.statusCode, res.body).toBe(200)
        const again = res.json<ReportDetail>()
        expect(again.parsedAt).toBe(NOV_29_NOON + 60_000)
        expect(again.events.map((e) => ({ ...e, id: '' }))).toEqual(old.events.map((e) => ({ ...e, id: '' })))
        expect(again.events[0]!.id).not.toBe(old.events[0]!.id)
        const stored = await ctx.db.selectFrom('report_events').select('id').where('report_id', '=', reportId).execute()
        expect(stored.map((r) => r.id)).toEqual(again.events.map((e) => e.id))
        const audit = await ctx.db.selectFrom('audit_log').select('action').where('entity_id', '=', reportId).execute()
        expect(audit.map((a) => a.action)).toEqual(['monitoring_report.reparsed'])
        expectProblem(
          await as(ctx.app, billing)({ method: 'POST', url: `/api/reports/${reportId}/reparse` }),
          403,
          'role_required',
        )
      })

      it("lists every customer's unparsed reports for staff, until a person classifies them", async () => {
        const queue = async (query = 'limit=200') => {
          const res = await as(ctx.app, tech)({ method: 'GET', url: `/api/monitoring/reports/unparsed?${query}` })
          expect(res.statusCode, res.body).toBe(200)
          return res.json<UnparsedReportPage>()
        }
        const before = await queue()
        // An upslog with a few lines of its own on top: nothing recognises it, but it is one when a person says so.
        const upslog = `Export van de UPS in de serverkast\ndoor Piet\nversie 2\n${fixture('nut/upslog.log').toString('utf8')}`
        ctx.clock.now = NOV_29_NOON + 1000
        const ofA = await accepted(await send('ups', upslog))
        ctx.clock.now = NOV_29_NOON + 2000
        const tokenB = (await newToken(customerB, 'b-unparsed')).token
        const ofB = await accepted(await send('ups', 'UPS? Geen idee wat dit is.\n', {}, { token: tokenB }))
        ctx.clock.now = NOV_29_NOON
        expect([ofA.status, ofB.status]).toEqual(['unparsed', 'unparsed'])

        const after = await queue()
        expect(after.total).toBe(before.total + 2)
        expect(after.items.slice(0, 2).map((r) => [r.id, r.customerId])).toEqual([
          [ofB.id, customerB],
          [ofA.id, customerA],
        ])
        expect(after.items[0]!.customerName).not.toBe(after.items[1]!.customerName)
        expect(after.items.every((r) => r.status === 'unparsed')).toBe(true)
        expect(after.items.map((r) => r.id)).toEqual([...after.items.map((r) => r.id)].sort().reverse())
        // Keyset pages give the same list.
        const seen: string[] = []
        let cursor: string | null = null
        do {
          const page: UnparsedReportPage = await queue(`limit=1${cursor ? `&cursor=${cursor}` : ''}`)
          expect(page.total).toBe(after.total)
          seen.push(...page.items.map((r) => r.id))
          cursor = page.nextCursor
        } while (cursor)
        expect(seen).toEqual(after.items.map((r) => r.id))

        // Classified as upslog, A's report is read and leaves the queue; B's stays.
        const classified = await as(
          ctx.app,
          tech,
        )({
          method: 'POST',
          url: `/api/reports/${ofA.id}/reparse`,
          payload: { format: 'upslog' },
        })
        expect(classified.statusCode, classified.body).toBe(200)
        expect(classified.json<ReportDetail>()).toMatchObject({ status: 'parsed', format: 'upslog' })
        expect(classified.json<ReportDetail>().events.length).toBeGreaterThan(3)
        const later = await queue()
        expect(later.total).toBe(before.total + 1)
        expect(later.items.map((r) => r.id)).toContain(ofB.id)
        expect(later.items.map((r) => r.id)).not.toContain(ofA.id)

        // Staff only: to a key contact the queue does not exist, even to one whose own report is in it.
        for (const portal of [portalA, portalB]) {
          expectProblem(
            await as(ctx.app, portal)({ method: 'GET', url: '/api/monitoring/reports/unparsed' }),
            404,
            'not_found',
          )
        }
        expectProblem(
          await as(ctx.app, tech)({ method: 'GET', url: '/api/monitoring/reports/unparsed?cursor=bogus' }),
          400,
          'invalid_cursor',
        )
        expectProblem(
          await as(ctx.app, tech)({ method: 'GET', url: '/api/monitoring/reports/unparsed?limit=0' }),
          400,
          'validation_failed',
        )
      })

      it('lists reports newest first with filters and keyset pages', async () => {
        const client = as(ctx.app, billing)
        const all = await client({ method: 'GET', url: `/api/customers/${customerA}/reports?limit=200` })
        expect(all.statusCode, all.body).toBe(200)
        const items = all.json<ReportPage>().items
        expect(items.length).toBe(await reportCount(customerA))
        expect(items.map((r) => r.id)).toEqual([...items.map((r) => r.id)].sort().reverse())
        expect(items.every((r) => r.customerId === customerA)).toBe(true)

        const seen: string[] = []
        let cursor: string | null = null
        do {
          const url: string = `/api/customers/${customerA}/reports?limit=2${cursor ? `&cursor=${cursor}` : ''}`
          const page: ReportPage = (await client({ method: 'GET', url })).json<ReportPage>()
          seen.push(...page.items.map((r) => r.id))
          cursor = page.nextCursor
        } while (cursor)
        expect(seen).toEqual(items.map((r) => r.id))

        const ups = (
          await client({ method: 'GET', url: `/api/customers/${customerA}/reports?kind=ups` })
        ).json<ReportPage>()
        expect(ups.items.length).toBeGreaterThan(0)
        expect(ups.items.every((r) => r.kind === 'ups')).toBe(true)
        const unparsed = (
          await client({ method: 'GET', url: `/api/customers/${customerA}/reports?status=unparsed&limit=200` })
        ).json<ReportPage>()
        expect(unparsed.items.map((r) => r.id).sort()).toEqual(
          items
            .filter((r) => r.status === 'unparsed')
            .map((r) => r.id)
            .sort(),
        )
        const byJob = (
          await client({ method: 'GET', url: `/api/customers/${customerA}/reports?job=ups-kantoor` })
        ).json<ReportPage>()
        expect(byJob.items.map((r) => r.kind)).toEqual(['ups'])
        expectProblem(
          await client({ method: 'GET', url: `/api/customers/${customerA}/reports?cursor=bogus` }),
          400,
          'invalid_cursor',
        )
      })

      it("lets a contact read its own customer's reports, not change them, and not see another's", async () => {
        const own = as(ctx.app, portalA)
        const list = await own({ method: 'GET', url: `/api/customers/${customerA}/reports` })
        expect(list.statusCode, list.body).toBe(200)
        expect(list.json<ReportPage>().items.map((r) => r.id)).not.toContain(otherId)
        expect((await own({ method: 'GET', url: `/api/reports/${reportId}` })).statusCode).toBe(200)
        expect((await own({ method: 'GET', url: `/api/reports/${reportId}/raw` })).statusCode).toBe(200)
        expectProblem(await own({ method: 'POST', url: `/api/reports/${reportId}/reparse` }), 404, 'not_found')

        expectProblem(
          await own({ method: 'GET', url: `/api/customers/${customerB}/reports` }),
          404,
          'customer_not_found',
        )
        expectProblem(await own({ method: 'GET', url: `/api/reports/${otherId}` }), 404, 'report_not_found')
        expectProblem(await own({ method: 'GET', url: `/api/reports/${otherId}/raw` }), 404, 'report_not_found')
        expectProblem(await own({ method: 'POST', url: `/api/reports/${otherId}/reparse` }), 404, 'not_found')

        const other = as(ctx.app, portalB)
        expectProblem(
          await other({ method: 'GET', url: `/api/customers/${customerA}/reports` }),
          404,
          'customer_not_found',
        )
        expectProblem(await other({ method: 'GET', url: `/api/reports/${reportId}` }), 404, 'report_not_found')
        expectProblem(await other({ method: 'GET', url: `/api/reports/${reportId}/raw` }), 404, 'report_not_found')
        expect((await other({ method: 'GET', url: `/api/reports/${otherId}` })).statusCode).toBe(200)
      })

      it('answers 401 to nobody and 404 for a report that does not exist', async () => {
        const anon = as(ctx.app, undefined)
        for (const url of [
          `/api/customers/${customerA}/reports`,
          `/api/reports/${reportId}`,
          `/api/reports/${reportId}/raw`,
        ]) {
          expectProblem(await anon({ method: 'GET', url }), 401, 'unauthenticated')
        }
        expectProblem(await anon({ method: 'POST', url: `/api/reports/${reportId}/reparse` }), 401, 'unauthenticated')
        expectProblem(
          await as(ctx.app, tech)({ method: 'GET', url: '/api/reports/00000000-0000-7000-8000-000000000000' }),
          404,
          'report_not_found',
        )
      })
    })
  })
}
