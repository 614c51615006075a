// The daily check over 1,000 customers × 5 expected jobs × 30 days of history, on SQLite and on PostgreSQL: the
// scheduled pass (the recent closed days of every job: read every run of their windows in one query, decide, store
// the decisions in batches, act on the problems) against the same decisions made job by job (a query per job and
// day, a write per decision: the loop the check replaces), in the same run on the same data.
//
// The check's first run opens the tickets of the problems in the data; the measured rounds after it decide the
// same days again and find those tickets already open, as the check does every quarter of an hour.
//
//   npx tsx bench/daily-check.ts                                       1,000 customers, best of 3 rounds
//   BENCH_CUSTOMERS=200 BENCH_ROUNDS=5 npx tsx bench/daily-check.ts
//   BENCH_PG=off npx tsx bench/daily-check.ts                          SQLite only
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import pg from 'pg'
import { buildApp, type Sladesk } from '../src/app.js'
import type { Executor } from '../src/db/database.js'
import { decideDay, jobKey, plusDays, type Run, windowOf } from '../src/modules/monitoring/daily.js'
import * as monitoringRepo from '../src/modules/monitoring/repo.js'
import { loadConfig } from '../src/platform/config.js'
import { uuidv7 } from '../src/platform/ids.js'
import {
  bestOf,
  createPgDatabase,
  dropDatabases,
  fmt,
  PG_ADMIN_URL,
  random,
  ROUNDS,
  row,
  runBench,
  tempDirs,
  verdict,
} from './support.js'

const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 1000)
const JOBS = 5
const DAYS = 30
const TARGET_MS = 1000
const TZ = 'Europe/Amsterdam'
const CHECK_TIME = '07:30'
/** 30 November 2026, 10:00 in Amsterdam: the check of that morning has passed. */
const NOW = Date.parse('2026-11-30T10:00:00+01:00')
const TODAY = '2026-11-30'

/**
 * Customers, each with a backup system expecting JOBS nightly jobs, and DAYS nights of reports: one report per
 * customer and night with a run of each job (90 % success, 5 % warning, 3 % failed, 2 % no run: missing).
 */
async function fill(db: Executor): Promise<{ customers: number; events: number }> {
  const next = random(20261130)
  const created = Date.parse('2026-09-01T00:00:00Z')
  let events = 0
  for (let c = 0; c < CUSTOMERS; c++) {
    const customerId = uuidv7()
    await db
      .insertInto('customers')
      .values({
        id: customerId,
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
        created_at: created,
        updated_at: created,
        archived_at: null,
      })
      .execute()
    const jobs = Array.from({ length: JOBS }, (_, j) => `job ${j + 1}`)
    await db
      .insertInto('assets')
      .values({
        id: uuidv7(),
        customer_id: customerId,
        site_id: null,
        class: 'backup-system',
        name: 'NAS',
        name_key: 'nas',
        serial: null,
        serial_key: null,
        purchase_date: null,
        warranty_end: null,
        os: null,
        status: 'active',
        active_from: '2026-09-01',
        active_until: null,
        retired_on: null,
        notes: null,
        details: JSON.stringify({
          kind: 'nas',
          software: null,
          expectedJobs: jobs.map((name) => ({ name, schedule: 'daily', host: null, graceHours: 0 })),
        }),
        remote_access: null,
        created_at: created,
        updated_at: created,
      })
      .execute()
    await monitoringRepo.insertJobFirstDays(
      db,
      jobs.map((name) => ({ customer_id: customerId, job_key: jobKey(name), first_day: '2026-09-01' })),
    )
    const reports: monitoringRepo.ReportRow[] = []
    const rows: monitoringRepo.EventRow[] = []
    for (let d = DAYS; d >= 1; d--) {
      const day = plusDays(TODAY, -d)
      // The night's runs end between 22:00 and 04:00.
      const base = Date.parse(`${day}T22:00:00+01:00`)
      const reportId = uuidv7()
      reports.push({
        id: reportId,
        customer_id: customerId,
        kind: 'backup',
        source: 'api',
        sha256: `${customerId}${day}`.replace(/-/g, '').padEnd(64, '0').slice(0, 64),
        size: 1000,
        content_type: 'application/json',
        format_requested: 'restic',
        format: 'restic',
        status: 'parsed',
        reason: null,
        from_future: 0,
        exit_code: 0,
        job_hint: null,
        host: null,
        token_id: null,
        received_at: base + 6 * 3_600_000,
        received_day: day,
        parsed_at: base + 6 * 3_600_000,
      })
      for (const job of jobs) {
        const r = next()
        if (r < 0.02) {
          continue
        }
        const at = base + Math.floor(next() * 6 * 3_600_000)
        rows.push({
          id: uuidv7(),
          report_id: reportId,
          customer_id: customerId,
          kind: 'backup',
          job,
          host: null,
          result: r < 0.05 ? 'failed' : r < 0.1 ? 'warning' : 'success',
          at,
          started_at: at - 1_800_000,
          bytes: Math.floor(next() * 1e10),
          files: Math.floor(next() * 1e5),
          details: '{"errors":[],"warnings":[]}',
        })
      }
    }
    await db.insertInto('monitoring_reports').values(reports).execute()
    for (let i = 0; i < rows.length; i += 500) {
      await db
        .insertInto('report_events')
        .values(rows.slice(i, i + 500))
        .execute()
    }
    events += rows.length
  }
  return { customers: CUSTOMERS, events }
}

