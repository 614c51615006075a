// Network UPS Tools (NUT): `upsc` dumps and protocol replies (`nut`), upsmon NOTIFYCMD messages (`upsmon`) and
// upslog's default-format lines (`upslog`). Observed with NUT 2.8.0 (Debian 12); see
// test/fixtures/monitoring/nut/README.md for how the samples were made.
import { DateTime } from 'luxon'
import { clip, eachLine, head } from './text.js'
import {
  type ParsedEvent,
  type ParseResult,
  type Parser,
  type ReportInput,
  type UpsEvent,
  type UpsState,
} from './types.js'

/** What `upsStatusOf` makes of a UPS's NUT variables: the state and the figures an UpsEvent carries. */
export interface NutStatus {
  state: UpsState
  /** For state 'self-test' only; see `selfTestOf`. */
  selfTest?: 'passed' | 'failed'
  /** The `ups.status` flags as NUT wrote them (`['OB', 'DISCHRG', 'LB']`); empty when there is no ups.status. */
  flags: string[]
  /** Flags this code does not know. They never yield 'online': see `upsStatusOf`. */
  unknownFlags: string[]
  /** `ups.alarm`, when set. */
  alarm: string | null
  /** `battery.charge` (%), `battery.runtime` (s), `ups.load` (%), `input.voltage` (V); null when absent or not a number. */
  charge: number | null
  runtimeSeconds: number | null
  loadPercent: number | null
  inputVoltage: number | null
}

// Flags that do not change the state by themselves (OL decides 'online'). WAIT and NA mean "no data yet".
const BENIGN_FLAGS = new Set(['OL', 'CHRG', 'DISCHRG', 'HB', 'TRIM', 'BOOST', 'CAL', 'TEST', 'ECO'])
const PROBLEM_FLAGS = new Set(['OB', 'LB', 'RB', 'OVER', 'BYPASS', 'OFF', 'FSD', 'ALARM'])
const NO_DATA_FLAGS = new Set(['WAIT', 'NA'])

/**
 * Turns NUT variables (as `upsc`, `LIST VAR` or `GET VAR` give them) into a UPS state, for the parsers here and for
 * the live NUT poller. `ups.status` flags are ranked, most severe first:
 * FSD or OFF → 'shutdown' (OFF: output off, the load has no power); LB → 'low-battery'; OB → 'on-battery';
 * OVER or BYPASS → 'overload' (BYPASS: the load is on raw mains, unprotected; UpsState has no 'bypass');
 * RB → 'replace-battery'; ALARM or an unknown flag → the state `ups.alarm`'s text names (overload, replace battery,
 * on battery, low battery), else 'replace-battery' as "hardware needs attention" (UpsState has no 'alarm');
 * OL (with CHRG/DISCHRG/HB/TRIM/BOOST/CAL/TEST/ECO) → 'online'. Neither OL nor OB (no ups.status, empty, `WAIT`,
 * upslog's `NA`) → 'comm-lost': there is no usable reading. The self-test result (`ups.test.result`) is returned
 * apart in `selfTest`; the state stays the power state. O(number of flags).
 */
export function upsStatusOf(vars: Readonly<Record<string, string | undefined>>): NutStatus {
  const statusText = vars['ups.status'] ?? ''
  const flags = statusText.split(' ').filter((f) => f !== '')
  const has = new Set(flags)
  const unknownFlags = flags.filter((f) => !BENIGN_FLAGS.has(f) && !PROBLEM_FLAGS.has(f) && !NO_DATA_FLAGS.has(f))
  const alarmText = vars['ups.alarm']?.trim()
  const alarm = alarmText ? alarmText : null
  let state: UpsState
  if (has.has('FSD') || has.has('OFF')) {
    state = 'shutdown'
  } else if (has.has('LB')) {
    state = 'low-battery'
  } else if (has.has('OB')) {
    state = 'on-battery'
  } else if (has.has('OVER') || has.has('BYPASS')) {
    state = 'overload'
  } else if (has.has('RB')) {
    state = 'replace-battery'
  } else if (has.has('ALARM') || unknownFlags.length > 0) {
    state = alarmState(alarm)
  } else if (has.has('OL')) {
    state = 'online'
  } else {
    state = 'comm-lost'
  }
  const selfTest = selfTestOf(vars['ups.test.result'])
  return {
    state,
    ...(selfTest ? { selfTest } : {}),
    flags,
    unknownFlags,
    alarm,
    charge: numberOf(vars['battery.charge']),
    runtimeSeconds: numberOf(vars['battery.runtime']),
    loadPercent: numberOf(vars['ups.load']),
    inputVoltage: numberOf(vars['input.voltage']),
  }
}

