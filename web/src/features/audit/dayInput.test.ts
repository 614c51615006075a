import { describe, expect, it } from 'vitest'
import { formatDay, isoDay, parseDay } from './dayInput.ts'

describe('parseDay', () => {
  it.each([
    ['31-12-2026', { year: 2026, month: 12, day: 31 }],
    ['1-2-2026', { year: 2026, month: 2, day: 1 }],
    [' 05/03/2026 ', { year: 2026, month: 3, day: 5 }],
    ['29.02.2028', { year: 2028, month: 2, day: 29 }],
    ['2026-12-31', { year: 2026, month: 12, day: 31 }],
  ])('reads %s', (text, day) => {
    expect(parseDay(text)).toEqual(day)
  })

  it.each(['', '31-13-2026', '32-01-2026', '29-02-2026', '31-04-2026', '12-2026', '2026', 'gisteren', '1-1-26'])(
    'refuses %j',
    (text) => {
      expect(parseDay(text)).toBeNull()
    },
  )

  it('formats for the form and for the address bar', () => {
    const day = { year: 2026, month: 3, day: 5 }
    expect(formatDay(day)).toBe('05-03-2026')
    expect(isoDay(day)).toBe('2026-03-05')
    expect(parseDay(formatDay(day))).toEqual(day)
    expect(parseDay(isoDay(day))).toEqual(day)
  })
})
