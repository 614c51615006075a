import fc from 'fast-check'
import { DateTime } from 'luxon'
import { describe, expect, it } from 'vitest'
import { compileCalendar, compileCalendars, defaultCalendars } from './calendar.js'
import {
  type ClockEvent,
  type ClockResult,
  computeSla,
  defaultPolicy,
  type ExplainSpan,
  SlaPolicy,
  type SlaResult,
  type TicketStatus,
} from './clock.js'
import type { Priority } from './priority.js'

const AMS = 'Europe/Amsterdam'
const HOUR = 3600
const at = (local: string) => DateTime.fromISO(local, { zone: AMS }).toMillis()
const wall = (t: number | null) =>
  t === null ? null : DateTime.fromMillis(t, { zone: AMS }).toFormat("yyyy-MM-dd'T'HH:mm")

const business = compileCalendar(defaultCalendars().business)
const calendars = {
  ...compileCalendars(defaultCalendars()),
  never: compileCalendar({ timeZone: AMS, alwaysOpen: false, hours: [], holidays: null, closures: [] }),
}
const policy = defaultPolicy()

const created = (t: string, priority: Priority, status: TicketStatus = 'open'): ClockEvent => ({
  at: at(t),
  type: 'created',
  priority,
  status,
})
const status = (t: string, s: TicketStatus): ClockEvent => ({ at: at(t), type: 'status', status: s })
const priority = (t: string, p: Priority): ClockEvent => ({ at: at(t), type: 'priority', priority: p })
const reply = (t: string): ClockEvent => ({ at: at(t), type: 'staff-reply' })

const sla = (events: ClockEvent[], now: string, explain = false) =>
  computeSla({ events, now: at(now), policy, calendars }, { explain })

/** A clock in local wall-clock terms, for readable expectations. */
const show = (c: ClockResult) => ({
  state: c.state,
  dueAt: wall(c.dueAt),
  warnAt: wall(c.warnAt),
  metAt: wall(c.metAt),
  elapsedSeconds: c.elapsedSeconds,
  remainingSeconds: c.remainingSeconds,
})

/** Explain spans cover [from, to) without gaps or overlaps, and their counted part is the elapsed time. */
function checkExplain(spans: ExplainSpan[], from: number, to: number, clock: ClockResult) {
  if (to <= from) {
    expect(spans).toEqual([])
    return
  }
  expect(spans[0]?.from).toBe(from)
  expect(spans[spans.length - 1]?.to).toBe(to)
  let countedMs = 0
  spans.forEach((s, i) => {
    expect(s.to).toBeGreaterThan(s.from)
    if (i > 0) {
      expect(s.from).toBe(spans[i - 1]!.to)
    }
    if (s.kind === 'counted') {
      countedMs += s.to - s.from
    }
  })
  expect(countedMs / 1000).toBe(clock.elapsedSeconds)
}