function alarmState(alarm: string | null): UpsState {
  const text = (alarm ?? '').slice(0, 500).toLowerCase()
  if (text.includes('overload')) {
    return 'overload'
  }
  if (text.includes('low battery') || text.includes('battery low')) {
    return 'low-battery'
  }
  if (text.includes('on battery')) {
    return 'on-battery'
  }
  return 'replace-battery'
}

/**
 * NUT's `ups.test.result` as a self-test outcome: "Done and passed" → passed; nothing to report (absent, "No test
 * initiated", "In progress", "Test scheduled") → null; anything else ("Done and warning", "Done and error",
 * "Aborted", unknown wording) → failed.
 */
export function selfTestOf(result: string | undefined): 'passed' | 'failed' | null {
  const text = (result ?? '').trim().toLowerCase()
  if (text === '' || text.startsWith('no test') || text.includes('in progress') || text.includes('scheduled')) {
    return null
  }
  return text === 'done and passed' ? 'passed' : 'failed'
}

// Protocol `ERR` words that say nothing about the UPS (a wrong query); every other ERR means no data came.
const HARMLESS_ERRORS = new Set([
  'VAR-NOT-SUPPORTED',
  'CMD-NOT-SUPPORTED',
  'UNKNOWN-COMMAND',
  'INVALID-ARGUMENT',
  'INVALID-VALUE',
  'READONLY',
  'TOO-LONG',
  'FEATURE-NOT-SUPPORTED',
  'FEATURE-NOT-CONFIGURED',
  'ALREADY-LOGGED-IN',
  'ALREADY-SET-PASSWORD',
  'ALREADY-SET-USERNAME',
  'ALREADY-SSL-MODE',
])

/**
 * The state a NUT protocol error (`ERR <word>`) stands for: null for a harmless query error (VAR-NOT-SUPPORTED…),
 * 'comm-lost' for everything else (DRIVER-NOT-CONNECTED, DATA-STALE, UNKNOWN-UPS, ACCESS-DENIED, unknown words):
 * no reading came, which the daily check counts as missing data.
 */
export function nutErrorState(word: string): UpsState | null {
  return HARMLESS_ERRORS.has(word.trim()) ? null : 'comm-lost'
}

/** A plain decimal number ("96", "230.4", "-1"), or null ("NA", "", "1e9", "12 V"). */
function numberOf(value: string | undefined): number | null {
  if (value === undefined) {
    return null
  }
  const text = value.trim()
  if (text === '' || text.length > 32 || !/^-?\d+(?:\.\d+)?$/.test(text)) {
    return null
  }
  const n = Number(text)
  return Number.isFinite(n) ? n : null
}

function upsEvent(ups: string | null, at: number | null, status: NutStatus, message: string): UpsEvent {
  return {
    kind: 'ups',
    ups,
    at,
    state: status.state,
    charge: status.charge,
    runtimeSeconds: status.runtimeSeconds,
    loadPercent: status.loadPercent,
    inputVoltage: status.inputVoltage,
    message: clip(message),
  }
}

