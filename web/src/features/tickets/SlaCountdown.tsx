import { Group, Stack, Text } from '@mantine/core'
import { IconClockPause, IconClockX } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import type { Ticket, TicketClock } from '../../../../src/modules/tickets/schema.ts'
import { useFormatters } from '../../app/useFormatters.ts'
import { formatDuration, formatHours, liveState, nearestDue, slaSummary, type ClockName } from './slaClock.ts'
import { useCountdownNow } from './useNow.ts'

/** Mantine colours of the SLA states: warning orange, breached red, paused grey. */
export const slaColors = {
  running: 'teal.8',
  warning: 'orange.7',
  breached: 'red.7',
  met: 'green.8',
  paused: 'gray.6',
  none: 'dimmed',
} as const

/**
 * The live countdown of a queue row: time left to the nearest pending deadline, or how long it is overdue, redrawn
 * every minute (every second in the last hour). Paused clocks are grey; finished tickets show how the SLA went.
 */
export function SlaCountdown({ ticket }: { ticket: Pick<Ticket, 'status' | 'sla'> }) {
  const { t } = useTranslation()
  const format = useFormatters()
  const now = useCountdownNow(nearestDue(ticket)?.dueAt ?? null)
  const summary = slaSummary(ticket, now)
  const clockLabel = (clock: ClockName) => t(`sla.clocks.${clock}`)

  switch (summary.kind) {
    case 'due':
      return (
        <Stack gap={0}>
          <Text size="sm" fw={600} c={slaColors[summary.state]} style={{ whiteSpace: 'nowrap' }}>
            {t('sla.remaining', { time: formatDuration((summary.dueAt - now) / 1000, t) })}
          </Text>
          <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
            {clockLabel(summary.clock)} · {format.shortDateTime(summary.dueAt)}
          </Text>
        </Stack>
      )
    case 'overdue':
      return (
        <Stack gap={0}>
          <Group gap={4} wrap="nowrap" align="flex-start">
            <IconClockX
              size={14}
              color="var(--mantine-color-red-7)"
              aria-hidden
              style={{ flexShrink: 0, marginTop: 3 }}
            />
            <Text size="sm" fw={600} c="red.7">
              {t('sla.overdue', { time: formatDuration((now - summary.dueAt) / 1000, t) })}
            </Text>
          </Group>
          <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
            {clockLabel(summary.clock)} · {format.shortDateTime(summary.dueAt)}
          </Text>
        </Stack>
      )
    case 'paused':
      return (
        <Stack gap={0}>
          <Group gap={4} wrap="nowrap">
            <IconClockPause size={14} color="var(--mantine-color-gray-6)" aria-hidden />
            <Text size="sm" c="gray.6">
              {t('sla.paused')}
            </Text>
          </Group>
          <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
            {summary.remainingSeconds !== null && summary.remainingSeconds > 0
              ? t('sla.pausedLeft', {
                  clock: clockLabel(summary.clock),
                  time: formatHours(summary.remainingSeconds, t),
                })
              : clockLabel(summary.clock)}
          </Text>
        </Stack>
      )
    case 'done':
      return (
        <Text size="sm" c={summary.outcome === 'met' ? 'green.7' : 'red.7'}>
          {t(`sla.outcome.${summary.outcome}`)}
        </Text>
      )
    case 'none':
      return (
        <Text size="sm" c="dimmed">
          {t('sla.noSla')}
        </Text>
      )
  }
}

/** One clock of a ticket in words, for the ticket page: deadline, time left or overdue, met or paused. */
export function ClockStatus({ clock, idleText }: { clock: TicketClock; idleText?: string }) {
  const { t } = useTranslation()
  const format = useFormatters()
  const dueAt = clock.dueAt === null ? null : Date.parse(clock.dueAt)
  const now = useCountdownNow(clock.metAt === null ? dueAt : null)
  const state = liveState(clock, now)
  if (clock.state === 'none') {
    return (
      <Text size="sm" c="dimmed">
        {idleText ?? t('sla.noClock')}
      </Text>
    )
  }
  if (clock.metAt !== null) {
    const late = clock.state === 'breached'
    return (
      <Stack gap={0}>
        <Text size="sm" fw={600} c={late ? 'red.7' : 'green.7'}>
          {t(late ? 'sla.metLate' : 'sla.met')}
        </Text>
        <Text size="xs" c="dimmed">
          {format.dateTime(Date.parse(clock.metAt))}
          {dueAt !== null && ` · ${t('sla.deadlineWas', { time: format.shortDateTime(dueAt) })}`}
        </Text>
      </Stack>
    )
  }
  if (state === 'paused' || dueAt === null) {
    return (
      <Stack gap={0}>
        <Text size="sm" c="gray.6">
          {t('sla.paused')}
        </Text>
        {clock.remainingSeconds !== null && (
          <Text size="xs" c="dimmed">
            {t('sla.left', { time: formatHours(Math.max(0, clock.remainingSeconds), t) })}
          </Text>
        )}
      </Stack>
    )
  }
  const overdue = now >= dueAt
  return (
    <Stack gap={0}>
      <Text size="sm" fw={600} c={overdue ? 'red.7' : slaColors[state === 'warning' ? 'warning' : 'running']}>
        {overdue
          ? t('sla.overdue', { time: formatDuration((now - dueAt) / 1000, t) })
          : t('sla.remaining', { time: formatDuration((dueAt - now) / 1000, t) })}
      </Text>
      <Text size="xs" c="dimmed">
        {t('sla.deadline', { time: format.dateTime(dueAt) })}
      </Text>
    </Stack>
  )
}
