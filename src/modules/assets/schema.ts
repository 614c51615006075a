import { z } from 'zod'
import {
  ASSET_CLASSES,
  ASSET_STATUSES,
  BACKUP_KINDS,
  BACKUP_SOFTWARE,
  LINK_KINDS,
  NETWORK_KINDS,
  REMOTE_ACCESS_KINDS,
  SERVER_KINDS,
  WARNING_CODES,
} from './classes.js'

/** Free text that may be left empty: '' and missing both mean null. */
const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((v) => (v === '' ? null : v))
    .nullable()
    .default(null)

const date = z.iso.date({ error: 'a date such as 2026-03-01' })
const optionalDate = date.nullable().default(null)
const positiveInt = (max: number) => z.number().int().positive().max(max).nullable().default(null)
const host = z
  .string()
  .trim()
  .min(1)
  .max(253)
  .regex(/^[A-Za-z0-9._:[\]-]+$/, 'a host name or IP address')
const ip = z.union([z.ipv4(), z.ipv6()], { error: 'an IPv4 or IPv6 address' })

export const AssetClass = z.enum(ASSET_CLASSES)
export const AssetStatus = z.enum(ASSET_STATUSES)

export const RemoteAccess = z.strictObject({
  kind: z.enum(REMOTE_ACCESS_KINDS),
  address: z.string().trim().min(1).max(500),
  username: text(200),
})
export type RemoteAccess = z.infer<typeof RemoteAccess>

/** A UPS's monitoring endpoint as written: the NUT password is write-only (omitted on a change: kept). */
export const UpsMonitoringInput = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('nut'),
    host,
    port: z.number().int().min(1).max(65_535).default(3493),
    upsName: z.string().trim().min(1).max(100),
    username: text(100),
    password: z.string().min(1).max(200).nullable().optional(),
  }),
  z.strictObject({ kind: z.literal('apcupsd'), host, port: z.number().int().min(1).max(65_535).default(3551) }),
])
export type UpsMonitoringInput = z.infer<typeof UpsMonitoringInput>

export const UpsMonitoring = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('nut'),
    host: z.string(),
    port: z.number().int(),
    upsName: z.string(),
    username: z.string().nullable(),
    hasPassword: z.boolean(),
  }),
  z.object({ kind: z.literal('apcupsd'), host: z.string(), port: z.number().int() }),
])
export type UpsMonitoring = z.infer<typeof UpsMonitoring>

/** A backup job the daily checks expect a report of. */
export const ExpectedJob = z.strictObject({
  name: z.string().trim().min(1).max(200),
  schedule: z.enum(['daily', 'weekly']).default('daily'),
  host: text(253),
  /** Hours after the morning check that a run still counts for that day (a job that ends after 07:30). */
  graceHours: z.number().int().min(0).max(72).default(0),
  /** The first day a report is expected; default: the day the job is first seen configured. */
  expectedFrom: optionalDate,
})
export type ExpectedJob = z.infer<typeof ExpectedJob>

const protectedAssetIds = z.array(z.uuid()).max(500).default([])

// Fields every class has. make, model and warrantyEnd are common too: servers and PCs have them as much as a switch.
const common = {
  name: z.string().trim().min(1).max(200),
  siteId: z.uuid().nullable().default(null),
  serial: text(100),
  purchaseDate: optionalDate,
  warrantyEnd: optionalDate,
  make: text(100),
  model: text(100),
  status: AssetStatus.default('active'),
  notes: text(10_000),
  remoteAccess: RemoteAccess.nullable().default(null),
  /** Defaults to the day the asset is created, in the MSP's time zone. */
  activeFrom: date.optional(),
  /** Exclusive: the first day it no longer counts. Omitted: follows the status; null: open. */
  activeUntil: date.nullable().optional(),
}

/** The fields of each class, beside the common ones. */
const classFields = {
  server: {
    kind: z.enum(SERVER_KINDS).default('physical'),
    os: text(100),
    osVersion: text(100),
    role: text(200),
    cpu: text(200),
    memoryGb: positiveInt(1_000_000),
    storageGb: positiveInt(1_000_000_000),
  },
  workstation: { os: text(100), osVersion: text(100), user: text(200) },
  laptop: { os: text(100), osVersion: text(100), user: text(200) },
  network: { kind: z.enum(NETWORK_KINDS).default('other'), firmware: text(100), ip: ip.nullable().default(null) },
  ups: {
    batteryInstalledOn: optionalDate,
    capacityVa: positiveInt(1_000_000),
    protectedAssetIds,
    monitoring: UpsMonitoringInput.nullable().default(null),
  },
  'backup-system': {
    kind: z.enum(BACKUP_KINDS).default('nas'),
    software: z.enum(BACKUP_SOFTWARE).nullable().default(null),
    protectedAssetIds,
    expectedJobs: z.array(ExpectedJob).max(100).default([]),
  },
  printer: { ip: ip.nullable().default(null) },
  other: { description: text(2000) },
} as const

