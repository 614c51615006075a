// The monthly SLA report, computed from the clocks stored on each ticket. Pure: tickets in, figures out.
import type { TicketSla } from '../tickets/schema.js'

export interface ReportTicket {
  id: string
  number: string
  title: string
  priority: string
  createdAt: number
  sla: TicketSla
}

export interface ClockFigures {
  /** Tickets whose clock had a target. */
  withTarget: number
  met: number
  breached: number
  /** Still running, in warning or paused: not yet judged. */
  pending: number
  /** met / (met + breached), or null when nothing was judged yet. */
  inTimeShare: number | null
  /** Over the judged clocks that ended (met, or breached and then answered): counted business seconds. */
  medianSeconds: number | null
  p90Seconds: number | null
}

export interface PriorityRow {
  priority: string
  tickets: number
  firstResponse: ClockFigures
  resolution: ClockFigures
}

export interface Breach {
  ticketId: string
  number: string
  title: string
  priority: string
  clock: 'firstResponse' | 'resolution'
  dueAt: string | null
  metAt: string | null
}

export interface SlaReportFigures {
  rows: PriorityRow[]
  total: PriorityRow
  breaches: Breach[]
}

/** The nearest-rank percentile (p in 0..100) of sorted values; null for none. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) {
    return null
  }
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length))
  return sorted[rank - 1]!
}

function figures(clocks: TicketSla['firstResponse'][]): ClockFigures {
  const withTarget = clocks.filter((c) => c.state !== 'none')
  const met = withTarget.filter((c) => c.state === 'met').length
  const breached = withTarget.filter((c) => c.state === 'breached').length
  const ended = withTarget
    .filter((c) => c.metAt !== null && (c.state === 'met' || c.state === 'breached'))
    .map((c) => c.elapsedSeconds)
    .sort((a, b) => a - b)
  return {
    withTarget: withTarget.length,
    met,
    breached,
    pending: withTarget.length - met - breached,
    inTimeShare: met + breached > 0 ? met / (met + breached) : null,
    medianSeconds: percentile(ended, 50),
    p90Seconds: percentile(ended, 90),
  }
}

function row(priority: string, tickets: ReportTicket[]): PriorityRow {
  return {
    priority,
    tickets: tickets.length,
    firstResponse: figures(tickets.map((t) => t.sla.firstResponse)),
    resolution: figures(tickets.map((t) => t.sla.resolution)),
  }
}

export function slaReport(tickets: readonly ReportTicket[], priorities: readonly string[]): SlaReportFigures {
  const rows = priorities.map((p) =>
    row(
      p,
      tickets.filter((t) => t.priority === p),
    ),
  )
  const breaches: Breach[] = []
  for (const t of tickets) {
    for (const clock of ['firstResponse', 'resolution'] as const) {
      const c = t.sla[clock]
      if (c.state === 'breached') {
        breaches.push({
          ticketId: t.id,
          number: t.number,
          title: t.title,
          priority: t.priority,
          clock,
          dueAt: c.dueAt,
          metAt: c.metAt,
        })
      }
    }
  }
  breaches.sort((a, b) => a.number.localeCompare(b.number) || a.clock.localeCompare(b.clock))
  return { rows, total: row('all', [...tickets]), breaches }
}

const csvCell = (v: string | number | null): string => {
  if (v === null) {
    return ''
  }
  const s = String(v)
  // Quote what needs it, and defuse spreadsheet formulas in text cells.
  const safe = /^[=+\-@\t\r]/.test(s) && typeof v === 'string' ? `'${s}` : s
  return /[",\n;]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

/** The report as CSV (comma-separated, one header row), for spreadsheets. */
export function slaReportCsv(report: SlaReportFigures): string {
  const head = [
    'priority',
    'tickets',
    'first_response_met',
    'first_response_breached',
    'first_response_pending',
    'first_response_in_time_pct',
    'first_response_median_s',
    'first_response_p90_s',
    'resolution_met',
    'resolution_breached',
    'resolution_pending',
    'resolution_in_time_pct',
    'resolution_median_s',
    'resolution_p90_s',
  ]
  const pct = (share: number | null) => (share === null ? null : Math.round(share * 1000) / 10)
  const lines = [head.join(',')]
  for (const r of [...report.rows, report.total]) {
    lines.push(
      [
        r.priority,
        r.tickets,
        r.firstResponse.met,
        r.firstResponse.breached,
        r.firstResponse.pending,
        pct(r.firstResponse.inTimeShare),
        r.firstResponse.medianSeconds,
        r.firstResponse.p90Seconds,
        r.resolution.met,
        r.resolution.breached,
        r.resolution.pending,
        pct(r.resolution.inTimeShare),
        r.resolution.medianSeconds,
        r.resolution.p90Seconds,
      ]
        .map(csvCell)
        .join(','),
    )
  }
  lines.push('')
  lines.push(['breach_ticket', 'title', 'priority', 'clock', 'due_at', 'met_at'].join(','))
  for (const b of report.breaches) {
    lines.push([b.number, b.title, b.priority, b.clock, b.dueAt, b.metAt].map(csvCell).join(','))
  }
  return `${lines.join('\r\n')}\r\n`
}
