// SLA plans, contracts and the monthly cost: the shapes the API speaks, shared with the web app (zod only).
import { z } from 'zod'
import { ASSET_CLASSES, type AssetClass } from '../assets/classes.js'
import { SlaPolicy } from '../sla/clock.js'

/** Whole cents, never negative; a monthly price above a million is a typing mistake. */
export const Cents = z
  .number({ error: 'an amount in whole cents' })
  .int('an amount in whole cents')
  .min(0, 'must not be negative')
  .max(100_000_000, 'at most 100,000,000 cents')

// Percentages are computed as integer hundredths (see price.ts): more decimals would be rounded away silently.
const twoDecimals = (v: number) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-6
export const Percent = z
  .number({ error: 'a percentage' })
  .min(0, 'must not be negative')
  .max(100, 'at most 100')
  .refine(twoDecimals, 'at most two decimals')
/** Yearly indexation may be negative (prices follow an index down too), never below −100 %. */
export const IndexationPercent = z
  .number({ error: 'a percentage' })
  .min(-100, 'at least -100')
  .max(100, 'at most 100')
  .refine(twoDecimals, 'at most two decimals')

export const IsoDate = z.iso.date('a date YYYY-MM-DD')

/** A monthly price per asset class; an unknown class is refused, not ignored. */
export const UnitPrices = z.strictObject({
  server: Cents,
  workstation: Cents,
  laptop: Cents,
  network: Cents,
  ups: Cents,
  'backup-system': Cents,
  printer: Cents,
  other: Cents,
})
export type UnitPrices = z.infer<typeof UnitPrices>
// The unit prices name exactly the asset classes: a new class must get a price here too.
type SameKeys<A, B> = [keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : false) : false
const unitPricesCoverClasses: SameKeys<UnitPrices, Record<AssetClass, number>> = true
void unitPricesCoverClasses

/** What the plan includes beyond the clocks. */
export const PlanServices = z.strictObject({
  backupChecks: z.boolean(),
  upsChecks: z.boolean(),
  /** 4 = quarterly. */
  preventiveMaintenancePerYear: z.number().int().min(0).max(52),
  onsiteVisitsPerYear: z.number().int().min(0).max(365),
  remoteHelp: z.boolean(),
  patchManagement: z.boolean(),
  documentation: z.boolean(),
})
export type PlanServices = z.infer<typeof PlanServices>

export const PriceModel = z.strictObject({
  /** Per month. */
  baseFeeCents: Cents,
  /** Per active asset per month. */
  unitPricesCents: UnitPrices,
  /** Discount on training, consulting and installation work for customers with this SLA (used by billing). */
  serviceDiscountPercent: Percent,
})
export type PriceModel = z.infer<typeof PriceModel>

// Plans ------------------------------------------------------------------------------------------------

export const Plan = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string(),
  active: z.boolean(),
  policy: SlaPolicy,
  services: PlanServices,
  price: PriceModel,
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
})
export type Plan = z.infer<typeof Plan>

export const PlanList = z.object({ items: z.array(Plan) })
export type PlanList = z.infer<typeof PlanList>

export const PlanListQuery = z.object({ status: z.enum(['active', 'inactive', 'all']).default('all') })
export type PlanListQuery = z.infer<typeof PlanListQuery>

const PlanName = z.string().trim().min(2).max(100)
const PlanDescription = z.string().trim().max(4000)

export const PlanCreate = z.object({
  name: PlanName,
  description: PlanDescription.default(''),
  active: z.boolean().default(true),
  policy: SlaPolicy,
  services: PlanServices,
  price: PriceModel,
})
export type PlanCreate = z.infer<typeof PlanCreate>

