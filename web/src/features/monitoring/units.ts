const UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte', 'petabyte'] as const

/**
 * A size in bytes for people, in steps of 1000 as disks and backup tools count: `830 kB`, `1,2 GB`, `3,4 TB` (one
 * decimal at most, in the given Intl locale). Backups run into terabytes, hence units beyond the app's usual GB.
 */
export function formatBytes(bytes: number, locale: string): string {
  let value = Math.abs(bytes)
  let i = 0
  while (value >= 1000 && i < UNITS.length - 1) {
    value /= 1000
    i++
  }
  const text = new Intl.NumberFormat(locale, {
    style: 'unit',
    unit: UNITS[i],
    unitDisplay: 'short',
    maximumFractionDigits: 1,
  }).format(value)
  return bytes < 0 ? `−${text}` : text
}

/** Whole years (rounded down) from `day` (YYYY-MM-DD) to the instant `now` (epoch ms); null without a day. */
export function yearsSince(day: string | null, now: number): number | null {
  if (!day) {
    return null
  }
  const [y, m, d] = day.split('-').map(Number) as [number, number, number]
  const today = new Date(now)
  let years = today.getUTCFullYear() - y
  if (today.getUTCMonth() + 1 < m || (today.getUTCMonth() + 1 === m && today.getUTCDate() < d)) {
    years--
  }
  return Math.max(0, years)
}
