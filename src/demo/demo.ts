import { randomBytes } from 'node:crypto'
import { SingleBar, Presets } from 'cli-progress'
import { CompiledQuery, sql } from 'kysely'
import { DateTime } from 'luxon'
import { buildApp, type Sladesk } from '../app.js'
import type { DialectName, Executor } from '../db/database.js'
import type { DB } from '../db/types.js'
import type { Config } from '../platform/config.js'
import { hashPassword } from '../platform/auth/passwords.js'
import { v7 as uuidv7At } from 'uuid'
import { uuidv7 } from '../platform/ids.js'
import { AssetInput } from '../modules/assets/schema.js'
import { ContractCreate, PlanCreate } from '../modules/contracts/schema.js'
import type { BusinessCalendar } from '../modules/sla/calendar.js'
import { type ClockEvent, computeSla, defaultPolicy, type TicketStatus } from '../modules/sla/clock.js'
import { type Impact, priorityOf, type Severity, type TicketType, type Urgency } from '../modules/sla/priority.js'
import type { ArticleRow, EventRow, TicketRow } from '../modules/tickets/repo.js'
import { nearestDue, slaView, toClockEvent } from '../modules/tickets/service.js'
import { dayOf, plusDays } from '../modules/monitoring/daily.js'
import { addDocs } from './docs.js'
import { addMonitoring, MONITORING_NIGHTS, type MonitoringPlan, planMonitoring, UNREVIEWED_DAYS } from './monitoring.js'
import {
  ALERTS,
  APPS,
  BRANDS,
  BUGS,
  CALAMITIES,
  CITIES,
  CLOSINGS,
  CUSTOMER_REPLIES,
  FIRST_NAMES,
  FIRST_REPLIES,
  INCIDENTS,
  LAST_NAMES,
  MAINTENANCE,
  OPENINGS,
  PLACES,
  QUESTION_REPLIES,
  QUESTIONS,
  RESOLUTIONS,
  SERVERS,
  SERVICE_REQUESTS,
  STREETS,
  type TicketTemplate,
  TRADES,
  UPDATE_REPLIES,
} from './data.js'

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

/**
 * Fills the database with a demo MSP: staff, `customers` customers each with a key contact and others, and `tickets`
 * tickets of theirs (default TICKETS_PER_CUSTOMER per customer) over the months before `now`; and for most
 * customers the backup and UPS reports of the MONITORING_NIGHTS nights before `now`, with the checks, tickets and
 * reviews they led to. `now` (default DEMO_NOW) is the demo's present: everything lies before it, as long before it
 * as before DEMO_NOW; the same seed and `now` give the same demo.
 */
export async function runDemo(
  config: Config,
  opts: { customers: number; seed: number; tickets?: number; now?: number },
): Promise<void> {
  const now = opts.now ?? DEMO_NOW
  // The real time, except while the monitoring history is replayed: then the moment each thing happened.
  let replayAt: number | null = null
  const sladesk = await buildApp({ ...config, logLevel: 'warn' }, { now: () => replayAt ?? Date.now() })
  const { db } = sladesk.database
  const rnd = prng(opts.seed)
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T
  const start = now - (DEMO_NOW - DEMO_START)
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
      console.log('This database already has users; adding demo customers and their tickets only.')
    }

    // Customers take turns between the technicians, so that "my customers" means something.
    const technicians = await db
      .selectFrom('users')
      .select('id')
      .where('role', '=', 'technician')
      .where('active', '=', 1)
      .orderBy('email')
      .execute()
    const bar = new SingleBar(
      { format: 'Demo customers [{bar}] {percentage}% | {value}/{total}', hideCursor: true },
      Presets.shades_classic,
    )
    bar.start(opts.customers, 0)
    let firstPortalEmail: string | undefined
    const made: DemoCustomer[] = []
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
          const technicianId = technicians[index % Math.max(technicians.length, 1)]?.id ?? null
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
              technician_id: technicianId,
              created_at: at,
              updated_at: at,
              archived_at: null,
            })
            .execute()
          const contacts = 2 + Math.floor(rnd() * 4)
          const used = new Set<string>()
          const customer: DemoCustomer = { id: customerId, createdAt: at, technicianId, contacts: [] }
          made.push(customer)
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
            customer.contacts.push({ id: contactId, name: `${first} ${last}`, firstName: first, email, userId })
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
    // A stream of its own: the customers, their offices and tickets stay the same as without monitoring.
    const monitoringRnd = prng(opts.seed ^ 0x51f0c3a7)
    const plans = planMonitoring(made.length, monitoringRnd)
    await addInfrastructure(sladesk, made, opts.seed, plans, now)
    await addTickets(sladesk, made, opts.tickets ?? TICKETS_PER_CUSTOMER * opts.customers, opts.seed, now)
    const monitored = await addMonitoring(sladesk, made, plans, now, monitoringRnd, (at) => {
      replayAt = at
    })
    console.log(
      `Monitoring: ${monitored.reports} backup and UPS reports of ${monitored.jobs} jobs of ${monitored.customers} customers, nights ${monitored.from} to ${monitored.to}; the last ${UNREVIEWED_DAYS} days not yet reviewed`,
    )
    const documents = await addDocs(sladesk, made[0]?.id, now)
    if (documents > 0) {
      console.log(`Documentation: ${documents} documents at /docs (one a runbook of the first customer, one a draft)`)
    }
  } finally {
    await sladesk.close()
  }
}

