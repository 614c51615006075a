import { Select, Stack, Text } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { IconSearch } from '@tabler/icons-react'
import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { DocSummary } from '../../../../src/modules/docs/schema.ts'
import { kindName, useDocKinds, useDocSearch } from './docsApi.ts'

interface DocLinkPickerProps {
  /** Called with the document chosen; the field empties again for the next one. */
  onPick: (doc: DocSummary) => void
  /** Documents not to offer (those linked already). */
  exclude?: readonly string[]
  /** Offer only what a portal user of this customer may read (a link in a reply to that customer). */
  readableBy?: string
  description?: string
  disabled?: boolean
  autoFocus?: boolean
}

/**
 * Finds a published document by a word of its title or text (the server searches, best first, at most ten); without
 * a word it offers the latest ones. Made to be opened on purpose: it takes the focus and shows its list at once.
 */
export function DocLinkPicker({
  onPick,
  exclude,
  readableBy,
  description,
  disabled,
  autoFocus = true,
}: DocLinkPickerProps) {
  const { t, i18n } = useTranslation()
  const [search, setSearch] = useState('')
  const [q] = useDebouncedValue(search, 250)
  const docs = useDocSearch(q, true, readableBy)
  const kinds = useDocKinds()
  const items = useMemo(
    () => (docs.data?.items ?? []).filter((doc) => !exclude?.includes(doc.id)),
    [docs.data, exclude],
  )
  const byId = useMemo(() => new Map(items.map((doc) => [doc.id, doc])), [items])
  const data = useMemo(() => items.map((doc) => ({ value: doc.id, label: doc.title })), [items])

  return (
    <Select
      label={t('docLinks.search')}
      description={description}
      placeholder={t('docLinks.searchPlaceholder')}
      leftSection={<IconSearch size={16} />}
      data={data}
      // A picker, not a field: what was chosen is handed over and the input is free for the next search.
      value={null}
      onChange={(id) => {
        const doc = id === null ? undefined : byId.get(id)
        if (doc) {
          setSearch('')
          onPick(doc)
        }
      }}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      // The server ranked the hits already, stemming and all: a browser filter would drop some of them.
      filter={({ options }) => options}
      nothingFoundMessage={docs.isFetching ? t('common.loading') : t('common.nothingFound')}
      renderOption={({ option }) => {
        const doc = byId.get(option.value)
        return (
          <Stack gap={0}>
            <Text size="sm">{option.label}</Text>
            {doc && (
              <Text size="xs" c="dimmed">
                {kindName(kinds.data?.items, doc.kind, i18n.language)}
                {' · '}
                {t(`docLinks.visibility.${doc.visibility}`)}
              </Text>
            )}
          </Stack>
        )
      }}
      maxDropdownHeight={320}
      disabled={disabled}
      autoFocus={autoFocus}
    />
  )
}
