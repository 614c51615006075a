import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  compileCustomParser,
  compilePattern,
  CustomParserInput,
  MailRuleInput,
  matchRule,
  MATCH_CHARS,
  parseAmount,
  patternIssue,
  recogniseMail,
} from './mail-rules.js'
import type { BackupRun, ReportInput } from './parsers/types.js'

const FIXTURES = join(import.meta.dirname, '../../../test/fixtures/monitoring')
const CUSTOMER = '0192f5e0-0000-7000-8000-000000000001'
const AT = Date.UTC(2026, 10, 29, 2, 15)

const mail = (subject: string, body: string, from = 'Kestrel Agent <kestrel@fs01.acme.example>'): ReportInput => ({
  text: body,
  mail: { subject, from, date: AT, html: null },
  timeZone: 'Europe/Amsterdam',
  receivedAt: AT + 60_000,
})

/** A made-up vendor's notification mail, as the MSP would paste it into a parser template. */
const kestrel = (result: string, extra = '') =>
  mail(
    `Kestrel Backup: job "Fileserver nightly" finished (${result})`,
    [
      'Kestrel Backup Agent 4.2',
      'Job: Fileserver nightly',
      'Host: FS01',
      `Result: ${result}`,
      extra,
      'Transferred: 12,5 GB',
      'Files: 1.234',
    ].join('\n'),
  )

const KESTREL = CustomParserInput.parse({
  name: 'Kestrel Backup',
  match: { from: 'kestrel', subject: '/^Kestrel Backup: job/' },
  extract: {
    job: '/job "(?<job>[^"]+)"/',
    host: '/^Host:\\s*(?<host>\\S+)/m',
    bytes: '/Transferred:\\s*(?<bytes>[\\d.,]+\\s*[KMGT]?i?B)/',
    files: '/Files:\\s*(?<files>[\\d.,]+)/',
  },
  result: {
    failed: '/Result:\\s*(FAILED|ERROR)/',
    warning: '/Result:\\s*WARNING/',
    success: '/Result:\\s*(OK|SUCCESS)/',
  },
  correlationKey: '{job}@{host}',
  successResolves: true,
})

describe('pattern safety', () => {
  it.each([
    ['/(a+)+$/', 'catastrophic backtracking'],
    ['/(a|a)*b/', 'catastrophic backtracking'],
    ['/(.*a){20}/', 'catastrophic backtracking'],
    ['/(a*)*b/', 'catastrophic backtracking'],
    ['/^(a|aa)+$/', 'catastrophic backtracking'],
    ['/(\\w|\\d)+$/', 'catastrophic backtracking'],
    ['/^(\\w+\\s?)*$/', 'catastrophic backtracking'],
    ['/(x+x+)+y/', 'catastrophic backtracking'],
    ['/[/', 'not a valid regular expression'],
    ['/(?<job>a/', 'not a valid regular expression'],
    ['/(?=backup)job/', 'look-ahead and look-behind are not supported'],
    ['/(a)\\1/', 'back-references'],
    ['/failed/g', 'flag g'],
    ['/a{2000}/', 'not supported by the matching engine'],
  ])('refuses %s', (src, message) => {
    expect(patternIssue(src)).toContain(message)
  })

  it.each([
    '/^\\[(Success|Warning|Failed)\\] (?<job>.+?) \\(/i',
    '/Job (?<job>\\S+) on (?<host>[\\w.-]+)/',
    '/(?<job>[^\\n]+?) (?:completed|failed)/',
    '/Total size:\\s*(?<bytes>[\\d.,]+\\s*[KMGT]?i?B)/',
    '/(?<job>\\S+)@(?<host>\\S+)/',
    '/(?:[^,]*,){5}/',
    '/(\\d{1,3}\\.){3}\\d{1,3}/',
    '/^From: .*@acme\\.example$/m',
    '/\\bfailed\\b/i',
    '/path\\/to/',
    'Veeam Backup & Replication',
    'a plain (text) with [brackets] and +',
  ])('accepts %s', (src) => {
    expect(patternIssue(src)).toBeNull()
  })

  it('asks an extractor for its named group', () => {
    expect(patternIssue('/Job (\\S+)/', 'job')).toBe('needs the named group (?<job>…)')
    expect(patternIssue('Job name', 'job')).toContain('must be a regular expression')
    expect(patternIssue('/Job (?<job>\\S+)/', 'job')).toBeNull()
  })

  it('matches plain text case-insensitively and regular expressions as written', () => {
    expect(compilePattern('VEEAM@acme.example').test('From: veeam@ACME.example')).toBe(true)
    expect(compilePattern('a.c').test('abc')).toBe(false)
    expect(compilePattern('/a.c/').test('abc')).toBe(true)
    expect(compilePattern('/failed/').test('FAILED')).toBe(false)
    expect(compilePattern('/failed/i').test('FAILED')).toBe(true)
    expect(compilePattern('/^Result: OK$/m').exec('x\nResult: OK\ny')?.index).toBe(2)
  })

  it('looks at the first 64 KB only, and takes linear time where a backtracking engine takes seconds', () => {
    const p = compilePattern('/\\s+failed/')
    expect(p.test(`${' '.repeat(MATCH_CHARS)}x failed`)).toBe(false)
    expect(p.test(`${'x'.repeat(MATCH_CHARS - 10)} failed`)).toBe(true)
    // \s+failed on 64 KB of spaces: about 5 s in V8's backtracking engine.
    const evil = ' '.repeat(10 * MATCH_CHARS)
    const started = performance.now()
    for (const src of ['/\\s+failed/', '/(?<job>\\S+)@(?<host>\\S+)/', '/.*error.*/']) {
      compilePattern(src).exec(evil)
      compilePattern(src).exec('@'.repeat(MATCH_CHARS))
    }
    expect(performance.now() - started).toBeLessThan(2_000)
  })
})

