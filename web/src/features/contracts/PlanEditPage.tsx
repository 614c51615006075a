import {
  Alert,
  Anchor,
  Button,
  Card,
  Checkbox,
  Group,
  NumberInput,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core'
import { IconArrowLeft, IconDeviceFloppy, IconInfoCircle } from '@tabler/icons-react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate, useParams } from 'react-router'
import { ASSET_CLASSES } from '../../../../src/modules/assets/classes.ts'
import type { Plan, PlanPatch, PlanServices } from '../../../../src/modules/contracts/schema.ts'
import { ApiError } from '../../app/apiClient.ts'
import { PageLoader } from '../../components/PageLoader.tsx'
import { SuccessAlert } from '../../components/SuccessAlert.tsx'
import { moduleFieldErrors } from '../assets/moduleProblems.ts'
import { ModuleErrorAlert } from '../assets/ModuleErrorAlert.tsx'
import { useMe } from '../auth/api.ts'
import { useSlaConfig } from '../sla/api.ts'
import { PolicyEditor } from '../sla/PolicyEditor.tsx'
import { ReadOnlyFieldset } from '../sla/ReadOnlyFieldset.tsx'
import type { FormErrors } from '../sla/slaForm.ts'
import { calendarName } from '../tickets/calendarName.ts'
import { useCreatePlan, usePlan, useUpdatePlan } from './api.ts'
import { MoneyInput, numberLocale, PercentInput } from './MoneyInput.tsx'
import { canManagePlans } from './PlansPage.tsx'
import { formToPlan, newPlanForm, planToForm, type PlanFormValues } from './planForm.ts'

/** `/settings/plans/new` and `/settings/plans/:id`: one SLA plan, its services, prices and response times. */
export function PlanEditPage() {
  const { id = '' } = useParams()
  const isNew = id === 'new'
  const me = useMe()
  const plan = usePlan(isNew ? '' : id)
  const config = useSlaConfig()
  if (!me.data || config.isPending || (!isNew && plan.isPending)) {
    return <PageLoader />
  }
  const error = config.error ?? (isNew ? null : plan.error)
  if (error || !config.data) {
    return (
      <Stack maw={1100}>
        <BackLink />
        <ModuleErrorAlert error={error} />
      </Stack>
    )
  }
  return (
    <PlanEditor
      key={plan.data?.id ?? 'new'}
      plan={isNew ? null : (plan.data ?? null)}
      defaultPolicy={config.data.policy}
      calendars={Object.keys(config.data.calendars)}
      readOnly={!canManagePlans(me.data.role)}
    />
  )
}

function BackLink() {
  const { t } = useTranslation()
  return (
    <Anchor component={Link} to="/settings/plans" size="sm">
      <Group gap={4}>
        <IconArrowLeft size={14} />
        {t('plans.backToList')}
      </Group>
    </Anchor>
  )
}

const serviceFlags = ['remoteHelp', 'patchManagement', 'backupChecks', 'upsChecks', 'documentation'] as const

interface PlanEditorProps {
  plan: Plan | null
  defaultPolicy: Parameters<typeof newPlanForm>[0]
  calendars: string[]
  readOnly: boolean
}

function PlanEditor({ plan, defaultPolicy, calendars, readOnly }: PlanEditorProps) {
  const { t, i18n } = useTranslation()
  const navigate = useNavigate()
  const locale = numberLocale(i18n.language)
  const create = useCreatePlan()
  const update = useUpdatePlan(plan?.id ?? '')
  const mutation = plan ? update : create
  const [v, setValues] = useState<PlanFormValues>(() => (plan ? planToForm(plan, locale) : newPlanForm(defaultPolicy)))
  const [errors, setErrors] = useState<FormErrors>({})
  const [notice, setNotice] = useState<string | null>(null)
  const shown = { ...moduleFieldErrors(mutation.error, t), ...errors }
  const set = (patch: Partial<PlanFormValues>) => setValues((prev) => ({ ...prev, ...patch }))
  const setService = <K extends keyof PlanServices>(key: K, value: PlanServices[K]) =>
    set({ services: { ...v.services, [key]: value } })
  const calendarOptions = calendars.map((key) => ({ value: key, label: calendarName(key, t) }))

  function submit() {
    setNotice(null)
    const built = formToPlan(v, calendars, locale, (problem) =>
      problem === 'money'
        ? t('plans.errors.money')
        : problem === 'percent'
          ? t('plans.errors.percent')
          : t(`slaSettings.errors.${problem}`),
    )
    const nameOk = v.name.trim().length >= 2
    const found = { ...built.errors, ...(nameOk ? {} : { name: t('validation.tooShort', { min: 2 }) }) }
    setErrors(found)
    if (!built.plan || !nameOk) {
      return
    }
    const next = { ...built.plan, name: v.name.trim(), description: v.description.trim() }
    if (!plan) {
      create.mutate(next, { onSuccess: (saved) => void navigate(`/settings/plans/${saved.id}`, { replace: true }) })
      return
    }
    // Only what changed, so that the audit log shows the real change.
    const patch: PlanPatch = {}
    const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)
    if (next.name !== plan.name) {
      patch.name = next.name
    }
    if (next.description !== plan.description) {
      patch.description = next.description
    }
    if (next.active !== plan.active) {
      patch.active = next.active
    }
    if (!same(next.services, plan.services)) {
      patch.services = next.services
    }
    if (!same(next.price, plan.price)) {
      patch.price = next.price
    }
    if (!same(next.policy, plan.policy)) {
      patch.policy = next.policy
    }
    if (Object.keys(patch).length === 0) {
      setNotice(t('plans.nothingChanged'))
      return
    }
    update.mutate(patch, {
      onSuccess: (saved) => {
        setValues(planToForm(saved, locale))
        setNotice(t('common.saved'))
      },
    })
  }

  const otherServerErrors =
    mutation.error instanceof ApiError
      ? Object.entries(mutation.error.fieldErrors).filter(([k]) => shown[k] === undefined)
      : []

  return (
    <Stack maw={1100}>
      <BackLink />
      <Group justify="space-between">
        <Title order={2}>{plan ? plan.name : t('plans.new')}</Title>
        {!readOnly && (
          <Button leftSection={<IconDeviceFloppy size={16} />} onClick={submit} loading={mutation.isPending}>
            {plan ? t('common.save') : t('plans.create')}
          </Button>
        )}
      </Group>
      {readOnly && (
        <Alert color="blue" icon={<IconInfoCircle size={18} />}>
          {t('plans.readOnly')}
        </Alert>
      )}
      {plan && !readOnly && (
        <Text size="sm" c="dimmed">
          {t('plans.changeHint')}
        </Text>
      )}
      <SuccessAlert message={notice} onClose={() => setNotice(null)} />
      <ModuleErrorAlert error={mutation.error} />
      {Object.keys(errors).length > 0 && (
        <Text size="sm" c="red" role="alert">
          {t('assets.form.fixErrors')}
        </Text>
      )}
      {otherServerErrors.length > 0 && (
        <Alert color="red" variant="light">
          {otherServerErrors.map(([path, message]) => (
            <Text key={path} size="sm">
              <Text span ff="monospace" size="xs">
                {path}
              </Text>
              : {message}
            </Text>
          ))}
        </Alert>
      )}
      <ReadOnlyFieldset readOnly={readOnly}>
        <Stack>
          <Card withBorder>
            <Stack>
              <Title order={4}>{t('plans.general')}</Title>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <TextInput
                  label={t('plans.name')}
                  required
                  value={v.name}
                  onChange={(e) => set({ name: e.currentTarget.value })}
                  error={shown.name}
                />
                <Switch
                  mt={30}
                  label={t('plans.activeLabel')}
                  description={t('plans.activeHint')}
                  checked={v.active}
                  onChange={(e) => set({ active: e.currentTarget.checked })}
                />
              </SimpleGrid>
              <Textarea
                label={t('plans.description')}
                description={t('plans.descriptionHint')}
                autosize
                minRows={2}
                value={v.description}
                onChange={(e) => set({ description: e.currentTarget.value })}
                error={shown.description}
              />
            </Stack>
          </Card>

          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <Card withBorder>
              <Stack gap="sm">
                <Title order={4}>{t('plans.services')}</Title>
                <Text size="sm" c="dimmed">
                  {t('plans.servicesHint')}
                </Text>
                {serviceFlags.map((key) => (
                  <Checkbox
                    key={key}
                    label={t(`plans.service.${key}`)}
                    checked={v.services[key]}
                    onChange={(e) => setService(key, e.currentTarget.checked)}
                  />
                ))}
                <SimpleGrid cols={2}>
                  <NumberInput
                    label={t('plans.service.preventiveMaintenancePerYear')}
                    description={t('plans.perYear')}
                    value={v.services.preventiveMaintenancePerYear}
                    onChange={(n) => setService('preventiveMaintenancePerYear', typeof n === 'number' ? n : 0)}
                    min={0}
                    max={52}
                    allowDecimal={false}
                    allowNegative={false}
                    error={shown['services.preventiveMaintenancePerYear']}
                  />
                  <NumberInput
                    label={t('plans.service.onsiteVisitsPerYear')}
                    description={t('plans.perYear')}
                    value={v.services.onsiteVisitsPerYear}
                    onChange={(n) => setService('onsiteVisitsPerYear', typeof n === 'number' ? n : 0)}
                    min={0}
                    max={365}
                    allowDecimal={false}
                    allowNegative={false}
                    error={shown['services.onsiteVisitsPerYear']}
                  />
                </SimpleGrid>
              </Stack>
            </Card>

            <Card withBorder>
              <Stack gap="sm">
                <Title order={4}>{t('plans.prices')}</Title>
                <Text size="sm" c="dimmed">
                  {t('plans.pricesHint')}
                </Text>
                <SimpleGrid cols={2}>
                  <MoneyInput
                    label={t('plans.baseFee')}
                    description={t('plans.perMonth')}
                    value={v.baseFee}
                    onChange={(baseFee) => set({ baseFee })}
                    error={shown['price.baseFeeCents']}
                  />
                  <PercentInput
                    label={t('plans.serviceDiscount')}
                    description={t('plans.serviceDiscountHint')}
                    value={v.serviceDiscount}
                    onChange={(serviceDiscount) => set({ serviceDiscount })}
                    error={shown['price.serviceDiscountPercent']}
                  />
                </SimpleGrid>
                <Text size="sm" fw={500}>
                  {t('plans.unitPrices')}
                </Text>
                <SimpleGrid cols={2} spacing="xs" verticalSpacing="xs">
                  {ASSET_CLASSES.map((c) => (
                    <MoneyInput
                      key={c}
                      label={t(`assets.classes.${c}`)}
                      size="xs"
                      value={v.unitPrices[c]}
                      placeholder="0,00"
                      onChange={(price) => set({ unitPrices: { ...v.unitPrices, [c]: price } })}
                      error={shown[`price.unitPricesCents.${c}`]}
                    />
                  ))}
                </SimpleGrid>
              </Stack>
            </Card>
          </SimpleGrid>

          <PolicyEditor
            form={v.policy}
            onFormChange={(policy) => set({ policy })}
            pauseStatuses={v.pauseStatuses}
            onPauseStatusesChange={(pauseStatuses) => set({ pauseStatuses })}
            warnPercent={v.warnPercent}
            onWarnPercentChange={(warnPercent) => set({ warnPercent })}
            calendarOptions={calendarOptions}
            errors={shown}
            readOnly={readOnly}
            hint={t('plans.policyHint')}
          />
        </Stack>
      </ReadOnlyFieldset>
    </Stack>
  )
}
