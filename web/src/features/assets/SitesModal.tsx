import { ActionIcon, Button, Group, Modal, Stack, Table, Text, TextInput } from '@mantine/core'
import { IconCheck, IconPencil, IconPlus, IconTrash, IconX } from '@tabler/icons-react'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { SiteCreate, type Site } from '../../../../src/modules/assets/schema.ts'
import type { FieldErrors } from '../../app/apiClient.ts'
import { validate } from '../../app/validate.ts'
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx'
import { PageLoader } from '../../components/PageLoader.tsx'
import { useCreateSite, useDeleteSite, useSites, useUpdateSite } from './api.ts'
import { moduleFieldErrors } from './moduleProblems.ts'
import { ModuleErrorAlert } from './ModuleErrorAlert.tsx'

interface SitesModalProps {
  opened: boolean
  customerId: string
  canEdit: boolean
  onClose: () => void
}

/** "Locaties": the customer's sites (offices, a data centre), with how many assets run at each. */
export function SitesModal({ opened, customerId, canEdit, onClose }: SitesModalProps) {
  const { t } = useTranslation()
  return (
    <Modal opened={opened} onClose={onClose} title={t('assets.sites.title')} size="lg">
      {opened && <SitesManager customerId={customerId} canEdit={canEdit} />}
    </Modal>
  )
}

function SitesManager({ customerId, canEdit }: { customerId: string; canEdit: boolean }) {
  const { t } = useTranslation()
  const sites = useSites(customerId)
  const create = useCreateSite(customerId)
  const update = useUpdateSite(customerId)
  const remove = useDeleteSite(customerId)
  const [name, setName] = useState('')
  const [address, setAddress] = useState('')
  const [errors, setErrors] = useState<FieldErrors>({})
  const [editing, setEditing] = useState<{ id: string; name: string; address: string } | null>(null)
  const [removing, setRemoving] = useState<Site | null>(null)
  const createErrors = { ...moduleFieldErrors(create.error, t), ...errors }
  const updateErrors = moduleFieldErrors(update.error, t)

  function add(event: FormEvent) {
    event.preventDefault()
    const checked = validate(SiteCreate, { name, address })
    if (!checked.ok) {
      setErrors(checked.errors)
      return
    }
    setErrors({})
    create.mutate(checked.data, {
      onSuccess: () => {
        setName('')
        setAddress('')
      },
    })
  }

  function save() {
    if (!editing) {
      return
    }
    update.mutate(
      { id: editing.id, patch: { name: editing.name.trim(), address: editing.address.trim() || null } },
      { onSuccess: () => setEditing(null) },
    )
  }

  const items = sites.data ?? []
  return (
    <Stack>
      <ModuleErrorAlert error={sites.error} />
      {sites.isPending ? (
        <PageLoader />
      ) : items.length === 0 ? (
        <Text c="dimmed" size="sm">
          {t('assets.sites.empty')}
        </Text>
      ) : (
        <Table verticalSpacing={6}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('assets.sites.name')}</Table.Th>
              <Table.Th>{t('assets.sites.address')}</Table.Th>
              <Table.Th ta="right">{t('assets.sites.assetCount')}</Table.Th>
              {canEdit && <Table.Th w={80} />}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((site) =>
              editing?.id === site.id ? (
                <Table.Tr key={site.id}>
                  <Table.Td>
                    <TextInput
                      aria-label={t('assets.sites.name')}
                      size="xs"
                      value={editing.name}
                      onChange={(e) => setEditing({ ...editing, name: e.currentTarget.value })}
                      error={updateErrors.name}
                      data-autofocus
                    />
                  </Table.Td>
                  <Table.Td>
                    <TextInput
                      aria-label={t('assets.sites.address')}
                      size="xs"
                      value={editing.address}
                      onChange={(e) => setEditing({ ...editing, address: e.currentTarget.value })}
                    />
                  </Table.Td>
                  <Table.Td ta="right">{site.assetCount}</Table.Td>
                  <Table.Td>
                    <Group gap={2} wrap="nowrap">
                      <ActionIcon
                        variant="subtle"
                        size="sm"
                        loading={update.isPending}
                        aria-label={t('common.save')}
                        onClick={save}
                      >
                        <IconCheck size={14} />
                      </ActionIcon>
                      <ActionIcon
                        variant="subtle"
                        color="gray"
                        size="sm"
                        aria-label={t('common.cancel')}
                        onClick={() => setEditing(null)}
                      >
                        <IconX size={14} />
                      </ActionIcon>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ) : (
                <Table.Tr key={site.id}>
                  <Table.Td>{site.name}</Table.Td>
                  <Table.Td>{site.address ?? '—'}</Table.Td>
                  <Table.Td ta="right">{site.assetCount}</Table.Td>
                  {canEdit && (
                    <Table.Td>
                      <Group gap={2} wrap="nowrap">
                        <ActionIcon
                          variant="subtle"
                          color="gray"
                          size="sm"
                          aria-label={t('assets.sites.editOne', { name: site.name })}
                          onClick={() => {
                            update.reset()
                            setEditing({ id: site.id, name: site.name, address: site.address ?? '' })
                          }}
                        >
                          <IconPencil size={14} />
                        </ActionIcon>
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          size="sm"
                          aria-label={t('assets.sites.removeOne', { name: site.name })}
                          onClick={() => {
                            remove.reset()
                            setRemoving(site)
                          }}
                        >
                          <IconTrash size={14} />
                        </ActionIcon>
                      </Group>
                    </Table.Td>
                  )}
                </Table.Tr>
              ),
            )}
          </Table.Tbody>
        </Table>
      )}
      {updateErrors.name === undefined && <ModuleErrorAlert error={update.error} />}
      {canEdit && (
        <form onSubmit={add} noValidate>
          <Group align="flex-start" gap="xs">
            <TextInput
              label={t('assets.sites.name')}
              placeholder={t('assets.sites.namePlaceholder')}
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={createErrors.name}
              style={{ flex: 1 }}
            />
            <TextInput
              label={t('assets.sites.address')}
              value={address}
              onChange={(e) => setAddress(e.currentTarget.value)}
              error={createErrors.address}
              style={{ flex: 2 }}
            />
            <Button type="submit" mt={25} leftSection={<IconPlus size={16} />} loading={create.isPending}>
              {t('assets.sites.add')}
            </Button>
          </Group>
          {createErrors.name === undefined && <ModuleErrorAlert error={create.error} />}
        </form>
      )}
      <ConfirmDialog
        opened={removing !== null}
        title={t('assets.sites.removeTitle')}
        message={t('assets.sites.removeConfirm', { name: removing?.name ?? '' })}
        confirmLabel={t('assets.sites.remove')}
        danger
        loading={remove.isPending}
        error={<ModuleErrorAlert error={remove.error} />}
        onCancel={() => setRemoving(null)}
        onConfirm={() => removing && remove.mutate(removing.id, { onSuccess: () => setRemoving(null) })}
      />
    </Stack>
  )
}
