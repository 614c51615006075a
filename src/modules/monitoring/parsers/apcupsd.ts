// apcupsd: its events file (`apcupsd-events`, default /var/log/apcupsd.events) and `apcaccess status` output
// (`apcaccess`). Written against apcupsd 3.14.14 as the shared notes describe it; the samples are reconstructed
// (apcupsd conflicts with NUT's packages here), see test/fixtures/monitoring/apcupsd/README.md.
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

/** apcaccess data whose DATE (last good poll) is older than this before END APC (or receipt) is stale. */
export const APCACCESS_STALE_MS = 5 * 60 * 1000

function digitsAt(text: string, from: number, count: number): number {
  let n = 0
  for (let i = from; i < from + count; i++) {
    const c = text.charCodeAt(i) - 48
    if (c < 0 || c > 9) {
      return -1
    }
    n = n * 10 + c
  }
  return n
}

/** Whether `text` starts with `YYYY-MM-DD HH:MM:SS`. */
function startsWithIsoTime(text: string): boolean {
  return (
    text.length >= 19 &&
    digitsAt(text, 0, 4) >= 0 &&
    text[4] === '-' &&
    digitsAt(text, 5, 2) >= 0 &&
    text[7] === '-' &&
    digitsAt(text, 8, 2) >= 0 &&
    text[10] === ' ' &&
    digitsAt(text, 11, 2) >= 0 &&
    text[13] === ':' &&
    digitsAt(text, 14, 2) >= 0 &&
    text[16] === ':' &&
    digitsAt(text, 17, 2) >= 0
  )
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

/** `YYYY-MM-DD HH:MM:SS ±HHMM` → epoch ms; null when the fields are out of range. */
function offsetTime(text: string): number | null {
  const year = digitsAt(text, 0, 4)
  const month = digitsAt(text, 5, 2)
  const day = digitsAt(text, 8, 2)
  const hour = digitsAt(text, 11, 2)
  const minute = digitsAt(text, 14, 2)
  const second = digitsAt(text, 17, 2)
  const oh = digitsAt(text, 21, 2)
  const om = digitsAt(text, 23, 2)
  if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59) {
    return null
  }
  if (second < 0 || second > 60 || oh < 0 || oh > 23 || om < 0 || om > 59) {
    return null
  }
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
  if (day > (month === 2 && !leap ? 28 : (DAYS_IN_MONTH[month - 1] ?? 0))) {
    return null
  }
  const sign = text.charCodeAt(20) === 45 ? -1 : 1
  return Date.UTC(year, month - 1, day, hour, minute, second) - sign * (oh * 60 + om) * 60_000
}

/** apcupsd's time (`2026-11-29 17:53:29 +0100`, or without offset: read in `zone`) → epoch ms, else null. */
function apcTime(value: string, zone: string): number | null {
  const text = value.trim()
  if (!startsWithIsoTime(text)) {
    return null
  }
  if (text.length >= 25 && text[19] === ' ' && (text[20] === '+' || text[20] === '-')) {
    return offsetTime(text)
  }
  if (text.length > 19 && text.slice(19).trim() !== '') {
    return null
  }
  const dt = DateTime.fromFormat(text.slice(0, 19), 'yyyy-MM-dd HH:mm:ss', { zone })
  return dt.isValid ? dt.toMillis() : null
}

function event(
  ups: string | null,
  at: number | null,
  state: UpsState,
  message: string,
  figures?: Pick<UpsEvent, 'charge' | 'runtimeSeconds' | 'loadPercent' | 'inputVoltage'>,
): UpsEvent {
  return {
    kind: 'ups',
    ups,
    at,
    state,
    charge: figures?.charge ?? null,
    runtimeSeconds: figures?.runtimeSeconds ?? null,
    loadPercent: figures?.loadPercent ?? null,
    inputVoltage: figures?.inputVoltage ?? null,
    message: clip(message),
  }
}

// ---- apcupsd-events ------------------------------------------------------------------------------------------

type EventMeaning = { state: UpsState; selfTest?: 'passed' | 'failed' } | null

