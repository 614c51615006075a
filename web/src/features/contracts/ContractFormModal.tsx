import { Accordion, Button, Group, Modal, NumberInput, Select, SimpleGrid, Stack, Text } from '@mantine/core'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { ASSET_CLASSES } from '../../../../src/modules/assets/classes.ts'
import type { Contract, ContractPatch } from '../../../../src/modules/contracts/schema.ts'
import type { FieldErrors } from '../../app/apiClient.ts'
import { useFormatters } from '../../app/useFormatters.ts'
import { DayField } from '../assets/DayField.tsx'
import { moduleFieldErrors } from '../assets/moduleProblems.ts'
import { ModuleErrorAlert } from '../assets/ModuleErrorAlert.tsx'
import { useCreateContract, usePlans, useUpdateContract } from './api.ts'
import { contractToForm, formToContract, newContractForm, type ContractFormValues } from './contractForm.ts'
import { MoneyInput, numberLocale, PercentInput } from './MoneyInput.tsx'

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
}

function ContractForm({ customerId, contract, onCancel, onSaved }: ContractFormProps) {
  const { t, i18n } = useTranslation()
  const format = useFormatters()
  const locale = numberLocale(i18n.language)
  const plans = usePlans('all')
  const create = useCreateContract(customerId)
  const update = useUpdateContract(customerId)
  const mutation = contract ? update : create
  const [v, setValues] = useState<ContractFormValues>(() =>
    contract ? contractToForm(contract, locale) : newContractForm(nextMonthStart(new Date())),
  )
  const [errors, setErrors] = useState<FieldErrors>({})
  const shown = { ...moduleFieldErrors(mutation.error, t), ...errors }
  const set = (patch: Partial<ContractFormValues>) => setValues((prev) => ({ ...prev, ...patch }))
  const plan = plans.data?.find((p) => p.id === v.planId)
  // Plans no longer offered cannot be chosen, except the one this contract is on already.
  const planOptions = (plans.data ?? [])
    .filter((p) => p.active || p.id === contract?.planId)
    .map((p) => ({ value: p.id, label: p.active ? p.name : `${p.name} (${t('plans.inactive')})` }))

  function submit(event: FormEvent) {
    event.preventDefault()
    const { body, errors: found } = formToContract(
      v,
      locale,
      (problem) => t(`contracts.errors.${problem}`),
      // What the form does not edit (the contract's own policy, other service switches) is kept as it is.
      { policy: contract?.overrides.policy, services: contract?.overrides.services },
    )
    setErrors(found)
    if (!body) {
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
        <Accordion variant="contained" defaultValue={hasOverrides(v) ? 'overrides' : null}>
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
              </Stack>
            </Accordion.Panel>
          </Accordion.Item>
        </Accordion>
        <ModuleErrorAlert error={mutation.error} />
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
  return (
    <Modal
      opened={editing !== null}
      onClose={onClose}
      title={editing?.contract ? t('contracts.editTitle') : t('contracts.newTitle')}
      size="xl"
    >
      {editing && (
        <ContractForm
          customerId={customerId}
          contract={editing.contract}
          onCancel={onClose}
          onSaved={(c) => onSaved(c, editing.contract === null)}
        />
      )}
    </Modal>
  )
}
