// A contract's terms: its plan with the contract's own deviations merged over it. Pure.
import type { ContractOverrides, ContractTerms } from './schema.js'

/** The plan's terms with `overrides` merged in, key by key; the policy is replaced whole when overridden. */
export function effectiveTerms(plan: ContractTerms, overrides: ContractOverrides): ContractTerms {
  return {
    policy: overrides.policy ?? plan.policy,
    services: { ...plan.services, ...overrides.services },
    price: {
      baseFeeCents: overrides.baseFeeCents ?? plan.price.baseFeeCents,
      unitPricesCents: { ...plan.price.unitPricesCents, ...overrides.unitPricesCents },
      serviceDiscountPercent: overrides.serviceDiscountPercent ?? plan.price.serviceDiscountPercent,
    },
  }
}
