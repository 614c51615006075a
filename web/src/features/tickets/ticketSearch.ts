/**
 * What to send as `q` when someone looks a ticket up: the server finds a number only when it is written in full
 * (`2026-000123`), so `123`, `#123` and `2026-123` become that; any other text (a word of the title) goes as typed.
 * A bare number is taken to be of `year`, the current year.
 */
export function ticketQuery(text: string, year: number): string {
  const value = text.trim()
  const bare = /^#?(\d{1,6})$/.exec(value)
  if (bare?.[1]) {
    return `${year}-${bare[1].padStart(6, '0')}`
  }
  const withYear = /^#?(\d{4})-(\d{1,6})$/.exec(value)
  if (withYear?.[1] && withYear[2]) {
    return `${withYear[1]}-${withYear[2].padStart(6, '0')}`
  }
  return value
}
