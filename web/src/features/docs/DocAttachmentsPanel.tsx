import {
  ActionIcon,
  Alert,
  Anchor,
  Button,
  CopyButton,
  FileButton,
  Group,
  Progress,
  Stack,
  Text,
  Tooltip,
} from '@mantine/core'
import { IconCheck, IconCopy, IconFile, IconPhoto, IconTextPlus, IconUpload } from '@tabler/icons-react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { DocAttachment } from '../../../../src/modules/docs/schema.ts'
import { ApiError } from '../../app/apiClient.ts'
import { useFormatters } from '../../app/useFormatters.ts'
import { attachmentUrl, useUploadDocAttachment } from './api.ts'
import { DocErrorAlert } from './DocErrorAlert.tsx'
import { attachmentMarkdown } from './docMarkdown.ts'

interface DocAttachmentsPanelProps {
  docId: string
  attachments: DocAttachment[]
  canWrite: boolean
  /** Puts the attachment's Markdown into the body where the cursor was. */
  onInsert: (markdown: string) => void
}

/**
 * The files of a document, for its Markdown to show or link: upload (one request per file, with progress; the
 * same name again replaces the file), open, copy or insert `![name](attachment:name)`.
 */
export function DocAttachmentsPanel({ docId, attachments, canWrite, onInsert }: DocAttachmentsPanelProps) {
  const { t } = useTranslation()
  const format = useFormatters()
  const uploadOne = useUploadDocAttachment(docId)
  const [progress, setProgress] = useState<{ name: string; share: number } | null>(null)
  const [failed, setFailed] = useState<unknown>(null)

  async function send(files: File[]) {
    setFailed(null)
    for (const file of files) {
      setProgress({ name: file.name, share: 0 })
      try {
        await uploadOne.mutateAsync({ file, onProgress: (share) => setProgress({ name: file.name, share }) })
      } catch (e) {
        setFailed(e)
        break
      }
    }
    setProgress(null)
  }

  const tooLarge = failed instanceof ApiError && (failed.status === 413 || failed.code === 'body_too_large')
  const sorted = [...attachments].sort((a, b) => a.name.localeCompare(b.name))

  return (
    <Stack gap="xs">
      {sorted.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('docs.attachments.none')}
        </Text>
      )}
      {sorted.map((a) => {
        const markdown = attachmentMarkdown(a.name, a.contentType)
        const Icon = a.contentType.startsWith('image/') ? IconPhoto : IconFile
        return (
          <Group key={a.id} justify="space-between" wrap="nowrap" gap="xs">
            <Stack gap={0} style={{ minWidth: 0 }}>
              <Group gap={4} wrap="nowrap">
                <Icon size={14} style={{ flexShrink: 0 }} aria-hidden />
                <Anchor href={attachmentUrl(docId, a.name)} target="_blank" rel="noopener" size="sm" truncate="end">
                  {a.name}
                </Anchor>
              </Group>
              <Text size="xs" c="dimmed">
                {format.bytes(a.size)} · {format.shortDateTime(a.createdAt)}
              </Text>
            </Stack>
            <Group gap={2} wrap="nowrap">
              <CopyButton value={markdown}>
                {({ copied, copy }) => (
                  <Tooltip label={copied ? t('common.copied') : markdown}>
                    <ActionIcon
                      variant="subtle"
                      color={copied ? 'teal' : 'gray'}
                      onClick={copy}
                      aria-label={t('docs.attachments.copyMarkdown', { name: a.name })}
                    >
                      {copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
                    </ActionIcon>
                  </Tooltip>
                )}
              </CopyButton>
              {canWrite && (
                <Tooltip label={t('docs.attachments.insert')}>
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    onClick={() => onInsert(markdown)}
                    aria-label={t('docs.attachments.insertNamed', { name: a.name })}
                  >
                    <IconTextPlus size={16} />
                  </ActionIcon>
                </Tooltip>
              )}
            </Group>
          </Group>
        )
      })}
      {progress && (
        <Stack gap={2}>
          <Text size="xs">{t('docs.attachments.uploading', { name: progress.name })}</Text>
          <Progress
            value={Math.round(progress.share * 100)}
            animated
            striped
            aria-label={t('docs.attachments.progress')}
          />
        </Stack>
      )}
      {tooLarge ? (
        <Alert color="red" role="alert">
          {t('attachments.tooLarge')}
        </Alert>
      ) : (
        <DocErrorAlert error={failed} />
      )}
      {canWrite && (
        <Group justify="space-between" mt={4}>
          <Text size="xs" c="dimmed">
            {t('docs.attachments.hint')}
          </Text>
          <FileButton onChange={(files) => void send(files)} multiple>
            {(props) => (
              <Button
                {...props}
                variant="default"
                size="xs"
                leftSection={<IconUpload size={14} />}
                loading={progress !== null}
              >
                {t('docs.attachments.add')}
              </Button>
            )}
          </FileButton>
        </Group>
      )}
    </Stack>
  )
}
