import { execFile } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { crc32, deflateSync } from 'node:zlib'
import { afterAll, describe, expect, it } from 'vitest'
import { Company } from '../modules/settings/schema.js'
import {
  companyHeader,
  documentOf,
  fileSlug,
  formatDate,
  formatMoney,
  formatPercent,
  moneyTable,
  renderPdf,
  table,
  usableLogo,
} from './pdf.js'

const run = promisify(execFile)
const dir = mkdtempSync(join(tmpdir(), 'sladesk-pdf-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
let files = 0

/** The text of a PDF as poppler reads it (layout kept, so that table rows stay on one line). */
async function pdfText(pdf: Buffer): Promise<string> {
  const file = join(dir, `doc-${++files}.pdf`)
  writeFileSync(file, pdf)
  const { stdout } = await run('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'])
  return stdout
}

/** A real PNG of w × h pixels in one colour, built by hand: signature, IHDR, IDAT, IEND. */
function png(w: number, h: number, rgb: [number, number, number]): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4)
    len.writeUInt32BE(data.length)
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
    const crc = Buffer.alloc(4)
    crc.writeUInt32BE(crc32(body))
    return Buffer.concat([len, body, crc])
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(w, 0)
  ihdr.writeUInt32BE(h, 4)
  ihdr[8] = 8 // bit depth
  ihdr[9] = 2 // truecolour
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: w }, () => rgb).flat())])
  const raw = Buffer.concat(Array.from({ length: h }, () => row))
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

const dataUrl = (type: string, bytes: Buffer | string) => `data:${type};base64,${Buffer.from(bytes).toString('base64')}`

const company = Company.parse({
  name: 'Beheer & Zo B.V.',
  address: 'Stationsplein 1',
  postalCode: '3511 ED',
  city: 'Utrecht',
  email: 'info@beheerenzo.example',
  phone: '030 123 4567',
  vatNumber: 'NL001234567B01',
})

describe('money, dates and names', () => {
  it.each([
    [0, '€ 0,00'],
    [5, '€ 0,05'],
    [123_456, '€ 1.234,56'],
    [100_000_000, '€ 1.000.000,00'],
    [-2_500, '€ -25,00'],
  ])('formats %i cents as %s', (cents, text) => {
    expect(formatMoney(cents)).toBe(text)
  })

  it('writes dates in words in the document language', () => {
    expect(formatDate('2026-12-01', 'nl')).toBe('1 december 2026')
    expect(formatDate('2026-12-01', 'en')).toBe('1 December 2026')
    expect(formatDate('2027-02-28', 'nl')).toBe('28 februari 2027')
  })

  it('writes percentages the way each language does', () => {
    expect(formatPercent(21, 'nl')).toBe('21 %')
    expect(formatPercent(7.5, 'nl')).toBe('7,5 %')
    expect(formatPercent(7.5, 'en')).toBe('7.5%')
  })

  it('makes file names from free text', () => {
    expect(fileSlug('Bakkerij de Vriés B.V.')).toBe('bakkerij-de-vries-b-v')
    expect(fileSlug('  ***  ')).toBe('document')
  })
})

describe('logos', () => {
  it('takes PNG and JPEG only when their bytes say so', () => {
    expect(usableLogo(dataUrl('image/png', png(2, 2, [0, 0, 0])))?.kind).toBe('image')
    expect(usableLogo(dataUrl('image/png', 'not a png at all, just text'))).toBeUndefined()
    expect(usableLogo(dataUrl('image/jpeg', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16])))?.kind).toBe('image')
    expect(usableLogo(dataUrl('image/jpeg', 'GIF89a....'))).toBeUndefined()
  })

  it('skips WebP, which the PDF renderer cannot draw', () => {
    expect(usableLogo(dataUrl('image/webp', 'RIFF\0\0\0\0WEBPVP8 '))).toBeUndefined()
  })

  it('takes SVG unless it points at anything outside itself', () => {
    const ok = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'
    expect(usableLogo(dataUrl('image/svg+xml', ok))).toEqual({ kind: 'svg', svg: ok })
    const file = '<svg xmlns="http://www.w3.org/2000/svg"><image href="/etc/passwd" width="1" height="1"/></svg>'
    expect(usableLogo(dataUrl('image/svg+xml', file))).toBeUndefined()
    const use = '<svg xmlns="http://www.w3.org/2000/svg"><use xlink:href="http://evil.example/x.svg#a"/></svg>'
    expect(usableLogo(dataUrl('image/svg+xml', use))).toBeUndefined()
  })

  it('uses the name when the logo cannot be drawn', () => {
    const header = JSON.stringify(companyHeader({ ...company, logo: dataUrl('image/webp', 'RIFFxxxxWEBP') }, 'nl'))
    expect(header).toContain('"text":"Beheer & Zo B.V."')
    expect(header).not.toContain('webp')
  })
})

