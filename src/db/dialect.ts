import { sql, type Expression, type Kysely, type RawBuilder } from 'kysely'

/**
 * The few places where SQLite and PostgreSQL differ. Everything else uses the same Kysely queries.
 * Column conventions: instants are `bigint` epoch ms (INTEGER affinity on SQLite), flags `integer` 0/1,
 * JSON `text`.
 */
export type DialectName = 'sqlite' | 'postgres'

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- works on any schema, migrations included
export async function dialectOf(db: Kysely<any>): Promise<DialectName> {
  // Migrations receive a bare Kysely; ask the adapter instead of threading the config through.
  const adapter = db.getExecutor().adapter
  return adapter.constructor.name.toLowerCase().includes('postgres') ? 'postgres' : 'sqlite'
}

/**
 * `expr LIKE '%needle%'` with `%`, `_` and `\\` in the needle taken literally. SQLite has no default escape
 * character, so the ESCAPE clause is spelled out for both dialects. Lower-case `expr` for case-insensitivity.
 */
export function containsLike(expr: Expression<string | null>, needle: string): RawBuilder<boolean> {
  const pattern = `%${needle.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`
  return sql<boolean>`${expr} like ${pattern} escape '\\'`
}

/** Whether the database refused a row for a unique index, constraint or primary key (PostgreSQL 23505, SQLite's codes). */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
}
