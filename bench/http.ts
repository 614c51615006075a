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
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import autocannon from 'autocannon'
import pg from 'pg'

const ROOT = resolve(import.meta.dirname, '..')
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50)
const DURATION_S = Number(process.env.BENCH_DURATION ?? 5)
// The first load of a server warms its JIT longer; the later rounds only refill the connections.
const FIRST_WARMUP_S = 3
const WARMUP_S = 1
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
const PG_ADMIN_URL = process.env.BENCH_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const ADMIN = { email: 'bench@example.com', password: 'bench-password-123' }

const TARGET_RATIO = 0.3
const TARGET_START_MS = 2000
const TARGET_RSS_MB = 150

interface Child {
  proc: ChildProcess
  output: string
  exited: Promise<void>
}

const children = new Set<Child>()
const tempDirs = new Set<string>()
const databases = new Set<string>()

function startChild(args: string[], env: NodeJS.ProcessEnv): Child {
  const proc = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] })
  const child: Child = { proc, output: '', exited: new Promise((done) => proc.once('exit', () => done())) }
  const keep = (chunk: Buffer) => {
    child.output = (child.output + chunk.toString()).slice(-8000)
  }
  proc.stdout?.on('data', keep)
  proc.stderr?.on('data', keep)
  children.add(child)
  return child
}

async function stopChild(child: Child): Promise<void> {
  if (child.proc.exitCode === null && child.proc.signalCode === null) {
    child.proc.kill('SIGTERM')
    const killed = await Promise.race([child.exited.then(() => false), sleep(10_000).then(() => true)])
    if (killed) {
      child.proc.kill('SIGKILL')
      await child.exited
    }
  }
  children.delete(child)
}

/** A port nobody listens on right now (the child binds it a moment later). */
function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer()
    server.once('error', fail)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => done(port))
    })
  })
}

/** Environment for a child: ours without anything that would change what it runs or where. */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra }
  for (const key of ['NODE_OPTIONS', 'DATABASE_URL', 'PUBLIC_URL', 'SMTP_URL']) {
    if (!(key in extra)) {
      delete env[key]
    }
  }
  return env
}

function rssMb(pid: number | undefined): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1] ?? Number.NaN)
  return kb / 1024
}

/** Milliseconds from `since` until GET /api/health answers 200. */
async function waitHealthy(child: Child, base: string, since: number, timeoutMs = 60_000): Promise<number> {
  for (;;) {
    try {
      const res = await fetch(`${base}/api/health`)
      if (res.status === 200) {
        return performance.now() - since
      }
    } catch {
      // Not listening yet.
    }
    if (child.proc.exitCode !== null) {
      throw new Error(`the server exited with ${child.proc.exitCode}:\n${child.output}`)
    }
    if (performance.now() - since > timeoutMs) {
      throw new Error(`the server was not healthy after ${timeoutMs} ms:\n${child.output}`)
    }
    await sleep(10)
  }
}

// Linux reports process CPU times in ticks of 1/100 s (USER_HZ) on every architecture Node runs on.
const CLOCK_TICKS = 100

/** CPU time (user + system) a process has used so far, in microseconds. */
function cpuUs(pid: number | undefined): number {
  // After the command name, which may hold spaces: fields 14 and 15 of /proc/<pid>/stat, in clock ticks.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / CLOCK_TICKS
}

interface Load {
  rps: number
  p99: number
  /** Server CPU per answered request: unlike req/s, hardly moved by other work on the machine. */
  cpuUsPerRequest: number
  bad: number
}

const warmed = new Set<Child>()

async function load(child: Child, url: string, headers: Record<string, string> = {}): Promise<Load> {
  await autocannon({ url, headers, connections: CONNECTIONS, duration: warmed.has(child) ? WARMUP_S : FIRST_WARMUP_S })
  warmed.add(child)
  const cpuBefore = cpuUs(child.proc.pid)
  const r = await autocannon({ url, headers, connections: CONNECTIONS, duration: DURATION_S })
  const cpuUsPerRequest = (cpuUs(child.proc.pid) - cpuBefore) / Math.max(r.requests.total, 1)
  return { rps: r.requests.average, p99: r.latency.p99, cpuUsPerRequest, bad: r.non2xx + r.errors + r.timeouts }
}

async function startBare(): Promise<{ child: Child; url: string }> {
  const child = startChild(['--import', 'tsx', join(ROOT, 'bench', 'bare-server.ts')], childEnv({}))
  const since = performance.now()
  for (;;) {
    const port = Number(/listening (\d+)/.exec(child.output)?.[1])
    if (port) {
      return { child, url: `http://127.0.0.1:${port}/` }
    }
    if (child.proc.exitCode !== null || performance.now() - since > 30_000) {
      throw new Error(`the bare server did not start:\n${child.output}`)
    }
    await sleep(10)
  }
}

