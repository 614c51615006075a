import type { SlaPolicy } from '../../../../src/modules/sla/clock.ts'
import type { CalendarSpec } from './api.ts'

export const priorities = ['P1', 'P2', 'P3', 'P4', 'P5'] as const
export const clocks = ['firstResponse', 'update', 'resolution'] as const
export type PolicyClock = (typeof clocks)[number]
export type PolicyPriority = (typeof priorities)[number]

/** One cell of the policy table as typed: hours (empty = no clock) and the calendar it counts in. */
export interface TargetForm {
  hours: number | ''
  calendar: string
}

export type PolicyForm = Record<PolicyPriority, Record<PolicyClock, TargetForm>>

/** Hours of a target in seconds, to at most two decimals (1,5 h; 0,25 h). */
export function secondsToHours(seconds: number): number {
  return Math.round((seconds / 3600) * 100) / 100
}

export function policyToForm(policy: SlaPolicy, defaultCalendar: string): PolicyForm {
  const form = {} as PolicyForm
  for (const p of priorities) {
    const row = {} as Record<PolicyClock, TargetForm>
    for (const c of clocks) {
      const target = policy.priorities[p][c]
      row[c] = target
        ? { hours: secondsToHours(target.seconds), calendar: target.calendar }
        : { hours: '', calendar: defaultCalendar }
    }
    form[p] = row
  }
  return form
}

export type FormErrors = Record<string, string>

/**
 * The policy table back as the server's targets: an empty cell is no clock, hours become whole seconds.
 * Errors are keyed `P1.firstResponse`; `message` words them.
 */
export function formToPolicy(
  form: PolicyForm,
  calendars: readonly string[],
  message: (problem: 'hours' | 'calendar') => string,
): { priorities: SlaPolicy['priorities']; errors: FormErrors } {
  const errors: FormErrors = {}
  const result = {} as SlaPolicy['priorities']
  for (const p of priorities) {
    const row = {} as SlaPolicy['priorities'][PolicyPriority]
    for (const c of clocks) {
      const cell = form[p][c]
      if (cell.hours === '') {
        row[c] = null
        continue
      }
      const seconds = Math.round(cell.hours * 3600)
      if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 366 * 24 * 3600) {
        errors[`${p}.${c}`] = message('hours')
      } else if (!calendars.includes(cell.calendar)) {
        errors[`${p}.${c}`] = message('calendar')
      }
      row[c] = { seconds: Math.max(1, seconds), calendar: cell.calendar }
    }
    result[p] = row
  }
  return { priorities: result, errors }
}

const HHMM = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/

/** Minutes after midnight of `HH:MM` (24:00 is midnight at the end of the day), or null when it is not a time. */
export function minutesOf(time: string): number | null {
  if (!HHMM.test(time)) {
    return null
  }
  const [h, m] = time.split(':').map(Number)
  return (h ?? 0) * 60 + (m ?? 0)
}

/** `8:30` → `08:30`, `830` → `08:30`, `17` → `17:00`: what people type into a time field, tidied; else as typed. */
export function normaliseTime(text: string): string {
  const value = text.trim().replace('.', ':')
  const colon = /^(\d{1,2}):(\d{2})$/.exec(value)
  const digits = /^(\d{3,4})$/.exec(value)
  const hour = /^(\d{1,2})$/.exec(value)
  let h: number
  let m: number
  if (colon) {
    h = Number(colon[1])
    m = Number(colon[2])
  } else if (digits?.[1]) {
    h = Number(digits[1].slice(0, -2))
    m = Number(digits[1].slice(-2))
  } else if (hour) {
    h = Number(hour[1])
    m = 0
  } else {
    return text
  }
  const result = `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`
  return minutesOf(result) === null ? text : result
}

/** Opening hours that cannot be stored: keyed `hours.<index>`, with `message` wording the problem. */
export function checkHours(
  hours: CalendarSpec['hours'],
  message: (problem: 'time' | 'order' | 'overlap') => string,
): FormErrors {
  const errors: FormErrors = {}
  hours.forEach((range, i) => {
    const from = minutesOf(range.from)
    const to = minutesOf(range.to)
    if (from === null || to === null) {
      errors[`hours.${i}`] = message('time')
    } else if (from >= to) {
      errors[`hours.${i}`] = message('order')
    } else if (
      hours.some((other, j) => {
        if (j === i || other.day !== range.day) {
          return false
        }
        const a = minutesOf(other.from)
        const b = minutesOf(other.to)
        return a !== null && b !== null && a < to && from < b
      })
    ) {
      errors[`hours.${i}`] = message('overlap')
    }
  })
  return errors
}

/** A new calendar's key from a name: lower-case letters, digits and dashes, as the server wants it. */
export function calendarKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50)
}

export type PolicyProblem = 'hours' | 'calendar' | 'warnShare'

/**
 * The whole policy from its form: the targets table, the pause statuses and the warning share as a percentage
 * (1 to 99). `policy` is null while `errors` (keyed `policy.P1.firstResponse`, `warnShare`) is not empty.
 */
export function policyFromForm(
  form: PolicyForm,
  pauseStatuses: SlaPolicy['pauseStatuses'],
  warnPercent: number | string,
  calendars: readonly string[],
  message: (problem: PolicyProblem) => string,
): { policy: SlaPolicy | null; errors: FormErrors } {
  const errors: FormErrors = {}
  const built = formToPolicy(form, calendars, message)
  for (const [key, text] of Object.entries(built.errors)) {
    errors[`policy.${key}`] = text
  }
  const warn = typeof warnPercent === 'number' ? warnPercent : Number(warnPercent)
  if (warnPercent === '' || !Number.isFinite(warn) || warn < 1 || warn > 99) {
    errors.warnShare = message('warnShare')
  }
  if (Object.keys(errors).length > 0) {
    return { policy: null, errors }
  }
  return { policy: { priorities: built.priorities, pauseStatuses, warnShare: warn / 100 }, errors }
}
