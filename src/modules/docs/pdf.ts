// A documentation page (Markdown) as a PDF: markdown-it's token stream walked into pdfmake content.
import type MarkdownIt from 'markdown-it'
import type { Token } from 'markdown-it'
import type { ContentImage, ContentText, Margins, Style } from 'pdfmake/interfaces.js'
import { required } from '../../platform/lazy.js'
import {
  COLORS,
  type Content,
  renderPdf,
  table,
  type TableCell,
  type TDocumentDefinitions,
  usableLogo,
} from '../../platform/pdf.js'

export interface DocPdfInput {
  title: string
  markdown: string
  /** e.g. "Technische notitie · Printers · bijgewerkt 30-11-2026" — printed under the title. */
  subtitle: string
  /** Company name for the footer, and page numbers "1 / 3" (always). */
  company: string
  /** Bytes of an attachment image by file name (for `![alt](attachment:name.png)`), or undefined when unknown. */
  image?: (name: string) => Promise<{ data: Buffer; mime: string } | undefined>
}

// Raw HTML comes through as tokens (so that its tags can be dropped); `linkify` makes bare URLs clickable.
// markdown-it's own maxNesting (100) bounds how deep the token tree, and so the recursion below, can go.
// Made with the first PDF (see markdown.ts: the engine is not loaded at start).
let parser: InstanceType<typeof MarkdownIt> | undefined
const mdOf = () => (parser ??= new (required<typeof MarkdownIt>('markdown-it')())({ html: true, linkify: true }))

const MARGIN = 48
/** The text width of an A4 page (595.28 pt) between the side margins. */
const PAGE_WIDTH = 595.28 - 2 * MARGIN
/** The height an image may take: a page minus the margins and a line or two. */
const IMAGE_HEIGHT = 640
/** How far a bullet list level or a quote moves its content in (pdfmake's marker gap is the width of "9. "). */
const INDENT = 14
/**
 * Nesting stops moving in once less than MIN_WIDTH would be left, or after MAX_DEPTH levels: pdfmake cannot lay out
 * text in no width. And every list adds an event listener while pdfmake lays it out, every table two: Node warns
 * ("possible memory leak") beyond ten on one emitter, so quotes deeper than MAX_BARS lose their bar.
 */
const MIN_WIDTH = 180
const MAX_DEPTH = 7
const MAX_BARS = 4
/**
 * Longer words get a break opportunity (a zero-width space) every so many characters: pdfmake's own hard wrap
 * measures the rest of the word again for every line, which takes seconds for a word of 20,000 characters.
 */
const LONG_WORD = 100
/** Wider tables are cut into several, each repeating the first column, so that the cells stay readable. */
const MAX_COLUMNS = 8
/** Attachments looked up per document; more references than this print their alt text. */
const MAX_IMAGES = 100
const CODE_BACKGROUND = '#eef1f4'
const HEADINGS: Record<number, number> = { 1: 16, 2: 14, 3: 12, 4: 11 }
const LINK_SCHEMES = /^(https?:|mailto:)/i
const ATTACHMENT = /^attachment:/i

interface Context {
  /** The width the content can take here, in pt. */
  width: number
  /** Lists and quotes around this point. */
  depth: number
  /** Quotes drawn as tables (for their bar) around this point. */
  bars: number
  /** doc.images key by attachment name; empty when images are left out. */
  images: Map<string, string>
}

/** The context one level in, or undefined when nesting has to stop moving in. */
function indented(ctx: Context, by = INDENT): Context | undefined {
  return ctx.depth < MAX_DEPTH && ctx.width - by >= MIN_WIDTH
    ? { ...ctx, width: ctx.width - by, depth: ctx.depth + 1 }
    : undefined
}

const LONG = new RegExp(`[^\\s\u200b]{${LONG_WORD}}(?=[^\\s\u200b]{${LONG_WORD}})`, 'g')

function breakable(text: string): string {
  return text.length < 2 * LONG_WORD ? text : text.replace(LONG, '$&\u200b')
}

interface Node {
  token: Token
  children: Node[]
}

