import type { Db } from '../../db/database.js'
import { type Actor, assertStaff } from '../../platform/access.js'
import type { Audit } from '../../platform/audit.js'
import { AppError, badRequest, conflict, notFound } from '../../platform/errors.js'
import { t, type Locale } from '../../platform/i18n/messages.js'
import { uuidv7 } from '../../platform/ids.js'
import type { Mailer } from '../../platform/mail/outbox.js'
import { pageOf, readCursor } from '../../platform/paging.js'
import { renderPdf } from '../../platform/pdf.js'
import type { AssetCounts } from '../assets/classes.js'
import { monthlyCost } from '../contracts/price.js'
import type { Plan } from '../contracts/schema.js'
import type { ContractService } from '../contracts/service.js'
import type { CustomerService } from '../customers/service.js'
import type { SettingsService } from '../settings/service.js'
import type { UserService } from '../users/service.js'
import { costLineLabel } from '../overview/sections.js'
import { quoteDocument } from './quote-pdf.js'
import * as repo from './repo.js'
import type {
  Lead,
  LeadAccepted,
  LeadConvert,
  LeadConverted,
  LeadDetail,
  LeadListQuery,
  LeadPage,
  LeadPatch,
  LeadSubmit,
  Quote,
  QuoteCreate,
  QuotedPlan,
} from './schema.js'

export interface LeadDeps {
  db: Db
  audit: Audit
  mailer: Mailer
  settings: SettingsService
  users: UserService
  customers: CustomerService
  contracts: Pick<ContractService, 'getPlan' | 'createContract'>
  publicUrl: string
  /** Public form submissions allowed per IP address and hour. */
  leadsPerHour: number
  now: () => number
}

const HOUR = 3_600_000
/** A conversion that has not finished in this time has died (a crash); another may take over. */
const CONVERSION_TIMEOUT = 5 * 60_000
const PUBLIC_FORM: Actor = { kind: 'system', label: 'public-form' }
const CAN_CHANGE = ['admin', 'billing'] as const

/** The calendar day of an instant in a time zone, as YYYY-MM-DD. */
function dayIn(timeZone: string, at: number): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone }).format(at)
}

function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10)
}

