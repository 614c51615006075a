import { ASSET_CLASSES, type AssetClass } from '../../../../src/modules/assets/classes.ts'
import type { Plan, PlanCreate, PlanServices } from '../../../../src/modules/contracts/schema.ts'
import type { SlaPolicy } from '../../../../src/modules/sla/clock.ts'
import { policyFromForm, policyToForm, type FormErrors, type PolicyForm, type PolicyProblem } from '../sla/slaForm.ts'
import { centsToInput, parseMoney, parsePercent, percentToInput, type NumberLocale } from './money.ts'

/** A plan as the form holds it: amounts and percentages as typed, the policy as the SLA editor's table. */
export interface PlanFormValues {
  name: string
  description: string
  active: boolean
  services: PlanServices
  baseFee: string
  unitPrices: Record<AssetClass, string>
  serviceDiscount: string
  policy: PolicyForm
  pauseStatuses: SlaPolicy['pauseStatuses']
  warnPercent: number | string
}

/** What the SLA policy editor edits: the targets table, the pause statuses and the warning share in percent. */
export type PolicyFields = Pick<PlanFormValues, 'policy' | 'pauseStatuses' | 'warnPercent'>

/** A policy as the editor holds it; a plan's and a contract's own policy are edited alike. */
export function policyToFields(policy: SlaPolicy): PolicyFields {
  return {
    policy: policyToForm(policy, 'business'),
    pauseStatuses: policy.pauseStatuses,
    warnPercent: Math.round(policy.warnShare * 100),
  }
}

export const defaultServices: PlanServices = {
  backupChecks: true,
  upsChecks: true,
  preventiveMaintenancePerYear: 4,
  onsiteVisitsPerYear: 2,
  remoteHelp: true,
  patchManagement: true,
  documentation: true,
}

/** A new plan starts from the desk's default SLA policy and no prices. */
export function newPlanForm(policy: SlaPolicy): PlanFormValues {
  return {
    name: '',
    description: '',
    active: true,
    services: defaultServices,
    baseFee: '',
    unitPrices: Object.fromEntries(ASSET_CLASSES.map((c) => [c, ''])) as Record<AssetClass, string>,
    serviceDiscount: '',
    ...policyToFields(policy),
  }
}

export function planToForm(plan: Plan, locale: NumberLocale): PlanFormValues {
  return {
    name: plan.name,
    description: plan.description,
    active: plan.active,
    services: plan.services,
    baseFee: centsToInput(plan.price.baseFeeCents, locale),
    unitPrices: Object.fromEntries(
      ASSET_CLASSES.map((c) => [c, centsToInput(plan.price.unitPricesCents[c], locale)]),
    ) as Record<AssetClass, string>,
    serviceDiscount: percentToInput(plan.price.serviceDiscountPercent, locale),
    ...policyToFields(plan.policy),
  }
}

export type PlanProblem = PolicyProblem | 'money' | 'percent'

/**
 * The plan for the API from its form: amounts to whole cents (an empty price is 0: the class is included at no
 * charge), percentages to at most two decimals, the policy through the SLA editor's rules. `plan` is null while
 * `errors` (keyed as the server keys its field errors: `price.unitPricesCents.server`, `policy.P1.firstResponse`)
 * is not empty.
 */
export function formToPlan(
  v: PlanFormValues,
  calendars: readonly string[],
  locale: NumberLocale,
  message: (problem: PlanProblem) => string,
): { plan: PlanCreate | null; errors: FormErrors } {
  const built = policyFromForm(v.policy, v.pauseStatuses, v.warnPercent, calendars, message)
  const errors: FormErrors = { ...built.errors }
  const money = (key: string, text: string): number => {
    if (text.trim() === '') {
      return 0
    }
    const cents = parseMoney(text, locale)
    if (cents === null) {
      errors[key] = message('money')
      return 0
    }
    return cents
  }
  const baseFeeCents = money('price.baseFeeCents', v.baseFee)
  const unitPricesCents = Object.fromEntries(
    ASSET_CLASSES.map((c) => [c, money(`price.unitPricesCents.${c}`, v.unitPrices[c])]),
  ) as Record<AssetClass, number>
  let serviceDiscountPercent = 0
  if (v.serviceDiscount.trim() !== '') {
    const p = parsePercent(v.serviceDiscount, locale)
    if (p === null || p > 100) {
      errors['price.serviceDiscountPercent'] = message('percent')
    } else {
      serviceDiscountPercent = p
    }
  }
  if (!built.policy || Object.keys(errors).length > 0) {
    return { plan: null, errors }
  }
  return {
    plan: {
      name: v.name,
      description: v.description,
      active: v.active,
      services: v.services,
      policy: built.policy,
      price: { baseFeeCents, unitPricesCents, serviceDiscountPercent },
    },
    errors,
  }
}
