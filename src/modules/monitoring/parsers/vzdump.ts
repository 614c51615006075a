// Proxmox VE vzdump: the task log (`INFO: Starting Backup of VM 100 (qemu)` … `TASK OK`) and the status mail
// (subject `vzdump backup status (<fqdn>): backup successful|failed`, body: error, `Details` table, `Logs`).
// One run per guest, job `vzdump-<VMID>`: the VMID is what the schedule names and it survives renaming a guest.
// A guest that appears twice (a retry, or two jobs in one report) keeps its last result.
import {
  type WallClock,
  digitsAt,
  flat,
  isAt,
  isDigit,
  lineStop,
  pushMessage,
  skipSpace,
  trimEndAt,
  wallClock,
} from './text.js'
import { LIMITS, type BackupRun, type Parser, type ReportInput, type RunResult } from './types.js'

/** `2026-11-29 01:00:02` at `from` (before `to`) → epoch ms, or null. */
function isoLocal(s: string, from: number, clock: WallClock, to = s.length): number | null {
  if (to < from + 19 || s.charCodeAt(from + 4) !== 45 || s.charCodeAt(from + 13) !== 58) {
    return null
  }
  return clock(
    field(s, from, 4),
    field(s, from + 5, 2),
    field(s, from + 8, 2),
    field(s, from + 11, 2),
    field(s, from + 14, 2),
    field(s, from + 17, 2),
  )
}

/** A time field: digits are read as digits; anything else goes through Number() as it always did. */
function field(s: string, at: number, length: number): number {
  const n = digitsAt(s, at, length)
  return n >= 0 ? n : Number(s.slice(at, at + length))
}

const UNITS: Record<string, number> = {
  B: 1,
  KB: 1024,
  KIB: 1024,
  MB: 1024 ** 2,
  MIB: 1024 ** 2,
  GB: 1024 ** 3,
  GIB: 1024 ** 3,
  TB: 1024 ** 4,
  TIB: 1024 ** 4,
  PB: 1024 ** 5,
  PIB: 1024 ** 5,
}

/** `1.23GB`, `1.23 GiB`, `512 B` → bytes. Proxmox prints sizes in powers of 1024 whatever the unit says. */
function humanBytes(s: string, cache?: Map<string, number | null>): number | null {
  // A report repeats its few sizes; `cache` (one per parse, bounded) keeps the regex to the first of each.
  const known = cache?.get(s)
  if (known !== undefined) {
    return known
  }
  const bytes = readBytes(s)
  if (cache !== undefined && cache.size < 1000) {
    cache.set(s, bytes)
  }
  return bytes
}

function readBytes(s: string): number | null {
  const m = /^(\d{1,15}(?:\.\d{1,6})?)\s?([KMGTP]?i?B)\b/i.exec(s.trim().slice(0, 40))
  if (m === null) {
    return null
  }
  const unit = UNITS[m[2]!.toUpperCase()]
  return unit === undefined ? null : Math.round(Number(m[1]) * unit)
}

interface Guest {
  vmid: string
  name: string | null
  startedAt: number | null
  finishedAt: number | null
  result: RunResult | null
  bytes: number | null
  errors: string[]
  warnings: string[]
  /** The number of guests finished before it last was (see doneInOrder). */
  seq: number
  // What the log says of its start, end, name and archive size, read only for the guests that are kept (see settle):
  // where in the text, from what index to what index; -1 when there is nothing left to read.
  startAt: number
  startTo: number
  endAt: number
  endTo: number
  nameAt: number
  nameTo: number
  sizeAt: number
  sizeTo: number
}

const newGuest = (vmid: string): Guest => ({
  vmid,
  name: null,
  startedAt: null,
  finishedAt: null,
  result: null,
  bytes: null,
  errors: [],
  warnings: [],
  seq: -1,
  startAt: -1,
  startTo: -1,
  endAt: -1,
  endTo: -1,
  nameAt: -1,
  nameTo: -1,
  sizeAt: -1,
  sizeTo: -1,
})

interface TableRow {
  id: string
  name: string
  status: string
  size: number | null
}

/** A Details table row (trimmed) → its guest, or null when it is not one. */
function tableRow(t: string, sizes: Map<string, number | null>): TableRow | null {
  const id = vmidAt(t, 0, t.length)
  if (id === null) {
    return null
  }
  const cells = t.split(/\s+/, 8)
  const statusIdx = cells.findIndex((c, i) => i > 0 && (c.toLowerCase() === 'ok' || c.toLowerCase() === 'err'))
  if (statusIdx <= 0) {
    return null
  }
  return {
    id,
    name: cells.slice(1, statusIdx).join(' '),
    status: cells[statusIdx]!.toLowerCase(),
    size: humanBytes(cells.slice(statusIdx + 2, statusIdx + 4).join(' '), sizes),
  }
}