describe('first response', () => {
  it('gives a calamity at 23:00 on Saturday until 03:00 on Sunday, around the clock', () => {
    const r = sla([created('2026-03-07T23:00', 'P1', 'new')], '2026-03-07T23:30')
    expect(show(r.firstResponse)).toEqual({
      state: 'running',
      dueAt: '2026-03-08T03:00',
      warnAt: '2026-03-08T02:00',
      metAt: null,
      elapsedSeconds: 1800,
      remainingSeconds: 4 * HOUR - 1800,
    })
    expect(r.firstResponse.target).toEqual({ seconds: 4 * HOUR, calendar: '24x7' })
    expect(wall(r.nextChangeAt)).toBe('2026-03-08T02:00')
  })

  it('gives a P2 on Friday 16:30 until Monday 11:30 in business hours', () => {
    const r = sla([created('2026-03-06T16:30', 'P2')], '2026-03-06T16:45')
    expect(show(r.firstResponse)).toMatchObject({
      state: 'running',
      dueAt: '2026-03-09T11:30',
      warnAt: '2026-03-09T10:30',
    })
    expect(r.firstResponse.elapsedSeconds).toBe(900)
    // Resolution: 27 business hours = Friday 1 h, Monday 9, Tuesday 9, Wednesday 8.
    expect(wall(r.resolution.dueAt)).toBe('2026-03-11T16:30')
    expect(wall(r.nextChangeAt)).toBe('2026-03-09T10:30')
  })

  it('moves to Tuesday when Monday is Whit Monday', () => {
    const r = sla([created('2026-05-22T16:30', 'P2')], '2026-05-22T16:45')
    expect(wall(r.firstResponse.dueAt)).toBe('2026-05-26T11:30')
  })

  it('warns at 75 % and breaches at the target', () => {
    const events = [created('2026-03-07T00:00', 'P1')]
    expect(show(sla(events, '2026-03-07T03:30').firstResponse)).toMatchObject({
      state: 'warning',
      dueAt: '2026-03-07T04:00',
      warnAt: '2026-03-07T03:00',
    })
    expect(wall(sla(events, '2026-03-07T03:30').nextChangeAt)).toBe('2026-03-07T04:00')
    expect(show(sla(events, '2026-03-07T04:00').firstResponse)).toMatchObject({
      state: 'breached',
      dueAt: '2026-03-07T04:00',
      remainingSeconds: 0,
    })
    expect(show(sla(events, '2026-03-07T05:00').firstResponse)).toMatchObject({
      state: 'breached',
      dueAt: '2026-03-07T04:00',
      warnAt: '2026-03-07T03:00',
      remainingSeconds: -HOUR,
    })
  })

  it('is met by the first staff reply and stays met', () => {
    const events = [created('2026-03-09T08:30', 'P2'), reply('2026-03-09T10:00')]
    const expected = {
      state: 'met',
      dueAt: '2026-03-09T12:30',
      warnAt: null,
      metAt: '2026-03-09T10:00',
      elapsedSeconds: 1.5 * HOUR,
      remainingSeconds: 2.5 * HOUR,
    }
    expect(show(sla(events, '2026-03-09T10:00').firstResponse)).toEqual(expected)
    const later = [...events, status('2026-03-09T11:00', 'resolved'), status('2026-03-10T09:00', 'open')]
    expect(show(sla(later, '2026-03-12T09:00').firstResponse)).toEqual(expected)
  })

  it('is breached, with its metAt, when the reply came late', () => {
    const r = sla([created('2026-03-09T08:30', 'P2'), reply('2026-03-09T13:30')], '2026-03-10T09:00')
    expect(show(r.firstResponse)).toEqual({
      state: 'breached',
      dueAt: '2026-03-09T12:30',
      warnAt: '2026-03-09T11:30',
      metAt: '2026-03-09T13:30',
      elapsedSeconds: 5 * HOUR,
      remainingSeconds: -HOUR,
    })
  })

  it('pauses while the ticket is resolved without a reply, and goes on when it is reopened', () => {
    const events = [created('2026-03-09T08:30', 'P2'), status('2026-03-09T09:30', 'resolved')]
    expect(show(sla(events, '2026-03-09T12:00').firstResponse)).toMatchObject({
      state: 'paused',
      dueAt: null,
      elapsedSeconds: HOUR,
    })
    const reopened = [...events, status('2026-03-10T08:30', 'open')]
    expect(show(sla(reopened, '2026-03-10T09:00').firstResponse)).toMatchObject({
      state: 'running',
      dueAt: '2026-03-10T11:30',
      elapsedSeconds: 1.5 * HOUR,
    })
  })
})

