import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQueries,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query'
import { z } from 'zod'
import {
  Article,
  ArticleList,
  Attachment,
  AttachmentList,
  Ticket,
  TicketPage,
  TicketSla,
  Timeline,
  TimeEntry,
  TimeEntryList,
  WatcherList,
  type ArticleCreate,
  type TicketCreate,
  type TicketListQuery,
  type TicketPatch,
  type TimeEntryCreate,
} from '../../../../src/modules/tickets/schema.ts'
import { Asset, AssetPage } from '../../../../src/modules/assets/schema.ts'
import { SlaPolicy } from '../../../../src/modules/sla/clock.ts'
import { UserPage } from '../../../../src/modules/users/schema.ts'
import { call, upload } from '../../app/apiClient.ts'

const ticketsKey = ['tickets'] as const
const listKey = [...ticketsKey, 'list'] as const
const ticketKey = (id: string) => [...ticketsKey, 'one', id] as const

export type TicketFilter = Partial<Omit<z.input<typeof TicketListQuery>, 'cursor' | 'limit'>>

/** The queue lists refresh by themselves: a new calamity must show up without anyone pressing F5. */
const LIST_REFRESH_MS = 30_000

export function useTickets(filter: TicketFilter) {
  return useInfiniteQuery({
    queryKey: [...listKey, filter],
    queryFn: ({ pageParam }) =>
      call('GET', '/tickets', TicketPage, { query: { ...filter, q: filter.q?.trim(), cursor: pageParam } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
    refetchInterval: LIST_REFRESH_MS,
  })
}

export function useTicket(id: string) {
  return useQuery({
    queryKey: ticketKey(id),
    queryFn: () => call('GET', `/tickets/${id}`, Ticket),
    refetchInterval: 60_000,
    enabled: id !== '',
  })
}

/** After any change to a ticket: the ticket, its conversation, timeline and clocks, and every list. */
function useRefreshTicket() {
  const queryClient = useQueryClient()
  return (id: string, ticket?: Ticket) => {
    if (ticket) {
      queryClient.setQueryData(ticketKey(id), ticket)
    }
    return Promise.all([
      queryClient.invalidateQueries({ queryKey: ticketKey(id) }),
      queryClient.invalidateQueries({ queryKey: listKey }),
    ])
  }
}

export function useCreateTicket() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: z.input<typeof TicketCreate>) => call('POST', '/tickets', Ticket, { body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: listKey }),
  })
}

export function useUpdateTicket(id: string) {
  const refresh = useRefreshTicket()
  return useMutation({
    mutationFn: (patch: z.input<typeof TicketPatch>) => call('PATCH', `/tickets/${id}`, Ticket, { body: patch }),
    onSuccess: (ticket) => refresh(id, ticket),
  })
}

export function useArticles(id: string) {
  return useQuery({
    queryKey: [...ticketKey(id), 'articles'],
    queryFn: () => call('GET', `/tickets/${id}/articles`, ArticleList),
    refetchInterval: 60_000,
  })
}

export function useAddArticle(id: string) {
  const refresh = useRefreshTicket()
  return useMutation({
    mutationFn: (input: z.input<typeof ArticleCreate>) =>
      call('POST', `/tickets/${id}/articles`, Article, { body: input }),
    onSuccess: () => refresh(id),
  })
}

export function useTimeline(id: string, enabled = true) {
  return useQuery({
    queryKey: [...ticketKey(id), 'timeline'],
    queryFn: () => call('GET', `/tickets/${id}/timeline`, Timeline),
    enabled,
  })
}

const ExplainSpan = z.object({
  from: z.number(),
  to: z.number(),
  kind: z.enum(['counted', 'paused', 'outside-hours', 'holiday', 'closure']),
  detail: z.string().optional(),
  priority: z.string(),
})
export type ExplainSpan = z.infer<typeof ExplainSpan>

// The route declares this answer inline (src/modules/tickets/routes.ts); it is repeated here to parse it.
const SlaExplain = z.object({
  sla: TicketSla,
  explain: z.object({
    firstResponse: z.array(ExplainSpan),
    update: z.array(ExplainSpan),
    resolution: z.array(ExplainSpan),
  }),
})
export type SlaExplain = z.infer<typeof SlaExplain>

export function useSlaExplain(id: string, enabled = true) {
  return useQuery({
    queryKey: [...ticketKey(id), 'sla'],
    queryFn: () => call('GET', `/tickets/${id}/sla`, SlaExplain),
    enabled,
  })
}

export function useTimeEntries(id: string, enabled = true) {
  return useQuery({
    queryKey: [...ticketKey(id), 'time'],
    queryFn: () => call('GET', `/tickets/${id}/time`, TimeEntryList),
    enabled,
  })
}

