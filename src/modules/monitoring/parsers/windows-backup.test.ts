import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { BackupRun, ParseResult, ReportInput } from './types.js'
import { parseLocaleDateTime, windowsBackup } from './windows-backup.js'

const dir = new URL('../../../../test/fixtures/monitoring/windows-backup/', import.meta.url)
const sample = (name: string) => readFileSync(new URL(name, dir), 'utf8')
const zone = 'Europe/Amsterdam'
const input = (text: string): ReportInput => ({ text, timeZone: zone, receivedAt: Date.UTC(2026, 11, 1) })
const at = (iso: string) => Date.parse(iso)

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
    expect(run.errors.length + run.warnings.length).toBeLessThanOrEqual(400)
    expect([...run.errors, ...run.warnings].every((m) => typeof m === 'string' && m.length <= 2000)).toBe(true)
  }
}

const NS = 'http://schemas.microsoft.com/win/2004/08/events/event'
const event = (id: number, time: string, computer = 'SRV1', data = '') =>
  `<Event xmlns='${NS}'><System><Provider Name='Microsoft-Windows-Backup'/><EventID>${id}</EventID>` +
  `<TimeCreated SystemTime='${time}'/><Computer>${computer}</Computer></System><EventData>${data}</EventData></Event>`
const events = (...xs: string[]) => `<Events>${xs.join('\n')}</Events>`