/** A VMID is a positive integer of at most 9 digits (Proxmox allows 100…999999999), at s[from] (before `to`). */
function vmidAt(s: string, from: number, to: number, known?: string[]): string | null {
  let end = from
  while (end < to && end - from < 10 && isDigit(s.charCodeAt(end))) {
    end++
  }
  if (end === from || end - from > 9) {
    return null
  }
  // A report names its few guests again and again: the string of each is made once (and keeps its hash, for the
  // Maps of guests).
  if (known !== undefined) {
    for (const id of known) {
      if (id.length === end - from && isAt(s, from, id)) {
        return id
      }
    }
  }
  const id = s.slice(from, end)
  if (known !== undefined && known.length < 16) {
    known.push(id)
  }
  return id
}

function looksLikeVzdump(input: ReportInput): boolean {
  if (input.mail?.subject.startsWith('vzdump backup status') === true) {
    return true
  }
  const head = input.text.length > 65536 ? input.text.slice(0, 65536) : input.text
  return head.includes('INFO: starting new backup job: vzdump') || head.includes('INFO: Starting Backup of VM ')
}

/**
 * Whether `word` starts the line text[from, to). The slice is compared in one go, which costs less than isAt's loop
 * over the characters for the long words here (and a slice of 13 or more characters is a view, not a copy).
 */
function startsAt(text: string, from: number, to: number, word: string): boolean {
  return to - from >= word.length && text.slice(from, from + word.length) === word
}

/** What reading a vzdump report carries from line to line, and from the lines to the runs. */
interface VzRead {
  text: string
  clock: WallClock
  host: string | null
  /** The last guest finished for each VMID (a later block for the same VMID replaces the earlier one). */
  latest: Map<string, Guest>
  /** How many times a guest was finished so far. */
  finished: number
  table: Map<string, { name: string; status: string; size: number | null }>
  jobErrors: string[]
  jobWarnings: string[]
  listed: string[]
  current: Guest | null
  taskEnd: string | null
  recognised: number
  inTable: boolean
  /** The VMIDs read so far (some of them), as vmidAt keeps them. */
  vmids: string[]
  /** Each distinct Details row and each size text, read once per parse (bounded). */
  rows: Map<string, TableRow | null>
  /** The last row of each length below RECENT_ROWS, and what it reads as. */
  recentRows: ({ t: string; row: TableRow | null } | undefined)[]
  sizes: Map<string, number | null>
}

function finish(read: VzRead, g: Guest): void {
  g.seq = read.finished++
  read.latest.set(g.vmid, g)
}

/**
 * The finished guests by VMID in the order of their last finish: the Map that deleting and setting each guest as it
 * finishes would give, without that Map's rehashing on every guest.
 */
function doneInOrder(read: VzRead): Map<string, Guest> {
  const guests = [...read.latest.values()].sort((a, b) => a.seq - b.seq)
  for (const g of guests) {
    settle(read, g)
  }
  return new Map(guests.map((g) => [g.vmid, g]))
}

/**
 * A start time for `g` at text[at, to). Each such line sets the start unless its time is unreadable (null), so the
 * one before it is read first; this one is read in settle, when `g` is kept.
 */
function startAt(read: VzRead, g: Guest, at: number, to: number): void {
  readStart(read, g)
  g.startAt = at
  g.startTo = to
}

/** An end time for `g` at text[at, to), as startAt. */
function endAt(read: VzRead, g: Guest, at: number, to: number): void {
  readEnd(read, g)
  g.endAt = at
  g.endTo = to
}

/** The start time `g` has yet to read, if any: a readable one replaces the start, an unreadable one keeps it. */
function readStart(read: VzRead, g: Guest): void {
  if (g.startAt >= 0) {
    g.startedAt = isoLocal(read.text, g.startAt, read.clock, g.startTo) ?? g.startedAt
    g.startAt = -1
  }
}

/** The end time `g` has yet to read, as readStart. */
function readEnd(read: VzRead, g: Guest): void {
  if (g.endAt >= 0) {
    g.finishedAt = isoLocal(read.text, g.endAt, read.clock, g.endTo) ?? g.finishedAt
    g.endAt = -1
  }
}

/**
 * Reads what is left to read of `g`: its last start and end times, its name and its archive size. A report names
 * the same guests again and again (retries, several runs in one file) and only the last block of each counts: what
 * the others say is never read.
 */
