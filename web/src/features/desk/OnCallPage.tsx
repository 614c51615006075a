import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Card,
  Group,
  Stack,
  Table,
  Text,
  ThemeIcon,
  Timeline,
  Title,
  Tooltip,
} from '@mantine/core'
import { IconAlertTriangle, IconPhoneCall, IconPlus, IconTrash, IconUserQuestion } from '@tabler/icons-react'
import { useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Shift } from '../../../../src/modules/desk/schema.ts'
import { useFormatters } from '../../app/useFormatters.ts'
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { PageLoader } from '../../components/PageLoader.tsx'
import { SuccessAlert } from '../../components/SuccessAlert.tsx'
import { useMe } from '../auth/api.ts'
import { formatDuration } from '../tickets/slaClock.ts'
import { useRemoveShift, useShifts } from './api.ts'
import { onCallAt, rotaTimeline, suggestedEnd, suggestedStart } from './rota.ts'
import { ShiftFormModal, type ShiftDraft } from './ShiftFormModal.tsx'

const DAY_MS = 86_400_000
/** How far the page looks: back a week (who had the last shift), ahead half a year. */
const BACK_MS = 7 * DAY_MS
const AHEAD_MS = 183 * DAY_MS

/** The current instant (epoch ms), moving on once a minute: enough for shifts that change on the hour. */
function useMinuteNow(): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 60_000)
    return () => clearInterval(timer)
  }, [])
  return now
}

