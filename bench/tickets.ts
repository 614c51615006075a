// Tickets: opening them through the HTTP API against a bare Fastify route, and the ticket list on a million tickets.
//
// 1. POST /api/tickets under autocannon load (session cookie + X-CSRF-Token, as the web app sends it), against the
//    bare route of bench/http.ts, in turns, best of BENCH_ROUNDS; the figure that matters is the ratio. Each load
//    sends a fixed number of requests (about BENCH_DURATION seconds' worth) and waits for every answer, so that the
//    tickets in the database can be checked against the 201 answers afterwards. Then the write floor on the same
//    database: what storing a ticket's rows costs with nothing else around it (see writeFloor), and the best ratio
//    that leaves.
// 2. GET /api/tickets on the demo database (`sladesk demo --customers 1000 --tickets N`): latency of sequential
//    requests (p50/p95/p99) for the first page and a page deep down the keyset (nextCursor followed
//    BENCH_DEEP_PAGES times), plain, with status=active&sort=due, and for the busiest customer. The database is
//    built once and kept under the temp directory, keyed by N, seed and the demo code; a later run reuses it.
//
//   npx tsx bench/tickets.ts                          the table (builds the 1,000,000-ticket database once: minutes)
//   BENCH_TICKETS=100000 npx tsx bench/tickets.ts     a quicker run on fewer tickets
//   BENCH_TICKETS_DATA_DIR=/path npx tsx bench/tickets.ts   the list part on that DATA_DIR as it is (a scratch copy
//                                                     with another index, say); BENCH_ROOT=/path/to/checkout runs
//                                                     that checkout's built server instead of this one's
//   BENCH_CPU_PROF_DIR=/tmp/prof npx tsx bench/tickets.ts   also writes .cpuprofile files of the sladesk servers
//   BENCH_ONLY=create (or list) npx tsx bench/tickets.ts    only that part
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import autocannon from 'autocannon'
import BetterSqlite3 from 'better-sqlite3'
import { DEMO_PASSWORD } from '../src/demo/demo.js'
import {
  best,
  type Child,
  childEnv,
  CONNECTIONS,
  cpuUs,
  customerFixture,
  DURATION_S,
  FIRST_WARMUP_S,
  fmt,
  load,
  type Load,
  removeDataDir,
  ROOT,
  ROUNDS,
  row,
  runBench,
  signIn,
  startBare,
  startChild,
  startSladesk,
  stopChild,
  verdict,
  WARMUP_S,
} from './support.js'

const TICKETS = Number(process.env.BENCH_TICKETS ?? 1_000_000)
const CUSTOMERS = 1000
const SEED = 1
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 300)
const DEEP_PAGES = Number(process.env.BENCH_DEEP_PAGES ?? 200)
const PAGE = 50
// A list case stops early (with at least MIN_REQUESTS) when it takes longer than this, and following the cursor
// down stops after twice as long: a missed target shows all the same.
const CASE_BUDGET_MS = 30_000
const MIN_REQUESTS = 10
const WARMUP_REQUESTS = 10
const WARMUP_MS = 3000
const SERVER_ROOT = process.env.BENCH_ROOT ? resolve(process.env.BENCH_ROOT) : ROOT
const CPU_PROF_DIR = process.env.BENCH_CPU_PROF_DIR
const ONLY = process.env.BENCH_ONLY

const TARGET_RATIO = 0.2
const TARGET_P95_MS = 20

const TICKET = {
  title: 'Printer op de tweede verdieping geeft papierstoring',
  description: 'De printer geeft steeds een papierstoring in lade 2. Papier eruit halen helpt maar even.',
  type: 'incident',
}

// 1. Opening tickets --------------------------------------------------------------------------------------

/**
 * `amount` POSTs of `body` with CONNECTIONS connections; autocannon waits for every answer of an `amount` run (a
 * `duration` run would drop the requests in flight at its end, whose tickets the server still makes).
 */
async function post(url: string, headers: Record<string, string>, body: string, amount: number) {
  return autocannon({
    url,
    method: 'POST',
    headers,
    body,
    connections: CONNECTIONS,
    amount: Math.max(Math.round(amount), CONNECTIONS),
  })
}

