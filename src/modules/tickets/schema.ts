import { z } from 'zod'
import { IMPACTS, PRIORITIES, SEVERITIES, TICKET_TYPES, URGENCIES } from '../sla/priority.js'
import { TICKET_STATUSES } from '../sla/clock.js'

export const TicketType = z.enum(TICKET_TYPES)
export const TicketStatus = z.enum(TICKET_STATUSES)
export const Priority = z.enum(PRIORITIES)
export const Impact = z.enum(IMPACTS)
export const Urgency = z.enum(URGENCIES)
export const Severity = z.enum(SEVERITIES)
export const SlaState = z.enum(['running', 'warning', 'breached', 'met', 'paused', 'none'])
export type SlaState = z.infer<typeof SlaState>

const Tag = z.string().trim().min(1).max(50)
/** An asset of the ticket's customer (its infrastructure). */
const AssetId = z.uuid()

export const TicketClock = z.object({
  state: SlaState,
  dueAt: z.iso.datetime().nullable(),
  warnAt: z.iso.datetime().nullable(),
  metAt: z.iso.datetime().nullable(),
  targetSeconds: z.number().int().nullable(),
  calendar: z.string().nullable(),
  elapsedSeconds: z.number().int(),
  remainingSeconds: z.number().int().nullable(),
})
export type TicketClock = z.infer<typeof TicketClock>

export const TicketSla = z.object({
  /** The most urgent state over the clocks: breached > warning > running > paused > met > none. */
  state: SlaState,
  firstResponseDueAt: z.iso.datetime().nullable(),
  firstResponseState: SlaState,
  resolutionDueAt: z.iso.datetime().nullable(),
  resolutionState: SlaState,
  firstResponse: TicketClock,
  update: TicketClock,
  resolution: TicketClock,
})
export type TicketSla = z.infer<typeof TicketSla>

export const Person = z.object({ id: z.string(), name: z.string(), email: z.string().nullable() })

export const Ticket = z.object({
  id: z.uuid(),
  number: z.string(),
  customerId: z.uuid(),
  customerName: z.string(),
  requester: Person.nullable(),
  type: TicketType,
  status: TicketStatus,
  priority: Priority,
  impact: Impact.nullable(),
  urgency: Urgency.nullable(),
  severity: Severity.nullable(),
  title: z.string(),
  description: z.string(),
  source: z.enum(['portal', 'email', 'phone', 'staff']),
  assignee: Person.nullable(),
  teamId: z.uuid().nullable(),
  tags: z.array(z.string()),
  assetIds: z.array(z.string()),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
  firstResponseAt: z.number().int().nullable(),
  resolvedAt: z.number().int().nullable(),
  closedAt: z.number().int().nullable(),
  mergedIntoId: z.uuid().nullable(),
  sla: TicketSla,
})
export type Ticket = z.infer<typeof Ticket>

const severityOnlyForBugs = (v: { type?: string; severity?: string | null }, ctx: z.RefinementCtx) => {
  if (v.severity && v.type !== undefined && v.type !== 'bug') {
    ctx.addIssue({ code: 'custom', path: ['severity'], message: 'a severity is for bugs only' })
  }
}

export const TicketCreate = z
  .object({
    /** Staff name the customer; a portal contact leaves it out (it is always the contact's own). */
    customerId: z.uuid().optional(),
    title: z.string().trim().min(3).max(200),
    description: z.string().trim().min(1).max(50_000),
    type: TicketType,
    impact: Impact.optional(),
    urgency: Urgency.optional(),
    severity: Severity.optional(),
    assetIds: z.array(AssetId).max(50).optional(),
    tags: z.array(Tag).max(20).optional(),
    /** Staff only: the contact who reported it (a portal contact is always the requester itself). */
    requesterContactId: z.uuid().optional(),
    assigneeId: z.uuid().optional(),
    teamId: z.uuid().optional(),
    /** Staff only: 'phone' for a call taken as a ticket. */
    source: z.enum(['staff', 'phone']).optional(),
  })
  .superRefine(severityOnlyForBugs)
export type TicketCreate = z.infer<typeof TicketCreate>

