import { type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely'
import * as callDesk from './migrations/2026-11-29T2100-call-desk.js'
import * as assets from './migrations/2026-11-30T0100-assets.js'
import * as contracts from './migrations/2026-11-30T0200-contracts.js'
import * as leads from './migrations/2026-11-30T0300-leads.js'
import * as monitoring from './migrations/2026-11-30T0400-monitoring.js'
import * as reportsPending from './migrations/2026-11-30T0500-reports-pending.js'
import * as monitoringCheck from './migrations/2026-11-30T0600-monitoring-check.js'
import * as mailRules from './migrations/2026-11-30T0700-mail-rules.js'
import * as reportDays from './migrations/2026-11-30T0800-report-days.js'
import * as docs from './migrations/2026-11-30T0900-docs.js'
import * as reportsUnparsed from './migrations/2026-11-30T1000-reports-unparsed.js'
import * as foundation from './migrations/2026-11-29T1900-foundation.js'

// A static list, so that the compiled server and the tests (run from TypeScript) see the same migrations.
const migrations: Record<string, Migration> = {
  '2026-11-29T1900-foundation': foundation,
  '2026-11-29T2100-call-desk': callDesk,
  '2026-11-30T0100-assets': assets,
  '2026-11-30T0200-contracts': contracts,
  '2026-11-30T0300-leads': leads,
  '2026-11-30T0400-monitoring': monitoring,
  '2026-11-30T0500-reports-pending': reportsPending,
  '2026-11-30T0600-monitoring-check': monitoringCheck,
  '2026-11-30T0700-mail-rules': mailRules,
  '2026-11-30T0800-report-days': reportDays,
  '2026-11-30T0900-docs': docs,
  '2026-11-30T1000-reports-unparsed': reportsUnparsed,
}

const provider: MigrationProvider = { getMigrations: async () => migrations }

/** Brings the schema up to date; returns the names of the migrations it applied. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the migrator works on any schema
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({ db, provider })
  const { error, results } = await migrator.migrateToLatest()
  if (error) {
    throw error instanceof Error ? error : new Error(JSON.stringify(error))
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
}

/** Brings the schema up to and including the migration `name` (tests of a migration over existing rows). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the migrator works on any schema
export async function migrateUpTo(db: Kysely<any>, name: string): Promise<void> {
  const { error } = await new Migrator({ db, provider }).migrateTo(name)
  if (error) {
    throw error instanceof Error ? error : new Error(JSON.stringify(error))
  }
}
