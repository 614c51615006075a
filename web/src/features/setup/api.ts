import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { z } from 'zod'
import type { SetupInput } from '../../../../src/modules/settings/schema.ts'
import { LoginResult, SetupStatus } from '../../../../src/modules/users/schema.ts'
import { call } from '../../app/apiClient.ts'
import { brandingKey, startSession } from '../auth/api.ts'

export const setupKey = ['setup'] as const

export function useSetupStatus() {
  return useQuery({
    queryKey: setupKey,
    queryFn: () => call('GET', '/setup', SetupStatus),
    staleTime: Infinity,
  })
}

/** Installs sladesk: creates the company and the first admin, and signs that admin in. */
export function useCompleteSetup() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: z.output<typeof SetupInput>) => call('POST', '/setup', LoginResult, { body: input }),
    onSuccess: (result) => {
      startSession(queryClient, result)
      queryClient.setQueryData(setupKey, { needed: false })
      void queryClient.invalidateQueries({ queryKey: brandingKey })
    },
  })
}
