import { Alert, Button, Stack, TextInput } from '@mantine/core'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { Navigate, useNavigate, useSearchParams } from 'react-router'
import { Login } from '../../../../src/modules/users/schema.ts'
import { ApiError, type FieldErrors } from '../../app/apiClient.ts'
import { validate } from '../../app/validate.ts'
import { PageLoader } from '../../components/PageLoader.tsx'
import { PasswordField } from '../../components/PasswordField.tsx'
import { useLogin, useMe } from './api.ts'
import { AuthFrame } from './AuthFrame.tsx'
import { loginErrorMessage } from './loginErrorMessage.ts'
import { useBrandingLocale } from './useBrandingLocale.ts'

/** Only paths inside this app, never `//elsewhere.example`. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/'
}

export function LoginPage() {
  const { t } = useTranslation()
  const branding = useBrandingLocale()
  const me = useMe()
  const login = useLogin()
  const navigate = useNavigate()
  const [params] = useSearchParams()
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [totp, setTotp] = useState('')
  const [step, setStep] = useState<'credentials' | 'totp'>('credentials')
  const [errors, setErrors] = useState<FieldErrors>({})

  if (me.isPending) {
    return <PageLoader fullScreen />
  }
  if (me.data && !login.isPending) {
    return <Navigate to={safeNext(params.get('next'))} replace />
  }

  function submit(event: FormEvent) {
    event.preventDefault()
    const input = step === 'totp' ? { email, password, totp } : { email, password }
    const checked = validate(Login, input)
    if (!checked.ok) {
      setErrors(checked.errors)
      return
    }
    setErrors({})
    login.mutate(checked.data, {
      onSuccess: () => void navigate(safeNext(params.get('next')), { replace: true }),
      onError: (error) => {
        if (error instanceof ApiError && error.code === 'totp_required') {
          setStep('totp')
        }
      },
    })
  }

  const message = loginErrorMessage(login.error, t)
  return (
    <AuthFrame brandName={branding.data?.name} logo={branding.data?.logo} title={t('auth.signInTitle')}>
      <form onSubmit={submit} noValidate>
        <Stack>
          {message && (
            <Alert color="red" role="alert">
              {message}
            </Alert>
          )}
          {step === 'credentials' ? (
            <>
              <TextInput
                label={t('auth.email')}
                type="email"
                autoComplete="username"
                value={email}
                onChange={(e) => setEmail(e.currentTarget.value)}
                error={errors.email}
                required
                autoFocus
              />
              <PasswordField
                label={t('auth.password')}
                autoComplete="current-password"
                value={password}
                onChange={(e) => setPassword(e.currentTarget.value)}
                error={errors.password}
                required
              />
            </>
          ) : (
            <TextInput
              label={t('auth.totp')}
              description={t('auth.totpHint')}
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={6}
              value={totp}
              onChange={(e) => setTotp(e.currentTarget.value.replace(/\D/g, ''))}
              error={errors.totp}
              required
              autoFocus
            />
          )}
          <Button type="submit" loading={login.isPending}>
            {t('auth.signIn')}
          </Button>
          {step === 'totp' && (
            <Button
              variant="subtle"
              onClick={() => {
                setStep('credentials')
                setTotp('')
                login.reset()
              }}
            >
              {t('common.back')}
            </Button>
          )}
        </Stack>
      </form>
    </AuthFrame>
  )
}
