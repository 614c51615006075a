import { Box, Card, Group, Loader, SegmentedControl, SimpleGrid, Text, Textarea } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import type { Ref } from 'react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { usePreview } from './api.ts'
import { DocErrorAlert } from './DocErrorAlert.tsx'
import classes from './docs.module.css'
import { withAttachmentUrls } from './docMarkdown.ts'

type Layout = 'split' | 'write' | 'preview'

interface MarkdownEditorProps {
  value: string
  onChange: (value: string) => void
  /** The document's id once saved: its attachments then show in the preview. */
  docId: string | null
  /** Without the right to write, the server renders no previews: the saved rendering is shown instead. */
  canWrite: boolean
  savedHtml: string | null
  error?: string
  textareaRef?: Ref<HTMLTextAreaElement>
  onFocus?: () => void
}

/** The Markdown of a document beside (or instead of) its live preview, rendered by the server as it will show. */
export function MarkdownEditor(props: MarkdownEditorProps) {
  const { t } = useTranslation()
  const [layout, setLayout] = useState<Layout>('split')
  const [body] = useDebouncedValue(props.value, 400)
  const source = props.docId ? withAttachmentUrls(body, `/api/docs/${props.docId}/attachments/`) : body
  const preview = usePreview(source, props.canWrite && layout !== 'write' && body.trim() !== '')
  const html = props.canWrite ? preview.data?.html : (props.savedHtml ?? undefined)
  const updating = props.canWrite && (preview.isFetching || body !== props.value)

  return (
    <Box>
      <Group justify="flex-end" mb={-22} gap="xs">
        <SegmentedControl
          size="xs"
          value={layout}
          onChange={(v) => setLayout(v === 'write' || v === 'preview' ? v : 'split')}
          data={[
            { value: 'split', label: t('docs.editor.split') },
            { value: 'write', label: t('docs.editor.write') },
            { value: 'preview', label: t('docs.editor.preview') },
          ]}
          aria-label={t('docs.editor.layout')}
        />
      </Group>
      <SimpleGrid cols={{ base: 1, md: layout === 'split' ? 2 : 1 }} spacing="md">
        {layout !== 'preview' && (
          <Textarea
            ref={props.textareaRef}
            label={t('docs.fields.body')}
            description={t('docs.editor.hint')}
            className={classes.markdown}
            value={props.value}
            onChange={(e) => props.onChange(e.currentTarget.value)}
            onFocus={props.onFocus}
            readOnly={!props.canWrite}
            autosize
            minRows={18}
            spellCheck
            error={props.error}
            inputWrapperOrder={['label', 'input', 'description', 'error']}
          />
        )}
        {layout !== 'write' && (
          <div>
            <Group gap={6} mb={4} h={20}>
              <Text size="sm" fw={500}>
                {t('docs.editor.preview')}
              </Text>
              {updating && <Loader size={12} aria-label={t('docs.editor.updating')} />}
            </Group>
            <Card withBorder padding="md" mih={200} aria-busy={updating}>
              {props.canWrite && <DocErrorAlert error={preview.error} />}
              {props.value.trim() === '' ? (
                <Text size="sm" c="dimmed">
                  {t('docs.editor.empty')}
                </Text>
              ) : (
                // The server sanitised this HTML with an allowlist (no scripts, handlers or styles).
                <div className={classes.preview} dangerouslySetInnerHTML={{ __html: html ?? '' }} />
              )}
            </Card>
          </div>
        )}
      </SimpleGrid>
    </Box>
  )
}
