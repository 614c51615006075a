// Business calendars: when the MSP's clock runs. Pure: no I/O, no Date.now(); instants are UTC epoch milliseconds,
// durations are seconds.
//
// An instant is open when its local wall-clock time (in the calendar's time zone) falls in an opening range of its
// local weekday, and its local date is neither a public holiday nor a closure. That is the definition a person
// checking minute by minute would use, and it settles the DST nights by itself: in Europe/Amsterdam a range of
// 01:00–04:00 is 2 real hours on the spring night (02:00–03:00 does not exist) and 4 on the autumn night
// (02:00–03:00 happens twice).
//
// Cost: the open intervals of each local day are computed once, as UTC ms, and kept in blocks of 64 UTC days
// (sorted interval starts and ends and a prefix sum of open ms), built on first use and kept in a bounded cache.
// A deadline or a duration is then a block lookup and a binary search; only targets longer than a block walk over
// whole blocks, one step per 64 days.
import type Holidays from 'date-holidays'
import { IANAZone } from 'luxon'
import { z } from 'zod'
import { required } from '../../platform/lazy.js'

// The holiday rules of every country (several MB in memory): required when a calendar first needs a holiday, so a
// server that has not computed a clock yet does not carry them.
const holidayLibrary = required<typeof Holidays>('date-holidays')

const MINUTE_MS = 60_000
const HOUR_MS = 60 * MINUTE_MS
const DAY_MS = 24 * HOUR_MS
const BLOCK_DAYS = 64
const BLOCK_MS = BLOCK_DAYS * DAY_MS
/** addBusinessSeconds gives up (POSITIVE_INFINITY) beyond this. */
const HORIZON_MS = 20 * 366 * DAY_MS
/** businessSecondsBetween and spans refuse longer ranges: every loop here stays bounded. */
const MAX_RANGE_MS = 200 * 366 * DAY_MS
/** Blocks kept per calendar: 256 × 64 days is about 45 years, a few hundred kB at most. */
const MAX_BLOCKS = 256
const MAX_HOLIDAY_YEARS = 64
/** No zone is further than this from UTC (Pacific/Kiritimati is +14:00). */
const MAX_OFFSET_MS = 15 * HOUR_MS

// ---------------------------------------------------------------------------------------------------------------
// Spec and validation

const HHMM = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/

/** Minutes after local midnight of 'HH:MM'; NaN when malformed. */
function minutesOf(hhmm: string): number {
  if (!HHMM.test(hhmm)) {
    return Number.NaN
  }
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5))
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
}

/** The date of a day number (days since 1970-01-01) as [year, month, day]. */
function civilFromDays(days: number): [number, number, number] {
  const z2 = days + 719468
  const era = Math.floor(z2 / 146097)
  const doe = z2 - era * 146097
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365)
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1
  const month = mp + (mp < 10 ? 3 : -9)
  return [month <= 2 ? yoe + era * 400 + 1 : yoe + era * 400, month, day]
}

/** Day number of 'YYYY-MM-DD', or null when it is not a real date. */
function dayOfIsoDate(date: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date)
  if (!m) {
    return null
  }
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const days = daysFromCivil(y, mo, d)
  const back = civilFromDays(days)
  return back[0] === y && back[1] === mo && back[2] === d ? days : null
}

let holidayCountries: Set<string> | undefined
function knownCountries(): Set<string> {
  holidayCountries ??= new Set(Object.keys(new (holidayLibrary())().getCountries()))
  return holidayCountries
}

const OpeningRange = z
  .object({
    day: z.literal([1, 2, 3, 4, 5, 6, 7], { error: 'day must be an ISO weekday from 1 (Monday) to 7 (Sunday)' }),
    from: z.string().regex(HHMM, 'from must be a local time HH:MM such as 08:30'),
    to: z.string().regex(HHMM, 'to must be a local time HH:MM such as 17:30 (24:00 for midnight)'),
  })
  .refine((h) => !(minutesOf(h.from) >= minutesOf(h.to)), { path: ['to'], message: 'to must be later than from' })

