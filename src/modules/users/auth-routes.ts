import type { FastifyReply, FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { SESSION_COOKIE } from '../../platform/http/auth-hook.js'
import { Branding, SetupInput } from '../settings/schema.js'
import type { SettingsService } from '../settings/service.js'
import type { AuthService, RequestMeta } from './auth.js'
import type { UserRow } from './repo.js'
import { Invitation, InvitationAccept, Login, LoginResult, SetupStatus } from './schema.js'

const metaOf = (req: FastifyRequest): RequestMeta => ({ ip: req.ip, userAgent: req.headers['user-agent'] ?? null })
const TokenParams = z.object({ token: z.string().min(10).max(200) })

export const authRoutes: FastifyPluginAsyncZod<{
  auth: AuthService
  settings: SettingsService
  secureCookie: boolean
}> = async (app, { auth, settings, secureCookie }) => {
  async function signedIn(
    reply: FastifyReply,
    s: { token: string; csrfToken: string; user: UserRow; sessionId: string },
    status = 200,
  ) {
    void reply.setCookie(SESSION_COOKIE, s.token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: secureCookie,
      path: '/',
      maxAge: auth.sessionMaxAgeSeconds,
    })
    const user = await auth.me(s.user, s.csrfToken)
    return reply.code(status).send({ user, csrfToken: s.csrfToken })
  }

  app.post(
    '/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign in; sets the session cookie',
        body: Login,
        response: { 200: LoginResult },
      },
    },
    async (req, reply) => signedIn(reply, await auth.login(req.body, metaOf(req))),
  )
  app.post(
    '/auth/logout',
    { schema: { tags: ['auth'], summary: 'Sign out this session', response: { 204: z.null() } } },
    async (req, reply) => {
      await auth.logout(req.auth)
      void reply.clearCookie(SESSION_COOKIE, { path: '/' })
      return reply.code(204).send(null)
    },
  )
  app.get(
    '/setup',
    { schema: { tags: ['auth'], summary: 'Whether first-run setup is needed', response: { 200: SetupStatus } } },
    async () => ({
      needed: await auth.setupNeeded(),
    }),
  )
  app.post(
    '/setup',
    {
      schema: {
        tags: ['auth'],
        summary: 'First-run setup with the link from the console',
        body: SetupInput,
        response: { 201: LoginResult },
      },
    },
    async (req, reply) => signedIn(reply, await auth.setup(req.body, metaOf(req)), 201),
  )
  app.get(
    '/branding',
    { schema: { tags: ['auth'], summary: 'Name and logo for the sign-in page', response: { 200: Branding } } },
    async () => {
      const { company } = await settings.load()
      return { name: company.name, logo: company.logo, defaultLocale: company.defaultLocale }
    },
  )
  app.get(
    '/invitations/:token',
    { schema: { tags: ['auth'], params: TokenParams, response: { 200: Invitation } } },
    async (req) => (await auth.invitation(req.params.token)).view,
  )
  app.post(
    '/invitations/:token',
    {
      schema: {
        tags: ['auth'],
        summary: 'Choose a password and sign in',
        params: TokenParams,
        body: InvitationAccept,
        response: { 201: LoginResult },
      },
    },
    async (req, reply) => signedIn(reply, await auth.acceptInvitation(req.params.token, req.body, metaOf(req)), 201),
  )
}