// Infrastructure and contracts ------------------------------------------------------------------------

const PLAN_SERVICES = {
  Basis: { backupChecks: true, upsChecks: true, preventiveMaintenancePerYear: 4, onsiteVisitsPerYear: 1 },
  Plus: { backupChecks: true, upsChecks: true, preventiveMaintenancePerYear: 4, onsiteVisitsPerYear: 2 },
  Premium: { backupChecks: true, upsChecks: true, preventiveMaintenancePerYear: 4, onsiteVisitsPerYear: 4 },
} as const
const PLAN_PRICES = {
  Basis: { base: 9_500, server: 6_500, workstation: 1_750, network: 750, ups: 500, backup: 1_500, printer: 250 },
  Plus: { base: 14_500, server: 8_500, workstation: 2_250, network: 1_000, ups: 750, backup: 2_000, printer: 350 },
  Premium: {
    base: 24_500,
    server: 11_000,
    workstation: 2_950,
    network: 1_250,
    ups: 1_000,
    backup: 2_500,
    printer: 500,
  },
} as const

/**
 * Three SLA plans, and for every customer a small office: a server on a UPS and backed up to a NAS, a firewall and a
 * switch, workstations and laptops (two of them new this month, so that the cost shows a change), a printer, and an
 * active contract since the customer's start. Through the services, as staff would enter them.
 */
