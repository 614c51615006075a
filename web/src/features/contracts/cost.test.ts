import { describe, expect, it } from 'vitest'
import type { CostMonth } from '../../../../src/modules/contracts/schema.ts'
import { costDate, costRows, monthChoices } from './cost.ts'

const month = (lines: CostMonth['lines']): CostMonth => ({
  date: '2026-11-15',
  contract: null,
  currency: 'EUR',
  lines,
  counts: {},
  subtotalCents: lines.reduce((s, l) => s + l.amountCents, 0),
  monthlyDiscountPercent: 0,
  discountCents: 0,
  netCents: 0,
  vatPercent: 21,
  vatCents: 0,
  totalCents: 0,
})
const assets = (cls: 'server' | 'workstation' | 'ups', quantity: number, unitCents: number) => ({
  kind: 'assets' as const,
  class: cls,
  label: '',
  quantity,
  unitCents,
  amountCents: quantity * unitCents,
})
const base = (amountCents: number) => ({ kind: 'base' as const, label: '', amountCents })

describe('costRows', () => {
  it('puts each line beside last month, marks what changed, and shows 0 for a class of one month only', () => {
    const now = month([base(10000), assets('server', 2, 9500), assets('workstation', 12, 1500)])
    const before = month([
      base(10000),
      assets('server', 2, 9500),
      assets('workstation', 10, 1500),
      assets('ups', 1, 500),
    ])
    const rows = costRows(now, before)
    expect(rows.map((r) => [r.key, r.quantity, r.previousQuantity, r.changed])).toEqual([
      ['base', null, null, false],
      ['server', 2, 2, false],
      ['workstation', 12, 10, true],
      ['ups', 0, 1, true],
    ])
    expect(rows[3]).toMatchObject({ amountCents: 0, previousAmountCents: 500, unitCents: 500 })
  })

  it('has no rows when neither month has a contract', () => {
    expect(costRows(month([]), month([]))).toEqual([])
  })
})

describe('months', () => {
  it('offers months ahead and back, newest first, across a year boundary', () => {
    const now = new Date(2026, 0, 15).getTime()
    expect(monthChoices(now, 2, 3)).toEqual(['2026-03', '2026-02', '2026-01', '2025-12', '2025-11', '2025-10'])
  })

  it('asks the current month as of today and other months as of their first day', () => {
    expect(costDate('2026-11', '2026-11')).toBeUndefined()
    expect(costDate('2026-10', '2026-11')).toBe('2026-10-01')
  })
})
