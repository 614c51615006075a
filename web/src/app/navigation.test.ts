import { describe, expect, it } from 'vitest'
import { homePathFor, navItemsFor } from './navigation.ts'

const customerId = '01a2289c-2827-7172-88c5-4173152a3d30'
const keys = (me: Parameters<typeof navItemsFor>[0]) => navItemsFor(me).map((item) => item.key)

describe('navigation', () => {
  it.each([
    ['admin', ['customers', 'users', 'audit', 'outbox', 'settings', 'profile']],
    ['technician', ['customers', 'outbox', 'profile']],
    ['billing', ['customers', 'profile']],
  ] as const)('shows %s the pages of that role', (role, expected) => {
    expect(keys({ kind: 'staff', role, customerId: null })).toEqual(expected)
  })

  it('shows a portal contact only its own organisation and the profile', () => {
    const items = navItemsFor({ kind: 'contact', role: 'contact', customerId })
    expect(items).toEqual([
      { key: 'myOrganisation', to: `/customers/${customerId}` },
      { key: 'profile', to: '/profile' },
    ])
  })

  it('sends staff home to the customer list and contacts to their organisation', () => {
    expect(homePathFor({ kind: 'staff', customerId: null })).toBe('/customers')
    expect(homePathFor({ kind: 'contact', customerId })).toBe(`/customers/${customerId}`)
    expect(homePathFor({ kind: 'contact', customerId: null })).toBe('/profile')
  })
})