const HolidaySource = z
  .object({
    country: z.string().regex(/^[A-Z]{2}$/, 'holidays.country must be an ISO 3166 country code such as NL'),
    state: z.string().min(1).max(10).optional(),
  })
  .superRefine((h, ctx) => {
    if (!/^[A-Z]{2}$/.test(h.country)) {
      return
    }
    if (!knownCountries().has(h.country)) {
      ctx.addIssue({
        code: 'custom',
        path: ['country'],
        message: `holidays.country ${h.country} is not a country the holiday calendar knows`,
      })
      return
    }
    if (h.state !== undefined && !(h.state in (new (holidayLibrary())().getStates(h.country) ?? {}))) {
      ctx.addIssue({
        code: 'custom',
        path: ['state'],
        message: `holidays.state ${h.state} is not a state or province of ${h.country} the holiday calendar knows`,
      })
    }
  })

export const CalendarSpec = z.object({
  timeZone: z
    .string()
    .refine((tz) => IANAZone.isValidZone(tz), 'timeZone must be an IANA time zone such as Europe/Amsterdam'),
  alwaysOpen: z.boolean({ error: 'alwaysOpen must be true or false' }),
  hours: z.array(OpeningRange).max(200, 'hours may hold at most 200 ranges'),
  holidays: HolidaySource.nullable(),
  closures: z
    .array(z.string().refine((d) => dayOfIsoDate(d) !== null, 'closures must hold real dates YYYY-MM-DD'))
    .max(5000, 'closures may hold at most 5000 dates'),
})
export type CalendarSpec = z.infer<typeof CalendarSpec>

export type SpanKind = 'open' | 'outside-hours' | 'holiday' | 'closure'
export interface CalendarSpan {
  from: number
  to: number
  kind: SpanKind
  /** The holiday's name, in the holiday calendar's default language for the country. */
  name?: string
}

export interface BusinessCalendar {
  readonly spec: CalendarSpec
  /**
   * The instant at which `seconds` of open time have passed after `start` (epoch ms). seconds = 0 → start.
   * Returns Number.POSITIVE_INFINITY when not reachable within 20 years (e.g. no opening hours at all).
   * O(1) for targets up to 64 days; @throws RangeError for a non-finite start or negative seconds.
   */
  addBusinessSeconds(start: number, seconds: number): number
  /** Open seconds in [from, to); 0 when to <= from. O(1) for ranges up to 64 days. */
  businessSecondsBetween(from: number, to: number): number
  /** Consecutive spans covering [from, to), each open or closed with its reason (holiday beats closure beats outside-hours). */
  spans(from: number, to: number): CalendarSpan[]
  isOpen(at: number): boolean
  /** `at` when open, else the next instant the calendar opens; POSITIVE_INFINITY when not within 20 years. */
  nextOpenAt(at: number): number
}

