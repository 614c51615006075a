// Windows Server Backup: events of the Microsoft-Windows-Backup provider, exported as event XML
// (`wevtutil qe Microsoft-Windows-Backup /f:xml`, wrapped in <Events>) or as CSV (Event Viewer "Save as CSV", or
// `Get-WinEvent | Export-Csv`). A report may span days: events are paired into one run per backup operation
// (start event 1 … result … end marker 14). Event IDs and meanings: BlbEvents.dll's message table.
import { DateTime } from 'luxon'
import { digitsAt, flat, indexOfWord, isAt, isDigit, skipSpace, trimEndAt, utcMillis } from './text.js'
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
  /** The event's text; for an XML record read from the record when it is first asked for (see messageOf). */
  message: string | null
  /** An XML record: the export it is in, and where it starts and ends in it (start -1: a CSV row). */
  source: string
  start: number
  end: number
  order: number
}

/** The event's text: its rendered `<Message>`, else its `<Data>` fields. */
function messageOf(e: WsbEvent): string {
  if (e.message === null) {
    // The record is sliced only here: most events' texts are never asked for.
    const xml = e.start < 0 ? null : e.source.slice(e.start, e.end)
    const rendered = xml === null ? null : elementText(xml, 'Message')
    e.message = tidy(rendered?.trim() || (xml === null ? '' : dataFields(xml).join('; ')))
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
    const open = tagFrom(xml, tag, from)
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

/**
 * The name in xml[from, to) as /Name=["']([^"'<>]{1,80})["']/ captures it, or null: at the first `Name=` where a
 * quote, one to 80 characters other than quotes and angle brackets, and a quote follow (no regex: a few per event).
 */
function nameIn(xml: string, from: number, to: number): string | null {
  for (let at = xml.indexOf('Name=', from); at >= 0 && at + 5 < to; at = xml.indexOf('Name=', at + 1)) {
    const quote = xml.charCodeAt(at + 5)
    if (quote !== 34 && quote !== 39) {
      continue
    }
    // The run of name characters can only end at a quote when it ends within 80 of them.
    const start = at + 6
    let i = start
    while (i < to && i - start <= 80) {
      const c = xml.charCodeAt(i)
      if (c === 34 || c === 39 || c === 60 || c === 62) {
        break
      }
      i++
    }
    const c = i < to ? xml.charCodeAt(i) : 0
    if (i > start && i - start <= 80 && (c === 34 || c === 39)) {
      return xml.slice(start, i)
    }
  }
  return null
}

/** `<Data Name='HRESULT'>0x80042302</Data>` pairs, at most a few dozen per event. */
function dataFields(xml: string): string[] {
  const out: string[] = []
  let from = 0
  while (out.length < 64) {
    const open = tagFrom(xml, 'Data', from)
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
    // The close tag is the first '<' after the value when the value is plain text.
    const lt = xml.indexOf('<', gt)
    const close = lt < 0 ? -1 : isAt(xml, lt, '</Data>') ? lt : indexOfWord(xml, '</Data>', lt + 1)
    if (close < 0) {
      break
    }
    from = close + 7
    const name = nameIn(xml, open, gt)
    const value = decodeXml(xml.slice(gt + 1, close)).trim()
    // The template GUID is the same in every event; it says nothing about the outcome.
    if (value && name !== 'BackupTemplateID') {
      out.push(name !== null ? `${name}=${value}` : value)
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
  const tags: RecordTags = { provider: -1, timeCreated: -1, eventId: -1, computer: -1 }
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
  // Each value is read where it stands when it has the form Windows writes (see the *At functions), else the general
  // way, in the record sliced (xml = text[open, end)). Characters are read from `text` itself (at the record's
  // offset): reading them through the slice costs a good deal more.
  if (tags.provider >= 0 && tags.provider + 9 <= end && otherProvider(text, open, end, tags.provider)) {
    return
  }
  const id = tags.eventId >= 0 && tags.eventId + 8 < end ? eventIdAt(text, open, end, tags.eventId) : NaN
  if (!Number.isInteger(id)) {
    return
  }
  const at =
    tags.timeCreated >= 0 && tags.timeCreated + 12 <= end ? timeCreatedAt(text, open, end, tags.timeCreated) : null
  const computer = tags.computer >= 0 && tags.computer + 9 < end ? computerAt(text, open, end, tags) : null
  events.push({ id, at, computer, message: null, source: text, start: open, end, order: events.length })
}

/**
 * What follows `<Provider` and `<TimeCreated` (which the walk found) as Windows writes them. Compared as a slice: a
 * string compare is native, and costs less than a loop over the characters of a two-byte text (one with a single
 * non-Latin-1 character, as Windows's left-to-right marks are).
 */
const PROVIDER_NAME = ` Name='${PROVIDER}'`
const SYSTEM_TIME = " SystemTime='"

/**
 * Whether the provider of the record xml = text[open, end), whose `<Provider` is at text[p], is another than PROVIDER
 * (as attributeSpan and decodeXml read it; no Name: not another). Windows's own form is one string compare: it holds
 * no '>' or quote that would end the tag or the value before the name does.
 */
function otherProvider(text: string, open: number, end: number, p: number): boolean {
  if (p + 9 + PROVIDER_NAME.length <= end && text.slice(p + 9, p + 9 + PROVIDER_NAME.length) === PROVIDER_NAME) {
    return false
  }
  const xml = text.slice(open, end)
  const from = attributeSpan(xml, p - open, 'Name', SPAN, text, open)
  return (
    from >= 0 &&
    !(SPAN.to - from === PROVIDER.length && isAt(text, open + from, PROVIDER)) &&
    decodeXml(xml.slice(from, SPAN.to)) !== PROVIDER
  )
}

/**
 * The event ID of the record xml = text[open, end), whose `<EventID` is at text[e], as elementSpan and Number read
 * it (NaN: none). `<EventID>4</EventID` (one to nine digits, then the close tag) is read in place: the first '>' and
 * '<' after the tag are the ones elementSpan finds.
 */
function eventIdAt(text: string, open: number, end: number, e: number): number {
  if (text.charCodeAt(e + 8) === 62) {
    let q = e + 9
    while (q < end && q < e + 19 && isDigit(text.charCodeAt(q))) {
      q++
    }
    if (q > e + 9 && q < e + 19 && q < end && isAt(text, q, '</EventID')) {
      return digitsAt(text, e + 9, q - e - 9)
    }
  }
  const xml = text.slice(open, end)
  const from = elementSpan(xml, e - open, 'EventID', SPAN, text, open)
  if (from < 0) {
    return NaN
  }
  const digits = SPAN.to - from
  const n = digits > 0 && digits <= 9 ? digitsAt(text, open + from, digits) : -1
  return n >= 0 ? n : Number(decodeXml(xml.slice(from, SPAN.to)).trim())
}

/**
 * The time of the record xml = text[open, end), whose `<TimeCreated` is at text[t], as attributeSpan and isoUtc read
 * it (null: none). Windows's form is read in place: a time that isoUtcAt reads holds no quote or '>', so the quote
 * after it is the one that ends the value.
 */
function timeCreatedAt(text: string, open: number, end: number, t: number): number | null {
  if (t + 12 + SYSTEM_TIME.length <= end && text.slice(t + 12, t + 12 + SYSTEM_TIME.length) === SYSTEM_TIME) {
    const v = t + 12 + SYSTEM_TIME.length
    // `YYYY-MM-DDTHH:MM:SS`, a '.' and up to nine digits, the 'Z' and the quote.
    let z = v + 19
    if (text.charCodeAt(z) === 46) {
      z++
      while (z < v + 29 && isDigit(text.charCodeAt(z))) {
        z++
      }
    }
    if (z + 1 < end && text.charCodeAt(z) === 90 && text.charCodeAt(z + 1) === 39) {
      const at = isoUtcAt(text, v, z + 1)
      if (at !== null) {
        return at
      }
    }
  }
  const xml = text.slice(open, end)
  const from = attributeSpan(xml, t - open, 'SystemTime', SPAN, text, open)
  if (from < 0 || from >= SPAN.to) {
    return null
  }
  return isoUtcAt(text, open + from, open + SPAN.to) ?? isoUtc(decodeXml(xml.slice(from, SPAN.to)).trim())
}

/**
 * The computer name read last (one without '<'; '' for none), kept from report to report: a log names the same computer
 * again and again, and the one string keeps its hash for the Map lookups that pair the events. It is only compared
 * with the text, so that an old one costs a compare.
 */
let lastComputer = ''

/**
 * The computer of the record xml = text[open, end), whose `<Computer` is at tags.computer, as elementSpan, decodeXml and
 * trim read it (null: none or empty). The name read last (without '<', '&' or white space at its ends) is compared
 * where it would stand, between `<Computer>` and `</Computer`.
 */
function computerAt(text: string, open: number, end: number, tags: RecordTags): string | null {
  const c = tags.computer
  const known = lastComputer
  if (known !== '' && text.charCodeAt(c + 9) === 62) {
    const close = c + 10 + known.length
    if (
      close < end &&
      text.charCodeAt(close) === 60 &&
      text.slice(c + 10, close) === known &&
      isAt(text, close, '</Computer')
    ) {
      return known
    }
  }
  const xml = text.slice(open, end)
  const from = elementSpan(xml, c - open, 'Computer', SPAN, text, open)
  if (from < 0) {
    return null
  }
  const to = open + SPAN.to
  // Only a name with an entity needs decoding (the rest of the record is not searched for one).
  for (let i = open + from; i < to; i++) {
    if (text.charCodeAt(i) === 38) {
      return decodeXml(xml.slice(from, SPAN.to)).trim() || null
    }
  }
  const first = skipSpace(text, open + from, to)
  const last = trimEndAt(text, first, to)
  if (first === last) {
    return null
  }
  if (known.length === last - first && isAt(text, first, known)) {
    return known
  }
  const name = flat(text.slice(first, last))
  if (name.indexOf('<') < 0) {
    lastComputer = name
  }
  return name
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

/** The hour isoUtcAt read last (`((y * 100 + mo) * 100 + d) * 100 + h`, -1: none) and its first millisecond. */
const lastHour = { key: -1, base: 0 }

/** isoUtc's own reading of s[from, to) (`YYYY-MM-DDTHH:MM:SS[.fffffff]Z` only), or null for luxon to try. */
function isoUtcAt(s: string, from: number, to: number): number | null {
  const n = to - from
  if (!(
    n >= 20 &&
    n <= 30 &&
    s.charCodeAt(from + 4) === 45 &&
    s.charCodeAt(from + 7) === 45 &&
    s.charCodeAt(from + 10) === 84 &&
    s.charCodeAt(from + 13) === 58 &&
    s.charCodeAt(from + 16) === 58 &&
    s.charCodeAt(to - 1) === 90
  )) {
    return null
  }
  // Each digit is read once: its value, and or-ed with 9 minus it, which is negative unless it is 0-9.
  const y0 = s.charCodeAt(from) - 48
  const y1 = s.charCodeAt(from + 1) - 48
  const y2 = s.charCodeAt(from + 2) - 48
  const y3 = s.charCodeAt(from + 3) - 48
  const mo0 = s.charCodeAt(from + 5) - 48
  const mo1 = s.charCodeAt(from + 6) - 48
  const d0 = s.charCodeAt(from + 8) - 48
  const d1 = s.charCodeAt(from + 9) - 48
  const h0 = s.charCodeAt(from + 11) - 48
  const h1 = s.charCodeAt(from + 12) - 48
  const mi0 = s.charCodeAt(from + 14) - 48
  const mi1 = s.charCodeAt(from + 15) - 48
  const s0 = s.charCodeAt(from + 17) - 48
  const s1 = s.charCodeAt(from + 18) - 48
  if (
    (y0 |
      y1 |
      y2 |
      y3 |
      mo0 |
      mo1 |
      d0 |
      d1 |
      h0 |
      h1 |
      mi0 |
      mi1 |
      s0 |
      s1 |
      (9 - y0) |
      (9 - y1) |
      (9 - y2) |
      (9 - y3) |
      (9 - mo0) |
      (9 - mo1) |
      (9 - d0) |
      (9 - d1) |
      (9 - h0) |
      (9 - h1) |
      (9 - mi0) |
      (9 - mi1) |
      (9 - s0) |
      (9 - s1)) <
    0
  ) {
    return null
  }
  let fraction = 0
  if (n !== 20) {
    fraction = n >= 22 && s.charCodeAt(from + 19) === 46 ? digitsAt(s, from + 20, n - 21) : -1
    if (fraction < 0) {
      return null
    }
  }
  const mi = mi0 * 10 + mi1
  const sec = s0 * 10 + s1
  if (!(mi <= 59 && sec <= 59)) {
    return null
  }
  const y = y0 * 1000 + y1 * 100 + y2 * 10 + y3
  const mo = mo0 * 10 + mo1
  const d = d0 * 10 + d1
  const h = h0 * 10 + h1
  // The events of a log fall in few hours: an hour's checks and its first millisecond are kept from the last event.
  const key = ((y * 100 + mo) * 100 + d) * 100 + h
  if (key !== lastHour.key) {
    const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)
    if (!(
      y >= 100 &&
      mo >= 1 &&
      mo <= 12 &&
      d >= 1 &&
      d <= (mo === 2 && leap ? 29 : DAYS_IN_MONTH[mo - 1]!) &&
      h <= 23
    )) {
      return null
    }
    lastHour.key = key
    lastHour.base = utcMillis(y, mo, d, h, 0, 0)
  }
  // luxon: Math.floor(parseFloat('0.' + fraction) * 1000). The fraction's digits (at most nine) over their power of
  // ten is the same double as that parseFloat: both are the nearest double to the same decimal.
  const ms = n === 20 ? 0 : Math.floor((fraction / POWERS_OF_TEN[n - 21]!) * 1000)
  return lastHour.base + mi * 60_000 + sec * 1000 + ms
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
    // truncates, or an hour past 23) takes the general path below.
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
    // Anything else is rare and asks luxon each time: cached, its key could stand for a real hour (day 5 hour 25 has
    // the key of day 6 hour 0) and spoil that hour's time. A NaN (a garbled digit) is no time; luxon would throw.
    if (!(Number.isFinite(y) && Number.isFinite(mo) && Number.isFinite(d) && Number.isFinite(h))) {
      return null
    }
    const dt = DateTime.fromObject({ year: y, month: mo, day: d, hour: h }, { zone })
    return dt.isValid ? Date.UTC(y, mo - 1, d, h, mi, s) - dt.offset * 60_000 : null
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
        source: '',
        start: -1,
        end: -1,
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
      source: '',
      start: -1,
      end: -1,
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

/** Same-second events (Event Viewer lists newest first) are put in their natural order: start, outcome, end. */
const phase = (e: WsbEvent): number => (e.id === START ? 0 : e.id === END_MARKER ? 2 : 1)

/**
 * The events by time (none as 0), then phase, then order: a sort of them. Events listed in their order (as the readers
 * list them) are grouped instead: each time's events go to their phase's list as they come, and the distinct times
 * are sorted, a Map lookup per event rather than a comparison for each of the ~log2(n) steps of a sort.
 */
function inPairingOrder(events: WsbEvent[]): WsbEvent[] {
  const groups = groupsByTime(events)
  if (groups === null) {
    return [...events].sort((a, b) => (a.at ?? 0) - (b.at ?? 0) || phase(a) - phase(b) || a.order - b.order)
  }
  const sorted = new Array<WsbEvent>(events.length)
  let i = 0
  for (const at of Float64Array.from(groups.keys()).sort()) {
    for (const list of groups.get(at)!) {
      for (const e of list) {
        sorted[i++] = e
      }
    }
  }
  return sorted
}

/** The events per time and phase, in their order; null when they are not listed in their order. */
function groupsByTime(events: WsbEvent[]): Map<number, WsbEvent[][]> | null {
  const groups = new Map<number, WsbEvent[][]>()
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!
    if (i > 0 && e.order <= events[i - 1]!.order) {
      return null
    }
    const at = e.at ?? 0
    let group = groups.get(at)
    if (group === undefined) {
      group = [[], [], []]
      groups.set(at, group)
    }
    group[phase(e)]!.push(e)
  }
  return groups
}

/** The operation open for a computer (null: none), and when it was opened: the order of the keys of a Map. */
interface Slot {
  op: Operation | null
  seq: number
}

/** The operations still open per computer, and the runs made so far. */
interface Pairing {
  /**
   * A closed operation leaves its computer's slot empty rather than deleting the key: a Map that loses and regains
   * its key at every event reallocates its table again and again.
   */
  open: Map<string, Slot>
  /** How many operations were opened. */
  seq: number
  runs: BackupRun[]
}

/** The operation open for `key`, if any. */
function openOf(pairing: Pairing, key: string): Operation | undefined {
  return pairing.open.get(key)?.op ?? undefined
}

/** Opens `op` for `key` (which has none open): last in the order of the open operations, as a Map's set. */
function openOperation(pairing: Pairing, key: string, op: Operation): void {
  const slot = pairing.open.get(key)
  pairing.seq++
  if (slot === undefined) {
    pairing.open.set(key, { op, seq: pairing.seq })
  } else {
    slot.op = op
    slot.seq = pairing.seq
  }
}

/** Ends the operation open for `key` (if any) as a run. */
function closeOperation(pairing: Pairing, key: string, why: 'end' | 'restart'): void {
  const slot = pairing.open.get(key)
  const op = slot?.op
  if (!slot || !op) {
    return
  }
  slot.op = null
  if (op.result === null) {
    // 14 only says "completed"; a start followed by another start never finished. Neither is a success.
    push(op.errors, why === 'end' ? 'backup ended (event 14) without a result event' : 'backup did not finish')
  }
  pairing.runs.push(toRun(op, op.result ?? 'failed'))
}

/** One event, in pairing order, into the pairing. A function of its own (called per event) that V8 optimises early. */
function pairEvent(pairing: Pairing, e: WsbEvent): void {
  const key = e.computer ?? ''
  if (e.id === START) {
    closeOperation(pairing, key, 'restart')
    openOperation(pairing, key, {
      computer: e.computer,
      startedAt: e.at,
      finishedAt: null,
      result: null,
      errors: [],
      warnings: [],
    })
    return
  }
  if (e.id === END_MARKER) {
    const op = openOf(pairing, key)
    if (op) {
      op.finishedAt = e.at ?? op.finishedAt
      closeOperation(pairing, key, 'end')
    }
    return
  }
  const outcome = OUTCOME.get(e.id)
  if (!outcome) {
    return
  }
  let op = openOf(pairing, key)
  const orphan = !op
  if (!op) {
    op = { computer: e.computer, startedAt: null, finishedAt: null, result: null, errors: [], warnings: [] }
    openOperation(pairing, key, op)
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
    closeOperation(pairing, key, 'end')
  }
}

/** Pairs start (1), outcome and end (14) events per computer into one run per backup operation. */
export function pairOperations(events: WsbEvent[]): BackupRun[] {
  const sorted = inPairingOrder(events)
  const pairing: Pairing = { open: new Map(), seq: 0, runs: [] }
  for (const e of sorted) {
    pairEvent(pairing, e)
  }
  // Operations still open at the end of the report, in the order they were opened: a result already seen counts, a
  // bare start is still running.
  const stillOpen = [...pairing.open].filter(([, slot]) => slot.op !== null).sort((a, b) => a[1].seq - b[1].seq)
  for (const [key, slot] of stillOpen) {
    if (slot.op!.result !== null) {
      closeOperation(pairing, key, 'end')
    }
  }
  return pairing.runs.sort((a, b) => (a.finishedAt ?? a.startedAt ?? 0) - (b.finishedAt ?? b.startedAt ?? 0))
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
