import type { Database as SqliteDatabase, Statement } from 'better-sqlite3'
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type Dialect,
  type Kysely,
} from 'kysely'

/**
 * A Kysely driver for better-sqlite3 that keeps prepared statements in a cache (keyed by SQL text) and
 * takes its connection lock without a promise hop when nobody holds it. Kysely's own SqliteDriver
 * prepares every statement anew and always awaits its mutex, which costs about 2.5× on a one-row read.
 * The lock is still needed: SQLite has one connection here, and a query must not slip into someone
 * else's open transaction.
 */
export class FastSqliteDialect implements Dialect {
  private driver: FastSqliteDriver | undefined
  constructor(private readonly database: SqliteDatabase) {}
  createAdapter() {
    return new SqliteAdapter()
  }
  createDriver(): Driver {
    this.driver = new FastSqliteDriver(this.database)
    return this.driver
  }
  /**
   * Runs a compiled query at once, synchronously, when nobody holds the connection; undefined (and nothing run)
   * when someone does, e.g. an open transaction: then the caller goes through Kysely and waits its turn. Saves the
   * promise hops of Kysely's executor on the queries of every request.
   */
  executeIfIdle<R>(query: CompiledQuery): QueryResult<R> | undefined {
    return this.driver?.executeIfIdle<R>(query)
  }
  /** How many statements that may write this process has run: when it has not moved, nothing here changed. */
  writeCount(): number {
    return this.driver?.writeCount() ?? 0
  }
  createIntrospector(db: Kysely<unknown>) {
    return new SqliteIntrospector(db)
  }
  createQueryCompiler() {
    return new SqliteQueryCompiler()
  }
}

class ConnectionLock {
  private held = false
  private readonly waiters: Array<() => void> = []
  /** Takes the lock only if it is free at this moment. */
  tryAcquire(): boolean {
    if (this.held) {
      return false
    }
    this.held = true
    return true
  }
  acquire(): Promise<void> | undefined {
    if (!this.held) {
      this.held = true
      return undefined
    }
    return new Promise((resolve) => this.waiters.push(resolve))
  }
  release(): void {
    const next = this.waiters.shift()
    if (next) {
      next()
    } else {
      this.held = false
    }
  }
}

const STATEMENT_CACHE_LIMIT = 500
const DDL = /^\s*(create|alter|drop)\b/i

type Row = Record<string, unknown>

/**
 * Builds rows as object literals of one fixed shape per statement. better-sqlite3's own row objects get their
 * properties one by one from C++ (a map transition and a string lookup per column: about 2 µs a column, most of
 * a session lookup); a literal made by one generated function stays monomorphic. Duplicate names keep the last
 * value, as better-sqlite3 does.
 */
function rowFactory(columns: readonly string[]): (values: unknown[]) => Row {
  const body = `return {${columns.map((name, i) => `${JSON.stringify(name)}: v[${i}]`).join(', ')}}`
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the names are JSON-quoted column names, not input
  return new Function('v', body) as (values: unknown[]) => Row
}

interface Prepared {
  stmt: Statement
  /** Whether running it may change the database (an INSERT … RETURNING is a reader that writes). */
  writes: boolean
  /** For statements that return rows: how many columns, and the row builder for them. */
  shape?: { width: number; make: (values: unknown[]) => Row }
}

class FastSqliteConnection implements DatabaseConnection {
  private readonly statements = new Map<string, Prepared>()
  /** Statements run that may have written (see FastSqliteDialect.writeCount). */
  writes = 0
  constructor(readonly db: SqliteDatabase) {}

  private prepare(sql: string): Prepared {
    let prepared = this.statements.get(sql)
    if (!prepared) {
      const stmt = this.db.prepare(sql)
      prepared = { stmt, writes: !stmt.readonly }
      if (stmt.reader) {
        stmt.raw(true)
        prepared.shape = this.shapeOf(stmt)
      }
      // Bounded: ad-hoc SQL (IN lists of varying length) must not grow the cache forever.
      if (this.statements.size >= STATEMENT_CACHE_LIMIT) {
        this.statements.clear()
      }
      this.statements.set(sql, prepared)
    }
    return prepared
  }

  private shapeOf(stmt: Statement): Prepared['shape'] {
    const names = stmt.columns().map((c) => c.name)
    return { width: names.length, make: rowFactory(names) }
  }

  private toRows(prepared: Prepared, values: unknown[][]): Row[] {
    let shape = prepared.shape
    // SQLite re-prepares a statement whose table changed; `select *` may then return other columns.
    if (!shape || (values.length > 0 && values[0]?.length !== shape.width)) {
      shape = prepared.shape = this.shapeOf(prepared.stmt)
    }
    const make = shape?.make ?? rowFactory([])
    return values.map(make)
  }

  executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    return Promise.resolve(this.executeSync<R>(compiledQuery))
  }

  executeSync<R>({ sql, parameters }: CompiledQuery): QueryResult<R> {
    const prepared = this.prepare(sql)
    const params = parameters as unknown[]
    if (prepared.writes) {
      this.writes += 1
    }
    if (prepared.stmt.reader) {
      return { rows: this.toRows(prepared, prepared.stmt.all(params) as unknown[][]) as R[] }
    }
    const { changes, lastInsertRowid } = prepared.stmt.run(params)
    if (DDL.test(sql)) {
      // Cached row shapes may describe tables as they were.
      this.statements.clear()
    }
    return {
      numAffectedRows: BigInt(changes),
      insertId: lastInsertRowid === undefined || lastInsertRowid === null ? undefined : BigInt(lastInsertRowid),
      rows: [],
    }
  }

  async *streamQuery<R>(compiledQuery: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    const prepared = this.prepare(compiledQuery.sql)
    if (prepared.writes) {
      this.writes += 1
    }
    for (const values of prepared.stmt.iterate(compiledQuery.parameters)) {
      yield { rows: this.toRows(prepared, [values as unknown[]]) as R[] }
    }
  }
}

class FastSqliteDriver implements Driver {
  private readonly lock = new ConnectionLock()
  private readonly connection: FastSqliteConnection
  constructor(database: SqliteDatabase) {
    this.connection = new FastSqliteConnection(database)
  }
  async init(): Promise<void> {}
  writeCount(): number {
    return this.connection.writes
  }
  executeIfIdle<R>(query: CompiledQuery): QueryResult<R> | undefined {
    if (!this.lock.tryAcquire()) {
      return undefined
    }
    // Synchronous from here to release: nothing else can run on the connection in between.
    try {
      return this.connection.executeSync<R>(query)
    } finally {
      this.lock.release()
    }
  }
  async acquireConnection(): Promise<DatabaseConnection> {
    const wait = this.lock.acquire()
    if (wait) {
      await wait
    }
    return this.connection
  }
  async beginTransaction(conn: DatabaseConnection): Promise<void> {
    await conn.executeQuery(CompiledQuery.raw('begin immediate'))
  }
  async commitTransaction(conn: DatabaseConnection): Promise<void> {
    await conn.executeQuery(CompiledQuery.raw('commit'))
  }
  async rollbackTransaction(conn: DatabaseConnection): Promise<void> {
    await conn.executeQuery(CompiledQuery.raw('rollback'))
  }
  async releaseConnection(): Promise<void> {
    this.lock.release()
  }
  async destroy(): Promise<void> {
    this.connection.db.close()
  }
}
