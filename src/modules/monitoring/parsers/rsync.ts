// rsync `--log-file` logs and rsnapshot logs. Neither names a job: an rsync log yields job 'rsync' (one run per
// rsync PID), an rsnapshot log `<config> <interval>` (or just the interval when no `-c` was given).
// Exit codes (ReportInput.exitCode) belong to the last run in the report; the worse of the code and the log counts.
import {
  type WallClock,
  digitsAt,
  indexOfWord,
  isAt,
  isDigit,
  lineStop,
  pushMessage,
  skipSpace,
  twoDigits,
  wallClock,
} from './text.js'
import { LIMITS, type BackupRun, type Parser, type ReportInput, type RunResult } from './types.js'

const RANK: Record<RunResult, number> = { success: 0, warning: 1, failed: 2 }
const worse = (a: RunResult, b: RunResult): RunResult => (RANK[a] >= RANK[b] ? a : b)

const num = (s: string, from: number, len: number): number => Number(s.slice(from, from + len))

/** Parses a plain or comma-grouped integer (`6,000,000`); null for anything else (e.g. `1.23M` from `-h`). */
function plainInt(s: string): number | null {
  const t = s.replaceAll(',', '')
  if (t.length === 0 || t.length > 18) {
    return null
  }
  for (let i = 0; i < t.length; i++) {
    if (!isDigit(t.charCodeAt(i))) {
      return null
    }
  }
  return Number(t)
}

// ---------------------------------------------------------------- rsync

/** `YYYY/MM/DD HH:MM:SS [pid] ` → the index of the message, or -1. */
function rsyncPrefix(line: string): number {
  if (
    line.length < 24 ||
    line.charCodeAt(4) !== 47 ||
    line.charCodeAt(7) !== 47 ||
    line.charCodeAt(10) !== 32 ||
    line.charCodeAt(13) !== 58 ||
    line.charCodeAt(16) !== 58 ||
    line.charCodeAt(19) !== 32 ||
    line.charCodeAt(20) !== 91
  ) {
    return -1
  }
  for (const i of [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18]) {
    if (!isDigit(line.charCodeAt(i))) {
      return -1
    }
  }
  const close = line.indexOf('] ', 21)
  if (close < 22 || close > 32) {
    return -1
  }
  for (let i = 21; i < close; i++) {
    if (!isDigit(line.charCodeAt(i))) {
      return -1
    }
  }
  return close + 2
}

/** rsync's exit codes: 0 ok, 24 (source files vanished) a warning, everything else (23 partial, 1…255) failed. */
export function rsyncCodeResult(code: number): RunResult {
  if (code === 0) {
    return 'success'
  }
  return code === 24 ? 'warning' : 'failed'
}

interface RsyncRun {
  pid: string
  /** Where the run's first and last lines start in the text (their times are read at the end). */
  first: number
  last: number
  code: number | null
  ended: boolean
  bytes: number | null
  statFiles: number | null
  itemFiles: number
  errors: string[]
  warnings: string[]
}

/** `(code 23) at main.c(1394)` → 23. */
function codeOf(msg: string): number | null {
  const i = msg.lastIndexOf('(code ')
  if (i < 0) {
    return null
  }
  const j = msg.indexOf(')', i)
  const code = j < 0 ? null : plainInt(msg.slice(i + 6, j))
  return code
}

function rsyncTime(line: string, clock: WallClock): number | null {
  return clock(num(line, 0, 4), num(line, 5, 2), num(line, 8, 2), num(line, 11, 2), num(line, 14, 2), num(line, 17, 2))
}

function firstLines(text: string, max: number): string[] {
  const out: string[] = []
  let start = 0
  while (out.length < max && start < text.length) {
    let end = text.indexOf('\n', start)
    if (end < 0 || end - start > 4096) {
      end = Math.min(text.length, start + 4096)
    }
    const line = text.slice(start, end).trim()
    if (line.length > 0) {
      out.push(line)
    }
    start = end + 1
  }
  return out
}

