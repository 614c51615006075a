import { Card, Stack, Title } from '@mantine/core'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { PageLoader } from '../../components/PageLoader.tsx'
import { SuccessAlert } from '../../components/SuccessAlert.tsx'
import { useSettings } from './api.ts'
import { CompanySettingsForm } from './CompanySettingsForm.tsx'
import { SecuritySettings } from './SecuritySettings.tsx'
import { BillingSettings } from './BillingSettings.tsx'
import { MonitoringSettings } from '../monitoring/MonitoringSettings.tsx'

export function SettingsPage() {
  const { t } = useTranslation()
  const settings = useSettings()
  const [notice, setNotice] = useState<string | null>(null)
  const saved = () => setNotice(t('common.saved'))

  return (
    <Stack maw={800}>
      <Title order={2}>{t('settings.title')}</Title>
      <SuccessAlert message={notice} onClose={() => setNotice(null)} />
      <ErrorAlert error={settings.error} />
      {settings.isPending && <PageLoader />}
      {settings.data && (
        <>
          <Card withBorder>
            <Stack>
              <Title order={3}>{t('settings.company')}</Title>
              <CompanySettingsForm company={settings.data.company} onSaved={saved} />
            </Stack>
          </Card>
          <Card withBorder>
            <Stack>
              <Title order={3}>{t('settings.security')}</Title>
              <SecuritySettings security={settings.data.security} onSaved={saved} />
            </Stack>
          </Card>
          <Card withBorder>
            <Stack>
              <Title order={3}>{t('settings.billing')}</Title>
              <BillingSettings billing={settings.data.billing} onSaved={saved} />
            </Stack>
          </Card>
          <Card withBorder>
            <Stack>
              <Title order={3}>{t('settings.monitoring')}</Title>
              <MonitoringSettings onSaved={saved} />
            </Stack>
          </Card>
        </>
      )}
    </Stack>
  )
}
