import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { foldQuotedText } from './html.js'
import { MalformedMailError, parseInbound, ticketTokenOf, type InboundMail } from './inbound.js'

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url))
const crlf = (raw: Buffer) => Buffer.from(raw.toString('latin1').replace(/\r?\n/g, '\r\n'), 'latin1')

/** The parsed mail with attachment contents left out, for whole-object assertions. */
const withoutContent = (mail: InboundMail) => ({
  ...mail,
  attachments: mail.attachments.map(({ content: _, ...rest }) => rest),
})

const PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAAFklEQVR4nGOQj19BEmIY1TCqYfhqAADEXyYQTnVA6wAAAABJRU5ErkJggg=='
const PDF_START = '%PDF-1.4\n'

describe('parseInbound on real-world mails', () => {
  it('reads an Outlook/Exchange reply with an embedded image, an attachment and Dutch history', async () => {
    const mail = await parseInbound(fixture('outlook-reply-inline-image.eml'))
    expect(withoutContent(mail)).toEqual({
      messageId: 'AM9PR01MB76541A2B3C4D5E6F7A8B9C0DE1F2A@AM9PR01MB7654.eurprd01.prod.exchangelabs.com',
      inReplyTo: '0190b1a0-1111-7000-8000-000000000001@sladesk',
      references: ['0190b1a0-1111-7000-8000-000000000001@sladesk'],
      from: { address: 'piet.puk@bakkerij-puk.nl', name: 'Piet Puk' },
      replyTo: null,
      to: ['helpdesk@msp.example'],
      cc: ['anja@bakkerij-puk.nl'],
      subject: 'RE: Printer op kantoor doet het niet [#2026-000123]',
      date: Date.UTC(2026, 10, 3, 10, 42, 15),
      text: [
        'Hoi,',
        '',
        'De printer doet het nog steeds niet. Hierbij een foto van de foutmelding en de configuratiepagina.',
        '',
        'Met vriendelijke groet,',
        '',
        'Piet Puk',
        'Bakkerij Puk B.V.',
        '[logo]',
        '',
        'Van: Helpdesk MSP <helpdesk@msp.example>',
        'Verzonden: maandag 2 november 2026 16:05',
        'Aan: Piet Puk <Piet.Puk@Bakkerij-Puk.nl>',
        'Onderwerp: Printer op kantoor doet het niet [#2026-000123]',
        '',
        'Beste Piet,',
        '',
        'We hebben de printer op afstand opnieuw gestart. Werkt hij nu weer?',
        '',
        'Groet,',
        'Helpdesk MSP',
      ].join('\n'),
      html: expect.any(String),
      attachments: [
        {
          filename: 'image001.png',
          contentType: 'image/png',
          size: 79,
          contentId: 'image001.png@01DB0DE4.5A3B2C10',
          inline: true,
        },
        {
          filename: 'Configuratiepagina printer.pdf',
          contentType: 'application/pdf',
          size: 125,
          contentId: null,
          inline: false,
        },
      ],
      automatic: null,
      ticketToken: '2026-000123',
    })
    expect(mail.attachments[0]!.content.toString('base64')).toBe(PNG_BASE64)
    expect(mail.attachments[1]!.content.toString('latin1').startsWith(PDF_START)).toBe(true)

    // The embedded image stays a cid: reference to the attachment; Word's markup and styles are gone.
    expect(mail.html).toContain('<img src="cid:image001.png@01DB0DE4.5A3B2C10" alt="logo" width="16" height="16" />')
    expect(mail.html).toContain('<p><b>Piet Puk</b><br />Bakkerij Puk B.V.</p>')
    expect(mail.html).not.toMatch(/<style|MsoNormal|<o:p|<meta|class=/)

    expect(foldQuotedText(mail.text)).toEqual({
      visible:
        'Hoi,\n\nDe printer doet het nog steeds niet. Hierbij een foto van de foutmelding en de configuratiepagina.\n\nMet vriendelijke groet,\n\nPiet Puk\nBakkerij Puk B.V.\n[logo]',
      quoted: expect.stringMatching(/^Van: Helpdesk MSP <helpdesk@msp\.example>\nVerzonden: .*\n[\s\S]*Helpdesk MSP$/),
      signature: null,
    })
  })

  it('reads the same from CRLF line ends as from LF', async () => {
    const lf = fixture('outlook-reply-inline-image.eml')
    const fromCrlf = await parseInbound(crlf(lf))
    const fromLf = await parseInbound(lf)
    expect(withoutContent(fromCrlf)).toEqual(withoutContent(fromLf))
  })

  it('reads a Gmail reply in Dutch with In-Reply-To, References and quoted-printable UTF-8', async () => {
    const mail = await parseInbound(fixture('gmail-reply-nl.eml'))
    expect(withoutContent(mail)).toEqual({
      messageId: 'CAJ8k2Lq7Xo9+T4Hn1dPzF3w=mB5vK0aQ@mail.gmail.com',
      inReplyTo: '0190b1a0-3333-7000-8000-000000000003@sladesk',
      references: ['0190b1a0-2222-7000-8000-000000000002@sladesk', '0190b1a0-3333-7000-8000-000000000003@sladesk'],
      from: { address: 'anja.devries@gmail.com', name: 'Anja de Vriës' },
      replyTo: null,
      to: ['helpdesk@msp.example'],
      cc: [],
      subject: 'Re: [#2026-000117] Back-up van de NAS mislukt',
      date: Date.UTC(2026, 10, 2, 8, 30, 51),
      text: [
        'Hoi,',
        '',
        'Vannacht is de back-up wel gelukt, dank jullie wel! Café De Ëik is weer gerust.',
        '',
        'Groetjes,',
        'Anja',
        '',
        'Op ma 2 nov 2026 om 09:14 schreef Helpdesk MSP <helpdesk@msp.example>:',
        '',
        '> Beste Anja,',
        '>',
        '> We hebben de schijf van de NAS vervangen. Wil je morgen laten weten of de',
        '> back-up weer gelukt is?',
        '>',
        '> Met vriendelijke groet,',
        '> Helpdesk MSP',
        '>',
      ].join('\n'),
      html: expect.stringContaining('<blockquote>Beste Anja,<br /><br />We hebben de schijf'),
      attachments: [],
      automatic: null,
      ticketToken: '2026-000117',
    })
    expect(mail.html).toContain(
      `<a href="mailto:helpdesk@msp.example" rel="noopener noreferrer" target="_blank">helpdesk@msp.example</a>`,
    )
    expect(foldQuotedText(mail.text)).toEqual({
      visible:
        'Hoi,\n\nVannacht is de back-up wel gelukt, dank jullie wel! Café De Ëik is weer gerust.\n\nGroetjes,\nAnja',
      quoted: expect.stringMatching(
        /^Op ma 2 nov 2026 om 09:14 schreef Helpdesk MSP <helpdesk@msp\.example>:\n\n> Beste Anja,/,
      ),
      signature: null,
    })
  })

  it('marks an out-of-office reply (Auto-Submitted: auto-replied) as auto-reply, not as bulk or bounce', async () => {
    const mail = await parseInbound(fixture('out-of-office.eml'))
    expect(withoutContent(mail)).toEqual({
      messageId: 'vacation.1793689202.4711@mail.bakkerij-puk.nl',
      inReplyTo: '0190b1a0-4444-7000-8000-000000000004@sladesk',
      references: ['0190b1a0-4444-7000-8000-000000000004@sladesk'],
      from: { address: 'anja@bakkerij-puk.nl', name: 'Anja de Vries' },
      replyTo: null,
      to: ['helpdesk@msp.example'],
      cc: [],
      subject: 'Re: [#2026-000123] Printer op kantoor doet het niet',
      date: Date.UTC(2026, 10, 4, 7, 0, 2),
      text: 'Ik ben tot en met 13 november afwezig en heb geen toegang tot mijn e-mail.\nVoor dringende zaken kunt u contact opnemen met Piet Puk (piet@bakkerij-puk.nl).',
      html: null,
      attachments: [],
      automatic: 'auto-reply',
      ticketToken: '2026-000123',
    })
  })

  it('marks an Exchange automatic reply (X-Auto-Response-Suppress, "Automatisch antwoord:") as auto-reply', async () => {
    const mail = await parseInbound(fixture('exchange-auto-reply.eml'))
    expect(withoutContent(mail)).toEqual({
      messageId: 'e7c3a0f4d2b14c55a9f1c2d3e4f5a6b7@AM9PR01MB7654.eurprd01.prod.exchangelabs.com',
      inReplyTo: '0190b1a0-5555-7000-8000-000000000005@sladesk',
      references: ['0190b1a0-5555-7000-8000-000000000005@sladesk'],
      from: { address: 'piet@bakkerij-puk.nl', name: 'Piet Puk' },
      replyTo: null,
      to: ['helpdesk@msp.example'],
      cc: [],
      subject: 'Automatisch antwoord: Printer op kantoor doet het niet [#2026-000123]',
      date: Date.UTC(2026, 10, 4, 8, 12, 39),
      text: 'Ik ben afwezig tot maandag 9 november. Uw e-mail wordt niet doorgestuurd.',
      html: '<div>Ik ben afwezig tot maandag 9 november. Uw e-mail wordt niet doorgestuurd.</div>',
      attachments: [],
      automatic: 'auto-reply',
      ticketToken: '2026-000123',
    })
  })

  it('marks a delivery-status bounce as bounce and keeps its report as an attachment', async () => {
    const mail = await parseInbound(fixture('bounce-delivery-status.eml'))
    expect(withoutContent(mail)).toEqual({
      messageId: '20261104092007.4R0c3D4e5F@mx.msp.example',
      inReplyTo: null,
      references: [],
      from: { address: 'mailer-daemon@mx.msp.example', name: 'Mail Delivery System' },
      replyTo: null,
      to: ['helpdesk@msp.example'],
      cc: [],
      subject: 'Undelivered Mail Returned to Sender',
      date: Date.UTC(2026, 10, 4, 9, 20, 7),
      text: expect.stringMatching(
        /^This is the mail system at host mx\.msp\.example\.\n[\s\S]*<jan@oud-klant\.example>: host mx\.oud-klant\.example\[198\.51\.100\.7\] said: 550 5\.1\.1\n/,
      ),
      html: null,
      attachments: [
        {
          filename: 'attachment-1.txt',
          contentType: 'message/delivery-status',
          size: 457,
          contentId: null,
          inline: false,
        },
        { filename: 'attachment-2.txt', contentType: 'text/rfc822-headers', size: 256, contentId: null, inline: false },
      ],
      automatic: 'bounce',
      ticketToken: null,
    })
    expect(mail.attachments[0]!.content.toString()).toContain('Final-Recipient: rfc822; jan@oud-klant.example')
    // The mail that bounced is found back by its Message-ID in the returned headers.
    expect(mail.attachments[1]!.content.toString()).toContain(
      'Message-ID: <0190b1a0-6666-7000-8000-000000000006@sladesk>',
    )
  })

  it('marks a mailing-list mail as bulk', async () => {
    const mail = await parseInbound(fixture('mailing-list.eml'))
    expect(mail).toMatchObject({
      messageId: '5f0c1e2d-9a8b-4c7d-b6e5-f4a3b2c1d0e9@it-beheer.example',
      from: { address: 'karel@it-beheer.example', name: 'Karel Bakker' },
      to: ['veeam-users@lists.example.org'],
      subject: '[veeam-users] Tip: immutability voor Linux-repositories',
      automatic: 'bulk',
      ticketToken: null,
    })
    expect(mail.text).toBe(
      'Allen,\n\nWie een hardened Linux repository gebruikt: zet immutability op minimaal 7 dagen.\n\nKarel\n_______________________________________________\nveeam-users mailing list\nveeam-users@lists.example.org\nhttps://lists.example.org/mailman/listinfo/veeam-users',
    )
  })

  it('gives a mail without Message-ID a stable id from the hash of its raw bytes, and no date without a Date header', async () => {
    const raw = fixture('no-message-id.eml')
    const mail = await parseInbound(raw)
    const id = `sladesk-${createHash('sha256').update(raw).digest('hex')}`
    expect(withoutContent(mail)).toEqual({
      messageId: id,
      inReplyTo: null,
      references: [],
      from: { address: 'backup@nas01.bakkerij-puk.local', name: null },
      replyTo: null,
      to: ['helpdesk@msp.example'],
      cc: [],
      subject: 'NAS01: Hyper Backup task "Nachtelijk" failed',
      date: null,
      text: 'Dear user,\n\nBackup task Nachtelijk on NAS01 has failed.\nTask: Nachtelijk\nTarget: usbshare1\nError: The destination is not available.\n\nSincerely,\nSynology DiskStation',
      html: null,
      attachments: [],
      automatic: null,
      ticketToken: null,
    })
    // The same raw mail delivered twice is the same mail; another one is not.
    expect((await parseInbound(Buffer.from(raw))).messageId).toBe(id)
    const other = Buffer.from(raw.toString().replace('usbshare1', 'usbshare2'))
    expect((await parseInbound(other)).messageId).not.toBe(id)
  })

  it('keeps nothing dangerous of a phishing HTML mail, and makes its text from the HTML', async () => {
    const mail = await parseInbound(fixture('html-with-script.eml'))
    expect(mail.html).toBe(
      [
        '<p style="color:#c00">Beste klant,</p>',
        `<p>Uw rekening is <b>geblokkeerd</b>. <a rel="noopener noreferrer" target="_blank">Deblokkeer hier</a>`,
        `of <a href="https://bank-beveiliging.example/login" rel="noopener noreferrer" target="_blank">log in</a>.</p>`,
        '',
        '',
        '',
        'Verstuur',
        '',
        `<a rel="noopener noreferrer" target="_blank">Nog een link</a>`,
        '',
        '<div>Met vriendelijke groet,<br />Uw bank</div>',
      ].join('\n'),
    )
    expect(mail.html).not.toMatch(
      /script|onerror|onload|onclick|javascript|iframe|<form|<input|<object|tracker|steal|position/i,
    )
    expect(mail.text).toBe(
      'Beste klant,\n\nUw rekening is geblokkeerd. Deblokkeer hier of log in <https://bank-beveiliging.example/login>.\n\nVerstuur Nog een link\nMet vriendelijke groet,\nUw bank',
    )
    expect(mail.automatic).toBeNull()
  })
})

