import { Alert, Badge, Button, EmptyState, Group, SegmentedControl, Stack, Switch, Tabs, Title } from '@mantine/core'
import {
  IconChevronLeft,
  IconChevronRight,
  IconCircleCheck,
  IconDatabaseOff,
  IconPlayerPlay,
} from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { useNavigate, useParams, useSearchParams } from 'react-router'
import type { CheckResult } from '../../../../src/modules/monitoring/schema.ts'
import { NotFoundPage } from '../../app/NotFoundPage.tsx'
import { intlLocale } from '../../app/i18n.ts'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { PageLoader } from '../../components/PageLoader.tsx'
import { useMe } from '../auth/api.ts'
import { useBoard, useRunCheck, useUnparsedCount } from './api.ts'
import { daysToReview, dayText, shiftDay } from './board.ts'
import { BoardView } from './BoardView.tsx'
import { UnparsedReportsTab } from './UnparsedReportsTab.tsx'
import { UpsPanelTable } from './UpsPanelTable.tsx'

const RANGES = ['7', '14', '28'] as const
const DAY = /^\d{4}-\d{2}-\d{2}$/

/**
 * The morning check: every customer's backup jobs day by day, to read and mark as read, and the UPS panel. The
 * filters live in the address, so that "my customers, only problems" can be bookmarked.
 */
