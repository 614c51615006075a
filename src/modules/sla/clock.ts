// The SLA clocks of one ticket, computed from its history. Pure: no I/O, no Date.now(); `now` is an argument.
// Instants are UTC epoch milliseconds (whole ms), durations are seconds.
//
// Three clocks per ticket, each with a target taken from the policy of the ticket's priority:
// - first response: from creation until the first 'staff-reply' (a public reply or a logged phone call). Once met
//   it stays met.
// - resolution: from creation until the ticket is resolved or closed. A status change back to a live status
//   un-meets it, and counting continues on top of what was counted before: a reopened ticket gets no fresh clock.
// - update: starts at the first staff reply and restarts at every later one; it is never met. It is 'none' before
//   the first response and while the ticket is resolved or closed (after a reopen it goes on from the last reply).
//
// Counted time of a clock = open time, in the calendar of its target, of the intervals in which the ticket's status
// counts (not a pause status, not resolved or closed), from the clock's start until it is met (or now).
//
// Priority changes: the target is always that of the current priority (of the priority at the moment of meeting
// for a met clock), and the counted time comes from the whole history in that target's calendar. A priority raised
// late can therefore put a ticket straight into breach with a dueAt in the past; the same events always give the
// same result.
//
// State: a met clock is 'met' if its counted time at meeting ≤ target, else 'breached' (metAt still set). A clock
// not met is 'breached' if counted ≥ target; else 'paused' if the current status does not count; else 'warning' if
// counted ≥ warnShare × target; else 'running'. A first-response clock of a ticket resolved without any staff reply
// is 'paused': it goes on if the ticket is reopened.
//
// dueAt / warnAt: the instant the counted time reaches the target (warnShare × target) if nothing changes from now
// on; the exact past crossing instant once it has been reached; for a met clock, dueAt is the deadline as it stood
// when met (as if the clock had kept running from metAt). Null when not reachable within 20 years in the calendar
// (a calendar without opening hours): such a clock stays 'running' with dueAt null and never changes by itself.
//
// Events may come unsorted: they are sorted stably by `at`, a 'created' event first among equal instants. Events
// after `now` have not happened yet and are ignored, so that a clock can be computed as it stood at any instant;
// a `now` before creation counts as the creation instant.
//
// Cost: a few calendar look-ups per event and clock, each O(1). The web app imports the schemas of this file, so
// calendar.ts (luxon, date-holidays) is imported for its types only.
import { z } from 'zod'
import type { BusinessCalendar } from './calendar.js'
import type { Priority } from './priority.js'

export const TICKET_STATUSES = ['new', 'open', 'waiting-customer', 'waiting-vendor', 'resolved', 'closed'] as const
export type TicketStatus = (typeof TICKET_STATUSES)[number]

const isDone = (status: TicketStatus) => status === 'resolved' || status === 'closed'

const MAX_TARGET_SECONDS = 366 * 24 * 3600

export const Target = z.object({
  seconds: z
    .number({ error: 'seconds must be a number' })
    .int('seconds must be whole seconds')
    .positive('seconds must be more than 0')
    .max(MAX_TARGET_SECONDS, 'seconds may be at most 366 days'),
  /** Key into the calendars map. */
  calendar: z.string().min(1, 'calendar must name a calendar').max(50),
})
export type Target = z.infer<typeof Target>

export const PriorityPolicy = z.object({
  firstResponse: Target.nullable(),
  update: Target.nullable(),
  resolution: Target.nullable(),
})
export type PriorityPolicy = z.infer<typeof PriorityPolicy>

export const SlaPolicy = z.object({
  priorities: z.object({
    P1: PriorityPolicy,
    P2: PriorityPolicy,
    P3: PriorityPolicy,
    P4: PriorityPolicy,
    P5: PriorityPolicy,
  }),
  pauseStatuses: z
    .array(
      z
        .enum(TICKET_STATUSES, { error: 'pauseStatuses may hold new, open, waiting-customer, waiting-vendor' })
        // Resolved and closed stop the clocks by themselves; as a pause they would hide that.
        .refine((s): boolean => !isDone(s), 'pauseStatuses may hold new, open, waiting-customer, waiting-vendor'),
    )
    .refine((s) => new Set(s).size === s.length, 'pauseStatuses must not repeat a status')
    .default(['waiting-customer']),
  warnShare: z
    .number({ error: 'warnShare must be a number' })
    .gt(0, 'warnShare must be more than 0')
    .lt(1, 'warnShare must be less than 1')
    .default(0.75),
})
export type SlaPolicy = z.infer<typeof SlaPolicy>

