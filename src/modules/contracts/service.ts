import { DateTime } from 'luxon'
import type { Db } from '../../db/database.js'
import { type Actor, assertCustomerAccess, assertStaff } from '../../platform/access.js'
import type { Audit } from '../../platform/audit.js'
import { AppError, badRequest, conflict, notFound } from '../../platform/errors.js'
import { getBlob, putBlob } from '../../platform/files.js'
import { type Locale, t } from '../../platform/i18n/messages.js'
import { uuidv7 } from '../../platform/ids.js'
import type { AssetCounts } from '../assets/classes.js'
import type { CustomerService } from '../customers/service.js'
import type { SettingsService } from '../settings/service.js'
import { SlaPolicy } from '../sla/clock.js'
import type { SlaService } from '../sla/service.js'
import { anniversariesOn, countChanges, indexModel, monthlyCost, type MonthlyCost } from './price.js'
import * as repo from './repo.js'
import {
  type Contract,
  type ContractCreate,
  ContractOverrides,
  type ContractPatch,
  type Cost,
  type CostMonth,
  type Plan,
  type PlanCreate,
  type PlanList,
  type PlanListQuery,
  type PlanPatch,
  PlanServices,
  PriceModel,
} from './schema.js'

/** The one thing contracts need from the assets module: active assets per class, per customer, on a day. */
export interface AssetCountSource {
  activeCounts(date: string, customerIds?: readonly string[]): Promise<Map<string, AssetCounts>>
}

export interface ContractDeps {
  db: Db
  audit: Audit
  now: () => number
  sla: Pick<SlaService, 'load' | 'setCustomerPolicy' | 'customerPolicies'>
  settings: Pick<SettingsService, 'load'>
  customers: Pick<CustomerService, 'findRow'>
  assets: AssetCountSource
}

/** What a customer's contract looks like on one day, with its monthly cost (zero, without lines, if none applies). */
export interface CostBreakdown {
  customerId: string
  date: string
  contract: CostMonth['contract']
  counts: AssetCounts
  cost: MonthlyCost
}

// Prices and contracts are money: the MSP's admins and its billing staff set them; technicians read.
const WRITERS = ['admin', 'billing'] as const
// The SLA module lets only admins set a customer's policy; a contract (signed by billing or an admin) carries it.
const CONTRACTS: Actor = { kind: 'system', label: 'contracts' }

const PDF_MAGIC = Buffer.from('%PDF-')
const nameKey = (name: string) => name.trim().toLowerCase()
const basisPoints = (percent: number) => Math.round(percent * 100)
const dayBefore = (date: string) => DateTime.fromISO(date, { zone: 'utc' }).minus({ days: 1 }).toISODate()!
/** The same day a month earlier (31 March → 28 or 29 February). */
const monthBefore = (date: string) => DateTime.fromISO(date, { zone: 'utc' }).minus({ months: 1 }).toISODate()!

// Building an Intl.NumberFormat costs far more than using one: one per currency.
const moneyFormats = new Map<string, Intl.NumberFormat>()
function money(cents: number, currency: string): string {
  let format = moneyFormats.get(currency)
  if (!format) {
    format = new Intl.NumberFormat('nl-NL', { style: 'currency', currency })
    moneyFormats.set(currency, format)
  }
  return format.format(cents / 100)
}

/** What the audit log keeps of a contract: its terms and state (the plan's own values are audited with the plan). */
function auditView(row: repo.ContractRow) {
  return {
    planId: row.plan_id,
    status: row.status,
    startDate: row.start_date,
    endDate: row.end_date,
    termMonths: row.term_months,
    noticeMonths: row.notice_months,
    indexationPercent: repo.percentOf(row.indexation_basis_points),
    monthlyDiscountPercent: repo.percentOf(row.monthly_discount_basis_points),
    overrides: JSON.parse(row.overrides) as object,
    document: row.document_sha256,
  }
}

