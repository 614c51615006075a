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

/** What the monthly cost of a contract is billed with; VAT in percent with at most two decimals. */
const BillingFields = z.object({
  vatPercent: z
    .number()
    .min(0)
    .max(100)
    .refine((v) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-6, 'at most two decimals'),
  currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 currency code such as EUR'),
})
export const Billing = z.object({
  vatPercent: BillingFields.shape.vatPercent.default(21),
  currency: BillingFields.shape.currency.default('EUR'),
})
export type Billing = z.infer<typeof Billing>

export const Settings = z.object({ company: Company, security: Security, billing: Billing.prefault({}) })
export type Settings = z.infer<typeof Settings>

/**
 * A patch names only what changes. zod's .partial() keeps .default(): an absent field would come back as its default
 * and the merge would blank it (a new phone number wiping the address). So the patch takes the fields without them.
 */
function withoutDefaults<T extends z.ZodRawShape>(shape: T) {
  return z.object(
    Object.fromEntries(
      Object.entries(shape).map(([key, field]) => [key, field instanceof z.ZodDefault ? field.unwrap() : field]),
    ) as { [K in keyof T]: T[K] extends z.ZodDefault<infer U> ? U : T[K] },
  )
}

export const SettingsPatch = z
  .object({
    company: withoutDefaults(Company.shape).partial(),
    security: withoutDefaults(Security.shape).partial(),
    billing: BillingFields.partial(),
  })
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
