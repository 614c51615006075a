// restic: `restic backup --json` (JSON lines on stdout, per-file errors as JSON and fatal errors as text on stderr)
// and `restic check` (text). Observed with Debian 12's restic 0.14.0; see test/fixtures/monitoring/restic/README.md.
//
// A report is stdout and stderr as shipped (in any interleaving) plus, when the shipper sent it, the exit code.
//
// Result (restic backup):
//   exit code 0 with a summary line                                        → success
//   exit code 0 with a summary and a per-file error or "<path> does not exist, skipping" on stderr → warning
//     (pitfall: a missing source path next to a valid one still exits 0 and creates a snapshot)
//   exit code 3 (snapshot created, some source files unreadable)           → warning
//   any other exit code (1 fatal; 10, 11, 12, 130 from 0.17 on; unknown)   → failed
//   no exit code: judged from the text alone — a `Fatal:` line or no summary → failed, else as above.
//
// Job key: restic's JSON output names no host, tags or paths. When the report carries the command line (a shell's
// `set -x` trace, a shipper's header), `--host`, `--tag` and the source paths are read from it:
//   host known   → job = host, plus `#tag1,tag2` (sorted) when tagged: the same key restic's `snapshots --host H
//                  --tag T` uses to find the set again;
//   no host      → job = 'restic' (plus `#tags`, plus the sorted source paths when the command line shows them).
// So a customer with several restic backup sets should ship the command line (or use one report source per set).

import { LIMITS, type BackupRun, type Parser, type ParseResult, type ReportInput, type RunResult } from './types.js'

const SUMMARY = '{"message_type":"summary"'
const STATUS = '{"message_type":"status"'
const ERROR = '{"message_type":"error"'
const VERBOSE = '{"message_type":"verbose_status"'
const SKIPPING = ' does not exist, skipping'
/** Progress lines, the bulk of a long backup's output: skipped unread. */
const PROGRESS = [STATUS, VERBOSE]
const UNREADABLE = 'Warning: at least one source file could not be read'

/**
 * Cuts `text` into lines without building an array of them; each line at most LIMITS.lineChars, `\r` dropped.
 * Lines starting with one of `skip` are passed over without being cut out.
 */
function forEachLine(text: string, fn: (line: string) => boolean | void, skip?: readonly string[]): number {
  let skipped = 0
  let start = 0
  const n = text.length
  while (start <= n) {
    let end = text.indexOf('\n', start)
    if (end < 0) {
      end = n
    }
    if (skip !== undefined && skip.some((prefix) => text.startsWith(prefix, start))) {
      start = end + 1 // a progress line: not even cut out of the text
      skipped += 1
      continue
    }
    let stop = end
    if (stop - start > LIMITS.lineChars) {
      stop = start + LIMITS.lineChars
    } else if (stop > start && text.charCodeAt(stop - 1) === 13) {
      stop -= 1
    }
    if (fn(text.slice(start, stop)) === false) {
      return skipped
    }
    start = end + 1
  }
  return skipped
}

function message(text: string): string {
  return text.length > LIMITS.messageChars ? text.slice(0, LIMITS.messageChars) : text
}

function push(list: string[], text: string): void {
  if (list.length < LIMITS.messages) {
    list.push(message(text))
  }
}

