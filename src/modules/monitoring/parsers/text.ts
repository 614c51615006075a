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

/**
 * Where the line that starts at `start` ends as eachLine gives it: `nl` is its '\n' (or text.length); the line is cut
 * to LIMITS.lineChars, else a '\r' before `nl` is left out. For parsers that walk the text by index, without a slice
 * per line. Such a walk is best a function of its own that ends in a plain return: V8 optimises a loop while it runs,
 * and code after the loop in the same function has no type feedback yet, which throws that work away on reaching it.
 */
export function lineStop(text: string, start: number, nl: number): number {
  if (nl - start > LIMITS.lineChars) {
    return start + LIMITS.lineChars
  }
  return nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl
}

/** Whether String.prototype.trim (and regex `\s`) counts the UTF-16 code unit `c` as white space. */
export function isSpace(c: number): boolean {
  if (c < 128) {
    return c === 32 || (c >= 9 && c <= 13)
  }
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  )
}

/** The first index in [from, to) that is not white space, or `to`: where `text.slice(from, to).trim()` starts. */
export function skipSpace(text: string, from: number, to: number): number {
  while (from < to && isSpace(text.charCodeAt(from))) {
    from++
  }
  return from
}

/** Where `text.slice(from, to).trimEnd()` ends (from when it is all white space). */
export function trimEndAt(text: string, from: number, to: number): number {
  while (to > from && isSpace(text.charCodeAt(to - 1))) {
    to--
  }
  return to
}

/** The digits at text[from, from + count) as a number, or -1 when one of them is not a digit. No slice, no Number(). */
export function digitsAt(text: string, from: number, count: number): number {
  let n = 0
  for (let i = from; i < from + count; i++) {
    const c = text.charCodeAt(i) - 48
    if (!(c >= 0 && c <= 9)) {
      return -1
    }
    n = n * 10 + c
  }
  return n
}

/**
 * Negative unless text[at] and text[at + 1] are both ASCII digits: a test without branches, for or-ing the pairs of a
 * timestamp together (`(twoDigits(t, 0) | twoDigits(t, 2) | …) >= 0`), which costs far less than a loop per field.
 */
export function twoDigits(text: string, at: number): number {
  const a = text.charCodeAt(at) - 48
  const b = text.charCodeAt(at + 1) - 48
  return a | b | (9 - a) | (9 - b)
}

/**
 * Whether `word` is at text[at]: `text.startsWith(word, at)`, which costs far more per call than this loop for the
 * short words parsers look for.
 */
export function isAt(text: string, at: number, word: string): boolean {
  const n = word.length
  if (at < 0 || at + n > text.length) {
    return false
  }
  for (let i = 0; i < n; i++) {
    if (text.charCodeAt(at + i) !== word.charCodeAt(i)) {
      return false
    }
  }
  return true
}

/**
 * Date.UTC(y, mo - 1, d, h, mi, s) for whole numbers with mo 1–12, by arithmetic (days from the civil date), which
 * costs a fraction of Date.UTC per log line. Years below 100 go to Date.UTC, which reads them as 1900–1999.
 */
