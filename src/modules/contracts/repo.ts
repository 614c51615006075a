import { type Selectable, sql } from 'kysely'
import type { Executor } from '../../db/database.js'
import { SlaPolicy } from '../sla/clock.js'
import { type Contract, ContractOverrides, type ContractTerms, type Plan, PlanServices, PriceModel } from './schema.js'
import type { ContractsTable, SlaPlansTable } from './tables.js'
import { effectiveTerms } from './terms.js'

export type PlanRow = Selectable<SlaPlansTable>
export type ContractRow = Selectable<ContractsTable>

/** A contract with the parts of its plan that its terms are made of. */
export type ContractWithPlan = ContractRow & {
  plan_name: string
  plan_description: string
  plan_policy: string
  plan_services: string
  plan_price: string
}

// JSON columns are parsed with their schemas: a row written by an older version still reads as today's shape.
function planTerms(row: { policy: string; services: string; price: string }): ContractTerms {
  return {
    policy: SlaPolicy.parse(JSON.parse(row.policy)),
    services: PlanServices.parse(JSON.parse(row.services)),
    price: PriceModel.parse(JSON.parse(row.price)),
  }
}

export function toPlan(row: PlanRow): Plan {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    active: row.active === 1,
    ...planTerms(row),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  }
}

export const percentOf = (basisPoints: number) => Number(basisPoints) / 100

export function toContract(row: ContractWithPlan): Contract {
  const overrides = ContractOverrides.parse(JSON.parse(row.overrides))
  const plan = planTerms({ policy: row.plan_policy, services: row.plan_services, price: row.plan_price })
  return {
    id: row.id,
    customerId: row.customer_id,
    planId: row.plan_id,
    plan: { id: row.plan_id, name: row.plan_name, description: row.plan_description },
    status: row.status,
    startDate: row.start_date,
    endDate: row.end_date,
    termMonths: Number(row.term_months),
    noticeMonths: Number(row.notice_months),
    indexationPercent: percentOf(row.indexation_basis_points),
    monthlyDiscountPercent: percentOf(row.monthly_discount_basis_points),
    overrides,
    terms: effectiveTerms(plan, overrides),
    document:
      row.document_sha256 && row.document_filename
        ? {
            filename: row.document_filename,
            size: Number(row.document_size),
            uploadedAt: Number(row.document_uploaded_at),
          }
        : null,
    activatedAt: row.activated_at === null ? null : Number(row.activated_at),
    endedAt: row.ended_at === null ? null : Number(row.ended_at),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  }
}

/** The unique rules the service turns into 409s: PostgreSQL names the index, SQLite the columns. */
export const UNIQUE = {
  oneActive: { index: 'contracts_one_active', columns: 'contracts.customer_id' },
  planName: { index: 'sla_plans_name_key_key', columns: 'sla_plans.name_key' },
} as const

/** Whether `err` is the database refusing a duplicate under `rule` (on either dialect). */
export function isUniqueViolation(err: unknown, rule: (typeof UNIQUE)[keyof typeof UNIQUE]): boolean {
  if (!(err instanceof Error)) {
    return false
  }
  const e = err as Error & { code?: string; constraint?: string }
  if (e.code === '23505') {
    return e.constraint === rule.index
  }
  return e.code === 'SQLITE_CONSTRAINT_UNIQUE' && e.message.endsWith(`: ${rule.columns}`)
}

// Plans ------------------------------------------------------------------------------------------------

export async function listPlans(db: Executor, status: 'active' | 'inactive' | 'all'): Promise<PlanRow[]> {
  let q = db.selectFrom('sla_plans').selectAll()
  if (status !== 'all') {
    q = q.where('active', '=', status === 'active' ? 1 : 0)
  }
  return q.orderBy('name_key').orderBy('id').execute()
}

