// Bacula and Bareos job report mails: the job log, then the `Key: value` summary block (`JobId:` … `Termination:`).
// The result comes from `Termination` (Bacula 9.6 stores "with warnings" jobs as T in the catalog, so the catalog
// status is not used), with `Non-fatal FD errors` > 0 as a warning even when Termination says plain OK.
// Job key: the `Job:` name without its unique `.YYYY-MM-DD_HH.MM.SS_NN` suffix; host: the client name.
import { DateTime } from 'luxon'
import { type WallClock, flat, isAt, lineStop, pushMessage, skipSpace, trimEndAt, wallClock } from './text.js'
import { LIMITS, type BackupRun, type Parser, type ReportInput, type RunResult } from './types.js'

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']
const DAY_MS = 86_400_000

/**
 * A Bacula/Bareos time → epoch ms in `zone`: `29-Nov-2026 17:51:03`, `2026-11-29 17:51:03`, or the job log's
 * `29-Nov 17:51` without a year, which takes the year of `receivedAt` unless that puts it more than a day after
 * receipt (a December log received in January).
 */
export function baculaTime(s: string, clock: WallClock, zone: string, receivedAt: number): number | null {
  const t = s.trim().slice(0, 40)
  let m = /^(\d{1,2})-([A-Za-z]{3})-(\d{4}) (\d{1,2}):(\d{2})(?::(\d{2}))?/.exec(t)
  let year: number | null = null
  let month = 0
  let day = 0
  let hour = 0
  let minute = 0
  let second = 0
  if (m !== null) {
    year = Number(m[3])
    month = MONTHS.indexOf(m[2]!.toLowerCase()) + 1
    day = Number(m[1])
    hour = Number(m[4])
    minute = Number(m[5])
    second = Number(m[6] ?? 0)
  } else if ((m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?/.exec(t)) !== null) {
    year = Number(m[1])
    month = Number(m[2])
    day = Number(m[3])
    hour = Number(m[4])
    minute = Number(m[5])
    second = Number(m[6] ?? 0)
  } else if ((m = /^(\d{1,2})-([A-Za-z]{3}) (\d{1,2}):(\d{2})/.exec(t)) !== null) {
    month = MONTHS.indexOf(m[2]!.toLowerCase()) + 1
    day = Number(m[1])
    hour = Number(m[3])
    minute = Number(m[4])
  } else {
    return null
  }
  if (month === 0) {
    return null
  }
  const at = (y: number): number | null => clock(y, month, day, hour, minute, second)
  if (year !== null) {
    return at(year)
  }
  const received = DateTime.fromMillis(receivedAt, { zone })
  if (!received.isValid) {
    return null
  }
  const guess = at(received.year)
  if (guess !== null && guess > receivedAt + DAY_MS) {
    return at(received.year - 1)
  }
  return guess
}

