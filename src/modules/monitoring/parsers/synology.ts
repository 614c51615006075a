// Synology Hyper Backup / Active Backup for Business: the DSM notification mails, and Hyper Backup's
// synobackup.log (`info|warn|err <TAB> YYYY/MM/DD HH:MM:SS <TAB> SYSTEM: <TAB> [Local][Task] message`).
// No official mail template exists: the mail parser matches phrases, and any mail it cannot read as
// "successful" or "partial" is failed, never success.
import { DateTime } from 'luxon'
import { LIMITS, type BackupRun, type Parser, type ReportInput, type RunResult } from './types.js'
import { localClock } from './windows-backup.js'

const HEAD = 64 * 1024
const LOG_LINE = /^(info|warn|err)\t(\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2})\t/

function push(list: string[], text: string): void {
  if (list.length < LIMITS.messages) {
    list.push(text.slice(0, LIMITS.messageChars))
  }
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

function parseLog(input: ReportInput): BackupRun[] {
  const text = input.text
  const clock = localClock(input.timeZone)
  const open = new Map<string, Op>()
  const last = new Map<string, BackupRun>()
  const runs: BackupRun[] = []
  const close = (task: string, unfinished: boolean) => {
    const op = open.get(task)
    if (!op) {
      return
    }
    open.delete(task)
    if (op.result === null) {
      push(op.errors, unfinished ? 'backup task did not finish' : 'backup task ended without a result')
    }
    const run = toRun(op, op.result ?? 'failed')
    runs.push(run)
    last.set(task, run)
  }
  let start = 0
  while (start < text.length) {
    let nl = text.indexOf('\n', start)
    if (nl < 0) {
      nl = text.length
    }
    const line = text.slice(start, Math.min(nl, start + LIMITS.lineChars)).replace(/\r$/, '')
    start = nl + 1
    if (!line.startsWith('info\t') && !line.startsWith('warn\t') && !line.startsWith('err\t')) {
      continue
    }
    const m = LOG_LINE.exec(line)
    if (!m) {
      continue
    }
    const level = m[1]!
    const at = clock(+m[2]!, +m[3]!, +m[4]!, +m[5]!, +m[6]!, +m[7]!)
    // After the time: the user column ("SYSTEM:"), then the message.
    const rest = line.slice(m[0].length)
    const tab = rest.indexOf('\t')
    const message = (tab >= 0 && tab < 100 ? rest.slice(tab + 1) : rest).trim()
    const parts = splitTask(message)
    if (!parts) {
      continue
    }
    const { task, text: what } = parts
    const lower = what.toLowerCase()
    if (lower.startsWith('backup task started')) {
      close(task, true)
      open.set(task, { task, startedAt: at, finishedAt: null, result: null, errors: [], warnings: [] })
      continue
    }
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
    const issue: RunResult | null =
      level === 'err' || lower.includes('exception') || (level === 'info' && lower.includes('fail'))
        ? 'failed'
        : level === 'warn' || lower.includes('fail')
          ? 'warning'
          : null
    const isIntegrity = lower.includes('integrity check')
    let op = open.get(task)
    if (!op && isIntegrity) {
      // An integrity check runs after its backup: a failed check marks that backup.
      const prev = last.get(task)
      const bad = terminal === 'failed' || issue === 'failed' ? 'failed' : issue
      if (prev && bad) {
        prev.result = RANK[bad] > RANK[prev.result] ? bad : prev.result
        push(bad === 'failed' ? prev.errors : prev.warnings, what)
      }
      continue
    }
    if (!op && (terminal !== null || issue === 'failed')) {
      // A result whose start is before the report's first line.
      op = { task, startedAt: null, finishedAt: null, result: null, errors: [], warnings: [] }
      open.set(task, op)
    }
    if (!op) {
      continue
    }
    const result = terminal === null ? issue : RANK[terminal] >= RANK[issue ?? 'success'] ? terminal : issue
    if (result !== null) {
      worsen(op, result)
      if (result === 'failed') {
        push(op.errors, what)
      } else if (result === 'warning') {
        push(op.warnings, what)
      }
    }
    if (terminal !== null && !isIntegrity) {
      op.finishedAt = at
      close(task, false)
    }
  }
  // A task still running at the end of the log has no result yet, unless an error already decided it.
  for (const [task, op] of open) {
    if (op.result !== null) {
      close(task, false)
    }
  }
  return runs
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
