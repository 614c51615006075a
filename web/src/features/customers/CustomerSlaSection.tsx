import { Anchor, Badge, Button, Group, Stack, Text, Title } from '@mantine/core'
import { IconArrowBackUp, IconDeviceFloppy, IconPencil } from '@tabler/icons-react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import type { SlaPolicy } from '../../../../src/modules/sla/clock.ts'
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { PageLoader } from '../../components/PageLoader.tsx'
import { SuccessAlert } from '../../components/SuccessAlert.tsx'
import { useSetCustomerSlaPolicy, useSlaConfig } from '../sla/api.ts'
import { PolicyEditor } from '../sla/PolicyEditor.tsx'
import { ReadOnlyFieldset } from '../sla/ReadOnlyFieldset.tsx'
import { policyFromForm, policyToForm, type FormErrors, type PolicyForm } from '../sla/slaForm.ts'
import { calendarName } from '../tickets/calendarName.ts'
import { useCustomerSlaPolicy } from '../tickets/api.ts'

interface Draft {
  form: PolicyForm
  pauseStatuses: SlaPolicy['pauseStatuses']
  warnPercent: number | string
}

const draftOf = (policy: SlaPolicy): Draft => ({
  form: policyToForm(policy, 'business'),
  pauseStatuses: policy.pauseStatuses,
  warnPercent: Math.round(policy.warnShare * 100),
})

/**
 * "SLA-afspraken" on the customer page (staff): the targets that hold for this customer, its own or the desk's
 * default. An admin gives the customer its own, changes them, or puts it back on the default.
 */
export function CustomerSlaSection({ customerId, isAdmin }: { customerId: string; isAdmin: boolean }) {
  const { t } = useTranslation()
  const current = useCustomerSlaPolicy(customerId)
  const config = useSlaConfig()
  const save = useSetCustomerSlaPolicy(customerId)
  const [draft, setDraft] = useState<Draft | null>(null)
  const [errors, setErrors] = useState<FormErrors>({})
  const [confirmReset, setConfirmReset] = useState(false)
  const [notice, setNotice] = useState<string | null>(null)

  const heading = (
    <Group gap="sm">
      <Title order={3}>{t('customerSla.title')}</Title>
      {current.data && (
        <Badge color={current.data.custom ? 'blue' : 'gray'} variant="light">
          {current.data.custom ? t('customerSla.custom') : t('customerSla.default')}
        </Badge>
      )}
    </Group>
  )
  if (current.isPending || config.isPending) {
    return (
      <Stack mt="md">
        {heading}
        <PageLoader />
      </Stack>
    )
  }
  if (current.isError || config.isError) {
    return (
      <Stack mt="md">
        {heading}
        <ErrorAlert error={current.error ?? config.error} />
      </Stack>
    )
  }
  const { custom, policy } = current.data
  const calendarKeys = Object.keys(config.data.calendars)
  const calendarOptions = calendarKeys.map((key) => ({ value: key, label: calendarName(key, t) }))
  const shown = draft ?? draftOf(policy)
  const editing = draft !== null

  function startEditing() {
    setNotice(null)
    setErrors({})
    save.reset()
    setDraft(draftOf(policy))
  }

  function submit() {
    if (!draft) {
      return
    }
    const built = policyFromForm(draft.form, draft.pauseStatuses, draft.warnPercent, calendarKeys, (problem) =>
      t(`slaSettings.errors.${problem}`),
    )
    setErrors(built.errors)
    if (!built.policy) {
      return
    }
    save.mutate(built.policy, {
      onSuccess: () => {
        setDraft(null)
        setNotice(t('customerSla.saved'))
      },
    })
  }

  return (
    <Stack mt="md">
      <Group justify="space-between" align="flex-start">
        {heading}
        {isAdmin && !editing && (
          <Group gap="xs">
            <Button variant="default" leftSection={<IconPencil size={16} />} onClick={startEditing}>
              {custom ? t('customerSla.edit') : t('customerSla.makeCustom')}
            </Button>
            {custom && (
              <Button
                variant="default"
                leftSection={<IconArrowBackUp size={16} />}
                onClick={() => {
                  setNotice(null)
                  setConfirmReset(true)
                }}
              >
                {t('customerSla.reset')}
              </Button>
            )}
          </Group>
        )}
        {editing && (
          <Group gap="xs">
            <Button variant="default" onClick={() => setDraft(null)}>
              {t('common.cancel')}
            </Button>
            <Button leftSection={<IconDeviceFloppy size={16} />} loading={save.isPending} onClick={submit}>
              {t('common.save')}
            </Button>
          </Group>
        )}
      </Group>
      <Text size="sm" c="dimmed">
        {custom ? t('customerSla.customText') : t('customerSla.defaultText')}{' '}
        <Anchor component={Link} to="/settings/sla" size="sm">
          {t('customerSla.settingsLink')}
        </Anchor>
      </Text>
      <SuccessAlert message={notice} onClose={() => setNotice(null)} />
      <ErrorAlert error={save.error} />
      <ReadOnlyFieldset readOnly={!editing}>
        <PolicyEditor
          form={shown.form}
          onFormChange={(form) => setDraft({ ...shown, form })}
          pauseStatuses={shown.pauseStatuses}
          onPauseStatusesChange={(pauseStatuses) => setDraft({ ...shown, pauseStatuses })}
          warnPercent={shown.warnPercent}
          onWarnPercentChange={(warnPercent) => setDraft({ ...shown, warnPercent })}
          calendarOptions={calendarOptions}
          errors={errors}
          readOnly={!editing}
          hint={editing ? t('customerSla.editHint') : undefined}
        />
      </ReadOnlyFieldset>
      <ConfirmDialog
        opened={confirmReset}
        title={t('customerSla.resetTitle')}
        message={t('customerSla.resetConfirm')}
        confirmLabel={t('customerSla.reset')}
        loading={save.isPending}
        error={<ErrorAlert error={save.error} />}
        onCancel={() => setConfirmReset(false)}
        onConfirm={() =>
          save.mutate(null, {
            onSuccess: () => {
              setConfirmReset(false)
              setNotice(t('customerSla.resetDone'))
            },
          })
        }
      />
    </Stack>
  )
}