describe('parseInbound on broken MIME', () => {
  it('repairs a multipart mail whose boundary does not match the one in its header', async () => {
    const mail = await parseInbound(fixture('broken-boundary.eml'))
    expect(mail.text).toBe("Scan gemaakt op 06-11-2026 11:04 door Piet.\nAantal pagina's: 1")
    expect(
      mail.attachments.map(({ content, ...a }) => ({ ...a, pdf: content.toString('latin1').startsWith(PDF_START) })),
    ).toEqual([
      {
        filename: 'scan_20261106_110400.pdf',
        contentType: 'application/pdf',
        size: 125,
        contentId: null,
        inline: false,
        pdf: true,
      },
    ])
    expect(mail.messageId).toBe('20261106110500.0001@scanner.bakkerij-puk.nl')
  })

  it('reads the parts of a multipart mail that was cut off before its closing boundary', async () => {
    const raw = Buffer.from(
      [
        'From: scanner@bakkerij-puk.nl',
        'Subject: Afgebroken',
        'MIME-Version: 1.0',
        'Content-Type: multipart/mixed; boundary="AAA"',
        '',
        '--AAA',
        'Content-Type: text/plain',
        '',
        'Eerste deel.',
        '--AAA',
        'Content-Type: application/pdf; name="a.pdf"',
        'Content-Transfer-Encoding: base64',
        '',
        'JVBERi0xLjQK',
      ].join('\r\n'),
    )
    const mail = await parseInbound(raw)
    expect(mail.text).toBe('Eerste deel.')
    expect(mail.attachments.map((a) => [a.filename, a.content.toString('latin1')])).toEqual([['a.pdf', PDF_START]])
  })

  it('falls back to the raw body when a multipart body has no boundary lines at all (a line of dashes is none)', async () => {
    const raw = Buffer.from(
      'From: a@klant.example\r\nSubject: Kapot\r\nContent-Type: multipart/mixed; boundary="AAA"\r\n\r\nDe server is stuk.\r\n----------\r\nGraag bellen.\r\n',
    )
    const mail = await parseInbound(raw)
    expect(mail.text).toBe('De server is stuk.\n----------\nGraag bellen.')
    expect(mail.subject).toBe('Kapot')
  })

  it('gives no date for an unreadable Date header (mailparser would say "now")', async () => {
    const mail = await parseInbound(
      Buffer.from('From: a@klant.example\r\nDate: gisteren\r\nSubject: x\r\n\r\nbody\r\n'),
    )
    expect(mail.date).toBeNull()
  })

  it('keeps attachment names without directories or control characters, and names nameless ones', async () => {
    const raw = Buffer.from(
      [
        'From: a@klant.example',
        'Subject: Bijlagen',
        'Content-Type: multipart/mixed; boundary="B"',
        '',
        '--B',
        'Content-Type: text/plain',
        '',
        'Zie bijlagen.',
        '--B',
        'Content-Type: application/octet-stream; name="../../etc/passwd"',
        'Content-Disposition: attachment; filename="../../etc/passwd"',
        '',
        'root:x:0:0',
        '--B',
        'Content-Type: application/x-custom',
        'Content-Disposition: attachment',
        '',
        'data',
        '--B',
        'Content-Type: application/pdf',
        "Content-Disposition: attachment; filename*=utf-8''factuur%07%0A2026.pdf",
        '',
        'pdf',
        '--B--',
        '',
      ].join('\r\n'),
    )
    const mail = await parseInbound(raw)
    expect(mail.attachments.map((a) => a.filename)).toEqual(['passwd', 'attachment-2.bin', 'factuur2026.pdf'])
  })
})

