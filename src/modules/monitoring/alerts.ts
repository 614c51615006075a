// Problems of backups and UPSes as tickets: one open ticket per customer, job (or UPS) and problem. A repeat adds a
import { isUniqueViolation } from '../../db/dialect.js'
// note to that ticket (and raises its priority when the rules say so) instead of opening another; the problem
// going away adds a note and, if configured, resolves the ticket. A ticket a human resolved or closed ends the
// alert: the next occurrence opens a new ticket.
import type { Db } from '../../db/database.js'
import type { Actor } from '../../platform/access.js'
import { uuidv7 } from '../../platform/ids.js'
import { type Locale, type MessageKey, t } from '../../platform/i18n/messages.js'
import type { SettingsService } from '../settings/service.js'
import type { TicketService } from '../tickets/service.js'
import { IMPACT_URGENCY, type Level, levelRank } from './daily.js'
import * as repo from './repo.js'
import type { Alert } from './schema.js'

export const MONITORING_ACTOR: Actor = { kind: 'system', label: 'monitoring' }

/** A problem seen once. */
export interface Occurrence {
  customerId: string
  kind: 'backup' | 'ups'
  /** The job's or UPS's name as shown, and its key. */
  subject: string
  subjectKey: string
  problem: string
  level: Level
  /** When it happened: the run's time, or the end of the day it was missing. A later one is a repeat. */
  at: number
  /** The message key of the text, and its values ({subject} is filled in). */
  text: { key: MessageKey; vars: Record<string, string> }
  assetIds: readonly string[]
  reportId?: string | null
}

export type RaiseOutcome = 'opened' | 'updated' | 'unchanged'

const ACTIVE = new Set(['new', 'open', 'waiting-customer', 'waiting-vendor'])

export const alertKey = (kind: 'backup' | 'ups', subjectKey: string, problem?: string): string =>
  `${kind}:${subjectKey}:${problem ?? ''}`

export function toAlert(row: repo.AlertRow): Alert {
  return {
    id: row.id,
    customerId: row.customer_id,
    kind: row.kind,
    subject: row.subject,
    problem: row.problem,
    level: row.level as Level,
    ticketId: row.ticket_id,
    occurrences: row.occurrences,
    openedAt: Number(row.opened_at),
    lastSeenAt: Number(row.last_seen_at),
    clearedAt: row.cleared_at === null ? null : Number(row.cleared_at),
  }
}

export interface AlertDeps {
  db: Db
  tickets: TicketService
  settings: SettingsService
  now: () => number
  /** The web app's address, for links to reports in the tickets. */
  publicUrl: string
}

