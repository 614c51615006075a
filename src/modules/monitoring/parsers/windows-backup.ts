// Windows Server Backup: events of the Microsoft-Windows-Backup provider, exported as event XML
// (`wevtutil qe Microsoft-Windows-Backup /f:xml`, wrapped in <Events>) or as CSV (Event Viewer "Save as CSV", or
// `Get-WinEvent | Export-Csv`). A report may span days: events are paired into one run per backup operation
// (start event 1 … result … end marker 14). Event IDs and meanings: BlbEvents.dll's message table.
import { DateTime } from 'luxon'
import { digitsAt, flat, indexOfWord, isAt, skipSpace, trimEndAt, utcMillis } from './text.js'
import { LIMITS, type BackupRun, type Parser, type ReportInput, type RunResult } from './types.js'

const PROVIDER = 'Microsoft-Windows-Backup'
const MAX_EVENTS = 100_000
/** An event record is a few KB; anything longer is cut (a hostile 10 MB "event" is read for its first part). */
const MAX_EVENT_CHARS = 256 * 1024

const START = 1
const END_MARKER = 14
/** Backup channel IDs, and the Application log's copies of them (0x205 = 517 …). Other IDs are not outcomes. */
const OUTCOME: ReadonlyMap<number, RunResult> = new Map<number, RunResult>([
  [4, 'success'],
  ...[7, 13, 23, 51, 146, 525, 547, 565, 658].map((id): [number, RunResult] => [id, 'warning']),
  ...[2, 3, 5, 6, 8, 9, 10, 11, 12, 15, 16, 17, 18, 19, 20, 21, 22, 49, 50, 52].map((id): [number, RunResult] => [
    id,
    'failed',
  ]),
  ...[514, 517, 518, 519, 521, 522, 526, 527, 528, 544, 545, 546, 561, 564].map((id): [number, RunResult] => [
    id,
    'failed',
  ]),
])

/** What the parsers need of one event record. */
interface WsbEvent {
  id: number
  at: number | null
  computer: string | null
  /** The event's text; for an XML record read from `xml` when it is first asked for (see messageOf). */
  message: string | null
  xml: string | null
  order: number
}

/** The event's text: its rendered `<Message>`, else its `<Data>` fields. */
function messageOf(e: WsbEvent): string {
  if (e.message === null) {
    const rendered = e.xml === null ? null : elementText(e.xml, 'Message')
    e.message = tidy(rendered?.trim() || (e.xml === null ? '' : dataFields(e.xml).join('; ')))
  }
  return e.message
}

function decodeXml(s: string): string {
  if (!s.includes('&')) {
    return s
  }
  // Only the predefined entities and numeric references: no DTD, no entity expansion.
  return s.replace(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|lt|gt|amp|quot|apos);/g, (_w, name: string) => {
    if (name.startsWith('#')) {
      const code = name[1] === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10)
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : '\ufffd'
    }
    return name === 'lt' ? '<' : name === 'gt' ? '>' : name === 'amp' ? '&' : name === 'quot' ? '"' : "'"
  })
}

/** `<name`, `</name` and `name=` built once per name: a string built per call is also flattened per call. */
const PATTERNS = new Map<string, { open: string; close: string; is: string }>()
function patterns(name: string): { open: string; close: string; is: string } {
  let p = PATTERNS.get(name)
  if (p === undefined) {
    p = { open: `<${name}`, close: `</${name}`, is: `${name}=` }
    PATTERNS.set(name, p)
  }
  return p
}

/** The text of the first `<tag …>text</tag>` in `xml`, or null. */
function elementText(xml: string, tag: string): string | null {
  let from = 0
  for (;;) {
    const open = indexOfWord(xml, patterns(tag).open, from)
    if (open < 0) {
      return null
    }
    const after = xml.charCodeAt(open + tag.length + 1)
    // `<EventID>` must not match `<EventIDs`; the next char ends the name.
    if (after === 0x3e || after === 0x20 || after === 0x2f || after === 0x09 || after === 0x0a || after === 0x0d) {
      return elementTextAt(xml, open, tag)
    }
    from = open + 1
  }
}

/** elementText for the `<tag` at xml[open] (its name ends there). */
function elementTextAt(xml: string, open: number, tag: string): string | null {
  const from = elementSpan(xml, open, tag, SPAN)
  return from < 0 ? null : decodeXml(xml.slice(from, SPAN.to))
}

