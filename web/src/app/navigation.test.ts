import { describe, expect, it } from 'vitest'
import { homePathFor, isNavActive, navItemsFor } from './navigation.ts'

const customerId = '01a2289c-2827-7172-88c5-4173152a3d30'
const keys = (me: Parameters<typeof navItemsFor>[0]) => navItemsFor(me).map((item) => item.key)

const desk = [
  'tickets',
  'mail',
  'monitoring',
  'customers',
  'leads',
  'documents',
  'slaReport',
  'oncall',
  'teams',
] as const

describe('navigation', () => {
  it.each([
    ['admin', [...desk, 'users', 'audit', 'outbox', 'settings', 'sla', 'plans', 'profile']],
    ['technician', [...desk, 'outbox', 'sla', 'plans', 'profile']],
    ['billing', [...desk, 'sla', 'plans', 'profile']],
  ] as const)('shows %s the pages of that role', (role, expected) => {
    expect(keys({ kind: 'staff', role, customerId: null, keyContact: false })).toEqual(expected)
  })

  it("shows a portal contact its company's tickets, the documentation, its own organisation and the profile", () => {
    const items = navItemsFor({ kind: 'contact', role: 'contact', customerId, keyContact: false })
    expect(items).toEqual([
      { key: 'tickets', to: '/tickets' },
      { key: 'documents', to: '/docs', external: true },
      { key: 'myOrganisation', to: `/customers/${customerId}` },
      { key: 'profile', to: '/profile' },
    ])
  })

  it('shows the SLA report to the key contact only', () => {
    expect(keys({ kind: 'contact', role: 'contact', customerId, keyContact: true })).toEqual([
      'tickets',
      'documents',
      'myOrganisation',
      'slaReport',
      'profile',
    ])
  })

  it('sends staff home to the queues and contacts to their organisation', () => {
    expect(homePathFor({ kind: 'staff', customerId: null })).toBe('/tickets')
    expect(homePathFor({ kind: 'contact', customerId })).toBe(`/customers/${customerId}`)
    expect(homePathFor({ kind: 'contact', customerId: null })).toBe('/profile')
  })

  it('keeps a list marked on its detail pages, and settings apart from the SLA page', () => {
    const items = navItemsFor({ kind: 'staff', role: 'admin', customerId: null, keyContact: false })
    const active = (pathname: string) => items.filter((item) => isNavActive(item, pathname)).map((item) => item.key)
    expect(active('/tickets/01a2289c-2827-7172-88c5-4173152a3d30')).toEqual(['tickets'])
    expect(active('/tickets/new')).toEqual(['tickets'])
    expect(active('/settings/sla')).toEqual(['sla'])
    expect(active('/settings')).toEqual(['settings'])
    expect(active('/settings/oncall')).toEqual(['oncall'])
    expect(active('/reports/sla')).toEqual(['slaReport'])
    expect(active('/settings/plans/01a2289c-2827-7172-88c5-4173152a3d30')).toEqual(['plans'])
    expect(active('/leads/01a2289c-2827-7172-88c5-4173152a3d30')).toEqual(['leads'])
    expect(active('/monitoring/ups')).toEqual(['monitoring'])
    expect(active('/documents')).toEqual(['documents'])
    expect(active('/documents/01a2289c-2827-7172-88c5-4173152a3d30')).toEqual(['documents'])
  })

  it('sends staff to the documentation in the app and portal contacts to the reading pages outside it', () => {
    const staff = navItemsFor({ kind: 'staff', role: 'billing', customerId: null, keyContact: false })
    expect(staff.find((item) => item.key === 'documents')).toEqual({ key: 'documents', to: '/documents' })
    const withoutCustomer = navItemsFor({ kind: 'contact', role: 'contact', customerId: null, keyContact: false })
    expect(withoutCustomer).toEqual([
      { key: 'tickets', to: '/tickets' },
      { key: 'documents', to: '/docs', external: true },
      { key: 'profile', to: '/profile' },
    ])
    // The app never shows /docs itself: the item is never the marked one.
    const portal = navItemsFor({ kind: 'contact', role: 'contact', customerId, keyContact: true })
    expect(portal.filter((item) => isNavActive(item, '/docs')).map((item) => item.key)).toEqual([])
  })

  it("keeps a portal contact's organisation marked on its infrastructure and contract tabs", () => {
    const items = navItemsFor({ kind: 'contact', role: 'contact', customerId, keyContact: false })
    const active = (pathname: string) => items.filter((item) => isNavActive(item, pathname)).map((item) => item.key)
    expect(active(`/customers/${customerId}/infrastructure`)).toEqual(['myOrganisation'])
    expect(active(`/customers/${customerId}/contract`)).toEqual(['myOrganisation'])
  })
})
