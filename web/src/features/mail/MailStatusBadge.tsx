import { Badge } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import type { InboundMailView } from '../../../../src/modules/mailin/schema.ts'

const colors: Record<InboundMailView['status'], string> = {
  stored: 'blue',
  triage: 'orange',
  failed: 'red',
  ignored: 'gray',
  ticket: 'green',
  reply: 'teal',
  report: 'grape',
}

export function MailStatusBadge({ status }: { status: InboundMailView['status'] }) {
  const { t } = useTranslation()
  return (
    <Badge color={colors[status]} variant="light">
      {t(`mail.status.${status}`)}
    </Badge>
  )
}
