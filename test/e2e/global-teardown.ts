import type { ChildProcess } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { dropPgDatabase } from './global-setup.js'
import { serverState } from './server.js'

const STOP_MS = 10_000

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** Sends SIGTERM and resolves with how the server ended, or undefined if it is still running after `ms`. */
function stop(child: ChildProcess | undefined, pid: number, ms: number): Promise<string | undefined> {
  if (child && child.exitCode === null && child.signalCode === null) {
    return new Promise((done) => {
      const timer = setTimeout(() => done(undefined), ms)
      child.once('exit', (code, signal) => {
        clearTimeout(timer)
        done(signal ? `signal ${signal}` : `code ${code}`)
      })
      child.kill('SIGTERM')
    })
  }
  if (!alive(pid)) {
    return Promise.resolve('already stopped')
  }
  process.kill(pid, 'SIGTERM')
  const until = Date.now() + ms
  return new Promise((done) => {
    const poll = setInterval(() => {
      if (!alive(pid)) {
        clearInterval(poll)
        done('stopped')
      } else if (Date.now() > until) {
        clearInterval(poll)
        done(undefined)
      }
    }, 100)
  })
}

/** Stops the server (it must exit cleanly within 10 s of SIGTERM), keeps its log, drops the run's database. */
export default async function globalTeardown(): Promise<void> {
  if (!process.env.SLADESK_E2E_STATE_DIR) {
    return
  }
  const state = serverState()
  const child = (globalThis as { sladeskE2eServer?: ChildProcess }).sladeskE2eServer
  const started = Date.now()
  const outcome = await stop(child, state.pid, STOP_MS)
  const problems: string[] = []
  if (outcome === undefined) {
    process.kill(state.pid, 'SIGKILL')
    problems.push(`the server did not exit within ${STOP_MS / 1000} s of SIGTERM`)
  } else if (outcome !== 'code 0' && outcome !== 'stopped' && outcome !== 'already stopped') {
    problems.push(`the server exited with ${outcome} on SIGTERM`)
  } else if (outcome === 'already stopped') {
    problems.push('the server had stopped before the end of the tests')
  }
  console.log(`sladesk e2e: server stopped in ${Date.now() - started} ms (${outcome ?? 'killed'})`)

  const results = resolve(import.meta.dirname, '../../test-results')
  const log = join(state.stateDir, 'server.log')
  if (existsSync(log)) {
    mkdirSync(results, { recursive: true })
    copyFileSync(log, join(results, 'server.log'))
  }
  if (state.pg) {
    await dropPgDatabase(state.pg.adminUrl, state.pg.database)
  }
  rmSync(state.stateDir, { recursive: true, force: true })
  if (problems.length) {
    throw new Error(`sladesk e2e teardown: ${problems.join('; ')} (log: test-results/server.log)`)
  }
}
