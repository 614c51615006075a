import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { z } from 'zod'
import { DocKind, DocPage, DocSummary, TicketDoc } from '../../../../src/modules/docs/schema.ts'
import { call, callNoContent } from '../../app/apiClient.ts'

/** Fewer letters than this find too much to be of help. */
export const SUGGEST_MIN_LENGTH = 3
/** The server takes at most this many characters as a query. */
const QUERY_MAX_LENGTH = 200

const SuggestList = z.object({ items: z.array(DocSummary) })
const KindList = z.object({ items: z.array(DocKind) })
const TicketDocList = z.object({ items: z.array(TicketDoc) })

/** Under the ticket's own key, so that whatever refreshes the ticket refreshes its documents too. */
const ticketDocsKey = (ticketId: string) => ['tickets', 'one', ticketId, 'docs'] as const

/** What a ticket title asks the suggestions for: '' (ask nothing) while it is too short to mean anything. */
export function suggestQuery(title: string): string {
  const q = title.trim().replace(/\s+/g, ' ').slice(0, QUERY_MAX_LENGTH).trim()
  return q.length >= SUGGEST_MIN_LENGTH ? q : ''
}

/** The server-rendered reading page of a document (not an SPA route: link to it with a plain `<a href>`). */
export function docPath(slug: string): string {
  return `/docs/${encodeURIComponent(slug)}`
}

/**
 * A link to a document as a reply carries it: replies and their mails are plain text, so the title and then the
 * address on its own (nothing glued to its end that a mail program would take for part of it).
 */
export function docLinkText(title: string, url: string): string {
  return `${title}: ${url}`
}

/**
 * `text` with `insert` in place of the selection `start`..`end`, set apart by a space from a word it would touch;
 * `caret` is where the cursor goes after it.
 */
export function insertAt(text: string, start: number, end: number, insert: string): { text: string; caret: number } {
  const from = Math.max(0, Math.min(start, text.length))
  const to = Math.max(from, Math.min(end, text.length))
  const before = text.slice(0, from)
  const after = text.slice(to)
  const lead = before !== '' && !/\s$/.test(before) ? ' ' : ''
  const trail = after !== '' && !/^\s/.test(after) ? ' ' : ''
  const piece = `${lead}${insert}${trail}`
  return { text: before + piece + after, caret: before.length + lead.length + insert.length }
}

/** A kind's name in the UI language; the key itself for a kind the list does not (yet) hold. */
export function kindName(kinds: readonly DocKind[] | undefined, key: string, language: string): string {
  const kind = kinds?.find((k) => k.key === key)
  if (!kind) {
    return key
  }
  return language === 'en' ? kind.nameEn : kind.nameNl
}

/** Up to five published documents that may answer `title` (the ticket form), or none while it is too short. */
export function useDocSuggestions(title: string) {
  const q = suggestQuery(title)
  const query = useQuery({
    queryKey: ['docs', 'suggest', q],
    queryFn: () => call('GET', '/docs/suggest', SuggestList, { query: { q } }),
    enabled: q !== '',
    // The list shown stays until the next one is there: no flicker, no jump while typing.
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  })
  return { q, items: q === '' ? [] : (query.data?.items ?? []) }
}

/**
 * Counts a suggestion as opened (for the deflection figures). Fire and forget: the reader is on its way to the
 * document, and a lost count must not bother it.
 */
export function markSuggestionOpened(docId: string, query: string): void {
  callNoContent('POST', `/docs/${docId}/opened`, { body: { query } }).catch(() => undefined)
}

/** The kinds of document with their names; they change seldom. */
export function useDocKinds() {
  return useQuery({
    queryKey: ['docs', 'kinds'],
    queryFn: () => call('GET', '/docs/kinds', KindList),
    staleTime: 10 * 60_000,
  })
}

/** Published documents matching `q` (the latest ones without it), for linking to a ticket. */
export function useDocSearch(q: string, enabled = true, readableBy?: string) {
  const text = q.trim().slice(0, QUERY_MAX_LENGTH)
  const query = { q: text, status: 'published' as const, limit: 10, ...(readableBy && { readableBy }) }
  return useQuery({
    queryKey: ['docs', 'list', query],
    queryFn: () => call('GET', '/docs', DocPage, { query }),
    enabled,
    placeholderData: keepPreviousData,
  })
}

/** The documents linked to a ticket that the caller may read. */
export function useTicketDocs(ticketId: string) {
  return useQuery({
    queryKey: ticketDocsKey(ticketId),
    queryFn: () => call('GET', `/tickets/${ticketId}/docs`, TicketDocList),
  })
}

/** Links a document to the ticket (staff); the answer is the new list. Linking one twice changes nothing. */
export function useLinkTicketDoc(ticketId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (docId: string) => call('POST', `/tickets/${ticketId}/docs`, TicketDocList, { body: { docId } }),
    onSuccess: (list) => queryClient.setQueryData(ticketDocsKey(ticketId), list),
  })
}

export function useUnlinkTicketDoc(ticketId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (docId: string) => callNoContent('DELETE', `/tickets/${ticketId}/docs/${docId}`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ticketDocsKey(ticketId) }),
  })
}
