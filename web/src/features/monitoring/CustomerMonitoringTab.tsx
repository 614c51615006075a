import { Badge, Card, Group, SegmentedControl, Stack, Text, Title } from '@mantine/core'
import { IconCircleCheck } from '@tabler/icons-react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { PageLoader } from '../../components/PageLoader.tsx'
import { useCustomerBoard } from './api.ts'
import { daysToReview } from './board.ts'
import { BoardView } from './BoardView.tsx'
import { IngestTokensSection } from './IngestTokensSection.tsx'
import { ReportList } from './ReportList.tsx'
import { UpsPanelTable } from './UpsPanelTable.tsx'

const RANGES = ['14', '28'] as const

interface CustomerMonitoringTabProps {
  customerId: string
  /** Staff see the reports and the ingest tokens too; a portal contact the board and its UPSes, read-only. */
  staff: boolean
  /** Admins and technicians: mark days as read, classify reports, manage tokens. */
  canWrite: boolean
}

/** One customer's backups day by day, its UPSes, and for staff the tokens that send the reports, and the reports. */
export function CustomerMonitoringTab({ customerId, staff, canWrite }: CustomerMonitoringTabProps) {
  const { t } = useTranslation()
  const [days, setDays] = useState<(typeof RANGES)[number]>('14')
  const board = useCustomerBoard(customerId, { days: Number(days) })
  const toReview = board.data ? daysToReview(board.data) : 0

  return (
    <Stack gap="lg">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={3}>{t('monitoring.customer.backups')}</Title>
          <Group gap="sm">
            {staff &&
              board.data &&
              (toReview > 0 ? (
                <Badge color="orange" variant="light" size="lg">
                  {t('monitoring.review.toReview', { count: toReview })}
                </Badge>
              ) : (
                <Badge color="teal" variant="light" size="lg" leftSection={<IconCircleCheck size={14} />}>
                  {t('monitoring.review.allRead')}
                </Badge>
              ))}
            <SegmentedControl
              size="xs"
              value={days}
              onChange={(v) => setDays(v)}
              data={RANGES.map((r) => ({ value: r, label: t('monitoring.filters.days', { count: Number(r) }) }))}
              aria-label={t('monitoring.filters.range')}
            />
          </Group>
        </Group>
        {!staff && (
          <Text size="sm" c="dimmed">
            {t('monitoring.customer.portalIntro')}
          </Text>
        )}
        <ErrorAlert error={board.error} />
        {board.isPending && <PageLoader />}
        {board.data && (
          <Card withBorder p="xs">
            <BoardView board={board.data} showCustomers={false} canReview={canWrite} listReviews={!staff} />
          </Card>
        )}
      </Stack>

      <Stack gap="sm">
        <Title order={3}>{t('monitoring.customer.ups')}</Title>
        <UpsPanelTable customerId={customerId} />
      </Stack>

      {staff && (
        <>
          <Stack gap="sm">
            <Title order={3}>{t('monitoring.customer.tokens')}</Title>
            <Text size="sm" c="dimmed">
              {t('monitoring.tokens.intro')}
            </Text>
            <IngestTokensSection customerId={customerId} canEdit={canWrite} />
          </Stack>
          <Stack gap="sm">
            <Title order={3}>{t('monitoring.customer.reports')}</Title>
            <ReportList customerId={customerId} canClassify={canWrite} />
          </Stack>
        </>
      )}
    </Stack>
  )
}
