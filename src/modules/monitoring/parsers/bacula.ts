// Bacula and Bareos job report mails: the job log, then the `Key: value` summary block (`JobId:` … `Termination:`).
// The result comes from `Termination` (Bacula 9.6 stores "with warnings" jobs as T in the catalog, so the catalog
// status is not used), with `Non-fatal FD errors` > 0 as a warning even when Termination says plain OK.
// Job key: the `Job:` name without its unique `.YYYY-MM-DD_HH.MM.SS_NN` suffix; host: the client name.
import { DateTime } from 'luxon'
import { type WallClock, eachLine, pushMessage, wallClock } from './text.js'
import { type BackupRun, type Parser, type ReportInput, type RunResult } from './types.js'

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
  keys: Map<string, string>
  errors: string[]
  warnings: string[]
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

export const bacula: Parser = {
  format: 'bacula',
  kind: 'backup',
  detect: detectBacula,
  parse(input: ReportInput): ReturnType<Parser['parse']> {
    const blocks: Block[] = []
    // Job log lines come before their summary block; they go with the next block (or the last one after it).
    let pendingErrors: string[] = []
    let pendingWarnings: string[] = []
    let block: Block | null = null
    eachLine(input.text, (line) => {
      const colon = line.indexOf(':')
      if (colon > 0 && colon < 40 && (line.charCodeAt(0) === 32 || line.charCodeAt(0) === 9)) {
        const key = line.slice(0, colon).trim()
        if (KEYS.has(key)) {
          if (key === 'JobId' || block === null) {
            block = { keys: new Map(), errors: pendingErrors, warnings: pendingWarnings }
            blocks.push(block)
            pendingErrors = []
            pendingWarnings = []
          }
          block.keys.set(key, line.slice(colon + 1).trim())
          return
        }
      }
      const j = line.indexOf(' JobId ')
      if (j < 0 || j > 200) {
        // Continuation lines of a message (`     Could not stat "/x": ERR=…` is a line of its own in some versions).
        const t = line.trim()
        if (t.startsWith('Could not stat ') || t.startsWith('Warning: ')) {
          pushMessage(pendingWarnings, t)
        }
        return
      }
      const after = line.indexOf(': ', j + 7)
      if (after < 0) {
        return
      }
      const msg = line.slice(after + 2).trim()
      const lower = msg.slice(0, 40).toLowerCase()
      if (lower.startsWith('error: bacula ') || lower.startsWith('error: bareos ')) {
        // The header of the summary block of a failed job, not an error of its own.
        return
      }
      if (lower.startsWith('fatal error') || lower.startsWith('error:') || lower.startsWith('error ')) {
        pushMessage(pendingErrors, msg)
      } else if (
        lower.startsWith('warning') ||
        lower.startsWith('could not stat') ||
        msg.includes(' ERR=') ||
        lower.startsWith('cannot open') ||
        lower.startsWith('cannot stat')
      ) {
        pushMessage(pendingWarnings, msg)
      }
    })
    if (blocks.length > 0) {
      const lastBlock = blocks[blocks.length - 1]!
      for (const e of pendingErrors) {
        pushMessage(lastBlock.errors, e)
      }
      for (const w of pendingWarnings) {
        pushMessage(lastBlock.warnings, w)
      }
    }

    // The last block per job counts (a retry reports Failed, then OK).
    const byJob = new Map<string, BackupRun>()
    const clock = wallClock(input.timeZone)
    for (const b of blocks) {
      const termination = b.keys.get('Termination')
      const unique = b.keys.get('Job')
      if (termination === undefined || unique === undefined || unique === '') {
        continue
      }
      const byTermination = terminationResult(termination)
      const nonFatal = leadingInt(b.keys.get('Non-fatal FD errors') ?? '') ?? 0
      const sdErrors = leadingInt(b.keys.get('SD Errors') ?? '') ?? 0
      const errors = b.errors
      const warnings = b.warnings
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
      const job = jobName(firstQuotedOrWord(unique) ?? unique).slice(0, 200)
      const clientRaw = b.keys.get('Client')
      const run: BackupRun = {
        kind: 'backup',
        job,
        host: clientRaw === undefined ? null : (firstQuotedOrWord(clientRaw)?.slice(0, 200) ?? null),
        startedAt: baculaTime(b.keys.get('Start time') ?? '', clock, zone, input.receivedAt),
        finishedAt: baculaTime(b.keys.get('End time') ?? '', clock, zone, input.receivedAt),
        result,
        bytes: leadingInt(b.keys.get('FD Bytes Written') ?? b.keys.get('SD Bytes Written') ?? ''),
        files: leadingInt(b.keys.get('FD Files Written') ?? b.keys.get('SD Files Written') ?? ''),
        errors,
        warnings,
      }
      byJob.delete(job)
      byJob.set(job, run)
    }
    if (byJob.size === 0) {
      return { status: 'unparsed', reason: 'no Bacula/Bareos summary block with Job and Termination' }
    }
    return { status: 'parsed', events: [...byJob.values()] }
  },
}
