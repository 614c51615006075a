import { Text, Timeline } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { useFormatters } from '../../app/useFormatters.ts'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { PageLoader } from '../../components/PageLoader.tsx'
import { useStaffUsers, useTimeline } from './api.ts'
import { eventColor, eventText } from './timelineEvent.ts'

/** Every event of the ticket, oldest first, with its instant and who (or which clock) did it. */
export function TimelinePanel({ ticketId, staff }: { ticketId: string; staff: boolean }) {
  const { t } = useTranslation()
  const format = useFormatters()
  const timeline = useTimeline(ticketId)
  const users = useStaffUsers(staff)
  const names = new Map((users.data ?? []).map((u) => [u.id, u.name]))
  const ctx = { dateTime: format.dateTime, userName: (id: string) => names.get(id) ?? null }

  if (timeline.isPending) {
    return <PageLoader />
  }
  if (timeline.isError) {
    return <ErrorAlert error={timeline.error} />
  }
  return (
    <Timeline bulletSize={14} lineWidth={2} active={-1}>
      {timeline.data.items.map((e) => (
        <Timeline.Item
          key={e.id}
          bullet={<span />}
          color={eventColor(e.type)}
          styles={{ itemBullet: { backgroundColor: `var(--mantine-color-${eventColor(e.type)}-5)`, border: 0 } }}
          title={<Text size="sm">{eventText(e, t, ctx)}</Text>}
        >
          <Text size="xs" c="dimmed">
            {format.dateTime(e.at)} · {e.actor === 'sladesk' ? t('timeline.system') : e.actor}
          </Text>
        </Timeline.Item>
      ))}
    </Timeline>
  )
}
