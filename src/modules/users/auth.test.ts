import BetterSqlite3 from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { hashSecret } from '../../platform/auth/tokens.js'
import { as, expectProblem, signIn, testConfig, useApp, type AppContext } from '../../../test/support/app.js'
import { dialects } from '../../../test/support/databases.js'
import { make, PASSWORD } from '../../../test/support/factories.js'

const SESSION_DAYS = testConfig().sessionDays
const DAY_MS = 86_400_000
const MINUTE_MS = 60_000

function loginWith(ctx: AppContext, body: { email: string; password: string }, ip = '127.0.0.1') {
  return ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: body, remoteAddress: ip })
}

async function auditOf(ctx: AppContext, action: string) {
  return ctx.db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id').execute()
}

for (const dialect of dialects) {
  describe(`sign-in and sessions [${dialect}]`, () => {
    const ctx = useApp(dialect)

    it('sets an HttpOnly, SameSite=Strict session cookie and returns the CSRF token', async () => {
      const user = await make.user(ctx.db)
      const res = await loginWith(ctx, { email: user.email, password: PASSWORD })
      expect(res.statusCode).toBe(200)
      const header = String(res.headers['set-cookie'])
      expect(header).toMatch(/^sladesk_session=/)
      expect(header).toMatch(/;\s*HttpOnly/i)
      expect(header).toMatch(/;\s*SameSite=Strict/i)
      expect(header).toMatch(/;\s*Path=\/(;|$)/)
      expect(header).toContain(`Max-Age=${SESSION_DAYS * 86_400}`)
      const body = res.json<{ csrfToken: string; user: { id: string; email: string; kind: string } }>()
      expect(body.csrfToken).toMatch(/^[A-Za-z0-9_-]{40,}$/)
      expect(body.user).toMatchObject({ id: user.id, email: user.email, kind: 'staff' })
    })

    it('stores only a hash of the session cookie', async () => {
      const user = await make.user(ctx.db)
      const session = await signIn(ctx.app, user.email)
      const token = session.cookie.slice('sladesk_session='.length)
      const rows = await ctx.db.selectFrom('sessions').selectAll().where('user_id', '=', user.id).execute()
      expect(rows).toHaveLength(1)
      expect(rows[0]?.id).toBe(hashSecret(token))
      expect(JSON.stringify(rows)).not.toContain(token)
    })

    it('answers GET /api/me for the cookie, and 401 without it', async () => {
      const user = await make.user(ctx.db, { role: 'billing' })
      const session = await signIn(ctx.app, user.email)
      const res = await as(ctx.app, session)({ method: 'GET', url: '/api/me' })
      expect(res.statusCode).toBe(200)
      expect(res.json()).toMatchObject({
        id: user.id,
        email: user.email,
        role: 'billing',
        csrfToken: session.csrfToken,
        totpEnabled: false,
      })
      expectProblem(await ctx.app.inject({ method: 'GET', url: '/api/me' }), 401, 'unauthenticated')
      expectProblem(
        await ctx.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: 'sladesk_session=forged' } }),
        401,
        'unauthenticated',
      )
    })

    it('signs in with the e-mail address in any case', async () => {
      const user = await make.user(ctx.db)
      const res = await loginWith(ctx, { email: user.email.toUpperCase(), password: PASSWORD })
      expect(res.statusCode).toBe(200)
      expect(res.json<{ user: { id: string } }>().user.id).toBe(user.id)
    })

    it('answers a wrong password and an unknown e-mail alike: 401 invalid_credentials', async () => {
      const user = await make.user(ctx.db)
      const wrong = await loginWith(ctx, { email: user.email, password: 'not the password' })
      const unknown = await loginWith(ctx, { email: 'nobody-here@example.test', password: 'not the password' })
      const a = expectProblem(wrong, 401, 'invalid_credentials')
      const b = expectProblem(unknown, 401, 'invalid_credentials')
      expect(b).toEqual(a)
      expect(wrong.headers['set-cookie']).toBeUndefined()
      expect(unknown.headers['set-cookie']).toBeUndefined()
    })

    it('does not let an inactive user sign in, and says no more than for a wrong password', async () => {
      const user = await make.user(ctx.db, { active: 0 })
      const res = await loginWith(ctx, { email: user.email, password: PASSWORD })
      const wrong = await loginWith(ctx, { email: 'nobody-else@example.test', password: PASSWORD })
      expect(expectProblem(res, 401, 'invalid_credentials')).toEqual(expectProblem(wrong, 401, 'invalid_credentials'))
    })

    it('does not let an invited user without a password sign in', async () => {
      const user = await make.user(ctx.db, { password_hash: null })
      expectProblem(await loginWith(ctx, { email: user.email, password: PASSWORD }), 401, 'invalid_credentials')
    })

    it('revokes the session on logout: the old cookie then gets 401', async () => {
      const user = await make.user(ctx.db)
      const session = await signIn(ctx.app, user.email)
      const res = await as(ctx.app, session)({ method: 'POST', url: '/api/auth/logout' })
      expect(res.statusCode).toBe(204)
      expect(String(res.headers['set-cookie'])).toMatch(/^sladesk_session=;/)
      expectProblem(await as(ctx.app, session)({ method: 'GET', url: '/api/me' }), 401, 'unauthenticated')
      const row = await ctx.db
        .selectFrom('sessions')
        .select('revoked_at')
        .where('user_id', '=', user.id)
        .executeTakeFirstOrThrow()
      expect(row.revoked_at).toBe(ctx.clock.now)
      expect((await auditOf(ctx, 'auth.logout')).map((e) => e.entity_id)).toContain(user.id)
    })

    it('applies a change to the user or the session at the next request, however recently it was read', async () => {
      const user = await make.user(ctx.db)
      const session = await signIn(ctx.app, user.email)
      const get = () => as(ctx.app, session)({ method: 'GET', url: '/api/me' })
      expect((await get()).json()).toMatchObject({ role: 'technician' })
      await ctx.db.updateTable('users').set({ role: 'billing' }).where('id', '=', user.id).execute()
      expect((await get()).json()).toMatchObject({ role: 'billing' })
      await ctx.db.updateTable('users').set({ active: 0 }).where('id', '=', user.id).execute()
      expectProblem(await get(), 401, 'unauthenticated')
      await ctx.db.updateTable('users').set({ active: 1 }).where('id', '=', user.id).execute()
      expect((await get()).statusCode).toBe(200)
      await ctx.db.updateTable('sessions').set({ revoked_at: ctx.clock.now }).where('user_id', '=', user.id).execute()
      expectProblem(await get(), 401, 'unauthenticated')
    })

    if (dialect === 'sqlite') {
      it('sees a session revoked by another process on the same database file within a second', async () => {
        const user = await make.user(ctx.db)
        const session = await signIn(ctx.app, user.email)
        const get = () => as(ctx.app, session)({ method: 'GET', url: '/api/me' })
        expect((await get()).statusCode).toBe(200)
        const other = new BetterSqlite3(ctx.sladesk.database.sqlite!.name)
        try {
          other.prepare('update sessions set revoked_at = ? where user_id = ?').run(ctx.clock.now, user.id)
        } finally {
          other.close()
        }
        // This process wrote nothing since its last lookup, which it may use for up to a second.
        expect((await get()).statusCode).toBe(200)
        ctx.clock.now += 1000
        expectProblem(await get(), 401, 'unauthenticated')
      })
    }

    it('answers 204 to a logout without a session', async () => {
      expect((await ctx.app.inject({ method: 'POST', url: '/api/auth/logout' })).statusCode).toBe(204)
    })

    it(`ends a session that is not used for ${SESSION_DAYS} days`, async () => {
      const user = await make.user(ctx.db)
      const session = await signIn(ctx.app, user.email)
      ctx.clock.now += SESSION_DAYS * DAY_MS - MINUTE_MS
      expect((await as(ctx.app, session)({ method: 'GET', url: '/api/me' })).statusCode).toBe(200)
      // That request moved the end forward: a session lives SESSION_DAYS after its last use.
      ctx.clock.now += SESSION_DAYS * DAY_MS - MINUTE_MS
      expect((await as(ctx.app, session)({ method: 'GET', url: '/api/me' })).statusCode).toBe(200)
      ctx.clock.now += SESSION_DAYS * DAY_MS + 1
      expectProblem(await as(ctx.app, session)({ method: 'GET', url: '/api/me' }), 401, 'unauthenticated')
    })

    it('ends a session SESSION_MAX_DAYS after sign-in, however often it is used', async () => {
      const user = await make.user(ctx.db)
      const session = await signIn(ctx.app, user.email)
      const signedInAt = ctx.clock.now
      const maxMs = testConfig().sessionMaxDays * DAY_MS
      // Used every few days: each use moves the idle end forward, but never past the absolute end.
      while (ctx.clock.now + 5 * DAY_MS < signedInAt + maxMs) {
        ctx.clock.now += 5 * DAY_MS
        expect((await as(ctx.app, session)({ method: 'GET', url: '/api/me' })).statusCode).toBe(200)
      }
      ctx.clock.now = signedInAt + maxMs + 1
      expectProblem(await as(ctx.app, session)({ method: 'GET', url: '/api/me' }), 401, 'unauthenticated')
    })

    it('writes auth.login and auth.login_failed to the audit log, without the password typed', async () => {
      const user = await make.user(ctx.db)
      const ip = '192.0.2.10'
      await loginWith(ctx, { email: user.email, password: 'Typed-By-Mistake-42' }, ip)
      await loginWith(ctx, { email: 'ghost@example.test', password: 'Typed-By-Mistake-42' }, ip)
      expect((await loginWith(ctx, { email: user.email, password: PASSWORD }, ip)).statusCode).toBe(200)

      const failed = (await auditOf(ctx, 'auth.login_failed')).filter((e) => e.ip === ip)
      expect(failed.map((e) => [e.entity_id, e.actor_label, JSON.parse(e.diff ?? 'null')])).toEqual([
        [user.id, 'system:auth', { email: [null, user.email], reason: [null, 'wrong_password'] }],
        [null, 'system:auth', { email: [null, 'ghost@example.test'], reason: [null, 'unknown_email'] }],
      ])
      const ok = (await auditOf(ctx, 'auth.login')).filter((e) => e.ip === ip)
      expect(ok.map((e) => [e.entity_id, e.actor_id, e.actor_label, e.at])).toEqual([
        [user.id, user.id, user.email, ctx.clock.now],
      ])
      const all = await ctx.db.selectFrom('audit_log').select('diff').execute()
      expect(JSON.stringify(all)).not.toContain('Typed-By-Mistake-42')
      expect(JSON.stringify(all)).not.toContain(PASSWORD)
    })

    it('records the last sign-in time on the user', async () => {
      const user = await make.user(ctx.db)
      await signIn(ctx.app, user.email)
      const row = await ctx.db
        .selectFrom('users')
        .select('last_login_at')
        .where('id', '=', user.id)
        .executeTakeFirstOrThrow()
      expect(row.last_login_at).toBe(ctx.clock.now)
    })

    describe('login rate limit', () => {
      it('locks an account after 5 failures: 429 with Retry-After, even for the right password', async () => {
        const user = await make.user(ctx.db)
        for (let i = 0; i < 5; i++) {
          // Each attempt from another address: the per-account limit must hold on its own.
          expectProblem(
            await loginWith(ctx, { email: user.email, password: `wrong ${i}` }, `198.51.100.${i + 1}`),
            401,
            'invalid_credentials',
          )
        }
        const locked = await loginWith(ctx, { email: user.email, password: 'wrong again' }, '198.51.100.50')
        const problem = expectProblem(locked, 429, 'too_many_attempts')
        expect(locked.headers['retry-after']).toBe('900')
        expect(problem.retryAfterSeconds).toBe(900)

        const right = await loginWith(ctx, { email: user.email, password: PASSWORD }, '198.51.100.51')
        expectProblem(right, 429, 'too_many_attempts')
        expect(right.headers['set-cookie']).toBeUndefined()

        ctx.clock.now += 10 * MINUTE_MS
        const later = await loginWith(ctx, { email: user.email.toUpperCase(), password: PASSWORD }, '198.51.100.52')
        expectProblem(later, 429, 'too_many_attempts')
        expect(later.headers['retry-after']).toBe('300')

        ctx.clock.now += 5 * MINUTE_MS
        expect((await loginWith(ctx, { email: user.email, password: PASSWORD }, '198.51.100.53')).statusCode).toBe(200)
      })

      it('forgets earlier failures after a successful sign-in', async () => {
        const user = await make.user(ctx.db)
        const ip = '198.51.100.60'
        for (let i = 0; i < 4; i++) {
          await loginWith(ctx, { email: user.email, password: 'wrong' }, ip)
        }
        expect((await loginWith(ctx, { email: user.email, password: PASSWORD }, ip)).statusCode).toBe(200)
        for (let i = 0; i < 4; i++) {
          expectProblem(await loginWith(ctx, { email: user.email, password: 'wrong' }, ip), 401, 'invalid_credentials')
        }
        expect((await loginWith(ctx, { email: user.email, password: PASSWORD }, ip)).statusCode).toBe(200)
      })

      it('does not lock one account because of failures on another', async () => {
        const victim = await make.user(ctx.db)
        const other = await make.user(ctx.db)
        for (let i = 0; i < 6; i++) {
          await loginWith(ctx, { email: other.email, password: 'wrong' }, '198.51.100.70')
        }
        expect((await loginWith(ctx, { email: victim.email, password: PASSWORD }, '198.51.100.71')).statusCode).toBe(
          200,
        )
      })

      it('limits one address to 30 attempts in 5 minutes, whatever the e-mail', async () => {
        const user = await make.user(ctx.db)
        const ip = '203.0.113.9'
        for (let i = 0; i < 30; i++) {
          expectProblem(
            await loginWith(ctx, { email: `spray-${i}@example.test`, password: 'Summer2026!' }, ip),
            401,
            'invalid_credentials',
          )
        }
        const blocked = await loginWith(ctx, { email: user.email, password: PASSWORD }, ip)
        expectProblem(blocked, 429, 'too_many_attempts')
        expect(Number(blocked.headers['retry-after'])).toBe(300)
        // Another address is not affected, and the account itself is not locked.
        expect((await loginWith(ctx, { email: user.email, password: PASSWORD }, '203.0.113.10')).statusCode).toBe(200)

        ctx.clock.now += 5 * MINUTE_MS
        expect((await loginWith(ctx, { email: user.email, password: PASSWORD }, ip)).statusCode).toBe(200)
      })
    })

    describe('password change', () => {
      it('signs out the other sessions but keeps the current one', async () => {
        const user = await make.user(ctx.db)
        const here = await signIn(ctx.app, user.email)
        const there = await signIn(ctx.app, user.email)
        const res = await as(
          ctx.app,
          here,
        )({
          method: 'POST',
          url: '/api/me/password',
          payload: { currentPassword: PASSWORD, newPassword: 'a brand new passphrase' },
        })
        expect(res.statusCode).toBe(204)
        expect((await as(ctx.app, here)({ method: 'GET', url: '/api/me' })).statusCode).toBe(200)
        expectProblem(await as(ctx.app, there)({ method: 'GET', url: '/api/me' }), 401, 'unauthenticated')

        expectProblem(await loginWith(ctx, { email: user.email, password: PASSWORD }), 401, 'invalid_credentials')
        expect((await loginWith(ctx, { email: user.email, password: 'a brand new passphrase' })).statusCode).toBe(200)
        const audit = (await auditOf(ctx, 'user.password_changed')).filter((e) => e.entity_id === user.id)
        expect(audit).toHaveLength(1)
      })

      it('refuses a wrong current password and keeps everything as it was', async () => {
        const user = await make.user(ctx.db)
        const here = await signIn(ctx.app, user.email)
        const there = await signIn(ctx.app, user.email)
        const res = await as(
          ctx.app,
          here,
        )({
          method: 'POST',
          url: '/api/me/password',
          payload: { currentPassword: 'not it at all', newPassword: 'a brand new passphrase' },
        })
        expect(expectProblem(res, 400, 'wrong_password').errors).toEqual([
          { path: 'currentPassword', message: 'not correct' },
        ])
        expect((await as(ctx.app, there)({ method: 'GET', url: '/api/me' })).statusCode).toBe(200)
        expect((await loginWith(ctx, { email: user.email, password: PASSWORD })).statusCode).toBe(200)
      })

      it('refuses a new password shorter than 10 characters', async () => {
        const user = await make.user(ctx.db)
        const session = await signIn(ctx.app, user.email)
        const res = await as(
          ctx.app,
          session,
        )({ method: 'POST', url: '/api/me/password', payload: { currentPassword: PASSWORD, newPassword: 'short' } })
        expect(expectProblem(res, 400, 'validation_failed').errors?.map((e) => e.path)).toEqual(['body.newPassword'])
      })
    })

    describe('sessions list', () => {
      it('lists the live sessions of the user, marks the current one, and signs another device out', async () => {
        const user = await make.user(ctx.db)
        const laptop = await signIn(ctx.app, user.email)
        const phoneLogin = await ctx.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { email: user.email, password: PASSWORD },
          headers: { 'user-agent': 'Phone/1.0' },
          remoteAddress: '192.0.2.77',
        })
        const phoneCookie = phoneLogin.cookies.find((c) => c.name === 'sladesk_session')?.value ?? ''
        expect(phoneCookie).not.toBe('')
        const phone = {
          cookie: `sladesk_session=${phoneCookie}`,
          csrfToken: phoneLogin.json<{ csrfToken: string }>().csrfToken,
        }

        const list = await as(ctx.app, laptop)({ method: 'GET', url: '/api/me/sessions' })
        expect(list.statusCode).toBe(200)
        type Item = { id: string; current: boolean; ip: string | null; userAgent: string | null; createdAt: number }
        const items = list.json<{ items: Item[] }>().items
        expect(items).toHaveLength(2)
        expect(items.filter((s) => s.current)).toHaveLength(1)
        const phoneItem = items.find((s) => !s.current)
        expect(phoneItem).toMatchObject({ ip: '192.0.2.77', userAgent: 'Phone/1.0', createdAt: ctx.clock.now })
        expect(phoneItem?.id).toMatch(/^[0-9a-f]{16}$/)
        // The list never gives out what would let someone rebuild a cookie or its stored hash.
        expect(list.body).not.toContain(phoneCookie)
        expect(list.body).not.toContain(hashSecret(phoneCookie))

        const revoke = await as(ctx.app, laptop)({ method: 'DELETE', url: `/api/me/sessions/${phoneItem?.id}` })
        expect(revoke.statusCode).toBe(204)
        expectProblem(await as(ctx.app, phone)({ method: 'GET', url: '/api/me' }), 401, 'unauthenticated')
        expect((await as(ctx.app, laptop)({ method: 'GET', url: '/api/me' })).statusCode).toBe(200)
        const after = (await as(ctx.app, laptop)({ method: 'GET', url: '/api/me/sessions' })).json<{ items: Item[] }>()
          .items
        expect(after.map((s) => s.current)).toEqual([true])
        expect((await auditOf(ctx, 'session.revoked')).some((e) => e.actor_id === user.id)).toBe(true)
      })

      it("cannot sign out another user's session", async () => {
        const alice = await make.user(ctx.db)
        const bob = await make.user(ctx.db)
        const aliceSession = await signIn(ctx.app, alice.email)
        const bobSession = await signIn(ctx.app, bob.email)
        const bobId = (await as(ctx.app, bobSession)({ method: 'GET', url: '/api/me/sessions' })).json<{
          items: { id: string }[]
        }>().items[0]?.id
        expect(bobId).toMatch(/^[0-9a-f]{16}$/)
        expectProblem(
          await as(ctx.app, aliceSession)({ method: 'DELETE', url: `/api/me/sessions/${bobId}` }),
          404,
          'session_not_found',
        )
        expect((await as(ctx.app, bobSession)({ method: 'GET', url: '/api/me' })).statusCode).toBe(200)
      })

      it('refuses a session id that is not 16 hex characters', async () => {
        const user = await make.user(ctx.db)
        const session = await signIn(ctx.app, user.email)
        expectProblem(
          await as(ctx.app, session)({ method: 'DELETE', url: '/api/me/sessions/xyz' }),
          400,
          'validation_failed',
        )
      })

      it('leaves revoked and expired sessions out of the list', async () => {
        const user = await make.user(ctx.db)
        const old = await signIn(ctx.app, user.email)
        await as(ctx.app, old)({ method: 'POST', url: '/api/auth/logout' })
        await ctx.db
          .insertInto('sessions')
          .values({
            id: 'e'.repeat(64),
            user_id: user.id,
            csrf_token: 'x',
            created_at: 1,
            expires_at: ctx.clock.now - 1,
            last_seen_at: 1,
            revoked_at: null,
            ip: null,
            user_agent: null,
          })
          .execute()
        const current = await signIn(ctx.app, user.email)
        const items = (await as(ctx.app, current)({ method: 'GET', url: '/api/me/sessions' })).json<{
          items: { current: boolean }[]
        }>().items
        expect(items).toEqual([expect.objectContaining({ current: true })])
      })
    })
  })

  describe(`sign-in with another session length [${dialect}]`, () => {
    const ctx = useApp(dialect, { sessionDays: 2 })

    it('follows SESSION_DAYS for the cookie and the session', async () => {
      const user = await make.user(ctx.db)
      const res = await loginWith(ctx, { email: user.email, password: PASSWORD })
      expect(String(res.headers['set-cookie'])).toContain(`Max-Age=${2 * 86_400}`)
      const session = { cookie: `sladesk_session=${res.cookies[0]?.value}`, csrfToken: '' }
      ctx.clock.now += 2 * DAY_MS + 1
      expectProblem(await as(ctx.app, session)({ method: 'GET', url: '/api/me' }), 401, 'unauthenticated')
    })
  })
}