export function createContractService({ db, audit, now, sla, settings, customers, assets }: ContractDeps) {
  /** A plan's policy may only name calendars the SLA configuration has (the call desk would fail on it later). */
  async function checkCalendars(policy: SlaPolicy | undefined, path: string): Promise<void> {
    if (!policy) {
      return
    }
    const { calendars } = (await sla.load()).config
    for (const [priority, targets] of Object.entries(policy.priorities)) {
      for (const [clock, target] of Object.entries(targets)) {
        if (target && !(target.calendar in calendars)) {
          throw badRequest('unknown_calendar', `The SLA configuration has no calendar ${target.calendar}`, {
            errors: [
              {
                path: `${path}.priorities.${priority}.${clock}.calendar`,
                message: `unknown calendar ${target.calendar}`,
              },
            ],
          })
        }
      }
    }
  }

  async function mustGetPlan(id: string): Promise<repo.PlanRow> {
    const row = await repo.findPlan(db, id)
    if (!row) {
      throw notFound('plan', id)
    }
    return row
  }

  /** A contract the actor may see: staff any; a contact its own customer's, drafts excepted. Else 404. */
  async function mustGetContract(actor: Actor, id: string): Promise<repo.ContractWithPlan> {
    const row = await repo.findContract(db, id)
    if (!row) {
      throw notFound('contract', id)
    }
    assertCustomerAccess(actor, row.customer_id, 'contract', id)
    // A draft is the MSP's work in progress: its prices are not agreed yet.
    if (actor.kind === 'contact' && row.status === 'draft') {
      throw notFound('contract', id)
    }
    return row
  }

  async function mustGetCustomer(actor: Actor, customerId: string): Promise<void> {
    assertCustomerAccess(actor, customerId)
    if (!(await customers.findRow(undefined, customerId))) {
      throw notFound('customer', customerId)
    }
  }

  async function today(): Promise<string> {
    const { timeZone } = (await settings.load()).company
    return DateTime.fromMillis(now(), { zone: timeZone }).toISODate()!
  }

  /**
   * Puts into the sla module, for each customer, the SLA policy of the contract that applies today by its dates (the
   * plan's, or the contract's own override), or none when no contract applies, so that the call desk keeps one
   * source of clocks. By the dates, not the status: a contract activated today that starts next month takes over
   * then, and one ended as of the end of the month applies until then. Run after every change to a contract or a
   * plan's policy, and by the hourly job for the days that pass. Two queries whatever the number of customers, and
   * a write only where the policy changes. Returns how many customers got another policy.
   */
  async function syncPolicies(customerIds?: readonly string[]): Promise<number> {
    const day = await today()
    const ids = customerIds ?? (await repo.customersWithContracts(db))
    const applying = repo.pickLatest(await repo.listApplyingOn(db, day, ids))
    const current = await sla.customerPolicies(ids)
    let changed = 0
    for (const customerId of ids) {
      const row = applying.get(customerId)
      let policy: SlaPolicy | null = null
      if (row) {
        const overrides = ContractOverrides.parse(JSON.parse(row.overrides))
        policy = overrides.policy ?? SlaPolicy.parse(JSON.parse(row.plan_policy))
      }
      const now = current.get(customerId) ?? null
      if (JSON.stringify(policy) !== JSON.stringify(now)) {
        await sla.setCustomerPolicy(CONTRACTS, customerId, policy)
        changed++
      }
    }
    return changed
  }

  /**
   * The price model of a contract on `date`: plan, overrides, then indexation. Within one pass the merged model is
   * kept per plan and overrides (most contracts have none), so that JSON is parsed once per distinct terms.
   */
  function priceOn(row: repo.CostTermsRow, date: string, merged: Map<string, PriceModel>): PriceModel {
    const key = `${row.plan_id}\n${row.overrides}`
    let model = merged.get(key)
    if (!model) {
      const plan = PriceModel.parse(JSON.parse(row.plan_price))
      const overrides = ContractOverrides.parse(JSON.parse(row.overrides))
      model = {
        baseFeeCents: overrides.baseFeeCents ?? plan.baseFeeCents,
        unitPricesCents: { ...plan.unitPricesCents, ...overrides.unitPricesCents },
        serviceDiscountPercent: overrides.serviceDiscountPercent ?? plan.serviceDiscountPercent,
      }
      merged.set(key, model)
    }
    return indexModel(model, Number(row.indexation_basis_points), anniversariesOn(row.start_date, date))
  }

  function breakdown(
    customerId: string,
    date: string,
    row: repo.CostTermsRow | undefined,
    counts: AssetCounts,
    billing: { vatPercent: number; currency: string },
    merged: Map<string, PriceModel>,
  ): CostBreakdown {
    if (!row) {
      return {
        customerId,
        date,
        contract: null,
        counts,
        cost: {
          currency: billing.currency,
          lines: [],
          subtotalCents: 0,
          monthlyDiscountPercent: 0,
          discountCents: 0,
          netCents: 0,
          vatPercent: billing.vatPercent,
          vatCents: 0,
          totalCents: 0,
        },
      }
    }
    return {
      customerId,
      date,
      contract: {
        id: row.id,
        planId: row.plan_id,
        planName: row.plan_name,
        status: row.status,
        startDate: row.start_date,
        endDate: row.end_date,
      },
      counts,
      cost: monthlyCost({
        model: priceOn(row, date, merged),
        counts,
        monthlyDiscountPercent: repo.percentOf(row.monthly_discount_basis_points),
        vatPercent: billing.vatPercent,
        currency: billing.currency,
      }),
    }
  }

  function monthView(b: CostBreakdown, locale: Locale): CostMonth {
    const { cost } = b
    return {
      date: b.date,
      contract: b.contract,
      currency: cost.currency,
      lines: cost.lines.map((line) =>
        line.kind === 'base'
          ? { ...line, label: t(locale, 'cost.base') }
          : {
              ...line,
              label: t(locale, 'cost.assets', {
                quantity: String(line.quantity),
                class: t(locale, `cost.class.${line.class}`),
                unit: money(line.unitCents, cost.currency),
              }),
            },
      ),
      counts: b.counts,
      subtotalCents: cost.subtotalCents,
      monthlyDiscountPercent: cost.monthlyDiscountPercent,
      discountCents: cost.discountCents,
      netCents: cost.netCents,
      vatPercent: cost.vatPercent,
      vatCents: cost.vatCents,
      totalCents: cost.totalCents,
    }
  }

  const service = {
    // Plans ----------------------------------------------------------------------------------------------

    /** Every plan by name (an MSP sells a handful: the list is not paged). Staff only. */
    async listPlans(actor: Actor, q: PlanListQuery): Promise<PlanList> {
      assertStaff(actor)
      return { items: (await repo.listPlans(db, q.status)).map(repo.toPlan) }
    },

    async getPlan(actor: Actor, id: string): Promise<Plan> {
      assertStaff(actor)
      return repo.toPlan(await mustGetPlan(id))
    },

    async createPlan(actor: Actor, input: PlanCreate): Promise<Plan> {
      assertStaff(actor, WRITERS)
      await checkCalendars(input.policy, 'body.policy')
      const at = now()
      const row: repo.PlanRow = {
        id: uuidv7(),
        name: input.name,
        name_key: nameKey(input.name),
        description: input.description,
        active: input.active ? 1 : 0,
        policy: JSON.stringify(input.policy),
        services: JSON.stringify(input.services),
        price: JSON.stringify(input.price),
        created_at: at,
        updated_at: at,
      }
      try {
        return await db.transaction().execute(async (trx) => {
          await repo.insertPlan(trx, row)
          const plan = repo.toPlan(row)
          await audit.record(trx, actor, { action: 'plan.created', entityType: 'plan', entityId: row.id, after: plan })
          return plan
        })
      } catch (err) {
        if (repo.isUniqueViolation(err, repo.UNIQUE.planName)) {
          throw planNameTaken(input.name)
        }
        throw err
      }
    },

    /** Changes a plan; a new SLA policy reaches every customer whose active contract follows the plan's policy. */
    async updatePlan(actor: Actor, id: string, patch: PlanPatch): Promise<Plan> {
      assertStaff(actor, WRITERS)
      await checkCalendars(patch.policy, 'body.policy')
      let policyChanged = false
      let updated: Plan
      try {
        updated = await db.transaction().execute(async (trx) => {
          const beforeRow = await repo.findPlan(trx, id)
          if (!beforeRow) {
            throw notFound('plan', id)
          }
          const before = repo.toPlan(beforeRow)
          const after: Plan = {
            ...before,
            name: patch.name ?? before.name,
            description: patch.description ?? before.description,
            active: patch.active ?? before.active,
            policy: patch.policy ?? before.policy,
            services: PlanServices.parse({ ...before.services, ...patch.services }),
            price: PriceModel.parse({
              baseFeeCents: patch.price?.baseFeeCents ?? before.price.baseFeeCents,
              unitPricesCents: { ...before.price.unitPricesCents, ...patch.price?.unitPricesCents },
              serviceDiscountPercent: patch.price?.serviceDiscountPercent ?? before.price.serviceDiscountPercent,
            }),
            updatedAt: now(),
          }
          policyChanged = JSON.stringify(after.policy) !== JSON.stringify(before.policy)
          await repo.updatePlan(trx, id, {
            name: after.name,
            name_key: nameKey(after.name),
            description: after.description,
            active: after.active ? 1 : 0,
            policy: JSON.stringify(after.policy),
            services: JSON.stringify(after.services),
            price: JSON.stringify(after.price),
            updated_at: after.updatedAt,
          })
          await audit.record(trx, actor, { action: 'plan.updated', entityType: 'plan', entityId: id, before, after })
          return after
        })
      } catch (err) {
        if (patch.name !== undefined && repo.isUniqueViolation(err, repo.UNIQUE.planName)) {
          throw planNameTaken(patch.name)
        }
        throw err
      }
      if (policyChanged) {
        await syncPolicies([...new Set((await repo.listActiveByPlan(db, id)).map((c) => c.customer_id))])
      }
      return updated
    },

    // Contracts ------------------------------------------------------------------------------------------

    /** A customer's contracts, newest first, ended ones included (history); a contact does not see drafts. */
    async listContracts(actor: Actor, customerId: string): Promise<Contract[]> {
      await mustGetCustomer(actor, customerId)
      return (await repo.listByCustomer(db, customerId, actor.kind !== 'contact')).map(repo.toContract)
    },

    async getContract(actor: Actor, id: string): Promise<Contract> {
      return repo.toContract(await mustGetContract(actor, id))
    },

    /** A new contract starts as a draft; PATCH {status:'active'} puts it in force. */
    async createContract(actor: Actor, customerId: string, input: ContractCreate): Promise<Contract> {
      assertStaff(actor, WRITERS)
      await mustGetCustomer(actor, customerId)
      const plan = await repo.findPlan(db, input.planId)
      if (!plan) {
        throw unknownPlan(input.planId)
      }
      if (plan.active !== 1) {
        throw conflict('plan_inactive', `The plan ${plan.name} is no longer offered`)
      }
      await checkCalendars(input.overrides.policy, 'body.overrides.policy')
      const at = now()
      const row: repo.ContractRow = {
        id: uuidv7(),
        customer_id: customerId,
        plan_id: plan.id,
        start_date: input.startDate,
        term_months: input.termMonths,
        notice_months: input.noticeMonths,
        indexation_basis_points: basisPoints(input.indexationPercent),
        monthly_discount_basis_points: basisPoints(input.monthlyDiscountPercent),
        overrides: JSON.stringify(input.overrides),
        status: 'draft',
        end_date: null,
        document_sha256: null,
        document_filename: null,
        document_size: null,
        document_uploaded_at: null,
        activated_at: null,
        ended_at: null,
        created_by: actor.kind === 'staff' ? actor.userId : null,
        created_at: at,
        updated_at: at,
      }
      await db.transaction().execute(async (trx) => {
        await repo.insertContract(trx, row)
        await audit.record(trx, actor, {
          action: 'contract.created',
          entityType: 'contract',
          entityId: row.id,
          customerId,
          after: auditView(row),
        })
      })
      return service.getContract(actor, row.id)
    },

    /**
     * Changes the terms and/or the status. Activation: 409 while another contract is active, unless `replace`
     * ends that one the day before this one starts. Ending: endDate defaults to today in the MSP's time zone.
     * The customer's SLA policy follows: set on activation and on a change of an active contract's policy,
     * removed (back to the default) on ending.
     */
    syncPolicies,

    async updateContract(actor: Actor, id: string, patch: ContractPatch): Promise<Contract> {
      assertStaff(actor, WRITERS)
      await checkCalendars(patch.overrides?.policy, 'body.overrides.policy')
      const endDefault = patch.status === 'ended' && !patch.endDate ? await today() : undefined
      // Set inside the transaction, carried out after it.
      const effect: { policyOf?: string } = {}
      try {
        await db.transaction().execute(async (trx) => {
          const before = await repo.findContract(trx, id)
          if (!before) {
            throw notFound('contract', id)
          }
          if (before.status === 'ended') {
            throw conflict('contract_ended', 'An ended contract is history and does not change')
          }
          const at = now()
          const set: Partial<repo.ContractRow> = { updated_at: at }
          let plan: repo.PlanRow | undefined
          if (patch.planId !== undefined && patch.planId !== before.plan_id) {
            plan = await repo.findPlan(trx, patch.planId)
            if (!plan) {
              throw unknownPlan(patch.planId)
            }
            if (plan.active !== 1) {
              throw conflict('plan_inactive', `The plan ${plan.name} is no longer offered`)
            }
            set.plan_id = plan.id
          }
          if (patch.startDate !== undefined) {
            set.start_date = patch.startDate
          }
          if (patch.termMonths !== undefined) {
            set.term_months = patch.termMonths
          }
          if (patch.noticeMonths !== undefined) {
            set.notice_months = patch.noticeMonths
          }
          if (patch.indexationPercent !== undefined) {
            set.indexation_basis_points = basisPoints(patch.indexationPercent)
          }
          if (patch.monthlyDiscountPercent !== undefined) {
            set.monthly_discount_basis_points = basisPoints(patch.monthlyDiscountPercent)
          }
          if (patch.overrides !== undefined) {
            // The overrides are replaced as a whole, so that one can also be taken away.
            set.overrides = JSON.stringify(patch.overrides)
          }
          const next: repo.ContractWithPlan = {
            ...before,
            ...set,
            ...(plan && {
              plan_name: plan.name,
              plan_description: plan.description,
              plan_policy: plan.policy,
              plan_services: plan.services,
              plan_price: plan.price,
            }),
          }

          let action = 'contract.updated'
          const activating = patch.status === 'active' && before.status === 'draft'
          if (activating) {
            const current = await repo.findActive(trx, before.customer_id)
            if (current && !patch.replace) {
              throw conflict(
                'contract_already_active',
                'The customer has an active contract; send replace:true to end it the day before this one starts',
                { activeContractId: current.id },
              )
            }
            if (current) {
              if (current.start_date >= next.start_date) {
                throw conflict(
                  'replace_before_start',
                  `The active contract starts on ${current.start_date}: a replacement must start later`,
                )
              }
              const ended: repo.ContractRow = {
                ...current,
                status: 'ended',
                end_date: dayBefore(next.start_date),
                ended_at: at,
                updated_at: at,
              }
              await repo.updateContract(trx, current.id, {
                status: ended.status,
                end_date: ended.end_date,
                ended_at: at,
                updated_at: at,
              })
              await audit.record(trx, actor, {
                action: 'contract.ended',
                entityType: 'contract',
                entityId: current.id,
                customerId: current.customer_id,
                before: auditView(current),
                after: { ...auditView(ended), replacedBy: id },
              })
            }
            next.status = set.status = 'active'
            next.activated_at = set.activated_at = at
            action = 'contract.activated'
          } else if (patch.status === 'ended') {
            if (before.status === 'draft') {
              throw conflict('contract_not_active', 'A draft was never in force: only an active contract can end')
            }
            const endDate = patch.endDate ?? endDefault!
            if (endDate < next.start_date) {
              throw badRequest('end_before_start', `The contract starts on ${next.start_date}; it cannot end before`, {
                errors: [{ path: 'body.endDate', message: `on or after ${next.start_date}` }],
              })
            }
            next.status = set.status = 'ended'
            next.end_date = set.end_date = endDate
            next.ended_at = set.ended_at = at
            action = 'contract.ended'
          }
          // In force, a contract's dates may not overlap the history: one contract applies on any day.
          if (next.status === 'active' && (activating || set.start_date !== undefined)) {
            const overlapping = (await repo.listEndedFrom(trx, before.customer_id, next.start_date)).filter(
              (c) => c.id !== id,
            )
            const first = overlapping[0]
            if (first) {
              throw conflict(
                'contract_overlap',
                `Contract ${first.id} applies until ${first.end_date}: this one must start after that`,
              )
            }
          }
          await repo.updateContract(trx, id, set)
          await audit.record(trx, actor, {
            action,
            entityType: 'contract',
            entityId: id,
            customerId: before.customer_id,
            before: auditView(before),
            after: auditView(next),
          })

          if (next.status !== 'draft') {
            effect.policyOf = before.customer_id
          }
        })
      } catch (err) {
        // Two activations at once: the partial unique index lets one through.
        if (repo.isUniqueViolation(err, repo.UNIQUE.oneActive)) {
          throw conflict('contract_already_active', 'The customer has an active contract')
        }
        throw err
      }
      // After the commit: on SQLite the sla service's own transaction would wait for ours forever. The policy's
      // calendars were checked above, so this can only fail on the database itself.
      if (effect.policyOf) {
        await syncPolicies([effect.policyOf])
      }
      return service.getContract(actor, id)
    },

    /** Stores the signed contract (a PDF) and links it; a later upload replaces the link, the bytes stay. */
    async putDocument(
      actor: Actor,
      id: string,
      file: { filename: string | undefined; contentType: string; content: Buffer },
    ): Promise<Contract> {
      assertStaff(actor, WRITERS)
      if (file.contentType !== 'application/pdf') {
        throw new AppError(415, 'unsupported_media_type', 'Send the signed contract as application/pdf')
      }
      if (file.content.length === 0) {
        throw badRequest('empty_upload', 'Send the PDF as the request body')
      }
      if (!file.content.subarray(0, PDF_MAGIC.length).equals(PDF_MAGIC)) {
        throw badRequest('not_a_pdf', 'The body is not a PDF document')
      }
      const at = now()
      await db.transaction().execute(async (trx) => {
        const before = await repo.findContract(trx, id)
        if (!before) {
          throw notFound('contract', id)
        }
        const sha256 = await putBlob(trx, file.content, at)
        const filename = file.filename ?? `contract-${before.start_date}.pdf`
        await repo.updateContract(trx, id, {
          document_sha256: sha256,
          document_filename: filename,
          document_size: file.content.length,
          document_uploaded_at: at,
          updated_at: at,
        })
        await audit.record(trx, actor, {
          action: 'contract.document_uploaded',
          entityType: 'contract',
          entityId: id,
          customerId: before.customer_id,
          before: { document: before.document_sha256, filename: before.document_filename },
          after: { document: sha256, filename, size: file.content.length },
        })
      })
      return service.getContract(actor, id)
    },

    /** The signed contract's bytes, for those who may see the contract; 404 when there is none. */
    async readDocument(actor: Actor, id: string): Promise<{ filename: string; content: Buffer }> {
      const row = await mustGetContract(actor, id)
      const content = row.document_sha256 ? await getBlob(db, row.document_sha256) : undefined
      if (!content || !row.document_filename) {
        throw notFound('contract_document', id)
      }
      return { filename: row.document_filename, content }
    },

    // The monthly cost ------------------------------------------------------------------------------------

    /**
     * The monthly cost of every customer on `date` (YYYY-MM-DD): one query for the contracts that apply then (with
     * their plans), one call for the active assets, then pure code. Without `customerIds`: the customers with a
     * contract on that date; with them: each of them (contract null and no lines where none applies).
     */
    async costForAll(date: string, customerIds?: readonly string[]): Promise<Map<string, CostBreakdown>> {
      const { billing } = await settings.load()
      const contracts = repo.pickLatest(await repo.listApplyingOn(db, date, customerIds))
      const ids = customerIds ?? [...contracts.keys()]
      const out = new Map<string, CostBreakdown>()
      if (ids.length === 0) {
        return out
      }
      // Without a list, ask for everyone at once rather than send thousands of ids back as parameters.
      const counts = await assets.activeCounts(date, customerIds)
      const merged = new Map<string, PriceModel>()
      for (const id of ids) {
        out.set(id, breakdown(id, date, contracts.get(id), counts.get(id) ?? {}, billing, merged))
      }
      return out
    },

    /** The same for one customer, query by query: a single request's path, and the reference costForAll must equal. */
    async costForCustomer(date: string, customerId: string): Promise<CostBreakdown> {
      const { billing } = await settings.load()
      const contract = await repo.findApplyingOn(db, customerId, date)
      const counts = (await assets.activeCounts(date, [customerId])).get(customerId) ?? {}
      return breakdown(customerId, date, contract, counts, billing, new Map())
    },

    /**
     * A customer's monthly cost on `date` (default today in the MSP's time zone) from the contract that applies then
     * and the assets active then, beside the same day a month earlier and the changes in between.
     */
    async cost(actor: Actor, customerId: string, date?: string): Promise<Cost> {
      await mustGetCustomer(actor, customerId)
      const { company } = await settings.load()
      const day = date ?? (await today())
      const locale: Locale = actor.kind === 'system' ? company.defaultLocale : actor.locale
      const current = await service.costForCustomer(day, customerId)
      const previous = await service.costForCustomer(monthBefore(day), customerId)
      return {
        ...monthView(current, locale),
        previous: monthView(previous, locale),
        changes: countChanges(previous.counts, current.counts),
      }
    },
  }
  return service
}

const planNameTaken = (name: string) =>
  conflict('plan_name_taken', `A plan named ${name} exists already`, {
    errors: [{ path: 'body.name', message: 'already the name of a plan' }],
  })

const unknownPlan = (id: string) =>
  badRequest('unknown_plan', `There is no plan ${id}`, { errors: [{ path: 'body.planId', message: 'no such plan' }] })

export type ContractService = ReturnType<typeof createContractService>
