import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { BackupRun, ParseResult, ReportInput } from './types.js'
import { htmlRows, parseSize, veeam } from './veeam.js'

const dir = new URL('../../../../test/fixtures/monitoring/veeam/', import.meta.url)
const sample = (name: string) => readFileSync(new URL(name, dir), 'utf8')
const zone = 'Europe/Amsterdam'
const receivedAt = Date.UTC(2026, 10, 30, 6, 0, 0)

function mail(
  subject: string,
  html: string | null,
  text = '',
  from = 'Veeam Backup <veeam@klant.example.nl>',
): ReportInput {
  return { text, mail: { subject, from, date: Date.UTC(2026, 10, 29, 21, 31, 20), html }, timeZone: zone, receivedAt }
}

function only(result: ParseResult): BackupRun {
  expect(result.status).toBe('parsed')
  if (result.status !== 'parsed') {
    throw new Error(result.reason)
  }
  expect(result.events).toHaveLength(1)
  return result.events[0] as BackupRun
}

function wellTyped(result: ParseResult): void {
  if (result.status === 'unparsed') {
    expect(typeof result.reason).toBe('string')
    return
  }
  for (const e of result.events) {
    expect(e.kind).toBe('backup')
    const run = e as BackupRun
    expect(typeof run.job).toBe('string')
    expect(['success', 'warning', 'failed']).toContain(run.result)
    for (const t of [run.startedAt, run.finishedAt, run.bytes, run.files]) {
      expect(t === null || Number.isFinite(t)).toBe(true)
    }
    expect(run.host === null || typeof run.host === 'string').toBe(true)
    expect(run.errors.length).toBeLessThanOrEqual(200)
    expect(run.warnings.length).toBeLessThanOrEqual(200)
    expect([...run.errors, ...run.warnings].every((m) => typeof m === 'string' && m.length <= 2000)).toBe(true)
  }
}

const at = (iso: string) => Date.parse(iso)

