import { MultiSelect } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { IconBuilding } from '@tabler/icons-react'
import { useQueries } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Customer } from '../../../../src/modules/customers/schema.ts'
import { call } from '../../app/apiClient.ts'
import { useCustomers } from '../customers/api.ts'

interface CustomerMultiSelectProps {
  label: string
  description?: string
  value: string[]
  onChange: (ids: string[]) => void
  error?: string
}

const labelOf = (c: { name: string; city: string | null }) => (c.city ? `${c.name} (${c.city})` : c.name)

/**
 * Picks customers by typing part of a name, as CustomerSelect does for one: the server searches and offers its
 * first 50 hits. The chosen customers are read one by one (as the customer page does, so the cache is shared) to
 * keep their names when the search no longer finds them.
 */
export function CustomerMultiSelect(props: CustomerMultiSelectProps) {
  const { t } = useTranslation()
  const [search, setSearch] = useState('')
  const [q] = useDebouncedValue(search, 250)
  const customers = useCustomers({ q, archived: 'exclude' })
  const chosen = useQueries({
    queries: props.value.map((id) => ({
      queryKey: ['customers', id],
      queryFn: () => call('GET', `/customers/${id}`, Customer),
      staleTime: 5 * 60_000,
    })),
  })
  const data = (customers.data?.pages[0]?.items ?? []).map((c) => ({ value: c.id, label: labelOf(c) }))
  props.value.forEach((id, i) => {
    if (!data.some((o) => o.value === id)) {
      const c = chosen[i]?.data
      data.unshift({ value: id, label: c ? labelOf(c) : t('common.loading') })
    }
  })

  return (
    <MultiSelect
      label={props.label}
      description={props.description}
      placeholder={props.value.length === 0 ? t('tickets.fields.customerPlaceholder') : undefined}
      leftSection={<IconBuilding size={16} />}
      data={data}
      value={props.value}
      onChange={props.onChange}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      nothingFoundMessage={customers.isFetching ? t('common.loading') : t('common.nothingFound')}
      error={props.error}
      clearable
    />
  )
}
