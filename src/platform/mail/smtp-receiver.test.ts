import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import nodemailer from 'nodemailer'
import SMTPConnection from 'nodemailer/lib/smtp-connection'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { parseInbound } from './inbound.js'
import { parseListen, startSmtpReceiver, type ReceivedEnvelope, type SmtpReceiver } from './smtp-receiver.js'

const MB = 1024 * 1024

interface Received {
  raw: Buffer
  envelope: ReceivedEnvelope
}

/** A receiver on a free port of 127.0.0.1 that keeps what it is handed; `handler` can be swapped per test. */
function useReceiver(maxBytes = MB) {
  const state: {
    receiver?: SmtpReceiver
    received: Received[]
    logged: { level: string; obj: object; msg: string }[]
    handler: (raw: Buffer, envelope: ReceivedEnvelope) => Promise<void>
  } = {
    received: [],
    logged: [],
    handler: async (raw, envelope) => {
      state.received.push({ raw, envelope })
    },
  }
  beforeAll(async () => {
    const log = (level: string) => (obj: object, msg: string) => state.logged.push({ level, obj, msg })
    state.receiver = await startSmtpReceiver({
      listen: '127.0.0.1:0',
      maxBytes,
      hostname: 'mx.sladesk.test',
      onMessage: (raw, envelope) => state.handler(raw, envelope),
      logger: { info: log('info'), warn: log('warn'), error: log('error') },
    })
  })
  afterAll(() => state.receiver?.close())
  return state
}

interface SwaksResult {
  code: number
  output: string
}

/** Runs the real swaks CLI against the receiver; resolves with its exit code and transcript, also on failure. */
function swaks(port: number, args: string[]): Promise<SwaksResult> {
  return new Promise((resolve) => {
    execFile(
      'swaks',
      ['--server', '127.0.0.1', '--port', String(port), '--timeout', '20', ...args],
      { maxBuffer: 64 * MB },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0
        resolve({ code, output: `${stdout}${stderr}` })
      },
    )
  })
}

/** Sends one message over a fresh nodemailer SMTPConnection; the envelope may announce a SIZE. */
function sendRaw(
  port: number,
  envelope: { from: string; to: string[]; size?: number },
  raw: Buffer,
): Promise<{ response: string }> {
  const connection = new SMTPConnection({ host: '127.0.0.1', port, ignoreTLS: true, socketTimeout: 20_000 })
  return new Promise<{ response: string }>((resolve, reject) => {
    connection.once('error', reject)
    connection.connect(() => {
      connection.send(envelope, raw, (err, info) => {
        connection.quit()
        if (err) {
          reject(err)
        } else {
          resolve({ response: info.response })
        }
      })
    })
  })
}

/** Sends each command after the previous reply; returns the replies, the greeting first. */
function smtpDialogue(port: number, commands: string[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    const replies: string[] = []
    let buffer = ''
    socket.setEncoding('utf8')
    socket.on('error', reject)
    socket.on('close', () => resolve(replies))
    socket.on('data', (data: string) => {
      buffer += data
      // A reply is complete at a line with a space after the code ("250 OK"), not a dash ("250-SIZE").
      for (let end = /^\d{3} .*\r\n/m.exec(buffer); end; end = /^\d{3} .*\r\n/m.exec(buffer)) {
        const length = end.index + end[0].length
        replies.push(buffer.slice(0, length).trimEnd())
        buffer = buffer.slice(length)
        const next = commands[replies.length - 1]
        if (next === undefined) {
          socket.end()
        } else {
          socket.write(`${next}\r\n`)
        }
      }
    })
  })
}

const crlf = (s: string) => Buffer.from(s.replace(/\r?\n/g, '\r\n'), 'utf8')

describe('parseListen', () => {
  it.each([
    ['2525', { host: '0.0.0.0', port: 2525 }],
    ['127.0.0.1:0', { host: '127.0.0.1', port: 0 }],
    ['mail.local:25', { host: 'mail.local', port: 25 }],
    ['[::1]:2525', { host: '::1', port: 2525 }],
  ])('reads %s', (listen, expected) => {
    expect(parseListen(listen)).toEqual(expected)
  })

  it.each(['', 'smtp', '127.0.0.1:', '127.0.0.1:70000', '::1:25'])('refuses %j', (listen) => {
    expect(() => parseListen(listen)).toThrow(/invalid SMTP listen address/)
  })
})

