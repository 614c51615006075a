import {
  Alert,
  Anchor,
  Badge,
  Button,
  Code,
  DataList,
  Drawer,
  Group,
  List,
  Paper,
  ScrollArea,
  Stack,
  Text,
  Title,
} from '@mantine/core'
import { IconAlertTriangle, IconDownload, IconFileText, IconTicket } from '@tabler/icons-react'
import { Fragment, useState, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import type { TFunction } from 'i18next'
import { Link } from 'react-router'
import type { Alert as MonitoringAlert, ReportDetail, ReportEvent } from '../../../../src/modules/monitoring/schema.ts'
import { intlLocale } from '../../app/i18n.ts'
import { useFormatters } from '../../app/useFormatters.ts'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { PageLoader } from '../../components/PageLoader.tsx'
import { formatDuration } from '../tickets/slaClock.ts'
import { rawReportUrl, useOpenAlerts, useRawReport, useReport } from './api.ts'
import { cellLook, isAlertOfJob, isKnownProblem, type CellStatus } from './board.ts'
import { eventDetails, orderEvents, resultColor, runSeconds } from './reportEvent.ts'
import { ReportStatusBadge } from './ReportStatusBadge.tsx'
import { formatBytes } from './units.ts'
import { isKnownUpsState, upsStateColor } from './ups.ts'

export interface ReportTarget {
  customerId: string
  customerName?: string
  reportId: string | null
  /** The run to show first. */
  eventId?: string | null
  /** Opened from the board: the job and day, with the day's status and number of runs. */
  job?: string
  dayLabel?: string
  status?: CellStatus
  runs?: number
}

/** Longer raw reports are cut in the page (a browser struggles with megabytes in one block); the download has all. */
const RAW_SHOWN_CHARS = 200_000

/** A run's report from the board or the report list: what it says, the bytes as received, and the open tickets. */
export function ReportDrawer({ target, onClose }: { target: ReportTarget | null; onClose: () => void }) {
  const { t } = useTranslation()
  const title = target?.job
    ? [target.customerName, target.job, target.dayLabel].filter(Boolean).join(' · ')
    : t('monitoring.report.title')
  return (
    <Drawer opened={target !== null} onClose={onClose} position="right" size="xl" title={title}>
      {target && <ReportView key={`${target.reportId}:${target.eventId}:${target.job}`} target={target} />}
    </Drawer>
  )
}

function ReportView({ target }: { target: ReportTarget }) {
  const { t } = useTranslation()
  const report = useReport(target.reportId)
  const alerts = useOpenAlerts(target.customerId)
  // The alerts of this job are what the cell is about; the customer's other open problems are only named.
  const all = alerts.data?.items ?? []
  const job = target.job
  const ofJob = job === undefined ? all : all.filter((a) => isAlertOfJob(a, job))
  const others = job === undefined ? [] : all.filter((a) => !isAlertOfJob(a, job))

  return (
    <Stack>
      {target.status && (
        <Group gap="xs">
          <StatusBadge status={target.status} />
          {target.runs !== undefined && (
            <Text size="sm" c="dimmed">
              {t('monitoring.cell.runs', { count: target.runs })}
            </Text>
          )}
        </Group>
      )}
      {ofJob.map((alert) => (
        <AlertLine key={alert.id} alert={alert} />
      ))}
      {others.length > 0 && (
        <Text size="sm" c="dimmed">
          {t('monitoring.alerts.others')}{' '}
          {others.map((a, i) => (
            <Fragment key={a.id}>
              {i > 0 && ', '}
              {a.ticketId ? (
                <Anchor component={Link} to={`/tickets/${a.ticketId}`} size="sm">
                  {a.subject}: {problemText(a.problem, t)}
                </Anchor>
              ) : (
                `${a.subject}: ${problemText(a.problem, t)}`
              )}
            </Fragment>
          ))}
        </Text>
      )}
      <ErrorAlert error={alerts.error} />
      {target.reportId === null ? (
        <Text c="dimmed">
          {target.status === 'pending' ? t('monitoring.report.nothingYet') : t('monitoring.report.noReport')}
        </Text>
      ) : (
        <>
          {report.isPending && <PageLoader />}
          <ErrorAlert error={report.error} />
          {report.data && <ReportBody report={report.data} eventId={target.eventId ?? null} job={target.job} />}
        </>
      )}
    </Stack>
  )
}

export function StatusBadge({ status }: { status: CellStatus }) {
  const { t } = useTranslation()
  const look = cellLook(status)
  return (
    <Badge
      color={look.color ? `${look.color}.${look.shade}` : 'gray'}
      variant={look.variant === 'filled' ? 'filled' : 'outline'}
      autoContrast
      size="lg"
    >
      {t(`monitoring.status.${status}`)}
    </Badge>
  )
}

function AlertLine({ alert }: { alert: MonitoringAlert }) {
  const { t } = useTranslation()
  const format = useFormatters()
  return (
    <Alert
      color={alert.level === 'high' ? 'red' : 'orange'}
      icon={<IconAlertTriangle size={18} />}
      title={`${alert.subject}: ${problemText(alert.problem, t)}`}
      p="xs"
    >
      <Group justify="space-between" gap="xs">
        <Text size="sm">
          {t('monitoring.alerts.since', { time: format.dateTime(alert.openedAt), count: alert.occurrences })}
        </Text>
        {alert.ticketId && (
          <Button
            component={Link}
            to={`/tickets/${alert.ticketId}`}
            size="compact-sm"
            variant="light"
            leftSection={<IconTicket size={14} />}
          >
            {t('monitoring.alerts.openTicket')}
          </Button>
        )}
      </Group>
    </Alert>
  )
}

function ReportBody({ report, eventId, job }: { report: ReportDetail; eventId: string | null; job?: string }) {
  const { t, i18n } = useTranslation()
  const format = useFormatters()
  const [showRaw, setShowRaw] = useState(false)
  const events = orderEvents(report.events, { eventId, job })
  const row = (label: string, value: ReactNode) => (
    <DataList.Item>
      <DataList.ItemLabel>{label}</DataList.ItemLabel>
      <DataList.ItemValue>{value}</DataList.ItemValue>
    </DataList.Item>
  )

  return (
    <Stack>
      {events.map((event, i) => (
        <EventCard key={event.id} event={event} highlighted={i === 0 && event.id === eventId} />
      ))}
      {report.status === 'unparsed' && (
        <Alert color="orange" icon={<IconAlertTriangle size={18} />} title={t('monitoring.report.unparsed')}>
          {report.reason}
        </Alert>
      )}
      {report.fromFuture && (
        <Alert color="yellow" icon={<IconAlertTriangle size={18} />}>
          {t('monitoring.report.fromFuture')}
        </Alert>
      )}
      <Title order={5}>{t('monitoring.report.about')}</Title>
      <DataList>
        {row(t('monitoring.report.receivedAt'), format.dateTime(report.receivedAt))}
        {row(t('monitoring.report.status'), <ReportStatusBadge status={report.status} />)}
        {row(t('monitoring.report.format'), report.format ?? '—')}
        {row(t('monitoring.report.source'), t(`monitoring.sources.${report.source}`))}
        {report.host !== null && row(t('monitoring.report.host'), report.host)}
        {report.exitCode !== null && row(t('monitoring.report.exitCode'), report.exitCode)}
        {row(t('monitoring.report.size'), formatBytes(report.size, intlLocale(i18n.language)))}
      </DataList>
      <Group>
        <Button
          variant="default"
          leftSection={<IconFileText size={16} />}
          onClick={() => setShowRaw((v) => !v)}
          aria-expanded={showRaw}
        >
          {showRaw ? t('monitoring.report.hideRaw') : t('monitoring.report.showRaw')}
        </Button>
        <Anchor href={rawReportUrl(report.id)} size="sm" download>
          <Group gap={4} component="span">
            <IconDownload size={14} aria-hidden />
            {t('monitoring.report.download')}
          </Group>
        </Anchor>
      </Group>
      {showRaw && <RawReport id={report.id} />}
    </Stack>
  )
}

function RawReport({ id }: { id: string }) {
  const { t } = useTranslation()
  const raw = useRawReport(id, true)
  if (raw.isPending) {
    return <PageLoader />
  }
  if (raw.isError) {
    return <ErrorAlert error={raw.error} />
  }
  if (raw.data === null) {
    return <Text c="dimmed">{t('monitoring.report.notText')}</Text>
  }
  const cut = raw.data.length > RAW_SHOWN_CHARS
  return (
    <Stack gap={4}>
      <ScrollArea.Autosize mah={480} type="auto" offsetScrollbars>
        <Code
          block
          aria-label={t('monitoring.report.raw')}
          style={{ whiteSpace: 'pre', fontSize: 12, minWidth: 'max-content' }}
        >
          {cut ? raw.data.slice(0, RAW_SHOWN_CHARS) : raw.data}
        </Code>
      </ScrollArea.Autosize>
      {cut && (
        <Text size="xs" c="dimmed">
          {t('monitoring.report.cut')}
        </Text>
      )}
    </Stack>
  )
}

function EventCard({ event, highlighted }: { event: ReportEvent; highlighted: boolean }) {
  const { t, i18n } = useTranslation()
  const format = useFormatters()
  const locale = intlLocale(i18n.language)
  const d = eventDetails(event)
  const row = (label: string, value: ReactNode) => (
    <DataList.Item>
      <DataList.ItemLabel>{label}</DataList.ItemLabel>
      <DataList.ItemValue>{value}</DataList.ItemValue>
    </DataList.Item>
  )
  const seconds = runSeconds(event)

  return (
    <Paper withBorder p="sm" style={highlighted ? { borderColor: 'var(--mantine-color-blue-5)' } : undefined}>
      <Stack gap="xs">
        <Group justify="space-between" gap="xs">
          <Group gap="xs">
            {event.kind === 'backup' ? (
              <Badge color={resultColor(event.result)} autoContrast>
                {isBackupResult(event.result) ? t(`monitoring.results.${event.result}`) : event.result}
              </Badge>
            ) : (
              <Badge color={upsStateColor(event.result)} autoContrast>
                {isKnownUpsState(event.result) ? t(`monitoring.upsStates.${event.result}`) : event.result}
              </Badge>
            )}
            <Text fw={600}>{event.job ?? t('monitoring.report.noJob')}</Text>
          </Group>
          {highlighted && (
            <Text size="xs" c="blue">
              {t('monitoring.report.decidingRun')}
            </Text>
          )}
        </Group>
        <DataList>
          {event.host !== null && row(t('monitoring.report.host'), event.host)}
          {event.startedAt !== null && row(t('monitoring.report.startedAt'), format.dateTime(event.startedAt))}
          {row(
            event.kind === 'backup' ? t('monitoring.report.endedAt') : t('monitoring.report.at'),
            d.atAssumed
              ? `${format.dateTime(event.at)} (${t('monitoring.report.atAssumed')})`
              : format.dateTime(event.at),
          )}
          {seconds !== null && row(t('monitoring.report.duration'), formatDuration(seconds, t))}
          {event.bytes !== null && row(t('monitoring.report.bytes'), formatBytes(event.bytes, locale))}
          {event.files !== null && row(t('monitoring.report.files'), format.number(event.files, 0))}
          {d.charge !== null && row(t('monitoring.ups.charge'), `${format.number(d.charge, 0)} %`)}
          {d.runtimeSeconds !== null && row(t('monitoring.ups.runtime'), formatDuration(d.runtimeSeconds, t, false))}
          {d.loadPercent !== null && row(t('monitoring.ups.load'), `${format.number(d.loadPercent, 0)} %`)}
          {d.inputVoltage !== null && row(t('monitoring.ups.inputVoltage'), `${format.number(d.inputVoltage, 0)} V`)}
          {d.selfTest !== null && row(t('monitoring.report.selfTest'), d.selfTest)}
        </DataList>
        {d.message && event.kind === 'ups' && (
          <Code block style={{ whiteSpace: 'pre-wrap' }}>
            {d.message}
          </Code>
        )}
        <Messages title={t('monitoring.report.errors', { count: d.errors.length })} items={d.errors} color="red" />
        <Messages
          title={t('monitoring.report.warnings', { count: d.warnings.length })}
          items={d.warnings}
          color="yellow"
        />
      </Stack>
    </Paper>
  )
}

const MESSAGES_SHOWN = 20

function Messages({ title, items, color }: { title: string; items: string[]; color: string }) {
  const { t } = useTranslation()
  const [all, setAll] = useState(false)
  if (items.length === 0) {
    return null
  }
  const shown = all ? items : items.slice(0, MESSAGES_SHOWN)
  return (
    <Alert color={color} title={title} p="xs" variant="light">
      <List size="xs" spacing={2}>
        {shown.map((m, i) => (
          <List.Item key={i}>
            <Text size="xs" ff="monospace" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
              {m}
            </Text>
          </List.Item>
        ))}
      </List>
      {items.length > shown.length && (
        <Button size="compact-xs" variant="subtle" mt={4} onClick={() => setAll(true)}>
          {t('monitoring.report.showAll', { count: items.length })}
        </Button>
      )}
    </Alert>
  )
}

const isBackupResult = (result: string): result is 'success' | 'warning' | 'failed' =>
  result === 'success' || result === 'warning' || result === 'failed'

const problemText = (problem: string, t: TFunction): string =>
  isKnownProblem(problem) ? t(`monitoring.problems.${problem}`) : problem