/** An attribute as a string ('' when absent): markdown-it's types allow numbers. */
function attr(token: Token | undefined, name: string): string {
  return String(token?.attrGet(name) ?? '')
}

/** The flat token stream as a tree: every `_open` token holds the tokens up to its `_close`. */
function tree(tokens: Token[]): Node[] {
  const root: Node[] = []
  const stack: Node[][] = [root]
  for (const token of tokens) {
    const level = stack[stack.length - 1]!
    if (token.nesting === 1) {
      const node: Node = { token, children: [] }
      level.push(node)
      stack.push(node.children)
    } else if (token.nesting === -1) {
      if (stack.length > 1) {
        stack.pop()
      }
    } else {
      level.push({ token, children: [] })
    }
  }
  return root
}

const ENTITY = /&(?:#\d{1,7}|#x[0-9a-f]{1,6}|[a-z][a-z0-9]{1,31});/gi

/** The text of a piece of HTML: scripts, styles and comments dropped, tags gone, line breaks where blocks end. */
function htmlText(html: string): string {
  return html
    .replace(/<!--[\s\S]*?(?:-->|$)/g, '')
    .replace(/<(script|style)\b[\s\S]*?(?:<\/\1\s*>|$)/gi, '')
    .replace(/<br\s*\/?>|<\/(?:p|div|li|tr|h[1-6]|pre|blockquote|table)\s*>/gi, '\n')
    .replace(/<\/?[a-z][^>]*>|<![^>]*>|<\?[\s\S]*?\?>/gi, '')
    .replace(ENTITY, (entity) => mdOf().utils.unescapeAll(entity))
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter((line, i, lines) => line !== '' || (i > 0 && lines[i - 1] !== ''))
    .join('\n')
    .trim()
}

/** The plain text of inline tokens (an image's alt text, a table header). */
function plainText(tokens: Token[] | null): string {
  return (tokens ?? [])
    .map((t) => {
      switch (t.type) {
        case 'softbreak':
        case 'hardbreak':
          return ' '
        case 'html_inline':
          return htmlText(t.content)
        case 'image':
          return plainText(t.children)
        default:
          return t.content
      }
    })
    .join('')
}

/** A decoded attachment name: markdown-it percent-encodes link targets. */
function attachmentName(src: string): string {
  const raw = src.replace(ATTACHMENT, '')
  try {
    return decodeURIComponent(raw)
  } catch {
    return raw
  }
}

/** Tabs as spaces up to the next multiple of four, per line: Roboto has no tab glyph, and columns should line up. */
function expandTabs(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      let out = ''
      for (const char of line) {
        out += char === '\t' ? ' '.repeat(4 - (out.length % 4)) : char
      }
      return out
    })
    .join('\n')
}

type Piece = ContentText | { block: Content }

