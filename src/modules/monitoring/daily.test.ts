import { describe, expect, it } from 'vitest'
import {
  type AlertRules,
  backupProblemOf,
  dayEnd,
  dayOfRun,
  decideDay,
  provisionalCell,
  upsProblemOf,
  upsProblemsClearedBy,
  upsStale,
  UPS_REPORT_STALE_MS,
  windowOf,
} from './daily.js'

const TZ = 'Europe/Amsterdam'
const local = (iso: string) => new Date(iso).getTime()

const RULES: AlertRules = {
  missingLongAfterDays: 3,
  warningRepeatDays: 3,
  upsOnBatteryMinutes: 5,
  upsCommLostMinutes: 15,
  levels: {
    backupFailed: 'normal',
    backupMissing: 'normal',
    backupMissingLong: 'high',
    backupWarnings: 'low',
    upsOnBattery: 'normal',
    upsOnBatteryServer: 'high',
    upsLowBattery: 'high',
    upsReplaceBattery: 'normal',
    upsCommLost: 'normal',
    upsOverload: 'normal',
  },
}

describe('the day of a run', () => {
  it('closes a day at the check time of the next morning, in the MSP time zone', () => {
    // 30 November is winter time (+01:00): 07:30 there is 06:30 UTC.
    expect(dayEnd('2026-11-29', '07:30', 0, TZ)).toBe(local('2026-11-30T07:30:00+01:00'))
    expect(dayEnd('2026-11-29', '07:30', 2, TZ)).toBe(local('2026-11-30T09:30:00+01:00'))
  })

  it('counts a backup that ends after midnight to the evening it started', () => {
    expect(dayOfRun(local('2026-11-29T22:00:00+01:00'), '07:30', 0, TZ)).toBe('2026-11-29')
    expect(dayOfRun(local('2026-11-30T01:00:00+01:00'), '07:30', 0, TZ)).toBe('2026-11-29')
    expect(dayOfRun(local('2026-11-30T07:30:00+01:00'), '07:30', 0, TZ)).toBe('2026-11-29')
    expect(dayOfRun(local('2026-11-30T07:31:00+01:00'), '07:30', 0, TZ)).toBe('2026-11-30')
  })

  it('keeps a run that ends within the grace in the day before', () => {
    expect(dayOfRun(local('2026-11-30T08:45:00+01:00'), '07:30', 2, TZ)).toBe('2026-11-29')
    expect(dayOfRun(local('2026-11-30T09:31:00+01:00'), '07:30', 2, TZ)).toBe('2026-11-30')
    // A grace of more than a day reaches back two calendar days.
    expect(dayOfRun(local('2026-12-01T08:00:00+01:00'), '07:30', 30, TZ)).toBe('2026-11-29')
  })

  it('keeps the check at 07:30 local across the change to summer time', () => {
    // Summer time begins on 29 March 2026: the night is an hour shorter, the check still at 07:30 local.
    const w = windowOf('2026-03-28', { schedule: 'daily', graceHours: 0 }, '07:30', TZ)
    expect(w.from).toBe(local('2026-03-28T07:30:00+01:00'))
    expect(w.to).toBe(local('2026-03-29T07:30:00+02:00'))
    expect(w.to - w.from).toBe(23 * 3_600_000)
  })

  it('gives a weekly job the seven days up to the check', () => {
    const w = windowOf('2026-11-29', { schedule: 'weekly', graceHours: 0 }, '07:30', TZ)
    expect(w.from).toBe(local('2026-11-23T07:30:00+01:00'))
    expect(w.to).toBe(local('2026-11-30T07:30:00+01:00'))
  })
})

describe('deciding a day', () => {
  it('lets the latest run decide, and calls a day without runs missing', () => {
    expect(decideDay([])).toEqual({ status: 'missing', runs: 0, lastEventId: null })
    const failedThenRetried = [
      { id: 'a', at: 1, result: 'failed' as const },
      { id: 'b', at: 2, result: 'success' as const },
    ]
    expect(decideDay(failedThenRetried)).toEqual({ status: 'ok', runs: 2, lastEventId: 'b' })
    expect(decideDay([...failedThenRetried].reverse()).status).toBe('ok')
    expect(decideDay([{ id: 'c', at: 5, result: 'warning' }]).status).toBe('warning')
    expect(provisionalCell([])).toBe('pending')
    expect(provisionalCell([{ id: 'd', at: 5, result: 'failed' }])).toBe('failed')
  })
})

