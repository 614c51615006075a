import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { BackupRun, ParseResult, ReportInput } from './types.js'
import { synology, synologyLog } from './synology.js'

const dir = new URL('../../../../test/fixtures/monitoring/synology/', import.meta.url)
const sample = (name: string) => readFileSync(new URL(name, dir), 'utf8')
const zone = 'Europe/Amsterdam'
const receivedAt = Date.UTC(2026, 10, 30)
const at = (iso: string) => Date.parse(iso)
const log = (text: string): ReportInput => ({ text, timeZone: zone, receivedAt })

/** A stored mail sample: `Subject:` and `From:` lines, a blank line, the plain-text body. */
function mailSample(name: string): ReportInput {
  const raw = sample(name)
  const split = raw.indexOf('\n\n')
  const head = raw.slice(0, split)
  return {
    text: raw.slice(split + 2),
    mail: {
      subject: /^Subject: (.*)$/m.exec(head)![1]!,
      from: /^From: (.*)$/m.exec(head)![1]!,
      date: null,
      html: null,
    },
    timeZone: zone,
    receivedAt,
  }
}
const mail = (
  subject: string,
  text: string,
  from = 'nas01@klant.example.nl',
  html: string | null = null,
): ReportInput => ({
  text,
  mail: { subject, from, date: null, html },
  timeZone: zone,
  receivedAt,
})

function runs(result: ParseResult): BackupRun[] {
  expect(result.status).toBe('parsed')
  return result.status === 'parsed' ? (result.events as BackupRun[]) : []
}

function wellTyped(result: ParseResult): void {
  if (result.status === 'unparsed') {
    expect(typeof result.reason).toBe('string')
    return
  }
  for (const run of result.events as BackupRun[]) {
    expect(run.kind).toBe('backup')
    expect(typeof run.job).toBe('string')
    expect(['success', 'warning', 'failed']).toContain(run.result)
    for (const t of [run.startedAt, run.finishedAt, run.bytes, run.files]) {
      expect(t === null || Number.isFinite(t)).toBe(true)
    }
    expect(run.host === null || typeof run.host === 'string').toBe(true)
    expect(run.errors.length + run.warnings.length).toBeLessThanOrEqual(400)
    expect([...run.errors, ...run.warnings].every((m) => typeof m === 'string' && m.length <= 2000)).toBe(true)
  }
}

const arbitrary = (samples: string[]) =>
  fc.oneof(
    fc.string(),
    fc.string({ unit: 'binary' }),
    fc.uint8Array({ maxLength: 2000 }).map((b) => Buffer.from(b).toString('latin1')),
    fc.tuple(fc.constantFrom(...samples), fc.nat()).map(([s, n]) => s.slice(0, n % (s.length + 1))),
  )

