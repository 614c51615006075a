import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import type { AuthService } from './auth.js'
import {
  ApiToken,
  ApiTokenCreate,
  ApiTokenCreated,
  Me,
  MePatch,
  PasswordChange,
  Session,
  TotpCode,
  TotpDisable,
  TotpSetup,
  User,
  UserCreate,
  UserListQuery,
  UserPage,
  UserPatch,
} from './schema.js'
import type { UserService } from './service.js'
import type { Authenticated } from './auth.js'
import { unauthorized } from '../../platform/errors.js'

const Params = z.object({ id: z.uuid() })

function mustAuth(auth: Authenticated | undefined): Authenticated {
  if (!auth) {
    throw unauthorized()
  }
  return auth
}

export const userRoutes: FastifyPluginAsyncZod<{ users: UserService }> = async (app, { users }) => {
  app.get(
    '',
    {
      schema: {
        tags: ['users'],
        summary: 'Staff and portal users',
        querystring: UserListQuery,
        response: { 200: UserPage },
      },
    },
    async (req) => users.list(req.actorOrThrow(), req.query),
  )
  app.post(
    '',
    { schema: { tags: ['users'], summary: 'Create a staff user (admins)', body: UserCreate, response: { 201: User } } },
    async (req, reply) => reply.code(201).send(await users.create(req.actorOrThrow(), req.body)),
  )
  app.get('/:id', { schema: { tags: ['users'], params: Params, response: { 200: User } } }, async (req) =>
    users.get(req.actorOrThrow(), req.params.id),
  )
  app.patch(
    '/:id',
    {
      schema: {
        tags: ['users'],
        summary: 'Change role, language or activity (admins)',
        params: Params,
        body: UserPatch,
        response: { 200: User },
      },
    },
    async (req) => users.update(req.actorOrThrow(), req.params.id, req.body),
  )
}

export const meRoutes: FastifyPluginAsyncZod<{ users: UserService; auth: AuthService }> = async (
  app,
  { users, auth },
) => {
  const me = async (a: Authenticated, user = a.user) => auth.me(user, a.csrfToken ?? null)

  app.get('', { schema: { tags: ['me'], summary: 'The signed-in user', response: { 200: Me } } }, async (req) =>
    me(mustAuth(req.auth)),
  )
  app.patch('', { schema: { tags: ['me'], body: MePatch, response: { 200: Me } } }, async (req) => {
    const a = mustAuth(req.auth)
    return me(a, await users.updateMe(a.actor, req.body))
  })
  app.post(
    '/password',
    {
      schema: {
        tags: ['me'],
        summary: 'Change password; signs out other sessions',
        body: PasswordChange,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      const a = mustAuth(req.auth)
      await users.changePassword(a.actor, req.body.currentPassword, req.body.newPassword, a.sessionId)
      return reply.code(204).send(null)
    },
  )
  app.post(
    '/totp/setup',
    { schema: { tags: ['me'], summary: 'Start two-factor enrolment', response: { 200: TotpSetup } } },
    async (req) => users.totpSetup(mustAuth(req.auth).actor),
  )
  app.post(
    '/totp/enable',
    { schema: { tags: ['me'], summary: 'Confirm enrolment with a code', body: TotpCode, response: { 200: Me } } },
    async (req) => {
      const a = mustAuth(req.auth)
      return me(a, await users.totpEnable(a.actor, req.body.code))
    },
  )
  app.post('/totp/disable', { schema: { tags: ['me'], body: TotpDisable, response: { 200: Me } } }, async (req) => {
    const a = mustAuth(req.auth)
    return me(a, await users.totpDisable(a.actor, req.body.password))
  })
  app.get(
    '/tokens',
    {
      schema: {
        tags: ['me'],
        summary: 'Personal API tokens (staff)',
        response: { 200: z.object({ items: z.array(ApiToken) }) },
      },
    },
    async (req) => ({
      items: await users.listTokens(mustAuth(req.auth).actor),
    }),
  )
  app.post(
    '/tokens',
    {
      schema: {
        tags: ['me'],
        summary: 'Create an API token; its secret is shown once',
        body: ApiTokenCreate,
        response: { 201: ApiTokenCreated },
      },
    },
    async (req, reply) => reply.code(201).send(await users.createToken(mustAuth(req.auth).actor, req.body.name)),
  )
  app.delete(
    '/tokens/:id',
    { schema: { tags: ['me'], params: Params, response: { 204: z.null() } } },
    async (req, reply) => {
      await users.revokeToken(mustAuth(req.auth).actor, req.params.id)
      return reply.code(204).send(null)
    },
  )
  app.get(
    '/sessions',
    {
      schema: { tags: ['me'], summary: 'Signed-in devices', response: { 200: z.object({ items: z.array(Session) }) } },
    },
    async (req) => {
      const a = mustAuth(req.auth)
      return { items: await users.listSessions(a.actor, a.sessionId) }
    },
  )
  app.delete(
    '/sessions/:id',
    {
      schema: {
        tags: ['me'],
        summary: 'Sign a device out',
        params: z.object({ id: z.string().regex(/^[0-9a-f]{16}$/) }),
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await users.revokeSession(mustAuth(req.auth).actor, req.params.id)
      return reply.code(204).send(null)
    },
  )
}
