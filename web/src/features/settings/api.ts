import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { z } from 'zod'
import { Settings, type SettingsPatch } from '../../../../src/modules/settings/schema.ts'
import { call } from '../../app/apiClient.ts'
import { AssetsConfig } from '../../../../src/modules/assets/schema.ts'
import { brandingKey, meKey } from '../auth/api.ts'

const settingsKey = ['settings'] as const

export function useSettings() {
  return useQuery({ queryKey: settingsKey, queryFn: () => call('GET', '/settings', Settings) })
}

export function useUpdateSettings() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (patch: z.input<typeof SettingsPatch>) => call('PATCH', '/settings', Settings, { body: patch }),
    onSuccess: (settings) => {
      queryClient.setQueryData(settingsKey, settings)
      // The name and logo in the header come from the branding; requiring two-factor sign-in may oblige
      // the admin to enrol, which `me` tells.
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: brandingKey }),
        queryClient.invalidateQueries({ queryKey: meKey }),
        // The VAT rate is in every monthly price.
        queryClient.invalidateQueries({ queryKey: ['contracts'] }),
      ])
    },
  })
}

const assetsConfigKey = ['settings', 'assets-config'] as const

/** How old a UPS battery may get before the infrastructure page warns (admins). */
export function useAssetsConfig() {
  return useQuery({ queryKey: assetsConfigKey, queryFn: () => call('GET', '/assets-config', AssetsConfig) })
}

export function useUpdateAssetsConfig() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (config: AssetsConfig) => call('PATCH', '/assets-config', AssetsConfig, { body: config }),
    onSuccess: (config) => {
      queryClient.setQueryData(assetsConfigKey, config)
      // The warnings on every asset follow the new age.
      return queryClient.invalidateQueries({ queryKey: ['assets'] })
    },
  })
}
