import type { Db, DialectName, Executor } from '../../db/database.js'
import { type Actor, actorId, assertStaff, customerScope } from '../../platform/access.js'
import type { Audit } from '../../platform/audit.js'
import { AppError, badRequest, conflict, notFound } from '../../platform/errors.js'
import { putBlob } from '../../platform/files.js'
import { foldQuotedText } from '../../platform/mail/fold.js'
import { uuidv7 } from '../../platform/ids.js'
import { pageOf, readCursor } from '../../platform/paging.js'
import type { AssetService } from '../assets/service.js'
import type { CustomerService } from '../customers/service.js'
import type { SettingsService } from '../settings/service.js'
import type { ClockEvent, ClockResult, SlaResult, TicketStatus } from '../sla/clock.js'
import type { Priority } from '../sla/priority.js'
import { priorityOf } from '../sla/priority.js'
import type { SlaService } from '../sla/service.js'
import type { UserService } from '../users/service.js'
import * as repo from './repo.js'
import type {
  Article,
  ArticleCreate,
  Attachment,
  Ticket,
  TicketClock,
  TicketCreate,
  TicketListQuery,
  TicketPage,
  TicketPatch,
  TicketSla,
  TimeEntry,
  TimeEntryCreate,
  TimeEntryList,
  TimelineEvent,
} from './schema.js'

export interface TicketDeps {
  db: Db
  dialect: DialectName
  audit: Audit
  sla: SlaService
  customers: CustomerService
  /** The customer's infrastructure: a ticket's affected systems are its assets. */
  assets: Pick<AssetService, 'idsOfCustomer'>
  users: UserService
  settings: SettingsService
  now: () => number
  /** Called in the transaction of a change, with what happened: notifications are queued with the change itself. */
  notifier?: (trx: Executor, notices: TicketNotice[]) => Promise<void>
}

export type TicketNotice =
  | { kind: 'created'; ticketId: string }
  | { kind: 'article'; ticketId: string; articleId: string }
  | { kind: 'status'; ticketId: string; from: string; to: string }
  | { kind: 'sla'; ticketId: string; clock: string; state: 'warning' | 'breached' }

/** A mail as an article: who sent it (and whether that is staff), its sanitised HTML and its Message-ID. */
export interface MailArticle {
  mailId: string
  messageId: string
  html: string | null
  fromName: string | null
  fromEmail: string
  byStaff: boolean
}

const CLOSED: readonly string[] = ['resolved', 'closed']
const STATE_RANK = { breached: 5, warning: 4, running: 3, paused: 2, met: 1, none: 0 } as const

const iso = (ms: number | null): string | null =>
  ms === null || !Number.isFinite(ms) ? null : new Date(ms).toISOString()

function clockView(c: ClockResult): TicketClock {
  return {
    state: c.state,
    dueAt: iso(c.dueAt),
    warnAt: iso(c.warnAt),
    metAt: iso(c.metAt),
    targetSeconds: c.target?.seconds ?? null,
    calendar: c.target?.calendar ?? null,
    elapsedSeconds: Math.round(c.elapsedSeconds),
    remainingSeconds: c.remainingSeconds === null ? null : Math.round(c.remainingSeconds),
  }
}

/** The API's view of the clocks; stored on the ticket as a cache of the last computation. */
export function slaView(result: SlaResult): TicketSla {
  const firstResponse = clockView(result.firstResponse)
  const update = clockView(result.update)
  const resolution = clockView(result.resolution)
  return withWorstState({
    state: 'none',
    firstResponseDueAt: firstResponse.dueAt,
    firstResponseState: firstResponse.state,
    resolutionDueAt: resolution.dueAt,
    resolutionState: resolution.state,
    firstResponse,
    update,
    resolution,
  })
}

function withWorstState(sla: TicketSla): TicketSla {
  const worst = [sla.firstResponse.state, sla.update.state, sla.resolution.state].reduce((a, b) =>
    STATE_RANK[b] > STATE_RANK[a] ? b : a,
  )
  return { ...sla, state: worst, firstResponseState: sla.firstResponse.state, resolutionState: sla.resolution.state }
}

/**
 * The stored clocks as they stand at `at`: a running clock whose warning or deadline has passed since it was
 * computed reads as warning or breached, so that lists are right between two runs of the watcher.
 */
export function slaAt(stored: TicketSla, at: number): TicketSla {
  const age = (c: TicketClock): TicketClock => {
    if (c.state !== 'running' && c.state !== 'warning') {
      return c
    }
    if (c.dueAt && Date.parse(c.dueAt) <= at) {
      return { ...c, state: 'breached' }
    }
    if (c.state === 'running' && c.warnAt && Date.parse(c.warnAt) <= at) {
      return { ...c, state: 'warning' }
    }
    return c
  }
  return withWorstState({
    ...stored,
    firstResponse: age(stored.firstResponse),
    update: age(stored.update),
    resolution: age(stored.resolution),
  })
}

/** The nearest deadline of a clock still counting or breached (stored as sla_due_at for the "due" order), or null. */
export function nearestDue(sla: TicketSla): number | null {
  const dues = [sla.firstResponse, sla.update, sla.resolution]
    // A clock that ended (met, or breached and answered late) has no deadline left to sort by.
    .filter((c) => c.state !== 'met' && c.state !== 'paused' && c.state !== 'none' && c.metAt === null && c.dueAt)
    .map((c) => Date.parse(c.dueAt!))
  return dues.length > 0 ? Math.min(...dues) : null
}

