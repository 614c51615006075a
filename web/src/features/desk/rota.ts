import type { Shift } from '../../../../src/modules/desk/schema.ts'

const HOUR_MS = 3_600_000
const DAY_MS = 24 * HOUR_MS

/** The longest shift the server takes: 31 days. */
export const MAX_SHIFT_MS = 31 * DAY_MS

/** The shifts that cover `now` (epoch ms), earliest start first: usually one, more when they overlap. */
export function onCallAt(shifts: readonly Shift[], now: number): Shift[] {
  return shifts.filter((s) => s.startsAt <= now && now < s.endsAt).sort((a, b) => a.startsAt - b.startsAt)
}

export type RotaEntry =
  | { kind: 'shift'; shift: Shift; current: boolean }
  /** Nobody is on call from `from` to `to` (epoch ms); `to` is null after the last shift: nobody from then on. */
  | { kind: 'gap'; from: number; to: number | null }

/**
 * The rota from `now` (epoch ms) on, as the desk reads it: each shift that has not ended, and between them the
 * stretches in which nobody is on call (a calamity then reaches nobody beyond the assignee and the team lead).
 * Shifts and gaps come in time order; a shift that started before now and still runs is `current`.
 */
export function rotaTimeline(shifts: readonly Shift[], now: number): RotaEntry[] {
  const coming = shifts.filter((s) => s.endsAt > now).sort((a, b) => a.startsAt - b.startsAt || a.endsAt - b.endsAt)
  const entries: RotaEntry[] = []
  let coveredUntil = now
  for (const shift of coming) {
    if (shift.startsAt > coveredUntil) {
      entries.push({ kind: 'gap', from: coveredUntil, to: shift.startsAt })
    }
    entries.push({ kind: 'shift', shift, current: shift.startsAt <= now })
    coveredUntil = Math.max(coveredUntil, shift.endsAt)
  }
  entries.push({ kind: 'gap', from: coveredUntil, to: null })
  return entries
}

/** Where a new shift most likely starts: when the rota runs out, or at the next whole hour when nobody is on call. */
export function suggestedStart(shifts: readonly Shift[], now: number): number {
  const timeline = rotaTimeline(shifts, now)
  const end = timeline[timeline.length - 1]
  const nextHour = Math.ceil(now / HOUR_MS) * HOUR_MS
  return end?.kind === 'gap' && end.from > now ? end.from : nextHour
}

/** A week after `start` (epoch ms): the usual length of an on-call shift. */
export function suggestedEnd(start: number): number {
  const d = new Date(start)
  // Seven calendar days, not 168 hours: the same wall-clock time on the day a week later, across summer time too.
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() + 7, d.getHours(), d.getMinutes()).getTime()
}

const pad = (n: number) => String(n).padStart(2, '0')

/** An instant (epoch ms) as the value of an `<input type="datetime-local">`: `2026-12-07T08:00`, local time. */
export function toLocalInput(epochMs: number): string {
  const d = new Date(epochMs)
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`
}

/** The value of an `<input type="datetime-local">` as epoch ms, local time; null when empty or not a date. */
export function fromLocalInput(value: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value)
  if (!match) {
    return null
  }
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [number, number, number, number, number]
  const d = new Date(year, month - 1, day, hour, minute)
  // 2026-02-31 rolls over into March: that is not what was typed.
  return d.getMonth() === month - 1 && d.getDate() === day ? d.getTime() : null
}

export type ShiftProblem = 'required' | 'order' | 'tooLong'

/** What keeps a new shift from being stored, keyed by field; empty when the server will take it. */
export function checkShift(input: {
  userId: string | null
  startsAt: number | null
  endsAt: number | null
}): Partial<Record<'userId' | 'startsAt' | 'endsAt', ShiftProblem>> {
  const errors: Partial<Record<'userId' | 'startsAt' | 'endsAt', ShiftProblem>> = {}
  if (!input.userId) {
    errors.userId = 'required'
  }
  if (input.startsAt === null) {
    errors.startsAt = 'required'
  }
  if (input.endsAt === null) {
    errors.endsAt = 'required'
  }
  if (input.startsAt !== null && input.endsAt !== null) {
    if (input.endsAt <= input.startsAt) {
      errors.endsAt = 'order'
    } else if (input.endsAt - input.startsAt > MAX_SHIFT_MS) {
      errors.endsAt = 'tooLong'
    }
  }
  return errors
}
