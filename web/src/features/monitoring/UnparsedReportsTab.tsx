import { Anchor, EmptyState, Stack, Table, Text } from '@mantine/core'
import { IconChecks } from '@tabler/icons-react'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import type { Report } from '../../../../src/modules/monitoring/schema.ts'
import { intlLocale } from '../../app/i18n.ts'
import { useFormatters } from '../../app/useFormatters.ts'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { LoadMoreButton } from '../../components/LoadMoreButton.tsx'
import { PageLoader } from '../../components/PageLoader.tsx'
import { useUnparsedReports } from './api.ts'
import { ClassifyButton, ClassifyModal } from './ClassifyModal.tsx'
import { ReportDrawer } from './ReportDrawer.tsx'
import { formatBytes } from './units.ts'

const nowrap = { whiteSpace: 'nowrap' } as const

/**
 * The reports of all customers that no parser understood, newest first: what came in but is not on the board until
 * a person names its format (or a mail parser of the MSP's own reads it).
 */
export function UnparsedReportsTab({ canClassify }: { canClassify: boolean }) {
  const { t, i18n } = useTranslation()
  const format = useFormatters()
  const locale = intlLocale(i18n.language)
  const reports = useUnparsedReports()
  const [open, setOpen] = useState<{ customerId: string; reportId: string } | null>(null)
  const [classifying, setClassifying] = useState<Report | null>(null)
  const items = reports.data?.pages.flatMap((p) => p.items) ?? []

  return (
    <Stack>
      <Text size="sm" c="dimmed">
        {t('monitoring.unparsed.intro')}
      </Text>
      <ErrorAlert error={reports.error} />
      {reports.isPending ? (
        <PageLoader />
      ) : items.length === 0 ? (
        !reports.error && <EmptyState icon={<IconChecks size={32} />} title={t('monitoring.unparsed.empty')} />
      ) : (
        <Table.ScrollContainer minWidth={900}>
          <Table striped highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('monitoring.ups.customer')}</Table.Th>
                <Table.Th>{t('monitoring.report.receivedAt')}</Table.Th>
                <Table.Th>{t('monitoring.reports.kind')}</Table.Th>
                <Table.Th>{t('monitoring.report.source')}</Table.Th>
                <Table.Th>{t('monitoring.reports.job')}</Table.Th>
                <Table.Th>{t('monitoring.unparsed.reason')}</Table.Th>
                <Table.Th ta="right">{t('monitoring.report.size')}</Table.Th>
                {canClassify && <Table.Th>{t('common.actions')}</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/customers/${r.customerId}/monitoring`} size="sm">
                      {r.customerName}
                    </Anchor>
                  </Table.Td>
                  <Table.Td style={nowrap}>
                    <Anchor
                      component="button"
                      type="button"
                      size="sm"
                      onClick={() => setOpen({ customerId: r.customerId, reportId: r.id })}
                    >
                      {format.dateTime(r.receivedAt)}
                    </Anchor>
                  </Table.Td>
                  <Table.Td style={nowrap}>{t(`monitoring.kinds.${r.kind}`)}</Table.Td>
                  <Table.Td style={nowrap}>{t(`monitoring.sources.${r.source}`)}</Table.Td>
                  <Table.Td>{r.jobHint ?? r.host ?? '—'}</Table.Td>
                  <Table.Td>
                    <Text size="xs" c="dimmed" lineClamp={2} maw={360}>
                      {r.reason ?? '—'}
                    </Text>
                  </Table.Td>
                  <Table.Td ta="right" style={nowrap}>
                    {formatBytes(r.size, locale)}
                  </Table.Td>
                  {canClassify && (
                    <Table.Td>
                      <ClassifyButton onClick={() => setClassifying(r)} />
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <LoadMoreButton
        hasNextPage={reports.hasNextPage}
        isFetchingNextPage={reports.isFetchingNextPage}
        fetchNextPage={reports.fetchNextPage}
      />
      <ReportDrawer target={open} onClose={() => setOpen(null)} />
      <ClassifyModal
        report={classifying}
        onClose={() => setClassifying(null)}
        onOpen={(reportId) => classifying && setOpen({ customerId: classifying.customerId, reportId })}
      />
    </Stack>
  )
}
