import type { AddressInfo } from 'node:net'
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser'
import { SMTPServer } from 'smtp-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { as, signIn, useApp, type AppContext, type Session } from '../../../test/support/app.js'
import { dialects } from '../../../test/support/databases.js'
import { make } from '../../../test/support/factories.js'
import type { Actor } from '../access.js'
import { actorOf } from '../../modules/users/auth.js'
import { MAX_ATTEMPTS, retryDelayMs } from './outbox.js'

/** A real SMTP server on 127.0.0.1 that keeps what it receives; plain SMTP, no TLS, no authentication. */
class SmtpSink {
  readonly received: { rcptTo: string[]; mail: ParsedMail }[] = []
  port = 0
  private server: SMTPServer | undefined

  /** Listens on `port`, or on a free one the first time. */
  async start(port = this.port): Promise<void> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, session, done) => {
        simpleParser(stream).then(
          (mail) => {
            this.received.push({ rcptTo: session.envelope.rcptTo.map((r) => r.address), mail })
            done()
          },
          (err: Error) => done(err),
        )
      },
    })
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', reject)
      server.listen(port, '127.0.0.1', () => resolve())
    })
    this.port = (server.server.address() as AddressInfo).port
    this.server = server
  }

  async stop(): Promise<void> {
    const server = this.server
    this.server = undefined
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()))
  }
}

const addresses = (a: AddressObject | AddressObject[] | undefined) =>
  (Array.isArray(a) ? a : a ? [a] : []).flatMap((x) => x.value.map((v) => v.address))

/** Invites a new contact of a new customer; returns the contact's e-mail and the id of the mail in the outbox. */
async function inviteSomeone(
  ctx: AppContext,
  admin: Actor,
  customerName: string,
): Promise<{ to: string; mailId: string }> {
  const { customers } = ctx.sladesk.services
  const customer = await customers.create(admin, { name: customerName, country: 'NL' })
  const to = `${customer.id.slice(-12)}@klant.example`
  const contact = await customers.addContact(admin, customer.id, { name: 'Fleur Ontvanger', email: to })
  await customers.inviteContact(admin, contact.id)
  const mail = await ctx.db.selectFrom('outbox').select('id').where('to_address', '=', to).executeTakeFirstOrThrow()
  return { to, mailId: mail.id }
}

const outboxRow = (ctx: AppContext, id: string) =>
  ctx.db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow()

describe('retry back-off', () => {
  it.each([
    [1, 60_000],
    [2, 120_000],
    [3, 240_000],
    [9, 256 * 60_000],
    [10, 6 * 3_600_000],
    [50, 6 * 3_600_000],
  ])('waits after attempt %i for %i ms', (attempts, ms) => {
    expect(retryDelayMs(attempts)).toBe(ms)
  })
})