export const TicketPatch = z
  .object({
    title: z.string().trim().min(3).max(200),
    description: z.string().trim().min(1).max(50_000),
    type: TicketType,
    status: TicketStatus,
    impact: Impact.nullable(),
    urgency: Urgency.nullable(),
    severity: Severity.nullable(),
    assigneeId: z.uuid().nullable(),
    teamId: z.uuid().nullable(),
    tags: z.array(Tag).max(20),
    assetIds: z.array(AssetId).max(50),
    requesterContactId: z.uuid().nullable(),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'at least one field')
export type TicketPatch = z.infer<typeof TicketPatch>

export const TicketListQuery = z.object({
  q: z.string().trim().max(200).optional(),
  status: z
    .union([TicketStatus, z.enum(['active'])])
    .optional()
    .describe('one status, or "active" for everything not resolved or closed'),
  customerId: z.uuid().optional(),
  assigneeId: z.union([z.uuid(), z.enum(['none', 'me'])]).optional(),
  teamId: z.uuid().optional(),
  priority: Priority.optional(),
  slaState: SlaState.optional(),
  /**
   * newest: most recent first; due: nearest SLA deadline first (tickets without a running clock last); priority:
   * P1 first, then by deadline within each priority (the "what now?" order of a desk).
   */
  sort: z.enum(['newest', 'due', 'priority']).default('newest'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
})
export type TicketListQuery = z.infer<typeof TicketListQuery>

export const TicketPage = z.object({ items: z.array(Ticket), nextCursor: z.string().nullable() })
export type TicketPage = z.infer<typeof TicketPage>

export const ArticleKind = z.enum(['reply', 'note', 'mail', 'phone'])

export const Article = z.object({
  id: z.uuid(),
  ticketId: z.uuid(),
  kind: ArticleKind,
  public: z.boolean(),
  byStaff: z.boolean(),
  author: z.object({ id: z.string().nullable(), name: z.string().nullable(), email: z.string().nullable() }),
  bodyText: z.string(),
  bodyHtml: z.string().nullable(),
  /** For mail: the text split into what was written now, the quoted history and the signature (to fold away). */
  folded: z.object({ visible: z.string(), quoted: z.string().nullable(), signature: z.string().nullable() }).nullable(),
  createdAt: z.number().int(),
})
export type Article = z.infer<typeof Article>

export const ArticleCreate = z.object({
  /** reply: to the customer; note: internal; phone: the log of a call (counts as a response). */
  kind: z.enum(['reply', 'note', 'phone']).default('reply'),
  body: z.string().trim().min(1).max(100_000),
  /** Staff: notes are always internal; a phone log is public unless said otherwise. */
  public: z.boolean().optional(),
  /** Staff: the status the ticket gets with this article (e.g. waiting-customer with a question). */
  status: TicketStatus.optional(),
})
export type ArticleCreate = z.infer<typeof ArticleCreate>

export const ArticleList = z.object({ items: z.array(Article) })

export const TimelineEvent = z.object({
  id: z.uuid(),
  at: z.number().int(),
  type: z.string(),
  actor: z.string(),
  data: z.record(z.string(), z.unknown()),
})
export type TimelineEvent = z.infer<typeof TimelineEvent>
export const Timeline = z.object({ items: z.array(TimelineEvent) })

export const TimeActivity = z.enum(['support', 'remote', 'onsite', 'travel', 'consulting', 'installation', 'training'])
export const TimeEntryCreate = z.object({
  minutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60),
  /** false: covered by the SLA's fixed fee; true: billed on top of it. */
  billable: z.boolean(),
  activity: TimeActivity.default('support'),
  note: z.string().trim().max(2000).optional(),
  performedOn: z.iso.date().optional(),
})
export type TimeEntryCreate = z.infer<typeof TimeEntryCreate>
export const TimeEntry = z.object({
  id: z.uuid(),
  ticketId: z.uuid(),
  userId: z.uuid(),
  userName: z.string(),
  minutes: z.number().int(),
  billable: z.boolean(),
  activity: TimeActivity,
  note: z.string().nullable(),
  performedOn: z.string(),
  createdAt: z.number().int(),
})
export type TimeEntry = z.infer<typeof TimeEntry>
export const TimeEntryList = z.object({
  items: z.array(TimeEntry),
  totalMinutes: z.number().int(),
  billableMinutes: z.number().int(),
})
export type TimeEntryList = z.infer<typeof TimeEntryList>

export const WatcherCreate = z.object({ email: z.email().max(320) })
export const Watcher = z.object({ email: z.string(), userId: z.string().nullable(), createdAt: z.number().int() })
export const WatcherList = z.object({ items: z.array(Watcher) })

export const MergeRequest = z.object({ intoId: z.uuid() })
export const SplitRequest = z.object({
  articleIds: z.array(z.uuid()).min(1).max(100),
  title: z.string().trim().min(3).max(200),
})

export const Attachment = z.object({
  id: z.uuid(),
  ticketId: z.uuid(),
  articleId: z.uuid().nullable(),
  filename: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  public: z.boolean(),
  createdAt: z.number().int(),
})
export type Attachment = z.infer<typeof Attachment>
export const AttachmentList = z.object({ items: z.array(Attachment) })
export const AttachmentUpload = z.object({
  filename: z.string().trim().min(1).max(255),
  public: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
})

export const ExplainSpan = z.object({
  from: z.number(),
  to: z.number(),
  kind: z.enum(['counted', 'paused', 'outside-hours', 'holiday', 'closure']),
  detail: z.string().optional(),
  priority: z.string(),
})
export const SlaExplained = z.object({
  sla: TicketSla,
  explain: z.object({
    firstResponse: z.array(ExplainSpan),
    update: z.array(ExplainSpan),
    resolution: z.array(ExplainSpan),
  }),
})
export type SlaExplained = z.infer<typeof SlaExplained>