const HOUR = 3600
const target = (hours: number, calendar: 'business' | '24x7'): Target => ({ seconds: hours * HOUR, calendar })

/** The default SLA: calamities around the clock, the rest in business hours (a business day is 9 h). */
export function defaultPolicy(): SlaPolicy {
  return {
    priorities: {
      P1: { firstResponse: target(4, '24x7'), update: target(2, '24x7'), resolution: target(24, '24x7') },
      P2: { firstResponse: target(4, 'business'), update: target(9, 'business'), resolution: target(27, 'business') },
      P3: { firstResponse: target(9, 'business'), update: target(27, 'business'), resolution: target(45, 'business') },
      P4: { firstResponse: target(27, 'business'), update: null, resolution: target(90, 'business') },
      // Cosmetic: goes into the next planned release, no clock.
      P5: { firstResponse: null, update: null, resolution: null },
    },
    pauseStatuses: ['waiting-customer'],
    warnShare: 0.75,
  }
}

export type ClockEvent =
  | { at: number; type: 'created'; priority: Priority; status: TicketStatus }
  | { at: number; type: 'priority'; priority: Priority }
  | { at: number; type: 'status'; status: TicketStatus }
  /** A public reply or logged phone call by staff: meets first response, restarts the update clock. */
  | { at: number; type: 'staff-reply' }

export type ClockState = 'running' | 'warning' | 'breached' | 'met' | 'paused' | 'none'

export interface ClockResult {
  /** For the ticket's current priority (for a met clock: the priority when it was met). */
  target: Target | null
  /** 'none' when target is null, and for the update clock before the first response and while resolved or closed. */
  state: ClockState
  /**
   * Instant the counted time reaches the target if nothing changes from now on; the exact past crossing instant
   * when breached; for a met clock the deadline as it stood when met; null when paused or none, or when the
   * calendar never opens.
   */
  dueAt: number | null
  /** Same for warnShare × target; null when met, paused or none. */
  warnAt: number | null
  /** When the clock was met (first reply, resolution), also when its target is null; null while not met. */
  metAt: number | null
  /** Counted time until now (or until metAt). */
  elapsedSeconds: number
  /** target − elapsed (negative when breached), null when none. */
  remainingSeconds: number | null
}

export interface ExplainSpan {
  from: number
  to: number
  kind: 'counted' | 'paused' | 'outside-hours' | 'holiday' | 'closure'
  /** The status that stops the clock (for 'paused'), or the holiday name. */
  detail?: string
  priority: Priority
}

export interface SlaResult {
  priority: Priority
  firstResponse: ClockResult
  update: ClockResult
  resolution: ClockResult
  /**
   * Earliest instant > now at which any state changes by itself (a warnAt or dueAt of a running/warning clock), or
   * null. A watcher job stores it and wakes then: clocks are computed, never polled.
   */
  nextChangeAt: number | null
  /** Only when options.explain: for each clock with a target, the spans from its start to now/metAt in its calendar. */
  explain?: { firstResponse: ExplainSpan[]; update: ExplainSpan[]; resolution: ExplainSpan[] }
}

export const CLOCKS = ['firstResponse', 'update', 'resolution'] as const
export type ClockName = (typeof CLOCKS)[number]

/** A stretch of the ticket's history with one status and one priority. */
interface Segment {
  from: number
  to: number
  status: TicketStatus
  priority: Priority
}

function sortEvents(events: ClockEvent[]): ClockEvent[] {
  for (const e of events) {
    if (!Number.isFinite(e.at)) {
      throw new Error(`SLA clock: event ${e.type} has no valid instant (at = ${String(e.at)})`)
    }
  }
  const created = events.filter((e) => e.type === 'created')
  if (created.length !== 1) {
    throw new Error(`SLA clock: a ticket's history needs exactly one 'created' event, got ${created.length}`)
  }
  const sorted = events
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.at - b.e.at || rank(a.e) - rank(b.e) || a.i - b.i)
    .map((x) => x.e)
  if (sorted[0]!.type !== 'created') {
    throw new Error(
      `SLA clock: a ${sorted[0]!.type} event at ${sorted[0]!.at} comes before the ticket was created at ${created[0]!.at}`,
    )
  }
  return sorted
}

const rank = (e: ClockEvent) => (e.type === 'created' ? 0 : 1)

interface History {
  createdAt: number
  now: number
  segments: Segment[]
  priority: Priority
  status: TicketStatus
  firstReply: { at: number; priority: Priority } | null
  lastReplyAt: number | null
  /** Since when the ticket is resolved or closed, and its priority then; null while it is live. */
  done: { at: number; priority: Priority } | null
}

