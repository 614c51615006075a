// The daily check's rules: which runs belong to which day, what a day's status is, and when a problem becomes a
// ticket and at what level. Pure: no I/O, no clock (the moment is an argument).
//
// A job's day D runs from one morning check to the next: (end(D − 1), end(D)] where end(D) is the check time
// (07:30 by default) on the day after D, plus the job's grace, in the MSP's time zone. The night from the 29th to
// the 30th is thus the 29th (a backup started at 22:00 and one that ended at 01:00 alike), and the check on the
// morning of the 30th decides it; the board's column for today stays open until tomorrow's check. A weekly job's
// window is the seven days up to end(D).
import { DateTime } from 'luxon'
import type { RunResult, UpsState } from './parsers/types.js'

export const DAY_STATUSES = ['ok', 'warning', 'failed', 'missing'] as const
export type DayStatus = (typeof DAY_STATUSES)[number]
/** A board cell: a decided day, or `pending` (its window is still open and nothing came yet), or `none` (not expected). */
export type CellStatus = DayStatus | 'pending' | 'none'

export const LEVELS = ['high', 'normal', 'low'] as const
export type Level = (typeof LEVELS)[number]

/** The name that reports and expected jobs meet on: case and surrounding spaces do not matter. */
export const jobKey = (name: string): string => name.trim().toLowerCase()

/** `date` plus `days`, on calendar dates (YYYY-MM-DD). */
export function plusDays(date: string, days: number): string {
  return DateTime.fromISO(date, { zone: 'utc' }).plus({ days }).toISODate()!
}

/** The calendar date of `at` in `timeZone`. */
export function dayOf(at: number, timeZone: string): string {
  return DateTime.fromMillis(at, { zone: timeZone }).toISODate()!
}

/** The instant day `day`'s window closes: the check time the next day plus `graceHours`, in `timeZone`. */
export function dayEnd(day: string, checkTime: string, graceHours: number, timeZone: string): number {
  const [hour, minute] = checkTime.split(':').map(Number) as [number, number]
  return DateTime.fromISO(day, { zone: timeZone })
    .plus({ days: 1 })
    .set({ hour, minute })
    .plus({ hours: graceHours })
    .toMillis()
}

/** The day whose window holds `at`: the first day whose end is at or after it (a daily job's day). */
export function dayOfRun(at: number, checkTime: string, graceHours: number, timeZone: string): string {
  let day = dayOf(at, timeZone)
  while (at > dayEnd(day, checkTime, graceHours, timeZone)) {
    day = plusDays(day, 1)
  }
  // Before the morning check (and within a grace) the window of an earlier calendar day still holds `at`.
  while (at <= dayEnd(plusDays(day, -1), checkTime, graceHours, timeZone)) {
    day = plusDays(day, -1)
  }
  return day
}

export interface Schedule {
  schedule: 'daily' | 'weekly'
  graceHours: number
}

/** The window (from, to] of `day` for a job on this schedule. */
export function windowOf(
  day: string,
  job: Schedule,
  checkTime: string,
  timeZone: string,
): { from: number; to: number } {
  const span = job.schedule === 'weekly' ? 7 : 1
  return {
    from: dayEnd(plusDays(day, -span), checkTime, job.graceHours, timeZone),
    to: dayEnd(day, checkTime, job.graceHours, timeZone),
  }
}

export interface Run {
  id: string
  at: number
  result: RunResult
}

const STATUS_OF: Record<RunResult, DayStatus> = { success: 'ok', warning: 'warning', failed: 'failed' }

/**
 * A closed day's status from the runs in its window. The latest run decides: a failed run that a retry repaired
 * the same night is OK (the failure stays visible in the day's runs); no run at all is missing.
 */
export function decideDay(runs: readonly Run[]): { status: DayStatus; runs: number; lastEventId: string | null } {
  let last: Run | undefined
  for (const r of runs) {
    if (!last || r.at > last.at || (r.at === last.at && r.id > last.id)) {
      last = r
    }
  }
  return { status: last ? STATUS_OF[last.result] : 'missing', runs: runs.length, lastEventId: last?.id ?? null }
}

/** A cell of a day whose window is still open: what came so far, or pending. */
export function provisionalCell(runs: readonly Run[]): CellStatus {
  return runs.length === 0 ? 'pending' : decideDay(runs).status
}

// ---------------------------------------------------------------------------------------------------------------
// When a problem becomes a ticket

export interface AlertRules {
  /** Days a job must be missing in a row before its ticket is raised to the `backupMissingLong` level. */
  missingLongAfterDays: number
  /** Days in a row with warnings before they become a ticket. */
  warningRepeatDays: number
  /** Minutes on battery (or without communication) before a ticket is opened. */
  upsOnBatteryMinutes: number
  upsCommLostMinutes: number
  levels: {
    backupFailed: Level
    backupMissing: Level
    backupMissingLong: Level
    backupWarnings: Level
    upsOnBattery: Level
    /** On battery, and the UPS protects a server. */
    upsOnBatteryServer: Level
    upsLowBattery: Level
    upsReplaceBattery: Level
    upsCommLost: Level
    upsOverload: Level
  }
}

