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

const mail = (subject: string) => ({ mail: { subject, from: 'root@pve1.example.com', date: null, html: null } })

describe('vzdump task log', () => {
  it('gives one successful run per guest with its times and archive size', () => {
    expect(runs(vzdump, fixture('vzdump', 'task-ok.log'))).toEqual([
      {
        kind: 'backup',
        job: 'vzdump-100',
        host: 'pve1',
        startedAt: ams(2026, 11, 29, 1, 0, 2),
        finishedAt: ams(2026, 11, 29, 1, 0, 24),
        result: 'success',
        bytes: Math.round(1.23 * 1024 ** 3),
        files: null,
        errors: [],
        warnings: [],
      },
      {
        kind: 'backup',
        job: 'vzdump-101',
        host: 'pve1',
        startedAt: ams(2026, 11, 29, 1, 0, 24),
        finishedAt: ams(2026, 11, 29, 1, 0, 34),
        result: 'success',
        bytes: 310 * 1024 ** 2,
        files: null,
        errors: [],
        warnings: [],
      },
    ])
  })

  it('fails only the guest whose backup failed', () => {
    const [ok, bad] = runs(vzdump, fixture('vzdump', 'task-errors.log'))
    expect(ok).toMatchObject({ job: 'vzdump-100', result: 'success' })
    expect(bad).toMatchObject({
      job: 'vzdump-101',
      result: 'failed',
      startedAt: ams(2026, 11, 29, 1, 0, 24),
      finishedAt: ams(2026, 11, 29, 1, 0, 25),
      errors: [
        "Backup of VM 101 failed - unable to create temporary directory '/var/lib/vz/dump/vzdump-lxc-101-2026_11_29-01_00_24.tmp' at /usr/share/perl5/PVE/VZDump/LXC.pm line 206.",
      ],
    })
  })

  it('warns on WARN lines and TASK WARNINGS', () => {
    expect(runs(vzdump, fixture('vzdump', 'task-warnings.log'))).toMatchObject([
      { job: 'vzdump-100', result: 'warning', warnings: ['no efidisk configured! Using temporary efivars disk.'] },
    ])
    const jobLevel = fixture('vzdump', 'task-ok.log').replace('TASK OK', 'TASK WARNINGS: 1')
    expect(runs(vzdump, jobLevel).map((r) => [r.result, r.warnings])).toEqual([
      ['warning', ['TASK WARNINGS: 1']],
      ['warning', ['TASK WARNINGS: 1']],
    ])
  })

  it('reads a garbled date as no time, without failing the report', () => {
    // A letter among a date's digits used to reach luxon as NaN, which throws.
    const text = [
      '2026-1x-29 01:00:02 INFO: Starting Backup of VM 100 (qemu)',
      '2026-11-29 01:03:02 INFO: Finished Backup of VM 100 (00:03:00)',
    ].join('\n')
    expect(vzdump.parse(input(text))).toEqual({
      status: 'parsed',
      events: [expect.objectContaining({ job: 'vzdump-100', startedAt: null, finishedAt: ams(2026, 11, 29, 1, 3, 2) })],
    })
  })

  it('keeps the last result of a retried guest (failed, then successful)', () => {
    expect(runs(vzdump, fixture('vzdump', 'task-retry.log'))).toEqual([
      {
        kind: 'backup',
        job: 'vzdump-102',
        host: 'pve1',
        startedAt: ams(2026, 11, 29, 2, 0, 2),
        finishedAt: ams(2026, 11, 29, 2, 1, 42),
        result: 'success',
        bytes: null,
        files: null,
        errors: [],
        warnings: [],
      },
    ])
    const reversed = fixture('vzdump', 'task-retry.log').split('\n')
    const swapped = [...reversed.slice(7, 15), ...reversed.slice(0, 7)].join('\n')
    expect(runs(vzdump, swapped).map((r) => r.result)).toEqual(['failed'])
  })

  it('fails a guest whose log is cut off, and every listed guest when the job fails before any started', () => {
    const cut = fixture('vzdump', 'task-ok.log').split('\n').slice(0, 22).join('\n')
    expect(runs(vzdump, cut).map((r) => [r.job, r.result])).toEqual([
      ['vzdump-100', 'success'],
      ['vzdump-101', 'failed'],
    ])
    const early = [
      'INFO: starting new backup job: vzdump 100 101 --storage nas --node pve1',
      "ERROR: could not activate storage 'nas': storage 'nas' is not online",
      'TASK ERROR: could not activate storage',
    ].join('\n')
    expect(runs(vzdump, early).map((r) => [r.job, r.result, r.errors])).toEqual([
      [
        'vzdump-100',
        'failed',
        ["could not activate storage 'nas': storage 'nas' is not online", 'TASK ERROR: could not activate storage'],
      ],
      [
        'vzdump-101',
        'failed',
        ["could not activate storage 'nas': storage 'nas' is not online", 'TASK ERROR: could not activate storage'],
      ],
    ])
  })

  it('keeps the last readable start and end of a guest and its last archive size', () => {
    const log = [
      '2026-11-29 01:00:02 INFO: Starting Backup of VM 100 (qemu)',
      'INFO: Backup started at 2026-11-29 01:00:03',
      'INFO: Backup started at 2026-11-29 01:0x:04',
      '2026-11-29 01:00:20 INFO: archive file size: 1.00GB',
      '2026-11-29 01:00:21 INFO: archive file size: 1.23GB',
      '2026-11-29 01:00:24 INFO: Finished Backup of VM 100 (00:00:22)',
      'INFO: Backup finished at 2026-11-29 25:00:30',
      'TASK OK',
    ].join('\n')
    expect(runs(vzdump, log)).toMatchObject([
      {
        job: 'vzdump-100',
        startedAt: ams(2026, 11, 29, 1, 0, 3),
        finishedAt: ams(2026, 11, 29, 1, 0, 24),
        bytes: Math.round(1.23 * 1024 ** 3),
      },
    ])
  })

  it('is unparsed for near misses', () => {
    expect(vzdump.parse(input('INFO: starting something else\nTASK OK')).status).toBe('unparsed')
    expect(vzdump.parse(input('INFO: starting new backup job: vzdump 100\nTASK OK')).status).toBe('unparsed')
    expect(vzdump.parse(input('vzdump backup status')).status).toBe('unparsed')
  })
})

