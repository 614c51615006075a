import { CsvError, parse } from 'csv-parse/sync'
import { stringify } from 'csv-stringify/sync'
import {
  ASSET_CLASSES,
  BACKUP_KINDS,
  BACKUP_SOFTWARE,
  NETWORK_KINDS,
  SERVER_KINDS,
  type AssetClass,
  type AssetStatus,
} from './classes.js'
import { AssetInput, CLASS_FIELDS, COMMON_FIELDS, type ImportIssue, type ImportNotice } from './schema.js'

// The spreadsheet form of a customer's assets: what an MSP gets from a new customer (often a Dutch Excel export)
// and what it hands back. Pure: bytes in, values out.

type ValueKind = 'text' | 'date' | 'int' | 'class' | 'status' | 'kind' | 'software'

interface Column {
  /** The asset field, or `site` (the site's name). */
  field: string
  /** The header of the export. */
  header: string
  kind: ValueKind
  /** Headers the import accepts, in normalised form (see normaliseHeader). */
  aliases: string[]
}

/** In the order of the export. */
export const COLUMNS: readonly Column[] = [
  { field: 'name', header: 'name', kind: 'text', aliases: ['naam', 'apparaatnaam', 'device name'] },
  { field: 'class', header: 'class', kind: 'class', aliases: ['klasse', 'categorie', 'category', 'asset class'] },
  { field: 'kind', header: 'kind', kind: 'kind', aliases: ['soort'] },
  { field: 'site', header: 'site', kind: 'text', aliases: ['locatie', 'location', 'vestiging'] },
  {
    field: 'serial',
    header: 'serial',
    kind: 'text',
    aliases: ['serienummer', 'serial number', 'serienr', 'serial no'],
  },
  { field: 'make', header: 'make', kind: 'text', aliases: ['merk', 'fabrikant', 'manufacturer', 'brand'] },
  { field: 'model', header: 'model', kind: 'text', aliases: ['modelnummer', 'model number'] },
  { field: 'purchaseDate', header: 'purchase date', kind: 'date', aliases: ['aankoopdatum', 'gekocht op'] },
  {
    field: 'warrantyEnd',
    header: 'warranty end',
    kind: 'date',
    aliases: ['garantie tot', 'einde garantie', 'garantie', 'warranty', 'warranty until', 'garantie t m'],
  },
  { field: 'status', header: 'status', kind: 'status', aliases: [] },
  { field: 'activeFrom', header: 'active from', kind: 'date', aliases: ['actief vanaf', 'in gebruik sinds'] },
  { field: 'activeUntil', header: 'active until', kind: 'date', aliases: ['actief tot', 'in gebruik tot'] },
  { field: 'os', header: 'os', kind: 'text', aliases: ['besturingssysteem', 'operating system'] },
  {
    field: 'osVersion',
    header: 'os version',
    kind: 'text',
    aliases: ['versie', 'os versie', 'besturingssysteem versie'],
  },
  { field: 'role', header: 'role', kind: 'text', aliases: ['rol', 'functie'] },
  { field: 'user', header: 'user', kind: 'text', aliases: ['gebruiker', 'medewerker'] },
  { field: 'cpu', header: 'cpu', kind: 'text', aliases: ['processor'] },
  {
    field: 'memoryGb',
    header: 'memory gb',
    kind: 'int',
    aliases: ['memory', 'geheugen', 'geheugen gb', 'ram', 'ram gb', 'werkgeheugen', 'werkgeheugen gb'],
  },
  { field: 'storageGb', header: 'storage gb', kind: 'int', aliases: ['storage', 'opslag', 'opslag gb'] },
  { field: 'firmware', header: 'firmware', kind: 'text', aliases: ['firmwareversie', 'firmware version'] },
  { field: 'ip', header: 'ip', kind: 'text', aliases: ['ip adres', 'ip address', 'ipadres'] },
  { field: 'capacityVa', header: 'capacity va', kind: 'int', aliases: ['capaciteit', 'capaciteit va', 'va'] },
  {
    field: 'batteryInstalledOn',
    header: 'battery installed',
    kind: 'date',
    aliases: ['batterij geplaatst', 'accu geplaatst', 'batterij vervangen', 'battery replaced'],
  },
  {
    field: 'software',
    header: 'software',
    kind: 'software',
    aliases: ['backup software', 'back up software', 'backupsoftware'],
  },
  { field: 'description', header: 'description', kind: 'text', aliases: ['omschrijving', 'beschrijving'] },
  { field: 'notes', header: 'notes', kind: 'text', aliases: ['notities', 'notitie', 'opmerkingen', 'opmerking'] },
]

