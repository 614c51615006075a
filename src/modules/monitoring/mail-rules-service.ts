import { randomBytes } from 'node:crypto'
import type { Db, Executor } from '../../db/database.js'
import { type Actor, assertStaff } from '../../platform/access.js'
import type { Audit } from '../../platform/audit.js'
import { type AppError, badRequest, conflict, notFound } from '../../platform/errors.js'
import { uuidv7 } from '../../platform/ids.js'
import type { CustomerService } from '../customers/service.js'
import type { SettingsService } from '../settings/service.js'
import type { StaffRole } from '../users/schema.js'
import * as repo from './mail-rules-repo.js'
import {
  compileCustomParser,
  CUSTOM_FORMAT_PREFIX,
  CustomParserInput,
  type CustomParserDefinition,
  type CustomParserPatch,
  type MailHeaders,
  type MailParser,
  type MailRule,
  MailRuleInput,
  type MailRulePatch,
  matchRule,
  type ParserTestInput,
  type ParserTestResult,
  recogniseMail,
} from './mail-rules.js'
import { FORMATS, type Parser, parserOf, type ReportInput } from './parsers/index.js'
import type { ReportKind } from './schema.js'

export interface MailRulesDeps {
  db: Db
  audit: Audit
  customers: CustomerService
  settings: SettingsService
  now: () => number
}

/** Where a routed mail goes: a report of this kind for this customer, read with this parser (else detected). */
export interface RouteTarget {
  customerId: string
  kind: ReportKind
  format?: string
}

/** Who writes rules and parsers; every staff member reads them. */
const WRITERS: readonly StaffRole[] = ['admin', 'technician']
// Rules and parsers are read for every mail and every report; another instance's change is seen within this time.
const CACHE_MS = 30_000

let mailModules: Promise<[typeof import('mailparser'), typeof import('../../platform/mail/html.js')]> | undefined
// Only the test endpoint reads a raw mail here; the server starts without loading the MIME parser.
const mailParsing = () => (mailModules ??= Promise.all([import('mailparser'), import('../../platform/mail/html.js')]))

/** A raw mail as a parser reads it: its headers, HTML and text (as the monitoring service reads a mailed report). */
async function mailInput(raw: Buffer, base: Pick<ReportInput, 'timeZone' | 'receivedAt'>): Promise<ReportInput> {
  const [{ simpleParser }, { htmlToText }] = await mailParsing()
  const mail = await simpleParser(raw, { skipHtmlToText: true, skipTextToHtml: true, skipImageLinks: true })
  const html = typeof mail.html === 'string' && mail.html.trim() !== '' ? mail.html : null
  const date = mail.headers.has('date') && mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date.getTime() : null
  return {
    ...base,
    text: mail.text?.trim() ? mail.text : html ? htmlToText(html) : '',
    mail: { subject: mail.subject ?? '', from: mail.from?.text ?? '', date, html },
  }
}

/** A zod failure of the whole (merged) rule or parser, reported like request validation reports body fields. */
function invalid(issues: readonly { path: readonly PropertyKey[]; message: string }[], what: string): AppError {
  const errors = issues.map((i) => ({ path: ['body', ...i.path.map(String)].join('.'), message: i.message }))
  const first = errors[0]
  return badRequest('validation_failed', first ? `${first.path}: ${first.message}` : `The ${what} is not valid`, {
    errors,
  })
}

const fieldError = (code: string, path: string, message: string, extra: Record<string, unknown> = {}) =>
  badRequest(code, `${path}: ${message}`, { errors: [{ path, message }], ...extra })

function toRule(row: repo.RuleRow): MailRule {
  return {
    id: row.id,
    name: row.name,
    customerId: row.customer_id,
    kind: row.kind,
    match: {
      ...(row.match_from !== null && { from: row.match_from }),
      ...(row.match_subject !== null && { subject: row.match_subject }),
      ...(row.match_to !== null && { to: row.match_to }),
    },
    format: row.format,
    enabled: row.enabled === 1,
    position: Number(row.position),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  }
}