function settle(read: VzRead, g: Guest): void {
  readStart(read, g)
  readEnd(read, g)
  if (g.nameAt >= 0) {
    g.name = read.text.slice(g.nameAt, g.nameTo) || null
    g.nameAt = -1
  }
  if (g.sizeAt >= 0) {
    g.bytes = humanBytes(read.text.slice(g.sizeAt, g.sizeTo), read.sizes)
    g.sizeAt = -1
  }
}

/**
 * The lines of a task log or a mail into `read`, in place: a mail's `<vmid>: ` prefix and the time after it are
 * stepped over, the line's first characters pick what it may be, and only what is kept is sliced. A task log is
 * mostly progress lines that say nothing.
 */
function readVzdump(read: VzRead): void {
  const text = read.text
  const n = text.length
  for (let start = 0; start <= n;) {
    let nl = text.indexOf('\n', start)
    if (nl < 0) {
      nl = n
    }
    let from = start
    const to = lineStop(text, start, nl)
    start = nl + 1
    let c = from < to ? text.charCodeAt(from) : 0
    let stamp = -1
    // Only a line that starts with a digit has a `<vmid>: ` prefix or a time.
    if (c >= 48 && c <= 57) {
      let k = from + 1
      while (k < to && k - from < 10 && isDigit(text.charCodeAt(k))) {
        k++
      }
      if (k - from <= 9 && k + 1 < to && text.charCodeAt(k) === 58 && text.charCodeAt(k + 1) === 32) {
        from = k + 2
      }
      if (
        to - from > 20 &&
        isDigit(text.charCodeAt(from)) &&
        text.charCodeAt(from + 4) === 45 &&
        text.charCodeAt(from + 13) === 58 &&
        text.charCodeAt(from + 19) === 32
      ) {
        stamp = from
        from += 20
      }
      c = from < to ? text.charCodeAt(from) : 0
    }
    if (read.inTable) {
      readTableLine(read, from, to)
    } else if (c === 73) {
      // `INFO: `, by hand: most lines are INFO lines.
      if (
        to - from >= 6 &&
        text.charCodeAt(from + 1) === 78 &&
        text.charCodeAt(from + 2) === 70 &&
        text.charCodeAt(from + 3) === 79 &&
        text.charCodeAt(from + 4) === 58 &&
        text.charCodeAt(from + 5) === 32
      ) {
        readInfo(read, from + 6, to, stamp)
      }
    } else if (c === 69 || c === 87 || c === 84 || c === 86 || c === 118) {
      // `ERROR: `, `WARN: `, `TASK `, `VMID`: any other first character says nothing.
      readOtherLine(read, c, from, to, stamp)
    }
  }
}

const RECENT_ROWS = 512

/** A line inside the Details table (all of them are read). */
function readTableLine(read: VzRead, from: number, to: number): void {
  const text = read.text
  const first = skipSpace(text, from, to)
  const last = trimEndAt(text, first, to)
  // `T`: no slice for a row.
  if (first === last || (text.charCodeAt(first) === 84 && startsAt(text, first, last, 'Total running time'))) {
    read.inTable = first === last && read.table.size === 0
    return
  }
  // A row reads the same every time it is repeated: each distinct row is split once per parse. The last row of
  // each length is compared first (comparing costs less than the hash of a Map lookup).
  const t = text.slice(first, last)
  const recent = t.length < RECENT_ROWS ? read.recentRows[t.length] : undefined
  const hit = recent !== undefined && recent.t === t
  let row: TableRow | null | undefined = hit ? recent.row : read.rows.get(t)
  if (row === undefined) {
    row = tableRow(t, read.sizes)
    if (read.rows.size < 1000) {
      read.rows.set(t, row)
    }
  }
  if (t.length < RECENT_ROWS && !hit) {
    read.recentRows[t.length] = { t: flat(t), row }
  }
  if (row !== null) {
    read.table.set(row.id, row)
  }
}

