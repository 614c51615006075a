import type { Db } from '../../db/database.js'
import { type Actor, assertStaff } from '../../platform/access.js'
import type { Audit } from '../../platform/audit.js'
import { badRequest, conflict, notFound } from '../../platform/errors.js'
import { uuidv7 } from '../../platform/ids.js'
import type { UserService } from '../users/service.js'
import type { Shift, ShiftCreate, Team, TeamCreate, TeamPatch } from './schema.js'

export interface DeskDeps {
  db: Db
  audit: Audit
  users: UserService
  now: () => number
}

/** Teams (with a lead, the second step of an escalation) and the on-call rota (the third, for calamities). */
export function createDeskService({ db, audit, users, now }: DeskDeps) {
  async function staffMember(id: string, path: string): Promise<void> {
    const user = await users.findRow(db, id)
    if (!user || user.role === 'contact' || user.active !== 1) {
      throw badRequest('invalid_user', `${path}: no active staff user ${id}`, {
        errors: [{ path, message: 'not an active staff user' }],
      })
    }
  }

  async function listTeams(): Promise<Team[]> {
    const rows = await db
      .selectFrom('teams as t')
      .leftJoin('users as u', 'u.id', 't.lead_id')
      .select(['t.id', 't.name', 't.lead_id', 'u.name as lead_name', 't.created_at'])
      .orderBy('t.name')
      .execute()
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      leadId: r.lead_id,
      leadName: r.lead_name,
      createdAt: r.created_at,
    }))
  }

  return {
    async listTeams(actor: Actor): Promise<Team[]> {
      assertStaff(actor)
      return listTeams()
    },

    async createTeam(actor: Actor, input: TeamCreate): Promise<Team> {
      assertStaff(actor, ['admin'])
      if (input.leadId) {
        await staffMember(input.leadId, 'leadId')
      }
      const id = uuidv7()
      const at = now()
      await db.transaction().execute(async (trx) => {
        if (await trx.selectFrom('teams').select('id').where('name', '=', input.name).executeTakeFirst()) {
          throw conflict('team_name_taken', `There is a team ${input.name} already`, {
            errors: [{ path: 'name', message: 'taken' }],
          })
        }
        await trx
          .insertInto('teams')
          .values({ id, name: input.name, lead_id: input.leadId ?? null, created_at: at, updated_at: at })
          .execute()
        await audit.record(trx, actor, { action: 'team.created', entityType: 'team', entityId: id, after: input })
      })
      return (await listTeams()).find((t) => t.id === id)!
    },

    async updateTeam(actor: Actor, id: string, patch: TeamPatch): Promise<Team> {
      assertStaff(actor, ['admin'])
      const before = (await listTeams()).find((t) => t.id === id)
      if (!before) {
        throw notFound('team', id)
      }
      if (patch.leadId) {
        await staffMember(patch.leadId, 'leadId')
      }
      await db.transaction().execute(async (trx) => {
        if (
          patch.name !== undefined &&
          (await trx
            .selectFrom('teams')
            .select('id')
            .where('name', '=', patch.name)
            .where('id', '!=', id)
            .executeTakeFirst())
        ) {
          throw conflict('team_name_taken', `There is a team ${patch.name} already`, {
            errors: [{ path: 'name', message: 'taken' }],
          })
        }
        await trx
          .updateTable('teams')
          .set({
            ...(patch.name !== undefined && { name: patch.name }),
            ...(patch.leadId !== undefined && { lead_id: patch.leadId }),
            updated_at: now(),
          })
          .where('id', '=', id)
          .execute()
        await audit.record(trx, actor, {
          action: 'team.updated',
          entityType: 'team',
          entityId: id,
          before,
          after: patch,
        })
      })
      return (await listTeams()).find((t) => t.id === id)!
    },

    async listShifts(actor: Actor, q: { from?: number; to?: number }): Promise<Shift[]> {
      assertStaff(actor)
      const from = q.from ?? now() - 7 * 86_400_000
      const to = q.to ?? now() + 60 * 86_400_000
      const rows = await db
        .selectFrom('oncall_shifts as s')
        .innerJoin('users as u', 'u.id', 's.user_id')
        .select(['s.id', 's.user_id', 'u.name', 's.starts_at', 's.ends_at'])
        .where('s.ends_at', '>', from)
        .where('s.starts_at', '<', to)
        .orderBy('s.starts_at')
        .execute()
      return rows.map((r) => ({
        id: r.id,
        userId: r.user_id,
        userName: r.name,
        startsAt: r.starts_at,
        endsAt: r.ends_at,
      }))
    },

    async addShift(actor: Actor, input: ShiftCreate): Promise<Shift> {
      assertStaff(actor, ['admin'])
      await staffMember(input.userId, 'userId')
      const id = uuidv7()
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('oncall_shifts')
          .values({ id, user_id: input.userId, starts_at: input.startsAt, ends_at: input.endsAt, created_at: now() })
          .execute()
        await audit.record(trx, actor, { action: 'oncall.added', entityType: 'oncall', entityId: id, after: input })
      })
      const user = await users.findRow(db, input.userId)
      return { id, userId: input.userId, userName: user?.name ?? '', startsAt: input.startsAt, endsAt: input.endsAt }
    },

    async removeShift(actor: Actor, id: string): Promise<void> {
      assertStaff(actor, ['admin'])
      await db.transaction().execute(async (trx) => {
        const before = await trx.selectFrom('oncall_shifts').selectAll().where('id', '=', id).executeTakeFirst()
        if (!before) {
          throw notFound('shift', id)
        }
        await trx.deleteFrom('oncall_shifts').where('id', '=', id).execute()
        await audit.record(trx, actor, { action: 'oncall.removed', entityType: 'oncall', entityId: id, before })
      })
    },
  }
}

export type DeskService = ReturnType<typeof createDeskService>
