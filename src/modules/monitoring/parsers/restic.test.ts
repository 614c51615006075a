import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { requireTool, resticBackup, resticInit, workspace } from '../../../../test/support/backup-tools.js'
import { restic, resticCheck } from './restic.js'
import type { BackupRun, ParseResult, Parser, ReportInput } from './types.js'

const FIXTURES = join(import.meta.dirname, '../../../../test/fixtures/monitoring')
const DIR = join(FIXTURES, 'restic')
const RECEIVED = Date.UTC(2026, 10, 30, 1, 20, 0)

function fixture(name: string): string {
  return readFileSync(join(DIR, name), 'utf8')
}

function report(name: string, withExitCode = true): ReportInput {
  const exit = join(DIR, `${name}.exit`)
  return {
    text: fixture(`${name}.txt`),
    exitCode: withExitCode && existsSync(exit) ? Number(fixture(`${name}.exit`)) : undefined,
    timeZone: 'Europe/Amsterdam',
    receivedAt: RECEIVED,
  }
}

function run(result: ParseResult): BackupRun {
  expect(result.status).toBe('parsed')
  if (result.status !== 'parsed') {
    throw new Error(result.reason)
  }
  expect(result.events).toHaveLength(1)
  const event = result.events[0]
  if (event?.kind !== 'backup') {
    throw new Error('not a backup run')
  }
  return event
}

function input(text: string, exitCode?: number): ReportInput {
  return { text, exitCode, timeZone: 'UTC', receivedAt: RECEIVED }
}

