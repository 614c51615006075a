import { ActionIcon, Anchor, Badge, Group, Stack, Table, Text, Tooltip } from '@mantine/core'
import { IconChartLine, IconCheck, IconCircleCheck, IconEye } from '@tabler/icons-react'
import { Fragment } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import type { Board, BoardCell, BoardCustomer, BoardJob, Review } from '../../../../src/modules/monitoring/schema.ts'
import { intlLocale } from '../../app/i18n.ts'
import { useFormatters } from '../../app/useFormatters.ts'
import { cellAt, dayHeader, dayStatus, dayText, isOpenDay, needsReview, type CellStatus } from './board.ts'
import { BoardCellButton } from './BoardCellButton.tsx'

export interface CellTarget {
  customerId: string
  customerName: string
  job: BoardJob
  cell: BoardCell
}

interface MonitoringBoardProps {
  board: Board
  /** Several customers: a heading row per customer with a link to it; one customer: no heading. */
  showCustomers: boolean
  onOpenCell?: (target: CellTarget) => void
  onOpenJob?: (customer: BoardCustomer, job: BoardJob) => void
  /** Null: read-only (the portal, billing staff). */
  onReview?: ((customer: BoardCustomer, dayIndex: number) => void) | null
}

const COLUMN = 44

/**
 * The morning board: per customer one row per backup job, one column per day (oldest left), and below each
 * customer a row to mark each day as read. Wide boards scroll sideways with the job names kept in view.
 */
