import {
  Anchor,
  Button,
  Card,
  DataList,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core'
import {
  IconArrowLeft,
  IconBuilding,
  IconDeviceFloppy,
  IconFileInvoice,
  IconFileTypePdf,
  IconUserPlus,
} from '@tabler/icons-react'
import { useState, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate, useParams } from 'react-router'
import { LEAD_STATUSES, type LeadDetail, type LeadStatus } from '../../../../src/modules/leads/schema.ts'
import { ApiError } from '../../app/apiClient.ts'
import { useFormatters } from '../../app/useFormatters.ts'
import { PageLoader } from '../../components/PageLoader.tsx'
import { SuccessAlert } from '../../components/SuccessAlert.tsx'
import { dayMs } from '../assets/AssetBadges.tsx'
import { ModuleErrorAlert } from '../assets/ModuleErrorAlert.tsx'
import { useMe } from '../auth/api.ts'
import { quotePdfUrl, useLead, useUpdateLead } from './api.ts'
import { ConvertModal } from './ConvertModal.tsx'
import { LeadStatusBadge } from './LeadStatusBadge.tsx'
import { QuoteModal } from './QuoteModal.tsx'

/** `/leads/:id`: one request, its handling (status, notes), its quotes, and making it a customer. */
export function LeadPage() {
  const { t } = useTranslation()
  const { id = '' } = useParams()
  const lead = useLead(id)
  if (lead.isPending) {
    return <PageLoader />
  }
  if (lead.isError) {
    const missing = lead.error instanceof ApiError && (lead.error.status === 404 || lead.error.status === 400)
    return (
      <Stack maw={1000}>
        <BackLink />
        {missing ? <Text>{t('leads.notFound')}</Text> : <ModuleErrorAlert error={lead.error} />}
      </Stack>
    )
  }
  return <LeadView key={lead.data.id} lead={lead.data} />
}

function BackLink() {
  const { t } = useTranslation()
  return (
    <Anchor component={Link} to="/leads" size="sm">
      <Group gap={4}>
        <IconArrowLeft size={14} />
        {t('leads.backToList')}
      </Group>
    </Anchor>
  )
}

function LeadView({ lead }: { lead: LeadDetail }) {
  const { t } = useTranslation()
  const format = useFormatters()
  const navigate = useNavigate()
  const me = useMe()
  // Status, notes, quotes and conversion are for admins and billing staff; technicians read.
  const canChange = me.data?.role === 'admin' || me.data?.role === 'billing'
  const converted = lead.contractId !== null
  const update = useUpdateLead(lead.id)
  const [status, setStatus] = useState<LeadStatus>(lead.status)
  const [notes, setNotes] = useState(lead.notes ?? '')
  const [quoting, setQuoting] = useState(false)
  const [converting, setConverting] = useState(false)
  const [notice, setNotice] = useState<string | null>(null)
  const dirty = status !== lead.status || notes.trim() !== (lead.notes ?? '')

  function save() {
    setNotice(null)
    update.mutate(
      {
        ...(status !== lead.status && { status }),
        ...(notes.trim() !== (lead.notes ?? '') && { notes }),
      },
      { onSuccess: () => setNotice(t('common.saved')) },
    )
  }

  const rows: [string, ReactNode][] = [
    [t('leads.name'), lead.name],
    [
      t('leads.email'),
      <Anchor key="e" href={`mailto:${lead.email}`} size="sm">
        {lead.email}
      </Anchor>,
    ],
    [t('leads.phone'), lead.phone ?? '—'],
    [t('leads.servers'), lead.servers ?? '—'],
    [t('leads.workstations'), lead.workstations ?? '—'],
    [t('leads.language'), t(`language.${lead.locale}`)],
    [t('leads.received'), format.dateTime(lead.createdAt)],
  ]

  return (
    <Stack maw={1000}>
      <BackLink />
      <Group justify="space-between" align="flex-start">
        <Group gap="sm">
          <Title order={2}>{lead.company}</Title>
          <LeadStatusBadge status={lead.status} />
        </Group>
        <Group gap="xs">
          {lead.customerId && (
            <Button
              component={Link}
              to={`/customers/${lead.customerId}`}
              variant="default"
              leftSection={<IconBuilding size={16} />}
            >
              {t('leads.toCustomer')}
            </Button>
          )}
          {canChange && !converted && (
            <>
              <Button variant="default" leftSection={<IconFileInvoice size={16} />} onClick={() => setQuoting(true)}>
                {t('leads.makeQuote')}
              </Button>
              <Button leftSection={<IconUserPlus size={16} />} onClick={() => setConverting(true)}>
                {t('leads.convert')}
              </Button>
            </>
          )}
        </Group>
      </Group>
      <SuccessAlert message={notice} onClose={() => setNotice(null)} />

      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Card withBorder>
          <Stack gap="sm">
            <Title order={4}>{t('leads.request')}</Title>
            <DataList labelWidth={150}>
              {rows.map(([label, value]) => (
                <DataList.Item key={label}>
                  <DataList.ItemLabel>{label}</DataList.ItemLabel>
                  <DataList.ItemValue>{value}</DataList.ItemValue>
                </DataList.Item>
              ))}
            </DataList>
            <Text size="sm" fw={500}>
              {t('leads.question')}
            </Text>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {lead.question}
            </Text>
          </Stack>
        </Card>
        <Card withBorder>
          <Stack gap="sm">
            <Title order={4}>{t('leads.handling')}</Title>
            <Select
              label={t('leads.statusLabel')}
              data={LEAD_STATUSES.map((s) => ({ value: s, label: t(`leads.status.${s}`) }))}
              value={status}
              onChange={(s) => s && setStatus(s)}
              allowDeselect={false}
              disabled={!canChange || converted}
              description={converted ? t('leads.statusFixed') : undefined}
            />
            <Textarea
              label={t('leads.notes')}
              description={t('leads.notesHint')}
              autosize
              minRows={4}
              value={notes}
              onChange={(e) => setNotes(e.currentTarget.value)}
              disabled={!canChange}
            />
            <ModuleErrorAlert error={update.error} />
            {canChange && (
              <Group justify="flex-end">
                <Button
                  leftSection={<IconDeviceFloppy size={16} />}
                  disabled={!dirty}
                  loading={update.isPending}
                  onClick={save}
                >
                  {t('common.save')}
                </Button>
              </Group>
            )}
          </Stack>
        </Card>
      </SimpleGrid>

      <Stack gap="xs">
        <Title order={4}>{t('leads.quotes')}</Title>
        {lead.quotes.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('leads.noQuotes')}
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={640}>
            <Table verticalSpacing={6}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('leads.quoteNumber')}</Table.Th>
                  <Table.Th>{t('contracts.plan')}</Table.Th>
                  <Table.Th ta="right">{t('leads.perMonth')}</Table.Th>
                  <Table.Th>{t('leads.quoteDate')}</Table.Th>
                  <Table.Th>{t('leads.validUntil')}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {lead.quotes.map((q) => (
                  <Table.Tr key={q.id}>
                    <Table.Td ff="monospace">{q.number}</Table.Td>
                    <Table.Td>{q.planName}</Table.Td>
                    <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                      {format.money(q.totalCents, q.currency)}
                    </Table.Td>
                    <Table.Td>{format.date(dayMs(q.date))}</Table.Td>
                    <Table.Td>{format.date(dayMs(q.validUntil))}</Table.Td>
                    <Table.Td>
                      <Anchor href={quotePdfUrl(q.id)} target="_blank" size="sm">
                        <Group gap={4} wrap="nowrap">
                          <IconFileTypePdf size={16} />
                          {t('leads.pdf')}
                        </Group>
                      </Anchor>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {lead.quotes.length > 0 && (
          <Text size="xs" c="dimmed">
            {t('leads.totalsHint')}
          </Text>
        )}
      </Stack>

      {canChange && (
        <>
          <QuoteModal opened={quoting} lead={lead} onClose={() => setQuoting(false)} />
          <ConvertModal
            opened={converting}
            lead={lead}
            onClose={() => setConverting(false)}
            onConverted={(customerId) => void navigate(`/customers/${customerId}/contract`)}
          />
        </>
      )}
    </Stack>
  )
}