/** Whether `word` starts the line text[from, to). */
function startsAt(text: string, from: number, to: number, word: string): boolean {
  return to - from >= word.length && isAt(text, from, word)
}

/** Adds text[from, to) to an error or warning list as pushMessage does, slicing it only when the list has room. */
function pushAt(list: string[], text: string, from: number, to: number): void {
  if (list.length < LIMITS.messages) {
    list.push(text.slice(from, Math.min(to, from + LIMITS.messageChars)))
  }
}

const LOG_LINE_PREFIX = String.raw`\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d \[`

/**
 * An itemized line of a run (`YYYY/MM/DD HH:MM:SS [pid] >f…` or `<f…`, its '\n' included), then up to 1000 more of
 * the same pid: lines that readRsync would read one by one as the same run's itemized files, with nothing else to
 * do. The regex engine checks a line's prefix in a fraction of the time of reading its characters one by one.
 */
const ITEMIZED_RUN = new RegExp(
  `${LOG_LINE_PREFIX}(\\d{1,11})\\] [<>]f[^\\n]*\\n(?:${LOG_LINE_PREFIX}\\1\\] [<>]f[^\\n]*\\n){0,1000}`,
  'y',
)

/** A line of a run whose message starts with 'f', then up to 1000 more of the same pid (see ITEMIZED_RUN). */
const QUIET_RUN = new RegExp(
  `${LOG_LINE_PREFIX}(\\d{1,11})\\] f[^\\n]*\\n(?:${LOG_LINE_PREFIX}\\1\\] f[^\\n]*\\n){0,1000}`,
  'y',
)

/**
 * The rsync runs of `text` into `runs`; returns how many non-empty lines are not rsync --log-file lines. Read in place,
 * by index: a log of a big transfer is a line per file, and only its messages are sliced.
 */
