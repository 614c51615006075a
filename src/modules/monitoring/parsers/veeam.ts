// Veeam Backup & Replication / Veeam Agent job notification mails. The subject carries the result
// (`[Success] Job name (3 machines)`, `[Warning] …`, `[Failed] …`); the HTML body only adds details: times, sizes and
// the per-machine table with its error texts. The body layout is not a contract, so every detail is optional.
import { DateTime } from 'luxon'
import { isSpace } from './text.js'
import { LIMITS, type BackupRun, type Parser, type ReportInput, type RunResult } from './types.js'

/** Most text a Veeam mail body is read for (a job with thousands of machines stays well below this). */
const MAX_BODY_CHARS = 8 * 1024 * 1024
const MAX_CELLS = 200_000

const RESULT_WORDS: Record<string, RunResult> = {
  success: 'success',
  warning: 'warning',
  failed: 'failed',
  error: 'failed',
}

// `(3 machines)`, `(3 VMs)`, `(1 instances)`: the object count that follows the job name in the subject.
const COUNT_SUFFIX = /\s*\(\s*\d{1,9}\s+(?:machines?|vms?|instances?|objects?|servers?|computers?|workloads?)\s*\)/i

/** Splits the subject into its result word and job name; null when it is not `[Word] name`. */
function readSubject(subject: string): { word: string; job: string } | null {
  const s = subject.slice(0, 2000).trim()
  if (!s.startsWith('[')) {
    return null
  }
  const close = s.indexOf(']')
  if (close < 2 || close > 40) {
    return null
  }
  const word = s.slice(1, close).trim()
  let rest = s.slice(close + 1).trim()
  const count = COUNT_SUFFIX.exec(rest)
  if (count) {
    // What follows the count is %Issues% ("1 warning", "2 failed"), not part of the job's name.
    rest = rest.slice(0, count.index).trim()
  }
  return { word, job: rest }
}

/** `[Success|Warning|Failed] name`; another bracketed word only with the object count (`[Partial] Job (3 machines)`). */
function looksLikeVeeamSubject(subject: string): boolean {
  const s = readSubject(subject)
  if (s === null || s.job.length === 0) {
    return false
  }
  return /^(?:success|warning|failed)$/i.test(s.word) || (/^[a-z ]{1,30}$/i.test(s.word) && COUNT_SUFFIX.test(subject))
}

export function decodeEntities(s: string): string {
  if (!s.includes('&')) {
    return s
  }
  return s.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,6});/gi, (whole, name: string) => {
    if (name.startsWith('#')) {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10)
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : '\ufffd'
    }
    switch (name.toLowerCase()) {
      case 'amp':
        return '&'
      case 'lt':
        return '<'
      case 'gt':
        return '>'
      case 'quot':
        return '"'
      case 'apos':
        return "'"
      case 'nbsp':
        return ' '
      default:
        return whole
    }
  })
}

/** Cell text: source whitespace is already one space; `\n` marks a `<br>`/`<div>` inside the cell. */
function clean(s: string): string {
  return decodeEntities(s.slice(0, LIMITS.lineChars))
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .join('\n')
}

/**
 * Turns HTML into rows of cell texts: `<tr>` starts a row, `<td>`/`<th>` a cell, and block tags (`<div>`, `<p>`,
 * `<br>`) outside tables a row of their own. One pass over the string with indexOf; `<style>`/`<script>` are skipped.
 */
