// What the demo customers' backup and UPS software writes, night after night: the shapes of the real samples in
// test/fixtures/monitoring/ (restic 0.14, borg 1.2, rsync --log-file, vzdump task logs, apcupsd, NUT's upsc) with
// each night's own times, sizes, names and ids. Pure: the random numbers and the times are arguments.
import { DateTime } from 'luxon'

export type Outcome = 'success' | 'warning' | 'failed'
type Rnd = () => number

/** A report as a shipper posts it: the text, and the exit code when the shipper sends one. */
export interface Shipped {
  text: string
  exitCode?: number
  /** The parser to use, when the shipper names it. */
  format?: string
}

// A zone's offset changes at most on the hour: looked up once per zone and hour, since luxon's formatting of a
// zoned time costs more than building the rest of a report.
const offsets = new Map<string, number>()

/** The offset of `zone` from UTC at `at`, in minutes. */
function offsetOf(at: number, zone: string): number {
  const key = `${zone} ${Math.floor(at / 3_600_000)}`
  let offset = offsets.get(key)
  if (offset === undefined) {
    offset = DateTime.fromMillis(at, { zone }).offset
    offsets.set(key, offset)
  }
  return offset
}

/** `YYYY-MM-DD HH:MM:SS`, the wall-clock time of `at` in `zone`. */
function local(at: number, zone: string): string {
  return new Date(at + offsetOf(at, zone) * 60_000).toISOString().slice(0, 19).replace('T', ' ')
}

/** `n` lower-case hex digits. */
export function hex(rnd: Rnd, n: number): string {
  let s = ''
  for (let i = 0; i < n; i++) {
    s += Math.floor(rnd() * 16).toString(16)
  }
  return s
}

/** A whole number in [lo, hi]. */
export const between = (rnd: Rnd, lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1))

/** rsync's and upsc's way of writing large numbers: `1,234,567`. */
const grouped = (n: number): string => Math.round(n).toLocaleString('en-US')

// restic --------------------------------------------------------------------------------------------------

/** An exclusive lock left behind by an interrupted `restic prune`: backups fail on it until someone unlocks. */
export interface ResticLock {
  pid: number
  host: string
  createdAt: number
  storageId: string
}

export interface ResticNight {
  outcome: Outcome
  durationSeconds: number
  files: number
  bytes: number
  /** The backed-up folders (Windows: restic.exe runs on the server); a warning names one of them. */
  paths: readonly string[]
  /** The lock a failed night runs into, and when that night's backup started. */
  lock: ResticLock
  startedAt: number
  timeZone: string
}

/** A duration as Go's time.Duration prints it: `25h0m3.210987654s`, `31m7.5s`. */
function goDuration(ms: number, rnd: Rnd): string {
  const h = Math.floor(ms / 3_600_000)
  const m = Math.floor((ms % 3_600_000) / 60_000)
  const s = Math.floor((ms % 60_000) / 1000)
  const ns = String(between(rnd, 1, 999_999_999))
    .padStart(9, '0')
    .replace(/0+$/, '')
  return `${h > 0 ? `${h}h` : ''}${h > 0 || m > 0 ? `${m}m` : ''}${s}.${ns}s`
}

/**
 * `restic backup --json` stdout and stderr as the shipper sends them. restic 0.14 writes no time in its JSON: the
 * receipt is the run's end. A failed night runs into a stale exclusive lock: restic says since when, and how long
 * ago, so that each night's failure differs from the last.
 */