function readRsync(text: string, runs: RsyncRun[]): number {
  let run: RsyncRun | null = null
  // The run's pid as a number, and its length: digits of the same length and value are the same pid, and reading
  // them as a number costs less than comparing them with the pid string.
  let pidValue = -1
  let pidLength = 0
  let foreign = 0
  for (let start = 0; start <= text.length;) {
    let nl = text.indexOf('\n', start)
    if (nl < 0) {
      nl = text.length
    }
    const from = start
    const to = lineStop(text, start, nl)
    start = nl + 1
    // rsyncPrefix, in place: `YYYY/MM/DD HH:MM:SS [pid] ` (the pid's digits end at its `] `).
    let close = -1
    let sameRun = false
    if (
      to - from >= 24 &&
      // The separators, or-ed without branches as the digits are: `/`, `/`, ` `, `:`, `:`, ` `, `[`.
      ((text.charCodeAt(from + 4) ^ 47) |
        (text.charCodeAt(from + 7) ^ 47) |
        (text.charCodeAt(from + 10) ^ 32) |
        (text.charCodeAt(from + 13) ^ 58) |
        (text.charCodeAt(from + 16) ^ 58) |
        (text.charCodeAt(from + 19) ^ 32) |
        (text.charCodeAt(from + 20) ^ 91)) ===
        0 &&
      (twoDigits(text, from) |
        twoDigits(text, from + 2) |
        twoDigits(text, from + 5) |
        twoDigits(text, from + 8) |
        twoDigits(text, from + 11) |
        twoDigits(text, from + 14) |
        twoDigits(text, from + 17)) >=
        0
    ) {
      // Most lines carry the pid of the line before: where it stands it needs no digit loop.
      const end = from + 21 + pidLength
      if (
        run !== null &&
        end + 1 < to &&
        text.charCodeAt(end) === 93 &&
        text.charCodeAt(end + 1) === 32 &&
        digitsAt(text, from + 21, pidLength) === pidValue
      ) {
        close = end
        sameRun = true
      } else {
        let p = from + 21
        while (p < to && isDigit(text.charCodeAt(p))) {
          p++
        }
        if (
          p + 1 < to &&
          text.charCodeAt(p) === 93 &&
          text.charCodeAt(p + 1) === 32 &&
          p - from >= 22 &&
          p - from <= 32
        ) {
          close = p
        }
      }
    }
    if (close < 0) {
      if (skipSpace(text, from, to) < to) {
        foreign++
      }
      continue
    }
    const length = close - from - 21
    if (run === null || (!sameRun && (length !== pidLength || digitsAt(text, from + 21, length) !== pidValue))) {
      pidLength = length
      pidValue = digitsAt(text, from + 21, length)
      run = {
        pid: text.slice(from + 21, close),
        first: from,
        last: from,
        code: null,
        ended: false,
        bytes: null,
        statFiles: null,
        itemFiles: 0,
        errors: [],
        warnings: [],
      }
      runs.push(run)
    }
    run.last = from
    const at = close + 2
    const c = at < to ? text.charCodeAt(at) : 0
    if ((c === 62 || c === 60) && at + 1 < to && text.charCodeAt(at + 1) === 102) {
      // itemized `>f+++++++++ name` (received) or `<f` (sent)
      run.itemFiles++
      // A big transfer is a line per file: when the next line looks like one more of this run (its `>f` or `<f`
      // where this line has it), the itemized lines that follow are matched in one go (see ITEMIZED_RUN).
      const next = start + (at - from)
      if (next + 1 < text.length && (text.charCodeAt(next) | 2) === 62 && text.charCodeAt(next + 1) === 102) {
        ITEMIZED_RUN.lastIndex = from
        if (ITEMIZED_RUN.test(text)) {
          const blockEnd = ITEMIZED_RUN.lastIndex
          while (start < blockEnd) {
            run.last = start
            run.itemFiles++
            start = text.indexOf('\n', start) + 1
          }
        }
      }
    } else if (c === 102 && run.warnings.length >= LIMITS.messages) {
      // Once the warnings are full, this run's lines that start with 'f' (`file has vanished: …`) change nothing but
      // its last line: when the next line looks like one more, they are matched in one go (see QUIET_RUN).
      const next = start + (at - from)
      if (next < text.length && text.charCodeAt(next) === 102) {
        QUIET_RUN.lastIndex = from
        if (QUIET_RUN.test(text) && QUIET_RUN.lastIndex > start) {
          start = QUIET_RUN.lastIndex
          run.last = text.lastIndexOf('\n', start - 2) + 1
        }
      }
    } else {
      readRsyncMessage(run, text, at, to, c)
    }
  }
  return foreign
}

/** A run line's message text[at, to) that is not an itemized file (c: its first character): kept or read. */
function readRsyncMessage(run: RsyncRun, text: string, at: number, to: number, c: number): void {
  if (c === 114 && (startsAt(text, at, to, 'rsync error: ') || startsAt(text, at, to, 'rsync warning: '))) {
    const msg = text.slice(at, to)
    run.code = codeOf(msg) ?? 255
    run.ended = true
    pushMessage(msg.startsWith('rsync error: ') ? run.errors : run.warnings, msg)
  } else if (c === 114 || c === 69 || c === 102 || c === 87) {
    // Error and warning lines, read only while their list has room: the later prefixes start otherwise.
    const list = c === 114 || c === 69 ? run.errors : run.warnings
    if (
      list.length < LIMITS.messages &&
      (c === 114
        ? startsAt(text, at, to, 'rsync: ')
        : c === 69
          ? startsAt(text, at, to, 'ERROR: ')
          : c === 102
            ? startsAt(text, at, to, 'file has vanished: ')
            : startsAt(text, at, to, 'WARNING: '))
    ) {
      list.push(text.slice(at, Math.min(to, at + LIMITS.messageChars)))
    }
  } else if (c === 116 && startsAt(text, at, to, 'total size is ')) {
    run.ended = true
    const msg = text.slice(at, to)
    const end = msg.indexOf(' ', 14)
    run.bytes = plainInt(msg.slice(14, end < 0 ? undefined : end))
  } else if (c === 115 && startsAt(text, at, to, 'sent ')) {
    const msg = text.slice(at, to)
    if (msg.includes(' total size ')) {
      run.ended = true
      run.bytes = plainInt(msg.slice(msg.lastIndexOf(' total size ') + 12).trim())
    }
  } else if (c === 78 && startsAt(text, at, to, 'Number of regular files transferred: ')) {
    run.statFiles = plainInt(text.slice(at + 37, to).trim())
  }
}