async function api(
  base: string,
  method: string,
  path: string,
  session: { cookie: string; csrf: string } | undefined,
  body?: unknown,
) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(session ? { cookie: session.cookie, 'x-csrf-token': session.csrf } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.text()
  if (!res.ok) {
    throw new Error(`${method} ${path}: ${res.status} ${text}`)
  }
  return { res, json: JSON.parse(text) as Record<string, unknown> }
}

interface Sladesk {
  child: Child
  base: string
  dataDir: string
  /** Starts the server again on the same data. */
  restart(): Child
}

async function startSladesk(options: {
  databaseUrl?: string
  cpuProfDir?: string
  root?: string
}): Promise<Sladesk & { startMs: number }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sladesk-bench-'))
  tempDirs.add(dataDir)
  const port = await freePort()
  const base = `http://127.0.0.1:${port}`
  const env = childEnv({
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    JOBS: 'off',
    SLADESK_ADMIN_EMAIL: ADMIN.email,
    SLADESK_ADMIN_PASSWORD: ADMIN.password,
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
  })
  const nodeArgs = options.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`] : []
  const serve = () => startChild([...nodeArgs, join(options.root ?? ROOT, 'dist', 'src', 'main.js'), 'serve'], env)
  const t0 = performance.now()
  const child = serve()
  const startMs = await waitHealthy(child, base, t0)
  return { child, base, dataDir, restart: serve, startMs }
}

/** Signs in as the admin, creates a customer with a key contact, and returns its URL and the session cookie. */
async function customerFixture(base: string): Promise<{ url: string; cookie: string }> {
  const login = await api(base, 'POST', '/api/auth/login', undefined, ADMIN)
  const cookie = login.res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0] ?? '')
    .find((c) => c.startsWith('sladesk_session='))
  if (!cookie) {
    throw new Error('the login set no session cookie')
  }
  const session = { cookie, csrf: String(login.json.csrfToken) }
  const customer = await api(base, 'POST', '/api/customers', session, {
    name: 'Bakkerij De Vries',
    city: 'Utrecht',
    email: 'info@devries.example',
  })
  const path = `/api/customers/${String(customer.json.id)}`
  await api(base, 'POST', `${path}/contacts`, session, { name: 'Anna de Vries', email: 'anna@devries.example' })
  const check = await api(base, 'GET', path, session)
  if (!check.json.keyContact) {
    throw new Error(`the customer has no key contact: ${JSON.stringify(check.json)}`)
  }
  return { url: `${base}${path}`, cookie }
}

/** The round with the most requests per second; `bad` counts the failures of every round. */
function best(loads: Load[]): Load {
  const top = loads.reduce((a, b) => (b.rps > a.rps ? b : a))
  return { ...top, bad: loads.reduce((sum, l) => sum + l.bad, 0) }
}

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
      rmSync(sqlite.dataDir, { recursive: true, force: true })
      tempDirs.delete(sqlite.dataDir)
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
      rmSync(baseline.dataDir, { recursive: true, force: true })
      tempDirs.delete(baseline.dataDir)
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
    await admin.query(`create database ${name}`)
    databases.add(name)
    const url = new URL(PG_ADMIN_URL)
    url.pathname = `/${name}`
    const server = await startSladesk({ databaseUrl: url.toString() })
    try {
      const fixture = await customerFixture(server.base)
      return await load(server.child, fixture.url, { cookie: fixture.cookie })
    } finally {
      await stopChild(server.child)
      rmSync(server.dataDir, { recursive: true, force: true })
      tempDirs.delete(server.dataDir)
    }
  } catch (err) {
    // The extra line must not cost the SQLite figures above it.
    return `failed: ${(err as Error).message.split('\n')[0]}`
  } finally {
    await dropDatabases(admin)
    await admin.end()
  }
}

async function dropDatabases(client?: pg.Client): Promise<void> {
  if (databases.size === 0) {
    return
  }
  const admin = client ?? new pg.Client({ connectionString: PG_ADMIN_URL })
  try {
    if (!client) {
      await admin.connect()
    }
    for (const name of databases) {
      await admin.query(`drop database if exists ${name} with (force)`)
      databases.delete(name)
    }
  } finally {
    if (!client) {
      await admin.end()
    }
  }
}

async function cleanUp(): Promise<void> {
  await Promise.all([...children].map(stopChild))
  for (const dir of tempDirs) {
    rmSync(dir, { recursive: true, force: true })
  }
  tempDirs.clear()
  await dropDatabases().catch(() => undefined)
}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
const verdict = (ok: boolean) => (ok ? 'ok' : 'below target')

function row(what: string, value: string, target = '', status = ''): string {
  return `${what.padEnd(48)}${value.padStart(42)}  ${target.padEnd(10)}${status}`
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

for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const) {
  process.once(signal, () => {
    void cleanUp().then(() => process.exit(code))
  })
}

try {
  await main()
} catch (err) {
  // A bench reports; it does not fail the run.
  console.error('bench/http failed:', err)
} finally {
  await cleanUp()
}
