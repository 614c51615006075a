// Synology Hyper Backup / Active Backup for Business: the DSM notification mails, and Hyper Backup's
// synobackup.log (`info|warn|err <TAB> YYYY/MM/DD HH:MM:SS <TAB> SYSTEM: <TAB> [Local][Task] message`).
// No official mail template exists: the mail parser matches phrases, and any mail it cannot read as
// "successful" or "partial" is failed, never success.
import { DateTime } from 'luxon'
import { flat } from './text.js'
import { LIMITS, type BackupRun, type Parser, type ReportInput, type RunResult } from './types.js'
import { localClock } from './windows-backup.js'

const HEAD = 64 * 1024
const LOG_LINE = /^(info|warn|err)\t(\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2})\t/

function push(list: string[], text: string): void {
  if (list.length < LIMITS.messages) {
    list.push(text.slice(0, LIMITS.messageChars))
  }
}

/**
 * push, for the lists of the log's runs: the first text makes a list of one (a push onto an empty array reserves
 * room for sixteen, and a log makes thousands of runs). Returns the list to keep.
 */
function add(list: string[], text: string): string[] {
  if (list.length === 0) {
    return [text.slice(0, LIMITS.messageChars)]
  }
  push(list, text)
  return list
}

function localMillis(parts: string[], zone: string): number | null {
  const [y, mo, d, h, mi, s] = parts.map(Number) as [number, number, number, number, number, number]
  const dt = DateTime.fromObject({ year: y, month: mo, day: d, hour: h, minute: mi, second: s }, { zone })
  return dt.isValid ? dt.toMillis() : null
}

// ---- synobackup.log ----

/** How bad a result is: success 0, warning 1, failed 2. */
function rank(result: RunResult): number {
  return result === 'failed' ? 2 : result === 'warning' ? 1 : 0
}

/**
 * The texts of an open run that has none yet: most runs get one or none, and `add` makes a new list for the first.
 * Never pushed onto; closeOp gives a run still holding it a list of its own.
 */
const NO_TEXTS: string[] = []

/** A run as it is built, in the key order of every run; its result is TaskLog.result until the run closes. */
function openRun(task: string, startedAt: number | null): BackupRun {
  return {
    kind: 'backup',
    job: task,
    host: null,
    startedAt,
    finishedAt: null,
    result: 'failed',
    bytes: null,
    files: null,
    errors: NO_TEXTS,
    warnings: NO_TEXTS,
  }
}

/** `[Local][Daily] Backup task started.` → task `Daily`, text `Backup task started.` (names cannot hold brackets). */
function splitTask(message: string): { task: string; text: string } | null {
  let i = 0
  let task: string | null = null
  while (message[i] === '[') {
    const close = message.indexOf(']', i)
    if (close < 0 || close - i > 200) {
      break
    }
    task = message.slice(i + 1, close)
    i = close + 1
  }
  return task ? { task, text: message.slice(i).trim() } : null
}

/** What a log line says after its time: its task and text, and what the run logic makes of the text. */
interface LogMessage {
  task: string
  what: string
  started: boolean
  /** The end of a task this text says (it is about the task), whatever the level. */
  terminal: RunResult | null
  exception: boolean
  fail: boolean
  integrity: boolean
  /** Whether the text changes nothing at level info (no start, no end, no problem): such lines are skipped. */
  quietAsInfo: boolean
}

/** The part of a log line after its time's tab (user column, tab, `[dest][task] text`) → its LogMessage, or null. */
function readLogMessage(rest: string): LogMessage | null {
  const tab = rest.indexOf('\t')
  const message = (tab >= 0 && tab < 100 ? rest.slice(tab + 1) : rest).trim()
  const parts = splitTask(message)
  if (!parts) {
    return null
  }
  const lower = parts.text.toLowerCase()
  // Only lines about the task end it; "Failed to back up file. [path]" (level warn) is a per-file problem.
  const aboutTask = lower.includes('task') || lower.includes('integrity check')
  let terminal: RunResult | null = null
  if (aboutTask && lower.includes('partial')) {
    terminal = 'warning'
  } else if (aboutTask && /fail|cancel|abort|interrupt|suspend/.test(lower)) {
    terminal = 'failed'
  } else if (aboutTask && lower.includes('finished successfully')) {
    terminal = 'success'
  }
  const started = lower.startsWith('backup task started')
  const exception = lower.includes('exception')
  const fail = lower.includes('fail')
  return {
    task: parts.task,
    what: parts.text,
    started,
    terminal,
    exception,
    fail,
    integrity: lower.includes('integrity check'),
    quietAsInfo: !started && terminal === null && !exception && !fail,
  }
}

