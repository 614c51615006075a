import { Anchor, Group, Stack, Table, Text } from '@mantine/core'
import { IconPhone } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate } from 'react-router'
import type { Ticket } from '../../../../src/modules/tickets/schema.ts'
import { useFormatters } from '../../app/useFormatters.ts'
import { PortalDueText } from './PortalDueText.tsx'
import { SlaCountdown } from './SlaCountdown.tsx'
import { PriorityBadge, StatusBadge } from './TicketBadges.tsx'

interface TicketTableProps {
  tickets: Ticket[]
  /** Staff see the customer and who handles it; a portal contact sees who reported it instead. */
  view: 'staff' | 'portal'
}

const isActive = (t: Ticket) => t.status !== 'resolved' && t.status !== 'closed'

/** The rows of a queue. A live calamity row is tinted red, so that it cannot be missed in a long list. */
export function TicketTable({ tickets, view }: TicketTableProps) {
  const { t } = useTranslation()
  const format = useFormatters()
  const navigate = useNavigate()
  const staff = view === 'staff'

  return (
    <Table.ScrollContainer minWidth={staff ? 960 : 760}>
      <Table highlightOnHover verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={150}>{t('tickets.columns.ticket')}</Table.Th>
            <Table.Th miw={200}>{t('tickets.columns.title')}</Table.Th>
            {staff && <Table.Th>{t('tickets.columns.customer')}</Table.Th>}
            {staff ? (
              <Table.Th>{t('tickets.columns.assignee')}</Table.Th>
            ) : (
              <Table.Th>{t('tickets.columns.requester')}</Table.Th>
            )}
            <Table.Th>{t('tickets.columns.status')}</Table.Th>
            <Table.Th w={staff ? 210 : 230}>
              {staff ? t('tickets.columns.sla') : t('tickets.columns.expected')}
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {tickets.map((ticket) => {
            const calamity = ticket.priority === 'P1' && isActive(ticket)
            return (
              <Table.Tr
                key={ticket.id}
                bg={calamity ? 'var(--mantine-color-red-light)' : undefined}
                style={{ cursor: 'pointer' }}
                onClick={() => void navigate(`/tickets/${ticket.id}`)}
              >
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  <Stack gap={4} align="flex-start">
                    <Anchor
                      component={Link}
                      to={`/tickets/${ticket.id}`}
                      onClick={(e) => e.stopPropagation()}
                      ff="monospace"
                      size="sm"
                    >
                      {ticket.number}
                    </Anchor>
                    <PriorityBadge priority={ticket.priority} />
                  </Stack>
                </Table.Td>
                <Table.Td>
                  <Stack gap={0}>
                    <Text size="sm" fw={500} lineClamp={2}>
                      {ticket.title}
                    </Text>
                    <Group gap={4} wrap="nowrap">
                      {ticket.source === 'phone' && <IconPhone size={12} aria-label={t('tickets.source.phone')} />}
                      <Text size="xs" c="dimmed">
                        {t(`tickets.type.${ticket.type}`)} · {format.shortDateTime(ticket.createdAt)}
                      </Text>
                    </Group>
                  </Stack>
                </Table.Td>
                {staff && (
                  <Table.Td>
                    <Text size="sm">{ticket.customerName}</Text>
                    {ticket.requester && (
                      <Text size="xs" c="dimmed">
                        {ticket.requester.name}
                      </Text>
                    )}
                  </Table.Td>
                )}
                <Table.Td>
                  {staff ? (
                    ticket.assignee ? (
                      <Text size="sm">{ticket.assignee.name}</Text>
                    ) : (
                      <Text size="sm" c="dimmed" fs="italic" style={{ whiteSpace: 'nowrap' }}>
                        {t('tickets.unassigned')}
                      </Text>
                    )
                  ) : (
                    <Text size="sm">{ticket.requester?.name ?? ''}</Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <StatusBadge status={ticket.status} />
                </Table.Td>
                <Table.Td>{staff ? <SlaCountdown ticket={ticket} /> : <PortalDueText ticket={ticket} />}</Table.Td>
              </Table.Tr>
            )
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  )
}
