import { ActionIcon, Badge, Button, Group, Stack, Switch, Table, Text, TextInput } from '@mantine/core'
import { IconPlus, IconTrash, IconX } from '@tabler/icons-react'
import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { intlLocale } from '../../app/i18n.ts'
import { useFormatters } from '../../app/useFormatters.ts'
import { CountrySelect } from '../../components/CountrySelect.tsx'
import { TimeZoneSelect } from '../../components/TimeZoneSelect.tsx'
import { isoDay, parseDay } from '../audit/dayInput.ts'
import type { CalendarSpec } from './api.ts'
import { normaliseTime, type FormErrors } from './slaForm.ts'

const days = [1, 2, 3, 4, 5, 6, 7] as const

/** Weekday names in the reader's language, Monday first (1 January 2024 was a Monday). */
function weekdayNames(locale: string): string[] {
  const format = new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' })
  return days.map((d) => format.format(Date.UTC(2024, 0, d)))
}

interface CalendarEditorProps {
  spec: CalendarSpec
  onChange: (spec: CalendarSpec) => void
  errors: FormErrors
  readOnly: boolean
}

/** When one calendar's clock runs: time zone, weekly opening hours, public holidays and extra closure days. */
export function CalendarEditor({ spec, onChange, errors, readOnly }: CalendarEditorProps) {
  const { t, i18n } = useTranslation()
  const format = useFormatters()
  const locale = intlLocale(i18n.language)
  const names = useMemo(() => weekdayNames(locale), [locale])
  const [closure, setClosure] = useState('')
  const [closureError, setClosureError] = useState<string | undefined>()
  const set = (patch: Partial<CalendarSpec>) => onChange({ ...spec, ...patch })
  const setRange = (index: number, patch: Partial<CalendarSpec['hours'][number]>) =>
    set({ hours: spec.hours.map((h, i) => (i === index ? { ...h, ...patch } : h)) })

  function addClosure() {
    const day = parseDay(closure)
    if (!day) {
      setClosureError(t('audit.invalidDate'))
      return
    }
    const iso = isoDay(day)
    setClosureError(undefined)
    setClosure('')
    if (!spec.closures.includes(iso)) {
      set({ closures: [...spec.closures, iso].sort() })
    }
  }

  return (
    <Stack>
      <Group align="flex-end">
        <TimeZoneSelect
          label={t('slaSettings.timeZone')}
          value={spec.timeZone}
          onChange={(timeZone) => set({ timeZone })}
        />
        <Switch
          mb={8}
          label={t('slaSettings.alwaysOpen')}
          checked={spec.alwaysOpen}
          onChange={(e) => set({ alwaysOpen: e.currentTarget.checked })}
        />
      </Group>
      {!spec.alwaysOpen && (
        <Stack gap={4}>
          <Text fw={600} size="sm">
            {t('slaSettings.openingHours')}
          </Text>
          <Table withRowBorders verticalSpacing={6}>
            <Table.Tbody>
              {days.map((day, d) => {
                const ranges = spec.hours.map((h, index) => ({ ...h, index })).filter((h) => h.day === day)
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
                                onClick={() => set({ hours: spec.hours.filter((_, i) => i !== r.index) })}
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
                              set({ hours: [...spec.hours, range] })
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
      )}
      {!spec.alwaysOpen && (
        <Stack gap="xs">
          <Switch
            label={t('slaSettings.holidays')}
            description={t('slaSettings.holidaysHint')}
            checked={spec.holidays !== null}
            onChange={(e) => set({ holidays: e.currentTarget.checked ? { country: 'NL' } : null })}
          />
          {spec.holidays && (
            <Group align="flex-start">
              <CountrySelect
                label={t('slaSettings.holidayCountry')}
                value={spec.holidays.country}
                onChange={(country) => set({ holidays: { country } })}
                locale={locale}
                error={errors['holidays.country']}
              />
              <TextInput
                label={t('slaSettings.holidayState')}
                description={t('slaSettings.holidayStateHint')}
                value={spec.holidays.state ?? ''}
                onChange={(e) =>
                  set({
                    holidays: {
                      country: spec.holidays?.country ?? 'NL',
                      ...(e.currentTarget.value.trim() ? { state: e.currentTarget.value.trim().toUpperCase() } : {}),
                    },
                  })
                }
                w={200}
                error={errors['holidays.state']}
              />
            </Group>
          )}
        </Stack>
      )}
      {!spec.alwaysOpen && (
        <Stack gap="xs">
          <Text fw={600} size="sm">
            {t('slaSettings.closures')}
          </Text>
          <Text size="xs" c="dimmed">
            {t('slaSettings.closuresHint')}
          </Text>
          <Group gap={6}>
            {spec.closures.length === 0 && (
              <Text size="sm" c="dimmed">
                {t('slaSettings.noClosures')}
              </Text>
            )}
            {spec.closures.map((iso) => {
              const day = parseDay(iso)
              const label = day ? format.date(new Date(day.year, day.month - 1, day.day).getTime()) : iso
              return (
                <Badge
                  key={iso}
                  variant="light"
                  color="pink"
                  rightSection={
                    readOnly ? undefined : (
                      <ActionIcon
                        size="xs"
                        variant="transparent"
                        color="pink"
                        aria-label={t('slaSettings.removeClosure', { day: label })}
                        onClick={() => set({ closures: spec.closures.filter((c) => c !== iso) })}
                      >
                        <IconTrash size={12} />
                      </ActionIcon>
                    )
                  }
                >
                  {label}
                </Badge>
              )
            })}
          </Group>
          {!readOnly && (
            <Group align="flex-start" gap="xs">
              <TextInput
                aria-label={t('slaSettings.closureDay')}
                placeholder={t('audit.datePlaceholder')}
                value={closure}
                onChange={(e) => setClosure(e.currentTarget.value)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') {
                    e.preventDefault()
                    addClosure()
                  }
                }}
                error={closureError ?? errors.closures}
                w={160}
                size="xs"
              />
              <Button size="xs" variant="default" onClick={addClosure}>
                {t('slaSettings.addClosure')}
              </Button>
            </Group>
          )}
        </Stack>
      )}
    </Stack>
  )
}
