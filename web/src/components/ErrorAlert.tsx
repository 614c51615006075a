import { ActionIcon, Alert, Code, CopyButton, Group, Stack, Text, Tooltip } from '@mantine/core'
import { IconAlertTriangle, IconCheck, IconCopy } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { ApiError } from '../app/apiClient.ts'
import { problemMessage } from '../app/problems.ts'

/**
 * Explains a failed request in the user's language. For an error on the server it also offers the error code to
 * copy, which finds the log line. Renders nothing without an error.
 */
export function ErrorAlert({ error, title }: { error: unknown; title?: string }) {
  const { t } = useTranslation()
  const text = problemMessage(error, t)
  if (!text) {
    return null
  }
  const correlationId = error instanceof ApiError ? error.correlationId : null
  return (
    <Alert color="red" icon={<IconAlertTriangle size={18} />} title={title ?? t('errors.title')} role="alert">
      <Stack gap={6}>
        <Text size="sm">{text}</Text>
        {correlationId && (
          <Group gap={6}>
            <Text size="sm">{t('errors.correlationId')}:</Text>
            <Code>{correlationId}</Code>
            <CopyButton value={correlationId}>
              {({ copied, copy }) => (
                <Tooltip label={copied ? t('common.copied') : t('errors.copyCorrelationId')}>
                  <ActionIcon
                    variant="subtle"
                    color={copied ? 'teal' : 'gray'}
                    size="sm"
                    onClick={copy}
                    aria-label={t('errors.copyCorrelationId')}
                  >
                    {copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
                  </ActionIcon>
                </Tooltip>
              )}
            </CopyButton>
          </Group>
        )}
      </Stack>
    </Alert>
  )
}
