import type { Selectable } from 'kysely'
import type { UsersTable } from '../../db/types.js'
import type { User } from './schema.js'
import { type Executor, precompiled } from '../../db/database.js'
import { containsLike } from '../../db/dialect.js'

export type UserRow = Selectable<UsersTable>

export function toUser(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    customerId: row.customer_id,
    contactId: row.contact_id,
    locale: row.locale,
    active: row.active === 1,
    totpEnabled: row.totp_enabled_at !== null,
    hasPassword: row.password_hash !== null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    lastLoginAt: row.last_login_at,
    workHours: workHoursOf(row.work_hours),
  }
}

/** The working hours as the API shows them, from the calendar spec stored on the user. */
function workHoursOf(json: string | null): User['workHours'] {
  if (!json) {
    return null
  }
  const spec = JSON.parse(json) as { timeZone: string; hours: { day: number; from: string; to: string }[] }
  return { timeZone: spec.timeZone, hours: spec.hours }
}

export async function findById(db: Executor, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function findByEmail(db: Executor, email: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst()
}

export async function countAll(db: Executor): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

export async function insert(db: Executor, row: UserRow): Promise<void> {
  await db.insertInto('users').values(row).execute()
}

export async function update(db: Executor, id: string, set: Partial<UserRow>): Promise<void> {
  await db.updateTable('users').set(set).where('id', '=', id).execute()
}

export async function list(
  db: Executor,
  opts: { kind: 'staff' | 'contact' | 'all'; q?: string; after?: [string, string]; limit: number },
): Promise<UserRow[]> {
  let query = db.selectFrom('users').selectAll()
  if (opts.kind === 'staff') {
    query = query.where('role', '!=', 'contact')
  } else if (opts.kind === 'contact') {
    query = query.where('role', '=', 'contact')
  }
  if (opts.q) {
    const q = opts.q
    query = query.where((eb) =>
      eb.or([containsLike(eb.ref('email'), q), containsLike(eb.fn<string>('lower', ['name']), q)]),
    )
  }
  if (opts.after) {
    const [email, id] = opts.after
    query = query.where((eb) => eb.or([eb('email', '>', email), eb.and([eb('email', '=', email), eb('id', '>', id)])]))
  }
  return query.orderBy('email').orderBy('id').limit(opts.limit).execute()
}

// Sessions ---------------------------------------------------------------------------------------

export interface SessionWithUser {
  sessionId: string
  csrfToken: string
  createdAt: number
  expiresAt: number
  lastSeenAt: number
  user: UserRow
}

const liveSession = precompiled((db, id: string, now: number) =>
  db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .selectAll('u')
    .select([
      's.id as session_id',
      's.csrf_token',
      's.created_at as session_created_at',
      's.expires_at',
      's.last_seen_at',
    ])
    .where('s.id', '=', id)
    .where('s.revoked_at', 'is', null)
    .where('s.expires_at', '>', now)
    .where('u.active', '=', 1),
)

/** The hot path of every request: one indexed join, compiled once. */
export async function findLiveSession(db: Executor, id: string, now: number): Promise<SessionWithUser | undefined> {
  const [row] = await liveSession(db, id, now)
  if (!row) {
    return undefined
  }
  const { session_id, csrf_token, session_created_at, expires_at, last_seen_at, ...user } = row
  return {
    sessionId: session_id,
    csrfToken: csrf_token,
    createdAt: session_created_at,
    expiresAt: expires_at,
    lastSeenAt: last_seen_at,
    user,
  }
}

export async function insertSession(
  db: Executor,
  row: {
    id: string
    user_id: string
    csrf_token: string
    created_at: number
    expires_at: number
    ip: string | null
    user_agent: string | null
  },
): Promise<void> {
  await db
    .insertInto('sessions')
    .values({ ...row, last_seen_at: row.created_at, revoked_at: null })
    .execute()
}

export async function touchSession(db: Executor, id: string, at: number, expiresAt: number): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: at, expires_at: expiresAt }).where('id', '=', id).execute()
}

