import type { Db } from '../../db/database.js'
import type { Actor } from '../../platform/access.js'
import type { Audit } from '../../platform/audit.js'
import { AppError, badRequest, conflict, notFound } from '../../platform/errors.js'
import { uuidv7 } from '../../platform/ids.js'
import { DUMMY_HASH, hashPassword, verifyPassword } from '../../platform/auth/passwords.js'
import { Throttle } from '../../platform/auth/throttle.js'
import { hashSecret, newSecret } from '../../platform/auth/tokens.js'
import { verifyTotp } from '../../platform/auth/totp.js'
import type { SettingsService } from '../settings/service.js'
import type { SetupInput } from '../settings/schema.js'
import * as repo from './repo.js'
import type { Me } from './schema.js'

export interface RequestMeta {
  ip: string | null
  userAgent: string | null
}

export interface Authenticated {
  actor: Exclude<Actor, { kind: 'system' }>
  user: repo.UserRow
  sessionId?: string
  csrfToken?: string
}

const SETUP_TOKEN_HOURS = 24
// A session's last-seen time is written at most this often, so that reads stay reads.
const TOUCH_EVERY_MS = 5 * 60_000
// A session lookup is remembered for at most this long, and only while this process has written nothing at all:
// any write (a sign-out, a revoked session, a disabled user, a changed role, but also any ticket) forgets every
// lookup, so what this process changes counts at once. The time bound is for writers in other processes on the
// same SQLite file (the command line), which never touch sessions or users today.
const SESSION_CACHE_MS = 1000
const SESSION_CACHE_MAX = 10_000

export function actorOf(user: repo.UserRow): Authenticated['actor'] {
  if (user.role === 'contact') {
    if (!user.customer_id) {
      throw new Error(`portal user ${user.id} has no customer`)
    }
    return {
      kind: 'contact',
      userId: user.id,
      email: user.email,
      name: user.name,
      customerId: user.customer_id,
      contactId: user.contact_id,
      locale: user.locale,
    }
  }
  return { kind: 'staff', userId: user.id, email: user.email, name: user.name, role: user.role, locale: user.locale }
}

