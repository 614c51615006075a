// What the HTTP benches share: servers in child processes, autocannon loads, sign-in, clean-up and the table.
//
// Every server runs in its own child process; autocannon runs in the bench process. Whatever a bench starts (child
// processes, temporary DATA_DIRs, PostgreSQL databases) is registered here and removed by cleanUp(), also on
// Ctrl-C (see runBench).
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import autocannon from 'autocannon'
import pg from 'pg'

export const ROOT = resolve(import.meta.dirname, '..')
export const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50)
export const DURATION_S = Number(process.env.BENCH_DURATION ?? 5)
// The first load of a server warms its JIT longer; the later rounds only refill the connections.
export const FIRST_WARMUP_S = 3
export const WARMUP_S = 1
export const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
export const PG_ADMIN_URL = process.env.BENCH_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
export const ADMIN = { email: 'bench@example.com', password: 'bench-password-123' }

export interface Child {
  proc: ChildProcess
  output: string
  exited: Promise<void>
}

const children = new Set<Child>()
export const tempDirs = new Set<string>()
export const databases = new Set<string>()

export function startChild(args: string[], env: NodeJS.ProcessEnv): Child {
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

export async function stopChild(child: Child): Promise<void> {
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
export function freePort(): Promise<number> {
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
export function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra }
  for (const key of ['NODE_OPTIONS', 'DATABASE_URL', 'PUBLIC_URL', 'SMTP_URL']) {
    if (!(key in extra)) {
      delete env[key]
    }
  }
  return env
}

export function rssMb(pid: number | undefined): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1] ?? Number.NaN)
  return kb / 1024
}

/** Milliseconds from `since` until GET /api/health answers 200. */
export async function waitHealthy(child: Child, base: string, since: number, timeoutMs = 60_000): Promise<number> {
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
export function cpuUs(pid: number | undefined): number {
  // After the command name, which may hold spaces: fields 14 and 15 of /proc/<pid>/stat, in clock ticks.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / CLOCK_TICKS
}

export interface Load {
  rps: number
  p99: number
  /** Server CPU per answered request: unlike req/s, hardly moved by other work on the machine. */
  cpuUsPerRequest: number
  bad: number
  /** 2xx answers, the warm-up included: what a POST load has created. */
  ok: number
}

const warmed = new Set<Child>()

/** A warm-up, then the measured autocannon run against `url`; a POST when `body` is given. */
export async function load(
  child: Child,
  url: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<Load> {
  const request = body === undefined ? {} : { method: 'POST' as const, body }
  const warm = await autocannon({
    url,
    headers,
    ...request,
    connections: CONNECTIONS,
    duration: warmed.has(child) ? WARMUP_S : FIRST_WARMUP_S,
  })
  warmed.add(child)
  const cpuBefore = cpuUs(child.proc.pid)
  const r = await autocannon({ url, headers, ...request, connections: CONNECTIONS, duration: DURATION_S })
  const cpuUsPerRequest = (cpuUs(child.proc.pid) - cpuBefore) / Math.max(r.requests.total, 1)
  return {
    rps: r.requests.average,
    p99: r.latency.p99,
    cpuUsPerRequest,
    bad: r.non2xx + r.errors + r.timeouts,
    ok: warm['2xx'] + r['2xx'],
  }
}

export async function startBare(): Promise<{ child: Child; url: string }> {
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

export interface Session {
  cookie: string
  csrf: string
}

export async function api(base: string, method: string, path: string, session: Session | undefined, body?: unknown) {
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

/** Signs in through the login route: the session cookie and the CSRF token for changes. */
export async function signIn(base: string, credentials: { email: string; password: string }): Promise<Session> {
  const login = await api(base, 'POST', '/api/auth/login', undefined, credentials)
  const cookie = login.res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0] ?? '')
    .find((c) => c.startsWith('sladesk_session='))
  if (!cookie) {
    throw new Error('the login set no session cookie')
  }
  return { cookie, csrf: String(login.json.csrfToken) }
}

export interface Sladesk {
  child: Child
  base: string
  dataDir: string
  /** Starts the server again on the same data. */
  restart(): Child
}

/**
 * Starts `dist/src/main.js serve` (of `root`, default this checkout) with jobs off. Without `dataDir` on a fresh
 * temporary DATA_DIR, removed by cleanUp(); a given `dataDir` is left as it is.
 */
export async function startSladesk(options: {
  databaseUrl?: string
  cpuProfDir?: string
  root?: string
  dataDir?: string
}): Promise<Sladesk & { startMs: number }> {
  let dataDir = options.dataDir
  if (!dataDir) {
    dataDir = mkdtempSync(join(tmpdir(), 'sladesk-bench-'))
    tempDirs.add(dataDir)
  }
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

/** Removes a DATA_DIR that startSladesk made. */
export function removeDataDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true })
  tempDirs.delete(dir)
}