describe('mail rule input', () => {
  const rule = (match: object) => MailRuleInput.safeParse({ name: 'Acme backups', customerId: CUSTOMER, match })

  it('names the field of a bad pattern', () => {
    const bad = rule({ from: 'veeam@acme.example', subject: '/(a+)+$/' })
    expect(bad.success).toBe(false)
    expect(bad.error?.issues).toEqual([
      expect.objectContaining({ path: ['match', 'subject'], message: expect.stringContaining('catastrophic') }),
    ])
  })

  it('needs at least one criterion, and takes an alias lower-case', () => {
    expect(rule({}).success).toBe(false)
    const ok = rule({ to: 'Backup+ACME@msp.example' })
    expect(ok.data).toMatchObject({ kind: 'backup', enabled: true, match: { to: 'backup+acme@msp.example' } })
  })
})

describe('matchRule', () => {
  const base = { name: 'r', customerId: CUSTOMER, kind: 'backup' as const, format: null, enabled: true }
  const rules = [
    { ...base, id: 'off', enabled: false, match: { to: 'backup+acme@msp.example' } },
    { ...base, id: 'alias', match: { to: 'backup+acme@msp.example' } },
    { ...base, id: 'veeam', match: { from: 'veeam@', subject: '/^\\[(success|warning|failed)\\]/i' } },
  ]
  const headers = (from: string, to: string[], subject: string) => ({ from, to, subject })

  it.each([
    [headers('nas@acme.example', ['BACKUP+ACME@msp.example'], 'Hyper Backup'), 'alias'],
    [headers('nas@acme.example', ['backup+acme2@msp.example'], 'Hyper Backup'), null],
    [headers('nas@acme.example', ['xbackup+acme@msp.example'], 'Hyper Backup'), null],
    [headers('veeam@acme.example', ['support@msp.example'], '[Failed] Daily VMs (3 machines)'), 'veeam'],
    [headers('veeam@acme.example', ['support@msp.example'], 'Re: [Failed] Daily VMs'), null],
    [headers('veeam@acme.example', ['backup+acme@msp.example'], '[Success] Daily'), 'alias'],
  ])('%o → %s', (mailHeaders, id) => {
    expect(matchRule(rules, mailHeaders)?.id ?? null).toBe(id)
  })
})

