import { describe, expect, it } from 'vitest'
import { totpCode } from '../../platform/auth/totp.js'
import { as, expectProblem, signIn, useApp, type AppContext, type Session } from '../../../test/support/app.js'
import { dialects } from '../../../test/support/databases.js'
import { make, PASSWORD } from '../../../test/support/factories.js'

/** A six-digit code that is valid in none of the steps verifyTotp accepts around `now`. */
function wrongCode(secret: string, now: number): string {
  const valid = new Set([-30_000, 0, 30_000].map((d) => totpCode(secret, now + d)))
  return ['000000', '111111', '222222', '333333'].find((c) => !valid.has(c)) ?? '444444'
}

function login(ctx: AppContext, email: string, totp?: string) {
  return ctx.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { email, password: PASSWORD, ...(totp && { totp }) },
  })
}

/** Enrols the signed-in user through the real endpoints; returns the secret. */
async function enrol(ctx: AppContext, session: Session): Promise<string> {
  const setup = await as(ctx.app, session)({ method: 'POST', url: '/api/me/totp/setup' })
  expect(setup.statusCode).toBe(200)
  const { secret } = setup.json<{ secret: string }>()
  const enable = await as(
    ctx.app,
    session,
  )({ method: 'POST', url: '/api/me/totp/enable', payload: { code: totpCode(secret, ctx.clock.now) } })
  expect(enable.statusCode, enable.body).toBe(200)
  // A code is accepted once: later sign-ins in these tests use codes of later 30-second steps.
  ctx.clock.now += 60_000
  return secret
}

