import { Alert } from '@mantine/core'
import { IconCheck } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'

/** A dismissible confirmation that something was saved or sent. Renders nothing without a message. */
export function SuccessAlert({ message, onClose }: { message: string | null; onClose: () => void }) {
  const { t } = useTranslation()
  if (!message) {
    return null
  }
  return (
    <Alert
      color="green"
      icon={<IconCheck size={18} />}
      withCloseButton
      closeButtonLabel={t('common.close')}
      onClose={onClose}
      role="status"
    >
      {message}
    </Alert>
  )
}