/** Where a text or value ends in a record, as the *Span functions find it (they return where it starts). */
interface Span {
  to: number
}

/** One Span for the reads of the record being read (they do not nest). */
const SPAN: Span = { to: 0 }

/**
 * Where the raw text of the element whose `<tag` is at xml[open] starts (its end in span.to), as elementText reads
 * it: -1 for none, and an empty one for `<tag/>`.
 */
function elementSpan(xml: string, open: number, tag: string, span: Span, text = xml, base = 0): number {
  const gt = xml.indexOf('>', open)
  if (gt < 0) {
    return -1
  }
  // (Characters are read from `text`, of which xml is text[base, …), when the caller has it: see readXmlEvent.)
  if (text.charCodeAt(base + gt - 1) === 47) {
    span.to = gt
    return gt
  }
  // The close tag starts with the first `<` after the text when the text is plain; else it is searched for.
  const closing = patterns(tag).close
  const lt = xml.indexOf('<', gt)
  const close = lt < 0 ? -1 : isAt(text, base + lt, closing) ? lt : indexOfWord(xml, closing, lt + 1)
  span.to = close < 0 ? xml.length : close
  return gt + 1
}

/**
 * Where the raw value of `attr` in the start tag at xml[open] starts (the first `attr=` before its `>`; its end in
 * span.to), or -1. The tag is searched where it stands: a search that ends past its `>` found nothing in it.
 */
function attributeSpan(xml: string, open: number, attr: string, span: Span, text = xml, base = 0): number {
  const gt = xml.indexOf('>', open)
  const headEnd = gt < 0 ? xml.length : gt
  const at = indexOfWord(xml, patterns(attr).is, open)
  const quote = at + attr.length + 1
  if (at < 0 || quote >= headEnd) {
    return -1
  }
  const q = text.charCodeAt(base + quote)
  if (q !== 34 && q !== 39) {
    return -1
  }
  const end = xml.indexOf(q === 34 ? '"' : "'", quote + 1)
  if (end < 0 || end >= headEnd) {
    return -1
  }
  span.to = end
  return quote + 1
}

/** `<Data Name='HRESULT'>0x80042302</Data>` pairs, at most a few dozen per event. */
function dataFields(xml: string): string[] {
  const out: string[] = []
  let from = 0
  while (out.length < 64) {
    const open = xml.indexOf('<Data', from)
    if (open < 0) {
      break
    }
    const gt = xml.indexOf('>', open)
    if (gt < 0) {
      break
    }
    from = gt + 1
    if (xml[gt - 1] === '/') {
      continue
    }
    const close = indexOfWord(xml, '</Data>', gt)
    if (close < 0) {
      break
    }
    from = close + 7
    const head = xml.slice(open, gt)
    const nm = /Name=["']([^"'<>]{1,80})["']/.exec(head)
    const value = decodeXml(xml.slice(gt + 1, close)).trim()
    // The template GUID is the same in every event; it says nothing about the outcome.
    if (value && nm?.[1] !== 'BackupTemplateID') {
      out.push(nm ? `${nm[1]}=${value}` : value)
    }
  }
  return out
}

/** Where the tags readXmlEvent reads are in the record (-1: none), and what reading the records keeps. */
interface RecordTags {
  /** The first `<Provider` and `<TimeCreated` (their attributes are read from the first, whatever ends the name). */
  provider: number
  timeCreated: number
  /** The first `<EventID` and `<Computer` that end their name there (as elementText looks for them). */
  eventId: number
  computer: number
  /**
   * The computer name of the last record read in place: a log names the same computer again and again, and the one
   * string keeps its hash for the Map lookups that pair the events.
   */
  lastName: string | null
}

/** Whether text[p] is `<` + `tag` + a character that ends a tag name (elementText's test). */
function isElementAt(text: string, p: number, tag: string): boolean {
  if (!isAt(text, p + 1, tag)) {
    return false
  }
  const after = text.charCodeAt(p + tag.length + 1)
  return after === 0x3e || after === 0x20 || after === 0x2f || after === 0x09 || after === 0x0a || after === 0x0d
}

/**
 * The first `<` + `tag` at or after `from` (`word` is the tag's name: searched for without the `<`, whose frequency
 * in XML would make the search stop at every tag), or -1.
 */