export function createAlerts({ db, tickets, settings, now, publicUrl }: AlertDeps) {
  async function context(): Promise<{ locale: Locale; timeZone: string }> {
    const { company } = await settings.load()
    return { locale: company.defaultLocale, timeZone: company.timeZone }
  }

  // Building an Intl.DateTimeFormat costs ~0.2 ms: one per time zone.
  const formats = new Map<string, Intl.DateTimeFormat>()
  function when(at: number, timeZone: string): string {
    let format = formats.get(timeZone)
    if (!format) {
      format = new Intl.DateTimeFormat('nl-NL', { timeZone, dateStyle: 'short', timeStyle: 'short' })
      formats.set(timeZone, format)
    }
    return format.format(at)
  }

  /** The text of an occurrence, with a link to the customer's monitoring tab (where its report opens from the board). */
  function textOf(o: Occurrence, locale: Locale): string {
    const body = t(locale, o.text.key, { subject: o.subject, ...o.text.vars }).trim()
    return o.reportId
      ? `${body}\n\n${t(locale, 'monitoring.report', { link: `${publicUrl}/customers/${o.customerId}/monitoring` })}`
      : body
  }

  /** The ticket of an alert, if it is still being worked on. */
  async function activeTicket(alert: repo.AlertRow): Promise<boolean> {
    if (!alert.ticket_id) {
      return false
    }
    try {
      const ticket = await tickets.get(MONITORING_ACTOR, alert.ticket_id)
      return ACTIVE.has(ticket.status)
    } catch {
      // Merged away or gone: the alert has no ticket to add to any more.
      return false
    }
  }

  async function openTicket(alert: repo.AlertRow, o: Occurrence, locale: Locale): Promise<void> {
    const ticket = await tickets.create(MONITORING_ACTOR, {
      customerId: o.customerId,
      type: 'monitoring-alert',
      title: t(locale, `monitoring.title.${o.problem}` as MessageKey, { subject: o.subject }).slice(0, 200),
      description: textOf(o, locale).slice(0, 50_000),
      ...IMPACT_URGENCY[o.level],
      tags: ['monitoring', o.kind],
      ...(o.assetIds.length > 0 && { assetIds: [...o.assetIds] }),
    })
    await repo.updateAlert(db, alert.id, { ticket_id: ticket.id })
  }

  return {
    /**
     * Opens a ticket for the problem, or adds the repeat to the open one. An occurrence no later than the last one
     * seen (the same run read twice, a check run again) changes nothing.
     */
    async raise(o: Occurrence): Promise<RaiseOutcome> {
      const { locale } = await context()
      const key = alertKey(o.kind, o.subjectKey, o.problem)
      let alert = await repo.findOpenAlert(db, o.customerId, key)
      // The same occurrence again (a report read twice, the check run again): nothing to do, nothing to look up.
      if (alert && alert.ticket_id && o.at <= Number(alert.last_seen_at)) {
        return 'unchanged'
      }
      if (alert && alert.ticket_id && !(await activeTicket(alert))) {
        await repo.updateAlert(db, alert.id, { cleared_at: now() })
        alert = undefined
      }
      if (!alert) {
        const row: repo.AlertRow = {
          id: uuidv7(),
          customer_id: o.customerId,
          key,
          kind: o.kind,
          subject: o.subject,
          problem: o.problem,
          level: o.level,
          ticket_id: null,
          occurrences: 1,
          opened_at: now(),
          last_seen_at: o.at,
          cleared_at: null,
        }
        try {
          // The alert is claimed first, the ticket opened next: two checks racing open one ticket, not two.
          await repo.insertAlert(db, row)
        } catch (err) {
          if (isUniqueViolation(err)) {
            return 'unchanged'
          }
          throw err
        }
        await openTicket(row, o, locale)
        return 'opened'
      }
      if (!alert.ticket_id) {
        // A claim whose ticket was never opened (the process stopped in between): open it now.
        await openTicket(alert, o, locale)
        await repo.updateAlert(db, alert.id, { last_seen_at: Math.max(Number(alert.last_seen_at), o.at) })
        return 'opened'
      }
      const raised = levelRank(o.level) > levelRank(alert.level as Level)
      await repo.updateAlert(db, alert.id, {
        occurrences: alert.occurrences + 1,
        last_seen_at: o.at,
        ...(raised && { level: o.level }),
      })
      const text = textOf(o, locale)
      await tickets.addArticle(MONITORING_ACTOR, alert.ticket_id, {
        kind: 'note',
        body: t(locale, raised ? 'monitoring.text.escalated' : 'monitoring.text.again', { text }).slice(0, 100_000),
      })
      if (raised) {
        await tickets.update(MONITORING_ACTOR, alert.ticket_id, IMPACT_URGENCY[o.level])
      }
      return 'updated'
    },

    /**
     * Ends the open alerts of a job or UPS (of the given problems, or all): a note on each ticket, and the ticket
     * resolved when `resolve`. Returns how many were ended.
     */
    async clear(
      customerId: string,
      kind: 'backup' | 'ups',
      subjectKey: string,
      opts: {
        problems?: readonly string[]
        at: number
        resolve: boolean
        text: { key: MessageKey; vars: Record<string, string> }
      },
    ): Promise<number> {
      const open = (await repo.openAlertsLike(db, customerId, alertKey(kind, subjectKey))).filter(
        (a) => !opts.problems || opts.problems.includes(a.problem),
      )
      if (open.length === 0) {
        return 0
      }
      const { locale } = await context()
      for (const alert of open) {
        await repo.updateAlert(db, alert.id, { cleared_at: opts.at })
        if (alert.ticket_id && (await activeTicket(alert))) {
          await tickets.addArticle(MONITORING_ACTOR, alert.ticket_id, {
            kind: 'note',
            body: t(locale, opts.text.key, { subject: alert.subject, ...opts.text.vars }),
          })
          if (opts.resolve) {
            await tickets.update(MONITORING_ACTOR, alert.ticket_id, { status: 'resolved' })
          }
        }
      }
      return open.length
    },

    when,

    /** The open alerts of all customers by customer and key, with the last occurrence seen: the check's pre-filter. */
    async openLastSeen(): Promise<Map<string, number>> {
      const rows = await repo.listAlerts(db, { open: true, limit: 1_000_000 })
      return new Map(rows.filter((r) => r.ticket_id).map((r) => [`${r.customer_id}\n${r.key}`, Number(r.last_seen_at)]))
    },

    async list(opts: { customerId?: string; open?: boolean; limit?: number }): Promise<Alert[]> {
      return (await repo.listAlerts(db, { ...opts, limit: opts.limit ?? 200 })).map(toAlert)
    },
  }
}

export type Alerts = ReturnType<typeof createAlerts>
