import type { Db, Executor } from '../../db/database.js'
import { type Actor, assertStaff } from '../../platform/access.js'
import { conflict } from '../../platform/errors.js'
import type { Audit } from '../../platform/audit.js'
import * as repo from './repo.js'
import { Billing, Company, Security, type Settings, type SettingsPatch } from './schema.js'

const DEFAULT_COMPANY: Company = Company.parse({ name: 'sladesk' })

export interface SettingsDeps {
  db: Db
  audit: Audit
  now: () => number
  /** Whether a user has two-factor sign-in on (the users module answers; settings has no user tables). */
  hasTotp: (userId: string) => Promise<boolean>
}

export function createSettingsService({ db, audit, now, hasTotp }: SettingsDeps) {
  // Read on every sign-in and every mail; changed rarely. The cache is per process and refreshed on write here;
  // another instance's write shows up after CACHE_MS.
  const CACHE_MS = 10_000
  let cached: { at: number; value: Settings } | undefined

  /** Pass the open transaction when there is one: on SQLite a query outside it would wait for it forever. */
  async function load(ex: Executor = db): Promise<Settings> {
    if (cached && now() - cached.at < CACHE_MS) {
      return cached.value
    }
    const company = await repo.get(ex, 'company')
    const security = await repo.get(ex, 'security')
    // Rows written before billing existed have none: the defaults (21 % VAT, EUR) apply.
    const billing = await repo.get(ex, 'billing')
    const value: Settings = {
      company: company === undefined ? DEFAULT_COMPANY : Company.parse(company),
      security: Security.parse(security ?? {}),
      billing: Billing.parse(billing ?? {}),
    }
    cached = { at: now(), value }
    return value
  }

  return {
    load,
    async get(actor: Actor): Promise<Settings> {
      assertStaff(actor, ['admin'])
      return load()
    },
    async update(actor: Actor, patch: SettingsPatch): Promise<Settings> {
      assertStaff(actor, ['admin'])
      const before = await load()
      // Making 2FA mandatory without having it would lock the admin out of everything but enrolment.
      if (
        patch.security?.requireStaffTotp &&
        !before.security.requireStaffTotp &&
        actor.kind === 'staff' &&
        !(await hasTotp(actor.userId))
      ) {
        throw conflict(
          'totp_required_first',
          'Set up two-factor sign-in for yourself before making it mandatory for staff',
        )
      }
      const after: Settings = {
        company: Company.parse({ ...before.company, ...patch.company }),
        security: Security.parse({ ...before.security, ...patch.security }),
        billing: Billing.parse({ ...before.billing, ...patch.billing }),
      }
      await db.transaction().execute(async (trx) => {
        await repo.put(trx, 'company', after.company, now())
        await repo.put(trx, 'security', after.security, now())
        await repo.put(trx, 'billing', after.billing, now())
        // The logo is a large data URL: record that it changed, not its bytes.
        const strip = (s: Settings) => ({
          ...s.company,
          logo: s.company.logo ? `${s.company.logo.length} bytes` : null,
          ...s.security,
          ...s.billing,
        })
        await audit.record(trx, actor, {
          action: 'settings.updated',
          entityType: 'settings',
          before: strip(before),
          after: strip(after),
        })
      })
      cached = undefined
      return load()
    },
    /** Used once, by the first-run setup, inside its transaction. */
    async initialise(trx: Parameters<typeof repo.put>[0], company: Company): Promise<void> {
      await repo.put(trx, 'company', company, now())
      await repo.put(trx, 'security', Security.parse({}), now())
      cached = undefined
    },
  }
}
export type SettingsService = ReturnType<typeof createSettingsService>
