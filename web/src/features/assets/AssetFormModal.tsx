import {
  ActionIcon,
  Button,
  Divider,
  Group,
  Modal,
  MultiSelect,
  PasswordInput,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core'
import { IconPlus, IconTrash } from '@tabler/icons-react'
import { useState, type ChangeEvent, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import {
  ASSET_CLASSES,
  ASSET_STATUSES,
  BACKUP_KINDS,
  BACKUP_SOFTWARE,
  NETWORK_KINDS,
  REMOTE_ACCESS_KINDS,
  SERVER_KINDS,
} from '../../../../src/modules/assets/classes.ts'
import { AssetInput, type Asset, type Site } from '../../../../src/modules/assets/schema.ts'
import type { FieldErrors } from '../../app/apiClient.ts'
import { validate } from '../../app/validate.ts'
import { LabeledSegmentedControl } from '../../components/LabeledSegmentedControl.tsx'
import { useCreateAsset, useUpdateAsset } from './api.ts'
import { assetToForm, emptyAssetForm, formToAssetBody, type AssetFormValues } from './assetForm.ts'
import { DayField } from './DayField.tsx'
import { moduleFieldErrors } from './moduleProblems.ts'
import { ModuleErrorAlert } from './ModuleErrorAlert.tsx'

type TextKey = {
  [K in keyof AssetFormValues]: AssetFormValues[K] extends string ? K : never
}[keyof AssetFormValues]

interface AssetFormProps {
  asset: Asset | null
  customerId: string
  all: Asset[]
  sites: Site[]
  onCancel: () => void
  onSaved: (asset: Asset, created: boolean) => void
}

/** The fields shown follow the class: a server's OS and role, a UPS's battery and monitoring, a NAS's jobs… */
function AssetForm({ asset, customerId, all, sites, onCancel, onSaved }: AssetFormProps) {
  const { t } = useTranslation()
  const create = useCreateAsset(customerId)
  const update = useUpdateAsset(customerId)
  const mutation = asset ? update : create
  const [v, setValues] = useState<AssetFormValues>(() => (asset ? assetToForm(asset) : emptyAssetForm('server')))
  const [errors, setErrors] = useState<FieldErrors>({})
  const shown = { ...moduleFieldErrors(mutation.error, t), ...errors }
  const set = (patch: Partial<AssetFormValues>) => setValues((prev) => ({ ...prev, ...patch }))
  const text = (key: TextKey, errorKey: string = key) => ({
    value: v[key],
    onChange: (e: ChangeEvent<HTMLInputElement>) => set({ [key]: e.currentTarget.value }),
    error: shown[errorKey],
  })
  const day = (key: 'purchaseDate' | 'warrantyEnd' | 'batteryInstalledOn') => ({
    value: v[key],
    onChange: (value: string) => set({ [key]: value }),
    error: shown[key],
  })
  const options = <T extends string>(values: readonly T[], prefix: string) =>
    values.map((value) => ({ value, label: t(`${prefix}.${value}` as 'assets.classes.server') }))
  const protectable = all
    .filter((a) => a.id !== asset?.id && a.status !== 'retired' && a.class !== v.class)
    .map((a) => ({ value: a.id, label: `${a.name} (${t(`assets.classes.${a.class}`)})` }))

  function submit(event: FormEvent) {
    event.preventDefault()
    const { body, errors: formErrors } = formToAssetBody(v, (problem) =>
      problem === 'date' ? t('assets.form.badDate') : t('assets.form.badNumber'),
    )
    const checked = validate(AssetInput, body)
    if (!checked.ok || Object.keys(formErrors).length > 0) {
      setErrors({ ...(checked.ok ? {} : checked.errors), ...formErrors })
      return
    }
    setErrors({})
    if (asset) {
      // The whole asset again: the server validates a change as a whole, and an omitted NUT password is kept.
      update.mutate({ id: asset.id, patch: body }, { onSuccess: (saved) => onSaved(saved, false) })
    } else {
      create.mutate(checked.data, { onSuccess: (saved) => onSaved(saved, true) })
    }
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={t('assets.fields.class')}
            data={options(ASSET_CLASSES, 'assets.classes')}
            value={v.class}
            onChange={(cls) => cls && set({ class: cls })}
            allowDeselect={false}
            required
          />
          <TextInput label={t('assets.fields.name')} required data-autofocus {...text('name')} />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput label={t('assets.fields.make')} {...text('make')} />
          <TextInput label={t('assets.fields.model')} {...text('model')} />
          <TextInput label={t('assets.fields.serial')} {...text('serial')} />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Select
            label={t('assets.fields.site')}
            placeholder={sites.length === 0 ? t('assets.sites.none') : t('assets.noSite')}
            data={sites.map((s) => ({ value: s.id, label: s.name }))}
            value={v.siteId}
            onChange={(siteId) => set({ siteId })}
            clearable
            disabled={sites.length === 0}
            error={shown.siteId}
          />
          <Select
            label={t('assets.fields.status')}
            data={options(ASSET_STATUSES, 'assets.status')}
            value={v.status}
            onChange={(status) => status && set({ status: status })}
            allowDeselect={false}
            description={v.status === 'spare' ? t('assets.form.spareHint') : undefined}
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <DayField label={t('assets.fields.purchaseDate')} {...day('purchaseDate')} />
          <DayField label={t('assets.fields.warrantyEnd')} {...day('warrantyEnd')} />
        </SimpleGrid>

        <Divider label={t(`assets.classes.${v.class}`)} labelPosition="left" />
        <ClassFields v={v} set={set} text={text} day={day} shown={shown} protectable={protectable} />

        <Divider label={t('assets.fields.remoteAccess')} labelPosition="left" />
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Select
            label={t('assets.form.remoteKind')}
            placeholder={t('assets.form.noRemote')}
            data={options(REMOTE_ACCESS_KINDS, 'assets.remoteKinds')}
            value={v.remoteKind}
            onChange={(k) => set({ remoteKind: k })}
            clearable
          />
          {v.remoteKind && (
            <>
              <TextInput
                label={t('assets.form.remoteAddress')}
                required
                {...text('remoteAddress', 'remoteAccess.address')}
              />
              <TextInput label={t('assets.form.remoteUsername')} {...text('remoteUsername', 'remoteAccess.username')} />
            </>
          )}
        </SimpleGrid>
        <Textarea
          label={t('assets.fields.notes')}
          autosize
          minRows={2}
          value={v.notes}
          onChange={(e) => set({ notes: e.currentTarget.value })}
          error={shown.notes}
        />
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
            {asset ? t('common.save') : t('assets.add')}
          </Button>
        </Group>
      </Stack>
    </form>
  )
}

interface ClassFieldsProps {
  v: AssetFormValues
  set: (patch: Partial<AssetFormValues>) => void
  text: (
    key: TextKey,
    errorKey?: string,
  ) => {
    value: string
    onChange: (e: ChangeEvent<HTMLInputElement>) => void
    error: string | undefined
  }
  day: (key: 'batteryInstalledOn') => { value: string; onChange: (value: string) => void; error: string | undefined }
  shown: FieldErrors
  protectable: { value: string; label: string }[]
}

function ClassFields({ v, set, text, day, shown, protectable }: ClassFieldsProps) {
  const { t } = useTranslation()
  const options = <T extends string>(values: readonly T[], prefix: string) =>
    values.map((value) => ({ value, label: t(`${prefix}.${value}` as 'assets.classes.server') }))
  switch (v.class) {
    case 'server':
      return (
        <Stack>
          <LabeledSegmentedControl
            label={t('assets.fields.serverKind')}
            value={v.serverKind}
            data={options(SERVER_KINDS, 'assets.serverKinds')}
            onChange={(serverKind) => set({ serverKind })}
          />
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput label={t('assets.fields.os')} placeholder="Windows Server" {...text('os')} />
            <TextInput label={t('assets.fields.osVersion')} placeholder="2022" {...text('osVersion')} />
            <TextInput
              label={t('assets.fields.role')}
              placeholder={t('assets.form.rolePlaceholder')}
              {...text('role')}
            />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput label={t('assets.fields.cpu')} {...text('cpu')} />
            <TextInput
              label={t('assets.fields.memoryGb')}
              inputMode="numeric"
              rightSection="GB"
              {...text('memoryGb')}
            />
            <TextInput
              label={t('assets.fields.storageGb')}
              inputMode="numeric"
              rightSection="GB"
              {...text('storageGb')}
            />
          </SimpleGrid>
        </Stack>
      )
    case 'workstation':
    case 'laptop':
      return (
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput label={t('assets.fields.os')} placeholder="Windows" {...text('os')} />
          <TextInput label={t('assets.fields.osVersion')} placeholder="11 Pro" {...text('osVersion')} />
          <TextInput label={t('assets.fields.user')} {...text('user')} />
        </SimpleGrid>
      )
    case 'network':
      return (
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Select
            label={t('assets.fields.networkKind')}
            data={options(NETWORK_KINDS, 'assets.networkKinds')}
            value={v.networkKind}
            onChange={(k) => k && set({ networkKind: k })}
            allowDeselect={false}
          />
          <TextInput label={t('assets.fields.firmware')} {...text('firmware')} />
          <TextInput label={t('assets.fields.ip')} placeholder="192.168.1.1" {...text('ip')} />
        </SimpleGrid>
      )
    case 'printer':
      return (
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput label={t('assets.fields.ip')} placeholder="192.168.1.20" {...text('ip')} />
        </SimpleGrid>
      )
    case 'other':
      return (
        <Textarea
          label={t('assets.fields.description')}
          autosize
          minRows={2}
          value={v.description}
          onChange={(e) => set({ description: e.currentTarget.value })}
          error={shown.description}
        />
      )
    case 'ups':
      return (
        <Stack>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <DayField label={t('assets.fields.batteryInstalledOn')} {...day('batteryInstalledOn')} />
            <TextInput
              label={t('assets.fields.capacityVa')}
              inputMode="numeric"
              rightSection="VA"
              {...text('capacityVa')}
            />
          </SimpleGrid>
          <MultiSelect
            label={t('assets.form.feeds')}
            description={t('assets.form.feedsHint')}
            data={protectable}
            value={v.protectedAssetIds}
            onChange={(protectedAssetIds) => set({ protectedAssetIds })}
            searchable
            clearable
            nothingFoundMessage={t('common.nothingFound')}
            error={shown.protectedAssetIds}
          />
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <Select
              label={t('assets.fields.monitoring')}
              placeholder={t('assets.form.noMonitoring')}
              data={[
                { value: 'nut', label: t('assets.form.nut') },
                { value: 'apcupsd', label: t('assets.form.apcupsd') },
              ]}
              value={v.monitoringKind}
              onChange={(k) => set({ monitoringKind: k })}
              clearable
            />
            {v.monitoringKind && (
              <>
                <TextInput
                  label={t('assets.form.monitoringHost')}
                  required
                  placeholder="192.168.1.5"
                  {...text('monitoringHost', 'monitoring.host')}
                />
                <TextInput
                  label={t('assets.form.monitoringPort')}
                  inputMode="numeric"
                  placeholder={v.monitoringKind === 'nut' ? '3493' : '3551'}
                  {...text('monitoringPort', 'monitoring.port')}
                />
              </>
            )}
          </SimpleGrid>
          {v.monitoringKind === 'nut' && (
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <TextInput
                label={t('assets.form.upsName')}
                required
                placeholder="ups"
                {...text('monitoringUpsName', 'monitoring.upsName')}
              />
              <TextInput
                label={t('assets.form.monitoringUsername')}
                autoComplete="off"
                {...text('monitoringUsername', 'monitoring.username')}
              />
              <PasswordInput
                label={t('assets.form.monitoringPassword')}
                placeholder={v.monitoringHasPassword ? t('assets.form.passwordKept') : undefined}
                autoComplete="new-password"
                value={v.monitoringPassword}
                onChange={(e) => set({ monitoringPassword: e.currentTarget.value })}
                error={shown['monitoring.password']}
                visibilityToggleButtonProps={{ 'aria-label': t('common.toggleVisibility') }}
              />
            </SimpleGrid>
          )}
        </Stack>
      )
    case 'backup-system':
      return (
        <Stack>
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <Select
              label={t('assets.fields.backupKind')}
              data={options(BACKUP_KINDS, 'assets.backupKinds')}
              value={v.backupKind}
              onChange={(k) => k && set({ backupKind: k })}
              allowDeselect={false}
            />
            <Select
              label={t('assets.fields.software')}
              placeholder={t('assets.form.chooseSoftware')}
              data={options(BACKUP_SOFTWARE, 'assets.backupSoftware')}
              value={v.software}
              onChange={(k) => set({ software: k })}
              clearable
            />
          </SimpleGrid>
          <MultiSelect
            label={t('assets.form.backsUp')}
            description={t('assets.form.backsUpHint')}
            data={protectable}
            value={v.protectedAssetIds}
            onChange={(protectedAssetIds) => set({ protectedAssetIds })}
            searchable
            clearable
            nothingFoundMessage={t('common.nothingFound')}
            error={shown.protectedAssetIds}
          />
          <Stack gap={6}>
            <Group justify="space-between">
              <Title order={6}>{t('assets.fields.expectedJobs')}</Title>
              <Button
                size="compact-sm"
                variant="default"
                leftSection={<IconPlus size={14} />}
                onClick={() =>
                  set({
                    expectedJobs: [
                      ...v.expectedJobs,
                      { name: '', schedule: 'daily', host: '', graceHours: '0', expectedFrom: '' },
                    ],
                  })
                }
              >
                {t('assets.form.addJob')}
              </Button>
            </Group>
            {v.expectedJobs.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t('assets.form.noJobs')}
              </Text>
            ) : (
              <Text size="xs" c="dimmed">
                {t('assets.form.jobsHint')}
              </Text>
            )}
            {v.expectedJobs.map((job, i) => {
              const change = (patch: Partial<typeof job>) =>
                set({ expectedJobs: v.expectedJobs.map((j, k) => (k === i ? { ...j, ...patch } : j)) })
              return (
                <Group key={i} align="flex-start" gap="xs" wrap="nowrap">
                  <TextInput
                    aria-label={t('assets.form.jobName', { n: i + 1 })}
                    placeholder={t('assets.form.jobNamePlaceholder')}
                    value={job.name}
                    onChange={(e) => change({ name: e.currentTarget.value })}
                    error={shown[`expectedJobs.${i}.name`]}
                    style={{ flex: 2 }}
                  />
                  <Select
                    aria-label={t('assets.form.jobSchedule', { n: i + 1 })}
                    data={[
                      { value: 'daily', label: t('assets.schedules.daily') },
                      { value: 'weekly', label: t('assets.schedules.weekly') },
                    ]}
                    value={job.schedule}
                    onChange={(s) => s && change({ schedule: s })}
                    allowDeselect={false}
                    w={130}
                  />
                  <TextInput
                    aria-label={t('assets.form.jobHost', { n: i + 1 })}
                    placeholder={t('assets.form.jobHostPlaceholder')}
                    value={job.host}
                    onChange={(e) => change({ host: e.currentTarget.value })}
                    error={shown[`expectedJobs.${i}.host`]}
                    style={{ flex: 1 }}
                  />
                  <Tooltip label={t('assets.form.jobGraceHint')} withArrow multiline w={280}>
                    <TextInput
                      aria-label={t('assets.form.jobGrace', { n: i + 1 })}
                      inputMode="numeric"
                      value={job.graceHours}
                      onChange={(e) => change({ graceHours: e.currentTarget.value })}
                      error={shown[`expectedJobs.${i}.graceHours`]}
                      leftSection={<Text size="xs">+</Text>}
                      rightSection={<Text size="xs">{t('assets.form.graceUnit')}</Text>}
                      w={90}
                    />
                  </Tooltip>
                  <Tooltip label={t('assets.form.jobFromHint')} withArrow multiline w={280}>
                    <TextInput
                      type="date"
                      aria-label={t('assets.form.jobFrom', { n: i + 1 })}
                      value={job.expectedFrom}
                      onChange={(e) => change({ expectedFrom: e.currentTarget.value })}
                      error={shown[`expectedJobs.${i}.expectedFrom`]}
                      w={150}
                    />
                  </Tooltip>
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    mt={6}
                    aria-label={t('assets.form.removeJob', { n: i + 1 })}
                    onClick={() => set({ expectedJobs: v.expectedJobs.filter((_, k) => k !== i) })}
                  >
                    <IconTrash size={16} />
                  </ActionIcon>
                </Group>
              )
            })}
          </Stack>
        </Stack>
      )
  }
}

interface AssetFormModalProps {
  /** `null`: closed; `{ asset: null }`: a new asset. */
  editing: { asset: Asset | null } | null
  customerId: string
  all: Asset[]
  sites: Site[]
  onClose: () => void
  onSaved: (asset: Asset, created: boolean) => void
}

export function AssetFormModal({ editing, customerId, all, sites, onClose, onSaved }: AssetFormModalProps) {
  const { t } = useTranslation()
  return (
    <Modal
      opened={editing !== null}
      onClose={onClose}
      title={editing?.asset ? t('assets.editTitle', { name: editing.asset.name }) : t('assets.newTitle')}
      size="xl"
    >
      {editing && (
        <AssetForm
          key={editing.asset?.id ?? 'new'}
          asset={editing.asset}
          customerId={customerId}
          all={all}
          sites={sites}
          onCancel={onClose}
          onSaved={onSaved}
        />
      )}
    </Modal>
  )
}
