import type { TFunction } from 'i18next'
import { formatDuration } from '../tickets/slaClock.ts'
import type { ReportClock, SlaReport } from './api.ts'

/** `YYYY-MM` of the month that holds `epochMs`, in the browser's time zone. */
export function monthOf(epochMs: number): string {
  const d = new Date(epochMs)
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`
}

/** The first instant (epoch ms, local time) of a `YYYY-MM` month; NaN for anything else. */
export function monthStart(month: string): number {
  const match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month)
  return match ? new Date(Number(match[1]), Number(match[2]) - 1, 1).getTime() : Number.NaN
}

/** `count` months as `YYYY-MM`, the month of `now` (epoch ms) first and then back in time. */
export function recentMonths(now: number, count: number): string[] {
  const d = new Date(now)
  return Array.from({ length: count }, (_, i) => monthOf(new Date(d.getFullYear(), d.getMonth() - i, 1).getTime()))
}

/** The month a report opens on: the last complete one, the one before that of `now` (epoch ms). */
export function defaultReportMonth(now: number): string {
  return recentMonths(now, 2)[1] ?? monthOf(now)
}

/** How many promises of one clock were judged (met or breached), and how many of those were kept. */
export function judged(clock: ReportClock): { met: number; judged: number } {
  return { met: clock.met, judged: clock.met + clock.breached }
}

/**
 * A counted time of the report as the two largest units, without days (its seconds are business seconds, whole
 * days would mislead) and seconds only under a minute: `45 s`, `12 min`, `1 u 5 min`, `27 u`. `—` when nothing was
 * measured.
 */
export function reportDuration(seconds: number | null, t: TFunction): string {
  if (seconds === null) {
    return '—'
  }
  return formatDuration(seconds, t, seconds < 60, false)
}

export interface HeadlineFormat {
  /** `november 2026` */
  month: (epochMs: number) => string
  /** `95%` */
  percent: (share: number) => string
}

export interface Headline {
  /** The one sentence to read: how many first responses came in time. */
  title: string
  /** How the resolutions went, when there is something to say about them. */
  detail: string | null
}

/**
 * The report's headline in words, e.g. "In november 2026 is 95% van de eerste reacties op tijd gegeven". A month
 * that is not over yet (`running`) says "tot nu toe"; a month without tickets or without judged clocks says so.
 */
export function reportHeadline(report: SlaReport, running: boolean, t: TFunction, format: HeadlineFormat): Headline {
  const month = format.month(monthStart(report.month))
  const total = report.total
  if (total.tickets === 0) {
    return { title: t('report.headline.noTickets', { month }), detail: null }
  }
  const first = judged(total.firstResponse)
  const resolution = judged(total.resolution)
  let title: string
  if (total.firstResponse.withTarget === 0) {
    title = t('report.headline.noTargets', { month, count: total.tickets })
  } else if (first.judged === 0 || total.firstResponse.inTimeShare === null) {
    title = t('report.headline.pending', { month, count: total.tickets })
  } else {
    const percent = format.percent(total.firstResponse.inTimeShare)
    title = running
      ? t('report.headline.shareSoFar', { month, percent })
      : t('report.headline.share', { month, percent })
  }
  let detail: string | null = null
  if (resolution.judged > 0 && total.resolution.inTimeShare !== null) {
    detail = t('report.headline.resolutions', {
      percent: format.percent(total.resolution.inTimeShare),
      met: resolution.met,
      count: resolution.judged,
    })
  } else if (total.resolution.pending > 0) {
    detail = t('report.headline.resolutionsPending', { count: total.resolution.pending })
  }
  return { title, detail }
}
