import type { ReportEvent } from '../../../../src/modules/monitoring/schema.ts'

/** What an event's free-form details hold, read defensively: a parser may leave any of it out. */
export interface EventDetails {
  errors: string[]
  warnings: string[]
  /** The report did not say when: `at` is the time of receipt. */
  atAssumed: boolean
  charge: number | null
  runtimeSeconds: number | null
  loadPercent: number | null
  inputVoltage: number | null
  message: string | null
  selfTest: string | null
}

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []
const numberOrNull = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null
const stringOrNull = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null)

export function eventDetails(event: Pick<ReportEvent, 'details'>): EventDetails {
  const d = event.details
  return {
    errors: strings(d.errors),
    warnings: strings(d.warnings),
    atAssumed: d.atAssumed === true,
    charge: numberOrNull(d.charge),
    runtimeSeconds: numberOrNull(d.runtimeSeconds),
    loadPercent: numberOrNull(d.loadPercent),
    inputVoltage: numberOrNull(d.inputVoltage),
    message: stringOrNull(d.message),
    selfTest: stringOrNull(d.selfTest),
  }
}

/** How long a run took (seconds), when the report says when it started; null otherwise. */
export function runSeconds(event: Pick<ReportEvent, 'startedAt' | 'at'>): number | null {
  return event.startedAt !== null && event.at >= event.startedAt ? (event.at - event.startedAt) / 1000 : null
}

/**
 * A report's events in the order a technician reads them: the run that decided the day first, then the other runs
 * of the same job (newest first), then the rest of the report (one vzdump mail covers many guests).
 */
export function orderEvents(
  events: readonly ReportEvent[],
  focus: { eventId?: string | null; job?: string | null },
): ReportEvent[] {
  const job = focus.job?.trim().toLowerCase()
  const rank = (e: ReportEvent) =>
    e.id === focus.eventId ? 0 : job !== undefined && e.job?.trim().toLowerCase() === job ? 1 : 2
  return [...events].sort((a, b) => rank(a) - rank(b) || b.at - a.at)
}

/** A backup run's result as a badge colour; a UPS state is coloured by ups.ts. */
export function resultColor(result: string): string {
  switch (result) {
    case 'success':
      return 'green'
    case 'warning':
      return 'yellow'
    case 'failed':
      return 'red'
    default:
      return 'gray'
  }
}
