import { ActionIcon, Button, Group, Stack, Table, Text, TextInput } from '@mantine/core'
import { IconPlus, IconX } from '@tabler/icons-react'
import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { intlLocale } from '../../app/i18n.ts'
import { normaliseTime, type FormErrors } from './slaForm.ts'

const days = [1, 2, 3, 4, 5, 6, 7] as const

export interface HoursRange {
  /** ISO weekday: 1 is Monday. */
  day: number
  from: string
  to: string
}

/** Weekday names in the reader's language, Monday first (1 January 2024 was a Monday). */
function weekdayNames(locale: string): string[] {
  const format = new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' })
  return days.map((d) => format.format(Date.UTC(2024, 0, d)))
}

interface WeeklyHoursEditorProps {
  hours: HoursRange[]
  onChange: (hours: HoursRange[]) => void
  /** Keyed `hours.<index>`. */
  errors: FormErrors
  readOnly: boolean
}

/**
 * Opening or working hours per weekday, as time ranges (`08:30`–`17:30`), any number per day. A business calendar
 * and a technician's working hours use the same editor.
 */
export function WeeklyHoursEditor({ hours, onChange, errors, readOnly }: WeeklyHoursEditorProps) {
  const { t, i18n } = useTranslation()
  const names = useMemo(() => weekdayNames(intlLocale(i18n.language)), [i18n.language])
  const setRange = (index: number, patch: Partial<HoursRange>) =>
    onChange(hours.map((h, i) => (i === index ? { ...h, ...patch } : h)))

  return (
    <Stack gap={4}>
      <Table withRowBorders verticalSpacing={6}>
        <Table.Tbody>
          {days.map((day, d) => {
            const ranges = hours.map((h, index) => ({ ...h, index })).filter((h) => h.day === day)
            return (
              <Table.Tr key={day}>
                <Table.Td w={130} style={{ verticalAlign: 'top', paddingTop: 12 }}>
                  <Text size="sm" tt="capitalize">
                    {names[d]}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Stack gap={6}>
                    {ranges.length === 0 && (
                      <Text size="sm" c="dimmed" pt={6}>
                        {t('slaSettings.closed')}
                      </Text>
                    )}
                    {ranges.map((r) => (
                      <Group key={r.index} gap="xs" wrap="nowrap" align="flex-start">
                        <TextInput
                          aria-label={t('slaSettings.from', { day: names[d] })}
                          value={r.from}
                          onChange={(e) => setRange(r.index, { from: e.currentTarget.value })}
                          onBlur={(e) => setRange(r.index, { from: normaliseTime(e.currentTarget.value) })}
                          placeholder="08:30"
                          w={80}
                          size="xs"
                          error={Boolean(errors[`hours.${r.index}`])}
                        />
                        <Text size="sm" pt={4}>
                          –
                        </Text>
                        <TextInput
                          aria-label={t('slaSettings.to', { day: names[d] })}
                          value={r.to}
                          onChange={(e) => setRange(r.index, { to: e.currentTarget.value })}
                          onBlur={(e) => setRange(r.index, { to: normaliseTime(e.currentTarget.value) })}
                          placeholder="17:30"
                          w={80}
                          size="xs"
                          error={errors[`hours.${r.index}`]}
                        />
                        {!readOnly && (
                          <ActionIcon
                            variant="subtle"
                            color="gray"
                            mt={2}
                            aria-label={t('slaSettings.removeRange', { day: names[d] })}
                            onClick={() => onChange(hours.filter((_, i) => i !== r.index))}
                          >
                            <IconX size={14} />
                          </ActionIcon>
                        )}
                      </Group>
                    ))}
                    {!readOnly && (
                      <Button
                        variant="subtle"
                        size="compact-xs"
                        leftSection={<IconPlus size={12} />}
                        style={{ alignSelf: 'flex-start' }}
                        aria-label={t('slaSettings.addRange', { day: names[d] })}
                        onClick={() => {
                          const last = ranges[ranges.length - 1]
                          const range = last
                            ? { day, from: last.to, to: last.to === '24:00' ? '24:00' : '17:30' }
                            : { day, from: '08:30', to: '17:30' }
                          onChange([...hours, range])
                        }}
                      >
                        {t('slaSettings.addRangeShort')}
                      </Button>
                    )}
                  </Stack>
                </Table.Td>
              </Table.Tr>
            )
          })}
        </Table.Tbody>
      </Table>
      <Text size="xs" c="dimmed">
        {t('slaSettings.hoursHint')}
      </Text>
    </Stack>
  )
}
