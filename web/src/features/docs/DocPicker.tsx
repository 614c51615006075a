import { Select } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { IconFileText } from '@tabler/icons-react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useDocs } from './api.ts'

interface DocPickerProps {
  label: string
  description?: string
  value: string | null
  onChange: (id: string | null) => void
  /** A document that may not be chosen (the one being edited). */
  exceptId?: string
}

/** Picks a document by typing words of it: the server's full-text search offers its best 20. */
export function DocPicker(props: DocPickerProps) {
  const { t } = useTranslation()
  const [search, setSearch] = useState('')
  const [q] = useDebouncedValue(search.trim(), 250)
  const docs = useDocs({ q: q || undefined })
  // The chosen title, kept for when a later search no longer finds it.
  const [chosen, setChosen] = useState<{ value: string; label: string } | null>(null)
  const data = (docs.data?.pages[0]?.items ?? [])
    .filter((d) => d.id !== props.exceptId)
    .map((d) => ({ value: d.id, label: `${d.title} (${d.language.toUpperCase()})` }))
  if (chosen && chosen.value === props.value && !data.some((o) => o.value === chosen.value)) {
    data.unshift(chosen)
  }
  return (
    <Select
      label={props.label}
      description={props.description}
      placeholder={t('docs.pickDocument')}
      leftSection={<IconFileText size={16} />}
      data={data}
      value={props.value}
      onChange={(id, option) => {
        setChosen(id ? option : null)
        props.onChange(id)
      }}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      // The server already searched (stemmed, accents ignored); the browser must not filter its hits again.
      filter={({ options }) => options}
      nothingFoundMessage={docs.isFetching ? t('common.loading') : t('common.nothingFound')}
      clearable
    />
  )
}
