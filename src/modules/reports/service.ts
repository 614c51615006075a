import { DateTime } from 'luxon'
import { type Actor, customerScope } from '../../platform/access.js'
import { AppError, badRequest, notFound } from '../../platform/errors.js'
import type { CustomerService } from '../customers/service.js'
import type { SettingsService } from '../settings/service.js'
import { PRIORITIES } from '../sla/priority.js'
import type { TicketService } from '../tickets/service.js'
import { slaReport, type SlaReportFigures } from './sla-report.js'

export interface ReportDeps {
  tickets: TicketService
  customers: CustomerService
  settings: SettingsService
  now: () => number
}

export interface SlaReport extends SlaReportFigures {
  month: string
  customerId: string | null
  customerName: string | null
  from: number
  to: number
  generatedAt: number
}

export function createReportService({ tickets, customers, settings, now }: ReportDeps) {
  return {
    /**
     * The SLA report of one month (tickets opened in it, in the MSP's time zone), per priority. Staff see any
     * customer or all together; a portal user sees its own customer's, and only as its key contact.
     */
    async sla(actor: Actor, q: { customerId?: string; month: string }): Promise<SlaReport> {
      const scope = customerScope(actor)
      const customerId = scope ?? q.customerId ?? null
      if (scope !== undefined) {
        const contact =
          actor.kind === 'contact' && actor.contactId
            ? await customers.findContactRow(undefined, actor.contactId)
            : undefined
        if ((q.customerId !== undefined && q.customerId !== scope) || contact?.is_key_contact !== 1) {
          // Like any staff-only thing: the portal user learns nothing, not even that it exists.
          throw new AppError(404, 'not_found', 'Not found')
        }
      }
      let customerName: string | null = null
      if (customerId) {
        const customer = await customers.findRow(undefined, customerId)
        if (!customer) {
          throw notFound('customer', customerId)
        }
        customerName = customer.name
      }
      const { company } = await settings.load()
      const start = DateTime.fromISO(`${q.month}-01`, { zone: company.timeZone })
      if (!start.isValid) {
        throw badRequest('validation_failed', 'month: a month such as 2026-11', {
          errors: [{ path: 'month', message: 'a month such as 2026-11' }],
        })
      }
      const from = start.toMillis()
      const to = start.plus({ months: 1 }).toMillis()
      const rows = await tickets.forReport(customerId, from, to)
      return {
        month: q.month,
        customerId,
        customerName,
        from,
        to,
        generatedAt: now(),
        ...slaReport(rows, PRIORITIES),
      }
    },
  }
}

export type ReportService = ReturnType<typeof createReportService>
