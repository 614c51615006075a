import { Button, Group, Modal, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { priorityOf } from '../../../../src/modules/sla/priority.ts'
import { Impact, Severity, TicketType, Urgency, type Ticket } from '../../../../src/modules/tickets/schema.ts'
import { fieldErrorsOf } from '../../app/problems.ts'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { useSlaConfig } from '../sla/api.ts'
import { useUpdateTicket } from './api.ts'
import { PriorityBadge } from './TicketBadges.tsx'

interface ClassificationModalProps {
  ticket: Ticket
  opened: boolean
  onClose: () => void
  onSaved: () => void
}

/** Reclassify: subject, type and impact/urgency or severity. The priority (and with it the SLA) follows. */
function ClassificationForm({ ticket, onClose, onSaved }: Omit<ClassificationModalProps, 'opened'>) {
  const { t } = useTranslation()
  const update = useUpdateTicket(ticket.id)
  const config = useSlaConfig()
  const [title, setTitle] = useState(ticket.title)
  const [type, setType] = useState<Ticket['type']>(ticket.type)
  const [impact, setImpact] = useState<string | null>(ticket.impact)
  const [urgency, setUrgency] = useState<string | null>(ticket.urgency)
  const [severity, setSeverity] = useState<string | null>(ticket.severity)
  const serverErrors = fieldErrorsOf(update.error, t)
  const [titleError, setTitleError] = useState<string | undefined>()

  const i = Impact.safeParse(impact).data ?? null
  const u = Urgency.safeParse(urgency).data ?? null
  const s = type === 'bug' ? (Severity.safeParse(severity).data ?? null) : null
  const priority = config.data
    ? priorityOf({ type, impact: i, urgency: u, severity: s }, config.data.priorityRules)
    : null

  function submit(event: FormEvent) {
    event.preventDefault()
    if (title.trim().length < 3) {
      setTitleError(t('validation.tooShort', { min: 3 }))
      return
    }
    setTitleError(undefined)
    update.mutate(
      {
        ...(title.trim() !== ticket.title ? { title: title.trim() } : {}),
        type,
        impact: i,
        urgency: u,
        severity: s,
      },
      { onSuccess: onSaved },
    )
  }

  const levels = (kind: 'impact' | 'urgency') =>
    Impact.options.map((level) => ({ value: level, label: t(`tickets.${kind}.${level}`) }))

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <TextInput
          label={t('tickets.fields.title')}
          value={title}
          onChange={(e) => setTitle(e.currentTarget.value)}
          error={titleError ?? serverErrors.title}
          data-autofocus
        />
        <Select
          label={t('tickets.fields.type')}
          data={TicketType.options.map((v) => ({ value: v, label: t(`tickets.type.${v}`) }))}
          value={type}
          onChange={(v) => {
            const parsed = TicketType.safeParse(v)
            if (parsed.success) {
              setType(parsed.data)
            }
          }}
          allowDeselect={false}
        />
        {type === 'bug' ? (
          <Select
            label={t('tickets.severity.label')}
            placeholder={t('tickets.fields.notGiven')}
            data={Severity.options.map((v) => ({ value: v, label: t(`tickets.severity.${v}`) }))}
            value={severity}
            onChange={setSeverity}
            clearable
            error={serverErrors.severity}
          />
        ) : type !== 'calamity' ? (
          <SimpleGrid cols={2}>
            <Select
              label={t('tickets.impact.label')}
              placeholder={t('tickets.fields.notGiven')}
              data={levels('impact')}
              value={impact}
              onChange={setImpact}
              clearable
            />
            <Select
              label={t('tickets.urgency.label')}
              placeholder={t('tickets.fields.notGiven')}
              data={levels('urgency')}
              value={urgency}
              onChange={setUrgency}
              clearable
            />
          </SimpleGrid>
        ) : null}
        {priority && (
          <Group gap="xs">
            <Text size="sm" c="dimmed">
              {t('tickets.fields.priorityPreview')}
            </Text>
            <PriorityBadge priority={priority} />
          </Group>
        )}
        {priority && priority !== ticket.priority && (
          <Text size="sm" c="orange.8">
            {t('classification.priorityChanges')}
          </Text>
        )}
        <ErrorAlert error={update.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={update.isPending}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  )
}

export function ClassificationModal(props: ClassificationModalProps) {
  const { t } = useTranslation()
  return (
    <Modal opened={props.opened} onClose={props.onClose} title={t('classification.title')} size="lg">
      <ClassificationForm ticket={props.ticket} onClose={props.onClose} onSaved={props.onSaved} />
    </Modal>
  )
}