describe('windows server backup parser', () => {
  it('pairs start, outcome and end marker per operation over several days (event XML)', () => {
    const text = sample('events.xml')
    expect(windowsBackup.detect(input(text))).toBe(true)
    const result = runs(windowsBackup.parse(input(text)))
    expect(result.map((r) => [r.job, r.host, r.result, r.startedAt, r.finishedAt])).toEqual([
      [
        'FS01.contoso.local wsb',
        'FS01.contoso.local',
        'success',
        at('2026-11-26T21:00:02.500Z'),
        at('2026-11-26T21:42:11Z'),
      ],
      [
        'FS01.contoso.local wsb',
        'FS01.contoso.local',
        'failed',
        at('2026-11-27T21:00:02.500Z'),
        at('2026-11-27T21:03:41Z'),
      ],
      [
        'FS01.contoso.local wsb',
        'FS01.contoso.local',
        'warning',
        at('2026-11-28T21:00:02.500Z'),
        at('2026-11-28T21:50:11Z'),
      ],
      // Start and end marker 14 without event 4: not a success. The backup started on 11-30 is still running.
      [
        'FS01.contoso.local wsb',
        'FS01.contoso.local',
        'failed',
        at('2026-11-29T21:00:02.500Z'),
        at('2026-11-29T21:20:00Z'),
      ],
    ])
    expect(result[0]).toMatchObject({ errors: [], warnings: [], bytes: null, files: null })
    expect(result[1]!.errors).toEqual([
      'event 5: HRESULT=0x807800C5; DetailedHRESULT=0x80070015; ErrorMessage=%%2155348165; BackupState=4',
    ])
    expect(result[2]!.warnings).toEqual([
      "event 7: The backup operation that started at '2026-11-28T21:00:02.500000000Z' has completed with errors. Please review the event details for a solution, and then rerun the backup operation once the issue is resolved.",
    ])
    expect(result[3]!.errors).toEqual(['backup ended (event 14) without a result event'])
  })

  it('reads Event Viewer "Save as CSV" (newest first, en-US times, no computer name)', () => {
    const text = sample('eventviewer.csv')
    expect(windowsBackup.detect(input(text))).toBe(true)
    const result = runs(windowsBackup.parse(input(text)))
    expect(result.map((r) => [r.job, r.result, r.startedAt, r.finishedAt])).toEqual([
      ['wsb', 'success', at('2026-11-26T21:00:02Z'), at('2026-11-26T21:42:11Z')],
      ['wsb', 'failed', at('2026-11-27T21:00:02Z'), at('2026-11-27T21:03:41Z')],
      ['wsb', 'failed', at('2026-11-29T21:00:02Z'), at('2026-11-29T21:20:00Z')],
    ])
    expect(result[1]!.errors[0]).toContain("error code '0x807800C5'")
    expect(result[1]!.errors[0]).not.toContain('\u200e')
  })

  it('reads Get-WinEvent | Export-Csv with its #TYPE line and MachineName', () => {
    const result = runs(windowsBackup.parse(input(sample('export-csv.csv'))))
    expect(result.map((r) => [r.job, r.result, r.startedAt, r.finishedAt])).toEqual([
      ['HV02.contoso.local wsb', 'failed', at('2026-11-28T21:00:02Z'), at('2026-11-28T21:01:10Z')],
      ['HV02.contoso.local wsb', 'success', at('2026-11-29T21:00:02Z'), at('2026-11-29T21:42:11Z')],
    ])
  })

  it.each([
    [7, 'warning'],
    [13, 'warning'],
    [23, 'warning'],
    [51, 'warning'],
    [146, 'warning'],
    [5, 'failed'],
    [8, 'failed'],
    [9, 'failed'],
    [17, 'failed'],
    [22, 'failed'],
    [49, 'failed'],
    [50, 'failed'],
    [52, 'failed'],
    [2, 'failed'],
    [3, 'failed'],
    [10, 'failed'],
    [12, 'failed'],
    [4, 'success'],
  ])('maps event %i to %s', (id, expected) => {
    const text = events(
      event(1, '2026-11-29T21:00:00Z'),
      event(id, '2026-11-29T21:10:00Z'),
      event(14, '2026-11-29T21:10:01Z'),
    )
    expect(runs(windowsBackup.parse(input(text))).map((r) => r.result)).toEqual([expected])
  })

  it('keeps computers apart and takes the worst outcome of one operation', () => {
    const text = events(
      event(1, '2026-11-29T21:00:00Z', 'A'),
      event(1, '2026-11-29T21:00:00Z', 'B'),
      event(51, '2026-11-29T21:05:00Z', 'A'),
      event(4, '2026-11-29T21:10:00Z', 'A'),
      event(4, '2026-11-29T21:11:00Z', 'B'),
      event(14, '2026-11-29T21:12:00Z', 'B'),
    )
    expect(runs(windowsBackup.parse(input(text))).map((r) => [r.job, r.result])).toEqual([
      ['A wsb', 'warning'],
      ['B wsb', 'success'],
    ])
  })

  it('marks a start followed by another start as not finished', () => {
    const text = events(
      event(1, '2026-11-28T21:00:00Z'),
      event(1, '2026-11-29T21:00:00Z'),
      event(4, '2026-11-29T21:30:00Z'),
    )
    expect(runs(windowsBackup.parse(input(text))).map((r) => [r.result, r.errors])).toEqual([
      ['failed', ['backup did not finish']],
      ['success', []],
    ])
  })

  it('decodes only predefined entities and character references', () => {
    const text =
      '<!DOCTYPE x [<!ENTITY boom "boom">]>' +
      events(
        event(5, '2026-11-29T21:00:00Z', 'S&amp;1', "<Data Name='ErrorMessage'>&boom; &lt;x&gt; &#65;&#x42;</Data>"),
      )
    const [run] = runs(windowsBackup.parse(input(text)))
    expect(run!.host).toBe('S&1')
    expect(run!.errors).toEqual(['event 5: ErrorMessage=&boom; <x> AB'])
  })

  it('reads times and names with spaces or entities as the general way does, and tags only inside their record', () => {
    const text = events(
      event(1, ' 2026-11-29T21:00:00Z ', ' SRV1 '),
      event(4, '2026-11-29T21:10:00.0000001Z', 'SRV&#49;'),
      // A record cut short by the next one: its Computer belongs to that next record, not to it.
      `<Event xmlns='${NS}'><System><Provider Name='Microsoft-Windows-Backup'/><EventID>1</EventID>` +
        `<TimeCreated SystemTime='2026-11-30T21:00:00Z'/>`,
      event(14, '2026-11-30T21:20:00Z', 'SRV2'),
    )
    expect(runs(windowsBackup.parse(input(text))).map((r) => [r.job, r.startedAt, r.finishedAt, r.result])).toEqual([
      ['SRV1 wsb', at('2026-11-29T21:00:00Z'), at('2026-11-29T21:10:00Z'), 'success'],
    ])
  })

  it('reads the event form Windows writes and its variants alike', () => {
    const variant = (id: number, time: string, computer: string) =>
      event(id, time, computer)
        .replace("Name='Microsoft-Windows-Backup'", 'Name="Microsoft-Windows-Backup"')
        .replace('<EventID>', "<EventID Qualifiers='0'>")
    const text = events(
      event(1, '2026-11-29T21:00:00.1234567Z'),
      event(4, '2026-11-29T21:10:00Z'),
      event(14, '2026-11-29T21:10:01.5Z'),
      variant(1, '2026-11-30T21:00:00.1234567Z', 'SRV1'),
      variant(5, '2026-11-30T21:10:00Z', 'SRV1'),
      variant(14, '2026-11-30T21:10:01.5Z', 'SRV1'),
      event(1, '2026-12-01T21:00:00Z', 'SRV2'),
      event(4, '2026-12-01T21:05:00Z', 'SRV2'),
      event(14, '2026-02-30T21:00:00Z', 'SRV2'),
    )
    expect(runs(windowsBackup.parse(input(text))).map((r) => [r.job, r.result, r.startedAt, r.finishedAt])).toEqual([
      ['SRV1 wsb', 'success', at('2026-11-29T21:00:00.123Z'), at('2026-11-29T21:10:01.500Z')],
      ['SRV1 wsb', 'failed', at('2026-11-30T21:00:00.123Z'), at('2026-11-30T21:10:01.500Z')],
      ['SRV2 wsb', 'success', at('2026-12-01T21:00:00Z'), at('2026-12-01T21:05:00Z')],
    ])
  })

  it('returns unparsed for near misses', () => {
    expect(windowsBackup.parse(input(events(event(1, '2026-11-29T21:00:00Z')))).status).toBe('unparsed')
    const other = `<Events><Event xmlns='${NS}'><System><Provider Name='Microsoft-Windows-Kernel-General'/><EventID>4</EventID></System></Event></Events>`
    expect(windowsBackup.detect(input(other))).toBe(false)
    expect(windowsBackup.parse(input(other)).status).toBe('unparsed')
    expect(windowsBackup.parse(input('Level,Date and Time,Source,Event ID,Task Category\n')).status).toBe('unparsed')
    expect(windowsBackup.detect(input('INFO: Microsoft-Windows-Backup mentioned in a vzdump log'))).toBe(false)
  })

  it('reads locale date forms', () => {
    expect(parseLocaleDateTime('11/29/2026 9:00:12 PM', 'UTC')).toBe(at('2026-11-29T21:00:12Z'))
    expect(parseLocaleDateTime('29-11-2026 21:00:12', 'UTC')).toBe(at('2026-11-29T21:00:12Z'))
    expect(parseLocaleDateTime('29.11.2026 21:00:12', 'UTC')).toBe(at('2026-11-29T21:00:12Z'))
    expect(parseLocaleDateTime('2026-11-29 21:00:12', 'UTC')).toBe(at('2026-11-29T21:00:12Z'))
    expect(parseLocaleDateTime('yesterday', 'UTC')).toBeNull()
  })

  it('never throws and returns well-typed results for arbitrary input', () => {
    const samples = [sample('events.xml'), sample('eventviewer.csv'), sample('export-csv.csv')]
    const text = fc.oneof(
      fc.string(),
      fc.string({ unit: 'binary' }),
      fc.uint8Array({ maxLength: 2000 }).map((b) => Buffer.from(b).toString('latin1')),
      fc.tuple(fc.constantFrom(...samples), fc.nat()).map(([s, n]) => s.slice(0, n % (s.length + 1))),
      fc.string().map((s) => `<Events><Event xmlns='${NS}'>${s}Microsoft-Windows-Backup`),
    )
    fc.assert(
      fc.property(text, (t) => {
        expect(typeof windowsBackup.detect(input(t))).toBe('boolean')
        wellTyped(windowsBackup.parse(input(t)))
      }),
      { numRuns: 500 },
    )
  })

  it('survives a single 10 MB line and hostile repetition', () => {
    const big = 'x'.repeat(10 * 1024 * 1024)
    wellTyped(windowsBackup.parse(input(`<Event xmlns='${NS}'>Microsoft-Windows-Backup` + big)))
    wellTyped(windowsBackup.parse(input(`${NS} Microsoft-Windows-Backup ` + '<Event <EventID>'.repeat(600_000))))
    wellTyped(windowsBackup.parse(input(',Microsoft-Windows-Backup,"' + big)))
    wellTyped(windowsBackup.parse(input(big)))
  })
})