export function MonitoringPage() {
  const { t } = useTranslation()
  const { tab } = useParams()
  const navigate = useNavigate()
  const me = useMe()
  const unparsed = useUnparsedCount()
  if (tab !== undefined && tab !== 'ups' && tab !== 'unparsed') {
    return <NotFoundPage />
  }
  const role = me.data?.role
  const unparsedCount = unparsed.data ?? 0
  return (
    <Stack>
      <Title order={2}>{t('monitoring.title')}</Title>
      <Tabs value={tab ?? 'board'} onChange={(v) => void navigate(v === 'board' ? '/monitoring' : `/monitoring/${v}`)}>
        <Tabs.List>
          <Tabs.Tab value="board">{t('monitoring.tabs.board')}</Tabs.Tab>
          <Tabs.Tab value="ups">{t('monitoring.tabs.ups')}</Tabs.Tab>
          <Tabs.Tab
            value="unparsed"
            rightSection={
              unparsedCount > 0 && (
                <Badge color="orange" size="sm" variant="filled" circle={unparsedCount < 10}>
                  {unparsedCount}
                </Badge>
              )
            }
          >
            {t('monitoring.tabs.unparsed')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="board" pt="md">
          {tab === undefined && <BoardTab />}
        </Tabs.Panel>
        <Tabs.Panel value="ups" pt="md">
          {tab === 'ups' && <UpsPanelTable />}
        </Tabs.Panel>
        <Tabs.Panel value="unparsed" pt="md">
          {tab === 'unparsed' && <UnparsedReportsTab canClassify={role === 'admin' || role === 'technician'} />}
        </Tabs.Panel>
      </Tabs>
    </Stack>
  )
}

function BoardTab() {
  const { t, i18n } = useTranslation()
  const locale = intlLocale(i18n.language)
  const me = useMe()
  const [params, setParams] = useSearchParams()
  const problems = params.get('problems') === '1'
  const mine = params.get('mine') === '1'
  const daysParam = params.get('days') ?? '14'
  const days = RANGES.find((r) => r === daysParam) ?? '14'
  const untilParam = params.get('until')
  const until = untilParam && DAY.test(untilParam) ? untilParam : undefined
  const board = useBoard({ days: Number(days), problems, mine, until })
  const check = useRunCheck()
  const role = me.data?.role
  const canWrite = role === 'admin' || role === 'technician'

  const set = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params)
    for (const [key, value] of Object.entries(changes)) {
      if (value === null) {
        next.delete(key)
      } else {
        next.set(key, value)
      }
    }
    setParams(next, { replace: true })
  }

  const shownDays = board.data?.days ?? []
  const first = shownDays[0]
  const last = shownDays[shownDays.length - 1]
  const toReview = board.data ? daysToReview(board.data) : 0

  return (
    <Stack>
      <Group justify="space-between">
        <Group gap="sm" mih={36}>
          {board.data &&
            (toReview > 0 ? (
              <Badge color="orange" size="lg" variant="light">
                {t('monitoring.review.toReview', { count: toReview })}
              </Badge>
            ) : (
              <Badge color="teal" size="lg" variant="light" leftSection={<IconCircleCheck size={14} />}>
                {t('monitoring.review.allRead')}
              </Badge>
            ))}
        </Group>
        <Group gap="sm">
          {canWrite && (
            <Button
              leftSection={<IconPlayerPlay size={16} />}
              loading={check.isPending}
              onClick={() => check.mutate({})}
            >
              {t('monitoring.check.run')}
            </Button>
          )}
        </Group>
      </Group>
      <Group justify="space-between">
        <Group gap="lg">
          <Switch
            label={t('monitoring.filters.problems')}
            checked={problems}
            onChange={(e) => set({ problems: e.currentTarget.checked ? '1' : null })}
          />
          <Switch
            label={t('monitoring.filters.mine')}
            checked={mine}
            onChange={(e) => set({ mine: e.currentTarget.checked ? '1' : null })}
          />
          <SegmentedControl
            size="xs"
            value={days}
            onChange={(v) => set({ days: v === '14' ? null : v })}
            data={RANGES.map((r) => ({ value: r, label: t('monitoring.filters.days', { count: Number(r) }) }))}
            aria-label={t('monitoring.filters.range')}
          />
        </Group>
        <Group gap={4}>
          <Button
            size="compact-sm"
            variant="default"
            leftSection={<IconChevronLeft size={14} />}
            disabled={!first}
            onClick={() => first && set({ until: shiftDay(first, -1) })}
          >
            {t('monitoring.filters.earlier')}
          </Button>
          <Button
            size="compact-sm"
            variant="default"
            rightSection={<IconChevronRight size={14} />}
            disabled={until === undefined || !last}
            onClick={() => {
              if (last) {
                const next = shiftDay(last, Number(days))
                // Up to today the board is the default one, with today's open window.
                set({ until: next >= localToday() ? null : next })
              }
            }}
          >
            {t('monitoring.filters.later')}
          </Button>
          {until !== undefined && (
            <Button size="compact-sm" variant="subtle" onClick={() => set({ until: null })}>
              {t('monitoring.filters.today')}
            </Button>
          )}
        </Group>
      </Group>
      {first && last && until !== undefined && (
        <Alert color="blue" variant="light" p="xs">
          {t('monitoring.filters.showing', { from: dayText(first, locale), to: dayText(last, locale) })}
        </Alert>
      )}
      <ErrorAlert error={check.error} />
      {check.data && <CheckSummary result={check.data} onClose={() => check.reset()} />}
      <ErrorAlert error={board.error} />
      {board.isPending && <PageLoader />}
      {board.data &&
        (board.data.customers.length === 0 ? (
          <EmptyState
            icon={<IconDatabaseOff size={32} />}
            title={problems || mine ? t('monitoring.board.noneFiltered') : t('monitoring.board.empty')}
            description={problems || mine ? undefined : t('monitoring.board.emptyHint')}
          />
        ) : (
          <BoardView board={board.data} showCustomers canReview={canWrite} />
        ))}
    </Stack>
  )
}

/** Today's date (YYYY-MM-DD) where the browser is: near enough to the MSP's day to stop paging into the future. */
function localToday(): string {
  const now = new Date()
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`
}

function CheckSummary({ result, onClose }: { result: CheckResult; onClose: () => void }) {
  const { t, i18n } = useTranslation()
  const locale = intlLocale(i18n.language)
  const days = result.days.map((d) => dayText(d, locale)).join(', ')
  return (
    <Alert
      color="teal"
      icon={<IconCircleCheck size={18} />}
      title={t('monitoring.check.done')}
      withCloseButton
      onClose={onClose}
      closeButtonLabel={t('common.close')}
    >
      {t('monitoring.check.result', {
        days: days || '—',
        decided: result.decided,
        problems: result.problems,
        opened: result.ticketsOpened,
        updated: result.ticketsUpdated,
        seconds: (result.ms / 1000).toLocaleString(locale, { maximumFractionDigits: 1 }),
      })}
    </Alert>
  )
}
