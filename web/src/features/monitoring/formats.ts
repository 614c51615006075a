import type { ReportKind } from '../../../../src/modules/monitoring/schema.ts'

/**
 * The report formats the server's parsers read, with the kind of report each is for: the choices for classifying
 * an unparsed report. Kept here rather than imported from the parsers, whose code the browser does not need;
 * formats.test.ts holds it equal to the server's list.
 */
export const REPORT_FORMATS: readonly { format: string; kind: ReportKind }[] = [
  { format: 'restic-check', kind: 'backup' },
  { format: 'restic', kind: 'backup' },
  { format: 'borg-check', kind: 'backup' },
  { format: 'borg', kind: 'backup' },
  { format: 'veeam', kind: 'backup' },
  { format: 'bacula', kind: 'backup' },
  { format: 'vzdump', kind: 'backup' },
  { format: 'synology', kind: 'backup' },
  { format: 'synology-log', kind: 'backup' },
  { format: 'windows-backup', kind: 'backup' },
  { format: 'rsnapshot', kind: 'backup' },
  { format: 'rsync', kind: 'backup' },
  { format: 'apcaccess', kind: 'ups' },
  { format: 'apcupsd-events', kind: 'ups' },
  { format: 'upsmon', kind: 'ups' },
  { format: 'upslog', kind: 'ups' },
  { format: 'nut', kind: 'ups' },
]

/** The formats for a report of `kind`, alphabetically: what a person picks from. */
export function formatsFor(kind: ReportKind): string[] {
  return REPORT_FORMATS.filter((f) => f.kind === kind)
    .map((f) => f.format)
    .sort()
}