function simpleEvent(ups: string | null, at: number | null, state: UpsState, message: string): UpsEvent {
  return {
    kind: 'ups',
    ups,
    at,
    state,
    charge: null,
    runtimeSeconds: null,
    loadPercent: null,
    inputVoltage: null,
    message: clip(message),
  }
}

/** Power event, then (when there is a self-test result) a self-test event with the same figures. */
function statusEvents(ups: string | null, status: NutStatus, message: string): UpsEvent[] {
  const events = [upsEvent(ups, null, status, message)]
  if (status.selfTest) {
    events.push({ ...upsEvent(ups, null, status, message), state: 'self-test', selfTest: status.selfTest })
  }
  return events
}

// ---- nut: upsc output and protocol replies -------------------------------------------------------------------

function isVarName(name: string): boolean {
  if (name.length === 0 || name.length > 128) {
    return false
  }
  const first = name.charCodeAt(0)
  if (first < 97 || first > 122) {
    return false
  }
  for (let i = 1; i < name.length; i++) {
    const c = name.charCodeAt(i)
    const ok = (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 46 || c === 95 || c === 45 || (c >= 65 && c <= 90)
    if (!ok) {
      return false
    }
  }
  return true
}

/** `VAR <ups> <var> "<value>"` → its parts, unescaping `\"` and `\\`; null when the line is not one. */
function protocolVar(line: string): { ups: string; name: string; value: string } | null {
  const upsEnd = line.indexOf(' ', 4)
  if (upsEnd <= 4) {
    return null
  }
  const nameEnd = line.indexOf(' ', upsEnd + 1)
  if (nameEnd <= upsEnd + 1 || line.charCodeAt(nameEnd + 1) !== 34 || line.charCodeAt(line.length - 1) !== 34) {
    return null
  }
  const name = line.slice(upsEnd + 1, nameEnd)
  if (!isVarName(name) || line.length < nameEnd + 3) {
    return null
  }
  const raw = line.slice(nameEnd + 2, line.length - 1)
  const value = raw.includes('\\') ? raw.replace(/\\(.)/g, '$1') : raw
  return { ups: line.slice(4, upsEnd), name, value }
}

/** At most this many UPSes (and error lines) per report: upsd serves a handful, not thousands. */
const MAX_UPSES = 1000

const UPSC_KEYS = ['ups.status: ', 'battery.charge: ', 'device.type: ', 'driver.name: ', 'ups.mfr: ', 'ups.model: ']
const UPSC_ERRORS = ['Error: Driver not connected', 'Error: Data stale', 'Error: Unknown UPS']
const PROTOCOL_ERRORS = ['ERR DRIVER-NOT-CONNECTED', 'ERR DATA-STALE', 'ERR UNKNOWN-UPS']

function detectNut(input: ReportInput): boolean {
  let found = false
  eachLine(head(input.text), (line) => {
    if (
      UPSC_KEYS.some((k) => line.startsWith(k)) ||
      line.startsWith('BEGIN LIST VAR ') ||
      (line.startsWith('VAR ') && protocolVar(line) !== null) ||
      UPSC_ERRORS.some((k) => line.startsWith(k)) ||
      PROTOCOL_ERRORS.some((k) => line === k)
    ) {
      found = true
      return false
    }
    return true
  })
  return found
}

function parseNut(input: ReportInput): ParseResult {
  // Variables per UPS name from protocol replies, and the anonymous set from `upsc` (which does not print the name).
  const byUps = new Map<string, Record<string, string>>()
  const statusLine = new Map<string, string>()
  const upsc: Record<string, string> = {}
  let upscStatusLine = ''
  let upscCount = 0
  const errors: { ups: string | null; message: string }[] = []
  let context: string | null = null

  eachLine(input.text, (line) => {
    if (line.startsWith('VAR ')) {
      const v = protocolVar(line)
      if (v) {
        let vars = byUps.get(v.ups)
        if (!vars) {
          if (byUps.size >= MAX_UPSES) {
            return
          }
          vars = {}
          byUps.set(v.ups, vars)
        }
        vars[v.name] = v.value
        if (v.name === 'ups.status') {
          statusLine.set(v.ups, line)
        }
      }
      return
    }
    if (line.startsWith('ERR ')) {
      const word = line.slice(4).trim()
      if (nutErrorState(word) !== null && errors.length < MAX_UPSES) {
        errors.push({ ups: context, message: line })
      }
      return
    }
    if (line.startsWith('Error: ')) {
      const text = line.slice(7)
      const harmless = text.startsWith('Variable not supported') || text.startsWith('Unknown command')
      if (!harmless && errors.length < MAX_UPSES) {
        errors.push({ ups: null, message: line })
      }
      return
    }
    // Commands echoed in a transcript (`LIST VAR demo`, `GET VAR demo ups.status`) name the UPS the next ERR is about.
    if (line.startsWith('BEGIN LIST VAR ') || line.startsWith('LIST VAR ') || line.startsWith('GET VAR ')) {
      const rest = line.slice(line.indexOf('VAR ') + 4)
      const space = rest.indexOf(' ')
      context = (space < 0 ? rest : rest.slice(0, space)).trim() || null
      return
    }
    const colon = line.indexOf(': ')
    if (colon > 0 && colon <= 128) {
      const name = line.slice(0, colon)
      if (isVarName(name) && name.includes('.')) {
        upsc[name] = line.slice(colon + 2)
        upscCount++
        if (name === 'ups.status') {
          upscStatusLine = line
        }
      }
    }
  })

  const events: ParsedEvent[] = []
  for (const [ups, vars] of byUps) {
    events.push(...statusEvents(ups, upsStatusOf(vars), statusLine.get(ups) ?? `VAR ${ups} (no ups.status)`))
  }
  // upsc output needs a NUT variable we know, or any `driver.`/`ups.` variable, to count as a reading.
  if (upscCount > 0 && Object.keys(upsc).some((k) => k.startsWith('ups.') || k.startsWith('driver.'))) {
    events.push(...statusEvents(null, upsStatusOf(upsc), upscStatusLine || 'upsc output without ups.status'))
  }
  const seen = new Set<string>()
  for (const error of errors) {
    if (error.ups !== null && byUps.has(error.ups)) {
      continue
    }
    const key = error.ups ?? ''
    if (seen.has(key) || (error.ups === null && events.length > 0)) {
      continue
    }
    seen.add(key)
    events.push(simpleEvent(error.ups, null, 'comm-lost', error.message))
  }
  if (events.length === 0) {
    return { status: 'unparsed', reason: 'no NUT variables or errors found' }
  }
  return { status: 'parsed', events }
}

export const nut: Parser = {
  format: 'nut',
  kind: 'ups',
  detect: (input) => {
    try {
      return detectNut(input)
    } catch {
      return false
    }
  },
  parse: (input) => {
    try {
      return parseNut(input)
    } catch (error) {
      return { status: 'unparsed', reason: `nut parser error: ${String(error).slice(0, 200)}` }
    }
  },
}

// ---- upsmon: NOTIFYCMD messages ------------------------------------------------------------------------------

// NOTIFYTYPE → state; null = recognised, but not a UPS state (calibration, "condition cleared" types).
// ONLINE…NOPARENT and CAL were observed with 2.8.0; OFF/OVER/BYPASS/ALARM/ECO/NOT*/SUSPEND_* are newer (unverified).
const NOTIFY_TYPES = new Map<string, UpsState | null>(
  Object.entries({
    ONLINE: 'online',
    ONBATT: 'on-battery',
    LOWBATT: 'low-battery',
    FSD: 'shutdown',
    COMMOK: 'comm-restored',
    COMMBAD: 'comm-lost',
    SHUTDOWN: 'shutdown',
    REPLBATT: 'replace-battery',
    NOCOMM: 'comm-lost',
    // upsmon can no longer shut the host down: the protection is gone, like a lost connection.
    NOPARENT: 'comm-lost',
    CAL: null,
    NOTCAL: null,
    OFF: 'shutdown',
    NOTOFF: null,
    OVER: 'overload',
    NOTOVER: null,
    BYPASS: 'overload',
    NOTBYPASS: null,
    ALARM: 'replace-battery',
    NOTALARM: null,
    ECO: null,
    NOTECO: null,
    SUSPEND_STARTING: null,
    SUSPEND_FINISHED: null,
  } satisfies Record<string, UpsState | null>),
)

interface Template {
  type: string
  prefix: string
  suffix: string
}

// upsmon 2.8.0's default texts ("UPS %s on battery"). NOTIFYMSG can change them, so a NOTIFYTYPE prefix wins.
const TEMPLATES: Template[] = [
  { type: 'ONLINE', prefix: 'UPS ', suffix: ' on line power' },
  { type: 'ONBATT', prefix: 'UPS ', suffix: ' on battery' },
  { type: 'LOWBATT', prefix: 'UPS ', suffix: ' battery is low' },
  { type: 'FSD', prefix: 'UPS ', suffix: ': forced shutdown in progress' },
  { type: 'COMMOK', prefix: 'Communications with UPS ', suffix: ' established' },
  { type: 'COMMBAD', prefix: 'Communications with UPS ', suffix: ' lost' },
  { type: 'REPLBATT', prefix: 'UPS ', suffix: ' battery needs to be replaced' },
  { type: 'NOCOMM', prefix: 'UPS ', suffix: ' is unavailable' },
  { type: 'CAL', prefix: 'UPS ', suffix: ': calibration in progress' },
]
const FIXED_TEXTS = new Map([
  ['Auto logout and shutdown proceeding', 'SHUTDOWN'],
  ['upsmon parent process died - shutdown impossible', 'NOPARENT'],
])

/** The UPS name in a default text: one word, `ups@host[:port]`. */
function upsNameIn(message: string): { type: string; ups: string | null } | null {
  const fixed = FIXED_TEXTS.get(message)
  if (fixed) {
    return { type: fixed, ups: null }
  }
  for (const t of TEMPLATES) {
    if (message.startsWith(t.prefix) && message.endsWith(t.suffix)) {
      const name = message.slice(t.prefix.length, message.length - t.suffix.length)
      if (name.length > 0 && name.length <= 256 && !name.includes(' ')) {
        return { type: t.type, ups: name }
      }
    }
  }
  return null
}

/** Any "UPS <name>" / "Communications with UPS <name>" at the start of a (custom) text. */
function looseUpsName(message: string): string | null {
  const start = message.startsWith('UPS ')
    ? 4
    : message.startsWith('Communications with UPS ')
      ? 'Communications with UPS '.length
      : -1
  if (start < 0) {
    return null
  }
  let end = message.indexOf(' ', start)
  if (end < 0) {
    end = message.length
  }
  let name = message.slice(start, end)
  if (name.endsWith(':')) {
    name = name.slice(0, -1)
  }
  return name.length > 0 && name.length <= 256 ? name : null
}

function isNotifyType(word: string): boolean {
  return NOTIFY_TYPES.has(word)
}

/** One upsmon line → its NOTIFYTYPE and UPS, or null when it is not an upsmon notification. */
function notifyLine(raw: string): { type: string; ups: string | null; message: string; template: boolean } | null {
  const line = raw.trim()
  const colon = line.indexOf(': ')
  if (colon > 1 && colon <= 20) {
    const word = line.slice(0, colon)
    if (isNotifyType(word)) {
      const message = line.slice(colon + 2).trim()
      const known = upsNameIn(message)
      return { type: word, ups: known ? known.ups : looseUpsName(message), message: line, template: known !== null }
    }
  }
  const known = upsNameIn(line)
  return known ? { ...known, message: line, template: true } : null
}

function detectUpsmon(input: ReportInput): boolean {
  let found = false
  let lines = 0
  eachLine(head(input.text, 4096), (line) => {
    if (line.trim() === '') {
      return true
    }
    // A bare NOTIFYTYPE prefix ("OFF: ", "ECO: ") is too common a word to claim a report on: the text must be
    // one of upsmon's own or name a UPS.
    const n = notifyLine(line)
    if (n !== null && (n.template || n.message.includes('UPS'))) {
      found = true
      return false
    }
    return ++lines < 5
  })
  return found
}

function parseUpsmon(input: ReportInput): ParseResult {
  const events: ParsedEvent[] = []
  let recognised = 0
  eachLine(input.text, (line) => {
    if (line.length === 0) {
      return
    }
    const n = notifyLine(line)
    if (!n) {
      return
    }
    recognised++
    const state = NOTIFY_TYPES.get(n.type)
    if (state) {
      events.push(simpleEvent(n.ups, null, state, n.message))
    }
  })
  if (recognised === 0) {
    return { status: 'unparsed', reason: 'no upsmon notification found' }
  }
  return { status: 'parsed', events }
}

export const upsmon: Parser = {
  format: 'upsmon',
  kind: 'ups',
  detect: (input) => {
    try {
      return detectUpsmon(input)
    } catch {
      return false
    }
  },
  parse: (input) => {
    try {
      return parseUpsmon(input)
    } catch (error) {
      return { status: 'unparsed', reason: `upsmon parser error: ${String(error).slice(0, 200)}` }
    }
  },
}

// ---- upslog: default-format lines ----------------------------------------------------------------------------

function isDigits(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i)
    if (c < 48 || c > 57) {
      return false
    }
  }
  return true
}

