// Proxmox VE vzdump: the task log (`INFO: Starting Backup of VM 100 (qemu)` … `TASK OK`) and the status mail
// (subject `vzdump backup status (<fqdn>): backup successful|failed`, body: error, `Details` table, `Logs`).
// One run per guest, job `vzdump-<VMID>`: the VMID is what the schedule names and it survives renaming a guest.
// A guest that appears twice (a retry, or two jobs in one report) keeps its last result.
import { type WallClock, digitsAt, isAt, isDigit, lineStop, pushMessage, wallClock } from './text.js'
import { type BackupRun, type Parser, type ReportInput, type RunResult } from './types.js'

/** `2026-11-29 01:00:02` at `from` → epoch ms, or null. */
function isoLocal(s: string, from: number, clock: WallClock): number | null {
  if (s.length < from + 19 || s.charCodeAt(from + 4) !== 45 || s.charCodeAt(from + 13) !== 58) {
    return null
  }
  // Digits are read as digits; anything else in a field goes through Number() as it always did.
  const field = (at: number, length: number): number => {
    const n = digitsAt(s, at, length)
    return n >= 0 ? n : Number(s.slice(at, at + length))
  }
  return clock(
    field(from, 4),
    field(from + 5, 2),
    field(from + 8, 2),
    field(from + 11, 2),
    field(from + 14, 2),
    field(from + 17, 2),
  )
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
})

interface TableRow {
  id: string
  name: string
  status: string
  size: number | null
}

