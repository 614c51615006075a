import { z } from 'zod'
import { resolve } from 'node:path'

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^(sqlite:|postgres(ql)?:\/\/)/, 'must start with sqlite: or postgres://')
    .optional(),
  PUBLIC_URL: z.url().optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
    .optional(),
  MAIL_FROM: z.string().min(3).default('sladesk <sladesk@localhost>'),
  SLADESK_ADMIN_EMAIL: z.email().optional(),
  SLADESK_ADMIN_PASSWORD: z.string().min(10, 'must be at least 10 characters').optional(),
  SESSION_DAYS: z.coerce.number().int().min(1).max(365).default(14),
  SESSION_MAX_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRUST_PROXY: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
  ATTACHMENT_MAX_BYTES: z.coerce.number().int().min(1024).default(26_214_400),
  SMTP_LISTEN: z
    .string()
    .regex(/^([\w.-]+:)?\d{1,5}$/, 'a port (2525) or host:port (127.0.0.1:2525)')
    .optional(),
  IMAP_URL: z
    .string()
    .regex(/^imaps?:\/\//, 'must start with imap:// or imaps://')
    .optional(),
  IMAP_POLL_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
  IMAP_TLS_REJECT_UNAUTHORIZED: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  MAIL_MAX_BYTES: z.coerce.number().int().min(10_240).default(36_700_160),
  INGEST_MAX_BYTES: z.coerce.number().int().min(1024).default(10_485_760),
  LEADS_PER_HOUR: z.coerce.number().int().min(1).max(10_000).default(5),
  JOBS: z
    .enum(['on', 'off'])
    .default('on')
    .transform((v) => v === 'on'),
})

export interface Config {
  port: number
  host: string
  dataDir: string
  database: { dialect: 'sqlite'; file: string } | { dialect: 'postgres'; url: string }
  publicUrl: string
  smtpUrl?: string
  mailFrom: string
  admin?: { email: string; password: string }
  sessionDays: number
  sessionMaxDays: number
  logLevel: z.infer<typeof Env>['LOG_LEVEL']
  trustProxy: boolean
  bodyLimitBytes: number
  /** The largest attachment (upload or mail attachment) accepted. */
  attachmentMaxBytes: number
  /** Mail in: the built-in SMTP receiver's address, an IMAP mailbox to poll, and the largest mail taken in. */
  mailIn: {
    smtpListen?: string
    imapUrl?: string
    imapPollSeconds: number
    imapTlsRejectUnauthorized: boolean
    maxBytes: number
  }
  jobs: boolean
  /** The largest backup or UPS report the ingest API takes (413 above it). */
  ingestMaxBytes: number
  /** Public advice/quote requests allowed per IP address and hour. */
  leadsPerHour: number
  version: string
}

export class ConfigError extends Error {}

/** Parses the environment once; the error lists every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv, version = '0.0.0'): Config {
  // An empty variable (`FOO=` in an env file) means "not set", as in most tools.
  const set = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''))
  const parsed = Env.safeParse(set)
  const lines = parsed.success ? [] : parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
  // Checked on the raw values, so that it is listed with the other bad variables rather than after they are fixed.
  if ((set.SLADESK_ADMIN_EMAIL === undefined) !== (set.SLADESK_ADMIN_PASSWORD === undefined)) {
    lines.push('  SLADESK_ADMIN_EMAIL and SLADESK_ADMIN_PASSWORD must be set together')
  }
  if (!parsed.success || lines.length > 0) {
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`)
  }
  const e = parsed.data
  const dataDir = resolve(e.DATA_DIR)
  const url = e.DATABASE_URL
  const database: Config['database'] =
    url && url.startsWith('postgres')
      ? { dialect: 'postgres', url }
      : { dialect: 'sqlite', file: url ? resolve(url.slice('sqlite:'.length)) : resolve(dataDir, 'sladesk.db') }
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    database,
    publicUrl: (e.PUBLIC_URL ?? `http://${e.HOST.includes(':') ? `[${e.HOST}]` : e.HOST}:${e.PORT}`).replace(/\/$/, ''),
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    admin:
      e.SLADESK_ADMIN_EMAIL && e.SLADESK_ADMIN_PASSWORD
        ? { email: e.SLADESK_ADMIN_EMAIL, password: e.SLADESK_ADMIN_PASSWORD }
        : undefined,
    sessionDays: e.SESSION_DAYS,
    sessionMaxDays: e.SESSION_MAX_DAYS,
    logLevel: e.LOG_LEVEL,
    trustProxy: e.TRUST_PROXY,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    attachmentMaxBytes: e.ATTACHMENT_MAX_BYTES,
    mailIn: {
      smtpListen: e.SMTP_LISTEN,
      imapUrl: e.IMAP_URL,
      imapPollSeconds: e.IMAP_POLL_SECONDS,
      imapTlsRejectUnauthorized: e.IMAP_TLS_REJECT_UNAUTHORIZED,
      maxBytes: e.MAIL_MAX_BYTES,
    },
    jobs: e.JOBS,
    ingestMaxBytes: e.INGEST_MAX_BYTES,
    leadsPerHour: e.LEADS_PER_HOUR,
    version,
  }
}
