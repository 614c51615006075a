import { sql, type Kysely, type RawBuilder } from 'kysely'

/**
 * The few places where SQLite and PostgreSQL differ. Everything else uses the same Kysely queries.
 * Column conventions: instants are `bigint` epoch ms (INTEGER affinity on SQLite), flags `integer` 0/1,
 * JSON `text`.
 */
export type DialectName = 'sqlite' | 'postgres'

export async function dialectOf(db: Kysely<any>): Promise<DialectName> {
  // Migrations receive a bare Kysely; ask the adapter instead of threading the config through.
  const adapter = db.getExecutor().adapter
  return adapter.constructor.name.toLowerCase().includes('postgres') ? 'postgres' : 'sqlite'
}

/** Case-insensitive "contains" on an already lower-cased column; `%` and `_` in the needle are literal. */
export function containsLike(needle: string): string {
  return `%${needle.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`
}

export const likeEscape: RawBuilder<unknown> = sql`'\\'`
