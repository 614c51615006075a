import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  DataList,
  FileButton,
  Group,
  Modal,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core'
import {
  IconCircleCheck,
  IconDownload,
  IconFileCertificate,
  IconInfoCircle,
  IconPencil,
  IconPlayerStop,
  IconPlus,
  IconUpload,
} from '@tabler/icons-react'
import { useState, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import type { Contract } from '../../../../src/modules/contracts/schema.ts'
import { ApiError } from '../../app/apiClient.ts'
import { useFormatters } from '../../app/useFormatters.ts'
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx'
import { PageLoader } from '../../components/PageLoader.tsx'
import { SuccessAlert } from '../../components/SuccessAlert.tsx'
import { formatDay, isoDay, parseDay } from '../audit/dayInput.ts'
import { dayMs } from '../assets/AssetBadges.tsx'
import { DayField } from '../assets/DayField.tsx'
import { ModuleErrorAlert } from '../assets/ModuleErrorAlert.tsx'
import { contractDocumentUrl, useContracts, useUpdateContract, useUploadContractDocument } from './api.ts'
import { ContractFormModal } from './ContractFormModal.tsx'
import { ContractTerms } from './ContractTerms.tsx'

const statusColors: Record<Contract['status'], string> = { draft: 'yellow', active: 'green', ended: 'gray' }

export function ContractStatusBadge({ status }: { status: Contract['status'] }) {
  const { t } = useTranslation()
  return (
    <Badge color={statusColors[status]} variant="light">
      {t(`contracts.status.${status}`)}
    </Badge>
  )
}

/** The day before `iso` (`YYYY-MM-DD`): when a replaced contract ends. */
function dayBefore(iso: string): string {
  const d = parseDay(iso)
  if (!d) {
    return iso
  }
  const prev = new Date(Date.UTC(d.year, d.month - 1, d.day - 1))
  return prev.toISOString().slice(0, 10)
}

interface ContractSectionProps {
  customerId: string
  /** Admins and billing staff draw up, activate and end contracts; other staff and contacts read. */
  canEdit: boolean
  staff: boolean
}

/**
 * "Contract": the contract in force (its plan, dates and what it covers), drafts being prepared, and the history.
 * Activating a draft while another is active asks first: the old one then ends the day before the new one starts.
 */
export function ContractSection({ customerId, canEdit, staff }: ContractSectionProps) {
  const { t } = useTranslation()
  const contracts = useContracts(customerId)
  const update = useUpdateContract(customerId)
  const uploadDoc = useUploadContractDocument(customerId)
  const [editing, setEditing] = useState<{ contract: Contract | null } | null>(null)
  const [replacing, setReplacing] = useState<Contract | null>(null)
  const [ending, setEnding] = useState<Contract | null>(null)
  const [notice, setNotice] = useState<string | null>(null)

  const items = contracts.data ?? []
  const active = items.find((c) => c.status === 'active') ?? null
  const drafts = items.filter((c) => c.status === 'draft')
  const ended = items.filter((c) => c.status === 'ended')

  function activate(contract: Contract, replace: boolean) {
    setNotice(null)
    update.mutate(
      { id: contract.id, patch: replace ? { status: 'active', replace: true } : { status: 'active' } },
      {
        onSuccess: () => {
          setReplacing(null)
          setNotice(t('contracts.activated', { plan: contract.plan.name }))
        },
        onError: (error) => {
          // Another contract is in force: ask before it is ended, instead of showing an error.
          if (!replace && error instanceof ApiError && error.code === 'contract_already_active') {
            update.reset()
            setReplacing(contract)
          }
        },
      },
    )
  }

  function upload(contract: Contract, file: File | null) {
    if (!file) {
      return
    }
    setNotice(null)
    uploadDoc.mutate(
      { contractId: contract.id, file },
      { onSuccess: () => setNotice(t('contracts.document.uploaded', { name: file.name })) },
    )
  }

  const actions = (c: Contract) => (
    <ContractActions
      contract={c}
      canEdit={canEdit}
      busy={
        (update.isPending && update.variables.id === c.id) ||
        (uploadDoc.isPending && uploadDoc.variables.contractId === c.id)
      }
      onEdit={() => setEditing({ contract: c })}
      onActivate={() => activate(c, false)}
      onEnd={() => setEnding(c)}
      onUpload={(file) => upload(c, file)}
    />
  )

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={3}>{t('contracts.title')}</Title>
        {canEdit && (
          <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing({ contract: null })}>
            {t('contracts.newDraft')}
          </Button>
        )}
      </Group>
      <SuccessAlert message={notice} onClose={() => setNotice(null)} />
      <ModuleErrorAlert error={update.error} />
      <ModuleErrorAlert error={uploadDoc.error} />
      <ModuleErrorAlert error={contracts.error} />
      {contracts.isPending ? (
        <PageLoader />
      ) : (
        <>
          {active ? (
            <Card withBorder>
              <Stack>
                <ContractHeader contract={active} actions={actions(active)} />
                <ContractFacts contract={active} staff={staff} />
                <ContractTerms terms={active.terms} />
              </Stack>
            </Card>
          ) : (
            <Alert color="blue" icon={<IconInfoCircle size={18} />}>
              {staff ? t('contracts.noneActiveStaff') : t('contracts.noneActive')}
            </Alert>
          )}
          {drafts.length > 0 && (
            <Stack gap="xs">
              <Title order={4}>{t('contracts.drafts')}</Title>
              {drafts.map((d) => (
                <Card key={d.id} withBorder>
                  <Stack gap="sm">
                    <ContractHeader contract={d} actions={actions(d)} />
                    <ContractFacts contract={d} staff={staff} />
                  </Stack>
                </Card>
              ))}
            </Stack>
          )}
          {ended.length > 0 && <History contracts={ended} />}
        </>
      )}

      <ContractFormModal
        editing={editing}
        customerId={customerId}
        onClose={() => setEditing(null)}
        onSaved={(c, created) => {
          setEditing(null)
          setNotice(created ? t('contracts.draftCreated', { plan: c.plan.name }) : t('common.saved'))
        }}
      />
      <ConfirmDialog
        opened={replacing !== null}
        title={t('contracts.replaceTitle')}
        message={
          replacing && active
            ? t('contracts.replaceConfirm', {
                old: active.plan.name,
                plan: replacing.plan.name,
                end: formatDay(parseDay(dayBefore(replacing.startDate)) ?? { year: 1970, month: 1, day: 1 }),
              })
            : t('contracts.replaceConfirmShort')
        }
        confirmLabel={t('contracts.replace')}
        loading={update.isPending}
        error={<ModuleErrorAlert error={update.error} />}
        onCancel={() => {
          setReplacing(null)
          update.reset()
        }}
        onConfirm={() => replacing && activate(replacing, true)}
      />
      <EndContractModal
        contract={ending}
        customerId={customerId}
        onClose={() => setEnding(null)}
        onEnded={(c) => {
          setEnding(null)
          setNotice(t('contracts.endedNotice', { plan: c.plan.name }))
        }}
      />
    </Stack>
  )
}

