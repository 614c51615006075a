import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query'
import { AuditPage } from '../../../../src/modules/audit/schema.ts'
import { call } from '../../app/apiClient.ts'

export interface AuditFilter {
  action: string
  entityType: string
  entityId: string
  actorId: string
  /** Epoch ms, inclusive. */
  from: number | undefined
  /** Epoch ms, inclusive. */
  to: number | undefined
}

export function useAuditLog(filter: AuditFilter) {
  return useInfiniteQuery({
    queryKey: ['audit', filter],
    queryFn: ({ pageParam }) =>
      call('GET', '/audit', AuditPage, {
        query: {
          action: filter.action.trim(),
          entityType: filter.entityType.trim(),
          entityId: filter.entityId.trim(),
          actorId: filter.actorId.trim(),
          from: filter.from,
          to: filter.to,
          cursor: pageParam,
        },
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  })
}
