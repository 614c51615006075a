import { Alert, Button, Code, DataList, Divider, Drawer, Group, Paper, Stack, Text, Title } from '@mantine/core'
import { IconArrowRight, IconCheck, IconDownload, IconEyeOff } from '@tabler/icons-react'
import { useState, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import type { InboundMailView } from '../../../../src/modules/mailin/schema.ts'
import { useFormatters } from '../../app/useFormatters.ts'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { PageLoader } from '../../components/PageLoader.tsx'
import { useTicket } from '../tickets/api.ts'
import { rawMailUrl, useIgnoreMail, useMail } from './api.ts'
import { MailAssignForm } from './MailAssignForm.tsx'
import { canAssign, mailReason } from './mailReason.ts'
import { MailReasonText } from './MailReasonText.tsx'
import { MailStatusBadge } from './MailStatusBadge.tsx'

interface MailDrawerProps {
  mailId: string | null
  /** The next mail that waits, to go on with after this one is done. */
  nextId: string | null
  onOpen: (id: string) => void
  onClose: () => void
}

/** One mail from the queue: who sent it, why it waits, its text, and where it goes. */
export function MailDrawer({ mailId, nextId, onOpen, onClose }: MailDrawerProps) {
  const { t } = useTranslation()
  const mail = useMail(mailId)
  return (
    <Drawer
      opened={mailId !== null}
      onClose={onClose}
      position="right"
      size="xl"
      title={mail.data ? mail.data.subject || t('mail.noSubject') : t('mail.mail')}
    >
      {mail.isPending && mailId !== null && <PageLoader />}
      <ErrorAlert error={mail.error} />
      {mail.data && (
        // A fresh form for every mail: what was chosen for one must not carry over to the next.
        <MailDetails key={mail.data.id} mail={mail.data} nextId={nextId} onOpen={onOpen} />
      )}
    </Drawer>
  )
}

function MailDetails({
  mail,
  nextId,
  onOpen,
}: {
  mail: InboundMailView
  nextId: string | null
  onOpen: (id: string) => void
}) {
  const { t } = useTranslation()
  const format = useFormatters()
  const ignore = useIgnoreMail(mail.id)
  // What happened while the drawer was open follows from the status it opened with; the form that did it is gone
  // by the time the answer arrives.
  const [initial] = useState(mail.status)
  const done =
    canAssign({ status: initial }) && !canAssign(mail)
      ? 'assigned'
      : initial !== 'ignored' && mail.status === 'ignored'
        ? 'ignored'
        : null
  const open = canAssign(mail)
  // What the server could not read it cannot put into a ticket either: download it, or set it aside.
  const readable = mailReason(mail)?.key !== 'unreadable'
  const ticket = useTicket(open ? '' : (mail.ticketId ?? ''))

  const row = (label: string, value: ReactNode) => (
    <DataList.Item>
      <DataList.ItemLabel>{label}</DataList.ItemLabel>
      <DataList.ItemValue>{value}</DataList.ItemValue>
    </DataList.Item>
  )

  return (
    <Stack>
      {done === 'assigned' && mail.ticketId && (
        <Alert color="green" icon={<IconCheck size={18} />} role="status">
          <Stack gap="xs">
            <Text size="sm">
              {ticket.data ? t('mail.assignedTo', { number: ticket.data.number }) : t('mail.assignedToTicket')}
            </Text>
            <Group gap="xs">
              <Button component={Link} to={`/tickets/${mail.ticketId}`} size="xs">
                {t('mail.openTicket')}
              </Button>
              {nextId && (
                <Button
                  size="xs"
                  variant="default"
                  rightSection={<IconArrowRight size={14} />}
                  onClick={() => onOpen(nextId)}
                >
                  {t('mail.next')}
                </Button>
              )}
            </Group>
          </Stack>
        </Alert>
      )}
      {done === 'ignored' && (
        <Alert color="gray" icon={<IconEyeOff size={18} />} role="status">
          <Group justify="space-between">
            <Text size="sm">{t('mail.ignored')}</Text>
            {nextId && (
              <Button
                size="xs"
                variant="default"
                rightSection={<IconArrowRight size={14} />}
                onClick={() => onOpen(nextId)}
              >
                {t('mail.next')}
              </Button>
            )}
          </Group>
        </Alert>
      )}
      <DataList labelWidth={130}>
        {row(
          t('mail.from'),
          mail.from ? (
            <Text span size="sm" style={{ overflowWrap: 'anywhere' }}>
              {mail.from}
            </Text>
          ) : (
            <Text span size="sm" c="dimmed">
              {t('mail.noSender')}
            </Text>
          ),
        )}
        {row(t('mail.receivedAt'), format.dateTime(mail.receivedAt))}
        {row(
          t('mail.statusLabel'),
          <Group gap="xs">
            <MailStatusBadge status={mail.status} />
            {!open && mail.ticketId && (
              <Button component={Link} to={`/tickets/${mail.ticketId}`} variant="subtle" size="compact-sm">
                {ticket.data ? t('mail.inTicket', { number: ticket.data.number }) : t('mail.openTicket')}
              </Button>
            )}
          </Group>,
        )}
        {mail.reason && row(t('mail.reason'), <MailReasonText mail={mail} />)}
        {row(t('mail.via'), `${t(`mail.source.${mail.source}`)} · ${format.bytes(mail.size)}`)}
      </DataList>
      <Group gap="xs">
        <Button
          component="a"
          href={rawMailUrl(mail.id)}
          download={`${mail.id}.eml`}
          variant="default"
          size="xs"
          leftSection={<IconDownload size={14} />}
        >
          {t('mail.download')}
        </Button>
        <Text size="xs" c="dimmed" ff="monospace" truncate="end" maw={360} title={mail.messageId}>
          {mail.messageId}
        </Text>
      </Group>

      <Paper withBorder p="sm" bg="gray.0">
        {mail.text ? (
          <Code
            block
            bg="transparent"
            p={0}
            style={{
              whiteSpace: 'pre-wrap',
              wordBreak: 'break-word',
              maxHeight: 360,
              overflow: 'auto',
              fontSize: 'var(--mantine-font-size-sm)',
              fontFamily: 'inherit',
            }}
          >
            {mail.text}
          </Code>
        ) : (
          <Text size="sm" c="dimmed">
            {t('mail.noText')}
          </Text>
        )}
      </Paper>

      {open && done === null && (
        <>
          <Divider />
          {readable && (
            <>
              <Title order={4}>{t('mail.assign.title')}</Title>
              <MailAssignForm mail={mail} />
            </>
          )}
          {mail.status !== 'ignored' && (
            <>
              {readable && <Divider label={t('mail.or')} />}
              <Group justify="space-between" wrap="nowrap" align="flex-start">
                <Text size="sm" c="dimmed">
                  {t('mail.ignoreHint')}
                </Text>
                <Button
                  variant="default"
                  leftSection={<IconEyeOff size={16} />}
                  loading={ignore.isPending}
                  onClick={() => ignore.mutate()}
                  style={{ flexShrink: 0 }}
                >
                  {t('mail.ignore')}
                </Button>
              </Group>
              <ErrorAlert error={ignore.error} />
            </>
          )}
        </>
      )}
    </Stack>
  )
}