describe('restic backup --json', () => {
  it('reads a successful first backup: files and bytes processed, start = receipt - total_duration', () => {
    const r = report('backup-success')
    expect(restic.detect(r)).toBe(true)
    expect(run(restic.parse(r))).toEqual({
      kind: 'backup',
      job: 'restic',
      host: null,
      startedAt: RECEIVED - 223, // total_duration 0.222514704 s
      finishedAt: RECEIVED,
      result: 'success',
      bytes: 5012,
      files: 3,
      errors: [],
      warnings: [],
    })
  })

  it('counts an unchanged backup (no data added) as success with the total processed', () => {
    const r = run(restic.parse(report('backup-success-unchanged')))
    expect(r).toMatchObject({ result: 'success', bytes: 5012, files: 3 })
  })

  it('warns on exit code 3: a snapshot with an unreadable file, whose error is kept', () => {
    const r = run(restic.parse(report('backup-unreadable')))
    expect(r).toMatchObject({ result: 'warning', bytes: 5012, files: 3 })
    expect(r.errors).toEqual([
      'error during archival of /tmp/rbn/src/locked.txt: open /tmp/rbn/src/locked.txt: permission denied (errno 13)',
    ])
    expect(r.warnings).toEqual(['Warning: at least one source file could not be read'])
  })

  it('warns on an unreadable file without an exit code, in both orders of stdout and stderr', () => {
    const out = fixture('backup-unreadable.stdout')
    const err = fixture('backup-unreadable.stderr')
    for (const text of [out + err, err + out, report('backup-unreadable').text]) {
      expect(run(restic.parse(input(text))).result).toBe('warning')
      expect(run(restic.parse(input(text, 3))).result).toBe('warning')
    }
  })

  it('warns on a missing source path next to a valid one although restic exits 0 (pitfall)', () => {
    const r = run(restic.parse(report('backup-missing-path')))
    expect(report('backup-missing-path').exitCode).toBe(0)
    expect(r).toMatchObject({ result: 'warning', bytes: 5012, files: 3, errors: [] })
    expect(r.warnings).toEqual(['/tmp/rb/nope does not exist, skipping'])
    const out = fixture('backup-missing-path.stdout')
    const err = fixture('backup-missing-path.stderr')
    for (const text of [out + err, err + out]) {
      expect(run(restic.parse(input(text, 0))).result).toBe('warning')
      expect(run(restic.parse(input(text))).result).toBe('warning')
    }
  })

  it.each([
    ['backup-wrong-password', 'Fatal: wrong password or no key found'],
    ['backup-no-repo', 'Fatal: unable to open config file: stat /tmp/rb/norepo/config: no such file or directory'],
    ['backup-all-missing', 'Fatal: all target directories/files do not exist'],
  ])('fails on %s, with or without the exit code', (name, error) => {
    for (const withExit of [true, false]) {
      const r = report(name, withExit)
      expect(restic.detect(r)).toBe(true)
      expect(run(restic.parse(r))).toMatchObject({
        job: 'restic',
        result: 'failed',
        startedAt: null,
        finishedAt: RECEIVED,
        bytes: null,
        files: null,
        errors: [error],
      })
    }
  })

  it('fails on any exit code but 0 and 3, even with a summary (unknown codes are never success)', () => {
    const text = report('backup-success').text
    for (const code of [1, 2, 10, 11, 12, 130, 255, -1]) {
      const r = run(restic.parse(input(text, code)))
      expect(r.result).toBe('failed')
      expect(r.errors).toEqual([`restic exited with code ${code}`])
    }
  })

  it('fails on exit 0 without a summary line (a report cut short)', () => {
    const text = '{"message_type":"status","percent_done":0,"total_files":1,"total_bytes":6}\n'
    const r = run(restic.parse(input(text, 0)))
    expect(r.result).toBe('failed')
    expect(r.errors[0]).toMatch(/no summary line/)
  })

  it('fails on a lock error', () => {
    const text =
      'unable to create lock in backend: repository is already locked by PID 1234 on srv01 by root (UID 0, GID 0)\n' +
      'lock was created at 2026-11-29 17:51:02 (1m2s ago)\n'
    expect(run(restic.parse(input(text, 1)))).toMatchObject({ result: 'failed' })
    expect(run(restic.parse(input(text))).errors[0]).toMatch(/^unable to create lock/)
  })

  it('takes host and tags for the job key from a traced command line', () => {
    const trace = '+ restic -r /srv/repo backup --json --host srv01 --tag daily,etc --tag=www /etc /var/www 2>&1\n'
    const r = run(restic.parse(input(trace + report('backup-success').text, 0)))
    expect(r).toMatchObject({ job: 'srv01#daily,etc,www', host: 'srv01', result: 'success' })
    const noHost = '$ restic --repo /srv/repo backup --json --exclude "*.tmp" /var/www /etc\n'
    expect(run(restic.parse(input(noHost + report('backup-success').text, 0)))).toMatchObject({
      job: 'restic /etc /var/www',
      host: null,
    })
  })

  it('keeps the text of a newer restic per-file error ({"message": ...})', () => {
    const line =
      '{"message_type":"error","error":{"message":"open /srv/x: permission denied"},"during":"archival","item":"/srv/x"}'
    const r = run(restic.parse(input(`${line}\n${report('backup-success').text}`, 3)))
    expect(r.errors).toEqual(['error during archival of /srv/x: open /srv/x: permission denied'])
  })

  it('caps the number and length of messages', () => {
    const many = Array.from({ length: 500 }, (_, i) => `/p${i}${'x'.repeat(3000)} does not exist, skipping`).join('\n')
    const r = run(restic.parse(input(`${many}\n${report('backup-success').text}`, 0)))
    expect(r.warnings).toHaveLength(200)
    expect(Math.max(...r.warnings.map((w) => w.length))).toBeLessThanOrEqual(2000)
  })

  it.each([
    ['empty', ''],
    ['plain text', 'Backup finished OK\nall good\n'],
    ['other JSON lines', '{"type":"log_message","message":"hi"}\n{"message":"summary"}\n'],
    ['a summary word in prose', 'the message_type was summary and total_bytes_processed 5\n'],
    ['a truncated summary only', '{"message_type":"summary","files_new":3,"total_'],
  ])('is unparsed for a near miss: %s', (_, text) => {
    const result = restic.parse(input(text, 0))
    expect(result.status).toBe('unparsed')
  })
})

describe('restic check', () => {
  it('is success for "no errors were found"', () => {
    const r = report('check-clean')
    expect(resticCheck.detect(r)).toBe(true)
    expect(restic.detect(r)).toBe(false)
    expect(run(resticCheck.parse(r))).toEqual({
      kind: 'backup',
      job: 'restic-check',
      host: null,
      startedAt: null,
      finishedAt: RECEIVED,
      result: 'success',
      bytes: null,
      files: null,
      errors: [],
      warnings: [],
    })
  })

  it('fails on a damaged repository, keeping the pack error', () => {
    for (const withExit of [true, false]) {
      const r = report('check-damaged', withExit)
      expect(resticCheck.detect(r)).toBe(true)
      expect(run(resticCheck.parse(r))).toMatchObject({
        result: 'failed',
        errors: [
          'pack fd397f543435b20eb9380287e0f4e300fd494ee0c820f6efd4ab450dea5245d7: unexpected file size: got 100, expected 5295',
          'Fatal: repository contains errors',
        ],
      })
    }
  })

  it('fails a clean-looking check whose exit code is not 0', () => {
    expect(run(resticCheck.parse(input(report('check-clean').text, 1))).result).toBe('failed')
  })

  it('is unparsed for backup output and plain text', () => {
    expect(resticCheck.parse(report('backup-success')).status).toBe('unparsed')
    expect(resticCheck.parse(input('no errors here\n')).status).toBe('unparsed')
  })
})

