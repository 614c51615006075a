import type { LightMyRequestResponse } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp, type Sladesk } from '../../app.js'
import { as, expectProblem, signIn, testConfig, type Session } from '../../../test/support/app.js'
import { createTestDatabase, dialects, type TestDatabase } from '../../../test/support/databases.js'
import { make } from '../../../test/support/factories.js'
import { rawMail } from '../../../test/support/mail.js'
import { wireMailRules, type MailRulesWiring } from '../../../test/support/mail-rules.js'
import type { MailParser, MailRule, ParserTestResult } from './mail-rules.js'
import { mailRuleRoutes } from './mail-rules-routes.js'
import type { ReportDetail, ReportPage } from './schema.js'

const NOV_29 = Date.UTC(2026, 10, 29, 12, 0, 0)

const KESTREL = {
  name: 'Kestrel Backup',
  match: { from: 'kestrel', subject: '/^Kestrel Backup: job/' },
  extract: {
    job: '/job "(?<job>[^"]+)"/',
    host: '/^Host:\\s*(?<host>\\S+)/m',
    bytes: '/Transferred:\\s*(?<bytes>[\\d.,]+\\s*[KMGT]?i?B)/',
  },
  result: { failed: '/Result:\\s*(FAILED|ERROR)/', success: '/Result:\\s*OK/' },
  correlationKey: '{job}@{host}',
  successResolves: true,
}

const kestrelMail = (result: string, messageId: string) =>
  rawMail({
    from: 'Kestrel Agent <kestrel@fs01.acme.example>',
    to: 'backup+acme@msp.example',
    subject: `Kestrel Backup: job "Fileserver nightly" finished (${result})`,
    body: `Kestrel Backup Agent 4.2\r\nHost: FS01\r\nResult: ${result}\r\nTransferred: 12,5 GB`,
    messageId,
  })