/** The loop the check replaces: for every job and day its own query for its runs, and its own write. */
async function jobByJob(db: Executor, days: readonly string[]): Promise<number> {
  const systems = await monitoringRepo.backupSystems(db)
  let decided = 0
  for (const s of systems) {
    const { expectedJobs } = JSON.parse(s.details) as { expectedJobs: { name: string }[] }
    for (const j of expectedJobs) {
      for (const day of days) {
        const w = windowOf(day, { schedule: 'daily', graceHours: 0 }, CHECK_TIME, TZ)
        const runs = await db
          .selectFrom('report_events')
          .select(['id', 'at', 'result'])
          .where('customer_id', '=', s.customer_id)
          .where('job', '=', j.name)
          .where('at', '>', w.from)
          .where('at', '<=', w.to)
          .execute()
        const d = decideDay(runs.map((r) => ({ id: r.id, at: Number(r.at), result: r.result }) as Run))
        await monitoringRepo.upsertDays(db, [
          {
            customer_id: s.customer_id,
            job_key: jobKey(j.name),
            day,
            job: j.name,
            asset_id: s.id,
            status: d.status,
            runs: d.runs,
            last_event_id: d.lastEventId,
            decided_at: NOW,
          },
        ])
        decided++
      }
    }
  }
  return decided
}

async function measure(label: string, env: Record<string, string>): Promise<string[]> {
  let sladesk: Sladesk | undefined
  try {
    sladesk = await buildApp(loadConfig({ LOG_LEVEL: 'silent', JOBS: 'off', ...env }, 'bench'), { now: () => NOW })
    const { db } = sladesk.database
    const t0 = performance.now()
    const filled = await db.transaction().execute((trx) => fill(trx))
    const fillMs = performance.now() - t0
    await sql`analyze`.execute(db)
    const check = sladesk.services.monitoringCheck
    const t1 = performance.now()
    const first = await check.runScheduled()
    const firstMs = performance.now() - t1
    const again = await bestOf(() => check.runScheduled())
    const days = again.result.days
    const loop = await bestOf(() => jobByJob(db, days))
    const problems = await db
      .selectFrom('monitoring_days')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('status', '!=', 'ok')
      .where('day', '>=', days[0]!)
      .executeTakeFirstOrThrow()
    return [
      row(
        `${label}: customers / jobs / runs in history`,
        `${fmt(filled.customers)} / ${fmt(filled.customers * JOBS)} / ${fmt(filled.events)}`,
      ),
      row('   inserted in', `${fmt(fillMs)} ms`),
      row(`   days decided per pass (${days[0]} … ${days.at(-1)})`, `${fmt(again.result.decided)}`),
      row('   first check (opens the tickets)', `${fmt(firstMs, 1)} ms`, '', `${fmt(first.ticketsOpened)} tickets`),
      row('1. the check, one pass', `${fmt(again.ms, 1)} ms`, `< ${fmt(TARGET_MS)} ms`, verdict(again.ms < TARGET_MS)),
      row('2. reference: job by job, day by day', `${fmt(loop.ms, 1)} ms`),
      row('   ratio job-by-job / one pass', `${fmt(loop.ms / again.ms, 1)} ×`),
      row('   not-ok decisions in the decided days', fmt(Number(problems.n))),
    ]
  } finally {
    await sladesk?.close()
  }
}

async function main(): Promise<void> {
  console.log(
    `bench/daily-check: the daily check over ${fmt(CUSTOMERS)} customers × ${JOBS} jobs × ${DAYS} days of history, best of ${ROUNDS} rounds after a warm-up; Node ${process.version}\n`,
  )
  const lines = [row('', 'measured', 'target')]
  const dir = mkdtempSync(join(tmpdir(), 'sladesk-bench-check-'))
  tempDirs.add(dir)
  try {
    lines.push(...(await measure('SQLite', { DATA_DIR: dir })))
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  if (process.env.BENCH_PG !== 'off') {
    const admin = new pg.Client({ connectionString: PG_ADMIN_URL })
    await admin.connect()
    try {
      const url = await createPgDatabase(admin, `sladesk_bench_check_${process.pid}`)
      const pgDir = mkdtempSync(join(tmpdir(), 'sladesk-bench-check-pg-'))
      tempDirs.add(pgDir)
      lines.push(...(await measure('PostgreSQL', { DATA_DIR: pgDir, DATABASE_URL: url })))
    } finally {
      await dropDatabases(admin)
      await admin.end()
    }
  }
  console.log(lines.join('\n'))
}

await runBench('daily-check.ts', main)
