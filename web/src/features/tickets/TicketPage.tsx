import {
  ActionIcon,
  Alert,
  Anchor,
  Button,
  Card,
  Grid,
  Group,
  Kbd,
  Menu,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Tabs,
  Text,
  Title,
  Tooltip,
} from '@mantine/core'
import { useHotkeys } from '@mantine/hooks'
import {
  IconArrowLeft,
  IconArrowsJoin,
  IconArrowsSplit,
  IconCircleCheck,
  IconDots,
  IconKeyboard,
  IconPhone,
} from '@tabler/icons-react'
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useLocation, useNavigate, useParams } from 'react-router'
import type { Ticket } from '../../../../src/modules/tickets/schema.ts'
import { ApiError } from '../../app/apiClient.ts'
import { useFormatters } from '../../app/useFormatters.ts'
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { PageLoader } from '../../components/PageLoader.tsx'
import { SuccessAlert } from '../../components/SuccessAlert.tsx'
import { useMe } from '../auth/api.ts'
import { useArticles, useCustomerSlaPolicy, useTicket, useUpdateTicket } from './api.ts'
import { AttachmentsPanel } from './AttachmentsPanel.tsx'
import { ClassificationModal } from './ClassificationModal.tsx'
import { Conversation } from './Conversation.tsx'
import { MergeModal } from './MergeModal.tsx'
import { PortalReplyBox, StaffReplyBox, type ReplyKind } from './ReplyBox.tsx'
import { ClockStatus } from './SlaCountdown.tsx'
import { clockNames, type ClockName } from './slaClock.ts'
import { SlaExplainPanel } from './SlaExplainPanel.tsx'
import { SplitModal } from './SplitModal.tsx'
import { PriorityBadge, StatusBadge } from './TicketBadges.tsx'
import { TicketDetailsCard } from './TicketDetailsCard.tsx'
import { TicketDocsPanel } from './TicketDocsPanel.tsx'
import { TimeEntriesPanel } from './TimeEntriesPanel.tsx'
import { TimelinePanel } from './TimelinePanel.tsx'
import { WatchersPanel } from './WatchersPanel.tsx'

/** 404, or 400 for an address that holds no valid id at all: either way there is no such ticket to show. */
function isNotFound(error: unknown): boolean {
  return (
    error instanceof ApiError && (error.status === 404 || (error.status === 400 && error.code === 'validation_failed'))
  )
}

/** `/tickets/:id`: the desk's working view for staff, the conversation and promises for a portal contact. */
export function TicketPage() {
  const { t } = useTranslation()
  const { id = '' } = useParams()
  const me = useMe()
  const ticket = useTicket(id)

  if (ticket.isPending || !me.data) {
    return <PageLoader />
  }
  if (ticket.isError && isNotFound(ticket.error)) {
    return (
      <Stack align="flex-start" maw={640}>
        <Title order={2}>{t('tickets.notFoundTitle')}</Title>
        <Text>{t('tickets.notFoundText')}</Text>
        <Button component={Link} to="/tickets" variant="default" leftSection={<IconArrowLeft size={16} />}>
          {t('tickets.backToList')}
        </Button>
      </Stack>
    )
  }
  if (ticket.isError) {
    return <ErrorAlert error={ticket.error} />
  }
  return me.data.kind === 'staff' ? (
    <StaffTicketView ticket={ticket.data} meId={me.data.id} />
  ) : (
    <PortalTicketView ticket={ticket.data} />
  )
}

function BackLink() {
  const { t } = useTranslation()
  return (
    <Anchor component={Link} to="/tickets" size="sm">
      <Group gap={4}>
        <IconArrowLeft size={14} />
        {t('tickets.backToList')}
      </Group>
    </Anchor>
  )
}