/** The message of an `INFO: ` line, text[from, to): the few that matter, picked by their first character. */
function readInfo(read: VzRead, from: number, to: number, stamp: number): void {
  const text = read.text
  const c = from < to ? text.charCodeAt(from) : 0
  const current = read.current
  if (c === 83 && startsAt(text, from, to, 'Starting Backup of VM ')) {
    read.recognised++
    const id = vmidAt(text, from + 22, to, read.vmids)
    if (id !== null) {
      const g = newGuest(id)
      if (stamp >= 0) {
        startAt(read, g, stamp, text.length)
      }
      read.current = g
    }
  } else if (c === 70 && startsAt(text, from, to, 'Finished Backup of VM ')) {
    read.recognised++
    const id = vmidAt(text, from + 22, to, read.vmids)
    if (id !== null) {
      const g: Guest = current !== null && current.vmid === id ? current : newGuest(id)
      g.result = g.warnings.length > 0 ? 'warning' : 'success'
      if (stamp >= 0) {
        endAt(read, g, stamp, text.length)
      }
      finish(read, g)
      read.current = g
    }
  } else if (current === null) {
    if (c === 115 && startsAt(text, from, to, 'starting new backup job: vzdump')) {
      readJobStart(read, text.slice(from, to))
    }
  } else if (c === 66 && startsAt(text, from, to, 'Backup started at ')) {
    startAt(read, current, from + 18, to)
  } else if (
    (c === 66 && startsAt(text, from, to, 'Backup finished at ')) ||
    (c === 70 && startsAt(text, from, to, 'Failed at '))
  ) {
    endAt(read, current, from + (c === 70 ? 10 : 19), to)
    read.current = null
  } else if (
    (c === 86 && startsAt(text, from, to, 'VM Name: ')) ||
    (c === 67 && startsAt(text, from, to, 'CT Name: '))
  ) {
    const name = skipSpace(text, from + 9, to)
    current.nameAt = name
    current.nameTo = Math.min(trimEndAt(text, name, to), name + 200)
  } else if (c === 97 && startsAt(text, from, to, 'archive file size: ')) {
    current.sizeAt = from + 19
    current.sizeTo = to
  } else if (c === 115 && startsAt(text, from, to, 'starting new backup job: vzdump')) {
    readJobStart(read, text.slice(from, to))
  }
}

/** `starting new backup job: vzdump 100 101 --node pve1 …`: the guests it lists, and the node. */
function readJobStart(read: VzRead, msg: string): void {
  read.recognised++
  const words = msg.slice(31, 4096).split(' ')
  const node = words.indexOf('--node')
  if (read.host === null && node >= 0 && (words[node + 1] ?? '') !== '') {
    read.host = words[node + 1]!.slice(0, 200)
  }
  for (const word of words) {
    if (word.startsWith('-')) {
      break
    }
    const id = vmidAt(word, 0, word.length)
    if (id !== null && id.length === word.length && read.listed.length < 10000) {
      read.listed.push(id)
    }
  }
}

/** Any line but an `INFO: ` one outside the table, text[from, to) (after a mail's prefix and time). */
function readOtherLine(read: VzRead, c: number, from: number, to: number, stamp: number): void {
  const text = read.text
  const current = read.current
  if (c === 69 && startsAt(text, from, to, 'ERROR: ')) {
    const msg = from + 7
    if (startsAt(text, msg, to, 'Backup of VM ')) {
      read.recognised++
      const id = vmidAt(text, msg + 13, to, read.vmids)
      if (id !== null) {
        const g: Guest = current !== null && current.vmid === id ? current : newGuest(id)
        g.result = 'failed'
        if (stamp >= 0) {
          endAt(read, g, stamp, text.length)
        }
        pushAt(g.errors, text, msg, to)
        finish(read, g)
        read.current = g
      }
    } else {
      pushAt(current?.result === null ? current.errors : read.jobErrors, text, msg, to)
    }
    return
  }
  if (c === 87 && (startsAt(text, from, to, 'WARN: ') || startsAt(text, from, to, 'WARNING: '))) {
    pushAt(current?.result === null ? current.warnings : read.jobWarnings, text, text.indexOf(' ', from) + 1, to)
    return
  }
  if (c === 84 && startsAt(text, from, to, 'TASK ')) {
    read.taskEnd = text.slice(from + 5, to)
    read.recognised++
    return
  }
  // `Details`, or the table's `VMID  Name  Status` header (any case).
  if ((c === 86 || c === 118) && to - from >= 4 && (text.charCodeAt(from + 1) | 0x20) === 109) {
    const t = text.slice(from, trimEndAt(text, from, to))
    if (/^VMID\s+Name\s+Status/i.test(t.slice(0, 40))) {
      read.inTable = true
      read.recognised++
    }
  }
}

/** pushMessage of text[from, to), sliced only when the list has room. */
function pushAt(list: string[], text: string, from: number, to: number): void {
  if (list.length < LIMITS.messages) {
    pushMessage(list, text.slice(from, to))
  }
}

