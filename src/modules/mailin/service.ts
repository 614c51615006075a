import type { Db, Executor } from '../../db/database.js'
import type { InboundMailsTable } from '../../db/types.js'
import { type Actor, assertStaff } from '../../platform/access.js'
import type { Audit } from '../../platform/audit.js'
import { conflict, notFound } from '../../platform/errors.js'
import { getBlob, putBlob, sha256Hex } from '../../platform/files.js'
import { uuidv7 } from '../../platform/ids.js'
import { foldQuotedText } from '../../platform/mail/fold.js'
import type { InboundMail } from '../../platform/mail/inbound.js'
import { type Mailer, outboxIdOf } from '../../platform/mail/outbox.js'
import { pageOf, readCursor } from '../../platform/paging.js'
import type { CustomerService } from '../customers/service.js'
import { ticketIdOfReference } from '../tickets/notifications.js'
import type { MailArticle, TicketService } from '../tickets/service.js'
import type { IngestResult, ReportKind } from '../monitoring/schema.js'
import type { StoreRequest } from '../monitoring/service.js'
import { actorOf } from '../users/auth.js'
import type { UserService } from '../users/service.js'
import type { InboundMailView, MailAssign, TriageQuery } from './schema.js'

export interface MailInDeps {
  db: Db
  audit: Audit
  tickets: TicketService
  mailer: Mailer
  customers: CustomerService
  users: UserService
  now: () => number
  /** The largest attachment taken over into a ticket; larger ones stay in the raw mail only. */
  attachmentMaxBytes: number
  /** sladesk's own sender address(es): a mail from them coming back in is a loop, not a customer. */
  ownAddresses: string[]
  /** Backup and UPS notification mails: a mail rule makes them monitoring reports of a customer, not tickets. */
  reports?: MailReports
}

export interface MailReports {
  /** Where the first matching mail rule sends the mail; null when no rule matches. */
  route(mail: {
    from: string
    to: string[]
    subject: string
  }): Promise<{ customerId: string; kind: ReportKind; format?: string } | null>
  /** Stores (once per content) and parses the report. */
  store(req: StoreRequest): Promise<IngestResult>
  /** The vendor whose notification the mail looks like to a built-in parser ('Veeam'), or null: a triage hint. */
  recognise?(mail: {
    from: string
    subject: string
    text: string
    html: string | null
    date: number | null
  }): string | null
}

type Status = InboundMailsTable['status']

export interface Received {
  mailId: string
  status: Status
  ticketId: string | null
  /** true when this Message-ID had been received before: nothing was done twice. */
  duplicate: boolean
}

const SYSTEM: Actor = { kind: 'system', label: 'mail' }

// The MIME parser and the HTML sanitiser weigh ~40 MB and half a second: loaded with the first mail, not at start.
let parser: Promise<typeof import('../../platform/mail/inbound.js')> | undefined
const inbound = () => (parser ??= import('../../platform/mail/inbound.js'))
const MAX_SUBJECT = 200

