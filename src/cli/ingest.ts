// `sladesk ingest --customer <id or name> [--format f] [--kind backup|ups] [--job name] FILE|FOLDER…`: takes in
// backup and UPS reports from files, as the ingest API does (stored first, the same bytes once, parsed, acted on).
// For a first import of a customer's log history, and for reports that arrive as files on a share.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { basename, extname, join, resolve } from 'node:path'
import { Presets, SingleBar } from 'cli-progress'
import { buildApp } from '../app.js'
import { ConfigError, type Config } from '../platform/config.js'
import { detectParser, parserOf } from '../modules/monitoring/parsers/index.js'
import { decodeText } from '../modules/monitoring/service.js'

export interface IngestOptions {
  customer: string
  format?: string
  kind?: 'backup' | 'ups'
  job?: string
  files: string[]
  /** Where the progress bar and the summary go; tests pass their own. */
  out?: NodeJS.WritableStream
  progress?: boolean
}

export interface IngestSummary {
  files: number
  stored: number
  duplicates: number
  unparsed: number
  skipped: { file: string; reason: string }[]
  events: number
}

/** The files of the arguments, folders walked (hidden entries skipped), in a stable order. */
export function filesOf(paths: readonly string[]): string[] {
  const out: string[] = []
  const walk = (path: string) => {
    const stat = statSync(path)
    if (stat.isDirectory()) {
      for (const name of readdirSync(path).sort()) {
        if (!name.startsWith('.')) {
          walk(join(path, name))
        }
      }
    } else if (stat.isFile()) {
      out.push(path)
    }
  }
  for (const p of paths) {
    walk(resolve(p))
  }
  return out
}

const isMail = (file: string, bytes: Buffer) =>
  extname(file).toLowerCase() === '.eml' ||
  /^(Return-Path|Received|From|Message-ID|Date|Subject):/im.test(
    bytes.subarray(0, 2000).toString('latin1').split('\n\n')[0] ?? '',
  )

export async function runIngest(config: Config, options: IngestOptions): Promise<IngestSummary> {
  const out = options.out ?? process.stderr
  if (options.files.length === 0) {
    throw new ConfigError('ingest needs files or folders: sladesk ingest --customer <id> FILE…')
  }
  if (options.format !== undefined && !parserOf(options.format)) {
    throw new ConfigError(`--format: unknown format ${options.format}`)
  }
  let files: string[]
  try {
    files = filesOf(options.files)
  } catch (err) {
    throw new ConfigError(`ingest: ${(err as Error).message}`)
  }
  const sladesk = await buildApp({ ...config, logLevel: 'warn', jobs: false })
  try {
    const { services, database } = sladesk
    const wanted = options.customer.trim()
    const customer = await database.db
      .selectFrom('customers')
      .select(['id', 'name'])
      .where((eb) =>
        /^[0-9a-f-]{36}$/i.test(wanted)
          ? eb('id', '=', wanted.toLowerCase())
          : eb('name_key', '=', wanted.toLowerCase()),
      )
      .executeTakeFirst()
    if (!customer) {
      throw new ConfigError(`--customer: no customer with the id or name "${wanted}"`)
    }
    const summary: IngestSummary = {
      files: files.length,
      stored: 0,
      duplicates: 0,
      unparsed: 0,
      skipped: [],
      events: 0,
    }
    const bar =
      options.progress === false
        ? undefined
        : new SingleBar(
            {
              stream: out,
              format: '  {bar} {value}/{total} files  {file}',
              hideCursor: true,
              // Into a log file (not a terminal) the bar is a line every few seconds, and the last one.
              noTTYOutput: !(out as NodeJS.WriteStream).isTTY,
              notTTYSchedule: 2000,
            },
            Presets.shades_classic,
          )
    bar?.start(files.length, 0, { file: '' })
    for (const file of files) {
      bar?.increment(0, { file: basename(file).slice(0, 40) })
      const bytes = readFileSync(file)
      if (bytes.length === 0 || bytes.length > config.ingestMaxBytes) {
        summary.skipped.push({
          file,
          reason: bytes.length === 0 ? 'empty' : `larger than INGEST_MAX_BYTES (${config.ingestMaxBytes} bytes)`,
        })
        bar?.increment(1)
        continue
      }
      const mail = isMail(file, bytes)
      const kind =
        options.kind ??
        (options.format ? parserOf(options.format)!.kind : undefined) ??
        (mail
          ? 'backup'
          : (detectParser({ text: decodeText(bytes.subarray(0, 64 * 1024)), timeZone: 'UTC', receivedAt: Date.now() })
              ?.kind ?? 'backup'))
      const result = await services.monitoring.store({
        customerId: customer.id,
        kind,
        raw: bytes,
        contentType: mail ? 'message/rfc822' : 'text/plain',
        source: 'cli',
        ...(options.format !== undefined && { format: options.format }),
        ...(options.job !== undefined && { job: options.job }),
        // A log without times of its own is dated by its file, not by the moment of the import.
        receivedAt: Math.floor(Math.min(statSync(file).mtimeMs, Date.now())),
      })
      if (result.duplicate) {
        summary.duplicates++
      } else {
        summary.stored++
        summary.events += result.events.length
        if (result.status === 'unparsed') {
          summary.unparsed++
        }
      }
      bar?.increment(1)
    }
    bar?.stop()
    out.write(
      `\n${customer.name}: ${summary.stored} stored (${summary.events} events, ${summary.unparsed} unparsed), ` +
        `${summary.duplicates} already there, ${summary.skipped.length} skipped\n`,
    )
    for (const s of summary.skipped) {
      out.write(`  skipped ${s.file}: ${s.reason}\n`)
    }
    return summary
  } finally {
    await sladesk.close()
  }
}