/** `1,234,567 (1.234 MB)` → 1234567. */
function leadingInt(s: string): number | null {
  const m = /^[\d,.']{1,30}/.exec(s.trim())
  if (m === null) {
    return null
  }
  const digits = m[0].replace(/[,.']/g, '')
  return digits.length === 0 ? null : Number(digits)
}

/** `"vm-fd" 9.6.7 (10Dec20) x86_64…` → `vm-fd`. */
function firstQuotedOrWord(s: string): string | null {
  const t = s.trim()
  if (t.startsWith('"')) {
    const end = t.indexOf('"', 1)
    return end > 1 ? t.slice(1, end) : null
  }
  const word = t.split(/\s/, 1)[0]
  return word === undefined || word === '' ? null : word
}

/** `BackupClient1.2026-11-29_17.51.01_03` → `BackupClient1`. */
function jobName(unique: string): string {
  const m = /\.\d{4}-\d{2}-\d{2}_\d{2}\.\d{2}\.\d{2}_\d+$/.exec(unique)
  return m === null ? unique : unique.slice(0, m.index)
}

interface Block {
  /** Where the block's first summary line starts: the block runs to the next one's start. */
  start: number
  /** The trimmed value of its (last) Job line; '' for none. */
  unique: string
  /** Where the value of its (last) Termination line starts and where that line ends (-1: none). */
  termination: number
  terminationEnd: number
  errors: string[]
  warnings: string[]
}

/** Per KEY_LIST key: where its value starts in the text and where its line ends (-1: not in the block). */
type Values = number[]

/**
 * The values of the summary lines in text[from, to) (whole lines: a block), the last line of each key counting, as
 * readBacula would have kept them line by line.
 */
function blockValues(text: string, from: number, to: number): Values {
  const values = NO_VALUES.slice()
  const found = { colon: -1 }
  for (let start = from; start < to;) {
    let nl = text.indexOf('\n', start)
    if (nl < 0) {
      nl = text.length
    }
    const lineFrom = start
    const lineTo = lineStop(text, start, nl)
    start = nl + 1
    const first = lineFrom < lineTo ? text.charCodeAt(lineFrom) : 0
    if (first === 32 || first === 9) {
      const key = summaryKeyOf(text, lineFrom, skipSpace(text, lineFrom, lineTo), lineTo, found)
      if (key >= 0) {
        values[key * 2] = found.colon + 1
        values[key * 2 + 1] = lineTo
      }
    }
  }
  return values
}

/** The trimmed value at text[from, to) (from -1: none), as valueOf reads it. */
function valueAt(text: string, from: number, to: number): string | undefined {
  if (from < 0) {
    return undefined
  }
  let start = from
  while (start < to && text.charCodeAt(start) === 32) {
    start++
  }
  start = skipSpace(text, start, to)
  return text.slice(start, trimEndAt(text, start, to))
}

const KEYS = new Set([
  'JobId',
  'Job',
  'Backup Level',
  'Client',
  'Scheduled time',
  'Start time',
  'End time',
  'FD Files Written',
  'FD Bytes Written',
  'SD Files Written',
  'SD Bytes Written',
  'Non-fatal FD errors',
  'SD Errors',
  'FD termination status',
  'SD termination status',
  'Termination',
  'Job Error Count',
])

/** KEYS in a fixed order: a block keeps where each value is, and slices only the values of the blocks that count. */
const KEY_LIST = [...KEYS]
const JOB_ID = KEY_LIST.indexOf('JobId')
const JOB = KEY_LIST.indexOf('Job')
const TERMINATION = KEY_LIST.indexOf('Termination')

/**
 * KEY_LIST indexes by the key's first character (ASCII, all keys start so): a summary line's key is compared in place
 * with those only.
 */
const KEYS_BY_FIRST: number[][] = Array.from({ length: 128 }, () => [])
KEY_LIST.forEach((key, index) => KEYS_BY_FIRST[key.charCodeAt(0)]!.push(index))

/** The values of a block without any: -1 for each. */
const NO_VALUES: number[] = new Array<number>(KEY_LIST.length * 2).fill(-1)

/**
 * The KEY_LIST index of the summary line text[from, to) (`  Key:   value`: the line's first ':' within 40 characters,
 * the trimmed text before it a KEYS key), or -1; where its ':' is goes to `found`. `keyStart`: where the line's text
 * starts after white space. The keys of its first character are compared where they stand, and must be followed by
 * white space and the ':' only.
 */
function summaryKeyOf(text: string, from: number, keyStart: number, to: number, found: { colon: number }): number {
  const c = keyStart < to ? text.charCodeAt(keyStart) : 128
  if (c >= 128) {
    return -1
  }
  const same = KEYS_BY_FIRST[c]!
  for (let i = 0; i < same.length; i++) {
    const index = same[i]!
    const key = KEY_LIST[index]!
    if (isAt(text, keyStart, key)) {
      const colon = skipSpace(text, keyStart + key.length, to)
      if (colon < to && text.charCodeAt(colon) === 58 && colon - from < 40) {
        found.colon = colon
        return index
      }
    }
  }
  return -1
}

/** The trimmed value of `key` in the block, as the summary line gave it; undefined when the block has none. */
function valueOf(text: string, values: Values, key: string): string | undefined {
  const index = KEY_LIST.indexOf(key)
  // Values are padded to a column with spaces.
  return valueAt(text, values[index * 2]!, values[index * 2 + 1]!)
}

/** `Backup OK` → success, `Backup OK -- with warnings` → warning, anything else (Error, Canceled, …) → failed. */
export function terminationResult(termination: string): RunResult {
  const t = termination.trim().replace(/\s+/g, ' ')
  if (/^\w+ OK -- with warnings$/i.test(t)) {
    return 'warning'
  }
  return /^\w+ OK$/i.test(t) ? 'success' : 'failed'
}

function detectBacula(input: ReportInput): boolean {
  const subject = input.mail?.subject ?? ''
  if (subject.startsWith('Bacula: ') || subject.startsWith('Bareos: ')) {
    return true
  }
  const text = input.text
  const termination = text.indexOf('Termination:')
  return termination >= 0 && text.indexOf('JobId:') >= 0 && text.indexOf('FD termination status:') >= 0
}

/**
 * The first ' JobId ' at or after `from`, or -1. Searched for by its 'I': a search for one character is the cheapest
 * indexOf, and 'I' is far rarer in a job report than the 'J' of every Job and JobId.
 */
function jobIdFrom(text: string, from: number): number {
  for (let at = text.indexOf('I', from + 4); at >= 0; at = text.indexOf('I', at + 1)) {
    if (isAt(text, at - 4, ' JobId ')) {
      return at - 4
    }
  }
  return -1
}

const OTHER = 0
const ERROR = 1
const WARNING = 2

/**
 * Whether the job log message text[from, to) starts with `word` (lower case) as its `toLowerCase()` would: ASCII
 * letters in either case. No other character lowercases to an ASCII letter but 'K' (Kelvin, to 'k', which no word
 * here has) and 'İ' (to 'i' and a combining dot, which no word here has after its 'i').
 */
function startsFolded(text: string, from: number, to: number, word: string): boolean {
  const n = word.length
  if (to - from < n) {
    return false
  }
  for (let i = 0; i < n; i++) {
    const w = word.charCodeAt(i)
    const c = text.charCodeAt(from + i)
    if (c !== w && (w < 97 || w > 122 || c !== w - 32)) {
      return false
    }
  }
  return true
}

/**
 * What the trimmed job log message text[from, to) is: an ERROR, a WARNING or neither (OTHER, also for the header of
 * a failed job's summary block, `Error: Bacula …`). `hasErr`: whether it holds ' ERR='. Read in place.
 */
function messageKind(text: string, from: number, to: number, hasErr: boolean): number {
  switch (text.charCodeAt(from) | 0x20) {
    case 0x65: // e
      if (startsFolded(text, from, to, 'error')) {
        if (startsFolded(text, from, to, 'error: bacula ') || startsFolded(text, from, to, 'error: bareos ')) {
          return OTHER
        }
        const c = to - from > 5 ? text.charCodeAt(from + 5) : 0
        if (c === 58 || c === 32) {
          return ERROR
        }
      }
      break
    case 0x66: // f
      if (startsFolded(text, from, to, 'fatal error')) {
        return ERROR
      }
      break
    case 0x77: // w
      if (startsFolded(text, from, to, 'warning')) {
        return WARNING
      }
      break
    case 0x63: // c
      if (
        startsFolded(text, from, to, 'could not stat') ||
        startsFolded(text, from, to, 'cannot open') ||
        startsFolded(text, from, to, 'cannot stat')
      ) {
        return WARNING
      }
      break
  }
  return hasErr ? WARNING : OTHER
}

/**
 * The summary blocks of `text` (where each starts), and the job log lines after the last one (still to be given to
 * a block). Of a block's values only its Job (which says whether the block counts) and where its Termination is are
 * read here: a report of many jobs needs the rest of the last block of each job only (see blockValues).
 */
function readBacula(text: string): { blocks: Block[]; pendingErrors: string[]; pendingWarnings: string[] } {
  const blocks: Block[] = []
  // Job log lines come before their summary block; they go with the next block (or the last one after it).
  let pendingErrors: string[] = []
  let pendingWarnings: string[] = []
  // What is returned, made before the loop: code after a loop that V8 optimised while it ran has no type feedback.
  const read = { blocks, pendingErrors, pendingWarnings }
  let block: Block | null = null
  const found = { colon: -1 }
  const uniques: JobCache = { raws: [], values: [] }
  // The next ' JobId ' and ' ERR=' in the text (-1: none), searched again only once passed.
  let jobIdAt = -2
  let errAt = -2
  // eachLine's lines, read in place: the line is text[from, to). Only the lines that say something are sliced.
  for (let start = 0; start <= text.length;) {
    let nl = text.indexOf('\n', start)
    if (nl < 0) {
      nl = text.length
    }
    const from = start
    const to = lineStop(text, start, nl)
    start = nl + 1
    const first = from < to ? text.charCodeAt(from) : 0
    if (jobIdAt !== -1 && jobIdAt < from) {
      jobIdAt = jobIdFrom(text, from)
    }
    const j = jobIdAt
    const jobIdLine = !(j < 0 || j + 7 > to || j - from > 200)
    // Where the line's text starts (after white space, as trim() has it) and its first character (0: none). The
    // usual indent is spaces, and the usual character after it plain ASCII; skipSpace for anything else.
    let t = from
    let c = first
    if (first === 32 || first === 9) {
      t = from + 1
      c = t < to ? text.charCodeAt(t) : 0
      while (c === 32) {
        t++
        c = t < to ? text.charCodeAt(t) : 0
      }
    }
    if (!(c > 32 && c < 128)) {
      t = skipSpace(text, t, to)
      c = t < to ? text.charCodeAt(t) : 0
    }
    // An indented line is a summary line or a continuation line. Which key a summary line has is read here only
    // for JobId (a new block), Job and Termination, and before the first block; the job log part below acts only
    // on a line that has ' JobId ' or starts with 'C' or 'W', and never on a summary line ('Client' is the only key
    // that starts so, and it holds no continuation line's start).
    if ((first === 32 || first === 9) && (block === null || jobIdLine || c === 74 || c === 84)) {
      const key = summaryKeyOf(text, from, t, to, found)
      if (key >= 0) {
        if (key === JOB_ID || block === null) {
          block = {
            start: from,
            unique: '',
            termination: -1,
            terminationEnd: -1,
            errors: pendingErrors,
            warnings: pendingWarnings,
          }
          blocks.push(block)
          pendingErrors = read.pendingErrors = []
          pendingWarnings = read.pendingWarnings = []
        }
        // The two values every block is read for (the rest are read for the blocks that count, by blockValues).
        if (key === JOB) {
          block.unique = jobValue(text, found.colon + 1, to, uniques)
        } else if (key === TERMINATION) {
          block.termination = found.colon + 1
          block.terminationEnd = to
        }
        continue
      }
    }
    if (!jobIdLine) {
      // Continuation lines of a message (`     Could not stat "/x": ERR=…` is a line of its own in some versions).
      if (
        (c === 67 || c === 87) &&
        pendingWarnings.length < LIMITS.messages &&
        (isAt(text, t, 'Could not stat ') || isAt(text, t, 'Warning: '))
      ) {
        // Both prefixes end in a space, which the trimmed line has to go past.
        const end = trimEndAt(text, t, to)
        if (end - t > (c === 67 ? 15 : 9)) {
          pendingWarnings.push(text.slice(t, Math.min(end, t + LIMITS.messageChars)))
        }
      }
      continue
    }
    // The message starts after the first ': ' after the JobId, which is a few characters on (`JobId 12: …`): the
    // line is read for it rather than searched with indexOf, whose call costs more. One that ends past the line (or
    // none at all) leaves no message.
    let after = j + 7
    while (after + 1 < to && !(text.charCodeAt(after) === 58 && text.charCodeAt(after + 1) === 32)) {
      after++
    }
    if (after + 1 >= to) {
      continue
    }
    const msgStart = skipSpace(text, after + 2, to)
    const msgEnd = trimEndAt(text, msgStart, to)
    if (msgStart === msgEnd) {
      continue
    }
    // ' ERR=' found as 'ERR=' after a space: a search that starts with a space stops at every space of the text.
    while (errAt !== -1 && (errAt < msgStart + 1 || text.charCodeAt(errAt - 1) !== 32)) {
      errAt = text.indexOf('ERR=', Math.max(errAt + 1, msgStart + 1))
    }
    const kind = messageKind(text, msgStart, msgEnd, errAt >= 0 && errAt + 4 <= msgEnd)
    // Only the messages that are kept are sliced (pushMessage would drop them once their list is full).
    const list = kind === ERROR ? pendingErrors : kind === WARNING ? pendingWarnings : null
    if (list !== null && list.length < LIMITS.messages) {
      list.push(text.slice(msgStart, Math.min(msgEnd, msgStart + LIMITS.messageChars)))
    }
  }
  return read
}

/** The first few Job lines' values as they stand (after the ':', padding included) and their trimmed values. */
interface JobCache {
  raws: string[]
  values: string[]
}

/**
 * The trimmed value text[from, to) of a Job line as valueAt reads it ('' when it is empty). A report of many runs
 * repeats its few jobs: a line whose raw value is one of the first few is found by string equality (a native compare,
 * which costs a fraction of a loop over the characters or of startsWith) and not trimmed again.
 */
function jobValue(text: string, from: number, to: number, cache: JobCache): string {
  const raws = cache.raws
  const raw = text.slice(from, to)
  for (let k = 0; k < raws.length; k++) {
    if (raws[k] === raw) {
      return cache.values[k]!
    }
  }
  let start = from
  while (start < to && text.charCodeAt(start) === 32) {
    start++
  }
  start = skipSpace(text, start, to)
  const end = trimEndAt(text, start, to)
  const value = text.slice(start, end)
  if (raws.length < 8) {
    raws.push(flat(raw))
    cache.values.push(flat(value))
  }
  return value
}

/**
 * The blocks that count, from the last: the last block of each job (a retry reports Failed, then OK), and the job.
 * A block without a Termination or a Job value counts for none. A loop of its own, which V8 optimises early.
 */
function lastBlocksOfJobs(blocks: Block[]): { index: number; job: string }[] {
  const jobs = new Map<string, string>()
  const seen = new Set<string>()
  const out: { index: number; job: string }[] = []
  for (let index = blocks.length - 1; index >= 0; index--) {
    const block = blocks[index]!
    const unique = block.unique
    if (block.termination < 0 || unique === '') {
      continue
    }
    let job = jobs.get(unique)
    if (job === undefined) {
      job = jobName(firstQuotedOrWord(unique) ?? unique).slice(0, 200)
      jobs.set(unique, job)
    }
    if (!seen.has(job)) {
      seen.add(job)
      out.push({ index, job })
    }
  }
  return out
}

export const bacula: Parser = {
  format: 'bacula',
  kind: 'backup',
  detect: detectBacula,
  parse(input: ReportInput): ReturnType<Parser['parse']> {
    const text = input.text
    const { blocks, pendingErrors, pendingWarnings } = readBacula(text)
    if (blocks.length > 0) {
      const lastBlock = blocks[blocks.length - 1]!
      for (const e of pendingErrors) {
        pushMessage(lastBlock.errors, e)
      }
      for (const w of pendingWarnings) {
        pushMessage(lastBlock.warnings, w)
      }
    }

    const clock = wallClock(input.timeZone)
    const lastOfJob: BackupRun[] = []
    for (const { index, job } of lastBlocksOfJobs(blocks)) {
      const block = blocks[index]!
      const termination = valueAt(text, block.termination, block.terminationEnd)!
      const b = blockValues(text, block.start, index + 1 < blocks.length ? blocks[index + 1]!.start : text.length + 1)
      const byTermination = terminationResult(termination)
      const nonFatal = leadingInt(valueOf(text, b, 'Non-fatal FD errors') ?? '') ?? 0
      const sdErrors = leadingInt(valueOf(text, b, 'SD Errors') ?? '') ?? 0
      const errors = block.errors
      const warnings = block.warnings
      let result = byTermination
      if (byTermination !== 'success') {
        pushMessage(result === 'warning' ? warnings : errors, `Termination: ${termination}`)
      } else if (nonFatal > 0) {
        result = 'warning'
        if (warnings.length === 0) {
          pushMessage(warnings, `Non-fatal FD errors: ${nonFatal}`)
        }
      }
      if (sdErrors > 0 && result === 'failed') {
        pushMessage(errors, `SD Errors: ${sdErrors}`)
      }
      const zone = input.timeZone
      const clientRaw = valueOf(text, b, 'Client')
      lastOfJob.push({
        kind: 'backup',
        job,
        host: clientRaw === undefined ? null : (firstQuotedOrWord(clientRaw)?.slice(0, 200) ?? null),
        startedAt: baculaTime(valueOf(text, b, 'Start time') ?? '', clock, zone, input.receivedAt),
        finishedAt: baculaTime(valueOf(text, b, 'End time') ?? '', clock, zone, input.receivedAt),
        result,
        bytes: leadingInt(valueOf(text, b, 'FD Bytes Written') ?? valueOf(text, b, 'SD Bytes Written') ?? ''),
        files: leadingInt(valueOf(text, b, 'FD Files Written') ?? valueOf(text, b, 'SD Files Written') ?? ''),
        errors,
        warnings,
      })
    }
    if (lastOfJob.length === 0) {
      return { status: 'unparsed', reason: 'no Bacula/Bareos summary block with Job and Termination' }
    }
    // Each job once (the last block of each), in the order of their blocks.
    return { status: 'parsed', events: lastOfJob.reverse() }
  },
}
