// Network UPS Tools (NUT): `upsc` dumps and protocol replies (`nut`), upsmon NOTIFYCMD messages (`upsmon`) and
// upslog's default-format lines (`upslog`). Observed with NUT 2.8.0 (Debian 12); see
// test/fixtures/monitoring/nut/README.md for how the samples were made.
import { DateTime } from 'luxon'
import { clip, eachLine, flat, head, isAt, isDigit, lineStop, skipSpace, trimEndAt, twoDigits } from './text.js'
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

/** The UpsEvent of one reading: the power state and figures of `status`; `message` is clipped. */
export function upsEvent(ups: string | null, at: number | null, status: NutStatus, message: string): UpsEvent {
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

/** An UpsEvent with a state and no figures (a notification, a protocol error). */
export function simpleEvent(ups: string | null, at: number | null, state: UpsState, message: string): UpsEvent {
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

/** The variables upsStatusOf reads: the others a report lists are counted, not kept. */
const STATUS_VARS = [
  'ups.status',
  'ups.alarm',
  'ups.test.result',
  'battery.charge',
  'battery.runtime',
  'ups.load',
  'input.voltage',
]

/** The STATUS_VARS name written at text[from, to), or undefined. */
function statusVarAt(text: string, from: number, to: number): string | undefined {
  for (const name of STATUS_VARS) {
    if (name.length === to - from && isAt(text, from, name)) {
      return name
    }
  }
  return undefined
}

/** isVarName for text[from, to), without a slice. */
function isVarNameAt(text: string, from: number, to: number): boolean {
  if (to <= from || to - from > 128) {
    return false
  }
  const first = text.charCodeAt(from)
  if (first < 97 || first > 122) {
    return false
  }
  for (let i = from + 1; i < to; i++) {
    const c = text.charCodeAt(i)
    const ok = (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 46 || c === 95 || c === 45 || (c >= 65 && c <= 90)
    if (!ok) {
      return false
    }
  }
  return true
}

function hasDot(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    if (text.charCodeAt(i) === 46) {
      return true
    }
  }
  return false
}

/** The lines of `text` into `read`. */
function readNut(text: string, read: NutRead): void {
  const { byUps, statusLine, upsc, errors } = read
  let upscStatusLine = ''
  let upscCount = 0
  let upscKnown = false
  let context: string | null = null
  // The UPS of the last VAR line and its variables: the next lines are mostly about the same UPS.
  let lastUps = ''
  let lastVars: Record<string, string> | undefined
  // The next ' ' and ': ' in the text (-1: none), searched again only once passed: linear however long a line is.
  let space = -2
  let colonSpace = -2

  // eachLine's lines by index (the line is text[from, to)); the few that are not variables are sliced.
  for (let start = 0; start <= text.length;) {
    let nl = text.indexOf('\n', start)
    if (nl < 0) {
      nl = text.length
    }
    const from = start
    const to = lineStop(text, start, nl)
    start = nl + 1
    // (No read past the text: in optimised code that costs a deoptimisation.)
    const first = from < to ? text.charCodeAt(from) : 0
    if (first === 86 && to - from >= 4 && isAt(text, from, 'VAR ')) {
      // protocolVar, in place. Only the STATUS_VARS values are kept; another variable of a UPS already seen
      // changes nothing, so its line is not read further.
      if (space !== -1 && space < from + 4) {
        space = text.indexOf(' ', from + 4)
      }
      const upsEnd = space
      if (upsEnd <= from + 4 || upsEnd >= to) {
        continue
      }
      if (space < upsEnd + 1) {
        space = text.indexOf(' ', upsEnd + 1)
      }
      const nameEnd = space
      if (
        nameEnd <= upsEnd + 1 ||
        nameEnd + 1 >= to ||
        text.charCodeAt(nameEnd + 1) !== 34 ||
        text.charCodeAt(to - 1) !== 34 ||
        to < nameEnd + 3
      ) {
        continue
      }
      const name = statusVarAt(text, upsEnd + 1, nameEnd)
      let vars =
        lastVars !== undefined && lastUps.length === upsEnd - from - 4 && isAt(text, from + 4, lastUps)
          ? lastVars
          : undefined
      if (vars === undefined) {
        if (name === undefined && !isVarNameAt(text, upsEnd + 1, nameEnd)) {
          continue
        }
        const ups = text.slice(from + 4, upsEnd)
        vars = byUps.get(ups)
        if (!vars) {
          if (byUps.size >= MAX_UPSES) {
            continue
          }
          vars = {}
          byUps.set(ups, vars)
        }
        lastUps = ups
        lastVars = vars
      }
      if (name !== undefined) {
        const raw = text.slice(nameEnd + 2, to - 1)
        vars[name] = raw.includes('\\') ? raw.replace(/\\(.)/g, '$1') : raw
        if (name === 'ups.status') {
          statusLine.set(lastUps, text.slice(from, to))
        }
      }
      continue
    }
    if (first === 69 || first === 66 || first === 76 || first === 71) {
      const line = text.slice(from, to)
      if (line.startsWith('ERR ')) {
        const word = line.slice(4).trim()
        if (nutErrorState(word) !== null && errors.length < MAX_UPSES) {
          errors.push({ ups: context, message: line })
        }
        continue
      }
      if (line.startsWith('Error: ')) {
        const rest = line.slice(7)
        const harmless = rest.startsWith('Variable not supported') || rest.startsWith('Unknown command')
        if (!harmless && errors.length < MAX_UPSES) {
          errors.push({ ups: null, message: line })
        }
        continue
      }
      // Commands echoed in a transcript (`LIST VAR demo`, `GET VAR demo ups.status`) name the UPS the next ERR is
      // about.
      if (line.startsWith('BEGIN LIST VAR ') || line.startsWith('LIST VAR ') || line.startsWith('GET VAR ')) {
        const rest = line.slice(line.indexOf('VAR ') + 4)
        const cut = rest.indexOf(' ')
        context = (cut < 0 ? rest : rest.slice(0, cut)).trim() || null
        continue
      }
    }
    // `name: value` from upsc. Once a reading is certain, only the STATUS_VARS lines matter.
    if (colonSpace !== -1 && colonSpace < from) {
      colonSpace = text.indexOf(': ', from)
    }
    const colon = colonSpace
    if (colon <= from || colon - from > 128 || colon + 2 > to) {
      continue
    }
    const name = statusVarAt(text, from, colon)
    if (name === undefined) {
      if ((upscCount > 0 && upscKnown) || !isVarNameAt(text, from, colon) || !hasDot(text, from, colon)) {
        continue
      }
      upscKnown ||= isAt(text, from, 'ups.') || isAt(text, from, 'driver.')
    } else {
      upsc[name] = text.slice(colon + 2, to)
      upscKnown ||= name.startsWith('ups.')
      if (name === 'ups.status') {
        upscStatusLine = text.slice(from, to)
      }
    }
    upscCount++
  }

  read.upscStatusLine = upscStatusLine
  read.upscCount = upscCount
  read.upscKnown = upscKnown
}

/** What readNut gathers: variables per UPS (protocol), the anonymous `upsc` set, and error lines. */
interface NutRead {
  byUps: Map<string, Record<string, string>>
  statusLine: Map<string, string>
  upsc: Record<string, string>
  upscStatusLine: string
  upscCount: number
  /** Whether a `upsc` variable starts with `ups.` or `driver.`. */
  upscKnown: boolean
  errors: { ups: string | null; message: string }[]
}

function parseNut(input: ReportInput): ParseResult {
  const read: NutRead = {
    byUps: new Map(),
    statusLine: new Map(),
    upsc: {},
    upscStatusLine: '',
    upscCount: 0,
    upscKnown: false,
    errors: [],
  }
  readNut(input.text, read)
  const { byUps, statusLine, upsc, upscStatusLine, upscCount, upscKnown, errors } = read
  const events: ParsedEvent[] = []
  for (const [ups, vars] of byUps) {
    events.push(...statusEvents(ups, upsStatusOf(vars), statusLine.get(ups) ?? `VAR ${ups} (no ups.status)`))
  }
  // upsc output needs a NUT variable we know, or any `driver.`/`ups.` variable, to count as a reading.
  if (upscCount > 0 && upscKnown) {
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

// Every line of a busy upsmon log goes through what follows, so it reads the text in place: by index, no slice or
// hash per line, and as few characters as it takes to be sure.

/** A notification as readNotify finds it: its NOTIFYTYPE, and where its UPS name is (`upsStart` < 0: none). */
interface Notify {
  type: string
  upsStart: number
  upsEnd: number
  /** Whether the text is one of upsmon's own (a template or a fixed text). */
  template: boolean
  /** Cursor for readNotify: the first space at or after some earlier position (-1: none), reused while ahead. */
  space: number
}

const newNotify = (): Notify => ({ type: '', upsStart: -1, upsEnd: -1, template: false, space: -2 })

/**
 * A word of capitals and `_` as a number (base 32, digits 1–31): distinct for distinct words of up to 10 characters.
 * NOTIFYTYPEs of that length are looked up by it; longer ones by their text.
 */
const CODE_CHARS = 10
const TYPE_BY_CODE = new Map<number, string>()
for (const type of NOTIFY_TYPES.keys()) {
  if (type.length <= CODE_CHARS) {
    let code = 0
    for (let i = 0; i < type.length; i++) {
      code = code * 32 + capitalDigit(type.charCodeAt(i))
    }
    TYPE_BY_CODE.set(code, type)
  }
}

/** 1–26 for A–Z, 31 for `_`, 0 for anything else. */
function capitalDigit(c: number): number {
  return c >= 65 && c <= 90 ? c - 64 : c === 95 ? 31 : 0
}

const UPS_PREFIX = 'UPS '
const COMM_PREFIX = 'Communications with UPS '

/** The templates by the last character of their suffix (in TEMPLATES order): a text is compared with those only. */
const TEMPLATES_BY_LAST: Template[][] = []
for (const t of TEMPLATES) {
  ;(TEMPLATES_BY_LAST[t.suffix.charCodeAt(t.suffix.length - 1)] ??= []).push(t)
}

/**
 * The UPS name in a default text, text[from, to) (trimmed): one word, `ups@host[:port]`. Fills `out` (type, name)
 * and returns true when the text is one of upsmon's own. No fixed text starts like a template, so which of the two
 * is tried first does not matter.
 */
function upsNameAt(text: string, from: number, to: number, out: Notify): boolean {
  const length = to - from
  const templates = length > 0 ? TEMPLATES_BY_LAST[text.charCodeAt(to - 1)] : undefined
  if (templates !== undefined) {
    const ups = length >= UPS_PREFIX.length && isAt(text, from, UPS_PREFIX)
    const comm = !ups && length >= COMM_PREFIX.length && isAt(text, from, COMM_PREFIX)
    for (const t of templates) {
      const start = from + t.prefix.length
      const end = to - t.suffix.length
      if ((t.prefix === UPS_PREFIX ? ups : comm) && end > start && end - start <= 256 && isAt(text, end, t.suffix)) {
        // The name holds no space: the first space after its start is at its end or beyond.
        if (out.space !== -1 && out.space < start) {
          out.space = text.indexOf(' ', start)
        }
        if (out.space === -1 || out.space >= end) {
          out.type = t.type
          out.upsStart = start
          out.upsEnd = end
          return true
        }
      }
    }
  }
  for (const [fixed, type] of FIXED_TEXTS) {
    if (length === fixed.length && isAt(text, from, fixed)) {
      out.type = type
      out.upsStart = out.upsEnd = -1
      return true
    }
  }
  return false
}

/** Any "UPS <name>" / "Communications with UPS <name>" at the start of a (custom) text, text[from, to) (trimmed). */
function looseUpsNameAt(text: string, from: number, to: number, out: Notify): void {
  out.upsStart = out.upsEnd = -1
  const length = to - from
  const start =
    length >= UPS_PREFIX.length && isAt(text, from, UPS_PREFIX)
      ? from + UPS_PREFIX.length
      : length >= COMM_PREFIX.length && isAt(text, from, COMM_PREFIX)
        ? from + COMM_PREFIX.length
        : -1
  if (start < 0) {
    return
  }
  let end = start
  while (end < to && text.charCodeAt(end) !== 32) {
    end++
  }
  if (end > start && text.charCodeAt(end - 1) === 58) {
    end--
  }
  if (end > start && end - start <= 256) {
    out.upsStart = start
    out.upsEnd = end
  }
}

/**
 * One upsmon line, text[from, to) (trimmed) → its NOTIFYTYPE and UPS in `out`; false when it is not an upsmon
 * notification. A `TYPE: ` prefix wins over the type of the text's template.
 */
function readNotify(text: string, from: number, to: number, out: Notify): boolean {
  // NOTIFYTYPEs are capitals and `_`: the first ": " ends the word only when nothing else comes before it.
  let k = from
  let code = 0
  for (; k < to && k - from <= 20; k++) {
    const digit = capitalDigit(text.charCodeAt(k))
    if (digit === 0) {
      break
    }
    code = code * 32 + digit
  }
  if (k - from > 1 && k - from <= 20 && k + 1 < to && text.charCodeAt(k) === 58 && text.charCodeAt(k + 1) === 32) {
    const type = k - from <= CODE_CHARS ? TYPE_BY_CODE.get(code) : longNotifyType(text.slice(from, k))
    if (type !== undefined) {
      const message = skipSpace(text, k + 2, to)
      out.template = upsNameAt(text, message, to, out)
      if (!out.template) {
        looseUpsNameAt(text, message, to, out)
      }
      out.type = type
      return true
    }
  }
  out.template = upsNameAt(text, from, to, out)
  return out.template
}

function longNotifyType(word: string): string | undefined {
  return NOTIFY_TYPES.has(word) ? word : undefined
}

function detectUpsmon(input: ReportInput): boolean {
  let found = false
  let lines = 0
  const n = newNotify()
  eachLine(head(input.text, 4096), (line) => {
    const from = skipSpace(line, 0, line.length)
    if (from === line.length) {
      return true
    }
    n.space = -2
    // A bare NOTIFYTYPE prefix ("OFF: ", "ECO: ") is too common a word to claim a report on: the text must be
    // one of upsmon's own or name a UPS.
    if (readNotify(line, from, trimEndAt(line, from, line.length), n) && (n.template || line.includes('UPS'))) {
      found = true
      return false
    }
    return ++lines < 5
  })
  return found
}

/**
 * What a line said, kept to skip reading the same notification again (upsmon repeats its few texts, and its lines
 * carry no time): whether it is a notification, and its event (frozen: every line with this text gets this one).
 */
interface SeenLine {
  line: string
  recognised: boolean
  event: UpsEvent | null
}

/** Lines up to this long are remembered, the last one of each length. */
const SEEN_LENGTHS = 512

function parseUpsmon(input: ReportInput): ParseResult {
  // Room for a notification per 32 characters (they are longer): an array that grows by a push per event spends
  // most of its time growing, when a log holds a hundred thousand of them. Cut to what was filled.
  const events = new Array<ParsedEvent>(Math.min(input.text.length >> 5, 1 << 18))
  const filled = readUpsmon(input.text, events)
  if (filled.recognised === 0) {
    return { status: 'unparsed', reason: 'no upsmon notification found' }
  }
  events.length = filled.events
  return { status: 'parsed', events }
}

/**
 * Puts the events of the upsmon lines of `text` into `events` from its start (past its length by push); returns how
 * many lines were notifications and how many events they made.
 */
function readUpsmon(text: string, events: ParsedEvent[]): { recognised: number; events: number } {
  const n = newNotify()
  const seen: (SeenLine | undefined)[] = []
  let recognised = 0
  let count = 0
  // eachLine's lines, walked here by index: the trimmed line is text[from, to).
  for (let start = 0; start <= text.length;) {
    let nl = text.indexOf('\n', start)
    if (nl < 0) {
      nl = text.length
    }
    const stop = lineStop(text, start, nl)
    // The trimmed line: mostly it starts and ends with a visible ASCII character (none of 33–159 is white space).
    const first = start < stop ? text.charCodeAt(start) : 0
    const from = first > 32 && first < 160 ? start : skipSpace(text, start, stop)
    const last = from < stop ? text.charCodeAt(stop - 1) : 0
    const to = last > 32 && last < 160 ? stop : trimEndAt(text, from, stop)
    start = nl + 1
    if (from === to) {
      continue
    }
    const line = text.slice(from, to)
    let known = to - from < SEEN_LENGTHS ? seen[to - from] : undefined
    if (known === undefined || known.line !== line) {
      known = readUpsmonLine(text, from, to, line, n)
      if (to - from < SEEN_LENGTHS) {
        seen[to - from] = known
      }
    }
    if (known.recognised) {
      recognised++
      if (known.event !== null) {
        if (count < events.length) {
          events[count] = known.event
        } else {
          events.push(known.event)
        }
        count++
      }
    }
  }
  return { recognised, events: count }
}

/** One upsmon line text[from, to) (`line`, trimmed) read in full. */
function readUpsmonLine(text: string, from: number, to: number, line: string, n: Notify): SeenLine {
  const found = readNotify(text, from, to, n)
  const state = found ? NOTIFY_TYPES.get(n.type) : null
  const ups = found && n.upsStart >= 0 ? text.slice(n.upsStart, n.upsEnd) : null
  return {
    line: flat(line),
    recognised: found,
    event: state ? Object.freeze(simpleEvent(ups, null, state, line)) : null,
  }
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

const POWERS_OF_TEN = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15]

/**
 * numberOf for text[from, to), without a slice: a plain decimal number or null. Up to 15 digits the value is built
 * here (a whole number of at most 15 digits over a power of ten is exact, and the division rounds as Number() does).
 */
function numberAt(text: string, from: number, to: number): number | null {
  from = skipSpace(text, from, to)
  to = trimEndAt(text, from, to)
  if (to === from || to - from > 32) {
    return null
  }
  const negative = text.charCodeAt(from) === 45
  let i = negative ? from + 1 : from
  const first = i
  let n = 0
  while (i < to && isDigit(text.charCodeAt(i))) {
    n = n * 10 + text.charCodeAt(i++) - 48
  }
  if (i === first) {
    return null
  }
  let decimals = 0
  if (i < to) {
    if (text.charCodeAt(i) !== 46) {
      return null
    }
    const point = ++i
    while (i < to && isDigit(text.charCodeAt(i))) {
      n = n * 10 + text.charCodeAt(i++) - 48
    }
    decimals = i - point
    if (decimals === 0 || i < to) {
      return null
    }
  }
  if (to - first - (decimals > 0 ? 1 : 0) > 15) {
    return numberOf(text.slice(from, to))
  }
  const value = decimals === 0 ? n : n / POWERS_OF_TEN[decimals]!
  return negative ? -value : value
}

/** What reading upslog lines carries from line to line, and from the loop to the end of the parse. */
interface UpslogRead {
  zone: string
  events: ParsedEvent[]
  offsets: OffsetCache
  /**
   * Epoch ms of the local minutes (offset applied) of the default time format: per local hour (`YYYYMMDDHH` as a
   * number), its minutes by number (00–99 as written; undefined: not asked yet). The last hour is kept apart, so
   * that a line costs no Map lookup (which would box a key this large).
   */
  hours: Map<number, (number | null | undefined)[]>
  lastHour: number
  lastHourMinutes: (number | null | undefined)[]
  states: Map<string, UpsState>
  /** The statuses of the default-format lines so far (at most MAX_STATUSES) and their states, found in place. */
  statuses: string[]
  statusStates: UpsState[]
  matched: number
  lastStatus: string | null
  lastState: UpsState | null
  /** The last matching line that made no event, as its place in the text (read again at the end); -1: none. */
  lastStart: number
  lastStop: number
  lastEmitted: boolean
  /** Whether lastStart is a line taken on its status alone (see readUpslog), not yet known to match. */
  unchecked: boolean
  /** Read every line in full: the second pass, when the last line taken on its status alone did not match. */
  exact: boolean
}

const MAX_STATUSES = 64

function newUpslogRead(zone: string, exact: boolean): UpslogRead {
  return {
    zone,
    events: [],
    offsets: new Map(),
    hours: new Map(),
    lastHour: -1,
    lastHourMinutes: [],
    states: new Map(),
    statuses: [],
    statusStates: [],
    matched: 0,
    lastStatus: null,
    lastState: null,
    lastStart: -1,
    lastStop: -1,
    lastEmitted: false,
    unchecked: false,
    exact,
  }
}

function parseUpslog(input: ReportInput): ParseResult {
  let read = newUpslogRead(input.timeZone, false)
  readUpslog(input.text, read)
  if (read.unchecked && !read.lastEmitted && upslogOpenAt(input.text, read.lastStart, read.lastStop) < 0) {
    // The line that would make the last event is no upslog line after all: which one is, takes reading them all.
    read = newUpslogRead(input.timeZone, true)
    readUpslog(input.text, read)
  }
  if (read.matched === 0) {
    return { status: 'unparsed', reason: 'no upslog lines (time, three values, [status]) found' }
  }
  if (read.lastStart >= 0 && !read.lastEmitted && read.lastStatus !== null) {
    const line = input.text.slice(read.lastStart, read.lastStop)
    const t = upslogTime(line)!
    emitUpslog(read, line, t, upslogFields(line, t.rest)!.open, read.lastStatus)
  }
  return { status: 'parsed', events: read.events }
}

function emitUpslog(read: UpslogRead, line: string, t: UpslogLine, open: number, status: string): void {
  const numbers = upslogNumbers(line, t.rest, open)
  const s = upsStatusOf({
    'ups.status': status,
    'battery.charge': numbers[0],
    'input.voltage': numbers[1],
    'ups.load': numbers[2],
  })
  read.events.push(upsEvent(null, upslogAt(t, read.zone, read.offsets), s, line))
}

function upslogState(read: UpslogRead, status: string): UpsState {
  let state = read.states.get(status)
  if (state === undefined) {
    state = upsStatusOf({ 'ups.status': status }).state
    if (read.states.size < 1000) {
      read.states.set(status, state)
    }
  }
  return state
}

/** An upslog line not in the default time format (an ISO time, or no upslog line at all), read the general way. */
function readOtherUpslogLine(read: UpslogRead, text: string, from: number, stop: number): void {
  const line = text.slice(from, stop)
  const t = upslogTime(line)
  const f = t && upslogFields(line, t.rest)
  if (!t || !f) {
    return
  }
  read.matched++
  if (f.status !== read.lastStatus) {
    read.lastStatus = f.status
    const state = upslogState(read, f.status)
    if (state !== read.lastState) {
      read.lastState = state
      emitUpslog(read, line, t, f.open, f.status)
      read.lastEmitted = true
      return
    }
  }
  read.lastStart = from
  read.lastStop = stop
  read.lastEmitted = false
  read.unchecked = false
}

/** Whether the line text[from, stop) starts with upslog's default time, `YYYYMMDD HHMMSS ` (upslogTime in place). */
function defaultTimeAt(text: string, from: number, stop: number): boolean {
  return (
    stop - from >= 16 &&
    text.charCodeAt(from + 8) === 32 &&
    text.charCodeAt(from + 15) === 32 &&
    (twoDigits(text, from) |
      twoDigits(text, from + 2) |
      twoDigits(text, from + 4) |
      twoDigits(text, from + 6) |
      twoDigits(text, from + 9) |
      twoDigits(text, from + 11) |
      twoDigits(text, from + 13)) >=
      0
  )
}

/**
 * Where the `[` of a default-format upslog line text[from, stop) is (`YYYYMMDD HHMMSS `, exactly three
 * space-separated values, `[`, a `]` later on the line), or -1 when the line is not one: upslogTime and upslogFields
 * in place.
 */
function upslogOpenAt(text: string, from: number, stop: number): number {
  if (!defaultTimeAt(text, from, stop)) {
    return -1
  }
  let count = 0
  let inField = false
  let i = from + 16
  for (; i < stop; i++) {
    const c = text.charCodeAt(i)
    if (c === 32) {
      inField = false
    } else if (c === 91) {
      break
    } else if (!inField) {
      inField = true
      if (++count > 3) {
        return -1
      }
    }
  }
  if (count !== 3 || i >= stop) {
    return -1
  }
  for (let close = i + 1; close < stop; close++) {
    if (text.charCodeAt(close) === 93) {
      return i
    }
  }
  return -1
}

/**
 * The epoch ms of the local minute `YYYYMMDD HHMM` written at text[from] (digits, as readUpslogLine checked them):
 * luxon once per minute, for its offset.
 */
function upslogMinute(read: UpslogRead, text: string, from: number): number | null {
  const y =
    (text.charCodeAt(from) - 48) * 1000 +
    (text.charCodeAt(from + 1) - 48) * 100 +
    (text.charCodeAt(from + 2) - 48) * 10 +
    (text.charCodeAt(from + 3) - 48)
  const mo = (text.charCodeAt(from + 4) - 48) * 10 + (text.charCodeAt(from + 5) - 48)
  const d = (text.charCodeAt(from + 6) - 48) * 10 + (text.charCodeAt(from + 7) - 48)
  const h = (text.charCodeAt(from + 9) - 48) * 10 + (text.charCodeAt(from + 10) - 48)
  const mi = (text.charCodeAt(from + 11) - 48) * 10 + (text.charCodeAt(from + 12) - 48)
  const hour = ((y * 100 + mo) * 100 + d) * 100 + h
  let minutes = read.lastHourMinutes
  if (hour !== read.lastHour) {
    let known = read.hours.get(hour)
    if (known === undefined) {
      if (read.hours.size > 10_000) {
        read.hours.clear()
      }
      known = []
      read.hours.set(hour, known)
    }
    read.lastHour = hour
    read.lastHourMinutes = minutes = known
  }
  let base = minutes[mi]
  if (base === undefined) {
    const dt = DateTime.fromFormat(`${text.slice(from, from + 13)}00`, 'yyyyMMdd HHmmss', { zone: read.zone })
    base = dt.isValid ? Date.UTC(y, mo - 1, d, h, mi) - dt.offset * 60_000 : null
    minutes[mi] = base
  }
  return base
}

/**
 * A line text[from, stop) read in full as a default-format one: upslogOpenAt, then its status (a changed one is looked
 * up among the known ones in place, so it is sliced once per parse) and an event when its state changed, all in one
 * pass over the line. False when the line is no default-format upslog line.
 */
function readUpslogLine(read: UpslogRead, text: string, from: number, stop: number): boolean {
  if (!defaultTimeAt(text, from, stop)) {
    return false
  }
  // The bounds of the three values before the '[' (start, end), as the loop finds them.
  let s0 = 0
  let e0 = 0
  let s1 = 0
  let e1 = 0
  let s2 = 0
  let e2 = 0
  let count = 0
  let inField = false
  let open = from + 16
  for (; open < stop; open++) {
    const c = text.charCodeAt(open)
    if (c === 32) {
      if (inField) {
        inField = false
        if (count === 1) {
          e0 = open
        } else if (count === 2) {
          e1 = open
        } else {
          e2 = open
        }
      }
    } else if (c === 91) {
      break
    } else if (!inField) {
      inField = true
      if (++count > 3) {
        return false
      }
      if (count === 1) {
        s0 = open
      } else if (count === 2) {
        s1 = open
      } else {
        s2 = open
      }
    }
  }
  if (count !== 3 || open >= stop) {
    return false
  }
  if (inField) {
    e2 = open
  }
  let close = open + 1
  while (close < stop && text.charCodeAt(close) !== 93) {
    close++
  }
  if (close >= stop) {
    return false
  }
  read.matched++
  const statusFrom = skipSpace(text, open + 1, close)
  const statusTo = trimEndAt(text, statusFrom, close)
  const lastStatus = read.lastStatus
  if (lastStatus !== null && lastStatus.length === statusTo - statusFrom && isAt(text, statusFrom, lastStatus)) {
    read.lastStart = from
    read.lastStop = stop
    read.lastEmitted = false
    read.unchecked = false
    return true
  }
  let status: string | undefined
  let state: UpsState | undefined
  const statuses = read.statuses
  for (let k = 0; k < statuses.length; k++) {
    const known = statuses[k]!
    if (known.length === statusTo - statusFrom && isAt(text, statusFrom, known)) {
      status = known
      state = read.statusStates[k]!
      break
    }
  }
  if (status === undefined || state === undefined) {
    status = flat(text.slice(statusFrom, statusTo))
    state = upslogState(read, status)
    if (statuses.length < MAX_STATUSES) {
      statuses.push(status)
      read.statusStates.push(state)
    }
  }
  read.lastStatus = status
  if (state === read.lastState) {
    read.lastStart = from
    read.lastStop = stop
    read.lastEmitted = false
    read.unchecked = false
    return true
  }
  read.lastState = state
  // emitUpslog for this line, in place: the time's minute costs luxon once, the figures no slice.
  const base = upslogMinute(read, text, from)
  const sec = (text.charCodeAt(from + 13) - 48) * 10 + (text.charCodeAt(from + 14) - 48)
  read.events.push({
    kind: 'ups',
    ups: null,
    at: base === null || sec > 59 ? null : base + sec * 1000,
    state,
    charge: numberAt(text, s0, e0),
    runtimeSeconds: null,
    loadPercent: numberAt(text, s2, e2),
    inputVoltage: numberAt(text, s1, e1),
    message: clip(text.slice(from, stop)),
  })
  read.lastEmitted = true
  return true
}

/**
 * The upslog lines of `text` into `read`. upslog writes a line every interval, most of them with the status of the
 * line before: such a line (`[` + the last status + `]` right after the time's layout) is taken as the last line
 * without an event, and only whether the one taken last really is an upslog line (digits, three values) is checked,
 * at the end. Every other line is read in full.
 */
function readUpslog(text: string, read: UpslogRead): void {
  const n = text.length
  const exact = read.exact
  // The next `[` in the text (-1: none), searched again only once passed: a text without one is searched once.
  let bracket = -2
  for (let start = 0; start <= n;) {
    let nl = text.indexOf('\n', start)
    if (nl < 0) {
      nl = n
    }
    const from = start
    const stop = lineStop(text, start, nl)
    start = nl + 1
    const lastStatus = read.lastStatus
    if (
      !exact &&
      lastStatus !== null &&
      stop - from > 16 &&
      text.charCodeAt(from + 8) === 32 &&
      text.charCodeAt(from + 15) === 32 &&
      // A digit here rules out the ISO time of readOtherUpslogLine: the line is a default one or none at all.
      isDigit(text.charCodeAt(from + 4))
    ) {
      if (bracket !== -1 && bracket < from + 16) {
        bracket = text.indexOf('[', from + 16)
      }
      const open = bracket
      const end = open + 1 + lastStatus.length
      if (open > 0 && end < stop && text.charCodeAt(end) === 93 && isAt(text, open + 1, lastStatus)) {
        read.lastStart = from
        read.lastStop = stop
        read.lastEmitted = false
        read.unchecked = true
        continue
      }
    }
    if (readUpslogLine(read, text, from, stop)) {
      continue
    }
    if (
      stop - from < 16 ||
      text.charCodeAt(from + 8) !== 32 ||
      text.charCodeAt(from + 15) !== 32 ||
      !isDigits(text, from, 8) ||
      !isDigits(text, from + 9, 15)
    ) {
      readOtherUpslogLine(read, text, from, stop)
    }
  }
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
