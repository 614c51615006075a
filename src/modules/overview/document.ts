// The customer's overview as a document: who they are, what they have, what the SLA promises and what it costs.
import { messages, t, type Locale, type MessageKey } from '../../platform/i18n/messages.js'
import {
  type Content,
  details,
  documentOf,
  formatDate,
  heading,
  table,
  type TableCell,
  type TDocumentDefinitions,
} from '../../platform/pdf.js'
import { ASSET_CLASSES } from '../assets/classes.js'
import type { Asset } from '../assets/schema.js'
import type { Contract } from '../contracts/schema.js'
import type { Contact, Customer } from '../customers/schema.js'
import type { Company } from '../settings/schema.js'
import { classLabel, type CostFigures, costSection, responseTimesSection, servicesSection } from './sections.js'

export interface OverviewData {
  company: Company
  locale: Locale
  /** The day the overview describes (YYYY-MM-DD). */
  date: string
  customer: Customer
  keyContact: Contact | undefined
  assets: Asset[]
  /** The contract that applies on the date, with its cost; undefined when none does. */
  contract: { contract: Contract; cost: CostFigures } | undefined
}

/** The sentence for a warning; a code this document does not know yet still reads, with the asset's own message. */
function warningKey(code: string): MessageKey {
  const key = `overview.warning.${code}`
  return key in messages.nl ? (key as MessageKey) : 'overview.warning.other'
}

/** What runs on it (servers and PCs) or what it is (the rest). */
function modelOf(asset: Asset): string {
  const os = 'os' in asset ? [asset.os, asset.osVersion].filter(Boolean).join(' ') : ''
  return os || [asset.make, asset.model].filter(Boolean).join(' ')
}

function infrastructure(assets: Asset[], locale: Locale): Content[] {
  const out: Content[] = [heading(t(locale, 'overview.infrastructure'))]
  if (assets.length === 0) {
    return [...out, { text: t(locale, 'overview.noAssets'), style: 'muted' }]
  }
  const byClass = ASSET_CLASSES.map((cls) => ({ cls, items: assets.filter((a) => a.class === cls) })).filter(
    (g) => g.items.length > 0,
  )
  out.push(
    table(
      [t(locale, 'overview.col.class'), t(locale, 'overview.col.count')],
      byClass.map((g) => [classLabel(g.cls, locale), String(g.items.length)]),
      { widths: ['*', 'auto'], right: [1] },
    ),
  )
  for (const group of byClass) {
    const rows: TableCell[][] = group.items.map((a) => [
      a.status === 'active' ? a.name : `${a.name} (${a.status})`,
      a.siteName ?? '',
      modelOf(a),
      a.warrantyEnd ? formatDate(a.warrantyEnd, locale) : '',
    ])
    out.push(
      { text: classLabel(group.cls, locale), bold: true, margin: [0, 6, 0, 0] },
      table(
        [
          t(locale, 'overview.col.name'),
          t(locale, 'overview.col.site'),
          t(locale, 'overview.col.model'),
          t(locale, 'overview.col.warranty'),
        ],
        rows,
        { widths: ['*', 'auto', '*', 'auto'] },
      ),
    )
  }
  const warnings = assets.flatMap((a) =>
    a.warnings.map((w) =>
      t(locale, warningKey(w.code), {
        asset: a.name,
        date: formatDate(w.date, locale),
        message: w.message ?? w.code,
      }),
    ),
  )
  if (warnings.length > 0) {
    out.push(heading(t(locale, 'overview.warnings')), { ul: warnings, margin: [0, 2, 0, 8] })
  }
  return out
}

export function overviewDocument(data: OverviewData): TDocumentDefinitions {
  const { locale, customer, keyContact } = data
  const address = [customer.address, [customer.postalCode, customer.city].filter(Boolean).join(' ')]
    .filter(Boolean)
    .join(', ')
  const contact = keyContact
    ? [keyContact.name, keyContact.email, keyContact.phone].filter(Boolean).join(', ')
    : t(locale, 'overview.none')
  const content: Content[] = [
    { text: t(locale, 'overview.asOf', { date: formatDate(data.date, locale) }), style: 'muted' },
    heading(t(locale, 'overview.customer')),
    details([
      [t(locale, 'overview.name'), customer.name],
      [t(locale, 'overview.address'), address],
      [t(locale, 'overview.email'), customer.email ?? ''],
      [t(locale, 'overview.phone'), customer.phone ?? ''],
      [t(locale, 'overview.keyContact'), contact],
    ]),
    ...infrastructure(data.assets, locale),
  ]
  if (!data.contract) {
    content.push(heading(t(locale, 'overview.contract')), { text: t(locale, 'overview.noContract'), style: 'muted' })
  } else {
    const { contract, cost } = data.contract
    content.push(
      // The heading stays with what it heads.
      {
        stack: [
          heading(t(locale, 'overview.contract')),
          details([
            [t(locale, 'overview.plan'), contract.plan.name],
            [t(locale, 'overview.startDate'), formatDate(contract.startDate, locale)],
            [t(locale, 'overview.term'), t(locale, 'overview.months', { count: String(contract.termMonths) })],
          ]),
        ],
        unbreakable: true,
      },
      ...servicesSection(contract.terms.services, contract.terms.price.serviceDiscountPercent, locale),
      ...responseTimesSection(contract.terms.policy.priorities, locale),
      costSection(t(locale, 'overview.cost'), cost, locale),
    )
  }
  return documentOf({
    company: data.company,
    locale,
    title: t(locale, 'overview.title', { customer: customer.name }),
    content,
  })
}
