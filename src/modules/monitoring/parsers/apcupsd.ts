// apcupsd: its events file (`apcupsd-events`, default /var/log/apcupsd.events) and `apcaccess status` output
// (`apcaccess`). Written against apcupsd 3.14.14 as the shared notes describe it; the samples are reconstructed
// (apcupsd conflicts with NUT's packages here), see test/fixtures/monitoring/apcupsd/README.md.
import { DateTime } from 'luxon'
import { clip, digitsAt, eachLine, head, isAt, lineStop, skipSpace, trimEndAt, utcMillis } from './text.js'
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
function meaningAt(text: string, from: number, to: number): EventMeaning | undefined {
  const same = MESSAGES_BY_LENGTH[to - from]
  if (same !== undefined) {
    for (const [message, meaning] of same) {
      if (isAt(text, from, message)) {
        return meaning
      }
    }
  }
  if (to - from >= SELF_TEST_DONE.length && isAt(text, from, SELF_TEST_DONE)) {
    return meaningOf(text.slice(from, to))
  }
  return to - from >= 8 && isAt(text, from, 'apcupsd ') ? null : undefined
}

function parseEvents(input: ReportInput): ParseResult {
  const events: ParsedEvent[] = []
  if (readEvents(input.text, events) === 0) {
    return { status: 'unparsed', reason: 'no apcupsd event lines found' }
  }
  return { status: 'parsed', events }
}

/** Adds the events of the event lines of `text`; returns how many lines apcupsd is known to write. */
function readEvents(text: string, events: ParsedEvent[]): number {
  let recognised = 0
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
    if ((sign !== 43 && sign !== 45) || digitsAt(text, from, 4) < 0 || digitsAt(text, from + 21, 4) < 0) {
      continue
    }
    const message = skipSpace(text, from + 25, stop)
    const end = trimEndAt(text, message, stop)
    const meaning = meaningAt(text, message, end)
    if (meaning === undefined) {
      continue
    }
    recognised++
    if (meaning) {
      // event(), built here: the line starts with a digit, so line.trim() is text[from, end).
      const at = offsetTime(text, from)
      const line = clip(text.slice(from, end))
      events.push(
        meaning.selfTest
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
            },
      )
    }
  }
  return recognised
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

function blockEvents(
  fields: Map<string, string>,
  statusLine: string,
  input: ReportInput,
  cache?: BlockCache,
): UpsEvent[] {
  const status = fields.get('STATUS') ?? ''
  const ups = fields.get('UPSNAME') || null
  const date = fields.get('DATE')
  const at = date === undefined ? null : apcTime(date, input.timeZone)
  const endValue = fields.get('END APC')
  const end = endValue === undefined ? null : apcTime(endValue, input.timeZone)
  let state = cache?.states.get(status)
  if (state === undefined) {
    state = apcStatusState(status)
    if (cache !== undefined && cache.states.size < 1000) {
      cache.states.set(status, state)
    }
  }
  let message = statusLine
  // DATE is the last good poll and stays put while apcupsd cannot reach the UPS: old data is no data.
  const reference = end ?? input.receivedAt
  if (at !== null && state !== 'shutdown' && state !== 'comm-lost' && reference - at > APCACCESS_STALE_MS) {
    const minutes = Math.round((reference - at) / 60_000)
    message = `${statusLine} (stale: DATE is ${minutes} min before ${end !== null ? 'END APC' : 'receipt'})`
    state = 'comm-lost'
  }
  const figures = {
    charge: leadingNumberOf(fields.get('BCHARGE'), cache)?.n ?? null,
    runtimeSeconds: secondsOf(fields.get('TIMELEFT'), cache),
    loadPercent: leadingNumberOf(fields.get('LOADPCT'), cache)?.n ?? null,
    inputVoltage: leadingNumberOf(fields.get('LINEV'), cache)?.n ?? null,
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

/**
 * A key of capitals, digits and spaces (at most 10) as a number: base 38, digits 1–37, so distinct keys give
 * distinct numbers below 2^53. -1 for any other character.
 */
function keyCode(text: string, from: number, to: number): number {
  let code = 0
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i)
    const digit = c >= 65 && c <= 90 ? c - 53 : c >= 48 && c <= 57 ? c - 46 : c === 32 ? 1 : -1
    if (digit < 0) {
      return -1
    }
    code = code * 38 + digit
  }
  return code
}

