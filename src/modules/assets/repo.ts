import { type Selectable, sql } from 'kysely'
import type { Executor } from '../../db/database.js'
import { containsLike } from '../../db/dialect.js'
import type { AssetClass, AssetCounts, LinkKind } from './classes.js'
import type { AssetLinksTable, AssetPeriodsTable, AssetSoftwareTable, AssetsTable, SitesTable } from './tables.js'

export type AssetRow = Selectable<AssetsTable>
export type SiteRow = Selectable<SitesTable>
export type PeriodRow = Selectable<AssetPeriodsTable>
export type SoftwareRow = Selectable<AssetSoftwareTable>
export type LinkRow = Selectable<AssetLinksTable>
/** An asset with the name of its site. */
export type AssetView = AssetRow & { site_name: string | null }

// SQLite allows 32,766 bound values per statement, PostgreSQL 65,535: larger id lists are filtered after the query.
const MAX_IN_LIST = 10_000

// Billing ------------------------------------------------------------------------------------------

/**
 * Active assets per customer and class on `date`: ONE grouped query over asset_periods, read from the index
 * asset_periods_counts (it holds every column used). A period counts when active_from <= date < active_until.
 */
export async function activeCounts(
  db: Executor,
  date: string,
  customerIds?: readonly string[],
): Promise<Map<string, AssetCounts>> {
  if (customerIds?.length === 0) {
    return new Map()
  }
  let query = db
    .selectFrom('asset_periods')
    .select(['customer_id', 'class', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('active_from', '<=', date)
    .where((eb) => eb.or([eb('active_until', 'is', null), eb('active_until', '>', date)]))
  const narrow = customerIds !== undefined && customerIds.length <= MAX_IN_LIST
  if (narrow) {
    query = query.where('customer_id', 'in', customerIds)
  }
  const rows = await query.groupBy(['customer_id', 'class']).execute()
  const wanted = customerIds && !narrow ? new Set(customerIds) : undefined
  const out = new Map<string, AssetCounts>()
  for (const id of customerIds ?? []) {
    out.set(id, {})
  }
  for (const row of rows) {
    if (wanted && !wanted.has(row.customer_id)) {
      continue
    }
    let counts = out.get(row.customer_id)
    if (!counts) {
      counts = {}
      out.set(row.customer_id, counts)
    }
    counts[row.class as AssetClass] = Number(row.n)
  }
  return out
}

/** The asset's stretches, latest first. */
export async function periodsOf(db: Executor, assetId: string, limit = 2): Promise<PeriodRow[]> {
  return db
    .selectFrom('asset_periods')
    .selectAll()
    .where('asset_id', '=', assetId)
    .orderBy('active_from', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute()
}

export async function insertPeriods(db: Executor, rows: PeriodRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insertInto('asset_periods')
      .values(rows.slice(i, i + 500))
      .execute()
  }
}

export async function updatePeriod(db: Executor, id: string, set: Partial<PeriodRow>): Promise<void> {
  await db.updateTable('asset_periods').set(set).where('id', '=', id).execute()
}

/** A corrected class applies to the asset's whole history: it was always that kind of thing. */
export async function setPeriodsClass(db: Executor, assetId: string, cls: string): Promise<void> {
  await db.updateTable('asset_periods').set({ class: cls }).where('asset_id', '=', assetId).execute()
}

// Assets -------------------------------------------------------------------------------------------

function selectAssets(db: Executor) {
  return db
    .selectFrom('assets as a')
    .leftJoin('sites as s', 's.id', 'a.site_id')
    .selectAll('a')
    .select('s.name as site_name')
}

export async function findById(db: Executor, id: string): Promise<AssetView | undefined> {
  return selectAssets(db).where('a.id', '=', id).executeTakeFirst()
}

export interface ListOptions {
  customerId: string
  cls?: string
  statuses?: readonly string[]
  siteId?: string
  q?: string
  after?: [string, string]
  limit?: number
}

export async function list(db: Executor, opts: ListOptions): Promise<AssetView[]> {
  let query = selectAssets(db).where('a.customer_id', '=', opts.customerId)
  if (opts.cls) {
    query = query.where('a.class', '=', opts.cls)
  }
  if (opts.statuses) {
    query = query.where('a.status', 'in', opts.statuses)
  }
  if (opts.siteId) {
    query = query.where('a.site_id', '=', opts.siteId)
  }
  if (opts.q) {
    const q = opts.q
    query = query.where((eb) =>
      eb.or([
        containsLike(eb.ref('a.name_key'), q),
        containsLike(eb.ref('a.serial_key'), q),
        containsLike(eb.fn<string>('lower', ['a.notes']), q),
        containsLike(eb.fn<string>('lower', ['a.os']), q),
      ]),
    )
  }
  if (opts.after) {
    const [key, id] = opts.after
    query = query
      .where('a.name_key', '>=', key)
      .where((eb) => eb.or([eb('a.name_key', '>', key), eb.and([eb('a.name_key', '=', key), eb('a.id', '>', id)])]))
  }
  query = query.orderBy('a.name_key').orderBy('a.id')
  if (opts.limit !== undefined) {
    query = query.limit(opts.limit)
  }
  return query.execute()
}

/** How many of the customer's assets there are per class and status. */
export async function countByClassAndStatus(
  db: Executor,
  customerId: string,
): Promise<{ class: string; status: string; n: number }[]> {
  const rows = await db
    .selectFrom('assets')
    .select(['class', 'status', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('customer_id', '=', customerId)
    .groupBy(['class', 'status'])
    .execute()
  return rows.map((r) => ({ class: r.class, status: r.status, n: Number(r.n) }))
}

export async function insert(db: Executor, rows: AssetRow[]): Promise<void> {
  // A few hundred rows per statement stays below both databases' limits on bound values.
  for (let i = 0; i < rows.length; i += 500) {
    await db
      .insertInto('assets')
      .values(rows.slice(i, i + 500))
      .execute()
  }
}

export async function update(db: Executor, id: string, set: Partial<AssetRow>): Promise<void> {
  await db.updateTable('assets').set(set).where('id', '=', id).execute()
}

/** The customer's serials (lower-case) and the asset holding each. */
export async function serialsOf(db: Executor, customerId: string): Promise<Map<string, { id: string; name: string }>> {
  const rows = await db
    .selectFrom('assets')
    .select(['id', 'name', 'serial_key'])
    .where('customer_id', '=', customerId)
    .where('serial_key', 'is not', null)
    .execute()
  return new Map(rows.map((r) => [r.serial_key!, { id: r.id, name: r.name }]))
}

export async function findBySerial(
  db: Executor,
  customerId: string,
  serialKey: string,
): Promise<{ id: string; name: string } | undefined> {
  return db
    .selectFrom('assets')
    .select(['id', 'name'])
    .where('customer_id', '=', customerId)
    .where('serial_key', '=', serialKey)
    .executeTakeFirst()
}

/** Owner and status of the given assets, for checking links. */
export async function ownersOf(
  db: Executor,
  ids: readonly string[],
): Promise<Map<string, { customerId: string; status: string }>> {
  if (ids.length === 0) {
    return new Map()
  }
  const rows = await db.selectFrom('assets').select(['id', 'customer_id', 'status']).where('id', 'in', ids).execute()
  return new Map(rows.map((r) => [r.id, { customerId: r.customer_id, status: r.status }]))
}

// Links --------------------------------------------------------------------------------------------

/** Who protects the given assets: for each, the protecting assets with their name and class. */
export async function protectorsOf(
  db: Executor,
  ids: readonly string[],
): Promise<{ to: string; kind: LinkKind; id: string; name: string; class: string }[]> {
  if (ids.length === 0) {
    return []
  }
  const rows = await db
    .selectFrom('asset_links as l')
    .innerJoin('assets as a', 'a.id', 'l.from_asset_id')
    .select(['l.to_asset_id', 'l.kind', 'a.id', 'a.name', 'a.class'])
    .where('l.to_asset_id', 'in', ids)
    .orderBy('a.name_key')
    .orderBy('a.id')
    .execute()
  return rows.map((r) => ({ to: r.to_asset_id, kind: r.kind, id: r.id, name: r.name, class: r.class }))
}

/** What the given assets protect, in the order the links were made. */
export async function protectedBy(db: Executor, fromIds: readonly string[]): Promise<LinkRow[]> {
  if (fromIds.length === 0) {
    return []
  }
  return db
    .selectFrom('asset_links')
    .selectAll()
    .where('from_asset_id', 'in', fromIds)
    .orderBy('created_at')
    .orderBy('to_asset_id')
    .execute()
}

/** Makes `fromId` protect exactly `toIds` (links of other kinds from it are removed too). */
export async function replaceLinks(
  db: Executor,
  from: { id: string; customerId: string },
  kind: LinkKind | null,
  toIds: readonly string[],
  at: number,
): Promise<void> {
  await db.deleteFrom('asset_links').where('from_asset_id', '=', from.id).execute()
  if (kind && toIds.length > 0) {
    await db
      .insertInto('asset_links')
      .values(
        toIds.map((to, i) => ({
          kind,
          from_asset_id: from.id,
          to_asset_id: to,
          customer_id: from.customerId,
          // Keeps the order they were given in.
          created_at: at + i,
        })),
      )
      .execute()
  }
}

/** Removes every link to or from the asset. */
export async function unlink(db: Executor, assetId: string): Promise<void> {
  await db
    .deleteFrom('asset_links')
    .where((eb) => eb.or([eb('from_asset_id', '=', assetId), eb('to_asset_id', '=', assetId)]))
    .execute()
}

// Sites --------------------------------------------------------------------------------------------

export type SiteView = SiteRow & { asset_count: number | string | null }

function selectSites(db: Executor) {
  return db
    .selectFrom('sites as s')
    .selectAll('s')
    .select((eb) =>
      eb
        .selectFrom('assets as a')
        .select(eb.fn.countAll<number | string>().as('n'))
        .whereRef('a.site_id', '=', 's.id')
        .where('a.status', '!=', sql.lit('retired'))
        .as('asset_count'),
    )
}

export async function listSites(db: Executor, customerId: string): Promise<SiteView[]> {
  return selectSites(db).where('s.customer_id', '=', customerId).orderBy('s.name_key').orderBy('s.id').execute()
}

export async function findSite(db: Executor, id: string): Promise<SiteView | undefined> {
  return selectSites(db).where('s.id', '=', id).executeTakeFirst()
}

export async function findSiteByName(db: Executor, customerId: string, nameKey: string): Promise<SiteRow | undefined> {
  return db
    .selectFrom('sites')
    .selectAll()
    .where('customer_id', '=', customerId)
    .where('name_key', '=', nameKey)
    .executeTakeFirst()
}

export async function insertSite(db: Executor, row: SiteRow): Promise<void> {
  await db.insertInto('sites').values(row).execute()
}

export async function updateSite(db: Executor, id: string, set: Partial<SiteRow>): Promise<void> {
  await db.updateTable('sites').set(set).where('id', '=', id).execute()
}

/** Deletes the site; retired assets that ran there lose the reference (their history keeps everything else). */
export async function deleteSite(db: Executor, id: string): Promise<number> {
  const detached = await db
    .updateTable('assets')
    .set({ site_id: null })
    .where('site_id', '=', id)
    .where('status', '=', 'retired')
    .executeTakeFirst()
  await db.deleteFrom('sites').where('id', '=', id).execute()
  return Number(detached.numUpdatedRows)
}

// Software -----------------------------------------------------------------------------------------

export async function listSoftware(db: Executor, assetId: string): Promise<SoftwareRow[]> {
  return db
    .selectFrom('asset_software')
    .selectAll()
    .where('asset_id', '=', assetId)
    .orderBy('product')
    .orderBy('id')
    .execute()
}

export async function findSoftware(db: Executor, id: string): Promise<SoftwareRow | undefined> {
  return db.selectFrom('asset_software').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function insertSoftware(db: Executor, row: SoftwareRow): Promise<void> {
  await db.insertInto('asset_software').values(row).execute()
}

export async function updateSoftware(db: Executor, id: string, set: Partial<SoftwareRow>): Promise<void> {
  await db.updateTable('asset_software').set(set).where('id', '=', id).execute()
}

export async function deleteSoftware(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('asset_software').where('id', '=', id).execute()
}

// Configuration ------------------------------------------------------------------------------------

export async function getConfig(db: Executor, key: string): Promise<unknown> {
  const row = await db.selectFrom('assets_config').select('value').where('key', '=', key).executeTakeFirst()
  return row ? (JSON.parse(row.value) as unknown) : undefined
}

export async function putConfig(db: Executor, key: string, value: unknown, at: number): Promise<void> {
  const json = JSON.stringify(value)
  await db
    .insertInto('assets_config')
    .values({ key, value: json, updated_at: at })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: json, updated_at: at }))
    .execute()
}
