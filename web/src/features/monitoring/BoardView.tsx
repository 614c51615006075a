import { List, Stack, Text, Title } from '@mantine/core'
import { lazy, Suspense, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Board } from '../../../../src/modules/monitoring/schema.ts'
import { intlLocale } from '../../app/i18n.ts'
import { useFormatters } from '../../app/useFormatters.ts'
import { dayText } from './board.ts'
import type { JobTarget } from './JobHistoryModal.tsx'
import { MonitoringBoard } from './MonitoringBoard.tsx'
import { ReportDrawer, type ReportTarget } from './ReportDrawer.tsx'
import { ReviewModal, type ReviewTarget } from './ReviewModal.tsx'

interface BoardViewProps {
  board: Board
  showCustomers: boolean
  /** Admins and technicians mark days as read; others see who did. */
  canReview: boolean
  /** Under the board, the days that were read, by whom and when: the portal's account of the daily checks. */
  listReviews?: boolean
}

// The charts library is large: it loads when a job's history is first opened, not with the board.
const JobHistoryModal = lazy(async () => ({ default: (await import('./JobHistoryModal.tsx')).JobHistoryModal }))

/** The board with what opens from it: a cell's report, a job's history, and marking a day as read. */
export function BoardView({ board, showCustomers, canReview, listReviews = false }: BoardViewProps) {
  const { i18n } = useTranslation()
  const locale = intlLocale(i18n.language)
  const [report, setReport] = useState<ReportTarget | null>(null)
  const [job, setJob] = useState<JobTarget | null>(null)
  const [review, setReview] = useState<ReviewTarget | null>(null)

  return (
    <Stack>
      <MonitoringBoard
        board={board}
        showCustomers={showCustomers}
        onOpenCell={({ customerId, customerName, job: j, cell }) =>
          setReport({
            customerId,
            // On a customer's own page its name is the page's title already.
            customerName: showCustomers ? customerName : undefined,
            reportId: cell.reportId,
            eventId: cell.eventId,
            job: j.job,
            dayLabel: dayText(cell.day, locale),
            status: cell.status,
            runs: cell.runs,
          })
        }
        onOpenJob={(customer, j) =>
          setJob({
            customerId: customer.id,
            customerName: showCustomers ? customer.name : undefined,
            job: j.job,
            assetName: j.assetName,
          })
        }
        onReview={
          canReview
            ? (customer, dayIndex) => {
                const day = board.days[dayIndex]
                if (day) {
                  setReview({
                    customerId: customer.id,
                    customerName: customer.name,
                    day,
                    dayLabel: dayText(day, locale),
                  })
                }
              }
            : null
        }
      />
      {listReviews && <ReviewList board={board} />}
      <ReportDrawer target={report} onClose={() => setReport(null)} />
      {job && (
        <Suspense fallback={null}>
          <JobHistoryModal target={job} onClose={() => setJob(null)} />
        </Suspense>
      )}
      <ReviewModal target={review} onClose={() => setReview(null)} />
    </Stack>
  )
}

/** "Read by Jan on 30 Nov 2026, 08:12" per day, newest first, with the remarks. */
function ReviewList({ board }: { board: Board }) {
  const { t, i18n } = useTranslation()
  const format = useFormatters()
  const locale = intlLocale(i18n.language)
  const reviews = board.customers
    .flatMap((c) => c.reviews.map((r, i) => (r ? { review: r, day: board.days[i] ?? r.day } : null)))
    .filter((r) => r !== null)
    .reverse()
  return (
    <Stack gap="xs">
      <Title order={4}>{t('monitoring.review.listTitle')}</Title>
      {reviews.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('monitoring.review.noneYet')}
        </Text>
      ) : (
        <List spacing={4} size="sm">
          {reviews.map(({ review, day }) => (
            <List.Item key={`${review.customerId}:${day}`}>
              <Text size="sm" span fw={600}>
                {dayText(day, locale)}
              </Text>
              <Text size="sm" span>
                {' — '}
                {t('monitoring.review.readBy', { name: review.reviewerName, time: format.dateTime(review.reviewedAt) })}
              </Text>
              {review.remarks && (
                <Text size="sm" c="dimmed" style={{ whiteSpace: 'pre-wrap' }}>
                  {review.remarks}
                </Text>
              )}
            </List.Item>
          ))}
        </List>
      )}
    </Stack>
  )
}
