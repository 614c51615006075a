import { Modal } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import type { Ticket } from '../../../../src/modules/tickets/schema.ts'
import { StaffTicketForm } from './StaffTicketForm.tsx'

interface PhoneCallModalProps {
  opened: boolean
  onClose: () => void
  onCreated: (ticket: Ticket) => void
}

/** "Telefoontje vastleggen": a call taken at the desk becomes a ticket (source phone), assigned to whoever took it. */
export function PhoneCallModal({ opened, onClose, onCreated }: PhoneCallModalProps) {
  const { t } = useTranslation()
  return (
    <Modal opened={opened} onClose={onClose} title={t('tickets.logCallTitle')} size="xl">
      <StaffTicketForm mode="phone" onCreated={onCreated} onCancel={onClose} />
    </Modal>
  )
}
