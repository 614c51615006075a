import { Writable } from 'node:stream'
import Fastify, { type FastifyBaseLogger } from 'fastify'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createTestDatabase, dialects, type TestDatabase } from '../../../test/support/databases.js'
import { type Database, openDatabase } from '../../db/database.js'
import { loadConfig } from '../config.js'
import { type JobDefinition, type JobRunObserver, Scheduler } from './scheduler.js'

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => undefined
  const promise = new Promise<void>((r) => (resolve = r))
  return { promise, resolve }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > end) {
      throw new Error('condition not reached in time')
    }
    await sleep(5)
  }
}

/** A real pino logger (Fastify's) that keeps its lines in memory. */
function memoryLogger(): { log: FastifyBaseLogger; lines: string[] } {
  const lines: string[] = []
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString())
      done()
    },
  })
  return { log: Fastify({ logger: { level: 'error', stream } }).log, lines }
}

for (const dialect of dialects) {
  describe(`scheduler [${dialect}]`, () => {
    let test: TestDatabase | undefined
    // A second, separate connection (pool) to the same database: another sladesk process, as far as the database knows.
    let other: Database | undefined
    const clock = { now: Date.UTC(2026, 10, 29, 12, 0, 0) }
    const observed: Parameters<JobRunObserver>[] = []
    const logs = memoryLogger()
    let a: Scheduler
    let b: Scheduler
    let jobSeq = 0

    beforeAll(async () => {
      test = await createTestDatabase(dialect)
      other = openDatabase(loadConfig({ DATABASE_URL: test.url }).database, { poolSize: 5 })
    })
    afterAll(async () => {
      await other?.close()
      await test?.drop()
    })
    beforeEach(() => {
      if (!test || !other) {
        throw new Error('databases not open')
      }
      a = new Scheduler(
        test.database.db,
        logs.log,
        () => clock.now,
        (...args) => observed.push(args),
      )
      b = new Scheduler(
        other.db,
        logs.log,
        () => clock.now,
        (...args) => observed.push(args),
      )
      clock.now += 60_000
    })

    const db = () => {
      if (!test) {
        throw new Error('database not open')
      }
      return test.database.db
    }
    const runsOf = (job: string) =>
      db().selectFrom('job_runs').selectAll().where('job', '=', job).orderBy('scheduled_at').execute()
    const leaseOf = (job: string) => db().selectFrom('job_leases').selectAll().where('job', '=', job).executeTakeFirst()
    const newJob = (run: () => Promise<unknown>, leaseMs = 60_000): JobDefinition => ({
      name: `probe.job-${++jobSeq}`,
      schedule: '* * * * * *',
      leaseMs,
      run,
    })

    it('has two holders with different names', () => {
      expect(a.holder).not.toBe(b.holder)
    })

    it('runs a tick exactly once when two processes fire it at the same moment', async () => {
      let runs = 0
      const job = newJob(async () => {
        runs += 1
        await sleep(2)
      })
      const ticks = Array.from({ length: 25 }, (_, i) => clock.now + i * 1_000)
      const results: boolean[][] = []
      for (const tick of ticks) {
        results.push(await Promise.all([a.runOnce(job, tick), b.runOnce(job, tick)]))
      }
      expect(results.map(([x, y]) => Number(x) + Number(y))).toEqual(ticks.map(() => 1))
      expect(runs).toBe(ticks.length)
      const rows = await runsOf(job.name)
      expect(rows.map((r) => r.scheduled_at)).toEqual(ticks)
      expect(rows.every((r) => r.status === 'ok' && r.finished_at !== null && r.error === null)).toBe(true)
      expect(rows.every((r) => r.holder === a.holder || r.holder === b.holder)).toBe(true)
      expect(await leaseOf(job.name)).toBeUndefined()
    })

    it('runs one job at a time, also within one process: an overlapping run is skipped', async () => {
      const gate = deferred()
      let runs = 0
      const job = newJob(async () => {
        runs += 1
        await gate.promise
      })
      const first = a.runOnce(job, clock.now)
      await until(() => runs === 1)
      expect(await a.runOnce(job, clock.now + 1_000)).toBe(false)
      gate.resolve()
      expect(await first).toBe(true)
      expect(runs).toBe(1)
    })

    it('runs a slow job once while the other process waits out the lease', async () => {
      const gate = deferred()
      let runs = 0
      const job = newJob(async () => {
        runs += 1
        await gate.promise
      })
      const tick = clock.now
      const both = Promise.all([a.runOnce(job, tick), b.runOnce(job, tick)])
      await until(() => runs === 1)
      const lease = await leaseOf(job.name)
      expect([a.holder, b.holder]).toContain(lease?.holder)
      expect(lease?.expires_at).toBe(clock.now + job.leaseMs)
      expect((await runsOf(job.name)).map((r) => r.status)).toEqual(['running'])
      gate.resolve()
      expect((await both).sort()).toEqual([false, true])
      expect(runs).toBe(1)
      expect((await runsOf(job.name)).map((r) => [r.status, r.holder])).toEqual([['ok', lease?.holder]])
    })

    it('does not run a tick again that another process already ran; the next tick runs', async () => {
      let runs = 0
      const job = newJob(async () => {
        runs += 1
      })
      const tick = clock.now
      expect(await a.runOnce(job, tick)).toBe(true)
      expect(await b.runOnce(job, tick + 999)).toBe(false)
      expect(runs).toBe(1)
      expect(observed.at(-1)).toEqual([job.name, 'skipped', 0])
      expect(await b.runOnce(job, tick + 1_000)).toBe(true)
      expect(runs).toBe(2)
      expect((await runsOf(job.name)).map((r) => [r.scheduled_at, r.holder])).toEqual([
        [tick, a.holder],
        [tick + 1_000, b.holder],
      ])
    })

    it('records a failing job as failed with its error, logs it and releases the lease', async () => {
      const job = newJob(async () => {
        throw new Error('backup share unreachable')
      })
      expect(await a.runOnce(job)).toBe(true)
      const [row, ...rest] = await runsOf(job.name)
      expect(rest).toEqual([])
      expect(row).toMatchObject({
        status: 'failed',
        error: 'backup share unreachable',
        holder: a.holder,
        finished_at: clock.now,
      })
      expect(observed.at(-1)?.slice(0, 2)).toEqual([job.name, 'failed'])
      expect(
        logs.lines.some(
          (l) => l.includes('job failed') && l.includes(job.name) && l.includes('backup share unreachable'),
        ),
      ).toBe(true)
      expect(await leaseOf(job.name)).toBeUndefined()
      // The next tick runs again: a failure does not stop the job.
      expect(await b.runOnce(job, clock.now + 1_000)).toBe(true)
    })

    it('skips while another live holder has the lease, even for a different tick', async () => {
      const gate = deferred()
      let runs = 0
      const job = newJob(async () => {
        runs += 1
        await gate.promise
      })
      const first = a.runOnce(job, clock.now)
      await until(() => runs === 1)
      expect(await b.runOnce(job, clock.now + 1_000)).toBe(false)
      expect(observed.at(-1)).toEqual([job.name, 'skipped', 0])
      expect(runs).toBe(1)
      gate.resolve()
      expect(await first).toBe(true)
      expect(await b.runOnce(job, clock.now + 2_000)).toBe(true)
      expect((await runsOf(job.name)).map((r) => r.holder)).toEqual([a.holder, b.holder])
    })

    it('respects a lease of a holder it does not know until it expires, then takes it over', async () => {
      let leaseDuringRun: { holder: string; expires_at: number } | undefined
      const job = newJob(async () => {
        leaseDuringRun = await leaseOf(job.name)
      })
      // A process that crashed in the middle of a run: its lease row stays behind.
      await db()
        .insertInto('job_leases')
        .values({ job: job.name, holder: 'crashed-host:4242:deadbeef', expires_at: clock.now + 30_000 })
        .execute()
      expect(await b.runOnce(job, clock.now)).toBe(false)
      expect(leaseDuringRun).toBeUndefined()

      clock.now += 30_001
      expect(await b.runOnce(job, clock.now)).toBe(true)
      expect(leaseDuringRun).toEqual({ job: job.name, holder: b.holder, expires_at: clock.now + job.leaseMs })
      expect(await leaseOf(job.name)).toBeUndefined()
      expect((await runsOf(job.name)).map((r) => r.status)).toEqual(['ok'])
    })

    it('waits in stop() for a run in flight to finish', async () => {
      const gate = deferred()
      let runs = 0
      const job = newJob(async () => {
        runs += 1
        await gate.promise
      })
      const run = a.runOnce(job)
      await until(() => runs === 1)
      let stopped = false
      const stopping = a.stop().then(() => (stopped = true))
      await sleep(50)
      expect(stopped).toBe(false)
      expect((await runsOf(job.name)).map((r) => r.status)).toEqual(['running'])
      gate.resolve()
      await stopping
      // By the time stop() returns, the run is recorded and the lease is free.
      expect((await runsOf(job.name)).map((r) => r.status)).toEqual(['ok'])
      expect(await leaseOf(job.name)).toBeUndefined()
      expect(await run).toBe(true)
    })

    it('logs a scheduled run that cannot reach its database, and keeps the process alive', async () => {
      if (!test) {
        throw new Error('database not open')
      }
      const gone = openDatabase(loadConfig({ DATABASE_URL: test.url }).database, { poolSize: 1 })
      // Used once, then closed: every later query fails (a database that went away).
      await gone.ping()
      await gone.close()
      const rejections: unknown[] = []
      const onRejection = (reason: unknown) => rejections.push(reason)
      process.on('unhandledRejection', onRejection)
      const lonely = new Scheduler(gone.db, logs.log, () => clock.now)
      let runs = 0
      const job = newJob(async () => {
        runs += 1
      })
      try {
        lonely.start([job])
        await until(() => logs.lines.some((l) => l.includes('job could not run') && l.includes(job.name)), 3_000)
        await sleep(20)
      } finally {
        await lonely.stop()
        process.off('unhandledRejection', onRejection)
      }
      expect(rejections).toEqual([])
      expect(runs).toBe(0)
    })

    it('runs a job on its schedule in two processes, each tick once, until stopped', async () => {
      let runs = 0
      const job = newJob(async () => {
        runs += 1
      })
      const started = Date.now()
      a.start([job])
      b.start([job])
      try {
        await until(() => runs >= 2, 5_000)
      } finally {
        await Promise.all([a.stop(), b.stop()])
      }
      const elapsedSeconds = (Date.now() - started) / 1000
      const rows = await runsOf(job.name)
      expect(rows).toHaveLength(runs)
      expect(new Set(rows.map((r) => r.scheduled_at)).size).toBe(runs)
      expect(rows.every((r) => r.scheduled_at % 1_000 === 0 && r.status === 'ok')).toBe(true)
      // Once per second at most, not once per process.
      expect(runs).toBeLessThanOrEqual(Math.ceil(elapsedSeconds) + 1)
      const after = runs
      await sleep(1_100)
      expect(runs).toBe(after)
    })
  })
}