// The messages apcupsd 3.14 writes (its event table). null = known, but no UPS state (startup, logoff, test start).
const MESSAGES = new Map<string, EventMeaning>(
  Object.entries({
    'Power failure.': { state: 'on-battery' },
    'Running on UPS batteries.': { state: 'on-battery' },
    'Battery power exhausted.': { state: 'low-battery' },
    'Reached run time limit on batteries.': { state: 'low-battery' },
    'Battery charge below low limit.': { state: 'low-battery' },
    'Reached remaining time percentage limit on batteries.': { state: 'low-battery' },
    'Failed to kill the power! Attempting a REBOOT!': { state: 'shutdown' },
    'Initiating system shutdown!': { state: 'shutdown' },
    'Power is back. UPS running on mains.': { state: 'online' },
    'Users requested to logoff.': null,
    // apcupsd shuts the host down on this one: the battery fails while it carries the load.
    'Battery failure. Emergency.': { state: 'low-battery' },
    'UPS battery must be replaced.': { state: 'replace-battery' },
    'Remote shutdown requested.': { state: 'shutdown' },
    'Remote shutdown requested': { state: 'shutdown' },
    'Communications with UPS lost.': { state: 'comm-lost' },
    'Communications with UPS restored.': { state: 'comm-restored' },
    // A self-test puts the UPS on battery on purpose: not a power cut.
    'UPS Self Test switch to battery.': null,
    'UPS Self Test completed.': null,
    'Master not responding.': { state: 'comm-lost' },
    'Connect from master.': { state: 'comm-restored' },
    'Mains returned. No longer on UPS batteries.': { state: 'online' },
    // A missing battery needs the same visit as a worn one.
    'Battery disconnected.': { state: 'replace-battery' },
    'Battery reattached.': null,
  } satisfies Record<string, EventMeaning>),
)

const SELF_TEST_DONE = 'UPS Self Test completed: '

/** What an events-file message means; undefined when apcupsd is not known to write it. */
function meaningOf(message: string): EventMeaning | undefined {
  if (MESSAGES.has(message)) {
    return MESSAGES.get(message) ?? null
  }
  if (message.startsWith(SELF_TEST_DONE)) {
    // 3.14 appends the result: "Battery OK" passed; "Not supported" / "No test results available" / "Test in
    // progress" say nothing; anything else ("Test failed", "Battery failed", unknown wording) counts as failed.
    const result = message.slice(SELF_TEST_DONE.length).trim().toLowerCase()
    if (result.startsWith('not supported') || result.startsWith('no test') || result.includes('in progress')) {
      return null
    }
    return { state: 'self-test', selfTest: result.startsWith('battery ok') ? 'passed' : 'failed' }
  }
  if (message.startsWith('apcupsd ')) {
    // "apcupsd 3.14.14 (31 May 2016) debian startup succeeded", "apcupsd exiting, signal 15", "... shutdown succeeded"
    return null
  }
  return undefined
}

/** `YYYY-MM-DD HH:MM:SS ±ZZZZ  message` (two spaces; one is accepted) → time and message, else null. */
function eventLine(line: string): { at: number | null; message: string } | null {
  // Separators first (cheap); offsetTime checks the digits and ranges.
  if (
    line.length < 27 ||
    line.charCodeAt(4) !== 45 ||
    line.charCodeAt(7) !== 45 ||
    line.charCodeAt(10) !== 32 ||
    line.charCodeAt(13) !== 58 ||
    line.charCodeAt(16) !== 58 ||
    line.charCodeAt(19) !== 32 ||
    line.charCodeAt(25) !== 32
  ) {
    return null
  }
  const sign = line.charCodeAt(20)
  if ((sign !== 43 && sign !== 45) || digitsAt(line, 0, 4) < 0 || digitsAt(line, 21, 4) < 0) {
    return null
  }
  return { at: offsetTime(line), message: line.slice(25).trim() }
}

function detectEvents(input: ReportInput): boolean {
  let found = false
  let lines = 0
  eachLine(head(input.text, 8192), (line) => {
    if (line.trim() === '') {
      return true
    }
    const e = eventLine(line)
    if (e && meaningOf(e.message) !== undefined) {
      found = true
      return false
    }
    return ++lines < 10
  })
  return found
}

