import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import nodemailer from 'nodemailer'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '../src/app.js'
import { rawMail } from './support/mail.js'
import { testConfig, useApp } from './support/app.js'
import { dialects } from './support/databases.js'
import { startDovecot, type Dovecot } from './support/dovecot.js'
import { make } from './support/factories.js'

const run = promisify(execFile)

/**
 * The mail channels end to end, with real components: swaks and nodemailer talking SMTP to the built-in receiver,
 * and Dovecot serving the mailbox that sladesk polls over IMAP.
 */
for (const dialect of dialects) {
  describe(`mail in over SMTP [${dialect}]`, () => {
    const ctx = useApp(dialect, () => ({
      mailIn: { ...testConfig().mailIn, smtpListen: '127.0.0.1:0', maxBytes: 1_048_576 },
    }))
    let port: number
    let contactEmail: string
    let customerId: string

    const count = async (table: 'tickets' | 'inbound_mails') =>
      Number((await ctx.db.selectFrom(table).select(ctx.db.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)

    beforeAll(async () => {
      await ctx.sladesk.startMailIn()
      port = ctx.sladesk.smtp!.port
      const customer = await make.customer(ctx.db, { name: 'Tandartspraktijk Wit', name_key: 'tandartspraktijk wit' })
      customerId = customer.id
      contactEmail = (await make.contact(ctx.db, { customer_id: customerId, is_key_contact: 1, name: 'Anna Wit' }))
        .email
    })

    it('turns a mail sent with swaks into a ticket, and threads the reply to its notification into the same ticket', async () => {
      await run('swaks', [
        '--server',
        '127.0.0.1',
        '--port',
        String(port),
        '--from',
        contactEmail,
        '--to',
        'support@msp.example',
        '--header',
        'Subject: Röntgenapparaat geeft foutcode E42',
        '--header',
        `Message-ID: <swaks-1.${dialect}@praktijk.example>`,
        '--body',
        'Sinds de update van vannacht start het programma niet meer.',
      ])
      const ticket = await ctx.db
        .selectFrom('tickets')
        .selectAll()
        .where('customer_id', '=', customerId)
        .executeTakeFirstOrThrow()
      expect(ticket).toMatchObject({ title: 'Röntgenapparaat geeft foutcode E42', source: 'email' })
      const notice = await ctx.db
        .selectFrom('outbox')
        .selectAll()
        .where('ref_id', '=', ticket.id)
        .where('kind', '=', 'ticket.received')
        .executeTakeFirstOrThrow()
      expect(notice.to_address).toBe(contactEmail)

      // The customer answers the notification from an ordinary mail client.
      const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true })
      await transport.sendMail({
        from: `Anna Wit <${contactEmail}>`,
        to: 'support@msp.example',
        subject: `Re: ${notice.subject}`,
        text: 'Het toestel heeft serienummer 88-123.\n\n> Wij hebben uw melding ontvangen',
        inReplyTo: `<${notice.id}@sladesk>`,
        references: [`<ticket.${ticket.id}@sladesk>`, `<${notice.id}@sladesk>`],
      })
      transport.close()
      const articles = await ctx.db
        .selectFrom('ticket_articles')
        .select(['body_text', 'kind'])
        .where('ticket_id', '=', ticket.id)
        .orderBy('id')
        .execute()
      expect(articles.map((a) => a.body_text)).toContain('Het toestel heeft serienummer 88-123.')
      expect(await count('tickets')).toBe(1)
    })

    it('refuses a mail over the size limit with 552, and stores nothing of it', async () => {
      const before = await count('inbound_mails')
      // A 3 MB scan as an attachment, the way a mail client sends it (swaks reads it from a file).
      const dir = mkdtempSync(join(tmpdir(), 'sladesk-swaks-'))
      const file = join(dir, 'scan.pdf')
      writeFileSync(file, Buffer.alloc(3 * 1024 * 1024, 7))
      const result = await run('swaks', [
        '--server',
        '127.0.0.1',
        '--port',
        String(port),
        '--from',
        contactEmail,
        '--to',
        'support@msp.example',
        '--header',
        'Subject: Grote bijlage',
        '--attach-type',
        'application/pdf',
        '--attach',
        `@${file}`,
        // Do not echo the 4 MB of DATA back.
        '--suppress-data',
      ])
        .catch((err: { stdout: string; stderr: string; code: number }) => err)
        .finally(() => rmSync(dir, { recursive: true, force: true }))
      expect('code' in result ? result.code : 0).not.toBe(0)
      // swaks prints the server's refusal as "<** 552 …".
      expect(`${result.stdout}${result.stderr}`).toMatch(/552 .*exceeds fixed maximum message size 1048576/)
      expect(await count('inbound_mails')).toBe(before)
    })
  })

  describe(`mail in over IMAP [${dialect}]`, () => {
    let dovecot: Dovecot
    beforeAll(async () => {
      dovecot = await startDovecot()
    })
    afterAll(async () => {
      await dovecot?.stop()
    })
    const ctx = useApp(dialect, () => ({ mailIn: { ...testConfig().mailIn, imapUrl: dovecot.url } }))

    it('fetches a mail into a ticket exactly once, also when sladesk restarts before it saved how far it read', async () => {
      const customer = await make.customer(ctx.db, { name: 'Notariaat Bos', name_key: 'notariaat bos' })
      const contact = await make.contact(ctx.db, { customer_id: customer.id, is_key_contact: 1 })
      const tickets = () =>
        ctx.db
          .selectFrom('tickets')
          .select(['id', 'title'])
          .where('customer_id', '=', customer.id)
          .orderBy('id')
          .execute()
      await dovecot.append(
        rawMail({
          from: contact.email,
          subject: 'Scanner op kantoor',
          body: 'Scant niet meer naar de map',
          messageId: `imap-1.${dialect}@bos.example`,
        }),
      )
      expect(await ctx.sladesk.imap!.pollOnce()).toEqual({ fetched: 1 })
      expect(await ctx.sladesk.imap!.pollOnce()).toEqual({ fetched: 0 })
      expect((await tickets()).map((t) => t.title)).toEqual(['Scanner op kantoor'])

      await dovecot.append(
        rawMail({
          from: contact.email,
          subject: 'Tweede scherm zwart',
          body: 'Na het weekend',
          messageId: `imap-2.${dialect}@bos.example`,
        }),
      )
      expect(await ctx.sladesk.imap!.pollOnce()).toEqual({ fetched: 1 })
      // The process died after taking the mail in but before it saved the cursor: the row still says the first uid.
      const cursor = await ctx.db.selectFrom('imap_cursors').selectAll().executeTakeFirstOrThrow()
      expect(Number(cursor.last_uid)).toBe(2)
      expect(cursor.mailbox).not.toContain('w@chtw')
      await ctx.db.updateTable('imap_cursors').set({ last_uid: 1 }).execute()

      // A new sladesk on the same database reads the mail again and recognises it.
      const restarted = await buildApp(testConfig({ mailIn: { ...testConfig().mailIn, imapUrl: dovecot.url } }), {
        database: ctx.sladesk.database,
      })
      try {
        expect(await restarted.imap!.pollOnce()).toEqual({ fetched: 1 })
      } finally {
        await restarted.imap?.close()
        await restarted.app.close()
      }
      expect((await tickets()).map((t) => t.title)).toEqual(['Scanner op kantoor', 'Tweede scherm zwart'])
      const mails = await ctx.db.selectFrom('inbound_mails').select(['message_id', 'source']).orderBy('id').execute()
      expect(mails).toEqual([
        { message_id: `imap-1.${dialect}@bos.example`, source: 'imap' },
        { message_id: `imap-2.${dialect}@bos.example`, source: 'imap' },
      ])
    })
  })
}
