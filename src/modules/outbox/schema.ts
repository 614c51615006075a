import { z } from 'zod'

export const OutboxStatus = z.enum(['pending', 'sent', 'failed'])

export const OutboxMail = z.object({
  id: z.string(),
  to: z.string(),
  subject: z.string(),
  kind: z.string(),
  customerId: z.string().nullable(),
  status: OutboxStatus,
  attempts: z.number().int(),
  nextAttemptAt: z.number().int(),
  lastError: z.string().nullable(),
  createdAt: z.number().int(),
  sentAt: z.number().int().nullable(),
})
export type OutboxMail = z.infer<typeof OutboxMail>
export const OutboxMailDetail = OutboxMail.extend({ bodyText: z.string(), bodyHtml: z.string().nullable() })

export const OutboxQuery = z.object({
  status: OutboxStatus.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(100).optional(),
})
export const OutboxPage = z.object({
  items: z.array(OutboxMail),
  nextCursor: z.string().nullable(),
  /** false when no SMTP_URL is configured: then the outbox is the mailbox. */
  smtpConfigured: z.boolean(),
})
