import { DateTime } from 'luxon'
import type { WarningCode } from './classes.js'

// Calendar dates are YYYY-MM-DD strings, compared as text (which orders them correctly). The arithmetic is done in
// UTC on purpose: a calendar date has no time of day, so no daylight-saving shift may move it.

/** `date` plus `days` (may be negative). */
export function addDays(date: string, days: number): string {
  return DateTime.fromISO(date, { zone: 'utc' }).plus({ days }).toISODate()!
}

/** `date` plus `years`; 29 February becomes 28 February in a year without it. */
export function addYears(date: string, years: number): string {
  return DateTime.fromISO(date, { zone: 'utc' }).plus({ years }).toISODate()!
}

/** The calendar date of instant `at` (epoch ms) in `timeZone`. */
export function dateIn(at: number, timeZone: string): string {
  return DateTime.fromMillis(at, { zone: timeZone }).toISODate()!
}

export const maxDate = (a: string, b: string): string => (a > b ? a : b)

/** Warranty that ends within this many days is reported as ending. */
export const WARRANTY_NOTICE_DAYS = 90

export interface WarningFacts {
  status: string
  /** The last day of the warranty. */
  warrantyEnd: string | null
  /** UPSes only. */
  batteryInstalledOn?: string | null
}

/**
 * What needs attention about an asset on `today`. A warranty ends after its last day; it is "ending" from 90 days
 * before that day up to and including it. A battery is old from the day it reaches `batteryMaxAgeYears`. Retired
 * assets need no attention. O(1).
 */
export function warningsOf(
  facts: WarningFacts,
  today: string,
  batteryMaxAgeYears: number,
): { code: WarningCode; date: string }[] {
  if (facts.status === 'retired') {
    return []
  }
  const out: { code: WarningCode; date: string }[] = []
  if (facts.warrantyEnd) {
    if (facts.warrantyEnd < today) {
      out.push({ code: 'warranty_expired', date: facts.warrantyEnd })
    } else if (facts.warrantyEnd <= addDays(today, WARRANTY_NOTICE_DAYS)) {
      out.push({ code: 'warranty_expiring', date: facts.warrantyEnd })
    }
  }
  if (facts.batteryInstalledOn) {
    const oldOn = addYears(facts.batteryInstalledOn, batteryMaxAgeYears)
    if (oldOn <= today) {
      out.push({ code: 'battery_old', date: oldOn })
    }
  }
  return out
}

/** One stretch of time in which an asset counts: [activeFrom, activeUntil), activeUntil null while open. */
export interface Stretch {
  activeFrom: string
  activeUntil: string | null
}

export interface StretchChange {
  fromStatus: string
  toStatus: string
  /** Given by the caller; undefined: not given. */
  activeFrom?: string
  /** Given by the caller; undefined: not given, null: open. */
  activeUntil?: string | null
}

/**
 * How a change of status or dates moves the billing history. `latest` is the asset's last stretch. Going to spare
 * or retired ends it today (unless a date is given, or it had ended already); coming back to active reopens it when
 * the gap is closed (the new start is on or before its end), and otherwise starts a new stretch, so that the days in
 * between are never counted. Returns the latest stretch as it must become, and a stretch to append, if any.
 */
export function moveStretch(
  latest: Stretch,
  change: StretchChange,
  today: string,
): { update: Stretch; append?: Stretch } {
  const reactivating = change.toStatus === 'active' && change.fromStatus !== 'active'
  if (reactivating && latest.activeUntil !== null) {
    const start = change.activeFrom ?? today
    const end = change.activeUntil ?? null
    if (start > latest.activeUntil) {
      return { update: latest, append: { activeFrom: start, activeUntil: end } }
    }
    return { update: { activeFrom: start < latest.activeFrom ? start : latest.activeFrom, activeUntil: end } }
  }
  const activeFrom = change.activeFrom ?? latest.activeFrom
  const deactivating = change.toStatus !== 'active' && change.fromStatus === 'active'
  let activeUntil = latest.activeUntil
  if (change.activeUntil !== undefined) {
    activeUntil = change.activeUntil
  } else if (deactivating && activeUntil === null) {
    // A stretch cannot end before it starts: an asset planned from a later day that is set aside now never counted.
    activeUntil = maxDate(today, activeFrom)
  }
  return { update: { activeFrom, activeUntil } }
}

/** The first stretch of a new asset. */
export function firstStretch(
  status: string,
  given: { activeFrom?: string; activeUntil?: string | null },
  today: string,
): Stretch {
  // Without a start, an asset that ended before today (a retired one entered afterwards) never counted.
  const activeFrom = given.activeFrom ?? (given.activeUntil && given.activeUntil < today ? given.activeUntil : today)
  const activeUntil =
    given.activeUntil !== undefined ? given.activeUntil : status === 'active' ? null : maxDate(today, activeFrom)
  return { activeFrom, activeUntil }
}