/** Inline tokens as text runs, with the images that could be drawn as blocks in between. */
function inlines(tokens: Token[] | null, ctx: Context, allowImages: boolean): Piece[] {
  const out: Piece[] = []
  let bold = 0
  let italics = 0
  let strike = 0
  const links: (string | undefined)[] = []
  const push = (text: string, extra: Partial<ContentText> = {}) => {
    if (text === '') {
      return
    }
    const link = links[links.length - 1]
    const run: ContentText = { text }
    if (bold > 0) {
      run.bold = true
    }
    if (italics > 0) {
      run.italics = true
    }
    if (link) {
      run.link = link
      run.color = COLORS.accent
    }
    if (strike > 0 || link) {
      run.decoration = strike > 0 ? 'lineThrough' : 'underline'
    }
    Object.assign(run, extra)
    // Runs that look the same become one: fewer inlines for pdfmake to measure in long documents.
    const last = out[out.length - 1]
    if (last && 'text' in last && typeof last.text === 'string' && sameLook(last, run)) {
      last.text += text
    } else {
      out.push(run)
    }
  }
  for (const t of tokens ?? []) {
    switch (t.type) {
      case 'text':
        push(t.content)
        break
      case 'strong_open':
        bold++
        break
      case 'strong_close':
        bold--
        break
      case 'em_open':
        italics++
        break
      case 'em_close':
        italics--
        break
      case 's_open':
        strike++
        break
      case 's_close':
        strike--
        break
      case 'link_open': {
        // Only web and mail links become clickable; anything else (relative, custom schemes) stays plain text.
        const href = attr(t, 'href')
        links.push(LINK_SCHEMES.test(href) ? href : undefined)
        break
      }
      case 'link_close':
        links.pop()
        break
      case 'code_inline':
        push(t.content, { background: CODE_BACKGROUND })
        break
      case 'softbreak':
        push(' ')
        break
      case 'hardbreak':
        push('\n')
        break
      case 'html_inline':
        push(/^<br\s*\/?>$/i.test(t.content) ? '\n' : htmlText(t.content))
        break
      case 'image': {
        const alt = plainText(t.children) || t.content
        const src = attr(t, 'src')
        const key = ATTACHMENT.test(src) ? ctx.images.get(attachmentName(src)) : undefined
        if (allowImages && key) {
          // pdfmake reads maxWidth and maxHeight on images; @types/pdfmake does not list them.
          const image: ContentImage & { maxWidth: number; maxHeight: number } = {
            image: key,
            // Natural size (pixels as points), made smaller only where it does not fit: never blown up.
            maxWidth: ctx.width,
            maxHeight: IMAGE_HEIGHT,
            margin: [0, 4, 0, 4],
          }
          const link = links[links.length - 1]
          if (link) {
            image.link = link
          }
          out.push({ block: image })
        } else {
          push(alt || attachmentName(src), { italics: true })
        }
        break
      }
      default:
        // A token this walker does not know (a plugin's, a future one's) still shows its text.
        push(t.content)
    }
  }
  for (const piece of out) {
    if ('text' in piece && typeof piece.text === 'string') {
      piece.text = breakable(piece.text)
    }
  }
  return out
}

function sameLook(a: ContentText, b: ContentText): boolean {
  return (
    a.bold === b.bold &&
    a.italics === b.italics &&
    a.link === b.link &&
    a.decoration === b.decoration &&
    a.background === b.background &&
    a.color === b.color
  )
}

/** Inline content as one text block, or a stack of text and images when it holds drawable images. */
function inlineBlock(tokens: Token[] | null, ctx: Context, style: Style): Content {
  const parts: Content[] = []
  let runs: ContentText[] = []
  for (const piece of inlines(tokens, ctx, true)) {
    if ('block' in piece) {
      if (runs.length > 0) {
        parts.push({ text: runs })
        runs = []
      }
      parts.push(piece.block)
    } else {
      runs.push(piece)
    }
  }
  if (parts.length === 0) {
    return { ...style, text: runs }
  }
  if (runs.length > 0) {
    parts.push({ text: runs })
  }
  return { ...style, stack: parts }
}

/** Text runs only: images print their alt text (headings). */
function textRuns(tokens: Token[] | null, ctx: Context): ContentText[] {
  return inlines(tokens, ctx, false).filter((piece): piece is ContentText => !('block' in piece))
}

function inlineOf(node: Node | undefined): Token[] | null {
  const inline = node?.children.find((c) => c.token.type === 'inline')
  return inline ? inline.token.children : null
}

function blocks(nodes: Node[], ctx: Context): Content[] {
  return nodes.flatMap((node) => block(node, ctx))
}

