import pg from 'pg'
import { openDatabase } from '../../src/db/database.js'
import { migrateToLatest } from '../../src/db/migrate.js'
import { PG_TEMPLATE, pgAdminUrl } from './databases.js'

/** On PostgreSQL, migrates one template database once; every test file clones it (fast, and always fresh). */
export default async function setup(): Promise<void> {
  if (!pgAdminUrl) {
    return
  }
  const admin = new pg.Client({ connectionString: pgAdminUrl })
  await admin.connect()
  try {
    // Leftovers of an interrupted earlier run.
    const { rows } = await admin.query<{ datname: string }>(`select datname from pg_database where datname like 'sladesk_t\\_%' or datname = $1`, [PG_TEMPLATE])
    for (const { datname } of rows) {
      await admin.query(`drop database if exists ${datname} with (force)`)
    }
    await admin.query(`create database ${PG_TEMPLATE}`)
  } finally {
    await admin.end()
  }
  const u = new URL(pgAdminUrl)
  u.pathname = `/${PG_TEMPLATE}`
  const database = openDatabase({ dialect: 'postgres', url: u.toString() }, { poolSize: 1 })
  await migrateToLatest(database.db)
  await database.close()
}
