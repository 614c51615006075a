// apcupsd: its events file (`apcupsd-events`, default /var/log/apcupsd.events) and `apcaccess status` output
// (`apcaccess`). Written against apcupsd 3.14.14 as the shared notes describe it; the samples are reconstructed
// (apcupsd conflicts with NUT's packages here), see test/fixtures/monitoring/apcupsd/README.md.
import { DateTime } from 'luxon'
import {
  clip,
  digitsAt,
  eachLine,
  head,
  isAt,
  isSpace,
  lineStop,
  skipSpace,
  trimEndAt,
  twoDigits,
  utcMillis,
} from './text.js'
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

/** Whether `text` starts with `YYYY-MM-DD HH:MM:SS`. */
function startsWithIsoTime(text: string): boolean {
  return text.length >= 19 && isoTimeAt(text, 0)
}

/** Whether `YYYY-MM-DD HH:MM:SS` is at text[at] (the text is long enough). */
function isoTimeAt(text: string, at: number): boolean {
  return (
    digitsAt(text, at, 4) >= 0 &&
    text.charCodeAt(at + 4) === 45 &&
    digitsAt(text, at + 5, 2) >= 0 &&
    text.charCodeAt(at + 7) === 45 &&
    digitsAt(text, at + 8, 2) >= 0 &&
    text.charCodeAt(at + 10) === 32 &&
    digitsAt(text, at + 11, 2) >= 0 &&
    text.charCodeAt(at + 13) === 58 &&
    digitsAt(text, at + 14, 2) >= 0 &&
    text.charCodeAt(at + 16) === 58 &&
    digitsAt(text, at + 17, 2) >= 0
  )
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

/** `YYYY-MM-DD HH:MM:SS ±HHMM` at text[at] → epoch ms; null when the fields are out of range. */
function offsetTime(text: string, at = 0): number | null {
  const year = digitsAt(text, at, 4)
  const month = digitsAt(text, at + 5, 2)
  const day = digitsAt(text, at + 8, 2)
  const hour = digitsAt(text, at + 11, 2)
  const minute = digitsAt(text, at + 14, 2)
  const second = digitsAt(text, at + 17, 2)
  const oh = digitsAt(text, at + 21, 2)
  const om = digitsAt(text, at + 23, 2)
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
  const sign = text.charCodeAt(at + 20) === 45 ? -1 : 1
  return utcMillis(year, month, day, hour, minute, second) - sign * (oh * 60 + om) * 60_000
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

/** MESSAGES by length: a line's message is compared in place with the few of its length (no slice, no hash). */
const MESSAGES_BY_LENGTH: [string, EventMeaning][][] = []
for (const entry of MESSAGES) {
  ;(MESSAGES_BY_LENGTH[entry[0].length] ??= []).push(entry)
}

/** meaningOf for the message text[from, to) (trimmed), read in place. */
function meaningAt(text: string, from: number, to: number, read?: EventsRead): EventMeaning | undefined {
  const same = MESSAGES_BY_LENGTH[to - from]
  if (same !== undefined) {
    const first = text.charCodeAt(from)
    for (const [message, meaning] of same) {
      if (message.charCodeAt(0) === first && isAt(text, from, message)) {
        return meaning
      }
    }
  }
  if (to - from >= SELF_TEST_DONE.length && isAt(text, from, SELF_TEST_DONE)) {
    const message = text.slice(from, to)
    // A log repeats its few self-test results: the last one of each length is kept with what it means.
    const last = read?.selfTests[message.length]
    if (last !== undefined && last.message === message) {
      return last.meaning
    }
    const meaning = meaningOf(message)
    if (read !== undefined && message.length < SELF_TEST_LENGTHS) {
      read.selfTests[message.length] = { message, meaning }
    }
    return meaning
  }
  return to - from >= 8 && isAt(text, from, 'apcupsd ') ? null : undefined
}

const SELF_TEST_LENGTHS = 256

function parseEvents(input: ReportInput): ParseResult {
  // Room for an event per 32 characters (a line is longer): an array that grows by a push per event spends most of
  // its time growing, when a log holds a hundred thousand of them. Cut to what was filled.
  const events = new Array<ParsedEvent>(Math.min(input.text.length >> 5, 1 << 18))
  const read: EventsRead = { events, count: 0, recognised: 0, day: -1, dayStart: null, selfTests: [] }
  readEvents(input.text, read)
  if (read.recognised === 0) {
    return { status: 'unparsed', reason: 'no apcupsd event lines found' }
  }
  events.length = read.count
  return { status: 'parsed', events }
}

/** What reading the events file carries from line to line. */
interface EventsRead {
  events: ParsedEvent[]
  /** Events in `events` so far, and lines apcupsd is known to write. */
  count: number
  recognised: number
  /** The last date read (`YYYYMMDD` as a number) and its first millisecond in UTC, or null for no real date. */
  day: number
  dayStart: number | null
  /** By length (below SELF_TEST_LENGTHS), the last self-test message read and what it means. */
  selfTests: ({ message: string; meaning: EventMeaning | undefined } | undefined)[]
}

/**
 * offsetTime of the line at text[from], its date looked up once per day: the time of day and the offset are plain
 * arithmetic on it, as in utcMillis.
 */
function lineTime(read: EventsRead, text: string, from: number): number | null {
  const year = digitsAt(text, from, 4)
  const month = digitsAt(text, from + 5, 2)
  const day = digitsAt(text, from + 8, 2)
  const hour = digitsAt(text, from + 11, 2)
  const minute = digitsAt(text, from + 14, 2)
  const second = digitsAt(text, from + 17, 2)
  const oh = digitsAt(text, from + 21, 2)
  const om = digitsAt(text, from + 23, 2)
  if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59) {
    return null
  }
  if (second < 0 || second > 60 || oh < 0 || oh > 23 || om < 0 || om > 59) {
    return null
  }
  const key = (year * 100 + month) * 100 + day
  if (key !== read.day) {
    const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
    read.day = key
    read.dayStart =
      day > (month === 2 && !leap ? 28 : (DAYS_IN_MONTH[month - 1] ?? 0)) ? null : utcMillis(year, month, day, 0, 0, 0)
  }
  if (read.dayStart === null) {
    return null
  }
  const sign = text.charCodeAt(from + 20) === 45 ? -1 : 1
  return read.dayStart + hour * 3_600_000 + minute * 60_000 + second * 1000 - sign * (oh * 60 + om) * 60_000
}

/** Adds the events of the event lines of `text` to `read` (into `events` from its start, past its length by push). */
function readEvents(text: string, read: EventsRead): void {
  const events = read.events
  // eachLine's lines, read in place (eventLine, meaningOf and the event without a slice per line but the message).
  for (let start = 0; start <= text.length;) {
    let nl = text.indexOf('\n', start)
    if (nl < 0) {
      nl = text.length
    }
    const from = start
    const stop = lineStop(text, start, nl)
    start = nl + 1
    if (
      stop - from < 27 ||
      text.charCodeAt(from + 4) !== 45 ||
      text.charCodeAt(from + 7) !== 45 ||
      text.charCodeAt(from + 10) !== 32 ||
      text.charCodeAt(from + 13) !== 58 ||
      text.charCodeAt(from + 16) !== 58 ||
      text.charCodeAt(from + 19) !== 32 ||
      text.charCodeAt(from + 25) !== 32
    ) {
      continue
    }
    const sign = text.charCodeAt(from + 20)
    if (
      (sign !== 43 && sign !== 45) ||
      (twoDigits(text, from) | twoDigits(text, from + 2) | twoDigits(text, from + 21) | twoDigits(text, from + 23)) < 0
    ) {
      continue
    }
    const message = skipSpace(text, from + 25, stop)
    const end = trimEndAt(text, message, stop)
    const meaning = meaningAt(text, message, end, read)
    if (meaning === undefined) {
      continue
    }
    read.recognised++
    if (meaning) {
      // event(), built here: the line starts with a digit, so line.trim() is text[from, end).
      const at = lineTime(read, text, from)
      const line = clip(text.slice(from, end))
      const event: UpsEvent = meaning.selfTest
        ? {
            kind: 'ups',
            ups: null,
            at,
            state: meaning.state,
            charge: null,
            runtimeSeconds: null,
            loadPercent: null,
            inputVoltage: null,
            message: line,
            selfTest: meaning.selfTest,
          }
        : {
            kind: 'ups',
            ups: null,
            at,
            state: meaning.state,
            charge: null,
            runtimeSeconds: null,
            loadPercent: null,
            inputVoltage: null,
            message: line,
          }
      if (read.count < events.length) {
        events[read.count] = event
      } else {
        events.push(event)
      }
      read.count++
    }
  }
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
function secondsOf(value: string | undefined, cache?: BlockCache): number | null {
  const v = leadingNumberOf(value, cache)
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

/** What blockEvents makes of the values that repeat from block to block, per parse (bounded). */
interface BlockCache {
  numbers: Map<string, { n: number; unit: string } | null>
  states: Map<string, UpsState>
  /** Per BLOCK_KEYS key: the last value read through cachedValue, and what it gave. */
  lastValues: (string | undefined)[]
  lastResults: unknown[]
}

/** leadingNumber, through `cache` when there is one: a status dump repeats most of its values. */
function leadingNumberOf(value: string | undefined, cache?: BlockCache): { n: number; unit: string } | null {
  if (value === undefined || cache === undefined) {
    return leadingNumber(value)
  }
  let v = cache.numbers.get(value)
  if (v === undefined) {
    v = leadingNumber(value)
    if (cache.numbers.size < 1000) {
      cache.numbers.set(value, v)
    }
  }
  return v
}

/**
 * `compute` of the value of BLOCK_KEYS[index] (as keyValue gives it; undefined: none), through the block cache: a status dump
 * repeats its UPS name, status and readings block after block, so a value equal to the last block's (compared where
 * it stands) gives the last block's result, without a slice or a hash.
 */
function cachedValue<T>(read: ApcRead, index: number, compute: (value: string | undefined, read: ApcRead) => T): T {
  if (read.fields !== null) {
    return compute(read.fields.get(BLOCK_KEYS[index]!), read)
  }
  const from = read.values[index * 2]!
  if (from < 0) {
    return compute(undefined, read)
  }
  const to = read.values[index * 2 + 1]!
  const cache = read.cache
  const last = cache.lastValues[index]
  if (last !== undefined && last.length === to - from && isAt(read.text, from, last)) {
    return cache.lastResults[index] as T
  }
  const value = read.text.slice(from, to)
  const result = compute(value, read)
  cache.lastValues[index] = value
  cache.lastResults[index] = result
  return result
}

const upsNameOf = (value: string | undefined): string | null => value || null
const stateOf = (value: string | undefined, read: ApcRead): UpsState => {
  const status = value ?? ''
  let state = read.cache.states.get(status)
  if (state === undefined) {
    state = apcStatusState(status)
    if (read.cache.states.size < 1000) {
      read.cache.states.set(status, state)
    }
  }
  return state
}
const numberOfValue = (value: string | undefined, read: ApcRead): number | null =>
  leadingNumberOf(value, read.cache)?.n ?? null
const secondsOfValue = (value: string | undefined, read: ApcRead): number | null => secondsOf(value, read.cache)
const selfTestOfValue = (
  value: string | undefined,
): { value: string | undefined; result: 'passed' | 'failed' | null } => ({
  value,
  result: apcSelfTest(value),
})

/** apcTime of a DATE or END APC value: a time changes from block to block, so it is read where it stands. */
function timeValue(read: ApcRead, index: number): number | null {
  if (read.fields !== null) {
    const value = read.fields.get(BLOCK_KEYS[index]!)
    return value === undefined ? null : apcTime(value, read.input.timeZone)
  }
  const from = read.values[index * 2]!
  if (from < 0) {
    return null
  }
  const to = read.values[index * 2 + 1]!
  const text = read.text
  // The value is trimmed already: `YYYY-MM-DD HH:MM:SS ±HHMM` is offsetTime's; anything else goes through apcTime.
  const sign = text.charCodeAt(from + 20)
  if (to - from >= 25 && text.charCodeAt(from + 19) === 32 && (sign === 43 || sign === 45) && isoTimeAt(text, from)) {
    return offsetTime(text, from)
  }
  return apcTime(text.slice(from, to), read.input.timeZone)
}

function blockEvents(read: ApcRead): void {
  const { input, events } = read
  let state = cachedValue(read, STATUS, stateOf)
  const ups = cachedValue(read, UPSNAME, upsNameOf)
  const at = timeValue(read, DATE)
  const end = timeValue(read, END_APC)
  const statusLine = read.text.slice(read.statusFrom, read.statusTo)
  let message = statusLine
  // DATE is the last good poll and stays put while apcupsd cannot reach the UPS: old data is no data.
  const reference = end ?? input.receivedAt
  if (at !== null && state !== 'shutdown' && state !== 'comm-lost' && reference - at > APCACCESS_STALE_MS) {
    const minutes = Math.round((reference - at) / 60_000)
    message = `${statusLine} (stale: DATE is ${minutes} min before ${end !== null ? 'END APC' : 'receipt'})`
    state = 'comm-lost'
  }
  const figures = {
    charge: cachedValue(read, BCHARGE, numberOfValue),
    runtimeSeconds: cachedValue(read, TIMELEFT, secondsOfValue),
    loadPercent: cachedValue(read, LOADPCT, numberOfValue),
    inputVoltage: cachedValue(read, LINEV, numberOfValue),
  }
  events.push(event(ups, at, state, message, figures))
  const selfTest = cachedValue(read, SELFTEST, selfTestOfValue)
  if (selfTest.result) {
    events.push({
      ...event(ups, at, 'self-test', `SELFTEST : ${selfTest.value}`, figures),
      selfTest: selfTest.result,
    })
  }
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

/** The keys blockEvents reads (and APC): their values are kept, the other keys of a block only counted. */
const BLOCK_KEYS = [
  'APC',
  'STATUS',
  'UPSNAME',
  'DATE',
  'END APC',
  'BCHARGE',
  'TIMELEFT',
  'LOADPCT',
  'LINEV',
  'SELFTEST',
]
const [APC, STATUS, UPSNAME, DATE, END_APC, BCHARGE, TIMELEFT, LOADPCT, LINEV, SELFTEST] = BLOCK_KEYS.map(
  (_k, i) => i,
) as [number, number, number, number, number, number, number, number, number, number]

/** BLOCK_KEYS indexes by key length: a key is compared in place with the few of its length. */
const BLOCK_KEYS_BY_LENGTH: number[][] = []
BLOCK_KEYS.forEach((key, index) => (BLOCK_KEYS_BY_LENGTH[key.length] ??= []).push(index))

/** The BLOCK_KEYS index of the key written at text[from, to), or -1. */
function blockKeyAt(text: string, from: number, to: number): number {
  const same = BLOCK_KEYS_BY_LENGTH[to - from]
  if (same !== undefined) {
    const first = text.charCodeAt(from)
    for (const index of same) {
      const key = BLOCK_KEYS[index]!
      if (key.charCodeAt(0) === first && isAt(text, from, key)) {
        return index
      }
    }
  }
  return -1
}

/** A block may hold at most this many keys (the first ones count): no input grows a block without limit. */
const MAX_BLOCK_KEYS = 500

/** What reading apcaccess output carries from line to line. */
interface ApcRead {
  input: ReportInput
  text: string
  cache: BlockCache
  events: ParsedEvent[]
  /** Per BLOCK_KEYS key: where the first value of the block starts and ends in the text (-1: none yet). */
  values: number[]
  /** Every key of the block and its value, once a block is read `exact`; null until then. */
  fields: Map<string, string> | null
  /** The last STATUS line of the block (trimmed), as its place in the text. */
  statusFrom: number
  statusTo: number
  sawApc: boolean
  // Key lines since the block began, and where it began. Under MAX_BLOCK_KEYS key lines a block cannot hold that
  // many keys, so only BLOCK_KEYS are kept (in `values`); a block that reaches it is read again with every key
  // (`fields`).
  keyLines: number
  blockStart: number
  /**
   * Lines since `uncheckedFrom` not yet counted in keyLines: a line that cannot hold a BLOCK_KEYS key is only
   * counted as one that might be a key line. Whether they are is settled when it matters (an APC line after no key
   * line, or near MAX_BLOCK_KEYS: then every line of the block is checked, `counting`).
   */
  unchecked: number
  uncheckedFrom: number
  counting: boolean
}

function hasValue(read: ApcRead, index: number): boolean {
  return read.fields !== null ? read.fields.has(BLOCK_KEYS[index]!) : read.values[index * 2]! >= 0
}

function flushBlock(read: ApcRead): void {
  if (hasValue(read, STATUS)) {
    blockEvents(read)
  }
  read.values.fill(-1)
  read.fields = null
  read.statusFrom = read.statusTo = 0
  read.keyLines = 0
  read.unchecked = 0
  read.counting = false
}

function parseApcaccess(input: ReportInput): ParseResult {
  const read: ApcRead = {
    input,
    text: input.text,
    cache: { numbers: new Map(), states: new Map(), lastValues: [], lastResults: [] },
    events: [],
    values: new Array<number>(BLOCK_KEYS.length * 2).fill(-1),
    fields: null,
    statusFrom: 0,
    statusTo: 0,
    sawApc: false,
    keyLines: 0,
    blockStart: 0,
    unchecked: 0,
    uncheckedFrom: 0,
    counting: false,
  }
  readApcaccess(input.text, read)
  if (read.sawApc || hasValue(read, UPSNAME)) {
    flushBlock(read)
  }
  if (read.events.length === 0) {
    return { status: 'unparsed', reason: 'no apcaccess status block (APC … STATUS … END APC) found' }
  }
  return { status: 'parsed', events: read.events }
}

/**
 * keyValue's test of the line text[from, stop) in place: where its ':' is when the line is `KEY : value` (the first
 * ':' at 3–10, before it at least three capitals, digits and spaces, then any white space), else -1.
 */
function keyColonAt(text: string, from: number, stop: number): number {
  let keyEnd = from
  let otherSpace = -1
  for (let i = from; i < stop && i <= from + 10; i++) {
    const c = text.charCodeAt(i)
    if (c === 58) {
      return i - from < 3 || keyEnd - from < 3 || (otherSpace >= 0 && otherSpace < keyEnd) ? -1 : i
    }
    if ((c >= 65 && c <= 90) || (c >= 48 && c <= 57)) {
      keyEnd = i + 1
    } else if (c !== 32) {
      if (!isSpace(c)) {
        return -1
      }
      if (otherSpace < 0) {
        otherSpace = i
      }
    }
  }
  return -1
}

/** Per first capital of a line (A–Z), the second capitals (bits) that a BLOCK_KEYS key can start with. */
const KEPT_PREFIXES: number[] = new Array<number>(26).fill(0)
for (const key of BLOCK_KEYS) {
  KEPT_PREFIXES[key.charCodeAt(0) - 65]! |= 1 << (key.charCodeAt(1) - 65)
}

/** Whether a line starting with the code units c0, c1 may hold a BLOCK_KEYS key. */
function mayBeKept(c0: number, c1: number): boolean {
  return c0 >= 65 && c0 <= 90 && c1 >= 65 && c1 <= 90 && (KEPT_PREFIXES[c0 - 65]! & (1 << (c1 - 65))) !== 0
}

/** Counts the key lines among the unchecked ones (they end before `upTo`) into keyLines. */
function settle(read: ApcRead, text: string, upTo: number): void {
  for (let start = read.uncheckedFrom; start < upTo;) {
    let nl = text.indexOf('\n', start)
    if (nl < 0) {
      nl = text.length
    }
    if (keyColonAt(text, start, lineStop(text, start, nl)) >= 0) {
      read.keyLines++
    }
    start = nl + 1
  }
  read.unchecked = 0
}

/**
 * The `KEY : value` lines of `text` into `read`, by index: keyValue in place, and only for the lines that may hold
 * a BLOCK_KEYS key (the others are counted, see ApcRead.unchecked); only kept values are sliced, when their block
 * is done.
 */
function readApcaccess(text: string, read: ApcRead): void {
  const n = text.length
  const values = read.values
  for (let start = 0; start <= n;) {
    let nl = text.indexOf('\n', start)
    if (nl < 0) {
      nl = n
    }
    const from = start
    const stop = lineStop(text, start, nl)
    start = nl + 1
    if (!read.counting) {
      if (read.keyLines + read.unchecked >= MAX_BLOCK_KEYS) {
        settle(read, text, from)
        read.counting = true
      } else if (stop - from < 2 || !mayBeKept(text.charCodeAt(from), text.charCodeAt(from + 1))) {
        if (read.unchecked++ === 0) {
          read.uncheckedFrom = from
        }
        continue
      }
    }
    const colonAt = keyColonAt(text, from, stop)
    if (colonAt < 0) {
      continue
    }
    const keyEnd = trimEndAt(text, from, colonAt)
    const key = blockKeyAt(text, from, keyEnd)
    if (key === APC) {
      read.sawApc = true
      if (read.unchecked > 0) {
        settle(read, text, from)
      }
      if (read.keyLines > 0) {
        flushBlock(read)
        read.blockStart = from
      }
    }
    read.keyLines++
    if (read.keyLines > MAX_BLOCK_KEYS && read.fields === null) {
      readWholeBlock(read, text.slice(read.blockStart, from))
    }
    if (read.fields !== null) {
      const keyText = key >= 0 ? BLOCK_KEYS[key]! : text.slice(from, keyEnd)
      if (!read.fields.has(keyText) && read.fields.size < MAX_BLOCK_KEYS) {
        const value = skipSpace(text, colonAt + 1, stop)
        read.fields.set(keyText, text.slice(value, trimEndAt(text, value, stop)))
      }
    } else if (key >= 0 && values[key * 2]! < 0) {
      const value = skipSpace(text, colonAt + 1, stop)
      values[key * 2] = value
      values[key * 2 + 1] = trimEndAt(text, value, stop)
    }
    if (key === STATUS) {
      read.statusFrom = skipSpace(text, from, stop)
      read.statusTo = trimEndAt(text, read.statusFrom, stop)
    }
    if (key === END_APC) {
      read.sawApc = true
      flushBlock(read)
      read.blockStart = start
    }
  }
}

/** Every key of the block so far, as keyValue and a Map of every key of the block would hold them. */
function readWholeBlock(read: ApcRead, block: string): void {
  const fields = new Map<string, string>()
  read.fields = fields
  eachLine(block, (line) => {
    const kv = keyValue(line)
    if (kv && !fields.has(kv.key) && fields.size < MAX_BLOCK_KEYS) {
      fields.set(kv.key, kv.value)
    }
  })
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
