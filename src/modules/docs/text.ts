// Words for the full-text index and its queries: lower-case, without diacritics, stemmed in Dutch or English by
// Snowball (the same algorithms PostgreSQL's 'dutch' and 'english' configurations use). Pure functions.
import { required } from '../../platform/lazy.js'

export const DOC_LANGUAGES = ['nl', 'en'] as const
export type DocLanguage = (typeof DOC_LANGUAGES)[number]

// The Snowball package holds the algorithms of some thirty languages (850 kB of source): required at the first word
// stemmed, not at start, so that a server whose documentation is not searched does not carry it.
const snowball = required<typeof import('snowball-stemmers')>('snowball-stemmers')
let stemmers: Record<DocLanguage, { stem(word: string): string }> | undefined
function stemmerOf(language: DocLanguage): { stem(word: string): string } {
  stemmers ??= { nl: snowball().newStemmer('dutch'), en: snowball().newStemmer('english') }
  return stemmers[language]
}
// Words of one or two letters carry no meaning a search could use ("de", "is", "ip" being the odd exception).
const MIN_WORD = 2
const MAX_WORD = 60
const WORD = /[\p{L}\p{N}]+/gu

/** Lower-case, without diacritics ("Één" → "een"). */
export function fold(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase()
}

/** The words of a text as they are written (folded), in order. */
export function words(text: string): string[] {
  return (fold(text).match(WORD) ?? []).filter((w) => w.length >= MIN_WORD && w.length <= MAX_WORD)
}

const cache = { nl: new Map<string, string>(), en: new Map<string, string>() }

/** The stem of a folded word in a language; cached, as the same words recur. */
export function stem(word: string, language: DocLanguage): string {
  const known = cache[language].get(word)
  if (known !== undefined) {
    return known
  }
  const s = /^\p{N}+$/u.test(word) ? word : stemmerOf(language).stem(word)
  if (cache[language].size > 50_000) {
    cache[language].clear()
  }
  cache[language].set(word, s)
  return s
}

/** The stemmed words of a text, space-separated: what the SQLite index holds. */
export function stemmedText(text: string, language: DocLanguage): string {
  return words(text)
    .map((w) => stem(w, language))
    .join(' ')
}

/** A word of a query with its stems in both languages: a query does not say which language it is in. */
export interface QueryWord {
  word: string
  stems: string[]
}

/** The words of a search query (at most 12), each with its Dutch and English stems. */
export function queryWords(q: string): QueryWord[] {
  const seen = new Set<string>()
  const out: QueryWord[] = []
  for (const word of words(q)) {
    if (seen.has(word) || out.length >= 12) {
      continue
    }
    seen.add(word)
    out.push({ word, stems: [...new Set(DOC_LANGUAGES.map((l) => stem(word, l)))] })
  }
  return out
}

// Words that say nothing about what a ticket is about ("de printer werkt niet"): left out of suggestions.
const STOP_WORDS = new Set(
  (
    'de het een en of van in op aan met voor bij naar uit om te als dat die dit deze er is zijn was wordt worden ' +
    'ik je jij u we wij mijn onze ons hij zij ze niet geen wel nog ook al meer kan kunnen wil moet doet doen ' +
    'werkt werken lukt gaat gaan meer heb hebben had maar dan wat hoe waarom waar wanneer graag help hulp probleem ' +
    'the a an and or of in on at to for with by from is are was be been it its this that my our we i you he she ' +
    'they not no can cannot does do doesn work works working how why what when where please help problem issue'
  ).split(' '),
)

/** The words of a ticket's title that may point to a document: without the words every title has. */
export function meaningfulWords(q: string): QueryWord[] {
  return queryWords(q).filter((w) => !STOP_WORDS.has(w.word))
}

/** Whether two words differ by at most one letter inserted, left out, changed, or two neighbours swapped. */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) {
    return true
  }
  const la = a.length
  const lb = b.length
  if (Math.abs(la - lb) > 1) {
    return false
  }
  let i = 0
  while (i < la && i < lb && a[i] === b[i]) {
    i++
  }
  if (la === lb) {
    // One change, or a swap of the two letters at i.
    return (
      a.slice(i + 1) === b.slice(i + 1) || (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2))
    )
  }
  return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1)
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string)

/**
 * A piece of `text` (about `length` characters) around the first words whose stem is one of `stems`, HTML-escaped,
 * with those words in <mark>. Without a match: the beginning of the text.
 */
export function snippet(text: string, stems: ReadonlySet<string>, language: DocLanguage, length = 180): string {
  const matches: { from: number; to: number }[] = []
  // Words are found on the folded text; folding keeps positions only for text without decomposable letters, so the
  // original is searched word by word instead.
  const re = /[\p{L}\p{N}]+/gu
  let m: RegExpExecArray | null
  let first = -1
  while ((m = re.exec(text)) !== null) {
    const w = fold(m[0])
    if (w.length >= MIN_WORD && stems.has(stem(w, language))) {
      matches.push({ from: m.index, to: m.index + m[0].length })
      if (first < 0) {
        first = m.index
      }
    }
    if (first >= 0 && m.index > first + length) {
      break
    }
  }
  let start = first < 0 ? 0 : Math.max(0, first - Math.floor(length / 3))
  if (start > 0) {
    const space = text.indexOf(' ', start)
    start = space >= 0 && space < first ? space + 1 : start
  }
  let end = Math.min(text.length, start + length)
  if (end < text.length) {
    const space = text.lastIndexOf(' ', end)
    end = space > start ? space : end
  }
  let out = start > 0 ? '…' : ''
  let at = start
  for (const { from, to } of matches) {
    if (from < start || to > end) {
      continue
    }
    out += `${escapeHtml(text.slice(at, from))}<mark>${escapeHtml(text.slice(from, to))}</mark>`
    at = to
  }
  out += escapeHtml(text.slice(at, end))
  return end < text.length ? `${out}…` : out
}

/** A URL-safe name made of a title: "Printer installeren (Windows 11)" → "printer-installeren-windows-11". */
export function slugOf(title: string): string {
  const slug = fold(title)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 100)
    .replace(/-+$/, '')
  return slug === '' ? 'document' : slug
}