interface UpslogLine {
  /** Where the fields after the time start. */
  rest: number
  time: string
  iso: boolean
}

/**
 * The time at the start of an upslog line: the default `YYYYMMDD HHMMSS`, or an ISO time as a custom
 * `-f "%TIME @Y-@m-@dT@H:@M:@S@z% …"` writes it (offset optional, `+0100` or `+01:00` or `Z`).
 */
function upslogTime(line: string): UpslogLine | null {
  if (line.length >= 16 && isDigits(line, 0, 8) && line[8] === ' ' && isDigits(line, 9, 15) && line[15] === ' ') {
    return { rest: 16, time: line.slice(0, 15), iso: false }
  }
  if (
    line.length >= 20 &&
    isDigits(line, 0, 4) &&
    line[4] === '-' &&
    line[7] === '-' &&
    line[10] === 'T' &&
    line[13] === ':' &&
    line[16] === ':'
  ) {
    const space = line.indexOf(' ', 19)
    if (space > 0 && space <= 32) {
      return { rest: space + 1, time: line.slice(0, space), iso: true }
    }
  }
  return null
}

/** `charge voltage load [status] …` after the time; null when the line does not have that shape. */
function upslogFields(line: string, rest: number): { open: number; status: string } | null {
  const open = line.indexOf('[', rest)
  if (open < 0) {
    return null
  }
  const close = line.indexOf(']', open + 1)
  if (close < 0) {
    return null
  }
  // Exactly three space-separated values before the bracket (no split: this runs on every line).
  let fields = 0
  let inField = false
  for (let i = rest; i < open; i++) {
    if (line.charCodeAt(i) === 32) {
      inField = false
    } else if (!inField) {
      inField = true
      if (++fields > 3) {
        return null
      }
    }
  }
  return fields === 3 ? { open, status: line.slice(open + 1, close).trim() } : null
}