export type BackupProblem = 'failed' | 'missing' | 'warnings'

/**
 * The problem a decided day is, with the days before it (newest first, the day itself not included): a failure,
 * a missing run (raised to the long level after some days in a row), or warnings repeated day after day.
 */
export function backupProblemOf(
  status: DayStatus,
  before: readonly DayStatus[],
  rules: AlertRules,
): { problem: BackupProblem; level: Level; streak: number } | null {
  const streak = 1 + countWhile(before, (s) => s === status)
  if (status === 'failed') {
    return { problem: 'failed', level: rules.levels.backupFailed, streak }
  }
  if (status === 'missing') {
    const level = streak >= rules.missingLongAfterDays ? rules.levels.backupMissingLong : rules.levels.backupMissing
    return { problem: 'missing', level, streak }
  }
  if (status === 'warning' && streak >= rules.warningRepeatDays) {
    return { problem: 'warnings', level: rules.levels.backupWarnings, streak }
  }
  return null
}

/** A report-fed UPS whose last reading is older than this: reports come daily, so a day and some is one missed. */
export const UPS_REPORT_STALE_MS = 26 * 3_600_000

/**
 * Whether a UPS's last reading is too old to trust its state: for a polled UPS three polls missed (at least five
 * minutes; the poller would have said "communication lost" had the server not answered, so polling itself stopped),
 * for a UPS known from reports a day without one.
 */
export function upsStale(source: 'report' | 'poll', lastSeenAt: number, now: number, pollSeconds: number): boolean {
  const age = now - lastSeenAt
  return source === 'poll' ? age > Math.max(3 * pollSeconds * 1000, 5 * 60_000) : age > UPS_REPORT_STALE_MS
}

function countWhile<T>(items: readonly T[], ok: (item: T) => boolean): number {
  let n = 0
  while (n < items.length && ok(items[n]!)) {
    n++
  }
  return n
}

export type UpsProblem = 'on-battery' | 'low-battery' | 'replace-battery' | 'comm-lost' | 'overload' | 'shutdown'

/** The states that end every power problem of a UPS. */
export const UPS_GOOD_STATES: readonly UpsState[] = ['online', 'comm-restored']

/**
 * The problem a UPS's state is at `now`, having been in it since `since`: on battery and without communication
 * only after their threshold (a flicker of the mains is not a ticket); the others at once. Null: nothing to do
 * (yet). A self-test is a problem only when it failed, and then it means the battery: replace-battery.
 */
export function upsProblemOf(
  state: { state: string; since: number; selfTest?: 'passed' | 'failed' | null },
  now: number,
  protectsServer: boolean,
  rules: AlertRules,
): { problem: UpsProblem; level: Level } | null {
  const minutes = (now - state.since) / 60_000
  const { levels } = rules
  switch (state.state) {
    case 'on-battery':
      return minutes >= rules.upsOnBatteryMinutes
        ? { problem: 'on-battery', level: protectsServer ? levels.upsOnBatteryServer : levels.upsOnBattery }
        : null
    case 'low-battery':
      return { problem: 'low-battery', level: levels.upsLowBattery }
    case 'shutdown':
      return { problem: 'shutdown', level: levels.upsLowBattery }
    case 'replace-battery':
      return { problem: 'replace-battery', level: levels.upsReplaceBattery }
    case 'overload':
      return { problem: 'overload', level: levels.upsOverload }
    case 'comm-lost':
      return minutes >= rules.upsCommLostMinutes ? { problem: 'comm-lost', level: levels.upsCommLost } : null
    case 'self-test':
      return state.selfTest === 'failed' ? { problem: 'replace-battery', level: levels.upsReplaceBattery } : null
    default:
      return null
  }
}

/** Which open UPS problems a state ends: mains power ends the power problems, any news ends "no communication". */
export function upsProblemsClearedBy(state: string): UpsProblem[] {
  if (state === 'online') {
    return ['on-battery', 'low-battery', 'shutdown', 'overload', 'comm-lost']
  }
  if (state === 'comm-restored') {
    return ['comm-lost']
  }
  return state === 'comm-lost' ? [] : ['comm-lost']
}

/** A level as the desk's impact × urgency, so that the ticket's priority follows the desk's own matrix. */
export const IMPACT_URGENCY: Record<Level, { impact: 'high' | 'medium' | 'low'; urgency: 'high' | 'medium' | 'low' }> =
  {
    high: { impact: 'high', urgency: 'high' },
    normal: { impact: 'medium', urgency: 'medium' },
    low: { impact: 'low', urgency: 'low' },
  }

export const levelRank = (level: Level): number => LEVELS.length - LEVELS.indexOf(level)