describe('veeam mail parser', () => {
  it('reads a successful job: subject result, summary times in the sender zone, backup size', () => {
    const input = mail('[Success] Daily VMs (3 machines)', sample('success.html'))
    expect(veeam.detect(input)).toBe(true)
    expect(only(veeam.parse(input))).toEqual({
      kind: 'backup',
      job: 'Daily VMs',
      host: null,
      startedAt: at('2026-11-29T21:00:05Z'),
      finishedAt: at('2026-11-29T21:31:10Z'),
      result: 'success',
      bytes: Math.round(18.2 * 1024 ** 3),
      files: null,
      errors: [],
      warnings: [],
    })
  })

  it('reads a warning with the machine and its details', () => {
    const run = only(veeam.parse(mail('[Warning] Daily VMs (3 machines) 1 warning', sample('warning.html'))))
    expect(run.job).toBe('Daily VMs')
    expect(run.result).toBe('warning')
    expect(run.warnings).toEqual([
      'srv-app01: Changed block tracking cannot be enabled: one or more snapshots present.',
    ])
    expect(run.errors).toEqual([])
  })

  it('reads a failure past midnight, a decimal comma size and decoded entities', () => {
    const run = only(veeam.parse(mail('[Failed] Daily VMs (3 machines) 1 failed', sample('failed.html'))))
    expect(run.result).toBe('failed')
    expect(run.startedAt).toBe(at('2026-11-29T21:00:05Z'))
    expect(run.finishedAt).toBe(at('2026-11-29T23:05:40Z'))
    expect(run.bytes).toBe(Math.round(12.5 * 1024 ** 3))
    expect(run.errors).toEqual([
      'srv-sql01: Error: Failed to create VM snapshot. Error: CreateSnapshot failed, vmRef vm-1234, timeout 1800000 <srv-sql01>',
    ])
  })

  it('accepts the older "(3 VMs)" subject and a subject-only mail', () => {
    const run = only(veeam.parse(mail('[Success] Exchange backup (2 VMs)', null)))
    expect(run).toMatchObject({ job: 'Exchange backup', result: 'success', startedAt: null, bytes: null })
  })

  it('treats a retry as a separate report: Failed then Success', () => {
    const first = only(veeam.parse(mail('[Failed] Daily VMs (3 machines) 1 failed', sample('failed.html'))))
    const retry = only(veeam.parse(mail('[Success] Daily VMs (3 machines)', sample('success.html'))))
    expect([first.result, retry.result]).toEqual(['failed', 'success'])
    expect(first.job).toBe(retry.job)
  })

  it('lets the last row of a retried machine count within one report', () => {
    const html = sample('failed.html').replace(
      '</table></td></tr>\n<tr><td colspan="2"',
      '<tr><td>srv-sql01</td><td>Success</td><td>00:10:00</td><td>00:20:00</td><td>30 GB</td><td>1 GB</td><td>1 GB</td><td>0:10:00</td><td></td></tr></table></td></tr>\n<tr><td colspan="2"',
    )
    const run = only(veeam.parse(mail('', html)))
    // No subject: the body's title and the machines decide.
    expect(run.job).toBe('Daily VMs')
    expect(run.result).toBe('failed')
    expect(run.errors).toEqual([])
  })

  it('maps an unknown result word to failed, never success', () => {
    const input = mail('[Partial] Daily VMs (3 machines)', null)
    expect(veeam.detect(input)).toBe(true)
    const run = only(veeam.parse(input))
    expect(run.result).toBe('failed')
    expect(run.errors[0]).toContain('Partial')
  })

  it.each([
    ['Bacula: Backup OK of vm-fd Full', 'bacula'],
    ['vzdump backup status (pve1.example.nl): backup successful', 'vzdump'],
    ['Duplicati Backup report for Daily', 'duplicati'],
    ['[NAS01] Backup task Daily has been completed', 'synology'],
    ['[Success]', 'bare word'],
    ['[Success] Weekly report (3 pages)', 'not Veeam'],
  ])('does not detect %s (%s)', (subject) => {
    expect(veeam.detect(mail(subject, '<p>hello</p>', '', 'someone@example.nl'))).toBe(false)
  })

  it('returns unparsed for a near miss without subject or title', () => {
    expect(veeam.parse(mail('Backup report', '<table><tr><td>Success</td><td>3</td></tr></table>')).status).toBe(
      'unparsed',
    )
    expect(veeam.parse({ text: 'random', timeZone: zone, receivedAt }).status).toBe('unparsed')
  })

  it('splits HTML into table rows and keeps empty cells in place', () => {
    expect(htmlRows('<style>td{x:<y>}</style><tr><td>a</td><td></td><td>b&amp;c</td></tr><div>x<br>y</div>')).toEqual([
      ['a', '', 'b&c'],
      ['x'],
      ['y'],
    ])
    expect(parseSize('1,5 TB')).toBe(Math.round(1.5 * 1024 ** 4))
    expect(parseSize('n/a')).toBeNull()
  })

  it('never throws and returns well-typed results for arbitrary input', () => {
    const html = sample('warning.html')
    const text = fc.oneof(
      fc.string(),
      fc.string({ unit: 'binary' }),
      fc.uint8Array({ maxLength: 2000 }).map((b) => Buffer.from(b).toString('latin1')),
      fc.nat(html.length).map((n) => html.slice(0, n)),
    )
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.constant('[Warning] Daily VMs (3 machines)')), text, (subject, body) => {
        for (const input of [
          mail(subject, body),
          mail(subject, null, body),
          { text: body, timeZone: zone, receivedAt },
        ]) {
          expect(typeof veeam.detect(input)).toBe('boolean')
          wellTyped(veeam.parse(input))
        }
      }),
      { numRuns: 300 },
    )
  })

  it('reads a later cell past the head rows of a plain-text body only after a separator', () => {
    const head = Array.from({ length: 40 }, (_, i) => `<p>line ${i}</p>`)
    const text = [
      ...head,
      '<b>x</b>  Error: repository is full',
      '<b>x</b>\tWarning: backup window exceeded',
      '<b>x</b> Error: one space is not a separator',
      '<b>x</b>  <i>Error: not where a cell starts</i>',
      ...head,
    ].join('\n')
    const run = only(veeam.parse(mail('[Failed] Daily VMs (3 machines)', null, text)))
    expect(run.errors).toEqual(['Error: repository is full'])
    expect(run.warnings).toEqual(['Warning: backup window exceeded'])
  })

  it('survives a single 10 MB line', () => {
    const line = '<td>' + 'x'.repeat(10 * 1024 * 1024)
    const input = mail('[Success] Big (1 machines)', line, line)
    expect(veeam.detect(input)).toBe(true)
    wellTyped(veeam.parse(input))
    wellTyped(veeam.parse(mail('[Success] Big (1 machines)', '<'.repeat(10 * 1024 * 1024))))
  })
})
