import { badRequest } from './errors.js'

type Key = string | number
type Shape<K extends readonly Key[]> = { [I in keyof K]: K[I] extends number ? 'number' : 'string' }

/**
 * Reads an opaque keyset cursor (base64url of the JSON sort key of the last row a page showed).
 * @throws AppError 400 `invalid_cursor` when it is not one that a list gave out.
 */
export function readCursor<K extends readonly Key[]>(cursor: string | undefined, shape: Shape<K>): K | undefined {
  if (cursor === undefined) {
    return undefined
  }
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
    if (Array.isArray(values) && values.length === shape.length && values.every((v, i) => typeof v === shape[i])) {
      return values as unknown as K
    }
  } catch {
    // not JSON: answered below like any other foreign cursor
  }
  throw badRequest('invalid_cursor', 'cursor is not one this list gave out')
}

/**
 * One page from `rows`, which the query fetched with `limit + 1` so that a next page is known to exist without a
 * count; `keyOf` gives the sort key of a row, which becomes the next cursor.
 */
export function pageOf<T, U = T>(
  rows: readonly T[],
  limit: number,
  keyOf: (row: T) => readonly Key[],
  toItem: (row: T) => U = (row) => row as unknown as U,
): { items: U[]; nextCursor: string | null } {
  const page = rows.slice(0, limit)
  const last = page.at(-1)
  return {
    items: page.map(toItem),
    nextCursor: rows.length > limit && last ? Buffer.from(JSON.stringify(keyOf(last))).toString('base64url') : null,
  }
}
