import { Button, EmptyState, Group, Select, Stack, Tabs, TextInput, Title } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { IconInbox, IconPhonePlus, IconPlus, IconSearch } from '@tabler/icons-react'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useNavigate, useSearchParams } from 'react-router'
import { Priority, SlaState, TicketStatus, type Ticket } from '../../../../src/modules/tickets/schema.ts'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { LoadMoreButton } from '../../components/LoadMoreButton.tsx'
import { PageLoader } from '../../components/PageLoader.tsx'
import { useMe } from '../auth/api.ts'
import { useTeams } from '../desk/api.ts'
import { useTickets, type TicketFilter } from './api.ts'
import { CustomerSelect } from './CustomerSelect.tsx'
import { PhoneCallModal } from './PhoneCallModal.tsx'
import { TicketTable } from './TicketTable.tsx'

const queues = ['mine', 'unassigned', 'breaching', 'all'] as const
type Queue = (typeof queues)[number]
const isQueue = (v: string | null): v is Queue => (queues as readonly (string | null)[]).includes(v)

/**
 * The fixed queues; "all" takes the filters from the address bar. Mine and unassigned put the nearest deadline
 * first; "breaching soon" puts calamities first, then the nearest deadline within each priority.
 */
function filterOf(queue: Queue, params: URLSearchParams, q: string): TicketFilter {
  switch (queue) {
    case 'mine':
      return { assigneeId: 'me', status: 'active', sort: 'due' }
    case 'unassigned':
      return { assigneeId: 'none', status: 'active', sort: 'due' }
    case 'breaching':
      return { status: 'active', sort: 'priority' }
    case 'all': {
      const status = params.get('status')
      const priority = Priority.safeParse(params.get('priority'))
      const slaState = SlaState.safeParse(params.get('sla'))
      return {
        q: q || undefined,
        status:
          status === 'any' ? undefined : status === null ? 'active' : (TicketStatus.safeParse(status).data ?? 'active'),
        priority: priority.success ? priority.data : undefined,
        slaState: slaState.success ? slaState.data : undefined,
        customerId: params.get('customer') ?? undefined,
        teamId: params.get('team') ?? undefined,
        sort: params.get('sort') === 'due' ? 'due' : 'newest',
      }
    }
  }
}

/** `/tickets`: the queues for staff, the company's tickets for a portal contact. */
export function TicketListPage() {
  const me = useMe()
  if (!me.data) {
    return <PageLoader />
  }
  return me.data.kind === 'staff' ? <StaffQueues /> : <PortalTickets company={me.data.customerName ?? ''} />
}

