import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Ticket } from '../../../../src/modules/tickets/schema.ts'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { useSplitTicket } from './api.ts'

interface SplitModalProps {
  ticket: Ticket
  articleIds: string[]
  opened: boolean
  onClose: () => void
  onSplit: (created: Ticket) => void
}

/** A new ticket from the messages ticked in the conversation; this ticket keeps them too. */
function SplitForm({ ticket, articleIds, onClose, onSplit }: Omit<SplitModalProps, 'opened'>) {
  const { t } = useTranslation()
  const split = useSplitTicket(ticket.id)
  const [title, setTitle] = useState('')
  const [error, setError] = useState<string | undefined>()

  return (
    <Stack>
      <Text size="sm">{t('split.intro', { count: articleIds.length })}</Text>
      <TextInput
        label={t('split.newTitle')}
        value={title}
        onChange={(e) => setTitle(e.currentTarget.value)}
        error={error}
        data-autofocus
      />
      <ErrorAlert error={split.error} />
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          {t('common.cancel')}
        </Button>
        <Button
          loading={split.isPending}
          onClick={() => {
            if (title.trim().length < 3) {
              setError(t('validation.tooShort', { min: 3 }))
              return
            }
            split.mutate({ articleIds, title: title.trim() }, { onSuccess: onSplit })
          }}
        >
          {t('split.submit')}
        </Button>
      </Group>
    </Stack>
  )
}

export function SplitModal(props: SplitModalProps) {
  const { t } = useTranslation()
  return (
    <Modal opened={props.opened} onClose={props.onClose} title={t('split.title')}>
      <SplitForm ticket={props.ticket} articleIds={props.articleIds} onClose={props.onClose} onSplit={props.onSplit} />
    </Modal>
  )
}
