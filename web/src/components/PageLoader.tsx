import { Center, Loader } from '@mantine/core'
import { useTranslation } from 'react-i18next'

/** A centred spinner for a page or section whose data is on its way. */
export function PageLoader({ fullScreen = false }: { fullScreen?: boolean }) {
  const { t } = useTranslation()
  return (
    <Center h={fullScreen ? '100vh' : 200} role="status" aria-label={t('common.loading')}>
      <Loader />
    </Center>
  )
}
