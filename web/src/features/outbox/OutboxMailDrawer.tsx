import { Alert, Button, Code, DataList, Drawer, Stack, Tabs, Text } from '@mantine/core'
import { IconRefresh } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { useFormatters } from '../../app/useFormatters.ts'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { PageLoader } from '../../components/PageLoader.tsx'
import { useOutboxMail, useRetryMail } from './api.ts'
import { OutboxStatusBadge } from './OutboxStatusBadge.tsx'

/** The kinds of mail the server sends, with their names under `outbox.kinds.<kind>`. */
const mailKinds = ['contact.invitation', 'user.invitation'] as const
const isMailKind = (kind: string): kind is (typeof mailKinds)[number] => (mailKinds as readonly string[]).includes(kind)

interface OutboxMailDrawerProps {
  mailId: string | null
  onClose: () => void
}

/**
 * One mail as it was (or will be) sent. The HTML body is shown only inside a sandboxed iframe with no
 * permissions at all: it is never injected into this page.
 */
export function OutboxMailDrawer({ mailId, onClose }: OutboxMailDrawerProps) {
  const { t } = useTranslation()
  const format = useFormatters()
  const mail = useOutboxMail(mailId)
  const retry = useRetryMail()
  const m = mail.data

  return (
    <Drawer
      opened={mailId !== null}
      onClose={onClose}
      position="right"
      size="xl"
      title={m?.subject ?? t('outbox.mail')}
    >
      {mail.isPending && <PageLoader />}
      <ErrorAlert error={mail.error} />
      {m && (
        <Stack>
          <DataList labelWidth={140}>
            <DataList.Item>
              <DataList.ItemLabel>{t('outbox.to')}</DataList.ItemLabel>
              <DataList.ItemValue>{m.to}</DataList.ItemValue>
            </DataList.Item>
            <DataList.Item>
              <DataList.ItemLabel>{t('outbox.statusLabel')}</DataList.ItemLabel>
              <DataList.ItemValue>
                <OutboxStatusBadge status={m.status} />
              </DataList.ItemValue>
            </DataList.Item>
            <DataList.Item>
              <DataList.ItemLabel>{t('outbox.kind')}</DataList.ItemLabel>
              <DataList.ItemValue>
                {isMailKind(m.kind) ? t(`outbox.kinds.${m.kind}`) : m.kind} <Code>{m.kind}</Code>
              </DataList.ItemValue>
            </DataList.Item>
            <DataList.Item>
              <DataList.ItemLabel>{t('outbox.createdAt')}</DataList.ItemLabel>
              <DataList.ItemValue>{format.dateTime(m.createdAt)}</DataList.ItemValue>
            </DataList.Item>
            {m.sentAt !== null && (
              <DataList.Item>
                <DataList.ItemLabel>{t('outbox.sentAt')}</DataList.ItemLabel>
                <DataList.ItemValue>{format.dateTime(m.sentAt)}</DataList.ItemValue>
              </DataList.Item>
            )}
            <DataList.Item>
              <DataList.ItemLabel>{t('outbox.attempts')}</DataList.ItemLabel>
              <DataList.ItemValue>{m.attempts}</DataList.ItemValue>
            </DataList.Item>
            {m.status !== 'sent' && (
              <DataList.Item>
                <DataList.ItemLabel>{t('outbox.nextAttempt')}</DataList.ItemLabel>
                <DataList.ItemValue>{format.dateTime(m.nextAttemptAt)}</DataList.ItemValue>
              </DataList.Item>
            )}
          </DataList>
          {m.lastError && (
            <Alert color="red" title={t('outbox.lastError')}>
              {m.lastError}
            </Alert>
          )}
          {m.status !== 'sent' && (
            <Button
              leftSection={<IconRefresh size={16} />}
              variant="default"
              loading={retry.isPending}
              onClick={() => retry.mutate(m.id)}
              style={{ alignSelf: 'flex-start' }}
            >
              {t('outbox.retry')}
            </Button>
          )}
          <ErrorAlert error={retry.error} />
          {retry.isSuccess && <Text c="green">{t('outbox.retried')}</Text>}
          <Tabs defaultValue="text">
            <Tabs.List>
              <Tabs.Tab value="text">{t('outbox.text')}</Tabs.Tab>
              {m.bodyHtml !== null && <Tabs.Tab value="html">{t('outbox.html')}</Tabs.Tab>}
            </Tabs.List>
            <Tabs.Panel value="text" pt="sm">
              <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
                {m.bodyText}
              </Code>
            </Tabs.Panel>
            {m.bodyHtml !== null && (
              <Tabs.Panel value="html" pt="sm">
                <iframe
                  title={t('outbox.html')}
                  sandbox=""
                  srcDoc={m.bodyHtml}
                  referrerPolicy="no-referrer"
                  style={{ width: '100%', height: 480, border: '1px solid var(--mantine-color-gray-3)' }}
                />
              </Tabs.Panel>
            )}
          </Tabs>
        </Stack>
      )}
    </Drawer>
  )
}
