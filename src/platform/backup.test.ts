import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import BetterSqlite3 from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestDatabase, type TestDatabase } from '../../test/support/databases.js'
import { make } from '../../test/support/factories.js'
import { backupSqlite } from './backup.js'

// The online backup is SQLite's own feature (PostgreSQL is backed up with pg_dump), so this runs on SQLite only.
describe('backupSqlite', () => {
  let test: TestDatabase
  let dir: string
  let source: string

  beforeEach(async () => {
    test = await createTestDatabase('sqlite')
    source = test.url.slice('sqlite:'.length)
    dir = mkdtempSync(join(tmpdir(), 'sladesk-backup-'))
  })
  afterEach(async () => {
    await test.drop()
    rmSync(dir, { recursive: true, force: true })
  })

  /** Enough rows for a database of several hundred pages, so that the copy takes several steps. */
  async function fill(count: number, prefix: string): Promise<void> {
    const notes = 'Serverkast, UPS en NAS in de meterkast. '.repeat(20)
    for (let i = 0; i < count; i += 250) {
      await test.database.db.transaction().execute(async (trx) => {
        for (let j = i; j < Math.min(count, i + 250); j++) {
          await make.customer(trx, { name: `${prefix} ${String(j).padStart(5, '0')}`, notes })
        }
      })
    }
  }

  const countIn = (file: string, prefix: string) => {
    const db = new BetterSqlite3(file, { readonly: true, fileMustExist: true })
    try {
      return {
        rows: (db.prepare('select count(*) as n from customers where name like ?').get(`${prefix} %`) as { n: number })
          .n,
        integrity: db.pragma('integrity_check', { simple: true }),
      }
    } finally {
      db.close()
    }
  }

  it('copies a live WAL database, including rows not yet checkpointed, into one consistent file', async () => {
    await fill(1_500, 'Voor')
    // The rows are (at least partly) still in the write-ahead log, not in the main file.
    expect(statSync(`${source}-wal`).size).toBeGreaterThan(0)
    const target = join(dir, 'copy.db')
    const progress: [number, number][] = []
    const pages = await backupSqlite(source, target, (done, total) => progress.push([done, total]))

    expect(pages).toBeGreaterThan(200)
    expect(existsSync(`${target}-wal`)).toBe(false)
    expect(countIn(target, 'Voor')).toEqual({ rows: 1_500, integrity: 'ok' })
    // Progress was reported in several steps and ended complete.
    expect(progress.length).toBeGreaterThan(1)
    expect(progress.at(-1)).toEqual([pages, pages])
    expect(progress.every(([done, total]) => done >= 0 && done <= total)).toBe(true)
  })

  it('gives a consistent copy while sladesk keeps writing', async () => {
    await fill(1_500, 'Voor')
    const target = join(dir, 'busy.db')
    let written = 0
    let writing = true
    const writer = (async () => {
      // Commits between the backup's steps; stops after a while so that the backup can finish.
      while (writing && written < 40) {
        await make.customer(test.database.db, { name: `Tijdens ${String(written).padStart(5, '0')}` })
        written += 1
        await new Promise((r) => setImmediate(r))
      }
    })()
    const pages = await backupSqlite(source, target)
    writing = false
    await writer
    expect(written).toBeGreaterThan(0)
    expect(pages).toBeGreaterThan(0)

    const copy = countIn(target, 'Voor')
    expect(copy).toEqual({ rows: 1_500, integrity: 'ok' })
    // Whatever part of the concurrent writes it holds, it holds whole commits in order: a prefix of them.
    const db = new BetterSqlite3(target, { readonly: true })
    try {
      const during = (
        db.prepare("select name from customers where name like 'Tijdens %' order by name").all() as { name: string }[]
      ).map((r) => r.name)
      expect(during).toEqual(Array.from({ length: during.length }, (_, i) => `Tijdens ${String(i).padStart(5, '0')}`))
      expect(during.length).toBeLessThanOrEqual(written)
    } finally {
      db.close()
    }
    // The live database is untouched by the backup and keeps working.
    expect(countIn(source, 'Tijdens').rows).toBe(written)
  })

  it('reports the page count and a complete progress for a small database too', async () => {
    await make.customer(test.database.db, { name: 'Klein Bedrijfje' })
    const target = join(dir, 'small.db')
    const progress: [number, number][] = []
    const pages = await backupSqlite(source, target, (done, total) => progress.push([done, total]))
    const db = new BetterSqlite3(target, { readonly: true })
    try {
      expect(pages).toBe(db.pragma('page_count', { simple: true }))
    } finally {
      db.close()
    }
    expect(pages).toBeGreaterThan(0)
    expect(progress.at(-1)).toEqual([pages, pages])
    expect(countIn(target, 'Klein').rows).toBe(1)
  })

  it('refuses a missing source and creates no target', async () => {
    const target = join(dir, 'never.db')
    await expect(backupSqlite(join(dir, 'does-not-exist.db'), target)).rejects.toThrow(
      /No database at .*does-not-exist\.db/,
    )
    expect(existsSync(target)).toBe(false)
  })
})
