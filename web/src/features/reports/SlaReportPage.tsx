import { Alert, Anchor, Button, Card, Container, Group, Select, Stack, Table, Text, Title } from '@mantine/core'
import { IconDownload, IconInfoCircle, IconPrinter } from '@tabler/icons-react'
import { useMemo, useState, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useSearchParams } from 'react-router'
import { Priority } from '../../../../src/modules/tickets/schema.ts'
import { useFormatters } from '../../app/useFormatters.ts'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { PageLoader } from '../../components/PageLoader.tsx'
import { useBranding, useMe } from '../auth/api.ts'
import { CustomerSelect } from '../tickets/CustomerSelect.tsx'
import { PriorityBadge } from '../tickets/TicketBadges.tsx'
import {
  slaReportCsvUrl,
  useSlaReport,
  type ReportClock,
  type ReportQuery,
  type ReportRow,
  type SlaReport,
} from './api.ts'
import classes from './SlaReportPage.module.css'
import {
  defaultReportMonth,
  judged,
  monthOf,
  monthStart,
  recentMonths,
  reportDuration,
  reportHeadline,
} from './slaReport.ts'

const MONTHS_BACK = 24

/**
 * `/reports/sla`: which promises were kept in a month, per priority. Staff choose a customer (or all of them);
 * a portal contact sees its own organisation's, and only as its key contact.
 */
export function SlaReportPage() {
  const { t } = useTranslation()
  const me = useMe()
  if (!me.data) {
    return <PageLoader />
  }
  if (me.data.kind === 'contact' && !me.data.keyContact) {
    return (
      <Container size="sm" py="xl">
        <Alert color="blue" icon={<IconInfoCircle size={18} />} title={t('report.title')}>
          {t('report.notKeyContact')}
        </Alert>
      </Container>
    )
  }
  return <SlaReportView staff={me.data.kind === 'staff'} />
}

function SlaReportView({ staff }: { staff: boolean }) {
  const { t } = useTranslation()
  const format = useFormatters()
  const [params, setParams] = useSearchParams()
  // The choice of months is fixed for the visit: a page left open over midnight keeps its list.
  const [now] = useState(() => Date.now())
  const months = useMemo(() => recentMonths(now, MONTHS_BACK), [now])
  const currentMonth = monthOf(now)
  const monthParam = params.get('month')
  const month = monthParam && !Number.isNaN(monthStart(monthParam)) ? monthParam : defaultReportMonth(now)
  const customerId = staff ? (params.get('customer') ?? undefined) : undefined
  const query: ReportQuery = { month, ...(customerId && { customerId }) }
  const report = useSlaReport(query)
  const branding = useBranding()

  const setParam = (key: string, value: string | null) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev)
        if (value) {
          next.set(key, value)
        } else {
          next.delete(key)
        }
        return next
      },
      { replace: true },
    )

  const monthOptions = (months.includes(month) ? months : [month, ...months]).map((m) => ({
    value: m,
    label:
      m === currentMonth
        ? t('report.currentMonth', { month: format.month(monthStart(m)) })
        : format.month(monthStart(m)),
  }))

  return (
    <Stack maw={1100} className={classes.report}>
      {/* On paper the page header is gone: the report still says who made it. */}
      <Text className={classes.printOnly} fw={600}>
        {branding.data?.name}
      </Text>
      <Group justify="space-between" align="flex-end">
        <Title order={2}>{t('report.title')}</Title>
        <Group gap="xs" className={classes.noPrint}>
          <Button variant="default" leftSection={<IconPrinter size={16} />} onClick={() => window.print()}>
            {t('report.print')}
          </Button>
          <Button
            component="a"
            href={slaReportCsvUrl(query)}
            download
            variant="default"
            leftSection={<IconDownload size={16} />}
          >
            {t('report.download')}
          </Button>
        </Group>
      </Group>
      <Group align="flex-end" className={classes.noPrint}>
        {staff && (
          <CustomerSelect
            label={t('report.customer')}
            placeholder={t('report.allCustomers')}
            value={customerId ?? null}
            onChange={(id) => setParam('customer', id)}
            clearable
            w={380}
          />
        )}
        <Select
          label={t('report.month')}
          data={monthOptions}
          value={month}
          onChange={(m) => setParam('month', m)}
          allowDeselect={false}
          w={280}
        />
      </Group>
      <ErrorAlert error={report.error} />
      {report.isPending ? (
        <PageLoader />
      ) : (
        report.data && <ReportBody report={report.data} running={report.data.month === currentMonth} />
      )}
    </Stack>
  )
}

