import { Alert, Button, Stack, Text, TextInput } from '@mantine/core'
import { useEffect, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { useNavigate, useParams } from 'react-router'
import { InvitationAccept } from '../../../../src/modules/users/schema.ts'
import type { FieldErrors } from '../../app/apiClient.ts'
import { fieldErrorsOf } from '../../app/problems.ts'
import { validate } from '../../app/validate.ts'
import { PasswordField } from '../../components/PasswordField.tsx'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { PageLoader } from '../../components/PageLoader.tsx'
import { useAcceptInvitation, useInvitation } from './api.ts'
import { AuthFrame } from './AuthFrame.tsx'
import { useBrandingLocale } from './useBrandingLocale.ts'

/** Where an invited person chooses a password and is signed in. */
export function InvitePage() {
  const { t } = useTranslation()
  const { token = '' } = useParams()
  const branding = useBrandingLocale()
  const invitation = useInvitation(token)
  const accept = useAcceptInvitation(token)
  const navigate = useNavigate()
  const [name, setName] = useState('')
  const [password, setPassword] = useState('')
  const [errors, setErrors] = useState<FieldErrors>({})
  const invitedName = invitation.data?.name

  useEffect(() => {
    if (invitedName) {
      setName(invitedName)
    }
  }, [invitedName])

  function submit(event: FormEvent) {
    event.preventDefault()
    const checked = validate(InvitationAccept, { password, name: name.trim() || undefined })
    if (!checked.ok) {
      setErrors(checked.errors)
      return
    }
    setErrors({})
    accept.mutate(checked.data, { onSuccess: () => void navigate('/', { replace: true }) })
  }

  const shown = { ...errors, ...fieldErrorsOf(accept.error, t) }
  return (
    <AuthFrame brandName={branding.data?.name} logo={branding.data?.logo} title={t('invite.title')}>
      {invitation.isPending && <PageLoader />}
      {invitation.isError && <ErrorAlert error={invitation.error} title={t('invite.invalid')} />}
      {invitation.data && (
        <form onSubmit={submit} noValidate>
          <Stack>
            <Text>
              {invitation.data.customerName
                ? t('invite.introCustomer', { email: invitation.data.email, customer: invitation.data.customerName })
                : t('invite.intro', { email: invitation.data.email })}
            </Text>
            <ErrorAlert error={accept.error} />
            <TextInput
              label={t('invite.name')}
              autoComplete="name"
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={shown.name}
            />
            <PasswordField
              label={t('auth.password')}
              description={t('invite.passwordHint')}
              autoComplete="new-password"
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
              error={shown.password}
              required
            />
            <Button type="submit" loading={accept.isPending}>
              {t('invite.submit')}
            </Button>
          </Stack>
        </form>
      )}
      {accept.isSuccess && <Alert color="green">{t('invite.done')}</Alert>}
    </AuthFrame>
  )
}