async function addInfrastructure(
  sladesk: Sladesk,
  customers: DemoCustomer[],
  seed: number,
  monitoring: readonly (MonitoringPlan | null)[],
  now: number,
): Promise<void> {
  const { assets, contracts } = sladesk.services
  const { company } = await sladesk.services.settings.load()
  const expectedFrom = plusDays(dayOf(now, company.timeZone), -MONITORING_NIGHTS)
  const system = { kind: 'system' as const, label: 'demo' }
  const rnd = prng(seed + 2)
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T
  const existing = (await contracts.listPlans(system, { status: 'all' })).items
  const plans = []
  for (const name of ['Basis', 'Plus', 'Premium'] as const) {
    const found = existing.find((p) => p.name === name)
    if (found) {
      plans.push(found)
      continue
    }
    const price = PLAN_PRICES[name]
    plans.push(
      await contracts.createPlan(
        system,
        PlanCreate.parse({
          name,
          description:
            name === 'Basis'
              ? 'Call desk op kantoordagen, dagelijkse back-up- en UPS-controle, kwartaalonderhoud.'
              : name === 'Plus'
                ? 'Als Basis, met patchbeheer, hulp op afstand en twee bezoeken per jaar.'
                : 'Als Plus, met vier bezoeken per jaar en de meeste korting op projecten.',
          policy: defaultPolicy(),
          services: {
            ...PLAN_SERVICES[name],
            remoteHelp: name !== 'Basis',
            patchManagement: name !== 'Basis',
            documentation: true,
          },
          price: {
            baseFeeCents: price.base,
            unitPricesCents: {
              server: price.server,
              workstation: price.workstation,
              laptop: price.workstation,
              network: price.network,
              ups: price.ups,
              'backup-system': price.backup,
              printer: price.printer,
              other: 0,
            },
            serviceDiscountPercent: name === 'Basis' ? 5 : name === 'Plus' ? 10 : 15,
          },
        }),
      ),
    )
  }
  const bar = new SingleBar(
    { format: 'Infrastructure and contracts [{bar}] {percentage}% | {value}/{total}', hideCursor: true },
    Presets.shades_classic,
  )
  bar.start(customers.length, 0)
  const day = (at: number) => new Date(at).toISOString().slice(0, 10)
  // The 2nd of this month (the 1st on the 1st: not in the future).
  const thisMonth = day(now).slice(0, 8) + (day(now).endsWith('-01') ? '01' : '02')
  for (const [index, customer] of customers.entries()) {
    const since = day(customer.createdAt)
    const add = (raw: object) => assets.create(system, customer.id, AssetInput.parse({ activeFrom: since, ...raw }))
    const warranty = `${2026 + Math.floor(rnd() * 3)}-${String(1 + Math.floor(rnd() * 12)).padStart(2, '0')}-15`
    const server = await add({
      class: 'server',
      name: 'SRV-01',
      kind: 'physical',
      os: 'Windows Server',
      osVersion: pick(['2019', '2022', '2025']),
      role: 'Bestanden, AD en het vakpakket',
      make: 'Dell',
      model: pick(['PowerEdge T150', 'PowerEdge T360', 'PowerEdge R350']),
      serial: `DL${String(index).padStart(5, '0')}S1`,
      warrantyEnd: warranty,
    })
    // Monitoring not set up yet: the NAS expects no jobs, so the check does not call it missing.
    const setup = monitoring[index]
    await add({
      class: 'backup-system',
      name: 'NAS-01',
      kind: 'nas',
      software: setup?.software ?? 'synology',
      make: 'Synology',
      model: pick(['DS923+', 'DS224+', 'RS822+']),
      serial: `SY${String(index).padStart(5, '0')}N1`,
      protectedAssetIds: [server.id],
      expectedJobs: (setup?.jobs ?? []).map((name) => ({
        name,
        schedule: 'daily',
        host: setup?.software === 'proxmox' ? 'pve1' : 'SRV-01',
        expectedFrom,
      })),
    })
    await add({
      class: 'ups',
      name: 'UPS-01',
      make: 'APC',
      model: 'Smart-UPS 1500',
      // Some batteries are past their age: the infrastructure page warns about them.
      batteryInstalledOn: `${new Date(now).getUTCFullYear() - 5 + Math.floor(rnd() * 5)}-0${1 + Math.floor(rnd() * 9)}-01`,
      capacityVa: 1500,
      protectedAssetIds: [server.id],
    })
    await add({ class: 'network', name: 'FW-01', kind: 'firewall', make: 'Fortinet', model: 'FortiGate 40F' })
    await add({ class: 'network', name: 'SW-01', kind: 'switch', make: 'HPE Aruba', model: 'Instant On 1930' })
    await add({ class: 'printer', name: 'PRN-01', make: 'HP', model: 'LaserJet Pro M404' })
    const desks = 3 + Math.floor(rnd() * 8)
    for (let i = 0; i < desks; i++) {
      const laptop = rnd() < 0.3
      const contact = customer.contacts[i % customer.contacts.length]
      await add({
        class: laptop ? 'laptop' : 'workstation',
        name: `${laptop ? 'LT' : 'PC'}-${String(i + 1).padStart(2, '0')}`,
        os: 'Windows 11',
        osVersion: pick(['23H2', '24H2']),
        user: contact?.name ?? null,
        make: pick(['Dell', 'HP', 'Lenovo']),
        // The last two arrived this month: next month's cost is higher.
        ...(i >= desks - 2 && index % 3 === 0 ? { activeFrom: thisMonth } : {}),
      })
    }
    const plan = plans[index % 7 === 0 ? 2 : index % 3 === 0 ? 1 : 0]!
    const contract = await contracts.createContract(
      system,
      customer.id,
      ContractCreate.parse({ planId: plan.id, startDate: since, indexationPercent: 3 }),
    )
    await contracts.updateContract(system, contract.id, { status: 'active' })
    bar.update(index + 1)
  }
  bar.stop()
}

// Tickets -------------------------------------------------------------------------------------------

/**
 * The demo's default "now": its tickets lie in the months before it, and their clocks are stored as they stood then.
 * Another "now" moves every time of the demo by the same amount.
 */
export const DEMO_NOW = Date.UTC(2026, 10, 27, 15, 0, 0) // Friday 27 November 2026, 16:00 in Amsterdam
/** When the staff and the demo customers were made (at DEMO_NOW: Monday 5 January 2026, 09:00). */
const DEMO_START = Date.UTC(2026, 0, 5, 8, 0, 0)
/** The first day with tickets (at DEMO_NOW: the Monday after the customers were made, 12 January 2026). */
const TICKETS_FROM = Date.UTC(2026, 0, 12, 0, 0, 0)
export const TICKETS_PER_CUSTOMER = 10
/** Tickets per transaction; every INSERT carries up to ROWS_PER_STATEMENT rows. */
const TICKETS_PER_TRANSACTION = 20_000
const ROWS_PER_STATEMENT = 500

const MINUTE = 60_000
const HOUR = 3_600_000
const DAY = 86_400_000
const BUSINESS_DAY_S = 9 * 3600

interface DemoContact {
  id: string
  name: string
  firstName: string
  email: string
  userId: string | null
}

interface DemoCustomer {
  id: string
  createdAt: number
  technicianId: string | null
  contacts: DemoContact[]
}

/** Who did something: a user (id set), a contact without an account, or sladesk itself (null). */
interface Person {
  id: string | null
  name: string
  email: string | null
}