function ContractHeader({ contract, actions }: { contract: Contract; actions: ReactNode }) {
  return (
    <Group justify="space-between" align="flex-start">
      <Group gap="sm">
        <IconFileCertificate size={22} />
        <Title order={4}>{contract.plan.name}</Title>
        <ContractStatusBadge status={contract.status} />
      </Group>
      {actions}
    </Group>
  )
}

interface ContractActionsProps {
  contract: Contract
  canEdit: boolean
  busy: boolean
  onEdit: () => void
  onActivate: () => void
  onEnd: () => void
  onUpload: (file: File | null) => void
}

function ContractActions({ contract, canEdit, busy, onEdit, onActivate, onEnd, onUpload }: ContractActionsProps) {
  const { t } = useTranslation()
  return (
    <Group gap="xs">
      {contract.document && (
        <Button
          component="a"
          href={contractDocumentUrl(contract.id)}
          variant="default"
          size="xs"
          leftSection={<IconDownload size={14} />}
        >
          {t('contracts.document.download')}
        </Button>
      )}
      {canEdit && contract.status !== 'ended' && (
        <>
          <FileButton onChange={onUpload} accept="application/pdf">
            {(props) => (
              <Button {...props} variant="default" size="xs" leftSection={<IconUpload size={14} />} disabled={busy}>
                {contract.document ? t('contracts.document.replace') : t('contracts.document.upload')}
              </Button>
            )}
          </FileButton>
          <Button variant="default" size="xs" leftSection={<IconPencil size={14} />} onClick={onEdit} disabled={busy}>
            {t('common.edit')}
          </Button>
        </>
      )}
      {canEdit && contract.status === 'draft' && (
        <Button size="xs" leftSection={<IconCircleCheck size={14} />} onClick={onActivate} loading={busy}>
          {t('contracts.activate')}
        </Button>
      )}
      {canEdit && contract.status === 'active' && (
        <Button
          variant="default"
          color="red"
          size="xs"
          leftSection={<IconPlayerStop size={14} />}
          onClick={onEnd}
          disabled={busy}
        >
          {t('contracts.end')}
        </Button>
      )}
    </Group>
  )
}

