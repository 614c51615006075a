import { Alert, Button, Group, Paper, Select, Stack, Switch, Tabs, Text, Textarea } from '@mantine/core'
import { getHotkeyHandler } from '@mantine/hooks'
import { IconFileText, IconLock, IconMessage, IconPhone, IconSend } from '@tabler/icons-react'
import { useRef, useState, type RefObject } from 'react'
import { useTranslation } from 'react-i18next'
import type { DocSummary } from '../../../../src/modules/docs/schema.ts'
import { TicketStatus, type Ticket } from '../../../../src/modules/tickets/schema.ts'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { useAddArticle } from './api.ts'
import { DocLinkPicker } from './DocLinkPicker.tsx'
import { docPath, insertAt, docLinkText, useLinkTicketDoc } from './docsApi.ts'

export type ReplyKind = 'reply' | 'note' | 'phone'
export const replyKinds: readonly ReplyKind[] = ['reply', 'note', 'phone']

interface StaffReplyBoxProps {
  ticket: Ticket
  kind: ReplyKind
  onKindChange: (kind: ReplyKind) => void
  textareaRef: RefObject<HTMLTextAreaElement | null>
  onSent: (kind: ReplyKind) => void
}

const icons = { reply: <IconMessage size={16} />, note: <IconLock size={16} />, phone: <IconPhone size={16} /> }

/**
 * Answer the customer, write an internal note, or log a phone call; optionally with the status the ticket gets
 * (e.g. waiting for the customer). A reply and a public phone log count as the response to the customer.
 */
export function StaffReplyBox({ ticket, kind, onKindChange, textareaRef, onSent }: StaffReplyBoxProps) {
  const { t } = useTranslation()
  const add = useAddArticle(ticket.id)
  const [body, setBody] = useState('')
  const [status, setStatus] = useState<string | null>(null)
  const [phonePublic, setPhonePublic] = useState(true)
  const [empty, setEmpty] = useState(false)
  const linkDoc = useLinkTicketDoc(ticket.id)
  const [picking, setPicking] = useState(false)
  // Where the cursor was when the picker opened: the picker takes the focus, the link goes there.
  const selection = useRef({ start: 0, end: 0 })
  const merged = ticket.mergedIntoId !== null

  function openPicker() {
    const area = textareaRef.current
    selection.current = area
      ? { start: area.selectionStart, end: area.selectionEnd }
      : { start: body.length, end: body.length }
    linkDoc.reset()
    setPicking(true)
  }

  /** The link is absolute, so that it works in the mail to the customer; the ticket keeps the document too. */
  function insertDocLink(doc: DocSummary) {
    const link = docLinkText(doc.title, `${window.location.origin}${docPath(doc.slug)}`)
    const next = insertAt(body, selection.current.start, selection.current.end, link)
    setBody(next.text)
    setEmpty(false)
    setPicking(false)
    linkDoc.mutate(doc.id)
    // After the new text has been drawn.
    setTimeout(() => {
      textareaRef.current?.focus()
      textareaRef.current?.setSelectionRange(next.caret, next.caret)
    }, 0)
  }

  function send() {
    if (body.trim() === '') {
      setEmpty(true)
      textareaRef.current?.focus()
      return
    }
    setEmpty(false)
    const nextStatus = TicketStatus.safeParse(status).data
    add.mutate(
      {
        kind,
        body,
        public: kind === 'phone' ? phonePublic : undefined,
        status: nextStatus !== undefined && nextStatus !== ticket.status ? nextStatus : undefined,
      },
      {
        onSuccess: () => {
          setBody('')
          setStatus(null)
          onSent(kind)
        },
      },
    )
  }

  const note = kind === 'note' || (kind === 'phone' && !phonePublic)
  const statusOptions = [
    { value: 'keep', label: t('reply.statusKeep', { status: t(`tickets.status.${ticket.status}`) }) },
    ...TicketStatus.options
      .filter((s) => s !== ticket.status && s !== 'new')
      .map((s) => ({ value: s, label: t(`tickets.status.${s}`) })),
  ]

  return (
    <Paper
      withBorder
      p="md"
      bg={note ? 'var(--mantine-color-yellow-0)' : undefined}
      style={{ borderColor: note ? 'var(--mantine-color-yellow-5)' : undefined }}
    >
      <Stack gap="sm">
        <Group justify="space-between" align="center" gap="xs">
          <Tabs
            value={kind}
            onChange={(v) => {
              const next = replyKinds.find((k) => k === v)
              if (next) {
                onKindChange(next)
              }
            }}
            variant="pills"
          >
            <Tabs.List>
              {replyKinds.map((k) => (
                <Tabs.Tab key={k} value={k} leftSection={icons[k]}>
                  {t(`reply.tabs.${k}`)}
                </Tabs.Tab>
              ))}
            </Tabs.List>
          </Tabs>
          <Button
            size="xs"
            variant="default"
            leftSection={<IconFileText size={14} />}
            onClick={() => (picking ? setPicking(false) : openPicker())}
            aria-expanded={picking}
            disabled={merged}
            // To the right, also on a line of its own when the tabs leave no room beside them.
            ml="auto"
          >
            {t('docLinks.insertLink')}
          </Button>
        </Group>
        {note && (
          <Text size="xs" c="yellow.9">
            {t('reply.internalHint')}
          </Text>
        )}
        {picking && (
          <Group align="flex-end" gap="xs" wrap="nowrap">
            <div style={{ flex: 1 }}>
              <DocLinkPicker
                description={t('docLinks.insertHint')}
                onPick={insertDocLink}
                // A reply goes to the customer: only what its people may open; a note may point anywhere.
                {...(kind === 'reply' && { readableBy: ticket.customerId })}
              />
            </div>
            <Button variant="subtle" color="gray" onClick={() => setPicking(false)}>
              {t('common.cancel')}
            </Button>
          </Group>
        )}
        <Textarea
          ref={textareaRef}
          aria-label={t(`reply.label.${kind}`)}
          placeholder={t(`reply.placeholder.${kind}`)}
          autosize
          minRows={4}
          maxRows={16}
          value={body}
          onChange={(e) => {
            setBody(e.currentTarget.value)
            setEmpty(false)
          }}
          onKeyDown={getHotkeyHandler([['mod+Enter', send]])}
          error={empty ? t('validation.required') : undefined}
          disabled={merged}
        />
        <Group justify="space-between" align="flex-end">
          <Group align="flex-end">
            {kind !== 'note' && (
              <Select
                label={t('reply.statusAfter')}
                data={statusOptions}
                value={status ?? 'keep'}
                onChange={(v) => setStatus(v === 'keep' ? null : v)}
                allowDeselect={false}
                w={300}
                disabled={merged}
              />
            )}
            {kind === 'phone' && (
              <Switch
                label={t('reply.phonePublic')}
                checked={phonePublic}
                onChange={(e) => setPhonePublic(e.currentTarget.checked)}
                mb={8}
              />
            )}
          </Group>
          <Button
            leftSection={kind === 'reply' ? <IconSend size={16} /> : icons[kind]}
            onClick={send}
            loading={add.isPending}
            disabled={merged}
            color={note ? 'yellow.8' : undefined}
          >
            {t(`reply.send.${kind}`)}
          </Button>
        </Group>
        <Text size="xs" c="dimmed">
          {t('reply.sendHint')}
        </Text>
        <ErrorAlert error={add.error} />
        <ErrorAlert error={linkDoc.error} />
      </Stack>
    </Paper>
  )
}

