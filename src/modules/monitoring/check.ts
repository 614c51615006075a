// The daily check, the morning board, the reviews and the UPS status: what sladesk does with the reports once they
// are parsed. The check is one pass over all customers (a fixed number of queries, whatever their number); the
// rules it applies are the pure functions of daily.ts.
import type { Db } from '../../db/database.js'
import { type Actor, assertCustomerAccess, assertStaff } from '../../platform/access.js'
import type { Audit } from '../../platform/audit.js'
import { badRequest, notFound } from '../../platform/errors.js'
import { type Locale, type MessageKey, t } from '../../platform/i18n/messages.js'
import type { AssetService } from '../assets/service.js'
import type { CustomerService } from '../customers/service.js'
import type { SettingsService } from '../settings/service.js'
import type { StaffRole } from '../users/schema.js'
import { alertKey, type Alerts, MONITORING_ACTOR } from './alerts.js'
import {
  type AlertRules,
  backupProblemOf,
  type CellStatus,
  dayEnd,
  dayOf,
  dayOfRun,
  decideDay,
  type DayStatus,
  jobKey,
  plusDays,
  provisionalCell,
  type Run,
  UPS_GOOD_STATES,
  upsProblemOf,
  upsProblemsClearedBy,
  upsStale,
  windowOf,
} from './daily.js'
import { type RunResult, UPS_STATES, type UpsState } from './parsers/types.js'
import * as repo from './repo.js'
import type {
  Board,
  BoardCell,
  BoardCustomer,
  BoardJob,
  BoardQuery,
  CheckResult,
  JobHistory,
  MonitoringConfig,
  MonitoringConfigPatch,
  Review,
  ReviewInput,
  UpsPanel,
} from './schema.js'

const WRITERS: readonly StaffRole[] = ['admin', 'technician']

export const DEFAULT_CONFIG: MonitoringConfig = {
  checkTime: '07:30',
  resolveOnSuccess: false,
  missingLongAfterDays: 3,
  warningRepeatDays: 3,
  upsOnBatteryMinutes: 5,
  upsCommLostMinutes: 15,
  upsPollSeconds: 60,
  levels: {
    backupFailed: 'normal',
    backupMissing: 'normal',
    backupMissingLong: 'high',
    backupWarnings: 'low',
    upsOnBattery: 'normal',
    upsOnBatteryServer: 'high',
    upsLowBattery: 'high',
    upsReplaceBattery: 'normal',
    upsCommLost: 'normal',
    upsOverload: 'normal',
  },
}

/** Events older than this when they arrive are history (an imported log): recorded, never a ticket. */
export const ACT_ON_EVENTS_WITHIN_MS = 36 * 3_600_000
/**
 * How many days before the open one a scheduled check decides: a late report or a missed run is caught up, and a
 * job with a grace of up to 72 hours is decided once its window closes.
 */
const LOOKBACK_DAYS = 4

/** A job some backup system of a customer expects. */
export interface ExpectedJob {
  customerId: string
  assetId: string
  assetName: string
  job: string
  jobKey: string
  schedule: 'daily' | 'weekly'
  graceHours: number
  /** The first day it is expected: the backup system's first active day. */
  from: string
}

/**
 * The expected jobs of the backup systems. A job is expected from the later of its backup system's first active
 * day and the job's own first day (as written on it, or else the day it was first seen configured: `firstDays`;
 * unknown: `today`), never on days before.
 */
function expectedJobsOf(
  systems: readonly repo.BackupSystemRow[],
  firstDays: ReadonlyMap<string, string>,
  today: string,
): ExpectedJob[] {
  const jobs: ExpectedJob[] = []
  const seen = new Set<string>()
  for (const s of systems) {
    const details = JSON.parse(s.details) as {
      expectedJobs?: {
        name: string
        schedule?: 'daily' | 'weekly'
        graceHours?: number
        expectedFrom?: string | null
      }[]
    }
    for (const j of details.expectedJobs ?? []) {
      const key = jobKey(j.name)
      // Two backup systems expecting the same job name of one customer are one job.
      if (key === '' || seen.has(`${s.customer_id}\n${key}`)) {
        continue
      }
      seen.add(`${s.customer_id}\n${key}`)
      jobs.push({
        customerId: s.customer_id,
        assetId: s.id,
        assetName: s.name,
        job: j.name.trim(),
        jobKey: key,
        schedule: j.schedule ?? 'daily',
        graceHours: j.graceHours ?? 0,
        // A first day written on the job is the MSP's word; otherwise not before the system counts, nor before the
        // job was first seen configured.
        from: j.expectedFrom ?? maxDay(s.active_from, firstDays.get(`${s.customer_id}\n${key}`) ?? today),
      })
    }
  }
  return jobs
}

