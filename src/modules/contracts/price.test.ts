import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ASSET_CLASSES, type AssetCounts } from '../assets/classes.js'
import { defaultPolicy } from '../sla/clock.js'
import {
  anniversariesOn,
  countChanges,
  indexModel,
  monthlyCost,
  mulDivHalfUp,
  priceModelOn,
  type CostInput,
} from './price.js'
import type { PriceModel, UnitPrices } from './schema.js'
import { effectiveTerms } from './terms.js'

const prices = (over: Partial<UnitPrices> = {}): UnitPrices => ({
  server: 0,
  workstation: 0,
  laptop: 0,
  network: 0,
  ups: 0,
  'backup-system': 0,
  printer: 0,
  other: 0,
  ...over,
})
const model = (baseFeeCents: number, over: Partial<UnitPrices> = {}): PriceModel => ({
  baseFeeCents,
  unitPricesCents: prices(over),
  serviceDiscountPercent: 10,
})

// Arbitraries: prices up to €10,000, counts up to 500 per class, percentages with at most two decimals.
const cents = fc.integer({ min: 0, max: 1_000_000 })
const arbModel: fc.Arbitrary<PriceModel> = fc.record({
  baseFeeCents: cents,
  unitPricesCents: fc.record(
    Object.fromEntries(ASSET_CLASSES.map((c) => [c, cents])) as Record<keyof UnitPrices, fc.Arbitrary<number>>,
  ),
  serviceDiscountPercent: fc.integer({ min: 0, max: 10_000 }).map((h) => h / 100),
})
const arbCounts: fc.Arbitrary<AssetCounts> = fc.record(
  Object.fromEntries(ASSET_CLASSES.map((c) => [c, fc.integer({ min: 0, max: 500 })])) as Record<
    keyof UnitPrices,
    fc.Arbitrary<number>
  >,
  { requiredKeys: [] },
)
/** A percentage as hundredths (the exact value) and as the number a client sends. */
const arbPercent = fc.integer({ min: 0, max: 10_000 }).map((hundredths) => ({ hundredths, percent: hundredths / 100 }))
const arbInput = fc.record({
  model: arbModel,
  counts: arbCounts,
  discount: arbPercent,
  vat: arbPercent,
})
const toInput = (x: {
  model: PriceModel
  counts: AssetCounts
  discount: { percent: number }
  vat: { percent: number }
}) =>
  ({
    model: x.model,
    counts: x.counts,
    monthlyDiscountPercent: x.discount.percent,
    vatPercent: x.vat.percent,
    currency: 'EUR',
  }) satisfies CostInput

/**
 * Half-up rounding checked against the exact rational value amount × hundredths / 10,000: the rounded result r
 * satisfies exact − ½ < r ≤ exact + ½, i.e. −5,000 < r·10,000 − amount·hundredths ≤ 5,000, in integers.
 */
function expectHalfUp(rounded: number, amount: number, hundredths: number): void {
  const diff = BigInt(rounded) * 10_000n - BigInt(amount) * BigInt(hundredths)
  expect(diff > -5_000n && diff <= 5_000n, `${rounded} for ${amount} × ${hundredths}/10000`).toBe(true)
}