describe('renderPdf', () => {
  it('renders a document whose text poppler reads back, with the letterhead, tables and page numbers', async () => {
    const rows = Array.from({ length: 80 }, (_, i) => [`Werkplek ${i + 1}`, 'Windows 11', '1 maart 2027'])
    const doc = documentOf({
      company: { ...company, logo: dataUrl('image/png', png(40, 12, [28, 93, 153])) },
      locale: 'nl',
      title: 'Proefdocument',
      content: [
        table(['Naam', 'Besturingssysteem', 'Garantie tot'], rows),
        moneyTable(
          ['Omschrijving', 'Bedrag'],
          [
            { label: 'Basisbedrag', amountCents: 15_000 },
            { label: '12 × Werkplek à € 25,00', amountCents: 30_000 },
          ],
          [
            { label: 'Subtotaal', amountCents: 45_000 },
            { label: 'Btw 21 %', amountCents: 9_450 },
            { label: 'Totaal per maand', amountCents: 54_450 },
          ],
        ),
      ],
    })
    const pdf = await renderPdf(doc)
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    const text = await pdfText(pdf)
    expect(text).toContain('Proefdocument')
    expect(text).toContain('Beheer & Zo B.V.')
    expect(text).toContain('Btw-nummer NL001234567B01')
    expect(text).toContain('Werkplek 80')
    expect(text).toMatch(/12 × Werkplek à € 25,00\s+€ 300,00/)
    expect(text).toMatch(/Totaal per maand\s+€ 544,50/)
    // 80 rows do not fit on one page: every page's footer counts the pages.
    const footers = [...text.matchAll(/Pagina (\d+) van (\d+)/g)].map((m) => [Number(m[1]), Number(m[2])])
    const pages = footers[0]?.[1] ?? 0
    expect(pages).toBeGreaterThan(1)
    expect(footers).toEqual(Array.from({ length: pages }, (_, i) => [i + 1, pages]))
  })

  it('converts to images without errors (poppler renders every page)', async () => {
    const file = join(dir, 'render.pdf')
    writeFileSync(
      file,
      await renderPdf(
        documentOf({
          company: {
            ...company,
            logo: dataUrl(
              'image/svg+xml',
              '<svg xmlns="http://www.w3.org/2000/svg" width="80" height="20"><rect width="80" height="20" fill="#1c5d99"/></svg>',
            ),
          },
          locale: 'en',
          title: 'Test document',
          content: [{ text: 'Hello' }],
        }),
      ),
    )
    const { stderr } = await run('pdftoppm', ['-png', '-r', '40', file, join(dir, 'page')])
    expect(stderr).toBe('')
    const pages = readdirSync(dir).filter((f) => f.startsWith('page') && f.endsWith('.png'))
    expect(pages).toHaveLength(1)
    expect(statSync(join(dir, pages[0]!)).size).toBeGreaterThan(100)
    expect(await pdfText(await renderPdf(documentOf({ company, locale: 'en', title: 'x', content: [] })))).toContain(
      'Page 1 of 1',
    )
  })

  it('never fetches a URL or reads a file named in a document', async () => {
    await expect(
      renderPdf({ content: [{ image: 'http://127.0.0.1:9/logo.png' }], defaultStyle: { font: 'Roboto' } }),
    ).rejects.toThrow(/denied/)
    await expect(
      renderPdf({ content: [{ image: '/etc/hostname' }], defaultStyle: { font: 'Roboto' } }),
    ).rejects.toThrow(/denied/)
  })
})