/** One thing that happened to a ticket: a timeline event, with an article when someone wrote something. */
interface Step {
  at: number
  /** 'mail' is the customer's mail that opened the ticket: an article without an event, as mail in stores it. */
  type: 'created' | 'mail' | 'assigned' | 'status' | 'response' | 'article'
  actor: Person | null
  data: Record<string, unknown>
  article?: { kind: 'reply' | 'mail'; author: Person; byStaff: boolean; body: string }
}

const TYPES: ReadonlyArray<readonly [TicketType, number]> = [
  ['incident', 36],
  ['question', 20],
  ['service-request', 17],
  ['monitoring-alert', 11],
  ['bug', 8],
  ['maintenance', 7],
  ['calamity', 1],
]
const TEMPLATES: Record<TicketType, readonly TicketTemplate[]> = {
  incident: INCIDENTS,
  question: QUESTIONS,
  'service-request': SERVICE_REQUESTS,
  'monitoring-alert': ALERTS,
  bug: BUGS,
  maintenance: MAINTENANCE,
  calamity: CALAMITIES,
}
const IMPACTS: ReadonlyArray<readonly [Impact, number]> = [
  ['high', 10],
  ['medium', 45],
  ['low', 45],
]
const URGENCIES: ReadonlyArray<readonly [Urgency, number]> = [
  ['high', 15],
  ['medium', 45],
  ['low', 40],
]
const SEVERITIES: ReadonlyArray<readonly [Severity, number]> = [
  ['critical', 5],
  ['major', 25],
  ['minor', 50],
  ['cosmetic', 20],
]
const CLOCK_EVENTS = new Set(['created', 'status', 'priority', 'response'])

/** Picks from [value, weight] pairs with a number in [0, 1). */
function weighted<T>(table: ReadonlyArray<readonly [T, number]>): (r: number) => T {
  const total = table.reduce((sum, [, w]) => sum + w, 0)
  return (r) => {
    let x = r * total
    for (const [value, w] of table) {
      x -= w
      if (x < 0) {
        return value
      }
    }
    return table[table.length - 1]![0]
  }
}

/** The first index in the ascending `xs` whose value is greater than `x` (xs.length when none). */
function upperBound(xs: ArrayLike<number>, x: number): number {
  let lo = 0
  let hi = xs.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (xs[mid]! <= x) {
      lo = mid + 1
    } else {
      hi = mid
    }
  }
  return lo
}

/** The local midnights from `from` up to `now`, their years, and which of them are business days. */
function dayTable(timeZone: string, business: BusinessCalendar, from: number, now: number) {
  const start: number[] = []
  const year: number[] = []
  const businessDays: number[] = []
  for (
    let day = DateTime.fromMillis(from, { zone: timeZone }).startOf('day');
    day.toMillis() < now;
    day = day.plus({ days: 1 })
  ) {
    if (business.isOpen(day.set({ hour: 12 }).toMillis())) {
      businessDays.push(start.length)
    }
    start.push(day.toMillis())
    year.push(day.year)
  }
  return { start, year, businessDays }
}

const insertTexts = new Map<string, string>()

/**
 * Rows gathered per table and written as multi-row INSERTs of ROWS_PER_STATEMENT rows, whose SQL is written once
 * per table and row count: a query builder would rebuild and recompile the SQL of every statement, which for a
 * million tickets costs more than running them. Rows of a table are written in the order they were added.
 */
function bulkWriter(ex: Executor, dialect: DialectName) {
  const pending = new Map<keyof DB, object[]>()
  async function write(table: keyof DB, rows: object[]): Promise<void> {
    const columns = Object.keys(rows[0]!)
    const key = `${dialect} ${table} ${rows.length}`
    let text = insertTexts.get(key)
    if (text === undefined) {
      let p = 0
      const tuple = () => `(${columns.map(() => (dialect === 'postgres' ? `$${++p}` : '?')).join(', ')})`
      text = `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values ${rows.map(tuple).join(', ')}`
      insertTexts.set(key, text)
    }
    const params: unknown[] = new Array(rows.length * columns.length)
    let k = 0
    for (const row of rows as Record<string, unknown>[]) {
      for (const c of columns) {
        params[k++] = row[c]
      }
    }
    await ex.executeQuery(CompiledQuery.raw(text, params))
  }
  return {
    add(table: keyof DB, row: object): void {
      let rows = pending.get(table)
      if (!rows) {
        rows = []
        pending.set(table, rows)
      }
      rows.push(row)
    },
    /** Writes the tables in this order: the full statements only, or (`all`) everything pending. */
    async flush(tables: readonly (keyof DB)[], all = false): Promise<void> {
      for (const table of tables) {
        const rows = pending.get(table) ?? []
        let from = 0
        for (; rows.length - from >= ROWS_PER_STATEMENT; from += ROWS_PER_STATEMENT) {
          await write(table, rows.slice(from, from + ROWS_PER_STATEMENT))
        }
        if (all && from < rows.length) {
          await write(table, rows.slice(from))
          from = rows.length
        }
        pending.set(table, rows.slice(from))
      }
    },
  }
}

