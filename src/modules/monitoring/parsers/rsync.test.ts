import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { rsnapshot, rsync } from './rsync.js'
import { bacula } from './bacula.js'
import { vzdump } from './vzdump.js'
import { UPS_STATES, type Parser, type ReportInput } from './types.js'

const fixture = (dir: string, name: string): string =>
  readFileSync(new URL(`../../../../test/fixtures/monitoring/${dir}/${name}`, import.meta.url), 'utf8')

const TZ = 'Europe/Amsterdam'
const input = (text: string, extra: Partial<ReportInput> = {}): ReportInput => ({
  text,
  timeZone: TZ,
  receivedAt: Date.UTC(2026, 10, 30, 6, 0, 0),
  ...extra,
})
/** A wall-clock time in Amsterdam in winter (UTC+1) as epoch ms. */
const ams = (y: number, mo: number, d: number, h: number, mi: number, s: number): number =>
  Date.UTC(y, mo - 1, d, h - 1, mi, s)

function runs(parser: Parser, text: string, extra: Partial<ReportInput> = {}) {
  const r = parser.parse(input(text, extra))
  if (r.status !== 'parsed') {
    throw new Error(`unparsed: ${r.reason}`)
  }
  return r.events.map((e) => {
    if (e.kind !== 'backup') {
      throw new Error('not a backup run')
    }
    return e
  })
}