/** Lower case, accents and punctuation gone, single spaces: "Geheugen (GB)" → "geheugen gb". */
export function normaliseHeader(header: string): string {
  return header
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
}

const BY_HEADER = new Map<string, Column>()
for (const column of COLUMNS) {
  for (const name of [column.header, normaliseHeader(column.field.replace(/([A-Z])/g, ' $1')), ...column.aliases]) {
    BY_HEADER.set(normaliseHeader(name), column)
  }
}

// Values as people write them in Dutch and English lists, normalised like headers.
const CLASS_WORDS: Record<string, AssetClass> = {
  server: 'server',
  servers: 'server',
  werkplek: 'workstation',
  werkstation: 'workstation',
  workstation: 'workstation',
  desktop: 'workstation',
  pc: 'workstation',
  laptop: 'laptop',
  notebook: 'laptop',
  netwerk: 'network',
  network: 'network',
  netwerkapparatuur: 'network',
  ups: 'ups',
  noodstroom: 'ups',
  backup: 'backup-system',
  'back up': 'backup-system',
  'backup system': 'backup-system',
  backupsysteem: 'backup-system',
  printer: 'printer',
  overig: 'other',
  overige: 'other',
  anders: 'other',
  other: 'other',
}
const STATUS_WORDS: Record<string, AssetStatus> = {
  active: 'active',
  actief: 'active',
  'in gebruik': 'active',
  spare: 'spare',
  reserve: 'spare',
  voorraad: 'spare',
  retired: 'retired',
  afgevoerd: 'retired',
  'uit gebruik': 'retired',
}
const KIND_WORDS: Partial<Record<AssetClass, Record<string, string>>> = {
  server: { ...words(SERVER_KINDS), fysiek: 'physical', virtueel: 'virtual', vm: 'virtual' },
  network: { ...words(NETWORK_KINDS), accesspoint: 'access-point', ap: 'access-point', overig: 'other' },
  'backup-system': { ...words(BACKUP_KINDS), backupserver: 'backup-server', cloud: 'cloud-target' },
}
const SOFTWARE_WORDS: Record<string, string> = {
  ...words(BACKUP_SOFTWARE),
  borgbackup: 'borg',
  'windows backup': 'windows-server-backup',
  'hyper backup': 'synology',
  'synology hyper backup': 'synology',
  bareos: 'bacula',
  vzdump: 'proxmox',
  'proxmox backup server': 'proxmox',
  rsnapshot: 'rsync',
  overig: 'other',
}

function words(values: readonly string[]): Record<string, string> {
  return Object.fromEntries(values.map((v) => [normaliseHeader(v), v]))
}

/** A file the import cannot read at all (not a row problem): 400. */
export class CsvFormatError extends Error {
  constructor(
    message: string,
    readonly row?: number,
  ) {
    super(message)
  }
}

/**
 * The text of an uploaded file. Excel writes UTF-8 with a byte-order mark, UTF-16 ("Unicode text") or, in older
 * versions and from "CSV (gescheiden door lijstscheidingsteken)", Windows-1252: bytes that are not valid UTF-8 are
 * read as Windows-1252, which is what such a file almost always is.
 */
export function decodeCsv(bytes: Uint8Array): {
  text: string
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252'
} {
  const [b0, b1, b2] = bytes
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) {
    try {
      return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes), encoding: 'utf-8' }
    } catch {
      throw new CsvFormatError('The file starts as UTF-8 but holds bytes that are not UTF-8')
    }
  }
  if (b0 === 0xff && b1 === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(bytes), encoding: 'utf-16le' }
  }
  if (b0 === 0xfe && b1 === 0xff) {
    return { text: new TextDecoder('utf-16be').decode(bytes), encoding: 'utf-16be' }
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' }
  } catch {
    // Some Node versions decode "windows-1252" as Latin-1, leaving 0x80–0x9F as control characters where Windows
    // has €, „, ‘, ’, “, ”, – and —: those are put right here (a correct decoder leaves nothing to replace).
    const text = new TextDecoder('windows-1252')
      .decode(bytes)
      .replace(/[\u0080-\u009f]/g, (c) => WINDOWS_1252_HIGH[c.charCodeAt(0) - 0x80] ?? c)
    return { text, encoding: 'windows-1252' }
  }
}

