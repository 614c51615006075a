// The monthly cost of an SLA contract. Pure: no I/O, no clock; the date is an argument.
//
// Money is integer cents and percentages are turned into integer hundredths of a percent (basis points) before any
// arithmetic, so that every amount is computed exactly and rounded once, where an invoice would round it:
// - each line is quantity × unit price (integers, exact);
// - the discount is rounded half up on the subtotal, and never exceeds it;
// - VAT is rounded half up on the net amount (subtotal − discount), as one VAT line on an invoice;
// - indexation: from each anniversary of the start date every price (the base fee and each unit price) is
//   multiplied by (1 + p/100) once more and rounded half up to cents; the next year indexes that rounded price, as
//   a price list published each year would.
// Cost: O(number of asset classes) per computation, plus O(years) for indexation.
import { ASSET_CLASSES, type AssetClass, type AssetCounts } from '../assets/classes.js'
import type { PriceModel } from './schema.js'

export type CostLine =
  | { kind: 'base'; amountCents: number }
  | { kind: 'assets'; class: AssetClass; quantity: number; unitCents: number; amountCents: number }

export interface MonthlyCost {
  currency: string
  lines: CostLine[]
  /** Sum of the line amounts. */
  subtotalCents: number
  monthlyDiscountPercent: number
  discountCents: number
  /** subtotalCents − discountCents. */
  netCents: number
  vatPercent: number
  vatCents: number
  /** netCents + vatCents. */
  totalCents: number
}

export interface CostInput {
  /** The effective price model on the date: the plan with the contract's overrides, indexed (see priceModelOn). */
  model: PriceModel
  counts: AssetCounts
  monthlyDiscountPercent: number
  vatPercent: number
  currency: string
}

/** A percentage with at most two decimals as integer hundredths of a percent: 21 → 2100, 2.5 → 250. */
export function basisPoints(percent: number): number {
  return Math.round(percent * 100)
}

/**
 * round-half-up(a × b / d) for integers a ≥ 0, b ≥ 0, d > 0, exactly (BigInt: a × b may pass 2^53).
 * @throws RangeError for negative or fractional input: a caller's mistake, never a customer's.
 */
export function mulDivHalfUp(a: number, b: number, d: number): number {
  if (!Number.isSafeInteger(a) || !Number.isSafeInteger(b) || !Number.isSafeInteger(d) || a < 0 || b < 0 || d <= 0) {
    throw new RangeError(`mulDivHalfUp needs whole numbers a, b ≥ 0 and d > 0, got ${a}, ${b}, ${d}`)
  }
  const n = BigInt(a) * BigInt(b)
  const div = BigInt(d)
  // Half up for non-negative values: floor((2n + d) / 2d).
  return Number((2n * n + div) / (2n * div))
}

/** `basisPoints` per 10,000 of `cents`, rounded half up. */
export function percentOfCents(cents: number, points: number): number {
  return mulDivHalfUp(cents, points, 10_000)
}

const parse = (date: string): [number, number, number] => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date)
  if (!m) {
    throw new RangeError(`not a date YYYY-MM-DD: ${date}`)
  }
  return [Number(m[1]), Number(m[2]), Number(m[3])]
}

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0

/**
 * How many anniversaries of `startDate` fall in (startDate, date]. A contract started on 29 February has its
 * anniversary on 28 February in other years (the last day of its month). 0 for a date before the start.
 */
export function anniversariesOn(startDate: string, date: string): number {
  const [sy, sm, sd] = parse(startDate)
  const [y, m, d] = parse(date)
  let years = y - sy
  if (years <= 0) {
    return 0
  }
  const anniversaryDay = sm === 2 && sd === 29 && !isLeap(y) ? 28 : sd
  if (m < sm || (m === sm && d < anniversaryDay)) {
    years -= 1
  }
  return years
}

/** The prices after `years` yearly indexations of `points` basis points (≥ −10,000), each rounded half up. */
export function indexModel(model: PriceModel, points: number, years: number): PriceModel {
  if (years <= 0 || points === 0) {
    return model
  }
  const factor = 10_000 + points
  const step = (cents: number) => {
    let v = cents
    for (let i = 0; i < years; i++) {
      v = mulDivHalfUp(v, factor, 10_000)
    }
    return v
  }
  const unitPricesCents = { ...model.unitPricesCents }
  for (const c of ASSET_CLASSES) {
    unitPricesCents[c] = step(model.unitPricesCents[c])
  }
  return { ...model, baseFeeCents: step(model.baseFeeCents), unitPricesCents }
}

/** The price model as it applies on `date` to a contract started on `startDate` with this yearly indexation. */
export function priceModelOn(
  model: PriceModel,
  indexationPercent: number,
  startDate: string,
  date: string,
): PriceModel {
  return indexModel(model, basisPoints(indexationPercent), anniversariesOn(startDate, date))
}

/** The monthly cost: the base fee, one line per asset class present, the discount and VAT. */
export function monthlyCost(input: CostInput): MonthlyCost {
  const { model, counts } = input
  const lines: CostLine[] = [{ kind: 'base', amountCents: model.baseFeeCents }]
  let subtotalCents = model.baseFeeCents
  for (const c of ASSET_CLASSES) {
    const quantity = counts[c] ?? 0
    if (quantity > 0) {
      const unitCents = model.unitPricesCents[c]
      const amountCents = quantity * unitCents
      lines.push({ kind: 'assets', class: c, quantity, unitCents, amountCents })
      subtotalCents += amountCents
    }
  }
  const discountCents = Math.min(
    subtotalCents,
    percentOfCents(subtotalCents, basisPoints(input.monthlyDiscountPercent)),
  )
  const netCents = subtotalCents - discountCents
  const vatCents = percentOfCents(netCents, basisPoints(input.vatPercent))
  return {
    currency: input.currency,
    lines,
    subtotalCents,
    monthlyDiscountPercent: input.monthlyDiscountPercent,
    discountCents,
    netCents,
    vatPercent: input.vatPercent,
    vatCents,
    totalCents: netCents + vatCents,
  }
}

/** The classes whose count differs between two days, in the order of ASSET_CLASSES. */
export function countChanges(from: AssetCounts, to: AssetCounts): { class: AssetClass; from: number; to: number }[] {
  return ASSET_CLASSES.flatMap((c) => {
    const a = from[c] ?? 0
    const b = to[c] ?? 0
    return a === b ? [] : [{ class: c, from: a, to: b }]
  })
}
