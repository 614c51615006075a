import { Alert } from '@mantine/core'
import { IconAlertTriangle } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { ApiError } from '../app/apiClient.ts'

/** Explains a failed request: the server's `detail`, or a generic message. Renders nothing without an error. */
export function ErrorAlert({ error, title }: { error: unknown; title?: string }) {
  const { t } = useTranslation()
  if (!error) {
    return null
  }
  let text: string
  if (error instanceof ApiError) {
    if (error.status === 0) {
      text = t('errors.network')
    } else if (error.status === 429) {
      text = t('errors.tooManyRequests', { seconds: error.retryAfterSeconds ?? 60 })
    } else {
      text = error.detail || t('errors.unknown')
    }
  } else {
    text = t('errors.unknown')
  }
  return (
    <Alert color="red" icon={<IconAlertTriangle size={18} />} title={title ?? t('errors.title')} role="alert">
      {text}
    </Alert>
  )
}
