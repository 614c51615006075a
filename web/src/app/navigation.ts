import type { Me } from '../../../src/modules/users/schema.ts'

export type NavKey = 'customers' | 'myOrganisation' | 'users' | 'audit' | 'outbox' | 'settings' | 'profile'

export interface NavItem {
  key: NavKey
  to: string
}

/**
 * What a person may open, in menu order. Portal contacts see their own organisation and their profile only;
 * staff see the customers, and admins (and technicians, for the outbox) the management pages.
 * The server enforces the same rules; this only keeps people away from pages that would answer 403.
 */
export function navItemsFor(me: Pick<Me, 'kind' | 'role' | 'customerId'>): NavItem[] {
  if (me.kind === 'contact') {
    const items: NavItem[] = []
    if (me.customerId) {
      items.push({ key: 'myOrganisation', to: `/customers/${me.customerId}` })
    }
    items.push({ key: 'profile', to: '/profile' })
    return items
  }
  const items: NavItem[] = [{ key: 'customers', to: '/customers' }]
  if (me.role === 'admin') {
    items.push({ key: 'users', to: '/users' }, { key: 'audit', to: '/audit' })
  }
  if (me.role === 'admin' || me.role === 'technician') {
    items.push({ key: 'outbox', to: '/outbox' })
  }
  if (me.role === 'admin') {
    items.push({ key: 'settings', to: '/settings' })
  }
  items.push({ key: 'profile', to: '/profile' })
  return items
}

/** Where `/` leads: the customer list for staff, the own organisation for a portal contact. */
export function homePathFor(me: Pick<Me, 'kind' | 'customerId'>): string {
  if (me.kind === 'contact') {
    return me.customerId ? `/customers/${me.customerId}` : '/profile'
  }
  return '/customers'
}
