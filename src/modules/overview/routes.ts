import { create as contentDisposition } from 'content-disposition'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { OverviewQuery } from './schema.js'
import type { OverviewService } from './service.js'

const Params = z.object({ id: z.uuid() })
// Documents the body for OpenAPI; a Buffer is sent as it is, never through the serializer.
const PdfFile = z
  .custom<Buffer>((v) => Buffer.isBuffer(v))
  .meta({ type: 'string', format: 'binary', description: 'A PDF document' })

export const overviewRoutes: FastifyPluginAsyncZod<{ overview: OverviewService }> = async (app, { overview }) => {
  app.get(
    '/:id/overview.pdf',
    {
      schema: {
        tags: ['customers'],
        summary:
          "The customer's overview as PDF: details, infrastructure with warnings, the contract in force and its monthly cost (staff and the customer's contacts)",
        params: Params,
        querystring: OverviewQuery,
        produces: ['application/pdf'],
        response: { 200: PdfFile },
      },
    },
    async (req, reply) => {
      const file = await overview.pdf(req.actorOrThrow(), req.params.id, req.query.lang)
      return reply
        .type('application/pdf')
        .header('content-disposition', contentDisposition(file.filename))
        .header('cache-control', 'private, no-store')
        .send(file.content)
    },
  )
}