export function resticBackup(n: ResticNight, rnd: Rnd): Shipped {
  if (n.outcome === 'failed') {
    const { lock } = n
    return {
      text:
        `unable to create lock in backend: repository is already locked exclusively by PID ${lock.pid} on ${lock.host} ` +
        `by NT AUTHORITY\\SYSTEM (UID 0, GID 0)\n` +
        `lock was created at ${local(lock.createdAt, n.timeZone)} (${goDuration(n.startedAt - lock.createdAt, rnd)} ago)\n` +
        `storage ID ${lock.storageId}\n` +
        'the `unlock` command can be used to remove stale locks\n',
      exitCode: 1,
      // A lock error has none of the lines restic is recognised by: the shipper names the format.
      format: 'restic',
    }
  }
  const changed = between(rnd, 3, 400)
  const added = between(rnd, 0, 60)
  const seconds = n.durationSeconds
  const lines = [
    JSON.stringify({
      message_type: 'status',
      percent_done: 0,
      total_files: between(rnd, 40, 900),
      total_bytes: between(rnd, 1e6, 9e7),
    }),
    JSON.stringify({
      message_type: 'status',
      seconds_elapsed: Math.round(seconds / 2),
      seconds_remaining: Math.round(seconds / 2),
      percent_done: Math.round(2500 + rnd() * 5000) / 1e4,
      total_files: n.files,
      files_done: Math.round(n.files / 2),
      total_bytes: n.bytes,
      bytes_done: Math.round(n.bytes / 2),
    }),
  ]
  let exitCode = 0
  const warning = n.outcome === 'warning'
  // A missing folder is a warning restic exits 0 on; a file another program holds open is exit code 3.
  const locked = warning && rnd() < 0.5
  if (warning && !locked) {
    lines.unshift(`${n.paths[n.paths.length - 1] ?? 'D:\\Scans'} does not exist, skipping`)
  }
  if (locked) {
    const file = `${n.paths[0] ?? 'D:\\Data'}\\Administratie\\~$jaarcijfers-2026.xlsx`
    lines.push(
      JSON.stringify({
        message_type: 'error',
        error: { Op: 'open', Path: file, Err: 32 },
        during: 'archival',
        item: file,
      }),
    )
    exitCode = 3
  }
  lines.push(
    JSON.stringify({
      message_type: 'summary',
      files_new: added,
      files_changed: changed,
      files_unmodified: n.files - added - changed,
      dirs_new: between(rnd, 0, 4),
      dirs_changed: between(rnd, 10, 80),
      dirs_unmodified: Math.round(n.files / 14),
      data_blobs: changed * 3 + added,
      tree_blobs: between(rnd, 12, 90),
      data_added: between(rnd, 2e7, 9e8),
      total_files_processed: n.files,
      total_bytes_processed: n.bytes,
      total_duration: seconds + Math.round(rnd() * 1e6) / 1e6,
      snapshot_id: hex(rnd, 8),
    }),
  )
  if (locked) {
    lines.push('Warning: at least one source file could not be read')
  }
  return { text: lines.join('\n') + '\n', exitCode, format: 'restic' }
}

// borg -----------------------------------------------------------------------------------------------------

export interface BorgNight {
  outcome: Outcome
  /** The archive name without its date: the job. */
  prefix: string
  startedAt: number
  finishedAt: number
  files: number
  bytes: number
  repository: string
  source: string
  timeZone: string
}

/** A `--log-json` line as borg's Python writes it (`json.dumps` spacing, seconds with microseconds). */
function borgLog(at: number, rnd: Rnd, level: string, name: string, message: string, msgid?: string): string {
  const time = `${Math.floor(at / 1000)}.${String(between(rnd, 0, 999_999)).padStart(6, '0')}`
  return (
    `{"type": "log_message", "time": ${time}, "message": ${JSON.stringify(message)}, "levelname": "${level}", ` +
    `"name": "${name}"${msgid ? `, "msgid": "${msgid}"` : ''}}`
  )
}

