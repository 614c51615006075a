import { Badge } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import type { OutboxMail } from '../../../../src/modules/outbox/schema.ts'

const colors: Record<OutboxMail['status'], string> = { pending: 'yellow', sent: 'green', failed: 'red' }

export function OutboxStatusBadge({ status }: { status: OutboxMail['status'] }) {
  const { t } = useTranslation()
  return (
    <Badge color={colors[status]} variant="light">
      {t(`outbox.status.${status}`)}
    </Badge>
  )
}
