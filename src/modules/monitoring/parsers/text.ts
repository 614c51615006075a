// Small tools the text-log parsers share: walking lines within LIMITS, capping messages, and local wall-clock times.
import { DateTime } from 'luxon'
import { LIMITS } from './types.js'

/**
 * Calls `fn` for each line (without `\r`), each cut to LIMITS.lineChars; stops early when `fn` returns false.
 * O(n), no split of the whole text.
 */
export function eachLine(text: string, fn: (line: string) => boolean | void): void {
  let start = 0
  const n = text.length
  while (start <= n) {
    let end = text.indexOf('\n', start)
    if (end < 0) {
      end = n
    }
    let stop = end
    if (stop - start > LIMITS.lineChars) {
      stop = start + LIMITS.lineChars
    } else if (stop > start && text.charCodeAt(stop - 1) === 13) {
      stop--
    }
    if (fn(text.slice(start, stop)) === false) {
      return
    }
    start = end + 1
  }
}

/** The first `chars` characters of the text, for cheap detection. */
export function head(text: string, chars = 16 * 1024): string {
  return text.length > chars ? text.slice(0, chars) : text
}

/** A message cut to LIMITS.messageChars. */
export function clip(message: string): string {
  return message.length > LIMITS.messageChars ? message.slice(0, LIMITS.messageChars) : message
}

/** Adds a message to an error or warning list, within LIMITS.messages and LIMITS.messageChars. */
export function pushMessage(list: string[], message: string): void {
  if (list.length < LIMITS.messages) {
    list.push(clip(message))
  }
}

export const isDigit = (c: number): boolean => c >= 48 && c <= 57

export type WallClock = (y: number, mo: number, d: number, h: number, mi: number, s: number) => number | null

/**
 * Wall-clock times in `zone` → epoch ms. luxon is asked once per local hour (its offset then applies to the
 * minutes and seconds of that hour), so a log with a time on every line stays fast. One per parse call.
 */
export function wallClock(zone: string): WallClock {
  const offsets = new Map<number, number | null>()
  return (y, mo, d, h, mi, s) => {
    if (!(mi >= 0 && mi <= 59 && s >= 0 && s <= 59)) {
      return null
    }
    const hourKey = ((y * 100 + mo) * 100 + d) * 100 + h
    let offset = offsets.get(hourKey)
    if (offset === undefined) {
      const dt = DateTime.fromObject({ year: y, month: mo, day: d, hour: h }, { zone })
      offset = dt.isValid ? dt.toMillis() - Date.UTC(y, mo - 1, d, h) : null
      if (offsets.size > 10_000) {
        offsets.clear()
      }
      offsets.set(hourKey, offset)
    }
    return offset === null ? null : Date.UTC(y, mo - 1, d, h, mi, s) + offset
  }
}
