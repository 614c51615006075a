// A Network UPS Tools client: asks a NUT server (upsd, TCP 3493) for the variables of a UPS, as `upsc` does, over
// node:net. Protocol: NUT `docs/net-protocol.txt`, checked against upsd 2.8.0 (Debian 12). Line-based; every answer
// is `OK…`, `ERR <WORD>`, or a `BEGIN LIST …` / `END LIST …` block; values are double-quoted with `\"` and `\\`.
import { connect, type Socket } from 'node:net'
import { StringDecoder } from 'node:string_decoder'
import { simpleEvent, upsEvent, upsStatusOf } from './parsers/nut.js'
import type { UpsEvent } from './parsers/types.js'

export type NutErrorCode =
  | 'connect'
  | 'timeout'
  | 'protocol'
  | 'unknown-ups'
  | 'access-denied'
  | 'data-stale'
  | 'driver-not-connected'
  | 'password-required'
  | 'username-required'
  | 'invalid-password'
  | 'invalid-username'
  | 'other'

/** Why a NUT exchange failed. `word` is the server's `ERR <WORD>`, when it sent one. */
export class NutError extends Error {
  override readonly name = 'NutError'
  constructor(
    readonly code: NutErrorCode,
    message: string,
    readonly word: string | null = null,
    options?: ErrorOptions,
  ) {
    super(message, options)
  }
}

export interface NutServerTarget {
  host: string
  port: number
  /** Sent only when both are given. upsd 2.8.0 checks them on LOGIN/SET/INSTCMD only, never on reads. */
  username?: string | null
  password?: string | null
}

export interface NutUpsTarget extends NutServerTarget {
  upsName: string
}

export interface NutOptions {
  /** Bound on the whole exchange (connect, login, answer, logout) in ms; 5000 by default. */
  timeoutMs?: number
}

/** Bounds on one answer, so that no server makes the client hang or grow without limit. */
export const NUT_LIMITS = { answerLines: 10_000, answerBytes: 1024 * 1024, timeoutMs: 5_000 }

const ERROR_CODES = new Map<string, NutErrorCode>([
  ['UNKNOWN-UPS', 'unknown-ups'],
  ['ACCESS-DENIED', 'access-denied'],
  ['DATA-STALE', 'data-stale'],
  ['DRIVER-NOT-CONNECTED', 'driver-not-connected'],
  ['PASSWORD-REQUIRED', 'password-required'],
  ['USERNAME-REQUIRED', 'username-required'],
  ['INVALID-PASSWORD', 'invalid-password'],
  ['INVALID-USERNAME', 'invalid-username'],
])

/** The NutError for an `ERR <WORD> [detail]` line. */
function serverError(where: string, line: string): NutError {
  const word = line.slice(4).trim().split(' ')[0] ?? ''
  return new NutError(ERROR_CODES.get(word) ?? 'other', `${where}: the server answered ERR ${word}`, word)
}

/** One connection: lines in, commands out, one deadline for everything. */
class Session {
  private readonly socket: Socket
  private readonly decoder = new StringDecoder('utf8')
  private readonly timer: NodeJS.Timeout
  private readonly lines: string[] = []
  private partial = ''
  private answerLines = 0
  private answerBytes = 0
  private connected = false
  private closed = false
  private failure: NutError | null = null
  private waiter: { resolve: (line: string) => void; reject: (error: NutError) => void } | null = null

  constructor(
    readonly where: string,
    host: string,
    port: number,
    timeoutMs: number,
  ) {
    this.timer = setTimeout(() => {
      this.fail(new NutError('timeout', `${where}: no complete answer within ${timeoutMs} ms`))
    }, timeoutMs)
    this.socket = connect({ host, port })
    this.socket.setNoDelay(true)
    this.socket.on('connect', () => (this.connected = true))
    this.socket.on('data', (chunk: Buffer) => this.receive(chunk))
    // This listener stays for the socket's whole life: an 'error' without one would crash the process.
    this.socket.on('error', (error: NodeJS.ErrnoException) => {
      const what = this.connected ? 'connection lost' : 'cannot connect'
      this.fail(new NutError('connect', `${where}: ${what} (${error.code ?? error.message})`, null, { cause: error }))
    })
    this.socket.on('close', () => {
      this.closed = true
      this.wake()
    })
  }

  send(command: string): void {
    if (this.failure) {
      throw this.failure
    }
    this.answerLines = 0
    this.answerBytes = 0
    this.socket.write(`${command}\n`)
  }

