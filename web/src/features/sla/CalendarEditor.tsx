import { ActionIcon, Badge, Button, Group, Stack, Switch, Text, TextInput } from '@mantine/core'
import { IconTrash } from '@tabler/icons-react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { intlLocale } from '../../app/i18n.ts'
import { useFormatters } from '../../app/useFormatters.ts'
import { CountrySelect } from '../../components/CountrySelect.tsx'
import { TimeZoneSelect } from '../../components/TimeZoneSelect.tsx'
import { isoDay, parseDay } from '../audit/dayInput.ts'
import type { CalendarSpec } from './api.ts'
import type { FormErrors } from './slaForm.ts'
import { WeeklyHoursEditor } from './WeeklyHoursEditor.tsx'

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
  const [closure, setClosure] = useState('')
  const [closureError, setClosureError] = useState<string | undefined>()
  const set = (patch: Partial<CalendarSpec>) => onChange({ ...spec, ...patch })

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
          <WeeklyHoursEditor
            hours={spec.hours}
            onChange={(hours) => set({ hours })}
            errors={errors}
            readOnly={readOnly}
          />
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