describe('when a backup problem is a ticket', () => {
  it('raises a missing job to the long level after the configured days in a row', () => {
    expect(backupProblemOf('missing', [], RULES)).toEqual({ problem: 'missing', level: 'normal', streak: 1 })
    expect(backupProblemOf('missing', ['missing'], RULES)?.level).toBe('normal')
    expect(backupProblemOf('missing', ['missing', 'missing', 'ok'], RULES)).toEqual({
      problem: 'missing',
      level: 'high',
      streak: 3,
    })
    expect(backupProblemOf('missing', ['missing', 'ok', 'missing'], RULES)?.streak).toBe(2)
  })

  it('makes warnings a ticket only when they repeat, and a failure at once', () => {
    expect(backupProblemOf('warning', ['warning'], RULES)).toBeNull()
    expect(backupProblemOf('warning', ['warning', 'warning'], RULES)).toEqual({
      problem: 'warnings',
      level: 'low',
      streak: 3,
    })
    expect(backupProblemOf('failed', [], RULES)?.problem).toBe('failed')
    expect(backupProblemOf('ok', ['failed'], RULES)).toBeNull()
  })
})

describe('when a UPS problem is a ticket', () => {
  const at = 10 * 60_000
  it('waits out the threshold on battery, and rates a UPS that powers a server higher', () => {
    expect(upsProblemOf({ state: 'on-battery', since: at - 4 * 60_000 }, at, true, RULES)).toBeNull()
    expect(upsProblemOf({ state: 'on-battery', since: at - 5 * 60_000 }, at, true, RULES)).toEqual({
      problem: 'on-battery',
      level: 'high',
    })
    expect(upsProblemOf({ state: 'on-battery', since: at - 5 * 60_000 }, at, false, RULES)?.level).toBe('normal')
  })

  it('acts on a low or worn battery at once, and on a failed self-test only', () => {
    expect(upsProblemOf({ state: 'low-battery', since: at }, at, false, RULES)?.level).toBe('high')
    expect(upsProblemOf({ state: 'replace-battery', since: at }, at, false, RULES)?.problem).toBe('replace-battery')
    expect(upsProblemOf({ state: 'self-test', since: at, selfTest: 'passed' }, at, false, RULES)).toBeNull()
    expect(upsProblemOf({ state: 'self-test', since: at, selfTest: 'failed' }, at, false, RULES)?.problem).toBe(
      'replace-battery',
    )
    expect(upsProblemOf({ state: 'online', since: 0 }, at, true, RULES)).toBeNull()
    expect(upsProblemOf({ state: 'comm-lost', since: at - 14 * 60_000 }, at, true, RULES)).toBeNull()
    expect(upsProblemOf({ state: 'comm-lost', since: at - 15 * 60_000 }, at, true, RULES)?.problem).toBe('comm-lost')
  })

  it('ends the power problems on mains, and only the silence when contact is back', () => {
    expect(upsProblemsClearedBy('online')).toEqual(expect.arrayContaining(['on-battery', 'low-battery', 'comm-lost']))
    expect(upsProblemsClearedBy('online')).not.toContain('replace-battery')
    expect(upsProblemsClearedBy('comm-restored')).toEqual(['comm-lost'])
    expect(upsProblemsClearedBy('comm-lost')).toEqual([])
  })
})

describe('when a UPS reading is too old to trust', () => {
  const now = Date.UTC(2026, 10, 30, 12)
  it('is stale after three polls missed, and never within five minutes', () => {
    expect(upsStale('poll', now - 180_000, now, 60)).toBe(false)
    expect(upsStale('poll', now - 180_001, now, 600)).toBe(false)
    expect(upsStale('poll', now - 300_001, now, 60)).toBe(true)
    expect(upsStale('poll', now - 1_800_000, now, 600)).toBe(false)
    expect(upsStale('poll', now - 1_800_001, now, 600)).toBe(true)
  })
  it('is stale after a day and some without a report', () => {
    expect(upsStale('report', now - UPS_REPORT_STALE_MS, now, 60)).toBe(false)
    expect(upsStale('report', now - UPS_REPORT_STALE_MS - 1, now, 60)).toBe(true)
  })
})
