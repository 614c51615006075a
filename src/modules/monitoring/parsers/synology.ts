// Synology Hyper Backup / Active Backup for Business: the DSM notification mails, and Hyper Backup's
// synobackup.log (`info|warn|err <TAB> YYYY/MM/DD HH:MM:SS <TAB> SYSTEM: <TAB> [Local][Task] message`).
// No official mail template exists: the mail parser matches phrases, and any mail it cannot read as
// "successful" or "partial" is failed, never success.
import { DateTime } from 'luxon'
import { digitsAt, flat, isAt, twoDigits } from './text.js'
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

interface Op {
  task: string
  startedAt: number | null
  finishedAt: number | null
  result: RunResult | null
  errors: string[]
  warnings: string[]
}

const RANK: Record<RunResult, number> = { success: 0, warning: 1, failed: 2 }

function toRun(op: Op, result: RunResult): BackupRun {
  return {
    kind: 'backup',
    job: op.task,
    host: null,
    startedAt: op.startedAt,
    finishedAt: op.finishedAt,
    result,
    bytes: null,
    files: null,
    errors: op.errors,
    warnings: op.warnings,
  }
}

function worsen(op: Op, result: RunResult): void {
  if (op.result === null || RANK[result] > RANK[op.result]) {
    op.result = result
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
  return {
    task: parts.task,
    what: parts.text,
    started: lower.startsWith('backup task started'),
    terminal,
    exception: lower.includes('exception'),
    fail: lower.includes('fail'),
    integrity: lower.includes('integrity check'),
  }
}

interface LogRead {
  clock: ReturnType<typeof localClock>
  open: Map<string, Op>
  last: Map<string, BackupRun>
  runs: BackupRun[]
  /** By length, the last few texts after a time and their LogMessages: a log repeats its few messages. */
  seen: ({ rest: string; message: LogMessage | null }[] | undefined)[]
  /** The last local minute read (`YYYYMMDDHHMM` as a number) and its time (clock's, for second 0). */
  lastMinute: number
  lastMinuteAt: number | null
}

/** Texts up to this long are remembered, SEEN_PER_LENGTH of each length. */
const SEEN_LENGTHS = 1024
const SEEN_PER_LENGTH = 4

function logMessage(read: LogRead, rest: string): LogMessage | null {
  const same = rest.length < SEEN_LENGTHS ? (read.seen[rest.length] ??= []) : undefined
  if (same !== undefined) {
    for (const seen of same) {
      if (seen.rest === rest) {
        return seen.message
      }
    }
  }
  const message = readLogMessage(rest)
  if (same !== undefined) {
    if (same.length >= SEEN_PER_LENGTH) {
      same.shift()
    }
    same.push({ rest: flat(rest), message })
  }
  return message
}

function closeOp(read: LogRead, task: string, unfinished: boolean): void {
  const op = read.open.get(task)
  if (!op) {
    return
  }
  read.open.delete(task)
  if (op.result === null) {
    op.errors = add(op.errors, unfinished ? 'backup task did not finish' : 'backup task ended without a result')
  }
  const run = toRun(op, op.result ?? 'failed')
  read.runs.push(run)
  read.last.set(task, run)
}

function parseLog(input: ReportInput): BackupRun[] {
  const read: LogRead = {
    clock: localClock(input.timeZone),
    open: new Map(),
    last: new Map(),
    runs: [],
    seen: [],
    lastMinute: -1,
    lastMinuteAt: null,
  }
  readLog(input.text, read)
  // A task still running at the end of the log has no result yet, unless an error already decided it.
  for (const [task, op] of read.open) {
    if (op.result !== null) {
      closeOp(read, task, false)
    }
  }
  return read.runs
}

const LEVELS = ['info', 'warn', 'err'] as const

/**
 * The synobackup.log lines of `text` into `read`: LOG_LINE and the time read in place, the rest of a line looked up
 * by its text once it has been read.
 */
function readLog(text: string, read: LogRead): void {
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
    const c = from < to ? text.charCodeAt(from) : 0
    const level = c === 105 ? LEVELS[0] : c === 119 ? LEVELS[1] : c === 101 ? LEVELS[2] : null
    if (level === null || to - from < level.length + 21 || !isAt(text, from, level)) {
      continue
    }
    const d = from + level.length
    if (
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
    if (
      (twoDigits(text, d + 1) |
        twoDigits(text, d + 3) |
        twoDigits(text, d + 6) |
        twoDigits(text, d + 9) |
        twoDigits(text, d + 12) |
        twoDigits(text, d + 15) |
        twoDigits(text, d + 18)) <
      0
    ) {
      continue
    }
    // The clock once per minute: the seconds add to its time as they do in Date.UTC (0–60 are valid there).
    const y = digitsAt(text, d + 1, 4)
    const mo = digitsAt(text, d + 6, 2)
    const day = digitsAt(text, d + 9, 2)
    const h = digitsAt(text, d + 12, 2)
    const mi = digitsAt(text, d + 15, 2)
    const minute = (((y * 100 + mo) * 100 + day) * 100 + h) * 100 + mi
    if (minute !== read.lastMinute) {
      read.lastMinute = minute
      read.lastMinuteAt = read.clock(y, mo, day, h, mi, 0)
    }
    const sec = digitsAt(text, d + 18, 2)
    const at = read.lastMinuteAt === null || sec > 60 ? null : read.lastMinuteAt + sec * 1000
    // After the time: the user column ("SYSTEM:"), then the message.
    const rest = text.slice(d + 21, to)
    // The last few texts of each length and their LogMessages: comparing a string costs less than hashing it.
    const m = logMessage(read, rest)
    if (m === null) {
      continue
    }
    readLogLine(read, level, at, m)
  }
}

function readLogLine(read: LogRead, level: string, at: number | null, m: LogMessage): void {
  const { task, what, terminal } = m
  if (m.started) {
    closeOp(read, task, true)
    read.open.set(task, { task, startedAt: at, finishedAt: null, result: null, errors: [], warnings: [] })
    return
  }
  const issue: RunResult | null =
    level === 'err' || m.exception || (level === 'info' && m.fail)
      ? 'failed'
      : level === 'warn' || m.fail
        ? 'warning'
        : null
  const isIntegrity = m.integrity
  let op = read.open.get(task)
  if (!op && isIntegrity) {
    // An integrity check runs after its backup: a failed check marks that backup.
    const prev = read.last.get(task)
    const bad = terminal === 'failed' || issue === 'failed' ? 'failed' : issue
    if (prev && bad) {
      prev.result = RANK[bad] > RANK[prev.result] ? bad : prev.result
      if (bad === 'failed') {
        prev.errors = add(prev.errors, what)
      } else {
        prev.warnings = add(prev.warnings, what)
      }
    }
    return
  }
  if (!op && (terminal !== null || issue === 'failed')) {
    // A result whose start is before the report's first line.
    op = { task, startedAt: null, finishedAt: null, result: null, errors: [], warnings: [] }
    read.open.set(task, op)
  }
  if (!op) {
    return
  }
  const result = terminal === null ? issue : RANK[terminal] >= RANK[issue ?? 'success'] ? terminal : issue
  if (result !== null) {
    worsen(op, result)
    if (result === 'failed') {
      op.errors = add(op.errors, what)
    } else if (result === 'warning') {
      op.warnings = add(op.warnings, what)
    }
  }
  if (terminal !== null && !isIntegrity) {
    op.finishedAt = at
    closeOp(read, task, false)
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
