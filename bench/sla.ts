// SLA deadlines: the precomputed business calendar against a naive minute-by-minute walk, and computeSla per ticket.
//
// The figure that matters is the ratio to the naive reference measured in the same run: absolute numbers on a
// shared machine are noise. Both answer the same question on the same random samples (starts over 2026–2027 on a
// whole minute, targets from 1 to 45 business hours in the default business calendar with Dutch public holidays),
// and their answers must be equal. Everything runs on this one thread.
//
//   npx tsx bench/sla.ts                   the table
//   BENCH_SAMPLES=200000 tsx bench/sla.ts  fewer samples for the fast path (default 1,000,000)
//   BENCH_NAIVE=50 tsx bench/sla.ts        fewer samples for the naive reference (default 200)
import Holidays from 'date-holidays'
import { DateTime } from 'luxon'
import { type CalendarSpec, compileCalendar, compileCalendars, defaultCalendars } from '../src/modules/sla/calendar.js'
import { type ClockEvent, computeSla, defaultPolicy } from '../src/modules/sla/clock.js'

const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 1_000_000)
const NAIVE_SAMPLES = Number(process.env.BENCH_NAIVE ?? 200)
const ROUNDS = 5
const TICKETS = 10_000

const TARGET_PER_S = 1_000_000
const TARGET_RATIO = 1000

const MINUTE_MS = 60_000
const FROM = Date.UTC(2026, 0, 1)
const TO = Date.UTC(2028, 0, 1)

/** A small seeded generator (mulberry32): the same samples on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

interface Samples {
  starts: Float64Array
  seconds: Float64Array
}

function samples(n: number, seed: number): Samples {
  const next = random(seed)
  const starts = new Float64Array(n)
  const seconds = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    starts[i] = FROM + Math.floor((next() * (TO - FROM)) / MINUTE_MS) * MINUTE_MS
    seconds[i] = (60 + Math.floor(next() * (45 * 60 - 60 + 1))) * 60
  }
  return { starts, seconds }
}

/**
 * The reference: walks minute by minute from the start, converting each minute to local time with luxon and
 * checking it against the opening hours and the public holidays, until enough open minutes have passed.
 */
function naiveCalendar(spec: CalendarSpec) {
  const lib = spec.holidays && new Holidays(spec.holidays.country)
  const holidays = new Set<string>()
  for (let year = 2025; year <= 2029; year++) {
    for (const h of lib ? lib.getHolidays(year) : []) {
      if (h.type === 'public') {
        holidays.add(h.date.slice(0, 10))
      }
    }
  }
  const ranges = spec.hours.map((h) => ({
    day: h.day,
    from: Number(h.from.slice(0, 2)) * 60 + Number(h.from.slice(3)),
    to: Number(h.to.slice(0, 2)) * 60 + Number(h.to.slice(3)),
  }))
  const open = (t: number) => {
    const local = DateTime.fromMillis(t, { zone: spec.timeZone })
    if (holidays.has(local.toISODate()!)) {
      return false
    }
    const m = local.hour * 60 + local.minute
    return ranges.some((r) => r.day === local.weekday && m >= r.from && m < r.to)
  }
  return (start: number, seconds: number): number => {
    const minutes = seconds / 60
    let counted = 0
    // Bounded: a year of minutes is far more than 45 business hours ever need.
    for (let t = start, i = 0; i < 366 * 1440; t += MINUTE_MS, i++) {
      if (open(t) && ++counted === minutes) {
        return t + MINUTE_MS
      }
    }
    throw new Error(`the naive reference found no deadline for ${new Date(start).toISOString()} + ${seconds} s`)
  }
}

/** A ticket's history of 10 events: creation, replies, a pause, a priority change, resolution, a reopen. */
function ticket(createdAt: number): ClockEvent[] {
  const h = (hours: number) => createdAt + hours * 3_600_000
  return [
    { at: createdAt, type: 'created', priority: 'P3', status: 'new' },
    { at: h(1), type: 'status', status: 'open' },
    { at: h(2), type: 'staff-reply' },
    { at: h(3), type: 'status', status: 'waiting-customer' },
    { at: h(20), type: 'status', status: 'open' },
    { at: h(21), type: 'priority', priority: 'P2' },
    { at: h(22), type: 'staff-reply' },
    { at: h(30), type: 'status', status: 'resolved' },
    { at: h(50), type: 'status', status: 'open' },
    { at: h(51), type: 'staff-reply' },
  ]
}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
const verdict = (ok: boolean) => (ok ? 'ok' : 'below target')

function row(what: string, value: string, target = '', status = ''): string {
  return `${what.padEnd(56)}${value.padStart(26)}  ${target.padEnd(14)}${status}`
}

