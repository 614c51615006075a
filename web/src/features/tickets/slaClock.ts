import type { TFunction } from 'i18next'
import type { SlaState, Ticket, TicketClock, TicketSla } from '../../../../src/modules/tickets/schema.ts'

export type ClockName = 'firstResponse' | 'update' | 'resolution'
export const clockNames: readonly ClockName[] = ['firstResponse', 'update', 'resolution']

/**
 * A clock's state at `now` (epoch ms). The server computed it when the ticket was read: a running clock whose
 * warning or deadline has passed since then reads as warning or breached, so that a page left open stays right.
 */
export function liveState(clock: TicketClock, now: number): SlaState {
  if (clock.state !== 'running' && clock.state !== 'warning') {
    return clock.state
  }
  if (clock.dueAt !== null && Date.parse(clock.dueAt) <= now) {
    return 'breached'
  }
  if (clock.warnAt !== null && Date.parse(clock.warnAt) <= now) {
    return 'warning'
  }
  return clock.state
}

/**
 * Still to be met: not met yet (a clock met too late is 'breached' with `metAt` set, and is done) and not off.
 * A paused clock is pending too: it goes on when the ticket does.
 */
export function isPending(clock: TicketClock): boolean {
  return clock.metAt === null && clock.state !== 'met' && clock.state !== 'none'
}

export type SlaSummary =
  /** A clock runs towards `dueAt` (epoch ms); `state` is running or warning. */
  | { kind: 'due'; clock: ClockName; dueAt: number; state: 'running' | 'warning' }
  /** The deadline `dueAt` has passed and the clock is still not met. */
  | { kind: 'overdue'; clock: ClockName; dueAt: number }
  /** Every pending clock waits (e.g. for the customer); `remainingSeconds` is what is left of the nearest one. */
  | { kind: 'paused'; clock: ClockName; remainingSeconds: number | null }
  /** Resolved or closed, or all clocks met: how the SLA went. */
  | { kind: 'done'; outcome: 'met' | 'breached' }
  /** No clock at all (e.g. planned work). */
  | { kind: 'none' }

/**
 * What a queue shows of a ticket's SLA at `now` (epoch ms): the nearest pending deadline (the first response as
 * long as it is not met, then resolution; the update clock when that falls due earlier), overdue when passed.
 */
export function slaSummary(ticket: Pick<Ticket, 'status' | 'sla'>, now: number): SlaSummary {
  const nearest = nearestDue(ticket)
  if (nearest) {
    if (nearest.dueAt <= now) {
      return { kind: 'overdue', ...nearest }
    }
    const state = liveState(ticket.sla[nearest.clock], now)
    return { kind: 'due', ...nearest, state: state === 'warning' ? 'warning' : 'running' }
  }
  // Of the paused clocks, the one with the least time left is the one to mind when the ticket goes on.
  const left = (name: ClockName) => ticket.sla[name].remainingSeconds ?? Number.POSITIVE_INFINITY
  const paused = pendingClocks(ticket)
    .filter((name) => ticket.sla[name].state === 'paused')
    .sort((a, b) => left(a) - left(b))[0]
  if (paused) {
    return { kind: 'paused', clock: paused, remainingSeconds: ticket.sla[paused].remainingSeconds }
  }
  return outcome(ticket.sla)
}

function pendingClocks(ticket: Pick<Ticket, 'status' | 'sla'>): ClockName[] {
  const finished = ticket.status === 'resolved' || ticket.status === 'closed'
  return finished ? [] : clockNames.filter((name) => isPending(ticket.sla[name]))
}

/** The running (not paused) pending clock with the earliest deadline (epoch ms), whatever the time now. */
export function nearestDue(ticket: Pick<Ticket, 'status' | 'sla'>): { clock: ClockName; dueAt: number } | null {
  let nearest: { clock: ClockName; dueAt: number } | null = null
  for (const name of pendingClocks(ticket)) {
    const clock = ticket.sla[name]
    if (clock.state === 'paused' || clock.dueAt === null) {
      continue
    }
    const dueAt = Date.parse(clock.dueAt)
    if (nearest === null || dueAt < nearest.dueAt) {
      nearest = { clock: name, dueAt }
    }
  }
  return nearest
}

function outcome(sla: TicketSla): SlaSummary {
  const states = clockNames.map((name) => sla[name].state)
  if (states.includes('breached')) {
    return { kind: 'done', outcome: 'breached' }
  }
  if (states.includes('met')) {
    return { kind: 'done', outcome: 'met' }
  }
  return { kind: 'none' }
}

/** How often a countdown to `dueAt` (epoch ms) must be redrawn, in ms: every second in the hour around it, else every minute. */
export function tickMs(dueAt: number, now: number): number {
  return Math.abs(dueAt - now) < 3_600_000 ? 1_000 : 60_000
}

/**
 * `now` (epoch ms) moved onto the tick grid of a countdown to `dueAt`: the left (or overdue) time becomes a whole
 * number of ticks, rounded down, so that a countdown redrawn once per tick never shows more time left than there
 * is. Before the deadline it stays before it (the last tick shows 0 s left, not overdue).
 */
export function countdownInstant(dueAt: number, now: number): number {
  const step = tickMs(dueAt, now)
  const diff = dueAt - now
  if (diff > 0) {
    return dueAt - Math.max(1, Math.floor(diff / step) * step)
  }
  return dueAt + Math.floor(-diff / step) * step
}

export type DurationUnit = 'd' | 'h' | 'min' | 's'
export interface DurationPart {
  n: number
  unit: DurationUnit
}

/**
 * A length of time as the two largest units that matter, rounded down: `2 d 3 h`, `3 h 12 min`, and under an
 * hour `12 min 5 s` (or `12 min` when `withSeconds` is false). Without days, `27 h`: for SLA targets, whose hours are
 * business hours and not whole days. Negative input is taken as its size.
 */
export function durationParts(totalSeconds: number, withSeconds = true, withDays = true): DurationPart[] {
  const s = Math.floor(Math.abs(totalSeconds))
  const days = withDays ? Math.floor(s / 86_400) : 0
  const hours = Math.floor((s - days * 86_400) / 3600)
  const minutes = Math.floor((s % 3600) / 60)
  const seconds = s % 60
  if (days > 0) {
    return hours > 0
      ? [
          { n: days, unit: 'd' },
          { n: hours, unit: 'h' },
        ]
      : [{ n: days, unit: 'd' }]
  }
  if (hours > 0) {
    return minutes > 0
      ? [
          { n: hours, unit: 'h' },
          { n: minutes, unit: 'min' },
        ]
      : [{ n: hours, unit: 'h' }]
  }
  if (!withSeconds) {
    return [{ n: minutes, unit: 'min' }]
  }
  if (minutes > 0) {
    return seconds > 0
      ? [
          { n: minutes, unit: 'min' },
          { n: seconds, unit: 's' },
        ]
      : [{ n: minutes, unit: 'min' }]
  }
  return [{ n: seconds, unit: 's' }]
}

/** `3 u 12 min` in Dutch, `3 h 12 min` in English: durationParts in words of the current language. */
export function formatDuration(totalSeconds: number, t: TFunction, withSeconds = true, withDays = true): string {
  return durationParts(totalSeconds, withSeconds, withDays)
    .map((p) => t(`duration.${p.unit}`, { n: p.n }))
    .join(' ')
}

/** An SLA target or counted time in hours and minutes, never days: `27 u`, `4 u 30 min`, `45 min`. */
export function formatHours(totalSeconds: number, t: TFunction): string {
  return formatDuration(totalSeconds, t, false, false)
}
