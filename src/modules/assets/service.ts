import type { Db, Executor } from '../../db/database.js'
import { isUniqueViolation } from '../../db/dialect.js'
import { type Actor, assertCustomerAccess, assertStaff } from '../../platform/access.js'
import type { Audit } from '../../platform/audit.js'
import { AppError, badRequest, conflict, notFound } from '../../platform/errors.js'
import { type MessageKey, t } from '../../platform/i18n/messages.js'
import { uuidv7 } from '../../platform/ids.js'
import { pageOf, readCursor } from '../../platform/paging.js'
import type { CustomerService } from '../customers/service.js'
import type { SettingsService } from '../settings/service.js'
import type { StaffRole } from '../users/schema.js'
import { ASSET_CLASSES, ASSET_STATUSES, type AssetClass, type AssetCounts, PROTECTING_CLASSES } from './classes.js'
import { CsvFormatError, type CsvAsset, assetsToCsv, parseAssetCsv } from './csv.js'
import { type Stretch, dateIn, firstStretch, moveStretch, warningsOf } from './dates.js'
import * as repo from './repo.js'
import {
  type Asset,
  type AssetExportQuery,
  AssetInput,
  type AssetInputRaw,
  type AssetListQuery,
  type AssetPage,
  type AssetPatch,
  type AssetsConfig,
  CLASS_FIELDS,
  type ImportResult,
  type Site,
  type SiteCreate,
  type SitePatch,
  type Software,
  type SoftwareCreate,
  type SoftwarePatch,
  type UpsMonitoring,
  type Warning,
} from './schema.js'

export interface AssetDeps {
  db: Db
  audit: Audit
  settings: SettingsService
  customers: CustomerService
  now: () => number
}

/** Who changes the infrastructure records; billing staff and the customer's contacts read them. */
const WRITERS: readonly StaffRole[] = ['admin', 'technician']
export const DEFAULT_BATTERY_MAX_AGE_YEARS = 4
/** The import reads at most this much; larger bodies get 413 before they reach the service. */
export const IMPORT_MAX_BYTES = 5 * 1024 * 1024

// Fields kept in columns of their own (or in asset_links); everything else of the input is the `details` JSON.
const NOT_DETAILS = new Set([
  'class',
  'name',
  'siteId',
  'serial',
  'purchaseDate',
  'warrantyEnd',
  'os',
  'status',
  'notes',
  'remoteAccess',
  'activeFrom',
  'activeUntil',
  'protectedAssetIds',
])

const serialKey = (serial: string | null): string | null => serial?.trim().toLowerCase() || null

/** The asset as it was entered: the input a change is applied to, and what the export writes. Secrets included. */
function storedInput(row: repo.AssetRow, protects: readonly string[]): Record<string, unknown> & { class: AssetClass } {
  const cls = row.class as AssetClass
  const details = JSON.parse(row.details) as Record<string, unknown>
  const input: Record<string, unknown> & { class: AssetClass } = {
    ...details,
    class: cls,
    name: row.name,
    siteId: row.site_id,
    serial: row.serial,
    purchaseDate: row.purchase_date,
    warrantyEnd: row.warranty_end,
    status: row.status,
    notes: row.notes,
    remoteAccess: row.remote_access ? (JSON.parse(row.remote_access) as unknown) : null,
  }
  if (CLASS_FIELDS[cls].includes('os')) {
    input.os = row.os
  }
  if (PROTECTING_CLASSES[cls]) {
    input.protectedAssetIds = [...protects]
  }
  return input
}

interface StoredMonitoring {
  kind: 'nut' | 'apcupsd'
  host: string
  port: number
  upsName?: string
  username?: string | null
  password?: string | null
}

/** The monitoring endpoint without its password: the API only tells whether there is one. */
function publicMonitoring(m: StoredMonitoring | null | undefined): UpsMonitoring | null {
  if (!m) {
    return null
  }
  return m.kind === 'nut'
    ? {
        kind: 'nut',
        host: m.host,
        port: m.port,
        upsName: m.upsName ?? '',
        username: m.username ?? null,
        hasPassword: typeof m.password === 'string' && m.password !== '',
      }
    : { kind: 'apcupsd', host: m.host, port: m.port }
}

/** A zod failure of the asset as a whole, reported like the request validation reports body fields. */
function invalid(issues: readonly { path: readonly PropertyKey[]; message: string }[]): AppError {
  const errors = issues.map((i) => ({ path: ['body', ...i.path.map(String)].join('.'), message: i.message }))
  const first = errors[0]
  return badRequest('validation_failed', first ? `${first.path}: ${first.message}` : 'The asset is not valid', {
    errors,
  })
}