/** Like load() of support.ts, for a POST: a warm-up and a measured run of about DURATION_S at the `rate` seen so far. */
async function loadCreate(
  child: Child,
  url: string,
  headers: Record<string, string>,
  body: string,
  state: { rate?: number },
): Promise<Load> {
  const first = state.rate === undefined
  const warm = [await post(url, headers, body, first ? CONNECTIONS * 20 : state.rate! * WARMUP_S)]
  state.rate ??= warm[0]!.requests.total / warm[0]!.duration
  if (first) {
    // The first load of a server warms its JIT longer, as in load().
    warm.push(await post(url, headers, body, state.rate * (FIRST_WARMUP_S - warm[0]!.duration)))
  }
  const cpuBefore = cpuUs(child.proc.pid)
  const r = await post(url, headers, body, state.rate * DURATION_S)
  const cpuUsPerRequest = (cpuUs(child.proc.pid) - cpuBefore) / Math.max(r.requests.total, 1)
  state.rate = r.requests.total / r.duration
  return {
    rps: r.requests.total / r.duration,
    p99: r.latency.p99,
    cpuUsPerRequest,
    bad: [...warm, r].reduce((sum, x) => sum + x.non2xx + x.errors + x.timeouts, 0),
    ok: [...warm, r].reduce((sum, x) => sum + x['2xx'], 0),
  }
}

interface Creation {
  bare: Load
  sladesk: Load
  tickets: number
  floor: WriteFloor
}

/** µs per ticket of the write floor, with one ticket per transaction and with FLOOR_BATCH tickets per transaction. */
interface WriteFloor {
  single: number
  batched: number
}

const FLOOR_TICKETS = 5000
const FLOOR_BATCH = 50

/**
 * The least that storing a ticket costs on this machine: the rows sladesk writes for one (the year's counter, the
 * ticket with its indexes, three timeline events, the SLA update, the audit row) as prepared better-sqlite3
 * statements on the migrated schema, with no HTTP, no query builder, no validation and no SLA computation. Once
 * with a commit per ticket, as a request that answers 201 only when its ticket is stored must do, and once with
 * FLOOR_BATCH tickets per commit, the most that grouping the commits of 50 connections could win. Run on the
 * database of the load above, in the same settings as sladesk's (WAL, synchronous NORMAL).
 */
function writeFloor(file: string): WriteFloor {
  const db = new BetterSqlite3(file)
  try {
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = NORMAL')
    db.pragma('foreign_keys = ON')
    const { customer_id: customerId, created_by: userId } = db
      .prepare('select customer_id, created_by from tickets limit 1')
      .get() as { customer_id: string; created_by: string }
    const insertOf = (table: string) => {
      const columns = db
        .prepare(`select * from ${table} limit 0`)
        .columns()
        .map((c) => c.name)
      const stmt = db.prepare(
        `insert into ${table} (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})`,
      )
      return (values: Record<string, unknown>) => stmt.run(columns.map((c) => values[c] ?? null))
    }
    const [ticket, event, audit] = ['tickets', 'ticket_events', 'audit_log'].map(insertOf) as [
      ReturnType<typeof insertOf>,
      ReturnType<typeof insertOf>,
      ReturnType<typeof insertOf>,
    ]
    const counter = db.prepare(
      'insert into ticket_counters (year, last) values (2099, 1) on conflict (year) do update set last = last + 1 returning last',
    )
    const sla = db.prepare(
      'update tickets set sla_state = ?, sla_due_at = ?, sla_next_at = ?, sla_json = ? where id = ?',
    )
    let n = 0
    const id = () => `0190ffff-0000-7000-8000-${String(++n).padStart(12, '0')}`
    const one = () => {
      const at = Date.now()
      const { last } = counter.get() as { last: number }
      const ticketId = id()
      ticket({
        id: ticketId,
        number: `2099-${String(last).padStart(6, '0')}`,
        customer_id: customerId,
        type: TICKET.type,
        status: 'new',
        priority: 'P3',
        title: TICKET.title,
        description: TICKET.description,
        source: 'staff',
        tags: '[]',
        asset_ids: '[]',
        created_by: userId,
        created_at: at,
        updated_at: at,
        sla_state: 'none',
        sla_json: 'null',
      })
      for (const type of ['created', 'sla.started', 'sla.started']) {
        event({
          id: id(),
          ticket_id: ticketId,
          at,
          type,
          actor_id: userId,
          actor_label: 'Admin',
          data: '{}',
          public: 1,
        })
      }
      sla.run('running', at + 3_600_000, at + 2_700_000, '{"firstResponse":{"state":"running"}}', ticketId)
      audit({
        id: id(),
        at,
        actor_id: userId,
        actor_label: 'Admin',
        action: 'ticket.created',
        entity_type: 'ticket',
        entity_id: ticketId,
        customer_id: customerId,
        after: '{}',
      })
    }
    const perTicket = (batch: number) => {
      const run = db.transaction(() => {
        for (let i = 0; i < batch; i++) {
          one()
        }
      })
      const t0 = performance.now()
      for (let i = 0; i < FLOOR_TICKETS / batch; i++) {
        run()
      }
      return ((performance.now() - t0) * 1000) / FLOOR_TICKETS
    }
    perTicket(FLOOR_BATCH) // warm-up
    return { single: perTicket(1), batched: perTicket(FLOOR_BATCH) }
  } finally {
    db.close()
  }
}

