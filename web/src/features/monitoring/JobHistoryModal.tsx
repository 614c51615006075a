import '@mantine/charts/styles.css'
import { AreaChart, LineChart } from '@mantine/charts'
import { Group, Modal, SegmentedControl, SimpleGrid, Stack, Text, Title } from '@mantine/core'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { intlLocale } from '../../app/i18n.ts'
import { useFormatters } from '../../app/useFormatters.ts'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { PageLoader } from '../../components/PageLoader.tsx'
import { formatDuration } from '../tickets/slaClock.ts'
import { useJobHistory } from './api.ts'
import { chronological, historySummary } from './history.ts'
import { formatBytes } from './units.ts'

export interface JobTarget {
  customerId: string
  /** Shown beside the asset on the board of all customers. */
  customerName?: string
  /** The job's name as the board shows it. */
  job: string
  assetName: string | null
}

const RANGES = ['30', '90', '365'] as const

/** How long a job's runs took and how big they were, over the last weeks or months. */
export function JobHistoryModal({ target, onClose }: { target: JobTarget | null; onClose: () => void }) {
  const { t } = useTranslation()
  return (
    <Modal
      opened={target !== null}
      onClose={onClose}
      size="xl"
      title={target ? t('monitoring.history.title', { job: target.job }) : ''}
    >
      {target && <JobHistory key={`${target.customerId}:${target.job}`} target={target} />}
    </Modal>
  )
}

function JobHistory({ target }: { target: JobTarget }) {
  const { t, i18n } = useTranslation()
  const format = useFormatters()
  const locale = intlLocale(i18n.language)
  const [days, setDays] = useState<(typeof RANGES)[number]>('90')
  const history = useJobHistory(target.customerId, target.job, Number(days))
  const points = chronological(history.data?.points ?? [])
  const summary = historySummary(points)
  // A failed run's duration and size say nothing about the backup (it broke off): the lines pass over it, and a red
  // line marks when it happened.
  const data = points.map((p) => ({
    when: format.shortDateTime(p.at),
    minutes: p.result === 'failed' || p.durationSeconds === null ? null : p.durationSeconds / 60,
    bytes: p.result === 'failed' ? null : p.bytes,
  }))
  const failures = points
    .filter((p) => p.result === 'failed')
    .map((p) => ({ x: format.shortDateTime(p.at), color: 'red.6', label: t('monitoring.results.failed') }))
  const bytesFormatter = (v: number) => formatBytes(v, locale)
  const minutesFormatter = (v: number) => formatDuration(v * 60, t, false)
  // Axis ticks in whole minutes: "1 u 40 min" does not fit beside the chart.
  const minuteTicks = (v: number) => `${format.number(v, 0)} min`

  return (
    <Stack>
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          {[target.customerName, target.assetName].filter(Boolean).join(' · ')}
        </Text>
        <SegmentedControl
          size="xs"
          value={days}
          onChange={(v) => setDays(v)}
          data={RANGES.map((r) => ({ value: r, label: t('monitoring.history.days', { count: Number(r) }) }))}
          aria-label={t('monitoring.history.range')}
        />
      </Group>
      {history.isPending && <PageLoader />}
      <ErrorAlert error={history.error} />
      {history.data && points.length === 0 && <Text c="dimmed">{t('monitoring.history.empty')}</Text>}
      {points.length > 0 && (
        <>
          <SimpleGrid cols={4}>
            <Figure label={t('monitoring.history.runs')} value={format.number(summary.runs, 0)} />
            <Figure
              label={t('monitoring.history.problems')}
              value={t('monitoring.history.problemCounts', { failed: summary.failed, warnings: summary.warnings })}
            />
            <Figure
              label={t('monitoring.history.median')}
              value={summary.medianSeconds === null ? '—' : formatDuration(summary.medianSeconds, t)}
            />
            <Figure
              label={t('monitoring.history.latestSize')}
              value={
                summary.latestBytes === null
                  ? '—'
                  : summary.bytesChange === null
                    ? bytesFormatter(summary.latestBytes)
                    : `${bytesFormatter(summary.latestBytes)} (${summary.bytesChange >= 0 ? '+' : ''}${bytesFormatter(summary.bytesChange)})`
              }
            />
          </SimpleGrid>
          <Title order={6}>{t('monitoring.history.duration')}</Title>
          <LineChart
            h={200}
            data={data}
            dataKey="when"
            series={[{ name: 'minutes', label: t('monitoring.history.duration'), color: 'blue.6' }]}
            valueFormatter={minutesFormatter}
            curveType="linear"
            referenceLines={failures}
            yAxisProps={{ width: 70, tickFormatter: minuteTicks }}
            aria-label={t('monitoring.history.duration')}
          />
          <Title order={6}>{t('monitoring.history.size')}</Title>
          <AreaChart
            h={200}
            data={data}
            dataKey="when"
            series={[{ name: 'bytes', label: t('monitoring.history.size'), color: 'teal.6' }]}
            valueFormatter={bytesFormatter}
            curveType="linear"
            connectNulls
            referenceLines={failures}
            yAxisProps={{ width: 70 }}
            aria-label={t('monitoring.history.size')}
          />
        </>
      )}
    </Stack>
  )
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={600}>{value}</Text>
    </Stack>
  )
}
