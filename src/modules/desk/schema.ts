import { z } from 'zod'

export const Team = z.object({
  id: z.uuid(),
  name: z.string(),
  leadId: z.uuid().nullable(),
  leadName: z.string().nullable(),
  createdAt: z.number().int(),
})
export type Team = z.infer<typeof Team>
export const TeamCreate = z.object({ name: z.string().trim().min(2).max(100), leadId: z.uuid().nullable().optional() })
export type TeamCreate = z.infer<typeof TeamCreate>
export const TeamPatch = TeamCreate.partial().refine((v) => Object.keys(v).length > 0, 'at least one field')
export type TeamPatch = z.infer<typeof TeamPatch>

export const Shift = z.object({
  id: z.uuid(),
  userId: z.uuid(),
  userName: z.string(),
  startsAt: z.number().int(),
  endsAt: z.number().int(),
})
export type Shift = z.infer<typeof Shift>
export const ShiftCreate = z
  .object({ userId: z.uuid(), startsAt: z.number().int().min(0), endsAt: z.number().int().min(0) })
  .refine((v) => v.endsAt > v.startsAt, { path: ['endsAt'], message: 'must be after startsAt' })
  .refine((v) => v.endsAt - v.startsAt <= 31 * 86_400_000, {
    path: ['endsAt'],
    message: 'a shift lasts at most 31 days',
  })
export type ShiftCreate = z.infer<typeof ShiftCreate>
export const ShiftQuery = z.object({
  from: z.coerce.number().int().min(0).optional(),
  to: z.coerce.number().int().min(0).optional(),
})
