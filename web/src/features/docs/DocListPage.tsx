import {
  Anchor,
  Badge,
  Button,
  EmptyState,
  Group,
  Select,
  Stack,
  Table,
  Tabs,
  Text,
  TextInput,
  Title,
} from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { IconExternalLink, IconFileText, IconPlus, IconSearch } from '@tabler/icons-react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useSearchParams } from 'react-router'
import { DOC_STATUSES, type DocSummary } from '../../../../src/modules/docs/schema.ts'
import { useFormatters } from '../../app/useFormatters.ts'
import { LoadMoreButton } from '../../components/LoadMoreButton.tsx'
import { PageLoader } from '../../components/PageLoader.tsx'
import { dayMs } from '../assets/AssetBadges.tsx'
import { useMe } from '../auth/api.ts'
import { useDocKinds, useDocs, useKindName, useProducts, useReviewDue } from './api.ts'
import { DocDashboard } from './DocDashboard.tsx'
import { DocStatusBadge, VisibilityBadge } from './DocBadges.tsx'
import { DocErrorAlert } from './DocErrorAlert.tsx'
import classes from './docs.module.css'
import type { DocLanguage, DocStatus } from './docForm.ts'

const LANGUAGES: DocLanguage[] = ['nl', 'en']
const oneOf = <T extends string>(list: readonly T[], v: string | null): T | undefined => list.find((x) => x === v)

/** Who may write documents; billing staff read them. */
export const canWriteDocs = (role: string | undefined) => role === 'admin' || role === 'technician'

/**
 * `/documents`: every document, drafts included, with search and filters in the address (so that a view can be
 * bookmarked), the dashboard on top and the documents whose review is overdue in a tab of their own.
 */
export function DocListPage() {
  const { t } = useTranslation()
  const me = useMe()
  const [params, setParams] = useSearchParams()
  const view = params.get('view') === 'review' ? 'review' : 'all'
  const reviewDue = useReviewDue()

  const setView = (v: string | null) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev)
        if (v === 'review') {
          next.set('view', 'review')
        } else {
          next.delete('view')
        }
        return next
      },
      { replace: true },
    )

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('docs.title')}</Title>
        <Group gap="sm">
          <Anchor href="/docs" target="_blank" rel="noopener" size="sm">
            <Group gap={4} wrap="nowrap">
              <IconExternalLink size={14} />
              {t('docs.publicSite')}
            </Group>
          </Anchor>
          {canWriteDocs(me.data?.role) && (
            <Button component={Link} to="/documents/new" leftSection={<IconPlus size={16} />}>
              {t('docs.new')}
            </Button>
          )}
        </Group>
      </Group>
      <DocDashboard reviewLink="/documents?view=review" />
      <Tabs value={view} onChange={setView} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="all">{t('docs.tabs.all')}</Tabs.Tab>
          <Tabs.Tab
            value="review"
            rightSection={
              reviewDue.data && reviewDue.data.length > 0 ? (
                <Badge size="xs" circle color="orange">
                  {reviewDue.data.length}
                </Badge>
              ) : undefined
            }
          >
            {t('docs.tabs.review')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="all" pt="md">
          <AllDocs />
        </Tabs.Panel>
        <Tabs.Panel value="review" pt="md">
          <ReviewDueList />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  )
}

