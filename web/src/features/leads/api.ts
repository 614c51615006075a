import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { z } from 'zod'
import {
  Lead,
  LeadConverted,
  LeadDetail,
  LeadPage,
  Quote,
  type LeadConvert,
  type LeadListQuery,
  type LeadPatch,
  type QuoteCreate,
} from '../../../../src/modules/leads/schema.ts'
import { call } from '../../app/apiClient.ts'

export type LeadFilter = Partial<Omit<z.input<typeof LeadListQuery>, 'cursor' | 'limit'>>

const leadsKey = ['leads'] as const
const leadKey = (id: string) => [...leadsKey, 'one', id] as const

export function useLeads(filter: LeadFilter) {
  return useInfiniteQuery({
    queryKey: [...leadsKey, 'list', filter],
    queryFn: ({ pageParam }) =>
      call('GET', '/leads', LeadPage, { query: { ...filter, q: filter.q?.trim(), cursor: pageParam } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  })
}

export function useLead(id: string) {
  return useQuery({
    queryKey: leadKey(id),
    queryFn: () => call('GET', `/leads/${id}`, LeadDetail),
    enabled: id !== '',
  })
}

function useRefreshLead(id: string) {
  const queryClient = useQueryClient()
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: leadKey(id) }),
      queryClient.invalidateQueries({ queryKey: [...leadsKey, 'list'] }),
    ])
}

export function useUpdateLead(id: string) {
  const refresh = useRefreshLead(id)
  return useMutation({
    mutationFn: (patch: z.input<typeof LeadPatch>) => call('PATCH', `/leads/${id}`, Lead, { body: patch }),
    onSuccess: refresh,
  })
}

/** Prices a plan for the lead's numbers; the answer carries the lines, the total and where the PDF is. */
export function useCreateQuote(id: string) {
  const refresh = useRefreshLead(id)
  return useMutation({
    mutationFn: (input: z.input<typeof QuoteCreate>) => call('POST', `/leads/${id}/quote`, Quote, { body: input }),
    onSuccess: refresh,
  })
}

/** Makes the lead a customer with a key contact and a draft contract. */
export function useConvertLead(id: string) {
  const queryClient = useQueryClient()
  const refresh = useRefreshLead(id)
  return useMutation({
    mutationFn: (input: z.input<typeof LeadConvert>) =>
      call('POST', `/leads/${id}/convert`, LeadConverted, { body: input }),
    onSuccess: () => Promise.all([refresh(), queryClient.invalidateQueries({ queryKey: ['customers'] })]),
  })
}

/** The quote as PDF, in the lead's language; the session cookie goes along as with any link here. */
export const quotePdfUrl = (quoteId: string) => `/api/quotes/${quoteId}/pdf`