function block(node: Node, ctx: Context): Content[] {
  const t = node.token
  switch (t.type) {
    case 'paragraph_open':
      // Paragraphs in a tight list are hidden by markdown-it: they get no space after them.
      return [inlineBlock(inlineOf(node), ctx, { margin: [0, 0, 0, t.hidden ? 2 : 6] })]
    case 'heading_open': {
      const level = Number(t.tag.slice(1)) || 6
      const tokens = inlineOf(node)
      const label = plainText(tokens).trim()
      return [
        {
          text: textRuns(tokens, ctx),
          fontSize: HEADINGS[level] ?? 10,
          bold: true,
          color: level <= 3 ? COLORS.accent : COLORS.text,
          margin: [0, level <= 2 ? 12 : 8, 0, 4],
          // The first three levels are the PDF's bookmarks (not empty ones: pdfmake fails on those).
          ...(level <= 3 && label !== '' ? { outline: true, outlineText: label } : {}),
        },
      ]
    }
    case 'bullet_list_open':
    case 'ordered_list_open':
      return [list(node, ctx)]
    case 'blockquote_open':
      return [quote(node, ctx)]
    case 'fence':
    case 'code_block':
      return [code(t.content, ctx)]
    case 'hr':
      return [
        {
          canvas: [{ type: 'line', x1: 0, y1: 0, x2: ctx.width, y2: 0, lineWidth: 0.75, lineColor: COLORS.line }],
          margin: [0, 6, 0, 10],
        },
      ]
    case 'html_block': {
      const text = htmlText(t.content)
      return text === '' ? [] : [{ text: breakable(text), margin: [0, 0, 0, 6] }]
    }
    case 'table_open':
      return tables(node, ctx)
    case 'inline':
      return [inlineBlock(t.children, ctx, { margin: [0, 0, 0, 6] })]
    default:
      if (node.children.length > 0) {
        return blocks(node.children, ctx)
      }
      return t.content.trim() === '' ? [] : [{ text: breakable(t.content), margin: [0, 0, 0, 6] }]
  }
}

function list(node: Node, ctx: Context): Content {
  const ordered = node.token.type === 'ordered_list_open'
  const start = Number(attr(node.token, 'start') || 1)
  const first = Number.isSafeInteger(start) ? start : 1
  const items = node.children.filter((c) => c.token.type === 'list_item_open')
  // An ordered list's markers are as wide as its longest number ("9. " at 10 pt is about 14 pt).
  const digits = String(first + items.length).length
  const inner = indented(ctx, ordered ? Math.max(INDENT, 8 + 6 * digits) : INDENT)
  const content: Content[] = items.map((item) => {
    const parts = blocks(item.children, inner ?? ctx)
    return parts.length === 1 ? parts[0]! : parts.length === 0 ? '' : { stack: parts }
  })
  // A list in a list or a quote takes no space after it: the enclosing block has its own.
  const margin: Margins = [0, 0, 0, ctx.depth > 0 ? 0 : 6]
  if (!inner) {
    // Too deep to move in further: the markers go in front of the items' text instead.
    return { stack: content.map((item, i) => marked(item, ordered ? `${first + i}. ` : '• ')), margin }
  }
  return ordered ? { ol: content, start: first, margin } : { ul: content, margin }
}

/** The item with its marker in front of its first line of text. */
function marked(item: Content, marker: string): Content {
  if (typeof item === 'string' || typeof item === 'number') {
    return `${marker}${item}`
  }
  if (Array.isArray(item)) {
    return markedFirst(item, marker)
  }
  if ('text' in item && item.text !== undefined) {
    return { ...item, text: [marker, ...(Array.isArray(item.text) ? item.text : [item.text])] }
  }
  if ('stack' in item && item.stack !== undefined) {
    return { ...item, stack: markedFirst(item.stack, marker) }
  }
  return { stack: [marker, item] }
}

function markedFirst(items: Content[], marker: string): Content[] {
  return items.length === 0 ? [marker] : [marked(items[0]!, marker), ...items.slice(1)]
}

function quote(node: Node, ctx: Context): Content {
  const inner = indented(ctx)
  if (!inner) {
    return { stack: blocks(node.children, ctx), color: COLORS.muted }
  }
  if (ctx.bars >= MAX_BARS) {
    return { stack: blocks(node.children, inner), color: COLORS.muted, margin: [INDENT, 0, 0, 0] }
  }
  // A one-cell table for the grey bar on the left; a fixed width, so that long words wrap instead of running on.
  return {
    table: {
      widths: [inner.width],
      body: [[{ stack: blocks(node.children, { ...inner, bars: ctx.bars + 1 }), color: COLORS.muted }]],
    },
    layout: {
      hLineWidth: () => 0,
      vLineWidth: (i: number) => (i === 0 ? 2 : 0),
      vLineColor: () => COLORS.line,
      paddingLeft: () => INDENT - 2,
      paddingRight: () => 0,
      paddingTop: () => 0,
      paddingBottom: () => 0,
    },
    margin: [0, 2, 0, 6],
  }
}

