import { Anchor, Badge, Button, EmptyState, Group, Stack, Table, Text, Title } from '@mantine/core'
import { IconPackages, IconPlus } from '@tabler/icons-react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate } from 'react-router'
import { useFormatters } from '../../app/useFormatters.ts'
import { LabeledSegmentedControl } from '../../components/LabeledSegmentedControl.tsx'
import { PageLoader } from '../../components/PageLoader.tsx'
import { ModuleErrorAlert } from '../assets/ModuleErrorAlert.tsx'
import { useMe } from '../auth/api.ts'
import { formatHours } from '../tickets/slaClock.ts'
import { usePlans } from './api.ts'

type StatusFilter = 'active' | 'inactive' | 'all'

/** Roles that set prices: the MSP's admins and billing staff. Technicians read the plans. */
export const canManagePlans = (role: string | undefined) => role === 'admin' || role === 'billing'

/** `/settings/plans`: the SLA plans the MSP sells, with their base fee, main unit prices and calamity response. */
export function PlansPage() {
  const { t } = useTranslation()
  const format = useFormatters()
  const navigate = useNavigate()
  const me = useMe()
  const [status, setStatus] = useState<StatusFilter>('active')
  const plans = usePlans(status)
  const canEdit = canManagePlans(me.data?.role)
  const items = plans.data ?? []

  return (
    <Stack maw={1100}>
      <Group justify="space-between">
        <Title order={2}>{t('plans.title')}</Title>
        {canEdit && (
          <Button component={Link} to="/settings/plans/new" leftSection={<IconPlus size={16} />}>
            {t('plans.new')}
          </Button>
        )}
      </Group>
      <Text c="dimmed" size="sm">
        {t('plans.intro')}
      </Text>
      <LabeledSegmentedControl<StatusFilter>
        label={t('plans.show')}
        value={status}
        onChange={setStatus}
        data={[
          { value: 'active', label: t('plans.filterActive') },
          { value: 'inactive', label: t('plans.filterInactive') },
          { value: 'all', label: t('plans.filterAll') },
        ]}
      />
      <ModuleErrorAlert error={plans.error} />
      {plans.isPending ? (
        <PageLoader />
      ) : items.length === 0 ? (
        <EmptyState
          icon={<IconPackages size={32} />}
          title={status === 'active' ? t('plans.empty') : t('plans.noneFound')}
          description={canEdit && status === 'active' ? t('plans.emptyHint') : undefined}
        />
      ) : (
        <Table.ScrollContainer minWidth={800}>
          <Table highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('plans.name')}</Table.Th>
                <Table.Th ta="right">{t('plans.baseFee')}</Table.Th>
                <Table.Th ta="right">{t('plans.perServer')}</Table.Th>
                <Table.Th ta="right">{t('plans.perWorkstation')}</Table.Th>
                <Table.Th>{t('plans.p1Response')}</Table.Th>
                <Table.Th>{t('plans.visits')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((p) => {
                const p1 = p.policy.priorities.P1.firstResponse
                return (
                  <Table.Tr
                    key={p.id}
                    style={{ cursor: 'pointer' }}
                    onClick={() => void navigate(`/settings/plans/${p.id}`)}
                  >
                    <Table.Td>
                      <Group gap="xs">
                        <Anchor component={Link} to={`/settings/plans/${p.id}`} onClick={(e) => e.stopPropagation()}>
                          {p.name}
                        </Anchor>
                        {!p.active && (
                          <Badge color="gray" variant="light">
                            {t('plans.inactive')}
                          </Badge>
                        )}
                      </Group>
                      {p.description && (
                        <Text size="xs" c="dimmed" lineClamp={1}>
                          {p.description}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                      {format.money(p.price.baseFeeCents)}
                    </Table.Td>
                    <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                      {format.money(p.price.unitPricesCents.server)}
                    </Table.Td>
                    <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                      {format.money(p.price.unitPricesCents.workstation)}
                    </Table.Td>
                    <Table.Td>{p1 ? formatHours(p1.seconds, t) : '—'}</Table.Td>
                    <Table.Td>
                      {t('plans.visitsSummary', {
                        maintenance: p.services.preventiveMaintenancePerYear,
                        onsite: p.services.onsiteVisitsPerYear,
                      })}
                    </Table.Td>
                  </Table.Tr>
                )
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  )
}
