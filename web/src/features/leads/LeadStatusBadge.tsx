import { Badge } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import type { LeadStatus } from '../../../../src/modules/leads/schema.ts'

const colors: Record<LeadStatus, string> = {
  new: 'blue',
  contacted: 'indigo',
  quoted: 'yellow',
  won: 'green',
  lost: 'gray',
}

export function LeadStatusBadge({ status }: { status: LeadStatus }) {
  const { t } = useTranslation()
  return (
    <Badge color={colors[status]} variant="light">
      {t(`leads.status.${status}`)}
    </Badge>
  )
}
