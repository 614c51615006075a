import { Badge } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import type { ReportStatus } from '../../../../src/modules/monitoring/schema.ts'

const COLORS: Record<ReportStatus, string> = { parsed: 'green', unparsed: 'orange', stored: 'gray' }

/** Whether sladesk understood a report: read, not understood (a person must look), or still waiting to be read. */
export function ReportStatusBadge({ status }: { status: ReportStatus }) {
  const { t } = useTranslation()
  return (
    <Badge color={COLORS[status]} variant="light">
      {t(`monitoring.reportStatus.${status}`)}
    </Badge>
  )
}