export const rsync: Parser = {
  format: 'rsync',
  kind: 'backup',
  detect(input: ReportInput): boolean {
    const lines = firstLines(input.text, 1)
    return lines.length === 1 && rsyncPrefix(lines[0]!) > 0
  },
  parse(input: ReportInput): ReturnType<Parser['parse']> {
    const text = input.text
    const runs: RsyncRun[] = []
    const foreign = readRsync(text, runs)
    if (runs.length === 0) {
      return { status: 'unparsed', reason: 'no rsync --log-file lines (YYYY/MM/DD HH:MM:SS [pid] ...)' }
    }
    if (foreign > runs.length * 4 + 10) {
      return { status: 'unparsed', reason: 'mostly lines that are not rsync --log-file lines' }
    }
    const clock = wallClock(input.timeZone)
    const events: BackupRun[] = runs.map((r, i) => {
      let result: RunResult
      if (r.code !== null) {
        result = rsyncCodeResult(r.code)
      } else if (r.ended) {
        result = 'success'
      } else {
        result = 'failed'
      }
      const isLast = i === runs.length - 1
      if (isLast && input.exitCode !== undefined) {
        result =
          r.code === null && !r.ended ? rsyncCodeResult(input.exitCode) : worse(result, rsyncCodeResult(input.exitCode))
      }
      const errors = r.errors
      if (result === 'failed' && r.code === null && !r.ended && errors.length === 0) {
        pushMessage(
          errors,
          isLast && input.exitCode !== undefined
            ? `rsync exit code ${input.exitCode}`
            : 'the log ends before rsync reported a result',
        )
      } else if (isLast && input.exitCode !== undefined && input.exitCode !== 0 && r.code === null) {
        pushMessage(result === 'warning' ? r.warnings : errors, `rsync exit code ${input.exitCode}`)
      }
      return {
        kind: 'backup',
        job: 'rsync',
        host: null,
        startedAt: rsyncTime(text.slice(r.first, r.first + 19), clock),
        finishedAt: rsyncTime(text.slice(r.last, r.last + 19), clock),
        result,
        bytes: r.bytes,
        files: r.statFiles ?? (r.itemFiles > 0 ? r.itemFiles : null),
        errors,
        warnings: r.warnings,
      }
    })
    return { status: 'parsed', events }
  },
}

// ---------------------------------------------------------------- rsnapshot

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/**
 * `[2026-11-30T01:16:05] msg` (rsnapshot 1.4) or `[30/Nov/2026:01:16:05] msg` (1.3) → the message index, or -1.
 */
function rsnapshotPrefix(line: string): number {
  return rsnapshotPrefixAt(line, 0, line.length)
}

/** rsnapshotPrefix of the line text[from, to), relative to `from`. */
function rsnapshotPrefixAt(text: string, from: number, to: number): number {
  const length = to - from
  if (length === 0 || text.charCodeAt(from) !== 91) {
    return -1
  }
  if (length >= 22 && text.charCodeAt(from + 20) === 93 && text.charCodeAt(from + 21) === 32) {
    // [YYYY-MM-DDTHH:MM:SS]
    if (
      text.charCodeAt(from + 5) === 45 &&
      text.charCodeAt(from + 8) === 45 &&
      text.charCodeAt(from + 11) === 84 &&
      text.charCodeAt(from + 14) === 58
    ) {
      return isDigit(text.charCodeAt(from + 1)) && isDigit(text.charCodeAt(from + 19)) ? 22 : -1
    }
  }
  // [DD/Mon/YYYY:HH:MM:SS]
  if (
    length >= 23 &&
    text.charCodeAt(from + 21) === 93 &&
    text.charCodeAt(from + 22) === 32 &&
    text.charCodeAt(from + 3) === 47 &&
    text.charCodeAt(from + 7) === 47 &&
    text.charCodeAt(from + 12) === 58
  ) {
    return isDigit(text.charCodeAt(from + 1)) && isDigit(text.charCodeAt(from + 20)) ? 23 : -1
  }
  return -1
}