/** The customer's side: one plain message box. Replying to a resolved ticket opens it again. */
export function PortalReplyBox({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation()
  const add = useAddArticle(ticket.id)
  const [body, setBody] = useState('')
  const [empty, setEmpty] = useState(false)
  const [sent, setSent] = useState(false)
  const done = ticket.status === 'resolved' || ticket.status === 'closed'

  function send() {
    if (body.trim() === '') {
      setEmpty(true)
      return
    }
    add.mutate(
      { body },
      {
        onSuccess: () => {
          setBody('')
          setSent(true)
        },
      },
    )
  }

  if (ticket.mergedIntoId !== null) {
    return null
  }
  return (
    <Paper withBorder p="md">
      <Stack gap="sm">
        {done && (
          <Alert color="blue" variant="light">
            {t('portal.reopenHint')}
          </Alert>
        )}
        <Textarea
          label={t('portal.replyLabel')}
          placeholder={t('portal.replyPlaceholder')}
          autosize
          minRows={4}
          value={body}
          onChange={(e) => {
            setBody(e.currentTarget.value)
            setEmpty(false)
            setSent(false)
          }}
          onKeyDown={getHotkeyHandler([['mod+Enter', send]])}
          error={empty ? t('validation.required') : undefined}
        />
        <Group justify="space-between">
          <Text size="sm" c="green.8">
            {sent ? t('portal.replySent') : ''}
          </Text>
          <Button leftSection={<IconSend size={16} />} onClick={send} loading={add.isPending}>
            {t('portal.replySend')}
          </Button>
        </Group>
        <ErrorAlert error={add.error} />
      </Stack>
    </Paper>
  )
}