function MergedNotice({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation()
  if (ticket.mergedIntoId === null) {
    return null
  }
  return (
    <Alert color="gray" icon={<IconArrowsJoin size={18} />} title={t('merge.mergedTitle')}>
      <Anchor component={Link} to={`/tickets/${ticket.mergedIntoId}`}>
        {t('merge.openOther')}
      </Anchor>
    </Alert>
  )
}

const shortcuts = [
  ['r', 'shortcuts.reply'],
  ['n', 'shortcuts.note'],
  ['a', 'shortcuts.assign'],
] as const

function ShortcutHelp() {
  const { t } = useTranslation()
  return (
    <Tooltip
      withArrow
      multiline
      w={260}
      label={
        <Stack gap={4}>
          <Text size="xs" fw={600}>
            {t('shortcuts.title')}
          </Text>
          {shortcuts.map(([key, label]) => (
            <Group key={key} gap="xs" wrap="nowrap">
              <Kbd size="xs">{key}</Kbd>
              <Text size="xs">{t(label)}</Text>
            </Group>
          ))}
          <Group gap="xs" wrap="nowrap">
            <Kbd size="xs">Ctrl</Kbd>+<Kbd size="xs">Enter</Kbd>
            <Text size="xs">{t('shortcuts.send')}</Text>
          </Group>
          <Text size="xs" c="dimmed">
            {t('shortcuts.hint')}
          </Text>
        </Stack>
      }
    >
      <ActionIcon variant="default" size="lg" aria-label={t('shortcuts.title')}>
        <IconKeyboard size={18} />
      </ActionIcon>
    </Tooltip>
  )
}

type StaffTab = 'conversation' | 'timeline' | 'sla' | 'time'

function StaffTicketView({ ticket, meId }: { ticket: Ticket; meId: string }) {
  const { t } = useTranslation()
  const navigate = useNavigate()
  const articles = useArticles(ticket.id)
  const update = useUpdateTicket(ticket.id)
  const [tab, setTab] = useState<StaffTab>('conversation')
  const [replyKind, setReplyKind] = useState<ReplyKind>('reply')
  const replyRef = useRef<HTMLTextAreaElement>(null)
  const [classifying, setClassifying] = useState(false)
  const [merging, setMerging] = useState(false)
  const [splitIds, setSplitIds] = useState<Set<string> | null>(null)
  const [splitOpen, setSplitOpen] = useState(false)
  const [notice, setNotice] = useState<string | null>(null)
  const merged = ticket.mergedIntoId !== null
  const policy = useCustomerSlaPolicy(ticket.customerId)

  /** Why a clock without a state shows nothing: not started yet, stopped, or no target for this priority. */
  const idleText = (name: ClockName): string | undefined => {
    const target = policy.data?.policy.priorities[ticket.priority][name]
    if (!target) {
      return undefined
    }
    if (ticket.status === 'resolved' || ticket.status === 'closed') {
      return t('sla.stopped')
    }
    return name === 'update' ? t('sla.startsAtResponse') : undefined
  }

  const focusReply = (kind: ReplyKind) => {
    setTab('conversation')
    setReplyKind(kind)
    // After the conversation tab has been drawn.
    setTimeout(() => replyRef.current?.focus(), 0)
  }
  // Not while a dialog is open: its buttons take the keys then.
  const unlessDialog = (run: () => void) => () => {
    if (!document.querySelector('[role="dialog"]')) {
      run()
    }
  }
  useHotkeys([
    ['r', unlessDialog(() => focusReply('reply'))],
    ['n', unlessDialog(() => focusReply('note'))],
    [
      'a',
      unlessDialog(() => {
        if (!merged && ticket.assignee?.id !== meId) {
          update.mutate({ assigneeId: meId }, { onSuccess: () => setNotice(t('tickets.assignedToYou')) })
        }
      }),
    ],
  ])

  return (
    <Stack>
      <BackLink />
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={4}>
          <Group gap="sm">
            <Text ff="monospace" c="dimmed">
              {ticket.number}
            </Text>
            <PriorityBadge priority={ticket.priority} />
            <StatusBadge status={ticket.status} />
            {ticket.source === 'phone' && (
              <Tooltip label={t('tickets.source.phone')}>
                <IconPhone size={16} aria-label={t('tickets.source.phone')} />
              </Tooltip>
            )}
          </Group>
          <Title order={2}>{ticket.title}</Title>
          <Text size="sm" c="dimmed">
            {t(`tickets.type.${ticket.type}`)} ·{' '}
            <Anchor component={Link} to={`/customers/${ticket.customerId}`} size="sm">
              {ticket.customerName}
            </Anchor>
            {ticket.requester && ` · ${ticket.requester.name}`}
            {' · '}
            {ticket.assignee ? t('tickets.assignedTo', { name: ticket.assignee.name }) : t('tickets.unassigned')}
          </Text>
        </Stack>
        <Group gap="xs" wrap="nowrap">
          <ShortcutHelp />
          {!merged && (
            <Menu position="bottom-end">
              <Menu.Target>
                <ActionIcon variant="default" size="lg" aria-label={t('tickets.moreActions')}>
                  <IconDots size={18} />
                </ActionIcon>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Item leftSection={<IconArrowsJoin size={16} />} onClick={() => setMerging(true)}>
                  {t('merge.title')}
                </Menu.Item>
                <Menu.Item
                  leftSection={<IconArrowsSplit size={16} />}
                  disabled={(articles.data?.items.length ?? 0) === 0}
                  onClick={() => {
                    setTab('conversation')
                    setSplitIds(new Set())
                  }}
                >
                  {t('split.title')}
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          )}
        </Group>
      </Group>
      <MergedNotice ticket={ticket} />
      <SuccessAlert message={notice} onClose={() => setNotice(null)} />
      <ErrorAlert error={update.error} />
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        {clockNames.map((name) => (
          <Paper key={name} withBorder p="sm" role="group" aria-labelledby={`clock-${name}`}>
            <Text id={`clock-${name}`} size="xs" c="dimmed" tt="uppercase" fw={600}>
              {t(`sla.clocks.${name}`)}
            </Text>
            <ClockStatus clock={ticket.sla[name]} idleText={idleText(name)} />
          </Paper>
        ))}
      </SimpleGrid>
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Tabs value={tab} onChange={(v) => setTab((v as StaffTab | null) ?? 'conversation')} keepMounted={false}>
            <Tabs.List>
              <Tabs.Tab value="conversation">{t('ticketTabs.conversation')}</Tabs.Tab>
              <Tabs.Tab value="timeline">{t('ticketTabs.timeline')}</Tabs.Tab>
              <Tabs.Tab value="sla">{t('ticketTabs.sla')}</Tabs.Tab>
              <Tabs.Tab value="time">{t('ticketTabs.time')}</Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="conversation" pt="md">
              <Stack>
                {splitIds && (
                  <Alert color="blue" icon={<IconArrowsSplit size={18} />} title={t('split.title')}>
                    <Group justify="space-between">
                      <Text size="sm">{t('split.choose', { count: splitIds.size })}</Text>
                      <Group gap="xs">
                        <Button size="xs" variant="default" onClick={() => setSplitIds(null)}>
                          {t('common.cancel')}
                        </Button>
                        <Button size="xs" disabled={splitIds.size === 0} onClick={() => setSplitOpen(true)}>
                          {t('split.next')}
                        </Button>
                      </Group>
                    </Group>
                  </Alert>
                )}
                <ErrorAlert error={articles.error} />
                <Conversation
                  ticket={ticket}
                  articles={articles.data?.items ?? []}
                  view="staff"
                  selection={
                    splitIds
                      ? {
                          ids: splitIds,
                          toggle: (id) =>
                            setSplitIds((prev) => {
                              const next = new Set(prev)
                              if (next.has(id)) {
                                next.delete(id)
                              } else {
                                next.add(id)
                              }
                              return next
                            }),
                        }
                      : undefined
                  }
                />
                {!merged && (
                  <StaffReplyBox
                    ticket={ticket}
                    kind={replyKind}
                    onKindChange={setReplyKind}
                    textareaRef={replyRef}
                    onSent={(kind) => setNotice(t(`reply.sent.${kind}`))}
                  />
                )}
              </Stack>
            </Tabs.Panel>
            <Tabs.Panel value="timeline" pt="md">
              <TimelinePanel ticketId={ticket.id} staff />
            </Tabs.Panel>
            <Tabs.Panel value="sla" pt="md">
              <SlaExplainPanel ticketId={ticket.id} />
            </Tabs.Panel>
            <Tabs.Panel value="time" pt="md">
              <TimeEntriesPanel ticketId={ticket.id} />
            </Tabs.Panel>
          </Tabs>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack>
            <Card withBorder>
              <TicketDetailsCard ticket={ticket} onEditClassification={() => setClassifying(true)} />
            </Card>
            <Card withBorder>
              <Title order={4} mb="xs">
                {t('attachments.title')}
              </Title>
              <AttachmentsPanel ticketId={ticket.id} staff disabled={merged} />
            </Card>
            <TicketDocsPanel ticketId={ticket.id} staff disabled={merged} />
            <Card withBorder>
              <Title order={4} mb="xs">
                {t('watchers.title')}
              </Title>
              <WatchersPanel ticketId={ticket.id} />
            </Card>
          </Stack>
        </Grid.Col>
      </Grid>
      <ClassificationModal
        ticket={ticket}
        opened={classifying}
        onClose={() => setClassifying(false)}
        onSaved={() => {
          setClassifying(false)
          setNotice(t('common.saved'))
        }}
      />
      <MergeModal
        ticket={ticket}
        opened={merging}
        onClose={() => setMerging(false)}
        onMerged={(into) => {
          setMerging(false)
          void navigate(`/tickets/${into.id}`)
        }}
      />
      <SplitModal
        ticket={ticket}
        articleIds={[...(splitIds ?? [])]}
        opened={splitOpen}
        onClose={() => setSplitOpen(false)}
        onSplit={(created) => {
          setSplitOpen(false)
          setSplitIds(null)
          void navigate(`/tickets/${created.id}`)
        }}
      />
    </Stack>
  )
}

/** The promises of the SLA in plain words: answered at, or at the latest by. */
function PortalPromises({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation()
  const format = useFormatters()
  const rows = (['firstResponse', 'resolution'] as const).filter((name) => ticket.sla[name].state !== 'none')
  if (rows.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t('portal.noDeadline')}
      </Text>
    )
  }
  return (
    <Table withRowBorders={false} verticalSpacing={4} fz="sm">
      <Table.Tbody>
        {rows.map((name) => {
          const clock = ticket.sla[name]
          let text: string
          if (clock.metAt !== null) {
            text = t(`portal.done.${name}`, { time: format.dateTime(Date.parse(clock.metAt)) })
          } else if (clock.state === 'paused' || clock.dueAt === null) {
            text = ticket.status === 'waiting-customer' ? t('portal.waitingForYou') : t('portal.onHold')
          } else {
            text = t('portal.atLatest', { time: format.dateTime(Date.parse(clock.dueAt)) })
          }
          return (
            <Table.Tr key={name}>
              <Table.Td pl={0} fw={500} style={{ whiteSpace: 'nowrap', verticalAlign: 'top' }}>
                {t(`portal.clocks.${name}`)}
              </Table.Td>
              <Table.Td>{text}</Table.Td>
            </Table.Tr>
          )
        })}
      </Table.Tbody>
    </Table>
  )
}

