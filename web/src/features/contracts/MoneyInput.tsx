import { TextInput, type TextInputProps } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { centsToInput, parseMoney, parsePercent, percentToInput, type NumberLocale } from './money.ts'

type FieldProps = Omit<TextInputProps, 'value' | 'onChange'> & { value: string; onChange: (value: string) => void }

export const numberLocale = (language: string): NumberLocale => (language === 'en' ? 'en' : 'nl')

/** An amount in euros as typed (`1.234,56`); leaving the field tidies a readable amount to `1234,56`. */
export function MoneyInput({ value, onChange, ...props }: FieldProps) {
  const { i18n } = useTranslation()
  const locale = numberLocale(i18n.language)
  return (
    <TextInput
      leftSection="€"
      inputMode="decimal"
      autoComplete="off"
      {...props}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      onBlur={() => {
        const cents = parseMoney(value, locale)
        if (cents !== null) {
          onChange(centsToInput(cents, locale))
        }
      }}
    />
  )
}

/** A percentage as typed (`2,5`), at most two decimals. */
export function PercentInput({
  value,
  onChange,
  allowNegative = false,
  ...props
}: FieldProps & { allowNegative?: boolean }) {
  const { i18n } = useTranslation()
  const locale = numberLocale(i18n.language)
  return (
    <TextInput
      rightSection="%"
      inputMode="decimal"
      autoComplete="off"
      {...props}
      value={value}
      onChange={(e) => onChange(e.currentTarget.value)}
      onBlur={() => {
        const p = parsePercent(value, locale, allowNegative)
        if (p !== null) {
          onChange(percentToInput(p, locale))
        }
      }}
    />
  )
}