/**
 * Signs in as the admin, creates a customer with a key contact, and returns its URL and id, and the session
 * cookie and CSRF token.
 */
export async function customerFixture(
  base: string,
): Promise<{ url: string; id: string; cookie: string; csrf: string }> {
  const session = await signIn(base, ADMIN)
  const customer = await api(base, 'POST', '/api/customers', session, {
    name: 'Bakkerij De Vries',
    city: 'Utrecht',
    email: 'info@devries.example',
  })
  const id = String(customer.json.id)
  const path = `/api/customers/${id}`
  await api(base, 'POST', `${path}/contacts`, session, { name: 'Anna de Vries', email: 'anna@devries.example' })
  const check = await api(base, 'GET', path, session)
  if (!check.json.keyContact) {
    throw new Error(`the customer has no key contact: ${JSON.stringify(check.json)}`)
  }
  return { url: `${base}${path}`, id, ...session }
}

/** The round with the most requests per second; `bad` and `ok` count those of every round. */
export function best(loads: Load[]): Load {
  const top = loads.reduce((a, b) => (b.rps > a.rps ? b : a))
  return {
    ...top,
    bad: loads.reduce((sum, l) => sum + l.bad, 0),
    ok: loads.reduce((sum, l) => sum + l.ok, 0),
  }
}

/** A fresh PostgreSQL database (dropped by cleanUp), or why there is none. */
export async function createPgDatabase(admin: pg.Client, name: string): Promise<string> {
  await admin.query(`create database ${name}`)
  databases.add(name)
  const url = new URL(PG_ADMIN_URL)
  url.pathname = `/${name}`
  return url.toString()
}

export async function dropDatabases(client?: pg.Client): Promise<void> {
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

export async function cleanUp(): Promise<void> {
  await Promise.all([...children].map(stopChild))
  for (const dir of tempDirs) {
    rmSync(dir, { recursive: true, force: true })
  }
  tempDirs.clear()
  await dropDatabases().catch(() => undefined)
}

export const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
export const verdict = (ok: boolean) => (ok ? 'ok' : 'below target')

export function row(what: string, value: string, target = '', status = ''): string {
  return `${what.padEnd(48)}${value.padStart(42)}  ${target.padEnd(10)}${status}`
}

/** Runs a bench's main and cleans up after it, also on Ctrl-C; a failure is reported, not thrown: a bench reports. */
export async function runBench(name: string, main: () => Promise<void>): Promise<void> {
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
    console.error(`bench/${name} failed:`, err)
  } finally {
    await cleanUp()
  }
}

/** A small seeded generator (mulberry32): the same data on every run. */
export function random(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Runs `fn` ROUNDS times (after one warm-up run) and answers the best time in ms and the last result. */
export async function bestOf<T>(fn: () => Promise<T>): Promise<{ ms: number; result: T }> {
  let result = await fn()
  let ms = Infinity
  for (let round = 0; round < ROUNDS; round++) {
    const t0 = performance.now()
    result = await fn()
    ms = Math.min(ms, performance.now() - t0)
  }
  return { ms, result }
}
