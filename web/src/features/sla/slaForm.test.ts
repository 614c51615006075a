import { describe, expect, it } from 'vitest'
import { defaultPolicy } from '../../../../src/modules/sla/clock.ts'
import {
  calendarKey,
  checkHours,
  formToPolicy,
  minutesOf,
  normaliseTime,
  policyFromForm,
  policyToForm,
  secondsToHours,
} from './slaForm.ts'

const message = (problem: string) => problem

describe('the policy table', () => {
  it('shows targets in hours and reads them back as the same seconds', () => {
    const policy = defaultPolicy()
    const form = policyToForm(policy, 'business')
    expect(form.P1.firstResponse).toEqual({ hours: 4, calendar: '24x7' })
    expect(form.P5.resolution).toEqual({ hours: '', calendar: 'business' })
    const back = formToPolicy(form, ['business', '24x7'], message)
    expect(back.errors).toEqual({})
    expect(back.priorities).toEqual(policy.priorities)
  })

  it('keeps a quarter of an hour exact and rounds the display to two decimals', () => {
    expect(secondsToHours(900)).toBe(0.25)
    expect(secondsToHours(1000)).toBe(0.28)
    const form = policyToForm(defaultPolicy(), 'business')
    form.P2.firstResponse.hours = 1.5
    expect(formToPolicy(form, ['business', '24x7'], message).priorities.P2.firstResponse).toEqual({
      seconds: 5400,
      calendar: 'business',
    })
  })

  it('refuses zero hours, more than a year, and a calendar that does not exist', () => {
    const form = policyToForm(defaultPolicy(), 'business')
    form.P2.firstResponse.hours = 0
    form.P3.update.hours = 9000
    form.P4.resolution.calendar = 'gone'
    expect(formToPolicy(form, ['business', '24x7'], message).errors).toEqual({
      'P2.firstResponse': 'hours',
      'P3.update': 'hours',
      'P4.resolution': 'calendar',
    })
  })
})

describe('the whole policy form', () => {
  it('gives the policy back with the warning share as a fraction', () => {
    const policy = defaultPolicy()
    const form = policyToForm(policy, 'business')
    const built = policyFromForm(form, ['waiting-customer', 'waiting-vendor'], 80, ['business', '24x7'], message)
    expect(built.errors).toEqual({})
    expect(built.policy).toEqual({
      priorities: policy.priorities,
      pauseStatuses: ['waiting-customer', 'waiting-vendor'],
      warnShare: 0.8,
    })
  })

  it('gives no policy while a target or the warning share is wrong, and says where', () => {
    const form = policyToForm(defaultPolicy(), 'business')
    form.P3.resolution.hours = 0
    for (const warn of ['', 0, 100, 'veel']) {
      const built = policyFromForm(form, [], warn, ['business', '24x7'], message)
      expect(built.policy).toBeNull()
      expect(built.errors).toEqual({ 'policy.P3.resolution': 'hours', warnShare: 'warnShare' })
    }
  })
})

describe('opening hours', () => {
  it.each([
    ['08:30', 510],
    ['00:00', 0],
    ['24:00', 1440],
    ['8:30', null],
    ['24:30', null],
    ['12:60', null],
  ])('reads %s', (time, minutes) => {
    expect(minutesOf(time)).toBe(minutes)
  })

  it.each([
    ['8:30', '08:30'],
    ['830', '08:30'],
    ['1730', '17:30'],
    ['17', '17:00'],
    ['8.30', '08:30'],
    ['25:00', '25:00'],
    ['morgen', 'morgen'],
  ])('tidies %s to %s', (typed, tidy) => {
    expect(normaliseTime(typed)).toBe(tidy)
  })

  it('finds bad times, ranges that end before they start, and overlaps on the same day', () => {
    const errors = checkHours(
      [
        { day: 1, from: '08:30', to: '12:00' },
        { day: 1, from: '11:00', to: '17:30' },
        { day: 2, from: '17:00', to: '09:00' },
        { day: 3, from: '8', to: '17:00' },
        { day: 4, from: '08:30', to: '12:00' },
        { day: 4, from: '13:00', to: '17:30' },
      ],
      message,
    )
    expect(errors).toEqual({ 'hours.0': 'overlap', 'hours.1': 'overlap', 'hours.2': 'order', 'hours.3': 'time' })
  })
})

describe('calendarKey', () => {
  it('makes a key the server accepts', () => {
    expect(calendarKey('Zaterdag-service België')).toBe('zaterdag-service-belgie')
    expect(calendarKey('  24/7 support ')).toBe('24-7-support')
  })
})
