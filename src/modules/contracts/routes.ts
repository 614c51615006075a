import { create as contentDisposition } from 'content-disposition'
import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  Contract,
  ContractCreate,
  ContractList,
  ContractPatch,
  Cost,
  CostQuery,
  DocumentUpload,
  Plan,
  PlanCreate,
  PlanList,
  PlanListQuery,
  PlanPatch,
} from './schema.js'
import type { ContractService } from './service.js'

const Params = z.object({ id: z.uuid() })

export const planRoutes: FastifyPluginAsyncZod<{ contracts: ContractService }> = async (app, { contracts }) => {
  const tags = ['plans']
  app.get(
    '',
    {
      schema: {
        tags,
        summary: 'The SLA plans, by name (staff)',
        querystring: PlanListQuery,
        response: { 200: PlanList },
      },
    },
    async (req) => contracts.listPlans(req.actorOrThrow(), req.query),
  )
  app.post(
    '',
    {
      schema: {
        tags,
        summary: 'Add an SLA plan: its policy, services and prices (admin, billing)',
        body: PlanCreate,
        response: { 201: Plan },
      },
    },
    async (req, reply) => reply.code(201).send(await contracts.createPlan(req.actorOrThrow(), req.body)),
  )
  app.get(
    '/:id',
    { schema: { tags, summary: 'One SLA plan (staff)', params: Params, response: { 200: Plan } } },
    async (req) => contracts.getPlan(req.actorOrThrow(), req.params.id),
  )
  app.patch(
    '/:id',
    {
      schema: {
        tags,
        summary:
          'Change a plan (admin, billing); services and prices merge, a new policy reaches the active contracts that follow it',
        params: Params,
        body: PlanPatch,
        response: { 200: Plan },
      },
    },
    async (req) => contracts.updatePlan(req.actorOrThrow(), req.params.id, req.body),
  )
}

/** Under /api/customers: a customer's contracts and its monthly cost. */
export const customerContractRoutes: FastifyPluginAsyncZod<{ contracts: ContractService }> = async (
  app,
  { contracts },
) => {
  const tags = ['contracts']
  app.get(
    '/:id/contracts',
    {
      schema: {
        tags,
        summary: "The customer's contracts, newest first, ended ones included",
        params: Params,
        response: { 200: ContractList },
      },
    },
    async (req) => ({ items: await contracts.listContracts(req.actorOrThrow(), req.params.id) }),
  )
  app.post(
    '/:id/contracts',
    {
      schema: {
        tags,
        summary: 'Draw up a contract on a plan (admin, billing); it starts as a draft',
        params: Params,
        body: ContractCreate,
        response: { 201: Contract },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await contracts.createContract(req.actorOrThrow(), req.params.id, req.body)),
  )
  app.get(
    '/:id/cost',
    {
      schema: {
        tags,
        summary:
          'The monthly cost on a date (default today): the contract then, the assets active then, and a month earlier',
        params: Params,
        querystring: CostQuery,
        response: { 200: Cost },
      },
    },
    async (req) => contracts.cost(req.actorOrThrow(), req.params.id, req.query.date),
  )
}

export const contractRoutes: FastifyPluginAsyncZod<{ contracts: ContractService; documentMaxBytes: number }> = async (
  app,
  { contracts, documentMaxBytes },
) => {
  const tags = ['contracts']
  app.get('/:id', { schema: { tags, params: Params, response: { 200: Contract } } }, async (req) =>
    contracts.getContract(req.actorOrThrow(), req.params.id),
  )
  app.patch(
    '/:id',
    {
      schema: {
        tags,
        summary:
          "Change the terms, or activate ({status:'active', replace?}) or end ({status:'ended', endDate?}) (admin, billing)",
        params: Params,
        body: ContractPatch,
        response: { 200: Contract },
      },
    },
    async (req) => contracts.updateContract(req.actorOrThrow(), req.params.id, req.body),
  )
  app.get(
    '/:id/document',
    { schema: { tags, summary: 'Download the signed contract (PDF)', params: Params } },
    async (req, reply) => {
      const file = await contracts.readDocument(req.actorOrThrow(), req.params.id)
      // Always a download: the bytes were checked to start like a PDF, not that they are harmless to render.
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', contentDisposition(file.filename, { type: 'attachment' }))
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cache-control', 'private, no-store')
        .send(file.content)
    },
  )

  // The signed PDF is the raw request body, read up to the size limit of this route only.
  await app.register(async (plugin) => {
    const upload = plugin.withTypeProvider<ZodTypeProvider>()
    // Any type is read as bytes, so that a wrong type gets a clear 415 instead of a JSON parse error.
    upload.removeAllContentTypeParsers()
    upload.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: documentMaxBytes }, (_req, body, done) =>
      done(null, body),
    )
    upload.put(
      '/:id/document',
      {
        bodyLimit: documentMaxBytes,
        schema: {
          tags,
          summary: `Upload the signed contract as the raw body (Content-Type: application/pdf, at most ${documentMaxBytes} bytes; ?filename=…)`,
          params: Params,
          querystring: DocumentUpload,
          response: { 200: Contract },
        },
      },
      async (req) =>
        contracts.putDocument(req.actorOrThrow(), req.params.id, {
          filename: req.query.filename,
          contentType: (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase(),
          content: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
        }),
    )
  })
}
