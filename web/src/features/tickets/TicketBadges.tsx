import { Badge, Tooltip } from '@mantine/core'
import { IconAlertTriangleFilled } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import type { Ticket } from '../../../../src/modules/tickets/schema.ts'

const priorityColors: Record<Ticket['priority'], string> = {
  P1: 'red',
  P2: 'orange',
  P3: 'yellow',
  P4: 'blue',
  P5: 'gray',
}

const statusColors: Record<Ticket['status'], string> = {
  new: 'blue',
  open: 'indigo',
  'waiting-customer': 'yellow',
  'waiting-vendor': 'grape',
  resolved: 'green',
  closed: 'gray',
}

/** `P1 Calamiteit` in red down to `P5 Gepland` in grey; the code stays visible for those who think in P-levels. */
export function PriorityBadge({ priority }: { priority: Ticket['priority'] }) {
  const { t } = useTranslation()
  return (
    <Tooltip label={t('tickets.priorityHint')} openDelay={500}>
      <Badge
        color={priorityColors[priority]}
        variant={priority === 'P1' ? 'filled' : 'light'}
        leftSection={priority === 'P1' ? <IconAlertTriangleFilled size={12} /> : undefined}
      >
        {priority} {t(`tickets.priority.${priority}`)}
      </Badge>
    </Tooltip>
  )
}

export function StatusBadge({ status }: { status: Ticket['status'] }) {
  const { t } = useTranslation()
  return (
    <Badge color={statusColors[status]} variant="dot">
      {t(`tickets.status.${status}`)}
    </Badge>
  )
}
