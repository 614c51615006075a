import { create as contentDisposition } from 'content-disposition'
import type { FastifyPluginAsyncZod, ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  Asset,
  AssetExportQuery,
  AssetInput,
  AssetListQuery,
  AssetPage,
  AssetPatch,
  AssetsConfig,
  ImportQuery,
  ImportResult,
  Site,
  SiteCreate,
  SitePatch,
  Software,
  SoftwareCreate,
  SoftwarePatch,
} from './schema.js'
import { IMPORT_MAX_BYTES, type AssetService } from './service.js'

const Params = z.object({ id: z.uuid() })
const tags = ['assets']

// Browsers and tools label a .csv file in several ways; all of them are read as bytes (the encoding is detected).
const CSV_TYPES = ['text/csv', 'text/plain', 'application/csv', 'application/vnd.ms-excel', 'application/octet-stream']

/** The customer's infrastructure, its sites and installed software, and the module's settings. Mounted at /api. */
export const assetRoutes: FastifyPluginAsyncZod<{ assets: AssetService }> = async (app, { assets }) => {
  app.get(
    '/customers/:id/assets',
    {
      schema: {
        tags,
        summary:
          "A customer's assets by name (default: active and spare; status=all includes retired); counts per class (not retired) and status over all its assets",
        params: Params,
        querystring: AssetListQuery,
        response: { 200: AssetPage },
      },
    },
    async (req) => assets.list(req.actorOrThrow(), req.params.id, req.query),
  )
  app.post(
    '/customers/:id/assets',
    {
      schema: {
        tags,
        summary: 'Add an asset; its fields depend on its class',
        params: Params,
        body: AssetInput,
        response: { 201: Asset },
      },
    },
    async (req, reply) => reply.code(201).send(await assets.create(req.actorOrThrow(), req.params.id, req.body)),
  )
  app.get(
    '/customers/:id/assets.csv',
    {
      schema: {
        tags,
        summary: 'The assets as CSV (UTF-8, comma; all statuses unless asked), in the columns the import reads',
        params: Params,
        querystring: AssetExportQuery,
      },
    },
    async (req, reply) => {
      const file = await assets.exportCsv(req.actorOrThrow(), req.params.id, req.query)
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', contentDisposition(file.filename))
        .header('cache-control', 'private, no-store')
        .send(file.csv)
    },
  )
  app.get('/assets/:id', { schema: { tags, params: Params, response: { 200: Asset } } }, async (req) =>
    assets.get(req.actorOrThrow(), req.params.id),
  )
  app.patch(
    '/assets/:id',
    {
      schema: {
        tags,
        summary:
          "Change any field of the asset's class (or its class); validated as a whole. Spare or retired ends the active period, active starts a new one",
        params: Params,
        body: AssetPatch,
        response: { 200: Asset },
      },
    },
    async (req) => assets.update(req.actorOrThrow(), req.params.id, req.body),
  )
  app.delete(
    '/assets/:id',
    {
      schema: {
        tags,
        summary: 'Retire (nothing with history is deleted): status retired, active until today',
        params: Params,
        response: { 200: Asset },
      },
    },
    async (req) => assets.retire(req.actorOrThrow(), req.params.id),
  )

  app.get(
    '/assets/:id/software',
    {
      schema: {
        tags,
        summary: 'Software installed on the asset',
        params: Params,
        response: { 200: z.object({ items: z.array(Software) }) },
      },
    },
    async (req) => ({ items: await assets.listSoftware(req.actorOrThrow(), req.params.id) }),
  )
  app.post(
    '/assets/:id/software',
    { schema: { tags, params: Params, body: SoftwareCreate, response: { 201: Software } } },
    async (req, reply) => reply.code(201).send(await assets.addSoftware(req.actorOrThrow(), req.params.id, req.body)),
  )
  app.patch(
    '/asset-software/:id',
    { schema: { tags, params: Params, body: SoftwarePatch, response: { 200: Software } } },
    async (req) => assets.updateSoftware(req.actorOrThrow(), req.params.id, req.body),
  )
  app.delete('/asset-software/:id', { schema: { tags, params: Params } }, async (req, reply) => {
    await assets.removeSoftware(req.actorOrThrow(), req.params.id)
    return reply.code(204).send()
  })

  app.get(
    '/customers/:id/sites',
    {
      schema: {
        tags: ['sites'],
        summary: "A customer's locations",
        params: Params,
        response: { 200: z.object({ items: z.array(Site) }) },
      },
    },
    async (req) => ({ items: await assets.listSites(req.actorOrThrow(), req.params.id) }),
  )
  app.post(
    '/customers/:id/sites',
    { schema: { tags: ['sites'], params: Params, body: SiteCreate, response: { 201: Site } } },
    async (req, reply) => reply.code(201).send(await assets.createSite(req.actorOrThrow(), req.params.id, req.body)),
  )
  app.patch(
    '/sites/:id',
    { schema: { tags: ['sites'], params: Params, body: SitePatch, response: { 200: Site } } },
    async (req) => assets.updateSite(req.actorOrThrow(), req.params.id, req.body),
  )
  app.delete(
    '/sites/:id',
    { schema: { tags: ['sites'], summary: 'Delete; refused (409) while assets run there', params: Params } },
    async (req, reply) => {
      await assets.deleteSite(req.actorOrThrow(), req.params.id)
      return reply.code(204).send()
    },
  )

  app.get(
    '/assets-config',
    { schema: { tags, summary: 'Settings of the infrastructure module (admins)', response: { 200: AssetsConfig } } },
    async (req) => assets.getConfig(req.actorOrThrow()),
  )
  app.patch('/assets-config', { schema: { tags, body: AssetsConfig, response: { 200: AssetsConfig } } }, async (req) =>
    assets.updateConfig(req.actorOrThrow(), req.body),
  )

  // The import takes the file itself as the body, with a larger limit than JSON requests, in a scope of its own.
  await app.register(async (plugin) => {
    const upload = plugin.withTypeProvider<ZodTypeProvider>()
    upload.removeContentTypeParser('text/plain')
    upload.addContentTypeParser(CSV_TYPES, { parseAs: 'buffer', bodyLimit: IMPORT_MAX_BYTES }, (_req, body, done) =>
      done(null, body),
    )
    upload.post(
      '/customers/:id/assets/import',
      {
        bodyLimit: IMPORT_MAX_BYTES,
        schema: {
          tags,
          summary:
            'Import a CSV file sent as the body (text/csv, at most 5 MB; Dutch or English headers, ; , or tab). mode=dry-run (default) writes nothing; an import with invalid rows writes nothing (422) unless validRowsOnly=true',
          params: Params,
          querystring: ImportQuery,
          response: { 200: ImportResult },
        },
      },
      async (req) =>
        assets.importCsv(req.actorOrThrow(), req.params.id, Buffer.isBuffer(req.body) ? req.body : undefined, {
          mode: req.query.mode,
          validRowsOnly: req.query.validRowsOnly === 'true',
        }),
    )
  })
}
