import { z } from 'zod'
import type { Db, Executor } from '../../db/database.js'
import { type Actor, assertStaff } from '../../platform/access.js'
import type { Audit } from '../../platform/audit.js'
import { notFound } from '../../platform/errors.js'
import { type BusinessCalendar, CalendarSpec, compileCalendar, defaultCalendars } from './calendar.js'
import { type ClockEvent, computeSla, defaultPolicy, SlaPolicy, type SlaResult } from './clock.js'
import { DEFAULT_MATRIX, DEFAULT_SEVERITY_MAP, PriorityRules } from './priority.js'

/** How the desk behaves around the clocks; stored beside the policy. */
export const DeskRules = z.object({
  /** A customer's reply reopens a resolved or closed ticket within this many days; later it starts a new one. */
  reopenDays: z.number().int().min(0).max(365).default(14),
})
export type DeskRules = z.infer<typeof DeskRules>

export const Calendars = z
  .record(z.string().regex(/^[a-z0-9][a-z0-9-]{0,49}$/, 'lower-case letters, digits and dashes'), CalendarSpec)
  .refine((c) => c['24x7'] !== undefined && c.business !== undefined, 'the calendars business and 24x7 must exist')
export type Calendars = z.infer<typeof Calendars>

export const SlaConfig = z.object({
  calendars: Calendars,
  policy: SlaPolicy,
  priorityRules: PriorityRules,
  desk: DeskRules,
})
export type SlaConfig = z.infer<typeof SlaConfig>

export interface Compiled {
  config: SlaConfig
  calendars: Record<string, BusinessCalendar>
}

export interface SlaDeps {
  db: Db
  audit: Audit
  now: () => number
}

const KEYS = ['calendars', 'policy', 'priorityRules', 'desk'] as const

function defaults(): SlaConfig {
  return {
    calendars: defaultCalendars(),
    policy: defaultPolicy(),
    priorityRules: { matrix: DEFAULT_MATRIX, severity: DEFAULT_SEVERITY_MAP },
    desk: DeskRules.parse({}),
  }
}

/** A policy must only name calendars that exist: checked when either changes. */
function checkCalendarsExist(policy: SlaPolicy, calendars: Calendars): void {
  for (const [priority, p] of Object.entries(policy.priorities)) {
    for (const [clock, target] of Object.entries(p)) {
      if (target && !(target.calendar in calendars)) {
        throw new z.ZodError([
          {
            code: 'custom',
            path: ['policy', 'priorities', priority, clock, 'calendar'],
            message: `unknown calendar ${target.calendar}`,
            input: target.calendar,
          },
        ])
      }
    }
  }
}

