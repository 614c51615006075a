import { Anchor, Button, EmptyState, Group, Stack, Table, Text, Title } from '@mantine/core'
import { IconPencil, IconPlus, IconUsersGroup } from '@tabler/icons-react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import type { Team } from '../../../../src/modules/desk/schema.ts'
import { useFormatters } from '../../app/useFormatters.ts'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { PageLoader } from '../../components/PageLoader.tsx'
import { SuccessAlert } from '../../components/SuccessAlert.tsx'
import { useMe } from '../auth/api.ts'
import { useTeams } from './api.ts'
import { TeamFormModal } from './TeamFormModal.tsx'

/** `/settings/teams`: the teams of the desk and their leads. Staff read them; admins make and change them. */
export function TeamsPage() {
  const { t } = useTranslation()
  const format = useFormatters()
  const me = useMe()
  const isAdmin = me.data?.role === 'admin'
  const teams = useTeams()
  const [editing, setEditing] = useState<{ team: Team | null } | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const items = teams.data ?? []

  return (
    <Stack maw={900}>
      <Group justify="space-between">
        <Title order={2}>{t('teams.title')}</Title>
        {isAdmin && (
          <Button
            leftSection={<IconPlus size={16} />}
            onClick={() => {
              setNotice(null)
              setEditing({ team: null })
            }}
          >
            {t('teams.new')}
          </Button>
        )}
      </Group>
      <Text size="sm" c="dimmed">
        {t('teams.intro')}
        {!isAdmin && ` ${t('teams.adminOnly')}`}
      </Text>
      <SuccessAlert message={notice} onClose={() => setNotice(null)} />
      <ErrorAlert error={teams.error} />
      {teams.isPending ? (
        <PageLoader />
      ) : items.length === 0 ? (
        <EmptyState
          icon={<IconUsersGroup size={32} />}
          title={t('teams.empty')}
          description={isAdmin ? t('teams.emptyHint') : undefined}
        />
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('teams.name')}</Table.Th>
                <Table.Th>{t('teams.lead')}</Table.Th>
                <Table.Th>{t('teams.tickets')}</Table.Th>
                <Table.Th>{t('teams.createdAt')}</Table.Th>
                {isAdmin && <Table.Th>{t('common.actions')}</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((team) => (
                <Table.Tr key={team.id}>
                  <Table.Td fw={500}>{team.name}</Table.Td>
                  <Table.Td>
                    {team.leadName ?? (
                      <Text span size="sm" c="dimmed">
                        {t('teams.noLead')}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={`/tickets?queue=all&team=${team.id}`} size="sm">
                      {t('teams.openTickets')}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{format.date(team.createdAt)}</Table.Td>
                  {isAdmin && (
                    <Table.Td>
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        leftSection={<IconPencil size={12} />}
                        aria-label={t('teams.editLabel', { name: team.name })}
                        onClick={() => {
                          setNotice(null)
                          setEditing({ team })
                        }}
                      >
                        {t('common.edit')}
                      </Button>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {isAdmin && (
        <TeamFormModal
          editing={editing}
          onClose={() => setEditing(null)}
          onSaved={(team) => {
            setNotice(editing?.team ? t('common.saved') : t('teams.created', { name: team.name }))
            setEditing(null)
          }}
        />
      )}
    </Stack>
  )
}
