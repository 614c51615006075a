// Mail rules and the MSP's own mail parsers, as pure code: which customer a backup notification mail belongs to, and
// how the mail of a vendor that no built-in parser knows becomes a backup run.
//
// Patterns, wherever a rule or a parser takes one:
// - `/source/flags` is a regular expression (flags i, m, s), e.g. `/^\[(failed|error)\]/i`;
// - anything else is plain text, found as a case-insensitive substring, e.g. `veeam@acme.example`.
// Regular expressions are checked when they are saved (valid, no look-around or back-references, no nested or
// overlapping repetition that backtracks catastrophically) and run on a linear-time engine (RE2), on at most the
// first MATCH_CHARS characters of a text: no mail can make matching hang.
import { type AST, RegExpParser, visitRegExpAST } from '@eslint-community/regexpp'
import { RE2JS } from 're2js'
import { z } from 'zod'
import { required } from '../../platform/lazy.js'
import { parserOf } from './parsers/index.js'
import {
  LIMITS,
  type BackupRun,
  type Parser,
  type ParseResult,
  type ReportInput,
  type RunResult,
} from './parsers/types.js'
import { ReportKind } from './schema.js'

/** How many characters of a sender, subject or body a pattern looks at (like LIMITS.lineChars). */
export const MATCH_CHARS = 64 * 1024
export const PATTERN_CHARS = 500
/** The longest job key or host a custom parser makes (the events' columns hold 200). */
const NAME_CHARS = 200

const FLAGS: Record<string, number> = { i: RE2JS.CASE_INSENSITIVE, m: RE2JS.MULTILINE, s: RE2JS.DOTALL }

const cut = (text: string) => (text.length > MATCH_CHARS ? text.slice(0, MATCH_CHARS) : text)

// Patterns ------------------------------------------------------------------------------------------

export type PatternForm = { kind: 'text'; text: string } | { kind: 'regex'; source: string; flags: string }

/** `/…/flags` is a regular expression, anything else plain text. */
export function patternForm(src: string): PatternForm {
  const slash = src.lastIndexOf('/')
  if (src.length >= 3 && src.startsWith('/') && slash > 1 && /^[a-z]*$/.test(src.slice(slash + 1))) {
    return { kind: 'regex', source: src.slice(1, slash), flags: src.slice(slash + 1) }
  }
  return { kind: 'text', text: src }
}

// The backtracking analysis brings a regular-expression algebra (refa, about 1 MB of source) that only saving a
// pattern needs: required then, synchronously, so that the checks stay plain functions.
const scslreOf = required<typeof import('scslre')>('scslre')
const astAnalysis = required<typeof import('regexp-ast-analysis')>('regexp-ast-analysis')

/** Why the repetition in a regular expression can backtrack catastrophically, or null. */
function backtrackingIssue(literal: AST.RegExpLiteral): string | null {
  const scslre = scslreOf()
  const ast = astAnalysis()
  // Self and exponential reports are nested repetition ((a+)+, (.*a){20}); a Move or a plain Trade (\S+@\S+) costs
  // at most a polynomial of low degree, which the linear-time engine does not pay at all.
  const { reports } = scslre.analyse(
    { pattern: literal.pattern, flags: literal.flags },
    { reportTypes: { Move: false }, assumeRejectingSuffix: true },
  )
  for (const report of reports) {
    if (report.type === 'Self') {
      return `catastrophic backtracking: ${report.quant.raw} is repeated inside ${report.parentQuant.raw} (nested quantifiers)`
    }
    if (report.exponential) {
      return `catastrophic backtracking: ${report.startQuant.raw} and ${report.endQuant.raw} can match the same text in exponentially many ways`
    }
  }
  // Alternatives under a repetition that can start with the same character ((a|a)*, (a|aa)+, (\w|\d)+) split one
  // text in many ways; scslre finds only part of these.
  let overlap: string | null = null
  const check = (alternatives: readonly AST.Alternative[]) => {
    const firsts = alternatives.map((a) => ast.getFirstConsumedChar(a, 'ltr', literal.flags).char)
    for (let i = 0; i < firsts.length && overlap === null; i++) {
      for (let j = i + 1; j < firsts.length && overlap === null; j++) {
        if (!firsts[i]!.isDisjointWith(firsts[j]!)) {
          overlap = `catastrophic backtracking: the alternatives ${alternatives[i]!.raw} and ${alternatives[j]!.raw} of a repeated group can start with the same character`
        }
      }
    }
  }
  const repeated = (node: AST.Node): boolean => {
    for (let p = node.parent; p; p = p.parent) {
      if (p.type === 'Quantifier' && p.max > 1) {
        return true
      }
    }
    return false
  }
  visitRegExpAST(literal.pattern, {
    onGroupEnter: (g) => (g.alternatives.length > 1 && repeated(g) ? check(g.alternatives) : undefined),
    onCapturingGroupEnter: (g) => (g.alternatives.length > 1 && repeated(g) ? check(g.alternatives) : undefined),
  })
  return overlap
}

