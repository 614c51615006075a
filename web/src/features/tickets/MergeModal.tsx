import { Button, Group, Modal, Select, Stack, Text } from '@mantine/core'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Ticket } from '../../../../src/modules/tickets/schema.ts'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { useMergeTicket, useTickets } from './api.ts'

interface MergeModalProps {
  ticket: Ticket
  opened: boolean
  onClose: () => void
  onMerged: (into: Ticket) => void
}

/** Close a duplicate: its conversation is copied into another open ticket of the same customer. */
function MergeForm({ ticket, onClose, onMerged }: Omit<MergeModalProps, 'opened'>) {
  const { t } = useTranslation()
  const merge = useMergeTicket(ticket.id)
  const candidates = useTickets({ customerId: ticket.customerId, status: 'active', sort: 'newest' })
  const [intoId, setIntoId] = useState<string | null>(null)
  const options = (candidates.data?.pages.flatMap((p) => p.items) ?? [])
    .filter((c) => c.id !== ticket.id && c.mergedIntoId === null)
    .map((c) => ({ value: c.id, label: `${c.number} · ${c.title}` }))

  return (
    <Stack>
      <Text size="sm">{t('merge.intro', { number: ticket.number, customer: ticket.customerName })}</Text>
      <Select
        label={t('merge.into')}
        data={options}
        value={intoId}
        onChange={setIntoId}
        searchable
        nothingFoundMessage={candidates.isPending ? t('common.loading') : t('merge.noCandidates')}
        data-autofocus
      />
      <ErrorAlert error={merge.error ?? candidates.error} />
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          {t('common.cancel')}
        </Button>
        <Button
          color="red"
          disabled={intoId === null}
          loading={merge.isPending}
          onClick={() => intoId && merge.mutate(intoId, { onSuccess: onMerged })}
        >
          {t('merge.submit')}
        </Button>
      </Group>
    </Stack>
  )
}

export function MergeModal(props: MergeModalProps) {
  const { t } = useTranslation()
  return (
    <Modal opened={props.opened} onClose={props.onClose} title={t('merge.title')} size="lg">
      <MergeForm ticket={props.ticket} onClose={props.onClose} onMerged={props.onMerged} />
    </Modal>
  )
}
