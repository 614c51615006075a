import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { z } from 'zod'
import {
  Contract,
  ContractList,
  Cost,
  Plan,
  PlanList,
  type ContractCreate,
  type ContractPatch,
  type PlanCreate,
  type PlanPatch,
} from '../../../../src/modules/contracts/schema.ts'
import { ApiError, call, toQueryString } from '../../app/apiClient.ts'
import { i18n } from '../../app/i18n.ts'
import { useMe } from '../auth/api.ts'

const plansKey = ['plans'] as const
const contractsKey = ['contracts'] as const
const customerContractsKey = (customerId: string) => [...contractsKey, 'customer', customerId] as const
export const costKey = (customerId: string) => [...contractsKey, 'cost', customerId] as const

/** Staff only; a handful of plans: one list. */
export function usePlans(status: 'active' | 'inactive' | 'all' = 'all', enabled = true) {
  return useQuery({
    queryKey: [...plansKey, status],
    queryFn: () => call('GET', '/plans', PlanList, { query: { status } }),
    select: (list) => list.items,
    enabled,
  })
}

export function usePlan(id: string) {
  return useQuery({
    queryKey: [...plansKey, 'one', id],
    queryFn: () => call('GET', `/plans/${id}`, Plan),
    enabled: id !== '',
  })
}

export function useCreatePlan() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: z.input<typeof PlanCreate>) => call('POST', '/plans', Plan, { body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: plansKey }),
  })
}

export function useUpdatePlan(id: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (patch: z.input<typeof PlanPatch>) => call('PATCH', `/plans/${id}`, Plan, { body: patch }),
    onSuccess: (plan) => {
      queryClient.setQueryData([...plansKey, 'one', id], plan)
      // A plan's prices and policy reach the contracts that follow it, and so their cost.
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: plansKey }),
        queryClient.invalidateQueries({ queryKey: contractsKey }),
      ])
    },
  })
}

/** Newest first, ended ones included; a portal contact gets its own customer's, drafts excepted. */
export function useContracts(customerId: string) {
  return useQuery({
    queryKey: customerContractsKey(customerId),
    queryFn: () => call('GET', `/customers/${customerId}/contracts`, ContractList),
    select: (list) => list.items,
    enabled: customerId !== '',
  })
}

/** A contract changes the customer's SLA clocks and its monthly cost: those are refreshed too. */
function useRefreshContracts(customerId: string) {
  const queryClient = useQueryClient()
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: customerContractsKey(customerId) }),
      queryClient.invalidateQueries({ queryKey: costKey(customerId) }),
      queryClient.invalidateQueries({ queryKey: ['customers', customerId, 'sla-policy'] }),
    ])
}

export function useCreateContract(customerId: string) {
  const refresh = useRefreshContracts(customerId)
  return useMutation({
    mutationFn: (input: z.input<typeof ContractCreate>) =>
      call('POST', `/customers/${customerId}/contracts`, Contract, { body: input }),
    onSuccess: refresh,
  })
}

export function useUpdateContract(customerId: string) {
  const refresh = useRefreshContracts(customerId)
  return useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: z.input<typeof ContractPatch> }) =>
      call('PATCH', `/contracts/${id}`, Contract, { body: patch }),
    onSuccess: refresh,
  })
}

const ProblemBody = z.object({
  code: z.string().optional(),
  detail: z.string().optional(),
  title: z.string().optional(),
  correlationId: z.string().optional(),
})

/**
 * PUTs the signed PDF as the raw body. The app's `upload` helper only POSTs, so this one does its own request with
 * the same headers: the CSRF token of the session (from the signed-in person) and the UI language.
 */
async function putDocument(contractId: string, file: File, csrfToken: string | null): Promise<Contract> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Accept-Language': i18n.language,
    'Content-Type': 'application/pdf',
  }
  if (csrfToken) {
    headers['X-CSRF-Token'] = csrfToken
  }
  let response: Response
  try {
    response = await fetch(`/api/contracts/${contractId}/document${toQueryString({ filename: file.name })}`, {
      method: 'PUT',
      headers,
      body: file,
      credentials: 'same-origin',
    })
  } catch (e) {
    throw new ApiError(0, 'network_error', e instanceof Error ? e.message : String(e))
  }
  if (!response.ok) {
    const problem = ProblemBody.safeParse(await response.json().catch(() => null))
    const p = problem.success ? problem.data : {}
    throw new ApiError(
      response.status,
      p.code ?? `http_${response.status}`,
      p.detail ?? p.title ?? response.statusText,
      {},
      null,
      p.correlationId ?? null,
    )
  }
  return Contract.parse(await response.json())
}

export function useUploadContractDocument(customerId: string) {
  const refresh = useRefreshContracts(customerId)
  const me = useMe()
  const csrfToken = me.data?.csrfToken ?? null
  return useMutation({
    mutationFn: ({ contractId, file }: { contractId: string; file: File }) => putDocument(contractId, file, csrfToken),
    onSuccess: refresh,
  })
}

/** The signed contract as a download; the session cookie goes along, as with any link on this site. */
export const contractDocumentUrl = (contractId: string) => `/api/contracts/${contractId}/document`

/** The monthly cost on `date` (YYYY-MM-DD; today when absent), with the month before and the changes. */
export function useCost(customerId: string, date: string | undefined) {
  return useQuery({
    queryKey: [...costKey(customerId), date ?? 'today'],
    queryFn: () => call('GET', `/customers/${customerId}/cost`, Cost, { query: { date } }),
    placeholderData: keepPreviousData,
    enabled: customerId !== '',
  })
}

/** The customer's overview (infrastructure, contract, monthly cost) as a PDF in `lang`. */
export const overviewPdfUrl = (customerId: string, lang: string) =>
  `/api/customers/${customerId}/overview.pdf${toQueryString({ lang })}`
