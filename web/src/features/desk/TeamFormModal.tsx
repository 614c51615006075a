import { Button, Group, Modal, Select, Stack, TextInput } from '@mantine/core'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { TeamCreate, type Team } from '../../../../src/modules/desk/schema.ts'
import type { FieldErrors } from '../../app/apiClient.ts'
import { fieldErrorsOf } from '../../app/problems.ts'
import { validate } from '../../app/validate.ts'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { useStaffUsers } from '../tickets/api.ts'
import { useCreateTeam, useUpdateTeam } from './api.ts'

interface TeamFormProps {
  team: Team | null
  onCancel: () => void
  onSaved: (team: Team) => void
}

function TeamForm({ team, onCancel, onSaved }: TeamFormProps) {
  const { t } = useTranslation()
  const create = useCreateTeam()
  const update = useUpdateTeam()
  const mutation = team ? update : create
  const users = useStaffUsers()
  const options = (users.data ?? []).map((u) => ({ value: u.id, label: u.name }))
  // A lead who has left stays visible until someone else is chosen.
  if (team?.leadId && team.leadName && !options.some((o) => o.value === team.leadId)) {
    options.unshift({ value: team.leadId, label: team.leadName })
  }
  const [name, setName] = useState(team?.name ?? '')
  const [leadId, setLeadId] = useState<string | null>(team?.leadId ?? null)
  const [errors, setErrors] = useState<FieldErrors>({})
  const shown = { ...fieldErrorsOf(mutation.error, t), ...errors }

  function submit(event: FormEvent) {
    event.preventDefault()
    const checked = validate(TeamCreate, { name, leadId })
    if (!checked.ok) {
      setErrors(checked.errors)
      return
    }
    setErrors({})
    if (team) {
      // Only what changed, so that the audit log shows the real change.
      const patch = {
        ...(checked.data.name !== team.name && { name: checked.data.name }),
        ...(leadId !== team.leadId && { leadId }),
      }
      if (Object.keys(patch).length === 0) {
        onCancel()
        return
      }
      update.mutate({ id: team.id, patch }, { onSuccess: onSaved })
    } else {
      create.mutate(checked.data, { onSuccess: onSaved })
    }
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <TextInput
          label={t('teams.name')}
          required
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={shown.name}
          data-autofocus
        />
        <Select
          label={t('teams.lead')}
          description={t('teams.leadHint')}
          placeholder={t('teams.noLead')}
          data={options}
          value={leadId}
          onChange={setLeadId}
          searchable
          clearable
          nothingFoundMessage={users.isPending ? t('common.loading') : t('common.nothingFound')}
          error={shown.leadId}
        />
        <ErrorAlert error={mutation.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {team ? t('common.save') : t('teams.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  )
}

interface TeamFormModalProps {
  /** `null`: closed; `{ team: null }`: a new team. */
  editing: { team: Team | null } | null
  onClose: () => void
  onSaved: (team: Team) => void
}

export function TeamFormModal({ editing, onClose, onSaved }: TeamFormModalProps) {
  const { t } = useTranslation()
  return (
    <Modal opened={editing !== null} onClose={onClose} title={editing?.team ? t('teams.editTitle') : t('teams.new')}>
      {editing && <TeamForm team={editing.team} onCancel={onClose} onSaved={onSaved} />}
    </Modal>
  )
}
