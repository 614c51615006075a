import { Button, Group, NumberInput, Select, SimpleGrid, Stack, Switch, TextInput, Title } from '@mantine/core'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { MonitoringConfig } from '../../../../src/modules/monitoring/schema.ts'
import type { FieldErrors } from '../../app/apiClient.ts'
import { fieldErrorsOf } from '../../app/problems.ts'
import { validate } from '../../app/validate.ts'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { PageLoader } from '../../components/PageLoader.tsx'
import { useMonitoringConfig, useUpdateMonitoringConfig } from './api.ts'
import { configPatch, LEVEL_KEYS } from './configPatch.ts'

type NumberKey =
  'missingLongAfterDays' | 'warningRepeatDays' | 'upsOnBatteryMinutes' | 'upsCommLostMinutes' | 'upsPollSeconds'

const NUMBERS: readonly { key: NumberKey; min: number; max: number }[] = [
  { key: 'missingLongAfterDays', min: 1, max: 30 },
  { key: 'warningRepeatDays', min: 1, max: 30 },
  { key: 'upsOnBatteryMinutes', min: 0, max: 1440 },
  { key: 'upsCommLostMinutes', min: 0, max: 1440 },
  { key: 'upsPollSeconds', min: 10, max: 3600 },
]

/** The daily check's time, when problems become tickets, and at what level each kind of problem is raised. */
export function MonitoringSettings({ onSaved }: { onSaved: () => void }) {
  const config = useMonitoringConfig()
  if (config.isPending) {
    return <PageLoader />
  }
  if (config.isError) {
    return <ErrorAlert error={config.error} />
  }
  // A fresh form whenever the stored settings change (saved here or elsewhere).
  return <MonitoringForm key={JSON.stringify(config.data)} stored={config.data} onSaved={onSaved} />
}

function MonitoringForm({ stored, onSaved }: { stored: MonitoringConfig; onSaved: () => void }) {
  const { t } = useTranslation()
  const update = useUpdateMonitoringConfig()
  const [values, setValues] = useState<MonitoringConfig>(stored)
  const [errors, setErrors] = useState<FieldErrors>({})
  const serverErrors = fieldErrorsOf(update.error, t)
  const patch = configPatch(stored, values)
  const levelOptions = (['high', 'normal', 'low'] as const).map((l) => ({
    value: l,
    label: t(`monitoring.settings.levelNames.${l}`),
  }))

  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault()
        const checked = validate(MonitoringConfig, values)
        if (!checked.ok) {
          setErrors(checked.errors)
          return
        }
        setErrors({})
        const changes = configPatch(stored, checked.data)
        if (changes) {
          update.mutate(changes, { onSuccess: onSaved })
        }
      }}
    >
      <Stack>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            // Plain text: a browser's time field may show AM/PM, which the 24-hour setting does not know.
            label={t('monitoring.settings.checkTime')}
            placeholder="07:30"
            maxLength={5}
            description={t('monitoring.settings.checkTimeHint')}
            value={values.checkTime}
            onChange={(e) => setValues({ ...values, checkTime: e.currentTarget.value })}
            error={errors.checkTime ?? serverErrors.checkTime}
            required
          />
          <Switch
            mt="lg"
            label={t('monitoring.settings.resolveOnSuccess')}
            description={t('monitoring.settings.resolveOnSuccessHint')}
            checked={values.resolveOnSuccess}
            onChange={(e) => setValues({ ...values, resolveOnSuccess: e.currentTarget.checked })}
          />
          {NUMBERS.map(({ key, min, max }) => (
            <NumberInput
              key={key}
              label={t(`monitoring.settings.${key}`)}
              description={t(`monitoring.settings.${key}Hint`)}
              value={values[key]}
              onChange={(v) => setValues({ ...values, [key]: typeof v === 'number' ? v : Number(v) })}
              min={min}
              max={max}
              allowDecimal={false}
              allowNegative={false}
              error={errors[key] ?? serverErrors[key]}
            />
          ))}
        </SimpleGrid>
        <Title order={5}>{t('monitoring.settings.levels')}</Title>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {LEVEL_KEYS.map((key) => (
            <Select
              key={key}
              label={t(`monitoring.settings.levelLabels.${key}`)}
              data={levelOptions}
              value={values.levels[key]}
              onChange={(v) =>
                v &&
                setValues({
                  ...values,
                  levels: { ...values.levels, [key]: v },
                })
              }
              allowDeselect={false}
            />
          ))}
        </SimpleGrid>
        <ErrorAlert error={update.error} />
        <Group justify="flex-end">
          <Button variant="default" disabled={!patch} onClick={() => setValues(stored)}>
            {t('common.reset')}
          </Button>
          <Button type="submit" disabled={!patch} loading={update.isPending}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  )
}
