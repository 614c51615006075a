import { Box, Card, Checkbox, Group, NumberInput, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import type { SlaPolicy } from '../../../../src/modules/sla/clock.ts'
import { TicketStatus } from '../../../../src/modules/tickets/schema.ts'
import { PriorityBadge } from '../tickets/TicketBadges.tsx'
import { clocks, priorities, type FormErrors, type PolicyForm } from './slaForm.ts'

/** Statuses that may pause the clocks; resolved and closed stop them anyway. */
const pausable = TicketStatus.options.filter((s) => s !== 'resolved' && s !== 'closed')

export interface PolicyEditorProps {
  form: PolicyForm
  onFormChange: (form: PolicyForm) => void
  pauseStatuses: SlaPolicy['pauseStatuses']
  onPauseStatusesChange: (statuses: SlaPolicy['pauseStatuses']) => void
  /** The warning share as typed, in percent. */
  warnPercent: number | string
  onWarnPercentChange: (value: number | string) => void
  calendarOptions: { value: string; label: string }[]
  /** Keyed `policy.P1.firstResponse` and `warnShare`. */
  errors: FormErrors
  readOnly: boolean
  /** Shown above the targets table instead of the general hint. */
  hint?: string
}

/**
 * An SLA policy: the targets per priority and clock (hours in a calendar), the statuses that pause the clocks and
 * when a clock turns orange. The default policy of the desk and a customer's own policy use the same editor.
 */
export function PolicyEditor(props: PolicyEditorProps) {
  const { t } = useTranslation()
  const { form, readOnly, errors } = props
  return (
    <Stack>
      <Card withBorder>
        <Stack gap="xs">
          <Title order={4}>{t('slaSettings.policyTitle')}</Title>
          <Text size="sm" c="dimmed">
            {props.hint ?? t('slaSettings.policyHint')}
          </Text>
          <Table.ScrollContainer minWidth={820}>
            <Table verticalSpacing="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('tickets.columns.priority')}</Table.Th>
                  {clocks.map((c) => (
                    <Table.Th key={c}>{t(`sla.clocks.${c}`)}</Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {priorities.map((p) => (
                  <Table.Tr key={p}>
                    <Table.Td>
                      <PriorityBadge priority={p} />
                    </Table.Td>
                    {clocks.map((c) => {
                      const cell = form[p][c]
                      const label = `${p} ${t(`sla.clocks.${c}`)}`
                      return (
                        <Table.Td key={c}>
                          <Group gap={6} wrap="nowrap" align="flex-start">
                            <NumberInput
                              aria-label={t('slaSettings.hoursFor', { what: label })}
                              placeholder={t('slaSettings.noClock')}
                              value={cell.hours}
                              onChange={(v) =>
                                props.onFormChange({
                                  ...form,
                                  [p]: { ...form[p], [c]: { ...cell, hours: typeof v === 'number' ? v : '' } },
                                })
                              }
                              suffix={` ${t('slaSettings.hoursUnit')}`}
                              decimalSeparator={t('slaSettings.decimalSeparator')}
                              min={0}
                              max={8784}
                              step={1}
                              decimalScale={2}
                              w={100}
                              size="xs"
                              error={errors[`policy.${p}.${c}`]}
                            />
                            <Select
                              aria-label={t('slaSettings.calendarFor', { what: label })}
                              data={props.calendarOptions}
                              value={cell.calendar}
                              onChange={(v) =>
                                props.onFormChange({
                                  ...form,
                                  [p]: { ...form[p], [c]: { ...cell, calendar: v ?? 'business' } },
                                })
                              }
                              allowDeselect={false}
                              disabled={readOnly || cell.hours === ''}
                              w={130}
                              size="xs"
                            />
                          </Group>
                        </Table.Td>
                      )
                    })}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Stack>
      </Card>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Card withBorder>
          <Checkbox.Group
            label={t('slaSettings.pauseStatuses')}
            description={t('slaSettings.pauseStatusesHint')}
            value={props.pauseStatuses}
            onChange={(values) => props.onPauseStatusesChange(pausable.filter((s) => values.includes(s)))}
          >
            <Stack gap={6} mt="xs">
              {pausable.map((s) => (
                <Checkbox key={s} value={s} label={t(`tickets.status.${s}`)} />
              ))}
            </Stack>
          </Checkbox.Group>
        </Card>
        <Card withBorder>
          <NumberInput
            label={t('slaSettings.warnShare')}
            description={t('slaSettings.warnShareHint')}
            value={props.warnPercent}
            onChange={props.onWarnPercentChange}
            min={1}
            max={99}
            suffix=" %"
            allowDecimal={false}
            inputContainer={(children) => <Box w={160}>{children}</Box>}
            error={errors.warnShare}
          />
        </Card>
      </SimpleGrid>
    </Stack>
  )
}
