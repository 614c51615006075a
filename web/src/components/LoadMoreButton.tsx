import { Button, Center } from '@mantine/core'
import { useTranslation } from 'react-i18next'

interface LoadMoreButtonProps {
  hasNextPage: boolean
  isFetchingNextPage: boolean
  fetchNextPage: () => unknown
}

/** The "Load more" button under a keyset-paginated list; hidden when there is no next page. */
export function LoadMoreButton({ hasNextPage, isFetchingNextPage, fetchNextPage }: LoadMoreButtonProps) {
  const { t } = useTranslation()
  if (!hasNextPage) {
    return null
  }
  return (
    <Center mt="md">
      <Button variant="default" loading={isFetchingNextPage} onClick={() => void fetchNextPage()}>
        {t('common.loadMore')}
      </Button>
    </Center>
  )
}
