import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { DateTime } from 'luxon'
import { describe, expect, it } from 'vitest'
import { borgCreate, borgInit, requireTool, workspace } from '../../../../test/support/backup-tools.js'
import { archiveJob, borg, borgCheck } from './borg.js'
import type { BackupRun, ParseResult, Parser, ReportInput } from './types.js'

const FIXTURES = join(import.meta.dirname, '../../../../test/fixtures/monitoring')
const DIR = join(FIXTURES, 'borg')
const RECEIVED = Date.UTC(2026, 10, 30, 1, 20, 0)

function fixture(name: string): string {
  return readFileSync(join(DIR, name), 'utf8')
}

/** The fixtures were made on a machine in UTC: their archive times are UTC wall-clock times. */
function report(name: string, withExitCode = true, timeZone = 'UTC'): ReportInput {
  const exit = join(DIR, `${name}.exit`)
  return {
    text: fixture(`${name}.txt`),
    exitCode: withExitCode && existsSync(exit) ? Number(fixture(`${name}.exit`)) : undefined,
    timeZone,
    receivedAt: RECEIVED,
  }
}

function input(text: string, exitCode?: number): ReportInput {
  return { text, exitCode, timeZone: 'UTC', receivedAt: RECEIVED }
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

describe('borg create --json --log-json --show-rc', () => {
  it('reads a successful archive: job from its name, times, original size and file count', () => {
    const r = report('create-success')
    expect(borg.detect(r)).toBe(true)
    expect(borgCheck.detect(r)).toBe(false)
    expect(run(borg.parse(r))).toEqual({
      kind: 'backup',
      job: 'srv01',
      host: null,
      startedAt: Date.UTC(2026, 10, 30, 1, 16, 8),
      finishedAt: Date.UTC(2026, 10, 30, 1, 16, 8),
      result: 'success',
      bytes: 546,
      files: 2,
      errors: [],
      warnings: [],
    })
  })

  it('reads archive times (no zone) in the report time zone', () => {
    const r = run(borg.parse(report('create-success', true, 'Europe/Amsterdam')))
    expect(r.startedAt).toBe(DateTime.fromISO('2026-11-30T01:16:08', { zone: 'Europe/Amsterdam' }).toMillis())
    expect(r.startedAt).toBe(Date.UTC(2026, 10, 30, 0, 16, 8))
  })

  it('is success from the text alone (the show-rc line, or no warning without it)', () => {
    expect(run(borg.parse(report('create-success', false))).result).toBe('success')
    const withoutRc = fixture('create-success.txt').replace(/^.*show-rc.*$/m, '')
    expect(run(borg.parse(input(withoutRc))).result).toBe('success')
  })

  it('warns on rc 1: a missing source file, the archive created anyway', () => {
    const r = run(borg.parse(report('create-missing-file')))
    expect(r).toMatchObject({ job: 'srv01', result: 'warning', bytes: 559, files: 2, errors: [] })
    expect(r.warnings).toEqual(["/tmp/bb/nope: [Errno 2] No such file or directory: 'nope'"])
  })

  it('warns on the missing file in both orders of stdout and stderr, with and without the exit code', () => {
    const out = fixture('create-missing-file.stdout')
    const err = fixture('create-missing-file.stderr')
    for (const text of [out + err, err + out]) {
      expect(borg.detect(input(text))).toBe(true)
      for (const code of [1, undefined]) {
        expect(run(borg.parse(input(text, code)))).toMatchObject({ job: 'srv01', result: 'warning', files: 2 })
      }
      const noRc = text.replace(/^.*show-rc.*$/m, '')
      expect(run(borg.parse(input(noRc))).result).toBe('warning')
    }
  })

  it.each([
    [
      'create-wrong-passphrase',
      'passphrase supplied in BORG_PASSPHRASE, by BORG_PASSCOMMAND or via BORG_PASSPHRASE_FD is incorrect. [PassphraseWrong]',
      1796001371913,
    ],
    ['create-no-repo', 'Repository /tmp/bb/nob does not exist. [Repository.DoesNotExist]', 1796001372283],
  ])('fails on %s (rc 2), at the time of its last log line', (name, error, at) => {
    for (const withExit of [true, false]) {
      const r = report(name, withExit)
      expect(borg.detect(r)).toBe(true)
      expect(run(borg.parse(r))).toEqual({
        kind: 'backup',
        job: 'borg',
        host: null,
        startedAt: null,
        finishedAt: at,
        result: 'failed',
        bytes: null,
        files: null,
        errors: [error],
        warnings: [],
      })
    }
  })

  it('takes the host from a {hostname} archive pattern and strips a custom {now:...} suffix', () => {
    const r = run(borg.parse(report('create-hostname-pattern')))
    expect(r).toMatchObject({ job: 'vm-daily', host: 'vm', result: 'success', bytes: 572, files: 2 })
  })

  it('fails on rc 2 and above, signals and unknown codes; the worse of exit code and show-rc counts', () => {
    const text = fixture('create-success.txt')
    for (const code of [2, 3, 99, 130, 143, -1]) {
      expect(run(borg.parse(input(text, code))).result).toBe('failed')
    }
    expect(run(borg.parse(input(text, 1))).result).toBe('warning')
    expect(run(borg.parse(input(fixture('create-missing-file.txt'), 0))).result).toBe('warning')
  })

  it('fails when rc 0 comes without an archive document', () => {
    const text =
      '{"type": "log_message", "time": 1796001368.6, "message": "terminating with success status, rc 0", "levelname": "INFO", "name": "borg.output.show-rc"}\n'
    const r = run(borg.parse(input(text, 0)))
    expect(r.result).toBe('failed')
  })

  it('reads plain --show-rc text (no --log-json) and keeps stderr text as the error', () => {
    const text = 'Repository /srv/borg does not exist.\nterminating with error status, rc 2\n'
    expect(borg.detect(input(text))).toBe(true)
    expect(run(borg.parse(input(text)))).toMatchObject({
      job: 'borg',
      result: 'failed',
      errors: ['Repository /srv/borg does not exist.'],
    })
  })

  it('reads a document compacted onto one line', () => {
    const doc = JSON.stringify(JSON.parse(fixture('create-success.txt').replace(/^\{"type".*$/m, '')))
    expect(run(borg.parse(input(`${doc}\n`, 0)))).toMatchObject({ job: 'srv01', result: 'success', bytes: 546 })
  })

  it('fails on a truncated archive document', () => {
    const text = fixture('create-success.txt')
    const cut = text.slice(0, text.indexOf('"stats"'))
    expect(run(borg.parse(input(cut))).result).toBe('failed')
  })

  it.each([
    ['srv01-2026-11-29T17:51:02', 'srv01'],
    ['srv01-2026-11-29T17:51:02.123456', 'srv01'],
    ['web-01-daily-2026-11-29_1751', 'web-01-daily'],
    ['db_20261129', 'db'],
    ['db-20261129T175102Z', 'db'],
    ['nas.example.nl-2026-11-29T17:51:02+01:00', 'nas.example.nl'],
    ['srv01', 'srv01'],
    ['2026-11-29T17:51:02', 'borg'],
  ])('job key of archive %s is %s', (name, job) => {
    expect(archiveJob(name)).toBe(job)
  })

  it.each([
    ['empty', ''],
    ['plain text', 'Backup finished OK\n'],
    ['restic JSON', '{"message_type":"summary","total_files_processed":3}\n'],
    ['some other JSON document', '{\n    "archive": 1\n}\n'],
    ['a rc phrase inside prose', 'borg said: terminating with success status, rc 0 (quoted)\n'],
  ])('is unparsed for a near miss: %s', (_, text) => {
    expect(borg.parse(input(text, 0)).status).toBe('unparsed')
  })
})

describe('borg check --log-json -v', () => {
  it('is success for a clean repository', () => {
    const r = report('check-clean')
    expect(borgCheck.detect(r)).toBe(true)
    expect(borg.detect(r)).toBe(false)
    expect(run(borgCheck.parse(r))).toEqual({
      kind: 'backup',
      job: 'borg-check',
      host: null,
      startedAt: null,
      finishedAt: 1796001372697,
      result: 'success',
      bytes: null,
      files: null,
      errors: [],
      warnings: [],
    })
  })

  it('fails on a corrupt segment although borg check exits 1 (not 2)', () => {
    for (const withExit of [true, false]) {
      expect(run(borgCheck.parse(report('check-damaged', withExit)))).toMatchObject({
        result: 'failed',
        errors: [
          'Data integrity error: Segment entry checksum mismatch [segment 1, offset 8]',
          'Finished full repository check, errors found.',
        ],
      })
    }
  })

  it('fails a clean-looking check with a non-zero exit code, and leaves create output to borg', () => {
    expect(run(borgCheck.parse(input(fixture('check-clean.txt'), 1))).result).toBe('failed')
    expect(borgCheck.parse(report('create-success')).status).toBe('unparsed')
    expect(borg.parse(report('check-clean')).status).toBe('unparsed')
  })
})

describe('detect', () => {
  it('knows every borg fixture and no fixture of another format', () => {
    for (const name of readdirSync(DIR).filter((f) => f.endsWith('.txt'))) {
      const r = report(name.replace(/\.txt$/, ''))
      expect(borg.detect(r) || borgCheck.detect(r), name).toBe(true)
    }
    for (const format of readdirSync(FIXTURES)) {
      if (format === 'borg' || !statSync(join(FIXTURES, format)).isDirectory()) {
        continue
      }
      for (const file of readdirSync(join(FIXTURES, format))) {
        if (file.endsWith('.md') || !statSync(join(FIXTURES, format, file)).isFile()) {
          continue
        }
        const r = input(readFileSync(join(FIXTURES, format, file), 'utf8'))
        expect(borg.detect(r), `${format}/${file}`).toBe(false)
        expect(borgCheck.detect(r), `${format}/${file}`).toBe(false)
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
    for (const parser of [borg, borgCheck]) {
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

  it('gets through a single 10 MB line, and a 10 MB archive document', () => {
    for (const parser of [borg, borgCheck]) {
      wellTyped(parser, `{"type": "log_message", "message": "${'a'.repeat(10_000_000)}"}`, 2)
      wellTyped(parser, `{\n    "archive": {\n        "name": "${'b'.repeat(10_000_000)}"\n    }\n}\n`, 0)
      wellTyped(parser, `{\n${'    "x": 1,\n'.repeat(1_000_000)}}\n`, 0)
    }
  })
})

describe('the real borg', () => {
  it('creates an archive (success), warns on a missing source file, fails with a wrong passphrase', () => {
    requireTool('borg')
    const ws = workspace()
    try {
      borgInit(ws.dir)
      const ok = borgCreate(ws.dir, 'srv01-{now}', [ws.source])
      expect(ok.exitCode, ok.text).toBe(0)
      expect(borg.detect(input(ok.text))).toBe(true)
      expect(run(borg.parse(input(ok.text, ok.exitCode)))).toMatchObject({ job: 'srv01', result: 'success', files: 2 })

      const missing = borgCreate(ws.dir, 'srv01-{now}-2', [ws.source, join(ws.dir, 'nope')])
      expect(missing.exitCode, missing.text).toBe(1)
      expect(run(borg.parse(input(missing.text, missing.exitCode))).result).toBe('warning')

      const wrong = borgCreate(ws.dir, 'srv01-{now}-3', [ws.source], 'wrong')
      expect(wrong.exitCode).toBe(2)
      expect(borg.detect(input(wrong.text))).toBe(true)
      const failed = run(borg.parse(input(wrong.text, wrong.exitCode)))
      expect(failed.result).toBe('failed')
      expect(failed.errors[0]).toMatch(/PassphraseWrong/)
    } finally {
      ws.done()
    }
  })
})
