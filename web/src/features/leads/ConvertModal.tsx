import { Alert, Button, Group, Modal, Select, Stack, Text } from '@mantine/core'
import { IconInfoCircle } from '@tabler/icons-react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { LeadDetail } from '../../../../src/modules/leads/schema.ts'
import { isoDay, parseDay } from '../audit/dayInput.ts'
import { DayField } from '../assets/DayField.tsx'
import { moduleFieldErrors } from '../assets/moduleProblems.ts'
import { ModuleErrorAlert } from '../assets/ModuleErrorAlert.tsx'
import { usePlans } from '../contracts/api.ts'
import { useConvertLead } from './api.ts'

interface ConvertModalProps {
  opened: boolean
  lead: LeadDetail
  onClose: () => void
  onConverted: (customerId: string) => void
}

/** "Klant maken": the company becomes a customer, its person the key contact, with a draft contract on the plan. */
export function ConvertModal({ opened, lead, onClose, onConverted }: ConvertModalProps) {
  const { t } = useTranslation()
  const plans = usePlans('active', opened)
  const convert = useConvertLead(lead.id)
  const [planId, setPlanId] = useState<string | null>(lead.quotes[0]?.planId ?? null)
  const [startDate, setStartDate] = useState('')
  const [errors, setErrors] = useState<Record<string, string>>({})
  const shown = { ...moduleFieldErrors(convert.error, t), ...errors }

  function submit() {
    const found: Record<string, string> = {}
    if (!planId) {
      found.planId = t('validation.required')
    }
    const day = startDate.trim() ? parseDay(startDate) : null
    if (startDate.trim() && !day) {
      found.startDate = t('assets.form.badDate')
    }
    setErrors(found)
    if (Object.keys(found).length > 0 || !planId) {
      return
    }
    convert.mutate(
      { planId, ...(day && { startDate: isoDay(day) }) },
      { onSuccess: (result) => onConverted(result.customerId) },
    )
  }

  return (
    <Modal opened={opened} onClose={onClose} title={t('leads.convertTitle', { company: lead.company })}>
      <Stack>
        <Alert color="blue" variant="light" icon={<IconInfoCircle size={18} />}>
          <Text size="sm">{t('leads.convertText', { name: lead.name, email: lead.email })}</Text>
        </Alert>
        <Select
          label={t('contracts.plan')}
          placeholder={t('contracts.form.choosePlan')}
          data={(plans.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
          value={planId}
          onChange={setPlanId}
          required
          error={shown.planId}
          nothingFoundMessage={plans.isPending ? t('common.loading') : t('contracts.form.noPlans')}
        />
        <DayField
          label={t('contracts.startDate')}
          description={t('leads.startDateHint')}
          value={startDate}
          onChange={setStartDate}
          error={shown.startDate}
          w={220}
        />
        <ModuleErrorAlert error={convert.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button loading={convert.isPending} onClick={submit}>
            {t('leads.convert')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}
