import { Button, Group, SimpleGrid, Stack, TextInput } from '@mantine/core'
import { useState, type ChangeEvent, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { AuditFilter } from './api.ts'

/** Local midnight of a `YYYY-MM-DD` date, or the last millisecond of that day, as epoch ms. */
function dayBoundary(day: string, end: boolean): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) {
    return undefined
  }
  const [y, m, d] = day.split('-').map(Number) as [number, number, number]
  return end ? new Date(y, m - 1, d + 1).getTime() - 1 : new Date(y, m - 1, d).getTime()
}

export const emptyAuditFilter: AuditFilter = {
  action: '',
  entityType: '',
  entityId: '',
  actorId: '',
  from: undefined,
  to: undefined,
}

/** The filter form; it applies on submit, so typing does not fire a request per key. */
export function AuditFilters({ onApply }: { onApply: (filter: AuditFilter) => void }) {
  const { t } = useTranslation()
  const [values, setValues] = useState({ action: '', entityType: '', entityId: '', actorId: '', from: '', to: '' })
  const set = (key: keyof typeof values) => (e: ChangeEvent<HTMLInputElement>) =>
    setValues({ ...values, [key]: e.currentTarget.value })

  function submit(event: FormEvent) {
    event.preventDefault()
    onApply({
      action: values.action,
      entityType: values.entityType,
      entityId: values.entityId,
      actorId: values.actorId,
      from: dayBoundary(values.from, false),
      to: dayBoundary(values.to, true),
    })
  }

  return (
    <form onSubmit={submit}>
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
          <TextInput
            label={t('audit.action')}
            placeholder="customer.updated"
            value={values.action}
            onChange={set('action')}
          />
          <TextInput
            label={t('audit.entityType')}
            placeholder="customer"
            value={values.entityType}
            onChange={set('entityType')}
          />
          <TextInput label={t('audit.entityId')} value={values.entityId} onChange={set('entityId')} />
          <TextInput label={t('audit.actorId')} value={values.actorId} onChange={set('actorId')} />
          <TextInput label={t('audit.from')} type="date" value={values.from} onChange={set('from')} />
          <TextInput label={t('audit.to')} type="date" value={values.to} onChange={set('to')} />
        </SimpleGrid>
        <Group justify="flex-end">
          <Button
            variant="default"
            onClick={() => {
              setValues({ action: '', entityType: '', entityId: '', actorId: '', from: '', to: '' })
              onApply(emptyAuditFilter)
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