describe('monthly cost', () => {
  it('adds the base fee and a line per class, then the discount and VAT on the net', () => {
    const cost = monthlyCost({
      model: model(5_000, { workstation: 2_500, server: 7_500 }),
      counts: { workstation: 12, server: 2, printer: 0 },
      monthlyDiscountPercent: 5,
      vatPercent: 21,
      currency: 'EUR',
    })
    expect(cost.lines).toEqual([
      { kind: 'base', amountCents: 5_000 },
      { kind: 'assets', class: 'server', quantity: 2, unitCents: 7_500, amountCents: 15_000 },
      { kind: 'assets', class: 'workstation', quantity: 12, unitCents: 2_500, amountCents: 30_000 },
    ])
    expect(cost).toMatchObject({
      subtotalCents: 50_000,
      discountCents: 2_500,
      netCents: 47_500,
      vatPercent: 21,
      vatCents: 9_975,
      totalCents: 57_475,
      currency: 'EUR',
    })
  })

  it.each([
    // subtotal, discount %, expected discount, expected VAT at 21 %
    [10, 25, 3, 1], // 2.5 → 3; VAT on 7: 1.47 → 1
    [50, 0, 0, 11], // VAT 10.5 → 11 (half up)
    [1_999, 12.5, 250, 367], // 249.875 → 250; VAT on 1,749: 367.29 → 367
    [100, 100, 100, 0],
    [0, 50, 0, 0],
  ])(
    'rounds half up: subtotal %i with a discount of %d percent',
    (subtotal, discount, expectedDiscount, expectedVat) => {
      const cost = monthlyCost({
        model: model(subtotal),
        counts: {},
        monthlyDiscountPercent: discount,
        vatPercent: 21,
        currency: 'EUR',
      })
      expect(cost.discountCents).toBe(expectedDiscount)
      expect(cost.vatCents).toBe(expectedVat)
    },
  )

  it('shows an asset class that is included at no charge, and leaves absent classes out', () => {
    const cost = monthlyCost({
      model: model(1_000, { ups: 0 }),
      counts: { ups: 3, laptop: 0 },
      monthlyDiscountPercent: 0,
      vatPercent: 21,
      currency: 'EUR',
    })
    expect(cost.lines).toEqual([
      { kind: 'base', amountCents: 1_000 },
      { kind: 'assets', class: 'ups', quantity: 3, unitCents: 0, amountCents: 0 },
    ])
  })

  it('property: total = net + VAT, net = subtotal − discount, subtotal = sum of the lines, line = quantity × unit', () => {
    fc.assert(
      fc.property(arbInput, (x) => {
        const cost = monthlyCost(toInput(x))
        expect(cost.totalCents).toBe(cost.netCents + cost.vatCents)
        expect(cost.netCents).toBe(cost.subtotalCents - cost.discountCents)
        expect(cost.subtotalCents).toBe(cost.lines.reduce((sum, l) => sum + l.amountCents, 0))
        for (const line of cost.lines) {
          if (line.kind === 'assets') {
            expect(line.amountCents).toBe(line.quantity * line.unitCents)
            expect(line.quantity).toBe(x.counts[line.class])
          }
        }
        expect(Number.isInteger(cost.totalCents)).toBe(true)
      }),
    )
  })

  it('property: discount and VAT are the exact values rounded half up, and the discount never exceeds the subtotal', () => {
    fc.assert(
      fc.property(arbInput, (x) => {
        const cost = monthlyCost(toInput(x))
        expectHalfUp(cost.discountCents, cost.subtotalCents, x.discount.hundredths)
        expectHalfUp(cost.vatCents, cost.netCents, x.vat.hundredths)
        expect(cost.discountCents).toBeLessThanOrEqual(cost.subtotalCents)
        expect(cost.discountCents).toBeGreaterThanOrEqual(0)
      }),
    )
  })

  it('property: adding an asset never lowers the price', () => {
    fc.assert(
      fc.property(arbInput, fc.constantFrom(...ASSET_CLASSES), fc.integer({ min: 1, max: 50 }), (x, cls, more) => {
        const before = monthlyCost(toInput(x))
        const counts = { ...x.counts, [cls]: (x.counts[cls] ?? 0) + more }
        const after = monthlyCost(toInput({ ...x, counts }))
        expect(after.subtotalCents).toBeGreaterThanOrEqual(before.subtotalCents)
        expect(after.netCents).toBeGreaterThanOrEqual(before.netCents)
        expect(after.totalCents).toBeGreaterThanOrEqual(before.totalCents)
      }),
    )
  })

  it('names the classes whose count changed, from and to', () => {
    expect(countChanges({ workstation: 10, server: 1 }, { workstation: 12, server: 1, ups: 1 })).toEqual([
      { class: 'workstation', from: 10, to: 12 },
      { class: 'ups', from: 0, to: 1 },
    ])
    expect(countChanges({ laptop: 2 }, { laptop: 2, printer: 0 })).toEqual([])
  })
})

