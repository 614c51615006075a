import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { type DocPdfInput, renderDocPdf } from './pdf.js'

const run = promisify(execFile)
const dir = mkdtempSync(join(tmpdir(), 'sladesk-docpdf-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
let files = 0

function save(pdf: Buffer): string {
  const file = join(dir, `doc-${++files}.pdf`)
  writeFileSync(file, pdf)
  return file
}

/** The text of a PDF as poppler reads it (layout kept, so that table rows stay on one line). */
async function pdfText(pdf: Buffer): Promise<string> {
  const { stdout } = await run('pdftotext', ['-layout', '-enc', 'UTF-8', save(pdf), '-'])
  return stdout
}

/** The object ids of the images drawn in a PDF (an image drawn twice has one id). */
async function imageIds(pdf: Buffer): Promise<Set<string>> {
  const { stdout } = await run('pdfimages', ['-list', save(pdf)])
  const rows = stdout.split('\n').slice(2)
  return new Set(rows.map((row) => row.trim().split(/\s+/)).flatMap((c) => (c[2] === 'image' ? [c[10]!] : [])))
}

/** A real 1 × 1 PNG (RGBA), as small as they come. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
)

const base = { title: 'Printer installeren', subtitle: 'Technische notitie · Printers', company: 'Beheer & Zo B.V.' }
const doc = (markdown: string, extra: Partial<DocPdfInput> = {}) => renderDocPdf({ ...base, markdown, ...extra })

const MANUAL = `# Handleiding

Dit is **vetgedrukt**, *schuin*, ~~doorgehaald~~, \`lpadmin -p kantoor\` en een [link naar de site](https://example.com/handleiding).
Zie ook [intern](/docs/intern) en https://status.example.com.

## Voorbereiding

- Stroomkabel aansluiten
- Netwerk:
  - Vast IP-adres
  - DNS-record
    1. Eerste stap
    2. Tweede stap

5. Vijfde punt
6. Zesde punt

### Let op

> Zet de printer niet naast de verwarming.
>
> > Dubbel citaat

#### Configuratie

\`\`\`sh
lpadmin -p kantoor -E \\
\t-v ipp://10.0.0.5/ipp/print
\`\`\`

    ingesprongen code

| Printer | Locatie      |  IP-adres |
|---------|:------------:|----------:|
| HP M404 | Balie        |  10.0.0.5 |
| Brother | **Magazijn** |  10.0.0.6 |

---

<div class="note"><p>Ruwe HTML &amp; tekst</p><script>alert('x')</script></div>

Schema: ![Schema van het netwerk](attachment:schema%20netwerk.png) en nog eens ![Schema nog eens](<attachment:schema netwerk.png>)

Elders: ![Plaatje op het web](https://example.com/plaatje.png) en ![Plaatje dat ontbreekt](attachment:weg.png)
`

describe('renderDocPdf', () => {
  it('renders headings, inline styles, lists, quotes, code, tables, rules, HTML and images', async () => {
    const asked: string[] = []
    const pdf = await doc(MANUAL, {
      image: async (name) => {
        asked.push(name)
        return name === 'schema netwerk.png' ? { data: PNG, mime: 'image/png' } : undefined
      },
    })
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    const text = await pdfText(pdf)
    for (const words of [
      'Printer installeren',
      'Technische notitie · Printers',
      'Handleiding',
      'Voorbereiding',
      'Let op',
      'Configuratie',
      'Dit is vetgedrukt, schuin, doorgehaald, lpadmin -p kantoor en een link naar de site.',
      'Stroomkabel aansluiten',
      'Vast IP-adres',
      '1. Eerste stap',
      '2. Tweede stap',
      '5. Vijfde punt',
      'Zet de printer niet naast de verwarming.',
      'Dubbel citaat',
      'lpadmin -p kantoor -E \\',
      '-v ipp://10.0.0.5/ipp/print',
      'ingesprongen code',
      'Ruwe HTML & tekst',
      'Plaatje op het web',
      'Plaatje dat ontbreekt',
    ]) {
      expect(text).toContain(words)
    }
    expect(text).toMatch(/Printer\s+Locatie\s+IP-adres/)
    expect(text).toMatch(/HP M404\s+Balie\s+10\.0\.0\.5/)
    expect(text).toMatch(/Brother\s+Magazijn\s+10\.0\.0\.6/)
    // "1 / 1" as drawn; pdftotext drops the narrow spaces around the slash in short lines.
    expect(text).toMatch(/Beheer & Zo B\.V\.\s+1 ?\/ ?1\n/)
    // No Markdown or HTML syntax comes through, and a script's text is no text.
    expect(text).not.toMatch(/\*\*|~~|`|\||^\s*#|<\/?\w|alert/m)
    // A drawn image shows no alt text; it is looked up once by its decoded name, and embedded once.
    expect(text).not.toMatch(/Schema van het netwerk|Schema nog eens/)
    expect(asked).toEqual(['schema netwerk.png', 'weg.png'])
    expect((await imageIds(pdf)).size).toBe(1)
    // Web links are clickable, a relative one is not (there is no site to resolve it against).
    const raw = pdf.toString('latin1')
    expect(raw).toContain('/URI (https://example.com/handleiding)')
    expect(raw).toContain('/URI (https://status.example.com)')
    expect(
      [...raw.matchAll(/\/URI \(([^)]*)\)/g)].map((m) => m[1]).filter((uri) => !uri!.startsWith('https:')),
    ).toEqual([])
  })

  it('draws PNG and JPEG attachments only; anything else, or a failing look-up, prints the alt text', async () => {
    // A real JPEG, from poppler: a page rendered at 8 pixels.
    await run('pdftoppm', ['-jpeg', '-scale-to', '8', '-singlefile', save(await doc('x')), join(dir, 'tiny')])
    const jpeg = readFileSync(join(dir, 'tiny.jpg'))
    const files: Record<string, { data: Buffer; mime: string }> = {
      'a.png': { data: PNG, mime: 'image/png' },
      'b.jpg': { data: jpeg, mime: 'image/jpeg' },
      'c.svg': { data: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'), mime: 'image/svg+xml' },
      'd.gif': { data: Buffer.from('GIF89a\x01\x00\x01\x00'), mime: 'image/gif' },
      'e.png': { data: jpeg, mime: 'image/png' },
      // The signature and header of a PNG, then noise: passes the first check, fails to decode.
      'f.png': { data: Buffer.concat([PNG.subarray(0, 33), Buffer.alloc(40, 7)]), mime: 'image/png' },
    }
    const markdown = [...Object.keys(files), 'g.png']
      .map((name) => `![alt van ${name}](attachment:${name})`)
      .join('\n\n')
    const pdf = await doc(markdown, {
      image: async (name) => {
        if (name === 'g.png') {
          throw new Error('store down')
        }
        return files[name]
      },
    })
    const text = await pdfText(pdf)
    expect(text).not.toContain('alt van a.png')
    expect(text).not.toContain('alt van b.jpg')
    for (const name of ['c.svg', 'd.gif', 'e.png', 'f.png', 'g.png']) {
      expect(text).toContain(`alt van ${name}`)
    }
    expect((await imageIds(pdf)).size).toBe(2)
  })

  it('never looks up or fetches an image that is not an attachment', async () => {
    const asked: string[] = []
    const markdown = '![lokaal](http://127.0.0.1:9/x.png) ![bestand](/etc/hostname) ![data](data:image/png;base64,AAAA)'
    const text = await pdfText(
      await doc(markdown, {
        image: async (name) => {
          asked.push(name)
          return { data: PNG, mime: 'image/png' }
        },
      }),
    )
    expect(text).toMatch(/lokaal bestand data/)
    expect(asked).toEqual([])
  })

  const columns = 200
  const wide = [
    Array.from({ length: columns }, (_, i) => `k${i}`),
    Array.from({ length: columns }, () => '---'),
    Array.from({ length: columns }, (_, i) => `c${i}`),
  ]
    .map((row) => `| ${row.join(' | ')} |`)
    .join('\n')
  const odd: [string, string, (text: string) => void][] = [
    ['empty', '', (text) => expect(text).toContain('Printer installeren')],
    [
      'only HTML',
      '<section>\n<h1>Kop</h1><p>Alleen <b>HTML</b> &lt;hier&gt;</p>\n<!-- weg -->\n<style>p { color: red }</style>\n</section>',
      (text) => {
        expect(text).toMatch(/Kop\s+Alleen HTML <hier>/)
        expect(text).not.toMatch(/section|weg|color/)
      },
    ],
    [
      'deeply nested lists and quotes',
      [
        ...Array.from({ length: 45 }, (_, i) => `${'  '.repeat(i)}- niveau ${i}`),
        '',
        ...Array.from({ length: 40 }, (_, i) => `${'>'.repeat(i + 1)} citaat ${i}`),
        '',
        'Einde.',
      ].join('\n'),
      (text) => {
        expect(text).toMatch(/niveau 0[\s\S]*niveau 44[\s\S]*citaat 0[\s\S]*citaat 39[\s\S]*Einde\./)
        expect(text).not.toMatch(/- niveau|> citaat/)
      },
    ],
    [
      // markdown-it stops at 100 levels of nesting (50 of lists) and drops what is below; no failure either way.
      'lists deeper than markdown-it goes',
      Array.from({ length: 300 }, (_, i) => `${'  '.repeat(i)}- niveau ${i}`).join('\n'),
      (text) => expect(text).toContain('niveau 48'),
    ],
    [
      'a 200-column table',
      wide,
      (text) => {
        // Cut into tables of eight columns that each repeat the first.
        expect(text).toMatch(/k0\s+k1\s+k2/)
        expect(text).toMatch(/k0\s+k197\s+k198\s+k199/)
        expect(text).toMatch(/c0\s+c197\s+c198\s+c199/)
        expect(text).not.toContain('|')
      },
    ],
    [
      'one word of 20,000 characters',
      `${'x'.repeat(20_000)}\n\n- ${'y'.repeat(5000)}\n\n| a |\n|---|\n| ${'z'.repeat(3000)} |`,
      (text) => expect(text.match(/x/g)).toHaveLength(20_000),
    ],
    [
      'odd characters',
      '\u0000 \ud800 😀 עברית 中文 \u202e\n\n# \n\n-\n-\n\n[]()\n\n| a |\n|---|\n\n&bogus; &#0;\n\n```\nnever closed',
      (text) => expect(text).toContain('never closed'),
    ],
  ]

  it.each(odd)('renders odd Markdown without failing: %s', async (_, markdown, check) => {
    const pdf = await doc(markdown)
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    check(await pdfText(pdf))
  })

  it('renders 10,000 lines over many pages, every page numbered "n / total"', async () => {
    const markdown = Array.from({ length: 10_000 }, (_, i) =>
      i % 100 === 0 ? `## Hoofdstuk ${i / 100 + 1}` : i % 10 === 0 ? '' : `Regel ${i} met **vet** en \`code\`.`,
    ).join('\n')
    const text = await pdfText(await doc(markdown))
    expect(text).toContain('Hoofdstuk 100')
    expect(text).toContain('Regel 9999 met vet en code.')
    expect(text).not.toContain('##')
    const footers = [...text.matchAll(/Beheer & Zo B\.V\.\s+(\d+) \/ (\d+)/g)].map((m) => [Number(m[1]), Number(m[2])])
    const pages = footers[0]?.[1] ?? 0
    expect(pages).toBeGreaterThan(20)
    expect(footers).toEqual(Array.from({ length: pages }, (_, i) => [i + 1, pages]))
  }, 15_000)

  it('yields a PDF for any mix of Markdown syntax', async () => {
    const piece = fc.oneof(
      fc.constantFrom(
        ...['# ', '#### ', '- ', '* ', '1. ', '3) ', '> ', '```', '~~~', '    ', '|', '---', ':-:', '***', '*', '**'],
        ...['_', '`', '[', '](', ')', '![', '](attachment:a.png)', '<div>', '</div>', '<br>', '<!--', '-->'],
        ...['\n', '\n\n', '  ', '\t', 'tekst', '~~', 'https://x.nl', '&amp;', '\\', '+', '😀', 'x'.repeat(250)],
      ),
      fc.string({ maxLength: 4 }),
    )
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 120 }), async (pieces) => {
        const pdf = await doc(pieces.join(''), { image: async () => ({ data: PNG, mime: 'image/png' }) })
        expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-')
      }),
      { numRuns: 60 },
    )
  })
})