/**
 * Why a pattern cannot be saved, or null when it can. `group`: the pattern must be a regular expression with this
 * named group (an extractor). Cost: parsing and analysing a pattern of at most PATTERN_CHARS, a few milliseconds.
 */
export function patternIssue(src: string, group?: string): string | null {
  const form = patternForm(src)
  if (form.kind === 'text') {
    return group === undefined ? null : `must be a regular expression /…(?<${group}>…)…/ with the named group ${group}`
  }
  for (const [i, flag] of [...form.flags].entries()) {
    if (!(flag in FLAGS) || form.flags.indexOf(flag) !== i) {
      return `flag ${flag}: only the flags i, m and s, each once`
    }
  }
  let literal: AST.RegExpLiteral
  try {
    literal = new RegExpParser().parseLiteral(`/${form.source}/${form.flags}`)
  } catch (err) {
    return `not a valid regular expression: ${(err as Error).message}`
  }
  let unsupported: string | null = null
  visitRegExpAST(literal, {
    onBackreferenceEnter: () => {
      unsupported ??= 'back-references (\\1, \\k<name>) are not supported'
    },
    onAssertionEnter: (a) => {
      if (a.kind === 'lookahead' || a.kind === 'lookbehind') {
        unsupported ??= 'look-ahead and look-behind are not supported'
      }
    },
  })
  if (unsupported !== null) {
    return unsupported
  }
  const backtracking = backtrackingIssue(literal)
  if (backtracking !== null) {
    return backtracking
  }
  let re: RE2JS
  try {
    re = compileRegex(form)
  } catch (err) {
    return `not supported by the matching engine: ${(err as Error).message}`
  }
  if (group !== undefined && !(group in re.namedGroups())) {
    return `needs the named group (?<${group}>…)`
  }
  return null
}

function compileRegex(form: Extract<PatternForm, { kind: 'regex' }>): RE2JS {
  const flags = [...form.flags].reduce((all, f) => all | (FLAGS[f] ?? 0), 0)
  return RE2JS.compile(RE2JS.translateRegExp(form.source), flags)
}

export interface PatternMatch {
  /** Where the match starts in the text as matched (its first MATCH_CHARS characters). */
  index: number
  groups: Record<string, string | undefined>
}

export interface Pattern {
  readonly src: string
  /** Whether the pattern occurs in the first MATCH_CHARS characters of the text. O(n). */
  test(text: string): boolean
  /** The first match there, with the named groups. O(n). */
  exec(text: string): PatternMatch | null
}

/** A saved (checked) pattern ready to match. @throws Error when the engine cannot compile it */
export function compilePattern(src: string): Pattern {
  const form = patternForm(src)
  if (form.kind === 'text') {
    const needle = form.text.toLowerCase()
    const exec = (text: string): PatternMatch | null => {
      const index = cut(text).toLowerCase().indexOf(needle)
      return index < 0 ? null : { index, groups: {} }
    }
    return { src, test: (text) => exec(text) !== null, exec }
  }
  const re = compileRegex(form)
  const names = Object.keys(re.namedGroups())
  return {
    src,
    test: (text) => re.test(cut(text)),
    exec(text) {
      const m = re.matcher(cut(text))
      if (!m.find()) {
        return null
      }
      const groups: Record<string, string | undefined> = {}
      for (const name of names) {
        groups[name] = m.group(name) ?? undefined
      }
      return { index: m.start(), groups }
    },
  }
}

