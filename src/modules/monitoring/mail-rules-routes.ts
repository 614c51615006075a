import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  CustomParserInput,
  CustomParserPatch,
  MailParser,
  MailRule,
  MailRuleInput,
  MailRulePatch,
  ParserTestInput,
  ParserTestResult,
} from './mail-rules.js'
import type { MailRulesService } from './mail-rules-service.js'

const RuleParams = z.object({ id: z.uuid() })
const ParserParams = z.object({ id: z.string().regex(/^[0-9a-f]{16}$/, 'a mail parser id (16 hex characters)') })
const tags = ['monitoring']

/** Mail rules and the MSP's own mail parsers. Mounted at /api/monitoring. */
export const mailRuleRoutes: FastifyPluginAsyncZod<{ mailRules: MailRulesService }> = async (app, { mailRules }) => {
  app.get(
    '/mail-rules',
    {
      schema: {
        tags,
        summary: 'The rules that send backup and UPS notification mails to a customer, in the order they are tried',
        response: { 200: z.object({ items: z.array(MailRule) }) },
      },
    },
    async (req) => ({ items: await mailRules.listRules(req.actorOrThrow()) }),
  )
  app.post(
    '/mail-rules',
    {
      schema: {
        tags,
        summary: 'A new mail rule: mails it matches become monitoring reports of its customer, not tickets',
        body: MailRuleInput,
        response: { 201: MailRule },
      },
    },
    async (req, reply) => reply.code(201).send(await mailRules.createRule(req.actorOrThrow(), req.body)),
  )
  app.patch(
    '/mail-rules/:id',
    { schema: { tags, params: RuleParams, body: MailRulePatch, response: { 200: MailRule } } },
    async (req) => mailRules.updateRule(req.actorOrThrow(), req.params.id, req.body),
  )
  app.delete('/mail-rules/:id', { schema: { tags, params: RuleParams } }, async (req, reply) => {
    await mailRules.deleteRule(req.actorOrThrow(), req.params.id)
    return reply.code(204).send()
  })

  app.get(
    '/mail-parsers',
    {
      schema: {
        tags,
        summary: "The MSP's own parsers for notification mails no built-in parser reads",
        response: { 200: z.object({ items: z.array(MailParser) }) },
      },
    },
    async (req) => ({ items: await mailRules.listParsers(req.actorOrThrow()) }),
  )
  app.post(
    '/mail-parsers',
    { schema: { tags, body: CustomParserInput, response: { 201: MailParser } } },
    async (req, reply) => reply.code(201).send(await mailRules.createParser(req.actorOrThrow(), req.body)),
  )
  app.post(
    '/mail-parsers/test',
    {
      schema: {
        tags,
        summary: 'What a parser definition makes of a mail (RFC 822 text), without saving either',
        body: ParserTestInput,
        response: { 200: ParserTestResult },
      },
    },
    async (req) => mailRules.testParser(req.actorOrThrow(), req.body),
  )
  app.patch(
    '/mail-parsers/:id',
    { schema: { tags, params: ParserParams, body: CustomParserPatch, response: { 200: MailParser } } },
    async (req) => mailRules.updateParser(req.actorOrThrow(), req.params.id, req.body),
  )
  app.delete('/mail-parsers/:id', { schema: { tags, params: ParserParams } }, async (req, reply) => {
    await mailRules.deleteParser(req.actorOrThrow(), req.params.id)
    return reply.code(204).send()
  })
}
