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

const mail = (subject: string) => ({ mail: { subject, from: 'bacula@backup.example.com', date: null, html: null } })

describe('Bacula / Bareos job report mail', () => {
  it('reads "Backup OK" as success from the Key: value block', () => {
    expect(runs(bacula, fixture('bacula', 'ok.txt'), mail('Bacula: Backup OK of vm-fd Full'))).toEqual([
      {
        kind: 'backup',
        job: 'BackupClient1',
        host: 'vm-fd',
        startedAt: ams(2026, 11, 29, 17, 51, 3),
        finishedAt: ams(2026, 11, 29, 17, 51, 4),
        result: 'success',
        bytes: 1234,
        files: 5,
        errors: [],
        warnings: [],
      },
    ])
  })

  it('reads "Backup OK -- with warnings" as a warning with the job log warning', () => {
    expect(runs(bacula, fixture('bacula', 'ok-with-warnings.txt'))).toMatchObject([
      {
        job: 'BackupClient1',
        result: 'warning',
        errors: [],
        warnings: [
          'Could not stat "/srv/nonexistent": ERR=No such file or directory',
          'Termination: Backup OK -- with warnings',
        ],
      },
    ])
  })

  it('warns on Non-fatal FD errors even when Termination says plain OK (9.6 stores such jobs as T)', () => {
    const text = fixture('bacula', 'ok.txt').replace('Non-fatal FD errors:    0', 'Non-fatal FD errors:    3')
    expect(runs(bacula, text)).toMatchObject([{ result: 'warning', warnings: ['Non-fatal FD errors: 3'] }])
  })

  it('fails "*** Backup Error ***" with the fatal errors of the job log', () => {
    expect(runs(bacula, fixture('bacula', 'fatal-error.txt'))).toEqual([
      {
        kind: 'backup',
        job: 'BackupOffline',
        host: 'offline-fd',
        startedAt: ams(2026, 11, 29, 23, 5, 2),
        finishedAt: ams(2026, 11, 29, 23, 8, 12),
        result: 'failed',
        bytes: 0,
        files: 0,
        errors: [
          'Fatal error: No Job status returned from FD.',
          'Fatal error: bsockcore.c:209 Unable to connect to Client: offline-fd on 192.0.2.10:9102. ERR=Connection timed out',
          'Termination: *** Backup Error ***',
        ],
        warnings: [],
      },
    ])
  })

  it.each([
    ['Backup Canceled', 'failed'],
    ['*** Backup Error ***', 'failed'],
    ['Backup Fatal Error', 'failed'],
    ['Something new', 'failed'],
    ['Backup OK', 'success'],
    ['Backup OK -- with warnings', 'warning'],
  ])('maps Termination "%s" to %s', (termination, result) => {
    const text = fixture('bacula', 'ok.txt').replace('Termination:            Backup OK', `Termination: ${termination}`)
    expect(runs(bacula, text)[0]!.result).toBe(result)
  })

  it('keeps the last result per job: an error, then the rerun that went OK (Bareos)', () => {
    expect(runs(bacula, fixture('bacula', 'retry.txt'))).toEqual([
      {
        kind: 'backup',
        job: 'nas-files',
        host: 'nas-fd',
        startedAt: ams(2026, 11, 30, 1, 42, 42),
        finishedAt: ams(2026, 11, 30, 1, 50, 1),
        result: 'success',
        bytes: 734_003_200,
        files: 1532,
        errors: [],
        warnings: [],
      },
    ])
  })

  it('dates the year-less "29-Nov 17:51" by the time of receipt, also across New Year', () => {
    const noYear = fixture('bacula', 'ok.txt')
      .replace('Start time:             29-Nov-2026 17:51:03', 'Start time:             31-Dec 23:50')
      .replace('End time:               29-Nov-2026 17:51:04', 'End time:               01-Jan 00:10')
    const jan1 = ams(2027, 1, 1, 0, 30, 0)
    expect(runs(bacula, noYear, { receivedAt: jan1 })[0]).toMatchObject({
      startedAt: ams(2026, 12, 31, 23, 50, 0),
      finishedAt: ams(2027, 1, 1, 0, 10, 0),
    })
    expect(runs(bacula, noYear, { receivedAt: ams(2026, 12, 31, 23, 59, 0) })[0]).toMatchObject({
      startedAt: ams(2026, 12, 31, 23, 50, 0),
    })
  })

  it('reads ISO times (Bareos, newer Bacula)', () => {
    const text = fixture('bacula', 'ok.txt').replace('29-Nov-2026 17:51:03', '2026-11-29 17:51:03')
    expect(runs(bacula, text)[0]!.startedAt).toBe(ams(2026, 11, 29, 17, 51, 3))
  })

  it('reads a summary line whose value holds " JobId " as a summary line, and each block from its own lines', () => {
    const block = (job: string, termination: string, extra = '') =>
      `  JobId:                  12\n  Job:                    ${job}\n${extra}  Termination:            ${termination}\n`
    const text =
      block('x JobId 5: Error: boom', 'Backup Error', '  Client:                 "old-fd" 9.6.7\n') +
      block('other.2026-11-29_17.51.01_03', 'Backup OK') +
      block('x JobId 5: Error: boom', 'Backup OK', '  Client:                 "vm-fd" 9.6.7\n')
    expect(runs(bacula, text).map((r) => [r.job, r.host, r.result, r.errors])).toEqual([
      ['other', null, 'success', []],
      ['x', 'vm-fd', 'success', []],
    ])
  })

  it('reads job log errors and warnings in any case, and not the header of a failed job or a lookalike', () => {
    const log = [
      'FATAL ERROR: x',
      'error: y',
      'ERROR something',
      'Error: Bacula vm-dir 9.6.7 (10Dec20):',
      'Errors were found',
      'İrror: not one',
      'WARNING z',
      'could NOT stat /a',
      'Volume x ERR=y',
      'Elapsed time=00:00:01',
    ]
    const text =
      log.map((m) => `29-Nov 17:51 vm-dir JobId 12: ${m}\n`).join('') +
      '  JobId:                  12\n  Job:                    j.2026-11-29_17.51.01_03\n' +
      '  Termination:            *** Backup Error ***\n'
    expect(runs(bacula, text).map((r) => [r.errors, r.warnings])).toEqual([
      [
        ['FATAL ERROR: x', 'error: y', 'ERROR something', 'Termination: *** Backup Error ***'],
        ['WARNING z', 'could NOT stat /a', 'Volume x ERR=y'],
      ],
    ])
  })

  it('takes the last block of a job that repeats, whatever the padding of its Job line', () => {
    const block = (id: number, job: string, termination: string) =>
      `  JobId:                  ${id}\n  Job:${job}\n  Termination:            ${termination}\n`
    const text =
      block(1, '                    nightly.2026-11-29_01.00.00_01', 'Backup OK') +
      block(2, '   other.2026-11-29_01.00.00_02', 'Backup OK') +
      block(3, '\tnightly.2026-11-29_01.00.00_01 ', '*** Backup Error ***') +
      block(4, '                    ', 'Backup OK') +
      block(5, '                    nightly.2026-11-30_01.00.00_07', 'Backup OK -- with warnings')
    expect(runs(bacula, text).map((r) => [r.job, r.result])).toEqual([
      ['other', 'success'],
      ['nightly', 'warning'],
    ])
  })

  it('keeps at most LIMITS.messages warnings, each cut to LIMITS.messageChars', () => {
    const lines = Array.from(
      { length: 250 },
      (_, i) => `     Could not stat "/x/${i}${'y'.repeat(i === 0 ? 3000 : 0)}"`,
    )
    const text = `${lines.join('\n')}\n${fixture('bacula', 'ok.txt')}`
    const [run] = runs(bacula, text)
    expect(run!.warnings.length).toBe(200)
    expect(run!.warnings[0]!.length).toBe(2000)
    expect(run!.warnings[199]).toBe('Could not stat "/x/199"')
  })

  it('is unparsed without a summary block, or one without Termination', () => {
    expect(bacula.parse(input('', mail('Bacula: Backup OK of vm-fd Full'))).status).toBe('unparsed')
    const cut = fixture('bacula', 'ok.txt').split('  Termination:')[0]!
    expect(bacula.parse(input(cut)).status).toBe('unparsed')
    expect(bacula.parse(input('Termination: Backup OK\nJobId: 1')).status).toBe('unparsed')
  })

  it('detects its subject or its summary block only', () => {
    expect(bacula.detect(input('', mail('Bacula: Backup OK -- with warnings of vm-fd Full')))).toBe(true)
    expect(bacula.detect(input('', mail('Bareos: Backup OK of nas-fd Incremental')))).toBe(true)
    expect(bacula.detect(input(fixture('bacula', 'fatal-error.txt')))).toBe(true)
    expect(bacula.detect(input(fixture('vzdump', 'mail-failed.txt')))).toBe(false)
    expect(bacula.detect(input('ParsedResult: Success\nTermination: x'))).toBe(false)
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
    [bacula],
    [fixture('bacula', 'ok-with-warnings.txt'), fixture('bacula', 'fatal-error.txt'), fixture('bacula', 'retry.txt')],
    mail('Bacula: Backup OK of vm-fd Full'),
  )
  it('vzdump and the rsync parsers do not claim Bacula mails', () => {
    for (const f of ['ok.txt', 'retry.txt']) {
      expect([vzdump, rsync, rsnapshot].map((p) => p.detect(input(fixture('bacula', f))))).toEqual([
        false,
        false,
        false,
      ])
    }
  })
})
