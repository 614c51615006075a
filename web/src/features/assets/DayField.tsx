import { TextInput, type TextInputProps } from '@mantine/core'
import { IconCalendar } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { formatDay, parseDay } from '../audit/dayInput.ts'

type DayFieldProps = Omit<TextInputProps, 'value' | 'onChange'> & {
  /** As typed: `dd-mm-jjjj` (ISO and `/` or `.` separators are read too). */
  value: string
  onChange: (value: string) => void
}

/** A calendar day typed the Dutch way; on leaving the field a readable day is tidied to `dd-mm-jjjj`. */
export function DayField({ value, onChange, ...props }: DayFieldProps) {
  const { t } = useTranslation()
  return (
    <TextInput
      placeholder={t('assets.dayPlaceholder')}
      leftSection={<IconCalendar size={16} />}
      inputMode="numeric"
      autoComplete="off"
      {...props}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      onBlur={() => {
        const day = parseDay(value)
        if (day) {
          onChange(formatDay(day))
        }
      }}
    />
  )
}