  readLine(): Promise<string> {
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject }
      this.wake()
    })
  }

  /** Sends a command whose answer is one `OK…` line. */
  async expectOk(command: string): Promise<void> {
    this.send(command)
    const line = await this.readLine()
    if (line.startsWith('ERR ')) {
      throw serverError(this.where, line)
    }
    if (!line.startsWith('OK')) {
      throw new NutError('protocol', `${this.where}: expected OK, got "${line.slice(0, 100)}"`)
    }
  }

  /** Says goodbye and waits for upsd's `OK Goodbye` (or the close): the answer is already in hand, so no error. */
  async logout(): Promise<void> {
    if (this.failure || this.closed) {
      return
    }
    this.send('LOGOUT')
    await this.readLine().catch(() => undefined)
  }

  close(): void {
    clearTimeout(this.timer)
    this.socket.destroy()
    this.failure ??= new NutError('protocol', `${this.where}: session closed`)
  }

  private receive(chunk: Buffer): void {
    if (this.failure) {
      return
    }
    this.answerBytes += chunk.length
    if (this.answerBytes > NUT_LIMITS.answerBytes) {
      this.fail(new NutError('protocol', `${this.where}: answer longer than ${NUT_LIMITS.answerBytes} bytes`))
      return
    }
    const parts = (this.partial + this.decoder.write(chunk)).split('\n')
    this.partial = parts.pop() ?? ''
    for (const part of parts) {
      if (++this.answerLines > NUT_LIMITS.answerLines) {
        this.fail(new NutError('protocol', `${this.where}: answer longer than ${NUT_LIMITS.answerLines} lines`))
        return
      }
      this.lines.push(part.endsWith('\r') ? part.slice(0, -1) : part)
    }
    this.wake()
  }

  private fail(error: NutError): void {
    if (this.failure) {
      return
    }
    this.failure = error
    this.lines.length = 0
    clearTimeout(this.timer)
    this.socket.destroy()
    this.wake()
  }

  private wake(): void {
    const waiter = this.waiter
    if (!waiter) {
      return
    }
    const line = this.lines.shift()
    if (line !== undefined) {
      this.waiter = null
      waiter.resolve(line)
    } else if (this.failure) {
      this.waiter = null
      waiter.reject(this.failure)
    } else if (this.closed) {
      this.waiter = null
      waiter.reject(new NutError('protocol', `${this.where}: the server closed the connection before answering`))
    }
  }
}

function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c < 32 || c === 127) {
      return true
    }
  }
  return false
}

/** A command argument: quoted, with `\` and `"` escaped. Line breaks would start a new command, so they throw. */
function quoted(value: string, what: string): string {
  if (hasControlCharacter(value)) {
    throw new RangeError(`NUT ${what} contains a control character`)
  }
  return `"${value.replace(/[\\"]/g, '\\$&')}"`
}

/** A UPS name goes into commands and comes back in answers unquoted: one word of printable characters. */
function checkUpsName(upsName: string): void {
  if (upsName.length === 0 || upsName.length > 256 || hasControlCharacter(upsName) || /[\s"\\]/.test(upsName)) {
    throw new RangeError(`not a NUT UPS name: ${JSON.stringify(upsName.slice(0, 300))}`)
  }
}

// A quoted word (escapes kept, undone below) or a bare one.
const WORD = /"((?:[^"\\]|\\.)*)"|(\S+)/g

/** The words of an answer line, quotes and escapes undone; null when a quote is left open. */
function wordsOf(line: string): string[] | null {
  const words: string[] = []
  for (const match of line.matchAll(WORD)) {
    const [, quotedWord, bare] = match
    if (quotedWord !== undefined) {
      words.push(quotedWord.replace(/\\(.)/g, '$1'))
    } else if (bare !== undefined) {
      if (bare.includes('"')) {
        return null
      }
      words.push(bare)
    }
  }
  return words
}

/**
 * Runs `work` on a new connection: USERNAME and PASSWORD first when both are given, LOGOUT after, the socket
 * destroyed on every path. The whole exchange is bounded by `timeoutMs`.
 */
async function withSession<T>(
  target: NutServerTarget,
  options: NutOptions | undefined,
  work: (session: Session) => Promise<T>,
): Promise<T> {
  const timeoutMs = options?.timeoutMs ?? NUT_LIMITS.timeoutMs
  const login =
    target.username && target.password
      ? [`USERNAME ${quoted(target.username, 'username')}`, `PASSWORD ${quoted(target.password, 'password')}`]
      : []
  const session = new Session(`NUT ${target.host}:${target.port}`, target.host, target.port, timeoutMs)
  try {
    for (const command of login) {
      await session.expectOk(command)
    }
    const result = await work(session)
    await session.logout()
    return result
  } finally {
    session.close()
  }
}

