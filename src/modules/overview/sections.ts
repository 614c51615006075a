// Parts of the documents that describe an SLA: what it covers, how fast it answers, what it costs per month.
// Shared by the quote (leads) and the customer's overview, so that a prospect reads the same promise as a customer.
import type { AssetClass } from '../assets/classes.js'
import type { PlanServices } from '../contracts/schema.js'
import { PRIORITIES } from '../sla/priority.js'
import type { PriorityPolicy, Target } from '../sla/clock.js'
import { t, type Locale, type MessageKey } from '../../platform/i18n/messages.js'
import {
  type Content,
  formatMoney,
  formatPercent,
  heading,
  type MoneyLine,
  moneyTable,
  table,
  type TableCell,
} from '../../platform/pdf.js'

export const classLabel = (cls: AssetClass, locale: Locale): string => t(locale, `pdf.class.${cls}` as MessageKey)

/** What the plan covers, as a bulleted list; the call desk is part of every SLA. */
export function servicesSection(services: PlanServices, serviceDiscountPercent: number, locale: Locale): Content[] {
  const items = [t(locale, 'pdf.service.callDesk')]
  if (services.remoteHelp) {
    items.push(t(locale, 'pdf.service.remoteHelp'))
  }
  if (services.patchManagement) {
    items.push(t(locale, 'pdf.service.patchManagement'))
  }
  if (services.backupChecks) {
    items.push(t(locale, 'pdf.service.backupChecks'))
  }
  if (services.upsChecks) {
    items.push(t(locale, 'pdf.service.upsChecks'))
  }
  if (services.preventiveMaintenancePerYear > 0) {
    items.push(t(locale, 'pdf.service.preventiveMaintenance', { count: String(services.preventiveMaintenancePerYear) }))
  }
  if (services.onsiteVisitsPerYear > 0) {
    items.push(t(locale, 'pdf.service.onsiteVisits', { count: String(services.onsiteVisitsPerYear) }))
  }
  if (services.documentation) {
    items.push(t(locale, 'pdf.service.documentation'))
  }
  if (serviceDiscountPercent > 0) {
    items.push(t(locale, 'pdf.service.discount', { percent: formatPercent(serviceDiscountPercent, locale) }))
  }
  return [heading(t(locale, 'pdf.services')), { ul: items, margin: [0, 2, 0, 8] }]
}

/** A target as people say it: "4 uur (dag en nacht)", "90 min. (kantooruren)". */
export function targetText(target: Target | null, locale: Locale): string {
  if (!target) {
    return t(locale, 'pdf.noTarget')
  }
  const duration =
    target.seconds % 3600 === 0
      ? t(locale, 'pdf.hours', { count: String(target.seconds / 3600) })
      : t(locale, 'pdf.minutes', { count: String(Math.round(target.seconds / 60)) })
  const calendar =
    target.calendar === '24x7' || target.calendar === 'business'
      ? t(locale, `pdf.calendar.${target.calendar}`)
      : target.calendar
  return t(locale, 'pdf.target', { duration, calendar })
}

/** First response, update and resolution per priority. */
export function responseTimesSection(priorities: Record<string, PriorityPolicy>, locale: Locale): Content[] {
  const rows: TableCell[][] = PRIORITIES.flatMap((p) => {
    const policy = priorities[p]
    return policy
      ? [
          [
            t(locale, `pdf.priority.${p}`),
            targetText(policy.firstResponse, locale),
            targetText(policy.update, locale),
            targetText(policy.resolution, locale),
          ],
        ]
      : []
  })
  return [
    heading(t(locale, 'pdf.times')),
    table(
      [t(locale, 'pdf.priority'), t(locale, 'pdf.firstResponse'), t(locale, 'pdf.update'), t(locale, 'pdf.resolution')],
      rows,
      { widths: ['auto', '*', '*', '*'] },
    ),
  ]
}

/** The monthly cost as the contracts module computes it, with labels in the document's language. */
export interface CostFigures {
  currency: string
  lines: (
    | { kind: 'base'; amountCents: number }
    | { kind: 'assets'; class: AssetClass; quantity: number; unitCents: number; amountCents: number }
  )[]
  subtotalCents: number
  monthlyDiscountPercent: number
  discountCents: number
  vatPercent: number
  vatCents: number
  totalCents: number
}

export function costLineLabel(line: CostFigures['lines'][number], currency: string, locale: Locale): string {
  return line.kind === 'base'
    ? t(locale, 'pdf.line.base')
    : t(locale, 'pdf.line.assets', {
        quantity: String(line.quantity),
        class: classLabel(line.class, locale),
        unit: formatMoney(line.unitCents, currency),
      })
}

/** Lines, subtotal, discount (when there is one), VAT and the total. */
export function costTable(cost: CostFigures, locale: Locale): Content {
  const lines: MoneyLine[] = cost.lines.map((l) => ({
    label: costLineLabel(l, cost.currency, locale),
    amountCents: l.amountCents,
  }))
  const totals: MoneyLine[] = [{ label: t(locale, 'pdf.subtotal'), amountCents: cost.subtotalCents }]
  if (cost.discountCents > 0) {
    totals.push({
      label: t(locale, 'pdf.discount', { percent: formatPercent(cost.monthlyDiscountPercent, locale) }),
      amountCents: -cost.discountCents,
    })
  }
  totals.push(
    { label: t(locale, 'pdf.vat', { percent: formatPercent(cost.vatPercent, locale) }), amountCents: cost.vatCents },
    { label: t(locale, 'pdf.total'), amountCents: cost.totalCents },
  )
  return moneyTable([t(locale, 'pdf.description'), t(locale, 'pdf.amount')], lines, totals, cost.currency)
}

/** The cost table under its heading, kept together on one page. */
export function costSection(title: string, cost: CostFigures, locale: Locale): Content {
  return { stack: [heading(title), costTable(cost, locale)], unbreakable: true }
}