/** `borg create --json --log-json --show-rc` stdout and stderr. Archive times are local time without a zone. */
export function borgCreate(n: BorgNight, rnd: Rnd): Shipped {
  const rc = (code: number, level: string, status: string) =>
    borgLog(n.finishedAt, rnd, level, 'borg.output.show-rc', `terminating with ${status} status, rc ${code}`)
  if (n.outcome === 'failed') {
    const lock = `${n.repository}/lock.exclusive`
    return {
      text:
        [
          borgLog(
            n.finishedAt,
            rnd,
            'ERROR',
            'borg.archiver',
            `Failed to create/acquire the lock ${lock} (timeout).`,
            'LockTimeout',
          ),
          rc(2, 'ERROR', 'error'),
        ].join('\n') + '\n',
      exitCode: 2,
    }
  }
  const wall = (at: number) =>
    `${local(at, n.timeZone).replace(' ', 'T')}.${String(between(rnd, 0, 999_999)).padStart(6, '0')}`
  const name = `${n.prefix}-${local(n.startedAt, n.timeZone).replace(' ', 'T')}`
  const repoId = hex(rnd, 64)
  const compressed = Math.round(n.bytes * (0.55 + rnd() * 0.1))
  const doc = {
    archive: {
      command_line: [
        '/usr/bin/borg',
        'create',
        '--json',
        '--log-json',
        '--show-rc',
        `${n.repository}::${n.prefix}-{now}`,
        n.source,
      ],
      duration: (n.finishedAt - n.startedAt) / 1000 + between(rnd, 1, 999_999) / 1e6,
      end: wall(n.finishedAt),
      id: hex(rnd, 64),
      limits: { max_archive_size: Math.round(rnd() * 1e6) / 1e8 },
      name,
      start: wall(n.startedAt),
      stats: {
        compressed_size: compressed,
        deduplicated_size: between(rnd, 5e6, 4e8),
        nfiles: n.files,
        original_size: n.bytes,
      },
    },
    cache: {
      path: `/root/.cache/borg/${repoId}`,
      stats: {
        total_chunks: n.files * 3,
        total_csize: compressed * 30,
        total_size: n.bytes * 30,
        total_unique_chunks: n.files * 2,
        unique_csize: Math.round(compressed * 1.4),
        unique_size: Math.round(n.bytes * 1.6),
      },
    },
    encryption: { mode: 'repokey' },
    repository: { id: repoId, last_modified: wall(n.finishedAt), location: n.repository },
  }
  const lines: string[] = []
  if (n.outcome === 'warning') {
    lines.push(
      borgLog(
        n.finishedAt - 60_000,
        rnd,
        'WARNING',
        'borg.archiver',
        `${n.source}/Administratie/boekhouding.mdb: file changed while we backed it up`,
      ),
    )
  }
  lines.push(JSON.stringify(doc, null, 4))
  lines.push(n.outcome === 'warning' ? rc(1, 'WARNING', 'warning') : rc(0, 'INFO', 'success'))
  return { text: lines.join('\n') + '\n', exitCode: n.outcome === 'warning' ? 1 : 0 }
}

// rsync ----------------------------------------------------------------------------------------------------

export interface RsyncNight {
  outcome: Outcome
  startedAt: number
  finishedAt: number
  files: number
  bytes: number
  /** The folder it copies, for the file names in the log. */
  source: string
  timeZone: string
}

const DOCUMENTS = [
  'Administratie/facturen-2026-11.xlsx',
  'Administratie/bankafschriften/2026-11.pdf',
  'Projecten/offerte-{n}.docx',
  'Scans/scan_{n}.pdf',
  'Personeel/rooster-week-{n}.xlsx',
  'Klanten/correspondentie/brief-{n}.docx',
  "Foto's/project-{n}/IMG_{n}.jpg",
]