describe('vzdump status mail', () => {
  it('reads the Details table and the prefixed logs, host from the subject', () => {
    const events = runs(
      vzdump,
      fixture('vzdump', 'mail-failed.txt'),
      mail('vzdump backup status (pve1.example.com): backup failed'),
    )
    expect(events).toEqual([
      {
        kind: 'backup',
        job: 'vzdump-100',
        host: 'pve1.example.com',
        startedAt: ams(2026, 11, 29, 1, 0, 2),
        finishedAt: ams(2026, 11, 29, 1, 0, 24),
        result: 'success',
        bytes: Math.round(1.23 * 1024 ** 3),
        files: null,
        errors: [],
        warnings: [],
      },
      {
        kind: 'backup',
        job: 'vzdump-101',
        host: 'pve1.example.com',
        startedAt: ams(2026, 11, 29, 1, 0, 24),
        finishedAt: ams(2026, 11, 29, 1, 0, 25),
        result: 'failed',
        bytes: 0,
        files: null,
        errors: [
          "Backup of VM 101 failed - unable to create temporary directory '/var/lib/vz/dump/vzdump-lxc-101-2026_11_29-01_00_24.tmp'",
        ],
        warnings: [],
      },
    ])
  })

  it('takes a guest from the table alone when its log lines are missing', () => {
    const tableOnly = fixture('vzdump', 'mail-failed.txt').split('Logs')[0]!
    expect(
      runs(vzdump, tableOnly, mail('vzdump backup status (pve1): backup failed')).map((r) => [
        r.job,
        r.result,
        r.bytes,
      ]),
    ).toEqual([
      ['vzdump-100', 'success', Math.round(1.23 * 1024 ** 3)],
      ['vzdump-101', 'failed', 0],
    ])
  })

  it('succeeds on "backup successful" and never on a failed subject', () => {
    const ok = fixture('vzdump', 'mail-ok.txt')
    expect(runs(vzdump, ok, mail('vzdump backup status (pve1): backup successful'))[0]!.result).toBe('success')
    const failed = runs(vzdump, ok, mail('vzdump backup status (pve1): backup failed'))
    expect(failed[0]).toMatchObject({ result: 'failed', errors: ['vzdump backup status (pve1): backup failed'] })
  })

  it('reads a mail repeated many times as the mail itself', () => {
    const subject = mail('vzdump backup status (pve1): backup failed')
    for (const name of ['mail-failed.txt', 'mail-ok.txt']) {
      const once = fixture('vzdump', name)
      expect(runs(vzdump, `${once}\n`.repeat(50), subject)).toEqual(runs(vzdump, once, subject))
    }
  })

  it('finds the Details header in any case and spacing, and nothing else', () => {
    const rows = '100     web01    ok        22s     1.23 GiB    /x\n\nTotal running time: 22s'
    const guests = (header: string) =>
      runs(vzdump, `Details\n${header}\n${rows}`, mail('vzdump backup status (pve1): backup successful')).map(
        (r) => r.job,
      )
    expect(guests('VMID    Name     Status    Time')).toEqual(['vzdump-100'])
    expect(guests('vmid\tname \u00a0STATUS')).toEqual(['vzdump-100'])
    expect(vzdump.parse(input(`Details\nvzdump 100 --node pve1\n${rows}`)).status).toBe('unparsed')
  })

  it('detects the subject or the log, and no other format', () => {
    expect(vzdump.detect(input('', mail('vzdump backup status (pve1): backup failed')))).toBe(true)
    expect(vzdump.detect(input(fixture('vzdump', 'mail-ok.txt')))).toBe(true)
    expect(vzdump.detect(input(fixture('bacula', 'ok.txt')))).toBe(false)
    expect(vzdump.detect(input(fixture('rsync', 'success.log')))).toBe(false)
    expect(vzdump.detect(input('', mail('Bacula: Backup OK of vm-fd Full')))).toBe(false)
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
    [vzdump],
    [fixture('vzdump', 'task-ok.log'), fixture('vzdump', 'task-retry.log'), fixture('vzdump', 'mail-failed.txt')],
  )
  robustness([vzdump], [fixture('vzdump', 'mail-failed.txt')], mail('vzdump backup status (pve1): backup failed'))
  it('bacula and the rsync parsers do not claim vzdump reports', () => {
    for (const f of ['task-ok.log', 'mail-failed.txt']) {
      expect([bacula, rsync, rsnapshot].map((p) => p.detect(input(fixture('vzdump', f))))).toEqual([
        false,
        false,
        false,
      ])
    }
  })
})
