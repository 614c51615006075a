import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query'
import { AuditPage } from '../../../../src/modules/audit/schema.ts'
import { UserPage } from '../../../../src/modules/users/schema.ts'
import { call } from '../../app/apiClient.ts'
import { dayBoundary, parseDay } from './dayInput.ts'

/** The audit filter as the address bar and the form hold it: days as `YYYY-MM-DD`, empty for "any". */
export interface AuditFilterForm {
  action: string
  entityType: string
  entityId: string
  actorId: string
  from: string
  to: string
}

export const auditFilterKeys = ['action', 'entityType', 'entityId', 'actorId', 'from', 'to'] as const

export function useAuditLog(filter: AuditFilterForm) {
  const from = parseDay(filter.from)
  const to = parseDay(filter.to)
  return useInfiniteQuery({
    queryKey: ['audit', filter],
    queryFn: ({ pageParam }) =>
      call('GET', '/audit', AuditPage, {
        query: {
          action: filter.action.trim(),
          entityType: filter.entityType.trim(),
          entityId: filter.entityId.trim(),
          actorId: filter.actorId.trim(),
          from: from ? dayBoundary(from, false) : undefined,
          to: to ? dayBoundary(to, true) : undefined,
          cursor: pageParam,
        },
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  })
}

/** Staff and portal users for the "who" filter: the first 200, which covers an MSP with its key contacts. */
export function useAuditUsers() {
  return useQuery({
    queryKey: ['users', 'audit-filter'],
    queryFn: async () => (await call('GET', '/users', UserPage, { query: { kind: 'all', limit: 200 } })).items,
    staleTime: 5 * 60_000,
  })
}