export function utcMillis(y: number, mo: number, d: number, h: number, mi: number, s: number): number {
  if (y < 100) {
    return Date.UTC(y, mo - 1, d, h, mi, s)
  }
  const year = mo <= 2 ? y - 1 : y
  const era = Math.floor(year / 400)
  const yearOfEra = year - era * 400
  const dayOfYear = Math.floor((153 * (mo > 2 ? mo - 3 : mo + 9) + 2) / 5) + d - 1
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear
  return (era * 146_097 + dayOfEra - 719_468) * 86_400_000 + h * 3_600_000 + mi * 60_000 + s * 1000
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
  // For real calendar hours: the hour's first millisecond in epoch ms, offset applied (Date.UTC is slow per line).
  const hours = new Map<number, number | null>()
  let lastKey = -1
  let lastBase: number | null = null
  const offsetOf = (hourKey: number, y: number, mo: number, d: number, h: number): number | null => {
    let offset = offsets.get(hourKey)
    if (offset === undefined) {
      const dt = DateTime.fromObject({ year: y, month: mo, day: d, hour: h }, { zone })
      offset = dt.isValid ? dt.toMillis() - Date.UTC(y, mo - 1, d, h) : null
      if (offsets.size > 10_000) {
        offsets.clear()
        hours.clear()
        lastKey = -1
      }
      offsets.set(hourKey, offset)
    }
    return offset
  }
  return (y, mo, d, h, mi, s) => {
    if (!(mi >= 0 && mi <= 59 && s >= 0 && s <= 59)) {
      return null
    }
    const hourKey = ((y * 100 + mo) * 100 + d) * 100 + h
    // Whole numbers in calendar ranges give each hour its own key; anything else (fractions from a garbled line,
    // which Date.UTC truncates) takes the general path, which may share a key with another hour as it always did.
    if (
      (mo | 0) === mo &&
      (d | 0) === d &&
      (h | 0) === h &&
      (mi | 0) === mi &&
      (s | 0) === s &&
      Number.isSafeInteger(y) &&
      mo >= 1 &&
      mo <= 12 &&
      d >= 1 &&
      d <= 31 &&
      h >= 0 &&
      h <= 23 &&
      y >= 0 &&
      y <= 999_999
    ) {
      // The same hour as the last call is the common case; a Map lookup would box a key this large.
      if (hourKey !== lastKey) {
        let base = hours.get(hourKey)
        if (base === undefined) {
          const offset = offsetOf(hourKey, y, mo, d, h)
          base = offset === null ? null : Date.UTC(y, mo - 1, d, h) + offset
          hours.set(hourKey, base)
        }
        lastKey = hourKey
        lastBase = base
      }
      return lastBase === null ? null : lastBase + mi * 60_000 + s * 1000
    }
    // A garbled date (a letter among its digits reads as NaN) is no time at all; luxon would throw on it.
    if (!(Number.isFinite(y) && Number.isFinite(mo) && Number.isFinite(d) && Number.isFinite(h))) {
      return null
    }
    const offset = offsetOf(hourKey, y, mo, d, h)
    return offset === null ? null : Date.UTC(y, mo - 1, d, h, mi, s) + offset
  }
}

/** Per word indexOfWord was asked for (the parsers' own constants): the six characters it searches for, and where. */
const WORD_PARTS = new Map<string, { part: string; skip: number }>()

/**
 * `text.indexOf(word, from)`, for words of seven characters or more as well as shorter ones: V8 searches a pattern of
 * seven or more with Boyer-Moore-Horspool, which on log text costs several times its plain search for a shorter one
 * (memchr on the first character). So six characters of the word are searched for, and the rest compared; when the
 * word starts with a space (frequent in any text, and so a slow start for memchr), the six after it.
 */
export function indexOfWord(text: string, word: string, from: number): number {
  if (word.length < 7) {
    return text.indexOf(word, from)
  }
  let part = WORD_PARTS.get(word)
  if (part === undefined) {
    const skip = word.charCodeAt(0) === 32 ? 1 : 0
    part = { part: word.slice(skip, skip + 6), skip }
    if (WORD_PARTS.size < 1000) {
      WORD_PARTS.set(word, part)
    }
  }
  const skip = part.skip
  for (let at = text.indexOf(part.part, from + skip); at >= 0; at = text.indexOf(part.part, at + 1)) {
    if (isAt(text, at - skip, word)) {
      return at - skip
    }
  }
  return -1
}

/**
 * A string of its own with the characters of `s`: in V8 a slice of 13 characters or more of a long text is a view
 * into that text, and reading its characters (or comparing it) costs markedly more than for a string of its own. For
 * strings that a parser keeps and compares line after line.
 */
export function flat(s: string): string {
  return s.length < 13 ? s : (JSON.parse(JSON.stringify(s)) as string)
}
