import {
  Accordion,
  Button,
  Divider,
  Group,
  Modal,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
} from '@mantine/core'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { ASSET_CLASSES } from '../../../../src/modules/assets/classes.ts'
import type { Contract, ContractPatch } from '../../../../src/modules/contracts/schema.ts'
import type { FieldErrors } from '../../app/apiClient.ts'
import { useFormatters } from '../../app/useFormatters.ts'
import { DayField } from '../assets/DayField.tsx'
import { moduleFieldErrors } from '../assets/moduleProblems.ts'
import { ModuleErrorAlert } from '../assets/ModuleErrorAlert.tsx'
import { useSlaConfig } from '../sla/api.ts'
import { PolicyEditor } from '../sla/PolicyEditor.tsx'
import { calendarName } from '../tickets/calendarName.ts'
import { useCreateContract, usePlans, useUpdateContract } from './api.ts'
import {
  contractToForm,
  formToContract,
  isPolicyProblem,
  newContractForm,
  policyEditorErrors,
  type ContractFormValues,
} from './contractForm.ts'
import { MoneyInput, numberLocale, PercentInput } from './MoneyInput.tsx'
import { policyToFields } from './planForm.ts'

/** The first day of next month, `YYYY-MM-DD`: when a new contract usually starts. */
function nextMonthStart(now: Date): string {
  const d = new Date(now.getFullYear(), now.getMonth() + 1, 1)
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-01`
}

interface ContractFormProps {
  customerId: string
  contract: Contract | null
  onCancel: () => void
  onSaved: (contract: Contract) => void
  /** Whether the policy editor shows: it needs a wider modal. */
  onPolicyEditor: (shown: boolean) => void
}

function ContractForm({ customerId, contract, onCancel, onSaved, onPolicyEditor }: ContractFormProps) {
  const { t, i18n } = useTranslation()
  const format = useFormatters()
  const locale = numberLocale(i18n.language)
  const plans = usePlans('all')
  const config = useSlaConfig()
  const create = useCreateContract(customerId)
  const update = useUpdateContract(customerId)
  const mutation = contract ? update : create
  const [v, setValues] = useState<ContractFormValues>(() =>
    contract ? contractToForm(contract, locale) : newContractForm(nextMonthStart(new Date())),
  )
  const [errors, setErrors] = useState<FieldErrors>({})
  // Controlled, so that it opens when a deviation it holds is wrong.
  const [section, setSection] = useState<string | null>(hasOverrides(v) ? 'overrides' : null)
  const shown = { ...moduleFieldErrors(mutation.error, t), ...errors }
  const set = (patch: Partial<ContractFormValues>) => setValues((prev) => ({ ...prev, ...patch }))
  const plan = plans.data?.find((p) => p.id === v.planId)
  const calendars = config.data ? Object.keys(config.data.calendars) : []
  const calendarOptions = calendars.map((key) => ({ value: key, label: calendarName(key, t) }))
  // Own service levels start from the ones the contract had, else from the chosen plan's.
  const policySource = contract?.overrides.policy ?? plan?.policy
  // Plans no longer offered cannot be chosen, except the one this contract is on already.
  const planOptions = (plans.data ?? [])
    .filter((p) => p.active || p.id === contract?.planId)
    .map((p) => ({ value: p.id, label: p.active ? p.name : `${p.name} (${t('plans.inactive')})` }))

  function submit(event: FormEvent) {
    event.preventDefault()
    const { body, errors: found } = formToContract(
      v,
      locale,
      (problem) => (isPolicyProblem(problem) ? t(`slaSettings.errors.${problem}`) : t(`contracts.errors.${problem}`)),
      // The service switches the form does not edit (backup checks and the like) are kept as they are.
      { services: contract?.overrides.services },
      calendars,
    )
    setErrors(found)
    if (!body) {
      if (Object.keys(found).some((key) => key.startsWith('overrides.'))) {
        setSection('overrides')
      }
      return
    }
    if (contract) {
      const patch: ContractPatch = {}
      const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)
      for (const key of [
        'planId',
        'startDate',
        'termMonths',
        'noticeMonths',
        'indexationPercent',
        'monthlyDiscountPercent',
        'overrides',
      ] as const) {
        if (!same(body[key], contract[key])) {
          Object.assign(patch, { [key]: body[key] })
        }
      }
      if (Object.keys(patch).length === 0) {
        onCancel()
        return
      }
      update.mutate({ id: contract.id, patch }, { onSuccess: onSaved })
    } else {
      create.mutate(body, { onSuccess: onSaved })
    }
  }

  const planPrice = (cents: number | undefined) =>
    cents === undefined ? undefined : t('contracts.form.planValue', { value: format.money(cents) })

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Select
          label={t('contracts.plan')}
          placeholder={t('contracts.form.choosePlan')}
          data={planOptions}
          value={v.planId}
          onChange={(planId) => set({ planId })}
          required
          searchable
          nothingFoundMessage={plans.isPending ? t('common.loading') : t('contracts.form.noPlans')}
          error={shown.planId}
          // Opened on arrival, the list would cover the rest of the form before anyone chose.
          openOnFocus={false}
          data-autofocus
        />
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <DayField
            label={t('contracts.startDate')}
            required
            value={v.startDate}
            onChange={(startDate) => set({ startDate })}
            error={shown.startDate}
          />
          <NumberInput
            label={t('contracts.termMonths')}
            suffix={` ${t('contracts.months')}`}
            value={v.termMonths}
            onChange={(termMonths) => set({ termMonths })}
            min={1}
            max={120}
            allowDecimal={false}
            allowNegative={false}
            required
            error={shown.termMonths}
          />
          <NumberInput
            label={t('contracts.noticeMonths')}
            suffix={` ${t('contracts.months')}`}
            value={v.noticeMonths}
            onChange={(noticeMonths) => set({ noticeMonths })}
            min={0}
            max={24}
            allowDecimal={false}
            allowNegative={false}
            required
            error={shown.noticeMonths}
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <PercentInput
            label={t('contracts.indexation')}
            description={t('contracts.form.indexationHint')}
            allowNegative
            value={v.indexation}
            onChange={(indexation) => set({ indexation })}
            error={shown.indexationPercent}
          />
          <PercentInput
            label={t('contracts.monthlyDiscount')}
            description={t('contracts.form.monthlyDiscountHint')}
            value={v.monthlyDiscount}
            onChange={(monthlyDiscount) => set({ monthlyDiscount })}
            error={shown.monthlyDiscountPercent}
          />
        </SimpleGrid>
        <Accordion variant="contained" value={section} onChange={setSection}>
          <Accordion.Item value="overrides">
            <Accordion.Control>{t('contracts.form.overrides')}</Accordion.Control>
            <Accordion.Panel>
              <Stack gap="sm">
                <Text size="sm" c="dimmed">
                  {t('contracts.form.overridesHint')}
                </Text>
                <SimpleGrid cols={{ base: 1, sm: 3 }}>
                  <MoneyInput
                    label={t('plans.baseFee')}
                    placeholder={plan ? centsPlaceholder(plan.price.baseFeeCents, format.money) : undefined}
                    description={planPrice(plan?.price.baseFeeCents)}
                    value={v.baseFee}
                    onChange={(baseFee) => set({ baseFee })}
                    error={shown['overrides.baseFeeCents']}
                  />
                  <PercentInput
                    label={t('plans.serviceDiscount')}
                    description={
                      plan
                        ? t('contracts.form.planValue', {
                            value: `${format.number(plan.price.serviceDiscountPercent)}%`,
                          })
                        : undefined
                    }
                    value={v.serviceDiscount}
                    onChange={(serviceDiscount) => set({ serviceDiscount })}
                    error={shown['overrides.serviceDiscountPercent']}
                  />
                </SimpleGrid>
                <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs" verticalSpacing="xs">
                  {ASSET_CLASSES.map((c) => (
                    <MoneyInput
                      key={c}
                      size="xs"
                      label={t(`assets.classes.${c}`)}
                      placeholder={plan ? centsPlaceholder(plan.price.unitPricesCents[c], format.money) : undefined}
                      value={v.unitPrices[c]}
                      onChange={(price) => set({ unitPrices: { ...v.unitPrices, [c]: price } })}
                      error={shown[`overrides.unitPricesCents.${c}`]}
                    />
                  ))}
                </SimpleGrid>
                <SimpleGrid cols={{ base: 1, sm: 3 }}>
                  <NumberInput
                    label={t('plans.service.preventiveMaintenancePerYear')}
                    placeholder={plan ? String(plan.services.preventiveMaintenancePerYear) : undefined}
                    value={v.maintenancePerYear}
                    onChange={(maintenancePerYear) => set({ maintenancePerYear })}
                    min={0}
                    max={52}
                    allowDecimal={false}
                    allowNegative={false}
                    error={shown['overrides.services.preventiveMaintenancePerYear']}
                  />
                  <NumberInput
                    label={t('plans.service.onsiteVisitsPerYear')}
                    placeholder={plan ? String(plan.services.onsiteVisitsPerYear) : undefined}
                    value={v.visitsPerYear}
                    onChange={(visitsPerYear) => set({ visitsPerYear })}
                    min={0}
                    max={365}
                    allowDecimal={false}
                    allowNegative={false}
                    error={shown['overrides.services.onsiteVisitsPerYear']}
                  />
                </SimpleGrid>
                <Divider my="xs" />
                <Switch
                  label={t('contracts.form.ownPolicy')}
                  description={
                    v.ownPolicy
                      ? t('contracts.form.ownPolicyOn')
                      : plan
                        ? t('contracts.form.ownPolicyOff', { plan: plan.name })
                        : t('contracts.form.ownPolicyNoPlan')
                  }
                  checked={v.ownPolicy !== null}
                  // Without a plan there is nothing to start from, without the calendars nothing to count in.
                  disabled={v.ownPolicy === null && (!policySource || !config.data)}
                  onChange={(e) => {
                    const on = e.currentTarget.checked && policySource !== undefined
                    set({ ownPolicy: on ? policyToFields(policySource) : null })
                    onPolicyEditor(on)
                  }}
                />
                {v.ownPolicy && (
                  <PolicyEditor
                    form={v.ownPolicy.policy}
                    onFormChange={(policy) => v.ownPolicy && set({ ownPolicy: { ...v.ownPolicy, policy } })}
                    pauseStatuses={v.ownPolicy.pauseStatuses}
                    onPauseStatusesChange={(pauseStatuses) =>
                      v.ownPolicy && set({ ownPolicy: { ...v.ownPolicy, pauseStatuses } })
                    }
                    warnPercent={v.ownPolicy.warnPercent}
                    onWarnPercentChange={(warnPercent) =>
                      v.ownPolicy && set({ ownPolicy: { ...v.ownPolicy, warnPercent } })
                    }
                    calendarOptions={calendarOptions}
                    errors={policyEditorErrors(shown)}
                    readOnly={false}
                    hint={t('contracts.form.policyHint')}
                  />
                )}
                <ModuleErrorAlert error={config.error} />
              </Stack>
            </Accordion.Panel>
          </Accordion.Item>
        </Accordion>
        <ModuleErrorAlert error={mutation.error} />
        {Object.keys(errors).length > 0 && (
          <Text size="sm" c="red" role="alert">
            {t('assets.form.fixErrors')}
          </Text>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {contract ? t('common.save') : t('contracts.createDraft')}
          </Button>
        </Group>
      </Stack>
    </form>
  )
}

/** The plan's amount as a grey hint inside an empty override field, without the currency sign the field shows. */
const centsPlaceholder = (cents: number, money: (c: number) => string) => money(cents).replace(/^[^\d-]+/, '')

const hasOverrides = (v: ContractFormValues) =>
  v.baseFee !== '' ||
  v.serviceDiscount !== '' ||
  v.maintenancePerYear !== '' ||
  v.visitsPerYear !== '' ||
  v.ownPolicy !== null ||
  Object.values(v.unitPrices).some((p) => p !== '')

interface ContractFormModalProps {
  /** `null`: closed; `{ contract: null }`: a new draft. */
  editing: { contract: Contract | null } | null
  customerId: string
  onClose: () => void
  onSaved: (contract: Contract, created: boolean) => void
}

export function ContractFormModal({ editing, customerId, onClose, onSaved }: ContractFormModalProps) {
  const { t } = useTranslation()
  // null until the switch is used: then the contract's own policy decides.
  const [policyShown, setPolicyShown] = useState<boolean | null>(null)
  const wide = policyShown ?? editing?.contract?.overrides.policy !== undefined
  const close = () => {
    setPolicyShown(null)
    onClose()
  }
  return (
    <Modal
      opened={editing !== null}
      onClose={close}
      title={editing?.contract ? t('contracts.editTitle') : t('contracts.newTitle')}
      // The policy table needs about 950 px without scrolling sideways; the terms alone read better narrower.
      size={wide ? 1080 : 'xl'}
    >
      {editing && (
        <ContractForm
          customerId={customerId}
          contract={editing.contract}
          onCancel={close}
          onSaved={(c) => {
            setPolicyShown(null)
            onSaved(c, editing.contract === null)
          }}
          onPolicyEditor={setPolicyShown}
        />
      )}
    </Modal>
  )
}
