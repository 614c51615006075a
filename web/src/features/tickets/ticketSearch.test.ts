import { describe, expect, it } from 'vitest'
import { ticketQuery } from './ticketSearch.ts'

describe('ticketQuery', () => {
  it.each([
    ['123', '2026-000123'],
    ['#42', '2026-000042'],
    [' 2025-7 ', '2025-000007'],
    ['2026-000123', '2026-000123'],
    ['printer', 'printer'],
    ['Office 365', 'Office 365'],
    ['', ''],
  ])('looks up "%s" as "%s"', (typed, q) => {
    expect(ticketQuery(typed, 2026)).toBe(q)
  })
})
