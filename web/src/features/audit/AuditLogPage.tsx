import {
  ActionIcon,
  Anchor,
  Button,
  Card,
  CopyButton,
  EmptyState,
  Group,
  Stack,
  Table,
  Text,
  Title,
  Tooltip,
} from '@mantine/core'
import { IconCheck, IconCopy, IconFilter, IconHistory } from '@tabler/icons-react'
import { Fragment, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useSearchParams } from 'react-router'
import type { AuditEntry } from '../../../../src/modules/audit/schema.ts'
import { useFormatters } from '../../app/useFormatters.ts'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { LoadMoreButton } from '../../components/LoadMoreButton.tsx'
import { PageLoader } from '../../components/PageLoader.tsx'
import { auditFilterKeys, useAuditLog, type AuditFilterForm } from './api.ts'
import { isAuditAction, isAuditEntityType } from './auditCatalogue.ts'
import { AuditDiff } from './AuditDiff.tsx'
import { AuditFilters } from './AuditFilters.tsx'

function filterFrom(params: URLSearchParams): AuditFilterForm {
  const value = (key: (typeof auditFilterKeys)[number]) => params.get(key) ?? ''
  return {
    action: value('action'),
    entityType: value('entityType'),
    entityId: value('entityId'),
    actorId: value('actorId'),
    from: value('from'),
    to: value('to'),
  }
}

function paramsOf(filter: AuditFilterForm): Record<string, string> {
  return Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== ''))
}

/** Who acted: a person's e-mail address, or the system with what part of it (`system:auth`). */
function Actor({ entry }: { entry: AuditEntry }) {
  const { t } = useTranslation()
  const system = /^system:(.*)$/.exec(entry.actorLabel)
  return (
    <>
      {system ? (
        <Text size="sm">
          {t('audit.system')}{' '}
          <Text span size="xs" c="dimmed" ff="monospace">
            {system[1]}
          </Text>
        </Text>
      ) : (
        <Text size="sm">{entry.actorLabel}</Text>
      )}
      {entry.ip && (
        <Text size="xs" c="dimmed">
          {entry.ip}
        </Text>
      )}
    </>
  )
}

/** The entity: its type in words, its id shortened (whole on hover, to copy), a link where there is a page. */
function Entity({ entry, onFilter }: { entry: AuditEntry; onFilter: (entry: AuditEntry) => void }) {
  const { t } = useTranslation()
  const type = isAuditEntityType(entry.entityType) ? t(`audit.entityTypes.${entry.entityType}`) : entry.entityType
  const id = entry.entityId
  // The ids are UUIDv7: their first characters are a timestamp, the same for everything made in the same minute.
  // The last 8 are random, and tell the rows apart.
  const short = id && id.length > 8 ? `…${id.slice(-8)}` : id
  // Contacts, users and mails of a customer lead to its page too.
  const ownerCustomer = entry.entityType === 'customer' ? null : entry.customerId
  return (
    <Stack gap={2}>
      <Text size="sm">{type}</Text>
      {id && (
        <Group gap={2} wrap="nowrap">
          <Tooltip label={id}>
            {entry.entityType === 'customer' || entry.entityType === 'ticket' ? (
              <Anchor
                component={Link}
                to={entry.entityType === 'ticket' ? `/tickets/${id}` : `/customers/${id}`}
                size="xs"
                ff="monospace"
              >
                {short}
              </Anchor>
            ) : (
              <Text size="xs" c="dimmed" ff="monospace">
                {short}
              </Text>
            )}
          </Tooltip>
          <CopyButton value={id}>
            {({ copied, copy }) => (
              <Tooltip label={copied ? t('common.copied') : t('audit.copyId')}>
                <ActionIcon
                  variant="subtle"
                  color={copied ? 'teal' : 'gray'}
                  size="xs"
                  onClick={copy}
                  aria-label={t('audit.copyId')}
                >
                  {copied ? <IconCheck size={12} /> : <IconCopy size={12} />}
                </ActionIcon>
              </Tooltip>
            )}
          </CopyButton>
          <Tooltip label={t('audit.filterEntity')}>
            <ActionIcon
              variant="subtle"
              color="gray"
              size="xs"
              onClick={() => onFilter(entry)}
              aria-label={t('audit.filterEntity')}
            >
              <IconFilter size={12} />
            </ActionIcon>
          </Tooltip>
        </Group>
      )}
      {ownerCustomer && (
        <Anchor component={Link} to={`/customers/${ownerCustomer}`} size="xs">
          {t('audit.openCustomer')}
        </Anchor>
      )}
    </Stack>
  )
}

export function AuditLogPage() {
  const { t } = useTranslation()
  const format = useFormatters()
  const [params, setParams] = useSearchParams()
  const filter = filterFrom(params)
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set())
  const audit = useAuditLog(filter)
  const items = audit.data?.pages.flatMap((p) => p.items) ?? []

  const apply = (next: AuditFilterForm) => setParams(paramsOf(next))
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
        {/* A new filter from the address bar (or a click in the list) starts the form afresh. */}
        <AuditFilters key={params.toString()} value={filter} onApply={apply} />
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
                <Table.Th miw={170}>{t('audit.entity')}</Table.Th>
                <Table.Th>{t('audit.changes')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((entry) => (
                <Fragment key={entry.id}>
                  <Table.Tr>
                    <Table.Td style={{ whiteSpace: 'nowrap', verticalAlign: 'top' }}>
                      {format.dateTime(entry.at)}
                    </Table.Td>
                    <Table.Td style={{ verticalAlign: 'top' }}>
                      <Actor entry={entry} />
                    </Table.Td>
                    <Table.Td style={{ verticalAlign: 'top' }}>
                      <Text size="sm">
                        {isAuditAction(entry.action) ? t(`audit.actions.${entry.action}`) : entry.action}
                      </Text>
                      {isAuditAction(entry.action) && (
                        <Text size="xs" c="dimmed" ff="monospace">
                          {entry.action}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td style={{ verticalAlign: 'top' }}>
                      <Entity
                        entry={entry}
                        onFilter={(e) => apply({ ...filter, entityType: e.entityType, entityId: e.entityId ?? '' })}
                      />
                    </Table.Td>
                    <Table.Td style={{ verticalAlign: 'top' }}>
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
