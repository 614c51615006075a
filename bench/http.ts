// HTTP throughput of sladesk against a bare Fastify route, start-up time and memory.
//
// Every server runs in its own child process; autocannon runs in this one. The figures that matter are the
// ratios to the bare route measured in the same run: absolute numbers on a shared machine are noise. The bare
// route and sladesk are loaded in turns (BENCH_ROUNDS, default 3) and the best round of each counts, so that a
// burst of other work on the machine does not land on one side only.
//
//   npm run bench                            the whole table
//   BENCH_DURATION=2 tsx bench/http.ts       shorter runs
//   BENCH_CPU_PROF_DIR=/tmp/prof tsx bench/http.ts   also writes a .cpuprofile of the SQLite sladesk server
//   BENCH_BASELINE=/path/to/other/checkout tsx bench/http.ts   also loads that checkout's built server, in the
//                                            same turns, to measure a change against the code before it
import { resolve } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import pg from 'pg'
import {
  best,
  CONNECTIONS,
  customerFixture,
  createPgDatabase,
  dropDatabases,
  DURATION_S,
  FIRST_WARMUP_S,
  fmt,
  load,
  type Load,
  PG_ADMIN_URL,
  removeDataDir,
  ROUNDS,
  row,
  rssMb,
  runBench,
  startBare,
  startSladesk,
  stopChild,
  verdict,
  waitHealthy,
  WARMUP_S,
} from './support.js'

const TARGET_RATIO = 0.3
const TARGET_START_MS = 2000
const TARGET_RSS_MB = 150

interface Results {
  bare: Load
  sqlite: Load
  startMs: number
  restartMs: number
  rssIdleMb: number
  rssAfterLoadMb: number
  postgres: Load | string
  baseline?: Load
}

async function measure(): Promise<Results> {
  const bare = await startBare()
  const baselineRoot = process.env.BENCH_BASELINE
  const baseline = baselineRoot ? await startSladesk({ root: resolve(baselineRoot) }) : undefined
  try {
    const sqlite = await startSladesk({ cpuProfDir: process.env.BENCH_CPU_PROF_DIR })
    const loads: { bare: Load[]; sqlite: Load[]; baseline: Load[] } = { bare: [], sqlite: [], baseline: [] }
    let rssIdleMb: number
    let rssAfterLoadMb: number
    try {
      await sleep(3000)
      rssIdleMb = rssMb(sqlite.child.proc.pid)
      const fixture = await customerFixture(sqlite.base)
      const baselineFixture = baseline && (await customerFixture(baseline.base))
      for (let round = 0; round < ROUNDS; round++) {
        loads.bare.push(await load(bare.child, bare.url))
        // A GET with the cookie alone, as a browser sends it: reads need no CSRF header.
        loads.sqlite.push(await load(sqlite.child, fixture.url, { cookie: fixture.cookie }))
        if (baseline && baselineFixture) {
          loads.baseline.push(await load(baseline.child, baselineFixture.url, { cookie: baselineFixture.cookie }))
        }
      }
      await sleep(3000)
      rssAfterLoadMb = rssMb(sqlite.child.proc.pid)
    } finally {
      await stopChild(sqlite.child)
    }
    const t1 = performance.now()
    const again = sqlite.restart()
    let restartMs: number
    try {
      restartMs = await waitHealthy(again, sqlite.base, t1)
    } finally {
      await stopChild(again)
      removeDataDir(sqlite.dataDir)
    }
    const postgres = await onPostgres()
    return {
      bare: best(loads.bare),
      sqlite: best(loads.sqlite),
      baseline: loads.baseline.length ? best(loads.baseline) : undefined,
      startMs: sqlite.startMs,
      restartMs,
      rssIdleMb,
      rssAfterLoadMb,
      postgres,
    }
  } finally {
    await stopChild(bare.child)
    if (baseline) {
      await stopChild(baseline.child)
      removeDataDir(baseline.dataDir)
    }
  }
}