/** Dates, term, notice, indexation and the deviations from the plan. */
function ContractFacts({ contract: c, staff }: { contract: Contract; staff: boolean }) {
  const { t } = useTranslation()
  const format = useFormatters()
  const day = (iso: string) => format.date(dayMs(iso))
  const o = c.overrides
  const deviations: string[] = []
  if (o.baseFeeCents !== undefined) {
    deviations.push(t('contracts.deviation.baseFee', { amount: format.money(o.baseFeeCents) }))
  }
  for (const [cls, cents] of Object.entries(o.unitPricesCents ?? {})) {
    deviations.push(
      t('contracts.deviation.unitPrice', {
        class: t(`assets.classes.${cls as 'server'}`),
        amount: format.money(cents),
      }),
    )
  }
  if (o.serviceDiscountPercent !== undefined) {
    deviations.push(t('contracts.deviation.serviceDiscount', { percent: format.number(o.serviceDiscountPercent) }))
  }
  if (o.services && Object.keys(o.services).length > 0) {
    deviations.push(t('contracts.deviation.services'))
  }
  if (o.policy) {
    deviations.push(t('contracts.deviation.policy'))
  }
  const rows: [string, ReactNode][] = [
    [t('contracts.startDate'), day(c.startDate)],
    [t('contracts.termMonths'), t('contracts.monthsCount', { count: c.termMonths })],
    [t('contracts.noticeMonths'), t('contracts.monthsCount', { count: c.noticeMonths })],
    [t('contracts.indexation'), `${format.number(c.indexationPercent)}% ${t('contracts.perYear')}`],
  ]
  if (c.monthlyDiscountPercent > 0) {
    rows.push([t('contracts.monthlyDiscount'), `${format.number(c.monthlyDiscountPercent)}%`])
  }
  if (c.endDate) {
    rows.push([t('contracts.endDate'), day(c.endDate)])
  }
  if (deviations.length > 0) {
    rows.push([t('contracts.deviations'), deviations.join('; ')])
  }
  rows.push([
    t('contracts.document.label'),
    c.document ? (
      <Anchor href={contractDocumentUrl(c.id)} size="sm">
        {c.document.filename}
        <Text span size="xs" c="dimmed">
          {' '}
          ({format.bytes(c.document.size)}, {format.date(c.document.uploadedAt)})
        </Text>
      </Anchor>
    ) : (
      <Text span size="sm" c="dimmed">
        {staff ? t('contracts.document.noneStaff') : t('contracts.document.none')}
      </Text>
    ),
  ])
  return (
    <DataList labelWidth={190}>
      {rows.map(([label, value]) => (
        <DataList.Item key={label}>
          <DataList.ItemLabel>{label}</DataList.ItemLabel>
          <DataList.ItemValue>{value}</DataList.ItemValue>
        </DataList.Item>
      ))}
    </DataList>
  )
}

function History({ contracts }: { contracts: Contract[] }) {
  const { t } = useTranslation()
  const format = useFormatters()
  return (
    <Stack gap="xs">
      <Title order={4}>{t('contracts.history')}</Title>
      <Table.ScrollContainer minWidth={560}>
        <Table verticalSpacing={6}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('contracts.plan')}</Table.Th>
              <Table.Th>{t('contracts.startDate')}</Table.Th>
              <Table.Th>{t('contracts.endDate')}</Table.Th>
              <Table.Th>{t('contracts.document.label')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {contracts.map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td>{c.plan.name}</Table.Td>
                <Table.Td>{format.date(dayMs(c.startDate))}</Table.Td>
                <Table.Td>{c.endDate ? format.date(dayMs(c.endDate)) : '—'}</Table.Td>
                <Table.Td>
                  {c.document ? (
                    <Anchor href={contractDocumentUrl(c.id)} size="sm">
                      {c.document.filename}
                    </Anchor>
                  ) : (
                    '—'
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  )
}

interface EndContractModalProps {
  contract: Contract | null
  customerId: string
  onClose: () => void
  onEnded: (contract: Contract) => void
}

/** Ends the contract in force on a chosen day (today by default); the customer's SLA goes back to the default. */
function EndContractModal({ contract, customerId, onClose, onEnded }: EndContractModalProps) {
  const { t } = useTranslation()
  const update = useUpdateContract(customerId)
  const today = new Date()
  const [endDate, setEndDate] = useState(() =>
    formatDay({ year: today.getFullYear(), month: today.getMonth() + 1, day: today.getDate() }),
  )
  const [error, setError] = useState<string | null>(null)

  function submit() {
    const day = parseDay(endDate)
    if (!day || !contract) {
      setError(t('assets.form.badDate'))
      return
    }
    setError(null)
    update.mutate(
      { id: contract.id, patch: { status: 'ended', endDate: isoDay(day) } },
      { onSuccess: (c) => onEnded(c) },
    )
  }

  return (
    <Modal
      opened={contract !== null}
      onClose={() => {
        update.reset()
        onClose()
      }}
      title={t('contracts.endTitle')}
    >
      <Stack>
        <Text size="sm">{t('contracts.endText', { plan: contract?.plan.name ?? '' })}</Text>
        <DayField
          label={t('contracts.endDate')}
          description={t('contracts.endDateHint')}
          value={endDate}
          onChange={setEndDate}
          error={error ?? undefined}
          w={220}
          data-autofocus
        />
        <ModuleErrorAlert error={update.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button color="red" loading={update.isPending} onClick={submit}>
            {t('contracts.end')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}