/** An `rsync -a --stats --log-file=…` log (rsync writes local times, one PID per run). */
export function rsyncLog(n: RsyncNight, rnd: Rnd): Shipped {
  const pid = between(rnd, 1200, 32000)
  const at = (t: number) => `${local(t, n.timeZone).replaceAll('-', '/')} [${pid}] `
  const start = at(n.startedAt)
  const end = at(n.finishedAt)
  if (n.outcome === 'failed') {
    return {
      text:
        `${end}rsync: connection unexpectedly closed (0 bytes received so far) [sender]\n` +
        `${end}sent 0 bytes  received 0 bytes  total size 0\n` +
        `${end}rsync error: unexplained error (code 255) at io.c(285) [sender=3.5.0]\n`,
      exitCode: 255,
    }
  }
  const lines = [`${start}building file list`]
  const transferred = between(rnd, 4, 14)
  let sent = 0
  for (let i = 0; i < transferred; i++) {
    const file = DOCUMENTS[between(rnd, 0, DOCUMENTS.length - 1)]!.replaceAll('{n}', String(between(rnd, 100, 9999)))
    const size = between(rnd, 20_000, 9_000_000)
    sent += size
    lines.push(`${at(n.startedAt + (i + 1) * 4000)}${rnd() < 0.3 ? '>f+++++++++' : '>f.st......'} ${file}`)
  }
  const vanished: string[] = []
  if (n.outcome === 'warning') {
    for (let i = between(rnd, 1, 4); i > 0; i--) {
      vanished.push(`${at(n.finishedAt - i * 1000)}file has vanished: "${n.source}/Scans/~tmp${hex(rnd, 4)}.pdf"`)
    }
  }
  lines.push(...vanished)
  const received = between(rnd, 20_000, 900_000)
  const seconds = Math.max(1, (n.finishedAt - n.startedAt) / 1000)
  const dirs = Math.round(n.files / 14)
  const perSecond = (sent / seconds).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })
  lines.push(
    `${end}Number of files: ${grouped(n.files + dirs)} (reg: ${grouped(n.files)}, dir: ${grouped(dirs)})`,
    `${end}Number of created files: ${grouped(transferred - 2)} (reg: ${grouped(transferred - 2)})`,
    `${end}Number of deleted files: 0`,
    `${end}Number of regular files transferred: ${grouped(transferred)}`,
    `${end}Total file size: ${grouped(n.bytes)} bytes`,
    `${end}Total transferred file size: ${grouped(sent)} bytes`,
    `${end}Literal data: ${grouped(Math.round(sent * 0.8))} bytes`,
    `${end}Matched data: ${grouped(sent - Math.round(sent * 0.8))} bytes`,
    `${end}File list size: ${grouped(n.files * 31)}`,
    `${end}File list generation time: ${(rnd() * 2).toFixed(3)} seconds`,
    `${end}File list transfer time: 0.000 seconds`,
    `${end}Total bytes sent: ${grouped(sent + 4000)}`,
    `${end}Total bytes received: ${grouped(received)}`,
    `${end}sent ${grouped(sent + 4000)} bytes  received ${grouped(received)} bytes  ${perSecond} bytes/sec`,
    `${end}total size is ${grouped(n.bytes)}  speedup is ${(n.bytes / (sent + received)).toFixed(2)}`,
  )
  if (n.outcome === 'warning') {
    lines.push(
      `${end}rsync warning: some files vanished before they could be transferred (code 24) at main.c(1394) [sender=3.5.0]`,
    )
  }
  return { text: lines.join('\n') + '\n', exitCode: n.outcome === 'warning' ? 24 : 0 }
}

// Proxmox VE vzdump ------------------------------------------------------------------------------------------

export interface VzdumpGuest {
  vmid: number
  name: string
  type: 'qemu' | 'lxc'
  diskGb: number
  outcome: Outcome
}

