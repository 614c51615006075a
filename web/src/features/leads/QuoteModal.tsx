import { Alert, Anchor, Button, Group, Modal, NumberInput, Select, SimpleGrid, Stack, Table, Text } from '@mantine/core'
import { IconFileTypePdf } from '@tabler/icons-react'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { ASSET_CLASSES, type AssetClass } from '../../../../src/modules/assets/classes.ts'
import type { LeadDetail, Quote } from '../../../../src/modules/leads/schema.ts'
import { useFormatters } from '../../app/useFormatters.ts'
import { moduleFieldErrors } from '../assets/moduleProblems.ts'
import { ModuleErrorAlert } from '../assets/ModuleErrorAlert.tsx'
import { usePlans } from '../contracts/api.ts'
import { useCreateQuote } from './api.ts'

interface QuoteModalProps {
  opened: boolean
  lead: LeadDetail
  onClose: () => void
}

/**
 * "Offerte maken": a plan and the numbers of assets per class (servers and workstations as the prospect stated
 * them), priced by the server; the answer shows the monthly price and links to the PDF in the prospect's language.
 */
export function QuoteModal({ opened, lead, onClose }: QuoteModalProps) {
  const { t } = useTranslation()
  return (
    <Modal opened={opened} onClose={onClose} title={t('leads.quoteTitle', { company: lead.company })} size="lg">
      {opened && <QuoteForm lead={lead} onClose={onClose} />}
    </Modal>
  )
}

function QuoteForm({ lead, onClose }: { lead: LeadDetail; onClose: () => void }) {
  const { t } = useTranslation()
  const format = useFormatters()
  const plans = usePlans('active')
  const create = useCreateQuote(lead.id)
  const [planId, setPlanId] = useState<string | null>(lead.quotes[0]?.planId ?? null)
  const [counts, setCounts] = useState<Record<AssetClass, number | string>>(() => {
    const initial = Object.fromEntries(ASSET_CLASSES.map((c) => [c, 0])) as Record<AssetClass, number | string>
    initial.server = lead.servers ?? 0
    initial.workstation = lead.workstations ?? 0
    return initial
  })
  const [validDays, setValidDays] = useState<number | string>(30)
  const [planError, setPlanError] = useState<string | null>(null)
  const [quote, setQuote] = useState<Quote | null>(null)
  const serverErrors = moduleFieldErrors(create.error, t)

  function submit(event: FormEvent) {
    event.preventDefault()
    if (!planId) {
      setPlanError(t('validation.required'))
      return
    }
    setPlanError(null)
    const body = {
      planId,
      counts: Object.fromEntries(ASSET_CLASSES.map((c) => [c, Number(counts[c]) || 0])),
      validDays: Number(validDays) || 30,
    }
    create.mutate(body, { onSuccess: setQuote })
  }

  if (quote) {
    const money = (cents: number) => format.money(cents, quote.currency)
    return (
      <Stack>
        <Alert color="green" title={t('leads.quoteMade', { number: quote.number })}>
          {t('leads.quoteTotal', { amount: money(quote.totalCents), net: money(quote.netCents) })}
        </Alert>
        <Table verticalSpacing={4} fz="sm">
          <Table.Tbody>
            {quote.lines.map((line, i) => (
              <Table.Tr key={i}>
                <Table.Td>{line.label}</Table.Td>
                <Table.Td ta="right">{money(line.amountCents)}</Table.Td>
              </Table.Tr>
            ))}
            <Table.Tr>
              <Table.Td ta="right">{t('cost.vat', { percent: format.number(quote.vatPercent) })}</Table.Td>
              <Table.Td ta="right">{money(quote.vatCents)}</Table.Td>
            </Table.Tr>
            <Table.Tr fw={700}>
              <Table.Td ta="right">{t('cost.total')}</Table.Td>
              <Table.Td ta="right">{money(quote.totalCents)}</Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
        <Group justify="space-between">
          <Anchor href={quote.pdf} target="_blank">
            <Group gap={4}>
              <IconFileTypePdf size={18} />
              {t('leads.openPdf')}
            </Group>
          </Anchor>
          <Group gap="xs">
            <Button variant="default" onClick={() => setQuote(null)}>
              {t('leads.anotherQuote')}
            </Button>
            <Button onClick={onClose}>{t('common.close')}</Button>
          </Group>
        </Group>
      </Stack>
    )
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Select
          label={t('contracts.plan')}
          placeholder={t('contracts.form.choosePlan')}
          data={(plans.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
          value={planId}
          onChange={setPlanId}
          required
          nothingFoundMessage={plans.isPending ? t('common.loading') : t('contracts.form.noPlans')}
          error={planError ?? serverErrors.planId}
          openOnFocus={false}
          data-autofocus
        />
        <Text size="sm" fw={500}>
          {t('leads.counts')}
        </Text>
        <Text size="xs" c="dimmed" mt={-10}>
          {t('leads.countsHint')}
        </Text>
        <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs">
          {ASSET_CLASSES.map((c) => (
            <NumberInput
              key={c}
              size="xs"
              label={t(`assets.classesPlural.${c}`)}
              value={counts[c]}
              onChange={(n) => setCounts({ ...counts, [c]: n })}
              min={0}
              max={100000}
              allowDecimal={false}
              allowNegative={false}
              error={serverErrors[`counts.${c}`]}
            />
          ))}
        </SimpleGrid>
        <NumberInput
          label={t('leads.validDays')}
          suffix={` ${t('leads.days')}`}
          value={validDays}
          onChange={setValidDays}
          min={1}
          max={365}
          allowDecimal={false}
          w={180}
        />
        <ModuleErrorAlert error={create.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={create.isPending}>
            {t('leads.computeQuote')}
          </Button>
        </Group>
      </Stack>
    </form>
  )
}