describe('rsync --log-file (rsync 3.5.0)', () => {
  it('reads a clean run as success with the size and files transferred', () => {
    expect(runs(rsync, fixture('rsync', 'success.log'))).toEqual([
      {
        kind: 'backup',
        job: 'rsync',
        host: null,
        startedAt: ams(2026, 11, 30, 1, 15, 53),
        finishedAt: ams(2026, 11, 30, 1, 15, 53),
        result: 'success',
        bytes: 4,
        files: 2,
        errors: [],
        warnings: [],
      },
    ])
  })

  it('fails a missing source (code 23) although the other source was copied', () => {
    const [run] = runs(rsync, fixture('rsync', 'missing-source-23.log'))
    expect(run).toMatchObject({ result: 'failed', bytes: 4, files: 2, warnings: [] })
    expect(run!.errors).toEqual([
      'rsync: [sender] link_stat "/tmp/rs/nonexistent-src" failed: No such file or directory (2)',
      'rsync error: some files/attrs were not transferred (see previous errors) (code 23) at main.c(1394) [sender=3.5.0]',
    ])
  })

  it('warns on vanished files (code 24) and caps the warnings at LIMITS.messages', () => {
    const [run] = runs(rsync, fixture('rsync', 'vanished-24.log'))
    expect(run).toMatchObject({ result: 'warning', bytes: 6_000_000, errors: [] })
    expect(run!.warnings.length).toBe(200)
    expect(run!.warnings[0]).toBe('file has vanished: "/tmp/rs/big/f2"')
  })

  it.each([
    ['unknown-option-1.log', 'rsync error: syntax or usage error (code 1) at main.c(1886) [client=3.5.0]'],
    ['ssh-fail-255.log', 'rsync error: unexplained error (code 255) at io.c(285) [sender=3.5.0]'],
  ])('fails %s', (file, last) => {
    const [run] = runs(rsync, fixture('rsync', file))
    expect(run!.result).toBe('failed')
    expect(run!.errors.at(-1)).toBe(last)
  })

  it('takes the exit code for a log that ends without a result line', () => {
    const text = fixture('rsync', 'success.log').split('\n').slice(0, 3).join('\n')
    expect(runs(rsync, text)[0]!.result).toBe('failed')
    expect(runs(rsync, text, { exitCode: 0 })[0]!.result).toBe('success')
    expect(runs(rsync, text, { exitCode: 24 })[0]!.result).toBe('warning')
    expect(runs(rsync, text, { exitCode: 12 })[0]).toMatchObject({ result: 'failed', errors: ['rsync exit code 12'] })
  })

  it('lets a worse exit code override a clean log, never the reverse', () => {
    expect(runs(rsync, fixture('rsync', 'success.log'), { exitCode: 23 })[0]!.result).toBe('failed')
    expect(runs(rsync, fixture('rsync', 'missing-source-23.log'), { exitCode: 0 })[0]!.result).toBe('failed')
    expect(runs(rsync, fixture('rsync', 'success.log'), { exitCode: 77 })[0]!.result).toBe('failed')
  })

  it('gives one run per rsync process in an appended log, the exit code going to the last', () => {
    const text = fixture('rsync', 'missing-source-23.log') + fixture('rsync', 'success.log')
    expect(runs(rsync, text, { exitCode: 0 }).map((r) => r.result)).toEqual(['failed', 'success'])
  })

  it('counts the itemized files of a long transfer to its last line, a run per pid', () => {
    const line = (second: number, pid: string, msg: string) => `2026/11/30 01:15:${second} [${pid}] ${msg}`
    const text = [
      ...Array.from({ length: 1500 }, (_, i) => line(10 + Math.floor(i / 500), '918', `>f+++++++++ f${i}`)),
      line(20, '0918', '<f+++++++++ other pid'),
      line(21, '918', '>f+++++++++ again'),
      line(22, '918', '>d+++++++++ dir'),
      line(23, '918', 'sent 1 bytes  received 2 bytes  total size 3'),
    ].join('\r\n')
    expect(runs(rsync, text).map((r) => [r.files, r.startedAt, r.finishedAt, r.result])).toEqual([
      [1500, ams(2026, 11, 30, 1, 15, 10), ams(2026, 11, 30, 1, 15, 12), 'failed'],
      [1, ams(2026, 11, 30, 1, 15, 20), ams(2026, 11, 30, 1, 15, 20), 'failed'],
      [1, ams(2026, 11, 30, 1, 15, 21), ams(2026, 11, 30, 1, 15, 23), 'success'],
    ])
  })

  it('keeps 200 vanished files and still reads the lines after them', () => {
    const text = [
      '2026/11/30 01:15:10 [918] building file list',
      ...Array.from(
        { length: 300 },
        (_, i) => `2026/11/30 01:15:${11 + Math.floor(i / 100)} [918] file has vanished: "/f${i}"`,
      ),
      '2026/11/30 01:15:20 [918] sent 1 bytes  received 2 bytes  total size 3',
      '2026/11/30 01:15:21 [918] rsync warning: some files vanished before they could be transferred (code 24)',
    ].join('\n')
    const [run] = runs(rsync, text)
    expect(run).toMatchObject({ result: 'warning', bytes: 3, finishedAt: ams(2026, 11, 30, 1, 15, 21) })
    expect(run!.warnings.length).toBe(200)
    expect(run!.warnings[199]).toBe('file has vanished: "/f199"')
  })

  it('reads times in the report time zone', () => {
    const [run] = runs(rsync, fixture('rsync', 'success.log'), { timeZone: 'UTC' })
    expect(run!.startedAt).toBe(Date.UTC(2026, 10, 30, 1, 15, 53))
  })

  it('is unparsed for text without log-file lines, and for a syslog that mentions rsync', () => {
    expect(rsync.parse(input('rsync error: some files/attrs were not transferred (code 23)')).status).toBe('unparsed')
    expect(rsync.parse(input('Nov 30 01:15:53 host rsyncd[30313]: connect from x')).status).toBe('unparsed')
    expect(rsync.parse(input('2026/11/30 01:15:53 [abc] not a pid')).status).toBe('unparsed')
  })

  it('detects only rsync logs', () => {
    expect(rsync.detect(input(fixture('rsync', 'success.log')))).toBe(true)
    for (const [dir, file] of [
      ['rsnapshot', 'success.log'],
      ['vzdump', 'task-ok.log'],
      ['bacula', 'ok.txt'],
    ] as const) {
      expect(rsync.detect(input(fixture(dir, file)))).toBe(false)
    }
    expect(rsync.detect(input('info\t2026/11/30 01:00:00\tSYSTEM:\t[Local][Task] Backup task started.'))).toBe(false)
  })
})

