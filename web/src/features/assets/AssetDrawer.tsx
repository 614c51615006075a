import { Badge, Button, Code, DataList, Divider, Drawer, Group, Stack, Text, Title } from '@mantine/core'
import { IconArchive, IconPencil } from '@tabler/icons-react'
import { useState, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import type { Asset } from '../../../../src/modules/assets/schema.ts'
import { useFormatters } from '../../app/useFormatters.ts'
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx'
import { useRetireAsset } from './api.ts'
import { AssetStatusBadge, ClassIcon, dayMs, WarningBadge } from './AssetBadges.tsx'
import { ModuleErrorAlert } from './ModuleErrorAlert.tsx'
import { SoftwarePanel } from './SoftwarePanel.tsx'

interface AssetDrawerProps {
  asset: Asset | null
  /** The customer's current assets, to name what this one protects. */
  all: Asset[]
  customerId: string
  canEdit: boolean
  staff: boolean
  onClose: () => void
  onEdit: (asset: Asset) => void
  onRetired: (asset: Asset) => void
}

/** One asset in full: its class's fields, what protects it and what it protects, warnings, installed software. */
export function AssetDrawer({ asset, all, customerId, canEdit, staff, onClose, onEdit, onRetired }: AssetDrawerProps) {
  return (
    <Drawer
      opened={asset !== null}
      onClose={onClose}
      position="right"
      size="lg"
      title={
        asset && (
          <Group gap="xs">
            <ClassIcon cls={asset.class} />
            <Text fw={600}>{asset.name}</Text>
          </Group>
        )
      }
    >
      {asset && (
        <AssetDetails
          key={asset.id}
          asset={asset}
          all={all}
          customerId={customerId}
          canEdit={canEdit}
          staff={staff}
          onEdit={onEdit}
          onRetired={(a) => {
            onRetired(a)
            onClose()
          }}
        />
      )}
    </Drawer>
  )
}

function AssetDetails({
  asset,
  all,
  customerId,
  canEdit,
  staff,
  onEdit,
  onRetired,
}: Omit<AssetDrawerProps, 'asset' | 'onClose'> & { asset: Asset }) {
  const { t } = useTranslation()
  const format = useFormatters()
  const retire = useRetireAsset(customerId)
  const [confirmRetire, setConfirmRetire] = useState(false)
  const day = (iso: string | null) => (iso ? format.date(dayMs(iso)) : null)
  const names = new Map(all.map((a) => [a.id, a]))

  const rows: [string, ReactNode][] = [
    [t('assets.fields.class'), t(`assets.classes.${asset.class}`)],
    [t('assets.fields.status'), <AssetStatusBadge key="s" status={asset.status} />],
    [t('assets.fields.site'), asset.siteName],
    [t('assets.fields.make'), asset.make],
    [t('assets.fields.model'), asset.model],
    [t('assets.fields.serial'), asset.serial && <Code>{asset.serial}</Code>],
  ]
  switch (asset.class) {
    case 'server':
      rows.push(
        [t('assets.fields.serverKind'), t(`assets.serverKinds.${asset.kind}`)],
        [t('assets.fields.os'), [asset.os, asset.osVersion].filter(Boolean).join(' ') || null],
        [t('assets.fields.role'), asset.role],
        [t('assets.fields.cpu'), asset.cpu],
        [t('assets.fields.memoryGb'), asset.memoryGb !== null ? `${format.number(asset.memoryGb)} GB` : null],
        [t('assets.fields.storageGb'), asset.storageGb !== null ? `${format.number(asset.storageGb)} GB` : null],
      )
      break
    case 'workstation':
    case 'laptop':
      rows.push(
        [t('assets.fields.os'), [asset.os, asset.osVersion].filter(Boolean).join(' ') || null],
        [t('assets.fields.user'), asset.user],
      )
      break
    case 'network':
      rows.push(
        [t('assets.fields.networkKind'), t(`assets.networkKinds.${asset.kind}`)],
        [t('assets.fields.firmware'), asset.firmware],
        [t('assets.fields.ip'), asset.ip && <Code>{asset.ip}</Code>],
      )
      break
    case 'ups':
      rows.push(
        [t('assets.fields.batteryInstalledOn'), day(asset.batteryInstalledOn)],
        [t('assets.fields.capacityVa'), asset.capacityVa !== null ? `${format.number(asset.capacityVa)} VA` : null],
      )
      if (staff) {
        const m = asset.monitoring
        rows.push([
          t('assets.fields.monitoring'),
          m &&
            (m.kind === 'nut' ? (
              <Code>{`NUT ${m.upsName}@${m.host}:${m.port}${m.username ? ` (${m.username})` : ''}`}</Code>
            ) : (
              <Code>{`apcupsd ${m.host}:${m.port}`}</Code>
            )),
        ])
      }
      break
    case 'backup-system':
      rows.push(
        [t('assets.fields.backupKind'), t(`assets.backupKinds.${asset.kind}`)],
        [t('assets.fields.software'), asset.software && t(`assets.backupSoftware.${asset.software}`)],
        [
          t('assets.fields.expectedJobs'),
          asset.expectedJobs.length > 0 &&
            asset.expectedJobs
              .map(
                (j) =>
                  `${j.name} (${t(`assets.schedules.${j.schedule}`)}${j.host ? `, ${j.host}` : ''}${
                    j.graceHours > 0 ? `, ${t('assets.form.graceShort', { n: j.graceHours })}` : ''
                  })`,
              )
              .join('; '),
        ],
      )
      break
    case 'printer':
      rows.push([t('assets.fields.ip'), asset.ip && <Code>{asset.ip}</Code>])
      break
    case 'other':
      rows.push([t('assets.fields.description'), asset.description])
      break
  }
  rows.push(
    [t('assets.fields.purchaseDate'), day(asset.purchaseDate)],
    [t('assets.fields.warrantyEnd'), day(asset.warrantyEnd)],
    [t('assets.fields.activeFrom'), day(asset.activeFrom)],
  )
  if (asset.retiredOn) {
    rows.push([t('assets.fields.retiredOn'), day(asset.retiredOn)])
  }
  if (staff && asset.remoteAccess) {
    const r = asset.remoteAccess
    rows.push([
      t('assets.fields.remoteAccess'),
      <Code key="r">{`${t(`assets.remoteKinds.${r.kind}`)}: ${r.username ? `${r.username}@` : ''}${r.address}`}</Code>,
    ])
  }
  if (asset.notes) {
    rows.push([
      t('assets.fields.notes'),
      <Text key="n" size="sm" style={{ whiteSpace: 'pre-wrap' }}>
        {asset.notes}
      </Text>,
    ])
  }
  const protects = asset.class === 'ups' || asset.class === 'backup-system' ? asset.protectedAssetIds : []

  return (
    <Stack>
      {asset.warnings.length > 0 && (
        <Group gap={6}>
          {asset.warnings.map((w) => (
            <WarningBadge key={w.code} warning={w} />
          ))}
        </Group>
      )}
      {canEdit && (
        <Group gap="xs">
          <Button variant="default" leftSection={<IconPencil size={16} />} onClick={() => onEdit(asset)}>
            {t('common.edit')}
          </Button>
          {asset.status !== 'retired' && (
            <Button
              variant="default"
              color="red"
              leftSection={<IconArchive size={16} />}
              onClick={() => setConfirmRetire(true)}
            >
              {t('assets.retire')}
            </Button>
          )}
        </Group>
      )}
      <DataList labelWidth={170}>
        {rows.map(([label, value]) => (
          <DataList.Item key={label}>
            <DataList.ItemLabel>{label}</DataList.ItemLabel>
            <DataList.ItemValue>
              {value || (
                <Text span c="dimmed">
                  —
                </Text>
              )}
            </DataList.ItemValue>
          </DataList.Item>
        ))}
      </DataList>

      <Divider />
      <Title order={5}>{t('assets.relations')}</Title>
      {asset.protectedBy.length === 0 && protects.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('assets.noRelations')}
        </Text>
      ) : (
        <Stack gap={4}>
          {asset.protectedBy.map((p) => (
            <Group key={`${p.id}-${p.kind}`} gap={6}>
              <Badge variant="light" color={p.kind === 'power' ? 'orange' : 'blue'} w={120}>
                {t(`assets.protectedBy.${p.kind}`)}
              </Badge>
              <Text size="sm">{p.name}</Text>
            </Group>
          ))}
          {protects.length > 0 && (
            <Text size="sm">
              <Text span fw={500} size="sm">
                {t(asset.class === 'ups' ? 'assets.feeds' : 'assets.backsUp')}
              </Text>{' '}
              {protects.map((id) => names.get(id)?.name ?? t('assets.unknownAsset')).join(', ')}
            </Text>
          )}
        </Stack>
      )}

      <Divider />
      <SoftwarePanel assetId={asset.id} canEdit={canEdit} />

      <ConfirmDialog
        opened={confirmRetire}
        title={t('assets.retireTitle')}
        message={t('assets.retireConfirm', { name: asset.name })}
        confirmLabel={t('assets.retire')}
        danger
        loading={retire.isPending}
        error={<ModuleErrorAlert error={retire.error} />}
        onCancel={() => setConfirmRetire(false)}
        onConfirm={() =>
          // A promise rather than mutate's callbacks: those are dropped if the drawer closes meanwhile.
          void retire
            .mutateAsync(asset.id)
            .then((retired) => {
              setConfirmRetire(false)
              onRetired(retired)
            })
            .catch(() => undefined)
        }
      />
    </Stack>
  )
}
