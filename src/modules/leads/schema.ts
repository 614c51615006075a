// Requests for advice and quotes (leads) and the quotes made for them: the shapes the API speaks, shared with the
// web app (zod only).
import { z } from 'zod'
import { ASSET_CLASSES } from '../assets/classes.js'
import { CostLine, PlanServices } from '../contracts/schema.js'
import { PriorityPolicy } from '../sla/clock.js'

export const LEAD_STATUSES = ['new', 'contacted', 'quoted', 'won', 'lost'] as const
export type LeadStatus = (typeof LEAD_STATUSES)[number]

const Locale = z.enum(['nl', 'en'])
const Count = z.number().int('a whole number').min(0, 'must not be negative').max(100_000, 'at most 100000')
const Text = (min: number, max: number) => z.string().trim().min(min).max(max)

/** What the public form sends. `website` is a field people never see: whoever fills it is a bot. */
export const LeadSubmit = z.object({
  company: Text(2, 200),
  name: Text(2, 200),
  email: z.email().max(320),
  phone: z
    .string()
    .trim()
    .max(50)
    .transform((v) => (v === '' ? null : v))
    .nullable()
    .optional(),
  servers: Count.nullable().optional(),
  workstations: Count.nullable().optional(),
  question: Text(1, 10_000),
  locale: Locale.optional(),
  website: z.string().max(2_000).optional(),
})
export type LeadSubmit = z.infer<typeof LeadSubmit>

export const LeadAccepted = z.object({ id: z.uuid(), status: z.literal('received') })
export type LeadAccepted = z.infer<typeof LeadAccepted>

export const Lead = z.object({
  id: z.uuid(),
  company: z.string(),
  name: z.string(),
  email: z.string(),
  phone: z.string().nullable(),
  servers: z.number().int().nullable(),
  workstations: z.number().int().nullable(),
  question: z.string(),
  locale: Locale,
  status: z.enum(LEAD_STATUSES),
  notes: z.string().nullable(),
  /** Set once the lead became a customer. */
  customerId: z.uuid().nullable(),
  /** The draft contract made on conversion. */
  contractId: z.uuid().nullable(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
})
export type Lead = z.infer<typeof Lead>

export const QuoteSummary = z.object({
  id: z.uuid(),
  number: z.string(),
  planId: z.uuid(),
  planName: z.string(),
  currency: z.string(),
  totalCents: z.number().int(),
  date: z.string(),
  validUntil: z.string(),
  createdAt: z.number().int(),
})
export type QuoteSummary = z.infer<typeof QuoteSummary>

export const LeadDetail = Lead.extend({ quotes: z.array(QuoteSummary) })
export type LeadDetail = z.infer<typeof LeadDetail>

export const LeadListQuery = z.object({
  status: z.enum(LEAD_STATUSES).optional(),
  /** Searches company, name and e-mail. */
  q: z.string().trim().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
})
export type LeadListQuery = z.infer<typeof LeadListQuery>

export const LeadPage = z.object({ items: z.array(Lead), nextCursor: z.string().nullable() })
export type LeadPage = z.infer<typeof LeadPage>

export const LeadPatch = z
  .object({
    status: z.enum(LEAD_STATUSES),
    notes: z
      .string()
      .trim()
      .max(10_000)
      .transform((v) => (v === '' ? null : v))
      .nullable(),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'at least one field')
export type LeadPatch = z.infer<typeof LeadPatch>

/** Active assets per class to quote for; an unknown class is refused, not ignored. */
export const QuoteCounts = z.strictObject(
  Object.fromEntries(ASSET_CLASSES.map((c) => [c, Count.optional()])) as Record<
    (typeof ASSET_CLASSES)[number],
    z.ZodOptional<typeof Count>
  >,
)
export type QuoteCounts = z.infer<typeof QuoteCounts>

/** Servers and workstations default to the numbers the prospect stated on the form. */
export const QuoteCreate = z.object({
  planId: z.uuid(),
  counts: QuoteCounts.default({}),
  validDays: z.number().int().min(1).max(365).default(30),
})
export type QuoteCreate = z.infer<typeof QuoteCreate>

/** The plan as quoted: what the PDF shows, kept as it was on the day of the quote. */
export const QuotedPlan = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string(),
  services: PlanServices,
  serviceDiscountPercent: z.number(),
  priorities: z.object({
    P1: PriorityPolicy,
    P2: PriorityPolicy,
    P3: PriorityPolicy,
    P4: PriorityPolicy,
    P5: PriorityPolicy,
  }),
})
export type QuotedPlan = z.infer<typeof QuotedPlan>

export const Quote = z.object({
  id: z.uuid(),
  leadId: z.uuid(),
  number: z.string(),
  locale: Locale,
  /** The day the quote was made and the last day it holds (YYYY-MM-DD, the MSP's time zone). */
  date: z.string(),
  validUntil: z.string(),
  plan: QuotedPlan,
  counts: z.partialRecord(z.enum(ASSET_CLASSES), z.number().int()),
  currency: z.string(),
  lines: z.array(CostLine),
  subtotalCents: z.number().int(),
  monthlyDiscountPercent: z.number(),
  discountCents: z.number().int(),
  netCents: z.number().int(),
  vatPercent: z.number(),
  vatCents: z.number().int(),
  totalCents: z.number().int(),
  /** Where the PDF is. */
  pdf: z.string(),
  createdAt: z.number().int(),
})
export type Quote = z.infer<typeof Quote>

export const LeadConvert = z.object({
  /** Default: the plan of the lead's latest quote. */
  planId: z.uuid().optional(),
  /** Default: today in the MSP's time zone. */
  startDate: z.iso.date('a date YYYY-MM-DD').optional(),
})
export type LeadConvert = z.infer<typeof LeadConvert>

export const LeadConverted = z.object({
  lead: Lead,
  customerId: z.uuid(),
  contactId: z.uuid(),
  contractId: z.uuid(),
})
export type LeadConverted = z.infer<typeof LeadConverted>
