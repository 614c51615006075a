import { Alert, Button, Center, Divider, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { useNavigate, useSearchParams } from 'react-router'
import { SetupInput } from '../../../../src/modules/settings/schema.ts'
import type { FieldErrors } from '../../app/apiClient.ts'
import { fieldErrorsOf } from '../../app/problems.ts'
import { applyLocale, type AppLocale } from '../../app/i18n.ts'
import { validate } from '../../app/validate.ts'
import { PasswordField } from '../../components/PasswordField.tsx'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { LanguageSwitch } from '../../components/LanguageSwitch.tsx'
import { CompanyFields, emptyCompany } from '../settings/CompanyFields.tsx'
import { useCompleteSetup } from './api.ts'

/** First run: the MSP's details and the first admin. The token comes from the link printed on the console. */
export function SetupPage() {
  const { t, i18n } = useTranslation()
  const [params] = useSearchParams()
  const navigate = useNavigate()
  const setup = useCompleteSetup()
  const tokenFromLink = params.get('token') ?? ''
  const [token, setToken] = useState(tokenFromLink)
  const [company, setCompany] = useState(() => emptyCompany(i18n.language === 'en' ? 'en' : 'nl'))
  // The page's language suggests the company's default language until the installer chooses one.
  const [localeChosen, setLocaleChosen] = useState(false)
  const [admin, setAdmin] = useState({ name: '', email: '', password: '' })
  const [errors, setErrors] = useState<FieldErrors>({})

  function submit(event: FormEvent) {
    event.preventDefault()
    const checked = validate(SetupInput, { token: token.trim(), admin, company })
    if (!checked.ok) {
      setErrors(checked.errors)
      return
    }
    setErrors({})
    setup.mutate(checked.data, {
      onSuccess: () => {
        applyLocale(checked.data.company.defaultLocale)
        void navigate('/', { replace: true })
      },
    })
  }

  const shown = { ...errors, ...fieldErrorsOf(setup.error, t) }
  return (
    <Center p="md" bg="gray.0" mih="100vh">
      <Paper withBorder shadow="sm" p="xl" w="100%" maw={720}>
        <form onSubmit={submit} noValidate>
          <Stack>
            <Group justify="space-between" align="flex-start" wrap="nowrap">
              <Stack gap="xs">
                <Title order={1} size="h2">
                  {t('setup.title')}
                </Title>
                <Text c="dimmed">{t('setup.intro')}</Text>
              </Stack>
              <LanguageSwitch
                compact
                value={i18n.language === 'en' ? 'en' : 'nl'}
                onChange={(l: AppLocale) => {
                  applyLocale(l)
                  if (!localeChosen) {
                    setCompany((c) => ({ ...c, defaultLocale: l }))
                  }
                }}
              />
            </Group>
            {!tokenFromLink && (
              <>
                <Alert color="yellow">{t('setup.noToken')}</Alert>
                <TextInput
                  label={t('setup.token')}
                  value={token}
                  onChange={(e) => setToken(e.currentTarget.value)}
                  error={shown.token}
                  required
                />
              </>
            )}
            {tokenFromLink && shown.token && <Alert color="red">{shown.token}</Alert>}
            <Divider label={t('setup.companySection')} labelPosition="left" />
            <CompanyFields
              value={company}
              onChange={(next) => {
                if (next.defaultLocale !== company.defaultLocale) {
                  setLocaleChosen(true)
                }
                setCompany(next)
              }}
              errors={shown}
              errorPrefix="company."
            />
            <Divider label={t('setup.adminSection')} labelPosition="left" />
            <TextInput
              label={t('setup.adminName')}
              autoComplete="name"
              value={admin.name}
              onChange={(e) => setAdmin({ ...admin, name: e.currentTarget.value })}
              error={shown['admin.name']}
              required
            />
            <TextInput
              label={t('auth.email')}
              type="email"
              autoComplete="username"
              value={admin.email}
              onChange={(e) => setAdmin({ ...admin, email: e.currentTarget.value })}
              error={shown['admin.email']}
              required
            />
            <PasswordField
              label={t('auth.password')}
              description={t('setup.passwordHint')}
              autoComplete="new-password"
              value={admin.password}
              onChange={(e) => setAdmin({ ...admin, password: e.currentTarget.value })}
              error={shown['admin.password']}
              required
            />
            <ErrorAlert error={setup.error} />
            <Button type="submit" loading={setup.isPending} size="md">
              {t('setup.submit')}
            </Button>
          </Stack>
        </form>
      </Paper>
    </Center>
  )
}