/** One task of the log: its open run, if any, and its last closed run (which a later integrity check may mark). */
interface TaskLog {
  task: string
  /** The open run; its result is `result`, written into it when it closes. */
  op: BackupRun | null
  result: RunResult | null
  /** When `op` was opened (a count): the runs still open at the end close in that order. */
  openedAs: number
  last: BackupRun | null
}

/** A text after a time as read before: its LogMessage, and once known its task's TaskLog (one Map lookup per text). */
interface Seen {
  rest: string
  message: LogMessage | null
  log: TaskLog | undefined
}

interface LogRead {
  clock: ReturnType<typeof localClock>
  tasks: Map<string, TaskLog>
  /** How many runs have been opened. */
  opened: number
  runs: BackupRun[]
  /** By length, the last few texts after a time: a log repeats its few messages. */
  seen: (Seen[] | undefined)[]
  /**
   * The time of the last local minute read, second 0 (the clock's; 0 when it has none): kept here rather than passed
   * per line, where each time would be a number allocated on the heap.
   */
  minuteAt: number
  minuteKnown: boolean
}

/** Texts up to this long are remembered, SEEN_PER_LENGTH of each length. */
const SEEN_LENGTHS = 1024
const SEEN_PER_LENGTH = 4

/** The Seen of `rest`: the remembered one when the text was read lately, else a new one (remembered if short). */
function seenOf(read: LogRead, rest: string): Seen {
  const length = rest.length
  let same: Seen[] | undefined
  if (length < SEEN_LENGTHS) {
    same = read.seen[length]
    if (same === undefined) {
      same = read.seen[length] = []
    } else {
      // Comparing a string costs less than hashing it.
      for (let i = 0; i < same.length; i++) {
        const seen = same[i]!
        if (seen.rest === rest) {
          return seen
        }
      }
    }
  }
  const seen: Seen = { rest: flat(rest), message: readLogMessage(rest), log: undefined }
  if (same !== undefined) {
    if (same.length >= SEEN_PER_LENGTH) {
      same.shift()
    }
    same.push(seen)
  }
  return seen
}

/** The TaskLog of the seen text's task, made when `make` (else undefined when the task has none yet). */
function taskLogOf(read: LogRead, seen: Seen, task: string, make: boolean): TaskLog | undefined {
  let log = seen.log
  if (log === undefined) {
    log = read.tasks.get(task)
    if (log === undefined && make) {
      log = { task, op: null, result: null, openedAs: 0, last: null }
      read.tasks.set(task, log)
    }
    seen.log = log
  }
  return log
}

function open(read: LogRead, log: TaskLog, startedAt: number | null): BackupRun {
  const op = openRun(log.task, startedAt)
  log.op = op
  log.result = null
  log.openedAs = read.opened++
  return op
}

function closeOp(read: LogRead, log: TaskLog, unfinished: boolean): void {
  const op = log.op
  if (op === null) {
    return
  }
  log.op = null
  if (log.result === null) {
    op.errors = add(op.errors, unfinished ? 'backup task did not finish' : 'backup task ended without a result')
  }
  if (op.warnings === NO_TEXTS) {
    op.warnings = []
  }
  if (op.errors === NO_TEXTS) {
    op.errors = []
  }
  op.result = log.result ?? 'failed'
  read.runs.push(op)
  log.last = op
}

function parseLog(input: ReportInput): BackupRun[] {
  const read: LogRead = {
    clock: localClock(input.timeZone),
    tasks: new Map(),
    opened: 0,
    runs: [],
    seen: [],
    minuteAt: 0,
    minuteKnown: false,
  }
  readLog(input.text, read)
  // A task still running at the end of the log has no result yet, unless an error already decided it.
  const decided: TaskLog[] = []
  for (const log of read.tasks.values()) {
    if (log.op !== null && log.result !== null) {
      decided.push(log)
    }
  }
  decided.sort((a, b) => a.openedAs - b.openedAs)
  for (const log of decided) {
    closeOp(read, log, false)
  }
  return read.runs
}

/** A line's level, by the character code that starts it. */
const INFO = 105
const WARN = 119
const ERR = 101

/**
 * The synobackup.log lines of `text` into `read`: LOG_LINE and the time read in place, the rest of a line looked up
 * by its text once it has been read.
 */
