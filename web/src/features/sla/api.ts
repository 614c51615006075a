import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { z } from 'zod'
import { SlaPolicy } from '../../../../src/modules/sla/clock.ts'
import { PriorityRules } from '../../../../src/modules/sla/priority.ts'
import { call } from '../../app/apiClient.ts'

// The server's SlaConfig lives in src/modules/sla/service.ts and its CalendarSpec in calendar.ts, which bring the
// database and the holiday library along: the calendar part is described again here, as loosely as the form
// needs it. The server checks every field on save.
export const CalendarSpec = z.object({
  timeZone: z.string(),
  alwaysOpen: z.boolean(),
  hours: z.array(z.object({ day: z.number().int().min(1).max(7), from: z.string(), to: z.string() })),
  holidays: z.object({ country: z.string(), state: z.string().optional() }).nullable(),
  closures: z.array(z.string()),
})
export type CalendarSpec = z.infer<typeof CalendarSpec>

export const SlaConfig = z.object({
  calendars: z.record(z.string(), CalendarSpec),
  policy: SlaPolicy,
  priorityRules: PriorityRules,
  desk: z.object({ reopenDays: z.number().int() }),
})
export type SlaConfig = z.infer<typeof SlaConfig>

const slaConfigKey = ['sla', 'config'] as const

/** Staff only; portal contacts get 404 (and do not call it). */
export function useSlaConfig(enabled = true) {
  return useQuery({
    queryKey: slaConfigKey,
    queryFn: () => call('GET', '/sla/config', SlaConfig),
    staleTime: 5 * 60_000,
    enabled,
  })
}

export function useUpdateSlaConfig() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (config: SlaConfig) => call('PATCH', '/sla/config', SlaConfig, { body: config }),
    onSuccess: (config) => {
      queryClient.setQueryData(slaConfigKey, config)
      // Open tickets are recomputed by the server as they change; the lists show the new clocks after a reload.
      return queryClient.invalidateQueries({ queryKey: ['tickets'] })
    },
  })
}

const CustomerSlaPolicy = z.object({ custom: z.boolean(), policy: SlaPolicy })

/** Gives a customer its own policy, or with `null` puts it back on the default (admin). */
export function useSetCustomerSlaPolicy(customerId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (policy: SlaPolicy | null) =>
      call('PUT', `/customers/${customerId}/sla-policy`, CustomerSlaPolicy, { body: { policy } }),
    onSuccess: (answer) => {
      queryClient.setQueryData(['customers', customerId, 'sla-policy'], answer)
      return queryClient.invalidateQueries({ queryKey: ['tickets'] })
    },
  })
}
