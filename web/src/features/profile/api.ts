import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { z } from 'zod'
import {
  ApiToken,
  ApiTokenCreated,
  Me,
  Session,
  TotpSetup,
  type MePatch,
  type PasswordChange,
} from '../../../../src/modules/users/schema.ts'
import { call, callNoContent } from '../../app/apiClient.ts'
import { storeMe } from '../auth/api.ts'

const sessionsKey = ['me', 'sessions'] as const
const tokensKey = ['me', 'tokens'] as const

const SessionList = z.object({ items: z.array(Session) })
const ApiTokenList = z.object({ items: z.array(ApiToken) })

export function useUpdateMe() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (patch: z.input<typeof MePatch>) => call('PATCH', '/me', Me, { body: patch }),
    onSuccess: (me) => storeMe(queryClient, me),
  })
}

export function useChangePassword() {
  return useMutation({
    // A wrong current password is a form error, not a lost session.
    mutationFn: (input: z.input<typeof PasswordChange>) =>
      callNoContent('POST', '/me/password', { body: input, allowUnauthorized: true }),
  })
}

/** Starts enrolment: a new secret, shown as QR code and as text, that becomes active only after `enable`. */
export function useTotpSetup() {
  return useMutation({ mutationFn: () => call('POST', '/me/totp/setup', TotpSetup) })
}

export function useTotpEnable() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (code: string) => call('POST', '/me/totp/enable', Me, { body: { code }, allowUnauthorized: true }),
    onSuccess: (me) => storeMe(queryClient, me),
  })
}

export function useTotpDisable() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (password: string) =>
      call('POST', '/me/totp/disable', Me, { body: { password }, allowUnauthorized: true }),
    onSuccess: (me) => storeMe(queryClient, me),
  })
}

export function useSessions() {
  return useQuery({ queryKey: sessionsKey, queryFn: () => call('GET', '/me/sessions', SessionList) })
}

export function useRevokeSession() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => callNoContent('DELETE', `/me/sessions/${encodeURIComponent(id)}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: sessionsKey }),
  })
}

export function useApiTokens(enabled: boolean) {
  return useQuery({ queryKey: tokensKey, queryFn: () => call('GET', '/me/tokens', ApiTokenList), enabled })
}

export function useCreateApiToken() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (name: string) => call('POST', '/me/tokens', ApiTokenCreated, { body: { name } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: tokensKey }),
  })
}

export function useRevokeApiToken() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => callNoContent('DELETE', `/me/tokens/${id}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: tokensKey }),
  })
}
