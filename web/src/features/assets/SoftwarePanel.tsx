import { ActionIcon, Button, Group, Modal, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core'
import { IconPencil, IconPlus, IconTrash } from '@tabler/icons-react'
import { useState, type ChangeEvent, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { SoftwareCreate, type Software } from '../../../../src/modules/assets/schema.ts'
import type { FieldErrors } from '../../app/apiClient.ts'
import { useFormatters } from '../../app/useFormatters.ts'
import { validate } from '../../app/validate.ts'
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx'
import { PageLoader } from '../../components/PageLoader.tsx'
import { formatDay, isoDay, parseDay } from '../audit/dayInput.ts'
import { useAddSoftware, useRemoveSoftware, useSoftware, useUpdateSoftware } from './api.ts'
import { dayMs } from './AssetBadges.tsx'
import { DayField } from './DayField.tsx'
import { moduleFieldErrors } from './moduleProblems.ts'
import { ModuleErrorAlert } from './ModuleErrorAlert.tsx'

/** "Geïnstalleerde software" of one asset: the list, and for staff who may change it: add, edit and remove. */
export function SoftwarePanel({ assetId, canEdit }: { assetId: string; canEdit: boolean }) {
  const { t } = useTranslation()
  const format = useFormatters()
  const software = useSoftware(assetId)
  const remove = useRemoveSoftware(assetId)
  const [editing, setEditing] = useState<{ item: Software | null } | null>(null)
  const [removing, setRemoving] = useState<Software | null>(null)
  const items = software.data ?? []

  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Title order={5}>{t('assets.software.title')}</Title>
        {canEdit && (
          <Button
            size="compact-sm"
            variant="default"
            leftSection={<IconPlus size={14} />}
            onClick={() => setEditing({ item: null })}
          >
            {t('assets.software.add')}
          </Button>
        )}
      </Group>
      <ModuleErrorAlert error={software.error} />
      {software.isPending ? (
        <PageLoader />
      ) : items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('assets.software.empty')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={480}>
          <Table verticalSpacing={4} fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('assets.software.product')}</Table.Th>
                <Table.Th>{t('assets.software.version')}</Table.Th>
                <Table.Th>{t('assets.software.licence')}</Table.Th>
                <Table.Th>{t('assets.software.installedOn')}</Table.Th>
                {canEdit && <Table.Th w={70} />}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((s) => (
                <Table.Tr key={s.id}>
                  <Table.Td>
                    {s.product}
                    {s.vendor && (
                      <Text span size="xs" c="dimmed">
                        {' · '}
                        {s.vendor}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>{s.version ?? '—'}</Table.Td>
                  <Table.Td>{s.licence ?? '—'}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {s.installedOn ? format.date(dayMs(s.installedOn)) : '—'}
                  </Table.Td>
                  {canEdit && (
                    <Table.Td>
                      <Group gap={2} wrap="nowrap">
                        <ActionIcon
                          variant="subtle"
                          color="gray"
                          size="sm"
                          aria-label={t('assets.software.editOne', { name: s.product })}
                          onClick={() => setEditing({ item: s })}
                        >
                          <IconPencil size={14} />
                        </ActionIcon>
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          size="sm"
                          aria-label={t('assets.software.removeOne', { name: s.product })}
                          onClick={() => setRemoving(s)}
                        >
                          <IconTrash size={14} />
                        </ActionIcon>
                      </Group>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing?.item ? t('assets.software.editTitle') : t('assets.software.add')}
      >
        {editing && <SoftwareForm assetId={assetId} item={editing.item} onDone={() => setEditing(null)} />}
      </Modal>
      <ConfirmDialog
        opened={removing !== null}
        title={t('assets.software.removeTitle')}
        message={t('assets.software.removeConfirm', { name: removing?.product ?? '' })}
        confirmLabel={t('assets.software.remove')}
        danger
        loading={remove.isPending}
        error={<ModuleErrorAlert error={remove.error} />}
        onCancel={() => setRemoving(null)}
        onConfirm={() => removing && remove.mutate(removing.id, { onSuccess: () => setRemoving(null) })}
      />
    </Stack>
  )
}

function SoftwareForm({ assetId, item, onDone }: { assetId: string; item: Software | null; onDone: () => void }) {
  const { t } = useTranslation()
  const add = useAddSoftware(assetId)
  const update = useUpdateSoftware(assetId)
  const mutation = item ? update : add
  const installed = item?.installedOn ? parseDay(item.installedOn) : null
  const [values, setValues] = useState({
    product: item?.product ?? '',
    vendor: item?.vendor ?? '',
    version: item?.version ?? '',
    licence: item?.licence ?? '',
    installedOn: installed ? formatDay(installed) : '',
  })
  const [errors, setErrors] = useState<FieldErrors>({})
  const shown = { ...moduleFieldErrors(mutation.error, t), ...errors }
  const text = (key: 'product' | 'vendor' | 'version' | 'licence') => ({
    value: values[key],
    onChange: (e: ChangeEvent<HTMLInputElement>) => setValues({ ...values, [key]: e.currentTarget.value }),
    error: shown[key],
  })

  function submit(event: FormEvent) {
    event.preventDefault()
    const day = values.installedOn.trim() ? parseDay(values.installedOn) : null
    if (values.installedOn.trim() && !day) {
      setErrors({ installedOn: t('assets.form.badDate') })
      return
    }
    const checked = validate(SoftwareCreate, { ...values, installedOn: day ? isoDay(day) : null })
    if (!checked.ok) {
      setErrors(checked.errors)
      return
    }
    setErrors({})
    if (item) {
      update.mutate({ id: item.id, patch: checked.data }, { onSuccess: onDone })
    } else {
      add.mutate(checked.data, { onSuccess: onDone })
    }
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <TextInput label={t('assets.software.product')} required data-autofocus {...text('product')} />
        <SimpleGrid cols={2}>
          <TextInput label={t('assets.software.vendor')} {...text('vendor')} />
          <TextInput label={t('assets.software.version')} {...text('version')} />
        </SimpleGrid>
        <TextInput
          label={t('assets.software.licence')}
          description={t('assets.software.licenceHint')}
          {...text('licence')}
        />
        <DayField
          label={t('assets.software.installedOn')}
          value={values.installedOn}
          onChange={(installedOn) => setValues({ ...values, installedOn })}
          error={shown.installedOn}
          w={200}
        />
        <ModuleErrorAlert error={mutation.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  )
}
