import { z } from 'zod'
import { Locale, Password } from '../users/schema.js'

const timeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz })
    return true
  } catch {
    return false
  }
}, 'an IANA time zone such as Europe/Amsterdam')

/** A PNG, JPEG, SVG or WebP image as a data URL, at most about 256 kB. */
export const LogoDataUrl = z
  .string()
  .max(350_000, 'at most 256 kB')
  .regex(/^data:image\/(png|jpeg|svg\+xml|webp);base64,[A-Za-z0-9+/=]+$/, 'a PNG, JPEG, SVG or WebP image')

export const Company = z.object({
  name: z.string().trim().min(2).max(200),
  address: z.string().trim().max(300).default(''),
  postalCode: z.string().trim().max(20).default(''),
  city: z.string().trim().max(100).default(''),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .default('NL'),
  vatNumber: z.string().trim().max(30).default(''),
  email: z.union([z.email(), z.literal('')]).default(''),
  phone: z.string().trim().max(50).default(''),
  logo: LogoDataUrl.nullable().default(null),
  defaultLocale: Locale.default('nl'),
  timeZone: timeZone.default('Europe/Amsterdam'),
})
export type Company = z.infer<typeof Company>

export const Security = z.object({ requireStaffTotp: z.boolean().default(false) })
export type Security = z.infer<typeof Security>

export const Settings = z.object({ company: Company, security: Security })
export type Settings = z.infer<typeof Settings>

export const SettingsPatch = z
  .object({ company: Company.partial(), security: Security.partial() })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'at least one field')
export type SettingsPatch = z.infer<typeof SettingsPatch>

/** What the sign-in page may show to anyone. */
export const Branding = z.object({ name: z.string(), logo: z.string().nullable(), defaultLocale: Locale })

export const SetupInput = z.object({
  token: z.string().min(10).max(200),
  admin: z.object({ name: z.string().trim().min(2).max(200), email: z.email().max(320), password: Password }),
  company: Company,
})
export type SetupInput = z.infer<typeof SetupInput>
