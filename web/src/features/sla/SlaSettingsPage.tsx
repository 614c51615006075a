import {
  Alert,
  Box,
  Button,
  Card,
  Group,
  Modal,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Tabs,
  Text,
  TextInput,
  Title,
} from '@mantine/core'
import { IconDeviceFloppy, IconInfoCircle, IconPlus } from '@tabler/icons-react'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { IMPACTS, SEVERITIES, URGENCIES } from '../../../../src/modules/sla/priority.ts'
import { Priority } from '../../../../src/modules/tickets/schema.ts'
import { ApiError } from '../../app/apiClient.ts'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { PageLoader } from '../../components/PageLoader.tsx'
import { SuccessAlert } from '../../components/SuccessAlert.tsx'
import { useMe } from '../auth/api.ts'
import { calendarName } from '../tickets/calendarName.ts'
import { useSlaConfig, useUpdateSlaConfig, type CalendarSpec, type SlaConfig } from './api.ts'
import { CalendarEditor } from './CalendarEditor.tsx'
import { PolicyEditor } from './PolicyEditor.tsx'
import { ReadOnlyFieldset } from './ReadOnlyFieldset.tsx'
import { calendarKey, checkHours, policyFromForm, policyToForm, type FormErrors, type PolicyForm } from './slaForm.ts'

/** `/settings/sla`: the SLA rules of the whole desk. Admins change them; other staff read them. */
export function SlaSettingsPage() {
  const { t } = useTranslation()
  const me = useMe()
  const config = useSlaConfig()
  if (config.isPending || !me.data) {
    return <PageLoader />
  }
  if (config.isError) {
    return (
      <Stack maw={1100}>
        <Title order={2}>{t('slaSettings.title')}</Title>
        <ErrorAlert error={config.error} />
      </Stack>
    )
  }
  return <SlaSettingsForm config={config.data} readOnly={me.data.role !== 'admin'} />
}

const newCalendarSpec: CalendarSpec = {
  timeZone: 'Europe/Amsterdam',
  alwaysOpen: false,
  hours: [1, 2, 3, 4, 5].map((day) => ({ day, from: '08:30', to: '17:30' })),
  holidays: { country: 'NL' },
  closures: [],
}