export async function revokeSession(db: Executor, userId: string, id: string, at: number): Promise<number> {
  const r = await db
    .updateTable('sessions')
    .set({ revoked_at: at })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst()
  return Number(r.numUpdatedRows)
}

export async function revokeSessionsOfUser(db: Executor, userId: string, at: number, exceptId?: string): Promise<void> {
  let q = db
    .updateTable('sessions')
    .set({ revoked_at: at })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
  if (exceptId) {
    q = q.where('id', '!=', exceptId)
  }
  await q.execute()
}

export async function listLiveSessions(db: Executor, userId: string, now: number) {
  return db
    .selectFrom('sessions')
    .select(['id', 'created_at', 'last_seen_at', 'ip', 'user_agent'])
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('last_seen_at', 'desc')
    .execute()
}

// API tokens -------------------------------------------------------------------------------------

export async function findLiveToken(db: Executor, tokenHash: string) {
  const row = await db
    .selectFrom('api_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .selectAll('u')
    .select(['t.id as token_id', 't.last_used_at as token_last_used_at'])
    .where('t.token_hash', '=', tokenHash)
    .where('t.revoked_at', 'is', null)
    .where('u.active', '=', 1)
    .executeTakeFirst()
  if (!row) {
    return undefined
  }
  const { token_id, token_last_used_at, ...user } = row
  return { tokenId: token_id, lastUsedAt: token_last_used_at, user }
}

export async function touchToken(db: Executor, id: string, at: number): Promise<void> {
  await db.updateTable('api_tokens').set({ last_used_at: at }).where('id', '=', id).execute()
}

export async function insertToken(
  db: Executor,
  row: { id: string; user_id: string; name: string; token_hash: string; prefix: string; created_at: number },
): Promise<void> {
  await db
    .insertInto('api_tokens')
    .values({ ...row, last_used_at: null, revoked_at: null })
    .execute()
}

export async function listTokens(db: Executor, userId: string) {
  return db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'prefix', 'created_at', 'last_used_at', 'revoked_at'])
    .where('user_id', '=', userId)
    .orderBy('id', 'desc')
    .execute()
}

export async function revokeToken(db: Executor, userId: string, id: string, at: number): Promise<number> {
  const r = await db
    .updateTable('api_tokens')
    .set({ revoked_at: at })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst()
  return Number(r.numUpdatedRows)
}

export async function revokeTokensOfUser(db: Executor, userId: string, at: number): Promise<void> {
  await db
    .updateTable('api_tokens')
    .set({ revoked_at: at })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .execute()
}

// One-time tokens (setup and invitation links) ----------------------------------------------------

export async function insertOneTimeToken(
  db: Executor,
  row: {
    id: string
    purpose: 'setup' | 'invite'
    token_hash: string
    user_id: string | null
    contact_id: string | null
    created_at: number
    expires_at: number
  },
): Promise<void> {
  await db
    .insertInto('one_time_tokens')
    .values({ ...row, used_at: null })
    .execute()
}

export async function findOneTimeToken(db: Executor, purpose: 'setup' | 'invite', tokenHash: string, now: number) {
  return db
    .selectFrom('one_time_tokens')
    .selectAll()
    .where('purpose', '=', purpose)
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst()
}

/** Marks a token used; returns false when someone else used it first. */
export async function useOneTimeToken(db: Executor, id: string, at: number): Promise<boolean> {
  const r = await db
    .updateTable('one_time_tokens')
    .set({ used_at: at })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}

export async function expireOneTimeTokens(
  db: Executor,
  purpose: 'setup' | 'invite',
  userId: string | null,
  at: number,
): Promise<void> {
  let q = db
    .updateTable('one_time_tokens')
    .set({ used_at: at })
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
  if (userId) {
    q = q.where('user_id', '=', userId)
  }
  await q.execute()
}
