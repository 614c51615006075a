import { Alert, Button, Container, Stack } from '@mantine/core'
import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import { useRouteError } from 'react-router'

const reloadedKey = 'sladesk.reloadedForStaleChunk'

/** After an upgrade the old page asks for code files that no longer exist; a fresh load fixes that. */
function isStaleChunk(error: unknown): boolean {
  return (
    error instanceof Error &&
    /dynamically imported module|Importing a module script failed|error loading dynamically imported/i.test(
      error.message,
    )
  )
}

/** Shown when a page fails to render or its code cannot be loaded. */
export function RouteErrorPage() {
  const { t } = useTranslation()
  const error = useRouteError()
  const stale = isStaleChunk(error)

  useEffect(() => {
    // At most one reload per 30 seconds, so a server that really lacks the file causes no reload loop.
    const last = Number(sessionStorage.getItem(reloadedKey) ?? 0)
    if (stale && Date.now() - last > 30_000) {
      sessionStorage.setItem(reloadedKey, String(Date.now()))
      window.location.reload()
    }
  }, [stale])

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
