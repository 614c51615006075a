import type { InjectOptions, LightMyRequestResponse } from 'fastify'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp, type Sladesk } from '../src/app.js'
import { as, expectProblem, signIn, testConfig, useApp, type Session } from './support/app.js'
import { createTestDatabase, dialects, type TestDatabase } from './support/databases.js'
import { make } from './support/factories.js'

const BODY_LIMIT = 2048
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

// What must never reach a client: stack frames, file paths, SQL and driver messages.
const LEAKS = [
  /\bat .+[(/].+\.(ts|js|mjs|cjs):\d+/,
  /node_modules|\/work\/|\/src\//,
  /\bselect\s.+\sfrom\b/i,
  /\binsert into\b|\bupdate \w+ set\b/i,
  /SQLITE|sqlite3|better-sqlite|SqliteError/i,
  /\bpg\b|postgres|relation ".+" does not exist|syntax error at/i,
  /Error: /,
]

function expectNoLeaks(res: LightMyRequestResponse): void {
  for (const leak of LEAKS) {
    expect(res.body, `${res.statusCode} body matches ${leak}`).not.toMatch(leak)
  }
}

const HOSTILE = {
  sql: "Robert'); DROP TABLE customers;--",
  script: '<script>alert(1)</script>',
  img: '<img src=x onerror=alert(1)>',
  quote: "' OR '1'='1",
}

for (const dialect of dialects) {
  describe(`bad input [${dialect}]`, () => {
    const ctx = useApp(dialect, { bodyLimitBytes: BODY_LIMIT })
    let session: Session
    const clientErrors: LightMyRequestResponse[] = []

    /** inject() as a technician; every 4xx answer is kept for the leak check at the end. */
    async function send(opts: InjectOptions & { method: string; url: string }): Promise<LightMyRequestResponse> {
      const res = await as(ctx.app, session)(opts)
      if (res.statusCode >= 400 && res.statusCode < 500) {
        clientErrors.push(res)
      }
      return res
    }
    const raw = (payload: string, contentType = 'application/json') =>
      send({ method: 'POST', url: '/api/customers', payload, headers: { 'content-type': contentType } })

    beforeAll(async () => {
      const user = await make.user(ctx.db, { role: 'technician' })
      session = await signIn(ctx.app, user.email)
    })

    it('answers malformed JSON with 400 invalid_json', async () => {
      expectProblem(await raw('{"name": "Half'), 400, 'invalid_json')
      expectProblem(await raw("{'name': 'single quotes'}"), 400, 'invalid_json')
      expectProblem(await raw(''), 400, 'invalid_json')
    })

    it('refuses JSON that tries to poison prototypes', async () => {
      expectProblem(await raw('{"name":"Proto B.V.","__proto__":{"isAdmin":true}}'), 400, 'invalid_json')
      expectProblem(
        await raw('{"name":"Proto B.V.","constructor":{"prototype":{"isAdmin":true}}}'),
        400,
        'invalid_json',
      )
    })

    it('answers wrong types with 400 validation_failed naming each field', async () => {
      const res = await send({
        method: 'POST',
        url: '/api/customers',
        payload: { name: 42, country: 'nl', email: 'geen e-mail' },
      })
      const problem = expectProblem(res, 400, 'validation_failed')
      expect(problem.errors?.map((e) => e.path).sort()).toEqual(['body.country', 'body.email', 'body.name'])
      expect(problem.errors?.every((e) => e.message.length > 0)).toBe(true)
      expect(problem.detail).toMatch(/^body\.\w+: /)

      expect(expectProblem(await raw('[]'), 400, 'validation_failed').errors?.map((e) => e.path)).toEqual(['body'])
      expect(expectProblem(await raw('"just a string"'), 400, 'validation_failed').errors?.map((e) => e.path)).toEqual([
        'body',
      ])
      expect(
        expectProblem(
          await send({ method: 'POST', url: '/api/customers', payload: { name: ' ' } }),
          400,
          'validation_failed',
        ).errors?.map((e) => e.path),
      ).toEqual(['body.name'])
    })

    it('answers a bad query string with 400 naming the parameter', async () => {
      for (const [query, path] of [
        ['limit=abc', 'querystring.limit'],
        ['limit=100000', 'querystring.limit'],
        ['archived=maybe', 'querystring.archived'],
        ['q=a&q=b', 'querystring.q'],
      ]) {
        const problem = expectProblem(
          await send({ method: 'GET', url: `/api/customers?${query}` }),
          400,
          'validation_failed',
        )
        expect(problem.errors?.map((e) => e.path)).toEqual([path])
      }
      expectProblem(await send({ method: 'GET', url: '/api/customers?cursor=not-a-cursor' }), 400, 'invalid_cursor')
    })

    it('answers an unknown id with 404 customer_not_found', async () => {
      const id = '0190a000-0000-7000-8000-000000000042'
      expect(
        expectProblem(await send({ method: 'GET', url: `/api/customers/${id}` }), 404, 'customer_not_found').detail,
      ).toContain(id)
      expectProblem(
        await send({ method: 'PATCH', url: `/api/customers/${id}`, payload: { name: 'Niemand' } }),
        404,
        'customer_not_found',
      )
    })

    it('answers an id that is not a UUID with 400', async () => {
      for (const id of ['123', 'abc', "1' OR '1'='1", '0190a000-0000-7000-8000-00000000004']) {
        const problem = expectProblem(
          await send({ method: 'GET', url: `/api/customers/${encodeURIComponent(id)}` }),
          400,
          'validation_failed',
        )
        expect(problem.errors?.map((e) => e.path)).toEqual(['params.id'])
      }
    })

    it(`answers a body over BODY_LIMIT_BYTES (${BODY_LIMIT}) with 413 body_too_large`, async () => {
      const res = await send({
        method: 'POST',
        url: '/api/customers',
        payload: { name: 'Groot B.V.', notes: 'x'.repeat(BODY_LIMIT) },
      })
      expectProblem(res, 413, 'body_too_large')
      const justUnder = await send({
        method: 'POST',
        url: '/api/customers',
        payload: { name: 'Net Klein B.V.', notes: 'x'.repeat(BODY_LIMIT - 100) },
      })
      expect(justUnder.statusCode).toBe(201)
    })

    it('answers a Content-Length that does not match the body with 400', async () => {
      const res = await send({
        method: 'POST',
        url: '/api/customers',
        payload: '{"name":"Lengte B.V."}',
        headers: { 'content-type': 'application/json', 'content-length': '5' },
      })
      expect(res.statusCode).toBe(400)
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/)
    })

    it('answers a body that is not JSON with 415', async () => {
      expectProblem(
        await raw('<customer><name>XML B.V.</name></customer>', 'application/xml'),
        415,
        'unsupported_media_type',
      )
      expectProblem(
        await raw('name=Formulier+B.V.', 'application/x-www-form-urlencoded'),
        415,
        'unsupported_media_type',
      )
      expectProblem(
        await raw(
          '--x\r\nContent-Disposition: form-data; name="name"\r\n\r\nMulti\r\n--x--',
          'multipart/form-data; boundary=x',
        ),
        415,
        'unsupported_media_type',
      )
      // Plain text is read as a string, which is not the object the route wants.
      expectProblem(await raw('{"name":"Tekst B.V."}', 'text/plain'), 400, 'validation_failed')
    })

    it('answers an unknown API route with a 404 problem', async () => {
      const res = await send({ method: 'GET', url: '/api/does-not-exist?x=1' })
      expect(expectProblem(res, 404, 'route_not_found').detail).toBe('GET /api/does-not-exist does not exist')
      expectProblem(await send({ method: 'PUT', url: '/api/customers', payload: {} }), 404, 'route_not_found')
      expectProblem(await send({ method: 'POST', url: '/no-such-page', payload: {} }), 404, 'route_not_found')
    })

    it('answers 401 unauthenticated without a session', async () => {
      const res = await ctx.app.inject({ method: 'GET', url: '/api/customers' })
      clientErrors.push(res)
      expectProblem(res, 401, 'unauthenticated')
    })

    it('stores and returns SQL and HTML in text fields verbatim, and the table survives', async () => {
      const payload = {
        name: HOSTILE.sql,
        notes: HOSTILE.script,
        city: HOSTILE.img,
        address: HOSTILE.quote,
        phone: '--',
      }
      const created = await send({ method: 'POST', url: '/api/customers', payload })
      expect(created.statusCode, created.body).toBe(201)
      expect(created.headers['content-type']).toMatch(/^application\/json/)
      const customer = created.json<{ id: string }>()
      expect(customer).toMatchObject(payload)

      const read = await send({ method: 'GET', url: `/api/customers/${customer.id}` })
      expect(read.json()).toMatchObject(payload)
      const row = await ctx.db
        .selectFrom('customers')
        .selectAll()
        .where('id', '=', customer.id)
        .executeTakeFirstOrThrow()
      expect(row).toMatchObject({ name: HOSTILE.sql, notes: HOSTILE.script, city: HOSTILE.img, address: HOSTILE.quote })

      const search = await send({ method: 'GET', url: `/api/customers?q=${encodeURIComponent("'); DROP TABLE")}` })
      expect(search.json<{ items: { id: string }[] }>().items.map((c) => c.id)).toEqual([customer.id])
      const injected = await send({ method: 'GET', url: `/api/customers?q=${encodeURIComponent(HOSTILE.quote)}` })
      expect(injected.json<{ items: unknown[] }>().items).toEqual([])

      const patched = await send({
        method: 'PATCH',
        url: `/api/customers/${customer.id}`,
        payload: { notes: `${HOSTILE.img}${HOSTILE.sql}` },
      })
      expect(patched.json()).toMatchObject({ notes: `${HOSTILE.img}${HOSTILE.sql}` })

      const me = await send({ method: 'PATCH', url: '/api/me', payload: { name: HOSTILE.script } })
      expect(me.json()).toMatchObject({ name: HOSTILE.script })

      const count = await sql<{ n: number | string }>`select count(*) as n from customers`.execute(ctx.db)
      expect(Number(count.rows[0]?.n)).toBeGreaterThan(0)
      expect((await send({ method: 'GET', url: '/api/customers' })).statusCode).toBe(200)
    })

    it('refuses NUL characters in JSON strings and query parameters, on every database alike', async () => {
      const body = await send({ method: 'POST', url: '/api/customers', payload: { name: 'Nul\u0000Byte B.V.' } })
      expect(expectProblem(body, 400, 'validation_failed').errors).toEqual([
        { path: 'body.name', message: 'must not contain NUL characters' },
      ])
      const nested = await send({
        method: 'POST',
        url: '/api/customers',
        payload: { name: 'Diep B.V.', extra: [{ deep: ['ok', 'n\u0000'] }] },
      })
      expect(expectProblem(nested, 400, 'validation_failed').errors?.map((e) => e.path)).toEqual([
        'body.extra.0.deep.1',
      ])
      const query = await send({ method: 'GET', url: '/api/customers?q=a%00b' })
      expect(expectProblem(query, 400, 'validation_failed').errors?.map((e) => e.path)).toEqual(['querystring.q'])
      expect(
        await ctx.db.selectFrom('customers').select('id').where('name', 'like', 'Nul%').executeTakeFirst(),
      ).toBeUndefined()
    })

    it('sets the security headers on API answers, errors included', async () => {
      const ok = await ctx.app.inject({ method: 'GET', url: '/api/health' })
      const problem = await send({ method: 'GET', url: '/api/does-not-exist' })
      for (const res of [ok, problem]) {
        expect(res.headers['x-content-type-options']).toBe('nosniff')
        expect(res.headers['x-frame-options']).toBe('SAMEORIGIN')
        const csp = String(res.headers['content-security-policy'])
        expect(csp).toContain("default-src 'self'")
        expect(csp).toContain("frame-ancestors 'none'")
        expect(csp).toContain("script-src 'self'")
        expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/)
        expect(res.headers['referrer-policy']).toBe('no-referrer')
        expect(res.headers['x-powered-by']).toBeUndefined()
      }
    })

    it('never shows a stack trace, a file path or SQL in any 4xx answer above', () => {
      expect(clientErrors.length).toBeGreaterThan(30)
      for (const res of clientErrors) {
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/)
        expectNoLeaks(res)
      }
    })
  })

  describe(`unexpected errors [${dialect}]`, () => {
    let test: TestDatabase | undefined
    let sladesk: Sladesk | undefined
    const app = () => {
      if (!sladesk) {
        throw new Error('app not ready')
      }
      return sladesk.app
    }

    beforeAll(async () => {
      test = await createTestDatabase(dialect)
      sladesk = await buildApp(testConfig(), { database: test.database })
      const db = sladesk.database.db
      // Routes that fail the way real code fails: a bug that throws, and a query the database refuses.
      sladesk.app.get('/api/test/throws', async () => {
        throw new Error('secret detail: select password_hash from users at /work/main/src/modules/users/repo.ts:42')
      })
      sladesk.app.get('/api/test/bad-sql', async () => {
        await sql`select * from no_such_table where secret = 'hunter2'`.execute(db)
        return { ok: true }
      })
      sladesk.app.post('/api/test/rejects', async () =>
        Promise.reject(new TypeError("Cannot read properties of undefined (reading 'id')")),
      )
      await sladesk.app.ready()
    })
    afterAll(async () => {
      await sladesk?.close()
      await test?.drop().catch(() => undefined)
    })

    it('answers 500 with a correlation id and nothing else', async () => {
      const seen = new Set<string>()
      for (const [method, url] of [
        ['GET', '/api/test/throws'],
        ['GET', '/api/test/bad-sql'],
        ['POST', '/api/test/rejects'],
      ] as const) {
        const res = await app().inject({ method, url })
        const problem = expectProblem(res, 500, 'internal_error')
        expect(Object.keys(problem).sort()).toEqual(['code', 'correlationId', 'detail', 'status', 'title', 'type'])
        expect(problem.correlationId).toMatch(UUID)
        expect(problem.detail).toContain(String(problem.correlationId))
        expect(res.body).not.toMatch(/secret|hunter2|no_such_table|password_hash|Cannot read/)
        expectNoLeaks(res)
        expect(res.headers['x-content-type-options']).toBe('nosniff')
        seen.add(String(problem.correlationId))
      }
      expect(seen.size).toBe(3)
    })

    it('keeps serving after an unexpected error', async () => {
      await app().inject({ method: 'GET', url: '/api/test/bad-sql' })
      const health = await app().inject({ method: 'GET', url: '/api/health' })
      expect(health.statusCode).toBe(200)
      expect(health.json()).toMatchObject({ status: 'ok', database: dialect })
    })
  })
}