/** The names of each class's own fields (the CSV import and PATCH use them). */
export const CLASS_FIELDS = Object.fromEntries(
  Object.entries(classFields).map(([k, v]) => [k, Object.keys(v)]),
) as Record<(typeof ASSET_CLASSES)[number], string[]>
export const COMMON_FIELDS = Object.keys(common)

const variant = <C extends keyof typeof classFields>(cls: C) =>
  z.strictObject({ class: z.literal(cls), ...common, ...classFields[cls] })

/** A new asset: one shape per class, chosen by `class`. */
export const AssetInput = z.discriminatedUnion('class', [
  variant('server'),
  variant('workstation'),
  variant('laptop'),
  variant('network'),
  variant('ups'),
  variant('backup-system'),
  variant('printer'),
  variant('other'),
])
export type AssetInput = z.infer<typeof AssetInput>
export type AssetInputRaw = z.input<typeof AssetInput>

/**
 * A change: the common fields, and any field of the asset's class (or of a new `class`). The asset with the change
 * applied is validated as a whole, like a new one, so the class's rules hold after every change.
 */
export const AssetPatch = z
  .object({
    class: AssetClass,
    name: common.name,
    siteId: z.uuid().nullable(),
    serial: z.string().max(100).nullable(),
    purchaseDate: date.nullable(),
    warrantyEnd: date.nullable(),
    make: z.string().max(100).nullable(),
    model: z.string().max(100).nullable(),
    status: AssetStatus,
    notes: z.string().max(10_000).nullable(),
    remoteAccess: RemoteAccess.nullable(),
    activeFrom: date,
    activeUntil: date.nullable(),
  })
  .partial()
  .catchall(z.unknown())
  .refine((v) => Object.keys(v).length > 0, 'at least one field')
export type AssetPatch = z.infer<typeof AssetPatch>

export const Warning = z.object({
  code: z.enum(WARNING_CODES),
  message: z.string().optional(),
  /** The day it applies from: the warranty's last day, or the day the battery reached its age. */
  date: z.string(),
})
export type Warning = z.infer<typeof Warning>

export const ProtectedBy = z.object({
  id: z.uuid(),
  name: z.string(),
  class: AssetClass,
  kind: z.enum(LINK_KINDS),
})

const base = {
  id: z.uuid(),
  customerId: z.uuid(),
  name: z.string(),
  siteId: z.uuid().nullable(),
  siteName: z.string().nullable(),
  serial: z.string().nullable(),
  purchaseDate: z.string().nullable(),
  warrantyEnd: z.string().nullable(),
  make: z.string().nullable(),
  model: z.string().nullable(),
  status: AssetStatus,
  notes: z.string().nullable(),
  /** Staff only: null for a customer's contacts. */
  remoteAccess: z
    .object({ kind: z.enum(REMOTE_ACCESS_KINDS), address: z.string(), username: z.string().nullable() })
    .nullable(),
  activeFrom: z.string(),
  activeUntil: z.string().nullable(),
  retiredOn: z.string().nullable(),
  protectedBy: z.array(ProtectedBy),
  warnings: z.array(Warning),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
}

const out = {
  server: {
    kind: z.enum(SERVER_KINDS),
    os: z.string().nullable(),
    osVersion: z.string().nullable(),
    role: z.string().nullable(),
    cpu: z.string().nullable(),
    memoryGb: z.number().int().nullable(),
    storageGb: z.number().int().nullable(),
  },
  workstation: { os: z.string().nullable(), osVersion: z.string().nullable(), user: z.string().nullable() },
  network: { kind: z.enum(NETWORK_KINDS), firmware: z.string().nullable(), ip: z.string().nullable() },
  ups: {
    batteryInstalledOn: z.string().nullable(),
    capacityVa: z.number().int().nullable(),
    protectedAssetIds: z.array(z.uuid()),
    /** Staff only: null for a customer's contacts. */
    monitoring: UpsMonitoring.nullable(),
  },
  'backup-system': {
    kind: z.enum(BACKUP_KINDS),
    software: z.enum(BACKUP_SOFTWARE).nullable(),
    protectedAssetIds: z.array(z.uuid()),
    expectedJobs: z.array(
      z.object({
        name: z.string(),
        schedule: z.enum(['daily', 'weekly']),
        host: z.string().nullable(),
        graceHours: z.number().int(),
        expectedFrom: z.string().nullable(),
      }),
    ),
  },
  printer: { ip: z.string().nullable() },
  other: { description: z.string().nullable() },
}

