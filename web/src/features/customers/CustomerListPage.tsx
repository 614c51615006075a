import { Anchor, Badge, Button, EmptyState, Group, Stack, Table, TextInput, Title } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { IconAddressBook, IconPlus, IconSearch } from '@tabler/icons-react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate } from 'react-router'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { LabeledSegmentedControl } from '../../components/LabeledSegmentedControl.tsx'
import { LoadMoreButton } from '../../components/LoadMoreButton.tsx'
import { PageLoader } from '../../components/PageLoader.tsx'
import { SuccessAlert } from '../../components/SuccessAlert.tsx'
import { useCustomers, type ArchivedFilter } from './api.ts'
import { CustomerFormModal } from './CustomerFormModal.tsx'

export function CustomerListPage() {
  const { t } = useTranslation()
  const navigate = useNavigate()
  const [search, setSearch] = useState('')
  const [q] = useDebouncedValue(search, 300)
  const [archived, setArchived] = useState<ArchivedFilter>('exclude')
  const [creating, setCreating] = useState(false)
  const [notice, setNotice] = useState<string | null>(null)
  const customers = useCustomers({ q, archived })
  const items = customers.data?.pages.flatMap((p) => p.items) ?? []

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('customers.title')}</Title>
        <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
          {t('customers.new')}
        </Button>
      </Group>
      <SuccessAlert message={notice} onClose={() => setNotice(null)} />
      <Group align="flex-end">
        <TextInput
          label={t('common.search')}
          leftSection={<IconSearch size={16} />}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          type="search"
          w={320}
        />
        <LabeledSegmentedControl<ArchivedFilter>
          label={t('customers.show')}
          value={archived}
          onChange={setArchived}
          data={[
            { value: 'exclude', label: t('customers.filterActive') },
            { value: 'include', label: t('customers.filterAll') },
            { value: 'only', label: t('customers.filterArchived') },
          ]}
        />
      </Group>
      <ErrorAlert error={customers.error} />
      {customers.isPending ? (
        <PageLoader />
      ) : items.length === 0 ? (
        <EmptyState
          icon={<IconAddressBook size={32} />}
          title={q ? t('customers.noneFound') : t('customers.empty')}
          description={q ? undefined : t('customers.emptyHint')}
        />
      ) : (
        <Table.ScrollContainer minWidth={600}>
          <Table highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('customers.name')}</Table.Th>
                <Table.Th>{t('customers.city')}</Table.Th>
                <Table.Th>{t('customers.keyContact')}</Table.Th>
                <Table.Th>{t('customers.contactCount')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((c) => (
                <Table.Tr key={c.id} style={{ cursor: 'pointer' }} onClick={() => void navigate(`/customers/${c.id}`)}>
                  <Table.Td>
                    <Group gap="xs">
                      <Anchor component={Link} to={`/customers/${c.id}`} onClick={(e) => e.stopPropagation()}>
                        {c.name}
                      </Anchor>
                      {c.archivedAt !== null && (
                        <Badge color="gray" variant="light">
                          {t('common.archived')}
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td>{c.city ?? ''}</Table.Td>
                  <Table.Td>{c.keyContact?.name ?? ''}</Table.Td>
                  <Table.Td>{c.contactCount}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <LoadMoreButton
        hasNextPage={customers.hasNextPage}
        isFetchingNextPage={customers.isFetchingNextPage}
        fetchNextPage={customers.fetchNextPage}
      />
      <CustomerFormModal
        opened={creating}
        customer={null}
        onClose={() => setCreating(false)}
        onSaved={() => {
          setCreating(false)
          setNotice(t('customers.created'))
        }}
      />
    </Stack>
  )
}
