import { describe, expect, it } from 'vitest'
import { PlanCreate, type Plan } from '../../../../src/modules/contracts/schema.ts'
import type { SlaPolicy } from '../../../../src/modules/sla/clock.ts'
import { formToPlan, newPlanForm, planToForm } from './planForm.ts'

const target = (hours: number) => ({ seconds: hours * 3600, calendar: 'business' })
const policy: SlaPolicy = {
  priorities: {
    P1: { firstResponse: { seconds: 4 * 3600, calendar: '24x7' }, update: null, resolution: target(8) },
    P2: { firstResponse: target(8), update: null, resolution: target(24) },
    P3: { firstResponse: target(16), update: null, resolution: target(40) },
    P4: { firstResponse: target(24), update: null, resolution: null },
    P5: { firstResponse: null, update: null, resolution: null },
  },
  pauseStatuses: ['waiting-customer'],
  warnShare: 0.75,
}
const calendars = ['business', '24x7']
const message = (p: string) => `bad ${p}`

describe('formToPlan', () => {
  it('turns euros into exact cents and an empty price into 0, which the shared schema accepts', () => {
    const form = newPlanForm(policy)
    form.name = 'Basis'
    form.baseFee = '149,95'
    form.unitPrices.server = '95'
    form.unitPrices.workstation = '19,99'
    form.serviceDiscount = '12,5'
    const { plan, errors } = formToPlan(form, calendars, 'nl', message)
    expect(errors).toEqual({})
    expect(plan?.price).toEqual({
      baseFeeCents: 14995,
      unitPricesCents: {
        server: 9500,
        workstation: 1999,
        laptop: 0,
        network: 0,
        ups: 0,
        'backup-system': 0,
        printer: 0,
        other: 0,
      },
      serviceDiscountPercent: 12.5,
    })
    expect(plan?.policy).toEqual(policy)
    expect(PlanCreate.safeParse(plan).success).toBe(true)
  })

  it('keys unreadable amounts and percentages as the server does', () => {
    const form = newPlanForm(policy)
    form.name = 'Basis'
    form.baseFee = '12,345'
    form.unitPrices.ups = 'tien'
    form.serviceDiscount = '120'
    const { plan, errors } = formToPlan(form, calendars, 'nl', message)
    expect(plan).toBeNull()
    expect(errors).toEqual({
      'price.baseFeeCents': 'bad money',
      'price.unitPricesCents.ups': 'bad money',
      'price.serviceDiscountPercent': 'bad percent',
    })
  })

  it('round-trips a stored plan through the form unchanged', () => {
    const stored: Plan = {
      id: '01a2289c-2827-7172-88c5-4173152a3d30',
      name: 'Plus',
      description: 'Alles inbegrepen',
      active: true,
      policy,
      services: {
        backupChecks: true,
        upsChecks: false,
        preventiveMaintenancePerYear: 4,
        onsiteVisitsPerYear: 12,
        remoteHelp: true,
        patchManagement: true,
        documentation: false,
      },
      price: {
        baseFeeCents: 123456,
        unitPricesCents: {
          server: 9999,
          workstation: 1,
          laptop: 10,
          network: 500,
          ups: 0,
          'backup-system': 2500,
          printer: 7,
          other: 0,
        },
        serviceDiscountPercent: 7.25,
      },
      createdAt: 1,
      updatedAt: 1,
    }
    for (const locale of ['nl', 'en'] as const) {
      const { plan } = formToPlan(planToForm(stored, locale), calendars, locale, message)
      expect(plan).toEqual({
        name: stored.name,
        description: stored.description,
        active: stored.active,
        services: stored.services,
        policy: stored.policy,
        price: stored.price,
      })
    }
  })
})
