import { createServer, type AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { IMAP_PASSWORD, IMAP_USER, startDovecot, type Dovecot } from '../../../test/support/dovecot.js'
import {
  createImapPoller,
  ImapMessageError,
  parseImapUrl,
  type ImapCursor,
  type ImapMessageMeta,
  type ImapPoller,
} from './imap-poller.js'
import { parseInbound } from './inbound.js'

/** A cursor store in memory, shared by the pollers of one test like a database row would be. */
function memoryCursor() {
  const store = {
    value: undefined as ImapCursor | undefined,
    saves: [] as ImapCursor[],
    async load() {
      return store.value && { ...store.value }
    },
    async save(cursor: ImapCursor) {
      store.value = { ...cursor }
      store.saves.push({ ...cursor })
    },
  }
  return store
}

const mail = (n: number, mailbox = 'INBOX') =>
  Buffer.from(
    [
      `From: Klant ${n} <klant${n}@bakkerij-puk.nl>`,
      'To: helpdesk@msp.example',
      `Subject: Melding ${n} (${mailbox})`,
      `Message-ID: <poll-${mailbox}-${n}@bakkerij-puk.nl>`,
      'Date: Mon, 2 Nov 2026 09:00:00 +0100',
      '',
      `Dit is melding ${n}.`,
      '',
    ].join('\r\n'),
  )

interface Delivery {
  subject: string
  meta: ImapMessageMeta
}

/** The subjects of the mails a handler received, in order; `failOn` makes it throw for one subject. */
function recorder() {
  const state = {
    delivered: [] as Delivery[],
    failOn: undefined as string | undefined,
    async onMessage(raw: Buffer, meta: ImapMessageMeta) {
      const { subject } = await parseInbound(raw)
      if (subject === state.failOn) {
        throw new Error(`database unavailable while storing "${subject}"`)
      }
      state.delivered.push({ subject, meta })
    },
    subjects: () => state.delivered.map((d) => d.subject),
  }
  return state
}

const urlFor = (dovecot: Dovecot, mailbox: string) => dovecot.url.replace(/\/INBOX$/, `/${encodeURIComponent(mailbox)}`)

/** The flags of every message in a mailbox, by UID. */
const flagsOf = (dovecot: Dovecot, mailbox: string) =>
  dovecot.withClient(async (client) => {
    const lock = await client.getMailboxLock(mailbox)
    try {
      const out: Record<number, string[]> = {}
      for await (const message of client.fetch('1:*', { uid: true, flags: true })) {
        out[message.uid] = [...(message.flags ?? [])].sort()
      }
      return out
    } finally {
      lock.release()
    }
  })

describe('parseImapUrl', () => {
  it.each([
    [
      'imap://helpdesk:geheim@mail.klant.example/INBOX',
      { host: 'mail.klant.example', port: 143, secure: false, user: 'helpdesk', password: 'geheim', mailbox: 'INBOX' },
    ],
    [
      'imaps://helpdesk%40msp.example:p%40ss%2Fw%3Ard@outlook.office365.com',
      {
        host: 'outlook.office365.com',
        port: 993,
        secure: true,
        user: 'helpdesk@msp.example',
        password: 'p@ss/w:rd',
        mailbox: 'INBOX',
      },
    ],
    [
      'imap://u:p@[::1]:1143/INBOX%2FSupport%20NL',
      { host: '::1', port: 1143, secure: false, user: 'u', password: 'p', mailbox: 'INBOX/Support NL' },
    ],
  ])('reads %s', (url, expected) => {
    expect(parseImapUrl(url)).toEqual(expected)
  })

  it.each([
    ['pop3://u:p@host/INBOX', /scheme pop3: is not imap/],
    ['imap://host/INBOX', /a host and a user are required/],
    ['not a url', /invalid IMAP URL/],
  ])('refuses %s', (url, message) => {
    expect(() => parseImapUrl(url)).toThrow(message)
  })
})

describe('IMAP poller on Dovecot', () => {
  let dovecot: Dovecot
  const pollers: ImapPoller[] = []
  beforeAll(async () => {
    dovecot = await startDovecot()
  })
  afterAll(async () => {
    await Promise.all(pollers.map((p) => p.close()))
    await dovecot?.stop()
  })
  const poller = (options: Parameters<typeof createImapPoller>[0]) => {
    const p = createImapPoller(options)
    pollers.push(p)
    return p
  }

  it('delivers new mail once, oldest first, marks it seen and deletes nothing', async () => {
    const cursor = memoryCursor()
    const handler = recorder()
    const logged: string[] = []
    const p = poller({
      url: dovecot.url,
      cursor,
      onMessage: handler.onMessage,
      logger: { info: (_, msg) => logged.push(msg), warn: () => undefined, error: () => undefined },
    })
    for (const n of [1, 2, 3]) {
      await dovecot.append(mail(n))
    }

    expect(await p.pollOnce()).toEqual({ fetched: 3 })
    expect(handler.subjects()).toEqual(['Melding 1 (INBOX)', 'Melding 2 (INBOX)', 'Melding 3 (INBOX)'])
    const { uidValidity } = handler.delivered[0]!.meta
    expect(uidValidity).toMatch(/^\d+$/)
    expect(handler.delivered.map((d) => d.meta)).toEqual(
      [1, 2, 3].map((uid) => ({ uid, uidValidity, mailbox: 'INBOX' })),
    )
    // The cursor moves one message at a time.
    expect(cursor.saves).toEqual([1, 2, 3].map((lastUid) => ({ uidValidity, lastUid })))
    expect(logged).toContain('fetched mail over IMAP')

    // "4:*" matches UID 3 on the server; nothing is delivered twice.
    expect(await p.pollOnce()).toEqual({ fetched: 0 })
    expect(handler.delivered).toHaveLength(3)

    await dovecot.append(mail(4))
    expect(await p.pollOnce()).toEqual({ fetched: 1 })
    expect(handler.subjects().slice(3)).toEqual(['Melding 4 (INBOX)'])
    expect(cursor.value).toEqual({ uidValidity, lastUid: 4 })

    expect(await flagsOf(dovecot, 'INBOX')).toEqual({ 1: ['\\Seen'], 2: ['\\Seen'], 3: ['\\Seen'], 4: ['\\Seen'] })
  })

  it('stops at a message the handler fails on and hands it over again on the next poll', async () => {
    await dovecot.withClient((client) => client.mailboxCreate('Retry'))
    for (const n of [1, 2, 3]) {
      await dovecot.append(mail(n, 'Retry'), 'Retry')
    }
    const cursor = memoryCursor()
    const handler = recorder()
    const errors: { obj: object; msg: string }[] = []
    const p = poller({
      url: urlFor(dovecot, 'Retry'),
      cursor,
      onMessage: handler.onMessage,
      logger: { info: () => undefined, warn: () => undefined, error: (obj, msg) => errors.push({ obj, msg }) },
    })

    handler.failOn = 'Melding 2 (Retry)'
    const failure = await p.pollOnce().catch((err: unknown) => err)
    expect(failure).toBeInstanceOf(ImapMessageError)
    expect(failure).toMatchObject({ uid: 2, mailbox: 'Retry' })
    expect((failure as Error).message).toBe(
      'message uid 2 in Retry was not taken in: database unavailable while storing "Melding 2 (Retry)"',
    )
    expect(errors).toEqual([
      { obj: expect.objectContaining({ uid: 2, mailbox: 'Retry' }), msg: (failure as Error).message },
    ])
    expect(handler.subjects()).toEqual(['Melding 1 (Retry)'])
    expect(cursor.value?.lastUid).toBe(1)
    expect(await flagsOf(dovecot, 'Retry')).toEqual({ 1: ['\\Seen'], 2: [], 3: [] })

    handler.failOn = undefined
    expect(await p.pollOnce()).toEqual({ fetched: 2 })
    expect(handler.subjects()).toEqual(['Melding 1 (Retry)', 'Melding 2 (Retry)', 'Melding 3 (Retry)'])
    expect(cursor.value?.lastUid).toBe(3)
  })

  it('hands over again only the one message whose cursor was not saved (a crash after the handler)', async () => {
    await dovecot.withClient((client) => client.mailboxCreate('Crash'))
    for (const n of [1, 2, 3]) {
      await dovecot.append(mail(n, 'Crash'), 'Crash')
    }
    const cursor = memoryCursor()
    const save = cursor.save.bind(cursor)
    let crashed = false
    cursor.save = async (value) => {
      if (value.lastUid === 2 && !crashed) {
        crashed = true
        throw new Error('disk full')
      }
      await save(value)
    }
    const handler = recorder()
    const p = poller({ url: urlFor(dovecot, 'Crash'), cursor, onMessage: handler.onMessage })

    await expect(p.pollOnce()).rejects.toThrow(/^IMAP poll of Crash on 127\.0\.0\.1:\d+ failed: disk full$/)
    expect(cursor.value?.lastUid).toBe(1)
    expect(await p.pollOnce()).toEqual({ fetched: 2 })
    // Message 2 twice (the consumer deduplicates by Message-ID), every other message once.
    expect(handler.subjects()).toEqual([
      'Melding 1 (Crash)',
      'Melding 2 (Crash)',
      'Melding 2 (Crash)',
      'Melding 3 (Crash)',
    ])
  })

  it('does not deliver again after a restart with the same cursor store', async () => {
    await dovecot.withClient((client) => client.mailboxCreate('Restart'))
    for (const n of [1, 2]) {
      await dovecot.append(mail(n, 'Restart'), 'Restart')
    }
    const cursor = memoryCursor()
    const handler = recorder()
    const first = createImapPoller({ url: urlFor(dovecot, 'Restart'), cursor, onMessage: handler.onMessage })
    expect(await first.pollOnce()).toEqual({ fetched: 2 })
    await first.close()
    await expect(first.pollOnce()).rejects.toThrow('the IMAP poller is closed')

    const second = poller({ url: urlFor(dovecot, 'Restart'), cursor, onMessage: handler.onMessage })
    expect(await second.pollOnce()).toEqual({ fetched: 0 })
    await dovecot.append(mail(3, 'Restart'), 'Restart')
    expect(await second.pollOnce()).toEqual({ fetched: 1 })
    expect(handler.subjects()).toEqual(['Melding 1 (Restart)', 'Melding 2 (Restart)', 'Melding 3 (Restart)'])
  })

  it('starts over from UID 1 when the mailbox was recreated (new UIDVALIDITY)', async () => {
    await dovecot.withClient((client) => client.mailboxCreate('Recreated'))
    for (const n of [1, 2, 3]) {
      await dovecot.append(mail(n, 'Recreated'), 'Recreated')
    }
    const cursor = memoryCursor()
    const handler = recorder()
    const warnings: string[] = []
    const p = poller({
      url: urlFor(dovecot, 'Recreated'),
      cursor,
      onMessage: handler.onMessage,
      logger: { info: () => undefined, warn: (_, msg) => warnings.push(msg), error: () => undefined },
    })
    expect(await p.pollOnce()).toEqual({ fetched: 3 })
    const before = cursor.value!

    await dovecot.withClient(async (client) => {
      await client.mailboxDelete('Recreated')
      await client.mailboxCreate('Recreated')
    })
    await dovecot.append(mail(10, 'Recreated'), 'Recreated')

    expect(await p.pollOnce()).toEqual({ fetched: 1 })
    const last = handler.delivered[handler.delivered.length - 1]!
    expect(last.subject).toBe('Melding 10 (Recreated)')
    expect(last.meta.uid).toBe(1)
    expect(last.meta.uidValidity).not.toBe(before.uidValidity)
    expect(cursor.value).toEqual({ uidValidity: last.meta.uidValidity, lastUid: 1 })
    expect(warnings).toContain('IMAP UIDVALIDITY changed: reading the mailbox again from the start')
  })

  it('reconnects on the next poll after the server dropped the connection', async () => {
    await dovecot.withClient((client) => client.mailboxCreate('Dropped'))
    const cursor = memoryCursor()
    const handler = recorder()
    const p = poller({ url: urlFor(dovecot, 'Dropped'), cursor, onMessage: handler.onMessage })
    await dovecot.append(mail(1, 'Dropped'), 'Dropped')
    expect(await p.pollOnce()).toEqual({ fetched: 1 })

    await dovecot.kick()
    await dovecot.append(mail(2, 'Dropped'), 'Dropped')
    // Had the drop gone unnoticed until the poll, that poll fails; the one after it reconnects either way.
    const result = await p.pollOnce().catch((err: Error) => {
      expect(err.message).toMatch(/^IMAP /)
      return p.pollOnce()
    })
    expect(result).toEqual({ fetched: 1 })
    expect(handler.subjects()).toEqual(['Melding 1 (Dropped)', 'Melding 2 (Dropped)'])
  })

  it('rejects a poll with a clear error when it cannot log in, and keeps the cursor', async () => {
    const cursor = memoryCursor()
    const url = dovecot.url.replace(encodeURIComponent(IMAP_PASSWORD), 'fout')
    expect(url).not.toBe(dovecot.url)
    const p = poller({ url, cursor, onMessage: async () => undefined })
    await expect(p.pollOnce()).rejects.toThrow(
      `IMAP login to 127.0.0.1:${dovecot.port} as ${IMAP_USER} failed: AUTHENTICATE: Authentication failed.`,
    )
    expect(cursor.saves).toEqual([])
    expect(IMAP_USER).toBe(parseImapUrl(url).user)
  })

  it('rejects a poll when the server is unreachable', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as AddressInfo
        server.close(() => resolve(port))
      })
    })
    const p = poller({
      url: `imap://u:p@127.0.0.1:${closedPort}/INBOX`,
      cursor: memoryCursor(),
      onMessage: async () => undefined,
    })
    await expect(p.pollOnce()).rejects.toThrow(/ECONNREFUSED|connect/i)
  })
})
