import { describe, expect, it } from 'vitest'
import type { Asset } from '../../../../src/modules/assets/schema.ts'
import { groupByClass, layoutProtection, ROW, summariseWarnings, unprotectedServers } from './infrastructure.ts'

let seq = 0
const id = () => `01a2289c-2827-7172-88c5-${String(++seq).padStart(12, '0')}`
const customerId = '01a2289c-2827-7172-88c5-4173152a3d30'

const base = (name: string) => ({
  id: id(),
  customerId,
  name,
  siteId: null,
  siteName: null,
  serial: null,
  purchaseDate: null,
  warrantyEnd: null,
  make: null,
  model: null,
  status: 'active' as const,
  notes: null,
  remoteAccess: null,
  activeFrom: '2026-01-01',
  activeUntil: null,
  retiredOn: null,
  protectedBy: [],
  warnings: [],
  createdAt: 1,
  updatedAt: 1,
})

const server = (name: string, extra: Partial<Asset> = {}): Asset =>
  ({
    ...base(name),
    class: 'server',
    kind: 'physical',
    os: null,
    osVersion: null,
    role: null,
    cpu: null,
    memoryGb: null,
    storageGb: null,
    ...extra,
  }) as Asset
const workstation = (name: string): Asset => ({
  ...base(name),
  class: 'workstation',
  os: null,
  osVersion: null,
  user: null,
})
const ups = (name: string, protects: Asset[]): Asset => ({
  ...base(name),
  class: 'ups',
  batteryInstalledOn: null,
  capacityVa: null,
  protectedAssetIds: protects.map((a) => a.id),
  monitoring: null,
})
const backup = (name: string, protects: Asset[]): Asset => ({
  ...base(name),
  class: 'backup-system',
  kind: 'nas',
  software: null,
  protectedAssetIds: protects.map((a) => a.id),
  expectedJobs: [],
})

describe('groupByClass', () => {
  it('groups in the order of the classes, servers first, and leaves out empty classes', () => {
    const w = workstation('pc-01')
    const s1 = server('srv-01')
    const u = ups('ups-01', [])
    const s2 = server('srv-02')
    const groups = groupByClass([w, s1, u, s2])
    expect(groups.map((g) => g.class)).toEqual(['server', 'workstation', 'ups'])
    expect(groups[0]!.items.map((a) => a.name)).toEqual(['srv-01', 'srv-02'])
  })
})

describe('summariseWarnings', () => {
  it('counts each warning and lists the oldest first', () => {
    const a = server('srv-b', { warnings: [{ code: 'warranty_expiring', date: '2026-05-01' }] })
    const b = server('srv-a', {
      warnings: [
        { code: 'warranty_expired', date: '2025-01-01' },
        { code: 'battery_old', date: '2026-05-01' },
      ],
    })
    const summary = summariseWarnings([a, b, workstation('pc')])
    expect(summary.counts).toEqual({ warranty_expired: 1, warranty_expiring: 1, battery_old: 1 })
    expect(summary.items.map((i) => [i.asset.name, i.warning.code])).toEqual([
      ['srv-a', 'warranty_expired'],
      ['srv-a', 'battery_old'],
      ['srv-b', 'warranty_expiring'],
    ])
  })
})

describe('layoutProtection', () => {
  it('puts UPSes left, protected assets in the middle and backup systems right, with one edge per link', () => {
    const s1 = server('srv-01')
    const s2 = server('srv-02')
    const pc = workstation('pc-01')
    const u = ups('ups-01', [s1, s2])
    const nas = backup('nas-01', [s1])
    const layout = layoutProtection([s1, s2, pc, u, nas])
    const column = Object.fromEntries(layout.nodes.map((n) => [n.name, n.column]))
    expect(column).toEqual({ 'ups-01': 0, 'srv-01': 1, 'srv-02': 1, 'nas-01': 2 })
    expect(layout.edges).toHaveLength(3)
    expect(layout.edges).toContainEqual({ from: u.id, to: s1.id, kind: 'power' })
    expect(layout.edges).toContainEqual({ from: nas.id, to: s1.id, kind: 'backup' })
  })

  it('takes links known only from protectedBy, and ignores links to assets not in the list', () => {
    const gone = ups('ups-gone', [])
    const s1 = server('srv-01', { protectedBy: [{ id: gone.id, name: 'ups-gone', class: 'ups', kind: 'power' }] })
    const u = ups('ups-01', [])
    const s2 = server('srv-02', { protectedBy: [{ id: u.id, name: 'ups-01', class: 'ups', kind: 'power' }] })
    const layout = layoutProtection([s1, s2, u])
    expect(layout.edges).toEqual([{ from: u.id, to: s2.id, kind: 'power' }])
    expect(layout.nodes.map((n) => n.name).sort()).toEqual(['srv-02', 'ups-01'])
  })

  it('keeps 30 assets on 3 UPSes apart: no two boxes of a column overlap, and every edge has both ends', () => {
    const servers = Array.from({ length: 30 }, (_, i) => server(`srv-${String(i).padStart(2, '0')}`))
    const upses = [0, 1, 2].map((k) =>
      ups(
        `ups-${k}`,
        servers.filter((_, i) => i % 3 === k),
      ),
    )
    const nas = backup('nas', servers.slice(0, 20))
    const layout = layoutProtection([...servers, ...upses, nas])
    const ids = new Set(layout.nodes.map((n) => n.id))
    for (const e of layout.edges) {
      expect(ids.has(e.from) && ids.has(e.to)).toBe(true)
    }
    for (const column of [0, 1, 2]) {
      const ys = layout.nodes
        .filter((n) => n.column === column)
        .map((n) => n.y)
        .sort((a, b) => a - b)
      ys.slice(1).forEach((y, i) => expect(y - ys[i]!).toBeGreaterThanOrEqual(ROW))
    }
    expect(layout.height).toBe(Math.max(...layout.nodes.map((n) => n.y)) + ROW)
  })

  it('orders the middle by protector, so that each UPS sits beside what it feeds', () => {
    const a = server('a')
    const b = server('b')
    const c = server('c')
    const d = server('d')
    const u1 = ups('ups-1', [b, d])
    const u2 = ups('ups-2', [a, c])
    const layout = layoutProtection([a, b, c, d, u1, u2])
    const middle = layout.nodes.filter((n) => n.column === 1).sort((x, y) => x.y - y.y)
    expect(middle.map((n) => n.name)).toEqual(['b', 'd', 'a', 'c'])
    const at = (name: string) => layout.nodes.find((n) => n.name === name)!.y
    expect(at('ups-1')).toBeLessThan(at('ups-2'))
  })
})

describe('unprotectedServers', () => {
  it('names the active servers without a UPS and without a backup', () => {
    const s1 = server('srv-01')
    const s2 = server('srv-02')
    const spare = server('srv-spare', { status: 'spare' })
    const u = ups('ups', [s1])
    const nas = backup('nas', [s2])
    const result = unprotectedServers([s1, s2, spare, u, nas])
    expect(result.withoutPower.map((s) => s.name)).toEqual(['srv-02'])
    expect(result.withoutBackup.map((s) => s.name)).toEqual(['srv-01'])
  })
})
