import { describe, expect, it } from 'vitest'
import { ContractCreate, type Contract } from '../../../../src/modules/contracts/schema.ts'
import { contractToForm, formToContract, newContractForm } from './contractForm.ts'

const planId = '01a2289c-2827-7172-88c5-4173152a3d30'
const message = (p: string) => `bad ${p}`

describe('formToContract', () => {
  it('sends a new draft with no overrides where nothing deviates from the plan', () => {
    const { body, errors } = formToContract(newContractForm('2026-12-01', planId), 'nl', message)
    expect(errors).toEqual({})
    expect(body).toEqual({
      planId,
      startDate: '2026-12-01',
      termMonths: 12,
      noticeMonths: 3,
      indexationPercent: 0,
      monthlyDiscountPercent: 0,
      overrides: {},
    })
    expect(ContractCreate.safeParse(body).success).toBe(true)
  })

  it('sends only the overrides that were filled in, in exact cents', () => {
    const form = newContractForm('2026-12-01', planId)
    form.baseFee = '99,95'
    form.unitPrices.server = '80'
    form.indexation = '-1,5'
    form.monthlyDiscount = '5'
    form.visitsPerYear = 6
    const { body } = formToContract(form, 'nl', message)
    expect(body).toMatchObject({
      indexationPercent: -1.5,
      monthlyDiscountPercent: 5,
      overrides: { baseFeeCents: 9995, unitPricesCents: { server: 8000 }, services: { onsiteVisitsPerYear: 6 } },
    })
    expect(ContractCreate.safeParse(body).success).toBe(true)
  })

  it('reports what is missing or unreadable under the server keys', () => {
    const form = { ...newContractForm('', null), termMonths: 0, monthlyDiscount: '-3', baseFee: '1,234' }
    const { body, errors } = formToContract(form, 'nl', message)
    expect(body).toBeNull()
    expect(errors).toEqual({
      planId: 'bad required',
      startDate: 'bad required',
      termMonths: 'bad wholeNumber',
      monthlyDiscountPercent: 'bad percent',
      'overrides.baseFeeCents': 'bad money',
    })
  })

  it('keeps a contract-own SLA policy and other service overrides the form does not edit', () => {
    const stored = {
      planId,
      startDate: '2026-01-01',
      termMonths: 24,
      noticeMonths: 2,
      indexationPercent: 2.5,
      monthlyDiscountPercent: 0,
      overrides: { services: { backupChecks: false, onsiteVisitsPerYear: 4 }, unitPricesCents: { ups: 0 } },
    } as unknown as Contract
    const form = contractToForm(stored, 'nl')
    expect(form.unitPrices.ups).toBe('0,00')
    const { body } = formToContract(form, 'nl', message, { services: stored.overrides.services })
    expect(body?.overrides).toEqual({
      services: { backupChecks: false, onsiteVisitsPerYear: 4 },
      unitPricesCents: { ups: 0 },
    })
    expect(body?.indexationPercent).toBe(2.5)
  })
})
