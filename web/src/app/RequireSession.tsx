import { Button, Container, Stack } from '@mantine/core'
import { lazy, Suspense, useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import { Navigate, Outlet, useLocation } from 'react-router'
import { ErrorAlert } from '../components/ErrorAlert.tsx'
import { PageLoader } from '../components/PageLoader.tsx'
import { useMe } from '../features/auth/api.ts'
import { AppLayout } from './AppLayout.tsx'
import { applyLocale } from './i18n.ts'

const TotpEnrolmentPage = lazy(async () => ({
  default: (await import('../features/profile/TotpEnrolmentPage.tsx')).TotpEnrolmentPage,
}))

/** The signed-in part of the app: without a session it goes to sign-in, and it speaks the person's language. */
export function RequireSession() {
  const { t } = useTranslation()
  const me = useMe()
  const location = useLocation()
  const locale = me.data?.locale

  useEffect(() => {
    if (locale) {
      applyLocale(locale)
    }
  }, [locale])

  if (me.isPending) {
    return <PageLoader fullScreen />
  }
  if (me.isError) {
    return (
      <Container size="sm" py="xl">
        <Stack>
          <ErrorAlert error={me.error} />
          <Button variant="default" onClick={() => void me.refetch()}>
            {t('common.retry')}
          </Button>
        </Stack>
      </Container>
    )
  }
  if (!me.data) {
    const here = location.pathname + location.search
    return <Navigate to={here === '/' ? '/login' : `/login?next=${encodeURIComponent(here)}`} replace />
  }
  // Staff who must use two-factor sign-in can do nothing else until they have enrolled.
  const enrolling = me.data.totpEnrolmentRequired
  return (
    <AppLayout me={me.data} withNavigation={!enrolling}>
      <Suspense fallback={<PageLoader />}>{enrolling ? <TotpEnrolmentPage /> : <Outlet />}</Suspense>
    </AppLayout>
  )
}