describe('synobackup.log parser', () => {
  it('reads runs per task: success, failure, partial; a run still going is not a result', () => {
    const text = sample('synobackup.log')
    expect(synologyLog.detect(log(text))).toBe(true)
    expect(runs(synologyLog.parse(log(text)))).toEqual([
      {
        kind: 'backup',
        job: 'Offsite',
        host: null,
        startedAt: at('2026-11-27T02:00:01Z'),
        finishedAt: at('2026-11-27T02:05:45Z'),
        result: 'failed',
        bytes: null,
        files: null,
        errors: [
          'Exception occurred while backing up data. (Capacity at destination is insufficient.) [Path: /volume1/Shared/Projects/2026.pst]',
          'Failed to run backup task.',
        ],
        warnings: [],
      },
      {
        kind: 'backup',
        job: 'Daily NAS',
        host: null,
        startedAt: at('2026-11-27T02:00:01Z'),
        finishedAt: at('2026-11-27T02:41:17Z'),
        result: 'success',
        bytes: null,
        files: null,
        errors: [],
        warnings: [],
      },
      {
        kind: 'backup',
        job: 'Daily NAS',
        host: null,
        startedAt: at('2026-11-28T02:00:01Z'),
        finishedAt: at('2026-11-28T02:38:50Z'),
        result: 'warning',
        bytes: null,
        files: null,
        errors: [],
        warnings: [
          'Failed to back up file. [/volume1/homes/jan/Outlook/jan.pst] (Permission denied)',
          'Backup task is partially completed. [14401 files scanned] [1 file failed]',
        ],
      },
    ])
  })

  it('marks the backup failed when its integrity check fails', () => {
    const text =
      'info\t2026/11/29 03:00:01\tSYSTEM:\t[Local][T] Backup task started.\n' +
      'info\t2026/11/29 03:10:00\tSYSTEM:\t[Local][T] Backup task finished successfully.\n' +
      'err\t2026/11/29 04:00:00\tSYSTEM:\t[Local][T] Backup integrity check failed. Backup data is damaged.\n'
    const [run] = runs(synologyLog.parse(log(text)))
    expect(run).toMatchObject({
      job: 'T',
      result: 'failed',
      errors: ['Backup integrity check failed. Backup data is damaged.'],
    })
  })

  it('treats a result without its start line and a cancelled task', () => {
    const text =
      'info\t2026/11/29 03:10:00\tSYSTEM:\t[Local][T] Backup task finished successfully.\r\n' +
      'info\t2026/11/29 05:00:00\tSYSTEM:\t[USB][U] Backup task started.\r\n' +
      'info\t2026/11/29 05:01:00\tadmin:\t[USB][U] Backup task was cancelled.\r\n'
    expect(runs(synologyLog.parse(log(text))).map((r) => [r.job, r.result, r.startedAt])).toEqual([
      ['T', 'success', null],
      ['U', 'failed', at('2026-11-29T04:00:00Z')],
    ])
  })

  const line = (level: string, time: string, task: string, text: string) =>
    `${level}\t2026/11/29 ${time}\tSYSTEM:\t[Local][${task}] ${text}\n`

  it('closes the runs an error decided at the end of the log in the order they started', () => {
    const text =
      line('info', '03:00:00', 'A', 'Backup task started.') +
      line('info', '03:00:05', 'B', 'Backup task started.') +
      line('info', '03:01:00', 'A', 'Backup task started.') +
      line('err', '03:02:00', 'A', 'Exception occurred while backing up data.') +
      line('err', '03:03:00', 'B', 'Exception occurred while backing up data.')
    expect(runs(synologyLog.parse(log(text))).map((r) => [r.job, r.startedAt, r.errors])).toEqual([
      ['A', at('2026-11-29T02:00:00Z'), ['backup task did not finish']],
      ['B', at('2026-11-29T02:00:05Z'), ['Exception occurred while backing up data.']],
      ['A', at('2026-11-29T02:01:00Z'), ['Exception occurred while backing up data.']],
    ])
  })

  it('reads second 60 as the next minute and a later second as no time', () => {
    const text =
      line('info', '03:00:00', 'A', 'Backup task started.') +
      line('info', '03:00:60', 'A', 'Backup task finished successfully.') +
      line('info', '03:01:00', 'A', 'Backup task started.') +
      line('info', '03:01:61', 'A', 'Backup task finished successfully.')
    expect(runs(synologyLog.parse(log(text))).map((r) => [r.startedAt, r.finishedAt])).toEqual([
      [at('2026-11-29T02:00:00Z'), at('2026-11-29T02:01:00Z')],
      [at('2026-11-29T02:01:00Z'), null],
    ])
  })

  it('reads a line at hour 25 as no time, without spoiling midnight of the next day', () => {
    // Both hours once shared a key in the clock's cache of UTC offsets: the bad one's "no offset" stuck to midnight.
    const entry = (time: string, text: string) => `info\t${time}\tSYSTEM:\t[Local][A] ${text}\n`
    const text =
      entry('2026/11/05 25:00:00', 'Backup task started.') +
      entry('2026/11/05 25:10:00', 'Backup task finished successfully.') +
      entry('2026/11/06 00:00:00', 'Backup task started.') +
      entry('2026/11/06 00:10:00', 'Backup task finished successfully.')
    expect(runs(synologyLog.parse(log(text))).map((r) => [r.startedAt, r.finishedAt])).toEqual([
      [null, null],
      [at('2026-11-05T23:00:00Z'), at('2026-11-05T23:10:00Z')],
    ])
  })

  it('gives every run lists of its own', () => {
    const text =
      line('info', '03:00:00', 'A', 'Backup task started.') +
      line('info', '03:00:01', 'A', 'Backup task finished successfully.') +
      line('info', '03:00:02', 'A', 'Backup task started.') +
      line('info', '03:00:03', 'A', 'Backup task finished successfully.')
    const [a, b] = runs(synologyLog.parse(log(text)))
    expect(a!.errors).not.toBe(b!.errors)
    expect(a!.warnings).not.toBe(b!.warnings)
    expect(a!.errors).not.toBe(a!.warnings)
    a!.warnings.push('x')
    expect([a!.errors, b!.errors, b!.warnings]).toEqual([[], [], []])
  })

  it('reads the same texts alike when more of one length come than it remembers', () => {
    let text = ''
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 6; i++) {
        text +=
          line('info', `03:0${i}:00`, `T${i}`, 'Backup task started.') +
          (i % 2
            ? line('warn', `03:0${i}:30`, `T${i}`, 'Backup task is partially completed.')
            : line('info', `03:0${i}:30`, `T${i}`, 'Backup task finished successfully.'))
      }
    }
    const once = [0, 1, 2, 3, 4, 5].map((i) => [`T${i}`, i % 2 ? 'warning' : 'success'])
    expect(runs(synologyLog.parse(log(text))).map((r) => [r.job, r.result])).toEqual([...once, ...once])
  })

  it('takes a text that says nothing at level info as a warning at level warn', () => {
    const text =
      line('info', '03:00:00', 'A', 'Backup task started.') +
      line('info', '03:00:10', 'A', 'Backup integrity check has started.') +
      line('warn', '03:00:20', 'A', 'Backup integrity check has started.') +
      line('info', '03:00:30', 'A', 'Backup task finished successfully.')
    expect(runs(synologyLog.parse(log(text)))).toMatchObject([
      { job: 'A', result: 'warning', errors: [], warnings: ['Backup integrity check has started.'] },
    ])
  })

  it('returns unparsed for near misses', () => {
    expect(synologyLog.parse(log('info\t2026/11/29 03:00:01\tSYSTEM:\t[Local][T] Backup task started.\n')).status).toBe(
      'unparsed',
    )
    expect(synologyLog.detect(log('INFO 2026/11/29 03:00:01 [Local][T] Backup task finished successfully.'))).toBe(
      false,
    )
    expect(synologyLog.detect(log('2026/11/29 03:00:01 [123] rsync: sent 1 bytes'))).toBe(false)
    expect(synologyLog.parse(log('random')).status).toBe('unparsed')
  })

  it('never throws and returns well-typed results for arbitrary input', () => {
    fc.assert(
      fc.property(arbitrary([sample('synobackup.log')]), (t) => {
        expect(typeof synologyLog.detect(log(t))).toBe('boolean')
        wellTyped(synologyLog.parse(log(t)))
      }),
      { numRuns: 500 },
    )
  })

  it('survives a single 10 MB line', () => {
    const line = 'err\t2026/11/29 03:00:01\tSYSTEM:\t[Local][T] ' + 'x'.repeat(10 * 1024 * 1024)
    wellTyped(synologyLog.parse(log(line)))
    wellTyped(synologyLog.parse(log('info\t2026/11/29 03:00:01\tSYSTEM:\t[L][T] ' + '['.repeat(10 * 1024 * 1024))))
  })
})

