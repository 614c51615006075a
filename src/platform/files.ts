import { createHash } from 'node:crypto'
import type { Executor } from '../db/database.js'

export const sha256Hex = (content: Buffer): string => createHash('sha256').update(content).digest('hex')

/**
 * Stores bytes by their SHA-256 and returns it. The same bytes twice are one row: storing is idempotent, so a
 * mail or an upload can be stored first and processed (again) later.
 */
export async function putBlob(db: Executor, content: Buffer, at: number): Promise<string> {
  const sha256 = sha256Hex(content)
  await db
    .insertInto('blobs')
    .values({ sha256, size: content.length, content, created_at: at })
    .onConflict((oc) => oc.column('sha256').doNothing())
    .execute()
  return sha256
}

export async function getBlob(db: Executor, sha256: string): Promise<Buffer | undefined> {
  const row = await db.selectFrom('blobs').select('content').where('sha256', '=', sha256).executeTakeFirst()
  return row ? Buffer.from(row.content) : undefined
}
