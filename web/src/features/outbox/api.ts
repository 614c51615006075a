import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { OutboxMail, OutboxMailDetail, OutboxPage } from '../../../../src/modules/outbox/schema.ts'
import { call } from '../../app/apiClient.ts'

export type OutboxStatusFilter = 'all' | 'pending' | 'sent' | 'failed'

const outboxKey = ['outbox'] as const

export function useOutbox(status: OutboxStatusFilter) {
  return useInfiniteQuery({
    queryKey: [...outboxKey, 'list', status],
    queryFn: ({ pageParam }) =>
      call('GET', '/outbox', OutboxPage, {
        query: { status: status === 'all' ? undefined : status, cursor: pageParam },
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  })
}

export function useOutboxMail(id: string | null) {
  return useQuery({
    queryKey: [...outboxKey, 'mail', id],
    queryFn: () => call('GET', `/outbox/${id ?? ''}`, OutboxMailDetail),
    enabled: id !== null,
  })
}

/** Queues a pending or failed mail for another attempt now. */
export function useRetryMail() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => call('POST', `/outbox/${id}/retry`, OutboxMail),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: outboxKey }),
  })
}
