import { Alert, Button, Group, Select, SimpleGrid, Stack, Switch, Text, Textarea, TextInput } from '@mantine/core'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { AssetPicker } from './AffectedSystems.tsx'
import { priorityOf } from '../../../../src/modules/sla/priority.ts'
import {
  Impact,
  Severity,
  TicketCreate,
  TicketType,
  Urgency,
  type Ticket,
} from '../../../../src/modules/tickets/schema.ts'
import type { FieldErrors } from '../../app/apiClient.ts'
import { fieldErrorsOf } from '../../app/problems.ts'
import { validate } from '../../app/validate.ts'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { useMe } from '../auth/api.ts'
import { useContacts } from '../customers/api.ts'
import { useSlaConfig } from '../sla/api.ts'
import { useCreateTicket, useStaffUsers } from './api.ts'
import { CustomerSelect } from './CustomerSelect.tsx'
import { PriorityBadge } from './TicketBadges.tsx'

type TicketTypeValue = Ticket['type']

interface Values {
  customerId: string | null
  requesterContactId: string | null
  assetIds: string[]
  type: TicketTypeValue
  impact: string | null
  urgency: string | null
  severity: string | null
  title: string
  description: string
  assigneeId: string | null
  byPhone: boolean
}

interface StaffTicketFormProps {
  /** 'phone': a call being taken; the caller, a short subject and the notes of the call, assigned to the taker. */
  mode: 'full' | 'phone'
  onCreated: (ticket: Ticket) => void
  onCancel: () => void
}

