import { useMutation } from '@tanstack/react-query'
import type { z } from 'zod'
import { LeadAccepted, type LeadSubmit } from '../../../../src/modules/leads/schema.ts'
import { call } from '../../app/apiClient.ts'

/** Sends the public advice form; no sign-in. The server limits how often one address may send (429). */
export function useSubmitLead() {
  return useMutation({
    mutationFn: (input: z.input<typeof LeadSubmit>) =>
      call('POST', '/public/leads', LeadAccepted, { body: input, allowUnauthorized: true }),
  })
}
