import { Button, Group, Stack, TextInput } from '@mantine/core'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { MePatch, type Me } from '../../../../src/modules/users/schema.ts'
import type { FieldErrors } from '../../app/apiClient.ts'
import { fieldErrorsOf } from '../../app/problems.ts'
import { applyLocale, type AppLocale } from '../../app/i18n.ts'
import { validate } from '../../app/validate.ts'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { LanguageSwitch } from '../../components/LanguageSwitch.tsx'
import { useUpdateMe } from './api.ts'

/** Name (saved with a button) and language (applied and saved at once). */
export function ProfileDetailsForm({ me, onSaved }: { me: Me; onSaved: () => void }) {
  const { t, i18n } = useTranslation()
  const updateName = useUpdateMe()
  const updateLocale = useUpdateMe()
  const [name, setName] = useState(me.name)
  const [errors, setErrors] = useState<FieldErrors>({})

  function submit(event: FormEvent) {
    event.preventDefault()
    const checked = validate(MePatch, { name })
    if (!checked.ok) {
      setErrors(checked.errors)
      return
    }
    setErrors({})
    updateName.mutate(checked.data, { onSuccess: onSaved })
  }

  function switchLanguage(locale: AppLocale) {
    const previous = me.locale
    applyLocale(locale)
    updateLocale.mutate({ locale }, { onError: () => applyLocale(previous) })
  }

  return (
    <Stack>
      <LanguageSwitch value={i18n.language === 'en' ? 'en' : 'nl'} onChange={switchLanguage} />
      <ErrorAlert error={updateLocale.error} />
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput
            label={t('profile.name')}
            autoComplete="name"
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={errors.name ?? fieldErrorsOf(updateName.error, t).name}
          />
          <TextInput label={t('profile.email')} value={me.email} readOnly variant="filled" />
          <ErrorAlert error={updateName.error} />
          <Group justify="flex-end">
            <Button type="submit" loading={updateName.isPending}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  )
}
