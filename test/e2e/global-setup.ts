import { spawn, type ChildProcessByStdio } from 'node:child_process'
import { createWriteStream, mkdtempSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { Readable } from 'node:stream'
import pg from 'pg'
import type { ServerState } from './server.js'

const repoRoot = resolve(import.meta.dirname, '../..')
const STARTUP_MS = 60_000

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer()
    probe.unref()
    probe.once('error', fail)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      probe.close(() => (typeof address === 'object' && address ? done(address.port) : fail(new Error('no port'))))
    })
  })
}

/** A fresh database for this run on the server of E2E_DATABASE_URL (which names an existing database to connect to). */
async function createPgDatabase(adminUrl: string): Promise<{ url: string; database: string }> {
  const database = `sladesk_e2e_${Date.now().toString(36)}_${process.pid}`
  const client = new pg.Client({ connectionString: adminUrl })
  await client.connect()
  try {
    await client.query(`create database ${database}`)
  } finally {
    await client.end()
  }
  const url = new URL(adminUrl)
  url.pathname = `/${database}`
  return { url: url.toString(), database }
}

/** Resolves with the setup link once the server prints it; rejects if the server stops or stays silent. */
function waitForSetupLink(child: ChildProcessByStdio<null, Readable, Readable>, logFile: string): Promise<string> {
  return new Promise<string>((done, fail) => {
    let out = ''
    const timer = setTimeout(() => {
      fail(
        new Error(`sladesk printed no setup link within ${STARTUP_MS / 1000} s; its output is in ${logFile}:\n${out}`),
      )
    }, STARTUP_MS)
    const onData = (chunk: Buffer) => {
      out += chunk.toString()
      const match = /(https?:\/\/\S+\/setup\?token=[\w-]+)/.exec(out)
      if (match?.[1]) {
        clearTimeout(timer)
        child.stdout.off('data', onData)
        child.stderr.off('data', onErr)
        child.off('exit', onExit)
        done(match[1])
      }
    }
    const onExit = (code: number | null, signal: string | null) => {
      clearTimeout(timer)
      fail(
        new Error(
          `sladesk stopped (code ${code}, signal ${signal}) before it printed a setup link; output in ${logFile}:\n${out}`,
        ),
      )
    }
    const onErr = (chunk: Buffer) => {
      out += chunk.toString()
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onErr)
    child.once('exit', onExit)
  })
}

export async function dropPgDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl })
  await client.connect()
  try {
    await client.query(`drop database if exists ${database} with (force)`)
  } finally {
    await client.end()
  }
}

/**
 * Starts `node dist/src/main.js serve` on an empty database and waits for the setup link on its console.
 * The build is not done here: `npm run test:e2e` runs scripts/ensure-built.mjs first.
 */
export default async function globalSetup(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'sladesk-e2e-'))
  const port = await freePort()
  const baseURL = `http://127.0.0.1:${port}`
  const adminUrl = process.env.E2E_DATABASE_URL
  const pgDb = adminUrl ? await createPgDatabase(adminUrl) : undefined

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: join(dir, 'data'),
    JOBS: 'off',
    LOG_LEVEL: 'warn',
  }
  for (const name of ['DATABASE_URL', 'SMTP_URL', 'SLADESK_ADMIN_EMAIL', 'SLADESK_ADMIN_PASSWORD']) {
    delete env[name]
  }
  if (pgDb) {
    env.DATABASE_URL = pgDb.url
  }

  const logFile = join(dir, 'server.log')
  const log = createWriteStream(logFile)
  const child = spawn(process.execPath, ['dist/src/main.js', 'serve'], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  // Should the runner die without its teardown (Ctrl-C twice, a crash), the server goes with it.
  process.once('exit', () => child.kill('SIGKILL'))
  child.stdout.pipe(log, { end: false })
  child.stderr.pipe(log, { end: false })
  // Warnings and errors of the server show up in the test output as they happen.
  child.stderr.on('data', (chunk: Buffer) => process.stderr.write(`[sladesk] ${chunk.toString()}`))

  let setupLink: string
  try {
    setupLink = await waitForSetupLink(child, logFile)
  } catch (err) {
    child.kill('SIGKILL')
    if (adminUrl && pgDb) {
      await dropPgDatabase(adminUrl, pgDb.database)
    }
    console.error(`sladesk e2e: the server's data and log stay in ${dir}`)
    throw err
  }

  const state: ServerState = {
    baseURL,
    setupLink,
    pid: child.pid!,
    stateDir: dir,
    pg: adminUrl && pgDb ? { adminUrl, database: pgDb.database } : undefined,
  }
  writeFileSync(join(dir, 'server.json'), JSON.stringify(state, null, 2))
  process.env.SLADESK_E2E_STATE_DIR = dir
  process.env.SLADESK_E2E_BASE_URL = baseURL
  // global-teardown.ts runs in this same process: it can wait for the exit event of this very child.
  ;(globalThis as { sladeskE2eServer?: typeof child }).sladeskE2eServer = child
  console.log(
    `sladesk e2e: server on ${baseURL} (${pgDb ? `PostgreSQL database ${pgDb.database}` : `SQLite in ${env.DATA_DIR}`})`,
  )
}
