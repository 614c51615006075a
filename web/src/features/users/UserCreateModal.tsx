import { Button, Group, Modal, Select, Stack, TextInput } from '@mantine/core'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { Locale, StaffRole, UserCreate } from '../../../../src/modules/users/schema.ts'
import type { FieldErrors } from '../../app/apiClient.ts'
import { fieldErrorsOf } from '../../app/problems.ts'
import { validate } from '../../app/validate.ts'
import { PasswordField } from '../../components/PasswordField.tsx'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { useCreateUser } from './api.ts'

function UserCreateForm({ onCancel, onSaved }: { onCancel: () => void; onSaved: (invited: boolean) => void }) {
  const { t, i18n } = useTranslation()
  const create = useCreateUser()
  const [email, setEmail] = useState('')
  const [name, setName] = useState('')
  const [role, setRole] = useState<StaffRole>('technician')
  const [locale, setLocale] = useState<Locale>(i18n.language === 'en' ? 'en' : 'nl')
  const [password, setPassword] = useState('')
  const [errors, setErrors] = useState<FieldErrors>({})
  const shown = { ...fieldErrorsOf(create.error, t), ...errors }

  function submit(event: FormEvent) {
    event.preventDefault()
    const checked = validate(UserCreate, { email, name, role, locale, password: password || undefined })
    if (!checked.ok) {
      setErrors(checked.errors)
      return
    }
    setErrors({})
    create.mutate(checked.data, { onSuccess: () => onSaved(!checked.data.password) })
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <TextInput
          label={t('users.email')}
          type="email"
          required
          data-autofocus
          value={email}
          onChange={(e) => setEmail(e.currentTarget.value)}
          error={shown.email}
        />
        <TextInput
          label={t('users.name')}
          required
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={shown.name}
        />
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
        <PasswordField
          label={t('users.password')}
          description={t('users.passwordHint')}
          autoComplete="new-password"
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          error={shown.password}
        />
        <ErrorAlert error={create.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={create.isPending}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  )
}

interface UserCreateModalProps {
  opened: boolean
  onClose: () => void
  /** `invited` is true when no password was given and an invitation mail went out. */
  onSaved: (invited: boolean) => void
}

export function UserCreateModal({ opened, onClose, onSaved }: UserCreateModalProps) {
  const { t } = useTranslation()
  return (
    <Modal opened={opened} onClose={onClose} title={t('users.newTitle')}>
      <UserCreateForm onCancel={onClose} onSaved={onSaved} />
    </Modal>
  )
}