// Compiling is a few hundred microseconds; rules and parsers are matched against every mail with the same patterns.
const compiled = new Map<string, Pattern>()
function patternOf(src: string): Pattern {
  let p = compiled.get(src)
  if (!p) {
    if (compiled.size >= 1000) {
      compiled.clear()
    }
    p = compilePattern(src)
    compiled.set(src, p)
  }
  return p
}

// Schemas ----------------------------------------------------------------------------------------------

const Text = z.string().trim().min(1).max(PATTERN_CHARS)

/** A pattern checked at save time; `group`: an extractor's regular expression must name that group. */
const SafePattern = (group?: string) =>
  Text.superRefine((src, ctx) => {
    const issue = patternIssue(src, group)
    if (issue !== null) {
      ctx.addIssue({ code: 'custom', message: issue })
    }
  })

/** An extractor: a regular expression with the named group, or plain text for a fixed value. */
const Extractor = (group: string) =>
  Text.superRefine((src, ctx) => {
    const issue = patternForm(src).kind === 'regex' ? patternIssue(src, group) : null
    if (issue !== null) {
      ctx.addIssue({ code: 'custom', message: issue })
    }
  })

const Address = z
  .string()
  .trim()
  .toLowerCase()
  .max(320)
  .regex(/^[^\s@<>]+@[^\s@<>]+$/, 'a recipient address such as backup+acme@msp.example')

/** A built-in format ('veeam') or a custom parser's ('custom:<id>'); the service checks that it exists. */
const Format = z
  .string()
  .trim()
  .max(40)
  .regex(/^[a-z0-9][a-z0-9:-]*$/, 'a format such as veeam or custom:<parser id>')

const atLeastOne = (keys: readonly string[]) => (v: object) =>
  keys.some((k) => (v as Record<string, unknown>)[k] !== undefined)

export const MailRuleMatch = z
  .object({
    /** The sender's address: plain text (e.g. the address itself) or /regex/. */
    from: SafePattern().optional(),
    subject: SafePattern().optional(),
    /** A recipient, exactly: the alias the customer's devices send to, e.g. backup+acme@msp.example. */
    to: Address.optional(),
  })
  .refine(atLeastOne(['from', 'subject', 'to']), 'at least one of from, subject and to')
export type MailRuleMatch = z.infer<typeof MailRuleMatch>

const RuleName = z.string().trim().min(1).max(200)
const Position = z.number().int().min(0).max(1_000_000)

export const MailRuleInput = z.object({
  name: RuleName,
  customerId: z.uuid(),
  kind: ReportKind.default('backup'),
  match: MailRuleMatch,
  /** Forces this parser instead of detection; null: detect. */
  format: Format.nullable().optional(),
  enabled: z.boolean().default(true),
  /** Rules are tried in this order (then oldest first); default: after the last one. */
  position: Position.optional(),
})
export type MailRuleInput = z.infer<typeof MailRuleInput>

