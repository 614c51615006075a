import type { ComponentType } from 'react'
import { createBrowserRouter } from 'react-router'
import type { StaffRole } from '../../../src/modules/users/schema.ts'
import { PageLoader } from '../components/PageLoader.tsx'
import { HomeRedirect } from './HomeRedirect.tsx'
import { NotFoundPage } from './NotFoundPage.tsx'
import { RequireRole } from './RequireRole.tsx'
import { RequireSession } from './RequireSession.tsx'
import { RootLayout } from './RootLayout.tsx'
import { RouteErrorPage } from './RouteErrorPage.tsx'

/** Loads a page's code only when the route is first visited. */
function page(load: () => Promise<ComponentType>) {
  return async () => ({ Component: await load() })
}

const staff: StaffRole[] = ['admin', 'technician', 'billing']

export const router = createBrowserRouter([
  {
    element: <RootLayout />,
    errorElement: <RouteErrorPage />,
    hydrateFallbackElement: <PageLoader fullScreen />,
    children: [
      { path: 'setup', lazy: page(async () => (await import('../features/setup/SetupPage.tsx')).SetupPage) },
      { path: 'login', lazy: page(async () => (await import('../features/auth/LoginPage.tsx')).LoginPage) },
      {
        path: 'invite/:token',
        lazy: page(async () => (await import('../features/auth/InvitePage.tsx')).InvitePage),
      },
      // The public advice form, in Dutch and in English: prospects have no account.
      { path: 'advies', lazy: page(async () => (await import('../features/public/AdvicePage.tsx')).AdvicePage) },
      { path: 'advice', lazy: page(async () => (await import('../features/public/AdvicePage.tsx')).AdvicePage) },
      {
        element: <RequireSession />,
        errorElement: <RouteErrorPage />,
        children: [
          { index: true, element: <HomeRedirect /> },
          {
            element: <RequireRole roles={staff} />,
            children: [
              {
                path: 'customers',
                lazy: page(async () => (await import('../features/customers/CustomerListPage.tsx')).CustomerListPage),
              },
              {
                path: 'settings/sla',
                lazy: page(async () => (await import('../features/sla/SlaSettingsPage.tsx')).SlaSettingsPage),
              },
              {
                path: 'mail',
                lazy: page(async () => (await import('../features/mail/MailListPage.tsx')).MailListPage),
              },
              {
                path: 'monitoring',
                lazy: page(async () => (await import('../features/monitoring/MonitoringPage.tsx')).MonitoringPage),
              },
              {
                path: 'monitoring/:tab',
                lazy: page(async () => (await import('../features/monitoring/MonitoringPage.tsx')).MonitoringPage),
              },
              {
                path: 'settings/oncall',
                lazy: page(async () => (await import('../features/desk/OnCallPage.tsx')).OnCallPage),
              },
              {
                path: 'settings/teams',
                lazy: page(async () => (await import('../features/desk/TeamsPage.tsx')).TeamsPage),
              },
              {
                path: 'settings/plans',
                lazy: page(async () => (await import('../features/contracts/PlansPage.tsx')).PlansPage),
              },
              {
                path: 'settings/plans/:id',
                lazy: page(async () => (await import('../features/contracts/PlanEditPage.tsx')).PlanEditPage),
              },
              {
                path: 'leads',
                lazy: page(async () => (await import('../features/leads/LeadListPage.tsx')).LeadListPage),
              },
              {
                path: 'leads/:id',
                lazy: page(async () => (await import('../features/leads/LeadPage.tsx')).LeadPage),
              },
              // The documentation's staff pages; its reading pages at /docs are rendered by the server.
              {
                path: 'documents',
                lazy: page(async () => (await import('../features/docs/DocListPage.tsx')).DocListPage),
              },
              {
                path: 'documents/new',
                lazy: page(async () => (await import('../features/docs/DocEditPage.tsx')).DocEditPage),
              },
              {
                path: 'documents/:id',
                lazy: page(async () => (await import('../features/docs/DocEditPage.tsx')).DocEditPage),
              },
            ],
          },
          // Staff and portal contacts share these addresses; each page shows what the signed-in person may do.
          {
            path: 'tickets',
            lazy: page(async () => (await import('../features/tickets/TicketListPage.tsx')).TicketListPage),
          },
          {
            path: 'tickets/new',
            lazy: page(async () => (await import('../features/tickets/NewTicketPage.tsx')).NewTicketPage),
          },
          {
            path: 'tickets/:id',
            lazy: page(async () => (await import('../features/tickets/TicketPage.tsx')).TicketPage),
          },
          // Staff, and a portal contact who is its organisation's key contact (the page tells others why not).
          {
            path: 'reports/sla',
            lazy: page(async () => (await import('../features/reports/SlaReportPage.tsx')).SlaReportPage),
          },
          {
            path: 'customers/:id',
            lazy: page(async () => (await import('../features/customers/CustomerPage.tsx')).CustomerPage),
          },
          // The customer page's tabs have addresses of their own, so that they can be linked to and bookmarked.
          {
            path: 'customers/:id/:tab',
            lazy: page(async () => (await import('../features/customers/CustomerPage.tsx')).CustomerPage),
          },
          {
            element: <RequireRole roles={['admin']} />,
            children: [
              {
                path: 'users',
                lazy: page(async () => (await import('../features/users/UserListPage.tsx')).UserListPage),
              },
              {
                path: 'audit',
                lazy: page(async () => (await import('../features/audit/AuditLogPage.tsx')).AuditLogPage),
              },
              {
                path: 'settings',
                lazy: page(async () => (await import('../features/settings/SettingsPage.tsx')).SettingsPage),
              },
            ],
          },
          {
            element: <RequireRole roles={['admin', 'technician']} />,
            children: [
              {
                path: 'outbox',
                lazy: page(async () => (await import('../features/outbox/OutboxPage.tsx')).OutboxPage),
              },
            ],
          },
          {
            path: 'profile',
            lazy: page(async () => (await import('../features/profile/ProfilePage.tsx')).ProfilePage),
          },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
])
