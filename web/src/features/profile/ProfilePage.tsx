import { Card, Stack, Title } from '@mantine/core'
import { useState, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { PageLoader } from '../../components/PageLoader.tsx'
import { SuccessAlert } from '../../components/SuccessAlert.tsx'
import { useMe } from '../auth/api.ts'
import { ApiTokensSection } from './ApiTokensSection.tsx'
import { PasswordChangeForm } from './PasswordChangeForm.tsx'
import { ProfileDetailsForm } from './ProfileDetailsForm.tsx'
import { SessionsSection } from './SessionsSection.tsx'
import { TwoFactorSection } from './TwoFactorSection.tsx'

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card withBorder component="section">
      <Stack>
        <Title order={3}>{title}</Title>
        {children}
      </Stack>
    </Card>
  )
}

export function ProfilePage() {
  const { t } = useTranslation()
  const me = useMe()
  const [notice, setNotice] = useState<string | null>(null)
  if (!me.data) {
    return <PageLoader />
  }
  const saved = () => setNotice(t('common.saved'))
  return (
    <Stack maw={900}>
      <Title order={2}>{t('profile.title')}</Title>
      <SuccessAlert message={notice} onClose={() => setNotice(null)} />
      <Section title={t('profile.details')}>
        <ProfileDetailsForm me={me.data} onSaved={saved} />
      </Section>
      <Section title={t('profile.password')}>
        <PasswordChangeForm onSaved={() => setNotice(t('profile.passwordChanged'))} />
      </Section>
      <Section title={t('totp.title')}>
        <TwoFactorSection me={me.data} onChanged={setNotice} />
      </Section>
      <Section title={t('sessions.title')}>
        <SessionsSection />
      </Section>
      {me.data.kind === 'staff' && (
        <Section title={t('tokens.title')}>
          <ApiTokensSection />
        </Section>
      )}
    </Stack>
  )
}
