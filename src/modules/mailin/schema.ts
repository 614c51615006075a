import { z } from 'zod'
import { TICKET_TYPES } from '../sla/priority.js'

// report: a backup or UPS notification that a mail rule made a monitoring report of a customer.
export const MailStatus = z.enum(['stored', 'ticket', 'reply', 'report', 'triage', 'ignored', 'failed'])

export const InboundMailView = z.object({
  id: z.uuid(),
  messageId: z.string(),
  from: z.string().nullable(),
  subject: z.string(),
  source: z.enum(['smtp', 'imap', 'api']),
  size: z.number().int(),
  status: MailStatus,
  /** Why it is where it is: 'unknown sender', 'auto-reply', the error that stopped it … */
  reason: z.string().nullable(),
  ticketId: z.string().nullable(),
  customerId: z.string().nullable(),
  receivedAt: z.number().int(),
  processedAt: z.number().int().nullable(),
  /** The plain text, for reading in the queue. */
  text: z.string().nullable(),
})
export type InboundMailView = z.infer<typeof InboundMailView>

export const TriageQuery = z.object({
  /** open: waiting for a person (triage and failed). */
  status: z.union([MailStatus, z.enum(['open', 'all'])]).default('open'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
})
export type TriageQuery = z.infer<typeof TriageQuery>

export const MailAssign = z
  .object({
    /** Append to this ticket … */
    ticketId: z.uuid().optional(),
    /** … or open a new one for this customer (with this contact as requester). */
    customerId: z.uuid().optional(),
    contactId: z.uuid().optional(),
    type: z.enum(TICKET_TYPES).optional(),
  })
  .refine((v) => (v.ticketId ? !v.customerId : !!v.customerId), {
    message: 'either ticketId or customerId',
    path: ['customerId'],
  })
export type MailAssign = z.infer<typeof MailAssign>

export const Received = z.object({
  mailId: z.uuid(),
  status: MailStatus,
  ticketId: z.string().nullable(),
  duplicate: z.boolean(),
})
