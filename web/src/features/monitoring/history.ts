import type { JobHistory } from '../../../../src/modules/monitoring/schema.ts'

export type HistoryPoint = JobHistory['points'][number]

/** The runs oldest first, as a chart draws them left to right. */
export function chronological(points: readonly HistoryPoint[]): HistoryPoint[] {
  return [...points].sort((a, b) => a.at - b.at)
}

export interface HistorySummary {
  runs: number
  failed: number
  warnings: number
  /** The middle duration of the runs that say it (seconds), or null. */
  medianSeconds: number | null
  /** The latest run's size and its change from the first run's (bytes), or null when no two runs say it. */
  latestBytes: number | null
  bytesChange: number | null
}

/** What the chart's legend line says: how many runs, how many went wrong, the usual duration and the growth. */
export function historySummary(points: readonly HistoryPoint[]): HistorySummary {
  const runs = chronological(points)
  const durations = runs
    .map((p) => p.durationSeconds)
    .filter((d): d is number => d !== null)
    .sort((a, b) => a - b)
  const sizes = runs.map((p) => p.bytes).filter((b): b is number => b !== null)
  const mid = Math.floor(durations.length / 2)
  const median =
    durations.length === 0
      ? null
      : durations.length % 2 === 1
        ? durations[mid]!
        : (durations[mid - 1]! + durations[mid]!) / 2
  return {
    runs: runs.length,
    failed: runs.filter((p) => p.result === 'failed').length,
    warnings: runs.filter((p) => p.result === 'warning').length,
    medianSeconds: median,
    latestBytes: sizes.length > 0 ? sizes[sizes.length - 1]! : null,
    bytesChange: sizes.length > 1 ? sizes[sizes.length - 1]! - sizes[0]! : null,
  }
}