/** One round of the sladesk case on a fresh PostgreSQL database, dropped afterwards. */
async function onPostgres(): Promise<Load | string> {
  const name = `sladesk_bench_${process.pid}`
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL })
  try {
    await admin.connect()
  } catch (err) {
    return `skipped: PostgreSQL not reachable at ${PG_ADMIN_URL} (${(err as Error).message})`
  }
  try {
    const server = await startSladesk({ databaseUrl: await createPgDatabase(admin, name) })
    try {
      const fixture = await customerFixture(server.base)
      return await load(server.child, fixture.url, { cookie: fixture.cookie })
    } finally {
      await stopChild(server.child)
      removeDataDir(server.dataDir)
    }
  } catch (err) {
    // The extra line must not cost the SQLite figures above it.
    return `failed: ${(err as Error).message.split('\n')[0]}`
  } finally {
    await dropDatabases(admin)
    await admin.end()
  }
}

async function main(): Promise<void> {
  console.log(
    `bench/http: autocannon -c ${CONNECTIONS} -d ${DURATION_S} after a warm-up (${FIRST_WARMUP_S} s, then ${WARMUP_S} s), best of ${ROUNDS} rounds taken in turns; servers in child processes; Node ${process.version}\n`,
  )
  const r = await measure()
  const ratio = r.sqlite.rps / r.bare.rps
  const loadText = (l: Load) => `${fmt(l.rps)} req/s, p99 ${fmt(l.p99)} ms, ${fmt(l.cpuUsPerRequest)} µs CPU/req`
  const lines = [
    row('', 'measured', 'target', ''),
    row('1. bare Fastify route, constant', loadText(r.bare)),
    row('2. sladesk GET /api/customers/:id (SQLite)', loadText(r.sqlite)),
    row('   ratio sladesk / bare (req/s)', fmt(ratio, 2), `≥ ${TARGET_RATIO}`, verdict(ratio >= TARGET_RATIO)),
    row('   CPU ratio bare / sladesk (µs per request)', fmt(r.bare.cpuUsPerRequest / r.sqlite.cpuUsPerRequest, 2)),
    row(
      '3. start to healthy, fresh DATA_DIR',
      `${fmt(r.startMs)} ms`,
      `< ${TARGET_START_MS} ms`,
      verdict(r.startMs < TARGET_START_MS),
    ),
    row(
      '   start to healthy, existing DATA_DIR',
      `${fmt(r.restartMs)} ms`,
      `< ${TARGET_START_MS} ms`,
      verdict(r.restartMs < TARGET_START_MS),
    ),
    row(
      '4. RSS idle, 3 s after start',
      `${fmt(r.rssIdleMb, 1)} MB`,
      `< ${TARGET_RSS_MB} MB`,
      verdict(r.rssIdleMb < TARGET_RSS_MB),
    ),
    row(
      '   RSS 3 s after the load',
      `${fmt(r.rssAfterLoadMb, 1)} MB`,
      `< ${TARGET_RSS_MB} MB`,
      verdict(r.rssAfterLoadMb < TARGET_RSS_MB),
    ),
    typeof r.postgres === 'string'
      ? row('   sladesk on PostgreSQL', r.postgres)
      : row(
          '   sladesk on PostgreSQL, one round',
          loadText(r.postgres),
          '(none)',
          `ratio ${fmt(r.postgres.rps / r.bare.rps, 2)}`,
        ),
  ]
  if (r.baseline) {
    lines.push(
      row(
        `   baseline ${process.env.BENCH_BASELINE}`,
        loadText(r.baseline),
        '',
        `ratio ${fmt(r.baseline.rps / r.bare.rps, 2)}`,
      ),
    )
  }
  console.log(lines.join('\n'))
  const checked: Array<[string, Load | string]> = [
    ['bare', r.bare],
    ['sladesk', r.sqlite],
    ['sladesk on PostgreSQL', r.postgres],
    ...(r.baseline ? [['baseline', r.baseline] as [string, Load]] : []),
  ]
  for (const [what, l] of checked) {
    if (typeof l !== 'string' && l.bad > 0) {
      console.log(
        `warning: ${what} answered ${l.bad} requests with an error or a non-2xx status; its figure is not valid`,
      )
    }
  }
}

// A bench reports; it does not fail the run.
await runBench('http', main)