function readLog(text: string, read: LogRead): void {
  // The last local minute read (`YYYYMMDDHHMM` as a number) and its time (clock's, for second 0).
  let lastMinute = -1
  let start = 0
  while (start < text.length) {
    let nl = text.indexOf('\n', start)
    if (nl < 0) {
      nl = text.length
    }
    const from = start
    let to = Math.min(nl, start + LIMITS.lineChars)
    if (to > from && text.charCodeAt(to - 1) === 13) {
      to--
    }
    start = nl + 1
    // LOG_LINE: `info|warn|err`, tab, `YYYY/MM/DD HH:MM:SS`, tab.
    const level = from < to ? text.charCodeAt(from) : 0
    let d: number
    if (level === INFO) {
      d = from + 4
      if (text.charCodeAt(from + 1) !== 110 || text.charCodeAt(from + 2) !== 102 || text.charCodeAt(from + 3) !== 111) {
        continue
      }
    } else if (level === WARN) {
      d = from + 4
      if (text.charCodeAt(from + 1) !== 97 || text.charCodeAt(from + 2) !== 114 || text.charCodeAt(from + 3) !== 110) {
        continue
      }
    } else if (level === ERR) {
      d = from + 3
      if (text.charCodeAt(from + 1) !== 114 || text.charCodeAt(from + 2) !== 114) {
        continue
      }
    } else {
      continue
    }
    if (
      to - d < 21 ||
      text.charCodeAt(d) !== 9 ||
      text.charCodeAt(d + 5) !== 47 ||
      text.charCodeAt(d + 8) !== 47 ||
      text.charCodeAt(d + 11) !== 32 ||
      text.charCodeAt(d + 14) !== 58 ||
      text.charCodeAt(d + 17) !== 58 ||
      text.charCodeAt(d + 20) !== 9
    ) {
      continue
    }
    // Each digit read once, in place (a call per field costs more here than the rest of the line's work); a value
    // outside 0–9 is negative or is when taken from 9.
    const y1 = text.charCodeAt(d + 1) - 48
    const y2 = text.charCodeAt(d + 2) - 48
    const y3 = text.charCodeAt(d + 3) - 48
    const y4 = text.charCodeAt(d + 4) - 48
    const mo1 = text.charCodeAt(d + 6) - 48
    const mo2 = text.charCodeAt(d + 7) - 48
    const day1 = text.charCodeAt(d + 9) - 48
    const day2 = text.charCodeAt(d + 10) - 48
    const h1 = text.charCodeAt(d + 12) - 48
    const h2 = text.charCodeAt(d + 13) - 48
    const mi1 = text.charCodeAt(d + 15) - 48
    const mi2 = text.charCodeAt(d + 16) - 48
    const s1 = text.charCodeAt(d + 18) - 48
    const s2 = text.charCodeAt(d + 19) - 48
    if (
      (y1 | y2 | y3 | y4 | mo1 | mo2 | day1 | day2 | h1 | h2 | mi1 | mi2 | s1 | s2) < 0 ||
      ((9 - y1) | (9 - y2) | (9 - y3) | (9 - y4) | (9 - mo1) | (9 - mo2) | (9 - day1)) < 0 ||
      ((9 - day2) | (9 - h1) | (9 - h2) | (9 - mi1) | (9 - mi2) | (9 - s1) | (9 - s2)) < 0
    ) {
      continue
    }
    // The clock once per minute: the seconds add to its time as they do in Date.UTC (0–60 are valid there).
    const y = ((y1 * 10 + y2) * 10 + y3) * 10 + y4
    const mo = mo1 * 10 + mo2
    const day = day1 * 10 + day2
    const h = h1 * 10 + h2
    const mi = mi1 * 10 + mi2
    const minute = (((y * 100 + mo) * 100 + day) * 100 + h) * 100 + mi
    if (minute !== lastMinute) {
      lastMinute = minute
      const minuteAt = read.clock(y, mo, day, h, mi, 0)
      read.minuteKnown = minuteAt !== null
      read.minuteAt = minuteAt ?? 0
    }
    // After the time: the user column ("SYSTEM:"), then the message.
    const rest = text.slice(d + 21, to)
    // Most lines repeat the text that was read first at their length: that one is compared here, without a call.
    const same = rest.length < SEEN_LENGTHS ? read.seen[rest.length] : undefined
    const seen = same !== undefined && same[0]!.rest === rest ? same[0]! : seenOf(read, rest)
    const m = seen.message
    if (m !== null && !(level === INFO && m.quietAsInfo)) {
      readLogLine(read, level, s1 * 10 + s2, seen, m)
    }
  }
}

/** The time of a line at second `sec` of the last minute read (its epoch ms, made only for the lines that keep it). */
function timeAt(read: LogRead, sec: number): number | null {
  return !read.minuteKnown || sec > 60 ? null : read.minuteAt + sec * 1000
}

