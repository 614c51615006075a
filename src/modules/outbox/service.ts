import type { Db } from '../../db/database.js'
import { type Actor, assertStaff } from '../../platform/access.js'
import type { Audit } from '../../platform/audit.js'
import { pageOf, readCursor } from '../../platform/paging.js'
import { conflict, notFound } from '../../platform/errors.js'
import type { Mailer } from '../../platform/mail/outbox.js'
import type { OutboxMail } from './schema.js'

type Row = {
  id: string
  to_address: string
  subject: string
  kind: string
  customer_id: string | null
  status: 'pending' | 'sent' | 'failed'
  attempts: number
  next_attempt_at: number
  last_error: string | null
  created_at: number
  sent_at: number | null
}

const toMail = (r: Row): OutboxMail => ({
  id: r.id,
  to: r.to_address,
  subject: r.subject,
  kind: r.kind,
  customerId: r.customer_id,
  status: r.status,
  attempts: r.attempts,
  nextAttemptAt: r.next_attempt_at,
  lastError: r.last_error,
  createdAt: r.created_at,
  sentAt: r.sent_at,
})

const COLUMNS = [
  'id',
  'to_address',
  'subject',
  'kind',
  'customer_id',
  'status',
  'attempts',
  'next_attempt_at',
  'last_error',
  'created_at',
  'sent_at',
] as const

export function createOutboxService({
  db,
  audit,
  mailer,
  now,
}: {
  db: Db
  audit: Audit
  mailer: Mailer
  now: () => number
}) {
  return {
    async list(actor: Actor, q: { status?: Row['status']; limit: number; cursor?: string }) {
      assertStaff(actor, ['admin', 'technician'])
      const before = readCursor<[string]>(q.cursor, ['string'])
      let query = db.selectFrom('outbox').select(COLUMNS)
      if (q.status) {
        query = query.where('status', '=', q.status)
      }
      if (before) {
        query = query.where('id', '<', before[0])
      }
      const rows = await query
        .orderBy('id', 'desc')
        .limit(q.limit + 1)
        .execute()
      return { ...pageOf(rows, q.limit, (r) => [r.id], toMail), smtpConfigured: mailer.smtpConfigured }
    },

    async get(actor: Actor, id: string) {
      assertStaff(actor, ['admin', 'technician'])
      const row = await db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst()
      if (!row) {
        throw notFound('mail', id)
      }
      return { ...toMail(row), bodyText: row.body_text, bodyHtml: row.body_html }
    },

    /** Puts a failed or waiting mail at the front of the queue again. */
    async retry(actor: Actor, id: string): Promise<OutboxMail> {
      assertStaff(actor, ['admin', 'technician'])
      return db.transaction().execute(async (trx) => {
        const row = await trx.selectFrom('outbox').select(COLUMNS).where('id', '=', id).executeTakeFirst()
        if (!row) {
          throw notFound('mail', id)
        }
        if (row.status === 'sent') {
          throw conflict('mail_already_sent', 'This mail has already been sent')
        }
        const set = {
          status: 'pending' as const,
          next_attempt_at: now(),
          attempts: row.status === 'failed' ? 0 : row.attempts,
        }
        await trx.updateTable('outbox').set(set).where('id', '=', id).execute()
        await audit.record(trx, actor, {
          action: 'mail.retried',
          entityType: 'mail',
          entityId: id,
          customerId: row.customer_id,
        })
        return toMail({ ...row, ...set })
      })
    },
  }
}
export type OutboxService = ReturnType<typeof createOutboxService>
