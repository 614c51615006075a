import { Button, Group, Stack } from '@mantine/core'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { PasswordChange } from '../../../../src/modules/users/schema.ts'
import type { FieldErrors } from '../../app/apiClient.ts'
import { fieldErrorsOf } from '../../app/problems.ts'
import { validate } from '../../app/validate.ts'
import { PasswordField } from '../../components/PasswordField.tsx'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { useChangePassword } from './api.ts'

export function PasswordChangeForm({ onSaved }: { onSaved: () => void }) {
  const { t } = useTranslation()
  const change = useChangePassword()
  const [currentPassword, setCurrentPassword] = useState('')
  const [newPassword, setNewPassword] = useState('')
  const [errors, setErrors] = useState<FieldErrors>({})
  const shown = { ...fieldErrorsOf(change.error, t), ...errors }

  function submit(event: FormEvent) {
    event.preventDefault()
    const checked = validate(PasswordChange, { currentPassword, newPassword })
    if (!checked.ok) {
      setErrors(checked.errors)
      return
    }
    setErrors({})
    change.mutate(checked.data, {
      onSuccess: () => {
        setCurrentPassword('')
        setNewPassword('')
        onSaved()
      },
    })
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <PasswordField
          label={t('profile.currentPassword')}
          autoComplete="current-password"
          value={currentPassword}
          onChange={(e) => setCurrentPassword(e.currentTarget.value)}
          error={shown.currentPassword}
          required
        />
        <PasswordField
          label={t('profile.newPassword')}
          description={t('profile.newPasswordHint')}
          autoComplete="new-password"
          value={newPassword}
          onChange={(e) => setNewPassword(e.currentTarget.value)}
          error={shown.newPassword}
          required
        />
        <ErrorAlert error={change.error} />
        <Group justify="flex-end">
          <Button type="submit" loading={change.isPending}>
            {t('profile.changePassword')}
          </Button>
        </Group>
      </Stack>
    </form>
  )
}
