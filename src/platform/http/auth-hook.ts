import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { type Actor, requireActor } from '../access.js'
import { safeEqual } from '../auth/tokens.js'
import { sendProblem } from './problem.js'
import type { AuthService, Authenticated } from '../../modules/users/auth.js'
import type { SettingsService } from '../../modules/settings/service.js'

export const SESSION_COOKIE = 'sladesk_session'

declare module 'fastify' {
  interface FastifyRequest {
    auth: Authenticated | undefined
    /** The acting user, or 401. */
    actorOrThrow(): Actor
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])
// While a staff member must still enrol in two-factor sign-in, only these are open to them.
const ENROLMENT_PATHS = ['/api/me', '/api/auth/logout', '/api/branding', '/api/health']

/**
 * Resolves the session cookie or bearer token of every /api request to `req.auth`, and enforces the CSRF
 * header on state-changing requests made with the cookie. Bearer requests need no CSRF token: a browser
 * never adds that header by itself.
 */
export function installAuthHook(
  app: FastifyInstance,
  { auth, settings }: { auth: AuthService; settings: SettingsService },
): void {
  app.decorateRequest('auth', undefined)
  app.decorateRequest('actorOrThrow', function (this: FastifyRequest) {
    return requireActor(this.auth?.actor)
  })

  app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
    // /api/public/* acts for nobody (a prospect's advice request): who the caller is, and whether a signed-in
    // browser sent its CSRF header, does not matter there, so a stale cookie or token must not refuse the form.
    // /api/ingest/* carries an ingest token, not a user's: its routes check that token themselves.
    if (!req.url.startsWith('/api/') || req.url.startsWith('/api/public/') || req.url.startsWith('/api/ingest/')) {
      return
    }
    const header = req.headers.authorization
    if (header !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(header)
      const found = match?.[1] ? await auth.fromApiToken(match[1]) : undefined
      if (!found) {
        return sendProblem(reply, 401, 'invalid_token', 'The bearer token is unknown or revoked')
      }
      req.auth = found
    } else {
      const cookies = req.headers.cookie
      const cookie = cookies?.includes(SESSION_COOKIE) ? app.parseCookie(cookies)[SESSION_COOKIE] : undefined
      if (cookie) {
        req.auth = await auth.fromSessionCookie(cookie)
        if (req.auth && !SAFE_METHODS.has(req.method)) {
          const sent = req.headers['x-csrf-token']
          if (typeof sent !== 'string' || !req.auth.csrfToken || !safeEqual(sent, req.auth.csrfToken)) {
            return sendProblem(
              reply,
              403,
              'csrf_failed',
              'Send the X-CSRF-Token header with the csrfToken from sign-in or GET /api/me',
            )
          }
        }
      }
    }
    const found = req.auth
    if (found && found.actor.kind === 'staff' && found.user.totp_enabled_at === null) {
      const path = req.url.split('?')[0] ?? ''
      if (
        !ENROLMENT_PATHS.some((p) => path === p || path.startsWith(`${p}/`)) &&
        (await settings.load()).security.requireStaffTotp
      ) {
        return sendProblem(reply, 403, 'totp_enrolment_required', 'Set up two-factor sign-in in your profile first')
      }
    }
  })
}
