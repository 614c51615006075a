import { Anchor, Group, Select, Stack, Table, Text } from '@mantine/core'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { REPORT_KINDS, REPORT_STATUSES, type Report } from '../../../../src/modules/monitoring/schema.ts'
import { intlLocale } from '../../app/i18n.ts'
import { useFormatters } from '../../app/useFormatters.ts'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { LoadMoreButton } from '../../components/LoadMoreButton.tsx'
import { PageLoader } from '../../components/PageLoader.tsx'
import { useReports, type ReportFilter } from './api.ts'
import { ClassifyButton, ClassifyModal } from './ClassifyModal.tsx'
import { ReportDrawer } from './ReportDrawer.tsx'
import { ReportStatusBadge } from './ReportStatusBadge.tsx'
import { formatBytes } from './units.ts'

/** A customer's reports, newest first; one that nothing understood can be classified by choosing its format. */
export function ReportList({ customerId, canClassify }: { customerId: string; canClassify: boolean }) {
  const { t, i18n } = useTranslation()
  const format = useFormatters()
  const locale = intlLocale(i18n.language)
  const [filter, setFilter] = useState<ReportFilter>({})
  const reports = useReports(customerId, filter)
  const [open, setOpen] = useState<string | null>(null)
  const [classifying, setClassifying] = useState<Report | null>(null)
  const items = reports.data?.pages.flatMap((p) => p.items) ?? []

  return (
    <Stack>
      <Group>
        <Select
          label={t('monitoring.reports.kind')}
          placeholder={t('monitoring.reports.all')}
          data={REPORT_KINDS.map((k) => ({ value: k, label: t(`monitoring.kinds.${k}`) }))}
          value={filter.kind ?? null}
          onChange={(kind) => setFilter({ ...filter, kind: (kind as ReportFilter['kind']) ?? undefined })}
          clearable
          w={180}
        />
        <Select
          label={t('monitoring.reports.status')}
          placeholder={t('monitoring.reports.all')}
          data={REPORT_STATUSES.map((s) => ({ value: s, label: t(`monitoring.reportStatus.${s}`) }))}
          value={filter.status ?? null}
          onChange={(status) => setFilter({ ...filter, status: (status as ReportFilter['status']) ?? undefined })}
          clearable
          w={200}
        />
      </Group>
      <ErrorAlert error={reports.error} />
      {reports.isPending ? (
        <PageLoader />
      ) : items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('monitoring.reports.empty')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={800}>
          <Table striped highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('monitoring.report.receivedAt')}</Table.Th>
                <Table.Th>{t('monitoring.reports.kind')}</Table.Th>
                <Table.Th>{t('monitoring.reports.job')}</Table.Th>
                <Table.Th>{t('monitoring.report.format')}</Table.Th>
                <Table.Th>{t('monitoring.reports.status')}</Table.Th>
                <Table.Th ta="right">{t('monitoring.report.size')}</Table.Th>
                <Table.Th>{t('common.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <Anchor component="button" type="button" size="sm" onClick={() => setOpen(r.id)}>
                      {format.dateTime(r.receivedAt)}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{t(`monitoring.kinds.${r.kind}`)}</Table.Td>
                  <Table.Td>{r.jobHint ?? r.host ?? '—'}</Table.Td>
                  <Table.Td>{r.format ?? '—'}</Table.Td>
                  <Table.Td>
                    <Stack gap={2}>
                      <ReportStatusBadge status={r.status} />
                      {r.status === 'unparsed' && r.reason && (
                        <Text size="xs" c="dimmed" lineClamp={2} maw={320}>
                          {r.reason}
                        </Text>
                      )}
                    </Stack>
                  </Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                    {formatBytes(r.size, locale)}
                  </Table.Td>
                  <Table.Td>
                    {canClassify && r.status === 'unparsed' && <ClassifyButton onClick={() => setClassifying(r)} />}
                  </Table.Td>
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
      <ReportDrawer target={open ? { customerId, reportId: open } : null} onClose={() => setOpen(null)} />
      <ClassifyModal report={classifying} onClose={() => setClassifying(null)} onOpen={setOpen} />
    </Stack>
  )
}