describe('parseInbound refuses what is not a mail', () => {
  it.each([
    ['empty input', Buffer.alloc(0), 'empty message: no bytes besides whitespace'],
    ['only whitespace', Buffer.from('\r\n \r\n\t'), 'empty message: no bytes besides whitespace'],
    ['binary garbage (a PNG saved as .eml)', fixture('garbage.eml'), /^binary data where the header section should be/],
    ['text without headers', Buffer.from('Hallo,\nik heb een vraag over de printer.\n'), /^no header fields/],
    ['a body without its header section', Buffer.from('\r\nDe server is stuk.\r\n'), /^no header fields/],
  ])('throws MalformedMailError for %s', async (_, raw, message) => {
    const error = await parseInbound(raw).catch((err: unknown) => err)
    expect(error).toBeInstanceOf(MalformedMailError)
    expect((error as Error).message).toMatch(message)
  })

  it('accepts an mbox export with its "From " separator line', async () => {
    const mail = await parseInbound(
      Buffer.from(
        'From piet@klant.example Mon Nov  2 09:00:00 2026\nFrom: piet@klant.example\nSubject: mbox\n\nbody\n',
      ),
    )
    expect(mail.subject).toBe('mbox')
  })
})

describe('automatic mail', () => {
  const mail = (headers: string[], subject = 'Vraag over de printer') =>
    Buffer.from([`From: Piet <piet@klant.example>`, `Subject: ${subject}`, ...headers, '', 'body', ''].join('\r\n'))

  it.each([
    ['a mail from a person', null, []],
    ['Auto-Submitted: no', null, ['Auto-Submitted: no']],
    ['Auto-Submitted: auto-replied', 'auto-reply', ['Auto-Submitted: auto-replied']],
    ['Auto-Submitted: auto-generated', 'bulk', ['Auto-Submitted: auto-generated']],
    ['Auto-Submitted: auto-notified', 'bulk', ['Auto-Submitted: auto-notified']],
    ['X-Autoreply', 'auto-reply', ['X-Autoreply: yes']],
    ['X-Autorespond', 'auto-reply', ['X-Autorespond: Vakantie']],
    ['X-Auto-Response-Suppress: All', 'auto-reply', ['X-Auto-Response-Suppress: All']],
    ['X-Auto-Response-Suppress: DR, OOF, AutoReply', 'auto-reply', ['X-Auto-Response-Suppress: DR, OOF, AutoReply']],
    ['X-Auto-Response-Suppress: DR, RN, NRN', null, ['X-Auto-Response-Suppress: DR, RN, NRN']],
    ['Precedence: bulk', 'bulk', ['Precedence: bulk']],
    ['Precedence: junk', 'bulk', ['Precedence: junk']],
    ['Precedence: list', 'bulk', ['Precedence: list']],
    ['Precedence: auto_reply', 'auto-reply', ['Precedence: auto_reply']],
    ['List-Id', 'bulk', ['List-Id: <klanten.lists.example.org>']],
    ['List-Unsubscribe', 'bulk', ['List-Unsubscribe: <mailto:leave@news.example>']],
    ['Return-Path: <>', 'bounce', ['Return-Path: <>']],
    ['X-Failed-Recipients', 'bounce', ['X-Failed-Recipients: jan@oud-klant.example']],
    [
      'multipart/report; report-type=delivery-status',
      'bounce',
      ['Content-Type: multipart/report; report-type=delivery-status; boundary="x"'],
    ],
    [
      'multipart/report of another type',
      null,
      ['Content-Type: multipart/report; report-type=disposition-notification; boundary="x"'],
    ],
  ])('%s → %s', async (_, expected, headers) => {
    expect((await parseInbound(mail(headers))).automatic).toBe(expected)
  })

  it.each([
    ['MAILER-DAEMON@mx.klant.example', 'bounce'],
    ['postmaster@klant.example', 'bounce'],
    ['Postmaster <POSTMASTER@klant.example>', 'bounce'],
    ['daemon.fan@klant.example', null],
  ])('From: %s → %s', async (from, expected) => {
    const raw = Buffer.from(`From: ${from}\r\nSubject: x\r\n\r\nbody\r\n`)
    expect((await parseInbound(raw)).automatic).toBe(expected)
  })

  it.each([
    ['Automatic reply: Printer', 'auto-reply'],
    ['Automatisch antwoord: Printer [#2026-000123]', 'auto-reply'],
    ['Out of Office: Printer', 'auto-reply'],
    ['Afwezig: RE: Printer', 'auto-reply'],
    ['Autoreply: Printer', 'auto-reply'],
    ['Out of office instellen lukt niet', null],
    ['Afwezigheidsassistent werkt niet', null],
    ['RE: Automatic reply: Printer', null],
  ])('Subject: %s → %s', async (subject, expected) => {
    expect((await parseInbound(mail([], subject))).automatic).toBe(expected)
  })
})

