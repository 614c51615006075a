// Priority of a ticket from what the customer reports. Pure: no I/O.
//
// P1 is the calamity level (a 24×7 clock), P5 is planned work without a clock. A calamity is always P1 whatever
// else is said about it; a bug is judged by its severity (a wrong button colour is never urgent, a bug in the
// server's operating system is); everything else goes through the ITIL impact × urgency matrix.
import { z } from 'zod'

export const PRIORITIES = ['P1', 'P2', 'P3', 'P4', 'P5'] as const
export type Priority = (typeof PRIORITIES)[number]
export const TICKET_TYPES = [
  'calamity',
  'incident',
  'bug',
  'service-request',
  'question',
  'monitoring-alert',
  'maintenance',
] as const
export type TicketType = (typeof TICKET_TYPES)[number]
export const IMPACTS = ['high', 'medium', 'low'] as const
export type Impact = (typeof IMPACTS)[number]
export const URGENCIES = ['high', 'medium', 'low'] as const
export type Urgency = (typeof URGENCIES)[number]
export const SEVERITIES = ['critical', 'major', 'minor', 'cosmetic'] as const
export type Severity = (typeof SEVERITIES)[number]

const PriorityValue = z.enum(PRIORITIES, { error: 'a priority P1 to P5' })
const UrgencyRow = z.object({ high: PriorityValue, medium: PriorityValue, low: PriorityValue })

/** Priority per impact (rows) and urgency (columns). */
export const PriorityMatrix = z.object({ high: UrgencyRow, medium: UrgencyRow, low: UrgencyRow })
export type PriorityMatrix = Record<Impact, Record<Urgency, Priority>>

export const SeverityMap = z.object({
  critical: PriorityValue,
  major: PriorityValue,
  minor: PriorityValue,
  cosmetic: PriorityValue,
})
export type SeverityMap = Record<Severity, Priority>

export const PriorityRules = z.object({ matrix: PriorityMatrix, severity: SeverityMap })
export type PriorityRules = z.infer<typeof PriorityRules>

// P1 is kept out of the matrix on purpose: only a calamity is a calamity.
export const DEFAULT_MATRIX: PriorityMatrix = {
  high: { high: 'P2', medium: 'P3', low: 'P4' },
  medium: { high: 'P3', medium: 'P3', low: 'P4' },
  low: { high: 'P4', medium: 'P4', low: 'P4' },
}

export const DEFAULT_SEVERITY_MAP: SeverityMap = { critical: 'P2', major: 'P3', minor: 'P4', cosmetic: 'P5' }

/** calamity → always P1; bug with a severity → the severity map; otherwise the matrix (missing impact/urgency count as 'medium'). */
export function priorityOf(
  input: { type: TicketType; impact?: Impact | null; urgency?: Urgency | null; severity?: Severity | null },
  rules: PriorityRules,
): Priority {
  if (input.type === 'calamity') {
    return 'P1'
  }
  if (input.type === 'bug' && input.severity) {
    return rules.severity[input.severity]
  }
  return rules.matrix[input.impact ?? 'medium'][input.urgency ?? 'medium']
}
