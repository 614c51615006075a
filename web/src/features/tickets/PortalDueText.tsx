import { Text } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import type { Ticket } from '../../../../src/modules/tickets/schema.ts'
import { useFormatters } from '../../app/useFormatters.ts'
import { nearestDue, slaSummary } from './slaClock.ts'
import { useCountdownNow } from './useNow.ts'

/**
 * What a customer is promised, in plain words: "Eerste reactie uiterlijk ma 2 mrt 13:00". No countdown and no
 * colours: the portal states the agreement, the desk watches the clock.
 */
export function PortalDueText({ ticket, size = 'sm' }: { ticket: Pick<Ticket, 'status' | 'sla'>; size?: string }) {
  const { t } = useTranslation()
  const format = useFormatters()
  const now = useCountdownNow(nearestDue(ticket)?.dueAt ?? null)
  const summary = slaSummary(ticket, now)
  switch (summary.kind) {
    case 'due':
    case 'overdue':
      return (
        <Text size={size}>
          {t('portal.dueBy', { what: t(`portal.clocks.${summary.clock}`), time: format.shortDateTime(summary.dueAt) })}
        </Text>
      )
    case 'paused':
      return (
        <Text size={size} c="dimmed">
          {ticket.status === 'waiting-customer' ? t('portal.waitingForYou') : t('portal.onHold')}
        </Text>
      )
    case 'done':
      return (
        <Text size={size} c="dimmed">
          {t('portal.handled')}
        </Text>
      )
    case 'none':
      return (
        <Text size={size} c="dimmed">
          {t('portal.noDeadline')}
        </Text>
      )
  }
}
