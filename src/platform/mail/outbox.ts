import type { Executor } from '../../db/database.js'
import type { Kysely } from 'kysely'
import nodemailer, { type Transporter } from 'nodemailer'
import type { DB } from '../../db/types.js'
import { uuidv7 } from '../ids.js'

export interface OutgoingMail {
  to: string
  subject: string
  text: string
  html?: string | null
  kind: string
  customerId?: string | null
  /** Extra headers, e.g. References for threading and Auto-Submitted for notifications. */
  headers?: Record<string, string>
  /** What the mail is about (a ticket id); its Message-ID leads back to it. */
  refId?: string | null
  /** Not sent before this instant (a technician's working hours). */
  notBefore?: number
}

/** The Message-ID of an outbox mail; a reply names it in In-Reply-To or References. */
export const outboxMessageId = (id: string): string => `<${id}@sladesk>`

/** The outbox id in a Message-ID that sladesk wrote, or undefined. */
export function outboxIdOf(messageId: string): string | undefined {
  return /^<?([0-9a-f-]{36})@sladesk>?$/i.exec(messageId.trim())?.[1]
}

export const MAX_ATTEMPTS = 10

/** Back-off after the n-th failed attempt: 1, 2, 4 … minutes, at most 6 hours. */
export function retryDelayMs(attempts: number): number {
  return Math.min(60_000 * 2 ** Math.max(0, attempts - 1), 6 * 3_600_000)
}

export interface Mailer {
  /** Puts a mail in the outbox; call it inside the transaction of the change that causes it. */
  enqueue(db: Executor, mail: OutgoingMail): Promise<string>
  /** Sends the mails that are due; returns how many were sent and how many failed. */
  sendDue(limit?: number): Promise<{ sent: number; failed: number }>
  /** What an outbox mail was about (its ref id), for a reply that names its Message-ID. */
  refOf(db: Executor, outboxId: string): Promise<string | null>
  readonly smtpConfigured: boolean
  close(): void
}

export function createMailer({
  db,
  smtpUrl,
  from,
  now,
}: {
  db: Kysely<DB>
  smtpUrl?: string
  from: string
  now: () => number
}): Mailer {
  // Timeouts well inside the 5-minute lease of the sending job: a hanging server must not outlive the lease, or
  // another instance could take the job over and send the same mails.
  const transport: Transporter | undefined = smtpUrl
    ? nodemailer.createTransport({
        url: smtpUrl,
        connectionTimeout: 30_000,
        greetingTimeout: 30_000,
        socketTimeout: 60_000,
      })
    : undefined
  return {
    smtpConfigured: transport !== undefined,
    async enqueue(trx, mail) {
      const id = uuidv7()
      const at = now()
      await trx
        .insertInto('outbox')
        .values({
          id,
          to_address: mail.to,
          subject: mail.subject,
          body_text: mail.text,
          body_html: mail.html ?? null,
          kind: mail.kind,
          customer_id: mail.customerId ?? null,
          headers: mail.headers ? JSON.stringify(mail.headers) : null,
          ref_id: mail.refId ?? null,
          status: 'pending',
          attempts: 0,
          next_attempt_at: Math.max(at, mail.notBefore ?? at),
          last_error: null,
          created_at: at,
          sent_at: null,
        })
        .execute()
      return id
    },
    async refOf(ex, outboxId) {
      const row = await ex.selectFrom('outbox').select('ref_id').where('id', '=', outboxId).executeTakeFirst()
      return row?.ref_id ?? null
    },
    async sendDue(limit = 50) {
      if (!transport) {
        return { sent: 0, failed: 0 }
      }
      const due = await db
        .selectFrom('outbox')
        .selectAll()
        .where('status', '=', 'pending')
        .where('next_attempt_at', '<=', now())
        .orderBy('next_attempt_at')
        .limit(limit)
        .execute()
      let sent = 0
      let failed = 0
      for (const mail of due) {
        try {
          await transport.sendMail({
            from,
            to: mail.to_address,
            subject: mail.subject,
            text: mail.body_text,
            html: mail.body_html ?? undefined,
            messageId: outboxMessageId(mail.id),
            headers: mail.headers ? (JSON.parse(mail.headers) as Record<string, string>) : undefined,
          })
          await db
            .updateTable('outbox')
            .set({ status: 'sent', sent_at: now(), attempts: mail.attempts + 1, last_error: null })
            .where('id', '=', mail.id)
            .execute()
          sent += 1
        } catch (err) {
          const attempts = mail.attempts + 1
          await db
            .updateTable('outbox')
            .set({
              attempts,
              last_error: (err instanceof Error ? err.message : String(err)).slice(0, 1000),
              status: attempts >= MAX_ATTEMPTS ? 'failed' : 'pending',
              next_attempt_at: now() + retryDelayMs(attempts),
            })
            .where('id', '=', mail.id)
            .execute()
          failed += 1
        }
      }
      return { sent, failed }
    },
    close() {
      transport?.close()
    },
  }
}