describe('pauses', () => {
  const base = [created('2026-03-06T16:00', 'P2')]
  const paused = [...base, status('2026-03-06T16:30', 'waiting-customer'), status('2026-03-09T10:00', 'open')]

  it('stops the clock while waiting for the customer', () => {
    const r = sla(paused, '2026-03-07T12:00')
    expect(show(r.firstResponse)).toEqual({
      state: 'paused',
      dueAt: null,
      warnAt: null,
      metAt: null,
      elapsedSeconds: 1800,
      remainingSeconds: 4 * HOUR - 1800,
    })
    expect(r.resolution.state).toBe('paused')
    expect(r.nextChangeAt).toBeNull()
  })

  it('shifts the deadline by exactly the paused open time', () => {
    const without = sla(base, '2026-03-09T10:00').firstResponse
    const withPause = sla(paused, '2026-03-09T10:00').firstResponse
    expect(wall(without.dueAt)).toBe('2026-03-09T11:00')
    expect(wall(withPause.dueAt)).toBe('2026-03-09T13:30')
    // Paused open time: Friday 16:30–17:30 and Monday 08:30–10:00.
    const pausedOpen = business.businessSecondsBetween(at('2026-03-06T16:30'), at('2026-03-09T10:00'))
    expect(pausedOpen).toBe(2.5 * HOUR)
    expect(business.businessSecondsBetween(without.dueAt!, withPause.dueAt!)).toBe(pausedOpen)
  })

  it('pauses on the statuses of the policy only', () => {
    const events = [created('2026-03-09T08:30', 'P2'), status('2026-03-09T09:30', 'waiting-vendor')]
    expect(sla(events, '2026-03-09T10:30').firstResponse).toMatchObject({ state: 'running', elapsedSeconds: 2 * HOUR })
    const vendorPauses = { ...policy, pauseStatuses: ['waiting-customer', 'waiting-vendor'] as TicketStatus[] }
    const r = computeSla({ events, now: at('2026-03-09T10:30'), policy: vendorPauses, calendars })
    expect(r.firstResponse).toMatchObject({ state: 'paused', elapsedSeconds: HOUR })
  })

  it('reports a breach that happened before the pause', () => {
    const events = [created('2026-03-09T08:30', 'P2'), status('2026-03-09T13:30', 'waiting-customer')]
    expect(show(sla(events, '2026-03-10T12:00').firstResponse)).toMatchObject({
      state: 'breached',
      dueAt: '2026-03-09T12:30',
    })
  })
})

describe('priority changes', () => {
  const events = [created('2026-03-09T08:30', 'P4'), priority('2026-03-09T13:30', 'P2')]

  it('runs on the old target before the change', () => {
    const r = sla(events, '2026-03-09T13:29')
    expect(r.priority).toBe('P4')
    expect(show(r.firstResponse)).toMatchObject({ state: 'running', dueAt: '2026-03-11T17:30' })
  })

  it('puts a P4 raised to P2 after 5 business hours straight into breach, with the past dueAt', () => {
    const r = sla(events, '2026-03-09T13:30')
    expect(r.priority).toBe('P2')
    expect(r.firstResponse.target).toEqual({ seconds: 4 * HOUR, calendar: 'business' })
    expect(show(r.firstResponse)).toEqual({
      state: 'breached',
      dueAt: '2026-03-09T12:30',
      warnAt: '2026-03-09T11:30',
      metAt: null,
      elapsedSeconds: 5 * HOUR,
      remainingSeconds: -HOUR,
    })
    // Resolution on P2's 27 h: 22 h left from Monday 13:30 → Wednesday 17:30; 75 % (20.25 h) on Wednesday 10:45.
    expect(show(r.resolution)).toMatchObject({
      state: 'running',
      dueAt: '2026-03-11T17:30',
      warnAt: '2026-03-11T10:45',
    })
    expect(wall(r.nextChangeAt)).toBe('2026-03-11T10:45')
  })

  it('counts the whole history in the calendar of the new target', () => {
    // A P3 raised to P1 on Saturday: the 24×7 clock counts the night and the weekend too.
    const r = sla([created('2026-03-06T17:00', 'P3'), priority('2026-03-07T10:00', 'P1')], '2026-03-07T10:00')
    expect(show(r.firstResponse)).toMatchObject({
      state: 'breached',
      dueAt: '2026-03-06T21:00',
      elapsedSeconds: 17 * HOUR,
    })
  })

  it('judges a met clock against the priority it had when met', () => {
    const r = sla(
      [created('2026-03-09T08:30', 'P4'), reply('2026-03-09T13:30'), priority('2026-03-09T14:00', 'P2')],
      '2026-03-09T15:00',
    )
    expect(r.firstResponse.target).toEqual({ seconds: 27 * HOUR, calendar: 'business' })
    expect(r.firstResponse.state).toBe('met')
  })

  it('gives a P5 no clocks at all', () => {
    const r = sla([created('2026-03-09T08:30', 'P5'), reply('2026-03-09T09:00')], '2026-03-20T08:30', true)
    for (const c of [r.firstResponse, r.update, r.resolution]) {
      expect(c).toMatchObject({ target: null, state: 'none', dueAt: null, warnAt: null, remainingSeconds: null })
    }
    expect(r.firstResponse.metAt).toBe(at('2026-03-09T09:00'))
    expect(r.nextChangeAt).toBeNull()
    expect(r.explain).toEqual({ firstResponse: [], update: [], resolution: [] })
  })
})

