import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { SlaPolicy } from './clock.js'
import { SlaConfig } from './service.js'
import type { SlaService } from './service.js'

const tags = ['sla']

export const slaRoutes: FastifyPluginAsyncZod<{ sla: SlaService }> = async (app, { sla }) => {
  app.get(
    '/config',
    {
      schema: {
        tags,
        summary: 'Business calendars, the default SLA policy, the priority rules and the desk rules (staff)',
        response: { 200: SlaConfig },
      },
    },
    async (req) => sla.getConfig(req.actorOrThrow()),
  )
  app.patch(
    '/config',
    {
      schema: {
        tags,
        summary:
          'Change any of the four parts (admin); open tickets keep their history and are recomputed as they change',
        body: SlaConfig.partial().refine((v) => Object.keys(v).length > 0, 'at least one field'),
        response: { 200: SlaConfig },
      },
    },
    async (req) => sla.updateConfig(req.actorOrThrow(), req.body),
  )
}

const CustomerPolicy = z.object({ custom: z.boolean(), policy: SlaPolicy })

export const customerSlaRoutes: FastifyPluginAsyncZod<{ sla: SlaService }> = async (app, { sla }) => {
  const params = z.object({ id: z.uuid() })
  app.get(
    '/:id/sla-policy',
    {
      schema: {
        tags,
        summary: "The customer's SLA policy (its own or the default)",
        params,
        response: { 200: CustomerPolicy },
      },
    },
    async (req) => sla.getCustomerPolicy(req.actorOrThrow(), req.params.id),
  )
  app.put(
    '/:id/sla-policy',
    {
      schema: {
        tags,
        summary: 'Give the customer its own SLA policy (admin); {policy:null} returns it to the default',
        params,
        body: z.object({ policy: SlaPolicy.nullable() }),
        response: { 200: CustomerPolicy },
      },
    },
    async (req) => sla.setCustomerPolicy(req.actorOrThrow(), req.params.id, req.body.policy),
  )
}
