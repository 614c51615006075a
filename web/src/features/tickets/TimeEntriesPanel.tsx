import {
  Badge,
  Button,
  Card,
  Group,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
} from '@mantine/core'
import { IconClockPlus } from '@tabler/icons-react'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { TimeActivity } from '../../../../src/modules/tickets/schema.ts'
import { fieldErrorsOf } from '../../app/problems.ts'
import { useFormatters } from '../../app/useFormatters.ts'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { PageLoader } from '../../components/PageLoader.tsx'
import { formatDay, isoDay, parseDay } from '../audit/dayInput.ts'
import { useAddTimeEntry, useTimeEntries } from './api.ts'
import { formatDuration } from './slaClock.ts'

function today(): string {
  const now = new Date()
  return formatDay({ year: now.getFullYear(), month: now.getMonth() + 1, day: now.getDate() })
}

/** `2026-03-02` (as the server keeps a day) in the reader's date format. */
function dayLabel(iso: string, format: (ms: number) => string): string {
  const day = parseDay(iso)
  return day ? format(new Date(day.year, day.month - 1, day.day).getTime()) : iso
}

/** Time written on the ticket, with its totals, and a form to write more. */
export function TimeEntriesPanel({ ticketId }: { ticketId: string }) {
  const { t } = useTranslation()
  const format = useFormatters()
  const entries = useTimeEntries(ticketId)
  const add = useAddTimeEntry(ticketId)
  const [minutes, setMinutes] = useState<number | string>(15)
  const [activity, setActivity] = useState<string>('support')
  const [billable, setBillable] = useState(false)
  const [note, setNote] = useState('')
  const [day, setDay] = useState(today)
  const [errors, setErrors] = useState<Record<string, string>>({})
  const serverErrors = fieldErrorsOf(add.error, t)
  const duration = (m: number) => formatDuration(m * 60, t, false)

  function submit(event: FormEvent) {
    event.preventDefault()
    const found: Record<string, string> = {}
    const parsedDay = parseDay(day)
    const count = typeof minutes === 'number' ? minutes : Number(minutes)
    if (!Number.isInteger(count) || count < 1 || count > 24 * 60) {
      found.minutes = t('time.minutesInvalid')
    }
    if (!parsedDay) {
      found.performedOn = t('audit.invalidDate')
    }
    setErrors(found)
    if (Object.keys(found).length > 0 || !parsedDay) {
      return
    }
    add.mutate(
      {
        minutes: count,
        billable,
        activity: TimeActivity.safeParse(activity).data ?? 'support',
        note: note.trim() || undefined,
        performedOn: isoDay(parsedDay),
      },
      {
        onSuccess: () => {
          setNote('')
          setMinutes(15)
        },
      },
    )
  }

  const list = entries.data
  return (
    <Stack>
      <ErrorAlert error={entries.error} />
      {entries.isPending && <PageLoader />}
      {list && (
        <>
          <Group gap="lg">
            <Text size="sm">
              {t('time.total')}: <b>{duration(list.totalMinutes)}</b>
            </Text>
            <Text size="sm">
              {t('time.billableTotal')}: <b>{duration(list.billableMinutes)}</b>
            </Text>
            <Text size="sm">
              {t('time.coveredTotal')}: <b>{duration(list.totalMinutes - list.billableMinutes)}</b>
            </Text>
          </Group>
          {list.items.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('time.none')}
            </Text>
          ) : (
            <Table.ScrollContainer minWidth={560}>
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('time.day')}</Table.Th>
                    <Table.Th>{t('time.who')}</Table.Th>
                    <Table.Th>{t('time.activity')}</Table.Th>
                    <Table.Th>{t('time.duration')}</Table.Th>
                    <Table.Th>{t('time.billing')}</Table.Th>
                    <Table.Th>{t('time.note')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.items.map((e) => (
                    <Table.Tr key={e.id}>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>{dayLabel(e.performedOn, format.date)}</Table.Td>
                      <Table.Td>{e.userName}</Table.Td>
                      <Table.Td>{t(`time.activities.${e.activity}`)}</Table.Td>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>{duration(e.minutes)}</Table.Td>
                      <Table.Td>
                        <Badge color={e.billable ? 'orange' : 'gray'} variant="light">
                          {e.billable ? t('time.billable') : t('time.covered')}
                        </Badge>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                          {e.note ?? ''}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </>
      )}
      <Card withBorder>
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            <Text fw={600} size="sm">
              {t('time.add')}
            </Text>
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <NumberInput
                label={t('time.minutes')}
                min={1}
                max={24 * 60}
                step={5}
                allowDecimal={false}
                value={minutes}
                onChange={setMinutes}
                error={errors.minutes ?? serverErrors.minutes}
                description={typeof minutes === 'number' && minutes >= 60 ? duration(minutes) : undefined}
              />
              <Select
                label={t('time.activity')}
                data={TimeActivity.options.map((a) => ({ value: a, label: t(`time.activities.${a}`) }))}
                value={activity}
                onChange={(v) => setActivity(v ?? 'support')}
                allowDeselect={false}
              />
              <TextInput
                label={t('time.day')}
                placeholder={t('audit.datePlaceholder')}
                value={day}
                onChange={(e) => setDay(e.currentTarget.value)}
                error={errors.performedOn ?? serverErrors.performedOn}
              />
            </SimpleGrid>
            <TextInput label={t('time.note')} value={note} onChange={(e) => setNote(e.currentTarget.value)} />
            <Group justify="space-between">
              <Switch
                label={t('time.billableSwitch')}
                description={t('time.billableHint')}
                checked={billable}
                onChange={(e) => setBillable(e.currentTarget.checked)}
              />
              <Button type="submit" leftSection={<IconClockPlus size={16} />} loading={add.isPending}>
                {t('time.save')}
              </Button>
            </Group>
            <ErrorAlert error={add.error} />
          </Stack>
        </form>
      </Card>
    </Stack>
  )
}
