import type sanitizeHtml from 'sanitize-html'
import { required } from '../lazy.js'

// Required with the first HTML mail (it brings an HTML and a CSS parser, several MB), not at start.
const sanitizer = required<typeof sanitizeHtml>('sanitize-html')

// Raster formats only: an SVG can carry script, and is useless as an embedded mail image anyway.
const DATA_IMAGE = /^data:image\/(?:png|jpe?g|gif|webp|bmp);base64,[a-z0-9+/=\s]+$/i
const LINK = /^(?:https?:|mailto:)/i

// Presentation only. No url(): a background image is a remote load (a tracking pixel) like any <img>;
// no position/display/size properties: a mail must not be able to lay itself over the page around it.
const SAFE_VALUE = /^(?![\s\S]*(?:url\(|expression\(|javascript:|[<>]))[\s\S]{1,200}$/i
const allowedStyles = Object.fromEntries(
  [
    'color',
    'background-color',
    'font-family',
    'font-size',
    'font-style',
    'font-weight',
    'text-align',
    'text-decoration',
    'vertical-align',
    'white-space',
  ].map((property) => [property, [SAFE_VALUE]]),
)

const sanitizeOptions: sanitizeHtml.IOptions = {
  allowedTags: [
    'a',
    'abbr',
    'b',
    'big',
    'blockquote',
    'br',
    'caption',
    'center',
    'cite',
    'code',
    'col',
    'colgroup',
    'dd',
    'del',
    'div',
    'dl',
    'dt',
    'em',
    'font',
    'h1',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'hr',
    'i',
    'img',
    'ins',
    'kbd',
    'li',
    'mark',
    'ol',
    'p',
    'pre',
    'q',
    's',
    'small',
    'span',
    'strike',
    'strong',
    'sub',
    'sup',
    'table',
    'tbody',
    'td',
    'tfoot',
    'th',
    'thead',
    'tr',
    'tt',
    'u',
    'ul',
  ],
  // No id, name or class: they could clash with the page the mail is shown in (DOM clobbering, app styles).
  allowedAttributes: {
    '*': ['style', 'title', 'dir', 'lang', 'align'],
    a: ['href', 'rel', 'target'],
    img: ['src', 'alt', 'width', 'height'],
    font: ['color', 'face', 'size'],
    table: ['border', 'cellpadding', 'cellspacing', 'width'],
    td: ['colspan', 'rowspan', 'valign', 'width'],
    th: ['colspan', 'rowspan', 'valign', 'width', 'scope'],
    col: ['span', 'width'],
    colgroup: ['span', 'width'],
    ol: ['start', 'type'],
  },
  allowedStyles: { '*': allowedStyles },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['cid', 'data'] },
  allowedSchemesAppliedToAttributes: ['href', 'src'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'title', 'head', 'template'],
  transformTags: {
    // Relative links resolve against sladesk itself; in a mail they never mean anything else than a trick.
    a: (tagName, attribs) => {
      const href = attribs.href?.trim()
      const { title } = attribs
      return {
        tagName,
        attribs: {
          ...(href && LINK.test(href) ? { href } : {}),
          ...(title ? { title } : {}),
          rel: 'noopener noreferrer',
          target: '_blank',
        },
      }
    },
    img: (tagName, attribs) => {
      const src = attribs.src?.trim() ?? ''
      const keep = /^cid:\S+$/i.test(src) || DATA_IMAGE.test(src)
      const { alt, width, height } = attribs
      return {
        tagName,
        attribs: {
          ...(keep ? { src } : {}),
          ...(alt ? { alt } : {}),
          ...(width ? { width } : {}),
          ...(height ? { height } : {}),
        },
      }
    },
  },
  // A remote image (or one without a source) is dropped whole: no broken-image icon, no request.
  exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs.src,
}

/**
 * Makes the HTML of an incoming mail safe to show in the browser: formatting, lists, tables, links (http, https,
 * mailto; opened in a new tab without referrer) and embedded images (cid: and data:image/ only, so no remote images
 * and no tracking pixels). Scripts, styles, frames, forms, event handlers and javascript: URLs are removed.
 */
export function sanitizeMailHtml(html: string): string {
  return sanitizer()(html, sanitizeOptions).trim()
}

const BLOCK = new Set(['div', 'table', 'ul', 'ol', 'dl', 'dt', 'dd', 'center', 'caption', 'tr', 'li', 'hr', 'pre'])
const PARAGRAPH = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote'])
const textOptions: sanitizeHtml.IOptions = {
  allowedTags: ['a', 'br', 'td', 'th', 'ol', 'ul', 'li', ...BLOCK, ...PARAGRAPH],
  allowedAttributes: { a: ['href'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'title', 'head', 'template'],
}

const unescape = (s: string) =>
  s.replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) =>
    e === 'amp' ? '&' : e === 'lt' ? '<' : e === 'gt' ? '>' : e === 'quot' ? '"' : "'",
  )

interface Line {
  depth: number
  text: string
}

/** The text being built: lines, each with the <blockquote> depth it started in. */
class TextLines {
  readonly lines: Line[] = []
  private open: Line | null = null
  quoteDepth = 0