function tagFrom(text: string, word: string, from: number): number {
  for (let q = text.indexOf(word, from + 1); q >= 0; q = text.indexOf(word, q + 1)) {
    if (text.charCodeAt(q - 1) === 0x3c) {
      return q - 1
    }
  }
  return -1
}

/**
 * The event records of the XML export: each from its `<Event>`/`<Event ` to the next `</Event>` or record (and at
 * most MAX_EVENT_CHARS). The text is walked from one `Event` to the next (a record's start and end, and its
 * `<EventID>`, all hold it); a record's `<Provider`, `<TimeCreated` and `<Computer` are searched for by name from its
 * start, each search reused until passed (so that the text is searched once for each, however records look).
 */
function readXmlEvents(text: string): WsbEvent[] {
  const events: WsbEvent[] = []
  const n = text.length
  const tags: RecordTags = { provider: -1, timeCreated: -1, eventId: -1, computer: -1, lastName: null }
  let open = -1
  let cap = 0
  let provider = -2
  let timeCreated = -2
  let computer = -2
  for (let q = text.indexOf('Event'); events.length < MAX_EVENTS; q = text.indexOf('Event', q + 1)) {
    // What this `Event` is: a record's start (1) or end (2), its `<EventID` (3), or none of these (0).
    let kind = 0
    if (q >= 0) {
      const before = text.charCodeAt(q - 1)
      const after = text.charCodeAt(q + 5)
      if (before === 0x3c) {
        kind = after === 0x20 || after === 0x3e ? 1 : after === 0x49 && isElementAt(text, q - 1, 'EventID') ? 3 : 0
      } else if (before === 0x2f && after === 0x3e && text.charCodeAt(q - 2) === 0x3c) {
        kind = 2
      }
    }
    if (open >= 0) {
      let end = -1
      if (q < 0) {
        end = Math.min(n, cap)
      } else if (q - 2 >= cap || (kind === 1 && q - 1 >= cap)) {
        end = cap
      } else if (kind === 1 || kind === 2) {
        end = kind === 1 ? q - 1 : q - 2
      }
      if (end >= 0) {
        if (provider !== -1 && provider < open) {
          provider = tagFrom(text, 'Provider', open)
        }
        if (timeCreated !== -1 && timeCreated < open) {
          timeCreated = tagFrom(text, 'TimeCreated', open)
        }
        if (computer !== -1 && computer < open) {
          computer = tagFrom(text, 'Computer', open)
          while (computer >= 0 && !isElementAt(text, computer, 'Computer')) {
            computer = tagFrom(text, 'Computer', computer + 1)
          }
        }
        tags.provider = provider
        tags.timeCreated = timeCreated
        tags.computer = computer
        readXmlEvent(text, open, end, tags, events)
        open = -1
      }
    }
    if (q < 0) {
      break
    }
    if (kind === 1) {
      open = q - 1
      cap = open + MAX_EVENT_CHARS
      tags.eventId = -1
    } else if (kind === 3 && open >= 0 && tags.eventId < 0 && q - 1 < cap) {
      tags.eventId = q - 1
    }
  }
  return events
}

/**
 * The record text[open, end) whose tags the walk found: an event of the provider with a numeric ID goes to `events`.
 * A tag counts only when it lies within the record, as when the record is searched as a string of its own.
 */
