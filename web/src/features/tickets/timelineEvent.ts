import type { TFunction } from 'i18next'
import type { TimelineEvent } from '../../../../src/modules/tickets/schema.ts'
import { TicketStatus, TicketType, Priority } from '../../../../src/modules/tickets/schema.ts'
import { clockNames, formatDuration, type ClockName } from './slaClock.ts'

export interface EventContext {
  /** An instant (epoch ms) as date and time in the reader's language. */
  dateTime: (epochMs: number) => string
  /** The name of a staff user by id, when known (the timeline stores ids for assignments). */
  userName: (id: string) => string | null
}

/** The colour of an event's dot: SLA trouble stands out, the rest stays quiet. */
export function eventColor(type: string): string {
  switch (type) {
    case 'sla.breached':
      return 'red'
    case 'sla.warning':
      return 'orange'
    case 'sla.met':
      return 'green'
    case 'sla.paused':
      return 'gray'
    case 'note':
      return 'yellow'
    case 'created':
    case 'response':
      return 'indigo'
    default:
      return type.startsWith('sla.') ? 'blue' : 'gray'
  }
}

const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null)

function isClock(v: unknown): v is ClockName {
  return typeof v === 'string' && (clockNames as readonly string[]).includes(v)
}

/**
 * One line of the timeline in the reader's language: what happened, with the names of statuses, priorities and
 * clocks translated. An event type this version does not know yet is shown as its code.
 */
export function eventText(e: TimelineEvent, t: TFunction, ctx: EventContext): string {
  const d = e.data
  const status = (v: unknown) => {
    const parsed = TicketStatus.safeParse(v)
    return parsed.success ? t(`tickets.status.${parsed.data}`) : String(v)
  }
  const priority = (v: unknown) => {
    const parsed = Priority.safeParse(v)
    return parsed.success ? `${parsed.data} ${t(`tickets.priority.${parsed.data}`)}` : String(v)
  }
  const due = (v: unknown) => {
    const at = text(v) === null ? NaN : Date.parse(String(v))
    return Number.isNaN(at) ? t('timeline.noDeadline') : ctx.dateTime(at)
  }
  const number = text(d.intoNumber) ?? text(d.fromNumber) ?? ''

  if (e.type.startsWith('sla.')) {
    const clock = isClock(d.clock) ? t(`sla.clocks.${d.clock}`) : t('timeline.clock')
    switch (e.type) {
      case 'sla.started':
        return t('timeline.sla.started', { clock, due: due(d.dueAt) })
      case 'sla.running':
        return t('timeline.sla.running', { clock, due: due(d.dueAt) })
      case 'sla.paused':
        return t('timeline.sla.paused', { clock, status: status(d.status) })
      case 'sla.met':
        return t('timeline.sla.met', { clock })
      case 'sla.warning':
        return t('timeline.sla.warning', { clock, due: due(d.dueAt) })
      case 'sla.breached':
        return t('timeline.sla.breached', { clock })
      case 'sla.deadline':
        return t('timeline.sla.deadline', { clock, due: due(d.dueAt) })
      case 'sla.stopped':
        return t('timeline.sla.stopped', { clock })
      default:
        return e.type
    }
  }

  switch (e.type) {
    case 'created': {
      const type = TicketType.safeParse(d.type)
      return t('timeline.created', {
        type: type.success ? t(`tickets.type.${type.data}`) : String(d.type),
        priority: priority(d.priority),
        source:
          d.source === 'portal' || d.source === 'email' || d.source === 'phone'
            ? t(`tickets.source.${d.source}`)
            : t('tickets.source.staff'),
      })
    }
    case 'status':
      return t('timeline.status', { from: status(d.from), to: status(d.to) })
    case 'priority':
      return t('timeline.priority', { from: priority(d.from), to: priority(d.to) })
    case 'assigned': {
      const to = text(d.to)
      return to === null
        ? t('timeline.unassigned')
        : t('timeline.assigned', { name: text(d.toName) ?? ctx.userName(to) ?? t('timeline.someone') })
    }
    case 'team':
      return t('timeline.team')
    case 'response':
      return d.kind === 'phone'
        ? t('timeline.responsePhone')
        : d.kind === 'mail'
          ? t('timeline.responseMail')
          : t('timeline.response')
    case 'article':
      return d.kind === 'mail' ? t('timeline.articleMail') : t('timeline.article')
    case 'note':
      // Attachments that only staff may see are written to the timeline as notes.
      return text(d.filename) !== null
        ? t('timeline.internalAttachment', { filename: String(d.filename) })
        : d.kind === 'phone'
          ? t('timeline.notePhone')
          : t('timeline.note')
    case 'attachment':
      return d.public === false
        ? t('timeline.internalAttachment', { filename: text(d.filename) ?? '' })
        : t('timeline.attachment', { filename: text(d.filename) ?? '' })
    case 'time': {
      const minutes = typeof d.minutes === 'number' ? d.minutes : 0
      const duration = formatDuration(minutes * 60, t, false)
      return t(d.billable === true ? 'timeline.timeBillable' : 'timeline.time', { duration })
    }
    case 'watcher.added':
      return t('timeline.watcherAdded', { email: text(d.email) ?? '' })
    case 'watcher.removed':
      return t('timeline.watcherRemoved', { email: text(d.email) ?? '' })
    case 'merged':
      return text(d.into) !== null ? t('timeline.mergedInto', { number }) : t('timeline.mergedFrom', { number })
    case 'split':
      return text(d.into) !== null ? t('timeline.splitInto', { number }) : t('timeline.splitFrom', { number })
    case 'reopened':
      return t('timeline.reopened')
    case 'escalated':
      return t('timeline.escalated')
    default:
      return e.type
  }
}
