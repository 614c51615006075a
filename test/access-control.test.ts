import { randomUUID } from 'node:crypto'
import type { LightMyRequestResponse } from 'fastify'
import { beforeAll, describe, expect, it } from 'vitest'
import { as, signIn, useApp, type Session } from './support/app.js'
import { dialects } from './support/databases.js'
import { defaultPolicy } from '../src/modules/sla/clock.js'
import { make } from './support/factories.js'

/**
 * The access-control walk: every customer-scoped route and every staff-only route, requested by each kind of
 * caller. A new route is one line in ROUTES; its scope decides what every caller must get.
 */

/** The data one walk targets: customer A with a colleague (a contact without portal account) and a portal user. */
interface World {
  customerId: string
  customerName: string
  /** A contact of A without a portal account: the target of the contact routes. */
  colleagueId: string
  colleagueName: string
  colleagueEmail: string
  /** The portal user of A's own contact. */
  portalUserId: string
  portalEmail: string
  /** A mail to A in the outbox. */
  mailId: string
  mailSubject: string
  /** A ticket of A, with an attachment. */
  ticketId: string
  ticketTitle: string
  attachmentId: string
  /** A server of A, a site of A and a program installed on the server. */
  assetId: string
  siteId: string
  softwareId: string
  /** A's active contract, on a plan of its own (plans are staff-only). */
  planId: string
  contractId: string
  /** A prospect's advice request (staff-only). */
  leadId: string
  /** An ingest token of A, and a backup report A's shipper sent with it. */
  ingestTokenId: string
  reportId: string
}

type Scope =
  /** The customer list: everyone signed in gets 200, narrowed to what they may see. */
  | 'list'
  /** Reads one customer's data: staff and that customer's contacts. */
  | 'read'
  /** Changes one customer's data: staff only. */
  | 'write'
  /** Staff-only areas (users, audit, outbox, settings). */
  | 'staff'

interface RouteCase {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  /** As documented, for the test name. */
  pattern: string
  scope: Scope
  url(w: World): string
  body?(w: World): object
  /** What an admin gets; 200 unless said. */
  admin?: number
  /** What the customer's own contact gets, where it differs from the scope's rule (it may reply, not edit). */
  own?: number
}

const SERVICES = {
  backupChecks: true,
  upsChecks: true,
  preventiveMaintenancePerYear: 4,
  onsiteVisitsPerYear: 2,
  remoteHelp: true,
  patchManagement: true,
  documentation: true,
}
const PRICE = {
  baseFeeCents: 10_000,
  unitPricesCents: {
    server: 5_000,
    workstation: 2_000,
    laptop: 2_000,
    network: 500,
    ups: 500,
    'backup-system': 1_000,
    printer: 500,
    other: 0,
  },
  serviceDiscountPercent: 10,
}

