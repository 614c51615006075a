import { Button, Divider, Group, Modal, Select, Stack, Switch, Text, TextInput } from '@mantine/core'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { Locale, StaffRole, UserPatch, type User, type WorkHours } from '../../../../src/modules/users/schema.ts'
import type { FieldErrors } from '../../app/apiClient.ts'
import { fieldErrorsOf } from '../../app/problems.ts'
import { validate } from '../../app/validate.ts'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { useSlaConfig } from '../sla/api.ts'
import { checkHours } from '../sla/slaForm.ts'
import { useUpdateUser } from './api.ts'
import { hasHours } from './workHours.ts'
import { WorkHoursFields } from './WorkHoursFields.tsx'

const fallbackHours: WorkHours = {
  timeZone: 'Europe/Amsterdam',
  hours: [1, 2, 3, 4, 5].map((day) => ({ day, from: '08:30', to: '17:30' })),
}

/** Own working hours start as the desk's business hours, which most people work. */
function useWorkHoursTemplate(enabled: boolean): WorkHours {
  const config = useSlaConfig(enabled)
  const business = config.data?.calendars.business
  return business && !business.alwaysOpen && business.hours.length > 0
    ? { timeZone: business.timeZone, hours: business.hours }
    : fallbackHours
}

function UserEditForm({ user, onCancel, onSaved }: { user: User; onCancel: () => void; onSaved: () => void }) {
  const { t } = useTranslation()
  const update = useUpdateUser()
  const isStaff = user.role !== 'contact'
  const [name, setName] = useState(user.name)
  const [role, setRole] = useState(user.role)
  const [locale, setLocale] = useState<Locale>(user.locale)
  const [active, setActive] = useState(user.active)
  const [workHours, setWorkHours] = useState<WorkHours | null>(user.workHours)
  const template = useWorkHoursTemplate(isStaff)
  const [errors, setErrors] = useState<FieldErrors>({})
  const shown = { ...fieldErrorsOf(update.error, t), ...errors }

  function submit(event: FormEvent) {
    event.preventDefault()
    if (isStaff && workHours) {
      const hourErrors = checkHours(workHours.hours, (problem) => t(`slaSettings.errors.${problem}`))
      if (!hasHours(workHours.hours)) {
        hourErrors.hours = t('workHours.none')
      }
      if (Object.keys(hourErrors).length > 0) {
        setErrors(Object.fromEntries(Object.entries(hourErrors).map(([k, v]) => [`workHours.${k}`, v])))
        return
      }
    }
    // Only what changed is sent, so the audit log records only real changes.
    const patch = {
      ...(name !== user.name && { name }),
      ...(isStaff && role !== user.role && { role }),
      ...(locale !== user.locale && { locale }),
      ...(active !== user.active && { active }),
      ...(isStaff && JSON.stringify(workHours) !== JSON.stringify(user.workHours) && { workHours }),
    }
    if (Object.keys(patch).length === 0) {
      onCancel()
      return
    }
    const checked = validate(UserPatch, patch)
    if (!checked.ok) {
      setErrors(checked.errors)
      return
    }
    setErrors({})
    update.mutate({ id: user.id, patch: checked.data }, { onSuccess: onSaved })
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Text size="sm" c="dimmed">
          {user.email}
        </Text>
        <TextInput
          label={t('users.name')}
          required
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={shown.name}
        />
        {isStaff && (
          <Select
            label={t('users.role')}
            data={StaffRole.options.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
            value={role}
            onChange={(v) => {
              const parsed = StaffRole.safeParse(v)
              if (parsed.success) {
                setRole(parsed.data)
              }
            }}
            allowDeselect={false}
            error={shown.role}
          />
        )}
        <Select
          label={t('users.locale')}
          data={Locale.options.map((l) => ({ value: l, label: t(`language.${l}`) }))}
          value={locale}
          onChange={(v) => {
            const parsed = Locale.safeParse(v)
            if (parsed.success) {
              setLocale(parsed.data)
            }
          }}
          allowDeselect={false}
          error={shown.locale}
        />
        <Switch
          label={t('users.active')}
          description={t('users.activeHint')}
          checked={active}
          onChange={(e) => setActive(e.currentTarget.checked)}
        />
        {isStaff && (
          <>
            <Divider />
            <WorkHoursFields
              value={workHours}
              onChange={setWorkHours}
              template={template}
              errors={Object.fromEntries(
                Object.entries(shown)
                  .filter(([k]) => k.startsWith('workHours.'))
                  .map(([k, v]) => [k.slice('workHours.'.length), v]),
              )}
            />
          </>
        )}
        <ErrorAlert error={update.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={update.isPending}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  )
}

interface UserEditModalProps {
  user: User | null
  onClose: () => void
  onSaved: () => void
}

export function UserEditModal({ user, onClose, onSaved }: UserEditModalProps) {
  const { t } = useTranslation()
  return (
    <Modal
      opened={user !== null}
      onClose={onClose}
      title={t('users.editTitle')}
      size={user && user.role !== 'contact' ? 'lg' : 'md'}
    >
      {user && <UserEditForm user={user} onCancel={onClose} onSaved={onSaved} />}
    </Modal>
  )
}