function readXmlEvent(text: string, open: number, end: number, tags: RecordTags, events: WsbEvent[]): void {
  const xml = text.slice(open, end)
  // Each value is read where it stands when it has the plain form (decodeXml and trim would not change it), else
  // the general way. Characters are read from `text` itself (at the record's offset): reading them through the
  // slice costs a good deal more.
  if (tags.provider >= 0 && tags.provider + 9 <= end) {
    const from = attributeSpan(xml, tags.provider - open, 'Name', SPAN, text, open)
    if (
      from >= 0 &&
      !(SPAN.to - from === PROVIDER.length && isAt(text, open + from, PROVIDER)) &&
      decodeXml(xml.slice(from, SPAN.to)) !== PROVIDER
    ) {
      return
    }
  }
  let id = NaN
  if (tags.eventId >= 0 && tags.eventId + 8 < end) {
    const from = elementSpan(xml, tags.eventId - open, 'EventID', SPAN, text, open)
    if (from >= 0) {
      const digits = SPAN.to - from
      const n = digits > 0 && digits <= 9 ? digitsAt(text, open + from, digits) : -1
      id = n >= 0 ? n : Number(decodeXml(xml.slice(from, SPAN.to)).trim())
    }
  }
  if (!Number.isInteger(id)) {
    return
  }
  let at: number | null = null
  if (tags.timeCreated >= 0 && tags.timeCreated + 12 <= end) {
    const from = attributeSpan(xml, tags.timeCreated - open, 'SystemTime', SPAN, text, open)
    if (from >= 0 && from < SPAN.to) {
      at = isoUtcAt(text, open + from, open + SPAN.to) ?? isoUtc(decodeXml(xml.slice(from, SPAN.to)).trim())
    }
  }
  let computer: string | null = null
  if (tags.computer >= 0 && tags.computer + 9 < end) {
    const from = elementSpan(xml, tags.computer - open, 'Computer', SPAN, text, open)
    if (from >= 0) {
      const to = SPAN.to
      const amp = xml.indexOf('&', from)
      if (amp >= 0 && amp < to) {
        computer = decodeXml(xml.slice(from, to)).trim() || null
      } else {
        const first = skipSpace(text, open + from, open + to)
        const last = trimEndAt(text, first, open + to)
        const known = tags.lastName
        if (first === last) {
          computer = null
        } else if (known !== null && known.length === last - first && isAt(text, first, known)) {
          computer = known
        } else {
          computer = tags.lastName = flat(text.slice(first, last))
        }
      }
    }
  }
  events.push({ id, at, computer, message: null, xml, order: events.length })
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
const POWERS_OF_TEN = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9]

/**
 * `DateTime.fromISO(s, { zone: 'utc' })` as epoch ms, or null when invalid. The `YYYY-MM-DDTHH:MM:SS[.fffffff]Z`
 * that Windows writes is read here, with luxon's ranges and its millisecond rounding; any other form goes to luxon
 * (which costs several microseconds per event).
 */
export function isoUtc(s: string): number | null {
  const at = isoUtcAt(s, 0, s.length)
  if (at !== null) {
    return at
  }
  const dt = DateTime.fromISO(s, { zone: 'utc' })
  return dt.isValid ? dt.toMillis() : null
}

/** isoUtc's own reading of s[from, to) (`YYYY-MM-DDTHH:MM:SS[.fffffff]Z` only), or null for luxon to try. */
function isoUtcAt(s: string, from: number, to: number): number | null {
  const n = to - from
  if (
    n >= 20 &&
    n <= 30 &&
    s.charCodeAt(from + 4) === 45 &&
    s.charCodeAt(from + 7) === 45 &&
    s.charCodeAt(from + 10) === 84 &&
    s.charCodeAt(from + 13) === 58 &&
    s.charCodeAt(from + 16) === 58 &&
    s.charCodeAt(to - 1) === 90 &&
    (n === 20 || (n >= 22 && s.charCodeAt(from + 19) === 46 && digitsAt(s, from + 20, n - 21) >= 0))
  ) {
    const y = digitsAt(s, from, 4)
    const mo = digitsAt(s, from + 5, 2)
    const d = digitsAt(s, from + 8, 2)
    const h = digitsAt(s, from + 11, 2)
    const mi = digitsAt(s, from + 14, 2)
    const sec = digitsAt(s, from + 17, 2)
    const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)
    if (
      y >= 100 &&
      mo >= 1 &&
      mo <= 12 &&
      d >= 1 &&
      d <= (mo === 2 && leap ? 29 : DAYS_IN_MONTH[mo - 1]!) &&
      h >= 0 &&
      h <= 23 &&
      mi >= 0 &&
      mi <= 59 &&
      sec >= 0 &&
      sec <= 59
    ) {
      // luxon: Math.floor(parseFloat('0.' + fraction) * 1000). The fraction's digits (at most nine) over their power
      // of ten is the same double as that parseFloat: both are the nearest double to the same decimal.
      const ms = n === 20 ? 0 : Math.floor((digitsAt(s, from + 20, n - 21) / POWERS_OF_TEN[n - 21]!) * 1000)
      return utcMillis(y, mo, d, h, mi, sec) + ms
    }
  }
  return null
}

/** Windows writes left-to-right marks around the dates in its messages; they only get in the way. */
function tidy(message: string): string {
  const marked = message.includes('\u200e') || message.includes('\u200f')
  return (marked ? message.replace(/[\u200e\u200f]/g, '') : message).trim().slice(0, LIMITS.messageChars)
}

