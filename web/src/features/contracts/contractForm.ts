import { ASSET_CLASSES, type AssetClass } from '../../../../src/modules/assets/classes.ts'
import type { Contract, ContractCreate, ContractOverrides } from '../../../../src/modules/contracts/schema.ts'
import type { FieldErrors } from '../../app/apiClient.ts'
import { formatDay, isoDay, parseDay } from '../audit/dayInput.ts'
import { policyFromForm, type FormErrors, type PolicyProblem } from '../sla/slaForm.ts'
import { centsToInput, parseMoney, parsePercent, percentToInput, type NumberLocale } from './money.ts'
import { policyToFields, type PolicyFields } from './planForm.ts'

/** A contract's terms as typed. An empty override keeps the plan's value. */
export interface ContractFormValues {
  planId: string | null
  startDate: string
  termMonths: number | string
  noticeMonths: number | string
  indexation: string
  monthlyDiscount: string
  baseFee: string
  unitPrices: Record<AssetClass, string>
  serviceDiscount: string
  maintenancePerYear: number | string
  visitsPerYear: number | string
  /** The contract's own service levels as the policy editor holds them; null: the plan's apply. */
  ownPolicy: PolicyFields | null
}

const emptyPrices = () => Object.fromEntries(ASSET_CLASSES.map((c) => [c, ''])) as Record<AssetClass, string>

/** A new draft: starts on `startDate` (`YYYY-MM-DD`), for a year with three months' notice. */
export function newContractForm(startDate: string, planId: string | null = null): ContractFormValues {
  const day = parseDay(startDate)
  return {
    planId,
    startDate: day ? formatDay(day) : '',
    termMonths: 12,
    noticeMonths: 3,
    indexation: '0',
    monthlyDiscount: '0',
    baseFee: '',
    unitPrices: emptyPrices(),
    serviceDiscount: '',
    maintenancePerYear: '',
    visitsPerYear: '',
    ownPolicy: null,
  }
}

export function contractToForm(c: Contract, locale: NumberLocale): ContractFormValues {
  const o = c.overrides
  const day = parseDay(c.startDate)
  const unitPrices = emptyPrices()
  for (const cls of ASSET_CLASSES) {
    const cents = o.unitPricesCents?.[cls]
    unitPrices[cls] = cents === undefined ? '' : centsToInput(cents, locale)
  }
  return {
    planId: c.planId,
    startDate: day ? formatDay(day) : c.startDate,
    termMonths: c.termMonths,
    noticeMonths: c.noticeMonths,
    indexation: percentToInput(c.indexationPercent, locale),
    monthlyDiscount: percentToInput(c.monthlyDiscountPercent, locale),
    baseFee: o.baseFeeCents === undefined ? '' : centsToInput(o.baseFeeCents, locale),
    unitPrices,
    serviceDiscount: o.serviceDiscountPercent === undefined ? '' : percentToInput(o.serviceDiscountPercent, locale),
    maintenancePerYear: o.services?.preventiveMaintenancePerYear ?? '',
    visitsPerYear: o.services?.onsiteVisitsPerYear ?? '',
    ownPolicy: o.policy ? policyToFields(o.policy) : null,
  }
}

export type ContractProblem = 'required' | 'date' | 'money' | 'percent' | 'wholeNumber' | PolicyProblem

/** The problems of the own policy, worded as on the plan page. */
export const isPolicyProblem = (problem: ContractProblem): problem is PolicyProblem =>
  problem === 'hours' || problem === 'calendar' || problem === 'warnShare'

const policyTarget = /^overrides\.policy\.priorities\.(P[1-5])\.(firstResponse|update|resolution)(\.|$)/

/**
 * Errors on the contract's own policy under the policy editor's keys (`policy.P1.firstResponse`, `warnShare`),
 * from the server's (`overrides.policy.priorities.P1.firstResponse.seconds`, `overrides.policy.warnShare`).
 */
export function policyEditorErrors(errors: FieldErrors): FormErrors {
  const result: FormErrors = {}
  for (const [key, text] of Object.entries(errors)) {
    const target = policyTarget.exec(key)
    if (target) {
      result[`policy.${target[1]}.${target[2]}`] ??= text
    } else if (key === 'overrides.policy.warnShare') {
      result.warnShare ??= text
    }
  }
  return result
}

/** `policy.P1.firstResponse` (hours) → `overrides.policy.priorities.P1.firstResponse.seconds`, as the server says. */
function serverPolicyKey(editorKey: string, problem: PolicyProblem): string {
  if (problem === 'warnShare') {
    return 'overrides.policy.warnShare'
  }
  const target = editorKey.replace(/^policy\./, 'overrides.policy.priorities.')
  return `${target}.${problem === 'hours' ? 'seconds' : 'calendar'}`
}

