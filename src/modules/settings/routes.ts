import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { Settings, SettingsPatch } from './schema.js'
import type { SettingsService } from './service.js'

export const settingsRoutes: FastifyPluginAsyncZod<{ settings: SettingsService }> = async (app, { settings }) => {
  app.get(
    '',
    {
      schema: {
        tags: ['settings'],
        summary: 'Company details and security settings (admins)',
        response: { 200: Settings },
      },
    },
    async (req) => settings.get(req.actorOrThrow()),
  )
  app.patch('', { schema: { tags: ['settings'], body: SettingsPatch, response: { 200: Settings } } }, async (req) =>
    settings.update(req.actorOrThrow(), req.body),
  )
}
