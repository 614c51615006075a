import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { z } from 'zod'
import {
  Contact,
  ContactList,
  Customer,
  CustomerPage,
  type ContactCreate,
  type ContactPatch,
  type CustomerCreate,
  type CustomerPatch,
} from '../../../../src/modules/customers/schema.ts'
import { call } from '../../app/apiClient.ts'

export type ArchivedFilter = 'exclude' | 'include' | 'only'

const customersKey = ['customers'] as const

export function useCustomers(filter: { q: string; archived: ArchivedFilter }) {
  return useInfiniteQuery({
    queryKey: [...customersKey, 'list', filter],
    queryFn: ({ pageParam }) =>
      call('GET', '/customers', CustomerPage, {
        query: { q: filter.q.trim(), archived: filter.archived, cursor: pageParam },
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  })
}

export function useCustomer(id: string, enabled = true) {
  return useQuery({
    queryKey: [...customersKey, id],
    queryFn: () => call('GET', `/customers/${id}`, Customer),
    enabled: enabled && id !== '',
  })
}

export function useCreateCustomer() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: z.input<typeof CustomerCreate>) => call('POST', '/customers', Customer, { body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: customersKey }),
  })
}

export function useUpdateCustomer(id: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (patch: z.input<typeof CustomerPatch>) => call('PATCH', `/customers/${id}`, Customer, { body: patch }),
    onSuccess: (customer) => {
      queryClient.setQueryData([...customersKey, id], customer)
      return queryClient.invalidateQueries({ queryKey: customersKey })
    },
  })
}

/** Archives a customer; nothing is ever hard-deleted. */
export function useArchiveCustomer(id: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: () => call('DELETE', `/customers/${id}`, Customer),
    onSuccess: (customer) => {
      queryClient.setQueryData([...customersKey, id], customer)
      return queryClient.invalidateQueries({ queryKey: customersKey })
    },
  })
}

/** Staff also get the archived contacts, so that they can be shown on request and restored. */
export function useContacts(customerId: string, includeArchived: boolean) {
  return useQuery({
    queryKey: [...customersKey, customerId, 'contacts', includeArchived],
    queryFn: () =>
      call('GET', `/customers/${customerId}/contacts`, ContactList, {
        query: { archived: includeArchived ? 'include' : undefined },
      }),
    enabled: customerId !== '',
  })
}

/** Contacts change the customer too (key contact, contact count), so both are refreshed. */
function useContactMutation<I>(customerId: string, send: (input: I) => Promise<z.output<typeof Contact>>) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: send,
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: [...customersKey, customerId] }),
        queryClient.invalidateQueries({ queryKey: [...customersKey, 'list'] }),
      ]),
  })
}

export function useCreateContact(customerId: string) {
  return useContactMutation(customerId, (input: z.input<typeof ContactCreate>) =>
    call('POST', `/customers/${customerId}/contacts`, Contact, { body: input }),
  )
}

export function useUpdateContact(customerId: string) {
  return useContactMutation(customerId, ({ id, patch }: { id: string; patch: z.input<typeof ContactPatch> }) =>
    call('PATCH', `/contacts/${id}`, Contact, { body: patch }),
  )
}

/** Sends a portal invitation e-mail (through the outbox); the contact's portal status becomes `invited`. */
export function useInviteContact(customerId: string) {
  return useContactMutation(customerId, (id: string) => call('POST', `/contacts/${id}/invite`, Contact))
}
