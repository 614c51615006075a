import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, inject } from 'vitest'
import { type Database, openDatabase } from '../../src/db/database.js'
import { migrateToLatest } from '../../src/db/migrate.js'

export const pgAdminUrl = process.env.TEST_DATABASE_URL

export type DialectName = 'sqlite' | 'postgres'

/** The dialects every repository test runs on: SQLite always, PostgreSQL when TEST_DATABASE_URL is set. */
export const dialects: DialectName[] = pgAdminUrl ? ['sqlite', 'postgres'] : ['sqlite']

function urlWithDatabase(url: string, database: string): string {
  const u = new URL(url)
  u.pathname = `/${database}`
  return u.toString()
}

export interface TestDatabase {
  database: Database
  /** The DATABASE_URL-style location of this database, for a server in another process. */
  url: string
  drop(): Promise<void>
}

/** A fresh, migrated database: a new SQLite file, or a PostgreSQL clone of the migrated template. */
export async function createTestDatabase(dialect: DialectName): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'sladesk-test-'))
    const file = join(dir, 'test.db')
    const database = openDatabase({ dialect: 'sqlite', file })
    await migrateToLatest(database.db)
    return {
      database,
      url: `sqlite:${file}`,
      async drop() {
        await database.close()
        rmSync(dir, { recursive: true, force: true })
      },
    }
  }
  if (!pgAdminUrl) {
    throw new Error('TEST_DATABASE_URL is not set')
  }
  const run = inject('pgRun')
  const name = `sladesk_t_${run}_${Math.random().toString(36).slice(2, 10)}`
  const admin = new pg.Client({ connectionString: pgAdminUrl })
  await admin.connect()
  try {
    await admin.query(`create database ${name} template sladesk_tmpl_${run}`)
  } finally {
    await admin.end()
  }
  const url = urlWithDatabase(pgAdminUrl, name)
  const database = openDatabase({ dialect: 'postgres', url }, { poolSize: 5 })
  return {
    database,
    url,
    async drop() {
      await database.close()
      const a = new pg.Client({ connectionString: pgAdminUrl })
      await a.connect()
      try {
        await a.query(`drop database if exists ${name} with (force)`)
      } finally {
        await a.end()
      }
    },
  }
}

export interface DialectContext {
  dialect: DialectName
  database: Database
  /** Set in beforeAll: read it inside tests, not at collection time. */
  readonly db: Database['db']
}

/** Runs the same test body on every dialect, with one fresh database per dialect for the whole block. */
export function describeEachDialect(name: string, body: (t: DialectContext) => void): void {
  for (const dialect of dialects) {
    describe(`${name} [${dialect}]`, () => {
      let test: TestDatabase | undefined
      const t = {
        dialect,
        get database() {
          if (!test) {
            throw new Error('database not ready: use it inside a test or hook')
          }
          return test.database
        },
        get db() {
          return this.database.db
        },
      }
      beforeAll(async () => {
        test = await createTestDatabase(dialect)
      })
      afterAll(async () => {
        await test?.drop()
      })
      body(t)
    })
  }
}
