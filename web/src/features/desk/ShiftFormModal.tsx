import { Button, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { Shift } from '../../../../src/modules/desk/schema.ts'
import { fieldErrorsOf } from '../../app/problems.ts'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { useStaffUsers } from '../tickets/api.ts'
import { formatDuration } from '../tickets/slaClock.ts'
import { useAddShift } from './api.ts'
import { checkShift, fromLocalInput, toLocalInput } from './rota.ts'

export interface ShiftDraft {
  startsAt: number
  endsAt: number
}

interface ShiftFormProps {
  draft: ShiftDraft
  onCancel: () => void
  onSaved: (shift: Shift) => void
}

function ShiftForm({ draft, onCancel, onSaved }: ShiftFormProps) {
  const { t } = useTranslation()
  const add = useAddShift()
  // On call are the people who can fix things: active admins and technicians, not billing.
  const users = useStaffUsers()
  const options = (users.data ?? [])
    .filter((u) => u.role === 'admin' || u.role === 'technician')
    .map((u) => ({ value: u.id, label: u.name }))
  const [userId, setUserId] = useState<string | null>(null)
  const [start, setStart] = useState(toLocalInput(draft.startsAt))
  const [end, setEnd] = useState(toLocalInput(draft.endsAt))
  const [checked, setChecked] = useState(false)
  const startsAt = fromLocalInput(start)
  const endsAt = fromLocalInput(end)
  const problems = checked ? checkShift({ userId, startsAt, endsAt }) : {}
  const server = fieldErrorsOf(add.error, t)
  const message = (field: 'userId' | 'startsAt' | 'endsAt') => {
    const problem = problems[field]
    return problem ? t(`oncall.errors.${problem}`) : server[field]
  }

  function submit(event: FormEvent) {
    event.preventDefault()
    setChecked(true)
    if (Object.keys(checkShift({ userId, startsAt, endsAt })).length > 0 || !userId || !startsAt || !endsAt) {
      return
    }
    add.mutate({ userId, startsAt, endsAt }, { onSuccess: onSaved })
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Select
          label={t('oncall.technician')}
          placeholder={t('oncall.technicianPlaceholder')}
          data={options}
          value={userId}
          onChange={setUserId}
          searchable
          nothingFoundMessage={users.isPending ? t('common.loading') : t('common.nothingFound')}
          required
          error={message('userId')}
          data-autofocus
        />
        <Group grow align="flex-start">
          <TextInput
            type="datetime-local"
            label={t('oncall.startsAt')}
            value={start}
            onChange={(e) => setStart(e.currentTarget.value)}
            required
            error={message('startsAt')}
          />
          <TextInput
            type="datetime-local"
            label={t('oncall.endsAt')}
            value={end}
            onChange={(e) => setEnd(e.currentTarget.value)}
            required
            error={message('endsAt')}
          />
        </Group>
        {startsAt !== null && endsAt !== null && endsAt > startsAt && (
          <Text size="sm" c="dimmed">
            {t('oncall.lasts', { time: formatDuration((endsAt - startsAt) / 1000, t, false) })}
          </Text>
        )}
        <ErrorAlert error={add.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={add.isPending}>
            {t('oncall.add')}
          </Button>
        </Group>
      </Stack>
    </form>
  )
}

interface ShiftFormModalProps {
  draft: ShiftDraft | null
  onClose: () => void
  onSaved: (shift: Shift) => void
}

/** Puts a technician on call from a start to an end (at most 31 days), in the browser's time zone. */
export function ShiftFormModal({ draft, onClose, onSaved }: ShiftFormModalProps) {
  const { t } = useTranslation()
  return (
    <Modal opened={draft !== null} onClose={onClose} title={t('oncall.addTitle')} size="lg">
      {draft && <ShiftForm draft={draft} onCancel={onClose} onSaved={onSaved} />}
    </Modal>
  )
}
