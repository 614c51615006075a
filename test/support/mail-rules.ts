import { createMailInService, type MailInService } from '../../src/modules/mailin/service.js'
import { createMailRulesService, type MailRulesService } from '../../src/modules/monitoring/mail-rules-service.js'
import { createMonitoringService, type MonitoringService } from '../../src/modules/monitoring/service.js'
import type { Sladesk } from '../../src/app.js'

export interface MailRulesWiring {
  mailRules: MailRulesService
  /** A monitoring service that knows the MSP's parsers. */
  monitoring: MonitoringService
  /** Mail in that sends what a rule matches to the monitoring reports. */
  mailIn: MailInService
}

/**
 * Mail rules wired into an app's real services the way src/app.ts wires them: the app's own mail rules service when
 * it has one (the one its routes use, so that their changes reach the cache), else a new one.
 */
export function wireMailRules(sladesk: Sladesk, now: () => number): MailRulesWiring {
  const s = sladesk.services
  const db = sladesk.database.db
  const mailRules =
    (s as { mailRules?: MailRulesService }).mailRules ??
    createMailRulesService({ db, audit: s.audit, customers: s.customers, settings: s.settings, now })
  const monitoring = createMonitoringService({
    db,
    audit: s.audit,
    settings: s.settings,
    customers: s.customers,
    now,
    customParsers: () => mailRules.customParsers(),
  })
  const mailIn = createMailInService({
    db,
    audit: s.audit,
    tickets: s.tickets,
    mailer: s.mailer,
    customers: s.customers,
    users: s.users,
    now,
    attachmentMaxBytes: 10 * 1024 * 1024,
    ownAddresses: ['sladesk@localhost'],
    reports: {
      route: (mail) => mailRules.route(mail),
      store: (req) => monitoring.store(req),
      recognise: (mail) => mailRules.recognise(mail),
    },
  })
  return { mailRules, monitoring, mailIn }
}
