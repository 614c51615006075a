// The quote as a document for the prospect, in the language of its request.
import { t } from '../../platform/i18n/messages.js'
import {
  type Content,
  details,
  documentOf,
  formatDate,
  heading,
  type TDocumentDefinitions,
} from '../../platform/pdf.js'
import type { Company } from '../settings/schema.js'
import { costSection, responseTimesSection, servicesSection } from '../overview/sections.js'
import type { Lead, Quote } from './schema.js'

export function quoteDocument(quote: Quote, lead: Lead, company: Company): TDocumentDefinitions {
  const locale = quote.locale
  const prospect: Content = {
    stack: [
      { text: t(locale, 'quote.for'), style: 'muted' },
      { text: lead.company, bold: true },
      lead.name,
      lead.email,
      ...(lead.phone ? [lead.phone] : []),
    ],
    margin: [0, 6, 0, 6],
  }
  const plan = quote.plan
  return documentOf({
    company,
    locale,
    title: t(locale, 'quote.title', { number: quote.number }),
    content: [
      {
        columns: [
          { width: '*', stack: [prospect] },
          {
            width: 'auto',
            stack: [
              details([
                [t(locale, 'quote.date'), formatDate(quote.date, locale)],
                [t(locale, 'quote.validUntil'), formatDate(quote.validUntil, locale)],
                [t(locale, 'quote.plan'), plan.name],
              ]),
            ],
          },
        ],
      },
      heading(`${t(locale, 'quote.plan')}: ${plan.name}`),
      ...(plan.description ? [{ text: plan.description, margin: [0, 0, 0, 4] } as Content] : []),
      ...servicesSection(plan.services, plan.serviceDiscountPercent, locale),
      ...responseTimesSection(plan.priorities, locale),
      costSection(t(locale, 'quote.price'), quote, locale),
      { text: t(locale, 'quote.closing', { date: formatDate(quote.validUntil, locale) }), style: 'muted' },
    ],
  })
}
