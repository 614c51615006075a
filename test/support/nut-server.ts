// A real Network UPS Tools server for tests: upsd with a dummy-ups driver (Debian packages nut-server and
// nut-client, NUT 2.8.0), both in the foreground, with configuration, state and driver socket in a temp dir and upsd
// on a free port of 127.0.0.1. The Debian wrappers in /usr/sbin read /etc/nut/nut.conf and do nothing while
// MODE=none, so the daemons in /lib/nut are run directly.
//
// The driver runs in mode `dummy-once`: it reads its .dev file (`var: value` lines, the `upsc` format) at start and
// again whenever the file's mtime changes, checked every `pollinterval` (1 s here). setVars rewrites the file and
// the values reach upsd in about a second. (`dummy-loop` with a `.seq` file re-reads in a loop and needs TIMER
// lines to hold a state; it is not needed.)
import { spawn, type ChildProcess } from 'node:child_process'
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs'
import { createServer, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { queryUps } from '../../src/modules/monitoring/nut-client.js'

const UPSD = '/lib/nut/upsd'
const DUMMY_UPS = '/lib/nut/dummy-ups'
const INSTALL = 'apt-get install -y --no-install-recommends nut-server nut-client'

export interface NutServerOptions {
  /** The UPS's name in upsd ('demo' by default). */
  upsName?: string
  /** Entries of upsd.users (each may LOGIN as a secondary upsmon). */
  users?: { name: string; password: string }[]
  /** The UPS's variables at start, e.g. `{ 'ups.status': 'OL', 'battery.charge': '100' }`. */
  initial: Record<string, string>
}

export interface NutServer {
  port: number
  upsName: string
  /**
   * Changes variables (the others keep their values; '' removes one) and resolves once upsd serves the new values
   * (about 1 s). @throws when they do not show within 10 s.
   */
  setVars(vars: Record<string, string>): Promise<void>
  /** Stops the driver only, as a crashed or unplugged UPS driver: upsd then answers ERR DRIVER-NOT-CONNECTED. */
  stopDriver(): Promise<void>
  /** Stops upsd and the driver and removes the temp dir. */
  stop(): Promise<void>
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo
      server.close(() => resolve(port))
    })
  })
}

/** uid and gid of a user, from /etc/passwd. */
function userIds(name: string): { uid: number; gid: number } | null {
  const fields = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .map((l) => l.split(':'))
    .find((f) => f[0] === name)
  return fields ? { uid: Number(fields[2]), gid: Number(fields[3]) } : null
}

/** A value for NUT's configuration parser (ups.conf, upsd.users, the .dev file): quoted, `\` and `"` escaped. */
function confQuoted(value: string): string {
  if (/[\r\n]/.test(value)) {
    throw new RangeError(`a NUT configuration value cannot hold a line break: ${JSON.stringify(value)}`)
  }
  return `"${value.replace(/[\\"]/g, '\\$&')}"`
}

/**
 * A .dev file line. dummy-ups parses the file, undoing one level of escapes. At start upsd gets the values in the
 * driver's full dump, escaped again; a change read later is sent on as it is, unescaped, and upsd undoes escapes once
 * more. So (observed with 2.8.0) a changed value is escaped twice for upsd to serve it unchanged: with one escape,
 * `say "hi"` reaches upsd as `say `.
 */
function devLine(name: string, value: string, change: boolean): string {
  if (!/^[a-z0-9][a-z0-9._-]*$/i.test(name)) {
    throw new RangeError(`not a NUT variable name: ${JSON.stringify(name)}`)
  }
  return `${name}: ${confQuoted(change ? value.replace(/[\\"]/g, '\\$&') : value)}\n`
}

