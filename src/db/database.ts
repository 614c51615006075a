import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import {
  type Compilable,
  type CompiledQuery,
  Kysely,
  type Transaction,
  PostgresDialect,
  type QueryResult,
  sql,
} from 'kysely'
import type pg from 'pg'
import type { Config } from '../platform/config.js'
import { required } from '../platform/lazy.js'
import { FastSqliteDialect } from './sqlite-driver.js'
import type { DB } from './types.js'

export type Db = Kysely<DB>
/** What repositories take: the database, or the transaction of the change in progress. */
export type Executor = Kysely<DB> | Transaction<DB>
export type DialectName = 'sqlite' | 'postgres'

export interface Database {
  db: Db
  dialect: DialectName
  /** The raw better-sqlite3 handle on SQLite (for online backups), undefined on PostgreSQL. */
  sqlite?: BetterSqlite3.Database
  /**
   * On SQLite, a number that moves whenever this process runs a statement that may write: while it stands still,
   * nothing this process could have changed did (other processes on the file, such as `sladesk ingest`, are not
   * counted). Undefined on PostgreSQL, where other instances write to the same database.
   */
  writeCount?: () => number
  ping(): Promise<void>
  close(): Promise<void>
}

// The PostgreSQL client, required only when PostgreSQL is used: an embedded SQLite server need not carry it.
const postgresClient = required<typeof pg>('pg')

export function openDatabase(config: Config['database'], options: { poolSize?: number } = {}): Database {
  if (config.dialect === 'sqlite') {
    mkdirSync(dirname(config.file), { recursive: true })
    const raw = new BetterSqlite3(config.file)
    raw.pragma('journal_mode = WAL')
    raw.pragma('synchronous = NORMAL')
    raw.pragma('foreign_keys = ON')
    raw.pragma('busy_timeout = 5000')
    const dialect = new FastSqliteDialect(raw)
    const db = new Kysely<DB>({ dialect })
    // Only this instance, without plugins, not its transactions: they hold the connection and go through Kysely.
    runIfIdle.set(db, (query) => dialect.executeIfIdle(query))
    return {
      db,
      dialect: 'sqlite',
      sqlite: raw,
      writeCount: () => dialect.writeCount(),
      async ping() {
        await sql`select 1`.execute(db)
      },
      close: once(async () => {
        await db.destroy()
        // Kysely closes the handle only if it was used; an unused database must be closed too.
        if (raw.open) {
          raw.close()
        }
      }),
    }
  }
  const pg = postgresClient()
  // int8 (epoch ms, counts) as JS numbers: they stay far below 2^53.
  pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number.parseInt(v, 10))
  const pool = new pg.Pool({
    connectionString: config.url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: 5000,
  })
  // An idle client losing its server must not crash the process; the next query reports it.
  pool.on('error', () => undefined)
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) })
  return {
    db,
    dialect: 'postgres',
    async ping() {
      await sql`select 1`.execute(db)
    },
    close: once(() => db.destroy()),
  }
}

/** close() may be called by several owners (the app, a test); the pool must be ended once. */
function once(fn: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined
  return () => (done ??= fn())
}

/** For the SQLite Kysely instances: runs a query at once when the connection is free (see FastSqliteDialect). */
const runIfIdle = new WeakMap<Kysely<DB>, <R>(query: CompiledQuery<R>) => QueryResult<R> | undefined>()

/** Stands in for an argument while a precompiled query is built. */
class Slot {
  constructor(readonly index: number) {}
}

/**
 * A query on the path of every request, built and compiled once per Kysely instance (or transaction) and then
 * run with new argument values. Building and compiling costs more than running a one-row read on SQLite (about
 * 20 µs against a few). `build` gets stand-ins for the arguments: it may only pass them on as values to compare
 * or insert (not in a list, not as null, never looking at them), so that the SQL is the same for every call.
 */
export function precompiled<A extends unknown[], O>(
  build: (db: Kysely<DB>, ...args: A) => Compilable<O>,
): (db: Kysely<DB>, ...args: A) => Promise<O[]> {
  const compiled = new WeakMap<Kysely<DB>, { query: CompiledQuery<O>; slots: Array<number | undefined> }>()
  return async (db, ...args) => {
    let entry = compiled.get(db)
    if (!entry) {
      const query = build(db, ...(args.map((_, i) => new Slot(i)) as A)).compile()
      const slots = query.parameters.map((p) => (p instanceof Slot ? p.index : undefined))
      if (args.some((_, i) => !slots.includes(i))) {
        throw new Error(`a precompiled query must take every argument as a parameter: ${query.sql}`)
      }
      entry = { query, slots }
      compiled.set(db, entry)
    }
    const { query, slots } = entry
    const parameters = query.parameters.map((p, i) => {
      const slot = slots[i]
      return slot === undefined ? p : args[slot]
    })
    const ready: CompiledQuery<O> = { ...query, parameters }
    return (runIfIdle.get(db)?.(ready) ?? (await db.executeQuery(ready))).rows
  }
}