function SlaSettingsForm({ config, readOnly }: { config: SlaConfig; readOnly: boolean }) {
  const { t } = useTranslation()
  const save = useUpdateSlaConfig()
  const [draft, setDraft] = useState<SlaConfig>(config)
  const [policy, setPolicy] = useState<PolicyForm>(() => policyToForm(config.policy, 'business'))
  const [warnPercent, setWarnPercent] = useState<number | string>(Math.round(config.policy.warnShare * 100))
  const [errors, setErrors] = useState<FormErrors>({})
  const [notice, setNotice] = useState<string | null>(null)
  const [tab, setTab] = useState<string | null>('policy')
  const [calendarTab, setCalendarTab] = useState<string | null>(Object.keys(config.calendars)[0] ?? null)
  const [newCalendar, setNewCalendar] = useState<string | null>(null)
  const calendarKeys = Object.keys(draft.calendars)
  const calendarOptions = calendarKeys.map((key) => ({ value: key, label: calendarName(key, t) }))
  const [dirty, setDirty] = useState(false)

  useEffect(() => {
    if (!dirty) {
      return
    }
    // Leaving with unsaved changes asks first, as any form with many fields should.
    const warn = (e: BeforeUnloadEvent) => e.preventDefault()
    window.addEventListener('beforeunload', warn)
    return () => window.removeEventListener('beforeunload', warn)
  }, [dirty])

  const change = <K extends keyof SlaConfig>(key: K, value: SlaConfig[K]) => {
    setDraft((d) => ({ ...d, [key]: value }))
    setDirty(true)
  }

  function submit() {
    const built = policyFromForm(policy, draft.policy.pauseStatuses, warnPercent, calendarKeys, (problem) =>
      t(`slaSettings.errors.${problem}`),
    )
    const found: FormErrors = { ...built.errors }
    for (const [key, spec] of Object.entries(draft.calendars)) {
      for (const [field, message] of Object.entries(
        checkHours(spec.hours, (problem) => t(`slaSettings.errors.${problem}`)),
      )) {
        found[`calendars.${key}.${field}`] = message
      }
    }
    setErrors(found)
    if (Object.keys(found).length > 0 || !built.policy) {
      const first = Object.keys(found)[0] ?? ''
      setTab(first.startsWith('calendars.') ? 'calendars' : 'policy')
      if (first.startsWith('calendars.')) {
        setCalendarTab(first.split('.')[1] ?? null)
      }
      return
    }
    const next = { ...draft, policy: built.policy }
    save.mutate(next, {
      onSuccess: () => {
        setDirty(false)
        setNotice(t('slaSettings.saved'))
      },
    })
  }

  const serverFieldErrors = save.error instanceof ApiError ? Object.entries(save.error.fieldErrors) : []
  const calendarErrors = (key: string): FormErrors =>
    Object.fromEntries(
      Object.entries(errors)
        .filter(([k]) => k.startsWith(`calendars.${key}.`))
        .map(([k, v]) => [k.slice(`calendars.${key}.`.length), v]),
    )

  return (
    <Stack maw={1100}>
      <Group justify="space-between">
        <Title order={2}>{t('slaSettings.title')}</Title>
        {!readOnly && (
          <Group gap="sm">
            {dirty && (
              <Text size="sm" c="orange.8">
                {t('slaSettings.unsaved')}
              </Text>
            )}
            <Button leftSection={<IconDeviceFloppy size={16} />} onClick={submit} loading={save.isPending}>
              {t('common.save')}
            </Button>
          </Group>
        )}
      </Group>
      {readOnly && (
        <Alert color="blue" icon={<IconInfoCircle size={18} />}>
          {t('slaSettings.readOnly')}
        </Alert>
      )}
      <SuccessAlert message={notice} onClose={() => setNotice(null)} />
      <ErrorAlert error={save.error} />
      {serverFieldErrors.length > 0 && (
        <Alert color="red" variant="light">
          <Stack gap={2}>
            {serverFieldErrors.map(([path, message]) => (
              <Text key={path} size="sm">
                <Text span ff="monospace" size="xs">
                  {path}
                </Text>
                : {message}
              </Text>
            ))}
          </Stack>
        </Alert>
      )}
      <Tabs value={tab} onChange={setTab}>
        <Tabs.List>
          <Tabs.Tab value="policy">{t('slaSettings.tabs.policy')}</Tabs.Tab>
          <Tabs.Tab value="calendars">{t('slaSettings.tabs.calendars')}</Tabs.Tab>
          <Tabs.Tab value="priorities">{t('slaSettings.tabs.priorities')}</Tabs.Tab>
          <Tabs.Tab value="desk">{t('slaSettings.tabs.desk')}</Tabs.Tab>
        </Tabs.List>

        <ReadOnlyFieldset readOnly={readOnly}>
          <Tabs.Panel value="policy" pt="md">
            <PolicyEditor
              form={policy}
              onFormChange={(next) => {
                setPolicy(next)
                setDirty(true)
              }}
              pauseStatuses={draft.policy.pauseStatuses}
              onPauseStatusesChange={(pauseStatuses) => change('policy', { ...draft.policy, pauseStatuses })}
              warnPercent={warnPercent}
              onWarnPercentChange={(v) => {
                setWarnPercent(v)
                setDirty(true)
              }}
              calendarOptions={calendarOptions}
              errors={errors}
              readOnly={readOnly}
            />
          </Tabs.Panel>

          <Tabs.Panel value="calendars" pt="md">
            <Card withBorder>
              <Stack>
                <Text size="sm" c="dimmed">
                  {t('slaSettings.calendarsHint')}
                </Text>
                <Tabs value={calendarTab} onChange={setCalendarTab} variant="outline">
                  <Tabs.List>
                    {calendarKeys.map((key) => (
                      <Tabs.Tab key={key} value={key}>
                        {calendarName(key, t)}
                      </Tabs.Tab>
                    ))}
                    {!readOnly && (
                      <Button
                        variant="subtle"
                        size="xs"
                        leftSection={<IconPlus size={14} />}
                        onClick={() => setNewCalendar('')}
                        ml="auto"
                      >
                        {t('slaSettings.addCalendar')}
                      </Button>
                    )}
                  </Tabs.List>
                  {calendarKeys.map((key) => {
                    const spec = draft.calendars[key]
                    return (
                      spec && (
                        <Tabs.Panel key={key} value={key} pt="md">
                          <CalendarEditor
                            spec={spec}
                            readOnly={readOnly}
                            errors={calendarErrors(key)}
                            onChange={(next) => change('calendars', { ...draft.calendars, [key]: next })}
                          />
                        </Tabs.Panel>
                      )
                    )
                  })}
                </Tabs>
              </Stack>
            </Card>
          </Tabs.Panel>

          <Tabs.Panel value="priorities" pt="md">
            <Stack>
              <Card withBorder>
                <Stack gap="xs">
                  <Title order={4}>{t('slaSettings.matrixTitle')}</Title>
                  <Text size="sm" c="dimmed">
                    {t('slaSettings.matrixHint')}
                  </Text>
                  <Table withColumnBorders withTableBorder maw={720}>
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>
                          {t('tickets.impact.label')} ↓ / {t('tickets.urgency.label')} →
                        </Table.Th>
                        {URGENCIES.map((u) => (
                          <Table.Th key={u}>{t(`tickets.urgency.${u}`)}</Table.Th>
                        ))}
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {IMPACTS.map((i) => (
                        <Table.Tr key={i}>
                          <Table.Th>{t(`tickets.impact.${i}`)}</Table.Th>
                          {URGENCIES.map((u) => (
                            <Table.Td key={u}>
                              <Select
                                aria-label={t('slaSettings.matrixCell', {
                                  impact: t(`tickets.impact.${i}`),
                                  urgency: t(`tickets.urgency.${u}`),
                                })}
                                data={Priority.options.map((p) => ({
                                  value: p,
                                  label: `${p} ${t(`tickets.priority.${p}`)}`,
                                }))}
                                value={draft.priorityRules.matrix[i][u]}
                                onChange={(v) => {
                                  const p = Priority.safeParse(v)
                                  if (p.success) {
                                    change('priorityRules', {
                                      ...draft.priorityRules,
                                      matrix: {
                                        ...draft.priorityRules.matrix,
                                        [i]: { ...draft.priorityRules.matrix[i], [u]: p.data },
                                      },
                                    })
                                  }
                                }}
                                allowDeselect={false}
                                size="xs"
                              />
                            </Table.Td>
                          ))}
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                  <Text size="xs" c="dimmed">
                    {t('slaSettings.calamityAlwaysP1')}
                  </Text>
                </Stack>
              </Card>
              <Card withBorder>
                <Stack gap="xs">
                  <Title order={4}>{t('slaSettings.severityTitle')}</Title>
                  <Text size="sm" c="dimmed">
                    {t('slaSettings.severityHint')}
                  </Text>
                  <SimpleGrid cols={{ base: 1, sm: 2 }}>
                    {SEVERITIES.map((s) => (
                      <Select
                        key={s}
                        label={t(`tickets.severity.${s}`)}
                        description={t(`tickets.severityHint.${s}`)}
                        data={Priority.options.map((p) => ({ value: p, label: `${p} ${t(`tickets.priority.${p}`)}` }))}
                        value={draft.priorityRules.severity[s]}
                        onChange={(v) => {
                          const p = Priority.safeParse(v)
                          if (p.success) {
                            change('priorityRules', {
                              ...draft.priorityRules,
                              severity: { ...draft.priorityRules.severity, [s]: p.data },
                            })
                          }
                        }}
                        allowDeselect={false}
                        size="xs"
                      />
                    ))}
                  </SimpleGrid>
                </Stack>
              </Card>
            </Stack>
          </Tabs.Panel>

          <Tabs.Panel value="desk" pt="md">
            <Card withBorder maw={520}>
              <NumberInput
                label={t('slaSettings.reopenDays')}
                description={t('slaSettings.reopenDaysHint')}
                value={draft.desk.reopenDays}
                onChange={(v) => change('desk', { reopenDays: typeof v === 'number' ? Math.round(v) : 0 })}
                min={0}
                max={365}
                allowDecimal={false}
                suffix={` ${t('slaSettings.daysUnit')}`}
                inputContainer={(children) => <Box w={180}>{children}</Box>}
              />
            </Card>
          </Tabs.Panel>
        </ReadOnlyFieldset>
      </Tabs>
      <Modal opened={newCalendar !== null} onClose={() => setNewCalendar(null)} title={t('slaSettings.addCalendar')}>
        <Stack>
          <TextInput
            label={t('slaSettings.calendarName')}
            description={t('slaSettings.calendarNameHint', { key: calendarKey(newCalendar ?? '') || '…' })}
            value={newCalendar ?? ''}
            onChange={(e) => setNewCalendar(e.currentTarget.value)}
            error={
              newCalendar && calendarKeys.includes(calendarKey(newCalendar))
                ? t('slaSettings.errors.exists')
                : undefined
            }
            data-autofocus
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setNewCalendar(null)}>
              {t('common.cancel')}
            </Button>
            <Button
              disabled={!calendarKey(newCalendar ?? '') || calendarKeys.includes(calendarKey(newCalendar ?? ''))}
              onClick={() => {
                const key = calendarKey(newCalendar ?? '')
                change('calendars', {
                  ...draft.calendars,
                  [key]: structuredClone(draft.calendars.business ?? newCalendarSpec),
                })
                setCalendarTab(key)
                setNewCalendar(null)
              }}
            >
              {t('slaSettings.addCalendar')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  )
}
