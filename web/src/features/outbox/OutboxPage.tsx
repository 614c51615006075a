import { Alert, Button, EmptyState, Stack, Table, Text, Title } from '@mantine/core'
import { IconInfoCircle, IconMail } from '@tabler/icons-react'
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
        <Table.ScrollContainer minWidth={900}>
          <Table highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('outbox.createdAt')}</Table.Th>
                <Table.Th>{t('outbox.to')}</Table.Th>
                <Table.Th>{t('outbox.subject')}</Table.Th>
                <Table.Th>{t('outbox.statusLabel')}</Table.Th>
                <Table.Th>{t('outbox.attempts')}</Table.Th>
                <Table.Th>{t('outbox.lastError')}</Table.Th>
                <Table.Th>{t('outbox.nextAttempt')}</Table.Th>
                <Table.Th>{t('common.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((m) => (
                <Table.Tr key={m.id} style={{ cursor: 'pointer' }} onClick={() => setOpenId(m.id)}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{format.dateTime(m.createdAt)}</Table.Td>
                  <Table.Td>{m.to}</Table.Td>
                  <Table.Td>
                    <Button variant="subtle" size="compact-sm" onClick={() => setOpenId(m.id)}>
                      {m.subject}
                    </Button>
                  </Table.Td>
                  <Table.Td>
                    <OutboxStatusBadge status={m.status} />
                  </Table.Td>
                  <Table.Td>{m.attempts}</Table.Td>
                  <Table.Td>
                    <Text size="sm" c="red" lineClamp={2}>
                      {m.lastError ?? ''}
                    </Text>
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {m.status === 'sent' ? '' : format.dateTime(m.nextAttemptAt)}
                  </Table.Td>
                  <Table.Td onClick={(e) => e.stopPropagation()}>
                    {m.status !== 'sent' && (
                      <Button
                        size="compact-xs"
                        variant="subtle"
                        loading={retry.isPending && retry.variables === m.id}
                        onClick={() => retry.mutate(m.id)}
                      >
                        {t('outbox.retry')}
                      </Button>
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
