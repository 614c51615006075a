import { existsSync } from 'node:fs'
import BetterSqlite3 from 'better-sqlite3'

/**
 * Copies a live SQLite database with SQLite's online backup API: the copy is consistent even while sladesk
 * keeps writing (WAL mode), and it is one file with no -wal beside it. Returns the number of pages.
 */
export async function backupSqlite(
  source: string,
  target: string,
  progress?: (done: number, total: number) => void,
): Promise<number> {
  if (!existsSync(source)) {
    throw new Error(`No database at ${source}`)
  }
  const db = new BetterSqlite3(source, { readonly: true, fileMustExist: true })
  try {
    const { totalPages } = await db.backup(target, {
      progress({ totalPages: total, remainingPages }) {
        progress?.(total - remainingPages, total)
        return 200
      },
    })
    // better-sqlite3 reports only the steps that leave pages to copy: a small database has none, and the last
    // step of a large one is never reported. Report the end once.
    progress?.(totalPages, totalPages)
    return totalPages
  } finally {
    db.close()
  }
}