describe('rsnapshot log (rsnapshot 1.4.5)', () => {
  it('reads a completed run as success, job = config and interval', () => {
    expect(runs(rsnapshot, fixture('rsnapshot', 'success.log'))).toEqual([
      {
        kind: 'backup',
        job: 'ok.conf daily',
        host: null,
        startedAt: ams(2026, 11, 30, 1, 16, 5),
        finishedAt: ams(2026, 11, 30, 1, 16, 5),
        result: 'success',
        bytes: null,
        files: null,
        errors: [],
        warnings: [],
      },
    ])
  })

  it('warns on "completed, but with some warnings" (rsync code 24, rsnapshot exit 2)', () => {
    const [run] = runs(rsnapshot, fixture('rsnapshot', 'warning-vanished.log'), { exitCode: 2 })
    expect(run).toMatchObject({ job: 'warn.conf daily', result: 'warning', errors: [] })
    expect(run!.warnings.length).toBe(200)
  })

  it('fails a config error (exit 1) that stops it before any rsync: no "started" line', () => {
    const [run] = runs(rsnapshot, fixture('rsnapshot', 'fatal.log'), { exitCode: 1 })
    expect(run).toMatchObject({ job: 'bad.conf daily', result: 'failed', warnings: [] })
    expect(run!.errors).toEqual([
      'ERROR: bad.conf on line 10:',
      'ERROR: bogus_directive foo ',
      'ERROR: Errors were found in bad.conf,',
      'ERROR: rsnapshot can not continue. If you think an entry looks right, make',
      "ERROR: sure you don't have spaces where only tabs should be.",
    ])
  })

  it('fails a missing local source: rsnapshot checks it as config, joining the wrapped line', () => {
    const [run] = runs(rsnapshot, fixture('rsnapshot', 'fatal-missing-source.log'))
    expect(run!.result).toBe('failed')
    expect(run!.errors[1]).toBe(
      'ERROR: backup /tmp/rs/nosuchdir/ missing/ - Source directory \\ "/tmp/rs/nosuchdir/" doesn\'t exist',
    )
  })

  it('maps exit codes 0/2/1 for a run that never completed, and anything else to failed', () => {
    const text = fixture('rsnapshot', 'success.log').split('\n').slice(0, 4).join('\n')
    expect(runs(rsnapshot, text)[0]).toMatchObject({
      result: 'failed',
      errors: ['the log ends before rsnapshot completed'],
    })
    expect(runs(rsnapshot, text, { exitCode: 0 })[0]!.result).toBe('success')
    expect(runs(rsnapshot, text, { exitCode: 2 })[0]!.result).toBe('warning')
    expect(runs(rsnapshot, text, { exitCode: 1 })[0]!.result).toBe('failed')
    expect(runs(rsnapshot, text, { exitCode: 3 })[0]!.result).toBe('failed')
    expect(runs(rsnapshot, fixture('rsnapshot', 'success.log'), { exitCode: 2 })[0]!.result).toBe('warning')
  })

  it('keeps runs of an appended log apart', () => {
    const text = fixture('rsnapshot', 'fatal.log') + fixture('rsnapshot', 'success.log')
    expect(runs(rsnapshot, text).map((r) => [r.job, r.result])).toEqual([
      ['bad.conf daily', 'failed'],
      ['ok.conf daily', 'success'],
    ])
  })

  it('keeps 200 vanished files and dates the run by its last line, also with CRLF line ends', () => {
    const vanished = Array.from(
      { length: 300 },
      (_, i) => `[2026-11-30T01:17:${10 + Math.floor(i / 100)}] file has vanished: "/f${i}"`,
    )
    const started = '[2026-11-30T01:16:05] /usr/bin/rsnapshot -c warn.conf daily: started'
    const done = '[2026-11-30T01:18:00] /usr/bin/rsnapshot -c warn.conf daily: completed, but with some warnings'
    for (const eol of ['\n', '\r\n']) {
      const [run] = runs(rsnapshot, [started, ...vanished, done].join(eol))
      expect(run).toMatchObject({ result: 'warning', finishedAt: ams(2026, 11, 30, 1, 18, 0) })
      expect(run!.warnings.length).toBe(200)
      expect(run!.warnings[199]).toBe('file has vanished: "/f199"')
      expect(runs(rsnapshot, [started, ...vanished, ''].join(eol))[0]!.finishedAt).toBe(ams(2026, 11, 30, 1, 17, 12))
    }
  })

  it('reads the rsnapshot 1.3 timestamp and a run without -c', () => {
    const text = [
      '[30/Nov/2026:01:16:05] /usr/bin/rsnapshot daily: started',
      '[30/Nov/2026:01:17:05] /usr/bin/rsnapshot daily: completed successfully',
    ].join('\n')
    expect(runs(rsnapshot, text)[0]).toMatchObject({
      job: 'daily',
      startedAt: ams(2026, 11, 30, 1, 16, 5),
      finishedAt: ams(2026, 11, 30, 1, 17, 5),
      result: 'success',
    })
  })

  it('is unparsed without a run, and detects only rsnapshot logs', () => {
    expect(rsnapshot.parse(input('[2026-11-30T01:16:05] mkdir -m 0755 -p /x/')).status).toBe('unparsed')
    expect(rsnapshot.parse(input('rsnapshot: completed successfully')).status).toBe('unparsed')
    expect(rsnapshot.detect(input(fixture('rsnapshot', 'fatal.log')))).toBe(true)
    expect(rsnapshot.detect(input(fixture('rsync', 'success.log')))).toBe(false)
    expect(rsnapshot.detect(input('[2026-11-30T01:16:05] something else'))).toBe(false)
  })
})