describe('resolution', () => {
  const events = [created('2026-03-09T08:30', 'P3'), status('2026-03-09T17:30', 'resolved')]

  it('is met by resolving, with the deadline as it stood', () => {
    const r = sla(events, '2026-03-10T12:00')
    expect(show(r.resolution)).toEqual({
      state: 'met',
      dueAt: '2026-03-13T17:30',
      warnAt: null,
      metAt: '2026-03-09T17:30',
      elapsedSeconds: 9 * HOUR,
      remainingSeconds: 36 * HOUR,
    })
  })

  it('keeps the first resolution as metAt when the ticket is closed later', () => {
    const r = sla([...events, status('2026-03-10T09:00', 'closed')], '2026-03-11T12:00')
    expect(wall(r.resolution.metAt)).toBe('2026-03-09T17:30')
  })

  it('continues counting on top of what was counted when the ticket is reopened', () => {
    const r = sla([...events, status('2026-03-11T08:30', 'open')], '2026-03-11T10:30')
    // 9 h on Monday, nothing while resolved, 2 h on Wednesday.
    expect(show(r.resolution)).toEqual({
      state: 'running',
      dueAt: '2026-03-16T17:30',
      warnAt: '2026-03-13T15:15',
      metAt: null,
      elapsedSeconds: 11 * HOUR,
      remainingSeconds: 34 * HOUR,
    })
  })
})

describe('update', () => {
  it('is none before the first response', () => {
    const r = sla([created('2026-03-09T08:30', 'P2')], '2026-03-09T09:00')
    expect(r.update).toMatchObject({
      state: 'none',
      dueAt: null,
      warnAt: null,
      elapsedSeconds: 0,
      remainingSeconds: null,
    })
    expect(r.update.target).toEqual({ seconds: 9 * HOUR, calendar: 'business' })
  })

  it('starts at the first reply and restarts at every later one', () => {
    const events = [created('2026-03-09T08:30', 'P2'), reply('2026-03-09T10:00')]
    expect(show(sla(events, '2026-03-09T12:00').update)).toEqual({
      state: 'running',
      dueAt: '2026-03-10T10:00',
      warnAt: '2026-03-09T16:45',
      metAt: null,
      elapsedSeconds: 2 * HOUR,
      remainingSeconds: 7 * HOUR,
    })
    const again = sla([...events, reply('2026-03-09T14:00')], '2026-03-09T15:00')
    expect(show(again.update)).toMatchObject({ state: 'running', dueAt: '2026-03-10T14:00', elapsedSeconds: HOUR })
  })

  it('stops while the ticket is resolved and goes on from the last reply after a reopen', () => {
    const events = [
      created('2026-03-09T08:30', 'P2'),
      reply('2026-03-09T14:00'),
      status('2026-03-09T16:00', 'resolved'),
    ]
    const resolved = sla(events, '2026-03-10T08:00')
    expect(resolved.update).toMatchObject({ state: 'none', dueAt: null, warnAt: null, remainingSeconds: null })
    expect(resolved.update.target).toEqual({ seconds: 9 * HOUR, calendar: 'business' })
    const reopened = sla([...events, status('2026-03-10T09:00', 'open')], '2026-03-10T10:00')
    expect(reopened.update).toMatchObject({ state: 'running', elapsedSeconds: 3 * HOUR })
  })

  it('is breached when nobody updates the customer in time', () => {
    const r = sla([created('2026-03-07T00:00', 'P1'), reply('2026-03-07T01:00')], '2026-03-07T03:30')
    expect(show(r.update)).toMatchObject({ state: 'breached', dueAt: '2026-03-07T03:00', remainingSeconds: -1800 })
  })
})

