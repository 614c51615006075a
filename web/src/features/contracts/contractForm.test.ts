import { describe, expect, it } from 'vitest'
import { ContractCreate, ContractPatch, type Contract } from '../../../../src/modules/contracts/schema.ts'
import type { SlaPolicy } from '../../../../src/modules/sla/clock.ts'
import { contractToForm, formToContract, newContractForm, policyEditorErrors } from './contractForm.ts'
import { policyToFields } from './planForm.ts'

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

  it('keeps the service overrides the form does not edit', () => {
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

  const target = (hours: number, calendar = 'business') => ({ seconds: hours * 3600, calendar })
  const planPolicy: SlaPolicy = {
    priorities: {
      P1: { firstResponse: target(4, '24x7'), update: target(2, '24x7'), resolution: target(24, '24x7') },
      P2: { firstResponse: target(4), update: null, resolution: target(27) },
      P3: { firstResponse: target(9), update: null, resolution: target(45) },
      P4: { firstResponse: target(27), update: null, resolution: null },
      P5: { firstResponse: null, update: null, resolution: null },
    },
    pauseStatuses: ['waiting-customer'],
    warnShare: 0.75,
  }
  const calendars = ['business', '24x7']
  const contract = (overrides: Contract['overrides']) =>
    ({
      planId,
      startDate: '2026-01-01',
      termMonths: 12,
      noticeMonths: 3,
      indexationPercent: 0,
      monthlyDiscountPercent: 0,
      overrides,
    }) as unknown as Contract

  it('leaves the policy to the plan for a contract without one of its own', () => {
    const form = contractToForm(contract({ baseFeeCents: 5000 }), 'nl')
    expect(form.ownPolicy).toBeNull()
    const { body, errors } = formToContract(form, 'nl', message, {}, calendars)
    expect(errors).toEqual({})
    expect(body?.overrides).toEqual({ baseFeeCents: 5000 })
  })

  it('sends the edited policy once its own service levels are switched on', () => {
    const form = contractToForm(contract({}), 'nl')
    form.ownPolicy = policyToFields(planPolicy)
    form.ownPolicy.policy.P1.firstResponse.hours = 1.5
    form.ownPolicy.policy.P4.update = { hours: 18, calendar: 'business' }
    form.ownPolicy.warnPercent = 60
    const { body, errors } = formToContract(form, 'nl', message, {}, calendars)
    expect(errors).toEqual({})
    const policy = body?.overrides.policy
    expect(policy?.priorities.P1.firstResponse).toEqual({ seconds: 5400, calendar: '24x7' })
    expect(policy?.priorities.P4.update).toEqual({ seconds: 18 * 3600, calendar: 'business' })
    expect(policy?.priorities.P2).toEqual(planPolicy.priorities.P2)
    expect(policy?.pauseStatuses).toEqual(['waiting-customer'])
    expect(policy?.warnShare).toBe(0.6)
    expect(ContractPatch.safeParse({ overrides: body?.overrides }).success).toBe(true)
  })

  it('reads back a stored own policy unchanged', () => {
    const form = contractToForm(contract({ policy: planPolicy }), 'nl')
    expect(form.ownPolicy).not.toBeNull()
    const { body } = formToContract(form, 'nl', message, {}, calendars)
    expect(body?.overrides.policy).toEqual(planPolicy)
  })

  it('drops the own policy when it is switched off, keeping the other overrides', () => {
    const stored = contract({ policy: planPolicy, baseFeeCents: 5000, services: { backupChecks: false } })
    const form = contractToForm(stored, 'nl')
    form.ownPolicy = null
    const { body, errors } = formToContract(form, 'nl', message, { services: stored.overrides.services }, calendars)
    expect(errors).toEqual({})
    expect(body?.overrides).toEqual({ baseFeeCents: 5000, services: { backupChecks: false } })
  })

  it('keys a wrong target, calendar or warning share as the server does, for the editor to show', () => {
    const form = contractToForm(contract({ policy: planPolicy }), 'nl')
    if (!form.ownPolicy) {
      throw new Error('expected an own policy')
    }
    form.ownPolicy.policy.P1.firstResponse.hours = 0
    form.ownPolicy.policy.P2.resolution.calendar = 'gone'
    form.ownPolicy.warnPercent = ''
    const { body, errors } = formToContract(form, 'nl', message, {}, calendars)
    expect(body).toBeNull()
    expect(errors).toEqual({
      'overrides.policy.priorities.P1.firstResponse.seconds': 'bad hours',
      'overrides.policy.priorities.P2.resolution.calendar': 'bad calendar',
      'overrides.policy.warnShare': 'bad warnShare',
    })
    expect(policyEditorErrors(errors)).toEqual({
      'policy.P1.firstResponse': 'bad hours',
      'policy.P2.resolution': 'bad calendar',
      warnShare: 'bad warnShare',
    })
  })

  it('takes an empty cell as no clock, not as an error', () => {
    const form = contractToForm(contract({ policy: planPolicy }), 'nl')
    if (!form.ownPolicy) {
      throw new Error('expected an own policy')
    }
    form.ownPolicy.policy.P1.update.hours = ''
    const { body, errors } = formToContract(form, 'nl', message, {}, calendars)
    expect(errors).toEqual({})
    expect(body?.overrides.policy?.priorities.P1.update).toBeNull()
  })
})

describe('policyEditorErrors', () => {
  it("puts the server's errors on the contract's policy next to the editor's fields and leaves others out", () => {
    expect(
      policyEditorErrors({
        'overrides.policy.priorities.P3.update.seconds': 'too long',
        'overrides.policy.priorities.P3.update.calendar': 'unknown calendar x',
        'overrides.policy.priorities.P5.resolution': 'expected an object',
        'overrides.policy.warnShare': 'warnShare must be less than 1',
        'overrides.baseFeeCents': 'must not be negative',
        'policy.priorities.P1.update.seconds': 'a plan field',
      }),
    ).toEqual({
      'policy.P3.update': 'too long',
      'policy.P5.resolution': 'expected an object',
      warnShare: 'warnShare must be less than 1',
    })
  })
})
