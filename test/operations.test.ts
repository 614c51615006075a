import { describe, expect, it } from 'vitest'
import { useApp } from './support/app.js'
import { dialects } from './support/databases.js'

for (const dialect of dialects) {
  describe(`operations [${dialect}]`, () => {
    const ctx = useApp(dialect)

    it('reports health with the database in use', async () => {
      const res = await ctx.app.inject({ method: 'GET', url: '/api/health' })
      expect(res.statusCode).toBe(200)
      expect(res.json()).toEqual({ status: 'ok', database: dialect, version: 'test' })
    })

    it('describes the API in OpenAPI 3.1, with every module and no hidden routes', async () => {
      const res = await ctx.app.inject({ method: 'GET', url: '/api/openapi.json' })
      expect(res.statusCode).toBe(200)
      const doc = res.json<{ openapi: string; paths: Record<string, Record<string, unknown>> }>()
      expect(doc.openapi).toBe('3.1.0')
      for (const path of [
        '/api/auth/login',
        '/api/me',
        '/api/me/tokens',
        '/api/customers',
        '/api/customers/{id}',
        '/api/customers/{id}/contacts',
        '/api/contacts/{id}',
        '/api/users',
        '/api/audit',
        '/api/outbox',
        '/api/health',
        '/api/tickets',
        '/api/tickets/{id}',
        '/api/tickets/{id}/articles',
        '/api/tickets/{id}/timeline',
        '/api/tickets/{id}/sla',
        '/api/tickets/{id}/time',
        '/api/tickets/{id}/attachments',
        '/api/attachments/{id}',
        '/api/reports/sla',
        '/api/sla/config',
        '/api/customers/{id}/sla-policy',
        '/api/mail',
        '/api/mail/{id}/assign',
        '/api/teams',
        '/api/oncall',
        '/api/customers/{id}/assets',
        '/api/customers/{id}/assets.csv',
        '/api/customers/{id}/assets/import',
        '/api/assets/{id}',
        '/api/assets/{id}/software',
        '/api/asset-software/{id}',
        '/api/customers/{id}/sites',
        '/api/sites/{id}',
        '/api/assets-config',
        '/api/plans',
        '/api/plans/{id}',
        '/api/customers/{id}/contracts',
        '/api/customers/{id}/cost',
        '/api/contracts/{id}',
        '/api/contracts/{id}/document',
        '/api/public/leads',
        '/api/leads',
        '/api/leads/{id}',
        '/api/leads/{id}/quote',
        '/api/leads/{id}/convert',
        '/api/quotes/{id}',
        '/api/quotes/{id}/pdf',
        '/api/customers/{id}/overview.pdf',
        '/api/customers/{id}/ingest-tokens',
        '/api/ingest-tokens/{id}',
        '/api/ingest/backup',
        '/api/ingest/ups',
        '/api/customers/{id}/reports',
        '/api/reports/{id}',
        '/api/reports/{id}/raw',
        '/api/reports/{id}/reparse',
      ]) {
        expect(doc.paths, path).toHaveProperty([path])
      }
      expect(doc.paths).not.toHaveProperty(['/metrics'])
      const create = doc.paths['/api/customers']?.post as {
        requestBody?: { content: Record<string, { schema: { required?: string[] } }> }
      }
      expect(create.requestBody?.content['application/json']?.schema.required).toContain('name')
      const ticket = doc.paths['/api/tickets']?.post as {
        requestBody?: { content: Record<string, { schema: { required?: string[]; properties?: object } }> }
      }
      expect(ticket.requestBody?.content['application/json']?.schema.required).toEqual(
        expect.arrayContaining(['title', 'description', 'type']),
      )
    })

    it('serves the interactive API documentation', async () => {
      const res = await ctx.app.inject({ method: 'GET', url: '/api/reference/' })
      expect(res.statusCode).toBe(200)
      expect(res.headers['content-type']).toMatch(/text\/html/)
      expect(res.body).toContain('swagger')
    })

    it('sends a browser opening /api/docs to the API documentation, and API clients to the document list', async () => {
      const browser = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'
      const page = await ctx.app.inject({ method: 'GET', url: '/api/docs', headers: { accept: browser } })
      expect(page.statusCode).toBe(302)
      expect(page.headers.location).toBe('/api/reference/')
      const viewer = await ctx.app.inject({ method: 'GET', url: '/api/reference/', headers: { accept: browser } })
      expect(viewer.statusCode).toBe(200)
      // Without a session the document list is there for the public documents only; with `*/*` it is JSON.
      for (const accept of ['application/json', '*/*', 'application/json, text/html']) {
        const list = await ctx.app.inject({ method: 'GET', url: '/api/docs', headers: { accept } })
        expect(list.statusCode, accept).toBe(200)
        expect(list.headers['content-type'], accept).toMatch(/application\/json/)
        expect(list.json(), accept).toHaveProperty('items')
      }
    })

    it('counts requests per route pattern and job runs in Prometheus format', async () => {
      await ctx.app.inject({ method: 'GET', url: '/api/health' })
      const job = ctx.sladesk.jobs.find((j) => j.name === 'mail.send')
      expect(job).toBeDefined()
      await ctx.sladesk.scheduler.runOnce(job!)
      const res = await ctx.app.inject({ method: 'GET', url: '/metrics' })
      expect(res.statusCode).toBe(200)
      expect(res.headers['content-type']).toMatch(/text\/plain/)
      expect(res.body).toMatch(
        /sladesk_http_request_duration_seconds_count\{method="GET",route="\/api\/health",status="200"\} \d+/,
      )
      expect(res.body).toMatch(/sladesk_job_runs_total\{job="mail.send",status="ok"\} 1/)
      expect(res.body).toContain('sladesk_process_resident_memory_bytes')
    })

    it('answers 503 when the database is gone', async () => {
      await ctx.sladesk.database.close()
      const res = await ctx.app.inject({ method: 'GET', url: '/api/health' })
      expect(res.statusCode).toBe(503)
      expect(res.json()).toMatchObject({ status: 'unavailable', database: dialect })
    })
  })
}