/** The two calendars every installation has: office hours with Dutch public holidays, and around the clock. */
export function defaultCalendars(): Record<'business' | '24x7', CalendarSpec> {
  const weekdays = [1, 2, 3, 4, 5] as const
  return {
    business: {
      timeZone: 'Europe/Amsterdam',
      alwaysOpen: false,
      hours: weekdays.map((day) => ({ day, from: '08:30', to: '17:30' })),
      holidays: { country: 'NL' },
      closures: [],
    },
    '24x7': { timeZone: 'Europe/Amsterdam', alwaysOpen: true, hours: [], holidays: null, closures: [] },
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Compiled calendar

interface Day {
  from: number
  to: number
  closed: 'holiday' | 'closure' | null
  name: string | undefined
  /** Open intervals inside [from, to), flat: start, end, start, end, … */
  open: number[]
}

interface Block {
  starts: Float64Array
  ends: Float64Array
  /** Open ms in this block before interval i. */
  before: Float64Array
  total: number
  days: Day[]
}

function checkInstant(what: string, t: number): void {
  if (!Number.isFinite(t)) {
    throw new RangeError(`${what} must be a finite instant in epoch ms, got ${t}`)
  }
}

function checkRange(from: number, to: number): void {
  checkInstant('from', from)
  checkInstant('to', to)
  if (to - from > MAX_RANGE_MS) {
    throw new RangeError('a calendar range may span at most 200 years')
  }
}

/** Index of the first element > x in a sorted array. */
function upperBound(a: Float64Array, x: number): number {
  let lo = 0
  let hi = a.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (a[mid]! <= x) {
      lo = mid + 1
    } else {
      hi = mid
    }
  }
  return lo
}

/** A zone's UTC offsets (ms) as a step function: values[i] holds before changes[i] and from changes[i - 1] on. */
interface Offsets {
  changes: number[]
  values: number[]
}

/** How many changes lie at or before t (the index of the piece holding t); a block has a handful at most. */
function piecesUntil(changes: number[], t: number): number {
  let i = 0
  while (i < changes.length && changes[i]! <= t) {
    i++
  }
  return i
}

/**
 * The first UTC instant of local day `d`: the first instant whose local time is at or after its midnight. Usually
 * midnight itself; on a day whose midnight falls in a DST gap (e.g. America/Santiago), the instant of the jump.
 */
function localMidnight(offsets: Offsets, d: number): number {
  const midnight = d * DAY_MS
  const { changes, values } = offsets
  for (let p = 0; p <= changes.length; p++) {
    const from = p > 0 ? changes[p - 1]! : Number.NEGATIVE_INFINITY
    const to = p < changes.length ? changes[p]! : Number.POSITIVE_INFINITY
    const offset = values[p]!
    if (from + offset >= midnight) {
      return from
    }
    if (midnight - offset < to) {
      return midnight - offset
    }
  }
  return midnight - values[values.length - 1]!
}

class AlwaysOpen implements BusinessCalendar {
  constructor(readonly spec: CalendarSpec) {}

  addBusinessSeconds(start: number, seconds: number): number {
    checkInstant('start', start)
    const ms = durationMs(seconds)
    return ms > HORIZON_MS ? Number.POSITIVE_INFINITY : start + ms
  }

  businessSecondsBetween(from: number, to: number): number {
    checkRange(from, to)
    return to > from ? (to - from) / 1000 : 0
  }

  spans(from: number, to: number): CalendarSpan[] {
    checkRange(from, to)
    return to > from ? [{ from, to, kind: 'open' }] : []
  }

  isOpen(): boolean {
    return true
  }

  nextOpenAt(at: number): number {
    checkInstant('at', at)
    return at
  }
}

/** Milliseconds of a duration in seconds; rounding to whole ms keeps every instant an integer. */
function durationMs(seconds: number): number {
  if (!(seconds >= 0)) {
    throw new RangeError(`seconds must be a duration >= 0, got ${seconds}`)
  }
  return seconds === Number.POSITIVE_INFINITY ? seconds : Math.round(seconds * 1000)
}

class HoursCalendar implements BusinessCalendar {
  private readonly zone: IANAZone
  /** Per ISO weekday (index 1–7): merged opening ranges as ms after local midnight, flat: from, to, … */
  private readonly week: number[][]
  private readonly neverOpen: boolean
  private readonly closures: Set<number>
  private holidayLib: Holidays | undefined
  private readonly holidayYears = new Map<number, Map<number, string>>()
  private readonly blocks = new Map<number, Block>()

  constructor(readonly spec: CalendarSpec) {
    this.zone = IANAZone.create(spec.timeZone)
    this.week = [[], [], [], [], [], [], [], []]
    for (let day = 1; day <= 7; day++) {
      const ranges = spec.hours
        .filter((h) => h.day === day)
        .map((h) => [minutesOf(h.from) * MINUTE_MS, minutesOf(h.to) * MINUTE_MS] as const)
        .sort((a, b) => a[0] - b[0])
      const merged: number[] = []
      for (const [from, to] of ranges) {
        const last = merged.length - 1
        if (last > 0 && from <= merged[last]!) {
          merged[last] = Math.max(merged[last]!, to)
        } else {
          merged.push(from, to)
        }
      }
      this.week[day] = merged
    }
    this.neverOpen = this.week.every((ranges) => ranges.length === 0)
    this.closures = new Set(spec.closures.map((d) => dayOfIsoDate(d)).filter((d) => d !== null))
  }

  addBusinessSeconds(start: number, seconds: number): number {
    checkInstant('start', start)
    const ms = durationMs(seconds)
    if (ms === 0) {
      return start
    }
    if (this.neverOpen || ms > HORIZON_MS) {
      return Number.POSITIVE_INFINITY
    }
    let k = Math.floor(start / BLOCK_MS)
    let block = this.block(k)
    // Open ms from the block's start until the wanted instant.
    let need = this.openBefore(block, start) + ms
    const lastBlock = Math.floor((start + HORIZON_MS) / BLOCK_MS)
    while (need > block.total) {
      need -= block.total
      k++
      if (k > lastBlock) {
        return Number.POSITIVE_INFINITY
      }
      block = this.block(k)
    }
    // The first interval whose end reaches `need`; need > 0 here, so it exists.
    const before = block.before
    let lo = 0
    let hi = before.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (before[mid]! + block.ends[mid]! - block.starts[mid]! < need) {
        lo = mid + 1
      } else {
        hi = mid
      }
    }
    const at = block.starts[lo]! + need - before[lo]!
    return at - start > HORIZON_MS ? Number.POSITIVE_INFINITY : at
  }

  businessSecondsBetween(from: number, to: number): number {
    checkRange(from, to)
    if (to <= from || this.neverOpen) {
      return 0
    }
    const kFrom = Math.floor(from / BLOCK_MS)
    const kTo = Math.floor(to / BLOCK_MS)
    const first = this.block(kFrom)
    if (kFrom === kTo) {
      return (this.openBefore(first, to) - this.openBefore(first, from)) / 1000
    }
    let ms = first.total - this.openBefore(first, from)
    for (let k = kFrom + 1; k < kTo; k++) {
      ms += this.block(k).total
    }
    return (ms + this.openBefore(this.block(kTo), to)) / 1000
  }

  spans(from: number, to: number): CalendarSpan[] {
    checkRange(from, to)
    const out: CalendarSpan[] = []
    if (to <= from) {
      return out
    }
    const push = (s: number, e: number, kind: SpanKind, name: string | undefined) => {
      const a = Math.max(s, from)
      const b = Math.min(e, to)
      if (a >= b) {
        return
      }
      const last = out[out.length - 1]
      if (last && last.to === a && last.kind === kind && last.name === name) {
        last.to = b
      } else {
        out.push(name === undefined ? { from: a, to: b, kind } : { from: a, to: b, kind, name })
      }
    }
    const kTo = Math.floor((to - 1) / BLOCK_MS)
    for (let k = Math.floor(from / BLOCK_MS); k <= kTo; k++) {
      for (const day of this.block(k).days) {
        if (day.to <= from || day.from >= to) {
          continue
        }
        if (day.closed) {
          push(day.from, day.to, day.closed, day.name)
          continue
        }
        let cursor = day.from
        for (let i = 0; i < day.open.length; i += 2) {
          push(cursor, day.open[i]!, 'outside-hours', undefined)
          push(day.open[i]!, day.open[i + 1]!, 'open', undefined)
          cursor = day.open[i + 1]!
        }
        push(cursor, day.to, 'outside-hours', undefined)
      }
    }
    return out
  }

  isOpen(at: number): boolean {
    checkInstant('at', at)
    if (this.neverOpen) {
      return false
    }
    const block = this.block(Math.floor(at / BLOCK_MS))
    const i = upperBound(block.starts, at) - 1
    return i >= 0 && at < block.ends[i]!
  }

  nextOpenAt(at: number): number {
    checkInstant('at', at)
    if (this.neverOpen) {
      return Number.POSITIVE_INFINITY
    }
    let k = Math.floor(at / BLOCK_MS)
    let block = this.block(k)
    const i = upperBound(block.starts, at) - 1
    if (i >= 0 && at < block.ends[i]!) {
      return at
    }
    let next = i + 1
    const lastBlock = Math.floor((at + HORIZON_MS) / BLOCK_MS)
    while (next >= block.starts.length) {
      k++
      if (k > lastBlock) {
        return Number.POSITIVE_INFINITY
      }
      block = this.block(k)
      next = 0
    }
    return block.starts[next]!
  }

  /** Open ms from the start of `block` until `t`, which lies in the block. */
  private openBefore(block: Block, t: number): number {
    const i = upperBound(block.starts, t) - 1
    return i < 0 ? 0 : block.before[i]! + Math.min(t, block.ends[i]!) - block.starts[i]!
  }

  private block(k: number): Block {
    let block = this.blocks.get(k)
    if (!block) {
      block = this.buildBlock(k)
      if (this.blocks.size >= MAX_BLOCKS) {
        // The oldest block built goes first: tickets cluster around "now", so it is the least likely to return.
        this.blocks.delete(this.blocks.keys().next().value!)
      }
      this.blocks.set(k, block)
    }
    return block
  }

  private buildBlock(k: number): Block {
    const blockStart = k * BLOCK_MS
    const blockEnd = blockStart + BLOCK_MS
    const offsets = this.offsetsBetween(blockStart - 4 * DAY_MS, blockEnd + 4 * DAY_MS)
    const days: Day[] = []
    const starts: number[] = []
    const ends: number[] = []
    let d = Math.floor((blockStart - MAX_OFFSET_MS) / DAY_MS) - 1
    let dayStart = localMidnight(offsets, d)
    // At most BLOCK_DAYS + 4 local days overlap a block (a local day lasts between 0 and 49 hours of UTC).
    for (let guard = 0; guard < BLOCK_DAYS + 8 && dayStart < blockEnd; guard++) {
      const next = localMidnight(offsets, d + 1)
      if (next > blockStart && next > dayStart) {
        const day = this.makeDay(offsets, d, dayStart, next, blockStart, blockEnd)
        days.push(day)
        for (let i = 0; i < day.open.length; i += 2) {
          const s = day.open[i]!
          const e = day.open[i + 1]!
          // Ranges that meet at midnight (…–24:00, 00:00–…) become one interval.
          if (ends.length > 0 && ends[ends.length - 1] === s) {
            ends[ends.length - 1] = e
          } else {
            starts.push(s)
            ends.push(e)
          }
        }
      }
      d++
      dayStart = next
    }
    const before = new Float64Array(starts.length)
    let total = 0
    for (let i = 0; i < starts.length; i++) {
      before[i] = total
      total += ends[i]! - starts[i]!
    }
    return { starts: Float64Array.from(starts), ends: Float64Array.from(ends), before, total, days }
  }

  /** Local day `d` (days since 1970-01-01 in local dates) spanning [from, to) in UTC, clipped to [lo, hi). */
  private makeDay(offsets: Offsets, d: number, from: number, to: number, lo: number, hi: number): Day {
    const day: Day = { from: Math.max(from, lo), to: Math.min(to, hi), closed: null, name: undefined, open: [] }
    const holiday = this.holidayName(d)
    if (holiday !== undefined) {
      day.closed = 'holiday'
      day.name = holiday
      return day
    }
    if (this.closures.has(d)) {
      day.closed = 'closure'
      return day
    }
    // 1970-01-01 was a Thursday (ISO weekday 4).
    const ranges = this.week[((((d + 3) % 7) + 7) % 7) + 1]!
    if (ranges.length === 0) {
      return day
    }
    const midnight = d * DAY_MS
    // The day in pieces of one UTC offset each: one piece, or two on a DST day.
    for (let p = piecesUntil(offsets.changes, from); p <= offsets.changes.length; p++) {
      const pieceFrom = Math.max(from, p > 0 ? offsets.changes[p - 1]! : from)
      const pieceTo = Math.min(to, p < offsets.changes.length ? offsets.changes[p]! : to)
      const offset = offsets.values[p]!
      for (let i = 0; i < ranges.length; i += 2) {
        // In this piece, local time = UTC + offset, so the range's local times map to one UTC interval.
        const s = Math.max(pieceFrom, lo, midnight + ranges[i]! - offset)
        const e = Math.min(pieceTo, hi, midnight + ranges[i + 1]! - offset)
        if (s >= e) {
          continue
        }
        const last = day.open.length - 1
        if (last > 0 && day.open[last]! >= s) {
          day.open[last] = Math.max(day.open[last]!, e)
        } else {
          day.open.push(s, e)
        }
      }
      if (pieceTo >= to) {
        break
      }
    }
    return day
  }

  /**
   * The zone's UTC offsets over [lo, hi) as a step function. One look-up a day, and a binary search to the
   * millisecond where the offset changed: the zone database is asked some 80 times per block instead of for every
   * boundary.
   */
  private offsetsBetween(lo: number, hi: number): Offsets {
    const offsetAt = (t: number) => this.zone.offset(t) * MINUTE_MS
    const changes: number[] = []
    const values = [offsetAt(lo)]
    let t = lo
    let offset = values[0]!
    // Each round either finds a change or moves a day on; a day with several changes costs a round each.
    for (let guard = 0; guard < 4 * ((hi - lo) / DAY_MS + 1) && t < hi; guard++) {
      const step = Math.min(t + DAY_MS, hi)
      const there = offsetAt(step)
      if (there === offset) {
        t = step
        continue
      }
      let a = t
      let b = step
      for (let i = 0; i < 40 && b - a > 1; i++) {
        const mid = Math.floor((a + b) / 2)
        if (offsetAt(mid) === offset) {
          a = mid
        } else {
          b = mid
        }
      }
      offset = offsetAt(b)
      changes.push(b)
      values.push(offset)
      t = b
    }
    return { changes, values }
  }

  private holidayName(d: number): string | undefined {
    if (!this.spec.holidays) {
      return undefined
    }
    const year = civilFromDays(d)[0]
    // A holiday of several days may start in the year before.
    return this.holidaysOf(year).get(d) ?? this.holidaysOf(year - 1).get(d)
  }

  private holidaysOf(year: number): Map<number, string> {
    let days = this.holidayYears.get(year)
    if (!days) {
      days = new Map()
      const { country, state } = this.spec.holidays!
      this.holidayLib ??= new (holidayLibrary())(state ? { country, state } : { country })
      for (const h of this.holidayLib.getHolidays(year)) {
        // Only public holidays close the business; bank, school and observance days do not.
        if (h.type !== 'public') {
          continue
        }
        const first = dayOfIsoDate(h.date.slice(0, 10))
        if (first === null) {
          continue
        }
        // The holiday closes whole local days: its first date and, for a holiday of several days, the ones after.
        const length = Math.min(31, Math.max(1, Math.round((h.end.getTime() - h.start.getTime()) / DAY_MS)))
        for (let i = 0; i < length; i++) {
          if (!days.has(first + i)) {
            days.set(first + i, h.name)
          }
        }
      }
      if (this.holidayYears.size >= MAX_HOLIDAY_YEARS) {
        this.holidayYears.delete(this.holidayYears.keys().next().value!)
      }
      this.holidayYears.set(year, days)
    }
    return days
  }
}