/** `/settings/oncall`: who takes the calamities now and in the coming weeks. Staff read it; admins plan it. */
export function OnCallPage() {
  const { t } = useTranslation()
  const format = useFormatters()
  const me = useMe()
  const isAdmin = me.data?.role === 'admin'
  // The query window is fixed for the visit; "now" moves on every minute for the current shift.
  const [range] = useState(() => ({ from: Date.now() - BACK_MS, to: Date.now() + AHEAD_MS }))
  const now = useMinuteNow()
  const shifts = useShifts(range)
  const remove = useRemoveShift()
  const [draft, setDraft] = useState<ShiftDraft | null>(null)
  const [removing, setRemoving] = useState<Shift | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const items = useMemo(() => shifts.data ?? [], [shifts.data])
  const current = onCallAt(items, now)
  const timeline = rotaTimeline(items, now)
  const past = items.filter((s) => s.endsAt <= now).sort((a, b) => b.startsAt - a.startsAt)

  const span = (from: number, to: number) => `${format.weekdayDateTime(from)} – ${format.weekdayDateTime(to)}`
  const openForm = (startsAt: number, endsAt?: number) => {
    setNotice(null)
    setDraft({ startsAt, endsAt: endsAt ?? suggestedEnd(startsAt) })
  }

  if (shifts.isPending) {
    return <PageLoader />
  }

  return (
    <Stack maw={900}>
      <Group justify="space-between">
        <Title order={2}>{t('oncall.title')}</Title>
        {isAdmin && (
          <Button leftSection={<IconPlus size={16} />} onClick={() => openForm(suggestedStart(items, now))}>
            {t('oncall.add')}
          </Button>
        )}
      </Group>
      <Text size="sm" c="dimmed">
        {t('oncall.intro')}
        {!isAdmin && ` ${t('oncall.adminOnly')}`}
      </Text>
      <SuccessAlert message={notice} onClose={() => setNotice(null)} />
      <ErrorAlert error={shifts.error} />

      {current.length > 0 ? (
        <Card withBorder>
          <Group wrap="nowrap" align="flex-start">
            <ThemeIcon size="xl" radius="xl" color="teal" variant="light">
              <IconPhoneCall size={22} />
            </ThemeIcon>
            <Stack gap={2}>
              <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
                {t('oncall.now')}
              </Text>
              {current.map((s) => (
                <Text key={s.id} fw={600} size="lg">
                  {t('oncall.nowOnCall', { name: s.userName })}
                  <Text span c="dimmed" size="sm" fw={400}>
                    {' · '}
                    {t('oncall.until', { time: format.weekdayDateTime(s.endsAt) })}
                  </Text>
                </Text>
              ))}
            </Stack>
          </Group>
        </Card>
      ) : (
        <Alert color="red" icon={<IconAlertTriangle size={18} />} title={t('oncall.nobodyTitle')}>
          {t('oncall.nobody')}
        </Alert>
      )}

      <Title order={3} mt="md">
        {t('oncall.coming')}
      </Title>
      {/* Every item "active", so that each bullet shows its own colour: teal now, blue planned, orange nobody. */}
      <Timeline bulletSize={26} lineWidth={2} active={timeline.length - 1}>
        {timeline.map((entry) =>
          entry.kind === 'shift' ? (
            <Timeline.Item
              key={entry.shift.id}
              bullet={<IconPhoneCall size={14} />}
              color={entry.current ? 'teal' : 'blue'}
              title={
                <Group gap="xs">
                  <Text fw={600}>{entry.shift.userName}</Text>
                  {entry.current && (
                    <Badge size="sm" color="teal" variant="light">
                      {t('oncall.nowBadge')}
                    </Badge>
                  )}
                  {isAdmin && (
                    <Tooltip label={t('oncall.remove')}>
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        size="sm"
                        aria-label={t('oncall.removeLabel', {
                          name: entry.shift.userName,
                          time: format.weekdayDateTime(entry.shift.startsAt),
                        })}
                        onClick={() => setRemoving(entry.shift)}
                      >
                        <IconTrash size={14} />
                      </ActionIcon>
                    </Tooltip>
                  )}
                </Group>
              }
            >
              <Text size="sm">{span(entry.shift.startsAt, entry.shift.endsAt)}</Text>
              <Text size="xs" c="dimmed">
                {formatDuration((entry.shift.endsAt - entry.shift.startsAt) / 1000, t, false)}
              </Text>
            </Timeline.Item>
          ) : (
            <Timeline.Item
              key={`gap-${entry.from}`}
              bullet={<IconUserQuestion size={14} />}
              color="orange"
              lineVariant="dashed"
              title={
                <Text fw={600} c="orange.9">
                  {t('oncall.gap')}
                </Text>
              }
            >
              <Text size="sm">
                {entry.to !== null
                  ? span(entry.from, entry.to)
                  : entry.from <= now
                    ? t('oncall.gapFromNow')
                    : t('oncall.gapOpen', { time: format.weekdayDateTime(entry.from) })}
              </Text>
              {isAdmin && (
                <Button
                  variant="subtle"
                  size="compact-sm"
                  mt={4}
                  leftSection={<IconPlus size={14} />}
                  onClick={() =>
                    openForm(entry.from, entry.to === null ? undefined : Math.min(entry.to, suggestedEnd(entry.from)))
                  }
                >
                  {t('oncall.fill')}
                </Button>
              )}
            </Timeline.Item>
          ),
        )}
      </Timeline>

      {past.length > 0 && (
        <Stack gap="xs" mt="md">
          <Title order={4}>{t('oncall.past')}</Title>
          <Table>
            <Table.Tbody>
              {past.map((s) => (
                <Table.Tr key={s.id}>
                  <Table.Td c="dimmed">{s.userName}</Table.Td>
                  <Table.Td c="dimmed">{span(s.startsAt, s.endsAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      )}

      {isAdmin && (
        <>
          <ShiftFormModal
            draft={draft}
            onClose={() => setDraft(null)}
            onSaved={(shift) => {
              setDraft(null)
              setNotice(t('oncall.added', { name: shift.userName }))
            }}
          />
          <ConfirmDialog
            opened={removing !== null}
            title={t('oncall.removeTitle')}
            message={
              removing
                ? t('oncall.removeConfirm', {
                    name: removing.userName,
                    time: span(removing.startsAt, removing.endsAt),
                  })
                : ''
            }
            confirmLabel={t('oncall.remove')}
            danger
            loading={remove.isPending}
            error={<ErrorAlert error={remove.error} />}
            onCancel={() => setRemoving(null)}
            onConfirm={() =>
              removing &&
              remove.mutate(removing.id, {
                onSuccess: () => {
                  setRemoving(null)
                  setNotice(t('oncall.removed'))
                },
              })
            }
          />
        </>
      )}
    </Stack>
  )
}