export function htmlRows(html: string): string[][] {
  const src = html.length > MAX_BODY_CHARS ? html.slice(0, MAX_BODY_CHARS) : html
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let inCell = false
  let cells = 0
  // Inside a table an empty cell keeps its place, so that columns stay aligned with the header row.
  const flushCell = (keepEmpty: boolean) => {
    const t = clean(cell)
    if (t || keepEmpty) {
      row.push(t)
      cells++
    }
    cell = ''
  }
  const flushRow = () => {
    flushCell(inCell)
    inCell = false
    if (row.some((c) => c.length > 0)) {
      rows.push(row)
    }
    row = []
  }
  let i = 0
  while (i < src.length && cells < MAX_CELLS) {
    const lt = src.indexOf('<', i)
    if (lt < 0) {
      cell += src.slice(i, i + LIMITS.lineChars).replace(/\s+/g, ' ')
      break
    }
    if (lt > i && cell.length < LIMITS.lineChars) {
      cell += src.slice(i, Math.min(lt, i + LIMITS.lineChars)).replace(/\s+/g, ' ')
    }
    const gt = src.indexOf('>', lt + 1)
    if (gt < 0) {
      break
    }
    const closing = src[lt + 1] === '/'
    let name = ''
    let j = closing ? lt + 2 : lt + 1
    while (j < gt && name.length < 10) {
      const c = src.charCodeAt(j) | 0x20
      const letter = c >= 0x61 && c <= 0x7a
      const digit = c >= 0x30 && c <= 0x39
      if (!letter && !(digit && name.length > 0)) {
        break
      }
      name += String.fromCharCode(c)
      j++
    }
    i = gt + 1
    if (name === 'style' || name === 'script') {
      if (!closing) {
        const endTag = name === 'style' ? /<\/style/gi : /<\/script/gi
        endTag.lastIndex = i
        const end = endTag.exec(src)
        i = end ? end.index : src.length
      }
      continue
    }
    if (name === 'tr' || name === 'table' || name === 'tbody' || name === 'thead') {
      flushRow()
    } else if (name === 'td' || name === 'th') {
      if (closing) {
        flushCell(true)
        inCell = false
      } else {
        flushCell(inCell)
        inCell = true
      }
    } else if (name === 'br' || name === 'p' || name === 'div' || name === 'li' || /^h[1-6]$/.test(name)) {
      // Inside a table cell a line break stays part of the cell; outside one it ends the "row".
      if (inCell) {
        cell += '\n'
      } else {
        flushRow()
      }
    }
  }
  flushRow()
  return rows
}

/** The rows parseVeeam reads whatever they hold: the title (first 20) and the session date (first 30). */
const HEAD_ROWS = 30

/**
 * Whether a cell starting with the UTF-16 code unit `c` can matter past the head rows: a label (start time, started,
 * end time, finished, backup size, transferred, data size), a table header (name, status), a status or a message
 * (success, warning, failed, error). Other ASCII cannot; anything else is read to be sure.
 */
function mayMatter(c: number): boolean {
  if (c >= 128) {
    return true
  }
  const lower = c | 0x20
  return (
    lower === 0x62 || // b
    lower === 0x64 || // d
    lower === 0x65 || // e
    lower === 0x66 || // f
    lower === 0x6e || // n
    lower === 0x73 || // s
    lower === 0x74 || // t
    lower === 0x77 // w
  )
}

/** The first index in [from, to) that is neither white space nor `|`: where a trimmed cell's text starts. */
function cellText(text: string, from: number, to: number): number {
  while (from < to) {
    const c = text.charCodeAt(from)
    if (c !== 124 && !isSpace(c)) {
      break
    }
    from++
  }
  return from
}

// The regex engine looks for two spaces two characters at a time; indexOf stops at every single space, of which HTML
// has one every dozen characters (about half the speed on a Veeam mail body).
const TWO_SPACES = / {2}/g

/** `text.indexOf('  ', from)`. */
function indexOfTwoSpaces(text: string, from: number): number {
  TWO_SPACES.lastIndex = from
  return TWO_SPACES.test(text) ? TWO_SPACES.lastIndex - 2 : -1
}

/**
 * Rows from a plain-text body: one per line, cells split on tabs, `|` or runs of two or more spaces. Past the head
 * rows, a line none of whose cells starts as `mayMatter` says is counted but not split: parseVeeam looks for labels,
 * headers, statuses and messages only, and a long mail is mostly other lines.
 */
