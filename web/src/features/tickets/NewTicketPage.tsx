import { Card, Stack, Title } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { useNavigate } from 'react-router'
import { PageLoader } from '../../components/PageLoader.tsx'
import { useMe } from '../auth/api.ts'
import { PortalTicketForm } from './PortalTicketForm.tsx'
import { StaffTicketForm } from './StaffTicketForm.tsx'

/** `/tickets/new`: the desk enters a ticket for a customer; a portal contact reports one for its own company. */
export function NewTicketPage() {
  const { t } = useTranslation()
  const navigate = useNavigate()
  const me = useMe()
  if (!me.data) {
    return <PageLoader />
  }
  const staff = me.data.kind === 'staff'
  return (
    <Stack maw={900}>
      <Title order={2}>{staff ? t('tickets.newTitle') : t('portal.newTitle')}</Title>
      <Card withBorder>
        {staff ? (
          <StaffTicketForm
            mode="full"
            onCreated={(ticket) => void navigate(`/tickets/${ticket.id}`)}
            onCancel={() => void navigate('/tickets')}
          />
        ) : (
          <PortalTicketForm
            onCreated={(ticket, failedUploads) =>
              void navigate(`/tickets/${ticket.id}`, { state: { created: true, failedUploads } })
            }
            onCancel={() => void navigate('/tickets')}
          />
        )}
      </Card>
    </Stack>
  )
}