const parseList = (json: string): string[] => JSON.parse(json) as string[]

export function toTicket(v: repo.TicketView, at: number): Ticket {
  return {
    id: v.id,
    number: v.number,
    customerId: v.customer_id,
    customerName: v.customer_name,
    requester:
      v.requester_contact_id && v.requester_name
        ? { id: v.requester_contact_id, name: v.requester_name, email: v.requester_contact_email }
        : v.requester_email
          ? { id: v.requester_email, name: v.requester_email, email: v.requester_email }
          : null,
    type: v.type as Ticket['type'],
    status: v.status as Ticket['status'],
    priority: v.priority as Ticket['priority'],
    impact: v.impact as Ticket['impact'],
    urgency: v.urgency as Ticket['urgency'],
    severity: v.severity as Ticket['severity'],
    title: v.title,
    description: v.description,
    source: v.source,
    assignee: v.assignee_id ? { id: v.assignee_id, name: v.assignee_name ?? '', email: v.assignee_email } : null,
    teamId: v.team_id,
    tags: parseList(v.tags),
    assetIds: parseList(v.asset_ids),
    createdAt: v.created_at,
    updatedAt: v.updated_at,
    firstResponseAt: v.first_response_at,
    resolvedAt: v.resolved_at,
    closedAt: v.closed_at,
    mergedIntoId: v.merged_into_id,
    sla: slaAt(JSON.parse(v.sla_json) as TicketSla, at),
  }
}

function toArticle(r: repo.ArticleRow): Article {
  return {
    id: r.id,
    ticketId: r.ticket_id,
    kind: r.kind,
    public: r.public === 1,
    byStaff: r.by_staff === 1,
    author: { id: r.author_id, name: r.author_name, email: r.author_email },
    bodyText: r.body_text,
    bodyHtml: r.body_html,
    folded: r.kind === 'mail' ? foldQuotedText(r.body_text) : null,
    createdAt: r.created_at,
  }
}

function toAttachment(r: repo.AttachmentRow): Attachment {
  return {
    id: r.id,
    ticketId: r.ticket_id,
    articleId: r.article_id,
    filename: r.filename,
    contentType: r.content_type,
    size: r.size,
    public: r.public === 1,
    createdAt: r.created_at,
  }
}

/** Timeline events as the clock sees them. */
export function toClockEvent(e: repo.EventRow): ClockEvent {
  const data = JSON.parse(e.data) as Record<string, string>
  switch (e.type) {
    case 'created':
      return { at: e.at, type: 'created', priority: data.priority as Priority, status: data.status as TicketStatus }
    case 'status':
      return { at: e.at, type: 'status', status: data.to as TicketStatus }
    case 'priority':
      return { at: e.at, type: 'priority', priority: data.to as Priority }
    case 'response':
      return { at: e.at, type: 'staff-reply' }
    default:
      throw new Error(`not a clock event: ${e.type}`)
  }
}

// Events a portal contact does not see in the timeline (internal notes, time, assignment, watchers).
const INTERNAL_EVENTS = new Set(['note', 'time', 'assigned', 'team', 'watcher.added', 'watcher.removed', 'escalated'])