  /** The line text is being added to, started when needed. */
  current(): Line {
    if (!this.open) {
      this.open = { depth: this.quoteDepth, text: '' }
      this.lines.push(this.open)
    }
    return this.open
  }

  write(text: string): void {
    // Nothing to write must not open a line: whitespace between two blocks would become an empty line.
    if (text !== '') {
      this.current().text += text
    }
  }

  get atLineStart(): boolean {
    return this.open === null || this.open.text === ''
  }

  /** <br>: ends the line, or adds an empty one when none was started. */
  breakLine(): void {
    if (!this.open) {
      this.lines.push({ depth: this.quoteDepth, text: '' })
    }
    this.open = null
  }

  /** A block boundary: the next text starts on a new line, but no empty line is added. */
  endBlock(): void {
    this.open = null
  }

  blankLine(): void {
    this.open = null
    this.lines.push({ depth: this.quoteDepth, text: '' })
  }

  toString(): string {
    const out: string[] = []
    let previous: Line | undefined
    for (const line of this.lines) {
      const text = line.text.replace(/[ \t]+$/, '')
      // At most one empty line in a row: Outlook and Word fill the gaps between their paragraphs with empty ones.
      if (text === '' && (!previous || (previous.text === '' && previous.depth === line.depth))) {
        continue
      }
      out.push(line.depth > 0 ? `${'> '.repeat(line.depth)}${text}`.trimEnd() : text)
      previous = { depth: line.depth, text }
    }
    while (out.length > 0 && /^[> ]*$/.test(out[out.length - 1] ?? '')) {
      out.pop()
    }
    return out.join('\n')
  }
}

/**
 * Plain text of an HTML mail, for mails without a text part: the line breaks of <br>, blocks and list items are
 * kept (paragraphs and headings get an empty line after them), list items get "- " or "1. ", table cells are
 * separated by tabs, links keep their address ("text <https://…>"), and <blockquote> becomes "> " quoting so that
 * foldQuotedText recognises it.
 */
export function htmlToText(html: string): string {
  // sanitize-html first: its output is canonical (only these tags, attributes quoted, text escaped), so a simple
  // tokenizer is enough to walk it.
  const clean = sanitizer()(html, textOptions)
  const out = new TextLines()
  let pre = 0
  let cellInRow = 0
  const lists: { ordered: boolean; n: number }[] = []
  const links: { href: string; line: Line; at: number }[] = []

  for (const token of clean.split(/(<[^>]*>)/)) {
    if (token === '') {
      continue
    }
    const tag = /^<(\/?)([a-z0-9]+)([^>]*)>$/.exec(token)
    if (!tag) {
      const text = unescape(token).replace(/\u00a0/g, ' ')
      if (pre > 0) {
        text.split(/\r?\n/).forEach((part, i) => {
          if (i > 0) {
            out.breakLine()
          }
          out.write(part)
        })
      } else {
        const collapsed = text.replace(/[ \t\r\n\f]+/g, ' ')
        // Whitespace at the start of a line is layout of the source, not text.
        out.write(out.atLineStart ? collapsed.trimStart() : collapsed)
      }
      continue
    }
    const closing = tag[1] === '/'
    const name = tag[2] ?? ''
    if (name === 'br') {
      out.breakLine()
    } else if (name === 'a') {
      if (!closing) {
        const line = out.current()
        links.push({ href: unescape(/href="([^"]*)"/.exec(tag[3] ?? '')?.[1] ?? ''), line, at: line.text.length })
      } else {
        const link = links.pop()
        const label = link && link.line === out.current() ? link.line.text.slice(link.at).trim() : ''
        if (link?.href && label !== link.href && `mailto:${label}` !== link.href) {
          out.write(label ? ` <${link.href}>` : link.href)
        }
      }
    } else if (name === 'td' || name === 'th') {
      if (!closing) {
        if (cellInRow > 0) {
          out.write('\t')
        }
        cellInRow += 1
      }
    } else if (name === 'ul' || name === 'ol') {
      out.endBlock()
      if (closing) {
        lists.pop()
      } else {
        lists.push({ ordered: name === 'ol', n: 0 })
      }
    } else if (name === 'li') {
      out.endBlock()
      const list = lists[lists.length - 1]
      if (!closing) {
        if (list) {
          list.n += 1
        }
        out.write(`${'  '.repeat(Math.max(0, lists.length - 1))}${list?.ordered ? `${list.n}.` : '-'} `)
      }
    } else if (name === 'blockquote') {
      out.blankLine()
      out.quoteDepth = Math.max(0, out.quoteDepth + (closing ? -1 : 1))
    } else if (PARAGRAPH.has(name)) {
      if (closing) {
        out.blankLine()
      } else {
        out.endBlock()
      }
    } else if (BLOCK.has(name)) {
      out.endBlock()
      if (name === 'tr') {
        cellInRow = 0
      } else if (name === 'pre') {
        pre = Math.max(0, pre + (closing ? -1 : 1))
      }
    }
  }
  return out.toString()
}

export { foldQuotedText, type FoldedText } from './fold.js'