const maxDay = (a: string, b: string): string => (a > b ? a : b)

/** A weekly job is first judged when a whole week of it lies behind: not missing on its first day. */
const firstDecidedDay = (job: ExpectedJob): string => (job.schedule === 'weekly' ? plusDays(job.from, 6) : job.from)

/** Runs grouped by customer and job key, each group in time order. */
function groupRuns(runs: readonly repo.RunRow[]): Map<string, repo.RunRow[]> {
  const groups = new Map<string, repo.RunRow[]>()
  for (const r of runs) {
    if (r.job === null) {
      continue
    }
    const key = `${r.customer_id}\n${jobKey(r.job)}`
    let group = groups.get(key)
    if (!group) {
      group = []
      groups.set(key, group)
    }
    group.push(r)
  }
  for (const group of groups.values()) {
    group.sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1))
  }
  return groups
}

/** The runs of a time-ordered group in (from, to]. */
function within(group: readonly repo.RunRow[] | undefined, from: number, to: number): Run[] {
  if (!group) {
    return []
  }
  const out: Run[] = []
  for (const r of group) {
    if (r.at > to) {
      break
    }
    if (r.at > from) {
      out.push({ id: r.id, at: r.at, result: r.result as RunResult })
    }
  }
  return out
}

const toRules = (c: MonitoringConfig): AlertRules => ({
  missingLongAfterDays: c.missingLongAfterDays,
  warningRepeatDays: c.warningRepeatDays,
  upsOnBatteryMinutes: c.upsOnBatteryMinutes,
  upsCommLostMinutes: c.upsCommLostMinutes,
  levels: c.levels,
})

function toReview(row: repo.ReviewRow): Review {
  return {
    customerId: row.customer_id,
    day: row.day,
    reviewedBy: row.reviewed_by,
    reviewerName: row.reviewer_name,
    reviewedAt: Number(row.reviewed_at),
    remarks: row.remarks,
  }
}

export interface CheckDeps {
  db: Db
  audit: Audit
  settings: SettingsService
  customers: CustomerService
  assets: AssetService
  alerts: Alerts
  now: () => number
}