export function createTicketService({
  db,
  dialect,
  audit,
  sla,
  customers,
  assets,
  users,
  settings,
  now,
  notifier,
}: TicketDeps) {
  async function notify(trx: Executor, notices: TicketNotice[]): Promise<void> {
    if (notices.length > 0) {
      await notifier?.(trx, notices)
    }
  }

  async function event(
    trx: Executor,
    actor: Actor,
    ticketId: string,
    type: string,
    data: Record<string, unknown>,
    at = now(),
  ): Promise<void> {
    await repo.insertEvent(trx, {
      id: uuidv7(),
      ticket_id: ticketId,
      at,
      type,
      actor_id: actorId(actor),
      actor_label: actor.kind === 'system' ? 'sladesk' : actor.name,
      data: JSON.stringify(data),
    })
  }

  /** A ticket the actor may see, or 404: another customer's ticket does not exist for a contact. */
  async function mustGet(ex: Executor, actor: Actor, id: string): Promise<repo.TicketView> {
    const row = await repo.findById(ex, id)
    const scope = customerScope(actor)
    if (!row || (scope !== undefined && row.customer_id !== scope)) {
      throw notFound('ticket', id)
    }
    return row
  }

  async function staffUser(ex: Executor, id: string, field: string): Promise<{ id: string; name: string }> {
    const user = await users.findRow(ex, id)
    if (!user || user.role === 'contact' || user.active !== 1) {
      throw badRequest('invalid_assignee', `${field}: no active staff user ${id}`, {
        errors: [{ path: field, message: 'not an active staff user' }],
      })
    }
    return user
  }

  async function requesterOf(ex: Executor, customerId: string, contactId: string, field: string) {
    const contact = await customers.findContactRow(ex, contactId)
    if (!contact || contact.customer_id !== customerId) {
      throw badRequest('invalid_requester', `${field}: not a contact of this customer`, {
        errors: [{ path: field, message: 'not a contact of this customer' }],
      })
    }
    return contact
  }

  /** The ids, each once, after checking that every one is an asset of the customer (400 naming the first that is not). */
  async function affectedAssets(ex: Executor, customerId: string, ids: readonly string[]): Promise<string[]> {
    const known = await assets.idsOfCustomer(ex, customerId, ids)
    const wrong = ids.findIndex((id) => !known.has(id))
    if (wrong >= 0) {
      throw badRequest('invalid_asset', `assetIds.${wrong}: not an asset of this customer`, {
        errors: [{ path: `assetIds.${wrong}`, message: 'not an asset of this customer' }],
      })
    }
    return [...new Set(ids)]
  }

  async function teamExists(ex: Executor, id: string): Promise<void> {
    const team = await ex.selectFrom('teams').select('id').where('id', '=', id).executeTakeFirst()
    if (!team) {
      throw badRequest('invalid_team', `teamId: no team ${id}`, {
        errors: [{ path: 'teamId', message: 'unknown team' }],
      })
    }
  }

  /**
   * Recomputes the clocks from the timeline and stores them on the ticket, writing every change of a clock's state
   * to the timeline at the instant it happened. Returns the SLA notices to send after commit.
   */
  async function refreshSla(trx: Executor, ticket: repo.TicketRow, at: number): Promise<TicketNotice[]> {
    const events = (await repo.listClockEvents(trx, ticket.id)).map(toClockEvent)
    const result = await sla.compute(trx, ticket.customer_id, events, at)
    const next = slaView(result)
    const before = JSON.parse(ticket.sla_json) as TicketSla | null
    const notices: TicketNotice[] = []
    const system: Actor = { kind: 'system', label: 'sla' }
    for (const clock of ['firstResponse', 'update', 'resolution'] as const) {
      const was = before?.[clock]
      const is = next[clock]
      if (was?.state === is.state && was.dueAt === is.dueAt) {
        continue
      }
      const base = { clock, dueAt: is.dueAt, targetSeconds: is.targetSeconds, calendar: is.calendar }
      if (is.state !== was?.state) {
        switch (is.state) {
          case 'met':
            await event(trx, system, ticket.id, 'sla.met', { ...base, metAt: is.metAt }, at)
            break
          case 'breached':
            // The breach happened at the deadline, whenever it is noticed.
            await event(trx, system, ticket.id, 'sla.breached', base, is.dueAt ? Date.parse(is.dueAt) : at)
            notices.push({ kind: 'sla', ticketId: ticket.id, clock, state: 'breached' })
            break
          case 'warning':
            await event(trx, system, ticket.id, 'sla.warning', base, is.warnAt ? Date.parse(is.warnAt) : at)
            notices.push({ kind: 'sla', ticketId: ticket.id, clock, state: 'warning' })
            break
          case 'paused':
            await event(trx, system, ticket.id, 'sla.paused', { ...base, status: ticket.status }, at)
            break
          case 'running':
            await event(trx, system, ticket.id, was ? 'sla.running' : 'sla.started', base, at)
            break
          case 'none':
            if (was && was.state !== 'none') {
              await event(trx, system, ticket.id, 'sla.stopped', base, at)
            }
            break
        }
      } else if (was && is.dueAt !== was.dueAt && (is.state === 'running' || is.state === 'warning')) {
        // Same state, another deadline: a priority change moved it.
        await event(trx, system, ticket.id, 'sla.deadline', { ...base, previousDueAt: was.dueAt }, at)
      }
    }
    await repo.update(trx, ticket.id, {
      sla_state: next.state,
      sla_due_at: nearestDue(next),
      sla_next_at: result.nextChangeAt,
      sla_json: JSON.stringify(next),
    })
    return notices
  }

  async function load(ex: Executor, id: string, at: number): Promise<Ticket> {
    const row = await repo.findById(ex, id)
    if (!row) {
      throw notFound('ticket', id)
    }
    return toTicket(row, at)
  }

  function notAllowedForContacts(actor: Actor, input: object, fields: string[]): void {
    if (actor.kind !== 'contact') {
      return
    }
    const given = fields.filter((f) => (input as Record<string, unknown>)[f] !== undefined)
    if (given.length > 0) {
      throw new AppError(403, 'field_not_allowed', `${given.join(', ')}: set by the service desk`, {
        errors: given.map((path) => ({ path, message: 'set by the service desk' })),
      })
    }
  }

  // Building an Intl.DateTimeFormat costs ~0.2 ms: one per time zone.
  const yearFormats = new Map<string, Intl.DateTimeFormat>()
  async function yearOf(trx: Executor, at: number): Promise<number> {
    const { timeZone } = (await settings.load(trx)).company
    let format = yearFormats.get(timeZone)
    if (!format) {
      format = new Intl.DateTimeFormat('en', { timeZone, year: 'numeric' })
      yearFormats.set(timeZone, format)
    }
    return Number(format.format(at))
  }

  const service = {
    async create(
      actor: Actor,
      input: TicketCreate,
      origin: { source?: 'email'; requesterEmail?: string; at?: number; mail?: MailArticle & { text: string } } = {},
    ): Promise<Ticket> {
      notAllowedForContacts(actor, input, [
        'customerId',
        'requesterContactId',
        'assigneeId',
        'teamId',
        'source',
        'tags',
      ])
      const customerId = actor.kind === 'contact' ? actor.customerId : input.customerId
      if (!customerId) {
        throw badRequest('validation_failed', 'customerId: required for staff', {
          errors: [{ path: 'customerId', message: 'required' }],
        })
      }
      const at = origin.at ?? now()
      const created = await db.transaction().execute(async (trx) => {
        const customer = await customers.findRow(trx, customerId)
        if (!customer) {
          throw notFound('customer', customerId)
        }
        if (customer.archived_at !== null) {
          throw conflict('customer_archived', 'This customer is archived: restore it before opening tickets')
        }
        let requesterId: string | null = null
        if (actor.kind === 'contact') {
          requesterId = actor.contactId
        } else if (input.requesterContactId) {
          requesterId = (await requesterOf(trx, customerId, input.requesterContactId, 'requesterContactId')).id
        }
        const assignee = input.assigneeId ? await staffUser(trx, input.assigneeId, 'assigneeId') : null
        if (input.teamId) {
          await teamExists(trx, input.teamId)
        }
        const { config } = await sla.load(trx)
        const priority = priorityOf(input, config.priorityRules)
        const status: TicketStatus = input.assigneeId ? 'open' : 'new'
        const source = actor.kind === 'contact' ? 'portal' : (origin.source ?? input.source ?? 'staff')
        const row: repo.TicketRow = {
          id: uuidv7(),
          number: await repo.nextNumber(trx, await yearOf(trx, at)),
          customer_id: customerId,
          requester_contact_id: requesterId,
          requester_email: origin.requesterEmail ?? null,
          type: input.type,
          status,
          priority,
          impact: input.impact ?? null,
          urgency: input.urgency ?? null,
          severity: input.severity ?? null,
          title: input.title,
          description: input.description,
          source,
          assignee_id: input.assigneeId ?? null,
          team_id: input.teamId ?? null,
          tags: JSON.stringify(input.tags ?? []),
          asset_ids: JSON.stringify(input.assetIds ? await affectedAssets(trx, customerId, input.assetIds) : []),
          created_by: actorId(actor),
          created_at: at,
          updated_at: at,
          first_response_at: null,
          resolved_at: null,
          closed_at: null,
          merged_into_id: null,
          sla_state: 'none',
          sla_due_at: null,
          sla_next_at: null,
          sla_json: 'null',
        }
        await repo.insert(trx, row)
        await event(trx, actor, row.id, 'created', { priority, status, type: input.type, source }, at)
        if (origin.mail) {
          // The mail itself, with its HTML and Message-ID: replies thread by it, and a second delivery finds it.
          const m = origin.mail
          await repo.insertArticle(trx, {
            id: uuidv7(),
            ticket_id: row.id,
            customer_id: customerId,
            kind: 'mail',
            public: 1,
            author_id: null,
            author_name: m.fromName,
            author_email: m.fromEmail,
            by_staff: 0,
            body_text: m.text,
            body_html: m.html,
            mail_id: m.mailId,
            message_id: m.messageId,
            created_at: at,
          })
        }
        if (row.assignee_id) {
          await event(trx, actor, row.id, 'assigned', { to: row.assignee_id, toName: assignee?.name ?? null }, at)
        }
        const notices = await refreshSla(trx, row, at)
        const ticket = await load(trx, row.id, at)
        await audit.record(trx, actor, {
          action: 'ticket.created',
          entityType: 'ticket',
          entityId: row.id,
          customerId,
          after: { number: ticket.number, title: ticket.title, type: ticket.type, priority: ticket.priority },
        })
        await notify(trx, [{ kind: 'created', ticketId: row.id }, ...notices])
        return ticket
      })
      return created
    },

    async list(actor: Actor, q: TicketListQuery): Promise<TicketPage> {
      const scope = customerScope(actor)
      const after =
        q.sort === 'priority'
          ? readCursor<[string, number, string]>(q.cursor, ['string', 'number', 'string'])
          : q.sort === 'due'
            ? readCursor<[number, string]>(q.cursor, ['number', 'string'])
            : readCursor<[string]>(q.cursor, ['string'])
      let assigneeId: string | null | undefined
      if (q.assigneeId === 'none') {
        assigneeId = null
      } else if (q.assigneeId === 'me') {
        assigneeId = actorId(actor) ?? undefined
      } else {
        assigneeId = q.assigneeId
      }
      if (scope !== undefined && q.customerId !== undefined && q.customerId !== scope) {
        return { items: [], nextCursor: null }
      }
      const rows = await repo.list(db, {
        q: q.q,
        status: q.status === 'active' ? undefined : q.status,
        activeOnly: q.status === 'active',
        customerId: scope ?? q.customerId,
        assigneeId,
        teamId: q.teamId,
        priority: q.priority,
        slaState: q.slaState,
        sort: q.sort,
        after,
        limit: q.limit + 1,
      })
      const at = now()
      return pageOf(
        rows,
        q.limit,
        (r) =>
          q.sort === 'priority'
            ? [r.priority, r.sla_due_at ?? repo.NO_DUE, r.id]
            : q.sort === 'due'
              ? [r.sla_due_at ?? repo.NO_DUE, r.id]
              : [r.id],
        (r) => toTicket(r, at),
      )
    },

    async get(actor: Actor, id: string): Promise<Ticket> {
      return toTicket(await mustGet(db, actor, id), now())
    },

    async update(actor: Actor, id: string, patch: TicketPatch): Promise<Ticket> {
      const at = now()
      const done = await db.transaction().execute(async (trx) => {
        await repo.lockForUpdate(trx, id, dialect)
        const before = await mustGet(trx, actor, id)
        // A contact may close its own ticket ("solved, thank you"); everything else is the desk's.
        if (actor.kind === 'contact' && (Object.keys(patch).some((f) => f !== 'status') || patch.status !== 'closed')) {
          throw new AppError(403, 'field_not_allowed', 'A portal user can only close a ticket', {
            errors: [{ path: 'status', message: 'only "closed"' }],
          })
        }
        if (before.merged_into_id) {
          throw conflict('ticket_merged', `This ticket was merged into another; change that one`)
        }
        const set: Partial<repo.TicketRow> = { updated_at: at }
        const notices: TicketNotice[] = []
        if (patch.title !== undefined) {
          set.title = patch.title
        }
        if (patch.description !== undefined) {
          set.description = patch.description
        }
        if (patch.tags !== undefined) {
          set.tags = JSON.stringify(patch.tags)
        }
        if (patch.assetIds !== undefined) {
          set.asset_ids = JSON.stringify(await affectedAssets(trx, before.customer_id, patch.assetIds))
        }
        if (patch.requesterContactId !== undefined) {
          set.requester_contact_id =
            patch.requesterContactId === null
              ? null
              : (await requesterOf(trx, before.customer_id, patch.requesterContactId, 'requesterContactId')).id
        }
        if (patch.teamId !== undefined && patch.teamId !== before.team_id) {
          if (patch.teamId) {
            await teamExists(trx, patch.teamId)
          }
          set.team_id = patch.teamId
          await event(trx, actor, id, 'team', { from: before.team_id, to: patch.teamId }, at)
        }
        if (patch.assigneeId !== undefined && patch.assigneeId !== before.assignee_id) {
          const assignee = patch.assigneeId ? await staffUser(trx, patch.assigneeId, 'assigneeId') : null
          set.assignee_id = patch.assigneeId
          await event(
            trx,
            actor,
            id,
            'assigned',
            {
              from: before.assignee_id,
              fromName: before.assignee_name,
              to: patch.assigneeId,
              toName: assignee?.name ?? null,
            },
            at,
          )
        }
        // Priority follows from type, impact, urgency and severity; a change of any of them may move it.
        const type = patch.type ?? before.type
        const severity = patch.severity !== undefined ? patch.severity : before.severity
        if (type !== 'bug' && severity) {
          if (patch.severity) {
            throw badRequest('validation_failed', 'severity: a severity is for bugs only', {
              errors: [{ path: 'severity', message: 'a severity is for bugs only' }],
            })
          }
          set.severity = null
        }
        if (patch.type !== undefined) {
          set.type = patch.type
        }
        if (patch.impact !== undefined) {
          set.impact = patch.impact
        }
        if (patch.urgency !== undefined) {
          set.urgency = patch.urgency
        }
        if (patch.severity !== undefined) {
          set.severity = patch.severity
        }
        const { config } = await sla.load(trx)
        const priority = priorityOf(
          {
            type: type as TicketCreate['type'],
            impact: ((set.impact !== undefined ? set.impact : before.impact) ?? undefined) as TicketCreate['impact'],
            urgency: ((set.urgency !== undefined ? set.urgency : before.urgency) ??
              undefined) as TicketCreate['urgency'],
            severity: ((set.severity !== undefined ? set.severity : before.severity) ??
              undefined) as TicketCreate['severity'],
          },
          config.priorityRules,
        )
        if (priority !== before.priority) {
          set.priority = priority
          await event(trx, actor, id, 'priority', { from: before.priority, to: priority }, at)
        }
        let status = patch.status ?? before.status
        if (patch.status === undefined && before.status === 'new' && set.assignee_id) {
          status = 'open'
        }
        if (status !== before.status) {
          Object.assign(set, statusColumns(before, status, at))
          await event(trx, actor, id, 'status', { from: before.status, to: status }, at)
          notices.push({ kind: 'status', ticketId: id, from: before.status, to: status })
        }
        await repo.update(trx, id, set)
        const row = { ...before, ...set }
        notices.push(...(await refreshSla(trx, row, at)))
        const after = await load(trx, id, at)
        const { sla: _a, updatedAt: _b, ...auditAfter } = after
        const { sla: _c, updatedAt: _d, ...auditBefore } = toTicket(before, at)
        await audit.record(trx, actor, {
          action: 'ticket.updated',
          entityType: 'ticket',
          entityId: id,
          customerId: before.customer_id,
          before: auditBefore,
          after: auditAfter,
        })
        await notify(trx, notices)
        return after
      })
      return done
    },

    async addArticle(actor: Actor, id: string, input: ArticleCreate, mail?: MailArticle): Promise<Article> {
      // By mail, the sender decides: a technician answering from the mail client is staff.
      const staff = mail ? mail.byStaff : actor.kind !== 'contact'
      const at = now()
      const done = await db.transaction().execute(async (trx) => {
        await repo.lockForUpdate(trx, id, dialect)
        const ticket = await mustGet(trx, actor, id)
        if (
          actor.kind === 'contact' &&
          (input.kind !== 'reply' || input.status !== undefined || input.public === false)
        ) {
          throw new AppError(403, 'field_not_allowed', 'A portal user adds public replies only', {
            errors: [{ path: 'kind', message: 'only "reply"' }],
          })
        }
        if (ticket.merged_into_id) {
          throw conflict('ticket_merged', 'This ticket was merged into another; reply there')
        }
        const kind = mail ? 'mail' : input.kind
        const isPublic = input.kind === 'note' ? false : (input.public ?? true)
        const author = actor.kind === 'system' ? null : actor
        const article: repo.ArticleRow = {
          id: uuidv7(),
          ticket_id: id,
          customer_id: ticket.customer_id,
          kind,
          public: isPublic ? 1 : 0,
          author_id: author?.userId ?? null,
          author_name: mail ? mail.fromName : (author?.name ?? 'sladesk'),
          author_email: mail ? mail.fromEmail : (author?.email ?? null),
          by_staff: staff ? 1 : 0,
          body_text: input.body,
          body_html: mail?.html ?? null,
          mail_id: mail?.mailId ?? null,
          message_id: mail?.messageId ?? null,
          created_at: at,
        }
        await repo.insertArticle(trx, article)
        const notices: TicketNotice[] = [{ kind: 'article', ticketId: id, articleId: article.id }]
        const set: Partial<repo.TicketRow> = { updated_at: at }
        // A public reply or a logged call by staff is a response: it meets the first-response clock.
        const response = staff && isPublic && (kind === 'reply' || kind === 'phone' || kind === 'mail')
        await event(
          trx,
          actor,
          id,
          response ? 'response' : isPublic ? 'article' : 'note',
          { articleId: article.id, kind, public: isPublic },
          at,
        )
        if (response && ticket.first_response_at === null) {
          set.first_response_at = at
        }
        let status: string = input.status ?? ticket.status
        if (!staff) {
          if (CLOSED.includes(ticket.status)) {
            const { config } = await sla.load(trx)
            const since = ticket.closed_at ?? ticket.resolved_at ?? at
            if (at - since > config.desk.reopenDays * 86_400_000) {
              throw conflict(
                'ticket_closed',
                `This ticket was closed more than ${config.desk.reopenDays} days ago: open a new ticket`,
              )
            }
            status = 'open'
            await event(trx, actor, id, 'reopened', { from: ticket.status }, at)
          } else if (ticket.status === 'waiting-customer') {
            // The customer answered: the clock runs again.
            status = 'open'
          }
        } else if (input.status === undefined && ticket.status === 'new' && response) {
          status = 'open'
        }
        if (status !== ticket.status) {
          Object.assign(set, statusColumns(ticket, status, at))
          await event(trx, actor, id, 'status', { from: ticket.status, to: status }, at)
          notices.push({ kind: 'status', ticketId: id, from: ticket.status, to: status })
        }
        await repo.update(trx, id, set)
        notices.push(...(await refreshSla(trx, { ...ticket, ...set }, at)))
        await audit.record(trx, actor, {
          action: isPublic ? 'ticket.article_added' : 'ticket.note_added',
          entityType: 'ticket',
          entityId: id,
          customerId: ticket.customer_id,
          after: { articleId: article.id, kind, public: isPublic },
        })
        await notify(trx, notices)
        return toArticle(article)
      })
      return done
    },

    async listArticles(actor: Actor, id: string): Promise<Article[]> {
      await mustGet(db, actor, id)
      return (await repo.listArticles(db, id, actor.kind === 'contact')).map(toArticle)
    },

    async timeline(actor: Actor, id: string): Promise<TimelineEvent[]> {
      await mustGet(db, actor, id)
      const rows = await repo.listEvents(db, id)
      const contact = actor.kind === 'contact'
      return rows
        .map((r) => ({
          id: r.id,
          at: r.at,
          type: r.type,
          actor: r.actor_label,
          data: JSON.parse(r.data) as Record<string, unknown>,
        }))
        .filter((e) => !contact || (!INTERNAL_EVENTS.has(e.type) && e.data.public !== false))
    },

    /** Which spans counted, which were paused and which fell outside business hours: the clock, explained. */
    async explain(actor: Actor, id: string) {
      const ticket = await mustGet(db, actor, id)
      const events = (await repo.listClockEvents(db, id)).map(toClockEvent)
      const result = await sla.compute(db, ticket.customer_id, events, now(), { explain: true })
      return { sla: slaView(result), explain: result.explain ?? { firstResponse: [], update: [], resolution: [] } }
    },

    async addTime(actor: Actor, id: string, input: TimeEntryCreate): Promise<TimeEntry> {
      assertStaff(actor)
      if (actor.kind !== 'staff') {
        throw badRequest('staff_only', 'Time is written by a person')
      }
      const at = now()
      return db.transaction().execute(async (trx) => {
        const ticket = await mustGet(trx, actor, id)
        const { company } = await settings.load(trx)
        const row: repo.TimeEntryRow = {
          id: uuidv7(),
          ticket_id: id,
          customer_id: ticket.customer_id,
          user_id: actor.userId,
          minutes: input.minutes,
          billable: input.billable ? 1 : 0,
          activity: input.activity,
          note: input.note ?? null,
          performed_on:
            input.performedOn ?? new Intl.DateTimeFormat('sv-SE', { timeZone: company.timeZone }).format(at),
          created_at: at,
        }
        await repo.insertTimeEntry(trx, row)
        await event(trx, actor, id, 'time', { entryId: row.id, minutes: row.minutes, billable: input.billable }, at)
        await audit.record(trx, actor, {
          action: 'ticket.time_added',
          entityType: 'ticket',
          entityId: id,
          customerId: ticket.customer_id,
          after: { minutes: row.minutes, billable: input.billable, activity: row.activity },
        })
        return toTimeEntry({ ...row, user_name: actor.name })
      })
    },

    async listTime(actor: Actor, id: string): Promise<TimeEntryList> {
      await mustGet(db, actor, id)
      assertStaff(actor)
      const items = (await repo.listTimeEntries(db, id)).map(toTimeEntry)
      return {
        items,
        totalMinutes: items.reduce((s, e) => s + e.minutes, 0),
        billableMinutes: items.filter((e) => e.billable).reduce((s, e) => s + e.minutes, 0),
      }
    },

    async listWatchers(actor: Actor, id: string) {
      await mustGet(db, actor, id)
      assertStaff(actor)
      return (await repo.listWatchers(db, id)).map((w) => ({
        email: w.email,
        userId: w.user_id,
        createdAt: w.created_at,
      }))
    },

    async addWatcher(actor: Actor, id: string, email: string) {
      assertStaff(actor)
      const at = now()
      await db.transaction().execute(async (trx) => {
        await mustGet(trx, actor, id)
        const user = await users.findActiveByEmail(trx, email)
        if (
          await repo.addWatcher(trx, {
            ticket_id: id,
            email: email.toLowerCase(),
            user_id: user?.id ?? null,
            created_at: at,
          })
        ) {
          await event(trx, actor, id, 'watcher.added', { email: email.toLowerCase() }, at)
        }
      })
      return this.listWatchers(actor, id)
    },

    async removeWatcher(actor: Actor, id: string, email: string) {
      assertStaff(actor)
      const at = now()
      await db.transaction().execute(async (trx) => {
        await mustGet(trx, actor, id)
        if ((await repo.removeWatcher(trx, id, email.toLowerCase())) > 0) {
          await event(trx, actor, id, 'watcher.removed', { email: email.toLowerCase() }, at)
        }
      })
      return this.listWatchers(actor, id)
    },

    /** Closes `id` as a duplicate of `intoId` and copies its conversation there; both timelines say so. */
    async merge(actor: Actor, id: string, intoId: string): Promise<Ticket> {
      assertStaff(actor)
      if (id === intoId) {
        throw badRequest('merge_into_itself', 'A ticket cannot be merged into itself')
      }
      const at = now()
      const done = await db.transaction().execute(async (trx) => {
        await repo.lockForUpdate(trx, id, dialect)
        const source = await mustGet(trx, actor, id)
        const target = await repo.findById(trx, intoId)
        if (!target) {
          throw notFound('ticket', intoId)
        }
        if (target.customer_id !== source.customer_id) {
          throw conflict('merge_other_customer', 'Tickets of different customers cannot be merged')
        }
        if (source.merged_into_id || target.merged_into_id) {
          throw conflict('ticket_merged', 'One of these tickets was merged already')
        }
        for (const a of await repo.listArticles(trx, id, false)) {
          await repo.insertArticle(trx, { ...a, id: uuidv7(), ticket_id: intoId, message_id: null })
        }
        await event(trx, actor, intoId, 'merged', { from: id, fromNumber: source.number }, at)
        await event(trx, actor, id, 'merged', { into: intoId, intoNumber: target.number }, at)
        const set: Partial<repo.TicketRow> = { merged_into_id: intoId, updated_at: at }
        if (source.status !== 'closed') {
          Object.assign(set, statusColumns(source, 'closed', at))
          await event(trx, actor, id, 'status', { from: source.status, to: 'closed' }, at)
        }
        await repo.update(trx, id, set)
        await refreshSla(trx, { ...source, ...set }, at)
        await audit.record(trx, actor, {
          action: 'ticket.merged',
          entityType: 'ticket',
          entityId: id,
          customerId: source.customer_id,
          after: { into: target.number },
        })
        return load(trx, intoId, at)
      })
      return done
    },

    /** A new ticket from some of this ticket's articles (copied; the original keeps its history). */
    async split(actor: Actor, id: string, articleIds: string[], title: string): Promise<Ticket> {
      assertStaff(actor)
      const source = await mustGet(db, actor, id)
      const articles = await repo.findArticlesByIds(db, id, articleIds)
      if (articles.length !== new Set(articleIds).size) {
        throw badRequest('unknown_article', 'articleIds: not all of them are articles of this ticket', {
          errors: [{ path: 'articleIds', message: 'not all of them are articles of this ticket' }],
        })
      }
      const first = articles[0]!
      const created = await service.create(actor, {
        customerId: source.customer_id,
        title,
        description: first.body_text,
        type: source.type as TicketCreate['type'],
        impact: (source.impact ?? undefined) as TicketCreate['impact'],
        urgency: (source.urgency ?? undefined) as TicketCreate['urgency'],
        severity: (source.severity ?? undefined) as TicketCreate['severity'],
        requesterContactId: source.requester_contact_id ?? undefined,
      })
      const at = now()
      await db.transaction().execute(async (trx) => {
        for (const a of articles) {
          await repo.insertArticle(trx, { ...a, id: uuidv7(), ticket_id: created.id, message_id: null })
        }
        await event(trx, actor, created.id, 'split', { from: id, fromNumber: source.number, articleIds }, at)
        await event(trx, actor, id, 'split', { into: created.id, intoNumber: created.number, articleIds }, at)
      })
      return created
    },

    // Attachments ------------------------------------------------------------------------------------

    async addAttachment(
      actor: Actor,
      id: string,
      file: { filename: string; contentType: string; content: Buffer; public: boolean; articleId?: string },
    ): Promise<Attachment> {
      const at = now()
      return db.transaction().execute(async (trx) => {
        const ticket = await mustGet(trx, actor, id)
        const sha256 = await putBlob(trx, file.content, at)
        const row: repo.AttachmentRow = {
          id: uuidv7(),
          ticket_id: id,
          article_id: file.articleId ?? null,
          customer_id: ticket.customer_id,
          filename: file.filename,
          content_type: file.contentType,
          size: file.content.length,
          sha256,
          // What a contact uploads is for the desk and the contact alike.
          public: actor.kind === 'contact' || file.public ? 1 : 0,
          created_by: actorId(actor),
          created_at: at,
        }
        await repo.insertAttachment(trx, row)
        await event(
          trx,
          actor,
          id,
          'attachment',
          { attachmentId: row.id, filename: row.filename, size: row.size, public: row.public === 1 },
          at,
        )
        await audit.record(trx, actor, {
          action: 'ticket.attachment_added',
          entityType: 'ticket',
          entityId: id,
          customerId: ticket.customer_id,
          after: { attachmentId: row.id, filename: row.filename, size: row.size, sha256 },
        })
        return toAttachment(row)
      })
    },

    async listAttachments(actor: Actor, id: string): Promise<Attachment[]> {
      await mustGet(db, actor, id)
      return (await repo.listAttachments(db, id, actor.kind === 'contact')).map(toAttachment)
    },

    /** An attachment's metadata and bytes, for the download route; 404 for what the actor may not see. */
    async readAttachment(actor: Actor, attachmentId: string) {
      const row = await repo.findAttachment(db, attachmentId)
      const scope = customerScope(actor)
      if (!row || (scope !== undefined && (row.customer_id !== scope || row.public !== 1))) {
        throw notFound('attachment', attachmentId)
      }
      const content = await db.selectFrom('blobs').select('content').where('sha256', '=', row.sha256).executeTakeFirst()
      if (!content) {
        throw notFound('attachment', attachmentId)
      }
      return { ...toAttachment(row), content: Buffer.from(content.content) }
    },

    // For the watcher job and mail in ------------------------------------------------------------------

    /** Recomputes the clocks of tickets whose next SLA change is due; returns how many were looked at. */
    async refreshDue(limit = 500): Promise<number> {
      const at = now()
      const due = await db
        .selectFrom('tickets')
        .select('id')
        .where('sla_next_at', '<=', at)
        .orderBy('sla_next_at')
        .limit(limit)
        .execute()
      for (const { id } of due) {
        await db.transaction().execute(async (trx) => {
          await repo.lockForUpdate(trx, id, dialect)
          const row = await repo.findById(trx, id)
          if (row) {
            await notify(trx, await refreshSla(trx, row, at))
          }
        })
      }
      return due.length
    },

    /** Tickets opened in [from, to), with their clocks as they stand now, for the SLA report (no access check). */
    async forReport(customerId: string | null, from: number, to: number) {
      const at = now()
      let query = db
        .selectFrom('tickets')
        .select(['id', 'number', 'title', 'priority', 'created_at', 'sla_json'])
        .where('created_at', '>=', from)
        .where('created_at', '<', to)
        .where('merged_into_id', 'is', null)
      if (customerId) {
        query = query.where('customer_id', '=', customerId)
      }
      const rows = await query.orderBy('created_at').execute()
      return rows.map((r) => ({
        id: r.id,
        number: r.number,
        title: r.title,
        priority: r.priority,
        createdAt: r.created_at,
        sla: slaAt(JSON.parse(r.sla_json) as TicketSla, at),
      }))
    },

    findByNumber: (ex: Executor, number: string) => repo.findByNumber(ex, number),
    /** Whether this address watches the ticket (mail in: may it add to the ticket?). */
    isWatcher: async (ex: Executor, ticketId: string, email: string) =>
      (await repo.listWatchers(ex, ticketId)).some((w) => w.email === email.toLowerCase()),
    findTicketIdByMessageIds: (ex: Executor, ids: string[]) => repo.findTicketIdByMessageIds(ex, ids),
    /** Internal read (notifications, mail): no access check. */
    loadInternal: (id: string) => load(db, id, now()),
  }
  return service
}

/** The columns a status change sets: when it was resolved or closed, and cleared again on reopening. */
function statusColumns(before: repo.TicketRow, to: string, at: number): Partial<repo.TicketRow> {
  const set: Partial<repo.TicketRow> = { status: to }
  if (to === 'resolved') {
    set.resolved_at = at
    set.closed_at = null
  } else if (to === 'closed') {
    set.closed_at = at
    set.resolved_at = before.resolved_at ?? at
  } else if (CLOSED.includes(before.status)) {
    set.resolved_at = null
    set.closed_at = null
  }
  return set
}

function toTimeEntry(r: repo.TimeEntryRow & { user_name: string }): TimeEntry {
  return {
    id: r.id,
    ticketId: r.ticket_id,
    userId: r.user_id,
    userName: r.user_name,
    minutes: r.minutes,
    billable: r.billable === 1,
    activity: r.activity as TimeEntry['activity'],
    note: r.note,
    performedOn: r.performed_on,
    createdAt: r.created_at,
  }
}

export type TicketService = ReturnType<typeof createTicketService>
