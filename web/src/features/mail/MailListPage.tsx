import { Anchor, EmptyState, Stack, Table, Tabs, Text, Title } from '@mantine/core'
import { IconInbox } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { useSearchParams } from 'react-router'
import { useFormatters } from '../../app/useFormatters.ts'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { LoadMoreButton } from '../../components/LoadMoreButton.tsx'
import { PageLoader } from '../../components/PageLoader.tsx'
import { useMails, type MailFilter } from './api.ts'
import { MailDrawer } from './MailDrawer.tsx'
import { canAssign } from './mailReason.ts'
import { MailReasonText } from './MailReasonText.tsx'
import { MailStatusBadge } from './MailStatusBadge.tsx'

const filters: MailFilter[] = ['open', 'ticket', 'reply', 'ignored', 'all']
const isFilter = (v: string | null): v is MailFilter => filters.includes(v as MailFilter)

/**
 * `/mail`: the mail sladesk could not place by itself (unknown senders, replies from strangers, failures), for a
 * person to put into a ticket or set aside; and, for looking things up, all mail that came in.
 */
export function MailListPage() {
  const { t } = useTranslation()
  const format = useFormatters()
  const [params, setParams] = useSearchParams()
  const statusParam = params.get('status')
  const status: MailFilter = isFilter(statusParam) ? statusParam : 'open'
  const openId = params.get('mail')
  const mails = useMails(status)
  const items = mails.data?.pages.flatMap((p) => p.items) ?? []
  // After one mail is done, the next one that still waits (the list refreshes without the one just done).
  const nextId = items.find((m) => m.id !== openId && canAssign(m) && m.status !== 'ignored')?.id ?? null

  const set = (key: string, value: string | null) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev)
        if (value) {
          next.set(key, value)
        } else {
          next.delete(key)
        }
        return next
      },
      { replace: key === 'mail' },
    )

  return (
    <Stack>
      <Title order={2}>{t('mail.title')}</Title>
      <Text size="sm" c="dimmed" maw={760}>
        {t('mail.intro')}
      </Text>
      {/* Tabs like the ticket queues: they wrap on a narrow screen, where a segmented control would not fit. */}
      <Tabs
        value={status}
        onChange={(value) => {
          if (isFilter(value)) {
            set('status', value === 'open' ? null : value)
          }
        }}
      >
        <Tabs.List>
          {filters.map((f) => (
            <Tabs.Tab key={f} value={f}>
              {t(`mail.filters.${f}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      <ErrorAlert error={mails.error} />
      {mails.isPending ? (
        <PageLoader />
      ) : items.length === 0 ? (
        <EmptyState
          icon={<IconInbox size={32} />}
          title={status === 'open' ? t('mail.emptyOpen') : t('mail.empty')}
          description={status === 'open' ? t('mail.emptyOpenHint') : undefined}
        />
      ) : (
        <Table.ScrollContainer minWidth={900}>
          <Table highlightOnHover layout="fixed">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w="13%">{t('mail.receivedAt')}</Table.Th>
                <Table.Th w="22%">{t('mail.from')}</Table.Th>
                <Table.Th w="30%">{t('mail.subject')}</Table.Th>
                <Table.Th w="23%">{t('mail.reason')}</Table.Th>
                <Table.Th w="12%">{t('mail.statusLabel')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((m) => (
                <Table.Tr key={m.id} style={{ cursor: 'pointer' }} onClick={() => set('mail', m.id)}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }} title={format.dateTime(m.receivedAt)}>
                    {format.shortDateTime(m.receivedAt)}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" truncate="end" title={m.from ?? undefined}>
                      {m.from ?? (
                        <Text span c="dimmed" size="sm">
                          {t('mail.noSender')}
                        </Text>
                      )}
                    </Text>
                  </Table.Td>
                  <Table.Td>
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
                        set('mail', m.id)
                      }}
                    >
                      {m.subject || t('mail.noSubject')}
                    </Anchor>
                    {m.text && (
                      <Text size="xs" c="dimmed" truncate="end">
                        {m.text.slice(0, 200)}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <MailReasonText mail={m} short />
                  </Table.Td>
                  <Table.Td>
                    <MailStatusBadge status={m.status} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <LoadMoreButton
        hasNextPage={mails.hasNextPage}
        isFetchingNextPage={mails.isFetchingNextPage}
        fetchNextPage={mails.fetchNextPage}
      />
      <MailDrawer mailId={openId} nextId={nextId} onOpen={(id) => set('mail', id)} onClose={() => set('mail', null)} />
    </Stack>
  )
}
