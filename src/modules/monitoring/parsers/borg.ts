// BorgBackup 1.x: `borg create --json --log-json --show-rc` (one indented JSON document on stdout at the end, JSON
// log lines on stderr) and `borg check --log-json -v --show-rc`. Observed with Debian 12's borgbackup 1.2.4; see
// test/fixtures/monitoring/borg/README.md.
//
// A report is stdout and stderr as shipped (in any interleaving) plus, when the shipper sent it, the exit code.
// The return code is the shipped exit code or, failing that, the `terminating with … status, rc N` line of
// --show-rc (when both are there, the worse one counts). Map: 0 → success; 1 → warning (the archive was created,
// e.g. a missing or unreadable source file); 2, ≥ 3 (borg 1.4's modern codes), 128+N (signal) → failed.
// Without any return code the text decides: an archive document and no WARNING/ERROR log line → success; an
// archive with WARNING lines → warning; no archive → failed.
// `borg check` is failed on any return code other than 0 (a corrupt segment gave rc 1) and on any ERROR line.
//
// Job key: the archive name without its `{now}`-style suffix (`srv01-2026-11-29T17:51:02` → `srv01`). When borg
// fails before it creates an archive, the text does not name the archive, and the job is 'borg'.
// Host: only when the archive pattern in `command_line` starts with `{hostname}` or `{fqdn}` (the repository's
// location is the backup server, not the host that was backed up).

import { DateTime } from 'luxon'
import { LIMITS, type BackupRun, type Parser, type ParseResult, type ReportInput, type RunResult } from './types.js'

/** --list and --progress lines (`--log-json`), skipped unread; no --list line can start like this. */
const PROGRESS = [
  '{"type": "file_status"',
  '{"type": "archive_progress"',
  '{"type": "progress_',
  '{"type":"file_status"',
]

/** The largest archive JSON document read (its command_line lists every source path). */
const MAX_DOCUMENT_CHARS = 4 * 1024 * 1024
const DETECT_CHARS = 16 * 1024

/** Lines (cut at LIMITS.lineChars, `full` false when cut); those starting with one of `skip` are passed over. */
function forEachLine(text: string, fn: (line: string, full: boolean) => void, skip?: readonly string[]): void {
  let start = 0
  const n = text.length
  while (start <= n) {
    let end = text.indexOf('\n', start)
    if (end < 0) {
      end = n
    }
    if (skip !== undefined && skip.some((prefix) => text.startsWith(prefix, start))) {
      start = end + 1 // a progress line: not even cut out of the text
      continue
    }
    let stop = end
    let full = true
    if (stop - start > LIMITS.lineChars) {
      stop = start + LIMITS.lineChars
      full = false
    } else if (stop > start && text.charCodeAt(stop - 1) === 13) {
      stop -= 1
    }
    fn(text.slice(start, stop), full)
    start = end + 1
  }
}