for (const dialect of dialects) {
  describe(`outbox over SMTP [${dialect}]`, () => {
    const sink = new SmtpSink()
    beforeAll(() => sink.start())
    afterAll(() => sink.stop())
    const ctx = useApp(dialect, () => ({ smtpUrl: `smtp://127.0.0.1:${sink.port}` }))
    let admin: Actor
    let session: Session

    beforeAll(async () => {
      const user = await make.user(ctx.db, { role: 'admin' })
      admin = actorOf(user)
      session = await signIn(ctx.app, user.email)
    })

    it('delivers an invitation over SMTP and marks it sent', async () => {
      const { to, mailId } = await inviteSomeone(ctx, admin, 'Café De Ëik')
      ctx.clock.now += 1_000
      expect(await ctx.sladesk.services.mailer.sendDue()).toEqual({ sent: 1, failed: 0 })

      expect(sink.received).toHaveLength(1)
      const { rcptTo, mail } = sink.received[0]!
      expect(rcptTo).toEqual([to])
      expect(addresses(mail.to)).toEqual([to])
      expect(addresses(mail.from)).toEqual(['sladesk@localhost'])
      expect(mail.subject).toBe('Uitnodiging voor het klantenportaal van sladesk')
      expect(mail.messageId).toBe(`<${mailId}@sladesk>`)
      expect(mail.text).toContain('namens Café De Ëik')
      const token = /http:\/\/127\.0\.0\.1:8080\/invite\/([A-Za-z0-9_-]+)/.exec(mail.text ?? '')?.[1]
      expect(token).toBeDefined()
      // The link in the delivered mail is the one that works.
      expect((await ctx.sladesk.services.auth.invitation(token ?? '')).view.email).toBe(to)

      expect(await outboxRow(ctx, mailId)).toMatchObject({
        status: 'sent',
        sent_at: ctx.clock.now,
        attempts: 1,
        last_error: null,
      })
      // Sent is sent: nothing goes out twice.
      expect(await ctx.sladesk.services.mailer.sendDue()).toEqual({ sent: 0, failed: 0 })
      expect(sink.received).toHaveLength(1)
    })

    it('lists the outbox with smtpConfigured true and shows one mail with its body', async () => {
      const api = as(ctx.app, session)
      const list = await api({ method: 'GET', url: '/api/outbox?status=sent' })
      expect(list.statusCode).toBe(200)
      const page = list.json<{ items: { id: string; status: string }[]; smtpConfigured: boolean }>()
      expect(page.smtpConfigured).toBe(true)
      expect(page.items.length).toBeGreaterThan(0)
      expect(page.items.every((m) => m.status === 'sent')).toBe(true)
      const one = await api({ method: 'GET', url: `/api/outbox/${page.items[0]?.id}` })
      expect(one.json()).toMatchObject({ status: 'sent', bodyText: expect.stringContaining('/invite/') })
    })

    it('keeps an undeliverable mail with its error and a growing back-off; gives up after MAX_ATTEMPTS', async () => {
      await sink.stop()
      try {
        const { mailId } = await inviteSomeone(ctx, admin, 'Onbereikbaar BV')
        const { mailer } = ctx.sladesk.services
        ctx.clock.now += 1_000
        expect(await mailer.sendDue()).toEqual({ sent: 0, failed: 1 })
        let row = await outboxRow(ctx, mailId)
        expect(row).toMatchObject({
          status: 'pending',
          attempts: 1,
          sent_at: null,
          next_attempt_at: ctx.clock.now + retryDelayMs(1),
        })
        expect(row.last_error).toMatch(/ECONNREFUSED|connect/i)

        // Not due yet: no new attempt.
        ctx.clock.now += retryDelayMs(1) - 1
        expect(await mailer.sendDue()).toEqual({ sent: 0, failed: 0 })
        expect((await outboxRow(ctx, mailId)).attempts).toBe(1)

        for (let attempt = 2; attempt <= MAX_ATTEMPTS; attempt++) {
          ctx.clock.now = row.next_attempt_at
          expect(await mailer.sendDue()).toEqual({ sent: 0, failed: 1 })
          row = await outboxRow(ctx, mailId)
          expect(row).toMatchObject({ attempts: attempt, next_attempt_at: ctx.clock.now + retryDelayMs(attempt) })
          expect(row.status).toBe(attempt < MAX_ATTEMPTS ? 'pending' : 'failed')
        }
        ctx.clock.now += 7 * 86_400_000
        expect(await mailer.sendDue()).toEqual({ sent: 0, failed: 0 })
        expect((await outboxRow(ctx, mailId)).attempts).toBe(MAX_ATTEMPTS)
      } finally {
        await sink.start()
      }
    })

    it('queues a failed mail again on POST /api/outbox/:id/retry; it goes out once the server is back', async () => {
      await sink.stop()
      let failed: { id: string; to_address: string }
      try {
        const { to, mailId } = await inviteSomeone(ctx, admin, 'Tweede Kans BV')
        for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
          ctx.clock.now = (await outboxRow(ctx, mailId)).next_attempt_at
          await ctx.sladesk.services.mailer.sendDue()
        }
        expect((await outboxRow(ctx, mailId)).status).toBe('failed')
        failed = { id: mailId, to_address: to }
      } finally {
        await sink.start()
      }
      const api = as(ctx.app, session)

      const res = await api({ method: 'POST', url: `/api/outbox/${failed.id}/retry` })
      expect(res.statusCode, res.body).toBe(200)
      expect(res.json()).toMatchObject({ id: failed.id, status: 'pending', attempts: 0, nextAttemptAt: ctx.clock.now })
      const audit = await ctx.db
        .selectFrom('audit_log')
        .select(['action', 'actor_id'])
        .where('entity_id', '=', failed.id)
        .execute()
      expect(audit.map((a) => a.action)).toEqual(['mail.retried'])

      const before = sink.received.length
      expect(await ctx.sladesk.services.mailer.sendDue()).toEqual({ sent: 1, failed: 0 })
      expect(sink.received.slice(before).map((r) => r.rcptTo)).toEqual([[failed.to_address]])
      expect(await outboxRow(ctx, failed.id)).toMatchObject({ status: 'sent', attempts: 1, last_error: null })

      const again = await api({ method: 'POST', url: `/api/outbox/${failed.id}/retry` })
      expect(again.statusCode).toBe(409)
      expect(again.json()).toMatchObject({ code: 'mail_already_sent' })
    })

    it('lets a technician retry but not a billing user', async () => {
      const { mailId } = await inviteSomeone(ctx, admin, 'Wachtrij Techniek')
      const technician = as(ctx.app, await signIn(ctx.app, (await make.user(ctx.db, { role: 'technician' })).email))
      const billing = as(ctx.app, await signIn(ctx.app, (await make.user(ctx.db, { role: 'billing' })).email))
      expect((await billing({ method: 'POST', url: `/api/outbox/${mailId}/retry` })).statusCode).toBe(403)
      expect((await billing({ method: 'GET', url: '/api/outbox' })).statusCode).toBe(403)
      expect((await technician({ method: 'POST', url: `/api/outbox/${mailId}/retry` })).statusCode).toBe(200)
      expect(await ctx.sladesk.services.mailer.sendDue()).toEqual({ sent: 1, failed: 0 })
    })
  })

  describe(`outbox without SMTP [${dialect}]`, () => {
    const ctx = useApp(dialect)

    it('keeps mails pending, readable in the outbox, and says that no SMTP server is configured', async () => {
      const user = await make.user(ctx.db, { role: 'admin' })
      const { to, mailId } = await inviteSomeone(ctx, actorOf(user), 'Geen Mailserver BV')
      ctx.clock.now += 3_600_000
      expect(await ctx.sladesk.services.mailer.sendDue()).toEqual({ sent: 0, failed: 0 })
      expect(await outboxRow(ctx, mailId)).toMatchObject({
        status: 'pending',
        attempts: 0,
        last_error: null,
        sent_at: null,
      })

      const api = as(ctx.app, await signIn(ctx.app, user.email))
      const list = await api({ method: 'GET', url: '/api/outbox' })
      expect(list.json()).toMatchObject({
        smtpConfigured: false,
        items: [expect.objectContaining({ id: mailId, to, status: 'pending' })],
      })
      const one = await api({ method: 'GET', url: `/api/outbox/${mailId}` })
      expect(one.statusCode).toBe(200)
      expect(one.json()).toMatchObject({
        id: mailId,
        to,
        subject: 'Uitnodiging voor het klantenportaal van sladesk',
        bodyHtml: null,
      })
      expect(one.json<{ bodyText: string }>().bodyText).toMatch(
        /http:\/\/127\.0\.0\.1:8080\/invite\/[A-Za-z0-9_-]{20,}/,
      )
    })

    it('answers 404 for a mail that does not exist', async () => {
      const user = await make.user(ctx.db, { role: 'technician' })
      const res = await as(
        ctx.app,
        await signIn(ctx.app, user.email),
      )({ method: 'GET', url: '/api/outbox/0190b1a0-0000-7000-8000-000000000000' })
      expect(res.statusCode).toBe(404)
      expect(res.json()).toMatchObject({ code: 'mail_not_found' })
    })
  })
}
