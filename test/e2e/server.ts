import { readFileSync } from 'node:fs'
import { join } from 'node:path'

/** What global-setup.ts hands to the tests and to global-teardown.ts, in `$SLADESK_E2E_STATE_DIR/server.json`. */
export interface ServerState {
  baseURL: string
  /** The one-time link the server printed on its console: `http://HOST:PORT/setup?token=…` */
  setupLink: string
  pid: number
  /** Temporary directory: DATA_DIR of the server, its log, and what the journeys leave for each other. */
  stateDir: string
  /** Set when the run is on PostgreSQL: the database created for this run, dropped at the end. */
  pg?: { adminUrl: string; database: string }
}

/** The staff admin that the setup journey creates; later journeys sign in with it. */
export interface AdminAccount {
  email: string
  password: string
  name: string
  totpSecret: string
  /** The 30-second step of the last verification code used: the server refuses it and any older one. */
  totpLastStep: number | null
}

export function stateDir(): string {
  const dir = process.env.SLADESK_E2E_STATE_DIR
  if (!dir) {
    throw new Error('SLADESK_E2E_STATE_DIR is not set: run the e2e tests with `npm run test:e2e`')
  }
  return dir
}

export function serverState(): ServerState {
  return JSON.parse(readFileSync(join(stateDir(), 'server.json'), 'utf8')) as ServerState
}

export const adminFile = () => join(stateDir(), 'admin.json')