function historyOf(events: ClockEvent[], nowArg: number): History {
  if (!Number.isFinite(nowArg)) {
    throw new Error(`SLA clock: now must be an instant in epoch ms, got ${nowArg}`)
  }
  const sorted = sortEvents(events)
  const created = sorted[0] as Extract<ClockEvent, { type: 'created' }>
  const now = Math.max(nowArg, created.at)
  const h: History = {
    createdAt: created.at,
    now,
    segments: [],
    priority: created.priority,
    status: created.status,
    firstReply: null,
    lastReplyAt: null,
    done: isDone(created.status) ? { at: created.at, priority: created.priority } : null,
  }
  let from = created.at
  for (let i = 1; i < sorted.length; i++) {
    const e = sorted[i]!
    if (e.at > now) {
      break
    }
    if (e.at > from) {
      h.segments.push({ from, to: e.at, status: h.status, priority: h.priority })
      from = e.at
    }
    switch (e.type) {
      case 'created':
        break
      case 'priority':
        h.priority = e.priority
        break
      case 'status':
        if (isDone(e.status) && !isDone(h.status)) {
          h.done = { at: e.at, priority: h.priority }
        } else if (!isDone(e.status)) {
          h.done = null
        }
        h.status = e.status
        break
      case 'staff-reply':
        h.firstReply ??= { at: e.at, priority: h.priority }
        h.lastReplyAt = e.at
        break
    }
  }
  if (now > from) {
    h.segments.push({ from, to: now, status: h.status, priority: h.priority })
  }
  return h
}

interface ClockInput {
  target: Target | null
  /** Where the clock starts counting and until when (metAt, or now). */
  from: number
  to: number
  metAt: number | null
  /** The clock does not count now (and is not met): paused. */
  pausedNow: boolean
}

interface Evaluated {
  result: ClockResult
  explain: ExplainSpan[]
}

const NONE = (metAt: number | null): ClockResult => ({
  target: null,
  state: 'none',
  dueAt: null,
  warnAt: null,
  metAt,
  elapsedSeconds: 0,
  remainingSeconds: null,
})

const ms = (seconds: number) => Math.round(seconds * 1000)
const finite = (t: number) => (Number.isFinite(t) ? t : null)