export function MonitoringBoard({ board, showCustomers, onOpenCell, onOpenJob, onReview }: MonitoringBoardProps) {
  const { t, i18n } = useTranslation()
  const locale = intlLocale(i18n.language)
  const days = board.days.map((day, i) => ({
    day,
    i,
    header: dayHeader(day, locale),
    text: dayText(day, locale),
    open: isOpenDay(board, i),
  }))
  const colSpan = days.length + 1
  const openBackground = 'var(--mantine-color-blue-light)'

  return (
    <Table.ScrollContainer minWidth={260 + days.length * COLUMN}>
      <Table
        // As wide as its columns: the days stay next to the job names on a wide screen.
        w="auto"
        withRowBorders={false}
        verticalSpacing={4}
        horizontalSpacing={4}
        aria-label={t('monitoring.board.label')}
        style={{ borderCollapse: 'separate', borderSpacing: 0 }}
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th style={stickyStyle}>{t('monitoring.board.job')}</Table.Th>
            {days.map((d) => (
              <Table.Th
                key={d.day}
                w={COLUMN}
                ta="center"
                style={d.open ? { background: openBackground } : undefined}
                aria-label={d.open ? `${d.text} (${t('monitoring.board.openDay')})` : d.text}
              >
                <Tooltip label={d.open ? t('monitoring.board.openDayHint') : t('monitoring.board.dayHint')} withArrow>
                  <Stack gap={0} align="center">
                    <Text size="xs" c="dimmed" lh={1.2}>
                      {d.header.weekday}
                    </Text>
                    <Text size="xs" fw={600} lh={1.2} style={{ whiteSpace: 'nowrap' }}>
                      {d.header.date}
                    </Text>
                    {d.open && (
                      <Text size="10px" c="blue" fw={700} tt="uppercase" lh={1.2}>
                        {t('monitoring.board.open')}
                      </Text>
                    )}
                  </Stack>
                </Tooltip>
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {board.customers.map((customer) => (
            <Fragment key={customer.id}>
              {showCustomers && (
                <Table.Tr>
                  <Table.Td colSpan={colSpan} pt="md" style={{ borderTop: '1px solid var(--mantine-color-gray-3)' }}>
                    <Group gap="xs">
                      <Anchor component={Link} to={`/customers/${customer.id}/monitoring`} fw={600}>
                        {customer.name}
                      </Anchor>
                      {customer.openAlerts > 0 && (
                        <Badge color="red" variant="light" size="sm">
                          {t('monitoring.board.openAlerts', { count: customer.openAlerts })}
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              )}
              {customer.jobs.length === 0 && (
                <Table.Tr>
                  <Table.Td colSpan={colSpan}>
                    <Text size="sm" c="dimmed">
                      {t('monitoring.board.noJobs')}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              )}
              {customer.jobs.map((job) => (
                <Table.Tr key={job.jobKey}>
                  <Table.Td style={stickyStyle}>
                    <JobName job={job} onOpen={onOpenJob && (() => onOpenJob(customer, job))} />
                  </Table.Td>
                  {days.map((d) => {
                    const cell = cellAt(job, d.i)
                    return (
                      <Table.Td key={d.day} ta="center" style={d.open ? { background: openBackground } : undefined}>
                        {cell && (
                          <BoardCellButton
                            cell={cell}
                            job={job.job}
                            dayLabel={d.text}
                            onOpen={
                              onOpenCell &&
                              (() => onOpenCell({ customerId: customer.id, customerName: customer.name, job, cell }))
                            }
                          />
                        )}
                      </Table.Td>
                    )
                  })}
                </Table.Tr>
              ))}
              {customer.jobs.length > 0 && (
                <Table.Tr>
                  <Table.Td style={stickyStyle}>
                    <Text size="xs" c="dimmed">
                      {t('monitoring.board.read')}
                    </Text>
                  </Table.Td>
                  {days.map((d) => (
                    <Table.Td key={d.day} ta="center" style={d.open ? { background: openBackground } : undefined}>
                      <ReviewMark
                        review={customer.reviews[d.i] ?? null}
                        open={needsReview(customer, d.i)}
                        worst={dayStatus(customer, d.i)}
                        dayLabel={d.text}
                        customerName={customer.name}
                        onReview={onReview ? () => onReview(customer, d.i) : null}
                      />
                    </Table.Td>
                  ))}
                </Table.Tr>
              )}
            </Fragment>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  )
}

// The job names stay in view while the days scroll sideways.
const stickyStyle = {
  position: 'sticky',
  left: 0,
  zIndex: 1,
  background: 'var(--mantine-color-body)',
  minWidth: 220,
  maxWidth: 300,
} as const

function JobName({ job, onOpen }: { job: BoardJob; onOpen?: () => void }) {
  const { t } = useTranslation()
  return (
    <Group gap={6} wrap="nowrap">
      <Stack gap={0} style={{ minWidth: 0 }}>
        {onOpen ? (
          <Tooltip label={t('monitoring.history.open')} withArrow openDelay={300}>
            <Anchor
              component="button"
              type="button"
              size="sm"
              onClick={onOpen}
              ta="left"
              truncate
              aria-label={`${job.job}: ${t('monitoring.history.open')}`}
            >
              <Group gap={4} wrap="nowrap" component="span">
                <IconChartLine size={14} aria-hidden />
                <span>{job.job}</span>
              </Group>
            </Anchor>
          </Tooltip>
        ) : (
          <Text size="sm" truncate>
            {job.job}
          </Text>
        )}
        {job.assetName && (
          <Text size="xs" c="dimmed" truncate>
            {job.assetName}
          </Text>
        )}
      </Stack>
      {job.schedule === 'weekly' && (
        <Badge size="xs" variant="outline" color="gray">
          {t('monitoring.board.weekly')}
        </Badge>
      )}
      {!job.expected && (
        <Tooltip label={t('monitoring.board.unexpectedHint')} withArrow multiline w={260}>
          <Badge size="xs" variant="light" color="grape">
            {t('monitoring.board.unexpected')}
          </Badge>
        </Tooltip>
      )}
    </Group>
  )
}

function ReviewMark({
  review,
  open,
  worst,
  dayLabel,
  customerName,
  onReview,
}: {
  review: Review | null
  open: boolean
  worst: CellStatus
  dayLabel: string
  customerName: string
  onReview: (() => void) | null
}) {
  const { t } = useTranslation()
  const format = useFormatters()
  if (review) {
    const text = t('monitoring.review.readBy', { name: review.reviewerName, time: format.dateTime(review.reviewedAt) })
    return (
      <Tooltip
        label={
          <Stack gap={2}>
            <Text size="xs">{text}</Text>
            {review.remarks && (
              <Text size="xs" fs="italic" style={{ whiteSpace: 'pre-wrap' }}>
                {review.remarks}
              </Text>
            )}
          </Stack>
        }
        withArrow
        multiline
        maw={320}
      >
        <span role="img" aria-label={`${dayLabel}: ${text}`} style={{ display: 'inline-flex' }}>
          <IconCircleCheck size={20} color="var(--mantine-color-teal-7)" aria-hidden />
        </span>
      </Tooltip>
    )
  }
  if (!open) {
    return null
  }
  const label = t('monitoring.review.markDay', { day: dayLabel, name: customerName })
  if (!onReview) {
    return (
      <Tooltip label={t('monitoring.review.notRead')} withArrow>
        <span role="img" aria-label={`${dayLabel}: ${t('monitoring.review.notRead')}`}>
          <IconEye size={16} color="var(--mantine-color-gray-5)" aria-hidden />
        </span>
      </Tooltip>
    )
  }
  return (
    <Tooltip label={`${t('monitoring.review.mark')} (${t(`monitoring.status.${worst}`)})`} withArrow>
      <ActionIcon
        variant="outline"
        color={worst === 'ok' ? 'gray.6' : 'orange'}
        size="sm"
        aria-label={label}
        onClick={onReview}
      >
        <IconCheck size={14} />
      </ActionIcon>
    </Tooltip>
  )
}
