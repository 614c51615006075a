import {
  Button,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  type ComboboxItem,
  type ComboboxItemGroup,
} from '@mantine/core'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { auditActions, auditEntityTypes, isAuditAction } from './auditCatalogue.ts'
import { useAuditUsers, type AuditFilterForm } from './api.ts'
import { formatDay, isoDay, parseDay } from './dayInput.ts'

export const emptyAuditFilterForm: AuditFilterForm = {
  action: '',
  entityType: '',
  entityId: '',
  actorId: '',
  from: '',
  to: '',
}

/** An action code typed by hand, for actions this version of the app does not know yet. */
const actionCode = /^[a-z_]+\.[a-z_]+$/

/** `2026-03-05` from the address bar as `05-03-2026` for the form; anything unreadable as typed. */
const shownDay = (iso: string) => {
  const day = parseDay(iso)
  return day ? formatDay(day) : iso
}

interface AuditFiltersProps {
  /** The filter in force (from the address bar); the form starts from it. */
  value: AuditFilterForm
  onApply: (filter: AuditFilterForm) => void
}

/** The filter form; it applies on submit, so typing does not fire a request per key. */
export function AuditFilters({ value, onApply }: AuditFiltersProps) {
  const { t } = useTranslation()
  const users = useAuditUsers()
  const [draft, setDraft] = useState({ ...value, from: shownDay(value.from), to: shownDay(value.to) })
  const [actionSearch, setActionSearch] = useState('')
  const [dateErrors, setDateErrors] = useState<{ from?: string; to?: string }>({})
  const set = (key: keyof typeof draft) => (v: string | null) => setDraft((d) => ({ ...d, [key]: v ?? '' }))

  const actionLabel = (action: string) => (isAuditAction(action) ? t(`audit.actions.${action}`) : action)
  const actionData: ComboboxItemGroup<ComboboxItem>[] = [
    { group: t('audit.action'), items: auditActions.map((a) => ({ value: a, label: actionLabel(a) })) },
  ]
  const typed = actionSearch.trim()
  const custom = [draft.action, actionCode.test(typed) ? typed : '']
    .filter((a) => a && !isAuditAction(a))
    .filter((a, i, all) => all.indexOf(a) === i)
  if (custom.length > 0) {
    actionData.push({ group: t('audit.customActions'), items: custom.map((a) => ({ value: a, label: a })) })
  }

  const people = users.data ?? []
  const userData: ComboboxItemGroup<ComboboxItem>[] = [
    { group: t('audit.staffUsers'), items: people.filter((u) => u.role !== 'contact') },
    { group: t('audit.contactUsers'), items: people.filter((u) => u.role === 'contact') },
  ]
    .filter((g) => g.items.length > 0)
    .map((g) => ({ group: g.group, items: g.items.map((u) => ({ value: u.id, label: `${u.name} (${u.email})` })) }))
  if (draft.actorId && !people.some((u) => u.id === draft.actorId)) {
    userData.push({ group: t('audit.user'), items: [{ value: draft.actorId, label: draft.actorId }] })
  }

  function submit(event: FormEvent) {
    event.preventDefault()
    const from = draft.from.trim() ? parseDay(draft.from) : null
    const to = draft.to.trim() ? parseDay(draft.to) : null
    const errors: { from?: string; to?: string } = {}
    if (draft.from.trim() && !from) {
      errors.from = t('audit.invalidDate')
    }
    if (draft.to.trim() && !to) {
      errors.to = t('audit.invalidDate')
    }
    if (from && to && isoDay(to) < isoDay(from)) {
      errors.to = t('audit.toBeforeFrom')
    }
    setDateErrors(errors)
    if (errors.from || errors.to) {
      return
    }
    setDraft((d) => ({ ...d, from: from ? formatDay(from) : '', to: to ? formatDay(to) : '' }))
    onApply({
      ...draft,
      entityId: draft.entityId.trim(),
      from: from ? isoDay(from) : '',
      to: to ? isoDay(to) : '',
    })
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
          <Select
            label={t('audit.action')}
            placeholder={t('audit.allActions')}
            data={actionData}
            value={draft.action || null}
            onChange={set('action')}
            searchable
            clearable
            searchValue={actionSearch}
            onSearchChange={setActionSearch}
            nothingFoundMessage={t('common.nothingFound')}
            filter={({ options, search }) => {
              const q = search.trim().toLowerCase()
              return options
                .map((o) =>
                  'group' in o
                    ? {
                        ...o,
                        items: o.items.filter(
                          (i) => i.label.toLowerCase().includes(q) || i.value.toLowerCase().includes(q),
                        ),
                      }
                    : o,
                )
                .filter((o) => !('group' in o) || o.items.length > 0)
            }}
            renderOption={({ option }) => (
              <Stack gap={0}>
                <Text size="sm">{option.label}</Text>
                {option.label !== option.value && (
                  <Text size="xs" c="dimmed" ff="monospace">
                    {option.value}
                  </Text>
                )}
              </Stack>
            )}
          />
          <Select
            label={t('audit.user')}
            placeholder={t('audit.everyone')}
            data={userData}
            value={draft.actorId || null}
            onChange={set('actorId')}
            searchable
            clearable
            nothingFoundMessage={t('common.nothingFound')}
          />
          <Select
            label={t('audit.entityType')}
            placeholder={t('audit.allTypes')}
            data={auditEntityTypes.map((type) => ({ value: type, label: t(`audit.entityTypes.${type}`) }))}
            value={draft.entityType || null}
            onChange={set('entityType')}
            clearable
          />
          <TextInput
            label={t('audit.entityId')}
            description={t('audit.entityIdHint')}
            // Below the input, so that the inputs of a row stay level.
            inputWrapperOrder={['label', 'input', 'description', 'error']}
            value={draft.entityId}
            onChange={(e) => set('entityId')(e.currentTarget.value)}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
            spellCheck={false}
          />
          <TextInput
            label={t('audit.from')}
            placeholder={t('audit.datePlaceholder')}
            inputMode="numeric"
            value={draft.from}
            onChange={(e) => set('from')(e.currentTarget.value)}
            error={dateErrors.from}
          />
          <TextInput
            label={t('audit.to')}
            placeholder={t('audit.datePlaceholder')}
            inputMode="numeric"
            value={draft.to}
            onChange={(e) => set('to')(e.currentTarget.value)}
            error={dateErrors.to}
          />
        </SimpleGrid>
        <Group justify="flex-end">
          <Button
            variant="default"
            onClick={() => {
              setDraft(emptyAuditFilterForm)
              setDateErrors({})
              onApply(emptyAuditFilterForm)
            }}
          >
            {t('common.reset')}
          </Button>
          <Button type="submit">{t('common.filter')}</Button>
        </Group>
      </Stack>
    </form>
  )
}