/** RFC 4180 records (quoted fields may hold commas, quotes and newlines); bounded in rows and field length. */
function csvRecords(text: string, maxRows: number): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let i = 0
  const n = text.length
  while (i < n && rows.length < maxRows) {
    if (text[i] === '"') {
      i++
      for (;;) {
        const q = text.indexOf('"', i)
        if (q < 0) {
          field += text.slice(i, Math.min(n, i + LIMITS.lineChars))
          i = n
          break
        }
        if (field.length < LIMITS.lineChars) {
          field += text.slice(i, Math.min(q, i + LIMITS.lineChars))
        }
        if (text[q + 1] === '"') {
          field += '"'
          i = q + 2
          continue
        }
        i = q + 1
        break
      }
    }
    // Up to the next separator (unquoted text, or what follows a closing quote).
    let j = i
    while (j < n) {
      const c = text.charCodeAt(j)
      if (c === 0x2c || c === 0x0a || c === 0x0d) {
        break
      }
      j++
    }
    if (field.length < LIMITS.lineChars) {
      field += text.slice(i, Math.min(j, i + LIMITS.lineChars))
    }
    row.push(field)
    field = ''
    i = j
    if (i >= n) {
      break
    }
    if (text.charCodeAt(i) === 0x2c) {
      i++
      if (i >= n) {
        row.push('')
      }
      continue
    }
    // End of line (\r\n, \n or \r).
    if (text.charCodeAt(i) === 0x0d && text.charCodeAt(i + 1) === 0x0a) {
      i++
    }
    i++
    rows.push(row)
    row = []
  }
  if (row.length) {
    rows.push(row)
  }
  return rows
}

/**
 * Local wall-clock time → epoch ms in `zone`. Luxon is asked once per local hour (offsets change on the hour in
 * every zone in use), so a log of a million lines costs a few thousand zone look-ups. Null for impossible dates.
 */
export function localClock(
  zone: string,
): (y: number, mo: number, d: number, h: number, mi: number, s: number) => number | null {
  const offsets = new Map<number, number | null>()
  // For real calendar hours: the hour's first millisecond in epoch ms, offset applied (Date.UTC is slow per line).
  const hours = new Map<number, number | null>()
  let lastKey = -1
  let lastBase: number | null = null
  const offsetOf = (key: number, y: number, mo: number, d: number, h: number): number | null => {
    let offset = offsets.get(key)
    if (offset === undefined) {
      const dt = DateTime.fromObject({ year: y, month: mo, day: d, hour: h }, { zone })
      // In a spring-forward gap luxon moves the hour; the offset it reports still applies.
      offset = dt.isValid ? dt.offset * 60_000 : null
      if (offsets.size > 10_000) {
        offsets.clear()
        hours.clear()
        lastKey = -1
      }
      offsets.set(key, offset)
    }
    return offset
  }
  return (y, mo, d, h, mi, s) => {
    if (!(mi >= 0 && mi < 60 && s >= 0 && s < 61)) {
      return null
    }
    const key = ((y * 13 + mo) * 32 + d) * 25 + h
    // Whole numbers in calendar ranges give each hour its own key; anything else (fractions, which Date.UTC
    // truncates) takes the general path, which may share a key with another hour as it always did.
    if (
      (mo | 0) === mo &&
      (d | 0) === d &&
      (h | 0) === h &&
      (mi | 0) === mi &&
      (s | 0) === s &&
      Number.isSafeInteger(y) &&
      mo >= 1 &&
      mo <= 12 &&
      d >= 1 &&
      d <= 31 &&
      h >= 0 &&
      h <= 23 &&
      y >= 0 &&
      y <= 999_999
    ) {
      // The same hour as the last call is the common case.
      if (key !== lastKey) {
        let base = hours.get(key)
        if (base === undefined) {
          const offset = offsetOf(key, y, mo, d, h)
          base = offset === null ? null : Date.UTC(y, mo - 1, d, h) - offset
          hours.set(key, base)
        }
        lastKey = key
        lastBase = base
      }
      return lastBase === null ? null : lastBase + mi * 60_000 + s * 1000
    }
    const offset = offsetOf(key, y, mo, d, h)
    return offset === null ? null : Date.UTC(y, mo - 1, d, h, mi, s) - offset
  }
}

