import { Alert, Card, Container, Stack, Title } from '@mantine/core'
import { IconShieldLock } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { PageLoader } from '../../components/PageLoader.tsx'
import { useMe } from '../auth/api.ts'
import { TwoFactorSection } from './TwoFactorSection.tsx'

/** All that staff see while their organisation requires two-factor sign-in and they have not enrolled yet. */
export function TotpEnrolmentPage() {
  const { t } = useTranslation()
  const me = useMe()
  if (me.isPending) {
    return <PageLoader />
  }
  if (!me.data) {
    return <ErrorAlert error={me.error} />
  }
  return (
    <Container size="sm">
      <Stack>
        <Title order={2}>{t('totp.requiredTitle')}</Title>
        <Alert color="blue" icon={<IconShieldLock size={18} />}>
          {t('totp.requiredText')}
        </Alert>
        <Card withBorder>
          <TwoFactorSection me={me.data} onChanged={() => undefined} />
        </Card>
      </Stack>
    </Container>
  )
}
