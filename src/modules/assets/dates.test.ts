import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ASSET_STATUSES } from './classes.js'
import { addDays, dateIn, firstStretch, moveStretch, type Stretch, warningsOf } from './dates.js'

const TODAY = '2026-11-29'

describe('asset warnings', () => {
  it.each([
    ['2026-11-28', [{ code: 'warranty_expired', date: '2026-11-28' }]],
    ['2026-11-29', [{ code: 'warranty_expiring', date: '2026-11-29' }]],
    ['2027-02-27', [{ code: 'warranty_expiring', date: '2027-02-27' }]],
    ['2027-02-28', []],
    ['2020-01-01', [{ code: 'warranty_expired', date: '2020-01-01' }]],
  ])('warranty ending %s, seen on 2026-11-29: %j', (warrantyEnd, expected) => {
    expect(warningsOf({ status: 'active', warrantyEnd }, TODAY, 4)).toEqual(expected)
  })

  it.each([
    ['2022-11-29', 4, [{ code: 'battery_old', date: '2026-11-29' }]],
    ['2022-11-30', 4, []],
    ['2023-11-29', 3, [{ code: 'battery_old', date: '2026-11-29' }]],
    ['2021-11-30', 5, []],
    ['2020-02-29', 5, [{ code: 'battery_old', date: '2025-02-28' }]],
  ])('battery installed %s, at most %i years: %j', (batteryInstalledOn, years, expected) => {
    expect(warningsOf({ status: 'spare', warrantyEnd: null, batteryInstalledOn }, TODAY, years)).toEqual(expected)
  })

  it('gives a retired asset no warnings', () => {
    expect(
      warningsOf({ status: 'retired', warrantyEnd: '2020-01-01', batteryInstalledOn: '2010-01-01' }, TODAY, 4),
    ).toEqual([])
  })

  it('takes the calendar day in the given time zone', () => {
    const lateEvening = Date.parse('2026-11-30T23:30:00Z')
    expect(dateIn(lateEvening, 'Europe/Amsterdam')).toBe('2026-12-01')
    expect(dateIn(lateEvening, 'America/New_York')).toBe('2026-11-30')
    // Daylight saving time ends on 25 October 2026 in Amsterdam: that day has 25 hours, the date arithmetic none.
    expect(addDays('2026-10-24', 2)).toBe('2026-10-26')
  })
})

describe('billing history under status changes', () => {
  /** Replays changes (day, status) the way the service does, and returns the stretches. */
  function replay(changes: { day: string; status: string }[]): Stretch[] {
    const [first, ...rest] = changes
    const stretches = [firstStretch(first!.status, {}, first!.day)]
    let status = first!.status
    for (const change of rest) {
      const moved = moveStretch(stretches.at(-1)!, { fromStatus: status, toStatus: change.status }, change.day)
      stretches[stretches.length - 1] = moved.update
      if (moved.append) {
        stretches.push(moved.append)
      }
      status = change.status
    }
    return stretches
  }

  it('counts exactly the days the asset was active, whatever the order of changes', () => {
    const change = fc.record({ gap: fc.integer({ min: 0, max: 30 }), status: fc.constantFrom(...ASSET_STATUSES) })
    fc.assert(
      fc.property(fc.array(change, { minLength: 1, maxLength: 12 }), (steps) => {
        let offset = 0
        const changes = steps.map((s) => ({ day: addDays('2026-01-01', (offset += s.gap)), status: s.status }))
        const stretches = replay(changes)
        // Stretches follow each other without overlap, and each is well-formed.
        for (const [i, s] of stretches.entries()) {
          expect(s.activeUntil === null || s.activeUntil >= s.activeFrom).toBe(true)
          const next = stretches[i + 1]
          if (next) {
            expect(s.activeUntil).not.toBeNull()
            expect(next.activeFrom > s.activeUntil!).toBe(true)
          }
        }
        for (let d = -3; d <= offset + 3; d++) {
          const day = addDays('2026-01-01', d)
          // The status in force on a day is the last one set on or before it.
          const inForce = changes.filter((c) => c.day <= day).at(-1)?.status
          const counted = stretches.some((s) => s.activeFrom <= day && (s.activeUntil === null || s.activeUntil > day))
          expect(counted, `${day} ${JSON.stringify(changes)}`).toBe(inForce === 'active')
        }
      }),
      { numRuns: 300 },
    )
  })

  it('honours dates given with a change', () => {
    const latest = { activeFrom: '2026-01-01', activeUntil: null }
    expect(
      moveStretch(latest, { fromStatus: 'active', toStatus: 'retired', activeUntil: '2026-03-01' }, TODAY).update,
    ).toEqual({ activeFrom: '2026-01-01', activeUntil: '2026-03-01' })
    const ended = { activeFrom: '2026-01-01', activeUntil: '2026-03-01' }
    expect(moveStretch(ended, { fromStatus: 'spare', toStatus: 'active', activeFrom: '2026-02-01' }, TODAY)).toEqual({
      update: { activeFrom: '2026-01-01', activeUntil: null },
    })
    expect(moveStretch(ended, { fromStatus: 'spare', toStatus: 'active', activeFrom: '2026-05-01' }, TODAY)).toEqual({
      update: ended,
      append: { activeFrom: '2026-05-01', activeUntil: null },
    })
    // A retired asset entered afterwards, with only its end: it never counted.
    expect(firstStretch('retired', { activeUntil: '2025-06-01' }, TODAY)).toEqual({
      activeFrom: '2025-06-01',
      activeUntil: '2025-06-01',
    })
    expect(firstStretch('spare', {}, TODAY)).toEqual({ activeFrom: TODAY, activeUntil: TODAY })
  })
})
