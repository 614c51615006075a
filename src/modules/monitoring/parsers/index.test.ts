import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { detectParser, FORMATS, parseReport, parserOf, PARSERS } from './index.js'
import type { ReportInput } from './types.js'

const FIXTURES = resolve(import.meta.dirname, '../../../../test/fixtures/monitoring')
const at = Date.UTC(2026, 10, 30, 6, 0, 0)
const report = (text: string): ReportInput => ({ text, timeZone: 'Europe/Amsterdam', receivedAt: at })

/** Which parser must claim each sample, by folder and file name; mails need their subject and are left out. */
function expectedFormat(dir: string, file: string): string | undefined {
  if (dir === 'veeam' || file.startsWith('mail-') || file.endsWith('.stderr') || file.endsWith('.stdout')) {
    return undefined
  }
  if (dir === 'restic' || dir === 'borg') {
    return file.startsWith('check-') ? `${dir}-check` : dir
  }
  if (dir === 'apcupsd') {
    return file.startsWith('apcaccess') ? 'apcaccess' : 'apcupsd-events'
  }
  if (dir === 'nut') {
    return file.startsWith('upslog')
      ? 'upslog'
      : file === 'upsmon-notify.log'
        ? 'upsmon'
        : file.startsWith('upsmon')
          ? undefined
          : 'nut'
  }
  return dir === 'synology' ? 'synology-log' : dir
}

function samples(): { path: string; format: string; text: string }[] {
  const out = []
  for (const dir of readdirSync(FIXTURES)) {
    for (const file of readdirSync(join(FIXTURES, dir))) {
      const path = join(FIXTURES, dir, file)
      const format = expectedFormat(dir, file)
      if (format && !statSync(path).isDirectory() && !/\.(md|exit)$/.test(file)) {
        out.push({ path: `${dir}/${file}`, format, text: readFileSync(path, 'utf8') })
      }
    }
  }
  return out
}

describe('the parser registry', () => {
  it('names every format once and finds each parser by it', () => {
    expect(new Set(FORMATS).size).toBe(PARSERS.length)
    for (const p of PARSERS) {
      expect(parserOf(p.format)).toBe(p)
    }
    expect(parserOf('onbekend')).toBeUndefined()
  })

  it("gives every real sample to its own parser, in the registry's order, and each one parses", () => {
    const all = samples()
    expect(all.length).toBeGreaterThan(60)
    for (const s of all) {
      expect(detectParser(report(s.text))?.format, s.path).toBe(s.format)
      expect(parseReport(report(s.text)).result.status, s.path).toBe('parsed')
    }
  })

  it('says unparsed, never success, for what no parser knows, and for an unknown format name', () => {
    for (const text of ['', 'Goedemorgen, de back-up is gelukt!', '{"ok":true}', 'OK\nOK\nOK']) {
      expect(parseReport(report(text))).toEqual({
        format: null,
        result: { status: 'unparsed', reason: 'no parser recognised the report' },
      })
    }
    expect(parseReport(report('x'), 'arcserve').result).toEqual({
      status: 'unparsed',
      reason: 'unknown format arcserve',
    })
  })

  it('has no parser that throws on any input: random text, bytes, cut samples', () => {
    const texts = samples().map((s) => s.text)
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 2000 }),
          fc.string({ unit: 'binary', maxLength: 500 }),
          fc.uint8Array({ maxLength: 2000 }).map((b) => Buffer.from(b).toString('latin1')),
          fc
            .tuple(fc.constantFrom(...texts), fc.nat(), fc.string())
            .map(([t, cut, tail]) => t.slice(0, cut % (t.length + 1)) + tail),
        ),
        (text) => {
          // Each parser itself, not through parseReport (which would turn a throw into `unparsed`).
          for (const parser of PARSERS) {
            parser.detect(report(text))
            expect(['parsed', 'unparsed']).toContain(parser.parse(report(text)).status)
          }
        },
      ),
      { numRuns: 300 },
    )
  })

  it('reads a 10 MB line with every parser without hanging', () => {
    const line = `${'x'.repeat(5_000_000)}: ${'9'.repeat(5_000_000)}`
    for (const parser of PARSERS) {
      parser.detect(report(line))
      expect(['parsed', 'unparsed']).toContain(parser.parse(report(line)).status)
    }
  })
})