describe('SMTP receiver', () => {
  const state = useReceiver()
  const port = () => state.receiver!.port
  afterEach(() => {
    state.received.length = 0
    state.logged.length = 0
    state.handler = async (raw, envelope) => {
      state.received.push({ raw, envelope })
    }
  })

  it('hands over exactly the bytes nodemailer sent, with every recipient of the envelope', async () => {
    const raw = crlf(
      [
        'From: Piet Puk <piet@bakkerij-puk.nl>',
        'To: helpdesk@msp.example',
        'Cc: techniek@msp.example',
        'Subject: =?UTF-8?Q?Caf=C3=A9_printer?=',
        'Message-ID: <smtp-test-1@bakkerij-puk.nl>',
        'MIME-Version: 1.0',
        'Content-Type: text/plain; charset=utf-8',
        'Content-Transfer-Encoding: 8bit',
        '',
        'Regel één.',
        '.Deze regel begint met een punt en moet dat blijven.',
        '..en deze met twee.',
        '',
      ].join('\n'),
    )
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: port(), secure: false, ignoreTLS: true })
    try {
      const info = await transport.sendMail({
        envelope: { from: 'piet@bakkerij-puk.nl', to: ['helpdesk@msp.example', 'techniek@msp.example'] },
        raw,
      })
      expect(info.response).toMatch(/^250 /)
    } finally {
      transport.close()
    }

    expect(state.received).toHaveLength(1)
    const { raw: got, envelope } = state.received[0]!
    expect(got.equals(raw)).toBe(true)
    expect(envelope).toEqual({
      mailFrom: 'piet@bakkerij-puk.nl',
      rcptTo: ['helpdesk@msp.example', 'techniek@msp.example'],
      remoteAddress: '127.0.0.1',
    })
    const mail = await parseInbound(got)
    expect(mail.subject).toBe('Café printer')
    expect(mail.text).toBe('Regel één.\n.Deze regel begint met een punt en moet dat blijven.\n..en deze met twee.')
    expect(state.logged).toContainEqual(expect.objectContaining({ level: 'info', msg: 'received a mail' }))
  })

  it('receives a mail from the swaks CLI, for several recipients', async () => {
    const result = await swaks(port(), [
      '--from',
      'monitor@klant.example',
      '--to',
      'helpdesk@msp.example,backup@msp.example',
      '--header',
      'Subject: [#2026-000042] UPS op batterij',
      '--body',
      'De UPS in de serverkast draait sinds 03:12 op batterij.',
    ])
    expect(result.code, result.output).toBe(0)
    expect(result.output).toMatch(/<- {2}250 /)

    expect(state.received).toHaveLength(1)
    const { raw, envelope } = state.received[0]!
    expect(envelope).toEqual({
      mailFrom: 'monitor@klant.example',
      rcptTo: ['helpdesk@msp.example', 'backup@msp.example'],
      remoteAddress: '127.0.0.1',
    })
    const mail = await parseInbound(raw)
    expect(mail).toMatchObject({
      subject: '[#2026-000042] UPS op batterij',
      ticketToken: '2026-000042',
      from: { address: 'monitor@klant.example', name: null },
      to: ['helpdesk@msp.example', 'backup@msp.example'],
      text: 'De UPS in de serverkast draait sinds 03:12 op batterij.',
    })
  })

  it('reports the null reverse path of a bounce as mailFrom null', async () => {
    const result = await swaks(port(), ['--from', '<>', '--to', 'helpdesk@msp.example', '--body', 'bounce'])
    expect(result.code, result.output).toBe(0)
    expect(state.received.map((r) => r.envelope.mailFrom)).toEqual([null])
  })

  it('answers 451 when the handler fails, so that the sender retries, and logs the failure', async () => {
    state.handler = async () => {
      throw new Error('database is locked')
    }
    const raw = crlf('From: a@klant.example\nTo: helpdesk@msp.example\nSubject: x\n\nbody\n')
    const failure = await sendRaw(port(), { from: 'a@klant.example', to: ['helpdesk@msp.example'] }, raw).catch(
      (err: unknown) => err as { responseCode?: number; response?: string },
    )
    expect(failure).toMatchObject({ responseCode: 451 })
    expect((failure as { response: string }).response).toMatch(/^451 .*try again later/i)
    expect(state.logged).toContainEqual({
      level: 'error',
      obj: expect.objectContaining({ err: expect.objectContaining({ message: 'database is locked' }) }),
      msg: expect.stringContaining('451'),
    })

    // The same message on the retry, once the handler works again, is taken in.
    state.handler = async (r, envelope) => {
      state.received.push({ raw: r, envelope })
    }
    await sendRaw(port(), { from: 'a@klant.example', to: ['helpdesk@msp.example'] }, raw)
    expect(state.received.map((r) => r.raw.equals(raw))).toEqual([true])
  })
})

