import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { AuditPage, AuditQuery } from './schema.js'
import type { AuditQueryService } from './service.js'

export const auditRoutes: FastifyPluginAsyncZod<{ auditLog: AuditQueryService }> = async (app, { auditLog }) => {
  app.get(
    '',
    {
      schema: {
        tags: ['audit'],
        summary: 'The audit log, newest first (admins)',
        querystring: AuditQuery,
        response: { 200: AuditPage },
      },
    },
    async (req) => auditLog.list(req.actorOrThrow(), req.query),
  )
}