function parseEvents(input: ReportInput): ParseResult {
  const events: ParsedEvent[] = []
  let recognised = 0
  eachLine(input.text, (line) => {
    const e = eventLine(line)
    if (!e) {
      return
    }
    const meaning = meaningOf(e.message)
    if (meaning === undefined) {
      return
    }
    recognised++
    if (meaning) {
      const ev = event(null, e.at, meaning.state, line.trim())
      events.push(meaning.selfTest ? { ...ev, selfTest: meaning.selfTest } : ev)
    }
  })
  if (recognised === 0) {
    return { status: 'unparsed', reason: 'no apcupsd event lines found' }
  }
  return { status: 'parsed', events }
}

export const apcupsdEvents: Parser = {
  format: 'apcupsd-events',
  kind: 'ups',
  detect: (input) => {
    try {
      return detectEvents(input)
    } catch {
      return false
    }
  },
  parse: (input) => {
    try {
      return parseEvents(input)
    } catch (error) {
      return { status: 'unparsed', reason: `apcupsd-events parser error: ${String(error).slice(0, 200)}` }
    }
  },
}

// ---- apcaccess -----------------------------------------------------------------------------------------------

/** `KEY      : value` → key and value; null for other lines. Keys are upper case, at most 9 wide ("END APC"). */
function keyValue(line: string): { key: string; value: string } | null {
  const colon = line.indexOf(':')
  if (colon < 3 || colon > 10) {
    return null
  }
  const key = line.slice(0, colon).trimEnd()
  if (key.length < 3) {
    return null
  }
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i)
    if (!((c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 32)) {
      return null
    }
  }
  return { key, value: line.slice(colon + 1).trim() }
}

/** The leading number of "230.0 Volts", " 23.0 Percent Load Capacity", "25.3" (`-u`); null for "N/A". */
function leadingNumber(value: string | undefined): { n: number; unit: string } | null {
  if (value === undefined) {
    return null
  }
  const m = /^(-?\d{1,12}(?:\.\d{1,12})?)(?:\s+(\S+))?/.exec(value.slice(0, 64))
  if (!m?.[1]) {
    return null
  }
  const n = Number(m[1])
  return Number.isFinite(n) ? { n, unit: (m[2] ?? '').toLowerCase() } : null
}

/** TIMELEFT is in minutes; a unit word, when there, wins. */
function secondsOf(value: string | undefined): number | null {
  const v = leadingNumber(value)
  if (!v) {
    return null
  }
  const factor = v.unit.startsWith('sec') ? 1 : v.unit.startsWith('hour') ? 3600 : 60
  return Math.round(v.n * factor)
}

/**
 * apcaccess STATUS → state, most severe first. `SHUTTING DOWN` → 'shutdown' (it sticks after mains return until
 * apcupsd restarts: still a shutdown, the host was told to go down); COMMLOST or SLAVEDOWN → 'comm-lost'; LOWBATT
 * → 'low-battery'; ONBATT → 'on-battery'; OVERLOAD → 'overload'; REPLACEBATT or NOBATT → 'replace-battery'; an
 * unknown word → 'replace-battery' ("needs attention", never 'online'); ONLINE (with CAL/TRIM/BOOST/SLAVE) →
 * 'online'; none of these → 'comm-lost'.
 */
export function apcStatusState(status: string): UpsState {
  const words = status.split(' ').filter((w) => w !== '')
  const has = new Set(words)
  if (has.has('SHUTTING')) {
    return 'shutdown'
  }
  if (has.has('COMMLOST') || has.has('SLAVEDOWN')) {
    return 'comm-lost'
  }
  if (has.has('LOWBATT')) {
    return 'low-battery'
  }
  if (has.has('ONBATT')) {
    return 'on-battery'
  }
  if (has.has('OVERLOAD')) {
    return 'overload'
  }
  if (has.has('REPLACEBATT') || has.has('NOBATT')) {
    return 'replace-battery'
  }
  const benign = new Set(['ONLINE', 'CAL', 'TRIM', 'BOOST', 'SLAVE', 'DOWN'])
  if (words.some((w) => !benign.has(w))) {
    return 'replace-battery'
  }
  return has.has('ONLINE') ? 'online' : 'comm-lost'
}

