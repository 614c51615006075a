import type { Executor } from '../../db/database.js'
import { uuidv7 } from '../../platform/ids.js'
import { t, type Locale, type MessageKey } from '../../platform/i18n/messages.js'
import type { Mailer } from '../../platform/mail/outbox.js'
import type { CustomerService } from '../customers/service.js'
import type { SettingsService } from '../settings/service.js'
import { type BusinessCalendar, CalendarSpec, compileCalendar } from '../sla/calendar.js'
import type { SlaService } from '../sla/service.js'
import type { UserRow } from '../../db/types.js'
import type { UserService } from '../users/service.js'
import * as repo from './repo.js'
import type { TicketNotice } from './service.js'
import type { TicketSla } from './schema.js'

export interface NotifierDeps {
  mailer: Mailer
  users: UserService
  customers: CustomerService
  settings: SettingsService
  sla: SlaService
  publicUrl: string
  now: () => number
}

/** The header every mail about a ticket carries: a reply names it in References and finds its ticket by it. */
export const ticketReference = (ticketId: string): string => `<ticket.${ticketId}@sladesk>`

/** The ticket id in a reference that sladesk wrote, or undefined. */
export function ticketIdOfReference(reference: string): string | undefined {
  return /^<?ticket\.([0-9a-f-]{36})@sladesk>?$/i.exec(reference.trim())?.[1]
}

