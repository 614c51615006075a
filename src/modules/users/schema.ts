import { z } from 'zod'

export const StaffRole = z.enum(['admin', 'technician', 'billing'])
export type StaffRole = z.infer<typeof StaffRole>
export const Role = z.enum(['admin', 'technician', 'billing', 'contact'])
export type Role = z.infer<typeof Role>
export const Locale = z.enum(['nl', 'en'])
export type Locale = z.infer<typeof Locale>

export const Password = z.string().min(10, 'at least 10 characters').max(200)

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/

/** A technician's working hours: mail that is not urgent waits for them. Public holidays follow the MSP's calendar. */
export const WorkHours = z.object({
  timeZone: z.string().min(1).max(64),
  hours: z
    .array(
      z.object({
        day: z.number().int().min(1).max(7),
        from: z.string().regex(HHMM, 'a local time HH:MM'),
        to: z.string().regex(HHMM, 'a local time HH:MM (24:00 for midnight)'),
      }),
    )
    .max(50),
})
export type WorkHours = z.infer<typeof WorkHours>

export const User = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  role: Role,
  customerId: z.uuid().nullable(),
  contactId: z.uuid().nullable(),
  locale: Locale,
  active: z.boolean(),
  totpEnabled: z.boolean(),
  /** false while an invited user has not yet chosen a password */
  hasPassword: z.boolean(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
  lastLoginAt: z.number().int().nullable(),
  /** Staff: their working hours, or null for the MSP's business hours. */
  workHours: WorkHours.nullable(),
})
export type User = z.infer<typeof User>

export const UserCreate = z.object({
  email: z.email().max(320),
  name: z.string().trim().min(2).max(200),
  role: StaffRole,
  locale: Locale.default('nl'),
  /** Without a password the user gets an invitation mail to choose one. */
  password: Password.optional(),
})
export type UserCreate = z.infer<typeof UserCreate>

export const UserPatch = z
  .object({
    name: z.string().trim().min(2).max(200),
    role: StaffRole,
    locale: Locale,
    active: z.boolean(),
    workHours: WorkHours.nullable(),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'at least one field')
export type UserPatch = z.infer<typeof UserPatch>

export const UserListQuery = z.object({
  kind: z.enum(['staff', 'contact', 'all']).default('staff'),
  q: z.string().trim().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(100),
  cursor: z.string().max(500).optional(),
})
export const UserPage = z.object({ items: z.array(User), nextCursor: z.string().nullable() })

export const Me = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string(),
  role: Role,
  kind: z.enum(['staff', 'contact']),
  customerId: z.uuid().nullable(),
  customerName: z.string().nullable(),
  /** A portal user who is its customer's key contact (sees the SLA reports). */
  keyContact: z.boolean(),
  locale: Locale,
  totpEnabled: z.boolean(),
  /** Staff must enrol in two-factor sign-in before they can do anything else. */
  totpEnrolmentRequired: z.boolean(),
  /** Present when signed in with the session cookie: send it as X-CSRF-Token on state-changing requests. */
  csrfToken: z.string().nullable(),
})
export type Me = z.infer<typeof Me>

export const MePatch = z
  .object({ name: z.string().trim().min(2).max(200), locale: Locale })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'at least one field')

export const PasswordChange = z.object({ currentPassword: z.string().min(1).max(200), newPassword: Password })

export const TotpSetup = z.object({ secret: z.string(), otpauthUrl: z.string(), qrDataUrl: z.string() })
export const TotpCode = z.object({ code: z.string().regex(/^\d{6}$/, 'six digits') })
export const TotpDisable = z.object({ password: z.string().min(1).max(200) })

export const ApiToken = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string(),
  createdAt: z.number().int(),
  lastUsedAt: z.number().int().nullable(),
  revokedAt: z.number().int().nullable(),
})
export type ApiToken = z.infer<typeof ApiToken>
export const ApiTokenCreate = z.object({ name: z.string().trim().min(1).max(100) })
export const ApiTokenCreated = ApiToken.extend({ token: z.string() })

export const Session = z.object({
  id: z.string(),
  createdAt: z.number().int(),
  lastSeenAt: z.number().int(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  current: z.boolean(),
})

export const Login = z.object({
  email: z.email().max(320),
  password: z.string().min(1).max(200),
  totp: z
    .string()
    .regex(/^\d{6}$/, 'six digits')
    .optional(),
})
export const LoginResult = z.object({ user: Me, csrfToken: z.string() })

export const SetupStatus = z.object({ needed: z.boolean() })

export const Invitation = z.object({ email: z.string(), name: z.string(), customerName: z.string().nullable() })
export const InvitationAccept = z.object({ password: Password, name: z.string().trim().min(2).max(200).optional() })