describe('synology notification mail parser', () => {
  it('reads a successful Hyper Backup mail', () => {
    const input = mailSample('mail-success.txt')
    expect(synology.detect(input)).toBe(true)
    expect(runs(synology.parse(input))).toEqual([
      {
        kind: 'backup',
        job: 'Daily NAS',
        host: 'NAS01',
        startedAt: at('2026-11-29T02:00:01Z'),
        finishedAt: at('2026-11-29T02:41:17Z'),
        result: 'success',
        bytes: null,
        files: null,
        errors: [],
        warnings: [],
      },
    ])
  })

  it('reads a partially completed Active Backup mail as a warning', () => {
    const [run] = runs(synology.parse(mailSample('mail-partial.txt')))
    expect(run).toMatchObject({
      job: 'PC-Finance',
      host: 'NAS01',
      result: 'warning',
      startedAt: at('2026-11-29T11:30:00Z'),
      finishedAt: at('2026-11-29T11:44:52Z'),
      errors: [],
      warnings: [
        'Warning: Skipped 2 files because they are in use: C:\\Users\\marieke\\AppData\\Local\\Microsoft\\Outlook\\marieke.ost',
      ],
    })
  })

  it('reads a failed mail with its error lines', () => {
    const [run] = runs(synology.parse(mailSample('mail-failed.txt')))
    expect(run).toMatchObject({
      job: 'Offsite',
      host: 'NAS01',
      result: 'failed',
      startedAt: at('2026-11-29T02:00:01Z'),
      finishedAt: null,
      errors: ['Backup task Offsite on NAS01 failed.', 'Error: Capacity at destination is insufficient.'],
    })
  })

  it('reads an HTML-only mail', () => {
    const html =
      '<html><body><p>Backup task <b>Daily</b> on NAS02 has completed successfully.</p><p>Synology DiskStation</p></body></html>'
    const [run] = runs(synology.parse(mail('[NAS02] Backup task Daily has completed', '', 'x@y.nl', html)))
    expect(run).toMatchObject({ job: 'Daily', host: 'NAS02', result: 'success' })
  })

  it('maps a mail without a known result phrase to failed, never success', () => {
    const [run] = runs(synology.parse(mail('Hyper Backup task "Daily" status', 'Task "Daily" on NAS01: state 7.')))
    expect(run!.result).toBe('failed')
    expect(run!.errors[0]).toContain('unrecognised')
  })

  it.each([
    ['[Success] Daily VMs (3 machines)', 'Repository: Synology NAS01 backup task'],
    ['Bacula: Backup OK of vm-fd Full', 'Job: vm-fd'],
    ['DSM update available on NAS01', 'Synology DiskStation'],
    ['vzdump backup status (pve1): backup successful', 'job'],
  ])('does not detect %s', (subject, text) => {
    expect(synology.detect(mail(subject, text, 'someone@example.nl'))).toBe(false)
  })

  it('returns unparsed when no task name can be found', () => {
    expect(synology.parse(mail('Hyper Backup failed', 'Something went wrong.')).status).toBe('unparsed')
    expect(synology.parse(log('plain text')).status).toBe('unparsed')
  })

  it('never throws and returns well-typed results for arbitrary input', () => {
    const samples = ['mail-success.txt', 'mail-partial.txt', 'mail-failed.txt'].map(sample)
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.constant('[NAS01] Hyper Backup task "Daily" failed')),
        arbitrary(samples),
        (subject, body) => {
          for (const input of [mail(subject, body), mail(subject, '', 'a@b', body), log(body)]) {
            expect(typeof synology.detect(input)).toBe('boolean')
            wellTyped(synology.parse(input))
          }
        },
      ),
      { numRuns: 300 },
    )
  })

  it('survives a single 10 MB line', () => {
    const line = 'Backup task ' + 'x'.repeat(10 * 1024 * 1024)
    wellTyped(synology.parse(mail('Hyper Backup task X failed', line)))
    wellTyped(synology.parse(mail('Hyper Backup task X failed', '', 'a@b', '<p ' + '<'.repeat(10 * 1024 * 1024))))
  })
})
