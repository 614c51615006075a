// Backup and UPS parsers: MB/s of each on a large input, against a plain line split (text formats) or a line split
// with JSON.parse of every line (JSON formats) over the same bytes, in the same run.
//
// The large inputs are the real samples under test/fixtures/monitoring/ repeated to about BENCH_MB megabytes. A
// repeated log is what a busy host's log looks like; a repeated mail body is a long mail, which is not what mail
// reports look like but measures the same per-byte work. Mail formats get a subject of their kind; an HTML mail
// (Veeam's) comes as mail-in hands it over: the HTML, and its text as the text body. Its MB/s and its reference
// are over the HTML's bytes. Each parser runs
// BENCH_ROUNDS times after a warm-up; the best round counts, for the parser and for its reference alike. For a format
// whose input makes many events, two more lines show the ratio that building those event objects alone leaves, and
// finding the lines as well: the ceiling of any parser that returns them. For an HTML mail, two lines show what finding its tables' rows and cells
// alone leaves, and what taking each cell's text as well leaves.
//
//   npx tsx bench/parsers.ts              the table (default 8 MB per format)
//   BENCH_MB=2 npx tsx bench/parsers.ts   smaller inputs
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { PARSERS } from '../src/modules/monitoring/parsers/index.js'
import { htmlToText } from '../src/platform/mail/html.js'
import type { ParsedEvent, Parser, ReportInput } from '../src/modules/monitoring/parsers/types.js'
import { fmt, ROOT, row, verdict } from './support.js'

const MB = Number(process.env.BENCH_MB ?? 8)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5)
const TARGET_RATIO = 0.3
/** From this many events in the large input, the bench also shows the ratio that building them alone leaves. */
const EVENT_DENSE = 1000
const FIXTURES = join(ROOT, 'test', 'fixtures', 'monitoring')
const RECEIVED_AT = Date.UTC(2026, 10, 30, 6, 0, 0)

/** Formats whose reports are JSON (lines): their reference parses every line as JSON. */
const JSON_FORMATS = new Set(['restic', 'borg', 'borg-check'])

/** The subject a mail report of this format comes with. */
const SUBJECTS: Record<string, string> = {
  veeam: '[Success] Dagelijkse back-up (3 machines)',
  bacula: 'Bacula: Backup OK of srv01-fd Full',
  vzdump: 'vzdump backup status (pve1.example.com): backup successful',
  synology: '[NAS01] Backup task Daily NAS has been completed successfully',
}

/** Formats whose mails are HTML: the parser gets the HTML and, as text, what mail-in makes of it (htmlToText). */
const HTML_MAILS = new Set(['veeam'])

/** Mail formats: their samples are the mails in their own folder (with a subject, any text would do for them). */
const MAIL_SAMPLES: Record<string, { dir: string; files: RegExp }> = {
  veeam: { dir: 'veeam', files: /\.html$/ },
  bacula: { dir: 'bacula', files: /\.txt$/ },
  vzdump: { dir: 'vzdump', files: /^mail-/ },
  synology: { dir: 'synology', files: /^mail-/ },
}

/** The samples of a format: the fixture files its parser recognises (mail formats: the mails of their folder). */
function samplesOf(parser: Parser): string[] {
  const out: string[] = []
  const mail = MAIL_SAMPLES[parser.format]
  for (const dir of readdirSync(FIXTURES)) {
    if (mail && dir !== mail.dir) {
      continue
    }
    for (const file of readdirSync(join(FIXTURES, dir), { recursive: true, encoding: 'utf8' })) {
      if (/\.(md|exit|seq|conf)$/.test(file) || file.includes('setup') || (mail && !mail.files.test(file))) {
        continue
      }
      let text: string
      try {
        text = readFileSync(join(FIXTURES, dir, file), 'utf8')
      } catch {
        continue // a folder
      }
      if (parser.detect(input(parser.format, text))) {
        out.push(text)
      }
    }
  }
  return out
}

function input(format: string, text: string): ReportInput {
  const subject = SUBJECTS[format]
  const html = HTML_MAILS.has(format) ? text : null
  return {
    text: html === null ? text : htmlToText(html),
    timeZone: 'Europe/Amsterdam',
    receivedAt: RECEIVED_AT,
    ...(subject !== undefined && { mail: { subject, from: 'backup@klant.example.nl', date: RECEIVED_AT, html } }),
  }
}

/** The samples one after the other, again and again, to about MB megabytes. */
function large(samples: string[]): string {
  const parts: string[] = []
  let size = 0
  for (let i = 0; size < MB * 1024 * 1024; i++) {
    const s = samples[i % samples.length]!
    parts.push(s.endsWith('\n') ? s : `${s}\n`)
    size += s.length + 1
  }
  return parts.join('')
}

/** The best MB/s of `fn` over ROUNDS rounds (after one warm-up round). */
function bestMbPerS(bytes: number, fn: () => unknown): number {
  let sink: unknown
  sink = fn()
  let best = 0
  for (let round = 0; round < ROUNDS; round++) {
    const t0 = performance.now()
    sink = fn()
    const seconds = (performance.now() - t0) / 1000
    best = Math.max(best, bytes / (1024 * 1024) / seconds)
  }
  if (sink === Symbol.for('never')) {
    console.log(sink)
  }
  return best
}

