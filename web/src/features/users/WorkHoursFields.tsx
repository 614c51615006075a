import { Radio, Stack, Text } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import type { WorkHours } from '../../../../src/modules/users/schema.ts'
import { TimeZoneSelect } from '../../components/TimeZoneSelect.tsx'
import type { FormErrors } from '../sla/slaForm.ts'
import { WeeklyHoursEditor } from '../sla/WeeklyHoursEditor.tsx'

interface WorkHoursFieldsProps {
  /** null: the MSP's business hours. */
  value: WorkHours | null
  onChange: (value: WorkHours | null) => void
  /** What "own hours" start as: the business hours, to adjust. */
  template: WorkHours
  /** Keyed `hours.<index>`, and `hours` for no hours at all. */
  errors: FormErrors
}

/** A technician's working hours: the business hours of the desk, or their own per weekday in a time zone. */
export function WorkHoursFields({ value, onChange, template, errors }: WorkHoursFieldsProps) {
  const { t } = useTranslation()
  return (
    <Stack gap="xs">
      <Radio.Group
        label={t('workHours.label')}
        description={t('workHours.hint')}
        value={value ? 'own' : 'business'}
        onChange={(v) => onChange(v === 'own' ? (value ?? structuredClone(template)) : null)}
      >
        <Stack gap={6} mt="xs">
          <Radio value="business" label={t('workHours.business')} />
          <Radio value="own" label={t('workHours.own')} />
        </Stack>
      </Radio.Group>
      {value && (
        <Stack gap="xs" pl="lg">
          <TimeZoneSelect
            label={t('slaSettings.timeZone')}
            value={value.timeZone}
            onChange={(timeZone) => onChange({ ...value, timeZone })}
          />
          <WeeklyHoursEditor
            hours={value.hours}
            onChange={(hours) => onChange({ ...value, hours })}
            errors={errors}
            readOnly={false}
          />
          {errors.hours && (
            <Text size="sm" c="red">
              {errors.hours}
            </Text>
          )}
        </Stack>
      )}
    </Stack>
  )
}
