// The monthly cost of every customer at once (costForAll: one query for the contracts with their plans, one for
// the asset counts, then pure code) against the same answers computed customer by customer (for each customer its
// contract query, activeCounts(date, [id]) and the price: what a loop over costForCustomer does).
//
// The figure that matters is the ratio to that per-customer reference, measured in the same run on the same SQLite
// database: absolute times on a shared machine are noise. Both must give equal answers for every customer.
//
//   npx tsx bench/cost.ts                                  1,000 customers with 100 assets each, best of 3 rounds
//   BENCH_CUSTOMERS=200 BENCH_ROUNDS=5 npx tsx bench/cost.ts
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildApp, type Sladesk } from '../src/app.js'
import type { Executor } from '../src/db/database.js'
import { ASSET_CLASSES, type AssetClass } from '../src/modules/assets/classes.js'
import * as assetsRepo from '../src/modules/assets/repo.js'
import * as contractsRepo from '../src/modules/contracts/repo.js'
import type { PriceModel } from '../src/modules/contracts/schema.js'
import type { CostBreakdown } from '../src/modules/contracts/service.js'
import * as customersRepo from '../src/modules/customers/repo.js'
import { defaultPolicy } from '../src/modules/sla/clock.js'
import { loadConfig } from '../src/platform/config.js'
import { uuidv7 } from '../src/platform/ids.js'
import { bestOf, fmt, random, ROUNDS, row, runBench } from './support.js'

const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 1000)
const ASSETS_PER_CUSTOMER = Number(process.env.BENCH_ASSETS ?? 100)
const DATE = '2026-12-01'
const CREATED_AT = Date.UTC(2025, 0, 1)

// What a small company's infrastructure looks like: mostly workstations and laptops.
const MIX: [AssetClass, number][] = [
  ['workstation', 0.45],
  ['laptop', 0.25],
  ['server', 0.05],
  ['network', 0.1],
  ['ups', 0.03],
  ['backup-system', 0.02],
  ['printer', 0.07],
  ['other', 0.03],
]

function pickClass(r: number): AssetClass {
  let sum = 0
  for (const [cls, share] of MIX) {
    sum += share
    if (r < sum) {
      return cls
    }
  }
  return 'other'
}

const plan = (name: string, base: number, unit: number): contractsRepo.PlanRow => {
  const price: PriceModel = {
    baseFeeCents: base,
    unitPricesCents: Object.fromEntries(
      ASSET_CLASSES.map((c, i) => [c, unit + i * 250]),
    ) as PriceModel['unitPricesCents'],
    serviceDiscountPercent: 10,
  }
  return {
    id: uuidv7(),
    name,
    name_key: name.toLowerCase(),
    description: '',
    active: 1,
    policy: JSON.stringify(defaultPolicy()),
    services: JSON.stringify({
      backupChecks: true,
      upsChecks: true,
      preventiveMaintenancePerYear: 4,
      onsiteVisitsPerYear: 2,
      remoteHelp: true,
      patchManagement: true,
      documentation: true,
    }),
    price: JSON.stringify(price),
    created_at: CREATED_AT,
    updated_at: CREATED_AT,
  }
}

/**
 * Every customer gets an active contract on one of three plans (some with overrides and indexation), one in ten an
 * ended contract before it, and ASSETS_PER_CUSTOMER assets of which some started after the date or ended before it.
 */
