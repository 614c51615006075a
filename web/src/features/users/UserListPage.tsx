import { Badge, Button, EmptyState, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { IconPlus, IconSearch, IconUsers } from '@tabler/icons-react'
import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { User } from '../../../../src/modules/users/schema.ts'
import { intlLocale } from '../../app/i18n.ts'
import { useFormatters } from '../../app/useFormatters.ts'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { LabeledSegmentedControl } from '../../components/LabeledSegmentedControl.tsx'
import { LoadMoreButton } from '../../components/LoadMoreButton.tsx'
import { PageLoader } from '../../components/PageLoader.tsx'
import { SuccessAlert } from '../../components/SuccessAlert.tsx'
import { useUsers, type UserKind } from './api.ts'
import { UserCreateModal } from './UserCreateModal.tsx'
import { UserEditModal } from './UserEditModal.tsx'
import { workHoursSummary } from './workHours.ts'

/** Short weekday names in `locale`, Monday first (1 January 2024 was a Monday). */
function shortDayNames(locale: string): string[] {
  const format = new Intl.DateTimeFormat(locale, { weekday: 'short', timeZone: 'UTC' })
  return [1, 2, 3, 4, 5, 6, 7].map((d) => format.format(Date.UTC(2024, 0, d)))
}

export function UserListPage() {
  const { t, i18n } = useTranslation()
  const format = useFormatters()
  const dayNames = useMemo(() => shortDayNames(intlLocale(i18n.language)), [i18n.language])
  const [kind, setKind] = useState<UserKind>('staff')
  const [search, setSearch] = useState('')
  const [q] = useDebouncedValue(search, 300)
  const [creating, setCreating] = useState(false)
  const [editing, setEditing] = useState<User | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const users = useUsers({ kind, q })
  const items = users.data?.pages.flatMap((p) => p.items) ?? []

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('users.title')}</Title>
        <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
          {t('users.new')}
        </Button>
      </Group>
      <SuccessAlert message={notice} onClose={() => setNotice(null)} />
      <Group align="flex-end">
        <TextInput
          label={t('common.search')}
          leftSection={<IconSearch size={16} />}
          type="search"
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          w={320}
        />
        <LabeledSegmentedControl<UserKind>
          label={t('users.kind')}
          value={kind}
          onChange={setKind}
          data={[
            { value: 'staff', label: t('users.kindStaff') },
            { value: 'contact', label: t('users.kindContact') },
            { value: 'all', label: t('users.kindAll') },
          ]}
        />
      </Group>
      <ErrorAlert error={users.error} />
      {users.isPending ? (
        <PageLoader />
      ) : items.length === 0 ? (
        <EmptyState icon={<IconUsers size={32} />} title={t('users.empty')} />
      ) : (
        <Table.ScrollContainer minWidth={960}>
          <Table highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('users.name')}</Table.Th>
                <Table.Th>{t('users.email')}</Table.Th>
                <Table.Th>{t('users.role')}</Table.Th>
                <Table.Th>{t('users.locale')}</Table.Th>
                <Table.Th>{t('users.status')}</Table.Th>
                <Table.Th>{t('workHours.column')}</Table.Th>
                <Table.Th>{t('users.lastLogin')}</Table.Th>
                <Table.Th>{t('common.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((u) => (
                <Table.Tr key={u.id}>
                  <Table.Td>{u.name}</Table.Td>
                  <Table.Td>{u.email}</Table.Td>
                  <Table.Td>{t(`roles.${u.role}`)}</Table.Td>
                  <Table.Td>{t(`language.${u.locale}`)}</Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {!u.active ? (
                        <Badge color="gray">{t('users.inactive')}</Badge>
                      ) : !u.hasPassword ? (
                        <Badge color="yellow">{t('users.invitedBadge')}</Badge>
                      ) : (
                        <Badge color="green">{t('users.activeBadge')}</Badge>
                      )}
                      {u.totpEnabled && (
                        <Badge variant="outline" color="teal">
                          {t('users.totpBadge')}
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    {u.role === 'contact' ? null : u.workHours ? (
                      <Text size="sm" title={u.workHours.timeZone}>
                        {workHoursSummary(u.workHours.hours, dayNames)}
                      </Text>
                    ) : (
                      <Text span c="dimmed" size="sm">
                        {t('workHours.businessShort')}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {u.lastLoginAt !== null ? (
                      format.dateTime(u.lastLoginAt)
                    ) : (
                      <Text span c="dimmed" size="sm">
                        {t('users.never')}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Button size="compact-xs" variant="subtle" onClick={() => setEditing(u)}>
                      {t('common.edit')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <LoadMoreButton
        hasNextPage={users.hasNextPage}
        isFetchingNextPage={users.isFetchingNextPage}
        fetchNextPage={users.fetchNextPage}
      />
      <UserCreateModal
        opened={creating}
        onClose={() => setCreating(false)}
        onSaved={(invited) => {
          setCreating(false)
          setNotice(invited ? t('users.createdInvited') : t('users.created'))
        }}
      />
      <UserEditModal
        user={editing}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null)
          setNotice(t('common.saved'))
        }}
      />
    </Stack>
  )
}
