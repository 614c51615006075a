import { List, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core'
import { IconCheck } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import type { ContractTerms as Terms } from '../../../../src/modules/contracts/schema.ts'
import type { Target } from '../../../../src/modules/sla/clock.ts'
import { useFormatters } from '../../app/useFormatters.ts'
import { priorities } from '../sla/slaForm.ts'
import { calendarName } from '../tickets/calendarName.ts'
import { formatHours } from '../tickets/slaClock.ts'
import { PriorityBadge } from '../tickets/TicketBadges.tsx'

/** What a contract covers (the services, the visits) and how fast the desk answers per priority. */
export function ContractTerms({ terms }: { terms: Terms }) {
  const { t } = useTranslation()
  const format = useFormatters()
  const s = terms.services
  const covered: string[] = [t('contracts.covered.callDesk')]
  if (s.remoteHelp) {
    covered.push(t('contracts.covered.remoteHelp'))
  }
  if (s.patchManagement) {
    covered.push(t('contracts.covered.patchManagement'))
  }
  if (s.backupChecks) {
    covered.push(t('contracts.covered.backupChecks'))
  }
  if (s.upsChecks) {
    covered.push(t('contracts.covered.upsChecks'))
  }
  if (s.documentation) {
    covered.push(t('contracts.covered.documentation'))
  }
  if (s.preventiveMaintenancePerYear > 0) {
    covered.push(t('contracts.covered.maintenance', { count: s.preventiveMaintenancePerYear }))
  }
  if (s.onsiteVisitsPerYear > 0) {
    covered.push(t('contracts.covered.visits', { count: s.onsiteVisitsPerYear }))
  }
  if (terms.price.serviceDiscountPercent > 0) {
    covered.push(t('contracts.covered.discount', { percent: format.number(terms.price.serviceDiscountPercent) }))
  }
  const target = (x: Target | null) =>
    x ? (
      <>
        {formatHours(x.seconds, t)}
        <Text span size="xs" c="dimmed">
          {' '}
          ({calendarName(x.calendar, t)})
        </Text>
      </>
    ) : (
      <Text span c="dimmed" size="sm">
        {t('contracts.noTarget')}
      </Text>
    )

  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="xl">
      <Stack gap="xs">
        <Title order={5}>{t('contracts.coveredTitle')}</Title>
        <List size="sm" spacing={4} icon={<IconCheck size={14} color="var(--mantine-color-green-7)" />}>
          {covered.map((line) => (
            <List.Item key={line}>{line}</List.Item>
          ))}
        </List>
      </Stack>
      <Stack gap="xs">
        <Title order={5}>{t('contracts.responseTitle')}</Title>
        <Table verticalSpacing={4} fz="sm" aria-label={t('contracts.responseTitle')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('tickets.columns.priority')}</Table.Th>
              <Table.Th>{t('sla.clocks.firstResponse')}</Table.Th>
              <Table.Th>{t('sla.clocks.resolution')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {priorities.map((p) => (
              <Table.Tr key={p}>
                <Table.Td>
                  <PriorityBadge priority={p} />
                </Table.Td>
                <Table.Td>{target(terms.policy.priorities[p].firstResponse)}</Table.Td>
                <Table.Td>{target(terms.policy.priorities[p].resolution)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Stack>
    </SimpleGrid>
  )
}
