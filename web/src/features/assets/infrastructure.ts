import { ASSET_CLASSES, type AssetClass, type WarningCode } from '../../../../src/modules/assets/classes.ts'
import type { Asset, Warning } from '../../../../src/modules/assets/schema.ts'

export interface AssetGroup {
  class: AssetClass
  items: Asset[]
}

/** The assets by class, in the fixed order of the classes (servers first), each group in the order given. */
export function groupByClass(assets: readonly Asset[]): AssetGroup[] {
  const byClass = new Map<AssetClass, Asset[]>()
  for (const asset of assets) {
    const list = byClass.get(asset.class)
    if (list) {
      list.push(asset)
    } else {
      byClass.set(asset.class, [asset])
    }
  }
  return ASSET_CLASSES.flatMap((cls) => {
    const items = byClass.get(cls)
    return items ? [{ class: cls, items }] : []
  })
}

export interface WarningItem {
  asset: Pick<Asset, 'id' | 'name' | 'class'>
  warning: Warning
}

export interface WarningSummary {
  /** How many assets carry each warning. */
  counts: Record<WarningCode, number>
  /** Every warning, the oldest (most urgent) date first, then by asset name. */
  items: WarningItem[]
}

/** What needs attention over all the assets given: the summary at the top of the infrastructure. O(n log n). */
export function summariseWarnings(assets: readonly Asset[]): WarningSummary {
  const counts: Record<WarningCode, number> = { warranty_expired: 0, warranty_expiring: 0, battery_old: 0 }
  const items: WarningItem[] = []
  for (const asset of assets) {
    for (const warning of asset.warnings) {
      counts[warning.code]++
      items.push({ asset: { id: asset.id, name: asset.name, class: asset.class }, warning })
    }
  }
  items.sort((a, b) => a.warning.date.localeCompare(b.warning.date) || a.asset.name.localeCompare(b.asset.name))
  return { counts, items }
}

export type LinkKind = 'power' | 'backup'

export interface DiagramNode {
  id: string
  name: string
  class: AssetClass
  /** 0: UPSes, 1: the assets they protect, 2: backup systems. */
  column: 0 | 1 | 2
  /** Top of the node's box, in the diagram's units. */
  y: number
  warning: boolean
}

export interface DiagramEdge {
  from: string
  to: string
  kind: LinkKind
}

export interface DiagramLayout {
  nodes: DiagramNode[]
  edges: DiagramEdge[]
  /** Height of the tallest column. */
  height: number
}

/** Vertical distance between two boxes of a column; a box is `ROW - 12` high. */
export const ROW = 44

const columnOf = (cls: AssetClass): 0 | 1 | 2 => (cls === 'ups' ? 0 : cls === 'backup-system' ? 2 : 1)

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length

/**
 * Places the protecting assets and those they protect in three columns: UPSes left, the protected assets in the
 * middle, backup systems right. The middle is ordered by the protectors it hangs on, and each protector sits at
 * the mean height of what it protects (pushed down where boxes would overlap), so that lines stay short and cross
 * little. Assets that protect nothing and are protected by nothing are left out. O((n + e) log n).
 */
export function layoutProtection(assets: readonly Asset[]): DiagramLayout {
  const byId = new Map(assets.map((a) => [a.id, a]))
  const edges = new Map<string, DiagramEdge>()
  const add = (from: string, to: string, kind: LinkKind) => {
    if (from !== to && byId.has(from) && byId.has(to)) {
      edges.set(`${from}>${to}>${kind}`, { from, to, kind })
    }
  }
  for (const asset of assets) {
    if (asset.class === 'ups') {
      asset.protectedAssetIds.forEach((to) => add(asset.id, to, 'power'))
    } else if (asset.class === 'backup-system') {
      asset.protectedAssetIds.forEach((to) => add(asset.id, to, 'backup'))
    }
    for (const by of asset.protectedBy) {
      add(by.id, asset.id, by.kind)
    }
  }
  const involved = new Set<string>()
  for (const e of edges.values()) {
    involved.add(e.from)
    involved.add(e.to)
  }
  // Protectors are shown even when they protect nothing yet: an unlinked UPS is worth seeing.
  for (const a of assets) {
    if (a.class === 'ups' || a.class === 'backup-system') {
      involved.add(a.id)
    }
  }
  const byName = (a: string, b: string) => byId.get(a)!.name.localeCompare(byId.get(b)!.name)
  const columns: [string[], string[], string[]] = [[], [], []]
  for (const id of [...involved].sort(byName)) {
    columns[columnOf(byId.get(id)!.class)].push(id)
  }
  const edgeList = [...edges.values()]
  const protectorsOf = new Map<string, string[]>()
  const targetsOf = new Map<string, string[]>()
  for (const e of edgeList) {
    protectorsOf.set(e.to, [...(protectorsOf.get(e.to) ?? []), e.from])
    targetsOf.set(e.from, [...(targetsOf.get(e.from) ?? []), e.to])
  }

  const y = new Map<string, number>()
  const stack = (ids: string[]) => ids.forEach((id, i) => y.set(id, i * ROW))
  // The middle hangs under its protectors (in their name order at first), then the protectors follow the middle.
  stack(columns[0])
  stack(columns[2])
  const rank = (id: string) => {
    const ys = (protectorsOf.get(id) ?? []).map((p) => (y.get(p) ?? 0) + (columnOf(byId.get(p)!.class) === 2 ? 0.5 : 0))
    return ys.length > 0 ? mean(ys) : Number.POSITIVE_INFINITY
  }
  columns[1].sort((a, b) => rank(a) - rank(b) || byName(a, b))
  stack(columns[1])
  for (const side of [0, 2] as const) {
    const wanted = (id: string) => {
      const ys = (targetsOf.get(id) ?? []).map((t) => y.get(t) ?? 0)
      return ys.length > 0 ? mean(ys) : Number.POSITIVE_INFINITY
    }
    const ordered = [...columns[side]].sort((a, b) => wanted(a) - wanted(b) || byName(a, b))
    let next = 0
    for (const id of ordered) {
      const w = wanted(id)
      const top = Number.isFinite(w) ? Math.max(next, Math.round(w)) : next
      y.set(id, top)
      next = top + ROW
    }
    columns[side] = ordered
  }

  const nodes: DiagramNode[] = columns.flatMap((ids, column) =>
    ids.map((id) => {
      const a = byId.get(id)!
      return {
        id,
        name: a.name,
        class: a.class,
        column: column as 0 | 1 | 2,
        y: y.get(id) ?? 0,
        warning: a.warnings.length > 0,
      }
    }),
  )
  const height = nodes.reduce((max, n) => Math.max(max, n.y + ROW), 0)
  return { nodes, edges: edgeList, height }
}

/** Servers that no UPS feeds, and servers that no backup system backs up: the gaps a technician wants to see. */
export function unprotectedServers(assets: readonly Asset[]): { withoutPower: Asset[]; withoutBackup: Asset[] } {
  const servers = assets.filter((a) => a.class === 'server' && a.status === 'active')
  const has = (a: Asset, kind: LinkKind) =>
    a.protectedBy.some((p) => p.kind === kind) ||
    assets.some(
      (p) =>
        ((kind === 'power' && p.class === 'ups') || (kind === 'backup' && p.class === 'backup-system')) &&
        p.status !== 'retired' &&
        p.protectedAssetIds.includes(a.id),
    )
  return {
    withoutPower: servers.filter((s) => !has(s, 'power')),
    withoutBackup: servers.filter((s) => !has(s, 'backup')),
  }
}
