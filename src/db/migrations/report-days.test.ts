import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Kysely } from 'kysely'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dialects, pgAdminUrl } from '../../../test/support/databases.js'
import { make } from '../../../test/support/factories.js'
import type { MonitoringReportsTable } from '../../modules/monitoring/tables.js'
import { type Database, openDatabase } from '../database.js'
import { isUniqueViolation } from '../dialect.js'
import { migrateToLatest, migrateUpTo } from '../migrate.js'

// The migration that lets identical bytes be a report of their own on another day rebuilds the reports table on
// SQLite: the reports and the events that refer to them must come through it whole.

const REPORT = {
  kind: 'backup',
  source: 'api',
  sha256: 'a'.repeat(64),
  size: 38,
  content_type: 'text/plain',
  format_requested: null,
  format: 'restic',
  status: 'parsed',
  reason: null,
  from_future: 0,
  exit_code: 1,
  job_hint: 'Nacht',
  host: null,
  token_id: null,
  parsed_at: null,
} as const

for (const dialect of dialects) {
  describe(`migration 2026-11-30T0800-report-days [${dialect}]`, () => {
    let database: Database
    let drop: () => Promise<void>

    beforeAll(async () => {
      if (dialect === 'sqlite') {
        const dir = mkdtempSync(join(tmpdir(), 'sladesk-migration-'))
        database = openDatabase({ dialect: 'sqlite', file: join(dir, 'test.db') })
        drop = async () => {
          await database.close()
          rmSync(dir, { recursive: true, force: true })
        }
      } else {
        const name = `sladesk_m_${Math.random().toString(36).slice(2, 10)}`
        const admin = async (query: string) => {
          const client = new pg.Client({ connectionString: pgAdminUrl })
          await client.connect()
          try {
            await client.query(query)
          } finally {
            await client.end()
          }
        }
        await admin(`create database ${name}`)
        const url = new URL(pgAdminUrl!)
        url.pathname = `/${name}`
        database = openDatabase({ dialect: 'postgres', url: url.toString() }, { poolSize: 2 })
        drop = async () => {
          await database.close()
          await admin(`drop database if exists ${name} with (force)`)
        }
      }
    })
    afterAll(() => drop())

    it('keeps the reports and their events, and dedups by day from then on', async () => {
      const db = database.db
      await migrateUpTo(db, '2026-11-30T0700-mail-rules')
      const customer = await make.customer(db)
      // Received at 02:00 in Amsterdam on 28 November: the monitoring day of the 27th (it runs from 07:30).
      const receivedAt = Date.UTC(2026, 10, 28, 1, 0, 0)
      // The table as it was before the migration: no day of receipt.
      await (db as unknown as Kysely<{ monitoring_reports: Omit<MonitoringReportsTable, 'received_day'> }>)
        .insertInto('monitoring_reports')
        .values({ ...REPORT, id: 'r1', customer_id: customer.id, received_at: receivedAt })
        .execute()
      await db
        .insertInto('report_events')
        .values({
          id: 'e1',
          report_id: 'r1',
          customer_id: customer.id,
          kind: 'backup',
          job: 'nacht',
          host: null,
          result: 'failed',
          at: receivedAt,
          started_at: null,
          bytes: null,
          files: null,
          details: '{}',
        })
        .execute()

      expect(await migrateToLatest(db)).toContain('2026-11-30T0800-report-days')

      const rows = await db.selectFrom('monitoring_reports').selectAll().execute()
      expect(rows).toEqual([expect.objectContaining({ id: 'r1', received_day: '2026-11-27', exit_code: 1 })])
      const events = await db.selectFrom('report_events').select(['id', 'report_id']).execute()
      expect(events).toEqual([{ id: 'e1', report_id: 'r1' }])

      const again = (id: string, day: string) =>
        db
          .insertInto('monitoring_reports')
          .values({ ...REPORT, id, customer_id: customer.id, received_at: receivedAt, received_day: day })
          .execute()
      await expect(again('r2', '2026-11-27')).rejects.toSatisfy(isUniqueViolation)
      await again('r3', '2026-11-28')
      // The events' reference to the reports still holds after the rebuild.
      await expect(
        db
          .insertInto('report_events')
          .values({
            id: 'e2',
            report_id: 'no-such-report',
            customer_id: customer.id,
            kind: 'backup',
            job: 'nacht',
            host: null,
            result: 'failed',
            at: receivedAt,
            started_at: null,
            bytes: null,
            files: null,
            details: '{}',
          })
          .execute(),
      ).rejects.toThrow(/foreign key/i)
    })
  })
}