/**
 * Adds `count` tickets to the demo customers, spread over their time before `now`, each with the timeline a
 * desk would have written (created, assigned, replies, status changes) and its clocks computed from that timeline
 * as the ticket service computes and stores them. Written in bulk: no service call per ticket.
 */
async function addTickets(
  sladesk: Sladesk,
  customers: DemoCustomer[],
  count: number,
  seed: number,
  now: number,
): Promise<void> {
  if (count <= 0 || customers.length === 0) {
    return
  }
  const { db, dialect } = sladesk.database
  // A stream of its own: the customers stay the same whatever the number of tickets.
  const rnd = prng(seed ^ 0x7c3a91e5)
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T
  const system = { kind: 'system' as const, label: 'demo' }
  const { company } = await sladesk.services.settings.load(db)
  const { config, calendars } = await sladesk.services.sla.load(db)
  const business = calendars.business!
  const calendarOf = (name: string | undefined) => (name && calendars[name]) || business
  let techs = await db
    .selectFrom('users')
    .select(['id', 'name', 'email'])
    .where('role', '=', 'technician')
    .where('active', '=', 1)
    .orderBy('email')
    .execute()
  if (techs.length === 0) {
    techs = await db
      .selectFrom('users')
      .select(['id', 'name', 'email'])
      .where('role', '=', 'admin')
      .where('active', '=', 1)
      .orderBy('email')
      .execute()
  }
  if (techs.length === 0) {
    throw new Error('The demo tickets need an active technician or admin to assign them to')
  }
  // Bulk inserts touch index pages all over the file; SQLite's default cache (2 MB) would reread them constantly.
  sladesk.database.sqlite?.pragma('cache_size = -262144')

  // First where and when each ticket is reported, then everything else in the order they were reported: ticket
  // numbers, like ids, go up with time.
  const days = dayTable(company.timeZone, business, TICKETS_FROM + (now - DEMO_NOW), now)
  const lastDay = days.start.length - 1
  const firstDay = customers.map((c) => Math.min(upperBound(days.start, c.createdAt + DAY - 1), lastDay))
  const firstBusinessDay = firstDay.map((d) =>
    Math.min(upperBound(days.businessDays, d - 1), days.businessDays.length - 1),
  )
  // Some customers call far more often than others.
  const share = new Float64Array(customers.length)
  let total = 0
  for (let c = 0; c < customers.length; c++) {
    total += 0.4 + 3 * rnd() ** 3
    share[c] = total
  }
  const typeOf = weighted(TYPES)
  const typeIndex = new Map(TYPES.map(([t], i) => [t, i]))
  const reportedAt = new Float64Array(count)
  const customerOf = new Uint32Array(count)
  const typeOfTicket = new Uint8Array(count)
  for (let i = 0; i < count; i++) {
    const c = Math.min(upperBound(share, rnd() * total), customers.length - 1)
    const type = typeOf(rnd())
    // Alerts and calamities come at any hour; people mostly report in office hours, most in the morning.
    const anyHour = type === 'calamity' ? rnd() < 0.5 : type === 'monitoring-alert' ? rnd() < 0.6 : rnd() < 0.05
    let at: number
    do {
      if (anyHour) {
        const day = firstDay[c]! + Math.floor(rnd() * (lastDay + 1 - firstDay[c]!))
        at = days.start[day]! + Math.floor(rnd() * DAY)
      } else {
        const from = firstBusinessDay[c]!
        const day = days.businessDays[from + Math.floor(rnd() * (days.businessDays.length - from))]!
        // From local midnight: an hour off on the two days of a clock change, which a demo can bear.
        at = days.start[day]! + 8 * HOUR + Math.floor(rnd() ** 1.3 * 10 * HOUR)
      }
    } while (at >= now - MINUTE)
    reportedAt[i] = at
    customerOf[i] = c
    typeOfTicket[i] = typeIndex.get(type)!
  }
  const order = new Uint32Array(count)
  for (let i = 0; i < count; i++) {
    order[i] = i
  }
  order.sort((a, b) => reportedAt[a]! - reportedAt[b]! || a - b)
  // One ticket per millisecond at most, so that the order of ids and numbers is the order of creation.
  for (let k = 1; k < count; k++) {
    if (reportedAt[order[k]!]! <= reportedAt[order[k - 1]!]!) {
      reportedAt[order[k]!] = reportedAt[order[k - 1]!]! + 1
    }
  }

  // Random bits drawn once: the running counter keeps this run's ids apart, the random bits another run's. Drawing
  // them for every id (crypto.getRandomValues) would cost a quarter of the run.
  const salt = randomBytes(16)
  let seq = 0
  /** A UUIDv7 of the instant `at`, so that ids sort as the events happened (a running counter for the same ms). */
  const idAt = (at: number): string => {
    seq = (seq + 1) & 0x7fffffff
    return uuidv7At({ msecs: at, seq, random: salt })
  }
  /** The instant `seconds` of open time after `from` in `calendar`, in whole ms. */
  const later = (calendar: BusinessCalendar, from: number, seconds: number): number => {
    const at = calendar.addBusinessSeconds(from, seconds)
    return Math.round(Number.isFinite(at) ? at : from + seconds * 1000)
  }
  /** A share of an SLA target that the desk needed: mostly well within it, sometimes close, now and then late. */
  const targetShare = (): number => {
    const r = rnd()
    return r < 0.75 ? 0.03 + 0.52 * rnd() : r < 0.95 ? 0.55 + 0.42 * rnd() : 1.02 + rnd()
  }
  const impactOf = weighted(IMPACTS)
  const urgencyOf = weighted(URGENCIES)
  const severityOf = weighted(SEVERITIES)

  function makeTicket(i: number, number: string, out: ReturnType<typeof bulkWriter>): void {
    const customer = customers[customerOf[i]!]!
    const type = TYPES[typeOfTicket[i]!]![0]
    const t0 = reportedAt[i]!
    const contacts = customer.contacts
    const contact = rnd() < 0.4 ? contacts[0]! : pick(contacts)
    const requester: Person = { id: contact.userId, name: contact.name, email: contact.email }
    const tech = pick(techs)
    const desk: Person = { id: tech.id, name: tech.name, email: tech.email }

    let impact: Impact | null = null
    let urgency: Urgency | null = null
    let severity: Severity | null = null
    if (type === 'bug') {
      severity = severityOf(rnd())
    } else if (type !== 'calamity') {
      impact = type === 'question' || type === 'maintenance' ? 'low' : impactOf(rnd())
      urgency = urgencyOf(rnd())
    }
    const priority = priorityOf({ type, impact, urgency, severity }, config.priorityRules)
    let source: TicketRow['source']
    if (type === 'monitoring-alert') {
      source = 'email'
    } else if (type === 'maintenance') {
      source = 'staff'
    } else if (contact.userId && rnd() < 0.7) {
      source = 'portal'
    } else {
      const r = rnd()
      source = r < 0.55 ? 'email' : r < 0.9 ? 'phone' : 'staff'
    }
    // Taken by the desk itself (on the phone, or planned): assigned and open from the start.
    const byDesk = source === 'phone' || source === 'staff'
    // Mail in acts as sladesk; the portal as the contact.
    const customerActor: Person | null = source === 'portal' ? requester : null

    const [titleTemplate, text, tag] = pick(TEMPLATES[type])
    const n = type === 'monitoring-alert' ? 85 + Math.floor(rnd() * 14) : 2 + Math.floor(rnd() * 28)
    const words: Record<string, string> = {
      naam: pick(contacts).firstName,
      plek: pick(PLACES),
      app: pick(APPS),
      server: pick(SERVERS),
      n: String(n),
    }
    const fill = (s: string) => s.replace(/\{(naam|plek|app|server|n)\}/g, (_, w: string) => words[w]!)
    const title = fill(titleTemplate)
    const description =
      type === 'monitoring-alert' || type === 'maintenance'
        ? fill(text)
        : `${pick(OPENINGS)}\n\n${fill(text)} ${pick(CLOSINGS)}\n\nMet vriendelijke groet,\n${contact.name}`

    const steps: Step[] = []
    let status: TicketStatus = byDesk ? 'open' : 'new'
    const move = (at: number, actor: Person | null, to: TicketStatus) => {
      steps.push({ at, type: 'status', actor, data: { from: status, to } })
      status = to
    }
    // Resolved tickets are closed a few days later, by the customer on the portal or by the desk; a few stay resolved.
    const closeLater = (resolved: number, by: Person) => {
      if (rnd() < 0.97) {
        move(resolved + 2 * DAY + Math.floor(rnd() * 5 * DAY), by, 'closed')
      }
    }
    const reply = (at: number, body: string) =>
      steps.push({
        at,
        type: 'response',
        actor: desk,
        data: { kind: 'reply', public: true },
        article: { kind: 'reply', author: desk, byStaff: true, body },
      })
    steps.push({
      at: t0,
      type: 'created',
      actor: byDesk ? desk : customerActor,
      data: { priority, status, type, source },
    })
    if (source === 'email') {
      steps.push({
        at: t0,
        type: 'mail',
        actor: null,
        data: {},
        article: { kind: 'mail', author: requester, byStaff: false, body: description },
      })
    }
    if (byDesk) {
      steps.push({ at: t0, type: 'assigned', actor: desk, data: { to: tech.id, toName: tech.name } })
    }

    const targets = config.policy.priorities[priority]
    if (type === 'monitoring-alert' && rnd() < 0.35) {
      // The alert cleared by itself: resolved by mail in, without anyone answering.
      const cleared = t0 + 3 * MINUTE + Math.floor(rnd() * 90 * MINUTE)
      move(cleared, null, 'resolved')
      closeLater(cleared, desk)
    } else {
      const fr = targets.firstResponse
      const answered = Math.max(
        later(calendarOf(fr?.calendar), t0, targetShare() * (fr?.seconds ?? 2 * BUSINESS_DAY_S)),
        t0 + MINUTE,
      )
      if (!byDesk) {
        steps.push({
          at: answered,
          type: 'assigned',
          actor: desk,
          data: { from: null, fromName: null, to: tech.id, toName: tech.name },
        })
        move(answered, desk, 'open')
      }
      const asks = type !== 'calamity' && rnd() < 0.22
      reply(answered, asks ? pick(QUESTION_REPLIES) : pick(FIRST_REPLIES))
      let t = answered
      let live = true
      if (asks) {
        move(answered, desk, 'waiting-customer')
        // Now and then the customer never answers, and the ticket waits on.
        live = rnd() >= 0.03
        if (live) {
          t = answered + 20 * MINUTE + Math.floor(rnd() ** 2 * 3 * DAY)
          const kind = source === 'portal' ? 'reply' : 'mail'
          steps.push({
            at: t,
            type: 'article',
            actor: customerActor,
            data: { kind, public: true },
            article: { kind, author: requester, byStaff: false, body: pick(CUSTOMER_REPLIES) },
          })
          move(t, customerActor, 'open')
        }
      }
      // A few fall between two chairs and stay open.
      live &&= rnd() >= 0.004
      if (live && (type === 'incident' || type === 'bug') && rnd() < 0.05) {
        move(later(business, t, (0.5 + 3 * rnd()) * 3600), desk, 'waiting-vendor')
        t = steps[steps.length - 1]!.at + DAY + Math.floor(rnd() * 19 * DAY)
        move(t, desk, 'open')
      }
      if (live) {
        const res = targets.resolution
        const resCalendar = calendarOf(res?.calendar)
        const resolved = Math.max(
          later(resCalendar, t0, targetShare() * (res?.seconds ?? (5 + 20 * rnd()) * BUSINESS_DAY_S)),
          later(resCalendar, t, (0.25 + 4 * rnd()) * 3600),
        )
        // An update whenever the update clock comes close, unless the technician forgets.
        const upd = targets.update
        if (upd && rnd() < 0.9) {
          const updCalendar = calendarOf(upd.calendar)
          let last = answered
          for (let k = 0; k < 8 && updCalendar.businessSecondsBetween(last, resolved) > 0.8 * upd.seconds; k++) {
            last = later(updCalendar, last, (0.45 + 0.3 * rnd()) * upd.seconds)
            if (last >= resolved) {
              break
            }
            reply(last, pick(UPDATE_REPLIES))
          }
        }
        reply(resolved, pick(RESOLUTIONS))
        move(resolved, desk, 'resolved')
        closeLater(resolved, source === 'portal' ? requester : desk)
      }
    }

    // What has happened by now, in order (stable: steps of one instant keep the order they were made in).
    steps.sort((a, b) => a.at - b.at)
    const id = idAt(t0)
    const clock: ClockEvent[] = []
    let assignee: string | null = null
    let firstResponseAt: number | null = null
    let resolvedAt: number | null = null
    let closedAt: number | null = null
    let updatedAt = t0
    status = byDesk ? 'open' : 'new'
    for (const step of steps) {
      if (step.at > now) {
        break
      }
      updatedAt = step.at
      let data = step.data
      if (step.article) {
        const a = step.article
        const articleId = idAt(step.at)
        out.add('ticket_articles', {
          id: articleId,
          ticket_id: id,
          customer_id: customer.id,
          kind: a.kind,
          public: 1,
          author_id: a.author.id,
          author_name: a.author.name,
          author_email: a.author.email,
          by_staff: a.byStaff ? 1 : 0,
          body_text: a.body,
          body_html: null,
          mail_id: null,
          message_id: null,
          created_at: step.at,
        } satisfies ArticleRow)
        data = { articleId, ...data }
      }
      if (step.type === 'mail') {
        continue
      }
      const event: EventRow = {
        id: idAt(step.at),
        ticket_id: id,
        at: step.at,
        type: step.type,
        actor_id: step.actor?.id ?? null,
        actor_label: step.actor?.name ?? 'sladesk',
        data: JSON.stringify(data),
      }
      out.add('ticket_events', event)
      if (CLOCK_EVENTS.has(step.type)) {
        clock.push(toClockEvent(event))
      }
      if (step.type === 'assigned') {
        assignee = step.data.to as string
      } else if (step.type === 'response') {
        firstResponseAt ??= step.at
      } else if (step.type === 'status') {
        // As the ticket service sets them (statusColumns): cleared again when a ticket goes back to work.
        status = step.data.to as TicketStatus
        if (status === 'resolved') {
          resolvedAt = step.at
          closedAt = null
        } else if (status === 'closed') {
          closedAt = step.at
          resolvedAt ??= step.at
        } else {
          resolvedAt = null
          closedAt = null
        }
      }
    }
    const result = computeSla({ events: clock, now, policy: config.policy, calendars })
    const sla = slaView(result)
    out.add('tickets', {
      id,
      number,
      customer_id: customer.id,
      requester_contact_id: contact.id,
      requester_email: null,
      type,
      status,
      priority,
      impact,
      urgency,
      severity,
      title,
      description,
      source,
      assignee_id: assignee,
      team_id: null,
      tags: JSON.stringify([tag]),
      asset_ids: '[]',
      created_by: byDesk ? tech.id : source === 'portal' ? contact.userId : null,
      created_at: t0,
      updated_at: updatedAt,
      first_response_at: firstResponseAt,
      resolved_at: resolvedAt,
      closed_at: closedAt,
      merged_into_id: null,
      sla_state: sla.state,
      sla_due_at: nearestDue(sla),
      sla_next_at: result.nextChangeAt,
      sla_json: JSON.stringify(sla),
    } satisfies TicketRow)
  }

  /**
   * Reserves the numbers of the tickets order[from..to), per year in the company's time zone and going on from the
   * year's counter; returns the number of each ticket in turn.
   */
  async function reserveNumbers(trx: Executor, from: number, to: number): Promise<(at: number) => string> {
    const yearOf = (at: number) => days.year[upperBound(days.start, at) - 1]!
    const counts = new Map<number, number>()
    for (let k = from; k < to; k++) {
      const year = yearOf(reportedAt[order[k]!]!)
      counts.set(year, (counts.get(year) ?? 0) + 1)
    }
    const next = new Map<number, number>()
    for (const [year, k] of counts) {
      const { last } = await trx
        .insertInto('ticket_counters')
        .values({ year, last: k })
        .onConflict((oc) => oc.column('year').doUpdateSet({ last: sql<number>`ticket_counters.last + excluded.last` }))
        .returning('last')
        .executeTakeFirstOrThrow()
      next.set(year, last - k + 1)
    }
    return (at) => {
      const year = yearOf(at)
      const number = next.get(year)!
      next.set(year, number + 1)
      return `${year}-${String(number).padStart(6, '0')}`
    }
  }

  const bar = new SingleBar(
    { format: 'Demo tickets   [{bar}] {percentage}% | {value}/{total}', hideCursor: true },
    Presets.shades_classic,
  )
  bar.start(count, 0)
  const numbers: string[] = []
  const TABLES = ['tickets', 'ticket_articles', 'ticket_events'] as const
  for (let done = 0; done < count; done += TICKETS_PER_TRANSACTION) {
    const end = Math.min(done + TICKETS_PER_TRANSACTION, count)
    await db.transaction().execute(async (trx) => {
      const numberOf = await reserveNumbers(trx, done, end)
      const out = bulkWriter(trx, dialect)
      // Made and written a statement's worth at a time: what dies young is cheap to collect, a transaction's worth
      // of rows is not. Tickets go first: their articles and events refer to them.
      for (let k = done; k < end; k++) {
        const number = numberOf(reportedAt[order[k]!]!)
        if (k === 0 || k === count - 1) {
          numbers.push(number)
        }
        makeTicket(order[k]!, number, out)
        if ((k + 1 - done) % ROWS_PER_STATEMENT === 0) {
          await out.flush(TABLES)
          bar.update(k + 1)
        }
      }
      await out.flush(TABLES, true)
      await sladesk.services.audit.record(trx, system, {
        action: 'demo.tickets_created',
        entityType: 'ticket',
        after: { count: end - done },
      })
    })
    bar.update(end)
  }
  bar.stop()
  const dayOf = (at: number) => DateTime.fromMillis(at, { zone: company.timeZone }).toISODate()
  console.log(
    `Tickets ${numbers[0]} to ${numbers[numbers.length - 1]}, reported ${dayOf(reportedAt[order[0]!]!)} to ${dayOf(reportedAt[order[count - 1]!]!)}; their SLA clocks as of ${new Date(now).toISOString()}`,
  )
}
