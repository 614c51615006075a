import type { Db } from '../../db/database.js'
import { type Actor, assertStaff } from '../../platform/access.js'
import { pageOf, readCursor } from '../../platform/paging.js'
import type { AuditEntry, AuditQuery } from './schema.js'

export function createAuditQueryService({ db }: { db: Db }) {
  return {
    /** Newest first; ids are UUIDv7, so the id is the keyset. */
    async list(actor: Actor, q: AuditQuery): Promise<{ items: AuditEntry[]; nextCursor: string | null }> {
      assertStaff(actor, ['admin'])
      const before = readCursor<[string]>(q.cursor, ['string'])
      let query = db.selectFrom('audit_log').selectAll()
      if (q.action) {
        query = query.where('action', '=', q.action)
      }
      if (q.entityType) {
        query = query.where('entity_type', '=', q.entityType)
      }
      if (q.entityId) {
        query = query.where('entity_id', '=', q.entityId)
      }
      if (q.actorId) {
        query = query.where('actor_id', '=', q.actorId)
      }
      if (q.customerId) {
        query = query.where('customer_id', '=', q.customerId)
      }
      if (q.from !== undefined) {
        query = query.where('at', '>=', q.from)
      }
      if (q.to !== undefined) {
        query = query.where('at', '<', q.to)
      }
      if (before) {
        query = query.where('id', '<', before[0])
      }
      const rows = await query
        .orderBy('id', 'desc')
        .limit(q.limit + 1)
        .execute()
      return pageOf(
        rows,
        q.limit,
        (r) => [r.id],
        (r): AuditEntry => ({
          id: r.id,
          at: r.at,
          actorId: r.actor_id,
          actorLabel: r.actor_label,
          action: r.action,
          entityType: r.entity_type,
          entityId: r.entity_id,
          customerId: r.customer_id,
          diff: r.diff ? (JSON.parse(r.diff) as AuditEntry['diff']) : null,
          ip: r.ip,
        }),
      )
    },
  }
}
export type AuditQueryService = ReturnType<typeof createAuditQueryService>