// Looked up by comparing numbers: a Map keyed by numbers this large would box each one it is asked for.
const BLOCK_KEY_CODES = BLOCK_KEYS.map((key) => keyCode(key, 0, key.length))

function blockKeyOf(code: number): string | undefined {
  for (let i = 0; i < BLOCK_KEY_CODES.length; i++) {
    if (BLOCK_KEY_CODES[i] === code) {
      return BLOCK_KEYS[i]
    }
  }
  return undefined
}

/** A block may hold at most this many keys (the first ones count): no input grows a block without limit. */
const MAX_BLOCK_KEYS = 500

/** What reading apcaccess output carries from line to line. */
interface ApcRead {
  input: ReportInput
  cache: BlockCache
  events: ParsedEvent[]
  fields: Map<string, string>
  statusLine: string
  sawApc: boolean
  // Key lines since the block began, and where it began. Under MAX_BLOCK_KEYS key lines a block cannot hold that
  // many keys, so only BLOCK_KEYS go into `fields`; a block that reaches it is read again with every key (`exact`).
  keyLines: number
  blockStart: number
  exact: boolean
}

function flushBlock(read: ApcRead): void {
  if (read.fields.has('STATUS')) {
    read.events.push(...blockEvents(read.fields, read.statusLine, read.input, read.cache))
  }
  read.fields = new Map()
  read.statusLine = ''
  read.keyLines = 0
  read.exact = false
}

function parseApcaccess(input: ReportInput): ParseResult {
  const read: ApcRead = {
    input,
    cache: { numbers: new Map(), states: new Map() },
    events: [],
    fields: new Map(),
    statusLine: '',
    sawApc: false,
    keyLines: 0,
    blockStart: 0,
    exact: false,
  }
  readApcaccess(input.text, read)
  if (read.sawApc || read.fields.has('UPSNAME')) {
    flushBlock(read)
  }
  if (read.events.length === 0) {
    return { status: 'unparsed', reason: 'no apcaccess status block (APC … STATUS … END APC) found' }
  }
  return { status: 'parsed', events: read.events }
}

/** The `KEY : value` lines of `text` into `read`, by index (keyValue in place; only kept values are sliced). */
function readApcaccess(text: string, read: ApcRead): void {
  // The next ':' (-1: none), searched again only once passed.
  let colonAt = -2
  for (let start = 0; start <= text.length;) {
    let nl = text.indexOf('\n', start)
    if (nl < 0) {
      nl = text.length
    }
    const from = start
    const stop = lineStop(text, start, nl)
    start = nl + 1
    if (colonAt !== -1 && colonAt < from) {
      colonAt = text.indexOf(':', from)
    }
    const colon = colonAt - from
    if (colonAt < 0 || colon < 3 || colon > 10 || colonAt >= stop) {
      continue
    }
    const keyEnd = trimEndAt(text, from, colonAt)
    const code = keyEnd - from < 3 ? -1 : keyCode(text, from, keyEnd)
    if (code < 0) {
      continue
    }
    const key = blockKeyOf(code)
    if (key === 'APC') {
      read.sawApc = true
      if (read.keyLines > 0) {
        flushBlock(read)
        read.blockStart = from
      }
    }
    read.keyLines++
    if (read.keyLines > MAX_BLOCK_KEYS && !read.exact) {
      readWholeBlock(read, text.slice(read.blockStart, from))
    }
    const keyText = read.exact ? (key ?? text.slice(from, keyEnd)) : key
    if (keyText !== undefined && !read.fields.has(keyText) && read.fields.size < MAX_BLOCK_KEYS) {
      const value = skipSpace(text, colonAt + 1, stop)
      read.fields.set(keyText, text.slice(value, trimEndAt(text, value, stop)))
    }
    if (key === 'STATUS') {
      const line = skipSpace(text, from, stop)
      read.statusLine = text.slice(line, trimEndAt(text, line, stop))
    }
    if (key === 'END APC') {
      read.sawApc = true
      flushBlock(read)
      read.blockStart = start
    }
  }
}

/** Every key of the block so far, as keyValue and a Map of every key of the block would hold them. */
function readWholeBlock(read: ApcRead, block: string): void {
  read.exact = true
  read.fields = new Map()
  eachLine(block, (line) => {
    const kv = keyValue(line)
    if (kv && !read.fields.has(kv.key) && read.fields.size < MAX_BLOCK_KEYS) {
      read.fields.set(kv.key, kv.value)
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