async function measureCreation(): Promise<Creation> {
  const bare = await startBare()
  try {
    const server = await startSladesk({ root: SERVER_ROOT, cpuProfDir: CPU_PROF_DIR })
    const loads: { bare: Load[]; sladesk: Load[] } = { bare: [], sladesk: [] }
    try {
      const fixture = await customerFixture(server.base)
      const headers = { cookie: fixture.cookie, 'x-csrf-token': fixture.csrf, 'content-type': 'application/json' }
      const body = JSON.stringify({ customerId: fixture.id, ...TICKET })
      const state = {}
      for (let round = 0; round < ROUNDS; round++) {
        loads.bare.push(await load(bare.child, bare.url))
        loads.sladesk.push(await loadCreate(server.child, `${server.base}/api/tickets`, headers, body, state))
      }
    } finally {
      await stopChild(server.child)
    }
    const file = join(server.dataDir, 'sladesk.db')
    const db = new BetterSqlite3(file, { readonly: true })
    const tickets = db.prepare('select count(*) from tickets').pluck().get() as number
    db.close()
    const floor = writeFloor(file)
    removeDataDir(server.dataDir)
    return { bare: best(loads.bare), sladesk: best(loads.sladesk), tickets, floor }
  } finally {
    await stopChild(bare.child)
  }
}

// 2. The ticket list --------------------------------------------------------------------------------------

interface DemoData {
  dataDir: string
  /** How it came to be: built now (and how long it took), reused, or given. */
  how: string
}

/** The demo code and the schema it was made with: a cached database of other code is built again. */
function demoFingerprint(): string {
  const hash = createHash('sha256')
  const dist = join(SERVER_ROOT, 'dist', 'src')
  for (const file of ['demo/demo.js', 'demo/data.js']) {
    hash.update(readFileSync(join(dist, file)))
  }
  hash.update(
    readdirSync(join(dist, 'db', 'migrations'))
      .sort()
      .join('\n'),
  )
  return hash.digest('hex').slice(0, 12)
}

async function demoDatabase(): Promise<DemoData> {
  const given = process.env.BENCH_TICKETS_DATA_DIR
  if (given) {
    return { dataDir: resolve(given), how: 'given' }
  }
  const prefix = `sladesk-bench-tickets-${TICKETS}-${CUSTOMERS}-${SEED}-`
  const dataDir = join(tmpdir(), `${prefix}${demoFingerprint()}`)
  const marker = join(dataDir, 'complete.json')
  if (existsSync(marker)) {
    return { dataDir, how: 'reused' }
  }
  // Another version's database of the same size is of no use any more, and these are gigabytes.
  for (const old of readdirSync(tmpdir()).filter((d) => d.startsWith(prefix))) {
    rmSync(join(tmpdir(), old), { recursive: true, force: true })
  }
  console.log(`building the demo database (${fmt(TICKETS)} tickets) in ${dataDir}; later runs reuse it ...`)
  const t0 = performance.now()
  const child = startChild(
    [
      join(SERVER_ROOT, 'dist', 'src', 'main.js'),
      'demo',
      '--customers',
      String(CUSTOMERS),
      '--tickets',
      String(TICKETS),
      '--seed',
      String(SEED),
    ],
    childEnv({ DATA_DIR: dataDir, LOG_LEVEL: 'warn', JOBS: 'off' }),
  )
  await child.exited
  await stopChild(child)
  if (child.proc.exitCode !== 0) {
    throw new Error(`the demo failed (${child.proc.exitCode}):\n${child.output}`)
  }
  const seconds = (performance.now() - t0) / 1000
  writeFileSync(marker, JSON.stringify({ tickets: TICKETS, customers: CUSTOMERS, seed: SEED, seconds }))
  return { dataDir, how: `built in ${fmt(seconds)} s` }
}

