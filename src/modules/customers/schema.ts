import { z } from 'zod'

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((v) => (v === '' ? null : v))
    .nullable()
    .optional()

export const Customer = z.object({
  id: z.uuid(),
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  address: z.string().nullable(),
  postalCode: z.string().nullable(),
  city: z.string().nullable(),
  country: z.string(),
  vatNumber: z.string().nullable(),
  /** The staff member who looks after this customer. */
  technicianId: z.uuid().nullable(),
  notes: z.string().nullable(),
  keyContact: z.object({ id: z.uuid(), name: z.string(), email: z.string() }).nullable(),
  contactCount: z.number().int(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
  archivedAt: z.number().int().nullable(),
})
export type Customer = z.infer<typeof Customer>

export const CustomerCreate = z.object({
  name: z.string().trim().min(2).max(200),
  email: z
    .email()
    .max(320)
    .nullable()
    .optional()
    .or(z.literal('').transform(() => null)),
  phone: optionalText(50),
  address: optionalText(300),
  postalCode: optionalText(20),
  city: optionalText(100),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, 'an ISO 3166 country code such as NL')
    .default('NL'),
  vatNumber: optionalText(30),
  technicianId: z.uuid().nullable().optional(),
  notes: optionalText(10_000),
})
export type CustomerCreate = z.infer<typeof CustomerCreate>

export const CustomerPatch = CustomerCreate.partial()
  .extend({ archived: z.boolean().optional() })
  .refine((v) => Object.keys(v).length > 0, 'at least one field')
export type CustomerPatch = z.infer<typeof CustomerPatch>

export const CustomerListQuery = z.object({
  q: z.string().trim().max(200).optional(),
  archived: z.enum(['exclude', 'include', 'only']).default('exclude'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
})
export type CustomerListQuery = z.infer<typeof CustomerListQuery>

export const Page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() })

export const CustomerPage = Page(Customer)
export type CustomerPage = z.infer<typeof CustomerPage>

export const Contact = z.object({
  id: z.uuid(),
  customerId: z.uuid(),
  name: z.string(),
  email: z.string(),
  phone: z.string().nullable(),
  keyContact: z.boolean(),
  portal: z.enum(['none', 'invited', 'active', 'disabled']),
  invitedAt: z.number().int().nullable(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
  archivedAt: z.number().int().nullable(),
})
export type Contact = z.infer<typeof Contact>

export const ContactCreate = z.object({
  name: z.string().trim().min(2).max(200),
  email: z.email().max(320),
  phone: optionalText(50),
  keyContact: z.boolean().optional(),
})
export type ContactCreate = z.infer<typeof ContactCreate>

export const ContactPatch = z
  .object({
    name: z.string().trim().min(2).max(200),
    email: z.email().max(320),
    phone: optionalText(50),
    keyContact: z.literal(true, { error: 'the key-contact role moves by making another contact the key contact' }),
    archived: z.boolean(),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'at least one field')
export type ContactPatch = z.infer<typeof ContactPatch>

export const ContactList = z.object({ items: z.array(Contact) })
