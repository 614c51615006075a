import {
  ActionIcon,
  Alert,
  Anchor,
  EmptyState,
  Stack,
  Table,
  Text,
  Title,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core'
import { IconInfoCircle, IconMail, IconRefresh } from '@tabler/icons-react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useFormatters } from '../../app/useFormatters.ts'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { LabeledSegmentedControl } from '../../components/LabeledSegmentedControl.tsx'
import { LoadMoreButton } from '../../components/LoadMoreButton.tsx'
import { PageLoader } from '../../components/PageLoader.tsx'
import { useOutbox, useRetryMail, type OutboxStatusFilter } from './api.ts'
import { OutboxMailDrawer } from './OutboxMailDrawer.tsx'
import { OutboxStatusBadge } from './OutboxStatusBadge.tsx'

/** A long text cut to one line; the whole of it on hover. */
function Clipped({ text, color }: { text: string; color?: string }) {
  return (
    <Tooltip label={text} multiline maw={420} openDelay={300}>
      <Text size="sm" c={color} truncate="end">
        {text}
      </Text>
    </Tooltip>
  )
}

export function OutboxPage() {
  const { t } = useTranslation()
  const format = useFormatters()
  const [status, setStatus] = useState<OutboxStatusFilter>('all')
  const [openId, setOpenId] = useState<string | null>(null)
  const outbox = useOutbox(status)
  const retry = useRetryMail()
  const items = outbox.data?.pages.flatMap((p) => p.items) ?? []
  const smtpConfigured = outbox.data?.pages[0]?.smtpConfigured ?? true

  return (
    <Stack>
      <Title order={2}>{t('outbox.title')}</Title>
      {!smtpConfigured && (
        <Alert color="blue" icon={<IconInfoCircle size={18} />} title={t('outbox.noSmtpTitle')}>
          {t('outbox.noSmtp')}
        </Alert>
      )}
      <LabeledSegmentedControl<OutboxStatusFilter>
        label={t('outbox.statusLabel')}
        value={status}
        onChange={setStatus}
        data={[
          { value: 'all', label: t('outbox.all') },
          { value: 'pending', label: t('outbox.status.pending') },
          { value: 'sent', label: t('outbox.status.sent') },
          { value: 'failed', label: t('outbox.status.failed') },
        ]}
      />
      <ErrorAlert error={outbox.error ?? retry.error} />
      {outbox.isPending ? (
        <PageLoader />
      ) : items.length === 0 ? (
        <EmptyState icon={<IconMail size={32} />} title={t('outbox.empty')} />
      ) : (
        // Fixed column widths: the table always fits its container, long texts are cut (whole in a tooltip and
        // in the drawer) instead of pushing the last columns out of sight.
        <Table.ScrollContainer minWidth={960}>
          <Table highlightOnHover layout="fixed">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w="11%">{t('outbox.createdAt')}</Table.Th>
                <Table.Th w="21%">{t('outbox.to')}</Table.Th>
                <Table.Th w="24%">{t('outbox.subject')}</Table.Th>
                <Table.Th w="11%">{t('outbox.statusLabel')}</Table.Th>
                <Table.Th w="9%">{t('outbox.attempts')}</Table.Th>
                <Table.Th w="19%">{t('outbox.lastError')}</Table.Th>
                <Table.Th w="5%">
                  <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((m) => (
                <Table.Tr key={m.id} style={{ cursor: 'pointer' }} onClick={() => setOpenId(m.id)}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }} title={format.dateTime(m.createdAt)}>
                    {format.shortDateTime(m.createdAt)}
                  </Table.Td>
                  <Table.Td>
                    <Clipped text={m.to} />
                  </Table.Td>
                  <Table.Td>
                    <Tooltip label={m.subject} multiline maw={420} openDelay={300}>
                      <Anchor
                        component="button"
                        type="button"
                        size="sm"
                        fw={500}
                        truncate="end"
                        w="100%"
                        ta="left"
                        display="block"
                        onClick={(e) => {
                          e.stopPropagation()
                          setOpenId(m.id)
                        }}
                      >
                        {m.subject}
                      </Anchor>
                    </Tooltip>
                  </Table.Td>
                  <Table.Td>
                    <OutboxStatusBadge status={m.status} />
                    {/* Only a mail that failed before waits for a later attempt; a new one goes out at once. */}
                    {m.status === 'pending' && m.attempts > 0 && (
                      <Text size="xs" c="dimmed" mt={2} title={format.dateTime(m.nextAttemptAt)}>
                        {t('outbox.nextAttemptAt', { time: format.shortDateTime(m.nextAttemptAt) })}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{m.attempts}</Table.Td>
                  <Table.Td>{m.lastError && <Clipped text={m.lastError} color="red" />}</Table.Td>
                  <Table.Td onClick={(e) => e.stopPropagation()}>
                    {m.status !== 'sent' && (
                      <Tooltip label={t('outbox.retry')}>
                        <ActionIcon
                          variant="subtle"
                          aria-label={t('outbox.retry')}
                          loading={retry.isPending && retry.variables === m.id}
                          onClick={() => retry.mutate(m.id)}
                        >
                          <IconRefresh size={16} />
                        </ActionIcon>
                      </Tooltip>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <LoadMoreButton
        hasNextPage={outbox.hasNextPage}
        isFetchingNextPage={outbox.isFetchingNextPage}
        fetchNextPage={outbox.fetchNextPage}
      />
      <OutboxMailDrawer mailId={openId} onClose={() => setOpenId(null)} />
    </Stack>
  )
}