/** Keeps the last 8 KB a daemon wrote, for error messages. */
function tail(child: ChildProcess): () => string {
  let text = ''
  const keep = (chunk: Buffer) => {
    text = (text + chunk.toString('utf8')).slice(-8192)
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  return () => text
}

// Process groups still running, killed when the test process exits without stop() (a failed beforeAll).
const running = new Set<number>()
process.once('exit', () => {
  for (const pgid of running) {
    try {
      process.kill(-pgid, 'SIGKILL')
    } catch {
      // already gone
    }
  }
})

/** Starts a daemon in its own process group, so that stopping it also stops anything it started. */
function startDaemon(path: string, args: string[], env: NodeJS.ProcessEnv): { child: ChildProcess; log: () => string } {
  const child = spawn(path, args, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
  if (child.pid !== undefined) {
    running.add(child.pid)
  }
  return { child, log: tail(child) }
}

/** SIGTERM to the daemon's process group, SIGKILL after 5 s; resolves once the daemon has exited. */
async function stopDaemon(child: ChildProcess): Promise<void> {
  const pid = child.pid
  if (pid === undefined) {
    return
  }
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-pid, name)
    } catch {
      // the group is empty already
    }
  }
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
    signal('SIGTERM')
    const timer = setTimeout(() => signal('SIGKILL'), 5_000)
    await exited
    clearTimeout(timer)
  }
  // Anything the daemon may have left in its group.
  signal('SIGKILL')
  running.delete(pid)
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Polls upsd with the client until `check` passes on the UPS's variables; throws with the daemons' output if not. */
async function waitFor(
  what: string,
  port: number,
  upsName: string,
  check: (vars: Record<string, string>) => boolean,
  daemons: { child: ChildProcess; log: () => string }[],
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  let last = 'no answer yet'
  while (Date.now() < deadline) {
    for (const d of daemons) {
      if (d.child.exitCode !== null || d.child.signalCode !== null) {
        throw new Error(`${d.child.spawnfile} exited (${d.child.exitCode ?? d.child.signalCode}) ${what}:\n${d.log()}`)
      }
    }
    try {
      const vars = await queryUps({ host: '127.0.0.1', port, upsName }, { timeoutMs: 1_000 })
      if (check(vars)) {
        return
      }
      last = JSON.stringify(vars)
    } catch (error) {
      last = String(error)
    }
    await pause(100)
  }
  throw new Error(
    `NUT server ${what}: not within ${timeoutMs} ms; last answer: ${last}\n${daemons.map((d) => d.log()).join('\n')}`,
  )
}

/** Whether upsd serves `vars` ('' = absent); dummy-ups may add variables of its own. */
function serves(vars: Record<string, string>, wanted: Record<string, string>): boolean {
  return Object.entries(wanted).every(([name, value]) => (value === '' ? !(name in vars) : vars[name] === value))
}

/**
 * Starts upsd and dummy-ups for one test file; call stop() in afterAll. Works as root (CI: the daemons drop to the
 * `nut` user the package created, so the dir and files are made readable to it) and as an ordinary user. Ready
 * (upsd serves `initial`) after about 3 s: dummy-ups opens its socket, accepts upsd and sends its values one
 * update round (1 s) after another.
 * @throws when NUT is not installed, naming the Debian packages.
 */
