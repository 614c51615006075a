// Backup and UPS monitoring for the demo customers: backup systems that expect jobs, ingest tokens, and two weeks of
// nightly reports taken in through the ingest service while the demo's clock moves along with them. The reports'
// reactions (a failure opens a ticket, a success ends it), the morning checks and the technicians' reviews thus
// happen at the moments they would have, and the board, the tickets and their timelines agree.
import type { Sladesk } from '../app.js'
import type { Actor, StaffActor } from '../platform/access.js'
import { dayOf, plusDays } from '../modules/monitoring/daily.js'
import type { ReportKind } from '../modules/monitoring/schema.js'
import { DateTime } from 'luxon'
import {
  apcaccessStatus,
  apcupsdEvents,
  between,
  borgCreate,
  hex,
  type Outcome,
  resticBackup,
  type ResticLock,
  rsyncLog,
  type Shipped,
  upscOutput,
  vzdumpTaskLog,
  type VzdumpGuest,
} from './monitoring-reports.js'

/** Nights of reports before the demo's "now"; the jobs are expected from the first. */
export const MONITORING_NIGHTS = 14
/** The most recent days the technicians have not read yet. */
export const UNREVIEWED_DAYS = 2
/** Only the first customers get monitoring data: a benchmark's thousand customers need none, and it costs time. */
const MONITORED_MAX = 60

export type BackupSoftware = 'restic' | 'borg' | 'rsync' | 'proxmox'

/** What a customer's monitoring looks like; null for a customer whose monitoring is not set up yet. */
export interface MonitoringPlan {
  software: BackupSoftware
  /** The expected jobs, as the backup system's asset names them. */
  jobs: string[]
  /** What happens to this customer besides ordinary nights. */
  story: 'failing' | 'unexpected-job' | 'unparsed' | 'missing-streak' | 'warning-streak' | null
  ups: 'power-failure' | 'replace-battery' | 'apcupsd' | 'nut' | null
}

const JOBS: Record<BackupSoftware, readonly string[]> = {
  restic: ['SRV-01 data', 'SRV-01 systeem', 'SRV-01 SQL'],
  borg: ['srv01-data', 'srv01-mail', 'srv01-etc'],
  rsync: ['rsync-shares', 'rsync-scans', 'rsync-offsite'],
  proxmox: ['vzdump-100', 'vzdump-101', 'vzdump-102'],
}
const SOFTWARE: readonly BackupSoftware[] = ['restic', 'borg', 'rsync', 'proxmox']
const STORIES: readonly (readonly [MonitoringPlan['story'], BackupSoftware])[] = [
  ['failing', 'restic'],
  ['unexpected-job', 'proxmox'],
  ['unparsed', 'borg'],
  ['missing-streak', 'rsync'],
  ['warning-streak', 'borg'],
]
const UPSES: readonly MonitoringPlan['ups'][] = ['power-failure', 'replace-battery', 'nut', 'apcupsd']
const GUESTS: readonly Omit<VzdumpGuest, 'outcome'>[] = [
  { vmid: 100, name: 'srv01', type: 'qemu', diskGb: 200 },
  { vmid: 101, name: 'db01', type: 'lxc', diskGb: 32 },
  { vmid: 102, name: 'web01', type: 'qemu', diskGb: 64 },
]
/** The guest someone added to the backup job without telling the desk: a job nobody expects. */
const EXTRA_GUEST: Omit<VzdumpGuest, 'outcome'> = { vmid: 105, name: 'test-win11', type: 'qemu', diskGb: 80 }
const RESTIC_PATHS: Record<string, readonly string[]> = {
  'SRV-01 data': ['D:\\Data', 'D:\\Scans'],
  'SRV-01 systeem': ['C:\\Users', 'C:\\ProgramData\\Vakpakket'],
  'SRV-01 SQL': ['E:\\SQLBackup'],
}

/**
 * Which customers get monitoring and how: five in six of the first MONITORED_MAX, the first five of them with a
 * story each and the next four with a UPS that reports. From its own random stream: the rest of the demo stays as
 * it was for the same seed.
 */
