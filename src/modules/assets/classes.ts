// What kinds of things a customer's infrastructure holds. Shared by the server, the price calculation and the web
// app: a contract's unit prices are per class, and the monthly cost counts the active assets of each class.
export const ASSET_CLASSES = [
  'server',
  'workstation',
  'laptop',
  'network',
  'ups',
  'backup-system',
  'printer',
  'other',
] as const
export type AssetClass = (typeof ASSET_CLASSES)[number]

export const ASSET_STATUSES = ['active', 'spare', 'retired'] as const
export type AssetStatus = (typeof ASSET_STATUSES)[number]

/** Active assets per class, for one customer on one day: what the monthly cost is computed from. */
export type AssetCounts = Partial<Record<AssetClass, number>>

export const SERVER_KINDS = ['physical', 'virtual'] as const
export const NETWORK_KINDS = ['switch', 'firewall', 'router', 'access-point', 'other'] as const
export const BACKUP_KINDS = ['nas', 'backup-server', 'cloud-target'] as const
export const BACKUP_SOFTWARE = [
  'restic',
  'borg',
  'veeam',
  'windows-server-backup',
  'synology',
  'bacula',
  'proxmox',
  'rsync',
  'other',
] as const
export const REMOTE_ACCESS_KINDS = ['meshcentral', 'rustdesk', 'rdp', 'ssh', 'vnc', 'other'] as const

/** How assets protect one another: a UPS gives power, a backup system keeps backups. */
export const LINK_KINDS = ['power', 'backup'] as const
export type LinkKind = (typeof LINK_KINDS)[number]

/** The classes that protect other assets, and how. */
export const PROTECTING_CLASSES: Partial<Record<AssetClass, LinkKind>> = { ups: 'power', 'backup-system': 'backup' }

export const WARNING_CODES = ['warranty_expired', 'warranty_expiring', 'battery_old'] as const
export type WarningCode = (typeof WARNING_CODES)[number]
