import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { Shift, ShiftCreate, ShiftQuery, Team, TeamCreate, TeamPatch } from './schema.js'
import type { DeskService } from './service.js'

const Params = z.object({ id: z.uuid() })

export const teamRoutes: FastifyPluginAsyncZod<{ desk: DeskService }> = async (app, { desk }) => {
  const tags = ['teams']
  app.get('', { schema: { tags, response: { 200: z.object({ items: z.array(Team) }) } } }, async (req) => ({
    items: await desk.listTeams(req.actorOrThrow()),
  }))
  app.post('', { schema: { tags, body: TeamCreate, response: { 201: Team } } }, async (req, reply) =>
    reply.code(201).send(await desk.createTeam(req.actorOrThrow(), req.body)),
  )
  app.patch('/:id', { schema: { tags, params: Params, body: TeamPatch, response: { 200: Team } } }, async (req) =>
    desk.updateTeam(req.actorOrThrow(), req.params.id, req.body),
  )
}

export const oncallRoutes: FastifyPluginAsyncZod<{ desk: DeskService }> = async (app, { desk }) => {
  const tags = ['on-call']
  app.get(
    '',
    {
      schema: {
        tags,
        summary: 'On-call shifts overlapping [from, to) (epoch ms; default: last week to two months ahead)',
        querystring: ShiftQuery,
        response: { 200: z.object({ items: z.array(Shift) }) },
      },
    },
    async (req) => ({ items: await desk.listShifts(req.actorOrThrow(), req.query) }),
  )
  app.post(
    '',
    { schema: { tags, summary: 'Put a technician on call (admin)', body: ShiftCreate, response: { 201: Shift } } },
    async (req, reply) => reply.code(201).send(await desk.addShift(req.actorOrThrow(), req.body)),
  )
  app.delete('/:id', { schema: { tags, params: Params } }, async (req, reply) => {
    await desk.removeShift(req.actorOrThrow(), req.params.id)
    return reply.code(204).send()
  })
}
