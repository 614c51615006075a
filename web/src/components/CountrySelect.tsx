import { Select } from '@mantine/core'
import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'

interface CountrySelectProps {
  label: string
  value: string
  onChange: (value: string) => void
  locale: string
  error?: string
}

const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'

/** The ISO 3166 two-letter codes that Intl can name, with their names in `locale`, sorted by name. */
function countries(locale: string): { value: string; label: string }[] {
  const names = new Intl.DisplayNames([locale], { type: 'region', fallback: 'none' })
  const list: { value: string; label: string }[] = []
  for (const a of letters) {
    for (const b of letters) {
      const code = a + b
      let name: string | undefined
      try {
        name = names.of(code)
      } catch {
        name = undefined
      }
      // Groupings such as EU, UN and the private-use ranges are not countries.
      if (name && name !== code && !['EU', 'EZ', 'UN', 'QO', 'XA', 'XB', 'ZZ'].includes(code)) {
        list.push({ value: code, label: `${name} (${code})` })
      }
    }
  }
  return list.sort((x, y) => x.label.localeCompare(y.label, locale))
}

/** A searchable country picker whose value is the ISO 3166 alpha-2 code. */
export function CountrySelect({ label, value, onChange, locale, error }: CountrySelectProps) {
  const { t } = useTranslation()
  const data = useMemo(() => {
    const list = countries(locale)
    return !value || list.some((c) => c.value === value) ? list : [{ value, label: value }, ...list]
  }, [locale, value])
  return (
    <Select
      label={label}
      data={data}
      value={value}
      onChange={(code) => code && onChange(code)}
      searchable
      allowDeselect={false}
      nothingFoundMessage={t('common.nothingFound')}
      error={error}
    />
  )
}