describe('addresses and threading headers', () => {
  it('reads one reference and several, Reply-To, groups and lower-cases addresses', async () => {
    const raw = Buffer.from(
      [
        'From: "Jansen, Jan" <Jan.Jansen@Klant.Example>',
        'Reply-To: Support <Support@Klant.Example>',
        'To: Team: Piet@Klant.Example, anja@klant.example;, helpdesk@msp.example',
        'Cc: <Techniek@MSP.example>',
        'Message-ID: <abc@klant.example>',
        'In-Reply-To: <one@sladesk> (Helpdesk)',
        'References: <one@sladesk>',
        'Subject: [#2026-000001] oud [#2026-000123] nieuw',
        '',
        'body',
        '',
      ].join('\r\n'),
    )
    const mail = await parseInbound(raw)
    expect(mail).toMatchObject({
      messageId: 'abc@klant.example',
      from: { address: 'jan.jansen@klant.example', name: 'Jansen, Jan' },
      replyTo: 'support@klant.example',
      to: ['piet@klant.example', 'anja@klant.example', 'helpdesk@msp.example'],
      cc: ['techniek@msp.example'],
      inReplyTo: 'one@sladesk',
      references: ['one@sladesk'],
      ticketToken: '2026-000123',
    })
  })

  it.each([
    ['[#2026-000123] Printer', '2026-000123'],
    ['RE: Printer [#2026-000123]', '2026-000123'],
    ['[#2025-000999] en [#2026-000007]', '2026-000007'],
    ['[#2026-1234567] groot jaar', '2026-1234567'],
    ['#2026-000123 zonder haken', null],
    ['[2026-000123] zonder hekje', null],
    ['[#26-000123] kort jaar', null],
    ['', null],
  ])('finds the ticket token in %j', (subject, token) => {
    expect(ticketTokenOf(subject)).toBe(token)
  })
})
