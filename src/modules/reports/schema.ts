import { z } from 'zod'

export const ReportQuery = z.object({
  customerId: z.uuid().optional(),
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month such as 2026-11'),
})

export const ReportClock = z.object({
  withTarget: z.number().int(),
  met: z.number().int(),
  breached: z.number().int(),
  pending: z.number().int(),
  inTimeShare: z.number().nullable(),
  medianSeconds: z.number().nullable(),
  p90Seconds: z.number().nullable(),
})
export type ReportClock = z.infer<typeof ReportClock>

export const ReportRow = z.object({
  priority: z.string(),
  tickets: z.number().int(),
  firstResponse: ReportClock,
  resolution: ReportClock,
})
export type ReportRow = z.infer<typeof ReportRow>

export const ReportBreach = z.object({
  ticketId: z.string(),
  number: z.string(),
  title: z.string(),
  priority: z.string(),
  clock: z.enum(['firstResponse', 'resolution']),
  dueAt: z.string().nullable(),
  metAt: z.string().nullable(),
})

export const SlaReport = z.object({
  month: z.string(),
  customerId: z.string().nullable(),
  customerName: z.string().nullable(),
  from: z.number(),
  to: z.number(),
  generatedAt: z.number(),
  rows: z.array(ReportRow),
  total: ReportRow,
  breaches: z.array(ReportBreach),
})
export type SlaReport = z.infer<typeof SlaReport>
