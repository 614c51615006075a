import { z } from 'zod'

export const AuditEntry = z.object({
  id: z.string(),
  at: z.number().int(),
  actorId: z.string().nullable(),
  actorLabel: z.string(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  customerId: z.string().nullable(),
  /** Changed fields as `{field: [before, after]}`; created entities have only `after` values, deleted only `before`. */
  diff: z.record(z.string(), z.tuple([z.unknown(), z.unknown()])).nullable(),
  ip: z.string().nullable(),
})
export type AuditEntry = z.infer<typeof AuditEntry>

export const AuditQuery = z.object({
  action: z.string().max(100).optional(),
  entityType: z.string().max(50).optional(),
  entityId: z.string().max(36).optional(),
  actorId: z.string().max(36).optional(),
  customerId: z.string().max(36).optional(),
  from: z.coerce.number().int().optional(),
  to: z.coerce.number().int().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(100).optional(),
})
export type AuditQuery = z.infer<typeof AuditQuery>

export const AuditPage = z.object({ items: z.array(AuditEntry), nextCursor: z.string().nullable() })