const fieldError = (code: string, path: string, message: string) =>
  badRequest(code, `${path}: ${message}`, { errors: [{ path, message }] })

export function createAssetService({ db, audit, settings, customers, now }: AssetDeps) {
  /** Today in the MSP's time zone, and the language of texts for this actor. */
  async function context(ex: Executor, actor: Actor): Promise<{ today: string; locale: 'nl' | 'en' }> {
    const { company } = await settings.load(ex)
    return {
      today: dateIn(now(), company.timeZone),
      locale: actor.kind === 'system' ? company.defaultLocale : actor.locale,
    }
  }

  async function loadConfig(ex: Executor): Promise<AssetsConfig> {
    const value = await repo.getConfig(ex, 'batteryMaxAgeYears')
    return { batteryMaxAgeYears: typeof value === 'number' ? value : DEFAULT_BATTERY_MAX_AGE_YEARS }
  }

  async function readableCustomer(ex: Executor, actor: Actor, customerId: string) {
    assertCustomerAccess(actor, customerId)
    const customer = await customers.findRow(ex, customerId)
    if (!customer) {
      throw notFound('customer', customerId)
    }
    return customer
  }

  async function writableCustomer(ex: Executor, actor: Actor, customerId: string) {
    const customer = await readableCustomer(ex, actor, customerId)
    if (customer.archived_at !== null) {
      throw conflict('customer_archived', 'Restore the customer before changing its infrastructure')
    }
    return customer
  }

  /** An asset the actor may see, or 404 (also for another customer's asset). */
  async function mustGetRow(ex: Executor, actor: Actor, id: string): Promise<repo.AssetView> {
    const row = await repo.findById(ex, id)
    if (!row) {
      throw notFound('asset', id)
    }
    assertCustomerAccess(actor, row.customer_id, 'asset', id)
    return row
  }

  /** The API form of asset rows, with what protects them, what they protect and their warnings. */
  async function views(ex: Executor, actor: Actor, rows: readonly repo.AssetView[]): Promise<Asset[]> {
    if (rows.length === 0) {
      return []
    }
    const ids = rows.map((r) => r.id)
    const { today, locale } = await context(ex, actor)
    const { batteryMaxAgeYears } = await loadConfig(ex)
    const protectors = await repo.protectorsOf(ex, ids)
    const protecting = rows.filter((r) => PROTECTING_CLASSES[r.class as AssetClass]).map((r) => r.id)
    const links = await repo.protectedBy(ex, protecting)
    const staffView = actor.kind !== 'contact'
    return rows.map((row) => {
      const cls = row.class as AssetClass
      const kind = PROTECTING_CLASSES[cls]
      const protects = links.filter((l) => l.from_asset_id === row.id && l.kind === kind).map((l) => l.to_asset_id)
      const input = storedInput(row, protects)
      const warnings: Warning[] = warningsOf(
        {
          status: row.status,
          warrantyEnd: row.warranty_end,
          batteryInstalledOn: typeof input.batteryInstalledOn === 'string' ? input.batteryInstalledOn : null,
        },
        today,
        batteryMaxAgeYears,
      ).map((w) => ({
        ...w,
        message: t(locale, `asset.warning.${w.code}` as MessageKey, {
          date: locale === 'nl' ? w.date.split('-').reverse().map(Number).join('-') : w.date,
          years: String(batteryMaxAgeYears),
        }),
      }))
      const asset: Record<string, unknown> = {
        ...input,
        id: row.id,
        customerId: row.customer_id,
        siteName: row.site_name,
        activeFrom: row.active_from,
        activeUntil: row.active_until,
        retiredOn: row.retired_on,
        protectedBy: protectors
          .filter((p) => p.to === row.id)
          .map((p) => ({ id: p.id, name: p.name, class: p.class as AssetClass, kind: p.kind })),
        warnings,
        createdAt: row.created_at,
        updatedAt: row.updated_at,
        // How the MSP reaches and watches the machines is its own business, not the customer's.
        remoteAccess: staffView ? input.remoteAccess : null,
      }
      if (cls === 'backup-system' && Array.isArray(input.expectedJobs)) {
        // Jobs stored before the grace period existed have none.
        asset.expectedJobs = (input.expectedJobs as { graceHours?: number }[]).map((j) => ({
          graceHours: 0,
          expectedFrom: null,
          ...j,
        }))
      }
      if (cls === 'ups') {
        asset.monitoring = staffView ? publicMonitoring(input.monitoring as StoredMonitoring | null) : null
      }
      return asset as Asset
    })
  }

  async function view(ex: Executor, actor: Actor, id: string): Promise<Asset> {
    const [asset] = await views(ex, actor, [await mustGetRow(ex, actor, id)])
    return asset!
  }

  /** The site, the serial and the protected assets of an asset about to be written belong with its customer. */
  async function checkReferences(ex: Executor, customerId: string, id: string, input: AssetInput): Promise<void> {
    if (input.siteId) {
      const site = await repo.findSite(ex, input.siteId)
      if (!site || site.customer_id !== customerId) {
        throw fieldError('invalid_site', 'body.siteId', 'not a site of this customer')
      }
    }
    const key = serialKey(input.serial)
    if (key) {
      const holder = await repo.findBySerial(ex, customerId, key)
      if (holder && holder.id !== id) {
        throw conflict('serial_taken', `body.serial: asset "${holder.name}" of this customer has this serial`, {
          errors: [{ path: 'body.serial', message: `asset "${holder.name}" has this serial` }],
        })
      }
    }
    if ('protectedAssetIds' in input && input.status !== 'retired') {
      const ids = input.protectedAssetIds
      const owners = await repo.ownersOf(ex, ids)
      for (const [i, target] of ids.entries()) {
        const path = `body.protectedAssetIds.${i}`
        const owner = owners.get(target)
        if (target === id) {
          throw fieldError('invalid_link', path, 'an asset cannot protect itself')
        }
        // Another customer's asset and a missing one are the same to the caller: not one of this customer's.
        if (!owner || owner.customerId !== customerId) {
          throw fieldError('invalid_link', path, 'not an asset of this customer')
        }
        if (owner.status === 'retired') {
          throw fieldError('invalid_link', path, 'a retired asset is protected by nothing')
        }
      }
    }
  }

  /** The row of an asset from its validated input (dates and timestamps are the caller's). */
  function columnsOf(
    input: AssetInput,
  ): Omit<
    repo.AssetRow,
    'id' | 'customer_id' | 'active_from' | 'active_until' | 'retired_on' | 'created_at' | 'updated_at'
  > {
    const details = Object.fromEntries(Object.entries(input).filter(([k]) => !NOT_DETAILS.has(k)))
    return {
      class: input.class,
      name: input.name,
      name_key: input.name.toLowerCase(),
      site_id: input.siteId,
      serial: input.serial,
      serial_key: serialKey(input.serial),
      purchase_date: input.purchaseDate,
      warranty_end: input.warrantyEnd,
      os: 'os' in input ? input.os : null,
      status: input.status,
      notes: input.notes,
      details: JSON.stringify(details),
      remote_access: input.remoteAccess ? JSON.stringify(input.remoteAccess) : null,
    }
  }

  function checkStretch(s: Stretch, previousUntil: string | null): void {
    if (s.activeUntil !== null && s.activeUntil < s.activeFrom) {
      throw fieldError('invalid_period', 'body.activeUntil', `must not be before activeFrom (${s.activeFrom})`)
    }
    if (previousUntil !== null && s.activeFrom < previousUntil) {
      throw fieldError(
        'invalid_period',
        'body.activeFrom',
        `the asset counted until ${previousUntil} in an earlier period; start on or after that day`,
      )
    }
  }

  async function writeLinks(ex: Executor, row: { id: string; customerId: string }, input: AssetInput, at: number) {
    if (input.status === 'retired') {
      // A retired asset protects nothing and nothing protects it any more.
      await repo.unlink(ex, row.id)
      return
    }
    const kind = PROTECTING_CLASSES[input.class] ?? null
    await repo.replaceLinks(
      ex,
      row,
      kind,
      'protectedAssetIds' in input ? [...new Set(input.protectedAssetIds)] : [],
      at,
    )
  }

  /** The rows of a new asset (its first stretch follows its status; see firstStretch). */
  function buildAsset(customerId: string, input: AssetInput, today: string, at: number) {
    const stretch = firstStretch(input.status, input, today)
    checkStretch(stretch, null)
    const id = uuidv7()
    const row: repo.AssetRow = {
      ...columnsOf(input),
      id,
      customer_id: customerId,
      active_from: stretch.activeFrom,
      active_until: stretch.activeUntil,
      retired_on: input.status === 'retired' ? (stretch.activeUntil ?? today) : null,
      created_at: at,
      updated_at: at,
    }
    const first: repo.PeriodRow = {
      id: uuidv7(),
      asset_id: id,
      customer_id: customerId,
      class: input.class,
      ...period(stretch),
    }
    return { row, period: first }
  }

  async function insertAsset(ex: Executor, actor: Actor, customerId: string, input: AssetInput): Promise<string> {
    const { today } = await context(ex, actor)
    const at = now()
    const built = buildAsset(customerId, input, today, at)
    await checkReferences(ex, customerId, built.row.id, input)
    await repo.insert(ex, [built.row])
    await repo.insertPeriods(ex, [built.period])
    await writeLinks(ex, { id: built.row.id, customerId }, input, at)
    return built.row.id
  }

  const period = (s: Stretch) => ({ active_from: s.activeFrom, active_until: s.activeUntil })

  function withUniqueSerial<T>(work: Promise<T>): Promise<T> {
    return work.catch((err: unknown) => {
      if (isUniqueViolation(err)) {
        throw conflict('serial_taken', 'body.serial: another asset of this customer has this serial', {
          errors: [{ path: 'body.serial', message: 'another asset has this serial' }],
        })
      }
      throw err
    })
  }

  const service = {
    /**
     * Which of `ids` are assets of `customerId` (any status: a ticket about a since retired server keeps it), for
     * other modules that refer to assets (a ticket's affected systems). `ex` is the caller's transaction, if any.
     */
    async idsOfCustomer(ex: Executor, customerId: string, ids: readonly string[]): Promise<Set<string>> {
      const owners = await repo.ownersOf(ex, [...new Set(ids)])
      return new Set([...owners].filter(([, o]) => o.customerId === customerId).map(([id]) => id))
    },
    /**
     * Active assets per customer and class on `date` (YYYY-MM-DD), for the monthly cost: one grouped query over the
     * billing history, whatever the number of customers. With `customerIds`, every one of them has an entry (empty
     * when it had nothing active); without, only customers with active assets appear.
     */
    async activeCounts(date: string, customerIds?: readonly string[]): Promise<Map<string, AssetCounts>> {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) {
        throw badRequest('validation_failed', `date: ${date} is not a date such as 2026-03-01`)
      }
      return repo.activeCounts(db, date, customerIds)
    },

    async list(actor: Actor, customerId: string, q: AssetListQuery): Promise<AssetPage> {
      await readableCustomer(db, actor, customerId)
      const after = readCursor<[string, string]>(q.cursor, ['string', 'string'])
      const rows = await repo.list(db, {
        customerId,
        cls: q.class,
        statuses: q.status === 'all' ? undefined : q.status ? [q.status] : ['active', 'spare'],
        siteId: q.siteId,
        q: q.q,
        after,
        limit: q.limit + 1,
      })
      const page = pageOf(rows, q.limit, (r) => [r.name_key, r.id])
      const byClass = Object.fromEntries(ASSET_CLASSES.map((c) => [c, 0])) as Record<AssetClass, number>
      const byStatus = Object.fromEntries(ASSET_STATUSES.map((s) => [s, 0])) as Record<string, number>
      for (const c of await repo.countByClassAndStatus(db, customerId)) {
        byStatus[c.status] = (byStatus[c.status] ?? 0) + c.n
        if (c.status !== 'retired') {
          byClass[c.class as AssetClass] = (byClass[c.class as AssetClass] ?? 0) + c.n
        }
      }
      return {
        items: await views(db, actor, page.items),
        nextCursor: page.nextCursor,
        counts: { byClass, byStatus: byStatus as AssetPage['counts']['byStatus'] },
      }
    },

    async get(actor: Actor, id: string): Promise<Asset> {
      return view(db, actor, id)
    },

    /** @throws AppError 400 when the input is not a valid asset of its class (it is parsed here too). */
    async create(actor: Actor, customerId: string, raw: AssetInputRaw): Promise<Asset> {
      assertStaff(actor, WRITERS)
      const parsed = AssetInput.safeParse(raw)
      if (!parsed.success) {
        throw invalid(parsed.error.issues)
      }
      const input = parsed.data
      return withUniqueSerial(
        db.transaction().execute(async (trx) => {
          await writableCustomer(trx, actor, customerId)
          const id = await insertAsset(trx, actor, customerId, input)
          const asset = await view(trx, actor, id)
          await audit.record(trx, actor, {
            action: 'asset.created',
            entityType: 'asset',
            entityId: id,
            customerId,
            after: asset,
          })
          return asset
        }),
      )
    },

    /**
     * Applies a change and validates the asset as a whole. Status changes move the billing history (see
     * moveStretch); a changed class is a correction and applies to the whole history.
     */
    async update(actor: Actor, id: string, patch: AssetPatch): Promise<Asset> {
      assertStaff(actor, WRITERS)
      return withUniqueSerial(
        db.transaction().execute(async (trx) => {
          const row = await mustGetRow(trx, actor, id)
          await writableCustomer(trx, actor, row.customer_id)
          const before = (await views(trx, actor, [row]))[0]!
          const links = await repo.protectedBy(trx, [id])
          const current = storedInput(
            row,
            links.map((l) => l.to_asset_id),
          )
          const { activeFrom, activeUntil, ...fields } = patch
          const cls = (fields.class ?? row.class) as AssetClass
          const merged: Record<string, unknown> = { ...current }
          if (cls !== row.class) {
            // The fields of the old class go; the common ones stay.
            for (const field of CLASS_FIELDS[row.class as AssetClass]) {
              if (!CLASS_FIELDS[cls].includes(field)) {
                delete merged[field]
              }
            }
          }
          Object.assign(merged, fields)
          // The NUT password is write-only: a changed endpoint without one keeps the one it had.
          const oldMonitoring = current.monitoring as StoredMonitoring | null | undefined
          const newMonitoring = merged.monitoring as Record<string, unknown> | null | undefined
          if (
            fields.monitoring !== undefined &&
            newMonitoring &&
            typeof newMonitoring === 'object' &&
            !('password' in newMonitoring) &&
            newMonitoring.kind === 'nut' &&
            oldMonitoring?.kind === 'nut' &&
            oldMonitoring.password
          ) {
            merged.monitoring = { ...newMonitoring, password: oldMonitoring.password }
          }
          const parsed = AssetInput.safeParse(merged)
          if (!parsed.success) {
            throw invalid(parsed.error.issues)
          }
          const input = parsed.data
          await checkReferences(trx, row.customer_id, id, input)

          const { today } = await context(trx, actor)
          const [latest, previous] = await repo.periodsOf(trx, id, 2)
          if (!latest) {
            throw new Error(`asset ${id} has no billing period`)
          }
          const moved = moveStretch(
            { activeFrom: latest.active_from, activeUntil: latest.active_until },
            { fromStatus: row.status, toStatus: input.status, activeFrom, activeUntil },
            today,
          )
          checkStretch(moved.update, previous?.active_until ?? null)
          if (moved.append) {
            checkStretch(moved.append, moved.update.activeUntil)
          }
          await repo.updatePeriod(trx, latest.id, period(moved.update))
          if (moved.append) {
            await repo.insertPeriods(trx, [
              { id: uuidv7(), asset_id: id, customer_id: row.customer_id, class: input.class, ...period(moved.append) },
            ])
          }
          if (input.class !== row.class) {
            await repo.setPeriodsClass(trx, id, input.class)
          }
          const stretch = moved.append ?? moved.update
          const at = now()
          await repo.update(trx, id, {
            ...columnsOf(input),
            active_from: stretch.activeFrom,
            active_until: stretch.activeUntil,
            retired_on: input.status === 'retired' ? (row.status === 'retired' ? row.retired_on : today) : null,
            updated_at: at,
          })
          await writeLinks(trx, { id, customerId: row.customer_id }, input, at)
          const after = await view(trx, actor, id)
          const action =
            input.status === 'retired' && row.status !== 'retired'
              ? 'asset.retired'
              : row.status === 'retired' && input.status !== 'retired'
                ? 'asset.restored'
                : 'asset.updated'
          await audit.record(trx, actor, {
            action,
            entityType: 'asset',
            entityId: id,
            customerId: row.customer_id,
            before,
            after,
          })
          return after
        }),
      )
    },

    /** DELETE retires: the asset and its billing history stay (visible with status=all). */
    async retire(actor: Actor, id: string): Promise<Asset> {
      assertStaff(actor, WRITERS)
      const row = await mustGetRow(db, actor, id)
      if (row.status === 'retired') {
        return view(db, actor, id)
      }
      return service.update(actor, id, { status: 'retired' })
    },

    // Sites ------------------------------------------------------------------------------------

    async listSites(actor: Actor, customerId: string): Promise<Site[]> {
      await readableCustomer(db, actor, customerId)
      return (await repo.listSites(db, customerId)).map(toSite)
    },

    async createSite(actor: Actor, customerId: string, input: SiteCreate): Promise<Site> {
      assertStaff(actor, WRITERS)
      return db.transaction().execute(async (trx) => {
        await writableCustomer(trx, actor, customerId)
        const site = await insertSite(trx, customerId, input.name, input.address)
        await audit.record(trx, actor, {
          action: 'site.created',
          entityType: 'site',
          entityId: site.id,
          customerId,
          after: site,
        })
        return site
      })
    },

    async updateSite(actor: Actor, id: string, patch: SitePatch): Promise<Site> {
      assertStaff(actor, WRITERS)
      return db.transaction().execute(async (trx) => {
        const before = await mustGetSite(trx, actor, id)
        await writableCustomer(trx, actor, before.customerId)
        const set: Partial<repo.SiteRow> = { updated_at: now() }
        if (patch.name !== undefined) {
          const other = await repo.findSiteByName(trx, before.customerId, patch.name.toLowerCase())
          if (other && other.id !== id) {
            throw siteNameTaken(patch.name)
          }
          set.name = patch.name
          set.name_key = patch.name.toLowerCase()
        }
        if (patch.address !== undefined) {
          set.address = patch.address || null
        }
        await repo.updateSite(trx, id, set)
        const after = await mustGetSite(trx, actor, id)
        await audit.record(trx, actor, {
          action: 'site.updated',
          entityType: 'site',
          entityId: id,
          customerId: before.customerId,
          before,
          after,
        })
        return after
      })
    },

    /** Refused (409) while assets that are not retired run at the site. */
    async deleteSite(actor: Actor, id: string): Promise<void> {
      assertStaff(actor, WRITERS)
      await db.transaction().execute(async (trx) => {
        const site = await mustGetSite(trx, actor, id)
        await writableCustomer(trx, actor, site.customerId)
        if (site.assetCount > 0) {
          throw conflict(
            'site_in_use',
            `${site.assetCount} asset(s) run at ${site.name}; move or retire them before deleting the site`,
            { assetCount: site.assetCount },
          )
        }
        const detached = await repo.deleteSite(trx, id)
        await audit.record(trx, actor, {
          action: 'site.deleted',
          entityType: 'site',
          entityId: id,
          customerId: site.customerId,
          before: { ...site, retiredAssetsDetached: detached },
        })
      })
    },

    // Installed software ---------------------------------------------------------------------------

    async listSoftware(actor: Actor, assetId: string): Promise<Software[]> {
      await mustGetRow(db, actor, assetId)
      return (await repo.listSoftware(db, assetId)).map(toSoftware)
    },

    async addSoftware(actor: Actor, assetId: string, input: SoftwareCreate): Promise<Software> {
      assertStaff(actor, WRITERS)
      return db.transaction().execute(async (trx) => {
        const asset = await mustGetRow(trx, actor, assetId)
        await writableCustomer(trx, actor, asset.customer_id)
        const at = now()
        const row: repo.SoftwareRow = {
          id: uuidv7(),
          asset_id: assetId,
          customer_id: asset.customer_id,
          product: input.product,
          vendor: input.vendor,
          version: input.version,
          licence: input.licence,
          installed_on: input.installedOn,
          created_at: at,
          updated_at: at,
        }
        await repo.insertSoftware(trx, row)
        const software = toSoftware(row)
        await audit.record(trx, actor, {
          action: 'asset.software_added',
          entityType: 'asset_software',
          entityId: row.id,
          customerId: asset.customer_id,
          after: software,
        })
        return software
      })
    },

    async updateSoftware(actor: Actor, id: string, patch: SoftwarePatch): Promise<Software> {
      assertStaff(actor, WRITERS)
      return db.transaction().execute(async (trx) => {
        const before = await mustGetSoftware(trx, actor, id)
        await writableCustomer(trx, actor, before.customer_id)
        const set: Partial<repo.SoftwareRow> = { updated_at: now() }
        if (patch.product !== undefined) {
          set.product = patch.product
        }
        if (patch.vendor !== undefined) {
          set.vendor = patch.vendor || null
        }
        if (patch.version !== undefined) {
          set.version = patch.version || null
        }
        if (patch.licence !== undefined) {
          set.licence = patch.licence || null
        }
        if (patch.installedOn !== undefined) {
          set.installed_on = patch.installedOn
        }
        await repo.updateSoftware(trx, id, set)
        const after = toSoftware({ ...before, ...set })
        await audit.record(trx, actor, {
          action: 'asset.software_updated',
          entityType: 'asset_software',
          entityId: id,
          customerId: before.customer_id,
          before: toSoftware(before),
          after,
        })
        return after
      })
    },

    async removeSoftware(actor: Actor, id: string): Promise<void> {
      assertStaff(actor, WRITERS)
      await db.transaction().execute(async (trx) => {
        const before = await mustGetSoftware(trx, actor, id)
        await writableCustomer(trx, actor, before.customer_id)
        await repo.deleteSoftware(trx, id)
        await audit.record(trx, actor, {
          action: 'asset.software_removed',
          entityType: 'asset_software',
          entityId: id,
          customerId: before.customer_id,
          before: toSoftware(before),
        })
      })
    },

    // Configuration --------------------------------------------------------------------------------

    async getConfig(actor: Actor): Promise<AssetsConfig> {
      assertStaff(actor, ['admin'])
      return loadConfig(db)
    },

    async updateConfig(actor: Actor, input: AssetsConfig): Promise<AssetsConfig> {
      assertStaff(actor, ['admin'])
      return db.transaction().execute(async (trx) => {
        const before = await loadConfig(trx)
        await repo.putConfig(trx, 'batteryMaxAgeYears', input.batteryMaxAgeYears, now())
        await audit.record(trx, actor, {
          action: 'assets.config_updated',
          entityType: 'assets_config',
          before,
          after: input,
        })
        return loadConfig(trx)
      })
    },

    // CSV ------------------------------------------------------------------------------------------

    /**
     * Reads a CSV asset list (see csv.ts). A dry run writes nothing. An import writes every row in one transaction,
     * audited once; when a row is invalid it writes nothing (422), unless `validRowsOnly`. Site names the customer
     * does not have yet are created.
     */
    async importCsv(
      actor: Actor,
      customerId: string,
      bytes: Uint8Array | undefined,
      opts: { mode: 'dry-run' | 'import'; validRowsOnly: boolean },
    ): Promise<ImportResult> {
      assertStaff(actor, WRITERS)
      if (!bytes) {
        throw new AppError(415, 'unsupported_media_type', 'Send the CSV file as the body, with Content-Type text/csv')
      }
      if (bytes.length === 0) {
        throw badRequest('empty_upload', 'Send the CSV file as the request body')
      }
      const work = async (trx: Executor): Promise<ImportResult> => {
        await writableCustomer(trx, actor, customerId)
        const existing = await repo.serialsOf(trx, customerId)
        let parsed
        try {
          parsed = parseAssetCsv(bytes, new Map([...existing].map(([k, v]) => [k, v.name])))
        } catch (err) {
          if (err instanceof CsvFormatError) {
            throw badRequest('csv_invalid', err.message, err.row ? { row: err.row } : {})
          }
          throw err
        }
        // Sites by name, case-insensitively; the first spelling in the file names a new one.
        const sites = new Map((await repo.listSites(trx, customerId)).map((s) => [s.name_key, s.id]))
        const newSites = new Map<string, string>()
        for (const item of parsed.valid) {
          const key = item.siteName?.toLowerCase()
          if (item.siteName && key && !sites.has(key) && !newSites.has(key)) {
            newSites.set(key, item.siteName)
          }
        }
        const result: ImportResult = {
          mode: opts.mode,
          rows: parsed.rows,
          valid: parsed.valid.length,
          invalid: parsed.invalid,
          created: 0,
          sitesCreated: [...newSites.values()],
          errors: parsed.errors,
          warnings: [
            ...parsed.warnings,
            ...[...newSites.values()].map((name) => ({
              column: 'site',
              message:
                opts.mode === 'import'
                  ? `Site "${name}" did not exist and is created`
                  : `Site "${name}" does not exist and will be created`,
            })),
          ],
        }
        if (opts.mode === 'dry-run') {
          return result
        }
        if (parsed.invalid > 0 && !opts.validRowsOnly) {
          throw new AppError(
            422,
            'import_rows_invalid',
            `${parsed.invalid} of ${parsed.rows} rows are not valid; nothing was imported. Fix them, or import with validRowsOnly=true`,
            { ...result, sitesCreated: [] },
          )
        }
        for (const [key, name] of newSites) {
          sites.set(key, (await insertSite(trx, customerId, name, null)).id)
        }
        // Serials were checked against the file and the customer, sites were just made: the rows go in in bulk.
        const { today } = await context(trx, actor)
        const at = now()
        const built = parsed.valid.map((item) => {
          try {
            const siteId = item.siteName ? (sites.get(item.siteName.toLowerCase()) ?? null) : null
            return buildAsset(customerId, { ...item.input, siteId }, today, at)
          } catch (err) {
            throw err instanceof AppError
              ? badRequest('csv_invalid', `Line ${item.row}: ${err.message}`, { row: item.row })
              : err
          }
        })
        await repo.insert(
          trx,
          built.map((b) => b.row),
        )
        await repo.insertPeriods(
          trx,
          built.map((b) => b.period),
        )
        result.created = parsed.valid.length
        await audit.record(trx, actor, {
          action: 'asset.imported',
          entityType: 'customer',
          entityId: customerId,
          customerId,
          after: {
            rows: result.rows,
            created: result.created,
            invalid: result.invalid,
            skippedRows: result.errors.map((e) => e.row).filter((r, i, all) => all.indexOf(r) === i),
            sitesCreated: result.sitesCreated,
          },
        })
        return result
      }
      return withUniqueSerial(opts.mode === 'dry-run' ? work(db) : db.transaction().execute(work))
    },

    /** The customer's assets as CSV (all statuses unless asked otherwise), in the columns the import reads. */
    async exportCsv(actor: Actor, customerId: string, q: AssetExportQuery): Promise<{ filename: string; csv: string }> {
      const customer = await readableCustomer(db, actor, customerId)
      const rows = await repo.list(db, {
        customerId,
        cls: q.class,
        statuses: !q.status || q.status === 'all' ? undefined : [q.status],
        siteId: q.siteId,
        q: q.q,
      })
      const links = await repo.protectedBy(
        db,
        rows.filter((r) => PROTECTING_CLASSES[r.class as AssetClass]).map((r) => r.id),
      )
      const assets: CsvAsset[] = rows.map((row) => ({
        ...storedInput(
          row,
          links.filter((l) => l.from_asset_id === row.id).map((l) => l.to_asset_id),
        ),
        siteName: row.site_name,
        activeFrom: row.active_from,
        activeUntil: row.active_until,
      }))
      const { today } = await context(db, actor)
      const slug = customer.name.replace(/[^\w-]+/g, '-').replace(/^-+|-+$/g, '') || 'customer'
      return { filename: `assets-${slug}-${today}.csv`, csv: assetsToCsv(assets) }
    },
  }

  async function insertSite(ex: Executor, customerId: string, name: string, address: string | null): Promise<Site> {
    if (await repo.findSiteByName(ex, customerId, name.toLowerCase())) {
      throw siteNameTaken(name)
    }
    const at = now()
    const row: repo.SiteRow = {
      id: uuidv7(),
      customer_id: customerId,
      name,
      name_key: name.toLowerCase(),
      address,
      created_at: at,
      updated_at: at,
    }
    await repo.insertSite(ex, row)
    return toSite({ ...row, asset_count: 0 })
  }

  async function mustGetSite(ex: Executor, actor: Actor, id: string): Promise<Site> {
    const row = await repo.findSite(ex, id)
    if (!row) {
      throw notFound('site', id)
    }
    assertCustomerAccess(actor, row.customer_id, 'site', id)
    return toSite(row)
  }

  async function mustGetSoftware(ex: Executor, actor: Actor, id: string): Promise<repo.SoftwareRow> {
    const row = await repo.findSoftware(ex, id)
    if (!row) {
      throw notFound('asset_software', id)
    }
    assertCustomerAccess(actor, row.customer_id, 'asset_software', id)
    return row
  }

  return service
}

function siteNameTaken(name: string): AppError {
  return conflict('site_name_taken', `body.name: this customer has a site "${name}" already`, {
    errors: [{ path: 'body.name', message: 'taken' }],
  })
}

function toSite(row: repo.SiteView): Site {
  return {
    id: row.id,
    customerId: row.customer_id,
    name: row.name,
    address: row.address,
    assetCount: Number(row.asset_count ?? 0),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}

function toSoftware(row: repo.SoftwareRow): Software {
  return {
    id: row.id,
    assetId: row.asset_id,
    customerId: row.customer_id,
    product: row.product,
    vendor: row.vendor,
    version: row.version,
    licence: row.licence,
    installedOn: row.installed_on,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  }
}

export type AssetService = ReturnType<typeof createAssetService>