const compiled = new Map<string, BusinessCalendar>()
const MAX_COMPILED = 64

/**
 * Compiles a calendar spec. An equal spec gives the same calendar object back, with the days it has already
 * precomputed, so callers may compile on every configuration read.
 * @throws ZodError when the spec is invalid.
 */
export function compileCalendar(spec: CalendarSpec): BusinessCalendar {
  const parsed = CalendarSpec.parse(spec)
  const key = JSON.stringify([
    parsed.timeZone,
    parsed.alwaysOpen,
    parsed.hours.map((h) => [h.day, h.from, h.to]),
    parsed.holidays && [parsed.holidays.country, parsed.holidays.state ?? null],
    parsed.closures,
  ])
  let calendar = compiled.get(key)
  if (!calendar) {
    const frozen = deepFreeze(parsed)
    calendar = frozen.alwaysOpen ? new AlwaysOpen(frozen) : new HoursCalendar(frozen)
    if (compiled.size >= MAX_COMPILED) {
      compiled.delete(compiled.keys().next().value!)
    }
    compiled.set(key, calendar)
  }
  return calendar
}

/** Compiles every spec of a map (keys are the calendar names a policy's targets refer to). */
export function compileCalendars(specs: Record<string, CalendarSpec>): Record<string, BusinessCalendar> {
  return Object.fromEntries(Object.entries(specs).map(([name, spec]) => [name, compileCalendar(spec)]))
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) {
      deepFreeze(v)
    }
    Object.freeze(value)
  }
  return value
}
