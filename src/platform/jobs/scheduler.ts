import { hostname } from 'node:os'
import { Cron } from 'croner'
import type { Kysely } from 'kysely'
import type { FastifyBaseLogger } from 'fastify'
import type { DB } from '../../db/types.js'
import { uuidv7 } from '../ids.js'

export interface JobDefinition {
  name: string
  /** A cron pattern with seconds, e.g. `*\/15 * * * * *`. */
  schedule: string
  /** How long the lease is held; a crashed holder loses it after this. Must exceed the job's longest run. */
  leaseMs: number
  run(): Promise<unknown>
}

/**
 * The instant the pattern scheduled this run for: the latest pattern time at or before `now`. Two processes that
 * fire the same tick a moment apart (or one late by seconds) agree on it, unlike on their start times.
 */
function scheduledTick(cron: Cron, now: number): number {
  const [previous] = cron.previousRuns(1, new Date(now + 1))
  return previous?.getTime() ?? now
}

export interface JobRunObserver {
  (job: string, status: 'ok' | 'failed' | 'skipped', seconds: number): void
}

/**
 * Runs scheduled jobs. Each run first takes a lease row in the database, so that of several sladesk
 * processes on one PostgreSQL only one runs a given job at a time; every run is recorded in job_runs.
 */
export class Scheduler {
  private readonly crons: Cron[] = []
  private readonly running = new Set<Promise<unknown>>()
  readonly holder = `${hostname()}:${process.pid}:${uuidv7().slice(-8)}`

  constructor(
    private readonly db: Kysely<DB>,
    private readonly log: FastifyBaseLogger,
    private readonly now: () => number,
    private readonly observe: JobRunObserver = () => undefined,
  ) {}

  start(jobs: readonly JobDefinition[]): void {
    for (const job of jobs) {
      // protect: a run that outlasts its interval is not started twice in this process. No `name`: croner keeps
      // named jobs in one registry per process and refuses a second scheduler with the same job names.
      const cron: Cron = new Cron(job.schedule, { protect: true }, async () => {
        try {
          // croner fires on the real clock, so the tick is found on it too (not on the injected `now`).
          await this.runOnce(job, scheduledTick(cron, Date.now()))
        } catch (err) {
          // The lease or run bookkeeping failed (database unreachable): croner does not catch, and an unhandled
          // rejection would end the process. The next tick tries again.
          this.log.error({ err, job: job.name }, 'job could not run')
        }
      })
      this.crons.push(cron)
    }
  }

  /**
   * Runs `job` for the scheduled instant `tick` (epoch ms, default now) unless another process already ran
   * that tick or still holds the job's lease; returns whether it ran.
   */
  async runOnce(job: JobDefinition, tick = this.now()): Promise<boolean> {
    const run = this.execute(job, tick)
    this.running.add(run)
    try {
      return await run
    } finally {
      this.running.delete(run)
    }
  }

  private async execute(job: JobDefinition, tick: number): Promise<boolean> {
    const started = this.now()
    if (!(await this.acquire(job.name, started + job.leaseMs))) {
      this.observe(job.name, 'skipped', 0)
      return false
    }
    try {
      const id = uuidv7()
      // The unique (job, scheduled_at) makes a tick run once even when two processes fire it a moment apart.
      const claimed = await this.db
        .insertInto('job_runs')
        .values({
          id,
          job: job.name,
          scheduled_at: Math.floor(tick / 1000) * 1000,
          holder: this.holder,
          started_at: started,
          finished_at: null,
          status: 'running',
          error: null,
        })
        .onConflict((oc) => oc.columns(['job', 'scheduled_at']).doNothing())
        .executeTakeFirst()
      if (Number(claimed.numInsertedOrUpdatedRows ?? 0) === 0) {
        this.observe(job.name, 'skipped', 0)
        return false
      }
      let status: 'ok' | 'failed' = 'ok'
      let error: string | null = null
      try {
        await job.run()
      } catch (err) {
        status = 'failed'
        error = err instanceof Error ? err.message : String(err)
        this.log.error({ err, job: job.name }, 'job failed')
      }
      const finished = this.now()
      await this.db.updateTable('job_runs').set({ finished_at: finished, status, error }).where('id', '=', id).execute()
      this.observe(job.name, status, (finished - started) / 1000)
      return true
    } finally {
      // Also when the bookkeeping failed: a lease left behind would block the job until it expires.
      await this.release(job.name).catch((err: unknown) => this.log.error({ err, job: job.name }, 'lease not released'))
    }
  }

  private async acquire(job: string, expiresAt: number): Promise<boolean> {
    const result = await this.db
      .insertInto('job_leases')
      .values({ job, holder: this.holder, expires_at: expiresAt })
      .onConflict((oc) =>
        oc
          .column('job')
          .doUpdateSet({ holder: this.holder, expires_at: expiresAt })
          // Only an expired lease is taken over, also from this process: one run of a job at a time, everywhere.
          .where('job_leases.expires_at', '<', this.now()),
      )
      .executeTakeFirst()
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0
  }

  private async release(job: string): Promise<void> {
    await this.db.deleteFrom('job_leases').where('job', '=', job).where('holder', '=', this.holder).execute()
  }

  /** Stops scheduling and waits for the runs in flight to finish. */
  async stop(): Promise<void> {
    for (const cron of this.crons) {
      cron.stop()
    }
    await Promise.allSettled([...this.running])
  }
}