function AllDocs() {
  const { t } = useTranslation()
  const [params, setParams] = useSearchParams()
  const kinds = useDocKinds()
  const products = useProducts()
  const kindName = useKindName()
  const [search, setSearch] = useState(params.get('q') ?? '')
  const [q] = useDebouncedValue(search.trim(), 300)
  const kind = params.get('kind') ?? undefined
  const productId = params.get('product') ?? undefined
  const language = oneOf(LANGUAGES, params.get('language'))
  const status = oneOf<DocStatus>(DOC_STATUSES, params.get('status'))
  const docs = useDocs({ q: q || undefined, kind, productId, language, status })
  const items = docs.data?.pages.flatMap((p) => p.items) ?? []
  const filtered = Boolean(q || kind || productId || language || status)

  const setParam = (key: string, value: string | null) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev)
        if (value) {
          next.set(key, value)
        } else {
          next.delete(key)
        }
        return next
      },
      { replace: true },
    )

  return (
    <Stack>
      <Group align="flex-end" gap="sm">
        <TextInput
          label={t('common.search')}
          placeholder={t('docs.searchPlaceholder')}
          leftSection={<IconSearch size={16} />}
          value={search}
          onChange={(e) => {
            setSearch(e.currentTarget.value)
            setParam('q', e.currentTarget.value.trim() || null)
          }}
          type="search"
          w={300}
        />
        <Select
          label={t('docs.fields.kind')}
          placeholder={t('docs.filters.all')}
          data={(kinds.data ?? []).map((k) => ({ value: k.key, label: kindName(k.key) }))}
          value={kind ?? null}
          onChange={(v) => setParam('kind', v)}
          clearable
          w={180}
        />
        <Select
          label={t('docs.fields.product')}
          placeholder={t('docs.filters.all')}
          data={(products.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
          value={productId ?? null}
          onChange={(v) => setParam('product', v)}
          searchable
          clearable
          w={200}
        />
        <Select
          label={t('docs.fields.language')}
          placeholder={t('docs.filters.all')}
          data={LANGUAGES.map((l) => ({ value: l, label: t(`language.${l}`) }))}
          value={language ?? null}
          onChange={(v) => setParam('language', v)}
          clearable
          w={150}
        />
        <Select
          label={t('docs.fields.status')}
          placeholder={t('docs.filters.all')}
          data={DOC_STATUSES.map((s) => ({ value: s, label: t(`docs.status.${s}`) }))}
          value={status ?? null}
          onChange={(v) => setParam('status', v)}
          clearable
          w={160}
        />
      </Group>
      <DocErrorAlert error={docs.error} />
      {docs.isPending ? (
        <PageLoader />
      ) : items.length === 0 ? (
        <EmptyState
          icon={<IconFileText size={32} />}
          title={filtered ? t('docs.noneFound') : t('docs.empty')}
          description={filtered ? undefined : t('docs.emptyHint')}
        />
      ) : (
        <DocTable items={items} kindName={kindName} searching={q !== ''} />
      )}
      <LoadMoreButton
        hasNextPage={docs.hasNextPage}
        isFetchingNextPage={docs.isFetchingNextPage}
        fetchNextPage={docs.fetchNextPage}
      />
    </Stack>
  )
}

function DocTable({
  items,
  kindName,
  searching,
}: {
  items: DocSummary[]
  kindName: (key: string) => string
  searching: boolean
}) {
  const { t } = useTranslation()
  const format = useFormatters()
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table highlightOnHover verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('docs.fields.title')}</Table.Th>
            <Table.Th>{t('docs.fields.kind')}</Table.Th>
            <Table.Th>{t('docs.fields.product')}</Table.Th>
            <Table.Th>{t('docs.fields.language')}</Table.Th>
            <Table.Th>{t('docs.fields.visibility')}</Table.Th>
            <Table.Th>{t('docs.fields.status')}</Table.Th>
            <Table.Th>{t('docs.updated')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((doc) => (
            <Table.Tr key={doc.id}>
              <Table.Td maw={460}>
                <Anchor component={Link} to={`/documents/${doc.id}`} fw={500}>
                  {doc.title}
                </Anchor>
                {searching && doc.snippet ? (
                  <Text
                    size="xs"
                    c="dimmed"
                    lineClamp={2}
                    className={classes.snippet}
                    // The server escapes the text and adds only <mark>: this one field is HTML.
                    dangerouslySetInnerHTML={{ __html: doc.snippet }}
                  />
                ) : (
                  (doc.category || doc.tags.length > 0) && (
                    <Text size="xs" c="dimmed" lineClamp={1}>
                      {[doc.category, ...doc.tags.map((tag) => `#${tag}`)].filter(Boolean).join(' · ')}
                    </Text>
                  )
                )}
              </Table.Td>
              <Table.Td>{kindName(doc.kind)}</Table.Td>
              <Table.Td>{doc.productName ?? '—'}</Table.Td>
              <Table.Td>
                <Text size="sm" title={t(`language.${doc.language}`)}>
                  {doc.language.toUpperCase()}
                </Text>
              </Table.Td>
              <Table.Td>
                <VisibilityBadge visibility={doc.visibility} />
              </Table.Td>
              <Table.Td>
                <DocStatusBadge status={doc.status} />
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{format.date(doc.updatedAt)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  )
}

/** Published documents past their review day, the longest overdue first (the server's order). */
function ReviewDueList() {
  const { t } = useTranslation()
  const format = useFormatters()
  const kindName = useKindName()
  const due = useReviewDue()
  if (due.isPending) {
    return <PageLoader />
  }
  if (due.isError) {
    return <DocErrorAlert error={due.error} />
  }
  if (due.data.length === 0) {
    return <EmptyState icon={<IconFileText size={32} />} title={t('docs.review.none')} />
  }
  return (
    <Table.ScrollContainer minWidth={700}>
      <Table highlightOnHover verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('docs.fields.title')}</Table.Th>
            <Table.Th>{t('docs.fields.kind')}</Table.Th>
            <Table.Th>{t('docs.fields.product')}</Table.Th>
            <Table.Th>{t('docs.fields.visibility')}</Table.Th>
            <Table.Th>{t('docs.fields.reviewDue')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {due.data.map((doc) => (
            <Table.Tr key={doc.id}>
              <Table.Td>
                <Anchor component={Link} to={`/documents/${doc.id}`} fw={500}>
                  {doc.title}
                </Anchor>
              </Table.Td>
              <Table.Td>{kindName(doc.kind)}</Table.Td>
              <Table.Td>{doc.productName ?? '—'}</Table.Td>
              <Table.Td>
                <VisibilityBadge visibility={doc.visibility} />
              </Table.Td>
              <Table.Td c="orange.8" style={{ whiteSpace: 'nowrap' }}>
                {doc.reviewDue ? format.date(dayMs(doc.reviewDue)) : '—'}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  )
}
