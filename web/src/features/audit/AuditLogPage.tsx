import { Button, Card, Code, EmptyState, Stack, Table, Text, Title } from '@mantine/core'
import { IconHistory } from '@tabler/icons-react'
import { Fragment, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useFormatters } from '../../app/useFormatters.ts'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { LoadMoreButton } from '../../components/LoadMoreButton.tsx'
import { PageLoader } from '../../components/PageLoader.tsx'
import { useAuditLog } from './api.ts'
import { AuditDiff } from './AuditDiff.tsx'
import { AuditFilters, emptyAuditFilter } from './AuditFilters.tsx'

export function AuditLogPage() {
  const { t } = useTranslation()
  const format = useFormatters()
  const [filter, setFilter] = useState(emptyAuditFilter)
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set())
  const audit = useAuditLog(filter)
  const items = audit.data?.pages.flatMap((p) => p.items) ?? []

  const toggle = (id: string) =>
    setExpanded((current) => {
      const next = new Set(current)
      if (!next.delete(id)) {
        next.add(id)
      }
      return next
    })

  return (
    <Stack>
      <Title order={2}>{t('audit.title')}</Title>
      <Card withBorder>
        <AuditFilters onApply={setFilter} />
      </Card>
      <ErrorAlert error={audit.error} />
      {audit.isPending ? (
        <PageLoader />
      ) : items.length === 0 ? (
        <EmptyState icon={<IconHistory size={32} />} title={t('audit.empty')} />
      ) : (
        <Table.ScrollContainer minWidth={800}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('audit.at')}</Table.Th>
                <Table.Th>{t('audit.actor')}</Table.Th>
                <Table.Th>{t('audit.action')}</Table.Th>
                <Table.Th>{t('audit.entity')}</Table.Th>
                <Table.Th>{t('audit.changes')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((entry) => (
                <Fragment key={entry.id}>
                  <Table.Tr>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{format.dateTime(entry.at)}</Table.Td>
                    <Table.Td>
                      {entry.actorLabel}
                      {entry.ip && (
                        <Text size="xs" c="dimmed">
                          {entry.ip}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Code>{entry.action}</Code>
                    </Table.Td>
                    <Table.Td>
                      {entry.entityType}
                      {entry.entityId && (
                        <Text size="xs" c="dimmed" ff="monospace">
                          {entry.entityId}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      {entry.diff && Object.keys(entry.diff).length > 0 ? (
                        <Button
                          size="compact-xs"
                          variant="subtle"
                          aria-expanded={expanded.has(entry.id)}
                          onClick={() => toggle(entry.id)}
                        >
                          {expanded.has(entry.id)
                            ? t('audit.hideChanges')
                            : t('audit.showChanges', { count: Object.keys(entry.diff).length })}
                        </Button>
                      ) : (
                        <Text span c="dimmed" size="sm">
                          —
                        </Text>
                      )}
                    </Table.Td>
                  </Table.Tr>
                  {entry.diff && expanded.has(entry.id) && (
                    <Table.Tr>
                      <Table.Td colSpan={5} bg="gray.0">
                        <AuditDiff diff={entry.diff} />
                      </Table.Td>
                    </Table.Tr>
                  )}
                </Fragment>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <LoadMoreButton
        hasNextPage={audit.hasNextPage}
        isFetchingNextPage={audit.isFetchingNextPage}
        fetchNextPage={audit.fetchNextPage}
      />
    </Stack>
  )
}
