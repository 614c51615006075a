import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
  type QueryClient,
} from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { z } from 'zod'
import {
  Doc,
  DocAttachment,
  DocDiff,
  DocKind,
  DocPage,
  DocPreview,
  DocRevision,
  DocStats,
  DocSummary,
  Product,
  type DocCreate,
  type DocKindCreate,
  type DocListQuery,
  type DocPatch,
  type ProductCreate,
} from '../../../../src/modules/docs/schema.ts'
import { ApiError, call, upload } from '../../app/apiClient.ts'

export type DocFilter = Partial<Omit<z.input<typeof DocListQuery>, 'cursor' | 'limit'>>

export const docsKey = ['docs'] as const
const docKey = (id: string) => [...docsKey, 'one', id] as const
const revisionsKey = (id: string) => [...docsKey, 'revisions', id] as const

const KindList = z.object({ items: z.array(DocKind) })
const ProductList = z.object({ items: z.array(Product) })
const SummaryList = z.object({ items: z.array(DocSummary) })
const RevisionList = z.object({ items: z.array(DocRevision) })

export function useDocs(filter: DocFilter, enabled = true) {
  return useInfiniteQuery({
    queryKey: [...docsKey, 'list', filter],
    queryFn: ({ pageParam }) =>
      call('GET', '/docs', DocPage, { query: { ...filter, q: filter.q?.trim(), cursor: pageParam } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
    enabled,
  })
}

/** The dashboard figures of the last 30 days (the server's default period). */
export function useDocStats() {
  return useQuery({ queryKey: [...docsKey, 'stats'], queryFn: () => call('GET', '/docs/stats', DocStats) })
}

export function useReviewDue(enabled = true) {
  return useQuery({
    queryKey: [...docsKey, 'review-due'],
    queryFn: () => call('GET', '/docs/review-due', SummaryList),
    select: (list) => list.items,
    enabled,
  })
}

export function useDocKinds() {
  return useQuery({
    queryKey: [...docsKey, 'kinds'],
    queryFn: () => call('GET', '/docs/kinds', KindList),
    select: (list) => list.items,
    staleTime: 5 * 60_000,
  })
}

export function useProducts() {
  return useQuery({
    queryKey: ['products'],
    queryFn: () => call('GET', '/products', ProductList),
    select: (list) => list.items,
    staleTime: 5 * 60_000,
  })
}

/**
 * A document by its id. The API reads documents by slug only, so the id leads to the newest revision, whose
 * filing names the current slug. One function, so that a direct by-id route can replace the three requests.
 */
function fetchDoc(id: string): Promise<Doc> {
  return call('GET', `/docs/by-id/${encodeURIComponent(id)}`, Doc)
}

export function useDoc(id: string) {
  return useQuery({
    queryKey: docKey(id),
    queryFn: () => fetchDoc(id),
    enabled: id !== '',
    // A refetch on focus would not change the open form, only confuse what "the saved version" is.
    refetchOnWindowFocus: false,
    retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
  })
}

function storeDoc(queryClient: QueryClient, doc: Doc) {
  queryClient.setQueryData(docKey(doc.id), doc)
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: [...docsKey, 'list'] }),
    queryClient.invalidateQueries({ queryKey: [...docsKey, 'stats'] }),
    queryClient.invalidateQueries({ queryKey: [...docsKey, 'review-due'] }),
    queryClient.invalidateQueries({ queryKey: revisionsKey(doc.id) }),
  ])
}

export function useCreateDoc() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: z.input<typeof DocCreate>) => call('POST', '/docs', Doc, { body: input }),
    onSuccess: (doc) => storeDoc(queryClient, doc),
  })
}

export function useUpdateDoc(id: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (patch: z.input<typeof DocPatch>) => call('PATCH', `/docs/${id}`, Doc, { body: patch }),
    onSuccess: (doc) => storeDoc(queryClient, doc),
  })
}

/** Reads the document again, e.g. after someone else saved it (409 doc_changed). */
export function useReloadDoc(id: string) {
  const queryClient = useQueryClient()
  return () => queryClient.fetchQuery({ queryKey: docKey(id), queryFn: () => fetchDoc(id), staleTime: 0 })
}

/** The rendered Markdown as the document will show it. */
export function usePreview(body: string, enabled: boolean) {
  return useQuery({
    queryKey: [...docsKey, 'preview', body],
    queryFn: () => call('POST', '/docs/preview', DocPreview, { body: { body } }),
    enabled,
    placeholderData: keepPreviousData,
    staleTime: Infinity,
    gcTime: 60_000,
  })
}

export function useRevisions(id: string) {
  return useQuery({
    queryKey: revisionsKey(id),
    queryFn: () => call('GET', `/docs/${id}/revisions`, RevisionList),
    select: (list) => [...list.items].sort((a, b) => b.revision - a.revision),
  })
}

export function useDiff(id: string, from: number | null, to: number | null) {
  return useQuery({
    queryKey: [...docsKey, 'diff', id, from, to],
    queryFn: () => call('GET', `/docs/${id}/diff`, DocDiff, { query: { from, to } }),
    enabled: from !== null && to !== null && from !== to,
    staleTime: Infinity,
  })
}

export function useRestoreRevision(id: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (n: number) => call('POST', `/docs/${id}/revisions/${n}/restore`, Doc),
    onSuccess: (doc) => storeDoc(queryClient, doc),
  })
}

export function useCreateKind() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: z.input<typeof DocKindCreate>) => call('POST', '/docs/kinds', DocKind, { body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [...docsKey, 'kinds'] }),
  })
}

export function useCreateProduct() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: z.input<typeof ProductCreate>) => call('POST', '/products', Product, { body: input }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['products'] }),
  })
}

/** Uploads one file as the raw body; the same name again replaces the earlier file. */
export function useUploadDocAttachment(id: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ file, onProgress }: { file: File; onProgress: (share: number) => void }) =>
      upload(`/docs/${id}/attachments`, file, DocAttachment, { query: { filename: file.name }, onProgress }),
    onSuccess: (attachment) => {
      queryClient.setQueryData<Doc>(docKey(id), (doc) =>
        doc
          ? {
              ...doc,
              attachments: [...doc.attachments.filter((a) => a.name !== attachment.name), attachment],
            }
          : doc,
      )
    },
  })
}

export const attachmentUrl = (docId: string, name: string) =>
  `/api/docs/${docId}/attachments/${encodeURIComponent(name)}`

/** The server-rendered public page of a document (not an SPA route). */
export const publicDocUrl = (slug: string) => `/docs/${encodeURIComponent(slug)}`

/** The name of a kind of document in the current language (the key while the kinds are on their way). */
export function useKindName(): (key: string) => string {
  const { i18n } = useTranslation()
  const kinds = useDocKinds()
  return (key) => {
    const kind = kinds.data?.find((k) => k.key === key)
    return kind ? (i18n.language === 'en' ? kind.nameEn : kind.nameNl) : key
  }
}