type StoredDefinition = Omit<CustomParserDefinition, 'name' | 'kind'>

function definitionOf(row: repo.ParserRow): CustomParserDefinition {
  return { ...(JSON.parse(row.definition) as StoredDefinition), name: row.name, kind: row.kind }
}

function toParser(row: repo.ParserRow): MailParser {
  const def = definitionOf(row)
  return {
    id: row.id,
    format: `${CUSTOM_FORMAT_PREFIX}${row.id}`,
    name: def.name,
    kind: def.kind,
    match: def.match,
    extract: def.extract,
    result: def.result,
    correlationKey: def.correlationKey,
    ...(def.successResolves !== undefined && { successResolves: def.successResolves }),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  }
}

function storedDefinition(def: CustomParserDefinition): string {
  const { name: _name, kind: _kind, ...rest } = def
  return JSON.stringify(rest satisfies StoredDefinition)
}

/** The rule as the audit log shows it: its fields, without the timestamps. */
const auditRule = (r: MailRule) => ({
  name: r.name,
  customerId: r.customerId,
  kind: r.kind,
  match: r.match,
  format: r.format,
  enabled: r.enabled,
  position: r.position,
})
const auditParser = (p: MailParser) => ({
  name: p.name,
  match: p.match,
  extract: p.extract,
  result: p.result,
  correlationKey: p.correlationKey,
  successResolves: p.successResolves ?? null,
})

/**
 * Mail rules (which customer a backup notification mail belongs to) and the MSP's own mail parsers. Both are read
 * for every mail and report, so they are kept compiled in memory: dropped on every change here, and reloaded after
 * CACHE_MS so that the changes of another instance arrive too.
 */
