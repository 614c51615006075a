import { describe, expect, it } from 'vitest'
import { as, expectProblem, signIn, useApp } from '../../../test/support/app.js'
import { dialects } from '../../../test/support/databases.js'
import { make } from '../../../test/support/factories.js'

for (const dialect of dialects) {
  describe(`CSRF protection of cookie sessions [${dialect}]`, () => {
    const ctx = useApp(dialect)

    async function staffSession() {
      const user = await make.user(ctx.db)
      return signIn(ctx.app, user.email)
    }

    async function customerCount(): Promise<number> {
      const row = await ctx.db
        .selectFrom('customers')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
      return Number(row.n)
    }

    it('refuses a cookie request without X-CSRF-Token (403 csrf_failed) and changes nothing', async () => {
      const session = await staffSession()
      const before = await customerCount()
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/api/customers',
        headers: { cookie: session.cookie },
        payload: { name: 'Vervalst B.V.' },
      })
      expectProblem(res, 403, 'csrf_failed')
      expect(await customerCount()).toBe(before)
    })

    it('refuses a wrong token, and the token of another session', async () => {
      const session = await staffSession()
      const other = await staffSession()
      for (const token of ['wrong', `${session.csrfToken}x`, session.csrfToken.slice(0, -1), other.csrfToken, '']) {
        const res = await ctx.app.inject({
          method: 'POST',
          url: '/api/customers',
          headers: { cookie: session.cookie, 'x-csrf-token': token },
          payload: { name: 'Vervalst B.V.' },
        })
        expectProblem(res, 403, 'csrf_failed')
      }
    })

    it('accepts the right token', async () => {
      const session = await staffSession()
      const res = await ctx.app.inject({
        method: 'POST',
        url: '/api/customers',
        headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken },
        payload: { name: 'Echt B.V.' },
      })
      expect(res.statusCode, res.body).toBe(201)
    })

    it('guards PATCH, DELETE and logout too', async () => {
      const session = await staffSession()
      const created = await as(
        ctx.app,
        session,
      )({ method: 'POST', url: '/api/customers', payload: { name: 'Blijft B.V.' } })
      const id = created.json<{ id: string }>().id
      const cookieOnly = { cookie: session.cookie }
      expectProblem(
        await ctx.app.inject({
          method: 'PATCH',
          url: `/api/customers/${id}`,
          headers: cookieOnly,
          payload: { name: 'Anders' },
        }),
        403,
        'csrf_failed',
      )
      expectProblem(
        await ctx.app.inject({ method: 'DELETE', url: `/api/customers/${id}`, headers: cookieOnly }),
        403,
        'csrf_failed',
      )
      expectProblem(
        await ctx.app.inject({ method: 'POST', url: '/api/auth/logout', headers: cookieOnly }),
        403,
        'csrf_failed',
      )
      const after = await as(ctx.app, session)({ method: 'GET', url: `/api/customers/${id}` })
      expect(after.statusCode).toBe(200)
      expect(after.json()).toMatchObject({ name: 'Blijft B.V.', archivedAt: null })
    })

    it('needs no token for GET', async () => {
      const session = await staffSession()
      const res = await ctx.app.inject({ method: 'GET', url: '/api/customers', headers: { cookie: session.cookie } })
      expect(res.statusCode).toBe(200)
    })

    it('gives the same token from GET /api/me as at sign-in', async () => {
      const session = await staffSession()
      const me = await ctx.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: session.cookie } })
      expect(me.json<{ csrfToken: string }>().csrfToken).toBe(session.csrfToken)
    })
  })
}