/**
 * The body for creating or changing a contract. `keep` carries service overrides the form does not edit (the
 * switches such as backup checks), so that saving the form does not drop them. `calendars` are the SLA
 * configuration's, which the contract's own policy may use. Errors are keyed as the server keys its fields.
 * Without `ownPolicy` the body has no `overrides.policy`: the whole overrides object is replaced, so that
 * removes a policy the contract had.
 */
export function formToContract(
  v: ContractFormValues,
  locale: NumberLocale,
  message: (problem: ContractProblem) => string,
  keep: Pick<ContractOverrides, 'services'> = {},
  calendars: readonly string[] = [],
): { body: ContractCreate | null; errors: FieldErrors } {
  const errors: FieldErrors = {}
  if (!v.planId) {
    errors.planId = message('required')
  }
  const day = parseDay(v.startDate)
  if (!day) {
    errors.startDate = message(v.startDate.trim() ? 'date' : 'required')
  }
  const whole = (key: string, value: number | string, min: number, max: number): number | undefined => {
    if (value === '') {
      return undefined
    }
    const n = Number(value)
    if (!Number.isInteger(n) || n < min || n > max) {
      errors[key] = message('wholeNumber')
      return undefined
    }
    return n
  }
  const percent = (key: string, text: string, allowNegative: boolean, max = 100): number | undefined => {
    if (text.trim() === '') {
      return undefined
    }
    const p = parsePercent(text, locale, allowNegative)
    if (p === null || p > max || p < -100) {
      errors[key] = message('percent')
      return undefined
    }
    return p
  }
  const money = (key: string, text: string): number | undefined => {
    if (text.trim() === '') {
      return undefined
    }
    const cents = parseMoney(text, locale)
    if (cents === null) {
      errors[key] = message('money')
      return undefined
    }
    return cents
  }
  const termMonths = whole('termMonths', v.termMonths, 1, 120)
  const noticeMonths = whole('noticeMonths', v.noticeMonths, 0, 24)
  if (v.termMonths === '') {
    errors.termMonths = message('required')
  }
  if (v.noticeMonths === '') {
    errors.noticeMonths = message('required')
  }
  const indexationPercent = percent('indexationPercent', v.indexation, true) ?? 0
  const monthlyDiscountPercent = percent('monthlyDiscountPercent', v.monthlyDiscount, false) ?? 0

  const overrides: ContractOverrides = {}
  if (v.ownPolicy) {
    const { policy, pauseStatuses, warnPercent } = v.ownPolicy
    // The problem comes back as the error's text, so that it can be keyed as the server keys it.
    const built = policyFromForm(policy, pauseStatuses, warnPercent, calendars, (problem) => problem)
    for (const [key, text] of Object.entries(built.errors)) {
      const problem = text as PolicyProblem
      errors[serverPolicyKey(key, problem)] = message(problem)
    }
    if (built.policy) {
      overrides.policy = built.policy
    }
  }
  const baseFeeCents = money('overrides.baseFeeCents', v.baseFee)
  if (baseFeeCents !== undefined) {
    overrides.baseFeeCents = baseFeeCents
  }
  const unitPricesCents: Partial<Record<AssetClass, number>> = {}
  for (const c of ASSET_CLASSES) {
    const cents = money(`overrides.unitPricesCents.${c}`, v.unitPrices[c])
    if (cents !== undefined) {
      unitPricesCents[c] = cents
    }
  }
  if (Object.keys(unitPricesCents).length > 0) {
    overrides.unitPricesCents = unitPricesCents
  }
  const serviceDiscountPercent = percent('overrides.serviceDiscountPercent', v.serviceDiscount, false)
  if (serviceDiscountPercent !== undefined) {
    overrides.serviceDiscountPercent = serviceDiscountPercent
  }
  const services = { ...keep.services }
  const maintenance = whole('overrides.services.preventiveMaintenancePerYear', v.maintenancePerYear, 0, 52)
  const visits = whole('overrides.services.onsiteVisitsPerYear', v.visitsPerYear, 0, 365)
  delete services.preventiveMaintenancePerYear
  delete services.onsiteVisitsPerYear
  if (maintenance !== undefined) {
    services.preventiveMaintenancePerYear = maintenance
  }
  if (visits !== undefined) {
    services.onsiteVisitsPerYear = visits
  }
  if (Object.keys(services).length > 0) {
    overrides.services = services
  }

  if (Object.keys(errors).length > 0 || !day || !v.planId || termMonths === undefined || noticeMonths === undefined) {
    return { body: null, errors }
  }
  return {
    body: {
      planId: v.planId,
      startDate: isoDay(day),
      termMonths,
      noticeMonths,
      indexationPercent,
      monthlyDiscountPercent,
      overrides,
    },
    errors,
  }
}