function upslogNumbers(line: string, rest: number, open: number): string[] {
  return line
    .slice(rest, open)
    .split(' ')
    .filter((f) => f !== '')
}

/** UTC offsets (ms) of local minutes already seen, per parse: upslog writes many lines per minute and zone. */
type OffsetCache = Map<string, number | null>

function upslogAt(t: UpslogLine, zone: string, cache: OffsetCache): number | null {
  if (t.iso) {
    const dt = DateTime.fromISO(t.time, { zone, setZone: true })
    return dt.isValid ? dt.toMillis() : null
  }
  // `YYYYMMDD HHMMSS`: luxon once per local minute for the zone's offset, plain arithmetic for the rest.
  const key = t.time.slice(0, 13)
  let offset = cache.get(key)
  if (offset === undefined) {
    const dt = DateTime.fromFormat(`${key}00`, 'yyyyMMdd HHmmss', { zone })
    offset = dt.isValid ? dt.offset * 60_000 : null
    if (cache.size > 10_000) {
      cache.clear()
    }
    cache.set(key, offset)
  }
  if (offset === null) {
    return null
  }
  const s = t.time
  const second = Number(s.slice(13, 15))
  if (second > 59) {
    return null
  }
  const local = Date.UTC(
    Number(s.slice(0, 4)),
    Number(s.slice(4, 6)) - 1,
    Number(s.slice(6, 8)),
    Number(s.slice(9, 11)),
    Number(s.slice(11, 13)),
    second,
  )
  return local - offset
}