/** A fresh object of the same shape as `e`, with the same strings (what returning it costs, without finding it). */
function copyEvent(e: ParsedEvent): ParsedEvent {
  return e.kind === 'ups'
    ? {
        kind: 'ups',
        ups: e.ups,
        at: e.at,
        state: e.state,
        charge: e.charge,
        runtimeSeconds: e.runtimeSeconds,
        loadPercent: e.loadPercent,
        inputVoltage: e.inputVoltage,
        message: e.message,
      }
    : {
        kind: 'backup',
        job: e.job,
        host: e.host,
        startedAt: e.startedAt,
        finishedAt: e.finishedAt,
        result: e.result,
        bytes: e.bytes,
        files: e.files,
        errors: [...e.errors],
        warnings: [...e.warnings],
      }
}

/**
 * Builds the events again, as a parser that returns them must at the least: one new object per distinct event (a
 * parser may return one frozen object for identical events, as upsmon does), the array of all of them.
 */
function buildEvents(events: readonly ParsedEvent[]): ParsedEvent[] {
  const out = new Array<ParsedEvent>(events.length)
  let previous: ParsedEvent | undefined
  let copy: ParsedEvent | undefined
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!
    if (e !== previous) {
      previous = e
      copy = Object.isFrozen(e) ? e : copyEvent(e)
    }
    out[i] = copy!
  }
  return out
}

/**
 * Where the rows and cells of an HTML mail's tables are, found with indexOf alone: every `<t…` tag (tr, td, table…)
 * and the `>` that ends it. What any reader of a table must find at the least, without reading a cell. With
 * `withText`, each cell's text is taken too (up to its `</td`): what a reader that reads every cell does at the least.
 * Returns the number of cells (and the characters taken).
 */
function findCells(html: string, withText: boolean): number {
  let cells = 0
  let chars = 0
  for (let lt = html.indexOf('<t'); lt >= 0;) {
    const gt = html.indexOf('>', lt + 2)
    if (gt < 0) {
      break
    }
    let next = gt + 1
    if (html.charCodeAt(lt + 2) === 100) {
      cells++
      if (withText) {
        const end = html.indexOf('</td', next)
        if (end < 0) {
          break
        }
        chars += html.slice(next, end).length
        next = end
      }
    }
    lt = html.indexOf('<t', next)
  }
  return cells + chars
}

/** How many lines the text has, found with indexOf: what a parser that reads a log line by line does at the least. */
function findLines(text: string): number {
  let lines = 0
  for (let start = 0; start <= text.length; lines++) {
    const nl = text.indexOf('\n', start)
    if (nl < 0) {
      return lines + 1
    }
    start = nl + 1
  }
  return lines
}

function splitLines(text: string): number {
  return text.split('\n').length
}

function splitAndParse(text: string): number {
  let n = 0
  for (const line of text.split('\n')) {
    if (line.startsWith('{') || line.startsWith('[')) {
      try {
        JSON.parse(line)
        n++
      } catch {
        // A text line between the JSON ones (stderr): the parser has to read past it too.
      }
    }
  }
  return n
}

function main(): void {
  console.log(
    `bench/parsers: each parser on its samples repeated to about ${MB} MB, against a line split (text) or a line split with JSON.parse per line (JSON), best of ${ROUNDS} rounds; Node ${process.version}\n`,
  )
  console.log(row('', 'parser / reference', `≥ ${TARGET_RATIO}`))
  let below = 0
  for (const parser of PARSERS) {
    const samples = samplesOf(parser)
    if (samples.length === 0) {
      console.log(row(parser.format, 'no samples recognised'))
      continue
    }
    const text = large(samples)
    const bytes = Buffer.byteLength(text)
    const report = input(parser.format, text)
    const result = parser.parse(report)
    const json = JSON_FORMATS.has(parser.format)
    const ours = bestMbPerS(bytes, () => parser.parse(report))
    const reference = bestMbPerS(bytes, () => (json ? splitAndParse(text) : splitLines(text)))
    const ratio = ours / reference
    if (ratio < TARGET_RATIO) {
      below++
    }
    const events = result.status === 'parsed' ? `${fmt(result.events.length)} events` : 'unparsed'
    console.log(
      row(
        `${parser.format} (${samples.length} samples, ${fmt(bytes / 1024 / 1024, 1)} MB, ${events})`,
        `${fmt(ours, 0)} MB/s vs ${fmt(reference, 0)} ${json ? 'split+JSON' : 'split'}: ${fmt(ratio, 2)}`,
        '',
        verdict(ratio >= TARGET_RATIO),
      ),
    )
    // An HTML mail: finding its tables' rows and cells, and taking each cell's text, bound any reader of them.
    if (HTML_MAILS.has(parser.format)) {
      const cells = findCells(text, false)
      const structure = bestMbPerS(bytes, () => findCells(text, false)) / reference
      const texts = bestMbPerS(bytes, () => findCells(text, true)) / reference
      console.log(row(`   finding its ${fmt(cells)} cells and their rows alone`, `ratio ${fmt(structure, 2)} at best`))
      console.log(row(`   and taking each cell's text`, `ratio ${fmt(texts, 2)} at best`))
    }
    // Where a report makes an event every few lines, finding its lines and building those objects alone bound the
    // ratio: shown, so that a parser near it is known to be near the floor.
    if (result.status === 'parsed' && result.events.length >= EVENT_DENSE) {
      const events = result.events
      const floor = bestMbPerS(bytes, () => buildEvents(events)) / reference
      const withLines = bestMbPerS(bytes, () => findLines(text) + buildEvents(events).length) / reference
      console.log(row(`   building its ${fmt(events.length)} events alone`, `ratio ${fmt(floor, 2)} at best`))
      console.log(row(`   finding its ${fmt(findLines(text))} lines too`, `ratio ${fmt(withLines, 2)} at best`))
    }
  }
  console.log(`\n${below} of ${PARSERS.length} parsers below the target ratio`)
}

main()