function textRows(text: string): string[][] {
  const limit = Math.min(text.length, MAX_BODY_CHARS)
  const rows: string[][] = []
  // Rows so far, split or not (the MAX_CELLS bound counts them all), and the next tab, `|` and two spaces.
  let count = 0
  let tab = -2
  let bar = -2
  let spaces = -2
  let start = 0
  while (start <= limit && count < MAX_CELLS) {
    let nl = text.indexOf('\n', start)
    if (nl < 0 || nl > limit) {
      nl = limit
    }
    const from = start
    const to = Math.min(nl, start + LIMITS.lineChars)
    start = nl + 1
    if (count >= HEAD_ROWS) {
      let cell = cellText(text, from, to)
      if (cell === to) {
        continue // no cell: not a row
      }
      // Each cell starts at the line's start or after a separator; look at the first letter of each.
      let read = mayMatter(text.charCodeAt(cell))
      while (!read) {
        if (tab !== -1 && tab < cell) {
          tab = text.indexOf('\t', cell)
        }
        if (bar !== -1 && bar < cell) {
          bar = text.indexOf('|', cell)
        }
        if (spaces !== -1 && spaces < cell) {
          spaces = indexOfTwoSpaces(text, cell)
        }
        let next = to
        if (tab >= 0 && tab < next) {
          next = tab
        }
        if (bar >= 0 && bar < next) {
          next = bar
        }
        if (spaces >= 0 && spaces < next) {
          next = spaces
        }
        if (next === to) {
          break
        }
        cell = cellText(text, next + 1, to)
        read = cell < to && mayMatter(text.charCodeAt(cell))
        if (cell === to) {
          break
        }
      }
      if (!read) {
        count++
        continue
      }
    }
    const cells = text
      .slice(from, to)
      .split(/\t| {2,}|\|/)
      .map((c) => c.trim())
      .filter((c) => c.length > 0)
    if (cells.length) {
      rows.push(cells)
      count++
    }
  }
  return rows
}

const UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3, tb: 1024 ** 4, pb: 1024 ** 5 }

/** `20.3 GB`, `20,3 GB`, `512 KB`, `0 B` → bytes (Veeam counts in powers of 1024); null when unreadable. */
export function parseSize(s: string): number | null {
  const m = /^(\d{1,15}(?:[.,]\d{1,6})?)\s?([kmgtp]?b)\b/i.exec(s.trim())
  if (!m) {
    return null
  }
  const unit = UNITS[m[2]!.toLowerCase()]
  const n = Number(m[1]!.replace(',', '.'))
  return unit === undefined || !Number.isFinite(n) ? null : Math.round(n * unit)
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']

interface DateParts {
  year: number
  month: number
  day: number
}
interface TimeParts {
  hour: number
  minute: number
  second: number
}

/** A calendar date written in one of the common locale forms; null when none is found. */
function findDate(s: string): DateParts | null {
  let m = /\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\b/.exec(s)
  if (m) {
    return { year: +m[1]!, month: +m[2]!, day: +m[3]! }
  }
  // "Sunday, November 29, 2026" / "29 November 2026"
  m = /\b([a-z]{3,9})\.? (\d{1,2}),? (\d{4})\b/i.exec(s)
  let month = m ? MONTHS.indexOf(m[1]!.slice(0, 3).toLowerCase()) : -1
  if (m && month >= 0) {
    return { year: +m[3]!, month: month + 1, day: +m[2]! }
  }
  m = /\b(\d{1,2})\.? ([a-z]{3,9})\.? (\d{4})\b/i.exec(s)
  month = m ? MONTHS.indexOf(m[2]!.slice(0, 3).toLowerCase()) : -1
  if (m && month >= 0) {
    return { year: +m[3]!, month: month + 1, day: +m[1]! }
  }
  m = /\b(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})\b/.exec(s)
  if (m) {
    const a = +m[1]!
    const b = +m[2]!
    // With AM/PM the writer is en-US (month first); otherwise day first, unless that is impossible.
    const monthFirst = b > 12 || (a <= 12 && /\b[ap]\.?m\.?\b/i.test(s))
    return monthFirst ? { year: +m[3]!, month: a, day: b } : { year: +m[3]!, month: b, day: a }
  }
  return null
}

