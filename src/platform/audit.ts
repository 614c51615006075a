import type { Executor } from '../db/database.js'
import { type Actor, actorId, actorLabel } from './access.js'
import { uuidv7 } from './ids.js'

export interface AuditEvent {
  action: string
  entityType: string
  entityId?: string | null
  customerId?: string | null
  before?: object | null
  after?: object | null
  ip?: string | null
}

// Secrets never reach the audit log, not even hashed.
const REDACTED = new Set([
  'passwordHash',
  'password_hash',
  'totpSecret',
  'totp_secret',
  'tokenHash',
  'token_hash',
  'password',
])

/** Fields that changed, as `{field: [before, after]}`; unchanged fields are left out. */
export function diffOf(
  before: object | null | undefined,
  after: object | null | undefined,
): Record<string, [unknown, unknown]> | null {
  const b = (before ?? {}) as Record<string, unknown>
  const a = (after ?? {}) as Record<string, unknown>
  const out: Record<string, [unknown, unknown]> = {}
  for (const key of new Set([...Object.keys(b), ...Object.keys(a)])) {
    if (key === 'updatedAt' || key === 'updated_at') {
      continue
    }
    const x = b[key] ?? null
    const y = a[key] ?? null
    if (JSON.stringify(x) !== JSON.stringify(y)) {
      out[key] = REDACTED.has(key) ? ['[redacted]', '[redacted]'] : [x, y]
    }
  }
  return Object.keys(out).length > 0 ? out : null
}

export interface Audit {
  /** Writes one audit entry; call it with the transaction that makes the change. */
  record(db: Executor, actor: Actor, event: AuditEvent): Promise<void>
}

export function createAudit({ now }: { now: () => number }): Audit {
  return {
    async record(db, actor, event) {
      const diff = diffOf(event.before, event.after)
      // An update that changed nothing (archiving what is archived) is not an event.
      if (diff === null && event.before && event.after) {
        return
      }
      await db
        .insertInto('audit_log')
        .values({
          id: uuidv7(),
          at: now(),
          actor_id: actorId(actor),
          actor_label: actorLabel(actor),
          action: event.action,
          entity_type: event.entityType,
          entity_id: event.entityId ?? null,
          customer_id: event.customerId ?? null,
          diff: diff && JSON.stringify(diff),
          ip: event.ip ?? null,
        })
        .execute()
    },
  }
}
