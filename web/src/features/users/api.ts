import { keepPreviousData, useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query'
import type { z } from 'zod'
import { User, UserPage, type UserCreate, type UserPatch } from '../../../../src/modules/users/schema.ts'
import { call } from '../../app/apiClient.ts'

export type UserKind = 'staff' | 'contact' | 'all'

const usersKey = ['users'] as const

export function useUsers(filter: { kind: UserKind; q: string }) {
  return useInfiniteQuery({
    queryKey: [...usersKey, filter],
    queryFn: ({ pageParam }) =>
      call('GET', '/users', UserPage, { query: { kind: filter.kind, q: filter.q.trim(), cursor: pageParam } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  })
}

/** Creates a staff member; without a password the server mails an invitation to choose one. */
export function useCreateUser() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: z.output<typeof UserCreate>) => call('POST', '/users', User, { body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: usersKey }),
  })
}

export function useUpdateUser() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: z.input<typeof UserPatch> }) =>
      call('PATCH', `/users/${id}`, User, { body: patch }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: usersKey }),
  })
}