describe('history', () => {
  const events = [
    created('2026-03-09T08:30', 'P3'),
    reply('2026-03-09T09:00'),
    status('2026-03-09T10:00', 'waiting-customer'),
    status('2026-03-10T10:00', 'open'),
    priority('2026-03-10T11:00', 'P2'),
  ]

  it('sorts unsorted events by instant', () => {
    expect(sla([...events].reverse(), '2026-03-10T12:00')).toEqual(sla(events, '2026-03-10T12:00'))
  })

  it('puts created first among events of the same instant, and keeps the order of the others', () => {
    const t = '2026-03-09T08:30'
    const r = sla([status(t, 'waiting-customer'), created(t, 'P2'), status(t, 'open')], '2026-03-09T09:30')
    expect(r.firstResponse).toMatchObject({ state: 'running', elapsedSeconds: HOUR })
  })

  it('ignores events after now: a clock can be computed as it stood at any instant', () => {
    expect(sla(events, '2026-03-09T08:45')).toEqual(sla(events.slice(0, 1), '2026-03-09T08:45'))
  })

  it('takes a now before creation as the creation instant', () => {
    expect(sla(events, '2026-03-09T08:00').firstResponse).toMatchObject({ state: 'running', elapsedSeconds: 0 })
  })

  it.each<[string, ClockEvent[], RegExp]>([
    ['no created event', [reply('2026-03-09T09:00')], /exactly one 'created' event, got 0/],
    ['two created events', [created('2026-03-09T08:30', 'P2'), created('2026-03-09T09:30', 'P2')], /got 2/],
    ['an event before creation', [reply('2026-03-09T08:00'), created('2026-03-09T08:30', 'P2')], /comes before/],
    [
      'an instant that is not a number',
      [created('2026-03-09T08:30', 'P2'), { at: Number.NaN, type: 'staff-reply' }],
      /no valid instant/,
    ],
  ])('refuses %s', (_what, list, message) => {
    expect(() => sla(list, '2026-03-10T12:00')).toThrow(message)
  })

  it('refuses a policy that names an unknown calendar', () => {
    const bad = defaultPolicy()
    bad.priorities.P3.firstResponse = { seconds: HOUR, calendar: 'moon' }
    expect(() => computeSla({ events, now: at('2026-03-10T12:00'), policy: bad, calendars })).toThrow(
      "unknown calendar 'moon'",
    )
  })
})

describe('a calendar that never opens', () => {
  const never = defaultPolicy()
  for (const p of Object.values(never.priorities)) {
    p.firstResponse = { seconds: HOUR, calendar: 'never' }
  }

  it('keeps the clock running at 0 with no dueAt and no next change, without spinning', () => {
    const t0 = performance.now()
    const r = computeSla({
      events: [created('2026-03-09T08:30', 'P5')],
      now: at('2026-03-20T08:30'),
      policy: never,
      calendars,
    })
    expect(performance.now() - t0).toBeLessThan(200)
    expect(r.firstResponse).toMatchObject({ state: 'running', elapsedSeconds: 0, dueAt: null, warnAt: null })
    expect(r.nextChangeAt).toBeNull()
  })
})

