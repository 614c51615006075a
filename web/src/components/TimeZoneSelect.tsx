import { Select } from '@mantine/core'
import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'

interface TimeZoneSelectProps {
  label: string
  value: string
  onChange: (value: string) => void
  error?: string
}

/** A searchable list of the IANA time zones this browser knows. */
export function TimeZoneSelect({ label, value, onChange, error }: TimeZoneSelectProps) {
  const { t } = useTranslation()
  const zones = useMemo(() => {
    const all = Intl.supportedValuesOf('timeZone')
    return all.includes(value) ? all : [value, ...all]
  }, [value])
  return (
    <Select
      label={label}
      data={zones}
      value={value}
      onChange={(zone) => zone && onChange(zone)}
      searchable
      allowDeselect={false}
      nothingFoundMessage={t('common.nothingFound')}
      limit={100}
      error={error}
    />
  )
}