/** Runs `fn` in ROUNDS timed rounds and answers the best rate (calls per second). */
function bestRate(calls: number, fn: () => void): number {
  let best = 0
  for (let round = 0; round < ROUNDS; round++) {
    const t0 = performance.now()
    fn()
    const seconds = (performance.now() - t0) / 1000
    best = Math.max(best, calls / seconds)
  }
  return best
}

function main(): void {
  console.log(
    `bench/sla: ${fmt(SAMPLES)} deadlines (best of ${ROUNDS} rounds after a warm-up) against ${fmt(NAIVE_SAMPLES)} naive ones, business calendar (Europe/Amsterdam, Mon–Fri 08:30–17:30, NL holidays); Node ${process.version}\n`,
  )
  const spec = defaultCalendars().business
  const business = compileCalendar(spec)
  const { starts, seconds } = samples(SAMPLES, 20260101)
  let sink = 0

  // Warm-up: builds the calendar blocks of 2026–2027 and lets the JIT settle.
  for (let i = 0; i < SAMPLES; i++) {
    sink += business.addBusinessSeconds(starts[i]!, seconds[i]!)
  }
  const fastRate = bestRate(SAMPLES, () => {
    for (let i = 0; i < SAMPLES; i++) {
      sink += business.addBusinessSeconds(starts[i]!, seconds[i]!)
    }
  })

  const naive = naiveCalendar(spec)
  const naiveCount = Math.min(NAIVE_SAMPLES, SAMPLES)
  naive(starts[0]!, seconds[0]!)
  const naiveAnswers = new Float64Array(naiveCount)
  const t0 = performance.now()
  for (let i = 0; i < naiveCount; i++) {
    naiveAnswers[i] = naive(starts[i]!, seconds[i]!)
  }
  const naiveRate = naiveCount / ((performance.now() - t0) / 1000)

  const mismatches: string[] = []
  for (let i = 0; i < naiveCount; i++) {
    const fast = business.addBusinessSeconds(starts[i]!, seconds[i]!)
    if (fast !== naiveAnswers[i]) {
      mismatches.push(
        `${new Date(starts[i]!).toISOString()} + ${seconds[i]} s: fast ${new Date(fast).toISOString()}, naive ${new Date(naiveAnswers[i]!).toISOString()}`,
      )
    }
  }

  const calendars = compileCalendars(defaultCalendars())
  const policy = defaultPolicy()
  const next = random(7)
  const tickets = Array.from({ length: TICKETS }, () =>
    ticket(FROM + Math.floor(next() * (TO - FROM - 10 * 86_400_000))),
  )
  const nows = tickets.map((events) => events[events.length - 1]!.at + 3_600_000)
  const run = (explain: boolean) => () => {
    for (let i = 0; i < TICKETS; i++) {
      sink += computeSla({ events: tickets[i]!, now: nows[i]!, policy, calendars }, { explain }).resolution
        .elapsedSeconds
    }
  }
  run(false)()
  const slaRate = bestRate(TICKETS, run(false))
  run(true)()
  const explainRate = bestRate(TICKETS, run(true))

  const ratio = fastRate / naiveRate
  console.log(
    [
      row('', 'measured', 'target', ''),
      row(
        '1. addBusinessSeconds, precomputed calendar',
        `${fmt(fastRate)} /s`,
        `≥ ${fmt(TARGET_PER_S)}`,
        verdict(fastRate >= TARGET_PER_S),
      ),
      row('   per deadline', `${fmt(1e9 / fastRate, 1)} ns`),
      row('2. naive reference, minute by minute with luxon', `${fmt(naiveRate, 1)} /s`),
      row('   ratio precomputed / naive', fmt(ratio), `≥ ${fmt(TARGET_RATIO)}`, verdict(ratio >= TARGET_RATIO)),
      row(
        `   answers equal on the ${fmt(naiveCount)} naive samples`,
        mismatches.length === 0 ? 'yes' : `NO (${mismatches.length})`,
      ),
      row('3. computeSla, ticket of 10 events', `${fmt(slaRate)} /s`),
      row('   per ticket', `${fmt(1e6 / slaRate, 2)} µs`),
      row('   computeSla with explain', `${fmt(explainRate)} /s`),
    ].join('\n'),
  )
  if (!Number.isFinite(sink)) {
    console.log('(sink)', sink)
  }
  if (mismatches.length > 0) {
    console.error(
      `\nbench/sla: the precomputed calendar and the naive reference disagree:\n${mismatches.slice(0, 10).join('\n')}`,
    )
    process.exitCode = 1
  }
}

main()