export function useAddTimeEntry(id: string) {
  const refresh = useRefreshTicket()
  return useMutation({
    mutationFn: (input: z.input<typeof TimeEntryCreate>) =>
      call('POST', `/tickets/${id}/time`, TimeEntry, { body: input }),
    onSuccess: () => refresh(id),
  })
}

export function useWatchers(id: string, enabled = true) {
  return useQuery({
    queryKey: [...ticketKey(id), 'watchers'],
    queryFn: () => call('GET', `/tickets/${id}/watchers`, WatcherList),
    enabled,
  })
}

export function useAddWatcher(id: string) {
  const refresh = useRefreshTicket()
  return useMutation({
    mutationFn: (email: string) => call('POST', `/tickets/${id}/watchers`, WatcherList, { body: { email } }),
    onSuccess: () => refresh(id),
  })
}

export function useRemoveWatcher(id: string) {
  const refresh = useRefreshTicket()
  return useMutation({
    mutationFn: (email: string) => call('DELETE', `/tickets/${id}/watchers/${encodeURIComponent(email)}`, WatcherList),
    onSuccess: () => refresh(id),
  })
}

/** Closes this ticket as a duplicate of `intoId`; answers the ticket it went into. */
export function useMergeTicket(id: string) {
  const refresh = useRefreshTicket()
  return useMutation({
    mutationFn: (intoId: string) => call('POST', `/tickets/${id}/merge`, Ticket, { body: { intoId } }),
    onSuccess: (into) => Promise.all([refresh(id), refresh(into.id, into)]),
  })
}

/** A new ticket from some articles of this one; answers the new ticket. */
export function useSplitTicket(id: string) {
  const refresh = useRefreshTicket()
  return useMutation({
    mutationFn: (input: { articleIds: string[]; title: string }) =>
      call('POST', `/tickets/${id}/split`, Ticket, { body: input }),
    onSuccess: () => refresh(id),
  })
}

export function useAttachments(id: string) {
  return useQuery({
    queryKey: [...ticketKey(id), 'attachments'],
    queryFn: () => call('GET', `/tickets/${id}/attachments`, AttachmentList),
  })
}

export const attachmentUrl = (attachmentId: string) => `/api/attachments/${attachmentId}`

/** Uploads one file as the request body; `onProgress` gets the share sent (0 to 1). */
export function uploadAttachment(ticketId: string, file: File, isPublic: boolean, onProgress: (share: number) => void) {
  return upload(`/tickets/${ticketId}/attachments`, file, Attachment, {
    query: { filename: file.name, public: isPublic },
    onProgress,
  })
}

export function useUploadAttachment(id: string) {
  const refresh = useRefreshTicket()
  return useMutation({
    mutationFn: ({
      file,
      isPublic,
      onProgress,
    }: {
      file: File
      isPublic: boolean
      onProgress: (share: number) => void
    }) => uploadAttachment(id, file, isPublic, onProgress),
    onSuccess: () => refresh(id),
  })
}

/**
 * The staff who can be assigned a ticket: active users of a staff role. One page of 200 is enough for an MSP's
 * desk; the server checks the choice again.
 */
export function useStaffUsers(enabled = true) {
  return useQuery({
    queryKey: ['users', 'assignable'],
    queryFn: () => call('GET', '/users', UserPage, { query: { kind: 'staff', limit: 200 } }),
    select: (page) => page.items.filter((u) => u.active && u.role !== 'contact'),
    staleTime: 5 * 60_000,
    enabled,
  })
}

const CustomerSlaPolicy = z.object({ custom: z.boolean(), policy: SlaPolicy })

/** The SLA policy that applies to a customer (its own or the default): which clocks its tickets have (staff). */
export function useCustomerSlaPolicy(customerId: string, enabled = true) {
  return useQuery({
    queryKey: ['customers', customerId, 'sla-policy'],
    queryFn: () => call('GET', `/customers/${customerId}/sla-policy`, CustomerSlaPolicy),
    staleTime: 5 * 60_000,
    enabled,
  })
}

/** The systems a ticket can be about: the customer's assets in use or spare (the first 200 by name). */
export function useCustomerAssets(customerId: string | null | undefined) {
  return useQuery({
    queryKey: ['tickets', 'assets-of', customerId],
    queryFn: () => call('GET', `/customers/${customerId}/assets`, AssetPage, { query: { limit: 200 } }),
    enabled: Boolean(customerId),
    staleTime: 60_000,
  })
}

/** The ticket's affected systems by id (a few at most), with their names; retired ones too. */
export function useAssetsById(ids: readonly string[]) {
  return useQueries({
    queries: ids.map((id) => ({
      queryKey: ['tickets', 'asset', id],
      queryFn: () => call('GET', `/assets/${id}`, Asset),
      staleTime: 60_000,
    })),
  })
}
