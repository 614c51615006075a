import {
  ActionIcon,
  Alert,
  Anchor,
  Badge,
  Button,
  FileButton,
  Group,
  Progress,
  Stack,
  Switch,
  Text,
} from '@mantine/core'
import { IconDownload, IconPaperclip, IconUpload } from '@tabler/icons-react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ApiError } from '../../app/apiClient.ts'
import { useFormatters } from '../../app/useFormatters.ts'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { attachmentUrl, useAttachments, useUploadAttachment } from './api.ts'

interface AttachmentsPanelProps {
  ticketId: string
  /** Staff choose whether the customer sees a file; what a contact uploads is always shared with the desk. */
  staff: boolean
  disabled?: boolean
}

/** The files of a ticket, newest last, and an upload with a progress bar (one file per request). */
export function AttachmentsPanel({ ticketId, staff, disabled }: AttachmentsPanelProps) {
  const { t } = useTranslation()
  const format = useFormatters()
  const attachments = useAttachments(ticketId)
  const uploadOne = useUploadAttachment(ticketId)
  const [isPublic, setIsPublic] = useState(true)
  const [progress, setProgress] = useState<{ name: string; share: number } | null>(null)
  const [failed, setFailed] = useState<unknown>(null)

  async function send(files: File[]) {
    setFailed(null)
    for (const file of files) {
      setProgress({ name: file.name, share: 0 })
      try {
        await uploadOne.mutateAsync({
          file,
          isPublic,
          onProgress: (share) => setProgress({ name: file.name, share }),
        })
      } catch (e) {
        setFailed(e)
        break
      }
    }
    setProgress(null)
  }

  const tooLarge = failed instanceof ApiError && (failed.status === 413 || failed.code === 'body_too_large')
  const items = attachments.data?.items ?? []

  return (
    <Stack gap="xs">
      <ErrorAlert error={attachments.error} />
      {items.length === 0 && !attachments.isPending && (
        <Text size="sm" c="dimmed">
          {t('attachments.none')}
        </Text>
      )}
      {items.map((a) => (
        <Group key={a.id} justify="space-between" wrap="nowrap" gap="xs">
          <Stack gap={0} style={{ minWidth: 0 }}>
            <Group gap={4} wrap="nowrap">
              <IconPaperclip size={14} style={{ flexShrink: 0 }} aria-hidden />
              <Anchor href={attachmentUrl(a.id)} target="_blank" rel="noopener" size="sm" truncate="end">
                {a.filename}
              </Anchor>
            </Group>
            <Text size="xs" c="dimmed">
              {format.bytes(a.size)} · {format.shortDateTime(a.createdAt)}
            </Text>
          </Stack>
          <Group gap={4} wrap="nowrap">
            {staff && !a.public && (
              <Badge color="yellow" variant="light" size="sm">
                {t('attachments.internal')}
              </Badge>
            )}
            <ActionIcon
              component="a"
              href={attachmentUrl(a.id)}
              download={a.filename}
              variant="subtle"
              color="gray"
              aria-label={t('attachments.download', { name: a.filename })}
            >
              <IconDownload size={16} />
            </ActionIcon>
          </Group>
        </Group>
      ))}
      {progress && (
        <Stack gap={2}>
          <Text size="xs">{t('attachments.uploading', { name: progress.name })}</Text>
          <Progress value={Math.round(progress.share * 100)} animated striped aria-label={t('attachments.progress')} />
        </Stack>
      )}
      {tooLarge ? (
        <Alert color="red" role="alert">
          {t('attachments.tooLarge')}
        </Alert>
      ) : (
        <ErrorAlert error={failed} />
      )}
      {!disabled && (
        <Group justify="space-between" mt={4}>
          {staff ? (
            <Switch
              size="xs"
              label={t('attachments.visibleToCustomer')}
              checked={isPublic}
              onChange={(e) => setIsPublic(e.currentTarget.checked)}
            />
          ) : (
            <span />
          )}
          <FileButton onChange={(files) => void send(files)} multiple>
            {(props) => (
              <Button
                {...props}
                variant="default"
                size="xs"
                leftSection={<IconUpload size={14} />}
                loading={progress !== null}
              >
                {t('attachments.add')}
              </Button>
            )}
          </FileButton>
        </Group>
      )}
    </Stack>
  )
}