/** `11/29/2026 9:00:12 PM`, `29-11-2026 21:00:12`, `29.11.2026 21:00:12`, `2026-11-29 21:00:12` in `zone`. */
export function parseLocaleDateTime(
  s: string,
  zone: string,
  clock: ReturnType<typeof localClock> = localClock(zone),
): number | null {
  const t = s.trim().slice(0, 100)
  let y: number, mo: number, d: number
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})[T ]/.exec(t)
  const dmy = /^(\d{1,2})([-/.])(\d{1,2})\2(\d{4})\s/.exec(t)
  if (iso) {
    y = +iso[1]!
    mo = +iso[2]!
    d = +iso[3]!
  } else if (dmy) {
    const a = +dmy[1]!
    const b = +dmy[3]!
    y = +dmy[4]!
    // AM/PM means en-US (month first); otherwise day first, unless the numbers say otherwise.
    const monthFirst = b > 12 || (a <= 12 && dmy[2] === '/' && /[ap]\.?m\.?\s*$/i.test(t))
    mo = monthFirst ? a : b
    d = monthFirst ? b : a
  } else {
    return null
  }
  const tm = /[ T](\d{1,2}):(\d{2})(?::(\d{2}))?\s*([ap])?/i.exec(t)
  if (!tm) {
    return null
  }
  let hour = +tm[1]!
  const ampm = tm[4]?.toLowerCase()
  if (ampm === 'p' && hour < 12) {
    hour += 12
  } else if (ampm === 'a' && hour === 12) {
    hour = 0
  }
  return clock(y, mo, d, hour, +tm[2]!, tm[3] ? +tm[3] : 0)
}

function readCsvEvents(text: string, zone: string): WsbEvent[] | null {
  const clock = localClock(zone)
  const unbommed = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  // Windows PowerShell 5.1's Export-Csv writes a `#TYPE …` line before the header.
  const body = unbommed.startsWith('#TYPE') ? unbommed.slice(unbommed.indexOf('\n') + 1) : unbommed
  const rows = csvRecords(body, MAX_EVENTS + 1)
  const header = (rows[0] ?? []).map((h) => h.trim().toLowerCase())
  const events: WsbEvent[] = []
  // Get-WinEvent | Export-Csv: named columns.
  const col = (name: string) => header.indexOf(name)
  if (col('id') >= 0 && col('timecreated') >= 0) {
    const id = col('id')
    const when = col('timecreated')
    const machine = col('machinename')
    const message = col('message')
    const provider = col('providername')
    for (const row of rows.slice(1)) {
      if (provider >= 0 && row[provider] !== PROVIDER) {
        continue
      }
      const n = Number(row[id])
      if (!Number.isInteger(n) || row[id] === '') {
        continue
      }
      events.push({
        id: n,
        at: parseLocaleDateTime(row[when] ?? '', zone, clock),
        computer: (machine >= 0 && row[machine]?.trim()) || null,
        message: tidy(row[message] ?? ''),
        xml: null,
        order: events.length,
      })
    }
    return events
  }
  // Event Viewer "Save as CSV": Level, Date and Time, Source, Event ID, Task Category, then the message (no
  // header of its own). Headers are localised, so the columns are taken by position.
  let matched = 0
  for (const row of rows) {
    if (row.length < 5 || row[2] !== PROVIDER) {
      continue
    }
    matched++
    const n = Number(row[3])
    if (!Number.isInteger(n) || row[3] === '') {
      continue
    }
    events.push({
      id: n,
      at: parseLocaleDateTime(row[1] ?? '', zone, clock),
      computer: null,
      message: tidy(row.slice(5).join(',')),
      xml: null,
      order: events.length,
    })
  }
  return matched > 0 ? events : null
}

interface Operation {
  computer: string | null
  startedAt: number | null
  finishedAt: number | null
  result: RunResult | null
  errors: string[]
  warnings: string[]
}

const RANK: Record<RunResult, number> = { success: 0, warning: 1, failed: 2 }

function toRun(op: Operation, result: RunResult): BackupRun {
  return {
    kind: 'backup',
    job: op.computer ? `${op.computer} wsb` : 'wsb',
    host: op.computer,
    startedAt: op.startedAt,
    finishedAt: op.finishedAt,
    result,
    bytes: null,
    files: null,
    errors: op.errors,
    warnings: op.warnings,
  }
}

function push(list: string[], text: string): void {
  if (list.length < LIMITS.messages) {
    list.push(text.slice(0, LIMITS.messageChars))
  }
}

