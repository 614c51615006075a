import { createRequire } from 'node:module'
import type { Content, TableCell, TDocumentDefinitions } from 'pdfmake/interfaces.js'
import type { Company } from '../modules/settings/schema.js'
import { t, type Locale } from './i18n/messages.js'
import { lazy } from './lazy.js'

export type { Content, TableCell, TDocumentDefinitions }

// The fonts ship with pdfmake; resolved from the package, not from the working directory, so that the compiled
// server finds them wherever it is started.
const require = createRequire(import.meta.url)
const font = (file: string) => require.resolve(`pdfmake/fonts/Roboto/${file}`)
const FONTS = {
  Roboto: {
    normal: font('Roboto-Regular.ttf'),
    bold: font('Roboto-Medium.ttf'),
    italics: font('Roboto-Italic.ttf'),
    bolditalics: font('Roboto-MediumItalic.ttf'),
  },
}
const FONT_FILES = new Set(Object.values(FONTS.Roboto))

/**
 * pdfmake with sladesk's fonts and access policy, loaded at the first document: with its font engine it weighs about
 * 5 MB of memory that a server which never makes a PDF need not carry.
 */
const loadPdfmake = lazy(async () => {
  const { default: pdfmake } = await import('pdfmake')
  pdfmake.setFonts(FONTS)
  // A document is built from what customers and prospects typed: it must never fetch a URL or read a file, whatever
  // an image source or an SVG says. Only the font files above may be read; images come in as data URLs.
  pdfmake.setUrlAccessPolicy(() => false)
  pdfmake.setLocalAccessPolicy((path) => FONT_FILES.has(path))
  return pdfmake
})

export const COLORS = { text: '#1f2933', muted: '#616e7c', line: '#cbd2d9', accent: '#1c5d99', head: '#e4ecf4' }

const MONEY = new Map<string, Intl.NumberFormat>()

/** Cents as money the Dutch way (€ 1.234,56), in every document language: the MSP bills in nl-NL notation. */
export function formatMoney(cents: number, currency = 'EUR'): string {
  let format = MONEY.get(currency)
  if (!format) {
    format = new Intl.NumberFormat('nl-NL', { style: 'currency', currency })
    MONEY.set(currency, format)
  }
  // Intl puts a no-break space after the symbol; a plain space reads (and searches) the same in a PDF.
  return format.format(cents / 100).replace(/\u00a0/g, ' ')
}

const DATES = {
  nl: new Intl.DateTimeFormat('nl-NL', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
  en: new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
}

/** A `YYYY-MM-DD` calendar date as words: "1 december 2026" (nl) or "1 December 2026" (en). */
export function formatDate(date: string, locale: Locale): string {
  const [y, m, d] = date.split('-').map(Number)
  if (y === undefined || m === undefined || d === undefined || !Number.isInteger(y + m + d)) {
    return date
  }
  return DATES[locale].format(Date.UTC(y, m - 1, d))
}

/** A percentage as people write it in the document's language: 21 %, 7,5 % (nl) or 21%, 7.5% (en). */
export function formatPercent(value: number, locale: Locale): string {
  const n = new Intl.NumberFormat(locale === 'nl' ? 'nl-NL' : 'en-GB', { maximumFractionDigits: 2 }).format(value)
  return locale === 'nl' ? `${n} %` : `${n}%`
}

type Logo = { kind: 'image'; dataUrl: string } | { kind: 'svg'; svg: string }

/**
 * The settings logo in a form pdfmake can draw, or undefined: PNG and JPEG when their bytes say so, SVG when it
 * points at nothing outside itself (an <image> or a foreign href would make the renderer open files), never WebP.
 */
export function usableLogo(dataUrl: string | null | undefined): Logo | undefined {
  const match = dataUrl ? /^data:image\/(png|jpeg|svg\+xml|webp);base64,([A-Za-z0-9+/=]+)$/.exec(dataUrl) : null
  if (!match || !dataUrl) {
    return undefined
  }
  const bytes = Buffer.from(match[2]!, 'base64')
  switch (match[1]) {
    case 'png':
      // The signature and a whole IHDR chunk: less than that and the PNG reader throws.
      return bytes.length > 33 && bytes.subarray(0, 8).equals(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]))
        ? { kind: 'image', dataUrl }
        : undefined
    case 'jpeg':
      return bytes.length > 4 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff
        ? { kind: 'image', dataUrl }
        : undefined
    case 'svg+xml': {
      const svg = bytes.toString('utf8')
      if (!/<svg[\s>]/i.test(svg) || /<image[\s/>]/i.test(svg) || /href\s*=\s*["']\s*(?!#)/i.test(svg)) {
        return undefined
      }
      return { kind: 'svg', svg }
    }
    default:
      return undefined
  }
}

/** The company's address block, one line each; empty parts are left out. */
export function companyLines(company: Company, locale: Locale): string[] {
  const place = [company.postalCode, company.city].filter(Boolean).join(' ')
  return [
    company.address,
    place,
    company.email,
    company.phone,
    company.vatNumber ? t(locale, 'pdf.vatNumber', { vatNumber: company.vatNumber }) : '',
  ].filter((line) => line.trim() !== '')
}

