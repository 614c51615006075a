import { Anchor, Group, Stack, Table, Text, Title } from '@mantine/core'
import type { TFunction } from 'i18next'
import { useTranslation } from 'react-i18next'
import type { AssetClass } from '../../../../src/modules/assets/classes.ts'
import type { Asset } from '../../../../src/modules/assets/schema.ts'
import { useFormatters } from '../../app/useFormatters.ts'
import { AssetStatusBadge, ClassIcon, dayMs, WarningBadge } from './AssetBadges.tsx'
import { groupByClass } from './infrastructure.ts'

/** The one line that tells assets of a class apart: OS and role of a server, the user of a PC, and so on. */
export function assetSummary(asset: Asset, t: TFunction): string {
  const parts: (string | null)[] = []
  switch (asset.class) {
    case 'server':
      parts.push(
        [asset.os, asset.osVersion].filter(Boolean).join(' ') || null,
        asset.role,
        t(`assets.serverKinds.${asset.kind}`),
      )
      break
    case 'workstation':
    case 'laptop':
      parts.push([asset.os, asset.osVersion].filter(Boolean).join(' ') || null, asset.user)
      break
    case 'network':
      parts.push(t(`assets.networkKinds.${asset.kind}`), asset.ip)
      break
    case 'ups':
      parts.push(
        asset.capacityVa ? `${asset.capacityVa} VA` : null,
        asset.protectedAssetIds.length > 0 ? t('assets.protects', { count: asset.protectedAssetIds.length }) : null,
      )
      break
    case 'backup-system':
      parts.push(
        t(`assets.backupKinds.${asset.kind}`),
        asset.software ? t(`assets.backupSoftware.${asset.software}`) : null,
        asset.protectedAssetIds.length > 0 ? t('assets.protects', { count: asset.protectedAssetIds.length }) : null,
      )
      break
    case 'printer':
      parts.push(asset.ip)
      break
    case 'other':
      parts.push(asset.description)
      break
  }
  const makeModel = [asset.make, asset.model].filter(Boolean).join(' ')
  return [makeModel || null, ...parts].filter(Boolean).join(' · ')
}

interface AssetGroupsProps {
  assets: Asset[]
  /** The customer's assets per class (not retired), from the server: the heading counts all, not only those shown. */
  counts?: Record<AssetClass, number>
  onOpen: (id: string) => void
}

/** The assets as one table per class, servers first, each headed by its class and count. */
export function AssetGroups({ assets, counts, onOpen }: AssetGroupsProps) {
  const { t } = useTranslation()
  const format = useFormatters()
  return (
    <Stack gap="lg">
      {groupByClass(assets).map((group) => (
        <Stack key={group.class} gap={4}>
          <Group gap="xs">
            <ClassIcon cls={group.class} />
            <Title order={4}>{t(`assets.classesPlural.${group.class}`)}</Title>
            <Text c="dimmed" size="sm">
              {counts && counts[group.class] !== group.items.length
                ? t('assets.shownOf', { shown: group.items.length, count: counts[group.class] })
                : group.items.length}
            </Text>
          </Group>
          <Table.ScrollContainer minWidth={760}>
            <Table highlightOnHover verticalSpacing={6} layout="fixed">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w="20%">{t('assets.fields.name')}</Table.Th>
                  <Table.Th>{t('assets.details')}</Table.Th>
                  <Table.Th w={160}>{t('assets.fields.site')}</Table.Th>
                  <Table.Th w={120}>{t('assets.warrantyColumn')}</Table.Th>
                  <Table.Th w={120}>{t('assets.fields.status')}</Table.Th>
                  <Table.Th w={180}>{t('assets.attention')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {group.items.map((a) => (
                  <Table.Tr
                    key={a.id}
                    style={{ cursor: 'pointer' }}
                    opacity={a.status === 'retired' ? 0.6 : 1}
                    onClick={() => onOpen(a.id)}
                  >
                    <Table.Td>
                      <Anchor
                        component="button"
                        type="button"
                        size="sm"
                        fw={500}
                        onClick={(e) => {
                          e.stopPropagation()
                          onOpen(a.id)
                        }}
                      >
                        {a.name}
                      </Anchor>
                      {a.serial && (
                        <Text size="xs" c="dimmed" ff="monospace">
                          {a.serial}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" lineClamp={2}>
                        {assetSummary(a, t)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{a.siteName ?? '—'}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                        {a.warrantyEnd ? format.date(dayMs(a.warrantyEnd)) : '—'}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <AssetStatusBadge status={a.status} />
                    </Table.Td>
                    <Table.Td>
                      <Group gap={4}>
                        {a.warnings.map((w) => (
                          <WarningBadge key={w.code} warning={w} />
                        ))}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Stack>
      ))}
    </Stack>
  )
}