describe('explain', () => {
  it('tells counted, paused and closed time apart, with the priority of each span', () => {
    const events = [
      created('2026-04-24T16:00', 'P3'),
      status('2026-04-24T17:00', 'waiting-customer'),
      status('2026-04-27T10:00', 'open'),
      priority('2026-04-28T09:00', 'P2'),
    ]
    const r = sla(events, '2026-04-28T10:00', true)
    const rows = r.explain!.resolution.map((s) => [wall(s.from), wall(s.to), s.kind, s.detail, s.priority])
    expect(rows).toEqual([
      ['2026-04-24T16:00', '2026-04-24T17:00', 'counted', undefined, 'P3'],
      ['2026-04-24T17:00', '2026-04-27T10:00', 'paused', 'waiting-customer', 'P3'],
      ['2026-04-27T10:00', '2026-04-28T00:00', 'holiday', 'Koningsdag', 'P3'],
      ['2026-04-28T00:00', '2026-04-28T08:30', 'outside-hours', undefined, 'P3'],
      ['2026-04-28T08:30', '2026-04-28T09:00', 'counted', undefined, 'P3'],
      ['2026-04-28T09:00', '2026-04-28T10:00', 'counted', undefined, 'P2'],
    ])
    expect(r.resolution.elapsedSeconds).toBe(2.5 * HOUR)
    checkExplain(r.explain!.resolution, at('2026-04-24T16:00'), at('2026-04-28T10:00'), r.resolution)
    checkExplain(r.explain!.firstResponse, at('2026-04-24T16:00'), at('2026-04-28T10:00'), r.firstResponse)
    expect(r.explain!.update).toEqual([])
  })

  it('ends at metAt for a met clock and starts at the last reply for the update clock', () => {
    const events = [created('2026-03-09T08:30', 'P2'), reply('2026-03-09T10:00'), reply('2026-03-09T11:00')]
    const r = sla(events, '2026-03-09T12:00', true)
    checkExplain(r.explain!.firstResponse, at('2026-03-09T08:30'), at('2026-03-09T10:00'), r.firstResponse)
    checkExplain(r.explain!.update, at('2026-03-09T11:00'), at('2026-03-09T12:00'), r.update)
  })

  it('is left out unless asked for', () => {
    expect(sla([created('2026-03-09T08:30', 'P2')], '2026-03-09T09:00').explain).toBeUndefined()
  })
})

describe('SlaPolicy', () => {
  it('accepts the default policy and fills in defaults', () => {
    expect(SlaPolicy.parse(defaultPolicy())).toEqual(defaultPolicy())
    const { pauseStatuses: _p, warnShare: _w, ...bare } = defaultPolicy()
    expect(SlaPolicy.parse(bare)).toEqual(defaultPolicy())
  })

  it.each<[string, (p: SlaPolicy) => unknown, string, RegExp]>([
    [
      'a target of 0 seconds',
      (p) => (p.priorities.P2.update = { seconds: 0, calendar: 'business' }),
      'priorities.P2.update.seconds',
      /more than 0/,
    ],
    [
      'a target of more than 366 days',
      (p) => (p.priorities.P1.resolution = { seconds: 367 * 86_400, calendar: '24x7' }),
      'priorities.P1.resolution.seconds',
      /at most 366 days/,
    ],
    [
      'a fractional target',
      (p) => (p.priorities.P1.resolution = { seconds: 1.5, calendar: '24x7' }),
      'priorities.P1.resolution.seconds',
      /whole seconds/,
    ],
    ['a warnShare of 1', (p) => (p.warnShare = 1), 'warnShare', /less than 1/],
    ['a warnShare of 0', (p) => (p.warnShare = 0), 'warnShare', /more than 0/],
    ['resolved as a pause', (p) => (p.pauseStatuses = ['resolved']), 'pauseStatuses.0', /pauseStatuses may hold/],
    [
      'an unknown status',
      (p) => (p.pauseStatuses = ['sleeping' as TicketStatus]),
      'pauseStatuses.0',
      /pauseStatuses may hold/,
    ],
    ['a repeated status', (p) => (p.pauseStatuses = ['new', 'new']), 'pauseStatuses', /must not repeat/],
  ])('refuses %s', (_what, change, path, message) => {
    const p = defaultPolicy()
    change(p)
    const result = SlaPolicy.safeParse(p)
    expect(result.success).toBe(false)
    expect(result.error!.issues[0]!.path.join('.')).toBe(path)
    expect(result.error!.issues[0]!.message).toMatch(message)
  })
})

