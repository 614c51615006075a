import { describe, expect, it } from 'vitest'
import {
  CELL_STATUSES,
  type Board,
  type BoardCell,
  type BoardCustomer,
  type Review,
} from '../../../../src/modules/monitoring/schema.ts'
import {
  cellLook,
  dayHeader,
  daysToReview,
  dayStatus,
  dayText,
  isAlertOfJob,
  isDecidedDay,
  isKnownProblem,
  isOpenDay,
  needsReview,
  shiftDay,
  worstStatus,
} from './board.ts'

const days = ['2026-11-28', '2026-11-29', '2026-11-30']
const cell = (day: string, status: BoardCell['status'], decided = true, closed = decided): BoardCell => ({
  day,
  status,
  closed,
  decided,
  runs: status === 'ok' || status === 'failed' || status === 'warning' ? 1 : 0,
  eventId: null,
  reportId: null,
  at: null,
})
const job = (name: string, statuses: [BoardCell['status'], boolean][]) => ({
  job: name,
  jobKey: name.toLowerCase(),
  assetId: null,
  assetName: null,
  schedule: 'daily' as const,
  expected: true,
  cells: statuses.map(([s, decided], i) => cell(days[i]!, s, decided)),
})
const review = (day: string): Review => ({
  customerId: '01a2289c-2827-7172-88c5-4173152a3d30',
  day,
  reviewedBy: '01a2289c-2827-7172-88c5-4173152a3d31',
  reviewerName: 'Jan',
  reviewedAt: 1,
  remarks: null,
})
const customer = (jobs: BoardCustomer['jobs'], reviews: (Review | null)[] = [null, null, null]): BoardCustomer => ({
  id: '01a2289c-2827-7172-88c5-4173152a3d30',
  name: 'Bakkerij De Korf',
  jobs,
  reviews,
  openAlerts: 0,
})

describe('cellLook', () => {
  it('gives every status its own colour or form and a symbol, except a day nothing was expected', () => {
    const looks = CELL_STATUSES.map((s) => cellLook(s))
    const distinct = new Set(looks.map((l) => `${l.color}.${l.shade}.${l.variant}`))
    expect(distinct.size).toBe(CELL_STATUSES.length)
    expect(CELL_STATUSES.filter((s) => cellLook(s).symbol === null)).toEqual(['none'])
    expect(new Set(looks.map((l) => l.symbol)).size).toBe(CELL_STATUSES.length)
  })

  it.each([
    ['ok', 'green', 'filled'],
    ['warning', 'yellow', 'filled'],
    ['failed', 'red', 'filled'],
    ['missing', 'gray', 'filled'],
    ['pending', 'gray', 'outline'],
    ['none', null, 'blank'],
  ] as const)('shows %s as %s (%s)', (status, color, variant) => {
    expect(cellLook(status)).toMatchObject({ color, variant })
  })
})

describe('worstStatus', () => {
  it('ranks a failure over a missing run over a warning over OK', () => {
    expect(worstStatus(['ok', 'warning', 'missing', 'failed'])).toBe('failed')
    expect(worstStatus(['ok', 'missing', 'warning'])).toBe('missing')
    expect(worstStatus(['pending', 'ok'])).toBe('ok')
    expect(worstStatus([])).toBe('none')
  })
})

describe('reviews', () => {
  const nightly = job('Nightly', [
    ['failed', true],
    ['ok', true],
    ['pending', false],
  ])
  const unexpected = job('Weekly', [
    ['none', true],
    ['none', true],
    ['none', false],
  ])

  it('counts a decided day without a review as work, not a day that is still open or had nothing expected', () => {
    const c = customer([nightly, unexpected])
    expect([0, 1, 2].map((i) => needsReview(c, i))).toEqual([true, true, false])
    expect(isDecidedDay(customer([unexpected]), 0)).toBe(false)
  })

  it('does not count a day that was read', () => {
    const c = customer([nightly], [review(days[0]!), null, null])
    expect(needsReview(c, 0)).toBe(false)
    expect(daysToReview({ days, customers: [c, customer([nightly])] })).toBe(1 + 2)
  })

  it('takes the worst job of a day for its review mark', () => {
    const other = job('Other', [
      ['ok', true],
      ['missing', true],
      ['pending', false],
    ])
    const c = customer([nightly, other])
    expect([0, 1, 2].map((i) => dayStatus(c, i))).toEqual(['failed', 'missing', 'pending'])
  })
})

describe('isOpenDay', () => {
  it('marks a column open while none of its windows has closed', () => {
    const board: Board = {
      days,
      customers: [
        customer([
          job('Nightly', [
            ['ok', true],
            ['ok', true],
            ['ok', false],
          ]),
        ]),
      ],
    }
    expect(days.map((_, i) => isOpenDay(board, i))).toEqual([false, false, true])
  })

  it('keeps a column closed when a job with grace is still open but another job was decided', () => {
    const board: Board = {
      days,
      customers: [
        customer([
          job('Nightly', [
            ['ok', true],
            ['ok', true],
            ['ok', true],
          ]),
          job('Late', [
            ['ok', true],
            ['ok', true],
            ['pending', false],
          ]),
        ]),
      ],
    }
    expect(isOpenDay(board, 2)).toBe(false)
  })

  it('takes a closed day the check has not stored yet as closed, and as work to read', () => {
    const waiting = {
      ...job('Nightly', [
        ['ok', true],
        ['ok', true],
        ['missing', false],
      ]),
    }
    waiting.cells[2] = cell(days[2]!, 'missing', false, true)
    const board: Board = { days, customers: [customer([waiting])] }
    expect(isOpenDay(board, 2)).toBe(false)
    expect(needsReview(board.customers[0]!, 2)).toBe(true)
  })

  it('takes the last day as open on a board without jobs', () => {
    const board: Board = { days, customers: [customer([])] }
    expect(days.map((_, i) => isOpenDay(board, i))).toEqual([false, false, true])
  })
})

describe('days', () => {
  it('writes a day the same in every time zone, in Dutch by default', () => {
    expect(dayHeader('2026-11-30', 'nl-NL')).toEqual({ weekday: 'ma', date: '30-11' })
    expect(dayText('2026-11-30', 'nl-NL')).toBe('30 nov 2026')
    expect(dayText('2026-11-30', 'en-GB')).toBe('30 Nov 2026')
  })

  it('moves a day across month ends, leap days and the change to winter time', () => {
    expect(shiftDay('2026-11-30', 1)).toBe('2026-12-01')
    expect(shiftDay('2028-03-01', -1)).toBe('2028-02-29')
    expect(shiftDay('2026-10-25', -14)).toBe('2026-10-11')
    expect(shiftDay('2026-10-24', 1)).toBe('2026-10-25')
  })
})

describe('alerts', () => {
  it("finds a job's alerts by its name as the server keys it, and never a UPS's of the same name", () => {
    expect(isAlertOfJob({ kind: 'backup', subject: ' SRV-01 Dagelijks' }, 'srv-01 dagelijks')).toBe(true)
    expect(isAlertOfJob({ kind: 'ups', subject: 'srv-01 dagelijks' }, 'srv-01 dagelijks')).toBe(false)
    expect(isAlertOfJob({ kind: 'backup', subject: 'srv-02' }, 'srv-01')).toBe(false)
  })

  it('translates the problems the daily check raises, and leaves a new one as it is', () => {
    expect(isKnownProblem('comm-lost')).toBe(true)
    expect(isKnownProblem('bypass')).toBe(false)
  })
})
