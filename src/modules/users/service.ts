import type { Transaction } from 'kysely'
import type { Db, Executor } from '../../db/database.js'
import type { DB } from '../../db/types.js'
import { type Actor, assertStaff, requireActor } from '../../platform/access.js'
import type { Audit } from '../../platform/audit.js'
import { AppError, badRequest, conflict, notFound } from '../../platform/errors.js'
import { uuidv7 } from '../../platform/ids.js'
import { pageOf, readCursor } from '../../platform/paging.js'
import { t } from '../../platform/i18n/messages.js'
import type { Mailer } from '../../platform/mail/outbox.js'
import { hashPassword, verifyPassword } from '../../platform/auth/passwords.js'
import { API_TOKEN_PREFIX, hashSecret, newSecret } from '../../platform/auth/tokens.js'
import { newTotpSecret, totpUri, verifyTotp } from '../../platform/auth/totp.js'
import type { SettingsService } from '../settings/service.js'
import * as repo from './repo.js'
import type { ApiToken, Locale, User, UserCreate, UserPatch, WorkHours } from './schema.js'
import { CalendarSpec } from '../sla/calendar.js'
import type { SlaService } from '../sla/service.js'

export const INVITE_DAYS = 7

export interface UserDeps {
  db: Db
  audit: Audit
  mailer: Mailer
  settings: SettingsService
  publicUrl: string
  now: () => number
  /** The SLA module's calendars (read lazily: it is built after this one). */
  sla: () => SlaService
}

type Person = Exclude<Actor, { kind: 'system' }>

function requirePerson(actor: Actor | undefined): Person {
  const a = requireActor(actor)
  if (a.kind === 'system') {
    throw new AppError(403, 'forbidden', 'Only a signed-in user can do this')
  }
  return a
}