/** A Details table row (trimmed) → its guest, or null when it is not one. */
function tableRow(t: string, sizes: Map<string, number | null>): TableRow | null {
  const id = vmidAt(t, 0)
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

/** A VMID is a positive integer of at most 9 digits (Proxmox allows 100…999999999). */
function vmidAt(s: string, from: number): string | null {
  let end = from
  while (end < s.length && end - from < 10 && isDigit(s.charCodeAt(end))) {
    end++
  }
  return end > from && end - from <= 9 ? s.slice(from, end) : null
}

function looksLikeVzdump(input: ReportInput): boolean {
  if (input.mail?.subject.startsWith('vzdump backup status') === true) {
    return true
  }
  const head = input.text.length > 65536 ? input.text.slice(0, 65536) : input.text
  return head.includes('INFO: starting new backup job: vzdump') || head.includes('INFO: Starting Backup of VM ')
}

/** Whether `word` starts the line text[from, to). */
function startsAt(text: string, from: number, to: number, word: string): boolean {
  return to - from >= word.length && isAt(text, from, word)
}

/** Whether one of `words` starts the line text[from, to). */
function startsWithOneOf(text: string, from: number, to: number, words: readonly string[]): boolean {
  for (const word of words) {
    if (startsAt(text, from, to, word)) {
      return true
    }
  }
  return false
}

// The INFO messages and other lines the parser acts on; a task log is mostly progress lines it skips.
const INFO_MESSAGES = [
  'Starting Backup of VM ',
  'Finished Backup of VM ',
  'Backup started at ',
  'Backup finished at ',
  'Failed at ',
  'VM Name: ',
  'CT Name: ',
  'archive file size: ',
  'starting new backup job: vzdump',
]
const OTHER_LINES = ['ERROR: ', 'WARN: ', 'WARNING: ', 'TASK ']

/**
 * eachLine's lines without a mail's `<vmid>: ` prefix and the time after it, by index: `handle` gets the line and its
 * time for the lines it may act on (all of them inside the Details table), and no slice is made of the others.
 */
function readVzdump(
  text: string,
  st: { inTable: boolean },
  handle: (line: string, stamp: string | null) => void,
): void {
  for (let start = 0; start <= text.length;) {
    let nl = text.indexOf('\n', start)
    if (nl < 0) {
      nl = text.length
    }
    let from = start
    const to = lineStop(text, start, nl)
    start = nl + 1
    let k = from
    while (k < to && k - from < 10 && isDigit(text.charCodeAt(k))) {
      k++
    }
    if (k > from && k - from <= 9 && k + 1 < to && text.charCodeAt(k) === 58 && text.charCodeAt(k + 1) === 32) {
      from = k + 2
    }
    let stamp = -1
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
    if (!st.inTable) {
      let acts: boolean
      if (startsAt(text, from, to, 'INFO: ')) {
        acts = startsWithOneOf(text, from + 6, to, INFO_MESSAGES)
      } else if (startsWithOneOf(text, from, to, OTHER_LINES)) {
        acts = true
      } else {
        // `Details`, or the table's `VMID  Name  Status` header (any case).
        const c = from < to ? text.charCodeAt(from) : 0
        acts = c === 68 || c === 86 || c === 118
      }
      if (!acts) {
        continue
      }
    }
    handle(text.slice(from, to), stamp < 0 ? null : text.slice(stamp, stamp + 19))
  }
}

export const vzdump: Parser = {
  format: 'vzdump',
  kind: 'backup',
  detect: looksLikeVzdump,
  parse(input: ReportInput): ReturnType<Parser['parse']> {
    const zone = wallClock(input.timeZone)
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

    // Guests in order of their last appearance; a later block for the same VMID replaces the earlier one.
    const done = new Map<string, Guest>()
    const table = new Map<string, { name: string; status: string; size: number | null }>()
    const jobErrors: string[] = []
    const jobWarnings: string[] = []
    const listed: string[] = []
    let current: Guest | null = null
    let taskEnd: string | null = null
    let recognised = 0

    const finish = (g: Guest): void => {
      done.delete(g.vmid)
      done.set(g.vmid, g)
    }

    const st = { inTable: false }
    const rows = new Map<string, TableRow | null>()
    const sizes = new Map<string, number | null>()
    readVzdump(input.text, st, (line, stamp) => {
      if (st.inTable) {
        const t = line.trim()
        if (t.length === 0 || t.startsWith('Total running time')) {
          st.inTable = t.length === 0 && table.size === 0
          return
        }
        // A row reads the same every time it is repeated: each distinct row is split once per parse.
        let row = rows.get(t)
        if (row === undefined) {
          row = tableRow(t, sizes)
          if (rows.size < 1000) {
            rows.set(t, row)
          }
        }
        if (row !== null) {
          table.set(row.id, { name: row.name, status: row.status, size: row.size })
        }
        return
      }

      if (line.startsWith('INFO: ')) {
        const msg = line.slice(6)
        if (msg.startsWith('Starting Backup of VM ')) {
          recognised++
          const id = vmidAt(msg, 22)
          if (id !== null) {
            current = newGuest(id)
            current.startedAt = stamp === null ? null : isoLocal(stamp, 0, zone)
          }
        } else if (msg.startsWith('Finished Backup of VM ')) {
          recognised++
          const id = vmidAt(msg, 22)
          if (id !== null) {
            const g: Guest = current !== null && current.vmid === id ? current : newGuest(id)
            g.result = g.warnings.length > 0 ? 'warning' : 'success'
            g.finishedAt = (stamp === null ? null : isoLocal(stamp, 0, zone)) ?? g.finishedAt
            finish(g)
            current = g
          }
        } else if (msg.startsWith('Backup started at ') && current !== null) {
          current.startedAt = isoLocal(msg, 18, zone) ?? current.startedAt
        } else if ((msg.startsWith('Backup finished at ') || msg.startsWith('Failed at ')) && current !== null) {
          current.finishedAt = isoLocal(msg, msg.startsWith('F') ? 10 : 19, zone) ?? current.finishedAt
          current = null
        } else if ((msg.startsWith('VM Name: ') || msg.startsWith('CT Name: ')) && current !== null) {
          current.name = msg.slice(9).trim().slice(0, 200) || null
        } else if (msg.startsWith('archive file size: ') && current !== null) {
          current.bytes = humanBytes(msg.slice(19), sizes)
        } else if (msg.startsWith('starting new backup job: vzdump')) {
          recognised++
          const words = msg.slice(31, 4096).split(' ')
          const node = words.indexOf('--node')
          if (host === null && node >= 0 && (words[node + 1] ?? '') !== '') {
            host = words[node + 1]!.slice(0, 200)
          }
          for (const word of words) {
            if (word.startsWith('-')) {
              break
            }
            const id = vmidAt(word, 0)
            if (id !== null && id.length === word.length && listed.length < 10000) {
              listed.push(id)
            }
          }
        }
        return
      }
      if (line.startsWith('ERROR: ')) {
        const msg = line.slice(7)
        if (msg.startsWith('Backup of VM ')) {
          recognised++
          const id = vmidAt(msg, 13)
          if (id !== null) {
            const g: Guest = current !== null && current.vmid === id ? current : newGuest(id)
            g.result = 'failed'
            g.finishedAt = (stamp === null ? null : isoLocal(stamp, 0, zone)) ?? g.finishedAt
            pushMessage(g.errors, msg)
            finish(g)
            current = g
          }
        } else {
          pushMessage(current?.result === null ? current.errors : jobErrors, msg)
        }
        return
      }
      if (line.startsWith('WARN: ') || line.startsWith('WARNING: ')) {
        pushMessage(current?.result === null ? current.warnings : jobWarnings, line.slice(line.indexOf(' ') + 1))
        return
      }
      if (line.startsWith('TASK ')) {
        taskEnd = line.slice(5)
        recognised++
        return
      }
      const t = line.trimEnd()
      if (t === 'Details' || /^VMID\s+Name\s+Status/i.test(t.slice(0, 40))) {
        st.inTable = t !== 'Details' || st.inTable
        if (t !== 'Details') {
          recognised++
        }
        return
      }
      if (t.startsWith('=====') || t.startsWith('-----')) {
        return
      }
    })

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
    // `current` and `taskEnd` are assigned inside the callback, which TypeScript's narrowing does not see.
    const last = current as Guest | null
    if (last !== null && last.result === null) {
      last.result = 'failed'
      pushMessage(last.errors, 'the log ends before this guest finished')
      finish(last)
    }

    const taskText = taskEnd as string | null
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
