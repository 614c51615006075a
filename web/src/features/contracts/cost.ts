import { ASSET_CLASSES, type AssetClass } from '../../../../src/modules/assets/classes.ts'
import type { CostMonth } from '../../../../src/modules/contracts/schema.ts'

export interface CostRow {
  /** `base`, or the asset class of the line. */
  key: 'base' | AssetClass
  quantity: number | null
  previousQuantity: number | null
  unitCents: number | null
  amountCents: number
  previousAmountCents: number
  /** The line's amount differs from the month before. */
  changed: boolean
}

/**
 * The lines of a month beside those of the month before, one row per line of either: the base fee first, then the
 * asset classes in their fixed order. A class present in one month only shows 0 in the other. O(classes).
 */
export function costRows(current: CostMonth, previous: CostMonth): CostRow[] {
  const keys: CostRow['key'][] = ['base', ...ASSET_CLASSES]
  const find = (month: CostMonth, key: CostRow['key']) =>
    month.lines.find((l) => (key === 'base' ? l.kind === 'base' : l.kind === 'assets' && l.class === key))
  const rows: CostRow[] = []
  for (const key of keys) {
    const now = find(current, key)
    const before = find(previous, key)
    if (!now && !before) {
      continue
    }
    const quantity = now?.kind === 'assets' ? now.quantity : key === 'base' ? null : 0
    const previousQuantity = before?.kind === 'assets' ? before.quantity : key === 'base' ? null : 0
    const amountCents = now?.amountCents ?? 0
    const previousAmountCents = before?.amountCents ?? 0
    rows.push({
      key,
      quantity,
      previousQuantity,
      unitCents: now?.kind === 'assets' ? now.unitCents : before?.kind === 'assets' ? before.unitCents : null,
      amountCents,
      previousAmountCents,
      changed: amountCents !== previousAmountCents,
    })
  }
  return rows
}

/** `YYYY-MM` of an instant (epoch ms) in the browser's time zone. */
export function monthOf(epochMs: number): string {
  const d = new Date(epochMs)
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`
}

/** The months to choose from: `ahead` months after that of `now` down to `back` months before it, newest first. */
export function monthChoices(now: number, ahead: number, back: number): string[] {
  const d = new Date(now)
  return Array.from({ length: ahead + back + 1 }, (_, i) =>
    monthOf(new Date(d.getFullYear(), d.getMonth() + ahead - i, 1).getTime()),
  )
}

/**
 * The day the cost of `month` is asked for: today in the current month (what the customer pays as things stand),
 * else the first day of the month (what the month was billed on). `undefined` means today.
 */
export function costDate(month: string, currentMonth: string): string | undefined {
  return month === currentMonth ? undefined : `${month}-01`
}
