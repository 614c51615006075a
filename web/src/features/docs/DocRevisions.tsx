import { Badge, Button, Card, Group, Radio, ScrollArea, Select, Stack, Table, Text, Title } from '@mantine/core'
import { IconRestore } from '@tabler/icons-react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Doc } from '../../../../src/modules/docs/schema.ts'
import { useFormatters } from '../../app/useFormatters.ts'
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx'
import { PageLoader } from '../../components/PageLoader.tsx'
import { useRestoreRevision, useRevisions } from './api.ts'
import { DiffView } from './DiffView.tsx'
import { DocErrorAlert } from './DocErrorAlert.tsx'

interface DocRevisionsProps {
  doc: Doc
  canWrite: boolean
  /** Whether the editor holds changes that a restore would throw away. */
  dirty: boolean
  onRestored: (doc: Doc, from: number) => void
}

/**
 * The revisions of a document, newest first: pick two to see what changed between them, or make an old one
 * current again (as a new revision: history is never rewritten).
 */
export function DocRevisions({ doc, canWrite, dirty, onRestored }: DocRevisionsProps) {
  const { t } = useTranslation()
  const format = useFormatters()
  const revisions = useRevisions(doc.id)
  const restore = useRestoreRevision(doc.id)
  // null: the default pair, the newest revision against the one before it.
  const [picked, setPicked] = useState<{ from: number; to: number } | null>(null)
  const [restoring, setRestoring] = useState<number | null>(null)

  if (revisions.isPending) {
    return <PageLoader />
  }
  if (revisions.isError) {
    return <DocErrorAlert error={revisions.error} />
  }
  const items = revisions.data
  const newest = items[0]?.revision ?? doc.revision
  const from = picked?.from ?? items[1]?.revision ?? newest
  const to = picked?.to ?? newest
  const options = items.map((r) => ({
    value: String(r.revision),
    label: t('docs.revisions.option', { n: r.revision, date: format.shortDateTime(r.createdAt) }),
  }))
  const pick = (side: 'from' | 'to', value: number) => {
    const next = { from, to, [side]: value }
    // The older one on the left, whichever side was changed.
    setPicked(next.from > next.to ? { from: next.to, to: next.from } : next)
  }

  return (
    <Stack>
      <Stack gap="xs">
        <Title order={4}>{t('docs.revisions.title')}</Title>
        {/* Many revisions scroll inside, so that the diff below stays in sight. */}
        <ScrollArea.Autosize mah={320} type="auto">
          <Table verticalSpacing={6} highlightOnHover stickyHeader>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={56}>{t('docs.revisions.fromShort')}</Table.Th>
                <Table.Th w={56}>{t('docs.revisions.toShort')}</Table.Th>
                <Table.Th>{t('docs.revisions.revision')}</Table.Th>
                <Table.Th>{t('docs.fields.title')}</Table.Th>
                <Table.Th>{t('docs.revisions.author')}</Table.Th>
                {canWrite && <Table.Th />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((r) => (
                <Table.Tr key={r.revision}>
                  <Table.Td>
                    <Radio
                      name="diff-from"
                      checked={from === r.revision}
                      onChange={() => pick('from', r.revision)}
                      aria-label={t('docs.revisions.compareFrom', { n: r.revision })}
                    />
                  </Table.Td>
                  <Table.Td>
                    <Radio
                      name="diff-to"
                      checked={to === r.revision}
                      onChange={() => pick('to', r.revision)}
                      aria-label={t('docs.revisions.compareTo', { n: r.revision })}
                    />
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <Group gap={6} wrap="nowrap">
                      <Text size="sm" fw={500}>
                        {t('docs.revisions.number', { n: r.revision })}
                      </Text>
                      {r.revision === newest && (
                        <Badge size="xs" variant="light" color="gray">
                          {t('docs.revisions.current')}
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" lineClamp={1}>
                      {r.title}
                    </Text>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <Text size="sm" span>
                      {r.authorName}
                    </Text>
                    <Text size="xs" c="dimmed" span>
                      {' · '}
                      {format.shortDateTime(r.createdAt)}
                    </Text>
                  </Table.Td>
                  {canWrite && (
                    <Table.Td ta="right">
                      {r.revision !== newest && (
                        <Button
                          size="compact-sm"
                          variant="subtle"
                          leftSection={<IconRestore size={14} />}
                          onClick={() => setRestoring(r.revision)}
                        >
                          {t('docs.revisions.restore')}
                        </Button>
                      )}
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea.Autosize>
      </Stack>
      <Card withBorder>
        <Stack gap="sm">
          <Group align="flex-end" gap="sm">
            <Select
              label={t('docs.revisions.from')}
              data={options}
              value={String(from)}
              onChange={(v) => v && pick('from', Number(v))}
              allowDeselect={false}
              w={240}
            />
            <Select
              label={t('docs.revisions.to')}
              data={options}
              value={String(to)}
              onChange={(v) => v && pick('to', Number(v))}
              allowDeselect={false}
              w={240}
            />
          </Group>
          {items.length < 2 ? (
            <Text size="sm" c="dimmed">
              {t('docs.revisions.onlyOne')}
            </Text>
          ) : (
            <DiffView docId={doc.id} from={from} to={to} />
          )}
        </Stack>
      </Card>
      <ConfirmDialog
        opened={restoring !== null}
        title={t('docs.revisions.restoreTitle', { n: restoring ?? 0 })}
        message={
          <>
            {t('docs.revisions.restoreText', { n: restoring ?? 0 })}
            {dirty && (
              <>
                <br />
                <br />
                <strong>{t('docs.revisions.restoreDirty')}</strong>
              </>
            )}
          </>
        }
        confirmLabel={t('docs.revisions.restore')}
        loading={restore.isPending}
        error={<DocErrorAlert error={restore.error} />}
        onCancel={() => {
          setRestoring(null)
          restore.reset()
        }}
        onConfirm={() => {
          if (restoring === null) {
            return
          }
          const n = restoring
          restore.mutate(n, {
            onSuccess: (restored) => {
              setRestoring(null)
              // Show what the restore changed: the revision before it against the new one.
              setPicked({ from: restored.revision - 1, to: restored.revision })
              onRestored(restored, n)
            },
          })
        }}
      />
    </Stack>
  )
}