export function planMonitoring(customers: number, rnd: () => number): (MonitoringPlan | null)[] {
  const plans: (MonitoringPlan | null)[] = []
  let position = 0
  for (let index = 0; index < customers; index++) {
    if (index >= MONITORED_MAX || index % 6 === 5) {
      plans.push(null)
      continue
    }
    const [story, forced] = STORIES[position] ?? [null, null]
    const software = forced ?? SOFTWARE[Math.floor(rnd() * SOFTWARE.length)]!
    // The failing customer has a healthy job beside the failing one; the others one to three jobs.
    const count = story === 'failing' ? 2 : between(rnd, 1, 3)
    plans.push({
      software,
      jobs: JOBS[software].slice(0, count),
      story,
      ups: UPSES[position - STORIES.length] ?? null,
    })
    position++
  }
  return plans
}

interface MonitoredCustomer {
  id: string
  technicianId: string | null
}

interface Action {
  at: number
  run: () => Promise<void>
}

const REFRESH_BATCH = 500

/**
 * Replays MONITORING_NIGHTS nights before `demoNow` for the customers with a plan: their reports through the ingest
 * service, each morning's check, and the reviews of all but the last UNREVIEWED_DAYS days; then brings the clocks
 * of the tickets this opened up to `demoNow`. `setClock` moves the app's clock (null: back to the real time).
 * Returns what it made, for the console.
 */