/** Reads a `BEGIN LIST <what>` … `END LIST <what>` block, calling `item` with the words of every line between. */
async function readList(session: Session, what: string, item: (words: string[], line: string) => void): Promise<void> {
  const begin = `BEGIN LIST ${what}`.toLowerCase()
  const end = `END LIST ${what}`.toLowerCase()
  const first = await session.readLine()
  if (first.startsWith('ERR ')) {
    throw serverError(session.where, first)
  }
  // upsd echoes the UPS name as it was asked; other servers may not keep its case.
  if (first.toLowerCase() !== begin) {
    throw new NutError('protocol', `${session.where}: expected "BEGIN LIST ${what}", got "${first.slice(0, 100)}"`)
  }
  for (;;) {
    const line = await session.readLine()
    if (line.toLowerCase() === end) {
      return
    }
    const words = wordsOf(line)
    if (!words) {
      throw new NutError('protocol', `${session.where}: unreadable line "${line.slice(0, 100)}"`)
    }
    item(words, line)
  }
}

/**
 * The variables of one UPS (`LIST VAR`), values unquoted: `{ 'ups.status': 'OB DISCHRG', 'battery.charge': '80' }`.
 * @throws NutError: 'connect', 'timeout', 'protocol', or the server's ERR word ('unknown-ups', 'driver-not-connected',
 * 'data-stale', …).
 */
export async function queryUps(target: NutUpsTarget, options?: NutOptions): Promise<Record<string, string>> {
  checkUpsName(target.upsName)
  const upsName = target.upsName
  return withSession(target, options, async (session) => {
    session.send(`LIST VAR ${upsName}`)
    const vars = new Map<string, string>()
    await readList(session, `VAR ${upsName}`, (words, line) => {
      const [kind, ups, name, value] = words
      if (
        words.length !== 4 ||
        kind !== 'VAR' ||
        ups?.toLowerCase() !== upsName.toLowerCase() ||
        !name ||
        value === undefined
      ) {
        throw new NutError(
          'protocol',
          `${session.where}: expected "VAR ${upsName} <name> <value>", got "${line.slice(0, 100)}"`,
        )
      }
      vars.set(name, value)
    })
    // fromEntries defines own properties, so a name like `__proto__` stays a plain key.
    return Object.fromEntries(vars)
  })
}

/** The UPSes a NUT server serves (`LIST UPS`), with their descriptions. @throws NutError as queryUps. */
export async function listUps(
  target: NutServerTarget,
  options?: NutOptions,
): Promise<{ name: string; description: string }[]> {
  return withSession(target, options, async (session) => {
    session.send('LIST UPS')
    const upses: { name: string; description: string }[] = []
    await readList(session, 'UPS', (words, line) => {
      const [kind, name, description] = words
      if (words.length !== 3 || kind !== 'UPS' || !name || description === undefined) {
        throw new NutError(
          'protocol',
          `${session.where}: expected "UPS <name> <description>", got "${line.slice(0, 100)}"`,
        )
      }
      upses.push({ name, description })
    })
    return upses
  })
}

/**
 * The UpsEvent of one poll: the power state from `ups.status` (see upsStatusOf), the charge, runtime, load and input
 * voltage, and the self-test result from `ups.test.result` when there is one (`selfTest`, next to the power state).
 * `at` is the time of the poll (epoch ms).
 */
export function upsEventOf(upsName: string, vars: Readonly<Record<string, string>>, at: number): UpsEvent {
  const status = upsStatusOf(vars)
  const parts = [`ups.status "${vars['ups.status'] ?? ''}"`]
  if (status.alarm) {
    parts.push(`ups.alarm "${status.alarm}"`)
  }
  const testResult = vars['ups.test.result']
  if (status.selfTest && testResult) {
    parts.push(`ups.test.result "${testResult}"`)
  }
  const event = upsEvent(upsName, at, status, `${upsName}: ${parts.join(', ')}`)
  return status.selfTest ? { ...event, selfTest: status.selfTest } : event
}

/**
 * The UpsEvent of a failed poll: always 'comm-lost' (no reading came). For an unknown UPS name or refused access the
 * message says that the monitoring's settings, not the UPS, need a look.
 */
export function errorEventOf(upsName: string, error: NutError, at: number): UpsEvent {
  let reason: string
  switch (error.code) {
    case 'unknown-ups':
      reason = `the NUT server does not know UPS "${upsName}" (UNKNOWN-UPS): check the UPS name`
      break
    case 'access-denied':
      reason = 'the NUT server refused access (ACCESS-DENIED): check the username, password and upsd.users'
      break
    case 'driver-not-connected':
      reason = 'the NUT server has lost its UPS driver (DRIVER-NOT-CONNECTED)'
      break
    case 'data-stale':
      reason = 'the UPS driver sends no fresh data (DATA-STALE)'
      break
    case 'connect':
    case 'timeout':
    case 'protocol':
    case 'password-required':
    case 'username-required':
    case 'invalid-password':
    case 'invalid-username':
    case 'other':
      reason = error.message
      break
  }
  return simpleEvent(upsName, at, 'comm-lost', `${upsName}: ${reason}`)
}
