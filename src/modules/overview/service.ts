import type { Actor } from '../../platform/access.js'
import type { Locale } from '../../platform/i18n/messages.js'
import { fileSlug, renderPdf } from '../../platform/pdf.js'
import type { Asset } from '../assets/schema.js'
import type { AssetService } from '../assets/service.js'
import type { ContractService } from '../contracts/service.js'
import type { CustomerService } from '../customers/service.js'
import type { SettingsService } from '../settings/service.js'
import { overviewDocument } from './document.js'

export interface OverviewDeps {
  settings: Pick<SettingsService, 'load'>
  customers: Pick<CustomerService, 'get' | 'listContacts'>
  assets: Pick<AssetService, 'list'>
  contracts: Pick<ContractService, 'costForCustomer' | 'listContracts'>
  now: () => number
}

/** The customer's overview of its infrastructure and of the monthly cost of its SLA, as a PDF. */
export function createOverviewService({ settings, customers, assets, contracts, now }: OverviewDeps) {
  return {
    /**
     * The overview as it stands today (the MSP's time zone) in `lang` (default: the caller's language). Staff and
     * the customer's own contacts; another customer's contact gets 404 from the first read.
     */
    async pdf(actor: Actor, customerId: string, lang?: Locale): Promise<{ filename: string; content: Buffer }> {
      const customer = await customers.get(actor, customerId)
      const { company } = await settings.load()
      const locale = lang ?? (actor.kind === 'system' ? company.defaultLocale : actor.locale)
      const date = new Intl.DateTimeFormat('sv-SE', { timeZone: company.timeZone }).format(now())
      const keyContact = (await customers.listContacts(actor, customerId)).find((c) => c.keyContact)
      const items: Asset[] = []
      let cursor: string | undefined
      do {
        const page = await assets.list(actor, customerId, { limit: 200, cursor })
        items.push(...page.items)
        cursor = page.nextCursor ?? undefined
      } while (cursor)
      const cost = await contracts.costForCustomer(date, customerId)
      // Through the caller's own rights: a contact sees the contract in force, never a draft.
      const contract = cost.contract
        ? (await contracts.listContracts(actor, customerId)).find((c) => c.id === cost.contract?.id)
        : undefined
      const doc = overviewDocument({
        company,
        locale,
        date,
        customer,
        keyContact,
        assets: items,
        contract: contract && { contract, cost: cost.cost },
      })
      const name = `${locale === 'nl' ? 'overzicht' : 'overview'}-${fileSlug(customer.name)}-${date.slice(0, 7)}.pdf`
      return { filename: name, content: await renderPdf(doc) }
    },
  }
}

export type OverviewService = ReturnType<typeof createOverviewService>