interface Latency {
  p50: number
  p95: number
  p99: number
  requests: number
  cpuUsPerRequest: number
}

async function getOk(url: string, headers: Record<string, string>): Promise<unknown> {
  const res = await fetch(url, { headers })
  const text = await res.text()
  if (res.status !== 200) {
    throw new Error(`GET ${url}: ${res.status} ${text.slice(0, 300)}`)
  }
  return JSON.parse(text)
}

/** REQUESTS sequential GETs after a short warm-up (fewer when they are slow), and the server's CPU per request. */
async function latency(child: Child, url: string, headers: Record<string, string>): Promise<Latency> {
  const warming = performance.now()
  for (let i = 0; i < WARMUP_REQUESTS && performance.now() - warming < WARMUP_MS; i++) {
    await getOk(url, headers)
  }
  const times: number[] = []
  const cpuBefore = cpuUs(child.proc.pid)
  const started = performance.now()
  while (times.length < REQUESTS && (times.length < MIN_REQUESTS || performance.now() - started < CASE_BUDGET_MS)) {
    const t0 = performance.now()
    await getOk(url, headers)
    times.push(performance.now() - t0)
  }
  const cpuUsPerRequest = (cpuUs(child.proc.pid) - cpuBefore) / times.length
  times.sort((a, b) => a - b)
  const at = (p: number) => times[Math.min(times.length - 1, Math.ceil(p * times.length) - 1)]!
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), requests: times.length, cpuUsPerRequest }
}

/** The cursor DEEP_PAGES pages down (or as deep as the list goes, within the time budget), and how deep that is. */
async function deepCursor(
  base: string,
  query: string,
  headers: Record<string, string>,
): Promise<{ cursor: string; pages: number } | undefined> {
  // cursors[k] opens page k + 1; the page measured must be a full one, so not the last page of a short list.
  const cursors: string[] = []
  const started = performance.now()
  while (cursors.length < DEEP_PAGES && performance.now() - started < CASE_BUDGET_MS * 2) {
    const cursor = cursors.at(-1)
    const url = `${base}/api/tickets?${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`
    const page = (await getOk(url, headers)) as { nextCursor: string | null }
    if (!page.nextCursor) {
      cursors.pop()
      break
    }
    cursors.push(page.nextCursor)
  }
  const cursor = cursors.at(-1)
  return cursor ? { cursor, pages: cursors.length } : undefined
}

interface ListCase {
  what: string
  first: Latency
  deep?: { pages: number; latency: Latency }
}

interface Listing {
  demo: DemoData
  bytes: number
  bare: Latency
  cases: ListCase[]
}

async function measureList(): Promise<Listing> {
  const demo = await demoDatabase()
  const file = join(demo.dataDir, 'sladesk.db')
  const db = new BetterSqlite3(file, { readonly: true })
  const busiest = db
    .prepare('select customer_id, count(*) as n from tickets group by customer_id order by n desc limit 1')
    .get() as { customer_id: string; n: number }
  db.close()
  const bare = await startBare()
  try {
    const bareLatency = await latency(bare.child, bare.url, {})
    const server = await startSladesk({ root: SERVER_ROOT, dataDir: demo.dataDir, cpuProfDir: CPU_PROF_DIR })
    try {
      const session = await signIn(server.base, { email: 'beheer@voorbeeld-it.nl', password: DEMO_PASSWORD })
      const headers = { cookie: session.cookie }
      const cases: ListCase[] = []
      for (const [what, query] of [
        ['GET /api/tickets', `limit=${PAGE}`],
        ['  status=active&sort=due', `limit=${PAGE}&status=active&sort=due`],
        [`  customerId (${fmt(busiest.n)} tickets)`, `limit=${PAGE}&customerId=${busiest.customer_id}`],
      ] as const) {
        const first = await latency(server.child, `${server.base}/api/tickets?${query}`, headers)
        const deep = await deepCursor(server.base, query, headers)
        cases.push({
          what,
          first,
          deep: deep && {
            pages: deep.pages,
            latency: await latency(
              server.child,
              `${server.base}/api/tickets?${query}&cursor=${encodeURIComponent(deep.cursor)}`,
              headers,
            ),
          },
        })
      }
      const bytes = ['', '-wal'].reduce((sum, s) => sum + (existsSync(file + s) ? statSync(file + s).size : 0), 0)
      return { demo, bytes, bare: bareLatency, cases }
    } finally {
      await stopChild(server.child)
    }
  } finally {
    await stopChild(bare.child)
  }
}