function readLogLine(read: LogRead, level: number, sec: number, seen: Seen, m: LogMessage): void {
  const { task, what, terminal } = m
  if (m.started) {
    const log = taskLogOf(read, seen, task, true)!
    closeOp(read, log, true)
    open(read, log, timeAt(read, sec))
    return
  }
  const issue: RunResult | null =
    level === ERR || m.exception || (level === INFO && m.fail) ? 'failed' : level === WARN || m.fail ? 'warning' : null
  const isIntegrity = m.integrity
  let log = taskLogOf(read, seen, task, false)
  let op = log === undefined ? null : log.op
  if (op === null && isIntegrity) {
    // An integrity check runs after its backup: a failed check marks that backup.
    const prev = log === undefined ? null : log.last
    const bad = terminal === 'failed' || issue === 'failed' ? 'failed' : issue
    if (prev !== null && bad) {
      prev.result = rank(bad) > rank(prev.result) ? bad : prev.result
      if (bad === 'failed') {
        prev.errors = add(prev.errors, what)
      } else {
        prev.warnings = add(prev.warnings, what)
      }
    }
    return
  }
  if (op === null && (terminal !== null || issue === 'failed')) {
    // A result whose start is before the report's first line.
    log = taskLogOf(read, seen, task, true)!
    op = open(read, log, null)
  }
  if (op === null || log === undefined) {
    return
  }
  const result = terminal === null ? issue : rank(terminal) >= (issue === null ? 0 : rank(issue)) ? terminal : issue
  if (result !== null) {
    if (log.result === null || rank(result) > rank(log.result)) {
      log.result = result
    }
    if (result === 'failed') {
      op.errors = add(op.errors, what)
    } else if (result === 'warning') {
      op.warnings = add(op.warnings, what)
    }
  }
  if (terminal !== null && !isIntegrity) {
    op.finishedAt = timeAt(read, sec)
    closeOp(read, log, false)
  }
}

function looksLikeLog(text: string): boolean {
  const head = text.slice(0, HEAD)
  let start = 0
  for (let n = 0; n < 20 && start < head.length; n++) {
    let nl = head.indexOf('\n', start)
    if (nl < 0) {
      nl = head.length
    }
    const line = head.slice(start, nl)
    start = nl + 1
    if (line.trim() === '') {
      continue
    }
    return LOG_LINE.test(line) && line.includes('][')
  }
  return false
}

export const synologyLog: Parser = {
  format: 'synology-log',
  kind: 'backup',
  detect(input) {
    return looksLikeLog(input.text)
  },
  parse(input) {
    try {
      if (!looksLikeLog(input.text)) {
        return { status: 'unparsed', reason: 'not a synobackup.log (level TAB date TAB user TAB [dest][task] message)' }
      }
      const runs = parseLog(input)
      return runs.length
        ? { status: 'parsed', events: runs }
        : { status: 'unparsed', reason: 'synobackup.log holds no finished backup task' }
    } catch (e) {
      return { status: 'unparsed', reason: `synology-log parser error: ${String(e).slice(0, 200)}` }
    }
  },
}

// ---- DSM notification mails ----

const PRODUCT = /hyper backup|active backup|synology|diskstation|rackstation|\bdsm\b|usb copy/i