let unique = 0
const ROUTES: RouteCase[] = [
  { method: 'GET', pattern: '/api/customers', scope: 'list', url: () => '/api/customers' },
  { method: 'GET', pattern: '/api/customers/:id', scope: 'read', url: (w) => `/api/customers/${w.customerId}` },
  {
    method: 'PATCH',
    pattern: '/api/customers/:id',
    scope: 'write',
    url: (w) => `/api/customers/${w.customerId}`,
    body: () => ({ city: 'Zwolle' }),
  },
  { method: 'DELETE', pattern: '/api/customers/:id', scope: 'write', url: (w) => `/api/customers/${w.customerId}` },
  {
    method: 'GET',
    pattern: '/api/customers/:id/contacts',
    scope: 'read',
    url: (w) => `/api/customers/${w.customerId}/contacts`,
  },
  {
    method: 'POST',
    pattern: '/api/customers/:id/contacts',
    scope: 'write',
    url: (w) => `/api/customers/${w.customerId}/contacts`,
    body: () => ({ name: 'Nieuwe Collega', email: `nieuw-${++unique}@klant-a.example` }),
    admin: 201,
  },
  {
    method: 'PATCH',
    pattern: '/api/contacts/:id',
    scope: 'write',
    url: (w) => `/api/contacts/${w.colleagueId}`,
    body: () => ({ phone: '030 123 4567' }),
  },
  {
    method: 'POST',
    pattern: '/api/contacts/:id/invite',
    scope: 'write',
    url: (w) => `/api/contacts/${w.colleagueId}/invite`,
  },
  { method: 'GET', pattern: '/api/users', scope: 'staff', url: () => '/api/users?kind=all' },
  { method: 'GET', pattern: '/api/users/:id', scope: 'staff', url: (w) => `/api/users/${w.portalUserId}` },
  { method: 'GET', pattern: '/api/audit', scope: 'staff', url: () => '/api/audit' },
  { method: 'GET', pattern: '/api/outbox', scope: 'staff', url: () => '/api/outbox' },
  { method: 'GET', pattern: '/api/outbox/:id', scope: 'staff', url: (w) => `/api/outbox/${w.mailId}` },
  { method: 'POST', pattern: '/api/outbox/:id/retry', scope: 'staff', url: (w) => `/api/outbox/${w.mailId}/retry` },
  { method: 'GET', pattern: '/api/tickets', scope: 'list', url: () => '/api/tickets' },
  { method: 'GET', pattern: '/api/tickets/:id', scope: 'read', url: (w) => `/api/tickets/${w.ticketId}` },
  {
    method: 'PATCH',
    pattern: '/api/tickets/:id',
    scope: 'write',
    url: (w) => `/api/tickets/${w.ticketId}`,
    body: () => ({ title: 'Nieuwe titel van de melding' }),
    own: 403,
  },
  {
    method: 'GET',
    pattern: '/api/tickets/:id/articles',
    scope: 'read',
    url: (w) => `/api/tickets/${w.ticketId}/articles`,
  },
  {
    method: 'POST',
    pattern: '/api/tickets/:id/articles',
    scope: 'write',
    url: (w) => `/api/tickets/${w.ticketId}/articles`,
    body: () => ({ kind: 'reply', body: 'Het werkt weer, dank u.' }),
    admin: 201,
    own: 201,
  },
  {
    method: 'GET',
    pattern: '/api/tickets/:id/timeline',
    scope: 'read',
    url: (w) => `/api/tickets/${w.ticketId}/timeline`,
  },
  { method: 'GET', pattern: '/api/tickets/:id/sla', scope: 'read', url: (w) => `/api/tickets/${w.ticketId}/sla` },
  { method: 'GET', pattern: '/api/tickets/:id/time', scope: 'write', url: (w) => `/api/tickets/${w.ticketId}/time` },
  {
    method: 'POST',
    pattern: '/api/tickets/:id/time',
    scope: 'write',
    url: (w) => `/api/tickets/${w.ticketId}/time`,
    body: () => ({ minutes: 15, billable: false }),
    admin: 201,
  },
  {
    method: 'GET',
    pattern: '/api/tickets/:id/watchers',
    scope: 'write',
    url: (w) => `/api/tickets/${w.ticketId}/watchers`,
  },
  {
    method: 'POST',
    pattern: '/api/tickets/:id/watchers',
    scope: 'write',
    url: (w) => `/api/tickets/${w.ticketId}/watchers`,
    body: () => ({ email: 'meelezer@klant-a.example' }),
  },
  {
    method: 'GET',
    pattern: '/api/tickets/:id/attachments',
    scope: 'read',
    url: (w) => `/api/tickets/${w.ticketId}/attachments`,
  },
  {
    method: 'GET',
    pattern: '/api/attachments/:id',
    scope: 'read',
    url: (w) => `/api/attachments/${w.attachmentId}`,
  },
  {
    method: 'GET',
    pattern: '/api/customers/:id/sla-policy',
    scope: 'write',
    url: (w) => `/api/customers/${w.customerId}/sla-policy`,
  },
  {
    method: 'PUT',
    pattern: '/api/customers/:id/sla-policy',
    scope: 'write',
    url: (w) => `/api/customers/${w.customerId}/sla-policy`,
    body: () => ({ policy: null }),
  },
  {
    method: 'GET',
    pattern: '/api/reports/sla',
    scope: 'read',
    url: (w) => `/api/reports/sla?customerId=${w.customerId}&month=2026-11`,
    // The SLA report is for the key contact; this portal user is another contact of the customer.
    own: 404,
  },
  {
    method: 'GET',
    pattern: '/api/reports/sla.csv',
    scope: 'read',
    url: (w) => `/api/reports/sla.csv?customerId=${w.customerId}&month=2026-11`,
    own: 404,
  },
  { method: 'GET', pattern: '/api/sla/config', scope: 'staff', url: () => '/api/sla/config' },
  { method: 'GET', pattern: '/api/teams', scope: 'staff', url: () => '/api/teams' },
  {
    method: 'POST',
    pattern: '/api/teams',
    scope: 'staff',
    url: () => '/api/teams',
    body: () => ({ name: `Team ${++unique}` }),
    admin: 201,
  },
  { method: 'GET', pattern: '/api/oncall', scope: 'staff', url: () => '/api/oncall' },
  { method: 'GET', pattern: '/api/mail', scope: 'staff', url: () => '/api/mail' },
  {
    method: 'PATCH',
    pattern: '/api/sla/config',
    scope: 'staff',
    url: () => '/api/sla/config',
    body: () => ({ desk: { reopenDays: 14 } }),
  },
  {
    method: 'GET',
    pattern: '/api/customers/:id/assets',
    scope: 'read',
    url: (w) => `/api/customers/${w.customerId}/assets`,
  },
  {
    method: 'POST',
    pattern: '/api/customers/:id/assets',
    scope: 'write',
    url: (w) => `/api/customers/${w.customerId}/assets`,
    body: () => ({ class: 'other', name: 'Telefooncentrale' }),
    admin: 201,
  },
  {
    method: 'GET',
    pattern: '/api/customers/:id/assets.csv',
    scope: 'read',
    url: (w) => `/api/customers/${w.customerId}/assets.csv`,
  },
  {
    method: 'POST',
    pattern: '/api/customers/:id/assets/import',
    scope: 'write',
    url: (w) => `/api/customers/${w.customerId}/assets/import?mode=dry-run`,
    // JSON is not CSV: an admin gets 415; a contact gets 404 before the body is looked at.
    body: () => ({ csv: 'name,class' }),
    admin: 415,
  },
  { method: 'GET', pattern: '/api/assets/:id', scope: 'read', url: (w) => `/api/assets/${w.assetId}` },
  {
    method: 'PATCH',
    pattern: '/api/assets/:id',
    scope: 'write',
    url: (w) => `/api/assets/${w.assetId}`,
    body: () => ({ notes: 'RAID gecontroleerd' }),
  },
  { method: 'DELETE', pattern: '/api/assets/:id', scope: 'write', url: (w) => `/api/assets/${w.assetId}` },
  {
    method: 'GET',
    pattern: '/api/assets/:id/software',
    scope: 'read',
    url: (w) => `/api/assets/${w.assetId}/software`,
  },
  {
    method: 'POST',
    pattern: '/api/assets/:id/software',
    scope: 'write',
    url: (w) => `/api/assets/${w.assetId}/software`,
    body: () => ({ product: 'Firefox' }),
    admin: 201,
  },
  {
    method: 'PATCH',
    pattern: '/api/asset-software/:id',
    scope: 'write',
    url: (w) => `/api/asset-software/${w.softwareId}`,
    body: () => ({ version: '128.0' }),
  },
  {
    method: 'DELETE',
    pattern: '/api/asset-software/:id',
    scope: 'write',
    url: (w) => `/api/asset-software/${w.softwareId}`,
    admin: 204,
  },
  {
    method: 'GET',
    pattern: '/api/customers/:id/sites',
    scope: 'read',
    url: (w) => `/api/customers/${w.customerId}/sites`,
  },
  {
    method: 'POST',
    pattern: '/api/customers/:id/sites',
    scope: 'write',
    url: (w) => `/api/customers/${w.customerId}/sites`,
    body: () => ({ name: `Vestiging ${++unique}` }),
    admin: 201,
  },
  {
    method: 'PATCH',
    pattern: '/api/sites/:id',
    scope: 'write',
    url: (w) => `/api/sites/${w.siteId}`,
    body: () => ({ address: 'Markt 1, Zwolle' }),
  },
  { method: 'DELETE', pattern: '/api/sites/:id', scope: 'write', url: (w) => `/api/sites/${w.siteId}`, admin: 204 },
  { method: 'GET', pattern: '/api/assets-config', scope: 'staff', url: () => '/api/assets-config' },
  {
    method: 'PATCH',
    pattern: '/api/assets-config',
    scope: 'staff',
    url: () => '/api/assets-config',
    body: () => ({ batteryMaxAgeYears: 4 }),
  },
  { method: 'GET', pattern: '/api/plans', scope: 'staff', url: () => '/api/plans' },
  {
    method: 'POST',
    pattern: '/api/plans',
    scope: 'staff',
    url: () => '/api/plans',
    body: () => ({ name: `Plan ${++unique}`, policy: defaultPolicy(), services: SERVICES, price: PRICE }),
    admin: 201,
  },
  { method: 'GET', pattern: '/api/plans/:id', scope: 'staff', url: (w) => `/api/plans/${w.planId}` },
  {
    method: 'PATCH',
    pattern: '/api/plans/:id',
    scope: 'staff',
    url: (w) => `/api/plans/${w.planId}`,
    body: () => ({ description: 'Bijgewerkt' }),
  },
  {
    method: 'GET',
    pattern: '/api/customers/:id/contracts',
    scope: 'read',
    url: (w) => `/api/customers/${w.customerId}/contracts`,
  },
  {
    method: 'POST',
    pattern: '/api/customers/:id/contracts',
    scope: 'write',
    url: (w) => `/api/customers/${w.customerId}/contracts`,
    body: (w) => ({ planId: w.planId, startDate: '2027-01-01' }),
    admin: 201,
  },
  {
    method: 'GET',
    pattern: '/api/customers/:id/cost',
    scope: 'read',
    url: (w) => `/api/customers/${w.customerId}/cost?date=2026-12-01`,
  },
  { method: 'GET', pattern: '/api/contracts/:id', scope: 'read', url: (w) => `/api/contracts/${w.contractId}` },
  {
    method: 'PATCH',
    pattern: '/api/contracts/:id',
    scope: 'write',
    url: (w) => `/api/contracts/${w.contractId}`,
    body: () => ({ noticeMonths: 1 }),
  },
  {
    method: 'GET',
    pattern: '/api/contracts/:id/document',
    scope: 'read',
    url: (w) => `/api/contracts/${w.contractId}/document`,
  },
  {
    method: 'GET',
    pattern: '/api/customers/:id/overview.pdf',
    scope: 'read',
    url: (w) => `/api/customers/${w.customerId}/overview.pdf`,
  },
  { method: 'GET', pattern: '/api/leads', scope: 'staff', url: () => '/api/leads' },
  { method: 'GET', pattern: '/api/leads/:id', scope: 'staff', url: (w) => `/api/leads/${w.leadId}` },
  {
    method: 'PATCH',
    pattern: '/api/leads/:id',
    scope: 'staff',
    url: (w) => `/api/leads/${w.leadId}`,
    body: () => ({ notes: 'Teruggebeld' }),
  },
  {
    method: 'GET',
    pattern: '/api/customers/:id/ingest-tokens',
    scope: 'staff',
    url: (w) => `/api/customers/${w.customerId}/ingest-tokens`,
  },
  {
    method: 'POST',
    pattern: '/api/customers/:id/ingest-tokens',
    scope: 'write',
    url: (w) => `/api/customers/${w.customerId}/ingest-tokens`,
    body: () => ({ name: 'restic op nas-01' }),
    admin: 201,
  },
  {
    method: 'DELETE',
    pattern: '/api/ingest-tokens/:id',
    scope: 'write',
    url: (w) => `/api/ingest-tokens/${w.ingestTokenId}`,
    admin: 204,
  },
  {
    method: 'GET',
    pattern: '/api/customers/:id/reports',
    scope: 'read',
    url: (w) => `/api/customers/${w.customerId}/reports`,
  },
  { method: 'GET', pattern: '/api/reports/:id', scope: 'read', url: (w) => `/api/reports/${w.reportId}` },
  { method: 'GET', pattern: '/api/reports/:id/raw', scope: 'read', url: (w) => `/api/reports/${w.reportId}/raw` },
  {
    method: 'POST',
    pattern: '/api/reports/:id/reparse',
    scope: 'write',
    url: (w) => `/api/reports/${w.reportId}/reparse`,
  },
  {
    method: 'GET',
    pattern: '/api/customers/:id/monitoring/board',
    scope: 'read',
    url: (w) => `/api/customers/${w.customerId}/monitoring/board`,
  },
  {
    method: 'GET',
    pattern: '/api/customers/:id/monitoring/ups',
    scope: 'read',
    url: (w) => `/api/customers/${w.customerId}/monitoring/ups`,
  },
  {
    method: 'GET',
    pattern: '/api/customers/:id/monitoring/history',
    scope: 'read',
    url: (w) => `/api/customers/${w.customerId}/monitoring/history?job=nas-01`,
  },
  {
    method: 'GET',
    pattern: '/api/customers/:id/monitoring/alerts',
    scope: 'read',
    url: (w) => `/api/customers/${w.customerId}/monitoring/alerts`,
  },
  {
    method: 'POST',
    pattern: '/api/customers/:id/monitoring/reviews',
    scope: 'write',
    url: (w) => `/api/customers/${w.customerId}/monitoring/reviews`,
    body: () => ({ day: '2026-11-20', remarks: 'Alles in orde' }),
  },
  { method: 'GET', pattern: '/api/monitoring/board', scope: 'staff', url: () => '/api/monitoring/board' },
  { method: 'GET', pattern: '/api/monitoring/ups', scope: 'staff', url: () => '/api/monitoring/ups' },
  {
    method: 'GET',
    pattern: '/api/monitoring/reports/unparsed',
    scope: 'staff',
    url: () => '/api/monitoring/reports/unparsed',
  },
  { method: 'POST', pattern: '/api/monitoring/ups/poll', scope: 'staff', url: () => '/api/monitoring/ups/poll' },
  { method: 'POST', pattern: '/api/monitoring/check', scope: 'staff', url: () => '/api/monitoring/check' },
  { method: 'GET', pattern: '/api/monitoring/config', scope: 'staff', url: () => '/api/monitoring/config' },
  {
    method: 'PATCH',
    pattern: '/api/monitoring/config',
    scope: 'staff',
    url: () => '/api/monitoring/config',
    body: () => ({ upsOnBatteryMinutes: 10 }),
  },
  { method: 'GET', pattern: '/api/monitoring/mail-rules', scope: 'staff', url: () => '/api/monitoring/mail-rules' },
  {
    method: 'GET',
    pattern: '/api/monitoring/mail-parsers',
    scope: 'staff',
    url: () => '/api/monitoring/mail-parsers',
  },
  { method: 'GET', pattern: '/api/settings', scope: 'staff', url: () => '/api/settings' },
  {
    method: 'PATCH',
    pattern: '/api/settings',
    scope: 'staff',
    url: () => '/api/settings',
    body: () => ({ company: { phone: '030 765 4321' } }),
  },
]