function findTime(s: string): TimeParts | null {
  const m = /\b(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s?([ap])\.?m\.?)?/i.exec(s)
  if (!m) {
    return null
  }
  let hour = +m[1]!
  const ampm = m[4]?.toLowerCase()
  if (ampm === 'p' && hour < 12) {
    hour += 12
  } else if (ampm === 'a' && hour === 12) {
    hour = 0
  }
  return { hour, minute: +m[2]!, second: m[3] ? +m[3] : 0 }
}

function toEpoch(d: DateParts, t: TimeParts, zone: string): number | null {
  const dt = DateTime.fromObject({ ...d, ...t }, { zone })
  return dt.isValid ? dt.toMillis() : null
}

function pushCapped(list: string[], text: string): void {
  if (list.length < LIMITS.messages && text) {
    list.push(text.slice(0, LIMITS.messageChars))
  }
}

/** Finds the value cell after a label cell (`Start time` | `22:00:05`) anywhere in the summary rows. */
function labelled(rows: string[][], labels: string[]): string | null {
  for (const row of rows) {
    for (let k = 0; k < row.length - 1; k++) {
      const cell = row[k]!.toLowerCase().replace(/:$/, '')
      if (labels.includes(cell)) {
        return row[k + 1]!
      }
    }
    // "Start time: 22:00:05" in one cell (plain-text bodies).
    for (const cell of row) {
      const colon = cell.indexOf(':')
      if (colon > 0 && colon < 30 && labels.includes(cell.slice(0, colon).trim().toLowerCase())) {
        const v = cell.slice(colon + 1).trim()
        if (v) {
          return v
        }
      }
    }
  }
  return null
}

function resultOf(word: string): RunResult {
  return RESULT_WORDS[word.trim().toLowerCase()] ?? 'failed'
}

const WORSE: Record<RunResult, number> = { success: 0, warning: 1, failed: 2 }