for (const dialect of dialects) {
  describe(`mail rules and mail parsers [${dialect}]`, () => {
    let test: TestDatabase | undefined
    let sladesk: Sladesk
    let wiring: MailRulesWiring
    let admin: Session
    let tech: Session
    let billing: Session
    let portal: Session
    let acme: string
    const clock = { now: NOV_29 }

    beforeAll(async () => {
      test = await createTestDatabase(dialect)
      sladesk = await buildApp(testConfig(), { database: test.database, now: () => clock.now })
      wiring = wireMailRules(sladesk, () => clock.now)
      // Until src/app.ts mounts them, the routes are mounted here on the same service the mail-in path uses.
      if (!sladesk.app.hasRoute({ method: 'GET', url: '/api/monitoring/mail-rules' })) {
        await sladesk.app.register(mailRuleRoutes, { prefix: '/api/monitoring', mailRules: wiring.mailRules })
      }
      await sladesk.app.ready()
      const db = sladesk.database.db
      acme = (await make.customer(db, { name: 'Acme Logistics', name_key: 'acme logistics' })).id
      admin = await signIn(sladesk.app, (await make.user(db, { role: 'admin' })).email)
      tech = await signIn(sladesk.app, (await make.user(db, { role: 'technician' })).email)
      billing = await signIn(sladesk.app, (await make.user(db, { role: 'billing' })).email)
      portal = await signIn(sladesk.app, (await make.user(db, { role: 'contact', customer_id: acme })).email)
    })
    afterAll(async () => {
      await sladesk?.close()
      await test?.drop().catch(() => undefined)
    })

    const call = (session: Session, method: string, url: string, payload?: object) =>
      as(sladesk.app, session)({ method, url: `/api/monitoring${url}`, ...(payload && { payload }) })
    const get = (url: string) => as(sladesk.app, tech)({ method: 'GET', url: `/api${url}` })
    const created = <T>(res: LightMyRequestResponse): T => {
      expect(res.statusCode, res.body).toBe(201)
      return res.json<T>()
    }
    const fieldOf = (res: LightMyRequestResponse) => expectProblem(res, 400, 'validation_failed').errors?.[0]

    it('keeps rules in order, changes and deletes them, and audits every change', async () => {
      const first = created<MailRule>(
        await call(tech, 'POST', '/mail-rules', {
          name: 'Acme alias',
          customerId: acme,
          match: { to: 'Backup+Acme@msp.example' },
        }),
      )
      expect(first).toMatchObject({
        kind: 'backup',
        enabled: true,
        format: null,
        position: 0,
        match: { to: 'backup+acme@msp.example' },
      })
      const second = created<MailRule>(
        await call(admin, 'POST', '/mail-rules', {
          name: 'Acme Veeam',
          customerId: acme,
          match: { from: 'veeam@acme.example', subject: '/^\\[(success|warning|failed)\\]/i' },
          format: 'veeam',
        }),
      )
      expect(second.position).toBe(1)

      const patched = await call(tech, 'PATCH', `/mail-rules/${second.id}`, { enabled: false, position: 0 })
      expect(patched.statusCode, patched.body).toBe(200)
      expect(patched.json<MailRule>()).toMatchObject({ enabled: false, position: 0, format: 'veeam' })
      const list = (await call(billing, 'GET', '/mail-rules')).json<{ items: MailRule[] }>().items
      // Same position: the older rule first.
      expect(list.map((r) => r.id)).toEqual([first.id, second.id])

      const deleted = await call(tech, 'DELETE', `/mail-rules/${second.id}`)
      expect(deleted.statusCode).toBe(204)
      expectProblem(await call(tech, 'DELETE', `/mail-rules/${second.id}`), 404, 'mail_rule_not_found')
      expectProblem(await call(tech, 'PATCH', `/mail-rules/${second.id}`, { name: 'x' }), 404, 'mail_rule_not_found')

      const audit = await sladesk.database.db
        .selectFrom('audit_log')
        .select(['action', 'diff'])
        .where('entity_id', '=', second.id)
        .orderBy('id')
        .execute()
      expect(audit.map((a) => a.action)).toEqual(['mail_rule.created', 'mail_rule.updated', 'mail_rule.deleted'])
      expect(JSON.parse(audit[1]!.diff!)).toEqual({ enabled: [true, false], position: [1, 0] })
      expect((await call(tech, 'DELETE', `/mail-rules/${first.id}`)).statusCode).toBe(204)
    })

    it('refuses bad and catastrophic patterns with the field, unknown customers and formats', async () => {
      const rule = (match: object, extra: object = {}) =>
        call(tech, 'POST', '/mail-rules', { name: 'r', customerId: acme, match, ...extra })
      expect(fieldOf(await rule({ subject: '/(a+)+$/' }))).toMatchObject({
        path: 'body.match.subject',
        message: expect.stringContaining('catastrophic backtracking'),
      })
      expect(fieldOf(await rule({ from: '/(a|a)*b/' }))?.path).toBe('body.match.from')
      expect(fieldOf(await rule({ from: '/[unclosed/' }))).toMatchObject({
        path: 'body.match.from',
        message: expect.stringContaining('not a valid regular expression'),
      })
      expect(fieldOf(await rule({}))?.path).toBe('body.match')
      expectProblem(
        await call(tech, 'POST', '/mail-rules', {
          name: 'r',
          customerId: '0192f5e0-0000-7000-8000-00000000beef',
          match: { to: 'x@msp.example' },
        }),
        404,
        'customer_not_found',
      )
      const unknown = expectProblem(await rule({ to: 'x@msp.example' }, { format: 'tarsnap' }), 400, 'unknown_format')
      expect(unknown.errors).toEqual([{ path: 'body.format', message: expect.stringContaining('tarsnap') }])
      expectProblem(await rule({ to: 'x@msp.example' }, { format: 'nut' }), 400, 'wrong_format_kind')

      const ok = created<MailRule>(await rule({ to: 'ok@msp.example' }))
      const evilPatch = await call(tech, 'PATCH', `/mail-rules/${ok.id}`, { match: { subject: '/(.*a){20}/' } })
      expect(fieldOf(evilPatch)?.path).toBe('body.match.subject')
      expectProblem(await call(tech, 'PATCH', `/mail-rules/${ok.id}`, { format: 'tarsnap' }), 400, 'unknown_format')
      await call(tech, 'DELETE', `/mail-rules/${ok.id}`)
    })

    it('lets staff read, admins and technicians write, and shows contacts nothing', async () => {
      const body = { name: 'r', customerId: acme, match: { to: 'x@msp.example' } }
      expectProblem(await call(billing, 'POST', '/mail-rules', body), 403, 'role_required')
      expectProblem(await call(billing, 'POST', '/mail-parsers', KESTREL), 403, 'role_required')
      expect((await call(billing, 'GET', '/mail-parsers')).statusCode).toBe(200)
      expectProblem(await call(portal, 'GET', '/mail-rules'), 404, 'not_found')
      expectProblem(await call(portal, 'GET', '/mail-parsers'), 404, 'not_found')
    })

    it('saves, changes and deletes mail parsers, and keeps one a rule uses', async () => {
      const parser = created<MailParser>(await call(tech, 'POST', '/mail-parsers', KESTREL))
      expect(parser).toMatchObject({ kind: 'backup', correlationKey: '{job}@{host}', successResolves: true })
      expect(parser.format).toBe(`custom:${parser.id}`)
      expect(parser.id).toMatch(/^[0-9a-f]{16}$/)

      expect(
        fieldOf(await call(tech, 'POST', '/mail-parsers', { ...KESTREL, extract: { job: '/(\\w+\\s?)*$/' } })),
      ).toMatchObject({ path: 'body.extract.job', message: expect.stringContaining('catastrophic') })
      expect(
        fieldOf(await call(tech, 'POST', '/mail-parsers', { ...KESTREL, extract: { job: '/job (\\S+)/' } })),
      ).toMatchObject({ path: 'body.extract.job', message: 'needs the named group (?<job>…)' })
      const noHost = { ...KESTREL, extract: { job: KESTREL.extract.job } }
      expect(fieldOf(await call(tech, 'POST', '/mail-parsers', noHost))?.path).toBe('body.correlationKey')
      // A patch is checked as a whole: dropping the host the key needs is refused.
      expect(fieldOf(await call(tech, 'PATCH', `/mail-parsers/${parser.id}`, { extract: noHost.extract }))?.path).toBe(
        'body.correlationKey',
      )
      const renamed = await call(tech, 'PATCH', `/mail-parsers/${parser.id}`, { name: 'Kestrel Backup 4' })
      expect(renamed.statusCode, renamed.body).toBe(200)
      expect(renamed.json<MailParser>()).toMatchObject({ name: 'Kestrel Backup 4', extract: KESTREL.extract })

      const rule = created<MailRule>(
        await call(tech, 'POST', '/mail-rules', {
          name: 'Kestrel forced',
          customerId: acme,
          match: { to: 'kestrel-only@msp.example' },
          format: parser.format,
        }),
      )
      expectProblem(await call(tech, 'POST', '/mail-rules', { ...rule, kind: 'ups' }), 400, 'wrong_format_kind')
      const inUse = expectProblem(await call(tech, 'DELETE', `/mail-parsers/${parser.id}`), 409, 'mail_parser_in_use')
      expect(inUse.rules).toEqual(['Kestrel forced'])
      await call(tech, 'DELETE', `/mail-rules/${rule.id}`)
      expect((await call(tech, 'DELETE', `/mail-parsers/${parser.id}`)).statusCode).toBe(204)
      expectProblem(await call(tech, 'DELETE', `/mail-parsers/${parser.id}`), 404, 'mail_parser_not_found')
      expectProblem(
        await call(tech, 'PATCH', `/mail-parsers/${parser.id}`, { name: 'x' }),
        404,
        'mail_parser_not_found',
      )
      expectProblem(await call(tech, 'DELETE', '/mail-parsers/not-an-id'), 400, 'validation_failed')
      const actions = await sladesk.database.db
        .selectFrom('audit_log')
        .select('action')
        .where('entity_id', '=', parser.id)
        .orderBy('id')
        .execute()
      expect(actions.map((a) => a.action)).toEqual([
        'mail_parser.created',
        'mail_parser.updated',
        'mail_parser.deleted',
      ])
    })

    it('tries a template on a pasted mail without saving anything', async () => {
      const tryOn = async (definition: object, mail: Buffer) => {
        const res = await call(tech, 'POST', '/mail-parsers/test', { definition, mail: mail.toString('utf8') })
        expect(res.statusCode, res.body).toBe(200)
        return res.json<ParserTestResult>()
      }
      expect(await tryOn(KESTREL, kestrelMail('FAILED', 'try-1@fs01'))).toEqual({
        detected: true,
        status: 'parsed',
        events: [
          {
            job: 'Fileserver nightly@FS01',
            host: 'FS01',
            result: 'failed',
            startedAt: null,
            finishedAt: Date.UTC(2026, 10, 29, 12, 0, 0),
            bytes: Math.round(12.5 * 1024 ** 3),
            files: null,
            errors: ['Result: FAILED'],
            warnings: [],
          },
        ],
      })
      expect((await tryOn(KESTREL, kestrelMail('OK', 'try-2@fs01'))).events[0]).toMatchObject({
        result: 'success',
        resolves: true,
      })
      expect(await tryOn(KESTREL, kestrelMail('SKIPPED', 'try-3@fs01'))).toMatchObject({
        detected: true,
        status: 'unparsed',
        reason: expect.stringContaining('none of the result patterns'),
        events: [],
      })
      const other = rawMail({ from: 'noc@elders.example', subject: 'Kestrel Backup: job "x"', body: 'Result: OK' })
      expect((await tryOn(KESTREL, other)).detected).toBe(false)
      const evil = await call(tech, 'POST', '/mail-parsers/test', {
        definition: { ...KESTREL, result: { failed: '/(a|aa)+$/' } },
        mail: 'Subject: x\r\n\r\nx',
      })
      expect(fieldOf(evil)?.path).toBe('body.definition.result.failed')
      expect((await call(tech, 'GET', '/mail-parsers')).json<{ items: MailParser[] }>().items).toEqual([])
    })

    it("makes a routed mail a report of the rule's customer, read by the MSP's parser, and never a ticket", async () => {
      const parser = created<MailParser>(await call(tech, 'POST', '/mail-parsers', KESTREL))
      created<MailRule>(
        await call(tech, 'POST', '/mail-rules', {
          name: 'Acme backups',
          customerId: acme,
          match: { to: 'backup+acme@msp.example' },
        }),
      )
      const ticketsBefore = await sladesk.database.db
        .selectFrom('tickets')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()

      const failed = await wiring.mailIn.receive(kestrelMail('FAILED', `k1.${dialect}@fs01`), 'api')
      expect(failed).toMatchObject({ status: 'report', ticketId: null, duplicate: false })
      const row = await sladesk.database.db
        .selectFrom('inbound_mails')
        .selectAll()
        .where('id', '=', failed.mailId)
        .executeTakeFirstOrThrow()
      expect(row).toMatchObject({ status: 'report', customer_id: acme, ticket_id: null })
      const reportId = /report (\S+) \(parsed, custom:/.exec(row.reason ?? '')?.[1]
      expect(reportId, row.reason ?? '').toBeDefined()

      const report = (await get(`/reports/${reportId}`)).json<ReportDetail>()
      expect(report).toMatchObject({ customerId: acme, source: 'mail', format: parser.format, status: 'parsed' })
      expect(report.events).toEqual([
        expect.objectContaining({ job: 'Fileserver nightly@FS01', host: 'FS01', result: 'failed' }),
      ])
      const ok = await wiring.mailIn.receive(kestrelMail('OK', `k2.${dialect}@fs01`), 'api')
      expect(ok.status).toBe('report')
      const page = (await get(`/customers/${acme}/reports?job=Fileserver%20nightly%40FS01`)).json<ReportPage>()
      expect(page.items).toHaveLength(2)

      // The same mail again: nothing happens twice.
      expect(await wiring.mailIn.receive(kestrelMail('FAILED', `k1.${dialect}@fs01`), 'api')).toMatchObject({
        mailId: failed.mailId,
        status: 'report',
        duplicate: true,
      })
      const ticketsAfter = await sladesk.database.db
        .selectFrom('tickets')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
      expect(Number(ticketsAfter.n)).toBe(Number(ticketsBefore.n))
      const reports = await sladesk.database.db
        .selectFrom('monitoring_reports')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('customer_id', '=', acme)
        .executeTakeFirstOrThrow()
      expect(Number(reports.n)).toBe(2)
    })
  })
}
