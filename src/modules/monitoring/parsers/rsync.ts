// rsync `--log-file` logs and rsnapshot logs. Neither names a job: an rsync log yields job 'rsync' (one run per
// rsync PID), an rsnapshot log `<config> <interval>` (or just the interval when no `-c` was given).
// Exit codes (ReportInput.exitCode) belong to the last run in the report; the worse of the code and the log counts.
import { type WallClock, eachLine, isDigit, pushMessage, wallClock } from './text.js'
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
  first: string
  last: string
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

export const rsync: Parser = {
  format: 'rsync',
  kind: 'backup',
  detect(input: ReportInput): boolean {
    const lines = firstLines(input.text, 1)
    return lines.length === 1 && rsyncPrefix(lines[0]!) > 0
  },
  parse(input: ReportInput): ReturnType<Parser['parse']> {
    const runs: RsyncRun[] = []
    let run: RsyncRun | null = null
    let foreign = 0
    eachLine(input.text, (line) => {
      const at = rsyncPrefix(line)
      if (at < 0) {
        if (line.trim().length > 0) {
          foreign++
        }
        return
      }
      const pid = line.slice(21, at - 2)
      if (run === null || run.pid !== pid) {
        run = {
          pid,
          first: line,
          last: line,
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
      run.last = line
      const msg = line.slice(at)
      const c = msg.charCodeAt(0)
      if ((c === 62 || c === 60) && msg.charCodeAt(1) === 102) {
        // itemized `>f+++++++++ name` (received) or `<f` (sent)
        run.itemFiles++
      } else if (msg.startsWith('rsync error: ') || msg.startsWith('rsync warning: ')) {
        run.code = codeOf(msg) ?? 255
        run.ended = true
        pushMessage(msg.startsWith('rsync error: ') ? run.errors : run.warnings, msg)
      } else if (msg.startsWith('rsync: ') || msg.startsWith('ERROR: ') || msg.startsWith('rsync: error')) {
        pushMessage(run.errors, msg)
      } else if (msg.startsWith('file has vanished: ') || msg.startsWith('WARNING: ')) {
        pushMessage(run.warnings, msg)
      } else if (msg.startsWith('total size is ')) {
        run.ended = true
        const end = msg.indexOf(' ', 14)
        run.bytes = plainInt(msg.slice(14, end < 0 ? undefined : end))
      } else if (msg.startsWith('sent ') && msg.includes(' total size ')) {
        run.ended = true
        run.bytes = plainInt(msg.slice(msg.lastIndexOf(' total size ') + 12).trim())
      } else if (msg.startsWith('Number of regular files transferred: ')) {
        run.statFiles = plainInt(msg.slice(37).trim())
      }
    })
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
        startedAt: rsyncTime(r.first, clock),
        finishedAt: rsyncTime(r.last, clock),
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
  if (line.charCodeAt(0) !== 91) {
    return -1
  }
  if (line.length >= 22 && line.charCodeAt(20) === 93 && line.charCodeAt(21) === 32) {
    // [YYYY-MM-DDTHH:MM:SS]
    if (
      line.charCodeAt(5) === 45 &&
      line.charCodeAt(8) === 45 &&
      line.charCodeAt(11) === 84 &&
      line.charCodeAt(14) === 58
    ) {
      return isDigit(line.charCodeAt(1)) && isDigit(line.charCodeAt(19)) ? 22 : -1
    }
  }
  // [DD/Mon/YYYY:HH:MM:SS]
  if (
    line.length >= 23 &&
    line.charCodeAt(21) === 93 &&
    line.charCodeAt(22) === 32 &&
    line.charCodeAt(3) === 47 &&
    line.charCodeAt(7) === 47 &&
    line.charCodeAt(12) === 58
  ) {
    return isDigit(line.charCodeAt(1)) && isDigit(line.charCodeAt(20)) ? 23 : -1
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
  first: string
  last: string
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
    const runs: SnapRun[] = []
    let run: SnapRun | null = null
    let seen = 0
    const open = (id: string, line: string): SnapRun => {
      const r: SnapRun = { id, first: line, last: line, result: null, errors: [], warnings: [] }
      runs.push(r)
      return r
    }
    eachLine(input.text, (line) => {
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
      seen++
      const msg = line.slice(at)
      const warningPrefix = msg.startsWith('WARNING: ')
      const body = warningPrefix ? msg.slice(9) : msg
      const colon = body.indexOf(': ')
      const head = colon > 0 ? body.slice(0, colon) : ''
      const isRunLine = head.includes('rsnapshot') && !head.startsWith('ERROR') && colon < 1024
      if (isRunLine) {
        const rest = body.slice(colon + 2)
        if (rest === 'started') {
          run = open(head, line)
          return
        }
        if (
          run === null ||
          run.id !== head ||
          (run.result !== null && run.result !== 'failed' && rest.startsWith('ERROR'))
        ) {
          run = open(head, line)
        }
        run.last = line
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
        return
      }
      if (run === null) {
        return
      }
      run.last = line
      if (msg.startsWith('ERROR: ') || msg.startsWith('rsync error: ') || msg.startsWith('rsync: ')) {
        pushMessage(run.errors, msg)
      } else if (warningPrefix || msg.startsWith('rsync warning: ') || msg.startsWith('file has vanished: ')) {
        pushMessage(run.warnings, msg)
      }
    })
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
        startedAt: rsnapshotTime(r.first, clock),
        finishedAt: rsnapshotTime(r.last, clock),
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
