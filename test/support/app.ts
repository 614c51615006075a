import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'
import { afterAll, beforeAll, expect } from 'vitest'
import { buildApp, type Sladesk } from '../../src/app.js'
import { loadConfig, type Config } from '../../src/platform/config.js'
import { createTestDatabase, type DialectName, type TestDatabase } from './databases.js'
import { PASSWORD } from './factories.js'

export function testConfig(over: Partial<Config> = {}): Config {
  return { ...loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: '/nonexistent', JOBS: 'off' }, 'test'), ...over }
}

export interface Session {
  cookie: string
  csrfToken: string
}

/** Signs in through the real login route and returns the cookie and CSRF token. */
export async function signIn(
  app: FastifyInstance,
  email: string,
  password = PASSWORD,
  totp?: string,
): Promise<Session> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { email, password, ...(totp && { totp }) },
  })
  if (res.statusCode !== 200) {
    throw new Error(`sign-in of ${email} failed: ${res.statusCode} ${res.body}`)
  }
  const setCookie = res.cookies.find((c) => c.name === 'sladesk_session')
  if (!setCookie) {
    throw new Error('no session cookie')
  }
  return { cookie: `sladesk_session=${setCookie.value}`, csrfToken: res.json<{ csrfToken: string }>().csrfToken }
}

/** inject() as a signed-in user: adds the cookie, and the CSRF header on state-changing requests. */
export function as(app: FastifyInstance, session: Session | undefined) {
  return (opts: InjectOptions & { method: string; url: string }): Promise<LightMyRequestResponse> => {
    const headers: Record<string, string> = { ...(opts.headers as Record<string, string> | undefined) }
    if (session) {
      headers.cookie = session.cookie
      if (!['GET', 'HEAD', 'OPTIONS'].includes(opts.method.toUpperCase())) {
        headers['x-csrf-token'] = session.csrfToken
      }
    }
    return app.inject({ ...opts, headers })
  }
}

export interface AppContext {
  readonly sladesk: Sladesk
  readonly app: FastifyInstance
  readonly db: Sladesk['database']['db']
  /** The test clock: tests move it forward explicitly. */
  clock: { now: number }
}

/**
 * One app on a fresh database for a describe block. `over` may be a function: it is called when the app is built,
 * after the beforeAll hooks registered before useApp (e.g. one that starts a server and learns its port).
 */
export function useApp(dialect: DialectName, over: Partial<Config> | (() => Partial<Config>) = {}): AppContext {
  let test: TestDatabase | undefined
  let sladesk: Sladesk | undefined
  const clock = { now: Date.UTC(2026, 10, 29, 12, 0, 0) }
  beforeAll(async () => {
    test = await createTestDatabase(dialect)
    sladesk = await buildApp(testConfig(typeof over === 'function' ? over() : over), {
      database: test.database,
      now: () => clock.now,
    })
    await sladesk.app.ready()
  })
  afterAll(async () => {
    // close() closes the database too; drop() then only removes it.
    await sladesk?.close()
    await test?.drop().catch(() => undefined)
  })
  return {
    clock,
    get sladesk() {
      if (!sladesk) {
        throw new Error('app not ready: use it inside a test or hook')
      }
      return sladesk
    },
    get app() {
      return this.sladesk.app
    },
    get db() {
      return this.sladesk.database.db
    },
  }
}

/** The body of an RFC 9457 problem response, after checking its status, media type and code. */
export function expectProblem(res: LightMyRequestResponse, status: number, code: string): ProblemBody {
  expect(res.statusCode, res.body).toBe(status)
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/)
  const body = res.json<ProblemBody>()
  expect(body).toMatchObject({ status, code })
  return body
}

export interface ProblemBody {
  type: string
  title: string
  status: number
  detail: string
  code: string
  errors?: { path: string; message: string }[]
  [extra: string]: unknown
}