async function fill(db: Executor): Promise<string[]> {
  const next = random(20261201)
  const plans = [plan('Basis', 9_900, 1_500), plan('Plus', 14_900, 2_000), plan('Premium', 24_900, 2_500)]
  for (const p of plans) {
    await contractsRepo.insertPlan(db, p)
  }
  const ids: string[] = []
  for (let c = 0; c < CUSTOMERS; c++) {
    const id = uuidv7()
    ids.push(id)
    await customersRepo.insert(db, {
      id,
      name: `Klant ${c + 1}`,
      name_key: `klant ${c + 1}`,
      email: null,
      phone: null,
      address: null,
      postal_code: null,
      city: null,
      country: 'NL',
      vat_number: null,
      technician_id: null,
      notes: null,
      created_at: CREATED_AT,
      updated_at: CREATED_AT,
      archived_at: null,
    })
    const contract = (over: Partial<contractsRepo.ContractRow>): contractsRepo.ContractRow => ({
      id: uuidv7(),
      customer_id: id,
      plan_id: plans[c % plans.length]!.id,
      start_date: '2025-03-01',
      term_months: 12,
      notice_months: 3,
      indexation_basis_points: c % 2 === 0 ? 300 : 0,
      monthly_discount_basis_points: c % 5 === 0 ? 500 : 0,
      overrides: c % 7 === 0 ? JSON.stringify({ unitPricesCents: { workstation: 1_750 } }) : '{}',
      status: 'active',
      end_date: null,
      document_sha256: null,
      document_filename: null,
      document_size: null,
      document_uploaded_at: null,
      activated_at: CREATED_AT,
      ended_at: null,
      created_by: null,
      created_at: CREATED_AT,
      updated_at: CREATED_AT,
      ...over,
    })
    if (c % 10 === 0) {
      await contractsRepo.insertContract(
        db,
        contract({ start_date: '2024-01-01', status: 'ended', end_date: '2025-02-28', ended_at: CREATED_AT }),
      )
    }
    await contractsRepo.insertContract(db, contract({}))

    const assets: assetsRepo.AssetRow[] = []
    const periods: assetsRepo.PeriodRow[] = []
    for (let a = 0; a < ASSETS_PER_CUSTOMER; a++) {
      const cls = pickClass(next())
      const assetId = uuidv7()
      const r = next()
      // Most assets run; a few arrive after the date, a few were retired before it.
      const activeFrom = r < 0.05 ? '2026-12-15' : '2025-03-01'
      const activeUntil = r > 0.95 ? '2026-06-01' : null
      assets.push({
        id: assetId,
        customer_id: id,
        site_id: null,
        class: cls,
        name: `${cls} ${a + 1}`,
        name_key: `${cls} ${a + 1}`,
        serial: null,
        serial_key: null,
        purchase_date: null,
        warranty_end: null,
        os: null,
        status: activeUntil ? 'retired' : 'active',
        active_from: activeFrom,
        active_until: activeUntil,
        retired_on: activeUntil,
        notes: null,
        details: '{}',
        remote_access: null,
        created_at: CREATED_AT,
        updated_at: CREATED_AT,
      })
      periods.push({
        id: uuidv7(),
        asset_id: assetId,
        customer_id: id,
        class: cls,
        active_from: activeFrom,
        active_until: activeUntil,
      })
    }
    await assetsRepo.insert(db, assets)
    await assetsRepo.insertPeriods(db, periods)
  }
  return ids
}

async function main(): Promise<void> {
  console.log(
    `bench/cost: the monthly cost of ${fmt(CUSTOMERS)} customers with ${fmt(ASSETS_PER_CUSTOMER)} assets each on ${DATE}, SQLite, best of ${ROUNDS} rounds after a warm-up; Node ${process.version}\n`,
  )
  const dir = mkdtempSync(join(tmpdir(), 'sladesk-bench-cost-'))
  let sladesk: Sladesk | undefined
  try {
    sladesk = await buildApp(loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', JOBS: 'off' }, 'bench'))
    const { db } = sladesk.database
    const contracts = sladesk.services.contracts

    const t0 = performance.now()
    const ids = await db.transaction().execute((trx) => fill(trx))
    const fillMs = performance.now() - t0
    sladesk.database.sqlite?.exec('analyze')

    const setBased = await bestOf(() => contracts.costForAll(DATE))
    const oneByOne = await bestOf(async () => {
      const out = new Map<string, CostBreakdown>()
      for (const id of ids) {
        out.set(id, await contracts.costForCustomer(DATE, id))
      }
      return out
    })

    // The same answers, customer by customer, or the figures mean nothing.
    const mismatches = ids.filter(
      (id) => JSON.stringify(setBased.result.get(id)) !== JSON.stringify(oneByOne.result.get(id)),
    )
    const totalCents = [...setBased.result.values()].reduce((sum, b) => sum + b.cost.totalCents, 0)
    const perSet = (setBased.ms * 1000) / ids.length
    const perOne = (oneByOne.ms * 1000) / ids.length
    console.log(
      [
        row('', 'measured'),
        row(
          'data: customers / assets / contracts',
          `${fmt(ids.length)} / ${fmt(ids.length * ASSETS_PER_CUSTOMER)} / ${fmt(ids.length + Math.ceil(ids.length / 10))}`,
        ),
        row('   inserted in', `${fmt(fillMs)} ms`),
        row('1. costForAll, one pass over every customer', `${fmt(setBased.ms, 1)} ms`),
        row('   per customer', `${fmt(perSet, 1)} µs`),
        row('2. reference: customer by customer', `${fmt(oneByOne.ms, 1)} ms`),
        row('   per customer', `${fmt(perOne, 1)} µs`),
        row('   ratio per-customer / set-based', `${fmt(oneByOne.ms / setBased.ms, 1)} ×`),
        row(
          `   answers equal for all ${fmt(ids.length)}`,
          mismatches.length === 0 ? 'yes' : `NO (${mismatches.length})`,
        ),
        row('   sum of the monthly totals incl. VAT', `€ ${fmt(totalCents / 100, 2)}`),
      ].join('\n'),
    )
    if (mismatches.length > 0 || setBased.result.size !== ids.length) {
      console.error(`\nbench/cost: the two computations disagree, e.g. for customer ${mismatches[0] ?? '(count)'}`)
      process.exitCode = 1
    }
  } finally {
    await sladesk?.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

await runBench('cost.ts', main)