export const MailRulePatch = z
  .object({
    name: RuleName,
    customerId: z.uuid(),
    kind: ReportKind,
    match: MailRuleMatch,
    format: Format.nullable(),
    enabled: z.boolean(),
    position: Position,
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'at least one field')
export type MailRulePatch = z.infer<typeof MailRulePatch>

export const MailRule = z.object({
  id: z.uuid(),
  name: z.string(),
  customerId: z.uuid(),
  kind: ReportKind,
  match: z.object({ from: z.string().optional(), subject: z.string().optional(), to: z.string().optional() }),
  format: z.string().nullable(),
  enabled: z.boolean(),
  position: z.number().int(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
})
export type MailRule = z.infer<typeof MailRule>

const PLACEHOLDER = /\{([a-z]+)\}/g

const CorrelationKey = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .superRefine((key, ctx) => {
    const names = [...key.matchAll(PLACEHOLDER)].map((m) => m[1]!)
    const unknown = names.find((n) => n !== 'job' && n !== 'host')
    if (unknown !== undefined) {
      ctx.addIssue({ code: 'custom', message: `unknown placeholder {${unknown}}: use {job} and {host}` })
    } else if (!names.includes('job')) {
      ctx.addIssue({ code: 'custom', message: 'must contain {job}' })
    }
  })

const parserFields = {
  name: RuleName,
  /** Backup notification mails only: UPS mails come from NUT and apcupsd, which the built-in parsers read. */
  kind: z.literal('backup'),
  /** Which mails this parser reads when no rule names it: every pattern given must match. */
  match: z
    .object({ from: SafePattern().optional(), subject: SafePattern().optional(), body: SafePattern().optional() })
    .refine(
      atLeastOne(['from', 'subject', 'body']),
      'at least one of from, subject and body: a parser that matches every mail would read every mail',
    ),
  /** Each one is looked for in the subject first, then in the body. */
  extract: z.object({
    job: Extractor('job'),
    host: Extractor('host').optional(),
    bytes: SafePattern('bytes').optional(),
    files: SafePattern('files').optional(),
  }),
  /** Tried over subject and body in this order: failed, warning, success. None matching: the report is unparsed. */
  result: z
    .object({ failed: SafePattern().optional(), warning: SafePattern().optional(), success: SafePattern().optional() })
    .refine(atLeastOne(['failed', 'warning', 'success']), 'at least one of failed, warning and success'),
  /** The job key the runs are counted (and their tickets grouped) by: {job}, {host}. */
  correlationKey: CorrelationKey,
  /** Whether a success of this vendor resolves the job's open ticket; absent: the global setting. */
  successResolves: z.boolean().optional(),
}

const hostKeyNeedsHost = (
  def: { correlationKey?: string | undefined; extract?: { host?: string | undefined } | undefined },
  ctx: z.RefinementCtx,
) => {
  if (def.correlationKey?.includes('{host}') && def.extract && def.extract.host === undefined) {
    ctx.addIssue({ code: 'custom', path: ['correlationKey'], message: '{host} needs extract.host' })
  }
}

export const CustomParserInput = z
  .object({
    ...parserFields,
    kind: parserFields.kind.default('backup'),
    correlationKey: CorrelationKey.default('{job}'),
  })
  .superRefine(hostKeyNeedsHost)
export type CustomParserInput = z.input<typeof CustomParserInput>
export type CustomParserDefinition = z.output<typeof CustomParserInput>

export const CustomParserPatch = z
  .object(parserFields)
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'at least one field')
export type CustomParserPatch = z.infer<typeof CustomParserPatch>

export const MailParser = z.object({
  id: z.string(),
  /** What a rule's (or the ingest API's) `format` names it by. */
  format: z.string(),
  name: z.string(),
  kind: z.literal('backup'),
  match: z.object({ from: z.string().optional(), subject: z.string().optional(), body: z.string().optional() }),
  extract: z.object({
    job: z.string(),
    host: z.string().optional(),
    bytes: z.string().optional(),
    files: z.string().optional(),
  }),
  result: z.object({ failed: z.string().optional(), warning: z.string().optional(), success: z.string().optional() }),
  correlationKey: z.string(),
  successResolves: z.boolean().optional(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
})
export type MailParser = z.infer<typeof MailParser>

export const ParserTestInput = z.object({
  definition: CustomParserInput,
  /** The mail as RFC 822 text, headers and all (an .eml file). */
  mail: z.string().min(1).max(2_000_000),
})
export type ParserTestInput = z.infer<typeof ParserTestInput>

export const TestRun = z.object({
  job: z.string(),
  host: z.string().nullable(),
  result: z.enum(['success', 'warning', 'failed']),
  startedAt: z.number().nullable(),
  finishedAt: z.number().nullable(),
  bytes: z.number().nullable(),
  files: z.number().nullable(),
  errors: z.array(z.string()),
  warnings: z.array(z.string()),
  resolves: z.boolean().optional(),
})

export const ParserTestResult = z.object({
  /** Whether the parser's `match` takes this mail (without a rule naming the parser). */
  detected: z.boolean(),
  status: z.enum(['parsed', 'unparsed']),
  reason: z.string().optional(),
  events: z.array(TestRun),
})
export type ParserTestResult = z.infer<typeof ParserTestResult>

// Custom parsers ---------------------------------------------------------------------------------------

export const CUSTOM_FORMAT_PREFIX = 'custom:'

const UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1024,
  kb: 1024,
  kib: 1024,
  m: 1024 ** 2,
  mb: 1024 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1024 ** 3,
  gib: 1024 ** 3,
  t: 1024 ** 4,
  tb: 1024 ** 4,
  tib: 1024 ** 4,
}

/**
 * `1.234.567`, `1,234,567`, `1.234,5 MB`, `12,5 GB`, `512 KiB` → a whole number (sizes in powers of 1024, as backup
 * software counts); null when unreadable. One separator before exactly three digits is a thousands separator in a
 * count (`1,234` files) and a decimal one before a unit (`1,234 GB`).
 */
export function parseAmount(text: string | undefined): number | null {
  const m = /^\s*(\d[\d.,' ]*?)\s*([a-z]*)\s*$/i.exec((text ?? '').slice(0, 100))
  const unit = m ? UNITS[m[2]!.toLowerCase()] : undefined
  if (!m || unit === undefined) {
    return null
  }
  let digits = m[1]!.replace(/[' ]/g, '')
  const last = Math.max(digits.lastIndexOf('.'), digits.lastIndexOf(','))
  if (last >= 0) {
    const separators = new Set(digits.match(/[.,]/g))
    const count = digits.match(/[.,]/g)!.length
    const thousands = separators.size === 1 && (count > 1 || (unit === 1 && /^\d{1,3}[.,]\d{3}$/.test(digits)))
    digits = thousands
      ? digits.replace(/[.,]/g, '')
      : `${digits.slice(0, last).replace(/[.,]/g, '')}.${digits.slice(last + 1)}`
  }
  const value = Number(digits) * unit
  return Number.isFinite(value) ? Math.round(value) : null
}

/** The line of `text` around `index`, as an error or warning text. */
function lineAt(text: string, index: number): string {
  const start = text.lastIndexOf('\n', index - 1) + 1
  const nl = text.indexOf('\n', index)
  const line = text.slice(start, nl < 0 ? text.length : nl).trim()
  return line.length > LIMITS.messageChars ? line.slice(0, LIMITS.messageChars) : line
}

interface MailText {
  from: string
  subject: string
  body: string
}

function textsOf(input: ReportInput): MailText {
  return { from: cut(input.mail?.from ?? ''), subject: cut(input.mail?.subject ?? ''), body: cut(input.text) }
}

/** The extractor's value: its group in the subject, else in the body; a fixed text as it is. */
function extract(src: string, group: string, mail: MailText): string | null {
  if (patternForm(src).kind === 'text') {
    return src
  }
  const p = patternOf(src)
  const value = (p.exec(mail.subject)?.groups[group] ?? p.exec(mail.body)?.groups[group])?.trim()
  return value ? value.slice(0, NAME_CHARS) : null
}

/**
 * The parser of a saved definition, format `custom:<id>`. Pure; matching is linear in the input, of which it reads
 * at most MATCH_CHARS characters per field. A mail none of whose result patterns matches is unparsed, never a success.
 * @throws Error when a pattern cannot be compiled (the definition was not checked)
 */
export function compileCustomParser(def: CustomParserDefinition & { id: string }): Parser {
  const match = Object.entries(def.match)
    .filter((e): e is [keyof MailText, string] => e[1] !== undefined)
    .map(([field, src]) => [field, compilePattern(src)] as const)
  const results = (['failed', 'warning', 'success'] as const).flatMap((r) =>
    def.result[r] === undefined ? [] : [[r, compilePattern(def.result[r])] as const],
  )
  // Compiled now, so that a bad definition fails here and not on the first mail.
  for (const src of [def.extract.job, def.extract.host, def.extract.bytes, def.extract.files]) {
    if (src !== undefined && patternForm(src).kind === 'regex') {
      patternOf(src)
    }
  }
  const usesHost = def.correlationKey.includes('{host}')

  return {
    format: `${CUSTOM_FORMAT_PREFIX}${def.id}`,
    kind: 'backup',
    detect(input) {
      // A mail parser: a log sent to the ingest API is read by one only when the shipper names its format.
      if (!input.mail) {
        return false
      }
      const mail = textsOf(input)
      return match.every(([field, p]) => p.test(mail[field]))
    },
    parse(input): ParseResult {
      const mail = textsOf(input)
      const job = extract(def.extract.job, 'job', mail)
      if (job === null) {
        return { status: 'unparsed', reason: `${def.name}: the job pattern matched neither the subject nor the body` }
      }
      const host = def.extract.host === undefined ? null : extract(def.extract.host, 'host', mail)
      if (host === null && usesHost) {
        return { status: 'unparsed', reason: `${def.name}: the host pattern matched neither the subject nor the body` }
      }
      const text = `${mail.subject}\n${mail.body}`
      let result: RunResult | null = null
      let line = ''
      for (const [r, p] of results) {
        const m = p.exec(text)
        if (m) {
          result = r
          line = lineAt(cut(text), m.index)
          break
        }
      }
      if (result === null) {
        return {
          status: 'unparsed',
          reason: `${def.name}: none of the result patterns (failed, warning, success) matched`,
        }
      }
      const amount = (src: string | undefined, group: string) => {
        if (src === undefined) {
          return null
        }
        const p = patternOf(src)
        return parseAmount(p.exec(mail.subject)?.groups[group] ?? p.exec(mail.body)?.groups[group])
      }
      const key = def.correlationKey
        .replace(PLACEHOLDER, (_, name: string) => (name === 'host' ? (host ?? '') : job))
        .slice(0, NAME_CHARS)
      const run: BackupRun = {
        kind: 'backup',
        job: key,
        host,
        startedAt: null,
        // The notification is sent when the job ends.
        finishedAt: input.mail?.date ?? null,
        result,
        bytes: amount(def.extract.bytes, 'bytes'),
        files: amount(def.extract.files, 'files'),
        errors: result === 'failed' && line !== '' ? [line] : [],
        warnings: result === 'warning' && line !== '' ? [line] : [],
        ...(result === 'success' && def.successResolves !== undefined && { resolves: def.successResolves }),
      }
      return { status: 'parsed', events: [run] }
    },
  }
}

// Rules ------------------------------------------------------------------------------------------------

export interface MailHeaders {
  /** The sender's address. */
  from: string
  /** Every recipient: To, Cc and the SMTP envelope's. */
  to: string[]
  subject: string
}

/** The first enabled rule, in the order given, all of whose criteria the mail meets; null when none. O(rules × n). */
export function matchRule<R extends Pick<MailRule, 'enabled' | 'match'>>(
  rules: readonly R[],
  mail: MailHeaders,
): R | null {
  const to = new Set(mail.to.map((a) => a.trim().toLowerCase()))
  return (
    rules.find(
      (r) =>
        r.enabled &&
        (r.match.to === undefined || to.has(r.match.to.toLowerCase())) &&
        (r.match.from === undefined || patternOf(r.match.from).test(mail.from)) &&
        (r.match.subject === undefined || patternOf(r.match.subject).test(mail.subject)),
    ) ?? null
  )
}

/** The built-in parsers that read notification mails, with the vendor's name for a hint. */
const MAIL_FORMATS: readonly (readonly [string, string])[] = [
  ['veeam', 'Veeam'],
  ['synology', 'Synology'],
  ['bacula', 'Bacula'],
  ['vzdump', 'Proxmox vzdump'],
]

/** The vendor whose notification mail this looks like to a built-in parser ('Veeam'), or null. Cheap: detection only. */
export function recogniseMail(input: ReportInput): string | null {
  if (!input.mail) {
    return null
  }
  for (const [format, vendor] of MAIL_FORMATS) {
    try {
      if (parserOf(format)?.detect(input)) {
        return vendor
      }
    } catch {
      // A detector that throws says "no", as in detectParser.
    }
  }
  return null
}
