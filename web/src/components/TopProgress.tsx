import { Progress } from '@mantine/core'
import { useIsFetching, useIsMutating } from '@tanstack/react-query'
import { useNavigation } from 'react-router'
import { useTranslation } from 'react-i18next'

/** A thin bar at the top of the window while a page loads or a request is under way. */
export function TopProgress() {
  const { t } = useTranslation()
  const fetching = useIsFetching()
  const mutating = useIsMutating()
  const navigation = useNavigation()
  const busy = fetching + mutating > 0 || navigation.state !== 'idle'
  if (!busy) {
    return null
  }
  return (
    <Progress
      value={100}
      animated
      striped
      size="xs"
      radius={0}
      aria-label={t('common.loading')}
      style={{ position: 'fixed', top: 0, left: 0, right: 0, zIndex: 1000 }}
    />
  )
}
