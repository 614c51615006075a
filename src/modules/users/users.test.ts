import { beforeAll, describe, expect, it } from 'vitest'
import {
  as,
  expectProblem,
  signIn,
  testConfig,
  useApp,
  type AppContext,
  type Session,
} from '../../../test/support/app.js'
import { dialects } from '../../../test/support/databases.js'
import { make } from '../../../test/support/factories.js'

const NEW_PASSWORD = 'nieuw wachtwoord 123'
const PUBLIC_URL = testConfig().publicUrl

interface UserBody {
  id: string
  email: string
  role: string
  active: boolean
  hasPassword: boolean
  locale: string
}

async function outboxTo(ctx: AppContext, email: string) {
  return ctx.db.selectFrom('outbox').selectAll().where('to_address', '=', email).orderBy('id').execute()
}

function inviteTokenOf(body: string): string {
  const match = new RegExp(`${PUBLIC_URL.replace(/[.]/g, '\\.')}/invite/([A-Za-z0-9_-]+)`).exec(body)
  if (!match?.[1]) {
    throw new Error(`no invitation link in: ${body}`)
  }
  return match[1]
}

for (const dialect of dialects) {
  describe(`staff users [${dialect}]`, () => {
    const ctx = useApp(dialect)
    let admin: Awaited<ReturnType<typeof make.user>>
    let adminSession: Session
    const asAdmin = (opts: Parameters<ReturnType<typeof as>>[0]) => as(ctx.app, adminSession)(opts)

    beforeAll(async () => {
      admin = await make.user(ctx.db, { role: 'admin' })
      adminSession = await signIn(ctx.app, admin.email)
    })

    it('creates a user with a password, who can then sign in', async () => {
      const res = await asAdmin({
        method: 'POST',
        url: '/api/users',
        payload: {
          email: 'Tess.Technicus@Beheer.example',
          name: 'Tess Technicus',
          role: 'technician',
          password: NEW_PASSWORD,
        },
      })
      expect(res.statusCode, res.body).toBe(201)
      const user = res.json<UserBody>()
      expect(user).toMatchObject({
        email: 'tess.technicus@beheer.example',
        role: 'technician',
        active: true,
        hasPassword: true,
        locale: 'nl',
      })
      expect(res.body).not.toMatch(/scrypt|password_?hash/i)
      const session = await signIn(ctx.app, 'tess.technicus@beheer.example', NEW_PASSWORD)
      expect((await as(ctx.app, session)({ method: 'GET', url: '/api/me' })).json()).toMatchObject({
        id: user.id,
        role: 'technician',
      })
      expect(await outboxTo(ctx, 'tess.technicus@beheer.example')).toEqual([])
    })

    it('invites a user without a password by mail, in Dutch by default; the link signs them in once', async () => {
      const email = 'bart.boekhouder@beheer.example'
      const res = await asAdmin({
        method: 'POST',
        url: '/api/users',
        payload: { email, name: 'Bart Boekhouder', role: 'billing' },
      })
      expect(res.statusCode).toBe(201)
      expect(res.json()).toMatchObject({ hasPassword: false, active: true })
      expectProblem(
        await ctx.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password: NEW_PASSWORD } }),
        401,
        'invalid_credentials',
      )

      const mails = await outboxTo(ctx, email)
      expect(mails).toHaveLength(1)
      const mail = mails[0]!
      expect(mail).toMatchObject({
        kind: 'user.invitation',
        status: 'pending',
        customer_id: null,
        created_at: ctx.clock.now,
      })
      expect(mail.subject).toBe('Uw account bij sladesk')
      expect(mail.body_text).toMatch(/^Beste Bart Boekhouder,/)
      expect(mail.body_text).toContain('Kies uw wachtwoord via deze link (7 dagen geldig)')
      const token = inviteTokenOf(mail.body_text)
      // Only a hash of the link's token is stored.
      expect(JSON.stringify(await ctx.db.selectFrom('one_time_tokens').selectAll().execute())).not.toContain(token)

      const view = await ctx.app.inject({ method: 'GET', url: `/api/invitations/${token}` })
      expect(view.statusCode).toBe(200)
      expect(view.json()).toEqual({ email, name: 'Bart Boekhouder', customerName: null })

      expectProblem(
        await ctx.app.inject({ method: 'POST', url: `/api/invitations/${token}`, payload: { password: 'kort' } }),
        400,
        'validation_failed',
      )
      const accept = await ctx.app.inject({
        method: 'POST',
        url: `/api/invitations/${token}`,
        payload: { password: NEW_PASSWORD },
      })
      expect(accept.statusCode, accept.body).toBe(201)
      expect(String(accept.headers['set-cookie'])).toMatch(/^sladesk_session=.+HttpOnly/i)
      const session = {
        cookie: `sladesk_session=${accept.cookies[0]?.value}`,
        csrfToken: accept.json<{ csrfToken: string }>().csrfToken,
      }
      expect((await as(ctx.app, session)({ method: 'GET', url: '/api/me' })).json()).toMatchObject({
        email,
        role: 'billing',
      })
      expect((await signIn(ctx.app, email, NEW_PASSWORD)).cookie).toMatch(/^sladesk_session=/)

      // The link works once.
      expectProblem(
        await ctx.app.inject({
          method: 'POST',
          url: `/api/invitations/${token}`,
          payload: { password: 'iemand anders 123' },
        }),
        404,
        'invitation_not_found',
      )
      expectProblem(
        await ctx.app.inject({ method: 'GET', url: `/api/invitations/${token}` }),
        404,
        'invitation_not_found',
      )
      expect((await signIn(ctx.app, email, NEW_PASSWORD)).cookie).toMatch(/^sladesk_session=/)
    })

    it('writes the invitation in English for an English-speaking user', async () => {
      const email = 'erin.english@beheer.example'
      await asAdmin({
        method: 'POST',
        url: '/api/users',
        payload: { email, name: 'Erin English', role: 'technician', locale: 'en' },
      })
      const [mail] = await outboxTo(ctx, email)
      expect(mail?.subject).toBe('Your account at sladesk')
      expect(mail?.body_text).toMatch(/^Dear Erin English,/)
      expect(mail?.body_text).toContain(`${PUBLIC_URL}/invite/`)
    })

    it('does not honour an invitation link after 7 days', async () => {
      const email = 'traag@beheer.example'
      await asAdmin({ method: 'POST', url: '/api/users', payload: { email, name: 'Trage Tom', role: 'technician' } })
      const token = inviteTokenOf((await outboxTo(ctx, email))[0]?.body_text ?? '')
      ctx.clock.now += 7 * 86_400_000 + 1
      expectProblem(
        await ctx.app.inject({ method: 'GET', url: `/api/invitations/${token}` }),
        404,
        'invitation_not_found',
      )
      expectProblem(
        await ctx.app.inject({ method: 'POST', url: `/api/invitations/${token}`, payload: { password: NEW_PASSWORD } }),
        404,
        'invitation_not_found',
      )
    })

    it('answers 404 to an unknown invitation token', async () => {
      expectProblem(
        await ctx.app.inject({ method: 'GET', url: '/api/invitations/this-is-no-token-at-all' }),
        404,
        'invitation_not_found',
      )
    })

    it('refuses a second user with the same e-mail, in any case: 409 email_taken', async () => {
      const first = await asAdmin({
        method: 'POST',
        url: '/api/users',
        payload: { email: 'dubbel@beheer.example', name: 'Eerste', role: 'technician', password: NEW_PASSWORD },
      })
      expect(first.statusCode).toBe(201)
      for (const email of ['dubbel@beheer.example', 'DUBBEL@Beheer.Example']) {
        const res = await asAdmin({
          method: 'POST',
          url: '/api/users',
          payload: { email, name: 'Tweede', role: 'billing' },
        })
        expect(expectProblem(res, 409, 'email_taken').errors).toEqual([{ path: 'email', message: 'already in use' }])
      }
      const rows = await ctx.db
        .selectFrom('users')
        .select('name')
        .where('email', '=', 'dubbel@beheer.example')
        .execute()
      expect(rows).toEqual([{ name: 'Eerste' }])
      expect(await outboxTo(ctx, 'dubbel@beheer.example')).toEqual([])
    })

    it('lets only admins create users (a technician gets 403)', async () => {
      for (const role of ['technician', 'billing'] as const) {
        const staff = await make.user(ctx.db, { role })
        const res = await as(
          ctx.app,
          await signIn(ctx.app, staff.email),
        )({
          method: 'POST',
          url: '/api/users',
          payload: {
            email: `door-${role}@beheer.example`,
            name: 'Niet Toegestaan',
            role: 'admin',
            password: NEW_PASSWORD,
          },
        })
        expectProblem(res, 403, 'role_required')
        expect(
          await ctx.db
            .selectFrom('users')
            .select('id')
            .where('email', '=', `door-${role}@beheer.example`)
            .executeTakeFirst(),
        ).toBeUndefined()
      }
    })

    it('does not let a technician change roles or deactivate anyone', async () => {
      const tech = await make.user(ctx.db, { role: 'technician' })
      const res = await as(
        ctx.app,
        await signIn(ctx.app, tech.email),
      )({ method: 'PATCH', url: `/api/users/${tech.id}`, payload: { role: 'admin' } })
      expectProblem(res, 403, 'role_required')
      expect(
        (await ctx.db.selectFrom('users').select('role').where('id', '=', tech.id).executeTakeFirstOrThrow()).role,
      ).toBe('technician')
    })

    it('does not let an admin deactivate itself or drop its own admin role (409)', async () => {
      expectProblem(
        await asAdmin({ method: 'PATCH', url: `/api/users/${admin.id}`, payload: { active: false } }),
        409,
        'cannot_demote_self',
      )
      expectProblem(
        await asAdmin({ method: 'PATCH', url: `/api/users/${admin.id}`, payload: { role: 'technician' } }),
        409,
        'cannot_demote_self',
      )
      const row = await ctx.db
        .selectFrom('users')
        .select(['active', 'role'])
        .where('id', '=', admin.id)
        .executeTakeFirstOrThrow()
      expect(row).toEqual({ active: 1, role: 'admin' })
      expect((await asAdmin({ method: 'GET', url: '/api/me' })).statusCode).toBe(200)
    })

    it('signs a deactivated user out at once and keeps them out', async () => {
      const tech = await make.user(ctx.db, { role: 'technician' })
      const session = await signIn(ctx.app, tech.email)
      const res = await asAdmin({ method: 'PATCH', url: `/api/users/${tech.id}`, payload: { active: false } })
      expect(res.statusCode).toBe(200)
      expect(res.json()).toMatchObject({ active: false })
      expectProblem(await as(ctx.app, session)({ method: 'GET', url: '/api/me' }), 401, 'unauthenticated')
      expectProblem(
        await ctx.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { email: tech.email, password: 'correct horse battery' },
        }),
        401,
        'invalid_credentials',
      )
    })

    it('answers 404 user_not_found for an unknown id', async () => {
      expectProblem(
        await asAdmin({
          method: 'PATCH',
          url: '/api/users/0190a000-0000-7000-8000-00000000abcd',
          payload: { name: 'Niemand' },
        }),
        404,
        'user_not_found',
      )
    })

    it('audits every change with a before/after diff that never holds a password or its hash', async () => {
      const created = await asAdmin({
        method: 'POST',
        url: '/api/users',
        payload: { email: 'audit.me@beheer.example', name: 'Audit Me', role: 'technician', password: NEW_PASSWORD },
      })
      const id = created.json<UserBody>().id
      await asAdmin({ method: 'PATCH', url: `/api/users/${id}`, payload: { role: 'billing', locale: 'en' } })
      await asAdmin({ method: 'PATCH', url: `/api/users/${id}`, payload: { active: false } })

      const entries = await ctx.db
        .selectFrom('audit_log')
        .selectAll()
        .where('entity_type', '=', 'user')
        .where('entity_id', '=', id)
        .orderBy('id')
        .execute()
      const diffs = entries.map(
        (e) => [e.action, e.actor_id, JSON.parse(e.diff ?? 'null') as Record<string, [unknown, unknown]>] as const,
      )
      expect(diffs.map(([action, actor]) => [action, actor])).toEqual([
        ['user.created', admin.id],
        ['user.updated', admin.id],
        ['user.updated', admin.id],
      ])
      expect(diffs[0]?.[2]).toMatchObject({
        email: [null, 'audit.me@beheer.example'],
        role: [null, 'technician'],
        hasPassword: [null, true],
      })
      expect(diffs[1]?.[2]).toEqual({ role: ['technician', 'billing'], locale: ['nl', 'en'] })
      expect(diffs[2]?.[2]).toEqual({ active: [true, false] })

      // Through the API as well, and over the whole log: no hash, no password, no secret field.
      const page = await asAdmin({ method: 'GET', url: `/api/audit?entityId=${id}` })
      expect(page.statusCode).toBe(200)
      expect(page.json<{ items: unknown[] }>().items).toHaveLength(3)
      const everything = JSON.stringify(await ctx.db.selectFrom('audit_log').selectAll().execute())
      expect(everything).not.toContain('scrypt$')
      expect(everything).not.toContain(NEW_PASSWORD)
      expect(everything).not.toMatch(/password_?hash|totp_?secret/i)
    })
  })
}