export function createUserService({ db, audit, mailer, settings, publicUrl, now, sla }: UserDeps) {
  async function mustFind(id: string): Promise<repo.UserRow> {
    const row = await repo.findById(db, id)
    if (!row) {
      throw notFound('user', id)
    }
    return row
  }

  /** Working hours as a calendar: the given hours, with the holidays and closures of the MSP's business calendar. */
  async function workCalendar(trx: Executor, hours: WorkHours): Promise<CalendarSpec> {
    const business = (await sla().load(trx)).config.calendars.business
    const spec = CalendarSpec.safeParse({
      timeZone: hours.timeZone,
      alwaysOpen: false,
      hours: hours.hours,
      holidays: business?.holidays ?? null,
      closures: business?.closures ?? [],
    })
    if (!spec.success) {
      throw badRequest('validation_failed', 'workHours: not valid working hours', {
        errors: spec.error.issues.map((i) => ({ path: ['workHours', ...i.path].join('.'), message: i.message })),
      })
    }
    return spec.data
  }

  return {
    async list(actor: Actor, q: { kind: 'staff' | 'contact' | 'all'; q?: string; limit: number; cursor?: string }) {
      assertStaff(actor)
      const after = readCursor<[string, string]>(q.cursor, ['string', 'string'])
      const rows = await repo.list(db, { kind: q.kind, q: q.q, after, limit: q.limit + 1 })
      return pageOf(rows, q.limit, (r) => [r.email, r.id], repo.toUser)
    },

    /** For other modules (tickets): a user row by id, without access check. */
    async findRow(ex: Executor, id: string): Promise<repo.UserRow | undefined> {
      return repo.findById(ex, id)
    },

    /** For other modules: an active user by e-mail (staff replying by mail, watchers). */
    async findActiveByEmail(ex: Executor, email: string): Promise<repo.UserRow | undefined> {
      const row = await repo.findByEmail(ex, email.toLowerCase())
      return row && row.active === 1 ? row : undefined
    },

    async hasTotp(userId: string): Promise<boolean> {
      const row = await repo.findById(db, userId)
      return row !== undefined && row.totp_enabled_at !== null
    },

    async get(actor: Actor, id: string): Promise<User> {
      assertStaff(actor)
      return repo.toUser(await mustFind(id))
    },

    async create(actor: Actor, input: UserCreate): Promise<User> {
      assertStaff(actor, ['admin'])
      const email = input.email.toLowerCase()
      const passwordHash = input.password ? await hashPassword(input.password) : null
      return db.transaction().execute(async (trx) => {
        if (await repo.findByEmail(trx, email)) {
          throw conflict('email_taken', `A user with e-mail ${email} already exists`, {
            errors: [{ path: 'email', message: 'already in use' }],
          })
        }
        const at = now()
        const row: repo.UserRow = {
          id: uuidv7(),
          email,
          name: input.name,
          password_hash: passwordHash,
          role: input.role,
          customer_id: null,
          contact_id: null,
          locale: input.locale,
          totp_secret: null,
          totp_enabled_at: null,
          totp_last_step: null,
          active: 1,
          created_at: at,
          updated_at: at,
          last_login_at: null,
          work_hours: null,
        }
        await repo.insert(trx, row)
        const user = repo.toUser(row)
        await audit.record(trx, actor, { action: 'user.created', entityType: 'user', entityId: row.id, after: user })
        if (!passwordHash) {
          await this.sendInvitation(trx, row, null)
        }
        return user
      })
    },

    async update(actor: Actor, id: string, patch: UserPatch): Promise<User> {
      assertStaff(actor, ['admin'])
      return db.transaction().execute(async (trx) => {
        const before = await repo.findById(trx, id)
        if (!before) {
          throw notFound('user', id)
        }
        if (patch.role && before.role === 'contact') {
          throw badRequest('contact_role_fixed', 'A portal user stays a portal user; create a staff user instead')
        }
        if (
          actor.kind === 'staff' &&
          actor.userId === id &&
          (patch.active === false || (patch.role && patch.role !== 'admin'))
        ) {
          throw conflict('cannot_demote_self', 'You cannot deactivate yourself or drop your own admin role')
        }
        const at = now()
        const set: Partial<repo.UserRow> = { updated_at: at }
        if (patch.name !== undefined) {
          set.name = patch.name
        }
        if (patch.role !== undefined) {
          set.role = patch.role
        }
        if (patch.locale !== undefined) {
          set.locale = patch.locale
        }
        if (patch.active !== undefined) {
          set.active = patch.active ? 1 : 0
        }
        if (patch.workHours !== undefined) {
          set.work_hours = patch.workHours === null ? null : JSON.stringify(await workCalendar(trx, patch.workHours))
        }
        await repo.update(trx, id, set)
        if (patch.active === false) {
          // A deactivated account must lose every way in at once.
          await repo.revokeSessionsOfUser(trx, id, at)
          await repo.revokeTokensOfUser(trx, id, at)
        }
        const after = { ...before, ...set }
        await audit.record(trx, actor, {
          action: 'user.updated',
          entityType: 'user',
          entityId: id,
          customerId: before.customer_id,
          before: repo.toUser(before),
          after: repo.toUser(after),
        })
        return repo.toUser(after)
      })
    },

    /**
     * Creates an invitation link for a user who has no password yet and puts the mail in the outbox.
     * Runs in the caller's transaction (user creation, contact invitation).
     */
    async sendInvitation(trx: Transaction<DB>, user: repo.UserRow, customerName: string | null): Promise<void> {
      const at = now()
      const token = newSecret()
      await repo.expireOneTimeTokens(trx, 'invite', user.id, at)
      await repo.insertOneTimeToken(trx, {
        id: uuidv7(),
        purpose: 'invite',
        token_hash: hashSecret(token),
        user_id: user.id,
        contact_id: user.contact_id,
        created_at: at,
        expires_at: at + INVITE_DAYS * 86_400_000,
      })
      const { company } = await settings.load(trx)
      const link = `${publicUrl}/invite/${token}`
      const locale: Locale = user.locale
      const isContact = user.role === 'contact'
      const vars = {
        name: user.name,
        company: company.name,
        link,
        customerPart: customerName ? t(locale, 'mail.invite.customerPart', { customer: customerName }) : '',
      }
      await mailer.enqueue(trx, {
        to: user.email,
        subject: t(locale, isContact ? 'mail.invite.subject' : 'mail.staffInvite.subject', vars),
        text: t(locale, isContact ? 'mail.invite.body' : 'mail.staffInvite.body', vars),
        kind: isContact ? 'contact.invitation' : 'user.invitation',
        customerId: user.customer_id,
      })
    },

    /** Creates or re-invites the portal user of a contact. Called by the customers service in its transaction. */
    async invitePortalUser(
      trx: Transaction<DB>,
      actor: Actor,
      contact: { id: string; customerId: string; name: string; email: string; userId: string | null },
      customerName: string,
    ): Promise<string> {
      assertStaff(actor)
      const email = contact.email.toLowerCase()
      let user = contact.userId ? await repo.findById(trx, contact.userId) : undefined
      if (user && user.password_hash) {
        throw conflict('already_active', `${email} already has a portal account`)
      }
      if (!user) {
        const existing = await repo.findByEmail(trx, email)
        if (existing) {
          throw conflict('email_taken', `A user with e-mail ${email} already exists`)
        }
        const { company } = await settings.load(trx)
        const at = now()
        user = {
          id: uuidv7(),
          email,
          name: contact.name,
          password_hash: null,
          role: 'contact',
          customer_id: contact.customerId,
          contact_id: contact.id,
          locale: company.defaultLocale,
          totp_secret: null,
          totp_enabled_at: null,
          totp_last_step: null,
          active: 1,
          created_at: at,
          updated_at: at,
          last_login_at: null,
          work_hours: null,
        }
        await repo.insert(trx, user)
        await audit.record(trx, actor, {
          action: 'user.created',
          entityType: 'user',
          entityId: user.id,
          customerId: contact.customerId,
          after: repo.toUser(user),
        })
      }
      await this.sendInvitation(trx, user, customerName)
      await audit.record(trx, actor, {
        action: 'contact.invited',
        entityType: 'contact',
        entityId: contact.id,
        customerId: contact.customerId,
      })
      return user.id
    },

    /** Keeps a contact's portal account in step with the contact (name, e-mail, archived). In the caller's transaction. */
    async syncPortalUser(
      trx: Transaction<DB>,
      actor: Actor,
      userId: string,
      change: { name?: string; email?: string; active?: boolean },
    ): Promise<void> {
      assertStaff(actor)
      const before = await repo.findById(trx, userId)
      if (!before || before.role !== 'contact') {
        return
      }
      const set: Partial<repo.UserRow> = { updated_at: now() }
      if (change.name !== undefined) {
        set.name = change.name
      }
      if (change.email !== undefined && change.email.toLowerCase() !== before.email) {
        const email = change.email.toLowerCase()
        if (await repo.findByEmail(trx, email)) {
          throw conflict('email_taken', `A user with e-mail ${email} already exists`, {
            errors: [{ path: 'email', message: 'already in use' }],
          })
        }
        set.email = email
      }
      if (change.active !== undefined) {
        set.active = change.active ? 1 : 0
      }
      await repo.update(trx, userId, set)
      if (change.active === false) {
        await repo.revokeSessionsOfUser(trx, userId, now())
      }
      const after = { ...before, ...set }
      await audit.record(trx, actor, {
        action: 'user.updated',
        entityType: 'user',
        entityId: userId,
        customerId: before.customer_id,
        before: repo.toUser(before),
        after: repo.toUser(after),
      })
    },

    async portalStatusOf(
      trx: Executor,
      userIds: string[],
    ): Promise<Map<string, { active: boolean; hasPassword: boolean }>> {
      if (userIds.length === 0) {
        return new Map()
      }
      const rows = await trx
        .selectFrom('users')
        .select(['id', 'active', 'password_hash'])
        .where('id', 'in', userIds)
        .execute()
      return new Map(rows.map((r) => [r.id, { active: r.active === 1, hasPassword: r.password_hash !== null }]))
    },

    // The signed-in user's own account --------------------------------------------------------------

    async updateMe(actor: Actor | undefined, patch: { name?: string; locale?: Locale }): Promise<repo.UserRow> {
      const me = requirePerson(actor)
      return db.transaction().execute(async (trx) => {
        const before = await repo.findById(trx, me.userId)
        if (!before) {
          throw notFound('user', me.userId)
        }
        const set: Partial<repo.UserRow> = {
          updated_at: now(),
          ...(patch.name && { name: patch.name }),
          ...(patch.locale && { locale: patch.locale }),
        }
        await repo.update(trx, me.userId, set)
        const after = { ...before, ...set }
        await audit.record(trx, me, {
          action: 'user.updated',
          entityType: 'user',
          entityId: me.userId,
          before: repo.toUser(before),
          after: repo.toUser(after),
        })
        return after
      })
    },

    async changePassword(
      actor: Actor | undefined,
      current: string,
      next: string,
      keepSessionId: string | undefined,
    ): Promise<void> {
      const me = requirePerson(actor)
      const row = await mustFind(me.userId)
      if (!row.password_hash || !(await verifyPassword(current, row.password_hash))) {
        throw new AppError(400, 'wrong_password', 'The current password is not correct', {
          errors: [{ path: 'currentPassword', message: 'not correct' }],
        })
      }
      const hash = await hashPassword(next)
      await db.transaction().execute(async (trx) => {
        const at = now()
        await repo.update(trx, me.userId, { password_hash: hash, updated_at: at })
        // Other devices signed in with the old password are signed out.
        await repo.revokeSessionsOfUser(trx, me.userId, at, keepSessionId)
        await audit.record(trx, me, { action: 'user.password_changed', entityType: 'user', entityId: me.userId })
      })
    },

    async totpSetup(actor: Actor | undefined) {
      const me = requirePerson(actor)
      const row = await mustFind(me.userId)
      if (row.totp_enabled_at !== null) {
        throw conflict('totp_already_enabled', 'Two-factor sign-in is already on; turn it off first to enrol again')
      }
      const secret = newTotpSecret()
      await repo.update(db, me.userId, { totp_secret: secret, updated_at: now() })
      const { company } = await settings.load()
      const otpauthUrl = totpUri(secret, row.email, company.name)
      return {
        secret,
        otpauthUrl,
        qrDataUrl: await (await import('qrcode')).default.toDataURL(otpauthUrl, { margin: 1, width: 220 }),
      }
    },

    async totpEnable(actor: Actor | undefined, code: string): Promise<repo.UserRow> {
      const me = requirePerson(actor)
      return db.transaction().execute(async (trx) => {
        const row = await repo.findById(trx, me.userId)
        if (!row?.totp_secret || row.totp_enabled_at !== null) {
          throw conflict('totp_not_pending', 'Start the two-factor set-up first')
        }
        const step = verifyTotp(row.totp_secret, code, now())
        if (step === undefined) {
          throw new AppError(400, 'totp_invalid', 'The verification code is not correct', {
            errors: [{ path: 'code', message: 'not correct' }],
          })
        }
        const at = now()
        await repo.update(trx, me.userId, { totp_enabled_at: at, totp_last_step: step, updated_at: at })
        await audit.record(trx, me, { action: 'user.totp_enabled', entityType: 'user', entityId: me.userId })
        return { ...row, totp_enabled_at: at, totp_last_step: step }
      })
    },

    async totpDisable(actor: Actor | undefined, password: string): Promise<repo.UserRow> {
      const me = requirePerson(actor)
      const row = await mustFind(me.userId)
      if (!row.password_hash || !(await verifyPassword(password, row.password_hash))) {
        throw new AppError(400, 'wrong_password', 'The password is not correct', {
          errors: [{ path: 'password', message: 'not correct' }],
        })
      }
      const { security } = await settings.load()
      if (security.requireStaffTotp && row.role !== 'contact') {
        throw conflict('totp_required', 'Two-factor sign-in is mandatory for staff')
      }
      return db.transaction().execute(async (trx) => {
        await repo.update(trx, me.userId, {
          totp_secret: null,
          totp_enabled_at: null,
          totp_last_step: null,
          updated_at: now(),
        })
        await audit.record(trx, me, { action: 'user.totp_disabled', entityType: 'user', entityId: me.userId })
        return { ...row, totp_secret: null, totp_enabled_at: null, totp_last_step: null }
      })
    },

    async listTokens(actor: Actor | undefined): Promise<ApiToken[]> {
      const me = requirePerson(actor)
      assertStaff(me)
      return (await repo.listTokens(db, me.userId)).map((r) => ({
        id: r.id,
        name: r.name,
        prefix: r.prefix,
        createdAt: r.created_at,
        lastUsedAt: r.last_used_at,
        revokedAt: r.revoked_at,
      }))
    },

    async createToken(actor: Actor | undefined, name: string): Promise<ApiToken & { token: string }> {
      const me = requirePerson(actor)
      assertStaff(me)
      const token = newSecret(API_TOKEN_PREFIX)
      const row = {
        id: uuidv7(),
        user_id: me.userId,
        name,
        token_hash: hashSecret(token),
        prefix: token.slice(0, 10),
        created_at: now(),
      }
      await db.transaction().execute(async (trx) => {
        await repo.insertToken(trx, row)
        await audit.record(trx, me, {
          action: 'api_token.created',
          entityType: 'api_token',
          entityId: row.id,
          after: { name, prefix: row.prefix },
        })
      })
      return {
        id: row.id,
        name,
        prefix: row.prefix,
        createdAt: row.created_at,
        lastUsedAt: null,
        revokedAt: null,
        token,
      }
    },

    async revokeToken(actor: Actor | undefined, id: string): Promise<void> {
      const me = requirePerson(actor)
      await db.transaction().execute(async (trx) => {
        if ((await repo.revokeToken(trx, me.userId, id, now())) === 0) {
          throw notFound('api_token', id)
        }
        await audit.record(trx, me, { action: 'api_token.revoked', entityType: 'api_token', entityId: id })
      })
    },

    async listSessions(actor: Actor | undefined, currentSessionId: string | undefined) {
      const me = requirePerson(actor)
      return (await repo.listLiveSessions(db, me.userId, now())).map((s) => ({
        id: s.id.slice(0, 16),
        createdAt: s.created_at,
        lastSeenAt: s.last_seen_at,
        ip: s.ip,
        userAgent: s.user_agent,
        current: s.id === currentSessionId,
      }))
    },

    /** Sessions are shown by a prefix of their id (the full id is the cookie's hash and stays server-side). */
    async revokeSession(actor: Actor | undefined, idPrefix: string): Promise<void> {
      const me = requirePerson(actor)
      const live = await repo.listLiveSessions(db, me.userId, now())
      const match = live.find((s) => s.id.slice(0, 16) === idPrefix)
      if (!match) {
        throw notFound('session', idPrefix)
      }
      await db.transaction().execute(async (trx) => {
        await repo.revokeSession(trx, me.userId, match.id, now())
        await audit.record(trx, me, { action: 'session.revoked', entityType: 'session', entityId: null })
      })
    },
  }
}
export type UserService = ReturnType<typeof createUserService>
