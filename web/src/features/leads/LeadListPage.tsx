import { Anchor, EmptyState, Group, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { IconMessageQuestion, IconSearch } from '@tabler/icons-react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate, useSearchParams } from 'react-router'
import { LEAD_STATUSES, type LeadStatus } from '../../../../src/modules/leads/schema.ts'
import { useFormatters } from '../../app/useFormatters.ts'
import { LoadMoreButton } from '../../components/LoadMoreButton.tsx'
import { PageLoader } from '../../components/PageLoader.tsx'
import { ModuleErrorAlert } from '../assets/ModuleErrorAlert.tsx'
import { useLeads } from './api.ts'
import { LeadStatusBadge } from './LeadStatusBadge.tsx'

const isStatus = (v: string | null): v is LeadStatus => (LEAD_STATUSES as readonly (string | null)[]).includes(v)

/** `/leads`: requests for advice and quotes from the public form, newest first. */
export function LeadListPage() {
  const { t } = useTranslation()
  const format = useFormatters()
  const navigate = useNavigate()
  const [params, setParams] = useSearchParams()
  const statusParam = params.get('status')
  const status = isStatus(statusParam) ? statusParam : null
  const [search, setSearch] = useState(params.get('q') ?? '')
  const [q] = useDebouncedValue(search, 300)
  const leads = useLeads({ status: status ?? undefined, q: q || undefined })
  const items = leads.data?.pages.flatMap((p) => p.items) ?? []

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('leads.title')}</Title>
        <Anchor component={Link} to="/advies" target="_blank" size="sm">
          {t('leads.formLink')}
        </Anchor>
      </Group>
      <Group align="flex-end">
        <TextInput
          label={t('common.search')}
          placeholder={t('leads.searchPlaceholder')}
          leftSection={<IconSearch size={16} />}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          type="search"
          w={300}
        />
        <Select
          label={t('leads.statusLabel')}
          placeholder={t('leads.allStatuses')}
          data={LEAD_STATUSES.map((s) => ({ value: s, label: t(`leads.status.${s}`) }))}
          value={status}
          onChange={(s) =>
            setParams(
              (prev) => {
                const next = new URLSearchParams(prev)
                if (s) {
                  next.set('status', s)
                } else {
                  next.delete('status')
                }
                return next
              },
              { replace: true },
            )
          }
          clearable
          w={220}
        />
      </Group>
      <ModuleErrorAlert error={leads.error} />
      {leads.isPending ? (
        <PageLoader />
      ) : items.length === 0 ? (
        <EmptyState
          icon={<IconMessageQuestion size={32} />}
          title={q || status ? t('leads.noneFound') : t('leads.empty')}
          description={q || status ? undefined : t('leads.emptyHint')}
        />
      ) : (
        <Table.ScrollContainer minWidth={760}>
          <Table highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('leads.company')}</Table.Th>
                <Table.Th>{t('leads.name')}</Table.Th>
                <Table.Th ta="right">{t('leads.servers')}</Table.Th>
                <Table.Th ta="right">{t('leads.workstations')}</Table.Th>
                <Table.Th>{t('leads.statusLabel')}</Table.Th>
                <Table.Th>{t('leads.received')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((lead) => (
                <Table.Tr
                  key={lead.id}
                  style={{ cursor: 'pointer' }}
                  onClick={() => void navigate(`/leads/${lead.id}`)}
                >
                  <Table.Td>
                    <Anchor component={Link} to={`/leads/${lead.id}`} onClick={(e) => e.stopPropagation()}>
                      {lead.company}
                    </Anchor>
                    <Text size="xs" c="dimmed" lineClamp={1}>
                      {lead.question}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{lead.name}</Text>
                    <Text size="xs" c="dimmed">
                      {lead.email}
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right">{lead.servers ?? '—'}</Table.Td>
                  <Table.Td ta="right">{lead.workstations ?? '—'}</Table.Td>
                  <Table.Td>
                    <LeadStatusBadge status={lead.status} />
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{format.shortDateTime(lead.createdAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <LoadMoreButton
        hasNextPage={leads.hasNextPage}
        isFetchingNextPage={leads.isFetchingNextPage}
        fetchNextPage={leads.fetchNextPage}
      />
    </Stack>
  )
}