function ReportBody({ report, running }: { report: SlaReport; running: boolean }) {
  const { t } = useTranslation()
  const format = useFormatters()
  const headline = reportHeadline(report, running, t, format)
  const monthName = format.month(monthStart(report.month))
  return (
    <Stack>
      <Card withBorder>
        <Stack gap={6}>
          <Text size="sm" c="dimmed">
            {report.customerName ?? t('report.allCustomers')} · {monthName}
          </Text>
          <Title order={3}>{headline.title}</Title>
          {headline.detail && <Text>{headline.detail}</Text>}
        </Stack>
      </Card>
      {running && (
        <Alert color="yellow" icon={<IconInfoCircle size={18} />}>
          {t('report.running')}
        </Alert>
      )}
      <Stack gap={4}>
        <Table.ScrollContainer minWidth={900}>
          <Table withTableBorder verticalSpacing="xs" aria-label={t('report.tableLabel', { month: monthName })}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th rowSpan={2}>{t('report.columns.priority')}</Table.Th>
                <Table.Th rowSpan={2} ta="right">
                  {t('report.columns.tickets')}
                </Table.Th>
                <Table.Th colSpan={3} className={classes.groupStart}>
                  {t('report.clocks.firstResponse')}
                </Table.Th>
                <Table.Th colSpan={3} className={classes.groupStart}>
                  {t('report.clocks.resolution')}
                </Table.Th>
              </Table.Tr>
              <Table.Tr>
                {(['firstResponse', 'resolution'] as const).map((clock) => (
                  <ClockHeads key={clock} />
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {report.rows.map((row) => (
                <ReportTableRow key={row.priority} row={row} />
              ))}
            </Table.Tbody>
            <Table.Tfoot className={classes.total}>
              <ReportTableRow row={report.total} total />
            </Table.Tfoot>
          </Table>
        </Table.ScrollContainer>
        <Text size="xs" c="dimmed">
          {t('report.scope', { month: monthName })} {t('report.medianHint')}
        </Text>
      </Stack>
      <Breaches report={report} />
      <Text size="xs" c="dimmed">
        {t('report.generatedAt', { time: format.dateTime(report.generatedAt) })}
      </Text>
    </Stack>
  )
}

function ClockHeads() {
  const { t } = useTranslation()
  return (
    <>
      <Table.Th className={classes.groupStart}>{t('report.columns.inTime')}</Table.Th>
      <Table.Th ta="right">{t('report.columns.median')}</Table.Th>
      <Table.Th ta="right">{t('report.columns.p90')}</Table.Th>
    </>
  )
}

function ReportTableRow({ row, total = false }: { row: ReportRow; total?: boolean }) {
  const { t } = useTranslation()
  const priority = Priority.safeParse(row.priority)
  return (
    <Table.Tr fw={total ? 600 : undefined}>
      <Table.Th scope="row" fw={total ? 600 : 400}>
        {total ? t('report.total') : priority.success ? <PriorityBadge priority={priority.data} /> : row.priority}
      </Table.Th>
      <Table.Td ta="right" className={classes.num}>
        {row.tickets}
      </Table.Td>
      <ClockCells clock={row.firstResponse} tickets={row.tickets} />
      <ClockCells clock={row.resolution} tickets={row.tickets} />
    </Table.Tr>
  )
}

/** In time as "x van y" and a percentage, then the median and p90 of the counted time. */
function ClockCells({ clock, tickets }: { clock: ReportClock; tickets: number }) {
  const { t } = useTranslation()
  const format = useFormatters()
  const { met, judged: count } = judged(clock)
  const none = (
    <Text span size="sm" c="dimmed">
      —
    </Text>
  )
  // Nothing judged yet but clocks still running: the running ones say it all, without a dash above them.
  let inTime: ReactNode = clock.pending > 0 ? null : none
  if (tickets > 0 && clock.withTarget === 0) {
    inTime = (
      <Text span size="sm" c="dimmed">
        {t('report.noTarget')}
      </Text>
    )
  } else if (count > 0 && clock.inTimeShare !== null) {
    inTime = (
      <Text span size="sm" className={classes.num}>
        {t('report.inTime', { met, count })}{' '}
        <Text span size="sm" fw={600} c={clock.breached > 0 ? 'orange.9' : 'green.8'}>
          ({format.percent(clock.inTimeShare)})
        </Text>
      </Text>
    )
  }
  return (
    <>
      <Table.Td className={classes.groupStart}>
        <Stack gap={0}>
          {inTime}
          {clock.pending > 0 && (
            <Text span size={inTime ? 'xs' : 'sm'} c="dimmed">
              {t('report.pending', { count: clock.pending })}
            </Text>
          )}
        </Stack>
      </Table.Td>
      <Table.Td ta="right" className={classes.num}>
        {clock.medianSeconds === null ? none : reportDuration(clock.medianSeconds, t)}
      </Table.Td>
      <Table.Td ta="right" className={classes.num}>
        {clock.p90Seconds === null ? none : reportDuration(clock.p90Seconds, t)}
      </Table.Td>
    </>
  )
}

function Breaches({ report }: { report: SlaReport }) {
  const { t } = useTranslation()
  const format = useFormatters()
  return (
    <Stack gap="xs">
      <Title order={3}>{t('report.breachesTitle')}</Title>
      {report.breaches.length === 0 ? (
        <Text c="dimmed">{t('report.breachesNone')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={760}>
          <Table withTableBorder verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('report.breachColumns.ticket')}</Table.Th>
                <Table.Th>{t('report.breachColumns.title')}</Table.Th>
                <Table.Th>{t('report.columns.priority')}</Table.Th>
                <Table.Th>{t('report.breachColumns.clock')}</Table.Th>
                <Table.Th>{t('report.breachColumns.due')}</Table.Th>
                <Table.Th>{t('report.breachColumns.done')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {report.breaches.map((b) => {
                const priority = Priority.safeParse(b.priority)
                return (
                  <Table.Tr key={`${b.ticketId}-${b.clock}`}>
                    <Table.Td className={classes.num}>
                      <Anchor component={Link} to={`/tickets/${b.ticketId}`} size="sm" ff="monospace">
                        {b.number}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{b.title}</Table.Td>
                    <Table.Td>{priority.success ? <PriorityBadge priority={priority.data} /> : b.priority}</Table.Td>
                    <Table.Td>{t(`report.clocks.${b.clock}`)}</Table.Td>
                    <Table.Td className={classes.num}>{b.dueAt ? format.dateTime(Date.parse(b.dueAt)) : '—'}</Table.Td>
                    <Table.Td className={classes.num}>
                      {b.metAt ? (
                        format.dateTime(Date.parse(b.metAt))
                      ) : (
                        <Text span size="sm" c="red.8">
                          {t('report.notYet')}
                        </Text>
                      )}
                    </Table.Td>
                  </Table.Tr>
                )
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  )
}
