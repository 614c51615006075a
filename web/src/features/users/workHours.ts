import type { WorkHours } from '../../../../src/modules/users/schema.ts'

/**
 * Working hours in a few words: consecutive days with the same times together, e.g. `ma–do 08:00–17:00,
 * vr 08:00–12:00`. `dayNames` are the short weekday names, Monday first; days without hours are left out.
 */
export function workHoursSummary(hours: WorkHours['hours'], dayNames: readonly string[]): string {
  const perDay = new Map<number, string>()
  for (const day of [1, 2, 3, 4, 5, 6, 7]) {
    const ranges = hours
      .filter((h) => h.day === day)
      .sort((a, b) => a.from.localeCompare(b.from))
      .map((h) => `${h.from}–${h.to}`)
    if (ranges.length > 0) {
      perDay.set(day, ranges.join(' + '))
    }
  }
  const parts: string[] = []
  let day = 1
  while (day <= 7) {
    const times = perDay.get(day)
    if (times === undefined) {
      day++
      continue
    }
    let last = day
    while (last < 7 && perDay.get(last + 1) === times) {
      last++
    }
    const first = dayNames[day - 1] ?? String(day)
    const end = dayNames[last - 1] ?? String(last)
    parts.push(`${last === day ? first : `${first}–${end}`} ${times}`)
    day = last + 1
  }
  return parts.join(', ')
}

/** What working hours need before they are stored: at least one range. Other checks are slaForm's checkHours. */
export function hasHours(hours: WorkHours['hours']): boolean {
  return hours.length > 0
}
