import {
  Alert,
  Anchor,
  Badge,
  Box,
  Button,
  Chip,
  EmptyState,
  Group,
  List,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import {
  IconAlertTriangle,
  IconDownload,
  IconFileImport,
  IconListDetails,
  IconMapPin,
  IconPlus,
  IconSearch,
  IconServer,
} from '@tabler/icons-react'
import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ASSET_CLASSES, type AssetClass } from '../../../../src/modules/assets/classes.ts'
import type { Asset } from '../../../../src/modules/assets/schema.ts'
import { useFormatters } from '../../app/useFormatters.ts'
import { LabeledSegmentedControl } from '../../components/LabeledSegmentedControl.tsx'
import { LoadMoreButton } from '../../components/LoadMoreButton.tsx'
import { PageLoader } from '../../components/PageLoader.tsx'
import { SuccessAlert } from '../../components/SuccessAlert.tsx'
import { assetsCsvUrl, useAssets, useSites, type AssetFilter } from './api.ts'
import { dayMs } from './AssetBadges.tsx'
import { AssetDrawer } from './AssetDrawer.tsx'
import { AssetFormModal } from './AssetFormModal.tsx'
import { AssetGroups } from './AssetGroups.tsx'
import { ImportModal } from './ImportModal.tsx'
import { summariseWarnings } from './infrastructure.ts'
import { ModuleErrorAlert } from './ModuleErrorAlert.tsx'
import { ProtectionDiagram } from './ProtectionDiagram.tsx'
import { SitesModal } from './SitesModal.tsx'

const statusFilters = ['current', 'active', 'spare', 'retired', 'all'] as const
type StatusFilter = (typeof statusFilters)[number]
type View = 'list' | 'diagram'

interface InfrastructureSectionProps {
  customerId: string
  /** Staff who may change the infrastructure (admins and technicians); others read. */
  canEdit: boolean
  /** Staff see remote-access details and the export; a portal contact reads its own infrastructure. */
  staff: boolean
  /** The customer is archived: nothing can be added until it is restored. */
  archived?: boolean
}

/**
 * "Infrastructuur": the customer's assets by class, with what needs attention (warranty, UPS batteries) at the top,
 * search and filters, the relations between UPSes, backup systems and what they protect, sites, and CSV in and out.
 */
