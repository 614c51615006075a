import { Button, Container, Stack } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { Navigate, Outlet, useLocation } from 'react-router'
import { ErrorAlert } from '../components/ErrorAlert.tsx'
import { PageLoader } from '../components/PageLoader.tsx'
import { TopProgress } from '../components/TopProgress.tsx'
import { useSetupStatus } from '../features/setup/api.ts'

/** Sends everyone to the installation page until sladesk is set up, and away from it afterwards. */
export function RootLayout() {
  const { t } = useTranslation()
  const setup = useSetupStatus()
  const location = useLocation()

  if (setup.isPending) {
    return <PageLoader fullScreen />
  }
  if (setup.isError) {
    return (
      <Container size="sm" py="xl">
        <Stack>
          <ErrorAlert error={setup.error} />
          <Button variant="default" onClick={() => void setup.refetch()}>
            {t('common.retry')}
          </Button>
        </Stack>
      </Container>
    )
  }
  const onSetupPage = location.pathname === '/setup'
  if (setup.data.needed && !onSetupPage) {
    return <Navigate to={`/setup${location.search}`} replace />
  }
  if (!setup.data.needed && onSetupPage) {
    return <Navigate to="/" replace />
  }
  return (
    <>
      <TopProgress />
      <Outlet />
    </>
  )
}