/** A vzdump task log of one night's job: each guest in turn, then the task's status line. */
export function vzdumpTaskLog(
  guests: readonly VzdumpGuest[],
  startedAt: number,
  timeZone: string,
  rnd: Rnd,
): { text: string; finishedAt: number } {
  const wall = (t: number) => local(t, timeZone)
  const file = (t: number) => local(t, timeZone).replaceAll('-', '_').replace(' ', '-').replaceAll(':', '_')
  const lines = [
    `INFO: starting new backup job: vzdump ${guests.map((g) => g.vmid).join(' ')} --mode snapshot --storage nas-01 --compress zstd --mailnotification failure --node pve1 --quiet 1`,
  ]
  let t = startedAt + 2000
  let warnings = 0
  let failed = false
  for (const g of guests) {
    lines.push(
      `INFO: Starting Backup of VM ${g.vmid} (${g.type})`,
      `INFO: Backup started at ${wall(t)}`,
      'INFO: status = running',
      `INFO: ${g.type === 'qemu' ? 'VM' : 'CT'} Name: ${g.name}`,
    )
    if (g.outcome === 'failed') {
      lines.push(
        `ERROR: Backup of VM ${g.vmid} failed - unable to create temporary directory '/mnt/pve/nas-01/dump/vzdump-${g.type}-${g.vmid}-${file(t)}.tmp' at /usr/share/perl5/PVE/VZDump/${g.type === 'lxc' ? 'LXC' : 'QemuServer'}.pm line 206.`,
        `INFO: Failed at ${wall(t + 1000)}`,
      )
      t += 2000
      failed = true
      continue
    }
    const seconds = Math.round(g.diskGb * (4 + rnd() * 3))
    const archiveGb = g.diskGb * (0.2 + rnd() * 0.25)
    if (g.type === 'qemu') {
      lines.push(
        `INFO: include disk 'scsi0' 'local-lvm:vm-${g.vmid}-disk-0' ${g.diskGb}G`,
        'INFO: backup mode: snapshot',
        'INFO: ionice priority: 7',
        `INFO: creating vzdump archive '/mnt/pve/nas-01/dump/vzdump-qemu-${g.vmid}-${file(t)}.vma.zst'`,
        `INFO: started backup task '${hex(rnd, 8)}-${hex(rnd, 4)}-${hex(rnd, 4)}-${hex(rnd, 4)}-${hex(rnd, 12)}'`,
        'INFO: resuming VM again',
      )
      if (g.outcome === 'warning') {
        lines.push('WARN: no efidisk configured! Using temporary efivars disk.')
        warnings++
      }
      lines.push(
        `INFO:  50% (${(g.diskGb / 2).toFixed(1)} GiB of ${g.diskGb.toFixed(1)} GiB) in ${Math.round(seconds / 2)}s, read: ${(g.diskGb / seconds).toFixed(1)} GiB/s, write: ${between(rnd, 40, 180)}.0 MiB/s`,
        `INFO: 100% (${g.diskGb.toFixed(1)} GiB of ${g.diskGb.toFixed(1)} GiB) in ${seconds}s, read: ${(g.diskGb / seconds).toFixed(1)} GiB/s, write: ${between(rnd, 40, 180)}.0 MiB/s`,
        `INFO: transferred ${g.diskGb.toFixed(2)} GiB in ${seconds} seconds (${((g.diskGb * 1024) / seconds).toFixed(1)} MiB/s)`,
      )
    } else {
      lines.push(
        "INFO: including mount point rootfs ('/') in backup",
        'INFO: backup mode: snapshot',
        `INFO: creating vzdump archive '/mnt/pve/nas-01/dump/vzdump-lxc-${g.vmid}-${file(t)}.tar.zst'`,
        `INFO: Total bytes written: ${Math.round(archiveGb * 2.8 * 1024 ** 3)} (${Math.round(archiveGb * 2.8 * 1024)}MiB, ${between(rnd, 60, 140)}MiB/s)`,
      )
    }
    const done = t + seconds * 1000 + 2000
    const hms = new Date(done - t).toISOString().slice(11, 19)
    lines.push(
      `INFO: archive file size: ${archiveGb.toFixed(2)}GB`,
      `INFO: Finished Backup of VM ${g.vmid} (${hms})`,
      `INFO: Backup finished at ${wall(done)}`,
    )
    t = done
  }
  lines.push(failed ? 'INFO: Backup job finished with errors' : 'INFO: Backup job finished successfully')
  lines.push(failed ? 'TASK ERROR: job errors' : warnings > 0 ? `TASK WARNINGS: ${warnings}` : 'TASK OK')
  return { text: lines.join('\n') + '\n', finishedAt: t }
}

// UPSes ----------------------------------------------------------------------------------------------------

/** `YYYY-MM-DD HH:MM:SS +ZZZZ`, as apcupsd writes its times. */
function apcTime(at: number, zone: string): string {
  const offset = offsetOf(at, zone)
  const abs = Math.abs(offset)
  const hhmm = `${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`
  return `${local(at, zone)} ${offset < 0 ? '-' : '+'}${hhmm}`
}

/** apcupsd's events file: `YYYY-MM-DD HH:MM:SS +ZZZZ  <message>` lines. */
export function apcupsdEvents(events: readonly { at: number; message: string }[], timeZone: string): string {
  return events.map((e) => `${apcTime(e.at, timeZone)}  ${e.message}\n`).join('')
}

export interface ApcStatus {
  at: number
  upsName: string
  hostname: string
  status: 'ONLINE' | 'ONLINE REPLACEBATT'
  charge: number
  minutesLeft: number
  loadPercent: number
  lineVolts: number
  startedAt: number
  /** The last power failure: when mains returned, and the seconds on battery. */
  lastTransfer: { at: number; seconds: number } | null
  serial: string
  batteryDate: string
  timeZone: string
}