for (const dialect of dialects) {
  describe(`two-factor sign-in [${dialect}]`, () => {
    const ctx = useApp(dialect)

    it('enrols with a secret and a code from the authenticator app', async () => {
      const user = await make.user(ctx.db)
      const session = await signIn(ctx.app, user.email)
      const setup = await as(ctx.app, session)({ method: 'POST', url: '/api/me/totp/setup' })
      expect(setup.statusCode).toBe(200)
      const body = setup.json<{ secret: string; otpauthUrl: string; qrDataUrl: string }>()
      expect(body.secret).toMatch(/^[A-Z2-7]{32}$/)
      expect(body.otpauthUrl).toMatch(/^otpauth:\/\/totp\//)
      expect(body.otpauthUrl).toContain(`secret=${body.secret}`)
      expect(body.otpauthUrl).toContain(encodeURIComponent(user.email))
      expect(body.qrDataUrl).toMatch(/^data:image\/png;base64,/)

      // Setting up alone does not switch it on.
      expect((await as(ctx.app, session)({ method: 'GET', url: '/api/me' })).json()).toMatchObject({
        totpEnabled: false,
      })
      expect((await login(ctx, user.email)).statusCode).toBe(200)

      const enable = await as(
        ctx.app,
        session,
      )({ method: 'POST', url: '/api/me/totp/enable', payload: { code: totpCode(body.secret, ctx.clock.now) } })
      expect(enable.statusCode).toBe(200)
      expect(enable.json()).toMatchObject({ id: user.id, totpEnabled: true })
      const row = await ctx.db
        .selectFrom('users')
        .select(['totp_secret', 'totp_enabled_at'])
        .where('id', '=', user.id)
        .executeTakeFirstOrThrow()
      expect(row).toEqual({ totp_secret: body.secret, totp_enabled_at: ctx.clock.now })
      const audit = await ctx.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'user.totp_enabled')
        .where('entity_id', '=', user.id)
        .execute()
      expect(audit).toHaveLength(1)
      expect(JSON.stringify(audit)).not.toContain(body.secret)
    })

    it('refuses to enable with a wrong code, or without a set-up first', async () => {
      const user = await make.user(ctx.db)
      const session = await signIn(ctx.app, user.email)
      expectProblem(
        await as(ctx.app, session)({ method: 'POST', url: '/api/me/totp/enable', payload: { code: '123456' } }),
        409,
        'totp_not_pending',
      )
      const { secret } = (await as(ctx.app, session)({ method: 'POST', url: '/api/me/totp/setup' })).json<{
        secret: string
      }>()
      const res = await as(
        ctx.app,
        session,
      )({ method: 'POST', url: '/api/me/totp/enable', payload: { code: wrongCode(secret, ctx.clock.now) } })
      expectProblem(res, 400, 'totp_invalid')
      expectProblem(
        await as(ctx.app, session)({ method: 'POST', url: '/api/me/totp/enable', payload: { code: '12345' } }),
        400,
        'validation_failed',
      )
      expect((await as(ctx.app, session)({ method: 'GET', url: '/api/me' })).json()).toMatchObject({
        totpEnabled: false,
      })
    })

    it('accepts the code of the previous 30-second step (clock drift), not an older one', async () => {
      const user = await make.user(ctx.db)
      const session = await signIn(ctx.app, user.email)
      const secret = await enrol(ctx, session)
      expect((await login(ctx, user.email, totpCode(secret, ctx.clock.now - 30_000))).statusCode).toBe(200)
      const old = totpCode(secret, ctx.clock.now - 5 * 60_000)
      const valid = [-30_000, 0, 30_000].map((d) => totpCode(secret, ctx.clock.now + d))
      if (!valid.includes(old)) {
        expectProblem(await login(ctx, user.email, old), 401, 'totp_invalid')
      }
    })

    it('accepts each code once: a replayed code is refused', async () => {
      const user = await make.user(ctx.db)
      const secret = await enrol(ctx, await signIn(ctx.app, user.email))
      const code = totpCode(secret, ctx.clock.now)
      expect((await login(ctx, user.email, code)).statusCode).toBe(200)
      ctx.clock.now += 5_000
      expectProblem(await login(ctx, user.email, code), 401, 'totp_invalid')
      // An older step than the one used is refused too, even inside the drift window.
      expectProblem(await login(ctx, user.email, totpCode(secret, ctx.clock.now - 30_000)), 401, 'totp_invalid')
      ctx.clock.now += 30_000
      expect((await login(ctx, user.email, totpCode(secret, ctx.clock.now))).statusCode).toBe(200)
    })

    it('then asks for the code at sign-in: totp_required, totp_invalid, then 200', async () => {
      const user = await make.user(ctx.db)
      const secret = await enrol(ctx, await signIn(ctx.app, user.email))

      const without = await login(ctx, user.email)
      expectProblem(without, 401, 'totp_required')
      expect(without.headers['set-cookie']).toBeUndefined()
      const wrong = await login(ctx, user.email, wrongCode(secret, ctx.clock.now))
      expectProblem(wrong, 401, 'totp_invalid')
      expect(wrong.headers['set-cookie']).toBeUndefined()
      // A wrong password is still just invalid_credentials: the code is asked only after the password.
      const badPassword = await ctx.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: user.email, password: 'not the password', totp: totpCode(secret, ctx.clock.now) },
      })
      expectProblem(badPassword, 401, 'invalid_credentials')

      const right = await login(ctx, user.email, totpCode(secret, ctx.clock.now))
      expect(right.statusCode).toBe(200)
      expect(right.json()).toMatchObject({ user: { id: user.id, totpEnabled: true } })

      const failed = await ctx.db
        .selectFrom('audit_log')
        .select('diff')
        .where('action', '=', 'auth.login_failed')
        .where('entity_id', '=', user.id)
        .execute()
      expect(failed.map((f) => JSON.parse(f.diff ?? 'null').reason[1])).toEqual(['wrong_totp', 'wrong_password'])
    })

    it('counts wrong codes towards the account lock', async () => {
      const user = await make.user(ctx.db)
      const secret = await enrol(ctx, await signIn(ctx.app, user.email))
      for (let i = 0; i < 5; i++) {
        expectProblem(await login(ctx, user.email, wrongCode(secret, ctx.clock.now)), 401, 'totp_invalid')
      }
      expectProblem(await login(ctx, user.email, totpCode(secret, ctx.clock.now)), 429, 'too_many_attempts')
      ctx.clock.now += 15 * 60_000
    })

    it('turns off only with the password', async () => {
      const user = await make.user(ctx.db)
      const session = await signIn(ctx.app, user.email)
      await enrol(ctx, session)
      expectProblem(
        await as(ctx.app, session)({ method: 'POST', url: '/api/me/totp/setup' }),
        409,
        'totp_already_enabled',
      )

      const wrong = await as(
        ctx.app,
        session,
      )({ method: 'POST', url: '/api/me/totp/disable', payload: { password: 'not the password' } })
      expectProblem(wrong, 400, 'wrong_password')
      expectProblem(await login(ctx, user.email), 401, 'totp_required')

      const right = await as(
        ctx.app,
        session,
      )({ method: 'POST', url: '/api/me/totp/disable', payload: { password: PASSWORD } })
      expect(right.statusCode).toBe(200)
      expect(right.json()).toMatchObject({ totpEnabled: false })
      const row = await ctx.db
        .selectFrom('users')
        .select(['totp_secret', 'totp_enabled_at'])
        .where('id', '=', user.id)
        .executeTakeFirstOrThrow()
      expect(row).toEqual({ totp_secret: null, totp_enabled_at: null })
      expect((await login(ctx, user.email)).statusCode).toBe(200)
    })
  })

  describe(`two-factor sign-in required for staff [${dialect}]`, () => {
    const ctx = useApp(dialect)

    it('refuses to make it mandatory while the admin has no two-factor sign-in', async () => {
      const admin = await make.user(ctx.db, { role: 'admin' })
      const session = await signIn(ctx.app, admin.email)
      expectProblem(
        await as(
          ctx.app,
          session,
        )({ method: 'PATCH', url: '/api/settings', payload: { security: { requireStaffTotp: true } } }),
        409,
        'totp_required_first',
      )
      const settings = await as(ctx.app, session)({ method: 'GET', url: '/api/settings' })
      expect(settings.json()).toMatchObject({ security: { requireStaffTotp: false } })
    })

    it('makes a staff member without two-factor enrol before anything else, and lets them in after', async () => {
      const admin = await make.user(ctx.db, { role: 'admin' })
      const tech = await make.user(ctx.db, { role: 'technician' })
      const adminSession = await signIn(ctx.app, admin.email)
      const adminSecret = await enrol(ctx, adminSession)
      const patch = await as(
        ctx.app,
        adminSession,
      )({ method: 'PATCH', url: '/api/settings', payload: { security: { requireStaffTotp: true } } })
      expect(patch.statusCode).toBe(200)
      expect(patch.json()).toMatchObject({ security: { requireStaffTotp: true } })

      const session = await signIn(ctx.app, tech.email)
      const api = as(ctx.app, session)
      expectProblem(await api({ method: 'GET', url: '/api/customers' }), 403, 'totp_enrolment_required')
      expectProblem(await api({ method: 'GET', url: '/api/customers?limit=5' }), 403, 'totp_enrolment_required')
      expectProblem(
        await api({ method: 'POST', url: '/api/customers', payload: { name: 'Mag Niet B.V.' } }),
        403,
        'totp_enrolment_required',
      )
      expectProblem(await api({ method: 'GET', url: '/api/users' }), 403, 'totp_enrolment_required')
      const me = await api({ method: 'GET', url: '/api/me' })
      expect(me.statusCode).toBe(200)
      expect(me.json()).toMatchObject({ totpEnabled: false, totpEnrolmentRequired: true })

      const secret = await enrol(ctx, session)
      expect((await api({ method: 'GET', url: '/api/me' })).json()).toMatchObject({
        totpEnabled: true,
        totpEnrolmentRequired: false,
      })
      expect((await api({ method: 'GET', url: '/api/customers' })).statusCode).toBe(200)

      // Turning it off again is refused while it is mandatory.
      expectProblem(
        await api({ method: 'POST', url: '/api/me/totp/disable', payload: { password: PASSWORD } }),
        409,
        'totp_required',
      )
      expectProblem(await login(ctx, tech.email), 401, 'totp_required')
      expect((await login(ctx, tech.email, totpCode(secret, ctx.clock.now))).statusCode).toBe(200)
      expect((await login(ctx, admin.email, totpCode(adminSecret, ctx.clock.now))).statusCode).toBe(200)
    })

    it('applies to personal API tokens of a staff member without two-factor too', async () => {
      const tech = await make.user(ctx.db, { role: 'technician' })
      const session = await signIn(ctx.app, tech.email)
      const created = await as(ctx.app, session)({ method: 'POST', url: '/api/me/tokens', payload: { name: 'script' } })
      expect(created.statusCode).toBe(201)
      const token = created.json<{ token: string }>().token
      const res = await ctx.app.inject({
        method: 'GET',
        url: '/api/customers',
        headers: { authorization: `Bearer ${token}` },
      })
      expectProblem(res, 403, 'totp_enrolment_required')
    })

    it('does not force a portal contact', async () => {
      const contact = await make.user(ctx.db, { role: 'contact' })
      const session = await signIn(ctx.app, contact.email)
      const me = await as(ctx.app, session)({ method: 'GET', url: '/api/me' })
      expect(me.json()).toMatchObject({ kind: 'contact', totpEnrolmentRequired: false })
      const list = await as(ctx.app, session)({ method: 'GET', url: '/api/customers' })
      expect(list.statusCode).toBe(200)
      expect(list.json<{ items: { id: string }[] }>().items.map((c) => c.id)).toEqual([contact.customer_id])
    })
  })
}