describe('custom parser', () => {
  const parser = compileCustomParser({ ...KESTREL, id: '0123456789abcdef' })
  const run = (input: ReportInput) => {
    const out = parser.parse(input)
    expect(out.status, JSON.stringify(out)).toBe('parsed')
    return (out as { events: BackupRun[] }).events[0]!
  }

  it('reads a failed run with its correlation key, size and error line', () => {
    expect(parser.format).toBe('custom:0123456789abcdef')
    expect(run(kestrel('FAILED', 'Error: share \\\\nas01\\backup not reachable'))).toEqual({
      kind: 'backup',
      job: 'Fileserver nightly@FS01',
      host: 'FS01',
      startedAt: null,
      finishedAt: AT,
      result: 'failed',
      bytes: Math.round(12.5 * 1024 ** 3),
      files: 1234,
      // The line the failed pattern matched.
      errors: ['Result: FAILED'],
      warnings: [],
    })
  })

  it('takes failed before warning before success, and marks a success as resolving', () => {
    expect(run(kestrel('WARNING'))).toMatchObject({ result: 'warning', warnings: [expect.any(String)], errors: [] })
    expect(run(kestrel('OK'))).toMatchObject({ result: 'success', resolves: true, job: 'Fileserver nightly@FS01' })
    const both = mail('Kestrel Backup: job "Fileserver nightly"', 'Host: FS01\nResult: OK\nResult: ERROR')
    expect(run(both).result).toBe('failed')
  })

  it('leaves a mail unparsed when no result pattern matches or the job is missing, never a success', () => {
    expect(parser.parse(kestrel('PARTIAL'))).toEqual({
      status: 'unparsed',
      reason: 'Kestrel Backup: none of the result patterns (failed, warning, success) matched',
    })
    expect(parser.parse(mail('Kestrel Backup: something', 'Host: FS01\nResult: OK')).status).toBe('unparsed')
    expect(parser.parse(mail('Kestrel Backup: job "x"', 'Result: OK'))).toMatchObject({
      status: 'unparsed',
      reason: expect.stringContaining('host'),
    })
  })

  it('detects its mails by every match pattern given', () => {
    expect(parser.detect(kestrel('OK'))).toBe(true)
    expect(parser.detect(mail('Kestrel Backup: job "x"', '', 'veeam@acme.example'))).toBe(false)
    expect(parser.detect(mail('Re: Kestrel Backup: job "x"', ''))).toBe(false)
    // Not a mail: a log that happens to hold the words is not taken from the built-in parsers.
    expect(parser.detect({ ...kestrel('OK'), mail: undefined })).toBe(false)
  })

  it('uses a fixed job name, and no resolves when the template does not say', () => {
    const fixed = compileCustomParser({
      ...CustomParserInput.parse({
        name: 'Tape robot',
        match: { subject: 'tape report' },
        extract: { job: 'Weekly tape' },
        result: { success: 'all cartridges written' },
      }),
      id: 'fedcba9876543210',
    })
    const out = fixed.parse(mail('Tape report', 'All cartridges written.'))
    expect(out).toMatchObject({ status: 'parsed', events: [{ job: 'Weekly tape', result: 'success', host: null }] })
    expect((out as { events: BackupRun[] }).events[0]).not.toHaveProperty('resolves')
  })

  it('refuses a definition whose key needs a host it cannot find, or with unknown placeholders', () => {
    const def = { name: 'x', match: { subject: 'x' }, extract: { job: 'x' }, result: { success: 'ok' } }
    expect(CustomParserInput.safeParse({ ...def, correlationKey: '{job}@{host}' }).error?.issues).toEqual([
      expect.objectContaining({ path: ['correlationKey'], message: '{host} needs extract.host' }),
    ])
    expect(CustomParserInput.safeParse({ ...def, correlationKey: '{job}-{date}' }).success).toBe(false)
    expect(CustomParserInput.safeParse({ ...def, match: {} }).success).toBe(false)
    expect(
      CustomParserInput.safeParse({ ...def, extract: { job: '/(?<job>(a|a)*)/' } }).error?.issues[0],
    ).toMatchObject({ path: ['extract', 'job'], message: expect.stringContaining('catastrophic') })
  })
})

describe('parseAmount', () => {
  it.each([
    ['1.234.567', 1234567],
    ['1,234,567', 1234567],
    ['1.234', 1234],
    ['1.234,5 MB', Math.round(1234.5 * 1024 ** 2)],
    ['12,5 GB', Math.round(12.5 * 1024 ** 3)],
    ['512 KiB', 524288],
    ['0 B', 0],
    ['3.5TB', Math.round(3.5 * 1024 ** 4)],
    ['many', null],
    ['12 parsecs', null],
  ])('%s → %s', (text, value) => {
    expect(parseAmount(text)).toBe(value)
  })
})

describe('recogniseMail', () => {
  it('names the vendor of a notification a built-in parser knows, and nothing else', () => {
    const html = readFileSync(join(FIXTURES, 'veeam/failed.html'), 'utf8')
    const veeam: ReportInput = {
      ...mail('[Failed] Daily VMs (3 machines) 1 failed', '', 'Veeam Backup <veeam@acme.example>'),
      mail: { subject: '[Failed] Daily VMs (3 machines) 1 failed', from: 'veeam@acme.example', date: AT, html },
    }
    expect(recogniseMail(veeam)).toBe('Veeam')
    expect(recogniseMail(mail('Offerte gevraagd', 'Kunt u ons helpen?'))).toBeNull()
    expect(recogniseMail({ ...mail('x', 'INFO: starting new backup job: vzdump 100'), mail: undefined })).toBeNull()
  })
})
