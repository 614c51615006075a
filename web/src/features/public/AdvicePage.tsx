import {
  Alert,
  Anchor,
  Box,
  Button,
  Center,
  Group,
  Image,
  NumberInput,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core'
import { IconAlertTriangle, IconCircleCheck, IconLanguage } from '@tabler/icons-react'
import { useEffect, useState, type ChangeEvent, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useLocation } from 'react-router'
import { LeadSubmit } from '../../../../src/modules/leads/schema.ts'
import { ApiError, type FieldErrors } from '../../app/apiClient.ts'
import { fieldErrorsOf, problemMessage } from '../../app/problems.ts'
import { i18n as appI18n } from '../../app/i18n.ts'
import { validate } from '../../app/validate.ts'
import { useBranding } from '../auth/api.ts'
import { useSubmitLead } from './api.ts'

/** The page's language follows its address: /advies is Dutch, /advice English. */
export const advicePaths = { nl: '/advies', en: '/advice' } as const

interface Values {
  company: string
  name: string
  email: string
  phone: string
  servers: number | string
  workstations: number | string
  question: string
  /** The honeypot: people never see it, a bot that fills in every field does. */
  website: string
}

const empty: Values = {
  company: '',
  name: '',
  email: '',
  phone: '',
  servers: '',
  workstations: '',
  question: '',
  website: '',
}

const count = (v: number | string) => (v === '' ? null : Number(v))

/** `/advies` and `/advice`: prospects ask for free advice or a quote, without signing in. */
export function AdvicePage() {
  const { t, i18n } = useTranslation()
  const { pathname } = useLocation()
  const lang = pathname.startsWith(advicePaths.en) ? 'en' : 'nl'
  const branding = useBranding()
  const submit = useSubmitLead()
  const [values, setValues] = useState<Values>(empty)
  const [errors, setErrors] = useState<FieldErrors>({})
  const [sent, setSent] = useState(false)
  const shown = { ...fieldErrorsOf(submit.error, t), ...errors }

  // The address decides the language; it is not stored as the device's choice (that is for signed-in use), and
  // the language from before comes back when someone goes on into the app.
  const [before] = useState(() => i18n.language)
  useEffect(() => {
    if (i18n.language !== lang) {
      void i18n.changeLanguage(lang)
    }
  }, [i18n, lang])
  // The app's own instance: the one useTranslation hands out is a new object after each change of language.
  useEffect(() => () => void appI18n.changeLanguage(before), [before])
  const company = branding.data?.name ?? 'sladesk'

  useEffect(() => {
    document.title = `${t('advice.title')} · ${company}`
  }, [t, company, lang])

  const field = (key: 'company' | 'name' | 'email' | 'phone') => ({
    value: values[key],
    onChange: (e: ChangeEvent<HTMLInputElement>) => setValues({ ...values, [key]: e.currentTarget.value }),
    error: shown[key],
  })

  function send(event: FormEvent) {
    event.preventDefault()
    const input = {
      ...values,
      servers: count(values.servers),
      workstations: count(values.workstations),
      locale: lang,
      website: values.website || undefined,
    }
    const checked = validate(LeadSubmit, input)
    if (!checked.ok) {
      setErrors(checked.errors)
      return
    }
    setErrors({})
    submit.mutate(checked.data, { onSuccess: () => setSent(true) })
  }

  const rateLimited = submit.error instanceof ApiError && submit.error.status === 429
  const minutes = rateLimited ? Math.max(1, Math.ceil(((submit.error as ApiError).retryAfterSeconds ?? 3600) / 60)) : 0
  const other = lang === 'nl' ? 'en' : 'nl'

  return (
    <Center mih="100vh" p="md" bg="gray.0">
      <Paper withBorder shadow="sm" p="xl" w="100%" maw={720}>
        <Stack>
          <Group justify="space-between" align="flex-start" wrap="nowrap">
            <Stack gap="xs">
              {branding.data?.logo && <Image src={branding.data.logo} alt="" h={48} w="auto" fit="contain" />}
              <Text fw={700} size="lg">
                {company}
              </Text>
            </Stack>
            <Anchor component={Link} to={advicePaths[other]} size="sm" lang={other}>
              <Group gap={4} wrap="nowrap">
                <IconLanguage size={16} />
                {t(`language.${other}`)}
              </Group>
            </Anchor>
          </Group>
          <Title order={1} size="h2">
            {t('advice.title')}
          </Title>
          {sent ? (
            <Alert color="green" icon={<IconCircleCheck size={20} />} title={t('advice.thanksTitle')} role="status">
              <Stack gap="sm">
                <Text size="sm">{t('advice.thanks', { company })}</Text>
                <Button
                  variant="default"
                  w="fit-content"
                  onClick={() => {
                    setValues(empty)
                    setSent(false)
                    submit.reset()
                  }}
                >
                  {t('advice.another')}
                </Button>
              </Stack>
            </Alert>
          ) : (
            <form onSubmit={send} noValidate>
              <Stack>
                <Text>{t('advice.intro', { company })}</Text>
                <SimpleGrid cols={{ base: 1, sm: 2 }}>
                  <TextInput label={t('advice.company')} required autoComplete="organization" {...field('company')} />
                  <TextInput label={t('advice.name')} required autoComplete="name" {...field('name')} />
                  <TextInput label={t('advice.email')} type="email" required autoComplete="email" {...field('email')} />
                  <TextInput label={t('advice.phone')} type="tel" autoComplete="tel" {...field('phone')} />
                  <NumberInput
                    label={t('advice.servers')}
                    description={t('advice.countHint')}
                    value={values.servers}
                    onChange={(servers) => setValues({ ...values, servers })}
                    min={0}
                    max={100000}
                    allowDecimal={false}
                    allowNegative={false}
                    error={shown.servers}
                  />
                  <NumberInput
                    label={t('advice.workstations')}
                    description={t('advice.countHint')}
                    value={values.workstations}
                    onChange={(workstations) => setValues({ ...values, workstations })}
                    min={0}
                    max={100000}
                    allowDecimal={false}
                    allowNegative={false}
                    error={shown.workstations}
                  />
                </SimpleGrid>
                <Textarea
                  label={t('advice.question')}
                  description={t('advice.questionHint')}
                  required
                  autosize
                  minRows={5}
                  value={values.question}
                  onChange={(e) => setValues({ ...values, question: e.currentTarget.value })}
                  error={shown.question}
                />
                {/* Out of sight and out of the tab order; screen readers skip it too. Only a bot fills it in. */}
                <Box
                  aria-hidden="true"
                  style={{ position: 'absolute', left: -10000, top: 'auto', width: 1, height: 1, overflow: 'hidden' }}
                >
                  <label htmlFor="advice-website">{t('advice.website')}</label>
                  <input
                    id="advice-website"
                    name="website"
                    type="text"
                    tabIndex={-1}
                    autoComplete="off"
                    value={values.website}
                    onChange={(e) => setValues({ ...values, website: e.currentTarget.value })}
                  />
                </Box>
                {rateLimited ? (
                  <Alert
                    color="orange"
                    icon={<IconAlertTriangle size={18} />}
                    title={t('advice.tooManyTitle')}
                    role="alert"
                  >
                    {t('advice.tooMany', { count: minutes })}
                  </Alert>
                ) : (
                  submit.error && (
                    <Alert color="red" icon={<IconAlertTriangle size={18} />} role="alert">
                      {problemMessage(submit.error, t)}
                    </Alert>
                  )
                )}
                <Text size="xs" c="dimmed">
                  {t('advice.privacy', { company })}
                </Text>
                <Group justify="flex-end">
                  <Button type="submit" loading={submit.isPending}>
                    {t('advice.send')}
                  </Button>
                </Group>
              </Stack>
            </form>
          )}
        </Stack>
      </Paper>
    </Center>
  )
}
