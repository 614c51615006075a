// Every parser sladesk knows, and how a report finds its parser when the shipper did not name the format.
import { apcaccess, apcupsdEvents } from './apcupsd.js'
import { bacula } from './bacula.js'
import { borg, borgCheck } from './borg.js'
import { nut, upslog, upsmon } from './nut.js'
import { restic, resticCheck } from './restic.js'
import { rsnapshot, rsync } from './rsync.js'
import { synology, synologyLog } from './synology.js'
import type { Parser, ParseResult, ReportInput } from './types.js'
import { veeam } from './veeam.js'
import { vzdump } from './vzdump.js'
import { windowsBackup } from './windows-backup.js'

export type { BackupRun, ParsedEvent, Parser, ParseResult, ReportInput, RunResult, UpsEvent } from './types.js'

/**
 * In the order detection tries them: the checks before the backups of the same tool (a `restic check` report must
 * not read as a backup), mails by their subjects, then logs, then the UPS formats.
 */
export const PARSERS: readonly Parser[] = [
  resticCheck,
  restic,
  borgCheck,
  borg,
  veeam,
  bacula,
  vzdump,
  synology,
  synologyLog,
  windowsBackup,
  rsnapshot,
  rsync,
  apcaccess,
  apcupsdEvents,
  upsmon,
  upslog,
  nut,
]

export const FORMATS = PARSERS.map((p) => p.format)

const BY_FORMAT = new Map(PARSERS.map((p) => [p.format, p]))

export function parserOf(format: string): Parser | undefined {
  return BY_FORMAT.get(format)
}

/** The first parser that recognises the report, or undefined. A detector that throws counts as "no". */
export function detectParser(input: ReportInput): Parser | undefined {
  return PARSERS.find((p) => {
    try {
      return p.detect(input)
    } catch {
      return false
    }
  })
}

/**
 * Parses a report with the named format, or the detected one. Never throws: a parser that fails on the input makes
 * it `unparsed` with the reason, so that a human can look at the stored report.
 */
export function parseReport(
  input: ReportInput,
  format?: string,
  /** The MSP's own parsers: named by their format, or tried before the built-in ones. */
  extra: readonly Parser[] = [],
): { format: string | null; result: ParseResult } {
  const detect = (p: Parser) => {
    try {
      return p.detect(input)
    } catch {
      return false
    }
  }
  const parser = format
    ? (extra.find((p) => p.format === format) ?? parserOf(format))
    : (extra.find(detect) ?? detectParser(input))
  if (!parser) {
    return {
      format: format ?? null,
      result: { status: 'unparsed', reason: format ? `unknown format ${format}` : 'no parser recognised the report' },
    }
  }
  try {
    return { format: parser.format, result: parser.parse(input) }
  } catch (err) {
    return {
      format: parser.format,
      result: { status: 'unparsed', reason: `the ${parser.format} parser failed: ${(err as Error).message}` },
    }
  }
}
