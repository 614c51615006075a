import { randomUUID } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import fastifyCookie from '@fastify/cookie'
import fastifyStatic from '@fastify/static'
import fastifySwagger from '@fastify/swagger'
import fastifySwaggerUi from '@fastify/swagger-ui'
import Fastify, { type FastifyInstance, LogController } from 'fastify'
import { jsonSchemaTransform, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { type Database, openDatabase } from './db/database.js'
import { migrateToLatest } from './db/migrate.js'
import { createAudit } from './platform/audit.js'
import type { Config } from './platform/config.js'
import { installAuthHook } from './platform/http/auth-hook.js'
import { staticSecurityHeaders } from './platform/http/security-headers.js'
import { installProblemHandlers, sendProblem } from './platform/http/problem.js'
import { installTextGuard } from './platform/http/text-guard.js'
import { serializerCompiler } from './platform/http/serializer.js'
import { Scheduler, type JobDefinition } from './platform/jobs/scheduler.js'
import { createMailer } from './platform/mail/outbox.js'
import { createMetrics, installHttpMetrics } from './platform/metrics.js'
import { packageRoot } from './platform/paths.js'
import { auditRoutes } from './modules/audit/routes.js'
import { createAuditQueryService } from './modules/audit/service.js'
import { contactRoutes, customerRoutes } from './modules/customers/routes.js'
import { createCustomerService } from './modules/customers/service.js'
import { outboxRoutes } from './modules/outbox/routes.js'
import { createOutboxService } from './modules/outbox/service.js'
import { settingsRoutes } from './modules/settings/routes.js'
import { createSettingsService } from './modules/settings/service.js'
import { createAuthService } from './modules/users/auth.js'
import { authRoutes } from './modules/users/auth-routes.js'
import { meRoutes, userRoutes } from './modules/users/routes.js'
import { createUserService } from './modules/users/service.js'
import { customerSlaRoutes, slaRoutes } from './modules/sla/routes.js'
import { createSlaService } from './modules/sla/service.js'
import { oncallRoutes, teamRoutes } from './modules/desk/routes.js'
import { mailRoutes } from './modules/mailin/routes.js'
import { createMailInService } from './modules/mailin/service.js'
import type { ImapPoller } from './platform/mail/imap-poller.js'
import type { SmtpReceiver } from './platform/mail/smtp-receiver.js'
import { createDeskService } from './modules/desk/service.js'
import { reportRoutes } from './modules/reports/routes.js'
import { createReportService } from './modules/reports/service.js'
import { contractRoutes, customerContractRoutes, planRoutes } from './modules/contracts/routes.js'
import { createContractService } from './modules/contracts/service.js'
import { docRoutes, productRoutes, ticketDocRoutes } from './modules/docs/routes.js'
import { createDocService } from './modules/docs/service.js'
import { docSiteRoutes } from './modules/docs/site-routes.js'
import { leadRoutes, publicLeadRoutes, quoteRoutes } from './modules/leads/routes.js'
import { createLeadService } from './modules/leads/service.js'
import { overviewRoutes } from './modules/overview/routes.js'
import { createOverviewService } from './modules/overview/service.js'
import { assetRoutes } from './modules/assets/routes.js'
import { createAssetService } from './modules/assets/service.js'
import { monitoringRoutes } from './modules/monitoring/routes.js'
import { createAlerts } from './modules/monitoring/alerts.js'
import { mailRuleRoutes } from './modules/monitoring/mail-rules-routes.js'
import { createMailRulesService } from './modules/monitoring/mail-rules-service.js'
import { createMonitoringCheck } from './modules/monitoring/check.js'
import { createUpsPoller } from './modules/monitoring/poller.js'
import { createMonitoringService } from './modules/monitoring/service.js'
import { attachmentRoutes, ticketRoutes } from './modules/tickets/routes.js'
import { createTicketNotifier } from './modules/tickets/notifications.js'
import { createTicketService } from './modules/tickets/service.js'

export interface BuildOptions {
  /** An already open database (tests); otherwise one is opened from config. */
  database?: Database
  now?: () => number
  /** Where the built web app lives; defaults to web/dist beside the package. */
  webDir?: string
}

export interface Sladesk {
  app: FastifyInstance
  database: Database
  scheduler: Scheduler
  services: ReturnType<typeof wireServices>
  jobs: JobDefinition[]
  /** The IMAP poller when IMAP_URL is set (its job is in `jobs`). */
  imap: ImapPoller | undefined
  /** The SMTP receiver once startMailIn() ran with SMTP_LISTEN set. */
  readonly smtp: SmtpReceiver | undefined
  /** Starts the SMTP receiver (SMTP_LISTEN). */
  startMailIn(): Promise<void>
  /** Stops jobs, finishes requests in flight, closes the database. */
  close(): Promise<void>
}

function wireServices(database: Database, config: Config, now: () => number) {
  const { db } = database
  const audit = createAudit({ now })
  const mailer = createMailer({ db, smtpUrl: config.smtpUrl, from: config.mailFrom, now })
  // Read lazily: users is built after settings (it needs settings for mails).
  const settings = createSettingsService({ db, audit, now, hasTotp: (userId) => users.hasTotp(userId) })
  const users = createUserService({ db, audit, mailer, settings, publicUrl: config.publicUrl, now, sla: () => sla })
  const auth = createAuthService({
    db,
    audit,
    settings,
    sessionDays: config.sessionDays,
    sessionMaxDays: config.sessionMaxDays,
    // Read lazily: customers is built after auth.
    customerNameOf: (id) => customers.nameOf(id),
    isKeyContact: async (contactId) => (await customers.findContactRow(undefined, contactId))?.is_key_contact === 1,
    now,
    writeCount: database.writeCount,
  })
  const customers = createCustomerService({ db, audit, users, now })
  const auditLog = createAuditQueryService({ db })
  const outbox = createOutboxService({ db, audit, mailer, now })
  const sla = createSlaService({ db, audit, now })
  const assets = createAssetService({ db, audit, settings, customers, now })
  const tickets = createTicketService({
    db,
    dialect: database.dialect,
    audit,
    sla,
    customers,
    assets,
    users,
    settings,
    now,
    notifier: createTicketNotifier({ mailer, users, customers, settings, sla, publicUrl: config.publicUrl, now }),
  })
  const reports = createReportService({ tickets, customers, settings, now })
  const desk = createDeskService({ db, audit, users, now })
  const mailRules = createMailRulesService({ db, audit, customers, settings, now })
  const alerts = createAlerts({ db, tickets, settings, now, publicUrl: config.publicUrl })
  const monitoringCheck = createMonitoringCheck({ db, audit, settings, customers, assets, alerts, now })
  const monitoring = createMonitoringService({
    db,
    audit,
    settings,
    customers,
    now,
    customParsers: () => mailRules.customParsers(),
    reportDay: (at) => monitoringCheck.dayOfReceipt(at),
    onParsed: (report, events) => monitoringCheck.onReport(report, events),
  })
  const mailIn = createMailInService({
    db,
    audit,
    tickets,
    mailer,
    customers,
    users,
    now,
    attachmentMaxBytes: config.attachmentMaxBytes,
    ownAddresses: [/<([^>]+)>/.exec(config.mailFrom)?.[1] ?? config.mailFrom],
    // Backup notification mails that a mail rule routes to a customer become its reports, not tickets.
    reports: {
      route: (mail) => mailRules.route(mail),
      store: (req) => monitoring.store(req),
      recognise: (mail) => mailRules.recognise(mail),
    },
  })
  const contracts = createContractService({
    db,
    audit,
    now,
    sla,
    settings,
    customers,
    assets,
  })
  return {
    audit,
    mailer,
    settings,
    users,
    auth,
    customers,
    auditLog,
    outbox,
    sla,
    tickets,
    reports,
    desk,
    mailIn,
    assets,
    contracts,
    leads: createLeadService({
      db,
      audit,
      mailer,
      settings,
      users,
      customers,
      contracts,
      publicUrl: config.publicUrl,
      leadsPerHour: config.leadsPerHour,
      now,
    }),
    overview: createOverviewService({ settings, customers, assets, contracts, now }),
    monitoring,
    monitoringCheck,
    mailRules,
    upsPoller: createUpsPoller({ db, monitoring, check: monitoringCheck, now }),
    docs: createDocService({ db, audit, settings, tickets, now }),
  }
}

/** Whether an Accept header puts HTML before JSON, as browsers navigating to a page do. */
function prefersHtml(accept: string | undefined): boolean {
  if (!accept) {
    return false
  }
  const html = accept.indexOf('text/html')
  const json = accept.indexOf('application/json')
  return html >= 0 && (json < 0 || html < json)
}

/** Builds the whole app from config: the one place where modules meet. Migrates the database first. */
export async function buildApp(config: Config, options: BuildOptions = {}): Promise<Sladesk> {
  const now = options.now ?? Date.now
  const database = options.database ?? openDatabase(config.database)
  await migrateToLatest(database.db)
  const services = wireServices(database, config, now)
  const metrics = createMetrics()

  const app = Fastify({
    logger:
      config.logLevel === 'silent'
        ? false
        : {
            level: config.logLevel,
            redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-csrf-token"]'],
          },
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    trustProxy: config.trustProxy,
    bodyLimit: config.bodyLimitBytes,
    return503OnClosing: true,
    // One access-log line per request (below) instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    forceCloseConnections: 'idle',
  }).withTypeProvider<ZodTypeProvider>()
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)
  installProblemHandlers(app)
  installTextGuard(app)

  // helmet's headers, computed once: they do not depend on the request (@fastify/helmet builds helmet again on
  // every request, ~20 µs; running helmet's middlewares costs about as much again).
  const securityHeaders = staticSecurityHeaders({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        // Mantine sets inline style attributes; scripts stay strictly same-origin.
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    strictTransportSecurity: config.publicUrl.startsWith('https:'),
  })
  app.addHook('onRequest', (_req, reply, done) => {
    void reply.headers(securityHeaders)
    done()
  })
  // Cookies are read where they matter (the session cookie in the auth hook), not parsed on every request.
  await app.register(fastifyCookie, { hook: false })
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'sladesk API',
        version: config.version,
        description:
          'Sign in with the session cookie (and X-CSRF-Token) or a personal API token as `Authorization: Bearer sld_…`.',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          cookie: { type: 'apiKey', in: 'cookie', name: 'sladesk_session' },
        },
      },
      security: [{ bearer: [] }, { cookie: [] }],
    },
    transform: jsonSchemaTransform,
  })
  await app.register(fastifySwaggerUi, { routePrefix: '/api/reference' })
  // GET /api/docs is the documentation portal's API. A browser opening that address (it asks for HTML first) is
  // someone looking for the API's own documentation, as many APIs keep it there: it is sent to the viewer.
  app.addHook('onRequest', (req, reply, done) => {
    if (
      (req.url === '/api/docs' || req.url === '/api/docs/') &&
      req.method === 'GET' &&
      prefersHtml(req.headers.accept)
    ) {
      return reply.redirect('/api/reference/', 302)
    }
    done()
  })

  installHttpMetrics(app, metrics)
  // The access log: one line per request, and no hook at all when the level leaves it out.
  if (config.logLevel === 'info' || config.logLevel === 'debug' || config.logLevel === 'trace') {
    app.addHook('onResponse', (req, reply, done) => {
      req.log.info(
        { method: req.method, url: req.url, statusCode: reply.statusCode, ms: Math.round(reply.elapsedTime) },
        'request',
      )
      done()
    })
  }
  installAuthHook(app, { auth: services.auth, settings: services.settings })

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger())
  app.get(
    '/api/health',
    {
      schema: {
        tags: ['operations'],
        summary: 'Liveness and database reachability',
        response: {
          200: z.object({ status: z.literal('ok'), database: z.enum(['sqlite', 'postgres']), version: z.string() }),
          503: z.object({
            status: z.literal('unavailable'),
            database: z.enum(['sqlite', 'postgres']),
            version: z.string(),
          }),
        },
      },
    },
    async (_req, reply) => {
      try {
        await database.ping()
        return { status: 'ok' as const, database: database.dialect, version: config.version }
      } catch {
        return reply
          .code(503)
          .send({ status: 'unavailable' as const, database: database.dialect, version: config.version })
      }
    },
  )

  const secureCookie = config.publicUrl.startsWith('https:')
  await app.register(authRoutes, { prefix: '/api', auth: services.auth, settings: services.settings, secureCookie })
  await app.register(meRoutes, { prefix: '/api/me', users: services.users, auth: services.auth })
  await app.register(userRoutes, { prefix: '/api/users', users: services.users })
  await app.register(customerRoutes, { prefix: '/api/customers', customers: services.customers })
  await app.register(contactRoutes, { prefix: '/api/contacts', customers: services.customers })
  await app.register(auditRoutes, { prefix: '/api/audit', auditLog: services.auditLog })
  await app.register(outboxRoutes, { prefix: '/api/outbox', outbox: services.outbox })
  await app.register(settingsRoutes, { prefix: '/api/settings', settings: services.settings })
  await app.register(slaRoutes, { prefix: '/api/sla', sla: services.sla })
  await app.register(customerSlaRoutes, { prefix: '/api/customers', sla: services.sla })
  await app.register(ticketRoutes, {
    prefix: '/api/tickets',
    tickets: services.tickets,
    attachmentMaxBytes: config.attachmentMaxBytes,
  })
  await app.register(attachmentRoutes, { prefix: '/api/attachments', tickets: services.tickets })
  await app.register(reportRoutes, { prefix: '/api/reports', reports: services.reports })
  await app.register(teamRoutes, { prefix: '/api/teams', desk: services.desk })
  await app.register(oncallRoutes, { prefix: '/api/oncall', desk: services.desk })
  await app.register(mailRoutes, { prefix: '/api/mail', mailIn: services.mailIn, maxBytes: config.mailIn.maxBytes })
  await app.register(assetRoutes, { prefix: '/api', assets: services.assets })
  await app.register(planRoutes, { prefix: '/api/plans', contracts: services.contracts })
  await app.register(customerContractRoutes, { prefix: '/api/customers', contracts: services.contracts })
  await app.register(contractRoutes, {
    prefix: '/api/contracts',
    contracts: services.contracts,
    documentMaxBytes: config.attachmentMaxBytes,
  })
  await app.register(publicLeadRoutes, { prefix: '/api/public', leads: services.leads })
  await app.register(leadRoutes, { prefix: '/api/leads', leads: services.leads })
  await app.register(docRoutes, {
    prefix: '/api/docs',
    docs: services.docs,
    attachmentMaxBytes: config.attachmentMaxBytes,
  })
  await app.register(productRoutes, { prefix: '/api/products', docs: services.docs })
  await app.register(docSiteRoutes, {
    docs: services.docs,
    settings: services.settings,
    auth: services.auth,
    db: database.db,
    publicUrl: config.publicUrl,
  })
  await app.register(ticketDocRoutes, { prefix: '/api/tickets', docs: services.docs })
  await app.register(quoteRoutes, { prefix: '/api/quotes', leads: services.leads })
  await app.register(overviewRoutes, { prefix: '/api/customers', overview: services.overview })
  await app.register(monitoringRoutes, {
    prefix: '/api',
    monitoring: services.monitoring,
    check: services.monitoringCheck,
    poller: services.upsPoller,
    ingestMaxBytes: config.ingestMaxBytes,
  })
  await app.register(mailRuleRoutes, { prefix: '/api/monitoring', mailRules: services.mailRules })

  const webDir = options.webDir ?? join(packageRoot, 'web', 'dist')
  const indexHtml = existsSync(join(webDir, 'index.html')) ? readFileSync(join(webDir, 'index.html')) : undefined
  if (indexHtml) {
    await app.register(fastifyStatic, { root: webDir, wildcard: false, index: false, maxAge: '1h' })
  }
  app.setNotFoundHandler((req, reply) => {
    // The web app owns every other GET path (client-side routing); the API answers problem+json.
    if (indexHtml && req.method === 'GET' && !req.url.startsWith('/api/') && req.url !== '/metrics') {
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(indexHtml)
    }
    return sendProblem(reply, 404, 'route_not_found', `${req.method} ${req.url.split('?')[0]} does not exist`)
  })

  const scheduler = new Scheduler(database.db, app.log, now, (job, status, seconds) =>
    metrics.jobRun(job, status, seconds),
  )
  const jobs: JobDefinition[] = [
    { name: 'mail.send', schedule: '*/15 * * * * *', leaseMs: 5 * 60_000, run: () => services.mailer.sendDue() },
    {
      // Clocks are computed, not polled: each ticket stores when its next warning or breach falls due, and this
      // picks up the ones whose moment has come (within the 15 seconds of the schedule).
      name: 'sla.watch',
      schedule: '*/15 * * * * *',
      leaseMs: 5 * 60_000,
      run: () => services.tickets.refreshDue(),
    },
    {
      // A contract's service levels take over on its start day and give way the day after its end date: the days
      // pass without anyone touching the contract. Hourly, so that a new day is picked up soon after midnight.
      name: 'contracts.policies',
      schedule: '0 5 * * * *',
      leaseMs: 10 * 60_000,
      run: async () => {
        await services.contracts.syncPolicies()
      },
    },
    {
      // Ingest stores a report, then parses it; a report whose parse was cut off (a restart) is parsed here.
      name: 'monitoring.parse-pending',
      schedule: '0 * * * * *',
      leaseMs: 10 * 60_000,
      run: async () => {
        await services.monitoring.parsePending()
      },
    },
    {
      // Decides each closed day of every expected job (at the morning check, and after the graces) and opens the
      // tickets of what failed or never came. Every quarter of an hour, so that a changed check time needs no restart.
      name: 'monitoring.check',
      schedule: '0 */15 * * * *',
      leaseMs: 15 * 60_000,
      run: () => services.monitoringCheck.runScheduled(),
    },
    {
      // A UPS on battery (or silent) for longer than allowed becomes a ticket without waiting for another report.
      name: 'monitoring.ups-watch',
      schedule: '30 * * * * *',
      leaseMs: 5 * 60_000,
      run: () => services.monitoringCheck.watchUps(),
    },
    {
      // Each NUT server at the configured interval (the job looks every 10 s which are due).
      name: 'monitoring.ups-poll',
      schedule: '*/10 * * * * *',
      leaseMs: 5 * 60_000,
      run: async () => services.upsPoller.pollAll((await services.monitoringCheck.loadConfig()).upsPollSeconds),
    },
    {
      name: 'sessions.prune',
      schedule: '0 17 3 * * *',
      leaseMs: 10 * 60_000,
      // Expired sessions carry no history worth keeping; the audit log has the sign-ins.
      run: () =>
        database.db
          .deleteFrom('sessions')
          .where('expires_at', '<', now() - 30 * 86_400_000)
          .execute(),
    },
  ]

  // Mail in over IMAP: one poll at a time over all instances (the lease); the cursor lives in the database.
  let imap: ImapPoller | undefined
  const imapUrl = config.mailIn.imapUrl
  if (imapUrl) {
    const key = imapUrl.replace(/\/\/[^@/]*@/, '//')
    // Loaded only when configured: the IMAP client weighs ~30 MB.
    const { createImapPoller } = await import('./platform/mail/imap-poller.js')
    imap = createImapPoller({
      url: imapUrl,
      tlsRejectUnauthorized: config.mailIn.imapTlsRejectUnauthorized,
      logger: app.log,
      onMessage: async (raw, meta) => {
        await services.mailIn.receive(raw, 'imap', meta)
      },
      cursor: {
        load: async () => {
          const row = await database.db
            .selectFrom('imap_cursors')
            .selectAll()
            .where('mailbox', '=', key)
            .executeTakeFirst()
          return row ? { uidValidity: row.uid_validity, lastUid: Number(row.last_uid) } : undefined
        },
        save: async (cursor) => {
          await database.db
            .insertInto('imap_cursors')
            .values({ mailbox: key, uid_validity: cursor.uidValidity, last_uid: cursor.lastUid, updated_at: now() })
            .onConflict((oc) =>
              oc.column('mailbox').doUpdateSet({
                uid_validity: cursor.uidValidity,
                last_uid: cursor.lastUid,
                updated_at: now(),
              }),
            )
            .execute()
        },
      },
    })
    const seconds = config.mailIn.imapPollSeconds
    jobs.push({
      name: 'mail.imap',
      schedule: seconds < 60 ? `*/${seconds} * * * * *` : `0 */${Math.max(1, Math.round(seconds / 60))} * * * *`,
      leaseMs: 10 * 60_000,
      run: () => imap!.pollOnce(),
    })
  }
  let smtp: SmtpReceiver | undefined

  let closed = false
  return {
    app,
    database,
    scheduler,
    services,
    jobs,
    imap,
    get smtp() {
      return smtp
    },
    async startMailIn() {
      if (config.mailIn.smtpListen && !smtp) {
        const { startSmtpReceiver } = await import('./platform/mail/smtp-receiver.js')
        smtp = await startSmtpReceiver({
          listen: config.mailIn.smtpListen,
          maxBytes: config.mailIn.maxBytes,
          logger: app.log,
          onMessage: async (raw, envelope) => {
            await services.mailIn.receive(raw, 'smtp', envelope)
          },
        })
        app.log.info({ port: smtp.port }, 'SMTP receiver listening')
      }
    },
    async close() {
      if (closed) {
        return
      }
      closed = true
      await smtp?.close()
      await scheduler.stop()
      await imap?.close()
      await app.close()
      services.mailer.close()
      await database.close()
    },
  }
}
