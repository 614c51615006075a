import { describe, expect, it } from 'vitest'
import { hashSecret } from '../../platform/auth/tokens.js'
import { as, expectProblem, signIn, useApp, type AppContext, type Session } from '../../../test/support/app.js'
import { dialects } from '../../../test/support/databases.js'
import { make } from '../../../test/support/factories.js'

interface Created {
  id: string
  name: string
  prefix: string
  token: string
  createdAt: number
  lastUsedAt: number | null
  revokedAt: number | null
}

async function createToken(ctx: AppContext, session: Session, name = 'backup script'): Promise<Created> {
  const res = await as(ctx.app, session)({ method: 'POST', url: '/api/me/tokens', payload: { name } })
  expect(res.statusCode, res.body).toBe(201)
  return res.json<Created>()
}

function bearer(ctx: AppContext, token: string) {
  return (opts: { method: 'GET' | 'POST' | 'PATCH' | 'DELETE'; url: string; payload?: object }) =>
    ctx.app.inject({ ...opts, headers: { authorization: `Bearer ${token}` } })
}

for (const dialect of dialects) {
  describe(`personal API tokens [${dialect}]`, () => {
    const ctx = useApp(dialect)

    it('shows a new sld_ token once and stores only its hash', async () => {
      const user = await make.user(ctx.db)
      const session = await signIn(ctx.app, user.email)
      const created = await createToken(ctx, session, 'monitoring')
      expect(created).toMatchObject({ name: 'monitoring', createdAt: ctx.clock.now, lastUsedAt: null, revokedAt: null })
      expect(created.token).toMatch(/^sld_[A-Za-z0-9_-]{40,}$/)
      expect(created.prefix).toBe(created.token.slice(0, 10))

      const row = await ctx.db
        .selectFrom('api_tokens')
        .selectAll()
        .where('id', '=', created.id)
        .executeTakeFirstOrThrow()
      expect(row.user_id).toBe(user.id)
      expect(row.token_hash).not.toBe(created.token)
      expect(row.token_hash).toBe(hashSecret(created.token))
      expect(JSON.stringify(row)).not.toContain(created.token)

      const list = await as(ctx.app, session)({ method: 'GET', url: '/api/me/tokens' })
      expect(list.statusCode).toBe(200)
      expect(list.json()).toEqual({
        items: [
          {
            id: created.id,
            name: 'monitoring',
            prefix: created.prefix,
            createdAt: ctx.clock.now,
            lastUsedAt: null,
            revokedAt: null,
          },
        ],
      })
      expect(list.body).not.toContain(created.token)
      expect(list.body).not.toContain(row.token_hash)

      const audit = await ctx.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'api_token.created')
        .where('entity_id', '=', created.id)
        .execute()
      expect(audit).toHaveLength(1)
      expect(JSON.stringify(audit)).not.toContain(created.token)
    })

    it('signs in with Authorization: Bearer, and state-changing requests need no CSRF header', async () => {
      const user = await make.user(ctx.db)
      const { token } = await createToken(ctx, await signIn(ctx.app, user.email))
      const api = bearer(ctx, token)
      const me = await api({ method: 'GET', url: '/api/me' })
      expect(me.statusCode).toBe(200)
      expect(me.json()).toMatchObject({ id: user.id, csrfToken: null })

      const created = await api({ method: 'POST', url: '/api/customers', payload: { name: 'Via Token B.V.' } })
      expect(created.statusCode, created.body).toBe(201)
      const id = created.json<{ id: string }>().id
      const audit = await ctx.db
        .selectFrom('audit_log')
        .select(['actor_id', 'action'])
        .where('entity_id', '=', id)
        .execute()
      expect(audit).toEqual([{ actor_id: user.id, action: 'customer.created' }])
      // The scheme name is case-insensitive (RFC 9110).
      const lower = await ctx.app.inject({
        method: 'GET',
        url: '/api/me',
        headers: { authorization: `bearer ${token}` },
      })
      expect(lower.statusCode).toBe(200)
    })

    it('records when a token was last used', async () => {
      const user = await make.user(ctx.db)
      const session = await signIn(ctx.app, user.email)
      const { id, token } = await createToken(ctx, session)
      const lastUsed = async () =>
        (await ctx.db.selectFrom('api_tokens').select('last_used_at').where('id', '=', id).executeTakeFirstOrThrow())
          .last_used_at
      ctx.clock.now += 1_000
      const firstUse = ctx.clock.now
      await bearer(ctx, token)({ method: 'GET', url: '/api/me' })
      expect(await lastUsed()).toBe(firstUse)

      ctx.clock.now += 10 * 60_000
      await bearer(ctx, token)({ method: 'GET', url: '/api/me' })
      expect(await lastUsed()).toBe(ctx.clock.now)
      const listed = (await as(ctx.app, session)({ method: 'GET', url: '/api/me/tokens' })).json<{ items: Created[] }>()
        .items
      expect(listed.find((t) => t.id === id)?.lastUsedAt).toBe(ctx.clock.now)
    })

    it('stops working once revoked: 401 invalid_token', async () => {
      const user = await make.user(ctx.db)
      const session = await signIn(ctx.app, user.email)
      const { id, token } = await createToken(ctx, session)
      expect((await bearer(ctx, token)({ method: 'GET', url: '/api/me' })).statusCode).toBe(200)

      const revoke = await as(ctx.app, session)({ method: 'DELETE', url: `/api/me/tokens/${id}` })
      expect(revoke.statusCode).toBe(204)
      expectProblem(await bearer(ctx, token)({ method: 'GET', url: '/api/me' }), 401, 'invalid_token')
      expectProblem(
        await bearer(ctx, token)({ method: 'POST', url: '/api/customers', payload: { name: 'Te Laat B.V.' } }),
        401,
        'invalid_token',
      )
      const listed = (await as(ctx.app, session)({ method: 'GET', url: '/api/me/tokens' })).json<{ items: Created[] }>()
        .items
      expect(listed.find((t) => t.id === id)?.revokedAt).toBe(ctx.clock.now)
      // Revoking twice is "not found": there is no live token with that id any more.
      expectProblem(
        await as(ctx.app, session)({ method: 'DELETE', url: `/api/me/tokens/${id}` }),
        404,
        'api_token_not_found',
      )
    })

    it("cannot revoke another user's token", async () => {
      const alice = await make.user(ctx.db)
      const bob = await make.user(ctx.db)
      const bobs = await createToken(ctx, await signIn(ctx.app, bob.email))
      const aliceSession = await signIn(ctx.app, alice.email)
      expectProblem(
        await as(ctx.app, aliceSession)({ method: 'DELETE', url: `/api/me/tokens/${bobs.id}` }),
        404,
        'api_token_not_found',
      )
      expect((await bearer(ctx, bobs.token)({ method: 'GET', url: '/api/me' })).statusCode).toBe(200)
    })

    it('answers 401 invalid_token to an unknown or malformed bearer token, even with a valid cookie', async () => {
      const user = await make.user(ctx.db)
      const session = await signIn(ctx.app, user.email)
      for (const authorization of ['Bearer sld_made_up_token_value', 'Bearer', 'Basic dXNlcjpwYXNz', 'Bearer a b']) {
        const res = await ctx.app.inject({
          method: 'GET',
          url: '/api/me',
          headers: { authorization, cookie: session.cookie },
        })
        expectProblem(res, 401, 'invalid_token')
      }
    })

    it("stops a deactivated user's token working", async () => {
      const admin = await make.user(ctx.db, { role: 'admin' })
      const tech = await make.user(ctx.db)
      const { id, token } = await createToken(ctx, await signIn(ctx.app, tech.email))
      expect((await bearer(ctx, token)({ method: 'GET', url: '/api/customers' })).statusCode).toBe(200)

      const patch = await as(
        ctx.app,
        await signIn(ctx.app, admin.email),
      )({ method: 'PATCH', url: `/api/users/${tech.id}`, payload: { active: false } })
      expect(patch.statusCode).toBe(200)
      expect(patch.json()).toMatchObject({ id: tech.id, active: false })
      expectProblem(await bearer(ctx, token)({ method: 'GET', url: '/api/customers' }), 401, 'invalid_token')
      const row = await ctx.db
        .selectFrom('api_tokens')
        .select('revoked_at')
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
      expect(row.revoked_at).toBe(ctx.clock.now)
    })

    it('does not let a portal contact create or list tokens (404)', async () => {
      const contact = await make.user(ctx.db, { role: 'contact' })
      const session = await signIn(ctx.app, contact.email)
      expectProblem(
        await as(ctx.app, session)({ method: 'POST', url: '/api/me/tokens', payload: { name: 'mine' } }),
        404,
        'not_found',
      )
      expectProblem(await as(ctx.app, session)({ method: 'GET', url: '/api/me/tokens' }), 404, 'not_found')
      const count = await ctx.db
        .selectFrom('api_tokens')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('user_id', '=', contact.id)
        .executeTakeFirstOrThrow()
      expect(Number(count.n)).toBe(0)
    })

    it('refuses a token of a portal contact even if one exists in the table', async () => {
      const contact = await make.user(ctx.db, { role: 'contact' })
      const token = 'sld_planted_contact_token_0123456789abcdef'
      await ctx.db
        .insertInto('api_tokens')
        .values({
          id: '0190a000-0000-7000-8000-000000000001',
          user_id: contact.id,
          name: 'planted',
          token_hash: hashSecret(token),
          prefix: token.slice(0, 10),
          created_at: 1,
          last_used_at: null,
          revoked_at: null,
        })
        .execute()
      expectProblem(await bearer(ctx, token)({ method: 'GET', url: '/api/me' }), 401, 'invalid_token')
    })

    it('refuses a token without a name', async () => {
      const user = await make.user(ctx.db)
      const res = await as(
        ctx.app,
        await signIn(ctx.app, user.email),
      )({ method: 'POST', url: '/api/me/tokens', payload: { name: '   ' } })
      expect(expectProblem(res, 400, 'validation_failed').errors?.map((e) => e.path)).toEqual(['body.name'])
    })
  })
}
