import { Anchor, Button, DataList, Group, Select, Stack, Text } from '@mantine/core'
import { IconPencil, IconUserCheck } from '@tabler/icons-react'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { AffectedSystemsText } from './AffectedSystems.tsx'
import { Link } from 'react-router'
import { TicketStatus, type Ticket } from '../../../../src/modules/tickets/schema.ts'
import { useFormatters } from '../../app/useFormatters.ts'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { useMe } from '../auth/api.ts'
import { useTeams } from '../desk/api.ts'
import { useStaffUsers, useUpdateTicket } from './api.ts'
import { PriorityBadge } from './TicketBadges.tsx'

interface TicketDetailsCardProps {
  ticket: Ticket
  onEditClassification: () => void
}

/** The desk's controls and facts of a ticket: status, who handles it, classification, customer and requester. */
export function TicketDetailsCard({ ticket, onEditClassification }: TicketDetailsCardProps) {
  const { t } = useTranslation()
  const format = useFormatters()
  const me = useMe()
  const update = useUpdateTicket(ticket.id)
  const users = useStaffUsers()
  const teams = useTeams()
  const teamOptions = (teams.data ?? []).map((team) => ({ value: team.id, label: team.name }))
  const merged = ticket.mergedIntoId !== null
  const staffOptions = (users.data ?? []).map((u) => ({
    value: u.id,
    label: u.id === me.data?.id ? t('tickets.meSuffix', { name: u.name }) : u.name,
  }))
  // Someone who has left stays visible as the assignee until the ticket is handed over.
  if (ticket.assignee && !staffOptions.some((o) => o.value === ticket.assignee?.id)) {
    staffOptions.unshift({ value: ticket.assignee.id, label: ticket.assignee.name })
  }
  const mine = ticket.assignee?.id === me.data?.id

  const row = (label: string, value: ReactNode) => (
    <DataList.Item>
      <DataList.ItemLabel>{label}</DataList.ItemLabel>
      <DataList.ItemValue>{value}</DataList.ItemValue>
    </DataList.Item>
  )

  return (
    <Stack gap="sm">
      <Select
        label={t('tickets.fields.status')}
        data={TicketStatus.options.map((s) => ({ value: s, label: t(`tickets.status.${s}`) }))}
        value={ticket.status}
        onChange={(status) => {
          const parsed = TicketStatus.safeParse(status)
          if (parsed.success && parsed.data !== ticket.status) {
            update.mutate({ status: parsed.data })
          }
        }}
        allowDeselect={false}
        disabled={merged || update.isPending}
      />
      <Stack gap={4}>
        <Select
          label={t('tickets.fields.assignee')}
          placeholder={t('tickets.unassigned')}
          data={staffOptions}
          value={ticket.assignee?.id ?? null}
          onChange={(assigneeId) => {
            if (assigneeId !== (ticket.assignee?.id ?? null)) {
              update.mutate({ assigneeId })
            }
          }}
          searchable
          clearable
          nothingFoundMessage={t('common.nothingFound')}
          disabled={merged || update.isPending}
        />
        {!mine && !merged && me.data && (
          <Button
            variant="subtle"
            size="compact-sm"
            leftSection={<IconUserCheck size={14} />}
            onClick={() => update.mutate({ assigneeId: me.data?.id ?? null })}
            style={{ alignSelf: 'flex-start' }}
          >
            {t('tickets.assignToMe')}
          </Button>
        )}
      </Stack>
      {/* A desk without teams does not need the field; a ticket that has one keeps showing it. */}
      {(teamOptions.length > 0 || ticket.teamId !== null) && (
        <Select
          label={t('teams.label')}
          placeholder={t('teams.none')}
          data={teamOptions}
          value={ticket.teamId}
          onChange={(teamId) => {
            if (teamId !== ticket.teamId) {
              update.mutate({ teamId })
            }
          }}
          clearable
          nothingFoundMessage={t('common.nothingFound')}
          disabled={merged || update.isPending}
        />
      )}
      <ErrorAlert error={update.error} />
      <DataList labelWidth={110}>
        {row(
          t('tickets.columns.priority'),
          <Group gap={6}>
            <PriorityBadge priority={ticket.priority} />
          </Group>,
        )}
        {row(
          t('tickets.fields.type'),
          <Stack gap={0}>
            <Text size="sm">{t(`tickets.type.${ticket.type}`)}</Text>
            {ticket.severity && (
              <Text size="xs" c="dimmed">
                {t('tickets.severity.label')}: {t(`tickets.severity.${ticket.severity}`)}
              </Text>
            )}
            {(ticket.impact || ticket.urgency) && (
              <Text size="xs" c="dimmed">
                {t('tickets.impact.label')}: {ticket.impact ? t(`tickets.impact.${ticket.impact}`) : '—'} ·{' '}
                {t('tickets.urgency.label')}: {ticket.urgency ? t(`tickets.urgency.${ticket.urgency}`) : '—'}
              </Text>
            )}
          </Stack>,
        )}
        {row(
          t('tickets.fields.customer'),
          <Anchor component={Link} to={`/customers/${ticket.customerId}`} size="sm">
            {ticket.customerName}
          </Anchor>,
        )}
        {row(
          t('tickets.fields.requester'),
          ticket.requester ? (
            <Stack gap={0}>
              <Text size="sm">{ticket.requester.name}</Text>
              {ticket.requester.email && (
                <Anchor href={`mailto:${ticket.requester.email}`} size="xs">
                  {ticket.requester.email}
                </Anchor>
              )}
            </Stack>
          ) : (
            <Text size="sm" c="dimmed">
              —
            </Text>
          ),
        )}
        {row(t('tickets.fields.source'), t(`tickets.source.${ticket.source}`))}
        {row(t('tickets.fields.createdAt'), format.dateTime(ticket.createdAt))}
        {ticket.assetIds.length > 0 &&
          row(t('tickets.fields.affectedSystem'), <AffectedSystemsText ids={ticket.assetIds} />)}
        {ticket.tags.length > 0 && row(t('tickets.fields.tags'), ticket.tags.join(', '))}
      </DataList>
      {!merged && (
        <Button
          variant="default"
          size="xs"
          leftSection={<IconPencil size={14} />}
          onClick={onEditClassification}
          style={{ alignSelf: 'flex-start' }}
        >
          {t('classification.edit')}
        </Button>
      )}
    </Stack>
  )
}
