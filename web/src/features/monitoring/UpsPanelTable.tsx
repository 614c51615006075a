import { Anchor, Badge, EmptyState, Stack, Table, Text, Tooltip } from '@mantine/core'
import { IconAlertTriangle, IconBatteryOff, IconClockExclamation } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import type { UpsPanelItem } from '../../../../src/modules/monitoring/schema.ts'
import { useFormatters } from '../../app/useFormatters.ts'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { PageLoader } from '../../components/PageLoader.tsx'
import { formatDuration } from '../tickets/slaClock.ts'
import { useUpsPanel } from './api.ts'
import { yearsSince } from './units.ts'
import { byUrgency, isKnownUpsState, upsStateColor } from './ups.ts'

/**
 * The last known state of every UPS (or one customer's), the worst first, read again every 30 seconds. Staff see
 * the customer column; a customer's own page leaves it out.
 */
export function UpsPanelTable({ customerId }: { customerId?: string }) {
  const { t } = useTranslation()
  const format = useFormatters()
  const panel = useUpsPanel(customerId)
  const showCustomer = customerId === undefined

  if (panel.isPending) {
    return <PageLoader />
  }
  if (panel.isError) {
    return <ErrorAlert error={panel.error} />
  }
  const items = byUrgency(panel.data.items)
  return (
    <Stack gap="xs">
      <Text size="xs" c="dimmed" aria-live="polite">
        {t('monitoring.ups.updated', { time: format.dateTime(panel.dataUpdatedAt) })}
      </Text>
      {items.length === 0 ? (
        <EmptyState
          icon={<IconBatteryOff size={32} />}
          title={t('monitoring.ups.empty')}
          description={t('monitoring.ups.emptyHint')}
        />
      ) : (
        <Table.ScrollContainer minWidth={1000}>
          <Table striped highlightOnHover aria-label={t('monitoring.ups.title')}>
            <Table.Thead>
              <Table.Tr>
                {showCustomer && <Table.Th>{t('monitoring.ups.customer')}</Table.Th>}
                <Table.Th>{t('monitoring.ups.ups')}</Table.Th>
                <Table.Th>{t('monitoring.ups.state')}</Table.Th>
                <Table.Th>{t('monitoring.ups.since')}</Table.Th>
                <Table.Th ta="right">{t('monitoring.ups.charge')}</Table.Th>
                <Table.Th ta="right">{t('monitoring.ups.runtime')}</Table.Th>
                <Table.Th ta="right">{t('monitoring.ups.load')}</Table.Th>
                <Table.Th ta="right">{t('monitoring.ups.inputVoltage')}</Table.Th>
                <Table.Th>{t('monitoring.ups.lastSeen')}</Table.Th>
                <Table.Th>{t('monitoring.ups.battery')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((item) => (
                <UpsRow key={`${item.customerId}:${item.ups}`} item={item} showCustomer={showCustomer} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  )
}

function UpsRow({ item, showCustomer }: { item: UpsPanelItem; showCustomer: boolean }) {
  const { t } = useTranslation()
  const format = useFormatters()
  const percent = (v: number | null) => (v === null ? '—' : `${format.number(v, 0)} %`)
  const now = Date.now()
  const age = yearsSince(item.batteryInstalledOn, now)
  const nowrap = { whiteSpace: 'nowrap' } as const
  return (
    <Table.Tr>
      {showCustomer && (
        <Table.Td>
          <Anchor component={Link} to={`/customers/${item.customerId}/monitoring`} size="sm">
            {item.customerName}
          </Anchor>
        </Table.Td>
      )}
      <Table.Td>
        <Text size="sm" fw={500} style={nowrap}>
          {item.assetName ?? item.ups}
        </Text>
        {item.assetName && item.assetName !== item.ups && (
          <Text size="xs" c="dimmed" style={nowrap}>
            {item.ups}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Tooltip label={item.message ?? ''} disabled={!item.message} withArrow multiline maw={360}>
          <Badge color={upsStateColor(item.state)} autoContrast variant="filled">
            {isKnownUpsState(item.state) ? t(`monitoring.upsStates.${item.state}`) : item.state}
          </Badge>
        </Tooltip>
      </Table.Td>
      <Table.Td style={nowrap}>
        <Text size="sm">{format.shortDateTime(item.since)}</Text>
        <Text size="xs" c="dimmed">
          {t('monitoring.ups.for', { duration: formatDuration(Math.max(0, now - item.since) / 1000, t, false) })}
        </Text>
      </Table.Td>
      <Table.Td ta="right">{percent(item.charge)}</Table.Td>
      <Table.Td ta="right" style={nowrap}>
        {item.runtimeSeconds === null ? '—' : formatDuration(item.runtimeSeconds, t, false)}
      </Table.Td>
      <Table.Td ta="right">{percent(item.loadPercent)}</Table.Td>
      <Table.Td ta="right" style={nowrap}>
        {item.inputVoltage === null ? '—' : `${format.number(item.inputVoltage, 0)} V`}
      </Table.Td>
      <Table.Td style={nowrap}>
        <Text size="sm" c={item.stale ? 'orange.8' : undefined}>
          {format.shortDateTime(item.lastSeenAt)}
        </Text>
        <Text size="xs" c="dimmed">
          {t(`monitoring.ups.sources.${item.source}`)}
        </Text>
        {item.stale && (
          <Tooltip label={t('monitoring.ups.staleHint')} withArrow multiline maw={280}>
            <Badge color="orange" variant="light" leftSection={<IconClockExclamation size={12} />}>
              {t('monitoring.ups.stale')}
            </Badge>
          </Tooltip>
        )}
      </Table.Td>
      <Table.Td style={nowrap}>
        {item.batteryInstalledOn === null ? (
          <Text size="sm" c="dimmed">
            {t('monitoring.ups.batteryUnknown')}
          </Text>
        ) : (
          <Stack gap={2} align="flex-start">
            <Text size="sm">{t('monitoring.ups.batteryAge', { count: age ?? 0 })}</Text>
            {item.batteryOld && (
              <Badge color="orange" variant="light" leftSection={<IconAlertTriangle size={12} />}>
                {t('monitoring.ups.batteryOld')}
              </Badge>
            )}
          </Stack>
        )}
      </Table.Td>
    </Table.Tr>
  )
}