export function createAuthService({
  db,
  audit,
  settings,
  sessionDays,
  sessionMaxDays,
  customerNameOf,
  isKeyContact,
  now,
  writeCount,
}: {
  db: Db
  audit: Audit
  settings: SettingsService
  /** A session ends after this many days without use… */
  sessionDays: number
  /** …and after this many days in any case: a stolen cookie does not live forever. */
  sessionMaxDays: number
  /** The name of a portal user's customer (the customers module answers; users has no customer tables). */
  customerNameOf: (customerId: string) => Promise<string | null>
  /** Whether this contact is its customer's key contact (the customers module answers). */
  isKeyContact: (contactId: string) => Promise<boolean>
  now: () => number
  /** The database's write counter (SQLite), for remembering session lookups; see `Database.writeCount`. */
  writeCount?: () => number
}) {
  const sessionMs = sessionDays * 86_400_000
  const sessionMaxMs = Math.max(sessionMaxDays, sessionDays) * 86_400_000
  // 5 failures per account in 15 minutes; 30 attempts per address in 5 minutes.
  const perAccount = new Throttle(5, 15 * 60_000)
  const perIp = new Throttle(30, 5 * 60_000)
  const sessionCache = new Map<string, { found: repo.SessionWithUser; writes: number; at: number }>()

  /** The live session with this hashed token, from the cache while nothing was written since it was read. */
  async function liveSession(id: string, at: number): Promise<repo.SessionWithUser | undefined> {
    // Read before the query: a write while the query waits for the connection makes the entry stale at once.
    const writes = writeCount?.()
    if (writes === undefined) {
      return repo.findLiveSession(db, id, at)
    }
    const hit = sessionCache.get(id)
    if (hit && hit.writes === writes && at - hit.at < SESSION_CACHE_MS && at < hit.found.expiresAt) {
      return hit.found
    }
    const found = await repo.findLiveSession(db, id, at)
    if (found) {
      if (sessionCache.size >= SESSION_CACHE_MAX) {
        sessionCache.clear()
      }
      // Shared by the requests that hit it: nobody may change it.
      Object.freeze(found.user)
      sessionCache.set(id, { found, writes, at })
    } else {
      sessionCache.delete(id)
    }
    return found
  }

  async function startSession(user: repo.UserRow, meta: RequestMeta) {
    const token = newSecret()
    const csrfToken = newSecret()
    const at = now()
    const sessionId = hashSecret(token)
    await db.transaction().execute(async (trx) => {
      await repo.insertSession(trx, {
        id: sessionId,
        user_id: user.id,
        csrf_token: csrfToken,
        created_at: at,
        expires_at: at + sessionMs,
        ip: meta.ip,
        user_agent: meta.userAgent?.slice(0, 300) ?? null,
      })
      await repo.update(trx, user.id, { last_login_at: at })
      await audit.record(trx, actorOf(user), {
        action: 'auth.login',
        entityType: 'user',
        entityId: user.id,
        customerId: user.customer_id,
        ip: meta.ip,
      })
    })
    return { token, csrfToken, sessionId, user: { ...user, last_login_at: at } }
  }

  const service = {
    sessionMaxAgeSeconds: sessionMs / 1000,

    async login(input: { email: string; password: string; totp?: string }, meta: RequestMeta) {
      const email = input.email.toLowerCase()
      const at = now()
      perIp.check(meta.ip ?? '-', at)
      perAccount.check(email, at)
      const user = await repo.findByEmail(db, email)
      // Spend the same time on unknown accounts, so that timing does not tell which e-mails exist.
      const passwordOk = await verifyPassword(input.password, user?.password_hash ?? DUMMY_HASH)
      // Only failures count: a whole office behind one address signing in every morning is not an attack.
      const fail = async (code: string, message: string, reason: string) => {
        perAccount.hit(email, at)
        perIp.hit(meta.ip ?? '-', at)
        await audit.record(
          db,
          { kind: 'system', label: 'auth' },
          {
            action: 'auth.login_failed',
            entityType: 'user',
            entityId: user?.id ?? null,
            customerId: user?.customer_id ?? null,
            after: { email, reason },
            ip: meta.ip,
          },
        )
        return new AppError(401, code, message)
      }
      if (!user || !passwordOk || user.active !== 1) {
        throw await fail(
          'invalid_credentials',
          'E-mail address or password is not correct',
          !user ? 'unknown_email' : !passwordOk ? 'wrong_password' : 'inactive',
        )
      }
      if (user.totp_enabled_at !== null && user.totp_secret) {
        if (!input.totp) {
          // Not a failure: the client asks for the code and sends everything again.
          throw new AppError(401, 'totp_required', 'Enter the verification code from your authenticator app')
        }
        const step = verifyTotp(user.totp_secret, input.totp, at, user.totp_last_step)
        if (step === undefined) {
          throw await fail('totp_invalid', 'The verification code is not correct', 'wrong_totp')
        }
        await repo.update(db, user.id, { totp_last_step: step })
      }
      perAccount.reset(email)
      return startSession(user, meta)
    },

    async logout(auth: Authenticated | undefined): Promise<void> {
      if (!auth?.sessionId) {
        return
      }
      const { sessionId, actor, user } = auth
      await db.transaction().execute(async (trx) => {
        await repo.revokeSession(trx, user.id, sessionId, now())
        await audit.record(trx, actor, {
          action: 'auth.logout',
          entityType: 'user',
          entityId: user.id,
          customerId: user.customer_id,
        })
      })
    },

    /** Resolves the session cookie; undefined when it is unknown, expired or revoked. */
    async fromSessionCookie(token: string): Promise<Authenticated | undefined> {
      const at = now()
      const found = await liveSession(hashSecret(token), at)
      if (!found) {
        return undefined
      }
      if (at - found.lastSeenAt > TOUCH_EVERY_MS) {
        await repo.touchSession(db, found.sessionId, at, Math.min(at + sessionMs, found.createdAt + sessionMaxMs))
      }
      return { actor: actorOf(found.user), user: found.user, sessionId: found.sessionId, csrfToken: found.csrfToken }
    },

    /** Resolves a personal API token (staff only). */
    async fromApiToken(token: string): Promise<Authenticated | undefined> {
      const found = await repo.findLiveToken(db, hashSecret(token))
      if (!found || found.user.role === 'contact') {
        return undefined
      }
      const at = now()
      if (found.lastUsedAt === null || at - found.lastUsedAt > 60_000) {
        await repo.touchToken(db, found.tokenId, at)
      }
      return { actor: actorOf(found.user), user: found.user }
    },

    async me(user: repo.UserRow, csrfToken: string | null): Promise<Me> {
      const { security } = await settings.load()
      const customerName = user.customer_id ? await customerNameOf(user.customer_id) : null
      return {
        id: user.id,
        email: user.email,
        name: user.name,
        role: user.role,
        kind: user.role === 'contact' ? 'contact' : 'staff',
        customerId: user.customer_id,
        customerName,
        keyContact: user.role === 'contact' && user.contact_id !== null && (await isKeyContact(user.contact_id)),
        locale: user.locale,
        totpEnabled: user.totp_enabled_at !== null,
        totpEnrolmentRequired: user.role !== 'contact' && security.requireStaffTotp && user.totp_enabled_at === null,
        csrfToken,
      }
    },

    // First run ----------------------------------------------------------------------------------

    async setupNeeded(): Promise<boolean> {
      return (await repo.countAll(db)) === 0
    },

    /** Makes a new one-time setup token (older ones stop working); undefined when setup is done. */
    async issueSetupToken(): Promise<string | undefined> {
      if (!(await service.setupNeeded())) {
        return undefined
      }
      const token = newSecret()
      const at = now()
      await db.transaction().execute(async (trx) => {
        await repo.expireOneTimeTokens(trx, 'setup', null, at)
        await repo.insertOneTimeToken(trx, {
          id: uuidv7(),
          purpose: 'setup',
          token_hash: hashSecret(token),
          user_id: null,
          contact_id: null,
          created_at: at,
          expires_at: at + SETUP_TOKEN_HOURS * 3_600_000,
        })
      })
      return token
    },

    async setup(input: SetupInput, meta: RequestMeta) {
      const hash = await hashPassword(input.admin.password)
      const at = now()
      const admin = await db.transaction().execute(async (trx) => {
        const token = await repo.findOneTimeToken(trx, 'setup', hashSecret(input.token), at)
        if (!token) {
          throw new AppError(
            403,
            'setup_token_invalid',
            'This setup link is not valid (any more); restart sladesk for a new one',
          )
        }
        if ((await repo.countAll(trx)) > 0 || !(await repo.useOneTimeToken(trx, token.id, at))) {
          throw conflict('setup_done', 'sladesk is already set up')
        }
        const row = newStaffRow(input.admin.email, input.admin.name, hash, 'admin', input.company.defaultLocale, at)
        await repo.insert(trx, row)
        await settings.initialise(trx, input.company)
        const actor = actorOf(row)
        await audit.record(trx, actor, {
          action: 'setup.completed',
          entityType: 'settings',
          after: { company: input.company.name },
        })
        await audit.record(trx, actor, {
          action: 'user.created',
          entityType: 'user',
          entityId: row.id,
          after: repo.toUser(row),
        })
        return row
      })
      return startSession(admin, meta)
    },

    /** SLADESK_ADMIN_EMAIL/PASSWORD: creates that admin on a database with no users. Returns whether it did. */
    async ensureAdmin(email: string, password: string): Promise<boolean> {
      if (!(await service.setupNeeded())) {
        return false
      }
      const hash = await hashPassword(password)
      const at = now()
      await db.transaction().execute(async (trx) => {
        if ((await repo.countAll(trx)) > 0) {
          return
        }
        const row = newStaffRow(email, email.split('@')[0] ?? 'admin', hash, 'admin', 'nl', at)
        await repo.insert(trx, row)
        await audit.record(
          trx,
          { kind: 'system', label: 'setup' },
          { action: 'user.created', entityType: 'user', entityId: row.id, after: repo.toUser(row) },
        )
      })
      return true
    },

    // Invitations --------------------------------------------------------------------------------

    async invitation(token: string) {
      const found = await repo.findOneTimeToken(db, 'invite', hashSecret(token), now())
      const user = found?.user_id ? await repo.findById(db, found.user_id) : undefined
      if (!found || !user || user.password_hash !== null || user.active !== 1) {
        throw notFound('invitation', 'link')
      }
      const customerName = user.customer_id ? await customerNameOf(user.customer_id) : null
      return { found, user, view: { email: user.email, name: user.name, customerName } }
    },

    async acceptInvitation(token: string, input: { password: string; name?: string }, meta: RequestMeta) {
      const { found, user } = await service.invitation(token)
      const hash = await hashPassword(input.password)
      const at = now()
      const updated = await db.transaction().execute(async (trx) => {
        if (!(await repo.useOneTimeToken(trx, found.id, at))) {
          throw badRequest('invitation_used', 'This invitation has already been used')
        }
        const set = { password_hash: hash, updated_at: at, ...(input.name && { name: input.name }) }
        await repo.update(trx, user.id, set)
        const after = { ...user, ...set }
        await audit.record(trx, actorOf(after), {
          action: 'user.invitation_accepted',
          entityType: 'user',
          entityId: user.id,
          customerId: user.customer_id,
        })
        return after
      })
      return startSession(updated, meta)
    },
  }
  return service
}
export type AuthService = ReturnType<typeof createAuthService>

function newStaffRow(
  email: string,
  name: string,
  hash: string,
  role: 'admin',
  locale: 'nl' | 'en',
  at: number,
): repo.UserRow {
  return {
    id: uuidv7(),
    email: email.toLowerCase(),
    name,
    password_hash: hash,
    role,
    customer_id: null,
    contact_id: null,
    locale,
    totp_secret: null,
    totp_enabled_at: null,
    totp_last_step: null,
    active: 1,
    created_at: at,
    updated_at: at,
    last_login_at: null,
    work_hours: null,
  }
}
