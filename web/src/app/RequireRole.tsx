import { Alert, Container } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { Outlet } from 'react-router'
import type { Role } from '../../../src/modules/users/schema.ts'
import { useMe } from '../features/auth/api.ts'

/** Shows the nested routes only to the given roles; others get an explanation instead of a page full of 403s. */
export function RequireRole({ roles }: { roles: Role[] }) {
  const { t } = useTranslation()
  const me = useMe()
  if (me.data && roles.includes(me.data.role)) {
    return <Outlet />
  }
  return (
    <Container size="sm" py="xl">
      <Alert color="yellow" title={t('errors.forbiddenTitle')}>
        {t('errors.forbiddenPage')}
      </Alert>
    </Container>
  )
}