function rsnapshotTime(line: string, clock: WallClock): number | null {
  if (line.charCodeAt(11) === 84) {
    return clock(
      num(line, 1, 4),
      num(line, 6, 2),
      num(line, 9, 2),
      num(line, 12, 2),
      num(line, 15, 2),
      num(line, 18, 2),
    )
  }
  const month = MONTHS.indexOf(line.slice(4, 7)) + 1
  if (month === 0) {
    return null
  }
  return clock(num(line, 8, 4), month, num(line, 1, 2), num(line, 13, 2), num(line, 16, 2), num(line, 19, 2))
}

/** `/usr/bin/rsnapshot -c /etc/rsnapshot.conf daily` → `/etc/rsnapshot.conf daily`; `rsnapshot daily` → `daily`. */
function rsnapshotJob(invocation: string): string {
  const words = invocation.trim().split(/\s+/).slice(0, 20)
  const interval = words[words.length - 1] ?? ''
  const c = words.indexOf('-c')
  const conf = c >= 0 && c + 1 < words.length - 1 ? words[c + 1] : undefined
  return conf === undefined ? interval : `${conf} ${interval}`
}

interface SnapRun {
  id: string
  /** Where the run's first and last lines start and end in the text (their times are read at the end). */
  first: number
  firstEnd: number
  last: number
  lastEnd: number
  result: RunResult | null
  errors: string[]
  warnings: string[]
}

/** rsnapshot's exit codes: 0 ok, 2 warnings, 1 (fatal) and anything else failed. */
export function rsnapshotCodeResult(code: number): RunResult {
  if (code === 0) {
    return 'success'
  }
  return code === 2 ? 'warning' : 'failed'
}

interface SnapRead {
  text: string
  runs: SnapRun[]
  run: SnapRun | null
  seen: number
  /** Where the next line to read starts, after a function that may read several lines at once. */
  next: number
}

function openRun(read: SnapRead, id: string, from: number, to: number): SnapRun {
  const r: SnapRun = { id, first: from, firstEnd: to, last: from, lastEnd: to, result: null, errors: [], warnings: [] }
  read.runs.push(r)
  return r
}

/**
 * The lines of the log into `read`, by index. Run lines (`<cmd>: started`, `completed…`) and continuation lines go to
 * readRunLine; the many others (rsync's output, vanished files) are read in place and sliced only as messages.
 */