// Windows-1252 at 0x80–0x9F; the five bytes it leaves undefined stay as they are.
const WINDOWS_1252_HIGH = [...'€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ']

/** The separator of the header line: `;` (Dutch Excel), `,` or tab, whichever occurs most outside quotes. */
export function detectDelimiter(headerLine: string): ';' | ',' | '\t' {
  const counts = { ';': 0, ',': 0, '\t': 0 }
  let quoted = false
  for (const ch of headerLine) {
    if (ch === '"') {
      quoted = !quoted
    } else if (!quoted && (ch === ';' || ch === ',' || ch === '\t')) {
      counts[ch]++
    }
  }
  const best = (Object.entries(counts) as [';' | ',' | '\t', number][]).sort((a, b) => b[1] - a[1])[0]!
  return best[1] > 0 ? best[0] : ','
}

/** 2026-03-01, or the Dutch 1-3-2026 / 01-03-2026 (also with / or .); undefined when it is no real date. */
export function parseDate(value: string): string | undefined {
  let y: number, m: number, d: number
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value)
  const dutch = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(value)
  if (iso) {
    ;[y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])]
  } else if (dutch) {
    ;[d, m, y] = [Number(dutch[1]), Number(dutch[2]), Number(dutch[3])]
  } else {
    return undefined
  }
  const at = new Date(Date.UTC(y, m - 1, d))
  if (at.getUTCFullYear() !== y || at.getUTCMonth() !== m - 1 || at.getUTCDate() !== d || y < 1900) {
    return undefined
  }
  return at.toISOString().slice(0, 10)
}

/** A whole number as people type it: 1500, 1.500 (Dutch thousands) or 1,500. */
function parseWhole(value: string): number | undefined {
  if (/^\d+$/.test(value) || /^\d{1,3}([.,]\d{3})+$/.test(value)) {
    return Number(value.replace(/[.,]/g, ''))
  }
  return undefined
}

// A cell starting with one of these is a formula to a spreadsheet: the export writes it with a leading apostrophe
// (so that opening the file runs nothing), and the import takes that apostrophe off again.
const FORMULA_START = /^[=+\-@\t\r]/

function unescapeCell(value: string): string {
  return value.startsWith("'") && FORMULA_START.test(value.slice(1)) ? value.slice(1) : value
}

function escapeCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value
}

export interface ImportRow {
  /** The line where the record starts (the header is line 1). */
  row: number
  input: AssetInput
  siteName: string | null
}

export interface ParsedImport {
  /** Records that are not empty. */
  rows: number
  valid: ImportRow[]
  invalid: number
  errors: ImportIssue[]
  warnings: ImportNotice[]
}

const countLines = (s: string): number => s.match(/\r\n|\r|\n/g)?.length ?? 0

/**
 * Reads an asset list. Columns are found by header (Dutch or English, any case); unknown columns are ignored with a
 * warning; empty lines are skipped. Each record is checked like a new asset, and a serial may occur once in the file
 * and not at all among `existingSerials` (lower-case serial → the name of the asset that has it).
 * @throws CsvFormatError when the file cannot be read as a table with at least the columns name and class.
 */