export async function findPlan(db: Executor, id: string): Promise<PlanRow | undefined> {
  return db.selectFrom('sla_plans').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function findPlanByNameKey(db: Executor, nameKey: string): Promise<PlanRow | undefined> {
  return db.selectFrom('sla_plans').selectAll().where('name_key', '=', nameKey).executeTakeFirst()
}

export async function insertPlan(db: Executor, row: PlanRow): Promise<void> {
  await db.insertInto('sla_plans').values(row).execute()
}

export async function updatePlan(db: Executor, id: string, set: Partial<PlanRow>): Promise<void> {
  await db.updateTable('sla_plans').set(set).where('id', '=', id).execute()
}

const MAX_IN_LIST = 10_000

// Contracts --------------------------------------------------------------------------------------------

function selectContracts(db: Executor) {
  return db
    .selectFrom('contracts as c')
    .innerJoin('sla_plans as p', 'p.id', 'c.plan_id')
    .selectAll('c')
    .select([
      'p.name as plan_name',
      'p.description as plan_description',
      'p.policy as plan_policy',
      'p.services as plan_services',
      'p.price as plan_price',
    ])
}

export async function findContract(db: Executor, id: string): Promise<ContractWithPlan | undefined> {
  return selectContracts(db).where('c.id', '=', id).executeTakeFirst()
}

/** A customer's contracts, newest start first; drafts only when asked. */
export async function listByCustomer(
  db: Executor,
  customerId: string,
  includeDrafts: boolean,
): Promise<ContractWithPlan[]> {
  let q = selectContracts(db).where('c.customer_id', '=', customerId)
  if (!includeDrafts) {
    q = q.where('c.status', '!=', sql.lit('draft'))
  }
  return q.orderBy('c.start_date', 'desc').orderBy('c.id', 'desc').execute()
}

/** The contract with status active of a customer, if any (the partial unique index allows one). */
export async function findActive(db: Executor, customerId: string): Promise<ContractRow | undefined> {
  // The literal lets SQLite see that the partial index contracts_one_active applies.
  return db
    .selectFrom('contracts')
    .selectAll()
    .where('customer_id', '=', customerId)
    .where('status', '=', sql.lit('active'))
    .executeTakeFirst()
}

/** Active contracts on a plan (to carry a change of the plan's SLA policy to their customers). */
export async function listActiveByPlan(db: Executor, planId: string): Promise<ContractRow[]> {
  return db
    .selectFrom('contracts')
    .selectAll()
    .where('plan_id', '=', planId)
    .where('status', '=', sql.lit('active'))
    .execute()
}

/** The customers that have, or had, a contract in force: those whose SLA policy the contracts decide. */
export async function customersWithContracts(db: Executor): Promise<string[]> {
  const rows = await db
    .selectFrom('contracts')
    .select('customer_id')
    .distinct()
    .where('status', '!=', sql.lit('draft'))
    .execute()
  return rows.map((r) => r.customer_id)
}

/** Ended contracts of a customer that still apply on or after `date` (a new contract may not overlap them). */
export async function listEndedFrom(db: Executor, customerId: string, date: string): Promise<ContractRow[]> {
  return db
    .selectFrom('contracts')
    .selectAll()
    .where('customer_id', '=', customerId)
    .where('status', '=', sql.lit('ended'))
    .where('end_date', '>=', date)
    .execute()
}

export async function insertContract(db: Executor, row: ContractRow): Promise<void> {
  await db.insertInto('contracts').values(row).execute()
}

export async function updateContract(db: Executor, id: string, set: Partial<ContractRow>): Promise<void> {
  await db.updateTable('contracts').set(set).where('id', '=', id).execute()
}

/** What the monthly cost needs of a contract and its plan (the plan's policy and services are not read). */
export interface CostTermsRow {
  id: string
  customer_id: string
  plan_id: string
  plan_name: string
  plan_price: string
  plan_policy: string
  status: ContractRow['status']
  start_date: string
  end_date: string | null
  indexation_basis_points: number
  monthly_discount_basis_points: number
  overrides: string
}

function selectCostTerms(db: Executor, date: string) {
  return db
    .selectFrom('contracts as c')
    .innerJoin('sla_plans as p', 'p.id', 'c.plan_id')
    .select([
      'c.id',
      'c.customer_id',
      'c.plan_id',
      'p.name as plan_name',
      'p.price as plan_price',
      'p.policy as plan_policy',
      'c.status',
      'c.start_date',
      'c.end_date',
      'c.indexation_basis_points',
      'c.monthly_discount_basis_points',
      'c.overrides',
    ])
    .where('c.status', '!=', sql.lit('draft'))
    .where('c.start_date', '<=', date)
    .where((eb) => eb.or([eb('c.end_date', 'is', null), eb('c.end_date', '>=', date)]))
}

/**
 * The contracts that apply on `date` by their dates (started on or before it, not ended before it; drafts never),
 * with their plans' prices: one query for every customer, or for the given ones. A customer has at most one, unless
 * history was entered with overlapping dates; the caller then takes the latest start (see pickLatest).
 */
export async function listApplyingOn(
  db: Executor,
  date: string,
  customerIds?: readonly string[],
): Promise<CostTermsRow[]> {
  if (customerIds?.length === 0) {
    return []
  }
  let q = selectCostTerms(db, date)
  // Both databases cap the bound values of a statement: a long list is filtered after the query instead.
  const narrow = customerIds !== undefined && customerIds.length <= MAX_IN_LIST
  if (narrow) {
    q = q.where('c.customer_id', 'in', customerIds)
  }
  const rows = await q.execute()
  if (!customerIds || narrow) {
    return rows
  }
  const wanted = new Set(customerIds)
  return rows.filter((r) => wanted.has(r.customer_id))
}

/** The same question for one customer: the per-customer path (a single request, and the bench's reference). */
export async function findApplyingOn(
  db: Executor,
  customerId: string,
  date: string,
): Promise<CostTermsRow | undefined> {
  return selectCostTerms(db, date)
    .where('c.customer_id', '=', customerId)
    .orderBy('c.start_date', 'desc')
    .orderBy('c.id', 'desc')
    .limit(1)
    .executeTakeFirst()
}

/** Per customer, the contract with the latest start (then the latest id): the one that applies. */
export function pickLatest(rows: readonly CostTermsRow[]): Map<string, CostTermsRow> {
  const out = new Map<string, CostTermsRow>()
  for (const row of rows) {
    const seen = out.get(row.customer_id)
    if (!seen || row.start_date > seen.start_date || (row.start_date === seen.start_date && row.id > seen.id)) {
      out.set(row.customer_id, row)
    }
  }
  return out
}
