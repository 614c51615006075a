import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { afterEach, describe, expect, it } from 'vitest'
import { testConfig } from '../../test/support/app.js'
import { createTestDatabase, dialects, type TestDatabase } from '../../test/support/databases.js'
import { make } from '../../test/support/factories.js'
import type { Config } from '../platform/config.js'
import { runIngest } from './ingest.js'

const FIXTURES = join(import.meta.dirname, '../../test/fixtures/monitoring')

const configFor = (t: TestDatabase): Config =>
  testConfig({
    database: t.url.startsWith('sqlite:')
      ? { dialect: 'sqlite', file: t.url.slice('sqlite:'.length) }
      : { dialect: 'postgres', url: t.url },
    ingestMaxBytes: 64 * 1024,
  })

for (const dialect of dialects) {
  describe(`sladesk ingest [${dialect}]`, () => {
    const cleanup: (() => Promise<void> | void)[] = []
    afterEach(async () => {
      for (const done of cleanup.splice(0)) {
        await done()
      }
    })

    it('takes in a folder of logs and mails, each file once, with a progress bar and a summary', async () => {
      const t = await createTestDatabase(dialect)
      cleanup.push(() => t.drop())
      const customer = await make.customer(t.database.db, { name: 'Bakkerij Jansen' })
      const dir = mkdtempSync(join(tmpdir(), 'sladesk-ingest-'))
      cleanup.push(() => rmSync(dir, { recursive: true, force: true }))
      mkdirSync(join(dir, 'ups'))
      writeFileSync(join(dir, 'borg-ok.json'), readFileSync(join(FIXTURES, 'borg/create-success.txt')))
      writeFileSync(join(dir, 'ups', 'events.log'), readFileSync(join(FIXTURES, 'apcupsd/events-power-cycle.log')))
      writeFileSync(join(dir, 'notes.txt'), 'not a report of any kind\n')
      writeFileSync(join(dir, 'empty.log'), '')
      writeFileSync(join(dir, '.hidden'), 'skipped without a word')
      writeFileSync(join(dir, 'huge.log'), 'x'.repeat(65 * 1024))
      // A log without times of its own is dated by its file.
      utimesSync(join(dir, 'notes.txt'), new Date('2026-11-01T10:00:00Z'), new Date('2026-11-01T10:00:00Z'))

      const out = new PassThrough()
      let printed = ''
      out.on('data', (chunk: Buffer) => (printed += chunk.toString()))
      const summary = await runIngest(configFor(t), { customer: 'bakkerij jansen', files: [dir], out })
      expect(summary).toMatchObject({ files: 5, stored: 3, duplicates: 0, unparsed: 1 })
      expect(summary.skipped.map((s) => s.reason)).toEqual(['empty', 'larger than INGEST_MAX_BYTES (65536 bytes)'])
      expect(printed).toMatch(/5\/5 files/)
      expect(printed).toContain('Bakkerij Jansen: 3 stored')

      const again = await runIngest(configFor(t), { customer: customer.id, files: [dir], out, progress: false })
      expect(again).toMatchObject({ stored: 0, duplicates: 3 })

      const rows = await t.database.db
        .selectFrom('monitoring_reports')
        .select(['kind', 'format', 'status', 'source', 'received_at'])
        .execute()
      rows.sort((a, b) => (a.format ?? '').localeCompare(b.format ?? ''))
      expect(rows.map((r) => [r.kind, r.format, r.status, r.source])).toEqual([
        ['backup', null, 'unparsed', 'cli'],
        ['ups', 'apcupsd-events', 'parsed', 'cli'],
        ['backup', 'borg', 'parsed', 'cli'],
      ])
      expect(Number(rows[0]!.received_at)).toBe(Date.parse('2026-11-01T10:00:00Z'))
    })

    it('refuses an unknown customer or format clearly', async () => {
      const t = await createTestDatabase(dialect)
      cleanup.push(() => t.drop())
      await expect(runIngest(configFor(t), { customer: 'nobody', files: [FIXTURES], progress: false })).rejects.toThrow(
        '--customer: no customer with the id or name "nobody"',
      )
      await expect(
        runIngest(configFor(t), { customer: 'x', format: 'tar', files: [FIXTURES], progress: false }),
      ).rejects.toThrow('--format: unknown format tar')
    })
  })
}
