import Holidays from 'date-holidays'
import fc from 'fast-check'
import { DateTime, IANAZone } from 'luxon'
import { describe, expect, it } from 'vitest'
import { type BusinessCalendar, CalendarSpec, compileCalendar, defaultCalendars } from './calendar.js'

const AMS = 'Europe/Amsterdam'
const HOUR = 3600
const MINUTE_MS = 60_000
const DAY_MS = 86_400_000

/** Epoch ms of a local wall-clock time, e.g. at('2026-03-06T16:30'). */
const at = (local: string, zone = AMS) => DateTime.fromISO(local, { zone }).toMillis()
/** Local wall-clock time of an instant, for readable failures. */
const wall = (t: number, zone = AMS) => DateTime.fromMillis(t, { zone }).toFormat("yyyy-MM-dd'T'HH:mm:ss ZZ")

const business = compileCalendar(defaultCalendars().business)
const allDay = compileCalendar(defaultCalendars()['24x7'])

type Day = 1 | 2 | 3 | 4 | 5 | 6 | 7
const everyDay = (from: string, to: string) => ([1, 2, 3, 4, 5, 6, 7] as const).map((day) => ({ day, from, to }))
const spec = (over: Partial<CalendarSpec>): CalendarSpec => ({
  timeZone: AMS,
  alwaysOpen: false,
  hours: [],
  holidays: null,
  closures: [],
  ...over,
})

