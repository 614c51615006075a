import { Select } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { IconSearch } from '@tabler/icons-react'
import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Ticket } from '../../../../src/modules/tickets/schema.ts'
import { useTicket, useTickets } from './api.ts'
import { ticketQuery } from './ticketSearch.ts'

interface TicketSelectProps {
  label: string
  value: string | null
  onChange: (ticketId: string | null) => void
  description?: string
  error?: string
  w?: number | string
}

const labelOf = (ticket: Pick<Ticket, 'number' | 'title' | 'customerName'>) =>
  `${ticket.number} · ${ticket.title} (${ticket.customerName})`

/**
 * Finds a ticket of any customer by its number (`123` is enough for this year's) or a word of its title or
 * customer, newest first. The chosen ticket keeps its label when the search no longer finds it.
 */
export function TicketSelect(props: TicketSelectProps) {
  const { t } = useTranslation()
  const [search, setSearch] = useState('')
  const [typed] = useDebouncedValue(search, 250)
  const q = ticketQuery(typed, new Date().getFullYear())
  const tickets = useTickets({ q: q || undefined, sort: 'newest' })
  const chosen = useTicket(props.value ?? '')
  const chosenData = props.value ? chosen.data : undefined
  const data = useMemo(() => {
    const items = tickets.data?.pages[0]?.items ?? []
    const options = items
      .filter((ticket) => ticket.mergedIntoId === null)
      .map((ticket) => ({ value: ticket.id, label: labelOf(ticket) }))
    if (chosenData && !options.some((o) => o.value === chosenData.id)) {
      options.unshift({ value: chosenData.id, label: labelOf(chosenData) })
    }
    return options
  }, [tickets.data, chosenData])

  return (
    <Select
      label={props.label}
      description={props.description}
      placeholder={t('mail.ticketSearchPlaceholder')}
      leftSection={<IconSearch size={16} />}
      data={data}
      value={props.value}
      onChange={(id) => props.onChange(id)}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      // The server searched already: a number typed as `123` must still match `2026-000123`.
      filter={({ options }) => options}
      nothingFoundMessage={tickets.isFetching ? t('common.loading') : t('common.nothingFound')}
      clearable
      error={props.error}
      w={props.w}
    />
  )
}