/** The letterhead: the logo (or the name when there is no drawable logo) left, the company's details right. */
export function companyHeader(company: Company, locale: Locale): Content {
  const logo = usableLogo(company.logo)
  const left: Content =
    logo?.kind === 'image'
      ? { image: logo.dataUrl, fit: [160, 56] }
      : logo?.kind === 'svg'
        ? { svg: logo.svg, fit: [160, 56] }
        : { text: company.name, fontSize: 18, bold: true, color: COLORS.accent }
  return {
    columns: [
      { width: '*', stack: [left] },
      {
        width: 'auto',
        stack: [{ text: company.name, bold: true }, ...companyLines(company, locale)],
        fontSize: 8.5,
        color: COLORS.muted,
        alignment: 'right',
      },
    ],
    margin: [0, 0, 0, 18],
  }
}

export const heading = (text: string): Content => ({ text, style: 'h2' })

/** A table with a shaded header row; `right` names the columns whose cells align right (amounts). */
export function table(
  headers: string[],
  rows: TableCell[][],
  options: { widths?: (number | string)[]; right?: number[] } = {},
): Content {
  const right = new Set(options.right ?? [])
  const align = (cell: TableCell, i: number): TableCell => {
    if (!right.has(i)) {
      return cell
    }
    if (typeof cell === 'string' || typeof cell === 'number') {
      return { text: String(cell), alignment: 'right' }
    }
    if (Array.isArray(cell)) {
      return { stack: cell, alignment: 'right' }
    }
    return { ...cell, alignment: 'right' } as TableCell
  }
  return {
    table: {
      headerRows: 1,
      widths: options.widths ?? headers.map((_, i) => (i === 0 ? '*' : 'auto')),
      body: [
        headers.map((h, i) => align({ text: h, bold: true, fillColor: COLORS.head }, i)),
        ...rows.map((row) => row.map(align)),
      ],
    },
    layout: {
      hLineWidth: (i: number) => (i === 0 ? 0 : 0.5),
      vLineWidth: () => 0,
      hLineColor: () => COLORS.line,
      paddingTop: () => 3,
      paddingBottom: () => 3,
    },
    margin: [0, 4, 0, 12],
  }
}

export interface MoneyLine {
  label: string
  amountCents: number
}

/** Amount lines with the totals under them (the last total in bold), all amounts right-aligned. */
export function moneyTable(
  headers: [string, string],
  lines: MoneyLine[],
  totals: MoneyLine[],
  currency = 'EUR',
): Content {
  const rows: TableCell[][] = lines.map((l) => [l.label, formatMoney(l.amountCents, currency)])
  totals.forEach((l, i) => {
    const bold = i === totals.length - 1
    rows.push([
      { text: l.label, bold },
      { text: formatMoney(l.amountCents, currency), bold },
    ])
  })
  return table(headers, rows, { widths: ['*', 'auto'], right: [1] })
}

/** Key–value pairs as two columns (labels muted), for details blocks. */
export function details(pairs: [string, string][]): Content {
  return {
    table: {
      widths: ['auto', '*'],
      body: pairs.map(([k, v]) => [{ text: k, color: COLORS.muted }, { text: v === '' ? '–' : v }]),
    },
    layout: 'noBorders',
    margin: [0, 2, 0, 10],
    // A handful of lines that read as one block: never split over two pages.
    unbreakable: true,
  }
}

/**
 * The common frame of every sladesk document: A4, Roboto, the letterhead on the first page, a footer with the
 * company name and "page n of m" in the document's language.
 */
export function documentOf(input: {
  company: Company
  locale: Locale
  title: string
  content: Content[]
}): TDocumentDefinitions {
  const { company, locale, title } = input
  return {
    pageSize: 'A4',
    pageMargins: [48, 48, 48, 56],
    info: { title, author: company.name, creator: 'sladesk', producer: 'sladesk' },
    defaultStyle: { font: 'Roboto', fontSize: 10, color: COLORS.text, lineHeight: 1.15 },
    styles: {
      h1: { fontSize: 18, bold: true, color: COLORS.accent, margin: [0, 0, 0, 4] },
      h2: { fontSize: 12, bold: true, color: COLORS.accent, margin: [0, 12, 0, 4] },
      muted: { color: COLORS.muted },
    },
    content: [companyHeader(company, locale), { text: title, style: 'h1' }, ...input.content],
    footer: (currentPage: number, pageCount: number): Content => ({
      columns: [
        { text: company.name, color: COLORS.muted },
        {
          text: t(locale, 'pdf.page', { page: String(currentPage), pages: String(pageCount) }),
          alignment: 'right',
          color: COLORS.muted,
        },
      ],
      fontSize: 8,
      margin: [48, 20, 48, 0],
    }),
  }
}

/** Renders a document definition to the bytes of a PDF. */
export async function renderPdf(doc: TDocumentDefinitions): Promise<Buffer> {
  return (await loadPdfmake()).createPdf(doc).getBuffer()
}

/** A file name part from free text: letters, digits and dashes only ("Bakkerij de Vries B.V." → bakkerij-de-vries-b-v). */
export function fileSlug(text: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '')
  return slug === '' ? 'document' : slug
}