describe('indexation', () => {
  it.each([
    ['2026-01-15', '2026-01-15', 0],
    ['2026-01-15', '2027-01-14', 0],
    ['2026-01-15', '2027-01-15', 1],
    ['2026-01-15', '2029-06-01', 3],
    ['2026-01-15', '2025-12-31', 0],
    // A contract started on a leap day has its anniversary on 28 February in other years.
    ['2028-02-29', '2029-02-27', 0],
    ['2028-02-29', '2029-02-28', 1],
    ['2028-02-29', '2032-02-28', 3],
    ['2028-02-29', '2032-02-29', 4],
  ])('from %s to %s: %i anniversaries', (start, date, n) => {
    expect(anniversariesOn(start, date)).toBe(n)
  })

  it('indexes every price once more on each anniversary, rounding half up each year', () => {
    const base = model(1_001, { workstation: 2_500, server: 10_000 })
    // 1,001 × 1.025 = 1,026.025 → 1,026; × 1.025 = 1,051.65 → 1,052; 2,500 × 1.025 = 2,562.5 → 2,563 (half up).
    expect(priceModelOn(base, 2.5, '2026-03-01', '2027-02-28').baseFeeCents).toBe(1_001)
    expect(priceModelOn(base, 2.5, '2026-03-01', '2027-03-01')).toMatchObject({
      baseFeeCents: 1_026,
      unitPricesCents: { workstation: 2_563, server: 10_250, printer: 0 },
      serviceDiscountPercent: 10,
    })
    expect(priceModelOn(base, 2.5, '2026-03-01', '2028-03-01').baseFeeCents).toBe(1_052)
    // Downwards too: 1,001 × 0.9 = 900.9 → 901.
    expect(priceModelOn(base, -10, '2026-03-01', '2027-03-01').baseFeeCents).toBe(901)
  })

  it('property: for p ≥ 0, indexation never lowers a price, and a later year is never cheaper', () => {
    fc.assert(
      fc.property(arbModel, fc.integer({ min: 0, max: 2_000 }), fc.integer({ min: 0, max: 10 }), (m, points, years) => {
        const now = indexModel(m, points, years)
        const later = indexModel(m, points, years + 1)
        for (const [a, b, c] of [
          [m.baseFeeCents, now.baseFeeCents, later.baseFeeCents],
          ...ASSET_CLASSES.map((k) => [m.unitPricesCents[k], now.unitPricesCents[k], later.unitPricesCents[k]]),
        ] as [number, number, number][]) {
          expect(b).toBeGreaterThanOrEqual(a)
          expect(c).toBeGreaterThanOrEqual(b)
        }
      }),
    )
  })

  it('property: one year of indexation is the exact value rounded half up', () => {
    fc.assert(
      fc.property(cents, fc.integer({ min: -5_000, max: 5_000 }), (price, points) => {
        const indexed = indexModel(model(price), points, 1).baseFeeCents
        expectHalfUp(indexed, price, 10_000 + points)
      }),
    )
  })

  it('refuses negative input to the integer arithmetic', () => {
    expect(() => mulDivHalfUp(-1, 5, 10)).toThrow(RangeError)
    expect(() => mulDivHalfUp(1.5, 5, 10)).toThrow(RangeError)
  })
})

describe('contract terms', () => {
  it('merges the overrides over the plan key by key, and replaces the policy whole', () => {
    const policy = defaultPolicy()
    const plan = {
      policy,
      services: {
        backupChecks: true,
        upsChecks: false,
        preventiveMaintenancePerYear: 4,
        onsiteVisitsPerYear: 2,
        remoteHelp: true,
        patchManagement: true,
        documentation: true,
      },
      price: model(5_000, { workstation: 2_500, server: 7_500 }),
    }
    const custom = { ...defaultPolicy(), warnShare: 0.5 }
    const merged = effectiveTerms(plan, {
      services: { upsChecks: true, onsiteVisitsPerYear: 12 },
      unitPricesCents: { workstation: 2_000 },
      serviceDiscountPercent: 15,
      policy: custom,
    })
    expect(merged.services).toEqual({ ...plan.services, upsChecks: true, onsiteVisitsPerYear: 12 })
    expect(merged.price).toEqual({
      baseFeeCents: 5_000,
      unitPricesCents: { ...plan.price.unitPricesCents, workstation: 2_000 },
      serviceDiscountPercent: 15,
    })
    expect(merged.policy).toBe(custom)
    expect(effectiveTerms(plan, {})).toEqual(plan)
  })
})
