import type { Board, BoardCell, BoardCustomer, BoardJob } from '../../../../src/modules/monitoring/schema.ts'

export type CellStatus = BoardCell['status']

/** What a cell shows besides its colour: colour is never the only signal (colour blindness, print, a glance). */
export type CellSymbol = 'check' | 'alert' | 'cross' | 'question' | 'clock' | null

export interface CellLook {
  /** A Mantine colour and its shade (`green`, 7); null: no fill. */
  color: string | null
  shade: number
  /** filled: a decided run; outline: the window is still open; blank: nothing expected. */
  variant: 'filled' | 'outline' | 'blank'
  symbol: CellSymbol
}

const LOOKS: Record<CellStatus, CellLook> = {
  ok: { color: 'green', shade: 7, variant: 'filled', symbol: 'check' },
  warning: { color: 'yellow', shade: 5, variant: 'filled', symbol: 'alert' },
  failed: { color: 'red', shade: 7, variant: 'filled', symbol: 'cross' },
  missing: { color: 'gray', shade: 7, variant: 'filled', symbol: 'question' },
  pending: { color: 'gray', shade: 5, variant: 'outline', symbol: 'clock' },
  none: { color: null, shade: 0, variant: 'blank', symbol: null },
}

/** How a board cell looks for its status. */
export function cellLook(status: CellStatus): CellLook {
  return LOOKS[status]
}

/** From bad to good, for the worst status of a day: a failure outweighs a missing run outweighs a warning. */
const SEVERITY: Record<CellStatus, number> = { failed: 5, missing: 4, warning: 3, ok: 2, pending: 1, none: 0 }

/** The worst status among `statuses` (none for an empty list). */
export function worstStatus(statuses: readonly CellStatus[]): CellStatus {
  return statuses.reduce<CellStatus>((worst, s) => (SEVERITY[s] > SEVERITY[worst] ? s : worst), 'none')
}

/** Whether a cell is a problem someone must act on. */
export const isProblem = (status: CellStatus): boolean =>
  status === 'failed' || status === 'missing' || status === 'warning'

/** The cell of `job` on the board's day `dayIndex`; a short array (a job that appeared later) has none there. */
export function cellAt(job: BoardJob, dayIndex: number): BoardCell | undefined {
  return job.cells[dayIndex]
}

/**
 * Whether a customer's day can be read and marked: at least one of its jobs' windows for that day has closed (decided
 * by the check, or waiting for its next run). A day with only pending or unexpected cells has nothing to read yet.
 */
export function isDecidedDay(customer: BoardCustomer, dayIndex: number): boolean {
  return customer.jobs.some((job) => {
    const cell = cellAt(job, dayIndex)
    return cell !== undefined && cell.closed && cell.status !== 'none'
  })
}

/** A decided day that nobody has marked as read yet: the morning's open work. */
export function needsReview(customer: BoardCustomer, dayIndex: number): boolean {
  return (customer.reviews[dayIndex] ?? null) === null && isDecidedDay(customer, dayIndex)
}

/** How many customer-days on the board wait for a review. O(customers × jobs × days). */
export function daysToReview(board: Board): number {
  let n = 0
  for (const customer of board.customers) {
    for (let i = 0; i < board.days.length; i++) {
      if (needsReview(customer, i)) {
        n++
      }
    }
  }
  return n
}

/**
 * Whether a day's column is still open: no job of any customer shown has its window for that day closed yet. The
 * board's last day is open while the morning check has not run; a board without jobs says so of its last day.
 */
export function isOpenDay(board: Board, dayIndex: number): boolean {
  const cells = board.customers.flatMap((c) => c.jobs.map((j) => cellAt(j, dayIndex)))
  const relevant = cells.filter((c): c is BoardCell => c !== undefined && c.status !== 'none')
  if (relevant.length === 0) {
    return dayIndex === board.days.length - 1
  }
  return relevant.every((c) => !c.closed)
}

/** The worst status of a customer's day over its jobs, for the review button's hint. */
export function dayStatus(customer: BoardCustomer, dayIndex: number): CellStatus {
  return worstStatus(
    customer.jobs.map((j) => cellAt(j, dayIndex)?.status).filter((s): s is CellStatus => s !== undefined),
  )
}

/** The day (YYYY-MM-DD) as `{ weekday, day }` parts for a narrow column header, in the given Intl locale. */
export function dayHeader(day: string, locale: string): { weekday: string; date: string } {
  // Noon UTC: the calendar date is the same in every time zone a browser may be in.
  const at = Date.parse(`${day}T12:00:00Z`)
  return {
    weekday: new Intl.DateTimeFormat(locale, { weekday: 'short', timeZone: 'UTC' }).format(at),
    date: new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'numeric', timeZone: 'UTC' }).format(at),
  }
}

/** A calendar day (YYYY-MM-DD) written out in the given Intl locale: `30 nov 2026`. */
export function dayText(day: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(
    Date.parse(`${day}T12:00:00Z`),
  )
}

/** `day` (YYYY-MM-DD) plus `days` calendar days. */
export function shiftDay(day: string, days: number): string {
  const at = new Date(`${day}T12:00:00Z`)
  at.setUTCDate(at.getUTCDate() + days)
  return at.toISOString().slice(0, 10)
}

const PROBLEMS = [
  'failed',
  'missing',
  'warnings',
  'on-battery',
  'low-battery',
  'shutdown',
  'replace-battery',
  'comm-lost',
  'overload',
] as const
export type KnownProblem = (typeof PROBLEMS)[number]

/** Whether an alert's problem has a translation; another is shown as the server names it. */
export const isKnownProblem = (problem: string): problem is KnownProblem =>
  (PROBLEMS as readonly string[]).includes(problem)

/** Whether an alert is about this backup job (jobs meet on their trimmed, lower-case name, as on the server). */
export const isAlertOfJob = (alert: { kind: string; subject: string }, job: string): boolean =>
  alert.kind === 'backup' && alert.subject.trim().toLowerCase() === job.trim().toLowerCase()