function StaffQueues() {
  const { t } = useTranslation()
  const navigate = useNavigate()
  const [params, setParams] = useSearchParams()
  const queueParam = params.get('queue')
  const queue: Queue = isQueue(queueParam) ? queueParam : 'mine'
  const [search, setSearch] = useState(params.get('q') ?? '')
  const [q] = useDebouncedValue(search, 300)
  const [calling, setCalling] = useState(false)
  const filter = filterOf(queue, params, q)
  const tickets = useTickets(filter)
  const teams = useTeams(queue === 'all')
  const teamOptions = (teams.data ?? []).map((team) => ({ value: team.id, label: team.name }))
  const items = tickets.data?.pages.flatMap((p) => p.items) ?? []

  // The search text goes into the address bar once typing pauses, so that Back returns to the same list.
  useEffect(() => {
    if (queue === 'all' && (params.get('q') ?? '') !== q) {
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev)
          if (q) {
            next.set('q', q)
          } else {
            next.delete('q')
          }
          return next
        },
        { replace: true },
      )
    }
  }, [q, queue, params, setParams])

  const setParam = (key: string, value: string | null) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev)
        if (value === null || value === '') {
          next.delete(key)
        } else {
          next.set(key, value)
        }
        return next
      },
      { replace: true },
    )

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('tickets.title')}</Title>
        <Group gap="xs">
          <Button variant="default" leftSection={<IconPhonePlus size={16} />} onClick={() => setCalling(true)}>
            {t('tickets.logCall')}
          </Button>
          <Button component={Link} to="/tickets/new" leftSection={<IconPlus size={16} />}>
            {t('tickets.new')}
          </Button>
        </Group>
      </Group>
      <Tabs
        value={queue}
        onChange={(value) => {
          if (isQueue(value)) {
            setParams({ queue: value })
          }
        }}
      >
        <Tabs.List>
          {queues.map((key) => (
            <Tabs.Tab key={key} value={key}>
              {t(`tickets.queues.${key}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
      </Tabs>
      {queue === 'all' && (
        <Group align="flex-end" gap="sm">
          <TextInput
            label={t('common.search')}
            placeholder={t('tickets.filters.searchPlaceholder')}
            leftSection={<IconSearch size={16} />}
            type="search"
            value={search}
            onChange={(e) => setSearch(e.currentTarget.value)}
            w={260}
          />
          <Select
            label={t('tickets.filters.status')}
            data={[
              { value: 'active', label: t('tickets.filters.active') },
              { value: 'any', label: t('tickets.filters.any') },
              ...TicketStatus.options.map((s) => ({ value: s, label: t(`tickets.status.${s}`) })),
            ]}
            value={params.get('status') ?? 'active'}
            onChange={(v) => setParam('status', v === 'active' ? null : v)}
            allowDeselect={false}
            w={190}
          />
          <Select
            label={t('tickets.filters.priority')}
            placeholder={t('tickets.filters.any')}
            data={Priority.options.map((p) => ({ value: p, label: `${p} ${t(`tickets.priority.${p}`)}` }))}
            value={params.get('priority')}
            onChange={(v) => setParam('priority', v)}
            clearable
            w={170}
          />
          <Select
            label={t('tickets.filters.slaState')}
            placeholder={t('tickets.filters.any')}
            data={SlaState.options.map((s) => ({ value: s, label: t(`sla.states.${s}`) }))}
            value={params.get('sla')}
            onChange={(v) => setParam('sla', v)}
            clearable
            w={170}
          />
          <CustomerSelect
            label={t('tickets.filters.customer')}
            placeholder={t('tickets.filters.anyCustomer')}
            value={params.get('customer')}
            onChange={(id) => setParam('customer', id)}
            clearable
            w={260}
          />
          {(teamOptions.length > 0 || params.get('team')) && (
            <Select
              label={t('teams.label')}
              placeholder={t('tickets.filters.any')}
              data={teamOptions}
              value={params.get('team')}
              onChange={(v) => setParam('team', v)}
              clearable
              w={190}
            />
          )}
          <Select
            label={t('tickets.filters.sort')}
            data={[
              { value: 'newest', label: t('tickets.filters.sortNewest') },
              { value: 'due', label: t('tickets.filters.sortDue') },
            ]}
            value={params.get('sort') === 'due' ? 'due' : 'newest'}
            onChange={(v) => setParam('sort', v === 'due' ? 'due' : null)}
            allowDeselect={false}
            w={200}
          />
        </Group>
      )}
      <ErrorAlert error={tickets.error} />
      {tickets.isPending ? (
        <PageLoader />
      ) : items.length === 0 ? (
        <EmptyState icon={<IconInbox size={32} />} title={t(`tickets.empty.${queue}`)} />
      ) : (
        <TicketTable tickets={items} view="staff" />
      )}
      <LoadMoreButton
        hasNextPage={tickets.hasNextPage}
        isFetchingNextPage={tickets.isFetchingNextPage}
        fetchNextPage={tickets.fetchNextPage}
      />
      <PhoneCallModal
        opened={calling}
        onClose={() => setCalling(false)}
        onCreated={(ticket: Ticket) => {
          setCalling(false)
          void navigate(`/tickets/${ticket.id}`)
        }}
      />
    </Stack>
  )
}

type PortalFilter = 'active' | 'any'

function PortalTickets({ company }: { company: string }) {
  const { t } = useTranslation()
  const [search, setSearch] = useState('')
  const [q] = useDebouncedValue(search, 300)
  const [status, setStatus] = useState<PortalFilter>('active')
  const tickets = useTickets({ q: q || undefined, status: status === 'active' ? 'active' : undefined })
  const items = tickets.data?.pages.flatMap((p) => p.items) ?? []

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{company ? t('portal.title', { company }) : t('tickets.title')}</Title>
        <Button component={Link} to="/tickets/new" leftSection={<IconPlus size={16} />}>
          {t('portal.report')}
        </Button>
      </Group>
      <Group align="flex-end">
        <TextInput
          label={t('common.search')}
          leftSection={<IconSearch size={16} />}
          type="search"
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          w={280}
        />
        <Select
          label={t('tickets.filters.status')}
          data={[
            { value: 'active', label: t('portal.filterActive') },
            { value: 'any', label: t('portal.filterAll') },
          ]}
          value={status}
          onChange={(v) => setStatus(v === 'any' ? 'any' : 'active')}
          allowDeselect={false}
          w={240}
        />
      </Group>
      <ErrorAlert error={tickets.error} />
      {tickets.isPending ? (
        <PageLoader />
      ) : items.length === 0 ? (
        <EmptyState
          icon={<IconInbox size={32} />}
          title={q ? t('tickets.empty.all') : status === 'active' ? t('portal.emptyActive') : t('portal.empty')}
          description={q ? undefined : t('portal.emptyHint')}
        />
      ) : (
        <TicketTable tickets={items} view="portal" />
      )}
      <LoadMoreButton
        hasNextPage={tickets.hasNextPage}
        isFetchingNextPage={tickets.isFetchingNextPage}
        fetchNextPage={tickets.fetchNextPage}
      />
    </Stack>
  )
}