type Caller = 'admin' | 'own contact' | 'other contact' | 'anonymous'

/** The status each caller must get, by scope. A contact gets 404 (not 403) for staff work: it learns nothing. */
function expectedStatus(route: RouteCase, caller: Caller): number {
  if (caller === 'anonymous') {
    return 401
  }
  if (caller === 'admin') {
    return route.admin ?? 200
  }
  if (route.scope === 'list') {
    return 200
  }
  if (caller === 'own contact') {
    return route.own ?? (route.scope === 'read' ? 200 : 404)
  }
  return 404
}

const label = (r: RouteCase) => `${r.method} ${r.pattern}`
const CASES = ROUTES.map((r) => [label(r), r] as const)

for (const dialect of dialects) {
  describe(`access control walk [${dialect}]`, () => {
    const ctx = useApp(dialect)
    let shared: World
    let otherCustomerId: string
    let otherCustomerName: string
    let adminEmail: string
    const sessions: Partial<Record<Caller, Session>> = {}

    async function makeWorld(name: string): Promise<World> {
      const customer = await make.customer(ctx.db, { name, name_key: name.toLowerCase() })
      const colleague = await make.contact(ctx.db, {
        customer_id: customer.id,
        is_key_contact: 1,
        name: `Collega van ${name}`,
      })
      const portal = await make.user(ctx.db, { role: 'contact', customer_id: customer.id })
      const mailSubject = `Onderhoudsrapport voor ${name}`
      const mailId = await ctx.sladesk.services.mailer.enqueue(ctx.db, {
        to: colleague.email,
        subject: mailSubject,
        text: 'Alles in orde.',
        kind: 'test',
        customerId: customer.id,
      })
      const ticketTitle = `Server van ${name} start niet op`
      const system = { kind: 'system' as const, label: 'test' }
      const ticket = await ctx.sladesk.services.tickets.create(system, {
        customerId: customer.id,
        title: ticketTitle,
        description: 'Sinds vanochtend blijft het scherm zwart.',
        type: 'incident',
      })
      const attachment = await ctx.sladesk.services.tickets.addAttachment(system, ticket.id, {
        filename: 'foto.png',
        contentType: 'image/png',
        content: Buffer.from('not really a png'),
        public: true,
      })
      const assets = ctx.sladesk.services.assets
      const asset = await assets.create(system, customer.id, { class: 'server', name: `Server van ${name}` })
      const site = await assets.createSite(system, customer.id, { name: `Vestiging van ${name}`, address: null })
      const software = await assets.addSoftware(system, asset.id, {
        product: 'Veeam Agent',
        vendor: null,
        version: null,
        licence: null,
        installedOn: null,
      })
      const contracts = ctx.sladesk.services.contracts
      const plan = await contracts.createPlan(system, {
        name: `Plan van ${name}`,
        description: '',
        active: true,
        policy: defaultPolicy(),
        services: SERVICES,
        price: PRICE,
      })
      const contract = await contracts.createContract(system, customer.id, {
        planId: plan.id,
        startDate: '2026-01-01',
        termMonths: 12,
        noticeMonths: 3,
        indexationPercent: 0,
        monthlyDiscountPercent: 0,
        overrides: {},
      })
      await contracts.updateContract(system, contract.id, { status: 'active' })
      await contracts.putDocument(system, contract.id, {
        filename: 'sla.pdf',
        contentType: 'application/pdf',
        content: Buffer.from('%PDF-1.7\n'),
      })
      ++unique
      const lead = await ctx.sladesk.services.leads.submit(
        {
          company: `Prospect van ${name}`,
          name: 'Piet Prospect',
          email: `prospect-${unique}@example.test`,
          question: 'Wat kost beheer?',
        },
        // At most five requests an hour from one address: each world comes from its own.
        { ip: `10.9.${Math.floor(unique / 250)}.${(unique % 250) + 1}` },
      )
      const monitoring = ctx.sladesk.services.monitoring
      const ingestToken = await monitoring.createToken(system, customer.id, { name: `Shipper van ${name}` })
      const backupReport = await monitoring.ingest({
        authorization: `Bearer ${ingestToken.token}`,
        kind: 'backup',
        body: Buffer.from(`back-up van ${name}\n`),
        contentType: 'text/plain',
        query: {},
      })
      return {
        ingestTokenId: ingestToken.id,
        reportId: backupReport.id,
        assetId: asset.id,
        siteId: site.id,
        softwareId: software.id,
        planId: plan.id,
        contractId: contract.id,
        leadId: lead.id,
        ticketId: ticket.id,
        ticketTitle,
        attachmentId: attachment.id,
        customerId: customer.id,
        customerName: name,
        colleagueId: colleague.id,
        colleagueName: colleague.name,
        colleagueEmail: colleague.email,
        portalUserId: portal.id,
        portalEmail: portal.email,
        mailId,
        mailSubject,
      }
    }

    /** Everything a request could change about a world, to prove a refused request changed nothing. */
    async function fingerprint(w: World): Promise<string> {
      const db = ctx.db
      return JSON.stringify([
        await db.selectFrom('customers').selectAll().where('id', '=', w.customerId).execute(),
        await db.selectFrom('contacts').selectAll().where('customer_id', '=', w.customerId).orderBy('id').execute(),
        await db
          .selectFrom('users')
          .select(['id', 'email', 'active', 'password_hash'])
          .where('customer_id', '=', w.customerId)
          .orderBy('id')
          .execute(),
        await db.selectFrom('outbox').selectAll().where('customer_id', '=', w.customerId).orderBy('id').execute(),
        await db.selectFrom('settings').selectAll().orderBy('key').execute(),
        await db.selectFrom('tickets').selectAll().where('customer_id', '=', w.customerId).orderBy('id').execute(),
        await db
          .selectFrom('ticket_articles')
          .selectAll()
          .where('customer_id', '=', w.customerId)
          .orderBy('id')
          .execute(),
        await db
          .selectFrom('ticket_time_entries')
          .selectAll()
          .where('customer_id', '=', w.customerId)
          .orderBy('id')
          .execute(),
        await db.selectFrom('sla_config').selectAll().orderBy('key').execute(),
        await db.selectFrom('sla_customer_policies').selectAll().orderBy('customer_id').execute(),
        await db.selectFrom('assets').selectAll().where('customer_id', '=', w.customerId).orderBy('id').execute(),
        await db.selectFrom('sites').selectAll().where('customer_id', '=', w.customerId).orderBy('id').execute(),
        await db.selectFrom('asset_software').selectAll().where('asset_id', '=', w.assetId).orderBy('id').execute(),
        await db.selectFrom('contracts').selectAll().where('customer_id', '=', w.customerId).orderBy('id').execute(),
        await db.selectFrom('sla_plans').selectAll().where('id', '=', w.planId).execute(),
        await db.selectFrom('leads').selectAll().where('id', '=', w.leadId).execute(),
        await db
          .selectFrom('ingest_tokens')
          .selectAll()
          .where('customer_id', '=', w.customerId)
          .orderBy('id')
          .execute(),
        await db
          .selectFrom('monitoring_reports')
          .selectAll()
          .where('customer_id', '=', w.customerId)
          .orderBy('id')
          .execute(),
        await db
          .selectFrom('report_events')
          .selectAll()
          .where('customer_id', '=', w.customerId)
          .orderBy('id')
          .execute(),
      ])
    }

    /** A refused answer is a problem document that names nothing the caller may not know. */
    function expectRefusal(res: LightMyRequestResponse, status: number, w: World): void {
      expect(res.statusCode, res.body).toBe(status)
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/)
      for (const secret of [
        w.customerName,
        w.colleagueName,
        w.colleagueEmail,
        w.portalEmail,
        w.mailSubject,
        w.ticketTitle,
        otherCustomerName,
        adminEmail,
      ]) {
        expect(res.body).not.toContain(secret)
      }
    }

    function request(caller: Caller, route: RouteCase, w: World) {
      const body = route.body?.(w)
      return as(ctx.app, sessions[caller])({ method: route.method, url: route.url(w), ...(body && { payload: body }) })
    }

    beforeAll(async () => {
      shared = await makeWorld('Geheim Notariaat Van Dijk')
      const admin = await make.user(ctx.db, { role: 'admin' })
      adminEmail = admin.email
      const other = await make.user(ctx.db, { role: 'contact' })
      otherCustomerId = other.customer_id ?? ''
      otherCustomerName = (
        await ctx.db.selectFrom('customers').select('name').where('id', '=', otherCustomerId).executeTakeFirstOrThrow()
      ).name
      sessions.admin = await signIn(ctx.app, admin.email)
      sessions['own contact'] = await signIn(ctx.app, shared.portalEmail)
      sessions['other contact'] = await signIn(ctx.app, other.email)
    })

    it('lists each route once and covers every scope', () => {
      // A guard for the table itself: every scope is covered, and no route is listed twice.
      expect(new Set(ROUTES.map(label)).size).toBe(ROUTES.length)
      expect(new Set(ROUTES.map((r) => r.scope))).toEqual(new Set(['list', 'read', 'write', 'staff']))
    })

    describe('as a staff admin', () => {
      // Each route gets its own customer, so that archiving or inviting in one does not change the next.
      it.each(CASES)('%s succeeds', async (_name, route) => {
        const w = await makeWorld(`Beheerklant ${route.method} ${route.pattern}`)
        const res = await request('admin', route, w)
        expect(res.statusCode, res.body).toBe(expectedStatus(route, 'admin'))
      })

      it('sees every customer in the list', async () => {
        // One world per route: more customers than a default page holds.
        const res = await as(ctx.app, sessions.admin)({ method: 'GET', url: '/api/customers?limit=200' })
        const ids = res.json<{ items: { id: string }[] }>().items.map((c) => c.id)
        expect(ids).toEqual(expect.arrayContaining([shared.customerId, otherCustomerId]))
      })
    })

    describe("as the customer's own contact", () => {
      it.each(CASES)('%s', async (_name, route) => {
        const before = await fingerprint(shared)
        const res = await request('own contact', route, shared)
        const status = expectedStatus(route, 'own contact')
        if (status < 300) {
          expect(res.statusCode, res.body).toBe(status)
          if (route.method === 'GET') {
            expect(await fingerprint(shared)).toBe(before)
          }
        } else {
          expectRefusal(res, status, shared)
          expect(res.json()).toMatchObject({ code: status === 404 ? 'not_found' : 'field_not_allowed' })
          expect(await fingerprint(shared)).toBe(before)
        }
      })

      it('reads its own customer and its contacts, but no archived contacts even when it asks', async () => {
        const portal = as(ctx.app, sessions['own contact'])
        expect((await portal({ method: 'GET', url: `/api/customers/${shared.customerId}` })).json()).toMatchObject({
          id: shared.customerId,
          name: shared.customerName,
        })
        const gone = await make.contact(ctx.db, {
          customer_id: shared.customerId,
          archived_at: 5,
          name: 'Vertrokken Collega',
        })
        const res = await portal({
          method: 'GET',
          url: `/api/customers/${shared.customerId}/contacts?archived=include`,
        })
        const contacts = res.json<{ items: { id: string; customerId: string }[] }>().items
        expect(contacts.length).toBeGreaterThan(0)
        expect(contacts.every((c) => c.customerId === shared.customerId)).toBe(true)
        expect(contacts.map((c) => c.id)).not.toContain(gone.id)
      })

      it("does not see the MSP's internal notes about its own customer", async () => {
        await ctx.db
          .updateTable('customers')
          .set({ notes: 'Betaalt altijd te laat' })
          .where('id', '=', shared.customerId)
          .execute()
        const portal = as(ctx.app, sessions['own contact'])
        const one = await portal({ method: 'GET', url: `/api/customers/${shared.customerId}` })
        expect(one.json()).toMatchObject({ id: shared.customerId, notes: null })
        const list = await portal({ method: 'GET', url: '/api/customers' })
        expect(list.body).not.toContain('Betaalt altijd te laat')
        const staff = as(ctx.app, sessions.admin)
        expect((await staff({ method: 'GET', url: `/api/customers/${shared.customerId}` })).json()).toMatchObject({
          notes: 'Betaalt altijd te laat',
        })
      })

      it('finds only its own customer in the list, whatever it asks for', async () => {
        const portal = as(ctx.app, sessions['own contact'])
        for (const query of [
          '',
          '?archived=include',
          '?archived=only',
          `?q=${encodeURIComponent(otherCustomerName)}`,
          '?limit=200',
        ]) {
          const res = await portal({ method: 'GET', url: `/api/customers${query}` })
          expect(res.statusCode).toBe(200)
          const ids = res.json<{ items: { id: string }[] }>().items.map((c) => c.id)
          expect(
            ids.every((id) => id === shared.customerId),
            query,
          ).toBe(true)
          expect(res.body).not.toContain(otherCustomerName)
        }
        const all = await portal({ method: 'GET', url: '/api/customers' })
        expect(all.json<{ items: { id: string }[] }>().items.map((c) => c.id)).toEqual([shared.customerId])
      })
    })

    describe('as a contact of another customer', () => {
      it.each(CASES)('%s', async (_name, route) => {
        const before = await fingerprint(shared)
        const res = await request('other contact', route, shared)
        const status = expectedStatus(route, 'other contact')
        if (status === 200) {
          expect(res.statusCode, res.body).toBe(200)
          expect(res.body).not.toContain(shared.customerId)
          expect(res.body).not.toContain(shared.customerName)
        } else {
          expectRefusal(res, status, shared)
        }
        expect(await fingerprint(shared)).toBe(before)
      })

      it('cannot tell an existing customer or contact from one that does not exist', async () => {
        const stranger = as(ctx.app, sessions['other contact'])
        const missing = randomUUID()
        for (const route of ROUTES.filter((r) => r.scope !== 'list')) {
          const real = await request('other contact', route, shared)
          const fake = await request('other contact', route, {
            ...shared,
            customerId: missing,
            colleagueId: missing,
            portalUserId: missing,
            mailId: missing,
            assetId: missing,
            siteId: missing,
            softwareId: missing,
            contractId: missing,
            ingestTokenId: missing,
            reportId: missing,
          })
          expect(fake.statusCode, label(route)).toBe(real.statusCode)
          const hide = (body: string) =>
            body
              .replaceAll(shared.customerId, '<id>')
              .replaceAll(shared.colleagueId, '<id>')
              .replaceAll(shared.assetId, '<id>')
              .replaceAll(shared.siteId, '<id>')
              .replaceAll(shared.softwareId, '<id>')
              .replaceAll(shared.contractId, '<id>')
              .replaceAll(shared.ingestTokenId, '<id>')
              .replaceAll(shared.reportId, '<id>')
              .replaceAll(missing, '<id>')
          expect(hide(fake.body), label(route)).toBe(hide(real.body))
        }
        expect(
          (
            await stranger({
              method: 'GET',
              url: `/api/customers?q=${encodeURIComponent(shared.customerName)}&archived=include`,
            })
          ).json(),
        ).toEqual({ items: [], nextCursor: null })
      })
    })

    describe('anonymously', () => {
      it.each(CASES)('%s is 401', async (_name, route) => {
        const before = await fingerprint(shared)
        const res = await request('anonymous', route, shared)
        expectRefusal(res, 401, shared)
        expect(res.json()).toMatchObject({ code: 'unauthenticated' })
        expect(await fingerprint(shared)).toBe(before)
      })

      it('is 401 with a session cookie that was never issued', async () => {
        const forged = { cookie: 'sladesk_session=forged-session-value', csrfToken: 'forged' }
        for (const route of ROUTES) {
          const body = route.body?.(shared)
          const res = await as(
            ctx.app,
            forged,
          )({ method: route.method, url: route.url(shared), ...(body && { payload: body }) })
          expect(res.statusCode, label(route)).toBe(401)
        }
      })
    })
  })
}
