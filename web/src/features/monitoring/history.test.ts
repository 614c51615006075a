import { describe, expect, it } from 'vitest'
import { chronological, historySummary, type HistoryPoint } from './history.ts'

const point = (at: number, result: string, durationSeconds: number | null, bytes: number | null): HistoryPoint => ({
  at,
  result,
  durationSeconds,
  bytes,
  files: null,
  reportId: `r${at}`,
})

describe('job history', () => {
  it('draws the runs oldest first', () => {
    expect(chronological([point(3, 'success', 1, 1), point(1, 'success', 1, 1)]).map((p) => p.at)).toEqual([1, 3])
  })

  it('sums up runs, failures, the median duration and the growth from the first to the latest size', () => {
    const summary = historySummary([
      point(4, 'success', 600, 1_300),
      point(1, 'success', 300, 1_000),
      point(2, 'failed', 30, null),
      point(3, 'warning', 900, 1_200),
    ])
    expect(summary).toEqual({
      runs: 4,
      failed: 1,
      warnings: 1,
      medianSeconds: (300 + 600) / 2,
      latestBytes: 1_300,
      bytesChange: 300,
    })
  })

  it('says nothing it does not know', () => {
    expect(historySummary([point(1, 'success', null, 500)])).toEqual({
      runs: 1,
      failed: 0,
      warnings: 0,
      medianSeconds: null,
      latestBytes: 500,
      bytesChange: null,
    })
    expect(historySummary([]).medianSeconds).toBeNull()
  })
})