function parseVeeam(input: ReportInput): BackupRun | { reason: string } {
  const subject = input.mail?.subject ?? ''
  const head = readSubject(subject)
  const html = input.mail?.html
  const rows = html ? htmlRows(html) : textRows(input.text)

  let job = head?.job ?? ''
  let result: RunResult | null = head ? resultOf(head.word) : null
  // Without a usable subject, the body's title row ("Backup job: Name" … "Success") stands in.
  if (!head || !job) {
    for (const row of rows.slice(0, 20)) {
      const title = /^(?:backup|backup copy|replication|agent backup|agent|file (?:backup|copy)) job:\s*(.+)$/i.exec(
        row[0]!.split('\n', 1)[0]!,
      )
      if (title) {
        job = title[1]!.trim()
        const word = row.slice(1).find((c) => /^(?:success|warning|failed|error)$/i.test(c))
        result = word ? resultOf(word) : null
        break
      }
    }
  }
  if (!job) {
    return { reason: 'no Veeam subject "[Result] Job name" and no "Backup job:" title in the body' }
  }
  if (result === null) {
    result = 'failed'
  }

  // The header shows the session's date; the summary shows times of day.
  let date: DateParts | null = null
  for (const row of rows.slice(0, 30)) {
    for (const cell of row) {
      date = findDate(cell)
      if (date) {
        break
      }
    }
    if (date) {
      break
    }
  }
  const mailDate = input.mail?.date
  if (!date && typeof mailDate === 'number' && Number.isFinite(mailDate)) {
    const d = DateTime.fromMillis(mailDate, { zone: input.timeZone })
    if (d.isValid) {
      date = { year: d.year, month: d.month, day: d.day }
    }
  }
  const at = (v: string | null): number | null => {
    if (!v) {
      return null
    }
    const t = findTime(v)
    const d = findDate(v) ?? date
    return t && d ? toEpoch(d, t, input.timeZone) : null
  }
  const startedAt = at(labelled(rows, ['start time', 'started']))
  let finishedAt = at(labelled(rows, ['end time', 'finished']))
  if (startedAt !== null && finishedAt !== null && finishedAt < startedAt) {
    // The summary shows times of day only: a job that ran past midnight ends on the next day.
    finishedAt += 24 * 3600 * 1000
  }
  const sizeText = labelled(rows, ['backup size', 'transferred', 'data size'])
  const bytes = sizeText ? parseSize(sizeText) : null

  // The per-machine table: a header row naming Name and Status, then one row per machine (a retried machine
  // appears again further down: the last row for a name counts).
  const errors: string[] = []
  const warnings: string[] = []
  const objects = new Map<string, { status: RunResult; details: string }>()
  let nameCol = -1
  let statusCol = -1
  let detailsCol = -1
  const objectRows = new Set<string[]>()
  for (const row of rows) {
    const lower = row.map((c) => c.toLowerCase())
    if (lower.includes('name') && lower.includes('status')) {
      nameCol = lower.indexOf('name')
      statusCol = lower.indexOf('status')
      detailsCol = lower.indexOf('details')
      continue
    }
    if (statusCol < 0 || row.length <= statusCol) {
      continue
    }
    const status = row[statusCol]!.toLowerCase()
    if (!/^(?:success|warning|failed|error)$/.test(status)) {
      continue
    }
    const name = row[nameCol] ?? ''
    const details = detailsCol >= 0 ? row.slice(detailsCol).join(' ').trim() : ''
    objectRows.add(row)
    objects.delete(name)
    objects.set(name, { status: resultOf(status), details })
  }
  let objectWorst: RunResult = 'success'
  for (const [name, o] of objects) {
    if (WORSE[o.status] > WORSE[objectWorst]) {
      objectWorst = o.status
    }
    const text = o.details ? `${name}: ${o.details}` : `${name}: ${o.status}`
    if (o.status === 'failed') {
      pushCapped(errors, text)
    } else if (o.status === 'warning') {
      pushCapped(warnings, text)
    }
  }
  // Job-level messages Veeam prints under the summary (e.g. "Error: All VMs failed" or "Warning: …").
  for (const row of rows) {
    if (objectRows.has(row)) {
      continue
    }
    for (const cell of row) {
      if (/^(?:error|failed)\s*:/i.test(cell) && cell.length > 8) {
        pushCapped(errors, cell)
      } else if (/^warning\s*:/i.test(cell) && cell.length > 10) {
        pushCapped(warnings, cell)
      }
    }
    if (errors.length >= LIMITS.messages) {
      break
    }
  }
  if (result === 'success' && objectWorst !== 'success' && !head) {
    result = objectWorst
  }
  if (result === 'failed' && errors.length === 0 && head && !(head.word.toLowerCase() in RESULT_WORDS)) {
    pushCapped(errors, `unknown Veeam result "${head.word.slice(0, 100)}"`)
  }

  return {
    kind: 'backup',
    job: job.slice(0, 500),
    host: null,
    startedAt,
    finishedAt,
    result,
    bytes,
    files: null,
    errors,
    warnings,
  }
}

export const veeam: Parser = {
  format: 'veeam',
  kind: 'backup',
  detect(input) {
    const subject = input.mail?.subject ?? ''
    if (!looksLikeVeeamSubject(subject)) {
      return false
    }
    const known = /^\s*\[(?:success|warning|failed)\]/i.test(subject)
    if (known && COUNT_SUFFIX.test(subject.slice(0, 2000))) {
      return true
    }
    const from = input.mail?.from ?? ''
    const probe = (input.mail?.html ?? input.text).slice(0, 64 * 1024)
    return /veeam/i.test(from) || /veeam/i.test(probe)
  },
  parse(input) {
    try {
      const run = parseVeeam(input)
      return 'reason' in run ? { status: 'unparsed', reason: run.reason } : { status: 'parsed', events: [run] }
    } catch (e) {
      // A parser must not throw; a bug here must not pass as a result either.
      return { status: 'unparsed', reason: `veeam parser error: ${String(e).slice(0, 200)}` }
    }
  },
}
