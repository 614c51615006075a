import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import nodemailer from 'nodemailer'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { as, expectProblem, signIn, useApp, type Session } from '../../../test/support/app.js'
import { dialects } from '../../../test/support/databases.js'
import { make } from '../../../test/support/factories.js'
import { wireMailRules, type MailRulesWiring } from '../../../test/support/mail-rules.js'
import { startSmtpReceiver, type SmtpReceiver } from '../../platform/mail/smtp-receiver.js'
import type { ReportDetail } from '../monitoring/schema.js'
import type { Ticket } from '../tickets/schema.js'
import { rawMail } from '../../../test/support/mail.js'

const VEEAM_FAILED = readFileSync(
  join(import.meta.dirname, '../../../test/fixtures/monitoring/veeam/failed.html'),
  'utf8',
)

for (const dialect of dialects) {
  describe(`mail in [${dialect}]`, () => {
    const ctx = useApp(dialect)
    let admin: Session
    let customerId: string
    let contactEmail: string
    let techEmail: string
    let seq = 0
    const mid = () => `m${++seq}.${dialect}@mail.klant.example`

    const receive = async (raw: Buffer) => {
      const res = await as(
        ctx.app,
        admin,
      )({
        method: 'POST',
        url: '/api/mail',
        headers: { 'content-type': 'message/rfc822' },
        payload: raw,
      })
      expect(res.statusCode, res.body).toBe(202)
      return res.json<{ mailId: string; status: string; ticketId: string | null; duplicate: boolean }>()
    }
    const ticket = async (id: string) =>
      (await as(ctx.app, admin)({ method: 'GET', url: `/api/tickets/${id}` })).json<Ticket>()
    const articles = async (id: string) =>
      (await as(ctx.app, admin)({ method: 'GET', url: `/api/tickets/${id}/articles` })).json<{
        items: { kind: string; bodyText: string; bodyHtml: string | null; byStaff: boolean; folded: object | null }[]
      }>().items

    beforeAll(async () => {
      const a = await make.user(ctx.db, { role: 'admin' })
      const tech = await make.user(ctx.db, { role: 'technician' })
      techEmail = tech.email
      const customer = await make.customer(ctx.db, { name: 'Bakkerij De Korst', name_key: 'bakkerij de korst' })
      customerId = customer.id
      const contact = await make.contact(ctx.db, { customer_id: customerId, is_key_contact: 1, name: 'Piet Bakker' })
      contactEmail = contact.email
      admin = await signIn(ctx.app, a.email)
    })

    it('opens a ticket for a mail from a known contact, once, however often it arrives', async () => {
      const raw = rawMail({
        from: `Piet Bakker <${contactEmail.toUpperCase()}>`,
        subject: 'Kassa start niet',
        body: 'Sinds vanochtend blijft de kassa op zwart.\n\nMet vriendelijke groet,\nPiet',
        messageId: mid(),
      })
      const first = await receive(raw)
      expect(first).toMatchObject({ status: 'ticket', duplicate: false })
      const t = await ticket(first.ticketId!)
      expect(t).toMatchObject({
        customerId,
        title: 'Kassa start niet',
        source: 'email',
        requester: { name: 'Piet Bakker' },
      })
      const again = await receive(raw)
      expect(again).toMatchObject({ mailId: first.mailId, duplicate: true, ticketId: first.ticketId })
      const count = await ctx.db
        .selectFrom('tickets')
        .select(ctx.db.fn.countAll().as('n'))
        .where('customer_id', '=', customerId)
        .executeTakeFirstOrThrow()
      expect(Number(count.n)).toBe(1)
      // The requester gets the confirmation with the ticket number, marked as automatic.
      const confirmation = await ctx.db
        .selectFrom('outbox')
        .selectAll()
        .where('ref_id', '=', first.ticketId)
        .where('kind', '=', 'ticket.received')
        .executeTakeFirstOrThrow()
      expect(confirmation.to_address).toBe(contactEmail)
      expect(confirmation.subject).toContain(`[#${t.number}]`)
    })

    it('threads replies by the reference sladesk sent, by In-Reply-To and by the subject token', async () => {
      const opened = await receive(
        rawMail({ from: contactEmail, subject: 'Wifi in de winkel', body: 'Geen bereik', messageId: mid() }),
      )
      const id = opened.ticketId!
      const number = (await ticket(id)).number
      const outboxId = (
        await ctx.db.selectFrom('outbox').select('id').where('ref_id', '=', id).executeTakeFirstOrThrow()
      ).id
      const byReference = await receive(
        rawMail({
          from: contactEmail,
          subject: `Re: [#${number}] Uw melding is ontvangen`,
          body: 'Nu ook in het magazijn.\n\nOp zo 29 nov 2026 om 13:05 schreef Servicedesk <support@msp.example>:\n> Uw melding is ontvangen',
          messageId: mid(),
          headers: {
            'In-Reply-To': `<${outboxId}@sladesk>`,
            References: `<ticket.${id}@sladesk> <${outboxId}@sladesk>`,
          },
        }),
      )
      expect(byReference).toMatchObject({ status: 'reply', ticketId: id })
      const byToken = await receive(
        rawMail({ from: contactEmail, subject: `Antw: [#${number}]`, body: 'En de printer', messageId: mid() }),
      )
      expect(byToken).toMatchObject({ status: 'reply', ticketId: id })
      const bodies = (await articles(id)).map((a) => a.bodyText)
      // The quoted history is folded away from the article text.
      expect(bodies).toEqual(expect.arrayContaining(['Nu ook in het magazijn.', 'En de printer']))
      const first = (await articles(id)).find((a) => a.kind === 'mail')
      expect(first).toMatchObject({ bodyText: 'Geen bereik', folded: { visible: 'Geen bereik', quoted: null } })
    })

    it('takes a technician answering by mail as the response that meets the clock', async () => {
      const opened = await receive(
        rawMail({ from: contactEmail, subject: 'Server traag', body: 'Alles hangt', messageId: mid() }),
      )
      const id = opened.ticketId!
      const reply = await receive(
        rawMail({
          from: techEmail,
          subject: 'Re: Server traag',
          body: 'Ik kijk er nu naar.',
          messageId: mid(),
          headers: { References: `<ticket.${id}@sladesk>` },
        }),
      )
      expect(reply.status).toBe('reply')
      const t = await ticket(id)
      expect(t.sla.firstResponseState).toBe('met')
      expect((await articles(id)).find((a) => a.bodyText === 'Ik kijk er nu naar.')?.byStaff).toBe(true)
    })

    it('puts unknown senders in the triage queue, from where a person opens the ticket', async () => {
      const res = await receive(
        rawMail({
          from: 'onbekend@elders.example',
          subject: 'Offerte gevraagd',
          body: 'Kunt u ons helpen?',
          messageId: mid(),
        }),
      )
      expect(res).toMatchObject({ status: 'triage', ticketId: null })
      const queue = await as(ctx.app, admin)({ method: 'GET', url: '/api/mail' })
      const item = queue
        .json<{ items: { id: string; reason: string; text: string }[] }>()
        .items.find((m) => m.id === res.mailId)
      expect(item).toMatchObject({ reason: 'unknown sender', text: expect.stringContaining('Kunt u ons helpen?') })
      const assigned = await as(
        ctx.app,
        admin,
      )({
        method: 'POST',
        url: `/api/mail/${res.mailId}/assign`,
        payload: { customerId, type: 'question' },
      })
      expect(assigned.statusCode, assigned.body).toBe(200)
      const t = await ticket(assigned.json<{ ticketId: string }>().ticketId)
      expect(t).toMatchObject({ title: 'Offerte gevraagd', type: 'question', customerId })
      expectProblem(
        await as(ctx.app, admin)({ method: 'POST', url: `/api/mail/${res.mailId}/assign`, payload: { customerId } }),
        409,
        'mail_processed',
      )
      const raw = await as(ctx.app, admin)({ method: 'GET', url: `/api/mail/${res.mailId}/raw` })
      expect(raw.headers['content-type']).toBe('message/rfc822')
      expect(raw.body).toContain('Subject: Offerte gevraagd')
    })

    it('never answers automatic mail: out-of-office replies and bounces are kept and set aside', async () => {
      const before = await ctx.db.selectFrom('outbox').select(ctx.db.fn.countAll().as('n')).executeTakeFirstOrThrow()
      const ooo = await receive(
        rawMail({
          from: contactEmail,
          subject: 'Automatisch antwoord: Uw melding is ontvangen',
          body: 'Ik ben afwezig tot maandag.',
          messageId: mid(),
          headers: { 'Auto-Submitted': 'auto-replied' },
        }),
      )
      expect(ooo).toMatchObject({ status: 'ignored', ticketId: null })
      // Its own notification coming back (a forward rule pointing at the desk) is a loop, not a new ticket.
      const loop = await receive(
        rawMail({
          from: 'sladesk <sladesk@localhost>',
          subject: '[#2026-000001] Uw melding is ontvangen',
          body: 'x',
          messageId: mid(),
        }),
      )
      expect(loop).toMatchObject({ status: 'ignored', ticketId: null })
      const after = await ctx.db.selectFrom('outbox').select(ctx.db.fn.countAll().as('n')).executeTakeFirstOrThrow()
      expect(Number(after.n)).toBe(Number(before.n))
    })

    it('keeps what it cannot read, and stores HTML only sanitised', async () => {
      const garbage = await receive(Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x02, 0x03]))
      expect(garbage.status).toBe('failed')
      const raw = await as(ctx.app, admin)({ method: 'GET', url: `/api/mail/${garbage.mailId}/raw` })
      expect(raw.rawPayload).toEqual(Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x02, 0x03]))
      const html = await receive(
        rawMail({
          from: contactEmail,
          subject: 'Rare melding',
          body: 'Zie de tekst',
          html: '<p onclick="steal()">Zie <a href="javascript:alert(1)">dit</a></p><script>alert(1)</script>',
          messageId: mid(),
        }),
      )
      const stored = (await articles(html.ticketId!)).find((a) => a.kind === 'mail')
      expect(stored?.bodyHtml).toContain('Zie')
      expect(stored?.bodyHtml).not.toMatch(/script|onclick|javascript:/i)
    })

    describe('backup notification mails', () => {
      let wiring: MailRulesWiring
      let smtp: SmtpReceiver | undefined
      let acme: string
      const SYSTEM = { kind: 'system', label: 'test' } as const
      const veeamMail = (to: string, messageId: string, headers: Record<string, string> = {}) =>
        rawMail({
          from: 'Veeam Backup <veeam@hv01.acme.example>',
          to,
          subject: '[Failed] Daily VMs (3 machines) 1 failed',
          body: 'Daily VMs failed',
          html: VEEAM_FAILED,
          messageId,
          headers,
        })
      /** Delivers over real SMTP; the receiver answers 250 only once the mail is processed. */
      const deliver = async (raw: Buffer, rcpt: string) => {
        const transport = nodemailer.createTransport({
          host: '127.0.0.1',
          port: smtp!.port,
          secure: false,
          ignoreTLS: true,
        })
        try {
          await transport.sendMail({ envelope: { from: 'veeam@hv01.acme.example', to: [rcpt] }, raw })
        } finally {
          transport.close()
        }
      }
      const inbound = (messageId: string) =>
        ctx.db.selectFrom('inbound_mails').selectAll().where('message_id', '=', messageId).execute()

      beforeAll(async () => {
        wiring = wireMailRules(ctx.sladesk, () => ctx.clock.now)
        smtp = await startSmtpReceiver({
          listen: '127.0.0.1:0',
          maxBytes: 10 * 1024 * 1024,
          onMessage: async (raw, envelope) => {
            await wiring.mailIn.receive(raw, 'smtp', envelope)
          },
        })
        acme = (await make.customer(ctx.db, { name: 'Acme Logistics', name_key: 'acme logistics' })).id
        await wiring.mailRules.createRule(SYSTEM, {
          name: 'Acme backups',
          customerId: acme,
          kind: 'backup',
          enabled: true,
          match: { to: 'backup+acme@msp.example' },
        })
      })
      afterAll(() => smtp?.close())

      it("makes a notification sent to a customer's alias a report of that customer, once, and no ticket", async () => {
        const id = mid()
        // Addressed to a list in the header; the alias is only in the SMTP envelope. Marked as machine-sent too.
        const raw = veeamMail('backups@msp.example', id, { 'Auto-Submitted': 'auto-generated' })
        const outboxBefore = await ctx.db
          .selectFrom('outbox')
          .select(ctx.db.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
        await deliver(raw, 'backup+acme@msp.example')
        await deliver(raw, 'backup+acme@msp.example')

        const rows = await inbound(id)
        expect(rows).toHaveLength(1)
        expect(rows[0]).toMatchObject({ status: 'report', customer_id: acme, ticket_id: null, source: 'smtp' })
        const reportId = /^backup report (\S+) \(parsed, veeam\)$/.exec(rows[0]!.reason ?? '')?.[1]
        expect(reportId, rows[0]!.reason ?? '').toBeDefined()
        const res = await as(ctx.app, admin)({ method: 'GET', url: `/api/reports/${reportId}` })
        expect(res.statusCode, res.body).toBe(200)
        expect(res.json<ReportDetail>()).toMatchObject({ customerId: acme, source: 'mail', format: 'veeam' })
        expect(res.json<ReportDetail>().events.some((e) => e.result === 'failed')).toBe(true)

        const reports = await ctx.db
          .selectFrom('monitoring_reports')
          .select(ctx.db.fn.countAll().as('n'))
          .where('customer_id', '=', acme)
          .executeTakeFirstOrThrow()
        expect(Number(reports.n)).toBe(1)
        const tickets = await ctx.db
          .selectFrom('tickets')
          .select(ctx.db.fn.countAll().as('n'))
          .where('customer_id', '=', acme)
          .executeTakeFirstOrThrow()
        expect(Number(tickets.n)).toBe(0)
        const outboxAfter = await ctx.db
          .selectFrom('outbox')
          .select(ctx.db.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
        expect(Number(outboxAfter.n)).toBe(Number(outboxBefore.n))
      })

      it('leaves a notification no rule names in triage, with a hint when a built-in parser knows it', async () => {
        const res = await wiring.mailIn.receive(veeamMail('support@msp.example', mid()), 'api')
        expect(res).toMatchObject({ status: 'triage', ticketId: null })
        const [row] = await ctx.db.selectFrom('inbound_mails').selectAll().where('id', '=', res.mailId).execute()
        expect(row?.reason).toBe('unknown sender; looks like a Veeam report: add a mail rule')
        const plain = await wiring.mailIn.receive(
          rawMail({ from: 'iemand@elders.example', subject: 'Vraagje', body: 'Hoi', messageId: mid() }),
          'api',
        )
        const [other] = await ctx.db.selectFrom('inbound_mails').selectAll().where('id', '=', plain.mailId).execute()
        expect(other?.reason).toBe('unknown sender')
      })

      it('does not take a bounce that comes back to the alias for a report', async () => {
        const bounce = rawMail({
          from: 'Mail Delivery System <MAILER-DAEMON@mx.acme.example>',
          to: 'backup+acme@msp.example',
          subject: 'Undelivered Mail Returned to Sender',
          body: 'This is the mail system.',
          messageId: mid(),
        })
        expect((await wiring.mailIn.receive(bounce, 'api')).status).toBe('ignored')
      })
    })
  })
}
