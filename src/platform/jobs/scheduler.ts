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
          await this.runOnce(job, cron.currentRun()?.getTime())
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
      await this.release(job.name)
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
    await this.release(job.name)
    this.observe(job.name, status, (finished - started) / 1000)
    return true
  }

  private async acquire(job: string, expiresAt: number): Promise<boolean> {
    const result = await this.db
      .insertInto('job_leases')
      .values({ job, holder: this.holder, expires_at: expiresAt })
      .onConflict((oc) =>
        oc
          .column('job')
          .doUpdateSet({ holder: this.holder, expires_at: expiresAt })
          .where((eb) => eb.or([eb('job_leases.expires_at', '<', this.now()), eb('job_leases.holder', '=', this.holder)])),
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
