import { SingleBar, Presets } from 'cli-progress'
import { buildApp } from '../app.js'
import type { Config } from '../platform/config.js'
import { hashPassword } from '../platform/auth/passwords.js'
import { uuidv7 } from '../platform/ids.js'
import { BRANDS, CITIES, FIRST_NAMES, LAST_NAMES, STREETS, TRADES } from './data.js'

/** mulberry32: a small seeded PRNG, so that a demo of the same size and seed is the same every time. */
export function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export const DEMO_PASSWORD = 'demo-wachtwoord'
const BATCH = 250

const slug = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')

/** Fills the database with a demo MSP: staff, and `customers` customers each with a key contact and others. */
export async function runDemo(config: Config, opts: { customers: number; seed: number }): Promise<void> {
  const sladesk = await buildApp({ ...config, logLevel: 'warn' })
  const { db } = sladesk.database
  const rnd = prng(opts.seed)
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T
  const start = Date.UTC(2026, 0, 5, 8, 0, 0)
  const system = { kind: 'system' as const, label: 'demo' }
  try {
    const passwordHash = await hashPassword(DEMO_PASSWORD)
    if (await sladesk.services.auth.setupNeeded()) {
      await db.transaction().execute(async (trx) => {
        await sladesk.services.settings.initialise(trx, {
          name: 'Voorbeeld IT Beheer B.V.',
          address: 'Stationsweg 1',
          postalCode: '3811 AA',
          city: 'Amersfoort',
          country: 'NL',
          vatNumber: 'NL001234567B01',
          email: 'servicedesk@voorbeeld-it.nl',
          phone: '+31 33 123 4567',
          logo: null,
          defaultLocale: 'nl',
          timeZone: 'Europe/Amsterdam',
        })
        const staff: Array<[string, string, 'admin' | 'technician' | 'billing']> = [
          ['beheer@voorbeeld-it.nl', 'Petra Beheer', 'admin'],
          ['jan@voorbeeld-it.nl', 'Jan Monteur', 'technician'],
          ['sara@voorbeeld-it.nl', 'Sara Techniek', 'technician'],
          ['financien@voorbeeld-it.nl', 'Frank Financiën', 'billing'],
        ]
        for (const [email, name, role] of staff) {
          await trx
            .insertInto('users')
            .values({
              id: uuidv7(),
              email,
              name,
              password_hash: passwordHash,
              role,
              customer_id: null,
              contact_id: null,
              locale: 'nl',
              totp_secret: null,
              totp_enabled_at: null,
              totp_last_step: null,
              active: 1,
              created_at: start,
              updated_at: start,
              last_login_at: null,
              work_hours: null,
              team_id: null,
            })
            .execute()
        }
        await sladesk.services.audit.record(trx, system, {
          action: 'demo.created',
          entityType: 'settings',
          after: { staff: staff.length },
        })
      })
      console.log(
        `Staff accounts (password "${DEMO_PASSWORD}"): beheer@voorbeeld-it.nl (admin), jan@ and sara@ (technician), financien@ (billing)`,
      )
    } else {
      console.log('This database already has users; adding demo customers only.')
    }

    const bar = new SingleBar(
      { format: 'Demo customers [{bar}] {percentage}% | {value}/{total}', hideCursor: true },
      Presets.shades_classic,
    )
    bar.start(opts.customers, 0)
    let firstPortalEmail: string | undefined
    // Trade × brand gives 360 names; a small demo draws them without repeats, a large one numbers them.
    const usedNames = new Set<string>()
    const uniqueName = (index: number): string => {
      for (let attempt = 0; attempt < 20; attempt++) {
        const name = `${pick(TRADES)} ${pick(BRANDS)}`
        if (!usedNames.has(name)) {
          usedNames.add(name)
          return name
        }
      }
      return `${pick(TRADES)} ${pick(BRANDS)} ${index + 1}`
    }
    for (let done = 0; done < opts.customers; done += BATCH) {
      const n = Math.min(BATCH, opts.customers - done)
      await db.transaction().execute(async (trx) => {
        for (let i = 0; i < n; i++) {
          const index = done + i
          const [city, postal] = pick(CITIES)
          const name = uniqueName(index)
          const domain = `${slug(name)}.nl`
          const at = start + index * 60_000
          const customerId = uuidv7()
          await trx
            .insertInto('customers')
            .values({
              id: customerId,
              name,
              name_key: name.toLowerCase(),
              email: `info@${domain}`,
              phone: `+31 ${10 + Math.floor(rnd() * 89)} ${100 + Math.floor(rnd() * 899)} ${1000 + Math.floor(rnd() * 8999)}`,
              address: `${pick(STREETS)} ${1 + Math.floor(rnd() * 200)}`,
              postal_code: `${postal} ${String.fromCharCode(65 + Math.floor(rnd() * 26))}${String.fromCharCode(65 + Math.floor(rnd() * 26))}`,
              city,
              country: 'NL',
              vat_number: `NL${String(100_000_000 + index).padStart(9, '0')}B01`,
              notes: null,
              created_at: at,
              updated_at: at,
              archived_at: null,
            })
            .execute()
          const contacts = 2 + Math.floor(rnd() * 4)
          const used = new Set<string>()
          for (let c = 0; c < contacts; c++) {
            const first = pick(FIRST_NAMES)
            const last = pick(LAST_NAMES)
            let local = slug(`${first}.${last}`).replace(/-/g, '.')
            while (used.has(local)) {
              local += 'x'
            }
            used.add(local)
            const email = `${local}@${domain}`
            const contactId = uuidv7()
            let userId: string | null = null
            // The key contact of the first customer gets a portal account, to try the portal with.
            if (
              index === 0 &&
              c === 0 &&
              !(await trx.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst())
            ) {
              userId = uuidv7()
              firstPortalEmail = email
              await trx
                .insertInto('users')
                .values({
                  id: userId,
                  email,
                  name: `${first} ${last}`,
                  password_hash: passwordHash,
                  role: 'contact',
                  customer_id: customerId,
                  contact_id: contactId,
                  locale: 'nl',
                  totp_secret: null,
                  totp_enabled_at: null,
                  totp_last_step: null,
                  active: 1,
                  created_at: at,
                  updated_at: at,
                  last_login_at: null,
                  work_hours: null,
                  team_id: null,
                })
                .execute()
            }
            await trx
              .insertInto('contacts')
              .values({
                id: contactId,
                customer_id: customerId,
                name: `${first} ${last}`,
                email,
                phone: `+31 6 ${10_000_000 + Math.floor(rnd() * 89_999_999)}`,
                is_key_contact: c === 0 ? 1 : 0,
                user_id: userId,
                invited_at: userId ? at : null,
                created_at: at,
                updated_at: at,
                archived_at: null,
              })
              .execute()
          }
        }
        await sladesk.services.audit.record(trx, system, {
          action: 'demo.customers_created',
          entityType: 'customer',
          after: { count: n },
        })
      })
      bar.update(done + n)
    }
    bar.stop()
    if (firstPortalEmail) {
      console.log(
        `Portal account of the first customer's key contact: ${firstPortalEmail} (password "${DEMO_PASSWORD}")`,
      )
    }
  } finally {
    await sladesk.close()
  }
}