/** SELFTEST: OK passed; NO (none in the last 5 minutes), IP (in progress), empty, N/A → null; NG, BT, others failed. */
export function apcSelfTest(value: string | undefined): 'passed' | 'failed' | null {
  const v = (value ?? '').trim().toUpperCase()
  if (v === '' || v === 'NO' || v === 'IP' || v === 'N/A') {
    return null
  }
  return v === 'OK' ? 'passed' : 'failed'
}

function blockEvents(fields: Map<string, string>, statusLine: string, input: ReportInput): UpsEvent[] {
  const status = fields.get('STATUS') ?? ''
  const ups = fields.get('UPSNAME') || null
  const date = fields.get('DATE')
  const at = date === undefined ? null : apcTime(date, input.timeZone)
  const endValue = fields.get('END APC')
  const end = endValue === undefined ? null : apcTime(endValue, input.timeZone)
  let state = apcStatusState(status)
  let message = statusLine
  // DATE is the last good poll and stays put while apcupsd cannot reach the UPS: old data is no data.
  const reference = end ?? input.receivedAt
  if (at !== null && state !== 'shutdown' && state !== 'comm-lost' && reference - at > APCACCESS_STALE_MS) {
    const minutes = Math.round((reference - at) / 60_000)
    message = `${statusLine} (stale: DATE is ${minutes} min before ${end !== null ? 'END APC' : 'receipt'})`
    state = 'comm-lost'
  }
  const figures = {
    charge: leadingNumber(fields.get('BCHARGE'))?.n ?? null,
    runtimeSeconds: secondsOf(fields.get('TIMELEFT')),
    loadPercent: leadingNumber(fields.get('LOADPCT'))?.n ?? null,
    inputVoltage: leadingNumber(fields.get('LINEV'))?.n ?? null,
  }
  const events = [event(ups, at, state, message, figures)]
  const selfTest = apcSelfTest(fields.get('SELFTEST'))
  if (selfTest) {
    events.push({ ...event(ups, at, 'self-test', `SELFTEST : ${fields.get('SELFTEST')}`, figures), selfTest })
  }
  return events
}

function detectApcaccess(input: ReportInput): boolean {
  let apc = false
  let status = false
  let lines = 0
  eachLine(head(input.text, 8192), (line) => {
    if (line.trim() === '') {
      return true
    }
    const kv = keyValue(line)
    if (kv) {
      if (kv.key === 'APC' || kv.key === 'END APC') {
        apc = true
      } else if (kv.key === 'STATUS' || kv.key === 'UPSNAME' || kv.key === 'BCHARGE') {
        status = true
      }
    }
    return !(apc && status) && ++lines < 80
  })
  return apc && status
}

function parseApcaccess(input: ReportInput): ParseResult {
  const events: ParsedEvent[] = []
  let fields = new Map<string, string>()
  let statusLine = ''
  let sawApc = false
  const flush = (): void => {
    if (fields.has('STATUS')) {
      events.push(...blockEvents(fields, statusLine, input))
    }
    fields = new Map()
    statusLine = ''
  }
  eachLine(input.text, (line) => {
    const kv = keyValue(line)
    if (!kv) {
      return
    }
    if (kv.key === 'APC') {
      sawApc = true
      if (fields.size > 0) {
        flush()
      }
    }
    if (!fields.has(kv.key) && fields.size < 500) {
      fields.set(kv.key, kv.value)
    }
    if (kv.key === 'STATUS') {
      statusLine = line.trim()
    }
    if (kv.key === 'END APC') {
      sawApc = true
      flush()
    }
  })
  if (sawApc || fields.has('UPSNAME')) {
    flush()
  }
  if (events.length === 0) {
    return { status: 'unparsed', reason: 'no apcaccess status block (APC … STATUS … END APC) found' }
  }
  return { status: 'parsed', events }
}

export const apcaccess: Parser = {
  format: 'apcaccess',
  kind: 'ups',
  detect: (input) => {
    try {
      return detectApcaccess(input)
    } catch {
      return false
    }
  },
  parse: (input) => {
    try {
      return parseApcaccess(input)
    } catch (error) {
      return { status: 'unparsed', reason: `apcaccess parser error: ${String(error).slice(0, 200)}` }
    }
  },
}
