import { Select } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { IconBuilding } from '@tabler/icons-react'
import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useCustomer, useCustomers } from '../customers/api.ts'

interface CustomerSelectProps {
  label: string
  value: string | null
  onChange: (customerId: string | null) => void
  required?: boolean
  clearable?: boolean
  error?: string
  placeholder?: string
  autoFocus?: boolean
  w?: number | string
}

/**
 * Picks a customer by typing part of its name: the server searches (there may be thousands) and offers its first
 * 50 hits, narrowed in the browser as typing goes on, so that the list never shows the hits of an older search.
 * The chosen customer keeps its name even when the search no longer finds it.
 */
export function CustomerSelect(props: CustomerSelectProps) {
  const { t } = useTranslation()
  const [search, setSearch] = useState('')
  const [q] = useDebouncedValue(search, 250)
  const customers = useCustomers({ q, archived: 'exclude' })
  const chosen = useCustomer(props.value ?? '')
  const chosenData = props.value ? chosen.data : undefined
  const data = useMemo(() => {
    const items = customers.data?.pages[0]?.items ?? []
    const options = items.map((c) => ({ value: c.id, label: c.city ? `${c.name} (${c.city})` : c.name }))
    if (chosenData && !options.some((o) => o.value === chosenData.id)) {
      options.unshift({
        value: chosenData.id,
        label: chosenData.city ? `${chosenData.name} (${chosenData.city})` : chosenData.name,
      })
    }
    return options
  }, [customers.data, chosenData])

  return (
    <Select
      label={props.label}
      placeholder={props.placeholder ?? t('tickets.fields.customerPlaceholder')}
      leftSection={<IconBuilding size={16} />}
      data={data}
      value={props.value}
      onChange={(id) => props.onChange(id)}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      nothingFoundMessage={customers.isFetching ? t('common.loading') : t('common.nothingFound')}
      clearable={props.clearable}
      required={props.required}
      error={props.error}
      autoFocus={props.autoFocus}
      // Focused on arrival, the list would cover the form before anyone typed a letter.
      openOnFocus={!props.autoFocus}
      w={props.w}
    />
  )
}