/** Nested objects are merged: { price: { unitPricesCents: { server: 9500 } } } changes one price. The policy is whole. */
export const PlanPatch = z
  .object({
    name: PlanName,
    description: PlanDescription,
    active: z.boolean(),
    policy: SlaPolicy,
    services: PlanServices.partial(),
    price: z.strictObject({
      baseFeeCents: Cents.optional(),
      unitPricesCents: UnitPrices.partial().optional(),
      serviceDiscountPercent: Percent.optional(),
    }),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'at least one field')
export type PlanPatch = z.infer<typeof PlanPatch>

// Contracts --------------------------------------------------------------------------------------------

/** A contract's own deviations from its plan, merged over it (a missing key: the plan's value). */
export const ContractOverrides = z.strictObject({
  policy: SlaPolicy.optional(),
  services: PlanServices.partial().optional(),
  baseFeeCents: Cents.optional(),
  unitPricesCents: UnitPrices.partial().optional(),
  serviceDiscountPercent: Percent.optional(),
})
export type ContractOverrides = z.infer<typeof ContractOverrides>

export const CONTRACT_STATUSES = ['draft', 'active', 'ended'] as const
export type ContractStatus = (typeof CONTRACT_STATUSES)[number]

const contractFields = {
  planId: z.uuid(),
  startDate: IsoDate,
  termMonths: z.number().int().min(1).max(120),
  noticeMonths: z.number().int().min(0).max(24),
  /** From each anniversary of startDate the prices are multiplied by (1 + p/100) once more. */
  indexationPercent: IndexationPercent,
  /** A negotiated discount on the monthly fee. */
  monthlyDiscountPercent: Percent,
  overrides: ContractOverrides,
}

export const ContractCreate = z.object({
  ...contractFields,
  termMonths: contractFields.termMonths.default(12),
  noticeMonths: contractFields.noticeMonths.default(3),
  indexationPercent: contractFields.indexationPercent.default(0),
  monthlyDiscountPercent: contractFields.monthlyDiscountPercent.default(0),
  overrides: contractFields.overrides.default({}),
})
export type ContractCreate = z.infer<typeof ContractCreate>

/**
 * Changes the terms, or the status: {status:'active'} activates a draft (409 while another contract is active,
 * unless replace:true ends that one the day before this one starts); {status:'ended', endDate?} ends an active
 * contract (endDate defaults to today).
 */
export const ContractPatch = z
  .object({
    ...contractFields,
    status: z.enum(['active', 'ended']),
    replace: z.boolean(),
    endDate: IsoDate,
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'at least one field')
  .refine((v) => v.endDate === undefined || v.status === 'ended', {
    message: 'endDate goes with status ended',
    path: ['endDate'],
  })
  .refine((v) => v.replace === undefined || v.status === 'active', {
    message: 'replace goes with status active',
    path: ['replace'],
  })
export type ContractPatch = z.infer<typeof ContractPatch>

/** The plan's terms with the contract's overrides merged in, before indexation. */
export const ContractTerms = z.object({ policy: SlaPolicy, services: PlanServices, price: PriceModel })
export type ContractTerms = z.infer<typeof ContractTerms>

export const Contract = z.object({
  id: z.uuid(),
  customerId: z.uuid(),
  planId: z.uuid(),
  plan: z.object({ id: z.uuid(), name: z.string(), description: z.string() }),
  status: z.enum(CONTRACT_STATUSES),
  startDate: z.string(),
  endDate: z.string().nullable(),
  termMonths: z.number().int(),
  noticeMonths: z.number().int(),
  indexationPercent: z.number(),
  monthlyDiscountPercent: z.number(),
  overrides: ContractOverrides,
  terms: ContractTerms,
  document: z.object({ filename: z.string(), size: z.number().int(), uploadedAt: z.number().int() }).nullable(),
  activatedAt: z.number().int().nullable(),
  endedAt: z.number().int().nullable(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
})
export type Contract = z.infer<typeof Contract>

export const ContractList = z.object({ items: z.array(Contract) })
export type ContractList = z.infer<typeof ContractList>

export const DocumentUpload = z.object({
  filename: z
    .string()
    .trim()
    .min(1)
    .max(255)
    .regex(/^[^/\\\0]+$/, 'a file name without path')
    .optional(),
})

// The monthly cost -------------------------------------------------------------------------------------

export const CostLine = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('base'), label: z.string(), amountCents: z.number().int() }),
  z.object({
    kind: z.literal('assets'),
    class: z.enum(ASSET_CLASSES),
    label: z.string(),
    quantity: z.number().int(),
    unitCents: z.number().int(),
    amountCents: z.number().int(),
  }),
])
export type CostLine = z.infer<typeof CostLine>

export const AssetCountsView = z.partialRecord(z.enum(ASSET_CLASSES), z.number().int())

/** The cost of one month as it stands on `date`; contract null (and no lines) when no contract applies then. */
export const CostMonth = z.object({
  date: z.string(),
  contract: z
    .object({
      id: z.uuid(),
      planId: z.uuid(),
      planName: z.string(),
      status: z.enum(CONTRACT_STATUSES),
      startDate: z.string(),
      endDate: z.string().nullable(),
    })
    .nullable(),
  currency: z.string(),
  lines: z.array(CostLine),
  /** Active assets per class on the date, whether or not a contract applies. */
  counts: AssetCountsView,
  subtotalCents: z.number().int(),
  monthlyDiscountPercent: z.number(),
  discountCents: z.number().int(),
  netCents: z.number().int(),
  vatPercent: z.number(),
  vatCents: z.number().int(),
  totalCents: z.number().int(),
})
export type CostMonth = z.infer<typeof CostMonth>

/** This month against the same day a month earlier: a change of infrastructure shows in both. */
export const Cost = CostMonth.extend({
  previous: CostMonth,
  changes: z.array(z.object({ class: z.enum(ASSET_CLASSES), from: z.number().int(), to: z.number().int() })),
})
export type Cost = z.infer<typeof Cost>

export const CostQuery = z.object({ date: IsoDate.optional() })
