import { Button, Group, Radio, Select, Stack, Text } from '@mantine/core'
import { IconBuilding } from '@tabler/icons-react'
import { IconFilePlus, IconMailForward } from '@tabler/icons-react'
import { useEffect, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { z } from 'zod'
import type { InboundMailView } from '../../../../src/modules/mailin/schema.ts'
import { TicketType } from '../../../../src/modules/tickets/schema.ts'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { useContacts, useCustomers } from '../customers/api.ts'
import { CustomerSelect } from '../tickets/CustomerSelect.tsx'
import { TicketSelect } from '../tickets/TicketSelect.tsx'
import { useAssignMail } from './api.ts'
import { organisationDomain } from './mailSender.ts'

type Mode = 'new' | 'existing'

/** Types a person may open from a mail; calamities and alerts come in through their own channels. */
const mailTicketTypes = TicketType.options.filter((type) => type !== 'monitoring-alert')

interface MailAssignFormProps {
  mail: InboundMailView
}

/**
 * Where a mail from the queue goes: a new ticket for a customer (with the sender's contact as requester when the
 * address is known there), or the conversation of an existing ticket.
 */
export function MailAssignForm({ mail }: MailAssignFormProps) {
  const { t } = useTranslation()
  const assign = useAssignMail(mail.id)
  // A reply from someone the ticket does not know already names the ticket it answers.
  const [mode, setMode] = useState<Mode>(mail.ticketId ? 'existing' : 'new')
  const [customerId, setCustomerId] = useState<string | null>(mail.customerId)
  const [contactId, setContactId] = useState<string | null>(null)
  const [type, setType] = useState<z.infer<typeof TicketType>>('incident')
  const [ticketId, setTicketId] = useState<string | null>(mail.ticketId)
  const [missing, setMissing] = useState(false)
  const contacts = useContacts(customerId ?? '', false)
  const domain = organisationDomain(mail.from)
  // A new colleague of a known customer: customers whose own address is at the sender's domain.
  const suggested = useCustomers({ q: domain ?? '', archived: 'exclude' })
  const suggestions = domain ? (suggested.data?.pages[0]?.items ?? []).slice(0, 3) : []
  const contactOptions = (contacts.data?.items ?? [])
    .filter((c) => c.archivedAt === null)
    .map((c) => ({ value: c.id, label: `${c.name} <${c.email}>` }))

  // The sender is the requester when the chosen customer knows the address.
  useEffect(() => {
    const from = mail.from?.toLowerCase()
    const match = from ? contacts.data?.items.find((c) => c.email.toLowerCase() === from) : undefined
    setContactId(match?.id ?? null)
  }, [contacts.data, mail.from])

  function submit(event: FormEvent) {
    event.preventDefault()
    setMissing(false)
    if (mode === 'existing') {
      if (!ticketId) {
        setMissing(true)
        return
      }
      assign.mutate({ ticketId })
      return
    }
    if (!customerId) {
      setMissing(true)
      return
    }
    assign.mutate({ customerId, type, ...(contactId && { contactId }) })
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Radio.Group
          label={t('mail.assign.mode')}
          value={mode}
          onChange={(next) => {
            setMode(next === 'existing' ? 'existing' : 'new')
            setMissing(false)
            assign.reset()
          }}
        >
          <Group gap="lg" mt={6}>
            <Radio value="new" label={t('mail.assign.new')} />
            <Radio value="existing" label={t('mail.assign.existing')} />
          </Group>
        </Radio.Group>
        {mode === 'new' ? (
          <>
            <CustomerSelect
              label={t('tickets.fields.customer')}
              value={customerId}
              onChange={(id) => {
                setCustomerId(id)
                setContactId(null)
              }}
              required
              error={missing && !customerId ? t('mail.assign.chooseCustomer') : undefined}
            />
            {!customerId && suggestions.length > 0 && (
              <Group gap="xs">
                <Text size="sm" c="dimmed">
                  {t('mail.assign.suggested', { domain })}
                </Text>
                {suggestions.map((c) => (
                  <Button
                    key={c.id}
                    size="compact-sm"
                    variant="light"
                    leftSection={<IconBuilding size={14} />}
                    onClick={() => setCustomerId(c.id)}
                  >
                    {c.name}
                  </Button>
                ))}
              </Group>
            )}
            <Select
              label={t('tickets.fields.requester')}
              description={
                mail.from ? t('mail.assign.requesterHint', { email: mail.from }) : t('mail.assign.requesterNoSender')
              }
              placeholder={customerId ? t('mail.assign.noContact') : t('tickets.fields.customerFirst')}
              data={contactOptions}
              value={contactId}
              onChange={setContactId}
              disabled={!customerId}
              searchable
              clearable
              nothingFoundMessage={t('common.nothingFound')}
            />
            <Select
              label={t('tickets.fields.type')}
              data={mailTicketTypes.map((v) => ({ value: v, label: t(`tickets.type.${v}`) }))}
              value={type}
              onChange={(v) => {
                const parsed = TicketType.safeParse(v)
                if (parsed.success) {
                  setType(parsed.data)
                }
              }}
              allowDeselect={false}
            />
            <Text size="xs" c="dimmed">
              {t('mail.assign.newHint')}
            </Text>
          </>
        ) : (
          <TicketSelect
            label={t('mail.assign.ticket')}
            description={t('mail.assign.ticketHint')}
            value={ticketId}
            onChange={setTicketId}
            error={missing && !ticketId ? t('mail.assign.chooseTicket') : undefined}
          />
        )}
        <ErrorAlert error={assign.error} />
        <Group justify="flex-end">
          <Button
            type="submit"
            loading={assign.isPending}
            leftSection={mode === 'new' ? <IconFilePlus size={16} /> : <IconMailForward size={16} />}
          >
            {mode === 'new' ? t('mail.assign.submitNew') : t('mail.assign.submitExisting')}
          </Button>
        </Group>
      </Stack>
    </form>
  )
}