export const vzdump: Parser = {
  format: 'vzdump',
  kind: 'backup',
  detect: looksLikeVzdump,
  parse(input: ReportInput): ReturnType<Parser['parse']> {
    const subject = input.mail?.subject ?? ''
    let host: string | null = null
    let subjectResult: RunResult | null = null
    if (subject.startsWith('vzdump backup status')) {
      const open = subject.indexOf('(')
      const close = subject.indexOf('):', open)
      if (open > 0 && close > open) {
        host = subject.slice(open + 1, close).trim() || null
        const text = subject
          .slice(close + 2)
          .trim()
          .toLowerCase()
        subjectResult = text === 'backup successful' ? 'success' : 'failed'
      }
    }

    const read: VzRead = {
      text: input.text,
      clock: wallClock(input.timeZone),
      host,
      latest: new Map(),
      finished: 0,
      table: new Map(),
      jobErrors: [],
      jobWarnings: [],
      listed: [],
      current: null,
      taskEnd: null,
      recognised: 0,
      inTable: false,
      vmids: [],
      rows: new Map(),
      recentRows: [],
      sizes: new Map(),
    }
    readVzdump(read)
    // Guests in order of their last appearance.
    const done = doneInOrder(read)
    const { table, jobErrors, jobWarnings, listed, current, taskEnd, recognised } = read
    host = read.host

    // The mail's Details table: guests whose log lines are missing (or cut off) still get their result.
    for (const [id, row] of table) {
      const g = done.get(id)
      if (g === undefined) {
        const fresh = newGuest(id)
        fresh.name = row.name || null
        fresh.bytes = row.size
        fresh.result = row.status === 'ok' ? 'success' : 'failed'
        if (fresh.result === 'failed') {
          pushMessage(fresh.errors, `guest ${id} status ${row.status}`)
        }
        done.set(id, fresh)
      } else {
        g.name ??= row.name || null
        g.bytes ??= row.size
        if (row.status !== 'ok' && g.result !== 'failed') {
          g.result = 'failed'
          pushMessage(g.errors, `guest ${id} status ${row.status}`)
        }
      }
    }
    // A guest that started but never finished nor failed: the task was killed or the log is cut short.
    const last = current
    if (last !== null && last.result === null) {
      settle(read, last)
      last.result = 'failed'
      pushMessage(last.errors, 'the log ends before this guest finished')
      done.delete(last.vmid)
      done.set(last.vmid, last)
    }

    const taskText = taskEnd
    const taskFailed = taskText !== null && taskText !== 'OK' && !taskText.startsWith('WARNINGS')
    const taskWarned = (taskText?.startsWith('WARNINGS') ?? false) || jobWarnings.length > 0
    if (done.size === 0) {
      if (recognised === 0 && subjectResult === null) {
        return { status: 'unparsed', reason: 'no vzdump task log lines, guest table or status subject' }
      }
      // The job failed before any guest ran (storage offline, lock): every listed guest failed.
      const failedJob = subjectResult === 'failed' || taskFailed || jobErrors.length > 0
      if (!failedJob) {
        return { status: 'unparsed', reason: 'vzdump report without any guest' }
      }
      const ids = listed.length > 0 ? listed : ['all']
      for (const id of ids) {
        const g = newGuest(id)
        g.result = 'failed'
        for (const e of jobErrors) {
          pushMessage(g.errors, e)
        }
        if (taskText !== null && taskFailed) {
          pushMessage(g.errors, `TASK ${taskText}`)
        }
        if (g.errors.length === 0) {
          pushMessage(g.errors, subject || 'vzdump job failed')
        }
        done.set(id, g)
      }
    }

    // The subject says the job failed but no guest did: the error is the job's, and no guest counts as backed up.
    const anyFailed = [...done.values()].some((g) => g.result === 'failed')
    const blameAll = (subjectResult === 'failed' || taskFailed) && !anyFailed
    const events: BackupRun[] = []
    for (const g of done.values()) {
      let result: RunResult = g.result ?? 'failed'
      if (blameAll) {
        result = 'failed'
        for (const e of jobErrors) {
          pushMessage(g.errors, e)
        }
        pushMessage(g.errors, subjectResult === 'failed' ? subject : `TASK ${taskText ?? ''}`)
      }
      const warnings = g.warnings
      if (result === 'success' && taskWarned) {
        result = 'warning'
        for (const w of jobWarnings) {
          pushMessage(warnings, w)
        }
        if (warnings.length === 0 && taskText !== null) {
          pushMessage(warnings, `TASK ${taskText}`)
        }
      }
      events.push({
        kind: 'backup',
        job: g.vmid === 'all' ? 'vzdump' : `vzdump-${g.vmid}`,
        host,
        startedAt: g.startedAt,
        finishedAt: g.finishedAt,
        result,
        bytes: g.bytes,
        files: null,
        errors: g.errors,
        warnings,
      })
    }
    return { status: 'parsed', events }
  },
}
