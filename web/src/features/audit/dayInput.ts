/** A calendar day as typed by a Dutch user, `dd-mm-jjjj`; `/` and `.` work as separators too, as does ISO. */
export interface Day {
  year: number
  month: number
  day: number
}

/** Parses `31-12-2026`, `1-2-2026`, `31/12/2026`, `31.12.2026` or `2026-12-31`; `null` for anything else. */
export function parseDay(text: string): Day | null {
  const value = text.trim()
  const dutch = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(value)
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value)
  const [year, month, day] = dutch
    ? [Number(dutch[3]), Number(dutch[2]), Number(dutch[1])]
    : iso
      ? [Number(iso[1]), Number(iso[2]), Number(iso[3])]
      : [NaN, NaN, NaN]
  if (!Number.isInteger(year) || year < 1970 || month < 1 || month > 12 || day < 1) {
    return null
  }
  // Day 0 of the next month is the last day of this one: 31-02 and 29-02 of a common year are refused.
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate()
  return day <= daysInMonth ? { year, month, day } : null
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0')

/** `31-12-2026`: how the form shows a day. */
export function formatDay(d: Day): string {
  return `${pad(d.day)}-${pad(d.month)}-${pad(d.year, 4)}`
}

/** `2026-12-31`: how a day goes into the address bar. */
export function isoDay(d: Day): string {
  return `${pad(d.year, 4)}-${pad(d.month)}-${pad(d.day)}`
}

/** Local midnight at the start of the day, or the last millisecond of the day, as epoch ms. */
export function dayBoundary(d: Day, end: boolean): number {
  return end ? new Date(d.year, d.month - 1, d.day + 1).getTime() - 1 : new Date(d.year, d.month - 1, d.day).getTime()
}