/** A ticket entered by the desk: for a customer, on behalf of one of its contacts. */
export function StaffTicketForm({ mode, onCreated, onCancel }: StaffTicketFormProps) {
  const { t } = useTranslation()
  const me = useMe()
  const phone = mode === 'phone'
  const create = useCreateTicket()
  const staffUsers = useStaffUsers()
  const config = useSlaConfig()
  const [values, setValues] = useState<Values>({
    customerId: null,
    requesterContactId: null,
    assetIds: [],
    type: 'incident',
    impact: null,
    urgency: null,
    severity: null,
    title: '',
    description: '',
    assigneeId: phone ? (me.data?.id ?? null) : null,
    byPhone: phone,
  })
  const [errors, setErrors] = useState<FieldErrors>({})
  const contacts = useContacts(values.customerId ?? '', false)
  const serverErrors = fieldErrorsOf(create.error, t)
  const errorOf = (key: string) => errors[key] ?? serverErrors[key]
  const set = (patch: Partial<Values>) => setValues((v) => ({ ...v, ...patch }))

  const impact = Impact.safeParse(values.impact).data
  const urgency = Urgency.safeParse(values.urgency).data
  const severity = values.type === 'bug' ? Severity.safeParse(values.severity).data : undefined
  const priority = config.data
    ? priorityOf({ type: values.type, impact, urgency, severity }, config.data.priorityRules)
    : null

  function submit(event: FormEvent) {
    event.preventDefault()
    const input = {
      customerId: values.customerId ?? undefined,
      requesterContactId: values.requesterContactId ?? undefined,
      type: values.type,
      impact: values.type === 'calamity' || values.type === 'bug' ? undefined : impact,
      urgency: values.type === 'calamity' || values.type === 'bug' ? undefined : urgency,
      severity,
      assetIds: values.assetIds.length > 0 ? values.assetIds : undefined,
      title: values.title,
      description: values.description,
      assigneeId: values.assigneeId ?? undefined,
      source: values.byPhone ? ('phone' as const) : undefined,
    }
    const checked = validate(TicketCreate, input)
    const found: FieldErrors = checked.ok ? {} : checked.errors
    if (!values.customerId) {
      found.customerId = t('validation.required')
    }
    setErrors(found)
    if (!checked.ok || !values.customerId) {
      return
    }
    create.mutate(checked.data, { onSuccess: onCreated })
  }

  const contactOptions = (contacts.data?.items ?? [])
    .filter((c) => c.archivedAt === null)
    .map((c) => ({ value: c.id, label: c.phone ? `${c.name} · ${c.phone}` : c.name }))
  const staffOptions = (staffUsers.data ?? []).map((u) => ({
    value: u.id,
    label: u.id === me.data?.id ? t('tickets.meSuffix', { name: u.name }) : u.name,
  }))
  const typeOptions = TicketType.options.map((type) => ({ value: type, label: t(`tickets.type.${type}`) }))
  const levelOptions = (kind: 'impact' | 'urgency') =>
    Impact.options.map((level) => ({ value: level, label: t(`tickets.${kind}.${level}`) }))

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <CustomerSelect
            label={t('tickets.fields.customer')}
            value={values.customerId}
            onChange={(customerId) => set({ customerId, requesterContactId: null, assetIds: [] })}
            required
            error={errorOf('customerId')}
            autoFocus
          />
          <Select
            label={phone ? t('tickets.fields.caller') : t('tickets.fields.requester')}
            placeholder={
              values.customerId ? t('tickets.fields.requesterPlaceholder') : t('tickets.fields.customerFirst')
            }
            data={contactOptions}
            value={values.requesterContactId}
            onChange={(requesterContactId) => set({ requesterContactId })}
            disabled={!values.customerId}
            searchable
            clearable
            nothingFoundMessage={t('common.nothingFound')}
            error={errorOf('requesterContactId')}
          />
        </SimpleGrid>
        <AssetPicker
          customerId={values.customerId}
          label={t('tickets.fields.affectedSystem')}
          value={values.assetIds}
          onChange={(assetIds) => set({ assetIds })}
          error={errorOf('assetIds') ?? errorOf('assetIds.0')}
        />
        <SimpleGrid cols={{ base: 1, sm: values.type === 'calamity' ? 1 : values.type === 'bug' ? 2 : 3 }}>
          <Select
            label={t('tickets.fields.type')}
            data={typeOptions}
            value={values.type}
            onChange={(type) => {
              const parsed = TicketType.safeParse(type)
              if (parsed.success) {
                set({ type: parsed.data })
              }
            }}
            allowDeselect={false}
          />
          {values.type === 'bug' && (
            <Select
              label={t('tickets.severity.label')}
              placeholder={t('tickets.fields.notGiven')}
              data={Severity.options.map((s) => ({ value: s, label: t(`tickets.severity.${s}`) }))}
              value={values.severity}
              onChange={(v) => set({ severity: v })}
              clearable
              description={severity ? t(`tickets.severityHint.${severity}`) : undefined}
              error={errorOf('severity')}
            />
          )}
          {values.type !== 'bug' && values.type !== 'calamity' && (
            <>
              <Select
                label={t('tickets.impact.label')}
                placeholder={t('tickets.fields.notGiven')}
                data={levelOptions('impact')}
                value={values.impact}
                onChange={(v) => set({ impact: v })}
                clearable
              />
              <Select
                label={t('tickets.urgency.label')}
                placeholder={t('tickets.fields.notGiven')}
                data={levelOptions('urgency')}
                value={values.urgency}
                onChange={(v) => set({ urgency: v })}
                clearable
              />
            </>
          )}
        </SimpleGrid>
        {priority && (
          <Group gap="xs">
            <Text size="sm" c="dimmed">
              {t('tickets.fields.priorityPreview')}
            </Text>
            <PriorityBadge priority={priority} />
          </Group>
        )}
        {values.type === 'calamity' && (
          <Alert color="red" variant="light">
            {t('tickets.calamityNotice')}
          </Alert>
        )}
        <TextInput
          label={phone ? t('tickets.fields.subject') : t('tickets.fields.title')}
          required
          value={values.title}
          onChange={(e) => set({ title: e.currentTarget.value })}
          error={errorOf('title')}
        />
        <Textarea
          label={phone ? t('tickets.fields.callNotes') : t('tickets.fields.description')}
          description={phone ? t('tickets.fields.callNotesHint') : undefined}
          required
          autosize
          minRows={phone ? 4 : 6}
          value={values.description}
          onChange={(e) => set({ description: e.currentTarget.value })}
          error={errorOf('description')}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={t('tickets.fields.assignee')}
            placeholder={t('tickets.unassigned')}
            data={staffOptions}
            value={values.assigneeId}
            onChange={(assigneeId) => set({ assigneeId })}
            searchable
            clearable
            nothingFoundMessage={t('common.nothingFound')}
            error={errorOf('assigneeId')}
          />
          {!phone && (
            <Switch
              mt={{ sm: 'xl' }}
              label={t('tickets.fields.byPhone')}
              checked={values.byPhone}
              onChange={(e) => set({ byPhone: e.currentTarget.checked })}
            />
          )}
        </SimpleGrid>
        <ErrorAlert error={create.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={create.isPending}>
            {phone ? t('tickets.logCallSubmit') : t('tickets.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  )
}