/** Pairs start (1), outcome and end (14) events per computer into one run per backup operation. */
export function pairOperations(events: WsbEvent[]): BackupRun[] {
  // Same-second events (Event Viewer lists newest first) are put in their natural order: start, outcome, end.
  const phase = (e: WsbEvent) => (e.id === START ? 0 : e.id === END_MARKER ? 2 : 1)
  const sorted = [...events].sort((a, b) => (a.at ?? 0) - (b.at ?? 0) || phase(a) - phase(b) || a.order - b.order)
  const open = new Map<string, Operation>()
  const runs: BackupRun[] = []
  const close = (key: string, why: 'end' | 'restart') => {
    const op = open.get(key)
    open.delete(key)
    if (!op) {
      return
    }
    if (op.result === null) {
      // 14 only says "completed"; a start followed by another start never finished. Neither is a success.
      push(op.errors, why === 'end' ? 'backup ended (event 14) without a result event' : 'backup did not finish')
    }
    runs.push(toRun(op, op.result ?? 'failed'))
  }
  for (const e of sorted) {
    const key = e.computer ?? ''
    if (e.id === START) {
      close(key, 'restart')
      open.set(key, {
        computer: e.computer,
        startedAt: e.at,
        finishedAt: null,
        result: null,
        errors: [],
        warnings: [],
      })
      continue
    }
    if (e.id === END_MARKER) {
      const op = open.get(key)
      if (op) {
        op.finishedAt = e.at ?? op.finishedAt
        close(key, 'end')
      }
      continue
    }
    const outcome = OUTCOME.get(e.id)
    if (!outcome) {
      continue
    }
    let op = open.get(key)
    const orphan = !op
    if (!op) {
      op = { computer: e.computer, startedAt: null, finishedAt: null, result: null, errors: [], warnings: [] }
      open.set(key, op)
    }
    op.finishedAt = e.at ?? op.finishedAt
    if (op.result === null || RANK[outcome] > RANK[op.result]) {
      op.result = outcome
    }
    // A success keeps no text: its event's text is not read at all.
    const list = outcome === 'failed' ? op.errors : outcome === 'warning' ? op.warnings : null
    if (list !== null && list.length < LIMITS.messages) {
      const message = messageOf(e)
      push(list, `event ${e.id}${message ? ': ' + message : ''}`)
    }
    // An outcome whose start is outside the report is a run of its own.
    if (orphan) {
      close(key, 'end')
    }
  }
  // Operations still open at the end of the report: a result already seen counts, a bare start is still running.
  for (const [key, op] of open) {
    if (op.result !== null) {
      close(key, 'end')
    }
  }
  return runs.sort((a, b) => (a.finishedAt ?? a.startedAt ?? 0) - (b.finishedAt ?? b.startedAt ?? 0))
}

function isXml(text: string): boolean {
  const head = text.slice(0, 64 * 1024)
  return head.includes('<Event') && head.includes('schemas.microsoft.com/win/2004/08/events/event')
}

export const windowsBackup: Parser = {
  format: 'windows-backup',
  kind: 'backup',
  detect(input: ReportInput) {
    const head = input.text.slice(0, 64 * 1024)
    if (!head.includes(PROVIDER)) {
      return false
    }
    if (isXml(head)) {
      return true
    }
    // CSV: Event Viewer's ",Microsoft-Windows-Backup," column or Export-Csv's header.
    return head.includes(',' + PROVIDER + ',') || head.includes(',"' + PROVIDER + '",')
  },
  parse(input: ReportInput) {
    try {
      const text = input.text
      let events: WsbEvent[] | null
      if (isXml(text)) {
        events = readXmlEvents(text)
      } else {
        events = text.slice(0, 64 * 1024).includes(PROVIDER) ? readCsvEvents(text, input.timeZone) : null
      }
      if (!events || events.length === 0) {
        return { status: 'unparsed', reason: 'no Microsoft-Windows-Backup events found (event XML or CSV)' }
      }
      const runs = pairOperations(events)
      if (runs.length === 0) {
        return { status: 'unparsed', reason: 'Microsoft-Windows-Backup events hold no finished backup operation' }
      }
      return { status: 'parsed', events: runs }
    } catch (e) {
      return { status: 'unparsed', reason: `windows-backup parser error: ${String(e).slice(0, 200)}` }
    }
  },
}
