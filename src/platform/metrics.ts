import type { FastifyInstance } from 'fastify'
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client'

export interface Metrics {
  registry: Registry
  jobRun(job: string, status: 'ok' | 'failed' | 'skipped', seconds: number): void
}

export function createMetrics(): Metrics {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry, prefix: 'sladesk_' })
  const jobRuns = new Counter({
    name: 'sladesk_job_runs_total',
    help: 'Scheduled job runs',
    labelNames: ['job', 'status'],
    registers: [registry],
  })
  const jobSeconds = new Histogram({
    name: 'sladesk_job_duration_seconds',
    help: 'Duration of scheduled job runs',
    labelNames: ['job'],
    buckets: [0.01, 0.1, 1, 10, 60, 600],
    registers: [registry],
  })
  return {
    registry,
    jobRun(job, status, seconds) {
      jobRuns.inc({ job, status })
      if (status !== 'skipped') {
        jobSeconds.observe({ job }, seconds)
      }
    },
  }
}

/** Request counts and latencies per route pattern (never per raw URL: ids would explode the label set). */
export function installHttpMetrics(app: FastifyInstance, metrics: Metrics): void {
  const requests = new Histogram({
    name: 'sladesk_http_request_duration_seconds',
    help: 'HTTP request latency',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [metrics.registry],
  })
  // One labelled child per method, route pattern and status (a bounded set): prom-client then skips building and
  // checking the label object on every request. A callback hook, not an async one: no promise per request.
  const children = new Map<string, { observe(seconds: number): void }>()
  app.addHook('onResponse', (req, reply, done) => {
    const route = req.routeOptions.url ?? (req.url.startsWith('/api/') ? 'unmatched' : 'static')
    const key = `${req.method} ${reply.statusCode} ${route}`
    let child = children.get(key)
    if (!child) {
      child = requests.labels({ method: req.method, route, status: String(reply.statusCode) })
      children.set(key, child)
    }
    child.observe(reply.elapsedTime / 1000)
    done()
  })
  app.get('/metrics', { schema: { hide: true } }, async (_req, reply) =>
    reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()),
  )
}