export const Asset = z.discriminatedUnion('class', [
  z.object({ class: z.literal('server'), ...base, ...out.server }),
  z.object({ class: z.literal('workstation'), ...base, ...out.workstation }),
  z.object({ class: z.literal('laptop'), ...base, ...out.workstation }),
  z.object({ class: z.literal('network'), ...base, ...out.network }),
  z.object({ class: z.literal('ups'), ...base, ...out.ups }),
  z.object({ class: z.literal('backup-system'), ...base, ...out['backup-system'] }),
  z.object({ class: z.literal('printer'), ...base, ...out.printer }),
  z.object({ class: z.literal('other'), ...base, ...out.other }),
])
export type Asset = z.infer<typeof Asset>

export const AssetListQuery = z.object({
  class: AssetClass.optional(),
  /** Default: active and spare; `all` includes retired. */
  status: z.enum([...ASSET_STATUSES, 'all']).optional(),
  siteId: z.uuid().optional(),
  q: z.string().trim().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
})
export type AssetListQuery = z.infer<typeof AssetListQuery>

const zeroes = <T extends readonly string[]>(keys: T) =>
  z.object(Object.fromEntries(keys.map((k) => [k, z.number().int()])) as Record<T[number], z.ZodNumber>)

export const AssetCountsView = z.object({
  /** The customer's assets that are not retired, per class. */
  byClass: zeroes(ASSET_CLASSES),
  /** All the customer's assets, per status. */
  byStatus: zeroes(ASSET_STATUSES),
})

export const AssetPage = z.object({ items: z.array(Asset), nextCursor: z.string().nullable(), counts: AssetCountsView })
export type AssetPage = z.infer<typeof AssetPage>

export const AssetExportQuery = AssetListQuery.omit({ limit: true, cursor: true })
export type AssetExportQuery = z.infer<typeof AssetExportQuery>

// Sites -------------------------------------------------------------------------------------------

export const Site = z.object({
  id: z.uuid(),
  customerId: z.uuid(),
  name: z.string(),
  address: z.string().nullable(),
  /** Assets at the site that are not retired. */
  assetCount: z.number().int(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
})
export type Site = z.infer<typeof Site>

export const SiteCreate = z.object({ name: z.string().trim().min(1).max(200), address: text(500) })
export type SiteCreate = z.infer<typeof SiteCreate>

export const SitePatch = z
  .object({ name: z.string().trim().min(1).max(200), address: z.string().trim().max(500).nullable() })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'at least one field')
export type SitePatch = z.infer<typeof SitePatch>

// Installed software --------------------------------------------------------------------------------

export const Software = z.object({
  id: z.uuid(),
  assetId: z.uuid(),
  customerId: z.uuid(),
  product: z.string(),
  vendor: z.string().nullable(),
  version: z.string().nullable(),
  /** Free text: a licence key, or a subscription such as "Microsoft 365 E3". */
  licence: z.string().nullable(),
  installedOn: z.string().nullable(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
})
export type Software = z.infer<typeof Software>

export const SoftwareCreate = z.object({
  product: z.string().trim().min(1).max(200),
  vendor: text(200),
  version: text(100),
  licence: text(500),
  installedOn: optionalDate,
})
export type SoftwareCreate = z.infer<typeof SoftwareCreate>

export const SoftwarePatch = z
  .object({
    product: z.string().trim().min(1).max(200),
    vendor: z.string().trim().max(200).nullable(),
    version: z.string().trim().max(100).nullable(),
    licence: z.string().trim().max(500).nullable(),
    installedOn: date.nullable(),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'at least one field')
export type SoftwarePatch = z.infer<typeof SoftwarePatch>

// Configuration and import ---------------------------------------------------------------------------

export const AssetsConfig = z.object({
  /** A UPS battery older than this many years is reported (`battery_old`). */
  batteryMaxAgeYears: z.number().int().min(3).max(5),
})
export type AssetsConfig = z.infer<typeof AssetsConfig>

export const ImportQuery = z.object({
  mode: z.enum(['dry-run', 'import']).default('dry-run'),
  validRowsOnly: z.enum(['true', 'false']).default('false'),
})

export const ImportIssue = z.object({
  /** The line of the file where the record starts; the header is line 1. */
  row: z.number().int(),
  column: z.string().optional(),
  message: z.string(),
})
export type ImportIssue = z.infer<typeof ImportIssue>

export const ImportNotice = z.object({
  row: z.number().int().optional(),
  column: z.string().optional(),
  message: z.string(),
})
export type ImportNotice = z.infer<typeof ImportNotice>

export const ImportResult = z.object({
  mode: z.enum(['dry-run', 'import']),
  rows: z.number().int(),
  valid: z.number().int(),
  invalid: z.number().int(),
  created: z.number().int(),
  /** Site names the file used that the customer did not have: created by the import (dry-run: would be). */
  sitesCreated: z.array(z.string()),
  errors: z.array(ImportIssue),
  warnings: z.array(ImportNotice),
})
export type ImportResult = z.infer<typeof ImportResult>