function count(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.round(value) : null
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function tryJson(line: string): unknown {
  try {
    return JSON.parse(line) as unknown
  } catch {
    return undefined
  }
}

const ERRNO: Record<number, string> = {
  1: 'operation not permitted',
  2: 'no such file or directory',
  5: 'input/output error',
  13: 'permission denied',
  20: 'not a directory',
  40: 'too many levels of symbolic links',
}

/** The text of a per-file error line: `{"message_type":"error","error":{"Op","Path","Err"},"during","item"}`. */
function errorText(value: Record<string, unknown>, raw: string): string {
  const err = value.error
  const item = typeof value.item === 'string' ? value.item : ''
  const during = typeof value.during === 'string' ? value.during : ''
  let what = ''
  if (isObject(err)) {
    if (typeof err.message === 'string') {
      what = err.message // restic ≥ 0.15 writes {"message": "..."}
    } else if (typeof err.Op === 'string' || typeof err.Path === 'string') {
      // restic 0.14 marshals Go's *os.PathError: {"Op":"open","Path":"/x","Err":13} (Err is the errno).
      const op = typeof err.Op === 'string' ? err.Op : ''
      const path = typeof err.Path === 'string' ? err.Path : ''
      const errno = typeof err.Err === 'number' ? `: ${ERRNO[err.Err] ?? 'error'} (errno ${err.Err})` : ''
      what = `${op} ${path}`.trim() + errno
    }
  }
  if (!what && !item) {
    return raw
  }
  return `error${during ? ` during ${during}` : ''}${item ? ` of ${item}` : ''}${what ? `: ${what}` : ''}`
}

// Options of `restic backup` (0.14 and later) and restic's global options that take a value.
const VALUE_OPTIONS = new Set([
  '-r',
  '--repo',
  '--repository-file',
  '-p',
  '--password-file',
  '--password-command',
  '--cache-dir',
  '--cacert',
  '--tls-client-cert',
  '--key-hint',
  '--limit-download',
  '--limit-upload',
  '-o',
  '--option',
  '--compression',
  '--pack-size',
  '-v',
  '-e',
  '--exclude',
  '--iexclude',
  '--exclude-file',
  '--iexclude-file',
  '--exclude-if-present',
  '--exclude-larger-than',
  '--files-from',
  '--files-from-verbatim',
  '--files-from-raw',
  '--parent',
  '--stdin-filename',
  '--time',
  '--host',
  '-H',
  '--hostname',
  '--tag',
  '--read-concurrency',
])

interface CommandHint {
  host: string | null
  tags: string[]
  paths: string[]
}

/** Reads `--host`, `--tag` and the source paths from a traced `restic ... backup ...` command line, if any. */
function commandHint(line: string): CommandHint | null {
  if (line.length > 4096) {
    return null
  }
  const words = line.trim().split(/\s+/)
  let i = words.findIndex((w) => w === 'restic' || w.endsWith('/restic'))
  if (i < 0) {
    return null
  }
  let seenBackup = false
  const hint: CommandHint = { host: null, tags: [], paths: [] }
  for (i += 1; i < words.length; i += 1) {
    const word = unquote(words[i] ?? '')
    if (word === '|' || word === '>' || word === '2>&1' || word.startsWith('>') || word.startsWith('2>')) {
      break
    }
    const eq = word.startsWith('--') ? word.indexOf('=') : -1
    const name = eq > 0 ? word.slice(0, eq) : word
    if (VALUE_OPTIONS.has(name)) {
      const value = eq > 0 ? word.slice(eq + 1) : unquote(words[++i] ?? '')
      if (name === '--host' || name === '-H' || name === '--hostname') {
        hint.host = value || null
      } else if (name === '--tag') {
        for (const tag of value.split(',')) {
          if (tag) {
            hint.tags.push(tag)
          }
        }
      }
    } else if (word.startsWith('-')) {
      continue
    } else if (!seenBackup) {
      if (word !== 'backup') {
        return null
      }
      seenBackup = true
    } else {
      hint.paths.push(word)
    }
  }
  return seenBackup ? hint : null
}

function unquote(word: string): string {
  const q = word.charAt(0)
  if ((q === '"' || q === "'") && word.length >= 2 && word.endsWith(q)) {
    return word.slice(1, -1)
  }
  return word
}

function jobKey(hint: CommandHint | null): { job: string; host: string | null } {
  if (!hint) {
    return { job: 'restic', host: null }
  }
  const tags = hint.tags.length ? `#${[...new Set(hint.tags)].sort().join(',')}` : ''
  if (hint.host) {
    return { job: `${hint.host}${tags}`, host: hint.host }
  }
  const paths = hint.paths.length ? ` ${[...new Set(hint.paths)].sort().join(' ')}` : ''
  return { job: `restic${tags}${paths}`, host: null }
}

function fatalLine(line: string): boolean {
  return (
    line.startsWith('Fatal: ') ||
    line.startsWith('unable to create lock in backend') ||
    line.startsWith('repo already locked') ||
    line.includes('repository is already locked')
  )
}

/** The first lines of a report, for detect(): at most this many characters are looked at. */
const DETECT_CHARS = 16 * 1024

function head(text: string): string {
  return text.length > DETECT_CHARS ? text.slice(0, DETECT_CHARS) : text
}

function hasLineStarting(text: string, prefix: string): boolean {
  return text.startsWith(prefix) || text.includes(`\n${prefix}`)
}

/** restic backup --json, as stdout and stderr together. */
export const restic: Parser = {
  format: 'restic',
  kind: 'backup',
  detect(input: ReportInput): boolean {
    const text = head(input.text)
    if (hasLineStarting(text, '{"message_type":"')) {
      return true
    }
    if (isResticCheck(text)) {
      return false
    }
    return (
      text.includes('Fatal: wrong password or no key found') ||
      (text.includes('Fatal: unable to open config file') && text.includes('Is there a repository at the following')) ||
      text.includes('Fatal: all target directories/files do not exist') ||
      text.includes(UNREADABLE)
    )
  },
  parse(input: ReportInput): ParseResult {
    let summary: Record<string, unknown> | null = null
    let recognised = false
    let skipped = false
    let fileErrors = false
    let fatal = false
    let hint: CommandHint | null = null
    const errors: string[] = []
    const warnings: string[] = []

    const progressLines = forEachLine(
      input.text,
      (line) => {
        if (line.length === 0) {
          return
        }
        if (line.charCodeAt(0) === 123 /* { */) {
          if (line.startsWith(SUMMARY)) {
            const value = tryJson(line)
            if (isObject(value)) {
              summary = value
              recognised = true
            }
            return
          }
          if (line.startsWith(ERROR)) {
            const value = tryJson(line)
            recognised = true
            fileErrors = true
            push(errors, isObject(value) ? errorText(value, line) : line)
            return
          }
          return
        }
        if (line.endsWith(SKIPPING)) {
          recognised = true
          skipped = true
          push(warnings, line)
          return
        }
        if (line === UNREADABLE) {
          recognised = true
          fileErrors = true
          push(warnings, line)
          return
        }
        if (line.startsWith('Warning: ')) {
          push(warnings, line)
          return
        }
        if (fatalLine(line)) {
          recognised = true
          fatal = true
          push(errors, line)
          return
        }
        if (hint === null && line.includes('restic') && line.includes('backup')) {
          hint = commandHint(line)
        }
      },
      PROGRESS,
    )

    if (!recognised && progressLines === 0) {
      return { status: 'unparsed', reason: 'no restic backup --json output (no message_type lines, no restic error)' }
    }

    const sum = summary as Record<string, unknown> | null
    let result: RunResult
    const code = input.exitCode
    if (fatal) {
      result = 'failed'
    } else if (code === undefined || code === 0) {
      // Without an exit code the text decides as for exit 0: a summary means a snapshot was saved; per-file
      // errors or skipped paths make it a warning (restic exits 3 for the first, 0 for the second).
      result = sum ? (fileErrors || skipped ? 'warning' : 'success') : 'failed'
    } else if (code === 3) {
      result = 'warning'
    } else {
      result = 'failed'
    }
    if (!sum && !fatal) {
      push(errors, 'no summary line: restic did not finish the backup, or the report was cut')
    }
    if (code !== undefined && code !== 0 && code !== 3 && errors.length === 0) {
      push(errors, `restic exited with code ${code}`)
    }

    const { job, host } = jobKey(hint)
    const finishedAt = input.receivedAt
    const duration = sum && typeof sum.total_duration === 'number' ? sum.total_duration : NaN
    const run: BackupRun = {
      kind: 'backup',
      job,
      host,
      startedAt: Number.isFinite(duration) && duration >= 0 ? Math.round(finishedAt - duration * 1000) : null,
      finishedAt,
      result,
      bytes: sum ? count(sum.total_bytes_processed) : null,
      files: sum ? count(sum.total_files_processed) : null,
      errors,
      warnings,
    }
    return { status: 'parsed', events: [run] }
  },
}

function isResticCheck(text: string): boolean {
  return (
    text.includes('\ncheck snapshots, trees and blobs') ||
    (text.includes('load indexes\n') && text.includes('check all packs'))
  )
}

/** restic check (text). `no errors were found` → success; `Fatal: repository contains errors` or anything else → failed. */
export const resticCheck: Parser = {
  format: 'restic-check',
  kind: 'backup',
  detect(input: ReportInput): boolean {
    const text = head(input.text)
    return isResticCheck(text) || hasLineStarting(text, 'Fatal: repository contains errors')
  },
  parse(input: ReportInput): ParseResult {
    let clean = false
    let recognised = false
    const errors: string[] = []
    forEachLine(input.text, (line) => {
      if (line === 'no errors were found') {
        clean = true
        recognised = true
      } else if (line.startsWith('Fatal: ')) {
        recognised = true
        push(errors, line)
      } else if (
        line === 'check all packs' ||
        line === 'load indexes' ||
        line.startsWith('check snapshots, trees and blobs')
      ) {
        recognised = true
      } else if (
        line.startsWith('pack ') ||
        line.startsWith('error') ||
        line.startsWith('tree ') ||
        line.startsWith('Pack ID does not match') ||
        line.startsWith('  ')
      ) {
        if (line.includes(':')) {
          push(errors, line)
        }
      }
    })
    if (!recognised) {
      return { status: 'unparsed', reason: 'no restic check output' }
    }
    const code = input.exitCode
    // Without an exit code the text decides: "no errors were found" and no error line.
    const result: RunResult = clean && errors.length === 0 && (code === undefined || code === 0) ? 'success' : 'failed'
    if (result === 'failed' && errors.length === 0) {
      push(
        errors,
        code !== undefined && code !== 0 ? `restic check exited with code ${code}` : 'no "no errors were found"',
      )
    }
    const run: BackupRun = {
      kind: 'backup',
      job: 'restic-check',
      host: null,
      startedAt: null,
      finishedAt: input.receivedAt,
      result,
      bytes: null,
      files: null,
      errors,
      warnings: [],
    }
    return { status: 'parsed', events: [run] }
  },
}
