import { Alert, Button, Container, Stack } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { useRouteError } from 'react-router'

/** Shown when a page fails to render or its code cannot be loaded (for instance after an upgrade). */
export function RouteErrorPage() {
  const { t } = useTranslation()
  const error = useRouteError()
  return (
    <Container size="sm" py="xl">
      <Stack>
        <Alert color="red" title={t('errors.crashTitle')} role="alert">
          {error instanceof Error ? error.message : t('errors.unknown')}
        </Alert>
        <Button variant="default" onClick={() => window.location.reload()}>
          {t('errors.reload')}
        </Button>
      </Stack>
    </Container>
  )
}
