import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query'
import type { z } from 'zod'
import { Branding } from '../../../../src/modules/settings/schema.ts'
import { Invitation, LoginResult, Me, type InvitationAccept, type Login } from '../../../../src/modules/users/schema.ts'
import { ApiError, call, callNoContent, setCsrfToken } from '../../app/apiClient.ts'

export const meKey = ['me'] as const
export const brandingKey = ['branding'] as const

/** Cached answers that do not depend on who is signed in (branding, setup status) survive a change of user. */
function dropPersonalData(queryClient: QueryClient): void {
  queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'branding' && q.queryKey[0] !== 'setup' })
}

/** The signed-in person, or `null` when nobody is signed in. */
export function useMe() {
  return useQuery({
    queryKey: meKey,
    queryFn: async (): Promise<Me | null> => {
      try {
        const me = await call('GET', '/me', Me, { allowUnauthorized: true })
        setCsrfToken(me.csrfToken)
        return me
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) {
          setCsrfToken(null)
          return null
        }
        throw e
      }
    },
    staleTime: 60_000,
  })
}

/** Stores a fresh sign-in: the CSRF token and the person, dropping whatever the previous session cached. */
export function startSession(queryClient: QueryClient, result: z.output<typeof LoginResult>): void {
  setCsrfToken(result.csrfToken)
  dropPersonalData(queryClient)
  queryClient.setQueryData(meKey, result.user)
}

/** Puts an updated Me (from PATCH /me, TOTP enable/disable) into the cache. */
export function storeMe(queryClient: QueryClient, me: Me): void {
  if (me.csrfToken) {
    setCsrfToken(me.csrfToken)
  }
  queryClient.setQueryData(meKey, me)
}

export function useBranding() {
  return useQuery({
    queryKey: brandingKey,
    queryFn: () => call('GET', '/branding', Branding),
    staleTime: 5 * 60_000,
  })
}

export function useLogin() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: z.input<typeof Login>) =>
      call('POST', '/auth/login', LoginResult, { body: input, allowUnauthorized: true }),
    onSuccess: (result) => startSession(queryClient, result),
  })
}

export function useLogout() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: () => callNoContent('POST', '/auth/logout', { allowUnauthorized: true }),
    onSettled: () => {
      setCsrfToken(null)
      dropPersonalData(queryClient)
      queryClient.setQueryData(meKey, null)
    },
  })
}

export function useInvitation(token: string) {
  return useQuery({
    queryKey: ['invitation', token],
    queryFn: () => call('GET', `/invitations/${encodeURIComponent(token)}`, Invitation),
    staleTime: Infinity,
  })
}

export function useAcceptInvitation(token: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: z.input<typeof InvitationAccept>) =>
      call('POST', `/invitations/${encodeURIComponent(token)}`, LoginResult, { body: input }),
    onSuccess: (result) => startSession(queryClient, result),
  })
}
