import { describe, expect, it } from 'vitest'
import { as, expectProblem, signIn, useApp, type AppContext } from '../../../test/support/app.js'
import { dialects } from '../../../test/support/databases.js'
import { make } from '../../../test/support/factories.js'

const ADMIN_PASSWORD = 'een lang wachtwoord 2026'

function setupBody(token: string, email = 'eigenaar@beheer.example') {
  return {
    token,
    admin: { name: 'Eva Eigenaar', email, password: ADMIN_PASSWORD },
    company: { name: 'Beheer & Zo B.V.', city: 'Utrecht', vatNumber: 'NL001234567B01', defaultLocale: 'nl' },
  }
}

async function userCount(ctx: AppContext): Promise<number> {
  const row = await ctx.db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

const postSetup = (ctx: AppContext, payload: object) => ctx.app.inject({ method: 'POST', url: '/api/setup', payload })

for (const dialect of dialects) {
  describe(`first-run setup [${dialect}]`, () => {
    // This database stays without users until setup creates the first one.
    const ctx = useApp(dialect)
    let usedToken = ''

    it('says setup is needed on an empty database', async () => {
      const res = await ctx.app.inject({ method: 'GET', url: '/api/setup' })
      expect(res.statusCode).toBe(200)
      expect(res.json()).toEqual({ needed: true })
    })

    it('refuses a wrong token with 403 and creates nothing', async () => {
      expect(await ctx.sladesk.services.auth.issueSetupToken()).toEqual(expect.any(String))
      const res = await postSetup(ctx, setupBody('not-the-setup-token-at-all'))
      expectProblem(res, 403, 'setup_token_invalid')
      expect(res.headers['set-cookie']).toBeUndefined()
      expect(await userCount(ctx)).toBe(0)
    })

    it('refuses a token older than 24 hours, and one replaced by a newer token', async () => {
      const expired = await ctx.sladesk.services.auth.issueSetupToken()
      ctx.clock.now += 24 * 3_600_000 + 1
      expectProblem(await postSetup(ctx, setupBody(expired ?? '')), 403, 'setup_token_invalid')
      const replaced = await ctx.sladesk.services.auth.issueSetupToken()
      await ctx.sladesk.services.auth.issueSetupToken()
      expectProblem(await postSetup(ctx, setupBody(replaced ?? '')), 403, 'setup_token_invalid')
      expect(await userCount(ctx)).toBe(0)
    })

    it('refuses a weak admin password with the path of the field', async () => {
      const token = (await ctx.sladesk.services.auth.issueSetupToken()) ?? ''
      const body = setupBody(token)
      const res = await postSetup(ctx, { ...body, admin: { ...body.admin, password: 'kort' } })
      expect(expectProblem(res, 400, 'validation_failed').errors?.map((e) => e.path)).toEqual(['body.admin.password'])
      expect(await userCount(ctx)).toBe(0)
    })

    it('with the right token creates the admin and the company settings, and signs in', async () => {
      const token = (await ctx.sladesk.services.auth.issueSetupToken()) ?? ''
      expect(token).toMatch(/^[A-Za-z0-9_-]{40,}$/)
      usedToken = token
      const res = await postSetup(ctx, setupBody(token, 'Eigenaar@Beheer.example'))
      expect(res.statusCode, res.body).toBe(201)
      expect(String(res.headers['set-cookie'])).toMatch(/^sladesk_session=.+HttpOnly.*SameSite=Strict/i)
      const body = res.json<{ csrfToken: string; user: { email: string; role: string } }>()
      expect(body.user).toMatchObject({ email: 'eigenaar@beheer.example', role: 'admin', kind: 'staff' })

      const session = { cookie: `sladesk_session=${res.cookies[0]?.value}`, csrfToken: body.csrfToken }
      const me = await as(ctx.app, session)({ method: 'GET', url: '/api/me' })
      expect(me.json()).toMatchObject({ email: 'eigenaar@beheer.example', role: 'admin' })
      const settings = await as(ctx.app, session)({ method: 'GET', url: '/api/settings' })
      expect(settings.statusCode).toBe(200)
      expect(settings.json()).toMatchObject({
        company: {
          name: 'Beheer & Zo B.V.',
          city: 'Utrecht',
          vatNumber: 'NL001234567B01',
          defaultLocale: 'nl',
          country: 'NL',
          timeZone: 'Europe/Amsterdam',
        },
        security: { requireStaffTotp: false },
      })
      expect((await ctx.app.inject({ method: 'GET', url: '/api/branding' })).json()).toEqual({
        name: 'Beheer & Zo B.V.',
        logo: null,
        defaultLocale: 'nl',
      })

      const audit = await ctx.db.selectFrom('audit_log').select(['action', 'diff']).orderBy('id').execute()
      expect(audit.map((a) => a.action)).toEqual(
        expect.arrayContaining(['setup.completed', 'user.created', 'auth.login']),
      )
      expect(JSON.stringify(audit)).not.toContain(ADMIN_PASSWORD)
      expect(JSON.stringify(audit)).not.toContain('scrypt$')

      expect((await signIn(ctx.app, 'eigenaar@beheer.example', ADMIN_PASSWORD)).csrfToken).toEqual(expect.any(String))
    })

    it('then says setup is not needed, gives out no new token, and refuses a second setup', async () => {
      expect((await ctx.app.inject({ method: 'GET', url: '/api/setup' })).json()).toEqual({ needed: false })
      expect(await ctx.sladesk.services.auth.issueSetupToken()).toBeUndefined()
      const again = await postSetup(ctx, setupBody(usedToken, 'indringer@example.test'))
      expectProblem(again, 403, 'setup_token_invalid')
      expect(again.headers['set-cookie']).toBeUndefined()
      expect(await userCount(ctx)).toBe(1)
    })
  })

  describe(`setup raced by two browsers [${dialect}]`, () => {
    const ctx = useApp(dialect)

    it('lets exactly one of two simultaneous set-ups with the same link win', async () => {
      const token = (await ctx.sladesk.services.auth.issueSetupToken()) ?? ''
      const results = await Promise.all([
        postSetup(ctx, setupBody(token, 'eerste@example.test')),
        postSetup(ctx, setupBody(token, 'tweede@example.test')),
      ])
      const [won, lost] = results.sort((a, b) => a.statusCode - b.statusCode)
      expect(won?.statusCode).toBe(201)
      // The loser either finds the link used (403) or, when both read it before either wrote, finds the admin (409).
      expect(lost && `${lost.statusCode} ${lost.json<{ code: string }>().code}`).toMatch(
        /^(403 setup_token_invalid|409 setup_done)$/,
      )
      expect(lost?.headers['set-cookie']).toBeUndefined()
      expect(await userCount(ctx)).toBe(1)
    })
  })

  describe(`setup after an admin appeared [${dialect}]`, () => {
    const ctx = useApp(dialect)

    it('refuses a link issued before users existed with 409 setup_done', async () => {
      const token = await ctx.sladesk.services.auth.issueSetupToken()
      expect(await ctx.sladesk.services.auth.ensureAdmin('env-admin@beheer.example', ADMIN_PASSWORD)).toBe(true)
      const res = await postSetup(ctx, setupBody(token ?? ''))
      expectProblem(res, 409, 'setup_done')
      expect(await userCount(ctx)).toBe(1)
      // The refused attempt did not use the link up or change the settings.
      const row = await ctx.db
        .selectFrom('one_time_tokens')
        .select('used_at')
        .where('purpose', '=', 'setup')
        .executeTakeFirstOrThrow()
      expect(row.used_at).toBeNull()
      expect((await ctx.app.inject({ method: 'GET', url: '/api/branding' })).json()).toMatchObject({ name: 'sladesk' })
    })
  })

  describe(`SLADESK_ADMIN_EMAIL on an empty database [${dialect}]`, () => {
    const ctx = useApp(dialect)

    it('creates that admin once, who can then sign in', async () => {
      const auth = ctx.sladesk.services.auth
      expect(await auth.ensureAdmin('Beheer@Example.test', ADMIN_PASSWORD)).toBe(true)
      const rows = await ctx.db.selectFrom('users').selectAll().execute()
      expect(rows).toHaveLength(1)
      expect(rows[0]).toMatchObject({
        email: 'beheer@example.test',
        name: 'Beheer',
        role: 'admin',
        active: 1,
        locale: 'nl',
      })
      expect(rows[0]?.password_hash).not.toContain(ADMIN_PASSWORD)

      const session = await signIn(ctx.app, 'beheer@example.test', ADMIN_PASSWORD)
      expect((await as(ctx.app, session)({ method: 'GET', url: '/api/me' })).json()).toMatchObject({ role: 'admin' })
      expect((await ctx.app.inject({ method: 'GET', url: '/api/setup' })).json()).toEqual({ needed: false })

      expect(await auth.ensureAdmin('beheer@example.test', 'een ander wachtwoord!')).toBe(false)
      expect(await auth.ensureAdmin('tweede@example.test', ADMIN_PASSWORD)).toBe(false)
      expect(await userCount(ctx)).toBe(1)
      // The password from the environment does not overwrite the one in the database.
      expect((await signIn(ctx.app, 'beheer@example.test', ADMIN_PASSWORD)).cookie).toMatch(/^sladesk_session=/)
      const audit = await ctx.db
        .selectFrom('audit_log')
        .select(['action', 'actor_label'])
        .where('action', '=', 'user.created')
        .execute()
      expect(audit).toEqual([{ action: 'user.created', actor_label: 'system:setup' }])
    })
  })

  describe(`SLADESK_ADMIN_EMAIL on a database with users [${dialect}]`, () => {
    const ctx = useApp(dialect)

    it('creates nothing', async () => {
      await make.user(ctx.db, { role: 'technician' })
      expect(await ctx.sladesk.services.auth.ensureAdmin('laat@example.test', ADMIN_PASSWORD)).toBe(false)
      expect(
        await ctx.db.selectFrom('users').select('email').where('email', '=', 'laat@example.test').executeTakeFirst(),
      ).toBeUndefined()
      expect(await userCount(ctx)).toBe(1)
    })
  })
}