export function createMonitoringCheck({ db, audit, settings, customers, assets, alerts, now }: CheckDeps) {
  async function loadConfig(): Promise<MonitoringConfig> {
    const stored = (await repo.getConfig(db)) as Partial<MonitoringConfig> | undefined
    return { ...DEFAULT_CONFIG, ...stored, levels: { ...DEFAULT_CONFIG.levels, ...stored?.levels } }
  }

  async function context() {
    const [config, { company }] = await Promise.all([loadConfig(), settings.load()])
    return { config, timeZone: company.timeZone, locale: company.defaultLocale }
  }

  async function mustGetCustomer(actor: Actor, customerId: string) {
    assertCustomerAccess(actor, customerId)
    const customer = await customers.findRow(db, customerId)
    if (!customer) {
      throw notFound('customer', customerId)
    }
    return customer
  }

  /** The open day: the one whose window the present moment lies in (grace 0). */
  function openDay(config: MonitoringConfig, timeZone: string): string {
    return dayOfRun(now(), config.checkTime, 0, timeZone)
  }

  /** The monitoring day a report received at `at` belongs to (check time to check time). */
  async function dayOfReceipt(at: number): Promise<string> {
    const { config, timeZone } = await context()
    return dayOfRun(at, config.checkTime, 0, timeZone)
  }

  // The check --------------------------------------------------------------------------------------------

  /**
   * Decides every expected job of every customer for the closed days among `days`, stores the decisions, and
   * opens or updates tickets for the latest decided day of each job.
   */
  async function check(days: readonly string[]): Promise<CheckResult> {
    const started = performance.now()
    const { config, timeZone } = await context()
    const rules = toRules(config)
    const at = now()
    const systems = await repo.backupSystems(db)
    const firstDays = await repo.jobFirstDays(db)
    const today = openDay(config, timeZone)
    const jobs = expectedJobsOf(systems, firstDays, today)
    const unseen = jobs.filter((j) => !firstDays.has(`${j.customerId}\n${j.jobKey}`))
    if (unseen.length > 0) {
      await repo.insertJobFirstDays(
        db,
        unseen.map((j) => ({ customer_id: j.customerId, job_key: j.jobKey, first_day: today })),
      )
    }
    const result: CheckResult = {
      days: [...days],
      decided: 0,
      changed: 0,
      problems: 0,
      ticketsOpened: 0,
      ticketsUpdated: 0,
      ms: 0,
    }
    if (jobs.length === 0 || days.length === 0) {
      return { ...result, ms: performance.now() - started }
    }
    const sorted = [...days].sort()
    const first = sorted[0]!
    const last = sorted[sorted.length - 1]!
    // One read of all runs the windows can hold: the earliest window start (a weekly job's reaches 7 days back).
    const schedules = [...new Map(jobs.map((j) => [`${j.schedule}|${j.graceHours}`, j])).values()]
    const from = Math.min(...schedules.map((j) => windowOf(first, j, config.checkTime, timeZone).from))
    const to = Math.max(...schedules.map((j) => windowOf(last, j, config.checkTime, timeZone).to))
    const groups = groupRuns(await repo.runsBetween(db, from, to))
    const streakDays = Math.max(config.missingLongAfterDays, config.warningRepeatDays)
    const history = new Map<string, DayStatus>()
    const stored = new Map<string, repo.DayRow>()
    for (const d of await repo.decidedDays(db, plusDays(first, -streakDays), last)) {
      const key = `${d.customer_id}\n${d.job_key}\n${d.day}`
      history.set(key, d.status)
      stored.set(key, d)
    }

    // Windows depend only on the day and the job's schedule and grace: computed once per combination.
    const windows = new Map<string, { from: number; to: number }>()
    const windowFor = (day: string, job: ExpectedJob) => {
      const k = `${day}|${job.schedule}|${job.graceHours}`
      let w = windows.get(k)
      if (!w) {
        w = windowOf(day, job, config.checkTime, timeZone)
        windows.set(k, w)
      }
      return w
    }
    const rows: repo.DayRow[] = []
    const latest = new Map<ExpectedJob, { day: string; row: repo.DayRow; lastAt: number | null; to: number }>()
    for (const job of jobs) {
      const group = groups.get(`${job.customerId}\n${job.jobKey}`)
      for (const day of sorted) {
        if (day < firstDecidedDay(job)) {
          continue
        }
        const window = windowFor(day, job)
        if (window.to > at) {
          continue
        }
        const runs = within(group, window.from, window.to)
        const decision = decideDay(runs)
        const row: repo.DayRow = {
          customer_id: job.customerId,
          job_key: job.jobKey,
          day,
          job: job.job,
          asset_id: job.assetId,
          status: decision.status,
          runs: decision.runs,
          last_event_id: decision.lastEventId,
          decided_at: at,
        }
        const key = `${job.customerId}\n${job.jobKey}\n${day}`
        const before = stored.get(key)
        // A decision that stands as it was is not written again: a check every quarter of an hour writes little.
        if (
          !before ||
          before.status !== row.status ||
          before.runs !== row.runs ||
          before.last_event_id !== row.last_event_id ||
          before.job !== row.job ||
          before.asset_id !== row.asset_id
        ) {
          rows.push(row)
        }
        result.decided++
        history.set(key, decision.status)
        latest.set(job, { day, row, lastAt: runs.length > 0 ? runs[runs.length - 1]!.at : null, to: window.to })
      }
    }
    if (rows.length > 0) {
      await db.transaction().execute((trx) => repo.upsertDays(trx, rows))
    }
    result.changed = rows.length

    const lastSeen = await alerts.openLastSeen()
    // Tickets only for each job's latest decided day: an older day's problem was acted on when it was the latest,
    // and raising it again after a later success would reopen what that success ended.
    for (const [job, { day, row, lastAt, to: windowTo }] of latest) {
      const before: DayStatus[] = []
      for (let i = 1; i <= streakDays; i++) {
        const s = history.get(`${job.customerId}\n${job.jobKey}\n${plusDays(day, -i)}`)
        if (!s) {
          break
        }
        before.push(s)
      }
      const problem = backupProblemOf(row.status, before, rules)
      if (!problem) {
        continue
      }
      result.problems++
      const occurredAt = problem.problem === 'missing' ? windowTo : (lastAt ?? windowTo)
      // Already on its ticket (a failure acted on when its report came, a check run again): no lookups at all.
      const seen = lastSeen.get(`${job.customerId}\n${alertKey('backup', job.jobKey, problem.problem)}`)
      if (seen !== undefined && occurredAt <= seen) {
        continue
      }
      const outcome = await alerts.raise({
        customerId: job.customerId,
        kind: 'backup',
        subject: job.job,
        subjectKey: job.jobKey,
        problem: problem.problem,
        level: problem.level,
        at: occurredAt,
        text: {
          key: `monitoring.text.${problem.problem}`,
          vars: { day, streak: String(problem.streak), at: lastAt ? alerts.when(lastAt, timeZone) : '', errors: '' },
        },
        assetIds: [job.assetId],
      })
      if (outcome === 'opened') {
        result.ticketsOpened++
      } else if (outcome === 'updated') {
        result.ticketsUpdated++
      }
    }
    return { ...result, ms: Math.round((performance.now() - started) * 10) / 10 }
  }

  /** The closed days a scheduled check decides: those whose window ended in the last LOOKBACK_DAYS days. */
  function recentDays(config: MonitoringConfig, timeZone: string): string[] {
    const open = openDay(config, timeZone)
    const days: string[] = []
    // Days of jobs with a grace may still be open; check() skips those windows.
    for (let i = LOOKBACK_DAYS; i >= 1; i--) {
      days.push(plusDays(open, -i))
    }
    return days
  }

  // Reacting to a report ---------------------------------------------------------------------------------

  /** A parsed report's events: failures open tickets at once, successes end them, UPS states move. */
  async function onReport(report: repo.ReportRow, events: readonly repo.EventRow[]): Promise<void> {
    const { config, timeZone } = await context()
    const at = now()
    const recent = (e: repo.EventRow) => Number(e.at) >= at - ACT_ON_EVENTS_WITHIN_MS
    const backups = events.filter((e) => e.kind === 'backup' && e.job !== null && recent(e))
    if (backups.length > 0) {
      const systems = await repo.backupSystems(db, [report.customer_id])
      const expected = new Map(expectedJobsOf(systems, new Map(), dayOf(at, timeZone)).map((j) => [j.jobKey, j]))
      // Per job, in time order: a failure then a success in one report ends where it ends.
      for (const e of [...backups].sort((a, b) => Number(a.at) - Number(b.at))) {
        const key = jobKey(e.job!)
        const job = expected.get(key)
        const details = JSON.parse(e.details) as { errors?: string[]; resolves?: boolean }
        const when = alerts.when(Number(e.at), timeZone)
        if (e.result === 'failed') {
          await alerts.raise({
            customerId: report.customer_id,
            kind: 'backup',
            subject: job?.job ?? e.job!,
            subjectKey: key,
            problem: 'failed',
            level: config.levels.backupFailed,
            at: Number(e.at),
            text: {
              key: 'monitoring.text.failed',
              vars: { at: when, errors: (details.errors ?? []).slice(0, 10).join('\n') },
            },
            assetIds: job ? [job.assetId] : [],
            reportId: report.id,
          })
          continue
        }
        // Any run ends "missing"; only a success ends a failure or repeated warnings.
        await alerts.clear(report.customer_id, 'backup', key, {
          problems: e.result === 'success' ? undefined : ['missing'],
          at: Number(e.at),
          resolve: details.resolves ?? config.resolveOnSuccess,
          text: { key: 'monitoring.text.cleared.backup', vars: { at: when } },
        })
      }
    }
    const ups = events.filter((e) => e.kind === 'ups')
    if (ups.length > 0) {
      await recordUps(report.customer_id, ups, report.source === 'nut' ? 'poll' : 'report')
    }
  }

  // UPS --------------------------------------------------------------------------------------------------

  async function upsAssetOf(customerId: string, upsName: string) {
    const key = jobKey(upsName)
    const rows = await repo.upsAssets(db, customerId)
    const pick = (r: repo.UpsAssetRow) => {
      const m = (JSON.parse(r.details) as { monitoring?: { upsName?: string } | null }).monitoring
      return (m?.upsName !== undefined && jobKey(m.upsName) === key) || jobKey(r.name) === key
    }
    // A customer with one UPS: its reports are about that one, whatever name its software gives it.
    return rows.find(pick) ?? (rows.length === 1 ? rows[0] : undefined)
  }

  /** Moves the UPS's state with each event (in time order) and acts on what the new state means. */
  async function recordUps(customerId: string, events: readonly repo.EventRow[], source: 'report' | 'poll') {
    const { config, timeZone, locale } = await context()
    const rules = toRules(config)
    const at = now()
    for (const e of [...events].sort((a, b) => Number(a.at) - Number(b.at))) {
      const name = e.job ?? 'UPS'
      const key = jobKey(name)
      const eventAt = Number(e.at)
      const current = await repo.findUpsStatus(db, customerId, key)
      if (current && eventAt < Number(current.last_seen_at)) {
        continue
      }
      const d = JSON.parse(e.details) as {
        charge?: number | null
        runtimeSeconds?: number | null
        loadPercent?: number | null
        inputVoltage?: number | null
        message?: string
        selfTest?: 'passed' | 'failed'
      }
      // A self-test and "communication restored" are moments, not states of their own.
      let state: string = e.result
      if (state === 'self-test') {
        state = current?.state ?? 'online'
      } else if (state === 'comm-restored') {
        state = current && current.state !== 'comm-lost' ? current.state : 'online'
      }
      const asset = await upsAssetOf(customerId, name)
      const changed = !current || current.state !== state
      const row: repo.UpsStatusRow = {
        customer_id: customerId,
        ups_key: key,
        ups: name,
        asset_id: asset?.id ?? current?.asset_id ?? null,
        state,
        since: changed ? eventAt : Number(current.since),
        last_seen_at: eventAt,
        charge: d.charge ?? current?.charge ?? null,
        runtime_seconds: d.runtimeSeconds ?? current?.runtime_seconds ?? null,
        load_percent: d.loadPercent ?? current?.load_percent ?? null,
        input_voltage: d.inputVoltage ?? current?.input_voltage ?? null,
        message: d.message ?? null,
        source,
      }
      await repo.putUpsStatus(db, row)
      if (eventAt < at - ACT_ON_EVENTS_WITHIN_MS) {
        continue
      }
      const cleared = upsProblemsClearedBy(e.result === 'comm-restored' ? 'comm-restored' : state)
      if (cleared.length > 0) {
        await alerts.clear(customerId, 'ups', key, {
          problems: cleared,
          at: eventAt,
          resolve: config.resolveOnSuccess,
          text: {
            key: 'monitoring.text.cleared.ups',
            vars: { state: upsStateText(locale, state), at: alerts.when(eventAt, timeZone) },
          },
        })
      }
      const problem = upsProblemOf(
        { state: e.result === 'self-test' ? 'self-test' : state, since: row.since, selfTest: d.selfTest ?? null },
        at,
        Number(asset?.servers ?? 0) > 0,
        rules,
      )
      if (problem) {
        await raiseUps(customerId, row, problem, asset?.id ?? null, timeZone, locale)
      }
    }
  }

  async function raiseUps(
    customerId: string,
    row: repo.UpsStatusRow,
    problem: { problem: string; level: 'high' | 'normal' | 'low' },
    assetId: string | null,
    timeZone: string,
    locale: Locale,
  ) {
    const details = [
      row.charge !== null ? ` ${row.charge} %` : '',
      row.runtime_seconds !== null ? `, ${Math.round(row.runtime_seconds / 60)} min` : '',
      row.message ? `\n${row.message}` : '',
    ].join('')
    return alerts.raise({
      customerId,
      kind: 'ups',
      subject: row.ups,
      subjectKey: row.ups_key,
      problem: problem.problem,
      level: problem.level,
      at: Number(row.since),
      text: {
        key: 'monitoring.text.ups',
        vars: { state: upsStateText(locale, row.state), since: alerts.when(Number(row.since), timeZone), details },
      },
      assetIds: assetId ? [assetId] : [],
    })
  }

  /** A UPS state in words for a ticket: "op accu", not on-battery. */
  function upsStateText(locale: Locale, state: string): string {
    return (UPS_STATES as readonly string[]).includes(state)
      ? t(locale, `monitoring.upsState.${state}` as MessageKey)
      : state
  }

  // The board ----------------------------------------------------------------------------------------------

  async function board(q: BoardQuery, only?: { customerId: string }, actor?: Actor): Promise<Board> {
    const { config, timeZone } = await context()
    const at = now()
    const until = q.until ?? openDay(config, timeZone)
    const days: string[] = []
    for (let i = q.days - 1; i >= 0; i--) {
      days.push(plusDays(until, -i))
    }
    let customerRows = await repo.customerNames(db, only ? [only.customerId] : undefined)
    if (q.technicianId !== undefined) {
      const technician = q.technicianId === 'me' ? (actor?.kind === 'staff' ? actor.userId : null) : q.technicianId
      customerRows = customerRows.filter((c) => c.technician_id === technician)
    }
    const ids = customerRows.map((c) => c.id)
    const jobs = expectedJobsOf(
      await repo.backupSystems(db, ids),
      await repo.jobFirstDays(db, ids),
      openDay(config, timeZone),
    )
    const first = days[0]!
    const last = days[days.length - 1]!
    const runsFrom = dayEnd(plusDays(first, -8), config.checkTime, 0, timeZone)
    const runsTo = Math.max(
      dayEnd(last, config.checkTime, 0, timeZone),
      ...jobs.map((j) => windowOf(last, j, config.checkTime, timeZone).to),
    )
    const runs = await repo.runsBetween(db, runsFrom, runsTo, ids)
    const groups = groupRuns(runs)
    const byId = new Map(runs.map((r) => [r.id, r]))
    const decided = new Map<string, repo.DayRow>()
    for (const d of await repo.decidedDays(db, first, last, ids)) {
      decided.set(`${d.customer_id}\n${d.job_key}\n${d.day}`, d)
    }
    const reviewRows = new Map<string, repo.ReviewRow>()
    for (const r of await repo.reviews(db, first, last, ids)) {
      reviewRows.set(`${r.customer_id}\n${r.day}`, r)
    }
    const openAlerts = await repo.openAlertCounts(db)

    const cell = (customerId: string, job: ExpectedJob | null, key: string, day: string): BoardCell => {
      const schedule = job ?? { schedule: 'daily' as const, graceHours: 0 }
      const window = windowOf(day, schedule, config.checkTime, timeZone)
      const inWindow = within(groups.get(`${customerId}\n${key}`), window.from, window.to)
      const stored = decided.get(`${customerId}\n${key}\n${day}`)
      let status: CellStatus
      let eventId: string | null
      if (stored) {
        status = stored.status
        eventId = stored.last_event_id
      } else if (job && day < job.from) {
        status = 'none'
        eventId = null
      } else if (window.to <= at && (!job || day >= firstDecidedDay(job))) {
        const d = decideDay(inWindow)
        // A job nobody expects is never missing: it simply did not report that day.
        status = !job && d.status === 'missing' ? 'none' : d.status
        eventId = d.lastEventId
      } else {
        status = provisionalCell(inWindow)
        // Nobody expects it yet (a job no asset names, a weekly job in its first week): no report is no news.
        status = status === 'pending' && (!job || day < firstDecidedDay(job)) ? 'none' : status
        eventId = inWindow.length > 0 ? inWindow[inWindow.length - 1]!.id : null
      }
      const event = eventId ? byId.get(eventId) : undefined
      return {
        day,
        status,
        closed: stored !== undefined || window.to <= at,
        decided: stored !== undefined,
        runs: stored ? stored.runs : inWindow.length,
        eventId,
        reportId: event?.report_id ?? null,
        at: event?.at ?? null,
      }
    }

    const jobsByCustomer = new Map<string, ExpectedJob[]>()
    for (const j of jobs) {
      jobsByCustomer.set(j.customerId, [...(jobsByCustomer.get(j.customerId) ?? []), j])
    }
    const unexpectedByCustomer = new Map<string, Map<string, string>>()
    for (const r of runs) {
      if (r.job === null || r.at <= dayEnd(plusDays(first, -1), config.checkTime, 0, timeZone)) {
        continue
      }
      const key = jobKey(r.job)
      if (jobs.some((j) => j.customerId === r.customer_id && j.jobKey === key)) {
        continue
      }
      const names = unexpectedByCustomer.get(r.customer_id) ?? new Map<string, string>()
      names.set(key, names.get(key) ?? r.job)
      unexpectedByCustomer.set(r.customer_id, names)
    }

    const out: BoardCustomer[] = []
    for (const c of customerRows) {
      const boardJobs: BoardJob[] = (jobsByCustomer.get(c.id) ?? []).map((j) => ({
        job: j.job,
        jobKey: j.jobKey,
        assetId: j.assetId,
        assetName: j.assetName,
        schedule: j.schedule,
        expected: true,
        cells: days.map((day) => cell(c.id, j, j.jobKey, day)),
      }))
      for (const [key, name] of unexpectedByCustomer.get(c.id) ?? []) {
        boardJobs.push({
          job: name,
          jobKey: key,
          assetId: null,
          assetName: null,
          schedule: null,
          expected: false,
          cells: days.map((day) => cell(c.id, null, key, day)),
        })
      }
      if (boardJobs.length === 0 && !only) {
        continue
      }
      const entry: BoardCustomer = {
        id: c.id,
        name: c.name,
        jobs: boardJobs,
        reviews: days.map((day) => {
          const r = reviewRows.get(`${c.id}\n${day}`)
          return r ? toReview(r) : null
        }),
        openAlerts: openAlerts.get(c.id) ?? 0,
      }
      const problem =
        entry.openAlerts > 0 ||
        boardJobs.some((j) =>
          j.cells.some((x) => x.status === 'failed' || x.status === 'missing' || x.status === 'warning'),
        )
      if (q.problems === 'true' && !problem) {
        continue
      }
      out.push(entry)
    }
    return { days, customers: out }
  }

  return {
    loadConfig,
    dayOfReceipt,
    onReport,
    recordUps,

    /** The scheduled check: the recently closed days. */
    async runScheduled(): Promise<CheckResult> {
      const { config, timeZone } = await context()
      return check(recentDays(config, timeZone))
    },

    /** The check run by hand: one day, or the recently closed days. */
    async run(actor: Actor, day?: string): Promise<CheckResult> {
      assertStaff(actor, WRITERS)
      const { config, timeZone } = await context()
      if (day !== undefined && day >= openDay(config, timeZone)) {
        throw badRequest('day_open', `${day} is not over yet: its window closes at the next morning check`)
      }
      return check(day ? [day] : recentDays(config, timeZone))
    },

    /** Opens the tickets of UPSes that have been on battery or out of touch for longer than allowed. */
    async watchUps(): Promise<number> {
      const { config, timeZone, locale } = await context()
      const rules = toRules(config)
      const at = now()
      let raised = 0
      for (const row of await repo.listUpsStatus(db)) {
        if (UPS_GOOD_STATES.includes(row.state as UpsState) || row.since < at - ACT_ON_EVENTS_WITHIN_MS * 30) {
          continue
        }
        const asset = row.asset_id
          ? (await repo.upsAssets(db, row.customer_id)).find((a) => a.id === row.asset_id)
          : undefined
        const problem = upsProblemOf({ state: row.state, since: row.since }, at, Number(asset?.servers ?? 0) > 0, rules)
        if (
          problem &&
          (await raiseUps(row.customer_id, row, problem, row.asset_id, timeZone, locale)) !== 'unchanged'
        ) {
          raised++
        }
      }
      return raised
    },

    async board(actor: Actor, q: BoardQuery): Promise<Board> {
      assertStaff(actor)
      return board(q, undefined, actor)
    },

    async customerBoard(actor: Actor, customerId: string, q: BoardQuery): Promise<Board> {
      await mustGetCustomer(actor, customerId)
      return board({ ...q, problems: 'false', technicianId: undefined }, { customerId }, actor)
    },

    async review(actor: Actor, customerId: string, input: ReviewInput): Promise<Review> {
      assertStaff(actor, WRITERS)
      await mustGetCustomer(actor, customerId)
      const { config, timeZone } = await context()
      if (input.day > openDay(config, timeZone)) {
        throw badRequest('day_in_future', 'day: a day that has not begun cannot be read')
      }
      if (actor.kind !== 'staff') {
        throw badRequest('staff_only', 'Only a person can mark a day as read')
      }
      const row: repo.ReviewRow = {
        customer_id: customerId,
        day: input.day,
        reviewed_by: actor.userId,
        reviewer_name: actor.name,
        reviewed_at: now(),
        remarks: input.remarks ?? null,
      }
      await db.transaction().execute(async (trx) => {
        await repo.upsertReview(trx, row)
        await audit.record(trx, actor, {
          action: 'monitoring.reviewed',
          // The review is the customer's day: the customer is the entity, the day is in `after`.
          entityType: 'monitoring_review',
          entityId: customerId,
          customerId,
          after: { day: input.day, remarks: row.remarks },
        })
      })
      return toReview(row)
    },

    async ups(actor: Actor, customerId?: string): Promise<UpsPanel> {
      if (customerId) {
        await mustGetCustomer(actor, customerId)
      } else {
        assertStaff(actor)
      }
      const { config, timeZone } = await context()
      const rows = await repo.listUpsStatus(db, customerId)
      const names = new Map((await repo.customerNames(db)).map((c) => [c.id, c.name]))
      const assetRows = new Map((await repo.upsAssets(db, customerId)).map((a) => [a.id, a]))
      const { batteryMaxAgeYears } = await assets.getConfig(MONITORING_ACTOR)
      const at = now()
      const today = dayOf(at, timeZone)
      return {
        items: rows
          .filter((r) => names.has(r.customer_id))
          .map((r) => {
            const asset = r.asset_id ? assetRows.get(r.asset_id) : undefined
            const installed = asset
              ? ((JSON.parse(asset.details) as { batteryInstalledOn?: string | null }).batteryInstalledOn ?? null)
              : null
            return {
              customerId: r.customer_id,
              customerName: names.get(r.customer_id)!,
              assetId: r.asset_id,
              assetName: asset?.name ?? null,
              ups: r.ups,
              state: r.state,
              since: r.since,
              lastSeenAt: r.last_seen_at,
              charge: r.charge,
              runtimeSeconds: r.runtime_seconds,
              loadPercent: r.load_percent,
              inputVoltage: r.input_voltage,
              message: r.message,
              source: r.source,
              batteryInstalledOn: installed,
              batteryOld: installed !== null && plusDays(installed, Math.round(batteryMaxAgeYears * 365.25)) <= today,
              stale: upsStale(r.source, r.last_seen_at, at, config.upsPollSeconds),
            }
          }),
      }
    },

    async history(actor: Actor, customerId: string, job: string, days: number): Promise<JobHistory> {
      await mustGetCustomer(actor, customerId)
      const key = jobKey(job)
      const runs = (await repo.runsOfJob(db, customerId, now() - days * 86_400_000, 50_000)).filter(
        (r) => r.job !== null && jobKey(r.job) === key,
      )
      return {
        job,
        points: runs.slice(-2000).map((r) => ({
          at: r.at,
          result: r.result,
          durationSeconds: r.started_at !== null ? Math.max(0, (r.at - r.started_at) / 1000) : null,
          bytes: r.bytes,
          files: r.files,
          reportId: r.report_id,
        })),
      }
    },

    async alerts(actor: Actor, customerId: string, open: boolean) {
      await mustGetCustomer(actor, customerId)
      return { items: await alerts.list({ customerId, open }) }
    },

    async getConfig(actor: Actor): Promise<MonitoringConfig> {
      assertStaff(actor)
      return loadConfig()
    },

    async updateConfig(actor: Actor, patch: MonitoringConfigPatch): Promise<MonitoringConfig> {
      assertStaff(actor, ['admin'])
      const before = await loadConfig()
      const after: MonitoringConfig = { ...before, ...patch, levels: { ...before.levels, ...patch.levels } }
      await db.transaction().execute(async (trx) => {
        await repo.putConfig(trx, after, now())
        await audit.record(trx, actor, {
          action: 'monitoring.config_updated',
          entityType: 'monitoring_config',
          before,
          after,
        })
      })
      return after
    },
  }
}

export type MonitoringCheck = ReturnType<typeof createMonitoringCheck>