// RFC 3834: what sladesk sends by itself is marked, so that well-behaved auto-responders stay silent; Exchange
// reads its own header for the same.
const AUTOMATIC = { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' }

/** The first instant at or after `at` within the calendar's open hours (`at` itself when it never opens). */
export function nextOpenAt(calendar: BusinessCalendar, at: number): number {
  const next = calendar.nextOpenAt(at)
  return Number.isFinite(next) ? next : at
}

interface Recipient {
  email: string
  name: string
  locale: Locale
  /** Staff: their working hours; mails that are not urgent wait for them. */
  calendar?: BusinessCalendar
  userId?: string
}

/**
 * Turns what happened to a ticket into mails in the outbox, in the transaction of the change: to the requester and
 * watchers (received, replies, status), and to staff (new tickets, customer replies, SLA warnings and breaches,
 * escalating from the assignee to the team lead to the on-call technician).
 */
export function createTicketNotifier({ mailer, users, customers, settings, sla, publicUrl, now }: NotifierDeps) {
  const workCalendars = new Map<string, BusinessCalendar>()

  async function staffRecipient(ex: Executor, user: UserRow): Promise<Recipient> {
    let calendar = (await sla.load(ex)).calendars.business
    if (user.work_hours) {
      const cached = workCalendars.get(user.work_hours)
      if (cached) {
        calendar = cached
      } else {
        const spec = CalendarSpec.safeParse(JSON.parse(user.work_hours))
        if (spec.success) {
          calendar = compileCalendar(spec.data)
          workCalendars.set(user.work_hours, calendar)
        }
      }
    }
    return { email: user.email, name: user.name, locale: user.locale, calendar, userId: user.id }
  }

  async function requesterOf(ex: Executor, ticket: repo.TicketView): Promise<Recipient | undefined> {
    const { company } = await settings.load(ex)
    if (ticket.requester_contact_id) {
      const contact = await customers.findContactRow(ex, ticket.requester_contact_id)
      if (!contact || contact.archived_at !== null) {
        return undefined
      }
      const user = contact.user_id ? await users.findRow(ex, contact.user_id) : undefined
      return { email: contact.email, name: contact.name, locale: user?.locale ?? company.defaultLocale }
    }
    return ticket.requester_email
      ? { email: ticket.requester_email, name: ticket.requester_email, locale: company.defaultLocale }
      : undefined
  }

  async function watchersOf(ex: Executor, ticketId: string): Promise<Recipient[]> {
    const { company } = await settings.load(ex)
    const out: Recipient[] = []
    for (const w of await repo.listWatchers(ex, ticketId)) {
      const user = w.user_id ? await users.findRow(ex, w.user_id) : undefined
      out.push({ email: w.email, name: user?.name ?? w.email, locale: user?.locale ?? company.defaultLocale })
    }
    return out
  }

  async function activeStaff(ex: Executor): Promise<UserRow[]> {
    const rows = await ex
      .selectFrom('users')
      .selectAll()
      .where('role', 'in', ['admin', 'technician'])
      .where('active', '=', 1)
      .execute()
    return rows
  }

  async function teamLead(ex: Executor, teamId: string | null): Promise<UserRow | undefined> {
    if (!teamId) {
      return undefined
    }
    const team = await ex.selectFrom('teams').select('lead_id').where('id', '=', teamId).executeTakeFirst()
    return team?.lead_id ? users.findRow(ex, team.lead_id) : undefined
  }

  async function onCall(ex: Executor, at: number): Promise<UserRow[]> {
    const shifts = await ex
      .selectFrom('oncall_shifts')
      .select('user_id')
      .where('starts_at', '<=', at)
      .where('ends_at', '>', at)
      .execute()
    const out: UserRow[] = []
    for (const s of shifts) {
      const user = await users.findRow(ex, s.user_id)
      if (user?.active === 1) {
        out.push(user)
      }
    }
    return out
  }

  function formatDue(iso: string | null, locale: Locale, timeZone: string): string {
    if (!iso) {
      return ''
    }
    return new Intl.DateTimeFormat(locale === 'nl' ? 'nl-NL' : 'en-GB', {
      dateStyle: 'full',
      timeStyle: 'short',
      timeZone,
    }).format(Date.parse(iso))
  }

  async function send(
    ex: Executor,
    ticket: repo.TicketView,
    to: Recipient,
    mail: { subject: MessageKey; body: MessageKey; vars: Record<string, string>; kind: string; automatic: boolean },
    urgent: boolean,
  ): Promise<void> {
    const headers: Record<string, string> = { References: ticketReference(ticket.id) }
    if (mail.automatic) {
      Object.assign(headers, AUTOMATIC)
    }
    await mailer.enqueue(ex, {
      to: to.email,
      subject: t(to.locale, mail.subject, mail.vars),
      text: t(to.locale, mail.body, mail.vars),
      kind: mail.kind,
      customerId: ticket.customer_id,
      refId: ticket.id,
      headers,
      // No mail at midnight for a normal ticket: it waits for the recipient's working hours.
      notBefore: urgent || !to.calendar ? undefined : nextOpenAt(to.calendar, now()),
    })
  }

  function baseVars(ticket: repo.TicketView, locale: Locale, company: string): Record<string, string> {
    return {
      number: ticket.number,
      title: ticket.title,
      customer: ticket.customer_name,
      company,
      priority: t(locale, `ticket.priority.${ticket.priority}` as MessageKey),
      link: `${publicUrl}/tickets/${ticket.id}`,
      assignee: ticket.assignee_name ?? t(locale, 'ticket.nobody'),
    }
  }

  async function escalationEvent(ex: Executor, ticketId: string, data: Record<string, unknown>): Promise<void> {
    await repo.insertEvent(ex, {
      id: uuidv7(),
      ticket_id: ticketId,
      at: now(),
      type: 'escalated',
      actor_id: null,
      actor_label: 'sladesk',
      data: JSON.stringify(data),
    })
  }

  return async function notify(ex: Executor, notices: TicketNotice[]): Promise<void> {
    const { company } = await settings.load(ex)
    // A status change that comes with a reply is told by the reply.
    const withArticle = new Set(notices.filter((n) => n.kind === 'article').map((n) => n.ticketId))
    for (const notice of notices) {
      const ticket = await repo.findById(ex, notice.ticketId)
      if (!ticket) {
        continue
      }
      const sla = JSON.parse(ticket.sla_json) as TicketSla
      const urgent = ticket.priority === 'P1'
      switch (notice.kind) {
        case 'created': {
          const requester = await requesterOf(ex, ticket)
          if (requester && ticket.source !== 'phone') {
            const vars = baseVars(ticket, requester.locale, company.name)
            vars.name = requester.name
            const due = formatDue(sla.firstResponseDueAt, requester.locale, company.timeZone)
            vars.responsePart = due ? t(requester.locale, 'mail.ticket.responsePart', { due }) : ''
            await send(
              ex,
              ticket,
              requester,
              {
                subject: 'mail.ticket.received.subject',
                body: 'mail.ticket.received.body',
                vars,
                kind: 'ticket.received',
                automatic: true,
              },
              true,
            )
          }
          let staff: UserRow[] = []
          if (ticket.assignee_id) {
            const assignee = await users.findRow(ex, ticket.assignee_id)
            staff = assignee ? [assignee] : []
          } else if (urgent) {
            // A calamity nobody holds yet: the on-call technician, or everyone when no one is on call.
            staff = await onCall(ex, now())
            if (staff.length === 0) {
              staff = await activeStaff(ex)
            }
          }
          for (const user of staff.filter((u) => u.id !== ticket.created_by)) {
            const to = await staffRecipient(ex, user)
            const vars = baseVars(ticket, to.locale, company.name)
            const due = formatDue(sla.firstResponseDueAt, to.locale, company.timeZone)
            Object.assign(vars, {
              description: ticket.description,
              responsePart: due ? t(to.locale, 'mail.staff.responsePart', { due }) : '',
            })
            await send(
              ex,
              ticket,
              to,
              {
                subject: 'mail.staff.new.subject',
                body: 'mail.staff.new.body',
                vars,
                kind: 'ticket.new',
                automatic: true,
              },
              urgent,
            )
          }
          break
        }
        case 'article': {
          const article = (await repo.findArticlesByIds(ex, ticket.id, [notice.articleId]))[0]
          if (!article || article.public !== 1) {
            break
          }
          if (article.by_staff === 1) {
            const requester = await requesterOf(ex, ticket)
            const recipients = [...(requester ? [requester] : []), ...(await watchersOf(ex, ticket.id))]
            const seen = new Set<string>([article.author_email ?? ''])
            for (const to of recipients) {
              if (seen.has(to.email)) {
                continue
              }
              seen.add(to.email)
              const vars: Record<string, string> = {
                ...baseVars(ticket, to.locale, company.name),
                body: article.body_text,
              }
              vars.author = article.author_name ?? company.name
              await send(
                ex,
                ticket,
                to,
                {
                  subject: 'mail.ticket.reply.subject',
                  body: 'mail.ticket.reply.body',
                  vars,
                  kind: 'ticket.reply',
                  automatic: false,
                },
                true,
              )
            }
          } else {
            const assignee = ticket.assignee_id ? await users.findRow(ex, ticket.assignee_id) : undefined
            const staffWatchers = (await repo.listWatchers(ex, ticket.id)).filter((w) => w.user_id)
            const people: UserRow[] = assignee ? [assignee] : []
            for (const w of staffWatchers) {
              const user = await users.findRow(ex, w.user_id!)
              if (user && user.role !== 'contact' && !people.some((p) => p.id === user.id)) {
                people.push(user)
              }
            }
            for (const user of people) {
              const to = await staffRecipient(ex, user)
              const vars: Record<string, string> = {
                ...baseVars(ticket, to.locale, company.name),
                body: article.body_text,
              }
              vars.author = article.author_name ?? article.author_email ?? ticket.customer_name
              await send(
                ex,
                ticket,
                to,
                {
                  subject: 'mail.staff.reply.subject',
                  body: 'mail.staff.reply.body',
                  vars,
                  kind: 'ticket.customer_reply',
                  automatic: true,
                },
                urgent,
              )
            }
          }
          break
        }
        case 'status': {
          if (withArticle.has(ticket.id) || !['resolved', 'closed', 'waiting-customer'].includes(notice.to)) {
            break
          }
          const requester = await requesterOf(ex, ticket)
          if (!requester) {
            break
          }
          const vars = baseVars(ticket, requester.locale, company.name)
          vars.name = requester.name
          vars.status = t(requester.locale, `ticket.status.${notice.to}` as MessageKey)
          await send(
            ex,
            ticket,
            requester,
            {
              subject: 'mail.ticket.status.subject',
              body: 'mail.ticket.status.body',
              vars,
              kind: 'ticket.status',
              automatic: true,
            },
            true,
          )
          break
        }
        case 'sla': {
          // Warning: the assignee (or the team lead, or the on-call technician). Breach: assignee and team lead,
          // and for a calamity the on-call technician too. Nobody at all: every technician.
          const assignee = ticket.assignee_id ? await users.findRow(ex, ticket.assignee_id) : undefined
          const lead = await teamLead(ex, ticket.team_id)
          const people: UserRow[] = []
          const steps: string[] = []
          const add = (user: UserRow | undefined, step: string) => {
            if (user && user.active === 1 && !people.some((p) => p.id === user.id)) {
              people.push(user)
              steps.push(step)
            }
          }
          add(assignee, 'assignee')
          if (notice.state === 'breached' || people.length === 0) {
            add(lead, 'team-lead')
          }
          if ((notice.state === 'breached' && urgent) || people.length === 0) {
            for (const user of await onCall(ex, now())) {
              add(user, 'on-call')
            }
          }
          if (people.length === 0) {
            for (const user of await activeStaff(ex)) {
              add(user, 'all-staff')
            }
          }
          const clock = sla[notice.clock as 'firstResponse']
          for (const user of people) {
            const to = await staffRecipient(ex, user)
            const vars = baseVars(ticket, to.locale, company.name)
            Object.assign(vars, {
              state: t(to.locale, `sla.state.${notice.state}`),
              stateText: t(to.locale, `sla.stateText.${notice.state}`),
              clock: t(to.locale, `sla.clock.${notice.clock}` as MessageKey),
              due: formatDue(clock?.dueAt ?? null, to.locale, company.timeZone),
            })
            await send(
              ex,
              ticket,
              to,
              {
                subject: 'mail.staff.sla.subject',
                body: 'mail.staff.sla.body',
                vars,
                kind: `sla.${notice.state}`,
                automatic: true,
              },
              urgent,
            )
          }
          await escalationEvent(ex, ticket.id, {
            clock: notice.clock,
            state: notice.state,
            to: people.map((p) => p.name),
            steps,
          })
          break
        }
      }
    }
  }
}