export async function addMonitoring(
  sladesk: Sladesk,
  customers: readonly MonitoredCustomer[],
  plans: readonly (MonitoringPlan | null)[],
  demoNow: number,
  rnd: () => number,
  setClock: (at: number | null) => void,
): Promise<{ reports: number; jobs: number; customers: number; from: string; to: string }> {
  const { monitoring, monitoringCheck, settings, tickets } = sladesk.services
  const { db } = sladesk.database
  const { company } = await settings.load()
  const zone = company.timeZone
  const system: Actor = { kind: 'system', label: 'demo' }
  const staffRows = await db
    .selectFrom('users')
    .select(['id', 'email', 'name', 'role', 'locale'])
    .where('role', 'in', ['admin', 'technician'])
    .where('active', '=', 1)
    .orderBy('email')
    .execute()
  const staff = new Map<string, StaffActor>(
    staffRows.map((u) => [
      u.id,
      {
        kind: 'staff',
        userId: u.id,
        email: u.email,
        name: u.name,
        role: u.role as 'admin' | 'technician',
        locale: u.locale,
      },
    ]),
  )
  const anyone = [...staff.values()].find((a) => a.role === 'technician') ?? [...staff.values()][0]
  if (!anyone) {
    throw new Error('The demo monitoring needs an active technician or admin to read the board')
  }
  const today = dayOf(demoNow, zone)
  const nights = Array.from({ length: MONITORING_NIGHTS }, (_, k) => plusDays(today, k - MONITORING_NIGHTS))
  // The start of each local hour, looked up once: luxon would otherwise cost more than the schedule it serves.
  const hours = new Map<string, number>()
  /** Epoch ms of `hour`:`minute` local time on `day`; hours past 24 (or below 0) fall on the next (or last) day. */
  const at = (day: string, hour: number, minute = 0, second = 0): number => {
    const key = `${day} ${hour}`
    let start = hours.get(key)
    if (start === undefined) {
      start = DateTime.fromISO(day, { zone })
        .plus({ days: Math.floor(hour / 24) })
        .set({ hour: ((hour % 24) + 24) % 24 })
        .toMillis()
      hours.set(key, start)
    }
    return start + minute * 60_000 + second * 1000
  }

  const actions: Action[] = []
  const schedule = (when: number, run: () => Promise<void>) => actions.push({ at: when, run })
  let reports = 0
  let jobs = 0
  let monitored = 0

  // The desk resolves a monitoring ticket once the next run succeeds: a technician needs not close each by hand.
  setClock(at(nights[0]!, -15))
  await monitoringCheck.updateConfig(system, { resolveOnSuccess: true })

  for (const [index, customer] of customers.entries()) {
    const plan = plans[index]
    if (!plan) {
      continue
    }
    monitored++
    jobs += plan.jobs.length
    const technician = (customer.technicianId && staff.get(customer.technicianId)) || anyone
    setClock(at(nights[0]!, -14, index))
    const { token } = await monitoring.createToken(technician, customer.id, { name: `${plan.software} op SRV-01` })
    const ship = (kind: ReportKind, key: string, receivedAt: number, report: Shipped, job?: string) => {
      schedule(receivedAt, async () => {
        await monitoring.ingest({
          authorization: `Bearer ${key}`,
          kind,
          body: Buffer.from(report.text),
          contentType: 'text/plain',
          query: {
            ...(report.format !== undefined && { format: report.format }),
            ...(report.exitCode !== undefined && { exitCode: report.exitCode }),
            ...(job !== undefined && { job }),
            ...(kind === 'backup' && plan.software !== 'proxmox' && { host: 'SRV-01' }),
          },
        })
        reports++
      })
    }

    // Each job's nights: mostly good, now and then a warning, a failure or no report at all.
    const outcomes = plan.jobs.map(() =>
      nights.map((): Outcome | 'missing' => {
        const r = rnd()
        return r < 0.03 ? 'failed' : r < 0.1 ? 'warning' : r < 0.115 ? 'missing' : 'success'
      }),
    )
    const first = outcomes[0]!
    const last = MONITORING_NIGHTS - 1
    switch (plan.story) {
      case 'failing':
        // Fine for ten nights but one, then the same failure the last three nights: an open ticket with repeats.
        first.fill('success')
        first[3] = 'missing'
        first.fill('failed', last - 2)
        break
      case 'missing-streak':
        // Three nights without a report: the ticket is raised to the high level, then the job comes back.
        first.fill('missing', 4, 7)
        first[7] = 'success'
        break
      case 'warning-streak':
        // Warnings three nights in a row become a ticket of the low level; the next good night ends it.
        first.fill('warning', 7, 10)
        first[10] = 'success'
        break
      case 'unparsed':
        // The NAS was not mounted: no backup, only the script's complaint (below).
        first[8] = 'missing'
        break
      case 'unexpected-job':
      case null:
        break
      default:
        plan.story satisfies never
    }

    const sizes = plan.jobs.map(() => ({
      files: between(rnd, 20_000, 400_000),
      bytes: between(rnd, 20, 800) * 1024 ** 3 + between(rnd, 0, 1024 ** 3),
      minutes: between(rnd, 6, 45),
    }))
    const locks: ResticLock[] = []
    for (const [k, night] of nights.entries()) {
      const grown = (size: number) => Math.round(size * (1 + k * 0.002 + rnd() * 0.001))
      if (plan.software === 'proxmox') {
        // One task a night backs up every guest in turn; a node that is down sends nothing.
        if (first[k] === 'missing') {
          continue
        }
        // A guest is never missing alone, and only a VM's backup warns (about its EFI disk).
        const guests: VzdumpGuest[] = plan.jobs.map((_, j) => {
          const guest = GUESTS[j]!
          const outcome = outcomes[j]![k]!
          return {
            ...guest,
            outcome: outcome === 'missing' || (outcome === 'warning' && guest.type === 'lxc') ? 'success' : outcome,
          }
        })
        if (plan.story === 'unexpected-job' && k >= 7) {
          guests.push({ ...EXTRA_GUEST, outcome: 'success' })
        }
        const task = vzdumpTaskLog(guests, at(night, 25, between(rnd, 0, 1), between(rnd, 0, 59)), zone, rnd)
        ship('backup', token, task.finishedAt + between(rnd, 2, 30) * 1000, { text: task.text })
        continue
      }
      for (const [j, job] of plan.jobs.entries()) {
        const outcome = outcomes[j]![k]!
        if (outcome === 'missing') {
          continue
        }
        const size = sizes[j]!
        const files = grown(size.files)
        const bytes = grown(size.bytes)
        const seconds = outcome === 'failed' ? between(rnd, 2, 40) : size.minutes * 60 + between(rnd, -90, 240)
        let report: Shipped
        let startedAt: number
        if (plan.software === 'restic') {
          startedAt = at(night, 21, 30 + j * 50, between(rnd, 0, 20))
          // A failed night runs into the lock of a prune that a reboot cut off; the failing customer's stays on.
          if (outcome === 'failed' && (plan.story !== 'failing' || j !== 0 || k === MONITORING_NIGHTS - 3)) {
            locks[j] = {
              pid: between(rnd, 1200, 9800),
              host: 'SRV-01',
              createdAt: startedAt - between(rnd, 20, 90) * 60_000,
              storageId: hex(rnd, 8),
            }
          }
          report = resticBackup(
            {
              outcome,
              durationSeconds: seconds,
              files,
              bytes,
              paths: RESTIC_PATHS[job] ?? ['D:\\Data'],
              lock: locks[j]!,
              startedAt,
              timeZone: zone,
            },
            rnd,
          )
        } else if (plan.software === 'borg') {
          startedAt = at(night, 24, 30 + j * 45, between(rnd, 0, 5))
          report = borgCreate(
            {
              outcome,
              prefix: job,
              startedAt,
              finishedAt: startedAt + seconds * 1000,
              files,
              bytes,
              repository: `ssh://borg@nas-01/volume1/borg/${job}`,
              source: `/srv/${job.split('-')[1] ?? 'data'}`,
              timeZone: zone,
            },
            rnd,
          )
        } else {
          startedAt = at(night, 23, j * 40, between(rnd, 0, 3))
          report = rsyncLog(
            {
              outcome,
              startedAt,
              finishedAt: startedAt + seconds * 1000,
              files,
              bytes,
              source: `/volume1/${job.replace('rsync-', '')}`,
              timeZone: zone,
            },
            rnd,
          )
        }
        ship('backup', token, startedAt + seconds * 1000 + between(rnd, 2, 30) * 1000, report, job)
      }
      if (plan.story === 'unparsed' && k === 8) {
        // The wrapper script's own complaint, shipped like a report: no parser knows it, a person reads it.
        ship(
          'backup',
          token,
          at(night, 24, 30, 4),
          {
            text:
              `/usr/local/sbin/borg-nacht: line 14: cd: /mnt/nas-01/borg: Transport endpoint is not connected\n` +
              `mount error(112): Host is down\n` +
              `Refer to the mount.cifs(8) manual page (e.g. man mount.cifs) and kernel log messages (dmesg)\n` +
              `borg-nacht: NAS-01 not mounted, ${plan.jobs[0]} skipped\n`,
            exitCode: 1,
          },
          plan.jobs[0],
        )
      }
    }

    // The technician reads the customer's day the next morning, and notes what was wrong.
    for (const [k, night] of nights.entries()) {
      if (k >= MONITORING_NIGHTS - UNREVIEWED_DAYS) {
        break
      }
      const worst = outcomes.map((o) => o[k]!)
      const remarks = worst.includes('failed')
        ? 'Back-up mislukt: ticket loopt.'
        : worst.includes('missing')
          ? 'Geen rapport ontvangen: navragen bij de klant.'
          : worst.includes('warning')
            ? 'Waarschuwing bekeken, geen actie nodig.'
            : null
      schedule(at(night, 32, 15 + (index % 40) * 2), async () => {
        await monitoringCheck.review(technician, customer.id, { day: night, remarks })
      })
    }

    if (plan.ups) {
      setClock(at(nights[0]!, -13, index))
      const ups = await monitoring.createToken(technician, customer.id, {
        name: `${plan.ups === 'apcupsd' || plan.ups === 'power-failure' ? 'apcupsd' : 'NUT'} op SRV-01`,
      })
      addUps(plan.ups, (when, report) => ship('ups', ups.token, when, report, 'UPS-01'), index)
    }
  }

  /** A UPS's reports: a status each morning of the last days, and the events of what happened to it. */
  function addUps(
    kind: NonNullable<MonitoringPlan['ups']>,
    send: (when: number, report: Shipped) => void,
    index: number,
  ): void {
    const serial = `AS${String(1_000_000_000 + index * 7919).slice(0, 10)}`
    // At DEMO_NOW: 12 March 2021 (due for replacement) or 20 May 2024.
    const batteryDate = plusDays(today, kind === 'replace-battery' ? -2086 : -921)
    const started = at(plusDays(today, -25), 8, 14, 51)
    // Last week's Thursday afternoon: ninety-odd seconds without mains, too short for a ticket.
    const failedAt = at(plusDays(today, -8), 14, 12, 3)
    const backAt = failedAt + 98_000
    const mornings = kind === 'replace-battery' ? 7 : 3
    if (kind === 'power-failure') {
      const startup = { at: started, message: 'apcupsd 3.14.14 (31 May 2016) debian startup succeeded' }
      const failure = [
        startup,
        { at: failedAt, message: 'Power failure.' },
        { at: failedAt + 6000, message: 'Running on UPS batteries.' },
      ]
      // apcupsd's event scripts ship the events file as it grows: once on battery, once back on mains.
      send(failedAt + 21_000, { text: apcupsdEvents(failure, zone) })
      send(backAt + 17_000, {
        text: apcupsdEvents(
          [
            ...failure,
            { at: backAt, message: 'Mains returned. No longer on UPS batteries.' },
            { at: backAt, message: 'Power is back. UPS running on mains.' },
          ],
          zone,
        ),
      })
    }
    for (let d = mornings; d >= 1; d--) {
      const when = at(plusDays(today, 1 - d), 6, 0, between(rnd, 0, 50))
      const load = between(rnd, 14, 31)
      if (kind === 'nut' || kind === 'replace-battery') {
        // The battery failed its self-test four days ago: "replace battery" from then on.
        const worn = kind === 'replace-battery' && d <= 4
        send(when, {
          text: upscOutput({
            flags: worn ? 'OL CHRG RB' : 'OL CHRG',
            charge: worn ? between(rnd, 88, 97) : 100,
            runtimeSeconds: worn ? between(rnd, 420, 640) : between(rnd, 2100, 2700),
            loadPercent: load,
            inputVoltage: 228 + rnd() * 6,
            serial,
            batteryDate,
          }),
        })
      } else {
        send(when, {
          text: apcaccessStatus({
            at: when,
            upsName: 'UPS-01',
            hostname: 'srv-01',
            status: 'ONLINE',
            charge: 100,
            minutesLeft: 38 + rnd() * 10,
            loadPercent: load,
            lineVolts: 228 + rnd() * 6,
            startedAt: started,
            lastTransfer: kind === 'power-failure' ? { at: backAt, seconds: 92 } : null,
            serial,
            batteryDate,
            timeZone: zone,
          }),
        })
      }
    }
  }

  // Each morning's check decides the night before, as the scheduled job would at 07:30.
  for (const night of nights) {
    schedule(at(night, 31, 35), async () => {
      await monitoringCheck.run(system, night)
    })
  }

  // In time order; actions of the same moment in the order they were made.
  actions.sort((a, b) => a.at - b.at)
  try {
    for (const action of actions) {
      setClock(action.at)
      await action.run()
    }
    // The tickets' clocks as they stand at the demo's "now", like those of the other demo tickets.
    setClock(demoNow)
    // A batch at a time: a full batch may leave more behind.
    while ((await tickets.refreshDue(REFRESH_BATCH)) === REFRESH_BATCH) {
      continue
    }
  } finally {
    setClock(null)
  }
  return { reports, jobs, customers: monitored, from: nights[0]!, to: nights[nights.length - 1]! }
}