/** Computes the three SLA clocks of a ticket at `now`. @throws Error on an invalid history or an unknown calendar. */
export function computeSla(
  input: { events: ClockEvent[]; now: number; policy: SlaPolicy; calendars: Record<string, BusinessCalendar> },
  options: { explain?: boolean } = {},
): SlaResult {
  const { policy, calendars } = input
  const h = historyOf(input.events, input.now)
  const pauses = new Set<TicketStatus>(policy.pauseStatuses)
  const counts = (status: TicketStatus) => !isDone(status) && !pauses.has(status)
  const policyOf = (priority: Priority) => {
    const p = policy.priorities[priority]
    if (!p) {
      throw new Error(`SLA clock: the policy has no targets for priority ${String(priority)}`)
    }
    return p
  }
  const countingNow = counts(h.status)

  function evaluate(c: ClockInput, explain: boolean): Evaluated {
    if (!c.target) {
      return { result: NONE(c.metAt), explain: [] }
    }
    const calendar = calendars[c.target.calendar]
    if (!calendar) {
      throw new Error(`SLA clock: unknown calendar '${c.target.calendar}'`)
    }
    // The stretches in which this clock counts; the same list gives the elapsed time and the past crossings.
    const counted: [number, number, number][] = []
    let elapsedMs = 0
    for (const s of h.segments) {
      const a = Math.max(s.from, c.from)
      const b = Math.min(s.to, c.to)
      if (a < b && counts(s.status)) {
        const open = ms(calendar.businessSecondsBetween(a, b))
        counted.push([a, b, open])
        elapsedMs += open
      }
    }
    const crossing = (thresholdMs: number): number | null => {
      let sum = 0
      for (const [a, , open] of counted) {
        if (sum + open >= thresholdMs) {
          return finite(calendar.addBusinessSeconds(a, (thresholdMs - sum) / 1000))
        }
        sum += open
      }
      return null
    }
    const targetMs = ms(c.target.seconds)
    const warnMs = Math.round(policy.warnShare * targetMs)
    const result: ClockResult = {
      target: c.target,
      state: 'running',
      dueAt: null,
      warnAt: null,
      metAt: c.metAt,
      elapsedSeconds: elapsedMs / 1000,
      remainingSeconds: (targetMs - elapsedMs) / 1000,
    }
    if (c.metAt !== null) {
      if (elapsedMs <= targetMs) {
        result.state = 'met'
        result.dueAt =
          elapsedMs < targetMs
            ? finite(calendar.addBusinessSeconds(c.metAt, (targetMs - elapsedMs) / 1000))
            : crossing(targetMs)
      } else {
        result.state = 'breached'
        result.dueAt = crossing(targetMs)
        result.warnAt = crossing(warnMs)
      }
    } else if (elapsedMs >= targetMs) {
      result.state = 'breached'
      result.dueAt = crossing(targetMs)
      result.warnAt = crossing(warnMs)
    } else if (c.pausedNow) {
      result.state = 'paused'
    } else {
      result.state = elapsedMs >= warnMs ? 'warning' : 'running'
      result.dueAt = finite(calendar.addBusinessSeconds(h.now, (targetMs - elapsedMs) / 1000))
      result.warnAt =
        elapsedMs >= warnMs ? crossing(warnMs) : finite(calendar.addBusinessSeconds(h.now, (warnMs - elapsedMs) / 1000))
    }
    return { result, explain: explain ? explainSpans(c, calendar) : [] }
  }

  function explainSpans(c: ClockInput, calendar: BusinessCalendar): ExplainSpan[] {
    const out: ExplainSpan[] = []
    const push = (span: ExplainSpan) => {
      const last = out[out.length - 1]
      if (
        last &&
        last.to === span.from &&
        last.kind === span.kind &&
        last.detail === span.detail &&
        last.priority === span.priority
      ) {
        last.to = span.to
      } else {
        out.push(span)
      }
    }
    for (const s of h.segments) {
      const a = Math.max(s.from, c.from)
      const b = Math.min(s.to, c.to)
      if (a >= b) {
        continue
      }
      if (!counts(s.status)) {
        push({ from: a, to: b, kind: 'paused', detail: s.status, priority: s.priority })
        continue
      }
      for (const span of calendar.spans(a, b)) {
        const kind = span.kind === 'open' ? 'counted' : span.kind
        push(
          span.name === undefined
            ? { from: span.from, to: span.to, kind, priority: s.priority }
            : { from: span.from, to: span.to, kind, detail: span.name, priority: s.priority },
        )
      }
    }
    return out
  }

  const explain = options.explain === true

  const fr = h.firstReply
  const firstResponse = evaluate(
    {
      target: policyOf(fr ? fr.priority : h.priority).firstResponse,
      from: h.createdAt,
      to: fr ? fr.at : h.now,
      metAt: fr ? fr.at : null,
      pausedNow: !countingNow,
    },
    explain,
  )

  const done = h.done
  const resolution = evaluate(
    {
      target: policyOf(done ? done.priority : h.priority).resolution,
      from: h.createdAt,
      to: done ? done.at : h.now,
      metAt: done ? done.at : null,
      pausedNow: !countingNow,
    },
    explain,
  )

  const updateTarget = policyOf(h.priority).update
  let update: Evaluated
  if (!updateTarget) {
    update = { result: NONE(null), explain: [] }
  } else if (h.lastReplyAt === null) {
    // Nothing to update on before the first response; the target is shown all the same.
    update = { result: { ...NONE(null), target: updateTarget }, explain: [] }
  } else {
    update = evaluate(
      { target: updateTarget, from: h.lastReplyAt, to: h.now, metAt: null, pausedNow: !countingNow },
      explain,
    )
    if (done) {
      // Nothing to update the customer on while the ticket is resolved or closed: the clock is stopped.
      update.result = {
        ...update.result,
        target: updateTarget,
        state: 'none',
        dueAt: null,
        warnAt: null,
        remainingSeconds: null,
      }
    }
  }

  let nextChangeAt: number | null = null
  for (const { result } of [firstResponse, update, resolution]) {
    if (result.state !== 'running' && result.state !== 'warning') {
      continue
    }
    for (const t of [result.warnAt, result.dueAt]) {
      if (t !== null && t > h.now && (nextChangeAt === null || t < nextChangeAt)) {
        nextChangeAt = t
      }
    }
  }

  const sla: SlaResult = {
    priority: h.priority,
    firstResponse: firstResponse.result,
    update: update.result,
    resolution: resolution.result,
    nextChangeAt,
  }
  if (explain) {
    sla.explain = { firstResponse: firstResponse.explain, update: update.explain, resolution: resolution.explain }
  }
  return sla
}
