// The assets module's tables as Kysely sees them; src/db/types.ts joins them into DB.

/** A customer's location: assets run at a site. */
export interface SitesTable {
  id: string
  customer_id: string
  name: string
  /** Lower-case name: one site of a name per customer, so that an import can find a site by its name. */
  name_key: string
  address: string | null
  created_at: number
  updated_at: number
}

export interface AssetsTable {
  id: string
  customer_id: string
  site_id: string | null
  class: string
  name: string
  /** Lower-case name: the list's sort key. */
  name_key: string
  serial: string | null
  /** Lower-case, trimmed serial: unique per customer when given. */
  serial_key: string | null
  /** YYYY-MM-DD. */
  purchase_date: string | null
  /** YYYY-MM-DD: a column of its own (not in details), for the warranty warnings of every class that has one. */
  warranty_end: string | null
  /** A column of its own so that the list's text search reaches it. */
  os: string | null
  status: string
  /** YYYY-MM-DD; with active_until a mirror of the asset's latest row in asset_periods. */
  active_from: string
  /** YYYY-MM-DD, exclusive: the first day the asset no longer counts; null while it runs. */
  active_until: string | null
  /** YYYY-MM-DD. */
  retired_on: string | null
  notes: string | null
  /** The class's own fields (secrets included: they are never returned), JSON object. */
  details: string
  /** RemoteAccess, JSON; null: none. */
  remote_access: string | null
  created_at: number
  updated_at: number
}

/**
 * When an asset counted, one row per stretch of activity: the billing history that activeCounts reads. An asset
 * that goes to spare and comes back later has two rows, so that the months in between are not charged.
 */
export interface AssetPeriodsTable {
  id: string
  asset_id: string
  customer_id: string
  class: string
  /** YYYY-MM-DD, inclusive. */
  active_from: string
  /** YYYY-MM-DD, exclusive; null: open. */
  active_until: string | null
}

/** A UPS powers an asset, a backup system backs one up: `from` protects `to`. */
export interface AssetLinksTable {
  kind: 'power' | 'backup'
  from_asset_id: string
  to_asset_id: string
  customer_id: string
  created_at: number
}

/** Installed software, per asset: the basis for patch planning. */
export interface AssetSoftwareTable {
  id: string
  asset_id: string
  customer_id: string
  product: string
  vendor: string | null
  version: string | null
  licence: string | null
  /** YYYY-MM-DD. */
  installed_on: string | null
  created_at: number
  updated_at: number
}

/** The module's settings, one JSON value per key. */
export interface AssetsConfigTable {
  key: string
  value: string
  updated_at: number
}

export interface AssetTables {
  sites: SitesTable
  assets: AssetsTable
  asset_periods: AssetPeriodsTable
  asset_links: AssetLinksTable
  asset_software: AssetSoftwareTable
  assets_config: AssetsConfigTable
}