function stripHtml(html: string): string {
  const src = html.slice(0, 4 * 1024 * 1024)
  return src
    .replace(/<(style|script)\b[^>]{0,1000}>[^<]{0,1000000}<\/\1\s*>/gi, ' ')
    .replace(/<br\s{0,5}\/?>|<\/(?:p|div|tr|li|h[1-6])\s{0,5}>/gi, '\n')
    .replace(/<[^<>]{0,10000}>/g, ' ')
    .replace(/&nbsp;/gi, ' ')
    .replace(/&amp;/gi, '&')
    .replace(/&lt;/gi, '<')
    .replace(/&gt;/gi, '>')
    .replace(/&quot;/gi, '"')
    .replace(/&#39;|&apos;/gi, "'")
}

function mailBody(input: ReportInput): string {
  const text = input.text.trim() ? input.text : input.mail?.html ? stripHtml(input.mail.html) : ''
  return text.slice(0, HEAD)
}

function mailResult(s: string): RunResult | null {
  const t = s.toLowerCase()
  if (/partial|with warnings?\b|completed with warning/.test(t)) {
    return 'warning'
  }
  if (/fail|error|not (?:been )?completed|cancel|abort|interrupt|suspend|unsuccessful/.test(t)) {
    return 'failed'
  }
  if (/successful|succeeded|has been completed|has completed|was completed|completed|finished/.test(t)) {
    return 'success'
  }
  return null
}

const QUOTED_TASK = /task\s*(?:name\s*:?\s*)?[[“"'‘]([^\]”"'’\n]{1,64})[\]”"'’]/i
const PLAIN_TASK =
  /task\s+(?!has\b|was\b|is\b)([^\s"'[\]][^\n]{0,63}?)\s+(?:on|of|from|has|have|was|is|completed|failed|partially|finished|succeeded|could|did)\b/i
const TASK_LINE = /^\s*(?:backup )?task(?: name)?\s*:\s*(.{1,64})$/im

function taskName(subject: string, body: string): string | null {
  for (const s of [subject, body.slice(0, 4000)]) {
    const m = QUOTED_TASK.exec(s) ?? TASK_LINE.exec(s) ?? PLAIN_TASK.exec(s)
    if (m) {
      return m[1]!.trim()
    }
  }
  return null
}

function hostName(subject: string, body: string, task: string): string | null {
  const bracket = /^\s*\[([^\]]{1,64})\]/.exec(subject)
  if (bracket && bracket[1] !== task) {
    return bracket[1]!.trim()
  }
  const on =
    /\b(?:on|from)\s+([A-Za-z0-9][\w.-]{0,62})\s*(?:has|have|was|is|completed|failed|partially|finished|[.:,]|$)/im.exec(
      subject + '\n' + body.slice(0, 4000),
    )
  return on ? on[1]!.replace(/\.$/, '') : null
}

function labelledTime(body: string, label: RegExp, zone: string): number | null {
  const m = label.exec(body)
  if (!m) {
    return null
  }
  const after = body.slice(m.index + m[0].length, m.index + m[0].length + 60)
  const d = /(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?/.exec(after)
  return d ? localMillis([d[1]!, d[2]!, d[3]!, d[4]!, d[5]!, d[6] ?? '0'], zone) : null
}

function isSynologyMail(input: ReportInput): boolean {
  const mail = input.mail
  if (!mail) {
    return false
  }
  const subject = mail.subject.slice(0, 2000)
  // Veeam's `[Success] Job` subjects may name a Synology repository; they are Veeam's.
  if (/^\s*\[(?:success|warning|failed)\]/i.test(subject) || !/backup/i.test(subject)) {
    return false
  }
  const body = mailBody(input)
  if (!/task|job/i.test(subject + body.slice(0, 4000))) {
    return false
  }
  // DSM signs its mails "Synology DiskStation"; the subject alone often names only the NAS and the task.
  return (
    PRODUCT.test(subject) ||
    PRODUCT.test(mail.from.slice(0, 500)) ||
    /hyper backup|active backup for business/i.test(body) ||
    (/backup task/i.test(subject) && /synology|diskstation|rackstation/i.test(body))
  )
}

export const synology: Parser = {
  format: 'synology',
  kind: 'backup',
  detect(input) {
    return isSynologyMail(input)
  },
  parse(input) {
    try {
      if (!isSynologyMail(input)) {
        return { status: 'unparsed', reason: 'not a Synology Hyper Backup / Active Backup notification mail' }
      }
      const subject = input.mail!.subject.slice(0, 2000)
      const body = mailBody(input)
      const task = taskName(subject, body)
      if (!task) {
        return { status: 'unparsed', reason: 'no backup task name in the Synology mail' }
      }
      const errors: string[] = []
      const warnings: string[] = []
      let result = mailResult(subject) ?? mailResult(body.slice(0, 4000))
      if (result === null) {
        result = 'failed'
        push(errors, `unrecognised Synology result: ${subject}`)
      }
      // Lines that name a problem are kept as its texts.
      for (const line of body.split('\n', 2000)) {
        const l = line.trim().slice(0, LIMITS.messageChars)
        if (!l || l === subject) {
          continue
        }
        if (/\b(?:error|fail(?:ed|ure)?|exception)\b/i.test(l) && result !== 'success') {
          push(errors, l)
        } else if (/\b(?:warning|partial(?:ly)?|skipped)\b/i.test(l) && result !== 'success') {
          push(warnings, l)
        }
      }
      const run: BackupRun = {
        kind: 'backup',
        job: task,
        host: hostName(subject, body, task),
        startedAt: labelledTime(body, /start(?:ed)?(?: time| at)?\s*:/i, input.timeZone),
        finishedAt: labelledTime(body, /(?:end|finish(?:ed)?|completion)(?: time| at)?\s*:/i, input.timeZone),
        result,
        bytes: null,
        files: null,
        errors,
        warnings,
      }
      return { status: 'parsed', events: [run] }
    } catch (e) {
      return { status: 'unparsed', reason: `synology parser error: ${String(e).slice(0, 200)}` }
    }
  },
}
