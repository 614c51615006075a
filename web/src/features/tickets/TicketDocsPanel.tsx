import { ActionIcon, Anchor, Button, Card, Group, Loader, Stack, Text, Title, VisuallyHidden } from '@mantine/core'
import { IconExternalLink, IconFileText, IconLink, IconX } from '@tabler/icons-react'
import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { TicketDoc } from '../../../../src/modules/docs/schema.ts'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { DocLinkPicker } from './DocLinkPicker.tsx'
import { docPath, kindName, useDocKinds, useLinkTicketDoc, useTicketDocs, useUnlinkTicketDoc } from './docsApi.ts'

interface TicketDocsPanelProps {
  ticketId: string
  /** Staff link and unlink documents; a portal contact only reads them, and sees the panel only when it has any. */
  staff: boolean
  /** A merged ticket: nothing to change any more. */
  disabled?: boolean
}

/** The documents that belong with a ticket (manuals, technical notes), each opening on the reading pages in a tab. */
export function TicketDocsPanel({ ticketId, staff, disabled = false }: TicketDocsPanelProps) {
  const { t } = useTranslation()
  const docs = useTicketDocs(ticketId)
  const items = docs.data?.items ?? []

  if (!staff) {
    return items.length === 0 ? null : (
      <Card withBorder>
        <Title order={4} mb="xs">
          {t('docLinks.title')}
        </Title>
        <DocList items={items} />
      </Card>
    )
  }
  return (
    <Card withBorder>
      <Title order={4} mb="xs">
        {t('docLinks.title')}
      </Title>
      <StaffDocs ticketId={ticketId} items={items} loading={docs.isPending} error={docs.error} disabled={disabled} />
    </Card>
  )
}

interface StaffDocsProps {
  ticketId: string
  items: TicketDoc[]
  loading: boolean
  error: unknown
  disabled: boolean
}

function StaffDocs({ ticketId, items, loading, error, disabled }: StaffDocsProps) {
  const { t } = useTranslation()
  const link = useLinkTicketDoc(ticketId)
  const unlink = useUnlinkTicketDoc(ticketId)
  const [picking, setPicking] = useState(false)
  const linked = useMemo(() => items.map((d) => d.docId), [items])

  return (
    <Stack gap="xs">
      <ErrorAlert error={error ?? unlink.error} />
      {loading && <Loader size="sm" aria-label={t('common.loading')} />}
      {!loading && items.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('docLinks.none')}
        </Text>
      )}
      <DocList
        items={items}
        onRemove={
          disabled
            ? undefined
            : {
                run: (doc) => unlink.mutate(doc.docId),
                pendingId: unlink.isPending ? unlink.variables : undefined,
              }
        }
      />
      {!disabled &&
        (picking ? (
          <Stack gap={6}>
            <DocLinkPicker
              exclude={linked}
              disabled={link.isPending}
              onPick={(doc) => link.mutate(doc.id, { onSuccess: () => setPicking(false) })}
            />
            <Group justify="flex-end">
              <Button size="xs" variant="subtle" color="gray" onClick={() => setPicking(false)}>
                {t('common.cancel')}
              </Button>
            </Group>
          </Stack>
        ) : (
          <Button
            size="xs"
            variant="default"
            leftSection={<IconLink size={14} />}
            onClick={() => {
              link.reset()
              setPicking(true)
            }}
            style={{ alignSelf: 'flex-start' }}
          >
            {t('docLinks.link')}
          </Button>
        ))}
      <ErrorAlert error={link.error} />
    </Stack>
  )
}

interface DocListProps {
  items: TicketDoc[]
  onRemove?: { run: (doc: TicketDoc) => void; pendingId: string | undefined }
}

function DocList({ items, onRemove }: DocListProps) {
  const { t, i18n } = useTranslation()
  const kinds = useDocKinds()
  if (items.length === 0) {
    return null
  }
  return (
    <Stack
      component="ul"
      role="list"
      aria-label={t('docLinks.listLabel')}
      gap={6}
      m={0}
      p={0}
      style={{ listStyle: 'none' }}
    >
      {items.map((doc) => (
        <Group component="li" key={doc.docId} justify="space-between" wrap="nowrap" gap="xs" align="flex-start">
          <Group gap={6} wrap="nowrap" align="flex-start" style={{ minWidth: 0 }}>
            <IconFileText size={16} aria-hidden style={{ flexShrink: 0, marginTop: 2 }} />
            <div style={{ minWidth: 0 }}>
              <Anchor
                href={docPath(doc.slug)}
                target="_blank"
                rel="noopener"
                size="sm"
                // A block of its own: a long title wraps at its own line height, not the page's.
                display="block"
                lh={1.4}
                style={{ wordBreak: 'break-word' }}
              >
                {doc.title}
                <IconExternalLink size={12} aria-hidden style={{ marginLeft: 4, verticalAlign: 'middle' }} />
                <VisuallyHidden>{t('docLinks.newTab')}</VisuallyHidden>
              </Anchor>
              <Text size="xs" c="dimmed">
                {kindName(kinds.data?.items, doc.kind, i18n.language)}
              </Text>
            </div>
          </Group>
          {onRemove && (
            <ActionIcon
              variant="subtle"
              color="gray"
              size="sm"
              aria-label={t('docLinks.remove', { title: doc.title })}
              loading={onRemove.pendingId === doc.docId}
              onClick={() => onRemove.run(doc)}
            >
              <IconX size={14} />
            </ActionIcon>
          )}
        </Group>
      ))}
    </Stack>
  )
}
