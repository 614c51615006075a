import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { packageRoot } from '../../platform/paths.js'
import { assetsToCsv, CsvFormatError, decodeCsv, detectDelimiter, parseAssetCsv, parseDate } from './csv.js'

const fixture = (name: string) => readFileSync(join(packageRoot, 'test', 'fixtures', 'assets', name))
const none = new Map<string, string>()
const utf8 = (text: string) => Buffer.from(text, 'utf8')

describe('asset CSV: reading what people send', () => {
  it.each([
    ['2026-03-01', '2026-03-01'],
    ['1-3-2026', '2026-03-01'],
    ['01-03-2026', '2026-03-01'],
    ['1/3/2026', '2026-03-01'],
    ['29-02-2028', '2028-02-29'],
    ['29-02-2026', undefined],
    ['31-04-2026', undefined],
    ['2026-13-01', undefined],
    ['3-1-26', undefined],
    ['maart 2026', undefined],
  ])('reads the date %s as %s', (text, expected) => {
    expect(parseDate(text)).toBe(expected)
  })

  it.each([
    ['naam;klasse;serienummer', ';'],
    ['name,class,serial', ','],
    ['name\tclass\tserial', '\t'],
    ['"naam, volledig";klasse;serienummer', ';'],
    ['name', ','],
  ])('takes the separator of %j to be %j', (line, expected) => {
    expect(detectDelimiter(line)).toBe(expected)
  })

  it('decodes UTF-8 with or without a byte-order mark, UTF-16 and Windows-1252', () => {
    expect(decodeCsv(Buffer.from([0xef, 0xbb, 0xbf, 0x43, 0x61, 0x66, 0xc3, 0xa9]))).toEqual({
      text: 'Café',
      encoding: 'utf-8',
    })
    expect(decodeCsv(utf8('Café'))).toEqual({ text: 'Café', encoding: 'utf-8' })
    expect(decodeCsv(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Café', 'utf16le')]))).toEqual({
      text: 'Café',
      encoding: 'utf-16le',
    })
    expect(decodeCsv(Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x20, 0x80]))).toEqual({
      text: 'Café €',
      encoding: 'windows-1252',
    })
  })

  it('reads a Dutch Excel export: semicolons, BOM, a quoted note over two lines, empty lines, an unknown column', () => {
    const result = parseAssetCsv(fixture('dutch-excel.csv'), none)
    expect(result.errors).toEqual([])
    expect(result).toMatchObject({ rows: 7, invalid: 0 })
    expect(result.valid.map((r) => [r.row, r.input.name, r.input.class, r.siteName])).toEqual([
      [2, 'SRV-01', 'server', 'Hoofdkantoor'],
      [5, 'PC-01', 'workstation', 'Hoofdkantoor'],
      [6, 'PC-02', 'workstation', 'Filiaal Zwolle'],
      [9, 'UPS-01', 'ups', 'Hoofdkantoor'],
      [10, 'SW-01', 'network', 'hoofdkantoor'],
      [11, 'NAS-01', 'backup-system', 'Hoofdkantoor'],
      [12, 'PRN-01', 'printer', 'Filiaal Zwolle'],
    ])
    const [server, pc1, pc2, ups, sw] = result.valid.map((r) => r.input)
    expect(server).toMatchObject({
      serial: 'CZ1234ABC',
      purchaseDate: '2022-03-01',
      warrantyEnd: '2027-03-01',
      os: 'Windows Server',
      osVersion: '2022',
      status: 'active',
      notes: 'Domeincontroller\r\nRAID 1; schijf 2 vervangen in 2025',
      make: 'Dell',
      model: 'PowerEdge T150',
      kind: 'physical',
    })
    expect(pc1).toMatchObject({ purchaseDate: '2023-09-15', warrantyEnd: '2026-09-15', osVersion: '23H2' })
    expect(pc2).toMatchObject({ status: 'spare', notes: 'Op voorraad, niet uitgeleend' })
    expect(ups).toMatchObject({ batteryInstalledOn: '2022-06-01', make: 'APC', model: 'Smart-UPS 1500' })
    expect(sw).toMatchObject({ ip: '192.168.1.2', make: 'Ubiquiti', model: 'USW-24 "Pro"', kind: 'other' })
    expect(result.warnings).toEqual(
      expect.arrayContaining([
        { row: 1, column: 'Kostenplaats', message: 'Unknown column "Kostenplaats": ignored' },
        { row: 11, column: 'IP', message: '"IP" does not apply to a backup-system: ignored' },
      ]),
    )
  })

  it('reads Windows-1252 bytes as such, and says so', () => {
    const result = parseAssetCsv(fixture('windows-1252.csv'), none)
    expect(result.errors).toEqual([])
    expect(result.valid.map((r) => [r.input.name, r.siteName, r.input.notes])).toEqual([
      ['PC-Renée', 'Café De Kroon', 'Scherm € 200 vervangen'],
      ['Laptop Zoë', 'Café De Kroon', null],
    ])
    expect(result.warnings[0]?.message).toMatch(/Windows-1252/)
  })

  it('reports bad rows by the line where their record starts', () => {
    const result = parseAssetCsv(fixture('two-bad-rows.csv'), none)
    expect(result).toMatchObject({ rows: 5, invalid: 2 })
    expect(result.valid.map((r) => [r.row, r.input.name])).toEqual([
      [2, 'SRV-10'],
      [5, 'PC-11'],
      [7, 'PC-13'],
    ])
    expect(result.errors).toEqual([
      { row: 4, column: 'purchase date', message: '"31-02-2024" is not a date; write 2026-03-01 or 1-3-2026' },
      { row: 6, column: 'class', message: expect.stringMatching(/^Unknown class "spaceship"/) },
    ])
  })

  it('refuses a serial twice in the file, or one the customer has already (case-insensitively)', () => {
    const text = 'name,class,serial\nA,laptop,X-1\nB,laptop,x-1\nC,laptop,OLD-7\n'
    const result = parseAssetCsv(utf8(text), new Map([['old-7', 'Oude laptop']]))
    expect(result.valid.map((r) => r.input.name)).toEqual(['A'])
    expect(result.errors).toEqual([
      { row: 3, column: 'serial', message: 'Serial "x-1" is on line 2 too' },
      { row: 4, column: 'serial', message: 'Serial "OLD-7" belongs to the existing asset "Oude laptop"' },
    ])
  })

  it('checks each class its own way: kinds, IP addresses, whole numbers, missing names', () => {
    const text = [
      'naam;klasse;soort;ip;geheugen (GB);capaciteit (VA);software',
      'VM-01;server;virtueel;;32;;',
      'SRV-02;server;cloud;;;;',
      'FW-01;netwerk;firewall;10.0.0.300;;;',
      'UPS-02;ups;;;;1.500;',
      ';laptop;;;;;',
      'NAS-02;backup;nas;;;;Hyper Backup',
      'SRV-03;server;;;veel;;',
    ].join('\n')
    const result = parseAssetCsv(utf8(text), none)
    expect(result.valid.map((r) => r.input)).toEqual([
      expect.objectContaining({ name: 'VM-01', kind: 'virtual', memoryGb: 32 }),
      expect.objectContaining({ name: 'UPS-02', capacityVa: 1500 }),
      expect.objectContaining({ name: 'NAS-02', kind: 'nas', software: 'synology' }),
    ])
    expect(result.errors.map((e) => [e.row, e.column])).toEqual([
      [3, 'soort'],
      [4, 'ip'],
      [6, 'naam'],
      [8, 'geheugen (GB)'],
    ])
  })

  it('refuses files it cannot read as a table, with a reason', () => {
    const refuse = (text: string) => {
      try {
        parseAssetCsv(utf8(text), none)
      } catch (err) {
        expect(err).toBeInstanceOf(CsvFormatError)
        return (err as Error).message
      }
      throw new Error('not refused')
    }
    expect(refuse('')).toMatch(/empty/)
    expect(refuse('\n\n')).toMatch(/empty/)
    expect(refuse('name,serial\nA,1\n')).toMatch(/no column "class"/)
    expect(refuse('naam;name;klasse\nA;B;server\n')).toMatch(/"naam" and "name" both hold name/)
    expect(refuse('name,class,notes\nA,server,"never closed\n')).toMatch(/not valid CSV/)
    expect(refuse('name,class\nA\u0000,server\n')).toMatch(/NUL/)
    try {
      parseAssetCsv(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]), none)
      throw new Error('not refused')
    } catch (err) {
      expect((err as Error).message).toMatch(/workbook/)
    }
  })

  it('honours the "sep=" line Excel understands, and counts it as a line', () => {
    const result = parseAssetCsv(utf8('sep=|\nname|class\nA|server\n\nB|laptop\n'), none)
    expect(result.errors).toEqual([])
    expect(result.valid.map((r) => [r.row, r.input.name])).toEqual([
      [3, 'A'],
      [5, 'B'],
    ])
  })

  it('writes RFC 4180 with a BOM, defuses formulas, and reads its own output back unchanged', () => {
    const csv = assetsToCsv([
      {
        class: 'server',
        name: 'SRV, "main"',
        siteName: 'Hoofdkantoor',
        kind: 'virtual',
        notes: 'two\r\nlines',
        memoryGb: 64,
        status: 'active',
        activeFrom: '2026-01-01',
      },
      { class: 'other', name: '=HYPERLINK("http://evil")', siteName: null, description: '@risk', status: 'spare' },
    ])
    expect(csv.startsWith('\uFEFFname,class,kind,site,')).toBe(true)
    expect(csv).toContain('"SRV, ""main"""')
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"")"`)
    expect(csv).toContain(`'@risk`)
    const back = parseAssetCsv(utf8(csv), none)
    expect(back.errors).toEqual([])
    expect(back.valid.map((r) => r.input)).toEqual([
      expect.objectContaining({ name: 'SRV, "main"', kind: 'virtual', notes: 'two\r\nlines', memoryGb: 64 }),
      expect.objectContaining({ name: '=HYPERLINK("http://evil")', description: '@risk', status: 'spare' }),
    ])
    expect(assetsToCsv(back.valid.map((r) => ({ ...r.input, siteName: r.siteName })))).toBe(csv)
  })
})