export function parseAssetCsv(bytes: Uint8Array, existingSerials: ReadonlyMap<string, string>): ParsedImport {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
    throw new CsvFormatError('This is a workbook (.xlsx or .ods), not CSV: save it as CSV first')
  }
  const decoded = decodeCsv(bytes)
  // No text column of either database holds U+0000; a file with it is not a text file anyway.
  if (decoded.text.includes('\u0000')) {
    throw new CsvFormatError('The file holds NUL characters: it is not a CSV text file')
  }
  let text = decoded.text.replace(/^\uFEFF/, '')
  const warnings: ImportNotice[] = []
  if (decoded.encoding === 'windows-1252') {
    warnings.push({ message: 'The file is not UTF-8; it was read as Windows-1252 (Western European)' })
  }
  // Excel's own hint for the separator: "sep=;" on the first line.
  let firstLine = 1
  let delimiter: string | undefined
  const hint = /^sep=(.)\r?\n/i.exec(text)
  if (hint) {
    delimiter = hint[1]
    text = text.slice(hint[0].length)
    firstLine = 2
  }
  const headerLine = /^[^\r\n]*/.exec(text.replace(/^(\s*\r?\n)+/, ''))?.[0] ?? ''
  delimiter ??= detectDelimiter(headerLine)

  let records: string[][]
  try {
    records = parse(text, {
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
    })
  } catch (err) {
    if (err instanceof CsvError) {
      const line = typeof err.lines === 'number' ? err.lines + firstLine - 1 : undefined
      throw new CsvFormatError(`The file is not valid CSV${line ? ` (near line ${line})` : ''}: ${err.message}`, line)
    }
    throw err
  }

  // Where each record starts: a record takes one line plus the line breaks inside its quoted cells.
  let line = firstLine
  const located = records.map((cells) => {
    const start = line
    line += 1 + cells.reduce((n, c) => n + countLines(c), 0)
    return { row: start, cells }
  })
  const filled = located.filter((r) => r.cells.some((c) => c.trim() !== ''))
  const header = filled.shift()
  if (!header) {
    throw new CsvFormatError('The file is empty: send a header line and one line per asset')
  }

  // Which column holds which field.
  const fieldAt = new Map<number, Column>()
  const seen = new Map<string, string>()
  header.cells.forEach((raw, i) => {
    const name = raw.trim()
    if (name === '') {
      return
    }
    const column = BY_HEADER.get(normaliseHeader(name))
    if (!column) {
      warnings.push({ row: header.row, column: name, message: `Unknown column "${name}": ignored` })
      return
    }
    const earlier = seen.get(column.field)
    if (earlier !== undefined) {
      throw new CsvFormatError(`The columns "${earlier}" and "${name}" both hold ${column.header}`, header.row)
    }
    seen.set(column.field, name)
    fieldAt.set(i, column)
  })
  for (const required of ['name', 'class']) {
    if (!seen.has(required)) {
      const aliases = COLUMNS.find((c) => c.field === required)!.aliases
      throw new CsvFormatError(
        `The file has no column "${required}" (or ${aliases.map((a) => `"${a}"`).join(', ')})`,
        header.row,
      )
    }
  }

  const errors: ImportIssue[] = []
  const valid: ImportRow[] = []
  const serialRows = new Map<string, number>()
  let unnamedWarned = false
  for (const record of filled) {
    const rowErrors: ImportIssue[] = []
    const fail = (column: string | undefined, message: string) =>
      rowErrors.push({ row: record.row, ...(column !== undefined && { column }), message })
    const values = new Map<string, { value: string; header: string }>()
    record.cells.forEach((raw, i) => {
      const column = fieldAt.get(i)
      const value = unescapeCell(raw.trim())
      if (value === '') {
        return
      }
      if (column) {
        values.set(column.field, { value, header: seen.get(column.field)! })
      } else if (!unnamedWarned && (header.cells[i] ?? '').trim() === '') {
        unnamedWarned = true
        warnings.push({ row: record.row, message: `Column ${i + 1} has values but no header: ignored` })
      }
    })

    const classCell = values.get('class')
    const cls = classCell ? CLASS_WORDS[normaliseHeader(classCell.value)] : undefined
    if (!cls) {
      fail(
        seen.get('class'),
        classCell
          ? `Unknown class "${classCell.value}"; use one of ${[...ASSET_CLASSES, 'werkplek', 'netwerk', 'backup', 'overig'].join(', ')}`
          : 'The class is missing',
      )
      errors.push(...rowErrors)
      continue
    }
    const applies = new Set([...COMMON_FIELDS, ...CLASS_FIELDS[cls], 'site'])
    const raw: Record<string, unknown> = { class: cls }
    let siteName: string | null = null
    for (const column of COLUMNS) {
      const cell = values.get(column.field)
      if (!cell || column.field === 'class') {
        continue
      }
      if (!applies.has(column.field)) {
        warnings.push({
          row: record.row,
          column: cell.header,
          message: `"${cell.header}" does not apply to a ${cls}: ignored`,
        })
        continue
      }
      const { value } = cell
      switch (column.kind) {
        case 'text':
          if (column.field === 'site') {
            siteName = value
          } else {
            raw[column.field] = value
          }
          break
        case 'date': {
          const date = parseDate(value)
          if (date) {
            raw[column.field] = date
          } else {
            fail(cell.header, `"${value}" is not a date; write 2026-03-01 or 1-3-2026`)
          }
          break
        }
        case 'int': {
          const n = parseWhole(value)
          if (n !== undefined) {
            raw[column.field] = n
          } else {
            fail(cell.header, `"${value}" is not a whole number`)
          }
          break
        }
        case 'status': {
          const status = STATUS_WORDS[normaliseHeader(value)]
          if (status) {
            raw.status = status
          } else {
            fail(cell.header, `Unknown status "${value}"; use active (actief), spare (reserve) or retired (afgevoerd)`)
          }
          break
        }
        case 'kind': {
          const table = KIND_WORDS[cls] ?? {}
          const kind = table[normaliseHeader(value)]
          if (kind) {
            raw.kind = kind
          } else {
            fail(
              cell.header,
              `Unknown kind "${value}" for a ${cls}; use one of ${[...new Set(Object.values(table))].join(', ')}`,
            )
          }
          break
        }
        case 'software': {
          const software = SOFTWARE_WORDS[normaliseHeader(value)]
          if (software) {
            raw.software = software
          } else {
            fail(cell.header, `Unknown backup software "${value}"; use one of ${BACKUP_SOFTWARE.join(', ')}`)
          }
          break
        }
        case 'class':
          break
      }
    }
    if (typeof raw.activeFrom === 'string' && typeof raw.activeUntil === 'string' && raw.activeUntil < raw.activeFrom) {
      fail(
        seen.get('activeUntil'),
        `The asset cannot stop counting (${raw.activeUntil}) before it starts (${raw.activeFrom})`,
      )
    }
    if (values.get('name') === undefined) {
      fail(seen.get('name'), 'The name is missing')
    }
    const parsed = AssetInput.safeParse(raw)
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? '')
        // Missing names and bad dates are reported above, in words that name the cell.
        if (rowErrors.some((e) => e.column !== undefined && e.column === seen.get(field))) {
          continue
        }
        fail(seen.get(field) ?? (field || undefined), issue.message)
      }
    }
    const serial = values.get('serial')
    if (serial) {
      const key = serial.value.toLowerCase()
      const first = serialRows.get(key)
      const holder = existingSerials.get(key)
      if (first !== undefined) {
        fail(serial.header, `Serial "${serial.value}" is on line ${first} too`)
      } else if (holder !== undefined) {
        fail(serial.header, `Serial "${serial.value}" belongs to the existing asset "${holder}"`)
      }
      if (first === undefined) {
        serialRows.set(key, record.row)
      }
    }
    if (rowErrors.length > 0 || !parsed.success) {
      errors.push(...rowErrors)
      continue
    }
    valid.push({ row: record.row, input: parsed.data, siteName })
  }
  return { rows: filled.length, valid, invalid: filled.length - valid.length, errors, warnings }
}

/** One asset as the export writes it: its fields as entered, its site's name and its dates. */
export type CsvAsset = Record<string, unknown> & { class: AssetClass; siteName: string | null }

/**
 * The export: RFC 4180 (comma, CRLF, quotes where needed), UTF-8 with a byte-order mark so that Excel reads the
 * accents right. It reads back through parseAssetCsv unchanged.
 */
export function assetsToCsv(assets: readonly CsvAsset[]): string {
  const rows = assets.map((asset) =>
    COLUMNS.map((column) => {
      const value = column.field === 'site' ? asset.siteName : asset[column.field]
      if (value === null || value === undefined) {
        return ''
      }
      return escapeCell(
        typeof value === 'string' ? value : typeof value === 'number' ? String(value) : JSON.stringify(value),
      )
    }),
  )
  return `\uFEFF${stringify([COLUMNS.map((c) => c.header), ...rows], { record_delimiter: 'windows' })}`
}