/** `apcaccess status` of apcupsd 3.14 (keys padded to 9 columns, trailing spaces after the dates). */
export function apcaccessStatus(s: ApcStatus): string {
  const row = (key: string, value: string) => `${key.padEnd(9)}: ${value}\n`
  const when = (at: number) => `${apcTime(at, s.timeZone)}  `
  return [
    row('APC', '001,036,0879'),
    row('DATE', when(s.at - 3000)),
    row('HOSTNAME', s.hostname),
    row('VERSION', '3.14.14 (31 May 2016) debian'),
    row('UPSNAME', s.upsName),
    row('CABLE', 'USB Cable'),
    row('DRIVER', 'USB UPS Driver'),
    row('UPSMODE', 'Stand Alone'),
    row('STARTTIME', when(s.startedAt)),
    row('MODEL', 'Smart-UPS 1500'),
    row('STATUS', `${s.status} `),
    row('LINEV', `${s.lineVolts.toFixed(1)} Volts`),
    row('LOADPCT', `${s.loadPercent.toFixed(1)} Percent`),
    row('BCHARGE', `${s.charge.toFixed(1)} Percent`),
    row('TIMELEFT', `${s.minutesLeft.toFixed(1)} Minutes`),
    row('MBATTCHG', '5 Percent'),
    row('MINTIMEL', '3 Minutes'),
    row('MAXTIME', '0 Seconds'),
    row('OUTPUTV', `${s.lineVolts.toFixed(1)} Volts`),
    row('SENSE', 'High'),
    row('DWAKE', '0 Seconds'),
    row('DSHUTD', '180 Seconds'),
    row('LOTRANS', '208.0 Volts'),
    row('HITRANS', '253.0 Volts'),
    row('ITEMP', `${(27 + (s.loadPercent % 5)).toFixed(1)} C`),
    row('ALARMDEL', '30 Seconds'),
    row('BATTV', '27.3 Volts'),
    row('LINEFREQ', '50.0 Hz'),
    row('LASTXFER', s.lastTransfer ? 'Low line voltage' : 'No transfers since turnon'),
    row('NUMXFERS', s.lastTransfer ? '1' : '0'),
    ...(s.lastTransfer ? [row('XONBATT', when(s.lastTransfer.at - s.lastTransfer.seconds * 1000))] : []),
    row('TONBATT', '0 Seconds'),
    row('CUMONBATT', `${s.lastTransfer?.seconds ?? 0} Seconds`),
    row('XOFFBATT', s.lastTransfer ? when(s.lastTransfer.at) : 'N/A'),
    row('SELFTEST', s.status === 'ONLINE REPLACEBATT' ? 'NG' : 'NO'),
    row('STESTI', '336'),
    row('STATFLAG', s.status === 'ONLINE REPLACEBATT' ? '0x05000088' : '0x05000008'),
    row('SERIALNO', s.serial),
    row('BATTDATE', s.batteryDate),
    row('NOMOUTV', '230 Volts'),
    row('NOMBATTV', '24.0 Volts'),
    row('FIRMWARE', 'UPS 09.8 / ID=18'),
    row('END APC', when(s.at)),
  ].join('')
}

export interface NutStatus {
  flags: string
  charge: number
  runtimeSeconds: number
  loadPercent: number
  inputVoltage: number
  serial: string
  batteryDate: string
}

/** `upsc ups@localhost` of NUT 2.8 with the usbhid-ups driver on an APC Smart-UPS (upsc writes no time). */
export function upscOutput(s: NutStatus): string {
  return [
    'Init SSL without certificate database',
    `battery.charge: ${s.charge}`,
    'battery.charge.low: 10',
    `battery.date: ${s.batteryDate}`,
    `battery.runtime: ${s.runtimeSeconds}`,
    'battery.runtime.low: 120',
    'battery.type: PbAc',
    `battery.voltage: ${(26.6 + (s.charge % 7) / 10).toFixed(1)}`,
    'device.mfr: American Power Conversion',
    'device.model: Smart-UPS 1500',
    `device.serial: ${s.serial}`,
    'device.type: ups',
    'driver.name: usbhid-ups',
    'driver.parameter.pollfreq: 30',
    'driver.parameter.pollinterval: 2',
    'driver.parameter.port: auto',
    'driver.parameter.synchronous: auto',
    'driver.version: 2.8.0',
    'driver.version.data: APC HID 0.98',
    `input.voltage: ${s.inputVoltage.toFixed(1)}`,
    'output.voltage: 230.4',
    'ups.beeper.status: enabled',
    `ups.load: ${s.loadPercent}`,
    'ups.mfr: American Power Conversion',
    'ups.model: Smart-UPS 1500',
    `ups.serial: ${s.serial}`,
    `ups.status: ${s.flags}`,
    'ups.test.result: No test initiated',
    '',
  ].join('\n')
}