export function createSlaService({ db, audit, now }: SlaDeps) {
  // Read on every ticket change; changed rarely. Compiled calendars keep their precomputed days between reads.
  // Another instance's change shows up after CACHE_MS.
  const CACHE_MS = 10_000
  let cached: { at: number; value: Compiled } | undefined
  const customerPolicies = new Map<string, { at: number; policy: SlaPolicy | null }>()

  async function load(ex: Executor = db): Promise<Compiled> {
    if (cached && now() - cached.at < CACHE_MS) {
      return cached.value
    }
    const rows = await ex.selectFrom('sla_config').select(['key', 'value']).execute()
    const stored = Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value) as unknown]))
    const base = defaults()
    const config = SlaConfig.parse({ ...base, ...stored })
    const calendars = Object.fromEntries(
      Object.entries(config.calendars).map(([k, spec]) => [k, compileCalendar(spec)]),
    )
    cached = { at: now(), value: { config, calendars } }
    return cached.value
  }

  async function policyOf(ex: Executor, customerId: string): Promise<SlaPolicy> {
    const { config } = await load(ex)
    const hit = customerPolicies.get(customerId)
    if (hit && now() - hit.at < CACHE_MS) {
      return hit.policy ?? config.policy
    }
    const row = await ex
      .selectFrom('sla_customer_policies')
      .select('policy')
      .where('customer_id', '=', customerId)
      .executeTakeFirst()
    const policy = row ? SlaPolicy.parse(JSON.parse(row.policy)) : null
    customerPolicies.set(customerId, { at: now(), policy })
    return policy ?? config.policy
  }

  return {
    load,
    policyOf,

    /** The clocks of one ticket from its history. Pure apart from reading the (cached) configuration. */
    async compute(
      ex: Executor,
      customerId: string,
      events: ClockEvent[],
      at: number,
      options: { explain?: boolean } = {},
    ): Promise<SlaResult> {
      const { calendars } = await load(ex)
      const policy = await policyOf(ex, customerId)
      return computeSla({ events, now: at, policy, calendars }, options)
    },

    async getConfig(actor: Actor): Promise<SlaConfig> {
      assertStaff(actor)
      return (await load()).config
    },

    async updateConfig(actor: Actor, patch: Partial<SlaConfig>): Promise<SlaConfig> {
      assertStaff(actor, ['admin'])
      const before = (await load()).config
      const after = SlaConfig.parse({ ...before, ...patch })
      checkCalendarsExist(after.policy, after.calendars)
      await db.transaction().execute(async (trx) => {
        for (const key of KEYS) {
          if (patch[key] === undefined) {
            continue
          }
          const value = JSON.stringify(after[key])
          const at = now()
          const updated = await trx
            .updateTable('sla_config')
            .set({ value, updated_at: at })
            .where('key', '=', key)
            .executeTakeFirst()
          if (Number(updated.numUpdatedRows) === 0) {
            await trx.insertInto('sla_config').values({ key, value, updated_at: at }).execute()
          }
        }
        await audit.record(trx, actor, { action: 'sla.config_updated', entityType: 'sla', before, after })
      })
      cached = undefined
      customerPolicies.clear()
      return (await load()).config
    },

    async getCustomerPolicy(actor: Actor, customerId: string): Promise<{ custom: boolean; policy: SlaPolicy }> {
      assertStaff(actor)
      const row = await db
        .selectFrom('sla_customer_policies')
        .select('policy')
        .where('customer_id', '=', customerId)
        .executeTakeFirst()
      return row
        ? { custom: true, policy: SlaPolicy.parse(JSON.parse(row.policy)) }
        : { custom: false, policy: (await load()).config.policy }
    },

    /**
     * The customers' own policies, in one query (all customers that have one, or only the given ones): for the
     * contracts module, which keeps them in step with the contract that applies each day.
     */
    async customerPolicies(customerIds?: readonly string[]): Promise<Map<string, SlaPolicy>> {
      if (customerIds?.length === 0) {
        return new Map()
      }
      const rows = await db.selectFrom('sla_customer_policies').select(['customer_id', 'policy']).execute()
      const wanted = customerIds && new Set(customerIds)
      return new Map(
        rows
          .filter((r) => !wanted || wanted.has(r.customer_id))
          .map((r) => [r.customer_id, SlaPolicy.parse(JSON.parse(r.policy))]),
      )
    },

    /** A customer's own policy (until contracts carry one); null removes it, and the default applies again. */
    async setCustomerPolicy(
      actor: Actor,
      customerId: string,
      policy: SlaPolicy | null,
    ): Promise<{ custom: boolean; policy: SlaPolicy }> {
      assertStaff(actor, ['admin'])
      const { config } = await load()
      if (policy) {
        checkCalendarsExist(policy, config.calendars)
      }
      await db.transaction().execute(async (trx) => {
        const customer = await trx.selectFrom('customers').select('id').where('id', '=', customerId).executeTakeFirst()
        if (!customer) {
          throw notFound('customer', customerId)
        }
        const before = await trx
          .selectFrom('sla_customer_policies')
          .select('policy')
          .where('customer_id', '=', customerId)
          .executeTakeFirst()
        await trx.deleteFrom('sla_customer_policies').where('customer_id', '=', customerId).execute()
        if (policy) {
          await trx
            .insertInto('sla_customer_policies')
            .values({ customer_id: customerId, policy: JSON.stringify(policy), updated_at: now() })
            .execute()
        }
        await audit.record(trx, actor, {
          action: 'sla.customer_policy_set',
          entityType: 'customer',
          entityId: customerId,
          customerId,
          before: before ? { policy: JSON.parse(before.policy) as object } : { policy: null },
          after: { policy },
        })
      })
      customerPolicies.delete(customerId)
      return policy ? { custom: true, policy } : { custom: false, policy: config.policy }
    },
  }
}

export type SlaService = ReturnType<typeof createSlaService>
