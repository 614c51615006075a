import { create as contentDisposition } from 'content-disposition'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  Lead,
  LeadAccepted,
  LeadConvert,
  LeadConverted,
  LeadDetail,
  LeadListQuery,
  LeadPage,
  LeadPatch,
  LeadSubmit,
  Quote,
  QuoteCreate,
} from './schema.js'
import type { LeadService } from './service.js'

const Params = z.object({ id: z.uuid() })
// Documents the body for OpenAPI; a Buffer is sent as it is, never through the serializer.
const PdfFile = z
  .custom<Buffer>((v) => Buffer.isBuffer(v))
  .meta({ type: 'string', format: 'binary', description: 'A PDF document' })
const tags = ['leads']

/** The public form: no sign-in, no session, no CSRF token (a browser without a session sends none). */
export const publicLeadRoutes: FastifyPluginAsyncZod<{ leads: LeadService }> = async (app, { leads }) => {
  app.post(
    '/leads',
    {
      schema: {
        tags,
        summary:
          'Ask for advice or a quote (public, no sign-in; at most LEADS_PER_HOUR per IP address, then 429 with Retry-After)',
        security: [],
        body: LeadSubmit,
        response: { 202: LeadAccepted },
      },
    },
    async (req, reply) => reply.code(202).send(await leads.submit(req.body, { ip: req.ip })),
  )
}

export const leadRoutes: FastifyPluginAsyncZod<{ leads: LeadService }> = async (app, { leads }) => {
  app.get(
    '',
    {
      schema: {
        tags,
        summary: 'Requests for advice and quotes, newest first (staff)',
        querystring: LeadListQuery,
        response: { 200: LeadPage },
      },
    },
    async (req) => leads.list(req.actorOrThrow(), req.query),
  )
  app.get(
    '/:id',
    { schema: { tags, summary: 'A lead with its quotes (staff)', params: Params, response: { 200: LeadDetail } } },
    async (req) => leads.get(req.actorOrThrow(), req.params.id),
  )
  app.patch(
    '/:id',
    {
      schema: {
        tags,
        summary: 'Change status or notes (admin, billing)',
        params: Params,
        body: LeadPatch,
        response: { 200: Lead },
      },
    },
    async (req) => leads.update(req.actorOrThrow(), req.params.id, req.body),
  )
  app.post(
    '/:id/quote',
    {
      schema: {
        tags,
        summary:
          'Quote a plan for the lead (admin, billing): counts per asset class, servers and workstations default to what the lead stated; the PDF is at GET /api/quotes/{id}/pdf',
        params: Params,
        body: QuoteCreate,
        response: { 201: Quote },
      },
    },
    async (req, reply) => reply.code(201).send(await leads.quote(req.actorOrThrow(), req.params.id, req.body)),
  )
  app.post(
    '/:id/convert',
    {
      schema: {
        tags,
        summary:
          'Make the lead a customer with its person as key contact and a draft contract (admin, billing); 409 when done already',
        params: Params,
        body: LeadConvert,
        response: { 201: LeadConverted },
      },
    },
    async (req, reply) => reply.code(201).send(await leads.convert(req.actorOrThrow(), req.params.id, req.body)),
  )
}

export const quoteRoutes: FastifyPluginAsyncZod<{ leads: LeadService }> = async (app, { leads }) => {
  app.get(
    '/:id',
    { schema: { tags, summary: 'A quote (staff)', params: Params, response: { 200: Quote } } },
    async (req) => leads.getQuote(req.actorOrThrow(), req.params.id),
  )
  app.get(
    '/:id/pdf',
    {
      schema: {
        tags,
        summary: 'The quote as PDF in the language of the lead (staff)',
        params: Params,
        produces: ['application/pdf'],
        response: { 200: PdfFile },
      },
    },
    async (req, reply) => {
      const file = await leads.quotePdf(req.actorOrThrow(), req.params.id)
      return reply
        .type('application/pdf')
        .header('content-disposition', contentDisposition(file.filename))
        .header('cache-control', 'private, no-store')
        .send(file.content)
    },
  )
}