function detectUpslog(input: ReportInput): boolean {
  let found = false
  let lines = 0
  eachLine(head(input.text, 4096), (line) => {
    if (line.trim() === '') {
      return true
    }
    const t = upslogTime(line)
    if (t && upslogFields(line, t.rest)) {
      found = true
      return false
    }
    return ++lines < 3
  })
  return found
}

function parseUpslog(input: ReportInput): ParseResult {
  const events: ParsedEvent[] = []
  const offsets: OffsetCache = new Map()
  const states = new Map<string, UpsState>()
  let lastStatus: string | null = null
  let lastState: UpsState | null = null
  // The last matching line, kept as its parts (no object per line).
  let lastLine = ''
  let lastTime: UpslogLine | null = null
  let lastOpen = 0
  let lastEmitted = false
  let matched = 0
  const emit = (line: string, t: UpslogLine, open: number, status: string): void => {
    const numbers = upslogNumbers(line, t.rest, open)
    const s = upsStatusOf({
      'ups.status': status,
      'battery.charge': numbers[0],
      'input.voltage': numbers[1],
      'ups.load': numbers[2],
    })
    events.push(upsEvent(null, upslogAt(t, input.timeZone, offsets), s, line))
  }
  eachLine(input.text, (line) => {
    const t = upslogTime(line)
    if (!t) {
      return
    }
    const f = upslogFields(line, t.rest)
    if (!f) {
      return
    }
    matched++
    // upslog writes a line every interval: only state changes (and the last line) become events.
    if (f.status !== lastStatus) {
      lastStatus = f.status
      let state = states.get(f.status)
      if (state === undefined) {
        state = upsStatusOf({ 'ups.status': f.status }).state
        if (states.size < 1000) {
          states.set(f.status, state)
        }
      }
      if (state !== lastState) {
        lastState = state
        emit(line, t, f.open, f.status)
        lastEmitted = true
        return
      }
    }
    lastLine = line
    lastTime = t
    lastOpen = f.open
    lastEmitted = false
  })
  if (matched === 0) {
    return { status: 'unparsed', reason: 'no upslog lines (time, three values, [status]) found' }
  }
  const finalTime = lastTime as UpslogLine | null
  if (finalTime && !lastEmitted && lastStatus !== null) {
    emit(lastLine, finalTime, lastOpen, lastStatus)
  }
  return { status: 'parsed', events }
}

export const upslog: Parser = {
  format: 'upslog',
  kind: 'ups',
  detect: (input) => {
    try {
      return detectUpslog(input)
    } catch {
      return false
    }
  },
  parse: (input) => {
    try {
      return parseUpslog(input)
    } catch (error) {
      return { status: 'unparsed', reason: `upslog parser error: ${String(error).slice(0, 200)}` }
    }
  },
}