describe('SMTP receiver size limit', () => {
  const state = useReceiver(MB)
  const port = () => state.receiver!.port
  let dir: string
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'sladesk-smtp-'))
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('advertises SIZE in the EHLO answer', async () => {
    const result = await swaks(port(), ['--to', 'helpdesk@msp.example', '--quit-after', 'EHLO'])
    expect(result.output).toMatch(new RegExp(`<- {2}250[- ]SIZE ${MB}\\r?\\n`))
    expect(result.output).not.toMatch(/STARTTLS|AUTH/)
  })

  it('refuses a 3 MB attachment sent by swaks with 552 and the limit, without calling the handler', async () => {
    const file = join(dir, 'scan.pdf')
    writeFileSync(file, Buffer.alloc(3 * MB, 0x41))
    const result = await swaks(port(), [
      '--from',
      'scanner@klant.example',
      '--to',
      'helpdesk@msp.example',
      '--header',
      'Subject: Grote scan',
      '--attach-type',
      'application/pdf',
      '--attach',
      `@${file}`,
      '--suppress-data',
    ])
    expect(result.code).not.toBe(0)
    expect(result.output).toMatch(new RegExp(`<\\*\\* 552 .*maximum message size ${MB}`))
    expect(state.received).toEqual([])
    expect(state.logged).toContainEqual(expect.objectContaining({ level: 'warn', msg: 'refused an oversized mail' }))
  })

  it('refuses a message announced as too large at MAIL FROM (SIZE=) with 552', async () => {
    // nodemailer and swaks check an announced size themselves, so this client speaks SMTP over a bare socket.
    const replies = await smtpDialogue(port(), [
      'EHLO client.klant.example',
      `MAIL FROM:<a@klant.example> SIZE=${3 * MB}`,
      'QUIT',
    ])
    expect(replies[2]).toMatch(new RegExp(`^552 .*maximum message size ${MB}`))
    expect(state.received).toEqual([])
  })

  it('refuses with 552 when nodemailer streams more than the limit without announcing it', async () => {
    const body = 'A'.repeat(76)
    const raw = crlf(`From: a@klant.example\nSubject: groot\n\n${`${body}\n`.repeat(Math.ceil((2 * MB) / 78))}`)
    const failure = await sendRaw(port(), { from: 'a@klant.example', to: ['helpdesk@msp.example'] }, raw).catch(
      (err: unknown) => err as { responseCode?: number },
    )
    expect(failure).toMatchObject({ responseCode: 552 })
    expect(state.received).toEqual([])
  })

  it('takes a message just under the limit', async () => {
    const header = 'From: a@klant.example\r\nSubject: past net\r\n\r\n'
    const line = `${'B'.repeat(998)}\r\n`
    const lines = Math.floor((MB - header.length) / line.length)
    const raw = Buffer.from(header + line.repeat(lines))
    expect(raw.length).toBeLessThanOrEqual(MB)
    await sendRaw(port(), { from: 'a@klant.example', to: ['helpdesk@msp.example'] }, raw)
    expect(state.received.map((r) => r.raw.length)).toEqual([raw.length])
  })
})

describe('SMTP receiver close', () => {
  it('lets a message in flight finish and be acknowledged, then refuses connections', async () => {
    let release: () => void = () => undefined
    const handled = new Promise<void>((resolve) => (release = resolve))
    let entered: () => void = () => undefined
    const inHandler = new Promise<void>((resolve) => (entered = resolve))
    const stored: Buffer[] = []
    const receiver = await startSmtpReceiver({
      listen: '127.0.0.1:0',
      maxBytes: MB,
      onMessage: async (raw) => {
        entered()
        await handled
        stored.push(raw)
      },
    })
    const raw = crlf('From: a@klant.example\nSubject: bezig\n\nbody\n')
    const sending = sendRaw(receiver.port, { from: 'a@klant.example', to: ['helpdesk@msp.example'] }, raw)
    await inHandler

    let closed = false
    const closing = receiver.close().then(() => {
      closed = true
    })
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(closed).toBe(false)

    release()
    await expect(sending).resolves.toMatchObject({ response: expect.stringMatching(/^250 /) })
    await closing
    expect(stored).toHaveLength(1)

    const refused = await new Promise<string>((resolve) => {
      const socket = connect(receiver.port, '127.0.0.1')
      socket.once('connect', () => {
        socket.destroy()
        resolve('connected')
      })
      socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'error'))
    })
    expect(refused).toBe('ECONNREFUSED')
  })

  it('does not wait for an idle connection: it is told 421', async () => {
    const receiver = await startSmtpReceiver({ listen: '127.0.0.1:0', maxBytes: MB, onMessage: async () => undefined })
    const connection = new SMTPConnection({ host: '127.0.0.1', port: receiver.port, ignoreTLS: true })
    await new Promise<void>((resolve, reject) => {
      connection.once('error', reject)
      connection.connect(() => resolve())
    })
    const ended = new Promise<void>((resolve) => connection.once('end', () => resolve()))
    connection.on('error', () => undefined)
    const started = Date.now()
    await receiver.close()
    await ended
    expect(Date.now() - started).toBeLessThan(5_000)
  })
})