export async function startNutServer(options: NutServerOptions): Promise<NutServer> {
  for (const binary of [UPSD, DUMMY_UPS]) {
    if (!existsSync(binary)) {
      throw new Error(
        `${binary} not found: the NUT tests need a real upsd and dummy-ups. Install them with: ${INSTALL}`,
      )
    }
  }
  const root = process.getuid?.() === 0
  const nut = root ? userIds('nut') : null
  if (root && !nut) {
    throw new Error(`no user "nut" in /etc/passwd (the Debian package nut-client creates it): ${INSTALL}`)
  }
  const upsName = options.upsName ?? 'demo'
  if (!/^[a-z0-9][a-z0-9._-]*$/i.test(upsName)) {
    throw new RangeError(`not a NUT UPS name: ${JSON.stringify(upsName)}`)
  }
  for (const user of options.users ?? []) {
    if (!/^[a-z0-9][a-z0-9._-]*$/i.test(user.name)) {
      throw new RangeError(`not an upsd.users name: ${JSON.stringify(user.name)}`)
    }
  }
  const current: Record<string, string> = { ...options.initial }

  const dir = mkdtempSync(join(tmpdir(), 'sladesk-nut-'))
  const state = join(dir, 'state')
  const devFile = join(dir, 'ups.dev')
  // dummy-once notices a change by the file's mtime: every write gets a later whole second than the one before, so
  // that two writes within one second (or one second's resolution) are never taken for one.
  let mtime = Math.floor(Date.now() / 1000)
  const writeDev = (change: boolean) => {
    // An empty value makes dummy-ups delete the variable; leaving its line out would keep the old value.
    const text = Object.entries(current)
      .map(([name, value]) => devLine(name, value, change))
      .join('')
    const next = join(dir, 'ups.dev.new')
    writeFileSync(next, text, { mode: 0o644 })
    mtime = Math.max(mtime + 1, Math.floor(Date.now() / 1000))
    utimesSync(next, mtime, mtime)
    // The driver stats the path: a rename swaps the whole file at once, so no read ever sees half of it.
    renameSync(next, devFile)
  }

  try {
    mkdirSync(state)
    if (nut) {
      // The daemons read their configuration as root, then run as `nut`: the driver creates its socket in `state`
      // and re-reads ups.dev from there on.
      chmodSync(dir, 0o755)
      chownSync(state, nut.uid, nut.gid)
      chmodSync(state, 0o750)
    }
    writeDev(false)
    const users = (options.users ?? [])
      .map((u) => `[${u.name}]\n  password = ${confQuoted(u.password)}\n  upsmon secondary\n`)
      .join('')
    const confs: [string, string][] = [
      ['nut.conf', 'MODE=standalone\n'],
      [
        'ups.conf',
        `[${upsName}]\n  driver = dummy-ups\n  port = ${confQuoted(devFile)}\n  mode = dummy-once\n` +
          `  pollinterval = 1\n  desc = ${confQuoted(`Test UPS ${upsName}`)}\n`,
      ],
      ['upsd.users', users],
    ]
    for (const [name, text] of confs) {
      writeFileSync(join(dir, name), text, { mode: 0o640 })
      if (nut) {
        chownSync(join(dir, name), 0, nut.gid)
      }
    }
  } catch (error) {
    rmSync(dir, { recursive: true, force: true })
    throw error
  }

  const env = { ...process.env, NUT_CONFPATH: dir, NUT_STATEPATH: state, NUT_ALTPIDPATH: state }
  // As an ordinary user the daemons cannot switch to `nut`: they are told to stay who they are.
  const asUser = root ? [] : ['-u', process.env.USER ?? String(process.getuid?.())]
  const started = Date.now()
  const driver = startDaemon(DUMMY_UPS, ['-a', upsName, '-F', ...asUser], env)
  let upsd: { child: ChildProcess; log: () => string } | undefined
  let port = 0
  try {
    // upsd connects to the driver's socket at start, and retries only seconds later: start it once the socket is there.
    const socket = join(state, `dummy-ups-${upsName}`)
    while (!existsSync(socket)) {
      if (driver.child.exitCode !== null || Date.now() - started > 10_000) {
        throw new Error(`dummy-ups did not create ${socket}:\n${driver.log()}`)
      }
      await pause(20)
    }
    // The port is free when picked but could be taken before upsd binds it: then start again on another one.
    for (let attempt = 1; ; attempt++) {
      port = await freePort()
      writeFileSync(join(dir, 'upsd.conf'), `LISTEN 127.0.0.1 ${port}\n`, { mode: 0o640 })
      if (nut) {
        chownSync(join(dir, 'upsd.conf'), 0, nut.gid)
      }
      upsd = startDaemon(UPSD, ['-F', ...asUser], env)
      try {
        await waitFor('at start', port, upsName, (vars) => serves(vars, current), [driver, upsd], 15_000)
        break
      } catch (error) {
        const log = upsd.log()
        await stopDaemon(upsd.child)
        if (attempt >= 3 || !/not listening|Address already in use/i.test(log)) {
          throw error
        }
      }
    }
  } catch (error) {
    await stopDaemon(driver.child)
    rmSync(dir, { recursive: true, force: true })
    throw error
  }
  const server = upsd

  return {
    port,
    upsName,
    async setVars(vars) {
      Object.assign(current, vars)
      writeDev(true)
      await waitFor('after setVars', port, upsName, (served) => serves(served, vars), [driver, server], 10_000)
    },
    async stopDriver() {
      await stopDaemon(driver.child)
    },
    async stop() {
      await stopDaemon(server.child)
      await stopDaemon(driver.child)
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