/** Property and size checks shared by this folder's log parsers. */
function robustness(parsers: Parser[], samples: string[], extra: Partial<ReportInput> = {}): void {
  const wellTyped = (parser: Parser, text: string, exitCode?: number): boolean => {
    const inp = input(text, { ...extra, ...(exitCode === undefined ? {} : { exitCode }) })
    expect(typeof parser.detect(inp)).toBe('boolean')
    const r = parser.parse(inp)
    if (r.status === 'unparsed') {
      return typeof r.reason === 'string'
    }
    for (const e of r.events) {
      if (e.kind === 'ups') {
        expect(UPS_STATES).toContain(e.state)
        continue
      }
      expect(typeof e.job).toBe('string')
      expect(['success', 'warning', 'failed']).toContain(e.result)
      for (const v of [e.startedAt, e.finishedAt, e.bytes, e.files]) {
        expect(v === null || Number.isFinite(v)).toBe(true)
      }
      expect(e.host === null || typeof e.host === 'string').toBe(true)
      expect(e.errors.length + e.warnings.length).toBeLessThanOrEqual(400)
      for (const m of [...e.errors, ...e.warnings]) {
        expect(typeof m === 'string' && m.length <= 2000).toBe(true)
      }
    }
    return true
  }
  const exitCodes = fc.option(fc.integer({ min: -2, max: 300 }), { nil: undefined })
  for (const parser of parsers) {
    it(`${parser.format}: never throws and returns well-typed results for any text`, () => {
      fc.assert(fc.property(fc.string(), exitCodes, (t, c) => wellTyped(parser, t, c)))
      fc.assert(fc.property(fc.string({ unit: 'binary' }), exitCodes, (t, c) => wellTyped(parser, t, c)))
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 2000 }), exitCodes, (b, c) =>
          wellTyped(parser, Buffer.from(b).toString('latin1'), c),
        ),
      )
      fc.assert(
        fc.property(fc.constantFrom(...samples), fc.nat(), fc.nat(), exitCodes, (sample, a, b, c) => {
          const from = Math.min(a, b) % (sample.length + 1)
          const to = Math.max(a, b) % (sample.length + 1)
          return wellTyped(parser, sample.slice(0, to), c) && wellTyped(parser, sample.slice(from), c)
        }),
      )
    })
    it(`${parser.format}: survives a single 10 MB line, also after a valid start`, () => {
      const line = 'x'.repeat(10 * 1024 * 1024)
      expect(wellTyped(parser, line)).toBe(true)
      expect(wellTyped(parser, `${samples[0]!}\n${line}\n${samples[0]!}`)).toBe(true)
    })
  }
}

describe('robustness', () => {
  robustness(
    [rsync, rsnapshot],
    [
      fixture('rsync', 'success.log'),
      fixture('rsync', 'missing-source-23.log'),
      fixture('rsnapshot', 'success.log'),
      fixture('rsnapshot', 'fatal-missing-source.log'),
      fixture('rsnapshot', 'warning-vanished.log').slice(0, 3000),
    ],
  )
  it('no other parser of this set claims an rsync or rsnapshot log', () => {
    for (const text of [fixture('rsync', 'vanished-24.log'), fixture('rsnapshot', 'warning-vanished.log')]) {
      expect([bacula, vzdump].map((p) => p.detect(input(text)))).toEqual([false, false])
    }
  })
})
