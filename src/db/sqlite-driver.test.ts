import { type Generated, sql } from 'kysely'
import { beforeAll, expect, it } from 'vitest'
import { describeEachDialect } from '../../test/support/databases.js'

// The custom SQLite driver (src/db/sqlite-driver.ts) must behave as Kysely's drivers do; the same body runs on
// PostgreSQL (pg's pool) as the reference, with the SQLite-only guarantees marked as such.

type ProbeTables = {
  driver_probe: { id: string; label: string; n: Generated<number> }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describeEachDialect('database driver', (t) => {
  const db = () => t.db.withTables<ProbeTables>()
  let seq = 0
  const id = () => `p-${++seq}`
  const labels = async (prefix: string) =>
    (
      await db()
        .selectFrom('driver_probe')
        .select('label')
        .where('label', 'like', `${prefix}%`)
        .orderBy('label')
        .execute()
    ).map((r) => r.label)

  beforeAll(async () => {
    await db()
      .schema.createTable('driver_probe')
      .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
      .addColumn('label', 'varchar(100)', (c) => c.notNull())
      .addColumn('n', 'integer', (c) => c.notNull().defaultTo(0))
      .execute()
  })

  it('keeps a query issued outside an open transaction out of it: it waits, and survives the rollback', async () => {
    let outsideDone = false
    let outside: Promise<unknown> | undefined
    await expect(
      db()
        .transaction()
        .execute(async (trx) => {
          await trx.insertInto('driver_probe').values({ id: id(), label: 'rollback-inside' }).execute()
          outside = db()
            .insertInto('driver_probe')
            .values({ id: id(), label: 'rollback-outside' })
            .execute()
            .then(() => (outsideDone = true))
          await sleep(30)
          if (t.dialect === 'sqlite') {
            // One connection: the outside insert waits for the transaction instead of running inside it.
            expect(outsideDone).toBe(false)
            expect(
              (await trx.selectFrom('driver_probe').select('label').where('label', '=', 'rollback-outside').execute())
                .length,
            ).toBe(0)
          }
          throw new Error('roll back')
        }),
    ).rejects.toThrow('roll back')
    await outside
    expect(outsideDone).toBe(true)
    expect(await labels('rollback-')).toEqual(['rollback-outside'])
  })

  it('lets a read issued during a transaction see the transaction whole or not at all', async () => {
    let read: Promise<number> | undefined
    await db()
      .transaction()
      .execute(async (trx) => {
        await trx.insertInto('driver_probe').values({ id: id(), label: 'whole-1' }).execute()
        read = db()
          .selectFrom('driver_probe')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('label', 'like', 'whole-%')
          .executeTakeFirstOrThrow()
          .then((r) => Number(r.n))
        await sleep(10)
        await trx.insertInto('driver_probe').values({ id: id(), label: 'whole-2' }).execute()
      })
    const seen = await read
    // SQLite: the read waited for the commit. PostgreSQL: it ran on another connection, before or after the commit.
    if (t.dialect === 'sqlite') {
      expect(seen).toBe(2)
    } else {
      expect([0, 2]).toContain(seen)
    }
  })

  it('runs two transactions started at the same moment one after the other, both committed', async () => {
    const work = (label: string) =>
      db()
        .transaction()
        .execute(async (trx) => {
          await trx
            .insertInto('driver_probe')
            .values({ id: id(), label: `${label}-a` })
            .execute()
          await sleep(5)
          await trx
            .insertInto('driver_probe')
            .values({ id: id(), label: `${label}-b` })
            .execute()
        })
    await Promise.all([work('pair-1'), work('pair-2'), work('pair-3')])
    expect(await labels('pair-')).toEqual(['pair-1-a', 'pair-1-b', 'pair-2-a', 'pair-2-b', 'pair-3-a', 'pair-3-b'])
  })

  it('runs the same SQL again with other values and gets the rows of those values', async () => {
    await db()
      .insertInto('driver_probe')
      .values([
        { id: id(), label: 'same-a', n: 1 },
        { id: id(), label: 'same-b', n: 2 },
      ])
      .execute()
    const query = (label: string) => db().selectFrom('driver_probe').select(['label', 'n']).where('label', '=', label)
    const byLabel = (label: string) => query(label).execute()
    expect(query('x').compile().sql).toBe(query('y').compile().sql)
    expect(await byLabel('same-a')).toEqual([{ label: 'same-a', n: 1 }])
    expect(await byLabel('same-b')).toEqual([{ label: 'same-b', n: 2 }])
    expect(await byLabel('same-a')).toEqual([{ label: 'same-a', n: 1 }])
    expect(await byLabel('same-none')).toEqual([])
  })

  it('keeps working past 500 distinct SQL strings, including the ones it prepared first', async () => {
    const probe = (i: number) => sql<{ n: number }>`select ${sql.lit(i)} as n`.execute(db())
    for (let i = 0; i < 650; i++) {
      expect((await probe(i)).rows.map((r) => Number(r.n))).toEqual([i])
    }
    for (let i = 0; i < 5; i++) {
      expect((await probe(i)).rows.map((r) => Number(r.n))).toEqual([i])
    }
    // A parameterised statement prepared before the turnover still gives the right rows.
    expect(
      (await db().selectFrom('driver_probe').select('n').where('label', '=', 'same-b').execute()).map((r) => r.n),
    ).toEqual([2])
  })

  it('gives the new columns from a statement it ran before the table changed', async () => {
    await db()
      .schema.createTable('driver_shape')
      .addColumn('id', 'varchar(36)', (c) => c.primaryKey())
      .execute()
    await sql`insert into driver_shape (id) values ('one')`.execute(db())
    const all = () => sql<Record<string, unknown>>`select * from driver_shape`.execute(db())
    expect((await all()).rows).toEqual([{ id: 'one' }])
    await db()
      .schema.alterTable('driver_shape')
      .addColumn('city', 'varchar(50)', (c) => c.notNull().defaultTo('Utrecht'))
      .execute()
    expect((await all()).rows).toEqual([{ id: 'one', city: 'Utrecht' }])
  })

  it('reports changed rows and returns rows from insert … returning', async () => {
    const inserted = await db()
      .insertInto('driver_probe')
      .values({ id: id(), label: 'count-1', n: 5 })
      .returning(['label', 'n'])
      .execute()
    expect(inserted).toEqual([{ label: 'count-1', n: 5 }])
    await db().insertInto('driver_probe').values({ id: id(), label: 'count-2', n: 5 }).execute()
    const updated = await db()
      .updateTable('driver_probe')
      .set({ n: 6 })
      .where('label', 'like', 'count-%')
      .executeTakeFirst()
    expect(updated.numUpdatedRows).toBe(2n)
    const deleted = await db().deleteFrom('driver_probe').where('label', '=', 'count-none').executeTakeFirst()
    expect(deleted.numDeletedRows).toBe(0n)
  })

  it('releases the connection after a statement that fails, so that the next one runs', async () => {
    await expect(sql`select * from no_such_table`.execute(db())).rejects.toThrow(/no_such_table/)
    await expect(db().insertInto('driver_probe').values({ id: 'dup', label: 'dup' }).execute()).resolves.toBeDefined()
    await expect(db().insertInto('driver_probe').values({ id: 'dup', label: 'dup' }).execute()).rejects.toThrow()
    await expect(
      db()
        .transaction()
        .execute(async (trx) => trx.insertInto('driver_probe').values({ id: 'dup', label: 'dup' }).execute()),
    ).rejects.toThrow()
    expect(await labels('dup')).toEqual(['dup'])
  })

  it.runIf(t.dialect === 'sqlite')(
    'streams rows, and reuses the statement after a stream that stopped early',
    async () => {
      await db()
        .insertInto('driver_probe')
        .values(Array.from({ length: 5 }, (_, i) => ({ id: id(), label: `stream-${i}` })))
        .execute()
      const query = () =>
        db().selectFrom('driver_probe').select('label').where('label', 'like', 'stream-%').orderBy('label')
      for await (const row of query().stream()) {
        expect(row.label).toBe('stream-0')
        break
      }
      const all: string[] = []
      for await (const row of query().stream()) {
        all.push(row.label)
      }
      expect(all).toEqual(['stream-0', 'stream-1', 'stream-2', 'stream-3', 'stream-4'])
      expect((await query().execute()).length).toBe(5)
    },
  )
})
