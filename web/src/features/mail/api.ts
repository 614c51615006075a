import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { z } from 'zod'
import { InboundMailView, type MailAssign } from '../../../../src/modules/mailin/schema.ts'
import { call } from '../../app/apiClient.ts'

const mailKey = ['mail'] as const
const MailPage = z.object({ items: z.array(InboundMailView), nextCursor: z.string().nullable() })

/** The lists the page offers: waiting for a person (triage and failed), what became a ticket or a reply, set aside, all. */
export type MailFilter = 'open' | 'ticket' | 'reply' | 'ignored' | 'all'

export function useMails(status: MailFilter) {
  return useInfiniteQuery({
    queryKey: [...mailKey, 'list', status],
    queryFn: ({ pageParam }) => call('GET', '/mail', MailPage, { query: { status, cursor: pageParam } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  })
}

const COUNT_PAGE = 50

/**
 * How many mails wait for a person, for the menu: up to 50, and whether there are more. The API has no count, so
 * this reads the first page of the queue once a minute.
 */
export function useOpenMailCount(enabled: boolean) {
  return useQuery({
    queryKey: [...mailKey, 'count'],
    queryFn: () => call('GET', '/mail', MailPage, { query: { status: 'open', limit: COUNT_PAGE } }),
    select: (page) => ({ count: page.items.length, more: page.nextCursor !== null }),
    refetchInterval: 60_000,
    enabled,
  })
}

export function useMail(id: string | null) {
  return useQuery({
    queryKey: [...mailKey, 'one', id],
    queryFn: () => call('GET', `/mail/${id}`, InboundMailView),
    enabled: id !== null,
  })
}

export const rawMailUrl = (id: string) => `/api/mail/${id}/raw`

function useMailMutation<I>(id: string, send: (input: I) => Promise<InboundMailView>) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: send,
    onSuccess: (mail) => {
      queryClient.setQueryData([...mailKey, 'one', id], mail)
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: [...mailKey, 'list'] }),
        queryClient.invalidateQueries({ queryKey: [...mailKey, 'count'] }),
        queryClient.invalidateQueries({ queryKey: ['tickets'] }),
      ])
    },
  })
}

/** Puts the mail into an existing ticket (`ticketId`) or opens a new one for a customer. */
export function useAssignMail(id: string) {
  return useMailMutation(id, (input: z.input<typeof MailAssign>) =>
    call('POST', `/mail/${id}/assign`, InboundMailView, { body: input }),
  )
}

/** Sets the mail aside; it stays stored and can still be put into a ticket later. */
export function useIgnoreMail(id: string) {
  return useMailMutation(id, () => call('POST', `/mail/${id}/ignore`, InboundMailView))
}