// The table ------------------------------------------------------------------------------------------------

async function reportCreation(): Promise<void> {
  const c = await measureCreation()
  const ratio = c.sladesk.rps / c.bare.rps
  const loadText = (l: Load) => `${fmt(l.rps)} req/s, p99 ${fmt(l.p99)} ms, ${fmt(l.cpuUsPerRequest)} µs CPU/req`
  const lines = [
    row('1. bare Fastify route, constant', loadText(c.bare)),
    row('2. sladesk POST /api/tickets (SQLite)', loadText(c.sladesk)),
    row('   ratio sladesk / bare (req/s)', fmt(ratio, 2), `≥ ${TARGET_RATIO}`, verdict(ratio >= TARGET_RATIO)),
    row('   CPU ratio bare / sladesk (µs per request)', fmt(c.bare.cpuUsPerRequest / c.sladesk.cpuUsPerRequest, 2)),
    row(
      '   tickets in the database / 201 answers',
      `${fmt(c.tickets)} / ${fmt(c.sladesk.ok)}, ${fmt(c.sladesk.bad)} not 2xx`,
      'equal, 0',
      c.tickets === c.sladesk.ok && c.sladesk.bad === 0 ? 'ok' : 'MISMATCH',
    ),
    row(
      '   write floor (prepared statements, no HTTP)',
      `${fmt(c.floor.single)} µs a commit each, ${fmt(c.floor.batched)} µs at ${FLOOR_BATCH} a commit`,
    ),
    // The bare route's CPU per request plus the floor is the least any ticket request could cost here.
    row(
      '   best ratio that floor leaves (CPU)',
      `${fmt(c.bare.cpuUsPerRequest / (c.bare.cpuUsPerRequest + c.floor.single), 2)} a commit each, ${fmt(c.bare.cpuUsPerRequest / (c.bare.cpuUsPerRequest + c.floor.batched), 2)} at ${FLOOR_BATCH}`,
      `≥ ${TARGET_RATIO}`,
    ),
  ]
  console.log(lines.join('\n'))
  if (c.bare.bad > 0) {
    console.log(
      `warning: bare answered ${c.bare.bad} requests with an error or a non-2xx status; its figure is not valid`,
    )
  }
}

async function reportList(): Promise<void> {
  const l = await measureList()
  const ms = (n: number) => fmt(n, n < 10 ? 2 : n < 100 ? 1 : 0)
  const latencyText = (x: Latency) =>
    `p50 ${ms(x.p50)}, p95 ${ms(x.p95)}, p99 ${ms(x.p99)} ms, ${fmt(x.cpuUsPerRequest)} µs CPU`
  const target = `p95 < ${TARGET_P95_MS}`
  const listRow = (what: string, x: Latency) =>
    row(
      `${what}${x.requests < REQUESTS ? ` (${x.requests} req)` : ''}`,
      latencyText(x),
      target,
      verdict(x.p95 < TARGET_P95_MS),
    )
  const out = [
    row(
      `3. demo database: ${fmt(TICKETS)} tickets, ${CUSTOMERS} customers`,
      `${l.demo.how}, ${fmt(l.bytes / 1e9, 2)} GB`,
    ),
    row('   bare Fastify route, sequential', latencyText(l.bare)),
  ]
  for (const c of l.cases) {
    out.push(listRow(`${c.what}, first page`, c.first))
    out.push(
      c.deep
        ? listRow(`    ${fmt(c.deep.pages)} pages deep (${fmt(c.deep.pages * PAGE)} rows)`, c.deep.latency)
        : row('    deep page', 'no full page after the first'),
    )
  }
  console.log(out.join('\n'))
}

async function main(): Promise<void> {
  console.log(
    `bench/tickets: POST /api/tickets with autocannon -c ${CONNECTIONS}, about ${DURATION_S} s a round after a warm-up, best of ${ROUNDS} rounds taken in turns with the bare route; GET /api/tickets sequentially, ${REQUESTS} requests a case, on ${fmt(TICKETS)} demo tickets; servers in child processes; Node ${process.version}\n`,
  )
  console.log(row('', 'measured', 'target', ''))
  if (ONLY !== 'list') {
    await reportCreation()
  }
  if (ONLY !== 'create') {
    await reportList()
  }
}

await runBench('tickets', main)
