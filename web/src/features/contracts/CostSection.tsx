import { Alert, Badge, Card, Group, Select, Stack, Table, Text, Title } from '@mantine/core'
import { IconInfoCircle } from '@tabler/icons-react'
import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Cost } from '../../../../src/modules/contracts/schema.ts'
import { useFormatters } from '../../app/useFormatters.ts'
import { PageLoader } from '../../components/PageLoader.tsx'
import { dayMs } from '../assets/AssetBadges.tsx'
import { ModuleErrorAlert } from '../assets/ModuleErrorAlert.tsx'
import { useCost } from './api.ts'
import { costDate, costRows, monthChoices, monthOf } from './cost.ts'

const MONTHS_AHEAD = 3
const MONTHS_BACK = 24

const monthStart = (month: string) => {
  const [y, m] = month.split('-').map(Number)
  return new Date(y ?? 1970, (m ?? 1) - 1, 1).getTime()
}

/**
 * "Maandprijs": what the SLA costs in a chosen month (this month by default), line by line with discount and VAT,
 * beside the month before, with what changed ("+2 werkplekken") marked.
 */
export function CostSection({ customerId }: { customerId: string }) {
  const { t } = useTranslation()
  const format = useFormatters()
  // Fixed for the visit: a page left open over midnight keeps its list of months.
  const [now] = useState(() => Date.now())
  const current = monthOf(now)
  const months = useMemo(() => monthChoices(now, MONTHS_AHEAD, MONTHS_BACK), [now])
  const [month, setMonth] = useState(current)
  const cost = useCost(customerId, costDate(month, current))

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={3}>{t('cost.title')}</Title>
        <Select
          label={t('cost.month')}
          data={months.map((m) => ({
            value: m,
            label:
              m === current ? t('cost.thisMonth', { month: format.month(monthStart(m)) }) : format.month(monthStart(m)),
          }))}
          value={month}
          onChange={(m) => m && setMonth(m)}
          allowDeselect={false}
          w={300}
        />
      </Group>
      <ModuleErrorAlert error={cost.error} />
      {cost.isPending ? <PageLoader /> : cost.data && <CostBreakdown cost={cost.data} />}
      {cost.data?.contract && (
        <Text size="xs" c="dimmed">
          {t('cost.asOf', {
            date: format.date(dayMs(cost.data.date)),
            previous: format.date(dayMs(cost.data.previous.date)),
          })}
        </Text>
      )}
    </Stack>
  )
}

function CostBreakdown({ cost }: { cost: Cost }) {
  const { t } = useTranslation()
  const format = useFormatters()
  const money = (cents: number) => format.money(cents, cost.currency)
  const rows = costRows(cost, cost.previous)
  const prev = cost.previous
  const diff = cost.totalCents - prev.totalCents

  if (!cost.contract) {
    return (
      <Alert color="blue" icon={<IconInfoCircle size={18} />}>
        {t('cost.noContract')}
      </Alert>
    )
  }
  // A discount is shown as a deduction: "− € 42,46".
  const amount = (cents: number) => (cents < 0 ? `− ${money(-cents)}` : money(cents))
  const totalRow = (label: string, nowCents: number, beforeCents: number, strong = false) => (
    <Table.Tr fw={strong ? 700 : undefined}>
      <Table.Td colSpan={3} ta="right">
        {label}
      </Table.Td>
      <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
        {amount(nowCents)}
      </Table.Td>
      <Table.Td ta="right" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
        {prev.contract ? amount(beforeCents) : '—'}
      </Table.Td>
    </Table.Tr>
  )

  return (
    <Stack>
      <Card withBorder>
        <Group justify="space-between" align="flex-start">
          <Stack gap={2}>
            <Text size="sm" c="dimmed">
              {t('cost.plan', { plan: cost.contract.planName })}
            </Text>
            <Group gap="xs" align="baseline">
              <Text fz={28} fw={700}>
                {money(cost.totalCents)}
              </Text>
              <Text size="sm" c="dimmed">
                {t('cost.perMonthInclVat')}
              </Text>
            </Group>
            <Text size="sm">{t('cost.exclVat', { amount: money(cost.netCents) })}</Text>
          </Stack>
          {prev.contract && (
            <Stack gap={4} align="flex-end">
              <Text size="sm" c="dimmed">
                {t('cost.vsPrevious')}
              </Text>
              <Badge size="lg" color={diff > 0 ? 'orange' : diff < 0 ? 'green' : 'gray'} variant="light">
                {diff === 0 ? t('cost.same') : `${diff > 0 ? '+' : '−'} ${money(Math.abs(diff))}`}
              </Badge>
            </Stack>
          )}
        </Group>
        {cost.changes.length > 0 && (
          <Group gap={6} mt="sm" aria-label={t('cost.changesLabel')}>
            <Text size="sm" fw={500}>
              {t('cost.changes')}
            </Text>
            {cost.changes.map((c) => {
              const delta = c.to - c.from
              return (
                <Badge key={c.class} color={delta > 0 ? 'orange' : 'green'} variant="light">
                  {`${delta > 0 ? '+' : '−'}${Math.abs(delta)} ${t(`cost.unit.${c.class}`, { count: Math.abs(delta) })}`}
                </Badge>
              )
            })}
          </Group>
        )}
      </Card>
      <Table.ScrollContainer minWidth={640}>
        <Table verticalSpacing={6} aria-label={t('cost.tableLabel')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('cost.columns.item')}</Table.Th>
              <Table.Th ta="right">{t('cost.columns.quantity')}</Table.Th>
              <Table.Th ta="right">{t('cost.columns.unit')}</Table.Th>
              <Table.Th ta="right">{t('cost.columns.amount')}</Table.Th>
              <Table.Th ta="right">{t('cost.columns.previous')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={r.key}>
                <Table.Td>{r.key === 'base' ? t('cost.base') : t(`assets.classesPlural.${r.key}`)}</Table.Td>
                <Table.Td ta="right">
                  {r.quantity ?? ''}
                  {r.quantity !== null && r.previousQuantity !== null && r.quantity !== r.previousQuantity && (
                    <Text span size="xs" c={r.quantity > r.previousQuantity ? 'orange.8' : 'green.8'} ml={6}>
                      ({r.quantity > r.previousQuantity ? '+' : '−'}
                      {Math.abs(r.quantity - r.previousQuantity)})
                    </Text>
                  )}
                </Table.Td>
                <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                  {r.unitCents !== null ? money(r.unitCents) : ''}
                </Table.Td>
                <Table.Td
                  ta="right"
                  style={{ whiteSpace: 'nowrap' }}
                  fw={r.changed ? 600 : undefined}
                  bg={r.changed ? 'var(--mantine-color-yellow-light)' : undefined}
                >
                  {money(r.amountCents)}
                </Table.Td>
                <Table.Td ta="right" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                  {prev.contract ? money(r.previousAmountCents) : '—'}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
          <Table.Tfoot>
            {totalRow(t('cost.subtotal'), cost.subtotalCents, prev.subtotalCents)}
            {(cost.discountCents > 0 || prev.discountCents > 0) &&
              totalRow(
                t('cost.discount', { percent: format.number(cost.monthlyDiscountPercent) }),
                -cost.discountCents,
                -prev.discountCents,
              )}
            {totalRow(t('cost.net'), cost.netCents, prev.netCents)}
            {totalRow(t('cost.vat', { percent: format.number(cost.vatPercent) }), cost.vatCents, prev.vatCents)}
            {totalRow(t('cost.total'), cost.totalCents, prev.totalCents, true)}
          </Table.Tfoot>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  )
}
