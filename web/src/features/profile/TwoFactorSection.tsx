import {
  ActionIcon,
  Badge,
  Button,
  Code,
  CopyButton,
  Group,
  Image,
  Stack,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core'
import { IconCheck, IconCopy } from '@tabler/icons-react'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { TotpCode, type Me } from '../../../../src/modules/users/schema.ts'
import { validate } from '../../app/validate.ts'
import { PasswordField } from '../../components/PasswordField.tsx'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { useTotpDisable, useTotpEnable, useTotpSetup } from './api.ts'

function Enrol({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation()
  const setup = useTotpSetup()
  const enable = useTotpEnable()
  const [code, setCode] = useState('')
  const [error, setError] = useState<string | undefined>()

  function submit(event: FormEvent) {
    event.preventDefault()
    const checked = validate(TotpCode, { code })
    if (!checked.ok) {
      setError(checked.errors.code)
      return
    }
    setError(undefined)
    enable.mutate(checked.data.code, { onSuccess: onDone })
  }

  if (!setup.data) {
    return (
      <Stack align="flex-start">
        <Text size="sm">{t('totp.intro')}</Text>
        <Button loading={setup.isPending} onClick={() => setup.mutate()}>
          {t('totp.setUp')}
        </Button>
        <ErrorAlert error={setup.error} />
      </Stack>
    )
  }
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Text size="sm">{t('totp.scan')}</Text>
        <Image src={setup.data.qrDataUrl} alt={t('totp.qrAlt')} w={200} h={200} />
        <Stack gap={4}>
          <Text size="sm">{t('totp.secretHint')}</Text>
          <Group gap="xs">
            <Code fz="md">{setup.data.secret}</Code>
            <CopyButton value={setup.data.secret}>
              {({ copied, copy }) => (
                <Tooltip label={copied ? t('common.copied') : t('common.copy')}>
                  <ActionIcon variant="subtle" onClick={copy} aria-label={t('common.copy')}>
                    {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
                  </ActionIcon>
                </Tooltip>
              )}
            </CopyButton>
          </Group>
        </Stack>
        <TextInput
          label={t('auth.totp')}
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={6}
          value={code}
          onChange={(e) => setCode(e.currentTarget.value.replace(/\D/g, ''))}
          error={error}
          w={200}
          required
        />
        <ErrorAlert error={enable.error} />
        <Group>
          <Button type="submit" loading={enable.isPending}>
            {t('totp.activate')}
          </Button>
        </Group>
      </Stack>
    </form>
  )
}

function Disable({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation()
  const disable = useTotpDisable()
  const [password, setPassword] = useState('')

  function submit(event: FormEvent) {
    event.preventDefault()
    if (password) {
      disable.mutate(password, { onSuccess: onDone })
    }
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Group gap="xs">
          <Badge color="green">{t('totp.enabled')}</Badge>
        </Group>
        <Text size="sm">{t('totp.disableHint')}</Text>
        <PasswordField
          label={t('auth.password')}
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          w={320}
          required
        />
        <ErrorAlert error={disable.error} />
        <Group>
          <Button type="submit" color="red" variant="light" loading={disable.isPending} disabled={!password}>
            {t('totp.disable')}
          </Button>
        </Group>
      </Stack>
    </form>
  )
}

/** Two-factor sign-in: enrol with an authenticator app, or switch it off again with the password. */
export function TwoFactorSection({ me, onChanged }: { me: Me; onChanged: (message: string) => void }) {
  const { t } = useTranslation()
  return me.totpEnabled ? (
    <Disable onDone={() => onChanged(t('totp.disabled'))} />
  ) : (
    <Enrol onDone={() => onChanged(t('totp.activated'))} />
  )
}
