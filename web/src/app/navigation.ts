import type { Me } from '../../../src/modules/users/schema.ts'

export type NavKey =
  | 'tickets'
  | 'mail'
  | 'monitoring'
  | 'customers'
  | 'leads'
  | 'documents'
  | 'myOrganisation'
  | 'slaReport'
  | 'oncall'
  | 'teams'
  | 'users'
  | 'audit'
  | 'outbox'
  | 'settings'
  | 'sla'
  | 'plans'
  | 'profile'

export interface NavItem {
  key: NavKey
  to: string
  /** Rendered by the server, not by the app: the menu links to it with a plain `<a href>`, which loads the page. */
  external?: true
}

/**
 * What a person may open, in menu order. Portal contacts see their company's tickets, the documentation (the
 * server-rendered reading pages), their own organisation, the SLA report when they are its key contact, and their
 * profile; staff see the call desk (tickets, the mail waiting to be sorted, the morning board of backups and UPSes,
 * customers, the requests from prospects, the documentation they write, the SLA report, the on-call rota and the
 * teams), the SLA rules and plans, and admins (and technicians, for the outbox) the management pages.
 * The server enforces the same rules; this only keeps people away from pages that would answer 403 or 404.
 */
export function navItemsFor(me: Pick<Me, 'kind' | 'role' | 'customerId' | 'keyContact'>): NavItem[] {
  if (me.kind === 'contact') {
    const items: NavItem[] = [
      { key: 'tickets', to: '/tickets' },
      { key: 'documents', to: '/docs', external: true },
    ]
    if (me.customerId) {
      items.push({ key: 'myOrganisation', to: `/customers/${me.customerId}` })
      if (me.keyContact) {
        items.push({ key: 'slaReport', to: '/reports/sla' })
      }
    }
    items.push({ key: 'profile', to: '/profile' })
    return items
  }
  const items: NavItem[] = [
    { key: 'tickets', to: '/tickets' },
    { key: 'mail', to: '/mail' },
    { key: 'monitoring', to: '/monitoring' },
    { key: 'customers', to: '/customers' },
    { key: 'leads', to: '/leads' },
    { key: 'documents', to: '/documents' },
    { key: 'slaReport', to: '/reports/sla' },
    { key: 'oncall', to: '/settings/oncall' },
    { key: 'teams', to: '/settings/teams' },
  ]
  if (me.role === 'admin') {
    items.push({ key: 'users', to: '/users' }, { key: 'audit', to: '/audit' })
  }
  if (me.role === 'admin' || me.role === 'technician') {
    items.push({ key: 'outbox', to: '/outbox' })
  }
  if (me.role === 'admin') {
    items.push({ key: 'settings', to: '/settings' })
  }
  items.push(
    { key: 'sla', to: '/settings/sla' },
    { key: 'plans', to: '/settings/plans' },
    { key: 'profile', to: '/profile' },
  )
  return items
}

/** Where `/` leads: the call desk's queues for staff, the own organisation for a portal contact. */
export function homePathFor(me: Pick<Me, 'kind' | 'customerId'>): string {
  if (me.kind === 'contact') {
    return me.customerId ? `/customers/${me.customerId}` : '/profile'
  }
  return '/tickets'
}

/** Whether the menu item `item` is the one for `pathname`: a list stays marked on its detail pages. */
export function isNavActive(item: NavItem, pathname: string): boolean {
  if (item.external) {
    // Never the page the app shows: opening it leaves the app.
    return false
  }
  if (pathname === item.to) {
    return true
  }
  const withDetails: NavKey[] = ['tickets', 'monitoring', 'customers', 'myOrganisation', 'leads', 'documents', 'plans']
  return withDetails.includes(item.key) && pathname.startsWith(`${item.to}/`)
}
