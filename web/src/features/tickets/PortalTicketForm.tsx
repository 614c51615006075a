import {
  Alert,
  Button,
  FileInput,
  Group,
  Progress,
  Radio,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core'
import { IconAlertTriangle, IconPaperclip } from '@tabler/icons-react'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { Impact, Severity, TicketCreate, type Ticket } from '../../../../src/modules/tickets/schema.ts'
import type { FieldErrors } from '../../app/apiClient.ts'
import { fieldErrorsOf } from '../../app/problems.ts'
import { validate } from '../../app/validate.ts'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { AssetPicker } from './AffectedSystems.tsx'
import { DocSuggestions } from './DocSuggestions.tsx'
import { uploadAttachment, useCreateTicket } from './api.ts'
import { useMe } from '../auth/api.ts'

/** What a customer may report; monitoring alerts and maintenance are the desk's own. */
const portalTypes = ['calamity', 'incident', 'bug', 'service-request', 'question'] as const
type PortalType = (typeof portalTypes)[number]
type Level = 'high' | 'medium' | 'low'

interface Values {
  type: PortalType | null
  severity: string | null
  impact: Level | null
  urgency: Level | null
  systems: string[]
  title: string
  description: string
  files: File[]
}

interface PortalTicketFormProps {
  /** `failedUploads`: names of attachments that could not be sent, to offer again on the ticket page. */
  onCreated: (ticket: Ticket, failedUploads: string[]) => void
  onCancel: () => void
}

/** A key contact reports a problem in plain words; the priority follows from the answers (the desk may adjust it). */
export function PortalTicketForm({ onCreated, onCancel }: PortalTicketFormProps) {
  const { t } = useTranslation()
  const create = useCreateTicket()
  const customerId = useMe().data?.customerId
  const [values, setValues] = useState<Values>({
    type: null,
    severity: null,
    impact: null,
    urgency: null,
    systems: [],
    title: '',
    description: '',
    files: [],
  })
  const [errors, setErrors] = useState<FieldErrors>({})
  const [uploading, setUploading] = useState<{ name: string; share: number; index: number } | null>(null)
  const serverErrors = fieldErrorsOf(create.error, t)
  const errorOf = (key: string) => errors[key] ?? serverErrors[key]
  const set = (patch: Partial<Values>) => setValues((v) => ({ ...v, ...patch }))

  async function uploadAll(ticket: Ticket): Promise<string[]> {
    const failed: string[] = []
    for (const [index, file] of values.files.entries()) {
      setUploading({ name: file.name, share: 0, index })
      try {
        await uploadAttachment(ticket.id, file, true, (share) => setUploading({ name: file.name, share, index }))
      } catch {
        failed.push(file.name)
      }
    }
    setUploading(null)
    return failed
  }

  function submit(event: FormEvent) {
    event.preventDefault()
    const level = values.type !== 'calamity' && values.type !== 'bug'
    const input = {
      // Checked with a stand-in type, so that every missing field is marked at once, the type among them.
      type: values.type ?? 'question',
      severity: values.type === 'bug' ? (Severity.safeParse(values.severity).data ?? undefined) : undefined,
      impact: level ? (values.impact ?? undefined) : undefined,
      urgency: level ? (values.urgency ?? undefined) : undefined,
      assetIds: values.systems.length > 0 ? values.systems : undefined,
      title: values.title,
      description: values.description,
    }
    const checked = validate(TicketCreate, input)
    const found: FieldErrors = checked.ok ? {} : { ...checked.errors }
    if (values.type === null) {
      found.type = t('portal.form.chooseType')
    }
    setErrors(found)
    if (!checked.ok || values.type === null) {
      return
    }
    create.mutate(checked.data, {
      onSuccess: (ticket) => {
        void uploadAll(ticket).then((failed) => onCreated(ticket, failed))
      },
    })
  }

  const levels = (kind: 'impact' | 'urgency') => (
    <Radio.Group
      label={t(`portal.form.${kind}`)}
      value={values[kind]}
      onChange={(v) => set({ [kind]: Impact.safeParse(v).data ?? null })}
    >
      <Stack gap={6} mt={6}>
        {Impact.options.map((level) => (
          <Radio key={level} value={level} label={t(`portal.form.${kind}Levels.${level}`)} />
        ))}
      </Stack>
    </Radio.Group>
  )

  const busy = create.isPending || uploading !== null

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Radio.Group
          label={t('portal.form.type')}
          value={values.type}
          onChange={(v) => set({ type: portalTypes.find((p) => p === v) ?? null })}
          error={errorOf('type')}
          withAsterisk
        >
          <SimpleGrid cols={{ base: 1, sm: 2 }} mt="xs">
            {portalTypes.map((type) => (
              <Radio.Card key={type} value={type} p="sm" withBorder>
                <Group wrap="nowrap" align="flex-start" gap="sm">
                  <Radio.Indicator mt={2} />
                  <div>
                    <Text fw={600} size="sm" c={type === 'calamity' ? 'red.7' : undefined}>
                      {t(`tickets.type.${type}`)}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {t(`portal.form.typeHint.${type}`)}
                    </Text>
                  </div>
                </Group>
              </Radio.Card>
            ))}
          </SimpleGrid>
        </Radio.Group>

        {values.type === 'calamity' && (
          <Alert color="red" icon={<IconAlertTriangle size={18} />} title={t('portal.form.calamityTitle')}>
            {t('portal.form.calamityText')}
          </Alert>
        )}

        {values.type === 'bug' && (
          <Radio.Group label={t('portal.form.severity')} value={values.severity} onChange={(v) => set({ severity: v })}>
            <Stack gap={6} mt={6}>
              {Severity.options.map((s) => (
                <Radio
                  key={s}
                  value={s}
                  label={t(`tickets.severity.${s}`)}
                  description={t(`tickets.severityHint.${s}`)}
                />
              ))}
            </Stack>
          </Radio.Group>
        )}

        {values.type !== null && values.type !== 'calamity' && values.type !== 'bug' && (
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {levels('impact')}
            {levels('urgency')}
          </SimpleGrid>
        )}

        <AssetPicker
          customerId={customerId}
          label={t('portal.form.system')}
          description={t('portal.form.systemHint')}
          value={values.systems}
          onChange={(systems) => set({ systems })}
          error={errorOf('assetIds') ?? errorOf('assetIds.0')}
        />
        <TextInput
          label={t('portal.form.title')}
          description={t('portal.form.titleHint')}
          required
          value={values.title}
          onChange={(e) => set({ title: e.currentTarget.value })}
          error={errorOf('title')}
        />
        <DocSuggestions title={values.title} />
        <Textarea
          label={t('portal.form.description')}
          description={t('portal.form.descriptionHint')}
          required
          autosize
          minRows={5}
          value={values.description}
          onChange={(e) => set({ description: e.currentTarget.value })}
          error={errorOf('description')}
        />
        <FileInput
          label={t('portal.form.files')}
          description={t('portal.form.filesHint')}
          placeholder={t('attachments.choose')}
          leftSection={<IconPaperclip size={16} />}
          multiple
          clearable
          value={values.files}
          onChange={(files) => set({ files })}
        />
        {uploading && (
          <Stack gap={4}>
            <Text size="sm">
              {t('attachments.uploadingOf', {
                name: uploading.name,
                index: uploading.index + 1,
                count: values.files.length,
              })}
            </Text>
            <Progress value={uploading.share * 100} animated aria-label={t('attachments.progress')} />
          </Stack>
        )}
        <ErrorAlert error={create.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel} disabled={busy}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={busy}>
            {t('portal.form.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  )
}