export function createMailRulesService({ db, audit, customers, settings, now }: MailRulesDeps) {
  let cache: { at: number; rules: MailRule[]; parsers: Parser[] } | undefined
  // Bumped on every change: a load that began before it must not put its stale result in the cache.
  let generation = 0

  async function loaded(): Promise<NonNullable<typeof cache>> {
    const at = now()
    if (cache && at - cache.at < CACHE_MS && at >= cache.at) {
      return cache
    }
    const started = generation
    const [rules, parsers] = await Promise.all([repo.listRules(db), repo.listParsers(db)])
    const fresh = {
      at,
      rules: rules.map(toRule),
      parsers: parsers.flatMap((row) => {
        try {
          return [compileCustomParser({ ...definitionOf(row), id: row.id })]
        } catch {
          // Saved definitions were checked; one that no longer compiles must not stop every other report.
          return []
        }
      }),
    }
    if (started === generation) {
      cache = fresh
    }
    return fresh
  }

  function changed(): void {
    generation++
    cache = undefined
  }

  async function mustGetCustomer(ex: Executor, customerId: string): Promise<void> {
    if (!(await customers.findRow(ex, customerId))) {
      throw notFound('customer', customerId)
    }
  }

  /** A rule's `format` must name a parser of the rule's kind. */
  async function checkFormat(ex: Executor, kind: ReportKind, format: string | null | undefined): Promise<void> {
    if (format === null || format === undefined) {
      return
    }
    let parserKind: string | undefined
    if (format.startsWith(CUSTOM_FORMAT_PREFIX)) {
      parserKind = (await repo.findParser(ex, format.slice(CUSTOM_FORMAT_PREFIX.length)))?.kind
    } else {
      parserKind = parserOf(format)?.kind
    }
    if (parserKind === undefined) {
      const formats = [...FORMATS, ...(await repo.listParsers(ex)).map((p) => `${CUSTOM_FORMAT_PREFIX}${p.id}`)]
      throw fieldError('unknown_format', 'body.format', `${format} is neither a built-in format nor a mail parser`, {
        formats,
      })
    }
    if (parserKind !== kind) {
      throw fieldError('wrong_format_kind', 'body.format', `${format} reads ${parserKind} reports, not ${kind} reports`)
    }
  }

  async function mustGetRule(ex: Executor, id: string): Promise<repo.RuleRow> {
    const row = await repo.findRule(ex, id)
    if (!row) {
      throw notFound('mail_rule', id)
    }
    return row
  }

  async function mustGetParser(ex: Executor, id: string): Promise<repo.ParserRow> {
    const row = await repo.findParser(ex, id)
    if (!row) {
      throw notFound('mail_parser', id)
    }
    return row
  }

  const ruleRow = (input: MailRuleInput, id: string, position: number, createdAt: number): repo.RuleRow => ({
    id,
    name: input.name,
    customer_id: input.customerId,
    kind: input.kind,
    match_from: input.match.from ?? null,
    match_subject: input.match.subject ?? null,
    match_to: input.match.to ?? null,
    format: input.format ?? null,
    enabled: input.enabled ? 1 : 0,
    position,
    created_at: createdAt,
    updated_at: now(),
  })

  return {
    // Rules ------------------------------------------------------------------------------------------

    async listRules(actor: Actor): Promise<MailRule[]> {
      assertStaff(actor)
      return (await repo.listRules(db)).map(toRule)
    },

    /** @throws AppError 404 unknown customer, 400 a format that is unknown or of the other kind */
    async createRule(actor: Actor, input: MailRuleInput): Promise<MailRule> {
      assertStaff(actor, WRITERS)
      const rule = await db.transaction().execute(async (trx) => {
        await mustGetCustomer(trx, input.customerId)
        await checkFormat(trx, input.kind, input.format)
        const at = now()
        const row = ruleRow(input, uuidv7(), input.position ?? (await repo.nextPosition(trx)), at)
        await repo.insertRule(trx, row)
        const created = toRule(row)
        await audit.record(trx, actor, {
          action: 'mail_rule.created',
          entityType: 'mail_rule',
          entityId: row.id,
          customerId: row.customer_id,
          after: auditRule(created),
        })
        return created
      })
      changed()
      return rule
    },

    /** The patch is applied to the rule and the result checked as a whole. */
    async updateRule(actor: Actor, id: string, patch: MailRulePatch): Promise<MailRule> {
      assertStaff(actor, WRITERS)
      const rule = await db.transaction().execute(async (trx) => {
        const before = toRule(await mustGetRule(trx, id))
        const parsed = MailRuleInput.safeParse({ ...before, ...patch })
        if (!parsed.success) {
          throw invalid(parsed.error.issues, 'mail rule')
        }
        const input = parsed.data
        if (input.customerId !== before.customerId) {
          await mustGetCustomer(trx, input.customerId)
        }
        await checkFormat(trx, input.kind, input.format)
        const row = ruleRow(input, id, input.position ?? before.position, before.createdAt)
        await repo.updateRule(trx, id, row)
        const after = toRule(row)
        await audit.record(trx, actor, {
          action: 'mail_rule.updated',
          entityType: 'mail_rule',
          entityId: id,
          customerId: after.customerId,
          before: auditRule(before),
          after: auditRule(after),
        })
        return after
      })
      changed()
      return rule
    },

    async deleteRule(actor: Actor, id: string): Promise<void> {
      assertStaff(actor, WRITERS)
      await db.transaction().execute(async (trx) => {
        const before = toRule(await mustGetRule(trx, id))
        await repo.deleteRule(trx, id)
        await audit.record(trx, actor, {
          action: 'mail_rule.deleted',
          entityType: 'mail_rule',
          entityId: id,
          customerId: before.customerId,
          before: auditRule(before),
        })
      })
      changed()
    },

    // Parsers ----------------------------------------------------------------------------------------

    async listParsers(actor: Actor): Promise<MailParser[]> {
      assertStaff(actor)
      return (await repo.listParsers(db)).map(toParser)
    },

    async createParser(actor: Actor, def: CustomParserDefinition): Promise<MailParser> {
      assertStaff(actor, WRITERS)
      const parser = await db.transaction().execute(async (trx) => {
        const at = now()
        const row: repo.ParserRow = {
          id: randomBytes(8).toString('hex'),
          name: def.name,
          kind: def.kind,
          definition: storedDefinition(def),
          created_at: at,
          updated_at: at,
        }
        await repo.insertParser(trx, row)
        const created = toParser(row)
        await audit.record(trx, actor, {
          action: 'mail_parser.created',
          entityType: 'mail_parser',
          entityId: row.id,
          after: auditParser(created),
        })
        return created
      })
      changed()
      return parser
    },

    /** The patch replaces whole sections (match, extract, result); the result is checked as a whole. */
    async updateParser(actor: Actor, id: string, patch: CustomParserPatch): Promise<MailParser> {
      assertStaff(actor, WRITERS)
      const parser = await db.transaction().execute(async (trx) => {
        const row = await mustGetParser(trx, id)
        const before = toParser(row)
        const parsed = CustomParserInput.safeParse({ ...definitionOf(row), ...patch })
        if (!parsed.success) {
          throw invalid(parsed.error.issues, 'mail parser')
        }
        const set = { name: parsed.data.name, definition: storedDefinition(parsed.data), updated_at: now() }
        await repo.updateParser(trx, id, set)
        const after = toParser({ ...row, ...set })
        await audit.record(trx, actor, {
          action: 'mail_parser.updated',
          entityType: 'mail_parser',
          entityId: id,
          before: auditParser(before),
          after: auditParser(after),
        })
        return after
      })
      changed()
      return parser
    },

    /** @throws AppError 409 mail_parser_in_use while a rule forces this parser */
    async deleteParser(actor: Actor, id: string): Promise<void> {
      assertStaff(actor, WRITERS)
      await db.transaction().execute(async (trx) => {
        const before = toParser(await mustGetParser(trx, id))
        const rules = await repo.ruleNamesUsingFormat(trx, before.format)
        if (rules.length > 0) {
          throw conflict('mail_parser_in_use', `Mail rules use this parser: ${rules.join(', ')}`, { rules })
        }
        await repo.deleteParser(trx, id)
        await audit.record(trx, actor, {
          action: 'mail_parser.deleted',
          entityType: 'mail_parser',
          entityId: id,
          before: auditParser(before),
        })
      })
      changed()
    },

    /** What a parser definition makes of a mail, without saving anything: for trying a template out. */
    async testParser(actor: Actor, input: ParserTestInput): Promise<ParserTestResult> {
      assertStaff(actor)
      const { company } = await settings.load()
      let report: ReportInput
      try {
        report = await mailInput(Buffer.from(input.mail, 'utf8'), { timeZone: company.timeZone, receivedAt: now() })
      } catch (err) {
        throw fieldError('unreadable_mail', 'body.mail', `not a readable mail: ${(err as Error).message}`)
      }
      const parser = compileCustomParser({ ...input.definition, id: 'test' })
      const result = parser.parse(report)
      return {
        detected: parser.detect(report),
        status: result.status,
        ...(result.status === 'unparsed' && { reason: result.reason }),
        events: result.status === 'parsed' ? result.events.flatMap((e) => (e.kind === 'backup' ? [e] : [])) : [],
      }
    },

    // For the monitoring service and mail in -----------------------------------------------------------

    /** The MSP's parsers, compiled; for the monitoring service's `customParsers`. */
    async customParsers(): Promise<Parser[]> {
      return (await loaded()).parsers
    },

    /** Where the first enabled rule that matches sends the mail; null when no rule does. */
    async route(mail: MailHeaders): Promise<RouteTarget | null> {
      const rule = matchRule((await loaded()).rules, mail)
      if (!rule) {
        return null
      }
      return { customerId: rule.customerId, kind: rule.kind, ...(rule.format !== null && { format: rule.format }) }
    },

    /** The vendor a built-in parser recognises the mail as ('Veeam'), or null: a hint for the triage queue. */
    recognise(mail: { from: string; subject: string; text: string; html: string | null; date: number | null }) {
      return recogniseMail({
        text: mail.text,
        mail: { from: mail.from, subject: mail.subject, html: mail.html, date: mail.date },
        timeZone: 'UTC',
        receivedAt: now(),
      })
    },
  }
}

export type MailRulesService = ReturnType<typeof createMailRulesService>
