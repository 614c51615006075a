import { Badge, Box, Card, Group, Stack, Table, Text, Title, Tooltip } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { TicketStatus } from '../../../../src/modules/tickets/schema.ts'
import { useFormatters } from '../../app/useFormatters.ts'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { PageLoader } from '../../components/PageLoader.tsx'
import { useSlaExplain, type ExplainSpan } from './api.ts'
import { ClockStatus } from './SlaCountdown.tsx'
import { clockNames, formatDuration, formatHours } from './slaClock.ts'
import { calendarName } from './calendarName.ts'

const spanColors: Record<ExplainSpan['kind'], string> = {
  counted: 'var(--mantine-color-indigo-5)',
  paused: 'var(--mantine-color-yellow-4)',
  'outside-hours': 'var(--mantine-color-gray-3)',
  holiday: 'var(--mantine-color-grape-3)',
  closure: 'var(--mantine-color-pink-3)',
}
const spanKinds = Object.keys(spanColors) as ExplainSpan['kind'][]

/**
 * The clocks explained: for each, which stretches of time counted towards the target, and which did not and why
 * (waiting for the customer, outside business hours, a public holiday by name). A bar to see it, a table to check it.
 */
export function SlaExplainPanel({ ticketId }: { ticketId: string }) {
  const { t } = useTranslation()
  const format = useFormatters()
  const explain = useSlaExplain(ticketId)

  if (explain.isPending) {
    return <PageLoader />
  }
  if (explain.isError) {
    return <ErrorAlert error={explain.error} />
  }
  const { sla } = explain.data
  const detail = (span: ExplainSpan) => {
    if (span.kind === 'paused') {
      const status = TicketStatus.safeParse(span.detail)
      return status.success ? t(`tickets.status.${status.data}`) : (span.detail ?? '')
    }
    return span.detail ?? ''
  }

  return (
    <Stack>
      <Group gap="md">
        {spanKinds.map((kind) => (
          <Group key={kind} gap={6}>
            <Box w={14} h={14} style={{ background: spanColors[kind], borderRadius: 3 }} />
            <Text size="xs">{t(`explain.kinds.${kind}`)}</Text>
          </Group>
        ))}
      </Group>
      {clockNames.map((name) => {
        const clock = sla[name]
        const spans = explain.data.explain[name]
        if (clock.state === 'none') {
          return (
            <Card key={name} withBorder>
              <Group justify="space-between">
                <Title order={4}>{t(`sla.clocks.${name}`)}</Title>
                <Text size="sm" c="dimmed">
                  {name === 'update' && sla.firstResponse.metAt === null
                    ? t('explain.updateNotStarted')
                    : t('sla.noClock')}
                </Text>
              </Group>
            </Card>
          )
        }
        const from = spans[0]?.from ?? 0
        const to = spans[spans.length - 1]?.to ?? from
        const total = Math.max(1, to - from)
        const counted = spans.filter((s) => s.kind === 'counted').reduce((sum, s) => sum + (s.to - s.from), 0)
        const dueAt = clock.dueAt === null ? null : Date.parse(clock.dueAt)
        // Where the deadline fell, when it lies inside the stretch shown.
        const dueShare = dueAt !== null && dueAt >= from && dueAt <= to ? (dueAt - from) / total : null
        return (
          <Card key={name} withBorder>
            <Stack gap="sm">
              <Group justify="space-between" align="flex-start">
                <Stack gap={2}>
                  <Title order={4}>{t(`sla.clocks.${name}`)}</Title>
                  {clock.targetSeconds !== null && (
                    <Text size="sm" c="dimmed">
                      {t('explain.target', {
                        time: formatHours(clock.targetSeconds, t),
                        calendar: calendarName(clock.calendar, t),
                      })}
                    </Text>
                  )}
                </Stack>
                <ClockStatus clock={clock} />
              </Group>
              <Text size="sm">
                {t('explain.counted', {
                  counted: formatHours(counted / 1000, t),
                  target: clock.targetSeconds === null ? '—' : formatHours(clock.targetSeconds, t),
                })}
              </Text>
              {spans.length > 0 && (
                <>
                  <Box pos="relative">
                    <Box
                      role="img"
                      aria-label={t('explain.barLabel', { clock: t(`sla.clocks.${name}`) })}
                      style={{
                        display: 'flex',
                        height: 22,
                        borderRadius: 4,
                        overflow: 'hidden',
                        border: '1px solid var(--mantine-color-gray-3)',
                      }}
                    >
                      {spans.map((s) => (
                        <Tooltip
                          key={`${s.from}-${s.kind}`}
                          label={`${t(`explain.kinds.${s.kind}`)}${detail(s) ? ` (${detail(s)})` : ''}: ${format.shortDateTime(s.from)} – ${format.shortDateTime(s.to)}`}
                        >
                          <Box
                            style={{
                              flexGrow: s.to - s.from,
                              flexBasis: 0,
                              minWidth: 2,
                              background: spanColors[s.kind],
                            }}
                          />
                        </Tooltip>
                      ))}
                    </Box>
                    {dueShare !== null && dueAt !== null && (
                      <Tooltip label={t('sla.deadline', { time: format.dateTime(dueAt) })}>
                        <Box
                          pos="absolute"
                          top={-4}
                          bottom={-4}
                          w={3}
                          bg="red.7"
                          style={{ left: `calc(${(dueShare * 100).toFixed(3)}% - 1px)`, borderRadius: 2 }}
                        />
                      </Tooltip>
                    )}
                  </Box>
                  <Group justify="space-between">
                    <Text size="xs" c="dimmed">
                      {format.shortDateTime(from)}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {clock.metAt !== null ? t('explain.untilMet') : t('explain.untilNow')} {format.shortDateTime(to)}
                    </Text>
                  </Group>
                  <Table.ScrollContainer minWidth={560}>
                    <Table striped withTableBorder fz="sm">
                      <Table.Thead>
                        <Table.Tr>
                          <Table.Th>{t('explain.from')}</Table.Th>
                          <Table.Th>{t('explain.to')}</Table.Th>
                          <Table.Th>{t('explain.length')}</Table.Th>
                          <Table.Th>{t('explain.kind')}</Table.Th>
                          <Table.Th>{t('explain.why')}</Table.Th>
                          <Table.Th>{t('tickets.columns.priority')}</Table.Th>
                        </Table.Tr>
                      </Table.Thead>
                      <Table.Tbody>
                        {spans.map((s) => (
                          <Table.Tr key={`${s.from}-${s.kind}`}>
                            <Table.Td style={{ whiteSpace: 'nowrap' }}>{format.shortDateTime(s.from)}</Table.Td>
                            <Table.Td style={{ whiteSpace: 'nowrap' }}>{format.shortDateTime(s.to)}</Table.Td>
                            <Table.Td style={{ whiteSpace: 'nowrap' }}>
                              {formatDuration((s.to - s.from) / 1000, t, false)}
                            </Table.Td>
                            <Table.Td>
                              <Badge
                                variant="light"
                                color={s.kind === 'counted' ? 'indigo' : s.kind === 'paused' ? 'yellow' : 'gray'}
                              >
                                {t(`explain.kinds.${s.kind}`)}
                              </Badge>
                            </Table.Td>
                            <Table.Td>{detail(s)}</Table.Td>
                            <Table.Td>{s.priority}</Table.Td>
                          </Table.Tr>
                        ))}
                      </Table.Tbody>
                    </Table>
                  </Table.ScrollContainer>
                </>
              )}
            </Stack>
          </Card>
        )
      })}
    </Stack>
  )
}
