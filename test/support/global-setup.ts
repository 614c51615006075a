import pg from 'pg'
import type { TestProject } from 'vitest/node'
import { openDatabase } from '../../src/db/database.js'
import { migrateToLatest } from '../../src/db/migrate.js'
import { pgAdminUrl } from './databases.js'

declare module 'vitest' {
  export interface ProvidedContext {
    pgRun: string
  }
}

async function withAdmin<T>(fn: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: pgAdminUrl })
  await admin.connect()
  try {
    return await fn(admin)
  } finally {
    await admin.end()
  }
}

/**
 * On PostgreSQL, migrates one template database per test run; every test file clones it (fast, and always
 * fresh). Names carry a run id, so that test runs sharing one server (CI next to a developer) never touch each
 * other's databases.
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const run = `${process.pid.toString(36)}${Date.now().toString(36)}`
  project.provide('pgRun', run)
  if (!pgAdminUrl) {
    return undefined
  }
  const template = `sladesk_tmpl_${run}`
  await withAdmin((admin) => admin.query(`create database ${template}`))
  const u = new URL(pgAdminUrl)
  u.pathname = `/${template}`
  const database = openDatabase({ dialect: 'postgres', url: u.toString() }, { poolSize: 1 })
  await migrateToLatest(database.db)
  await database.close()
  return async () => {
    await withAdmin(async (admin) => {
      const { rows } = await admin.query<{ datname: string }>(
        `select datname from pg_database where datname like $1 or datname = $2`,
        [`sladesk\\_t\\_${run}\\_%`, template],
      )
      for (const { datname } of rows) {
        await admin.query(`drop database if exists ${datname} with (force)`)
      }
    })
  }
}
