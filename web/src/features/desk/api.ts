import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { z } from 'zod'
import { Shift, Team, type ShiftCreate, type TeamCreate } from '../../../../src/modules/desk/schema.ts'
import { call, callNoContent } from '../../app/apiClient.ts'

const teamsKey = ['teams'] as const
const shiftsKey = ['oncall'] as const

const TeamList = z.object({ items: z.array(Team) })
const ShiftList = z.object({ items: z.array(Shift) })

/** Staff only. A desk has a handful of teams: one list, no paging. */
export function useTeams(enabled = true) {
  return useQuery({
    queryKey: teamsKey,
    queryFn: () => call('GET', '/teams', TeamList),
    select: (list) => list.items,
    staleTime: 5 * 60_000,
    enabled,
  })
}

export function useCreateTeam() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: z.input<typeof TeamCreate>) => call('POST', '/teams', Team, { body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: teamsKey }),
  })
}

export function useUpdateTeam() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: Partial<z.input<typeof TeamCreate>> }) =>
      call('PATCH', `/teams/${id}`, Team, { body: patch }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: teamsKey }),
  })
}

/** The shifts overlapping [from, to) (epoch ms). */
export function useShifts(range: { from: number; to: number }) {
  return useQuery({
    queryKey: [...shiftsKey, range],
    queryFn: () => call('GET', '/oncall', ShiftList, { query: range }),
    select: (list) => list.items,
    // Who is on call now must not go stale on a page left open on a wall screen.
    refetchInterval: 5 * 60_000,
  })
}

export function useAddShift() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: z.input<typeof ShiftCreate>) => call('POST', '/oncall', Shift, { body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: shiftsKey }),
  })
}

export function useRemoveShift() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => callNoContent('DELETE', `/oncall/${id}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: shiftsKey }),
  })
}
