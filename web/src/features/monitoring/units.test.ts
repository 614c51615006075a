import { describe, expect, it } from 'vitest'
import { formatBytes, yearsSince } from './units.ts'

describe('formatBytes', () => {
  it.each([
    [0, '0 byte'],
    [999, '999 byte'],
    [1000, '1 kB'],
    [830_000, '830 kB'],
    [1_234_567, '1,2 MB'],
    [48_300_000_000, '48,3 GB'],
    [3_400_000_000_000, '3,4 TB'],
    [2_000_000_000_000_000_000, '2.000 PB'],
  ])('writes %d bytes as %s in Dutch', (bytes, text) => {
    expect(formatBytes(bytes, 'nl-NL')).toBe(text)
  })

  it('uses the decimal point in English and keeps the sign of a shrinking size', () => {
    expect(formatBytes(1_500_000, 'en-GB')).toBe('1.5 MB')
    expect(formatBytes(-2_500_000_000, 'nl-NL')).toBe('−2,5 GB')
  })
})

describe('yearsSince', () => {
  const at = (iso: string) => Date.parse(`${iso}T12:00:00Z`)
  it('counts whole years, a birthday-style count', () => {
    expect(yearsSince('2022-06-15', at('2026-06-14'))).toBe(3)
    expect(yearsSince('2022-06-15', at('2026-06-15'))).toBe(4)
    expect(yearsSince('2026-01-01', at('2026-11-30'))).toBe(0)
  })

  it('has nothing to say without a day, and never goes below zero', () => {
    expect(yearsSince(null, at('2026-11-30'))).toBeNull()
    expect(yearsSince('2027-01-01', at('2026-11-30'))).toBe(0)
  })
})