/**
 * A code block in Roboto on a grey background: sladesk's pdfmake set-up registers no monospace font (and only the
 * Roboto files may be read), so the shading is what sets code apart.
 */
function code(text: string, ctx: Context): Content {
  return {
    table: {
      widths: [ctx.width - 12],
      body: [[{ text: breakable(expandTabs(text.replace(/\n$/, ''))), preserveLeadingSpaces: true, fontSize: 8.5 }]],
    },
    layout: {
      hLineWidth: () => 0,
      vLineWidth: () => 0,
      fillColor: () => CODE_BACKGROUND,
      paddingLeft: () => 6,
      paddingRight: () => 6,
      paddingTop: () => 4,
      paddingBottom: () => 4,
    },
    margin: [0, 2, 0, 8],
  }
}

type Align = 'left' | 'center' | 'right' | undefined

function tables(node: Node, ctx: Context): Content[] {
  const rows: Node[][] = []
  let header: Node[] = []
  for (const section of node.children) {
    for (const row of section.children.filter((c) => c.token.type === 'tr_open')) {
      const cells = row.children.filter((c) => c.token.type === 'th_open' || c.token.type === 'td_open')
      if (section.token.type === 'thead_open' && header.length === 0) {
        header = cells
      } else {
        rows.push(cells)
      }
    }
  }
  const columns = rows.reduce((n, row) => Math.max(n, row.length), Math.max(header.length, 1))
  const align: Align[] = Array.from({ length: columns }, (_, i) => {
    const style = attr(header[i]?.token, 'style')
    return /text-align:\s*(left|center|right)/.exec(style)?.[1] as Align
  })
  const headText = Array.from({ length: columns }, (_, i) => breakable(plainText(inlineOf(header[i])).trim()))
  const all = Array.from({ length: columns }, (_, i) => i)
  const groups: number[][] = []
  if (columns <= MAX_COLUMNS) {
    groups.push(all)
  } else {
    for (let from = 1; from < columns; from += MAX_COLUMNS - 1) {
      groups.push([0, ...all.slice(from, from + MAX_COLUMNS - 1)])
    }
  }
  return groups.map((group) => {
    const widths = columnWidths(group, [header, ...rows], ctx.width)
    const body: TableCell[][] = rows.map((row) =>
      group.map((col, i) => {
        const cell = row[col]
        // Right alignment is table()'s to do, with the header's; centred is left to the cells.
        return cell
          ? inlineBlock(
              inlineOf(cell),
              { ...ctx, width: widths[i]! },
              align[col] === 'center' ? { alignment: 'center' } : {},
            )
          : ''
      }),
    )
    const right = group.flatMap((col, i) => (align[col] === 'right' ? [i] : []))
    const content = table(
      group.map((col) => headText[col] ?? ''),
      body,
      { widths, right },
    )
    return group.length > 5 ? { stack: [content], fontSize: 8 } : content
  })
}

/**
 * Fixed widths, shared out by how much text each column holds: pdfmake's `auto` and `*` columns take the width of
 * their longest word and would run off the page; fixed ones wrap it.
 */
function columnWidths(group: number[], rows: Node[][], width: number): number[] {
  const padding = 8
  const weights = group.map((col) => {
    const longest = rows.reduce((n, row) => Math.max(n, plainText(inlineOf(row[col])).length), 1)
    return Math.min(Math.max(longest, 4), 40)
  })
  const total = weights.reduce((a, b) => a + b, 0)
  const room = width - padding * group.length
  return weights.map((w) => Math.max(room * (w / total), 12))
}