/** The title of a ticket from a mail subject: without Re:/Fwd:/AW: and the ticket token, never empty. */
export function titleOf(subject: string): string {
  let title = subject.replace(/\[#\d{4}-\d{6}\]/g, ' ')
  for (let i = 0; i < 5; i++) {
    const next = title.replace(/^\s*(re|fw|fwd|aw|wg|antw|doorst)\s*:\s*/i, '')
    if (next === title) {
      break
    }
    title = next
  }
  title = title.replace(/\s+/g, ' ').trim()
  return (title.length >= 3 ? title : `(${title || 'e-mail'})`).slice(0, MAX_SUBJECT)
}

/**
 * Mail in: every message is stored raw first (content-addressed, keyed by Message-ID), then read. A reply is
 * threaded into its ticket (References/In-Reply-To naming a sladesk mail or article, or the [#2026-000123] token);
 * a new mail from a known contact opens a ticket; a backup or UPS notification that a mail rule matches becomes a
 * monitoring report of the rule's customer; anything else waits in the triage queue. Processing is idempotent:
 * the same Message-ID twice is one mail, and a mail whose processing was interrupted is processed on its next
 * delivery or by hand from the queue.
 */
export function createMailInService({
  db,
  audit,
  tickets,
  mailer,
  customers,
  users,
  now,
  attachmentMaxBytes,
  ownAddresses,
  reports,
}: MailInDeps) {
  const own = new Set(ownAddresses.map((a) => a.toLowerCase()))
  async function store(
    raw: Buffer,
    mail: InboundMail | undefined,
    source: 'smtp' | 'imap' | 'api',
    envelope: object,
  ): Promise<{ id: string; status: Status; ticketId: string | null; duplicate: boolean }> {
    const at = now()
    const messageId = mail?.messageId ?? `sladesk-${sha256Hex(raw)}`
    return db.transaction().execute(async (trx) => {
      const existing = await trx
        .selectFrom('inbound_mails')
        .select(['id', 'status', 'ticket_id'])
        .where('message_id', '=', messageId)
        .executeTakeFirst()
      if (existing) {
        return { id: existing.id, status: existing.status, ticketId: existing.ticket_id, duplicate: true }
      }
      const sha256 = await putBlob(trx, raw, at)
      const id = uuidv7()
      await trx
        .insertInto('inbound_mails')
        .values({
          id,
          message_id: messageId,
          sha256,
          size: raw.length,
          source,
          envelope: JSON.stringify(envelope),
          from_address: mail?.from?.address ?? null,
          subject: (mail?.subject ?? '').slice(0, 998),
          status: mail ? 'stored' : 'failed',
          reason: mail ? null : 'not a readable e-mail message',
          ticket_id: null,
          customer_id: null,
          received_at: at,
          processed_at: mail ? null : at,
        })
        .execute()
      return { id, status: mail ? ('stored' as const) : ('failed' as const), ticketId: null, duplicate: false }
    })
  }

  async function finish(id: string, status: Status, set: { reason?: string; ticketId?: string; customerId?: string }) {
    await db
      .updateTable('inbound_mails')
      .set({
        status,
        reason: set.reason ?? null,
        ticket_id: set.ticketId ?? null,
        customer_id: set.customerId ?? null,
        processed_at: now(),
      })
      .where('id', '=', id)
      .execute()
    return status
  }

  /** The ticket a mail answers, from the headers sladesk wrote or the subject token. */
  async function threadOf(ex: Executor, mail: InboundMail): Promise<string | undefined> {
    const ids = [...mail.references, ...(mail.inReplyTo ? [mail.inReplyTo] : [])]
    for (const id of ids) {
      const direct = ticketIdOfReference(`<${id}>`)
      if (direct) {
        return direct
      }
      const outboxId = outboxIdOf(`<${id}>`)
      if (outboxId) {
        const ref = await mailer.refOf(ex, outboxId)
        if (ref) {
          return ref
        }
      }
    }
    const byArticle = await tickets.findTicketIdByMessageIds(ex, ids)
    if (byArticle) {
      return byArticle
    }
    if (mail.ticketToken) {
      return (await tickets.findByNumber(ex, mail.ticketToken))?.id
    }
    return undefined
  }

  async function attach(ticketId: string, mail: InboundMail, actor: Actor): Promise<void> {
    for (const a of mail.attachments) {
      // Inline images belong to the HTML, which keeps them; oversized files stay in the raw mail.
      if (a.inline || a.size > attachmentMaxBytes || a.size === 0) {
        continue
      }
      await tickets.addAttachment(actor, ticketId, {
        filename: a.filename,
        contentType: a.contentType,
        content: a.content,
        public: true,
      })
    }
  }

  /** A triage reason, with a hint when a built-in parser recognises the mail as a backup notification. */
  function triageReason(mail: InboundMail, reason: string): string {
    const vendor = reports?.recognise?.({
      from: mail.from ? `${mail.from.name ?? ''} <${mail.from.address}>`.trim() : '',
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      date: mail.date,
    })
    return vendor ? `${reason}; looks like a ${vendor} report: add a mail rule` : reason
  }

  /** A mail a rule routes becomes a monitoring report of the rule's customer; null when no rule matches. */
  async function toReport(
    mailId: string,
    raw: Buffer,
    mail: InboundMail,
    recipients: string[],
  ): Promise<Status | null> {
    // A bounce is about a mail that went out, never a report, whatever address it came back to.
    if (!reports || mail.automatic === 'bounce') {
      return null
    }
    const target = await reports.route({ from: mail.from?.address ?? '', to: recipients, subject: mail.subject })
    if (!target) {
      return null
    }
    // Stored by its bytes: a second delivery, or one after an interrupted first, finds the same report.
    const report = await reports.store({
      customerId: target.customerId,
      kind: target.kind,
      raw,
      contentType: 'message/rfc822',
      source: 'mail',
      ...(target.format !== undefined && { format: target.format }),
    })
    const how = `${report.status}${report.format ? `, ${report.format}` : ''}`
    return finish(mailId, 'report', {
      reason: `${target.kind} report ${report.id} (${how})`,
      customerId: target.customerId,
    })
  }

  async function process(
    mailId: string,
    raw: Buffer,
    mail: InboundMail,
    recipients: string[],
  ): Promise<{ status: Status; ticketId: string | null }> {
    // Already in a ticket (a second delivery after an interrupted first one)?
    const done = await tickets.findTicketIdByMessageIds(db, [mail.messageId])
    if (done) {
      return { status: await finish(mailId, 'reply', { ticketId: done }), ticketId: done }
    }
    // Before the automatic-mail check: backup software often marks its notifications as bulk or auto-submitted.
    const report = await toReport(mailId, raw, mail, recipients)
    if (report) {
      return { status: report, ticketId: null }
    }
    if (mail.automatic) {
      // Never answered and never a ticket: an out-of-office to a notification must not start a mail loop.
      return { status: await finish(mailId, 'ignored', { reason: mail.automatic }), ticketId: null }
    }
    const from = mail.from?.address
    if (from && own.has(from)) {
      return {
        status: await finish(mailId, 'ignored', { reason: 'sent by sladesk itself (mail loop)' }),
        ticketId: null,
      }
    }
    if (!from) {
      return { status: await finish(mailId, 'triage', { reason: triageReason(mail, 'no sender') }), ticketId: null }
    }
    const folded = foldQuotedText(mail.text)
    const body = folded.visible.trim() || mail.text.trim() || mail.subject || '(leeg)'
    const ticketId = await threadOf(db, mail)
    const staffUser = await users.findActiveByEmail(db, from)
    const staff = staffUser && staffUser.role !== 'contact' ? staffUser : undefined
    const contacts = await customers.contactsByEmail(db, from)

    if (ticketId) {
      const ticket = await tickets.loadInternal(ticketId)
      const contact = contacts.find((c) => c.customer_id === ticket.customerId)
      const watcher = await tickets.isWatcher(db, ticketId, from)
      if (!staff && !contact && !watcher && ticket.requester?.email !== from) {
        // Someone the ticket does not know answers to it: a person decides.
        return {
          status: await finish(mailId, 'triage', { reason: 'unknown sender for this ticket', ticketId }),
          ticketId: null,
        }
      }
      const article: MailArticle = {
        mailId,
        messageId: mail.messageId,
        html: mail.html,
        fromName: mail.from?.name ?? null,
        fromEmail: from,
        byStaff: staff !== undefined,
      }
      let actor: Actor = SYSTEM
      if (staff) {
        actor = actorOf(staff)
      } else if (contact?.user_id) {
        const user = await users.findRow(db, contact.user_id)
        if (user?.active === 1) {
          actor = actorOf(user)
        }
      }
      try {
        await tickets.addArticle(actor, ticketId, { kind: 'reply', body }, article)
      } catch (err) {
        // A reply to a ticket closed long ago starts a new one, like a new mail would.
        if (!(err instanceof Error && 'code' in err && err.code === 'ticket_closed') || !contact) {
          throw err
        }
        return openFor(mailId, mail, body, contact.customer_id, contact.id, from)
      }
      await attach(ticketId, mail, actor)
      return { status: await finish(mailId, 'reply', { ticketId, customerId: ticket.customerId }), ticketId }
    }

    const customerIds = new Set(contacts.map((c) => c.customer_id))
    if (contacts.length === 0 || customerIds.size > 1) {
      return {
        status: await finish(mailId, 'triage', {
          reason: triageReason(
            mail,
            contacts.length === 0 ? 'unknown sender' : 'sender is a contact of several customers',
          ),
        }),
        ticketId: null,
      }
    }
    const contact = contacts[0]!
    return openFor(mailId, mail, body, contact.customer_id, contact.id, from)
  }

  async function openFor(
    mailId: string,
    mail: InboundMail,
    body: string,
    customerId: string,
    contactId: string | null,
    from: string,
  ): Promise<{ status: Status; ticketId: string | null }> {
    const ticket = await tickets.create(
      SYSTEM,
      {
        customerId,
        title: titleOf(mail.subject),
        description: body.slice(0, 50_000),
        type: 'incident',
        ...(contactId && { requesterContactId: contactId }),
      },
      {
        source: 'email',
        requesterEmail: from,
        mail: {
          mailId,
          messageId: mail.messageId,
          html: mail.html,
          fromName: mail.from?.name ?? null,
          fromEmail: from,
          byStaff: false,
          text: mail.text.slice(0, 100_000),
        },
      },
    )
    await attach(ticket.id, mail, SYSTEM)
    return { status: await finish(mailId, 'ticket', { ticketId: ticket.id, customerId }), ticketId: ticket.id }
  }

  async function view(id: string): Promise<InboundMailView> {
    const row = await db.selectFrom('inbound_mails').selectAll().where('id', '=', id).executeTakeFirst()
    if (!row) {
      throw notFound('mail', id)
    }
    let text: string | null = null
    const raw = await getBlob(db, row.sha256)
    if (raw) {
      try {
        text = (await (await inbound()).parseInbound(raw)).text.slice(0, 20_000)
      } catch {
        text = null
      }
    }
    return {
      id: row.id,
      messageId: row.message_id,
      from: row.from_address,
      subject: row.subject,
      source: row.source,
      size: row.size,
      status: row.status,
      reason: row.reason,
      ticketId: row.ticket_id,
      customerId: row.customer_id,
      receivedAt: row.received_at,
      processedAt: row.processed_at,
      text,
    }
  }

  const service = {
    /** Takes in one raw message from any channel. Never throws for what the sender got wrong. */
    async receive(raw: Buffer, source: 'smtp' | 'imap' | 'api', envelope: object = {}): Promise<Received> {
      const { parseInbound, MalformedMailError } = await inbound()
      let mail: InboundMail | undefined
      try {
        mail = await parseInbound(raw)
      } catch (err) {
        if (!(err instanceof MalformedMailError)) {
          throw err
        }
      }
      // An SMTP envelope with the null sender (MAIL FROM:<>) is a bounce or an auto-reply, whatever the headers say.
      if (mail && !mail.automatic && source === 'smtp' && 'mailFrom' in envelope && envelope.mailFrom === null) {
        mail = { ...mail, automatic: 'bounce' }
      }
      const stored = await store(raw, mail, source, envelope)
      if (!mail || (stored.duplicate && stored.status !== 'stored')) {
        return { mailId: stored.id, status: stored.status, ticketId: stored.ticketId, duplicate: stored.duplicate }
      }
      // Whom the mail was for: its headers, and for SMTP the envelope (an alias that no header shows).
      const rcptTo = 'rcptTo' in envelope && Array.isArray(envelope.rcptTo) ? envelope.rcptTo : []
      const recipients = [...mail.to, ...mail.cc, ...rcptTo.filter((a): a is string => typeof a === 'string')]
      try {
        const result = await process(stored.id, raw, mail, recipients)
        return { mailId: stored.id, ...result, duplicate: stored.duplicate }
      } catch (err) {
        // Kept, visible in the queue, processed again by hand; the channel does not retry what it delivered.
        const reason = err instanceof Error ? err.message : String(err)
        await finish(stored.id, 'failed', { reason: reason.slice(0, 1000) })
        return { mailId: stored.id, status: 'failed', ticketId: null, duplicate: stored.duplicate }
      }
    },

    async list(actor: Actor, q: TriageQuery) {
      assertStaff(actor)
      const after = readCursor<[string]>(q.cursor, ['string'])
      let query = db.selectFrom('inbound_mails').select('id')
      if (q.status === 'open') {
        query = query.where('status', 'in', ['triage', 'failed'])
      } else if (q.status !== 'all') {
        query = query.where('status', '=', q.status)
      }
      if (after) {
        query = query.where('id', '<', after[0])
      }
      const rows = await query
        .orderBy('id', 'desc')
        .limit(q.limit + 1)
        .execute()
      const page = pageOf(rows, q.limit, (r) => [r.id])
      return { items: await Promise.all(page.items.map((r) => view(r.id))), nextCursor: page.nextCursor }
    },

    async get(actor: Actor, id: string): Promise<InboundMailView> {
      assertStaff(actor)
      return view(id)
    },

    async raw(actor: Actor, id: string): Promise<Buffer> {
      assertStaff(actor)
      const row = await db.selectFrom('inbound_mails').select('sha256').where('id', '=', id).executeTakeFirst()
      const raw = row && (await getBlob(db, row.sha256))
      if (!raw) {
        throw notFound('mail', id)
      }
      return raw
    },

    /** A person decides where a mail from the queue belongs: a new ticket for a customer, or an existing ticket. */
    async assign(actor: Actor, id: string, input: MailAssign): Promise<InboundMailView> {
      assertStaff(actor)
      const row = await db.selectFrom('inbound_mails').selectAll().where('id', '=', id).executeTakeFirst()
      if (!row) {
        throw notFound('mail', id)
      }
      if (row.status === 'ticket' || row.status === 'reply') {
        throw conflict('mail_processed', 'This mail is in a ticket already')
      }
      const raw = await getBlob(db, row.sha256)
      const { parseInbound } = await inbound()
      const mail = raw ? await parseInbound(raw).catch(() => undefined) : undefined
      if (!mail) {
        throw conflict('mail_unreadable', 'This mail cannot be read; download the raw message instead')
      }
      const body = foldQuotedText(mail.text).visible.trim() || mail.text.trim() || '(leeg)'
      const from = mail.from?.address ?? 'onbekend@invalid'
      const article: MailArticle = {
        mailId: id,
        messageId: mail.messageId,
        html: mail.html,
        fromName: mail.from?.name ?? null,
        fromEmail: from,
        byStaff: false,
      }
      let ticketId: string
      if (input.ticketId) {
        await tickets.addArticle(actor, input.ticketId, { kind: 'reply', body }, article)
        ticketId = input.ticketId
      } else {
        const ticket = await tickets.create(
          actor,
          {
            customerId: input.customerId!,
            title: titleOf(mail.subject),
            description: body.slice(0, 50_000),
            type: input.type ?? 'incident',
            ...(input.contactId && { requesterContactId: input.contactId }),
          },
          { source: 'email', requesterEmail: from, mail: { ...article, text: mail.text.slice(0, 100_000) } },
        )
        ticketId = ticket.id
      }
      await attach(ticketId, mail, actor)
      const ticket = await tickets.loadInternal(ticketId)
      await finish(id, input.ticketId ? 'reply' : 'ticket', { ticketId, customerId: ticket.customerId })
      await db.transaction().execute((trx) =>
        audit.record(trx, actor, {
          action: 'mail.assigned',
          entityType: 'mail',
          entityId: id,
          customerId: ticket.customerId,
          after: { ticket: ticket.number },
        }),
      )
      return view(id)
    },

    async ignore(actor: Actor, id: string): Promise<InboundMailView> {
      assertStaff(actor)
      const before = await view(id)
      if (before.status === 'ticket' || before.status === 'reply') {
        throw conflict('mail_processed', 'This mail is in a ticket already')
      }
      await finish(id, 'ignored', { reason: `set aside by ${actor.kind === 'staff' ? actor.email : 'sladesk'}` })
      return view(id)
    },
  }
  return service
}

export type MailInService = ReturnType<typeof createMailInService>