function readRsnapshot(read: SnapRead): void {
  const text = read.text
  // The next ': ' and 'rsnapshot' in the text (-1: none), searched again only once passed.
  let colonAt = -2
  let nameAt = -2
  for (let start = 0; start <= text.length;) {
    let nl = text.indexOf('\n', start)
    if (nl < 0) {
      nl = text.length
    }
    const from = start
    const to = lineStop(text, start, nl)
    start = nl + 1
    const at = rsnapshotPrefixAt(text, from, to)
    if (at < 0) {
      const c = from < to ? text.charCodeAt(from) : 0
      if (read.run !== null && (c === 32 || c === 9)) {
        readRunLine(read, from, to)
      }
      continue
    }
    const msg = from + at
    // The message's first character picks the few prefixes worth comparing.
    const c = msg < to ? text.charCodeAt(msg) : 0
    const warningPrefix = c === 87 && startsAt(text, msg, to, 'WARNING: ')
    const body = warningPrefix ? msg + 9 : msg
    // A vanished file is no run line (its first ': ' follows 'file has vanished').
    const vanished = c === 102 && startsAt(text, msg, to, 'file has vanished: ')
    // A run line: the text before the body's first ': ' names rsnapshot and is no ERROR. The name is looked for
    // only in a line with a ': ' far enough in: a search for it from a line that has none would pass over all the
    // lines (vanished files) up to the next line that names rsnapshot.
    if (!vanished) {
      if (colonAt !== -1 && colonAt < body) {
        colonAt = text.indexOf(': ', body)
      }
      if (colonAt - body >= 9 && colonAt + 2 <= to && colonAt - body < 1024) {
        if (nameAt !== -1 && nameAt < body) {
          nameAt = indexOfWord(text, 'rsnapshot', body)
        }
        if (nameAt >= 0 && nameAt + 9 <= colonAt && !startsAt(text, body, colonAt, 'ERROR')) {
          readRunLine(read, from, to)
          continue
        }
      }
    }
    read.seen++
    const run = read.run
    if (run === null) {
      continue
    }
    run.last = from
    run.lastEnd = to
    if (vanished) {
      readVanished(read, run, from, at, to, start)
      start = read.next
      continue
    }
    // Error and warning lines, read only while their list has room (pushMessage would drop them).
    if (c === 69 || c === 114) {
      if (
        run.errors.length < LIMITS.messages &&
        (c === 69 ? startsAt(text, msg, to, 'ERROR: ') : rsyncErrorAt(text, msg, to))
      ) {
        pushAt(run.errors, text, msg, to)
        continue
      }
    }
    if (
      run.warnings.length < LIMITS.messages &&
      (warningPrefix || (c === 114 && startsAt(text, msg, to, 'rsync warning: ')))
    ) {
      pushAt(run.warnings, text, msg, to)
    }
  }
}

/**
 * The vanished file text[from, to) (its message at `at`, the next line at `next`): a warning of the run while there
 * is room. When the next line looks like one more, the vanished files that follow are matched in one go (see
 * VANISHED_LINES): each is a warning while there is room, and after that they change nothing but the run's last
 * line. Where the next line to read starts goes to read.next.
 */
function readVanished(read: SnapRead, run: SnapRun, from: number, at: number, to: number, next: number): void {
  const text = read.text
  read.next = next
  if (run.warnings.length < LIMITS.messages) {
    pushAt(run.warnings, text, from + at, to)
  }
  if (at !== 22 || next >= text.length || text.charCodeAt(next + 22) !== 102) {
    return
  }
  VANISHED_LINES.lastIndex = from
  if (!VANISHED_LINES.test(text) || VANISHED_LINES.lastIndex <= next) {
    return
  }
  const end = VANISHED_LINES.lastIndex
  let start = next
  while (start < end && run.warnings.length < LIMITS.messages) {
    const nl = text.indexOf('\n', start)
    run.last = start
    run.lastEnd = lineStop(text, start, nl)
    pushAt(run.warnings, text, start + 22, run.lastEnd)
    start = nl + 1
  }
  if (start < end) {
    run.last = text.lastIndexOf('\n', end - 2) + 1
    run.lastEnd = lineStop(text, run.last, end - 1)
  }
  read.next = end
}

/** `[YYYY-MM-DDTHH:MM:SS] ` as rsnapshotPrefixAt reads it: the '[', separators and first and last digits only. */
const ISO_PREFIX = String.raw`\[\d[^\n]{3}-[^\n]{2}-[^\n]{2}T[^\n]{2}:[^\n]{4}\d\] `

/**
 * Lines `[YYYY-MM-DDTHH:MM:SS] file has vanished: …` (their '\n' included), one to 1000: what readRsnapshot reads
 * as warnings of the run and nothing else. The regex engine checks a line in a fraction of the time of reading it
 * character by character.
 */
const VANISHED_LINES = new RegExp(`(?:${ISO_PREFIX}file has vanished: [^\\n]*\\n){1,1000}`, 'y')

function rsyncErrorAt(text: string, from: number, to: number): boolean {
  return startsAt(text, from, to, 'rsync error: ') || startsAt(text, from, to, 'rsync: ')
}