describe('business calendar (Europe/Amsterdam, Mon–Fri 08:30–17:30, Dutch public holidays)', () => {
  it.each([
    ['Koningsdag', '2026-04-27', 'Koningsdag'],
    ['Christmas', '2026-12-25', 'Kerstmis'],
    ['Boxing Day', '2026-12-26', 'Tweede kerstdag'],
    ['Easter Sunday', '2026-04-05', 'Pasen'],
    ['Easter Monday', '2026-04-06', 'Tweede paasdag'],
    ['Ascension Day', '2026-05-14', 'Hemelvaartsdag'],
    ['Whit Monday', '2026-05-25', 'Tweede pinksterdag'],
    ["New Year's Day", '2027-01-01', 'Nieuwjaar'],
  ])('closes the whole local day of %s', (_what, date, name) => {
    const from = at(`${date}T00:00`)
    const to = at(`${date}T00:00`) + DAY_MS
    expect(business.spans(from, to)).toEqual([{ from, to, kind: 'holiday', name }])
    expect(business.isOpen(at(`${date}T12:00`))).toBe(false)
    expect(business.businessSecondsBetween(from, to)).toBe(0)
  })

  it('stays open on days that are not public holidays (Good Friday is only a school holiday in the Netherlands)', () => {
    expect(business.isOpen(at('2026-04-03T12:00'))).toBe(true)
    expect(business.businessSecondsBetween(at('2026-04-03T00:00'), at('2026-04-04T00:00'))).toBe(9 * HOUR)
  })

  it.each([
    ['Friday 16:30 + 4 h lands Monday 11:30', '2026-03-06T16:30', 4 * HOUR, '2026-03-09T11:30'],
    ['Friday 16:30 + 4 h lands Tuesday 11:30 after Whit Monday', '2026-05-22T16:30', 4 * HOUR, '2026-05-26T11:30'],
    ['Friday 16:30 + 4 h lands Tuesday 11:30 after Koningsdag', '2026-04-24T16:30', 4 * HOUR, '2026-04-28T11:30'],
    ['0 s is the start itself, even when closed', '2026-03-07T12:00', 0, '2026-03-07T12:00'],
    ['a start on Saturday waits for Monday', '2026-03-07T12:00', HOUR, '2026-03-09T09:30'],
    ['a start before opening waits for opening', '2026-03-09T06:00', 30 * 60, '2026-03-09T09:00'],
    ['a full day ends at closing, not at the next opening', '2026-03-09T08:30', 9 * HOUR, '2026-03-09T17:30'],
    ['one second more goes to the next morning', '2026-03-09T08:30', 9 * HOUR + 1, '2026-03-10T08:30:01'],
    ['three business days from Monday morning', '2026-03-09T08:30', 27 * HOUR, '2026-03-11T17:30'],
    ['45 business hours over Easter', '2026-04-02T12:00', 45 * HOUR, '2026-04-10T12:00'],
    ['over Christmas and New Year', '2026-12-24T17:00', 9 * HOUR, '2026-12-28T17:00'],
    ['the Monday after the spring DST change still has 9 h', '2026-03-30T08:30', 9 * HOUR, '2026-03-30T17:30'],
  ])('%s', (_what, start, seconds, due) => {
    const dueAt = business.addBusinessSeconds(at(start), seconds)
    expect(wall(dueAt)).toBe(wall(at(due)))
    expect(business.businessSecondsBetween(at(start), dueAt)).toBe(seconds)
  })

  it('walks over many blocks for long targets and stays the inverse of businessSecondsBetween', () => {
    const start = at('2026-01-05T08:30')
    const dueAt = business.addBusinessSeconds(start, 1000 * HOUR)
    expect(business.businessSecondsBetween(start, dueAt)).toBe(1000 * HOUR)
    // 1000 h / 9 h a day = 111 days and 1 h: well into June once weekends and holidays are out.
    expect(wall(dueAt)).toBe(wall(at('2026-06-15T09:30')))
  })

  it('answers the spans of a weekend and a holiday with their reasons', () => {
    const spans = business.spans(at('2026-04-24T16:30'), at('2026-04-28T12:00'))
    expect(spans.map((s) => [wall(s.from), wall(s.to), s.kind, s.name])).toEqual([
      [wall(at('2026-04-24T16:30')), wall(at('2026-04-24T17:30')), 'open', undefined],
      [wall(at('2026-04-24T17:30')), wall(at('2026-04-27T00:00')), 'outside-hours', undefined],
      [wall(at('2026-04-27T00:00')), wall(at('2026-04-28T00:00')), 'holiday', 'Koningsdag'],
      [wall(at('2026-04-28T00:00')), wall(at('2026-04-28T08:30')), 'outside-hours', undefined],
      [wall(at('2026-04-28T08:30')), wall(at('2026-04-28T12:00')), 'open', undefined],
    ])
  })

  it('is open exactly from opening (inclusive) to closing (exclusive)', () => {
    expect(business.isOpen(at('2026-03-09T08:29:59.999'))).toBe(false)
    expect(business.isOpen(at('2026-03-09T08:30'))).toBe(true)
    expect(business.isOpen(at('2026-03-09T17:29:59.999'))).toBe(true)
    expect(business.isOpen(at('2026-03-09T17:30'))).toBe(false)
  })

  it.each([
    ['an open instant is itself', '2026-03-09T10:00', '2026-03-09T10:00'],
    ['closing time goes to the next morning', '2026-03-09T17:30', '2026-03-10T08:30'],
    ['Saturday goes to Monday', '2026-03-07T12:00', '2026-03-09T08:30'],
    ['Friday before Whit Monday goes to Tuesday', '2026-05-22T18:00', '2026-05-26T08:30'],
  ])('finds the next opening: %s', (_what, from, next) => {
    expect(wall(business.nextOpenAt(at(from)))).toBe(wall(at(next)))
  })

  it('gives 0 for an empty or reversed range', () => {
    expect(business.businessSecondsBetween(at('2026-03-09T12:00'), at('2026-03-09T12:00'))).toBe(0)
    expect(business.businessSecondsBetween(at('2026-03-09T12:00'), at('2026-03-09T10:00'))).toBe(0)
    expect(business.spans(at('2026-03-09T12:00'), at('2026-03-09T10:00'))).toEqual([])
  })

  it('counts sub-second instants to the millisecond', () => {
    expect(business.businessSecondsBetween(at('2026-03-09T08:00'), at('2026-03-09T08:30:01.5'))).toBe(1.5)
    expect(business.addBusinessSeconds(at('2026-03-09T08:30'), 0.25)).toBe(at('2026-03-09T08:30') + 250)
  })

  it('refuses negative durations and instants that are not finite', () => {
    expect(() => business.addBusinessSeconds(at('2026-03-09T08:30'), -1)).toThrow(RangeError)
    expect(() => business.addBusinessSeconds(Number.NaN, 1)).toThrow(RangeError)
    expect(() => business.businessSecondsBetween(0, Number.POSITIVE_INFINITY)).toThrow(RangeError)
    expect(() => business.isOpen(Number.NaN)).toThrow(RangeError)
  })

  it('answers POSITIVE_INFINITY for durations beyond 20 years', () => {
    expect(business.addBusinessSeconds(at('2026-03-09T08:30'), Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY)
    expect(business.addBusinessSeconds(at('2026-03-09T08:30'), 21 * 366 * 86_400)).toBe(Number.POSITIVE_INFINITY)
    // 20 years hold only about 20 × 2,250 business hours.
    expect(business.addBusinessSeconds(at('2026-03-09T08:30'), 60_000 * HOUR)).toBe(Number.POSITIVE_INFINITY)
  })
})

describe('24×7 calendar', () => {
  it('is a plain clock: a calamity at 23:00 on Saturday gets 03:00 on Sunday', () => {
    expect(wall(allDay.addBusinessSeconds(at('2026-03-07T23:00'), 4 * HOUR))).toBe(wall(at('2026-03-08T03:00')))
    expect(allDay.isOpen(at('2026-12-25T03:00'))).toBe(true)
    expect(allDay.spans(1, 5)).toEqual([{ from: 1, to: 5, kind: 'open' }])
  })

  it('counts real hours over the spring DST night: 00:30 + 4 h ends 05:30 local', () => {
    const start = at('2026-03-29T00:30')
    const end = allDay.addBusinessSeconds(start, 4 * HOUR)
    expect(wall(end)).toBe('2026-03-29T05:30:00 +02:00')
    expect(end - start).toBe(4 * HOUR * 1000)
  })

  it('counts real hours over the autumn DST night: 00:30 + 4 h ends 03:30 local', () => {
    const start = at('2026-10-25T00:30')
    const end = allDay.addBusinessSeconds(start, 4 * HOUR)
    expect(wall(end)).toBe('2026-10-25T03:30:00 +01:00')
    expect(end - start).toBe(4 * HOUR * 1000)
  })

  it('ignores hours, holidays and closures when alwaysOpen', () => {
    const c = compileCalendar(
      spec({
        alwaysOpen: true,
        hours: everyDay('09:00', '10:00'),
        holidays: { country: 'NL' },
        closures: ['2026-03-09'],
      }),
    )
    expect(c.businessSecondsBetween(at('2026-03-09T00:00'), at('2026-03-10T00:00'))).toBe(24 * HOUR)
  })
})

describe('DST nights with a calendar open 01:00–04:00 every day', () => {
  const night = compileCalendar(spec({ hours: everyDay('01:00', '04:00') }))

  it('counts 2 h on the spring night (02:00–03:00 does not exist)', () => {
    expect(night.businessSecondsBetween(at('2026-03-29T00:00'), at('2026-03-29T12:00'))).toBe(2 * HOUR)
    expect(night.spans(at('2026-03-29T00:00'), at('2026-03-29T12:00'))).toEqual([
      { from: at('2026-03-29T00:00'), to: at('2026-03-29T01:00'), kind: 'outside-hours' },
      { from: at('2026-03-29T01:00'), to: at('2026-03-29T04:00'), kind: 'open' },
      { from: at('2026-03-29T04:00'), to: at('2026-03-29T12:00'), kind: 'outside-hours' },
    ])
  })

  it('counts 4 h on the autumn night (02:00–03:00 happens twice)', () => {
    expect(night.businessSecondsBetween(at('2026-10-25T00:00'), at('2026-10-25T12:00'))).toBe(4 * HOUR)
  })

  it('counts 3 h on an ordinary night', () => {
    expect(night.businessSecondsBetween(at('2026-06-01T00:00'), at('2026-06-01T12:00'))).toBe(3 * HOUR)
  })

  it('lands deadlines on the right side of the jump', () => {
    // 01:30 CET + 1 h of open time: 02:00–03:00 does not exist, so it is 03:30 CEST.
    expect(wall(night.addBusinessSeconds(at('2026-03-29T01:30'), HOUR))).toBe('2026-03-29T03:30:00 +02:00')
    // 01:30 CEST + 1 h: 02:30 CEST, the first of the two.
    expect(wall(night.addBusinessSeconds(at('2026-10-25T01:30'), HOUR))).toBe('2026-10-25T02:30:00 +02:00')
    expect(wall(night.addBusinessSeconds(at('2026-10-25T01:30'), 2 * HOUR))).toBe('2026-10-25T02:30:00 +01:00')
  })

  it('has local days of 23 and 25 hours', () => {
    const open = compileCalendar(spec({ hours: everyDay('00:00', '24:00') }))
    expect(open.businessSecondsBetween(at('2026-03-29T00:00'), at('2026-03-30T00:00'))).toBe(23 * HOUR)
    expect(open.businessSecondsBetween(at('2026-10-25T00:00'), at('2026-10-26T00:00'))).toBe(25 * HOUR)
  })
})

describe('opening hours', () => {
  it('takes several ranges per day (a lunch break)', () => {
    const c = compileCalendar(
      spec({
        hours: [
          { day: 1, from: '08:00', to: '12:00' },
          { day: 1, from: '13:00', to: '17:00' },
        ],
      }),
    )
    expect(wall(c.addBusinessSeconds(at('2026-03-09T11:00'), 2 * HOUR))).toBe(wall(at('2026-03-09T14:00')))
    expect(c.isOpen(at('2026-03-09T12:30'))).toBe(false)
    // Only Monday: the next Monday is a week on.
    expect(wall(c.addBusinessSeconds(at('2026-03-09T16:00'), 2 * HOUR))).toBe(wall(at('2026-03-16T09:00')))
  })

  it('merges overlapping ranges and ranges that meet at midnight', () => {
    const c = compileCalendar(
      spec({
        hours: [
          { day: 5, from: '20:00', to: '24:00' },
          { day: 5, from: '22:00', to: '23:00' },
          { day: 6, from: '00:00', to: '02:00' },
        ],
      }),
    )
    expect(c.businessSecondsBetween(at('2026-03-13T00:00'), at('2026-03-15T00:00'))).toBe(6 * HOUR)
    expect(c.spans(at('2026-03-13T19:00'), at('2026-03-14T03:00'))).toEqual([
      { from: at('2026-03-13T19:00'), to: at('2026-03-13T20:00'), kind: 'outside-hours' },
      { from: at('2026-03-13T20:00'), to: at('2026-03-14T02:00'), kind: 'open' },
      { from: at('2026-03-14T02:00'), to: at('2026-03-14T03:00'), kind: 'outside-hours' },
    ])
  })

  it('closes on closure dates; a holiday on the same day wins', () => {
    const c = compileCalendar(
      spec({ hours: everyDay('09:00', '17:00'), holidays: { country: 'NL' }, closures: ['2026-03-10', '2026-04-27'] }),
    )
    const day = (date: string) => c.spans(at(`${date}T00:00`), at(`${date}T00:00`) + DAY_MS)
    expect(day('2026-03-10')).toEqual([{ from: at('2026-03-10T00:00'), to: at('2026-03-11T00:00'), kind: 'closure' }])
    expect(day('2026-04-27')).toMatchObject([{ kind: 'holiday', name: 'Koningsdag' }])
    expect(wall(c.addBusinessSeconds(at('2026-03-09T16:00'), 2 * HOUR))).toBe(wall(at('2026-03-11T10:00')))
  })

  it('takes holidays of a state and of another time zone', () => {
    const bavaria = compileCalendar(
      spec({ timeZone: 'Europe/Berlin', hours: everyDay('09:00', '17:00'), holidays: { country: 'DE', state: 'BY' } }),
    )
    const berlin = compileCalendar(
      spec({ timeZone: 'Europe/Berlin', hours: everyDay('09:00', '17:00'), holidays: { country: 'DE', state: 'BE' } }),
    )
    const epiphany = at('2026-01-06T12:00', 'Europe/Berlin')
    expect(bavaria.isOpen(epiphany)).toBe(false)
    expect(berlin.isOpen(epiphany)).toBe(true)
    const ny = compileCalendar(
      spec({ timeZone: 'America/New_York', hours: everyDay('09:00', '17:00'), holidays: { country: 'US' } }),
    )
    const thanksgiving = at('2026-11-26T00:00', 'America/New_York')
    expect(ny.spans(thanksgiving, thanksgiving + DAY_MS)).toEqual([
      { from: thanksgiving, to: thanksgiving + DAY_MS, kind: 'holiday', name: 'Thanksgiving Day' },
    ])
  })

  it('closes every day of a holiday that lasts several days', () => {
    // Armenian New Year: 1 and 2 January.
    const c = compileCalendar(
      spec({ timeZone: 'Asia/Yerevan', hours: everyDay('09:00', '18:00'), holidays: { country: 'AM' } }),
    )
    expect(c.isOpen(at('2026-01-01T12:00', 'Asia/Yerevan'))).toBe(false)
    expect(c.isOpen(at('2026-01-02T12:00', 'Asia/Yerevan'))).toBe(false)
  })

  it('never opens without hours: POSITIVE_INFINITY at once, 0 counted, spans still explained', () => {
    const never = compileCalendar(spec({ holidays: { country: 'NL' } }))
    const t0 = performance.now()
    expect(never.addBusinessSeconds(at('2026-03-09T08:30'), HOUR)).toBe(Number.POSITIVE_INFINITY)
    expect(never.addBusinessSeconds(at('2026-03-09T08:30'), 0)).toBe(at('2026-03-09T08:30'))
    expect(never.businessSecondsBetween(at('2026-01-01T00:00'), at('2030-01-01T00:00'))).toBe(0)
    expect(performance.now() - t0).toBeLessThan(100)
    expect(never.isOpen(at('2026-03-09T12:00'))).toBe(false)
    expect(never.nextOpenAt(at('2026-03-09T12:00'))).toBe(Number.POSITIVE_INFINITY)
    expect(never.spans(at('2026-04-26T12:00'), at('2026-04-28T12:00'))).toEqual([
      { from: at('2026-04-26T12:00'), to: at('2026-04-27T00:00'), kind: 'outside-hours' },
      { from: at('2026-04-27T00:00'), to: at('2026-04-28T00:00'), kind: 'holiday', name: 'Koningsdag' },
      { from: at('2026-04-28T00:00'), to: at('2026-04-28T12:00'), kind: 'outside-hours' },
    ])
  })
})

describe('compileCalendar', () => {
  it('gives the same calendar back for an equal spec', () => {
    expect(compileCalendar(defaultCalendars().business)).toBe(business)
    expect(compileCalendar(spec({ hours: everyDay('09:00', '17:00') }))).not.toBe(business)
  })

  it('keeps the spec it was given, frozen', () => {
    expect(business.spec).toEqual(defaultCalendars().business)
    expect(Object.isFrozen(business.spec.hours)).toBe(true)
  })

  it('refuses an invalid spec', () => {
    expect(() => compileCalendar(spec({ timeZone: 'Mars/Olympus' }))).toThrow(/timeZone/)
  })
})

describe('CalendarSpec', () => {
  it('accepts the default calendars', () => {
    expect(CalendarSpec.parse(defaultCalendars().business)).toEqual(defaultCalendars().business)
    expect(CalendarSpec.parse(defaultCalendars()['24x7'])).toEqual(defaultCalendars()['24x7'])
  })

  it.each<[string, Partial<CalendarSpec> | Record<string, unknown>, string, RegExp]>([
    ['an unknown time zone', { timeZone: 'Europe/Atlantis' }, 'timeZone', /timeZone must be an IANA time zone/],
    [
      'a malformed time',
      { hours: [{ day: 1, from: '8:30', to: '17:30' }] },
      'hours.0.from',
      /from must be a local time/,
    ],
    [
      'a time past midnight',
      { hours: [{ day: 1, from: '08:30', to: '24:30' }] },
      'hours.0.to',
      /to must be a local time/,
    ],
    ['an empty range', { hours: [{ day: 1, from: '17:30', to: '08:30' }] }, 'hours.0.to', /to must be later than from/],
    ['a weekday 0', { hours: [{ day: 0, from: '08:30', to: '17:30' }] }, 'hours.0.day', /day must be an ISO weekday/],
    ['a date that does not exist', { closures: ['2026-02-30'] }, 'closures.0', /closures must hold real dates/],
    ['an unknown country', { holidays: { country: 'XX' } }, 'holidays.country', /holidays.country XX is not/],
    ['a lower-case country', { holidays: { country: 'nl' } }, 'holidays.country', /holidays.country must be/],
    ['an unknown state', { holidays: { country: 'DE', state: 'ZZ' } }, 'holidays.state', /holidays.state ZZ/],
  ])('refuses %s, naming the field', (_what, over, path, message) => {
    const result = CalendarSpec.safeParse({ ...spec({}), ...over })
    expect(result.success).toBe(false)
    const issue = result.error!.issues[0]!
    expect(issue.path.join('.')).toBe(path)
    expect(issue.message).toMatch(message)
  })
})

// ---------------------------------------------------------------------------------------------------------------
// Properties, against a reference that looks at every minute on its own.

const pad = (n: number) => String(n).padStart(2, '0')
const hhmm = (minutes: number) => `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`

const rangeArb = fc
  .record({
    day: fc.constantFrom<Day>(1, 2, 3, 4, 5, 6, 7),
    from: fc.integer({ min: 0, max: 1439 }),
    length: fc.integer({ min: 1, max: 1440 }),
  })
  .map(({ day, from, length }) => ({ day, from: hhmm(from), to: hhmm(Math.min(1440, from + length)) }))

const ZONES = ['Europe/Amsterdam', 'America/New_York', 'Australia/Lord_Howe', 'America/Santiago', 'Asia/Kathmandu']
const HOLIDAYS: Record<string, CalendarSpec['holidays']> = {
  'Europe/Amsterdam': { country: 'NL' },
  'America/New_York': { country: 'US' },
  'Australia/Lord_Howe': null,
  'America/Santiago': { country: 'CL' },
  'Asia/Kathmandu': null,
}

const specArb = fc
  .record({
    timeZone: fc.constantFrom(...ZONES),
    hours: fc.array(rangeArb, { minLength: 1, maxLength: 8 }),
    closures: fc.array(fc.integer({ min: 0, max: 60 }), { maxLength: 3 }),
  })
  .map(({ timeZone, hours, closures }) =>
    spec({
      timeZone,
      hours,
      holidays: HOLIDAYS[timeZone] ?? null,
      closures: closures.map((d) =>
        DateTime.fromISO('2026-03-01')
          .plus({ days: d * 4 })
          .toISODate()!,
      ),
    }),
  )

/** Every offset change of a zone in 2026, found hour by hour. */
function transitions(zone: string): number[] {
  const z = IANAZone.create(zone)
  const out: number[] = []
  const from = Date.UTC(2026, 0, 1)
  for (let t = from; t < Date.UTC(2027, 0, 1); t += 3_600_000) {
    if (z.offset(t) !== z.offset(t + 3_600_000)) {
      out.push(t + 3_600_000)
    }
  }
  return out
}
const TRANSITIONS = Object.fromEntries(ZONES.map((z) => [z, transitions(z)]))

/** The reference: a minute is open if its local wall time is in a range of its weekday on a day that is not closed. */
function minuteReference(s: CalendarSpec) {
  const holidayLib =
    s.holidays &&
    new Holidays(s.holidays.state ? { country: s.holidays.country, state: s.holidays.state } : s.holidays.country)
  const closed = new Set(s.closures)
  const holidayYears = new Map<number, Set<string>>()
  const isHoliday = (date: string, year: number) => {
    for (const y of [year, year - 1]) {
      if (!holidayYears.has(y)) {
        const days = new Set<string>()
        for (const h of holidayLib ? holidayLib.getHolidays(y) : []) {
          if (h.type === 'public') {
            const n = Math.max(1, Math.round((h.end.getTime() - h.start.getTime()) / DAY_MS))
            for (let i = 0; i < n; i++) {
              days.add(DateTime.fromISO(h.date.slice(0, 10)).plus({ days: i }).toISODate()!)
            }
          }
        }
        holidayYears.set(y, days)
      }
      if (holidayYears.get(y)!.has(date)) {
        return true
      }
    }
    return false
  }
  const ranges = s.hours.map((h) => ({
    day: h.day,
    from: Number(h.from.slice(0, 2)) * 60 + Number(h.from.slice(3)),
    to: Number(h.to.slice(0, 2)) * 60 + Number(h.to.slice(3)),
  }))
  const open = (t: number) => {
    const local = DateTime.fromMillis(t, { zone: s.timeZone })
    const date = local.toISODate()!
    if (closed.has(date) || isHoliday(date, local.year)) {
      return false
    }
    const m = local.hour * 60 + local.minute
    return ranges.some((r) => r.day === local.weekday && m >= r.from && m < r.to)
  }
  return {
    open,
    /** Open minutes in [from, to), both whole minutes. */
    minutesBetween(from: number, to: number) {
      let n = 0
      for (let t = from; t < to; t += MINUTE_MS) {
        n += open(t) ? 1 : 0
      }
      return n
    },
    /** The end of the minute in which the `minutes`-th open minute is reached, or null within `limit` minutes. */
    addMinutes(start: number, minutes: number, limit: number) {
      if (minutes === 0) {
        return start
      }
      let n = 0
      for (let t = start, i = 0; i < limit; t += MINUTE_MS, i++) {
        if (open(t) && ++n === minutes) {
          return t + MINUTE_MS
        }
      }
      return null
    },
  }
}

const RUNS = { numRuns: 40 }
// Instants in 2025–2028, on whole seconds.
const instantArb = fc
  .integer({ min: Date.UTC(2025, 0, 1) / 1000, max: Date.UTC(2028, 0, 1) / 1000 })
  .map((s) => s * 1000)

function checkCover(c: BusinessCalendar, from: number, to: number) {
  const spans = c.spans(from, to)
  expect(spans[0]?.from).toBe(from)
  expect(spans[spans.length - 1]?.to).toBe(to)
  let openMs = 0
  spans.forEach((s, i) => {
    expect(s.to).toBeGreaterThan(s.from)
    if (i > 0) {
      expect(s.from).toBe(spans[i - 1]!.to)
      expect([s.kind, s.name]).not.toEqual([spans[i - 1]!.kind, spans[i - 1]!.name])
    }
    if (s.kind === 'open') {
      openMs += s.to - s.from
    }
  })
  expect(openMs / 1000).toBe(c.businessSecondsBetween(from, to))
}

describe('calendar properties', () => {
  it('never puts a deadline before its start, and the deadline is open time or the start', () => {
    fc.assert(
      fc.property(specArb, instantArb, fc.integer({ min: 0, max: 400 * HOUR }), (s, start, seconds) => {
        const c = compileCalendar(s)
        const due = c.addBusinessSeconds(start, seconds)
        expect(due).toBeGreaterThanOrEqual(start)
        if (seconds > 0 && Number.isFinite(due)) {
          // The instant just before a deadline was open.
          expect(c.isOpen(due - 1)).toBe(true)
        }
      }),
      RUNS,
    )
  })

  it('makes addBusinessSeconds and businessSecondsBetween inverse', () => {
    fc.assert(
      fc.property(specArb, instantArb, fc.integer({ min: 0, max: 2000 * HOUR }), (s, start, seconds) => {
        const c = compileCalendar(s)
        const due = c.addBusinessSeconds(start, seconds)
        // A sparse calendar may not hold that much open time within 20 years.
        fc.pre(Number.isFinite(due))
        expect(c.businessSecondsBetween(start, due)).toBe(seconds)
      }),
      RUNS,
    )
    fc.assert(
      fc.property(fc.constant(business), instantArb, fc.integer({ min: 0, max: 400 * HOUR }), (c, start, seconds) => {
        expect(c.businessSecondsBetween(start, c.addBusinessSeconds(start, seconds))).toBe(seconds)
      }),
      { numRuns: 500 },
    )
  })

  it('adds up: the open time of [a, c) is that of [a, b) plus [b, c)', () => {
    fc.assert(
      fc.property(specArb, fc.array(instantArb, { minLength: 3, maxLength: 3 }), (s, points) => {
        const c = compileCalendar(s)
        const [a, b, d] = points.sort((x, y) => x - y) as [number, number, number]
        expect(c.businessSecondsBetween(a, d)).toBe(c.businessSecondsBetween(a, b) + c.businessSecondsBetween(b, d))
      }),
      RUNS,
    )
  })

  it('never moves a deadline later when opening hours are added', () => {
    fc.assert(
      fc.property(
        specArb,
        fc.array(rangeArb, { minLength: 1, maxLength: 3 }),
        instantArb,
        fc.integer({ min: 1, max: 200 * HOUR }),
        (s, extra, start, seconds) => {
          const less = compileCalendar(s)
          const more = compileCalendar({ ...s, hours: [...s.hours, ...extra] })
          expect(more.addBusinessSeconds(start, seconds)).toBeLessThanOrEqual(less.addBusinessSeconds(start, seconds))
        },
      ),
      RUNS,
    )
  })

  it('covers a range exactly with spans whose open part is the counted time', () => {
    fc.assert(
      fc.property(specArb, instantArb, fc.integer({ min: 1, max: 40 * DAY_MS }), (s, from, length) => {
        checkCover(compileCalendar(s), from, from + length)
      }),
      RUNS,
    )
  })

  it('finds the next opening where the spans say it is', () => {
    fc.assert(
      fc.property(specArb, instantArb, (s, t) => {
        const c = compileCalendar(s)
        const next = c.nextOpenAt(t)
        fc.pre(Number.isFinite(next))
        expect(c.isOpen(next)).toBe(true)
        if (next > t) {
          expect(c.businessSecondsBetween(t, next)).toBe(0)
          expect(c.spans(t, next).every((span) => span.kind !== 'open')).toBe(true)
        }
      }),
      RUNS,
    )
  })

  it('agrees with isOpen at every instant', () => {
    fc.assert(
      fc.property(specArb, instantArb, fc.integer({ min: 0, max: DAY_MS }), (s, base, offset) => {
        const c = compileCalendar(s)
        const t = base + offset
        const span = c.spans(t, t + 1)[0]!
        expect(c.isOpen(t)).toBe(span.kind === 'open')
      }),
      RUNS,
    )
  })

  it('counts DST nights like a minute-by-minute reference', () => {
    // The same ranges every day, often around the night, so that the transitions fall inside opening hours.
    const nightRange = fc
      .record({ from: fc.integer({ min: 0, max: 240 }), length: fc.integer({ min: 1, max: 300 }) })
      .map(({ from, length }) => ({ from: hhmm(from), to: hhmm(Math.min(1440, from + length)) }))
    const dailyArb = fc
      .record({
        s: specArb,
        ranges: fc.array(fc.oneof(nightRange, rangeArb), { minLength: 1, maxLength: 3 }),
      })
      .map(({ s, ranges }) => ({ ...s, hours: ranges.flatMap((r) => everyDay(r.from, r.to)) }))
    const aroundDst = fc
      .record({
        s: dailyArb,
        which: fc.nat(),
        // Up to a day before a transition, on a whole minute, so that the two days counted hold it.
        minutes: fc.integer({ min: -1440, max: 0 }),
        target: fc.integer({ min: 0, max: 600 }),
      })
      .map(({ s, which, minutes, target }) => {
        const list = TRANSITIONS[s.timeZone]!
        const start = list.length > 0 ? list[which % list.length]! + minutes * MINUTE_MS : Date.UTC(2026, 2, 29)
        return { s, start, target }
      })
    fc.assert(
      fc.property(aroundDst, ({ s, start, target }) => {
        const c = compileCalendar(s)
        const ref = minuteReference(s)
        const end = start + 2 * DAY_MS
        expect(c.businessSecondsBetween(start, end)).toBe(ref.minutesBetween(start, end) * 60)
        const due = ref.addMinutes(start, target, 4 * 1440)
        if (due !== null) {
          expect(wall(c.addBusinessSeconds(start, target * 60), s.timeZone)).toBe(wall(due, s.timeZone))
        }
      }),
      { numRuns: 20 },
    )
  })
})
