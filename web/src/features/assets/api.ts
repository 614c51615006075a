import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { z } from 'zod'
import {
  Asset,
  AssetPage,
  ImportResult,
  Site,
  Software,
  type AssetInputRaw,
  type AssetListQuery,
  type SiteCreate,
  type SitePatch,
  type SoftwareCreate,
  type SoftwarePatch,
} from '../../../../src/modules/assets/schema.ts'
import { call, callNoContent, toQueryString, upload } from '../../app/apiClient.ts'

export type AssetFilter = Partial<Omit<z.input<typeof AssetListQuery>, 'cursor' | 'limit'>>

const assetsKey = ['assets'] as const
const customerAssetsKey = (customerId: string) => [...assetsKey, 'customer', customerId] as const
const sitesKey = (customerId: string) => [...assetsKey, 'sites', customerId] as const
const softwareKey = (assetId: string) => [...assetsKey, 'software', assetId] as const

/** A customer has tens to a few hundred assets: large pages, so that the grouped view and the diagram see them all. */
const PAGE_SIZE = 200

export function useAssets(customerId: string, filter: AssetFilter) {
  return useInfiniteQuery({
    queryKey: [...customerAssetsKey(customerId), 'list', filter],
    queryFn: ({ pageParam }) =>
      call('GET', `/customers/${customerId}/assets`, AssetPage, {
        query: { ...filter, q: filter.q?.trim(), limit: PAGE_SIZE, cursor: pageParam },
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
    enabled: customerId !== '',
  })
}

/** Every change to an asset can move counts, warnings, relations and the monthly cost: all of them are refreshed. */
function useRefreshAssets(customerId: string) {
  const queryClient = useQueryClient()
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: customerAssetsKey(customerId) }),
      queryClient.invalidateQueries({ queryKey: sitesKey(customerId) }),
      queryClient.invalidateQueries({ queryKey: ['contracts', 'cost', customerId] }),
    ])
}

export function useCreateAsset(customerId: string) {
  const refresh = useRefreshAssets(customerId)
  return useMutation({
    mutationFn: (input: AssetInputRaw) => call('POST', `/customers/${customerId}/assets`, Asset, { body: input }),
    onSuccess: refresh,
  })
}

export function useUpdateAsset(customerId: string) {
  const refresh = useRefreshAssets(customerId)
  return useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: Record<string, unknown> }) =>
      call('PATCH', `/assets/${id}`, Asset, { body: patch }),
    onSuccess: refresh,
  })
}

/** Retires the asset: it stays on record (and under the "retired" filter), it no longer counts. */
export function useRetireAsset(customerId: string) {
  const refresh = useRefreshAssets(customerId)
  return useMutation({
    mutationFn: (id: string) => call('DELETE', `/assets/${id}`, Asset),
    onSuccess: refresh,
  })
}

const SiteList = z.object({ items: z.array(Site) })

export function useSites(customerId: string) {
  return useQuery({
    queryKey: sitesKey(customerId),
    queryFn: () => call('GET', `/customers/${customerId}/sites`, SiteList),
    select: (list) => list.items,
    enabled: customerId !== '',
  })
}

export function useCreateSite(customerId: string) {
  const refresh = useRefreshAssets(customerId)
  return useMutation({
    mutationFn: (input: z.input<typeof SiteCreate>) =>
      call('POST', `/customers/${customerId}/sites`, Site, { body: input }),
    onSuccess: refresh,
  })
}

export function useUpdateSite(customerId: string) {
  const refresh = useRefreshAssets(customerId)
  return useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: z.input<typeof SitePatch> }) =>
      call('PATCH', `/sites/${id}`, Site, { body: patch }),
    onSuccess: refresh,
  })
}

export function useDeleteSite(customerId: string) {
  const refresh = useRefreshAssets(customerId)
  return useMutation({
    mutationFn: (id: string) => callNoContent('DELETE', `/sites/${id}`),
    onSuccess: refresh,
  })
}

const SoftwareList = z.object({ items: z.array(Software) })

export function useSoftware(assetId: string) {
  return useQuery({
    queryKey: softwareKey(assetId),
    queryFn: () => call('GET', `/assets/${assetId}/software`, SoftwareList),
    select: (list) => list.items,
    enabled: assetId !== '',
  })
}

export function useAddSoftware(assetId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: z.input<typeof SoftwareCreate>) =>
      call('POST', `/assets/${assetId}/software`, Software, { body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: softwareKey(assetId) }),
  })
}

export function useUpdateSoftware(assetId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: z.input<typeof SoftwarePatch> }) =>
      call('PATCH', `/asset-software/${id}`, Software, { body: patch }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: softwareKey(assetId) }),
  })
}

export function useRemoveSoftware(assetId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => callNoContent('DELETE', `/asset-software/${id}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: softwareKey(assetId) }),
  })
}

export interface ImportRequest {
  file: File
  mode: 'dry-run' | 'import'
  validRowsOnly: boolean
  onProgress?: (share: number) => void
}

/** Sends the CSV file itself as the body; a dry run writes nothing and answers what an import would do. */
export function useImportAssets(customerId: string) {
  const refresh = useRefreshAssets(customerId)
  return useMutation({
    mutationFn: ({ file, mode, validRowsOnly, onProgress }: ImportRequest) =>
      // The browser may label a .csv file as anything (or nothing): the server reads the bytes as CSV either way.
      upload(`/customers/${customerId}/assets/import`, new Blob([file], { type: 'text/csv' }), ImportResult, {
        query: { mode, validRowsOnly: validRowsOnly ? 'true' : 'false' },
        onProgress,
      }),
    onSuccess: (result) => (result.mode === 'import' ? refresh() : undefined),
  })
}

/** The CSV download of the assets under the same filter; the session cookie goes along as with any link here. */
export function assetsCsvUrl(customerId: string, filter: AssetFilter): string {
  return `/api/customers/${customerId}/assets.csv${toQueryString({ ...filter, q: filter.q?.trim() })}`
}