/** A run line or a continuation line, text[from, to), read as a string. */
function readRunLine(read: SnapRead, from: number, to: number): void {
  const line = read.text.slice(from, to)
  let run = read.run
  const at = rsnapshotPrefix(line)
  if (at < 0) {
    // rsnapshot wraps a long ERROR line onto an unprefixed continuation line.
    if (run !== null && line.length > 0 && (line.charCodeAt(0) === 32 || line.charCodeAt(0) === 9)) {
      const list = run.result === 'failed' ? run.errors : null
      if (list !== null && list.length > 0 && list.length < LIMITS.messages) {
        const merged = `${list[list.length - 1]!} ${line.trim()}`
        list[list.length - 1] = merged.slice(0, LIMITS.messageChars)
      }
    }
    return
  }
  read.seen++
  const msg = line.slice(at)
  const warningPrefix = msg.startsWith('WARNING: ')
  const body = warningPrefix ? msg.slice(9) : msg
  const colon = body.indexOf(': ')
  const head = body.slice(0, colon)
  const rest = body.slice(colon + 2)
  if (rest === 'started') {
    read.run = openRun(read, head, from, to)
    return
  }
  if (run === null || run.id !== head || (run.result !== null && run.result !== 'failed' && rest.startsWith('ERROR'))) {
    run = read.run = openRun(read, head, from, to)
  }
  run.last = from
  run.lastEnd = to
  if (rest.startsWith('completed successfully')) {
    run.result = worse(run.result ?? 'success', 'success')
  } else if (rest.startsWith('completed, but with some warnings')) {
    run.result = worse(run.result ?? 'warning', 'warning')
  } else if (rest.startsWith('completed, but with some errors')) {
    run.result = 'failed'
  } else if (rest.startsWith('ERROR: ') || rest.startsWith('ERROR:')) {
    run.result = 'failed'
    if (!rest.startsWith('ERROR: ----')) {
      pushMessage(run.errors, rest)
    }
  } else if (warningPrefix) {
    pushMessage(run.warnings, rest)
  }
}

export const rsnapshot: Parser = {
  format: 'rsnapshot',
  kind: 'backup',
  detect(input: ReportInput): boolean {
    const lines = firstLines(input.text, 1)
    if (lines.length !== 1 || rsnapshotPrefix(lines[0]!) < 0) {
      return false
    }
    return (input.text.length > 65536 ? input.text.slice(0, 65536) : input.text).includes('rsnapshot')
  },
  parse(input: ReportInput): ReturnType<Parser['parse']> {
    const text = input.text
    const read: SnapRead = { text, runs: [], run: null, seen: 0, next: 0 }
    readRsnapshot(read)
    const { runs, seen } = read
    if (runs.length === 0) {
      return {
        status: 'unparsed',
        reason:
          seen === 0
            ? 'no rsnapshot log lines ([timestamp] ...)'
            : 'no rsnapshot run (no "<cmd>: started" or ERROR line)',
      }
    }
    const clock = wallClock(input.timeZone)
    const events: BackupRun[] = runs.map((r, i) => {
      let result: RunResult = r.result ?? 'failed'
      const isLast = i === runs.length - 1
      if (isLast && input.exitCode !== undefined) {
        const byCode = rsnapshotCodeResult(input.exitCode)
        result = r.result === null ? byCode : worse(result, byCode)
        if (byCode !== 'success' && r.errors.length === 0 && r.warnings.length === 0) {
          pushMessage(byCode === 'warning' ? r.warnings : r.errors, `rsnapshot exit code ${input.exitCode}`)
        }
      }
      if (r.result === null && result === 'failed' && r.errors.length === 0) {
        pushMessage(r.errors, 'the log ends before rsnapshot completed')
      }
      return {
        kind: 'backup',
        job: rsnapshotJob(r.id),
        host: null,
        startedAt: rsnapshotTime(text.slice(r.first, r.firstEnd), clock),
        finishedAt: rsnapshotTime(text.slice(r.last, r.lastEnd), clock),
        result,
        bytes: null,
        files: null,
        errors: r.errors,
        warnings: r.warnings,
      }
    })
    return { status: 'parsed', events }
  },
}