function push(list: string[], text: string): void {
  if (list.length < LIMITS.messages) {
    list.push(text.length > LIMITS.messageChars ? text.slice(0, LIMITS.messageChars) : text)
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}

function count(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.round(value) : null
}

/** Severity of a return code: 0 success, 1 warning, 2 failed (2, ≥ 3, negative, signals, anything unknown). */
function resultOf(rc: number): RunResult {
  return rc === 0 ? 'success' : rc === 1 ? 'warning' : 'failed'
}

const RANK: Record<RunResult, number> = { success: 0, warning: 1, failed: 2 }

function worse(a: RunResult, b: RunResult): RunResult {
  return RANK[a] >= RANK[b] ? a : b
}

const SHOW_RC = /terminating with (?:success|warning|error) status, rc (-?\d{1,6})/
const SHOW_RC_PLAIN = /^terminating with (?:success|warning|error) status, rc (-?\d{1,6})$/
const SHOW_RC_LINE = /^terminating with (?:success|warning|error) status, rc -?\d{1,6}\r?$/m

// A trailing date/time as `{now}`, `{utcnow}` or `{now:%Y-%m-%d_%H%M}` write it: 2026-11-29T17:51:02(.123456),
// 2026-11-29_1751, 20261129, 20261129T175102, with an optional zone. Anchored and without nested quantifiers.
const TIME_SUFFIX =
  /[-_.@ ]?\d{4}-?\d{2}-?\d{2}(?:[T_ .-]?\d{2}[:.-]?\d{2}(?:[:.-]?\d{2}(?:[.,]\d{1,9})?)?)?(?:Z|[+-]\d{2}:?\d{2})?$/

/**
 * The job key of an archive name: the name without its `{now}`-style suffix (the whole name when it has none;
 * 'borg' when the name is nothing but a time).
 */
export function archiveJob(name: string): string {
  const cut = name.length > 1000 ? name.slice(0, 1000) : name
  const job = cut.replace(TIME_SUFFIX, '')
  return job.length > 0 ? job : 'borg'
}

/** The host an archive name starts with, when the archive pattern starts with `{hostname}` or `{fqdn}`. */
function hostFromPattern(commandLine: unknown, name: string, job: string): string | null {
  if (!Array.isArray(commandLine)) {
    return null
  }
  let pattern: string | null = null
  for (const arg of commandLine) {
    if (typeof arg === 'string' && arg.includes('::')) {
      pattern = arg.slice(arg.indexOf('::') + 2)
    }
  }
  if (pattern === null) {
    return null
  }
  const placeholder = pattern.startsWith('{hostname}') ? '{hostname}' : pattern.startsWith('{fqdn}') ? '{fqdn}' : null
  if (!placeholder) {
    return null
  }
  const rest = pattern.slice(placeholder.length)
  const brace = rest.indexOf('{')
  const literal = brace < 0 ? rest : rest.slice(0, brace)
  const after = brace < 0 ? '' : rest.slice(brace)
  if (after.startsWith('{now') || after.startsWith('{utcnow')) {
    // `{hostname}-{now}`: the job is the host; `{hostname}-daily-{now}`: the host ends where `-daily-` starts.
    const trimmed = literal.replace(/[-_.@ ]$/, '')
    if (trimmed === '') {
      return job
    }
    const at = name.indexOf(trimmed)
    return at > 0 ? name.slice(0, at) : null
  }
  if (literal === '') {
    return brace < 0 ? name : null
  }
  const at = name.indexOf(literal)
  return at > 0 ? name.slice(0, at) : null
}

/** Epoch ms of a borg archive time (`2026-11-30T01:16:08.000000`, local time without a zone). */
function localTime(value: unknown, zone: string): number | null {
  if (typeof value !== 'string' || value.length > 64) {
    return null
  }
  const dt = DateTime.fromISO(value, { zone, setZone: false })
  return dt.isValid ? dt.toMillis() : null
}

interface Scan {
  archive: Record<string, unknown> | null
  /** An archive document began (`"archive": {` on its second line) but was cut or is not valid JSON. */
  archiveBroken: boolean
  rc: number | null
  logLines: number
  lastLogTime: number | null
  errors: string[]
  warnings: string[]
  plain: string[]
  checkLines: number
  checkClean: boolean
}

/** One pass over the report: log_message lines, the --show-rc line and the archive document. */
function scan(text: string): Scan {
  const s: Scan = {
    archive: null,
    archiveBroken: false,
    rc: null,
    logLines: 0,
    lastLogTime: null,
    errors: [],
    warnings: [],
    plain: [],
    checkLines: 0,
    checkClean: false,
  }
  let doc: string[] | null = null
  let docChars = 0
  const isArchive = (lines: string[]): boolean => lines[1]?.trimStart().startsWith('"archive": {') === true
  const takeDocument = (json: string, lines: string[] | null): void => {
    const value = tryJson(json)
    if (isObject(value) && isObject(value.archive)) {
      s.archive = value.archive
    } else if (lines === null || isArchive(lines)) {
      s.archiveBroken = true
    }
  }
  forEachLine(
    text,
    (line, full) => {
      if (line.startsWith('{"type":')) {
        if (line.startsWith('{"type": "log_message"') || line.startsWith('{"type":"log_message"')) {
          logLine(s, line)
        }
        return // file_status, archive_progress, progress_message, progress_percent
      }
      if (doc !== null) {
        if (!full || docChars + line.length > MAX_DOCUMENT_CHARS) {
          s.archiveBroken = s.archiveBroken || isArchive(doc)
          doc = null
          return
        }
        doc.push(line)
        docChars += line.length + 1
        if (line === '}') {
          takeDocument(doc.join('\n'), doc)
          doc = null
        }
        return
      }
      if (line === '{') {
        doc = [line]
        docChars = 2
        return
      }
      if (line.startsWith('{"archive":') && full) {
        takeDocument(line, null) // the document compacted onto one line (e.g. by `jq -c`)
        return
      }
      const m = line.length < 200 ? SHOW_RC_PLAIN.exec(line) : null
      if (m) {
        s.rc = Number(m[1])
        return
      }
      if (line.trim() !== '') {
        push(s.plain, line)
      }
    },
    PROGRESS,
  )
  if (doc !== null && isArchive(doc)) {
    s.archiveBroken = true
  }
  return s
}

function logLine(s: Scan, line: string): void {
  const value = tryJson(line)
  if (!isObject(value)) {
    return
  }
  s.logLines += 1
  if (typeof value.time === 'number' && Number.isFinite(value.time)) {
    s.lastLogTime = Math.round(value.time * 1000)
  }
  const text = typeof value.message === 'string' ? value.message : ''
  const level = typeof value.levelname === 'string' ? value.levelname : ''
  const name = typeof value.name === 'string' ? value.name : ''
  if (name === 'borg.output.show-rc') {
    const m = SHOW_RC.exec(text.slice(0, 200))
    if (m) {
      s.rc = Number(m[1])
    }
    return
  }
  if (name === 'borg.repository' || name === 'borg.archive') {
    if (
      text.startsWith('Starting repository check') ||
      text.startsWith('Starting archive consistency check') ||
      text.startsWith('Starting repository index check')
    ) {
      s.checkLines += 1
    } else if (text.startsWith('Archive consistency check complete, no problems found')) {
      s.checkLines += 1
      s.checkClean = true
    }
  }
  const msgid = typeof value.msgid === 'string' && value.msgid ? ` [${value.msgid}]` : ''
  if (level === 'ERROR' || level === 'CRITICAL') {
    push(s.errors, text + msgid)
  } else if (level === 'WARNING') {
    push(s.warnings, text + msgid)
  }
}

function head(text: string): string {
  return text.length > DETECT_CHARS ? text.slice(0, DETECT_CHARS) : text
}

function looksLikeBorg(text: string): boolean {
  return (
    text.includes('{"type": "log_message"') ||
    text.includes('{"type":"log_message"') ||
    text.includes('{"type": "file_status"') ||
    (text.includes('"archive": {') && text.includes('"repository": {') && text.includes('"encryption": {'))
  )
}

function looksLikeCheck(text: string): boolean {
  return (
    text.includes('"message": "Starting repository check"') ||
    text.includes('"message": "Starting archive consistency check')
  )
}

/** borg create --json --log-json (--show-rc). */
export const borg: Parser = {
  format: 'borg',
  kind: 'backup',
  detect(input: ReportInput): boolean {
    const text = head(input.text)
    if (looksLikeCheck(text)) {
      return false
    }
    // The archive document comes last, after the log lines; --show-rc's line (also as plain text) ends the report.
    const tail = input.text.length > DETECT_CHARS ? input.text.slice(-4096) : ''
    return looksLikeBorg(text) || SHOW_RC_LINE.test(text.slice(-300)) || looksLikeBorg(tail) || SHOW_RC_LINE.test(tail)
  },
  parse(input: ReportInput): ParseResult {
    const s = scan(input.text)
    if (!s.archive && !s.archiveBroken && s.logLines === 0 && s.rc === null) {
      return { status: 'unparsed', reason: 'no borg create --json document, no --log-json line, no --show-rc line' }
    }
    if (s.checkLines > 0 && !s.archive) {
      return { status: 'unparsed', reason: 'this is borg check output (format borg-check)' }
    }
    const archive = s.archive
    const errors = s.errors
    const warnings = s.warnings
    if (!archive && s.archiveBroken) {
      push(errors, 'the archive document is cut short or not valid JSON')
    }
    let result: RunResult
    const rcs = [input.exitCode, s.rc].filter((rc): rc is number => rc !== undefined && rc !== null)
    if (rcs.length > 0) {
      result = rcs.map(resultOf).reduce(worse)
      if (result !== 'failed' && !archive) {
        result = 'failed'
        push(errors, 'borg reported success but the report has no archive document (run without --json, or cut)')
      }
    } else if (!archive) {
      result = 'failed'
    } else {
      result = errors.length > 0 ? 'failed' : warnings.length > 0 ? 'warning' : 'success'
    }
    // Text on stderr without --log-json: borg's own warnings and errors.
    if (result !== 'success') {
      for (const line of s.plain) {
        push(result === 'failed' ? errors : warnings, line)
      }
    }
    if (result === 'failed' && errors.length === 0) {
      const rc = rcs.find((c) => resultOf(c) === 'failed')
      push(errors, rc !== undefined ? `borg exited with code ${rc}` : 'no archive was created')
    }

    const name = archive && typeof archive.name === 'string' ? archive.name : null
    const job = name ? archiveJob(name) : 'borg'
    const host = name ? hostFromPattern(archive?.command_line, name, job) : null
    const stats = archive && isObject(archive.stats) ? archive.stats : null
    const startedAt = archive ? localTime(archive.start, input.timeZone) : null
    const finishedAt = (archive ? localTime(archive.end, input.timeZone) : null) ?? s.lastLogTime ?? input.receivedAt
    const run: BackupRun = {
      kind: 'backup',
      job,
      host,
      startedAt,
      finishedAt,
      result,
      bytes: stats ? count(stats.original_size) : null,
      files: stats ? count(stats.nfiles) : null,
      errors,
      warnings,
    }
    return { status: 'parsed', events: [run] }
  },
}

/** borg check --log-json -v (--show-rc): success only for rc 0 (or none) with "no problems found" and no ERROR. */
export const borgCheck: Parser = {
  format: 'borg-check',
  kind: 'backup',
  detect(input: ReportInput): boolean {
    return looksLikeCheck(head(input.text))
  },
  parse(input: ReportInput): ParseResult {
    const s = scan(input.text)
    if (s.checkLines === 0) {
      return { status: 'unparsed', reason: 'no borg check --log-json -v output' }
    }
    const errors = s.errors
    const rcs = [input.exitCode, s.rc].filter((rc): rc is number => rc !== undefined && rc !== null)
    const result: RunResult = s.checkClean && errors.length === 0 && rcs.every((rc) => rc === 0) ? 'success' : 'failed'
    if (result === 'failed' && errors.length === 0) {
      const rc = rcs.find((c) => c !== 0)
      push(errors, rc !== undefined ? `borg check exited with code ${rc}` : 'no "no problems found" line')
    }
    const run: BackupRun = {
      kind: 'backup',
      job: 'borg-check',
      host: null,
      startedAt: null,
      finishedAt: s.lastLogTime ?? input.receivedAt,
      result,
      bytes: null,
      files: null,
      errors,
      warnings: s.warnings,
    }
    return { status: 'parsed', events: [run] }
  },
}