/** Attachments the Markdown shows, as data URLs pdfmake can draw: PNG and JPEG whose bytes say so, nothing else. */
async function loadImages(tokens: Token[], lookup: DocPdfInput['image']): Promise<Map<string, string>> {
  const found = new Map<string, string>()
  if (!lookup) {
    return found
  }
  const names = new Set<string>()
  for (const token of tokens) {
    for (const child of token.children ?? []) {
      const src = child.type === 'image' ? attr(child, 'src') : ''
      if (ATTACHMENT.test(src) && names.size < MAX_IMAGES) {
        names.add(attachmentName(src))
      }
    }
  }
  // One at a time: a handful per page in practice, and the store behind `lookup` need not take a burst.
  for (const name of names) {
    let file: { data: Buffer; mime: string } | undefined
    try {
      file = await lookup(name)
    } catch {
      file = undefined
    }
    const type = /^image\/(png|jpe?g)\s*(;|$)/i.exec(file?.mime ?? '')?.[1]?.toLowerCase()
    if (!file || !type || !Buffer.isBuffer(file.data)) {
      continue
    }
    const dataUrl = `data:image/${type === 'png' ? 'png' : 'jpeg'};base64,${file.data.toString('base64')}`
    if (usableLogo(dataUrl)?.kind === 'image') {
      found.set(name, dataUrl)
    }
  }
  return found
}

function definition(input: DocPdfInput, content: Content[], images: Map<string, string>): TDocumentDefinitions {
  return {
    pageSize: 'A4',
    pageMargins: [MARGIN, MARGIN, MARGIN, 56],
    info: { title: input.title, author: input.company, creator: 'sladesk', producer: 'sladesk' },
    defaultStyle: { font: 'Roboto', fontSize: 10, color: COLORS.text, lineHeight: 1.15 },
    images: Object.fromEntries(images),
    content: [
      { text: breakable(input.title), fontSize: 20, bold: true, color: COLORS.accent, margin: [0, 0, 0, 2] },
      { text: breakable(input.subtitle), color: COLORS.muted, fontSize: 9, margin: [0, 0, 0, 14] },
      ...content,
    ],
    footer: (page: number, pages: number): Content => ({
      columns: [
        { text: input.company, color: COLORS.muted },
        { text: `${page} / ${pages}`, alignment: 'right', color: COLORS.muted },
      ],
      fontSize: 8,
      margin: [MARGIN, 20, MARGIN, 0],
    }),
  }
}

/** Whether pdfmake can draw the image: a document with only this image in it renders. */
async function drawable(dataUrl: string): Promise<boolean> {
  try {
    await renderPdf({ content: [{ image: dataUrl, width: 8 }], defaultStyle: { font: 'Roboto' } })
    return true
  } catch {
    return false
  }
}

/** The page as a PDF: the title, the subtitle, the Markdown, and a footer with the company and the page numbers. */
export async function renderDocPdf(input: DocPdfInput): Promise<Buffer> {
  const tokens = mdOf().parse(input.markdown, {})
  const nodes = tree(tokens)
  const render = (images: Map<string, string>) => {
    // doc.images by a short key, so that an attachment shown twice is embedded once.
    const keys = new Map([...images.keys()].map((name, i) => [name, `img${i}`]))
    const byKey = new Map([...images].map(([name, url]) => [keys.get(name)!, url]))
    return renderPdf(definition(input, blocks(nodes, { width: PAGE_WIDTH, depth: 0, bars: 0, images: keys }), byKey))
  }
  const images = await loadImages(tokens, input.image)
  try {
    return await render(images)
  } catch {
    // Tried again below: without the images that fail, then without the formatting.
  }
  if (images.size > 0) {
    // Checked one by one only now: bytes that pass the signature check can still fail to decode.
    const usable = new Map<string, string>()
    for (const [name, dataUrl] of images) {
      if (await drawable(dataUrl)) {
        usable.set(name, dataUrl)
      }
    }
    try {
      return await render(usable)
    } catch {
      // The formatting then, below.
    }
  }
  // Markdown that trips pdfmake up some way not foreseen here: the visitor still gets the text, unformatted.
  const plain: Content[] = input.markdown
    .split(/\n{2,}/)
    .map((part) => ({ text: breakable(part), margin: [0, 0, 0, 6] }))
  return renderPdf(definition(input, plain, new Map()))
}