export function createLeadService(deps: LeadDeps) {
  const { db, audit, mailer, settings, users, customers, contracts, publicUrl, leadsPerHour, now } = deps

  /** @throws AppError 429 with retryAfterSeconds when `ip` sent more than leadsPerHour this hour. */
  async function rateLimit(ip: string): Promise<void> {
    const at = now()
    const windowStart = at - (at % HOUR)
    const count = await repo.countSubmission(db, ip, windowStart)
    if (count === 1) {
      // The first request of an hour from this address: a good moment to forget the hours that have passed.
      await repo.pruneSubmissionCounts(db, windowStart)
    }
    if (count > leadsPerHour) {
      const retryAfterSeconds = Math.max(1, Math.ceil((windowStart + HOUR - at) / 1000))
      throw new AppError(
        429,
        'too_many_requests',
        `Too many requests from this address; try again in ${retryAfterSeconds} s`,
        { retryAfterSeconds },
      )
    }
  }

  /** Who hears of a new lead: every active admin, in their own language; without admins, the company address. */
  async function staffToTell(): Promise<{ email: string; locale: Locale }[]> {
    const out: { email: string; locale: Locale }[] = []
    let cursor: string | undefined
    do {
      const page = await users.list(PUBLIC_FORM, { kind: 'staff', limit: 200, cursor })
      out.push(
        ...page.items.filter((u) => u.role === 'admin' && u.active).map((u) => ({ email: u.email, locale: u.locale })),
      )
      cursor = page.nextCursor ?? undefined
    } while (cursor)
    if (out.length === 0) {
      const { company } = await settings.load()
      if (company.email) {
        out.push({ email: company.email, locale: company.defaultLocale })
      }
    }
    return out
  }

  async function mustFind(id: string): Promise<repo.LeadRow> {
    const row = await repo.findById(db, id)
    if (!row) {
      throw notFound('lead', id)
    }
    return row
  }

  /** The plan by id, for a request body: an unknown plan is the body's mistake (400), an inactive one 409. */
  async function planFor(actor: Actor, planId: string): Promise<Plan> {
    let plan: Plan
    try {
      plan = await contracts.getPlan(actor, planId)
    } catch (err) {
      if (err instanceof AppError && err.status === 404) {
        throw badRequest('unknown_plan', `There is no plan ${planId}`, {
          errors: [{ path: 'body.planId', message: 'no such plan' }],
        })
      }
      throw err
    }
    if (!plan.active) {
      throw conflict('plan_inactive', `The plan ${plan.name} is no longer offered`)
    }
    return plan
  }

  function toQuote(row: repo.QuoteRow): Quote {
    const price = JSON.parse(row.price) as Omit<
      Quote,
      'id' | 'leadId' | 'number' | 'locale' | 'date' | 'validUntil' | 'plan' | 'counts' | 'pdf' | 'createdAt'
    >
    return {
      id: row.id,
      leadId: row.lead_id,
      number: row.number,
      locale: row.locale,
      date: row.quote_date,
      validUntil: row.valid_until,
      plan: JSON.parse(row.plan) as QuotedPlan,
      counts: JSON.parse(row.counts) as AssetCounts,
      ...price,
      pdf: `/api/quotes/${row.id}/pdf`,
      createdAt: row.created_at,
    }
  }

  async function getQuote(actor: Actor, id: string): Promise<Quote> {
    assertStaff(actor)
    const row = await repo.findQuote(db, id)
    if (!row) {
      throw notFound('quote', id)
    }
    return toQuote(row)
  }

  return {
    /** The public form: stores the request and queues the mails, or stores a bot's request out of sight. */
    async submit(input: LeadSubmit, meta: { ip: string }): Promise<LeadAccepted> {
      await rateLimit(meta.ip)
      // A filled honeypot gets the same answer as a person, so the bot learns nothing; it is kept, flagged.
      const spam = (input.website ?? '').trim() !== ''
      const { company } = await settings.load()
      const tell = spam ? [] : await staffToTell()
      const at = now()
      const row: repo.LeadRow = {
        id: uuidv7(),
        company: input.company,
        name: input.name,
        email: input.email.toLowerCase(),
        phone: input.phone ?? null,
        servers: input.servers ?? null,
        workstations: input.workstations ?? null,
        question: input.question,
        locale: input.locale ?? company.defaultLocale,
        status: 'new',
        notes: spam ? `honeypot: ${input.website}` : null,
        spam: spam ? 1 : 0,
        ip: meta.ip.slice(0, 45),
        customer_id: null,
        contract_id: null,
        converting_at: null,
        created_at: at,
        updated_at: at,
      }
      await db.transaction().execute(async (trx) => {
        await repo.insert(trx, row)
        if (spam) {
          return
        }
        const lead = repo.toLead(row)
        await audit.record(trx, PUBLIC_FORM, {
          action: 'lead.received',
          entityType: 'lead',
          entityId: row.id,
          after: lead,
          ip: meta.ip,
        })
        const vars = {
          company: company.name,
          leadCompany: lead.company,
          name: lead.name,
          email: lead.email,
          question: lead.question,
          link: `${publicUrl}/leads/${lead.id}`,
        }
        await mailer.enqueue(trx, {
          to: lead.email,
          subject: t(lead.locale, 'mail.lead.received.subject', vars),
          text: t(lead.locale, 'mail.lead.received.body', vars),
          kind: 'lead.received',
          refId: lead.id,
          headers: { 'Auto-Submitted': 'auto-replied', 'X-Auto-Response-Suppress': 'All' },
        })
        for (const to of tell) {
          const unknown = t(to.locale, 'lead.unknown')
          const staffVars = {
            ...vars,
            phone: lead.phone ?? unknown,
            servers: lead.servers === null ? unknown : String(lead.servers),
            workstations: lead.workstations === null ? unknown : String(lead.workstations),
          }
          await mailer.enqueue(trx, {
            to: to.email,
            subject: t(to.locale, 'mail.lead.staff.subject', staffVars),
            text: t(to.locale, 'mail.lead.staff.body', staffVars),
            kind: 'lead.staff',
            refId: lead.id,
            headers: { 'Reply-To': lead.email, 'Auto-Submitted': 'auto-generated' },
          })
        }
      })
      return { id: row.id, status: 'received' }
    },

    async list(actor: Actor, q: LeadListQuery): Promise<LeadPage> {
      assertStaff(actor)
      const after = readCursor<[string]>(q.cursor, ['string'])
      const rows = await repo.list(db, { status: q.status, q: q.q, after: after?.[0], limit: q.limit + 1 })
      return pageOf(rows, q.limit, (r) => [r.id], repo.toLead)
    },

    async get(actor: Actor, id: string): Promise<LeadDetail> {
      assertStaff(actor)
      const row = await mustFind(id)
      const quotes = await repo.listQuotes(db, id)
      return { ...repo.toLead(row), quotes: quotes.map(repo.toQuoteSummary) }
    },

    async update(actor: Actor, id: string, patch: LeadPatch): Promise<Lead> {
      assertStaff(actor, CAN_CHANGE)
      return db.transaction().execute(async (trx) => {
        const before = await repo.lockById(trx, id)
        if (!before) {
          throw notFound('lead', id)
        }
        if (patch.status !== undefined && patch.status !== before.status && before.customer_id !== null) {
          throw conflict('lead_converted', 'This lead became a customer; its status stays won')
        }
        const set: Partial<repo.LeadRow> = { updated_at: now() }
        if (patch.status !== undefined) {
          set.status = patch.status
        }
        if (patch.notes !== undefined) {
          set.notes = patch.notes
        }
        await repo.update(trx, id, set)
        const after = repo.toLead({ ...before, ...set })
        await audit.record(trx, actor, {
          action: 'lead.updated',
          entityType: 'lead',
          entityId: id,
          before: repo.toLead(before),
          after,
        })
        return after
      })
    },

    /** Prices the plan for the lead's numbers, stores the quote as made, and marks the lead quoted. */
    async quote(actor: Actor, leadId: string, input: QuoteCreate): Promise<Quote> {
      assertStaff(actor, CAN_CHANGE)
      const lead = await mustFind(leadId)
      if (lead.customer_id !== null) {
        throw conflict('lead_converted', 'This lead is a customer already; its contract has the prices')
      }
      const plan = await planFor(actor, input.planId)
      const { company, billing } = await settings.load()
      // What the prospect stated on the form, unless staff counted otherwise.
      const counts: AssetCounts = { ...input.counts }
      counts.server ??= lead.servers ?? 0
      counts.workstation ??= lead.workstations ?? 0
      const cost = monthlyCost({
        model: plan.price,
        counts,
        monthlyDiscountPercent: 0,
        vatPercent: billing.vatPercent,
        currency: billing.currency,
      })
      const locale = lead.locale
      const price = {
        currency: cost.currency,
        lines: cost.lines.map((l) => ({ ...l, label: costLineLabel(l, cost.currency, locale) })),
        subtotalCents: cost.subtotalCents,
        monthlyDiscountPercent: cost.monthlyDiscountPercent,
        discountCents: cost.discountCents,
        netCents: cost.netCents,
        vatPercent: cost.vatPercent,
        vatCents: cost.vatCents,
        totalCents: cost.totalCents,
      }
      const quotedPlan: QuotedPlan = {
        id: plan.id,
        name: plan.name,
        description: plan.description,
        services: plan.services,
        serviceDiscountPercent: plan.price.serviceDiscountPercent,
        priorities: plan.policy.priorities,
      }
      const at = now()
      const date = dayIn(company.timeZone, at)
      return db.transaction().execute(async (trx) => {
        const before = await repo.lockById(trx, leadId)
        if (!before) {
          throw notFound('lead', leadId)
        }
        if (before.customer_id !== null) {
          throw conflict('lead_converted', 'This lead is a customer already; its contract has the prices')
        }
        const row: repo.QuoteRow = {
          id: uuidv7(),
          lead_id: leadId,
          number: await repo.nextQuoteNumber(trx, Number(date.slice(0, 4))),
          plan_id: plan.id,
          plan: JSON.stringify(quotedPlan),
          counts: JSON.stringify(counts),
          price: JSON.stringify(price),
          currency: cost.currency,
          total_cents: cost.totalCents,
          locale,
          quote_date: date,
          valid_until: addDays(date, input.validDays),
          created_by: actor.kind === 'staff' ? actor.userId : null,
          created_at: at,
        }
        await repo.insertQuote(trx, row)
        await repo.update(trx, leadId, { status: 'quoted', updated_at: at })
        const quote = toQuote(row)
        await audit.record(trx, actor, {
          action: 'quote.created',
          entityType: 'quote',
          entityId: row.id,
          after: {
            leadId,
            number: quote.number,
            planId: plan.id,
            counts,
            totalCents: quote.totalCents,
            validUntil: quote.validUntil,
          },
        })
        await audit.record(trx, actor, {
          action: 'lead.updated',
          entityType: 'lead',
          entityId: leadId,
          before: { status: before.status },
          after: { status: 'quoted' },
        })
        return quote
      })
    },

    getQuote,

    /** The quote as a PDF in the lead's language, with the company's letterhead as it is now. */
    async quotePdf(actor: Actor, id: string): Promise<{ filename: string; content: Buffer }> {
      const quote = await getQuote(actor, id)
      const lead = repo.toLead(await mustFind(quote.leadId))
      const { company } = await settings.load()
      const content = await renderPdf(quoteDocument(quote, lead, company))
      return { filename: `${quote.locale === 'nl' ? 'offerte' : 'quote'}-${quote.number}.pdf`, content }
    },

    /**
     * Makes the lead a customer: the customer, its key contact (the lead's person) and a draft contract for the plan.
     * The customers and contracts services each commit on their own, so the steps run in an order that a failure
     * can resume from: a claim on the lead first (a second conversion meanwhile gets 409), then every step records
     * its result on the lead before the next one starts, and a retry skips what is done.
     */
    async convert(actor: Actor, leadId: string, input: LeadConvert): Promise<LeadConverted> {
      assertStaff(actor, CAN_CHANGE)
      const lead = await mustFind(leadId)
      if (lead.contract_id !== null) {
        throw conflict('lead_converted', 'This lead has been converted already')
      }
      // Everything that can be refused is checked before anything is written.
      const planId = input.planId ?? (await repo.listQuotes(db, leadId))[0]?.plan_id
      if (!planId) {
        throw badRequest('plan_required', 'Name the plan: this lead has no quote to take it from', {
          errors: [{ path: 'body.planId', message: 'required when the lead has no quote' }],
        })
      }
      const plan = await planFor(actor, planId)
      const { company } = await settings.load()
      const startDate = input.startDate ?? dayIn(company.timeZone, now())

      const claimed = await db.transaction().execute(async (trx) => {
        const row = await repo.lockById(trx, leadId)
        if (!row) {
          throw notFound('lead', leadId)
        }
        if (row.contract_id !== null) {
          throw conflict('lead_converted', 'This lead has been converted already')
        }
        if (row.converting_at !== null && row.converting_at > now() - CONVERSION_TIMEOUT) {
          throw conflict('lead_converting', 'This lead is being converted right now')
        }
        await repo.update(trx, leadId, { converting_at: now() })
        return row
      })

      try {
        let customerId = claimed.customer_id
        if (customerId === null) {
          const customer = await customers.create(actor, {
            name: claimed.company,
            email: claimed.email,
            phone: claimed.phone,
            country: 'NL',
            notes: claimed.notes,
          })
          customerId = customer.id
          await repo.update(db, leadId, { customer_id: customerId, updated_at: now() })
        }
        const existing = (await customers.listContacts(actor, customerId, true)).find((c) => c.email === claimed.email)
        const contact =
          existing ??
          (await customers.addContact(actor, customerId, {
            name: claimed.name,
            email: claimed.email,
            phone: claimed.phone,
            keyContact: true,
          }))
        const contract = await contracts.createContract(actor, customerId, {
          planId: plan.id,
          startDate,
          termMonths: 12,
          noticeMonths: 3,
          indexationPercent: 0,
          monthlyDiscountPercent: 0,
          overrides: {},
        })
        const lead = await db.transaction().execute(async (trx) => {
          const before = await repo.lockById(trx, leadId)
          if (!before) {
            throw notFound('lead', leadId)
          }
          const set = {
            status: 'won' as const,
            contract_id: contract.id,
            converting_at: null,
            updated_at: now(),
          }
          await repo.update(trx, leadId, set)
          const after = repo.toLead({ ...before, ...set })
          await audit.record(trx, actor, {
            action: 'lead.converted',
            entityType: 'lead',
            entityId: leadId,
            customerId,
            before: repo.toLead(before),
            after,
          })
          return after
        })
        return { lead, customerId, contactId: contact.id, contractId: contract.id }
      } catch (err) {
        // Let a retry resume at once; what was done stays recorded on the lead.
        await repo.update(db, leadId, { converting_at: null })
        throw err
      }
    },
  }
}

export type LeadService = ReturnType<typeof createLeadService>