// ---------------------------------------------------------------------------------------------------------------
// Properties over random histories.

const START = Date.UTC(2026, 0, 1)
const STATUSES: TicketStatus[] = ['new', 'open', 'waiting-customer', 'waiting-vendor', 'resolved', 'closed']
const PRIORITIES: Priority[] = ['P1', 'P2', 'P3', 'P4', 'P5']

const eventArb: fc.Arbitrary<(t: number) => ClockEvent> = fc.oneof(
  fc.constantFrom(...STATUSES).map((s) => (t: number): ClockEvent => ({ at: t, type: 'status', status: s })),
  fc.constantFrom(...PRIORITIES).map((p) => (t: number): ClockEvent => ({ at: t, type: 'priority', priority: p })),
  fc.constant((t: number): ClockEvent => ({ at: t, type: 'staff-reply' })),
)

/** A ticket's history: events at distinct whole seconds, up to a few days apart, and a now after the last one. */
const historyArb = fc
  .record({
    start: fc.integer({ min: 0, max: 700 * 86_400 }),
    priority: fc.constantFrom<Priority>('P1', 'P2', 'P3', 'P4'),
    status: fc.constantFrom<TicketStatus>('new', 'open'),
    steps: fc.array(fc.tuple(fc.integer({ min: 1, max: 3 * 86_400 }), eventArb), { maxLength: 12 }),
    tail: fc.integer({ min: 0, max: 5 * 86_400 }),
  })
  .map(({ start, priority, status, steps, tail }) => {
    let t = START + start * 1000
    const events: ClockEvent[] = [{ at: t, type: 'created', priority, status }]
    for (const [gap, make] of steps) {
      t += gap * 1000
      events.push(make(t))
    }
    return { events, now: t + tail * 1000 }
  })

const run = (events: ClockEvent[], now: number, explain = false) =>
  computeSla({ events, now, policy, calendars }, { explain })
const states = (r: SlaResult) => [r.firstResponse.state, r.update.state, r.resolution.state]

