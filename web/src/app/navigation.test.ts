import { describe, expect, it } from 'vitest'
import { homePathFor, isNavActive, navItemsFor } from './navigation.ts'

const customerId = '01a2289c-2827-7172-88c5-4173152a3d30'
const keys = (me: Parameters<typeof navItemsFor>[0]) => navItemsFor(me).map((item) => item.key)

describe('navigation', () => {
  it.each([
    ['admin', ['tickets', 'customers', 'users', 'audit', 'outbox', 'settings', 'sla', 'profile']],
    ['technician', ['tickets', 'customers', 'outbox', 'sla', 'profile']],
    ['billing', ['tickets', 'customers', 'sla', 'profile']],
  ] as const)('shows %s the pages of that role', (role, expected) => {
    expect(keys({ kind: 'staff', role, customerId: null })).toEqual(expected)
  })

  it("shows a portal contact its company's tickets, its own organisation and the profile", () => {
    const items = navItemsFor({ kind: 'contact', role: 'contact', customerId })
    expect(items).toEqual([
      { key: 'tickets', to: '/tickets' },
      { key: 'myOrganisation', to: `/customers/${customerId}` },
      { key: 'profile', to: '/profile' },
    ])
  })

  it('sends staff home to the queues and contacts to their organisation', () => {
    expect(homePathFor({ kind: 'staff', customerId: null })).toBe('/tickets')
    expect(homePathFor({ kind: 'contact', customerId })).toBe(`/customers/${customerId}`)
    expect(homePathFor({ kind: 'contact', customerId: null })).toBe('/profile')
  })

  it('keeps a list marked on its detail pages, and settings apart from the SLA page', () => {
    const items = navItemsFor({ kind: 'staff', role: 'admin', customerId: null })
    const active = (pathname: string) => items.filter((item) => isNavActive(item, pathname)).map((item) => item.key)
    expect(active('/tickets/01a2289c-2827-7172-88c5-4173152a3d30')).toEqual(['tickets'])
    expect(active('/tickets/new')).toEqual(['tickets'])
    expect(active('/settings/sla')).toEqual(['sla'])
    expect(active('/settings')).toEqual(['settings'])
  })
})