export function InfrastructureSection({ customerId, canEdit, staff, archived = false }: InfrastructureSectionProps) {
  const { t } = useTranslation()
  const format = useFormatters()
  const [search, setSearch] = useState('')
  const [q] = useDebouncedValue(search, 300)
  const [cls, setCls] = useState<AssetClass | null>(null)
  const [status, setStatus] = useState<StatusFilter>('current')
  const [siteId, setSiteId] = useState<string | null>(null)
  const [view, setView] = useState<View>('list')
  const [opened, setOpened] = useState<Asset | null>(null)
  const [form, setForm] = useState<{ asset: Asset | null } | null>(null)
  const [importing, setImporting] = useState(false)
  const [managingSites, setManagingSites] = useState(false)
  const [notice, setNotice] = useState<string | null>(null)

  const filter: AssetFilter = {
    q: q || undefined,
    class: cls ?? undefined,
    status: status === 'current' ? undefined : status,
    siteId: siteId ?? undefined,
  }
  const assets = useAssets(customerId, filter)
  // The diagram and the list of what can be protected need every current asset, whatever the filter shows.
  const everything = useAssets(customerId, {})
  const sites = useSites(customerId)
  const items = useMemo(() => assets.data?.pages.flatMap((p) => p.items) ?? [], [assets.data])
  const allCurrent = useMemo(() => everything.data?.pages.flatMap((p) => p.items) ?? [], [everything.data])
  const counts = (assets.data ?? everything.data)?.pages[0]?.counts
  const warnings = useMemo(() => summariseWarnings(allCurrent), [allCurrent])
  // The freshest copy of the asset in the drawer; the one it was opened with while a change (a retirement) takes it
  // out of the lists, so that the drawer stays until it is closed.
  const open = opened && (items.find((a) => a.id === opened.id) ?? allCurrent.find((a) => a.id === opened.id) ?? opened)
  const setOpenId = (id: string | null) =>
    setOpened(id === null ? null : (items.find((a) => a.id === id) ?? allCurrent.find((a) => a.id === id) ?? null))
  const filtered = Boolean(q || cls || siteId || status !== 'current')
  const totalCurrent = counts ? ASSET_CLASSES.reduce((sum, c) => sum + counts.byClass[c], 0) : 0
  // Until the first asset is recorded, filters and views have nothing to work on.
  const anyAssets = counts ? Object.values(counts.byStatus).some((n) => n > 0) : false
  const siteOptions = (sites.data ?? []).map((s) => ({ value: s.id, label: s.name }))

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Group gap="sm">
          <Title order={3}>{t('assets.title')}</Title>
          {counts && (
            <Badge variant="light" color="gray">
              {t('assets.total', { count: totalCurrent })}
            </Badge>
          )}
        </Group>
        <Group gap="xs">
          {canEdit && !archived && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setForm({ asset: null })}>
              {t('assets.add')}
            </Button>
          )}
          {canEdit && !archived && (
            <Button variant="default" leftSection={<IconFileImport size={16} />} onClick={() => setImporting(true)}>
              {t('assets.import.open')}
            </Button>
          )}
          {staff && (
            <Button
              component="a"
              href={assetsCsvUrl(customerId, filter)}
              download
              variant="default"
              leftSection={<IconDownload size={16} />}
            >
              {t('assets.export')}
            </Button>
          )}
          <Button variant="default" leftSection={<IconMapPin size={16} />} onClick={() => setManagingSites(true)}>
            {t('assets.sites.open', { count: sites.data?.length ?? 0 })}
          </Button>
        </Group>
      </Group>
      <SuccessAlert message={notice} onClose={() => setNotice(null)} />

      {warnings.items.length > 0 && (
        <Alert
          color="orange"
          icon={<IconAlertTriangle size={18} />}
          title={t('assets.warnings.summaryTitle', { count: warnings.items.length })}
        >
          <List size="sm" spacing={2}>
            {warnings.items.slice(0, 8).map((w) => (
              <List.Item key={`${w.asset.id}-${w.warning.code}`}>
                <Anchor component="button" type="button" size="sm" onClick={() => setOpenId(w.asset.id)}>
                  {w.asset.name}
                </Anchor>
                {': '}
                {t(`assets.warnings.${w.warning.code}Hint`, { date: format.date(dayMs(w.warning.date)) })}
              </List.Item>
            ))}
          </List>
          {warnings.items.length > 8 && (
            <Text size="sm" mt={4}>
              {t('assets.warnings.more', { count: warnings.items.length - 8 })}
            </Text>
          )}
        </Alert>
      )}

      {counts && anyAssets && (
        // The counts per class are the class filter too.
        <Chip.Group multiple={false} value={cls ?? ''} onChange={(v) => setCls(v === '' ? null : v)}>
          <Group gap={6} aria-label={t('assets.byClass')}>
            <Chip value="" size="sm" variant="outline">
              {t('assets.allClasses')}
            </Chip>
            {ASSET_CLASSES.filter((c) => counts.byClass[c] > 0 || c === cls).map((c) => (
              <Chip key={c} value={c} size="sm" variant="outline">
                {t(`assets.classesPlural.${c}`)} {counts.byClass[c]}
              </Chip>
            ))}
          </Group>
        </Chip.Group>
      )}

      {anyAssets && (
        <Group align="flex-end" gap="sm">
          {/* The diagram shows every current asset: the filters are for the list. */}
          {view === 'list' && (
            <>
              <TextInput
                label={t('common.search')}
                placeholder={t('assets.searchPlaceholder')}
                leftSection={<IconSearch size={16} />}
                value={search}
                onChange={(e) => setSearch(e.currentTarget.value)}
                type="search"
                w={240}
              />
              <Select
                label={t('assets.fields.site')}
                placeholder={t('assets.allSites')}
                data={siteOptions}
                value={siteId}
                onChange={setSiteId}
                clearable
                disabled={siteOptions.length === 0}
                w={190}
              />
              <LabeledSegmentedControl<StatusFilter>
                label={t('assets.fields.status')}
                value={status}
                onChange={setStatus}
                data={statusFilters.map((s) => ({ value: s, label: t(`assets.statusFilter.${s}`) }))}
              />
            </>
          )}
          <Box ml="auto">
            <LabeledSegmentedControl<View>
              label={t('assets.view.label')}
              value={view}
              onChange={setView}
              data={[
                { value: 'list', label: t('assets.view.list') },
                { value: 'diagram', label: t('assets.view.diagram') },
              ]}
            />
          </Box>
        </Group>
      )}

      <ModuleErrorAlert error={assets.error} />
      {view === 'diagram' ? (
        everything.isPending ? (
          <PageLoader />
        ) : (
          <ProtectionDiagram assets={allCurrent} onOpen={setOpenId} />
        )
      ) : assets.isPending ? (
        <PageLoader />
      ) : items.length === 0 ? (
        <EmptyState
          icon={filtered ? <IconListDetails size={32} /> : <IconServer size={32} />}
          title={filtered ? t('assets.noneFound') : t('assets.empty')}
          description={filtered ? undefined : canEdit ? t('assets.emptyHint') : undefined}
        />
      ) : (
        <AssetGroups
          assets={items}
          // "5 of 12 shown" only compares like with like: the current assets, unsearched, where more pages may follow.
          counts={status === 'current' && !q && !siteId ? counts?.byClass : undefined}
          onOpen={setOpenId}
        />
      )}
      {view === 'list' && (
        <LoadMoreButton
          hasNextPage={assets.hasNextPage}
          isFetchingNextPage={assets.isFetchingNextPage}
          fetchNextPage={assets.fetchNextPage}
        />
      )}
      {view === 'diagram' && (
        <Text size="xs" c="dimmed">
          {t('assets.diagram.hint')}
        </Text>
      )}

      <AssetDrawer
        asset={open}
        all={allCurrent}
        customerId={customerId}
        canEdit={canEdit && !archived}
        staff={staff}
        onClose={() => setOpenId(null)}
        onEdit={(asset) => setForm({ asset })}
        onRetired={(asset) => setNotice(t('assets.retired', { name: asset.name }))}
      />
      {canEdit && (
        <AssetFormModal
          editing={form}
          customerId={customerId}
          all={allCurrent}
          sites={sites.data ?? []}
          onClose={() => setForm(null)}
          onSaved={(asset, created) => {
            setForm(null)
            setNotice(created ? t('assets.created', { name: asset.name }) : t('common.saved'))
          }}
        />
      )}
      {canEdit && (
        <ImportModal
          opened={importing}
          customerId={customerId}
          onClose={() => setImporting(false)}
          onImported={(created) => setNotice(t('assets.import.done', { count: created }))}
        />
      )}
      <SitesModal
        opened={managingSites}
        customerId={customerId}
        canEdit={canEdit && !archived}
        onClose={() => setManagingSites(false)}
      />
    </Stack>
  )
}