describe('detect', () => {
  it('knows every restic fixture and no fixture of another format', () => {
    for (const name of readdirSync(DIR).filter((f) => f.endsWith('.txt'))) {
      const r = report(name.replace(/\.txt$/, ''))
      expect(restic.detect(r) || resticCheck.detect(r), name).toBe(true)
    }
    for (const format of readdirSync(FIXTURES)) {
      if (format === 'restic' || !statSync(join(FIXTURES, format)).isDirectory()) {
        continue
      }
      for (const file of readdirSync(join(FIXTURES, format))) {
        if (file.endsWith('.md') || !statSync(join(FIXTURES, format, file)).isFile()) {
          continue
        }
        const r = input(readFileSync(join(FIXTURES, format, file), 'utf8'))
        expect(restic.detect(r), `${format}/${file}`).toBe(false)
        expect(resticCheck.detect(r), `${format}/${file}`).toBe(false)
      }
    }
  })
})

function wellTyped(parser: Parser, text: string, exitCode?: number): void {
  const r = input(text, exitCode)
  expect(typeof parser.detect(r)).toBe('boolean')
  const result = parser.parse(r)
  if (result.status === 'unparsed') {
    expect(typeof result.reason).toBe('string')
    return
  }
  for (const e of result.events) {
    expect(e.kind).toBe('backup')
    if (e.kind !== 'backup') {
      continue
    }
    expect(typeof e.job).toBe('string')
    expect(['success', 'warning', 'failed']).toContain(e.result)
    for (const n of [e.startedAt, e.finishedAt, e.bytes, e.files]) {
      expect(n === null || Number.isFinite(n)).toBe(true)
    }
    expect(e.host === null || typeof e.host === 'string').toBe(true)
    expect(e.errors.length + e.warnings.length).toBeLessThanOrEqual(400)
    for (const m of [...e.errors, ...e.warnings]) {
      expect(typeof m).toBe('string')
      expect(m.length).toBeLessThanOrEqual(2000)
    }
  }
}

describe('robustness', () => {
  const samples = readdirSync(DIR)
    .filter((f) => f.endsWith('.txt'))
    .map((f) => fixture(f))
  const exitCodes = fc.option(fc.integer({ min: -2, max: 300 }), { nil: undefined })

  it('never throws on arbitrary text, bytes or truncated samples', () => {
    for (const parser of [restic, resticCheck]) {
      fc.assert(fc.property(fc.string(), exitCodes, (t, c) => wellTyped(parser, t, c)))
      fc.assert(fc.property(fc.string({ unit: 'binary' }), exitCodes, (t, c) => wellTyped(parser, t, c)))
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 2000 }), exitCodes, (b, c) =>
          wellTyped(parser, Buffer.from(b).toString('latin1'), c),
        ),
      )
      fc.assert(
        fc.property(fc.constantFrom(...samples), fc.nat(), fc.nat(), exitCodes, (sample, a, b, c) => {
          const from = a % (sample.length + 1)
          wellTyped(parser, sample.slice(from, from + (b % (sample.length + 1))), c)
          wellTyped(parser, sample.slice(0, a % (sample.length + 1)), c)
        }),
      )
    }
  })

  it('gets through a single 10 MB line', () => {
    const line = `{"message_type":"summary",${'"x":1,'.repeat(1_750_000)}`
    for (const parser of [restic, resticCheck]) {
      wellTyped(parser, line, 0)
      wellTyped(parser, 'Fatal: '.padEnd(10_000_000, 'a'), 1)
    }
  })
})

describe('the real restic', () => {
  it('backs up (success), warns on a missing source path, fails with a wrong password', () => {
    requireTool('restic')
    const ws = workspace()
    try {
      resticInit(ws.dir)
      const ok = resticBackup(ws.dir, ['--host', 'srv01', ws.source])
      expect(ok.exitCode, ok.text).toBe(0)
      const parsed = run(restic.parse(input(ok.text, ok.exitCode)))
      expect(parsed).toMatchObject({ result: 'success', files: 2, bytes: 12 })
      expect(restic.detect(input(ok.text))).toBe(true)

      const skipped = resticBackup(ws.dir, [ws.source, join(ws.dir, 'nope')])
      expect(skipped.exitCode, skipped.text).toBe(0)
      expect(run(restic.parse(input(skipped.text, skipped.exitCode))).result).toBe('warning')

      const wrong = resticBackup(ws.dir, [ws.source], 'wrong')
      expect(wrong.exitCode).not.toBe(0)
      expect(restic.detect(input(wrong.text))).toBe(true)
      expect(run(restic.parse(input(wrong.text, wrong.exitCode)))).toMatchObject({
        result: 'failed',
        errors: ['Fatal: wrong password or no key found'],
      })
    } finally {
      ws.done()
    }
  })
})