describe('clock properties', () => {
  it('does not depend on the order the events come in', () => {
    fc.assert(
      fc.property(historyArb, fc.integer(), ({ events, now }, seed) => {
        const shuffled = [...events]
        for (let i = shuffled.length - 1; i > 0; i--) {
          const j = Math.abs(seed + i * 7919) % (i + 1)
          ;[shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!]
        }
        expect(run(shuffled, now)).toEqual(run(events, now))
      }),
      { numRuns: 100 },
    )
  })

  it('explains every clock with spans that cover it exactly and count its elapsed time', () => {
    fc.assert(
      fc.property(historyArb, ({ events, now }) => {
        const r = run(events, now, true)
        const createdAt = events[0]!.at
        for (const name of ['firstResponse', 'resolution'] as const) {
          const c = r[name]
          if (c.target) {
            checkExplain(r.explain![name], createdAt, c.metAt ?? now, c)
          }
        }
        const lastReply = events.filter((e) => e.type === 'staff-reply').pop()
        if (r.update.target && lastReply) {
          checkExplain(r.explain!.update, lastReply.at, now, r.update)
        }
      }),
      { numRuns: 100 },
    )
  })

  it('keeps every clock consistent with its state', () => {
    fc.assert(
      fc.property(historyArb, ({ events, now }) => {
        const r = run(events, now)
        for (const c of [r.firstResponse, r.update, r.resolution]) {
          expect(c.elapsedSeconds).toBeGreaterThanOrEqual(0)
          if (c.state === 'none') {
            expect(c.remainingSeconds).toBeNull()
            continue
          }
          const target = c.target!.seconds
          expect(c.remainingSeconds).toBe((target * 1000 - c.elapsedSeconds * 1000) / 1000)
          if (c.state === 'breached') {
            expect(c.elapsedSeconds).toBeGreaterThanOrEqual(target)
            expect(c.dueAt!).toBeLessThanOrEqual(c.metAt ?? now)
          }
          if (c.state === 'running' || c.state === 'warning') {
            expect(c.dueAt!).toBeGreaterThan(now)
            expect(c.warnAt!).toBeLessThan(c.dueAt!)
          }
          if (c.state === 'paused') {
            expect(c.dueAt).toBeNull()
          }
        }
      }),
      { numRuns: 100 },
    )
  })

  it('changes state by itself at nextChangeAt and not before', () => {
    fc.assert(
      fc.property(historyArb, fc.double({ min: 0, max: 1, noNaN: true }), ({ events, now }, share) => {
        const r = run(events, now)
        if (r.nextChangeAt === null) {
          return
        }
        expect(r.nextChangeAt).toBeGreaterThan(now)
        const before = now + Math.floor((r.nextChangeAt - 1 - now) * share)
        expect(states(run(events, before))).toEqual(states(r))
        expect(states(run(events, r.nextChangeAt))).not.toEqual(states(r))
      }),
      { numRuns: 100 },
    )
  })

  it('never counts less as time goes on', () => {
    fc.assert(
      fc.property(historyArb, fc.integer({ min: 0, max: 10 * 86_400 }), ({ events, now }, later) => {
        const a = run(events, now)
        const b = run(events, now + later * 1000)
        expect(b.firstResponse.elapsedSeconds).toBeGreaterThanOrEqual(a.firstResponse.elapsedSeconds)
        expect(b.resolution.elapsedSeconds).toBeGreaterThanOrEqual(a.resolution.elapsedSeconds)
      }),
      { numRuns: 100 },
    )
  })

  it('never gives an earlier deadline for a history with a pause added', () => {
    const live = historyArb.map(({ events, now }) => ({
      // Statuses that count only, so that the added pause is the one that matters.
      events: events.map((e): ClockEvent => (e.type === 'status' ? { ...e, status: 'open' } : e)),
      now,
    }))
    fc.assert(
      fc.property(
        live,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        ({ events, now }, a, b) => {
          const createdAt = events[0]!.at
          const [p, q] = [a, b].sort((x, y) => x - y) as [number, number]
          const pauseFrom = createdAt + Math.floor((now - createdAt) * p) + 1
          const pauseTo = createdAt + Math.floor((now - createdAt) * q) + 2
          const pausedEvents: ClockEvent[] = [
            ...events.filter((e) => e.type !== 'status'),
            { at: pauseFrom, type: 'status', status: 'waiting-customer' },
            { at: pauseTo, type: 'status', status: 'open' },
          ]
          const end = Math.max(now, pauseTo)
          const without = run(
            events.filter((e) => e.type !== 'status'),
            end,
          )
          const withPause = run(pausedEvents, end)
          for (const name of ['firstResponse', 'resolution', 'update'] as const) {
            const x = without[name]
            const y = withPause[name]
            expect(y.elapsedSeconds).toBeLessThanOrEqual(x.elapsedSeconds)
            if (x.dueAt !== null && y.dueAt !== null && x.target === y.target) {
              expect(y.dueAt).toBeGreaterThanOrEqual(x.dueAt)
            }
          }
        },
      ),
      { numRuns: 100 },
    )
  })
})