function PortalTicketView({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation()
  const format = useFormatters()
  const location = useLocation()
  const navigate = useNavigate()
  const articles = useArticles(ticket.id)
  const update = useUpdateTicket(ticket.id)
  const [confirmClose, setConfirmClose] = useState(false)
  // What the form handed over is shown once: a reload or Back must not announce the ticket again.
  const [arrival] = useState(() => (location.state ?? {}) as { created?: boolean; failedUploads?: string[] })
  const [notice, setNotice] = useState<string | null>(
    arrival.created ? t('portal.created', { number: ticket.number }) : null,
  )
  const failed = arrival.failedUploads ?? []
  useEffect(() => {
    if (location.state !== null) {
      void navigate('.', { replace: true, state: null })
    }
  }, [location.state, navigate])
  const open = ticket.status !== 'closed' && ticket.mergedIntoId === null

  return (
    <Stack>
      <BackLink />
      <Stack gap={4}>
        <Group gap="sm">
          <Text ff="monospace" c="dimmed">
            {ticket.number}
          </Text>
          <StatusBadge status={ticket.status} />
          <PriorityBadge priority={ticket.priority} />
        </Group>
        <Title order={2}>{ticket.title}</Title>
      </Stack>
      <SuccessAlert message={notice} onClose={() => setNotice(null)} />
      {failed.length > 0 && (
        <Alert color="orange" title={t('attachments.notSentTitle')}>
          {t('attachments.notSent', { names: failed.join(', ') })}
        </Alert>
      )}
      <MergedNotice ticket={ticket} />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 8 }}>
          <Stack>
            <ErrorAlert error={articles.error} />
            <Conversation ticket={ticket} articles={articles.data?.items ?? []} view="portal" />
            <PortalReplyBox ticket={ticket} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack>
            <Card withBorder>
              <Title order={4} mb="xs">
                {t('portal.promises')}
              </Title>
              <PortalPromises ticket={ticket} />
            </Card>
            <Card withBorder>
              <Stack gap={6}>
                <Text size="sm">
                  <Text span c="dimmed" size="sm">
                    {t('tickets.fields.type')}:{' '}
                  </Text>
                  {t(`tickets.type.${ticket.type}`)}
                </Text>
                {ticket.requester && (
                  <Text size="sm">
                    <Text span c="dimmed" size="sm">
                      {t('tickets.fields.requester')}:{' '}
                    </Text>
                    {ticket.requester.name}
                  </Text>
                )}
                <Text size="sm">
                  <Text span c="dimmed" size="sm">
                    {t('tickets.fields.createdAt')}:{' '}
                  </Text>
                  {format.dateTime(ticket.createdAt)}
                </Text>
                {open && (
                  <Button
                    mt="xs"
                    variant="default"
                    leftSection={<IconCircleCheck size={16} />}
                    onClick={() => setConfirmClose(true)}
                  >
                    {t('portal.close')}
                  </Button>
                )}
              </Stack>
            </Card>
            <Card withBorder>
              <Title order={4} mb="xs">
                {t('attachments.title')}
              </Title>
              <AttachmentsPanel ticketId={ticket.id} staff={false} disabled={ticket.mergedIntoId !== null} />
            </Card>
            <TicketDocsPanel ticketId={ticket.id} staff={false} />
          </Stack>
        </Grid.Col>
      </Grid>
      <ConfirmDialog
        opened={confirmClose}
        title={t('portal.closeTitle')}
        message={t('portal.closeConfirm')}
        confirmLabel={t('portal.close')}
        loading={update.isPending}
        error={<ErrorAlert error={update.error} />}
        onCancel={() => setConfirmClose(false)}
        onConfirm={() =>
          update.mutate(
            { status: 'closed' },
            {
              onSuccess: () => {
                setConfirmClose(false)
                setNotice(t('portal.closed'))
              },
            },
          )
        }
      />
    </Stack>
  )
}
