import type { HLJSApi, LanguageFn } from 'highlight.js'
import type MarkdownIt from 'markdown-it'
import type { Env, StateCore, Token } from 'markdown-it'
import type sanitizeHtml from 'sanitize-html'
import { required } from '../../platform/lazy.js'

export interface TocEntry {
  level: 2 | 3
  id: string
  text: string
}

export interface RenderedMarkdown {
  /** Sanitised HTML, safe to put into a page as is. */
  html: string
  /** The h2 and h3 headings, in order, with their ids (for a table of contents). Plain text: escape it. */
  toc: TocEntry[]
  /** The visible text (no markup), whitespace collapsed, for search indexing and snippets. */
  text: string
  /** Slugs of the other documents this one links to (links written as `doc:<slug>` or `/docs/<slug>`). */
  docLinks: string[]
}

export interface RenderOptions {
  /** URL of a document by slug; default `/docs/${slug}`. */
  docUrl?: (slug: string) => string
  /** URL of an attachment of this document by file name (links and images written as `attachment:<name>`);
   *  default: leave the link out (plain text). */
  attachmentUrl?: (name: string) => string
}

/** What one render collects while markdown-it walks the document (markdown-it's `env`). */
interface RenderEnv extends Env {
  toc: TocEntry[]
  ids: Set<string>
  suffixes: Map<string, number>
}

const EXTERNAL_REL = 'noopener noreferrer nofollow'
// The ids we hand out, and the only ones let through: no quotes, spaces or `#` that could confuse a selector.
const HEADING_ID = /^[\p{L}\p{M}\p{N}_-]{1,100}$/u
const MAX_SLUG = 80

const defaultDocUrl = (slug: string) => `/docs/${encodeURIComponent(slug)}`

function decodeUrlPart(s: string): string {
  try {
    return decodeURIComponent(s)
  } catch {
    // A lone `%` in hand-written HTML: the text as written is the best guess.
    return s
  }
}

function slugify(text: string): string {
  const slug = text
    .normalize('NFKD')
    // Only the combining accents of Latin, Greek and Cyrillic: the vowel signs of other scripts are part of the word.
    .replace(/[\u0300-\u036f]/g, '')
    .normalize('NFC')
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}]+/gu, '-')
    .slice(0, MAX_SLUG)
    .replace(/^-+|-+$/g, '')
  return slug || 'section'
}

/** The text of a heading's inline tokens, as the reader sees it (no markup, no raw HTML). */
function inlineText(children: Token[]): string {
  return children
    .map((t) =>
      t.type === 'text' || t.type === 'code_inline'
        ? t.content
        : t.type === 'softbreak' || t.type === 'hardbreak'
          ? ' '
          : '',
    )
    .join('')
    .replace(/\s+/g, ' ')
    .trim()
}

/** Core rule: ids (and the toc) for headings, and table alignment as an attribute rather than a style. */
function documentStructure(state: StateCore): void {
  const env = state.env as RenderEnv
  state.tokens.forEach((token, i) => {
    if (token.type === 'th_open' || token.type === 'td_open') {
      // markdown-it writes `style="text-align:right"`; styles are not let through, `align` is.
      const align = /^text-align:(left|center|right)$/.exec(String(token.attrGet('style') ?? ''))?.[1]
      token.attrs = align ? [['align', align]] : null
      return
    }
    if (token.type !== 'heading_open') {
      return
    }
    const text = inlineText(state.tokens[i + 1]?.children ?? [])
    const base = slugify(text)
    // Counting on from the last suffix of this slug: thousands of equal headings stay linear.
    let n = env.suffixes.get(base) ?? 1
    let id = base
    while (env.ids.has(id)) {
      n += 1
      id = `${base}-${n}`
    }
    env.suffixes.set(base, n)
    env.ids.add(id)
    token.attrSet('id', id)
    if (token.tag === 'h2' || token.tag === 'h3') {
      env.toc.push({ level: token.tag === 'h2' ? 2 : 3, id, text })
    }
  })
}

// The Markdown engine, the highlighter and the sanitiser weigh some 20 MB together: loaded with the first document
// rendered (or mail sanitised), not at start.
const sanitizer = required<typeof sanitizeHtml>('sanitize-html')
const highlighter = required<HLJSApi>('highlight.js/lib/common')
const markdownIt = required<typeof MarkdownIt>('markdown-it')
// Besides the common languages, what an MSP's notes are written in (PowerShell, batch files, web server and
// container configuration): all 190 grammars would keep about 4 MB in memory for languages no note uses.
const EXTRA_LANGUAGES = ['apache', 'dockerfile', 'dos', 'nginx', 'powershell', 'properties']

type Engine = { md: InstanceType<typeof MarkdownIt>; hljs: HLJSApi }
let engine: Engine | undefined
function engineOf(): Engine {
  if (!engine) {
    const hljs = highlighter()
    for (const name of EXTRA_LANGUAGES) {
      hljs.registerLanguage(name, required<LanguageFn>(`highlight.js/lib/languages/${name}`)())
    }
    const md = new (markdownIt())('default', { html: true, linkify: true, typographer: false, highlight })
    // ftp: and schemeless `//host` would be linkified into links the sanitiser then strips again.
    md.linkify.add('ftp:', null).add('//', null)
    md.core.ruler.push('doc_structure', documentStructure)
    engine = { md, hljs }
  }
  return engine
}

function highlight(code: string, lang: string): string {
  const { md, hljs } = engineOf()
  const language = lang.trim().toLowerCase()
  // Only a fence that names a language: auto-detection is slow and often wrong.
  if (/^[\w+#.-]{1,40}$/.test(language) && hljs.getLanguage(language)) {
    try {
      const { value } = hljs.highlight(code, { language, ignoreIllegals: true })
      return `<pre><code class="hljs language-${language}">${value}</code></pre>`
    } catch {
      // Fall through to plain text: a grammar failing must not fail the page.
    }
  }
  return `<pre><code class="hljs">${md.utils.escapeHtml(code)}</code></pre>`
}

interface LinkContext {
  docUrl: (slug: string) => string
  attachmentUrl?: ((name: string) => string) | undefined
  /** In order of first appearance (a Set keeps insertion order). */
  docLinks: Set<string>
}

const DOC_PATH = /^\/docs\/([^/?#]+)\/?(?:[?#]|$)/

/**
 * Where a link (or image) points after resolving `doc:` and `attachment:`; records links to other documents.
 * undefined: no target (an attachment without a resolver). The result still goes through the scheme allowlist.
 */
function resolveUrl(raw: string | undefined, ctx: LinkContext, image: boolean): string | undefined {
  const url = raw?.trim()
  // A URL in quotes or backticks is a trick aimed at parsers that took them for attribute quotes (old IE).
  if (!url || /^[`'"]/.test(url)) {
    return undefined
  }
  const attachment = /^attachment:(.+)$/is.exec(url)
  if (attachment) {
    return ctx.attachmentUrl?.(decodeUrlPart(attachment[1] ?? ''))
  }
  if (image) {
    return url
  }
  const doc = /^doc:([^#]+)(#.*)?$/is.exec(url)
  if (doc) {
    const slug = decodeUrlPart(doc[1] ?? '').trim()
    if (!slug) {
      return undefined
    }
    ctx.docLinks.add(slug)
    return ctx.docUrl(slug) + (doc[2] ?? '')
  }
  const path = DOC_PATH.exec(url)
  if (path) {
    ctx.docLinks.add(decodeUrlPart(path[1] ?? ''))
  }
  return url
}

// Anything with a scheme left after the allowlist is http(s) or mailto: another site. Browsers drop the
// control characters and spaces, so the test does too.
// eslint-disable-next-line no-control-regex
const hasScheme = (url: string) => /^[a-z][a-z0-9+.-]*:/i.test(url.replace(/[\x00-\x20]+/g, ''))

const HEADINGS = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6']

/** Table cells: `align` only as left, center or right, spans only as numbers. */
const cell: sanitizeHtml.Transformer = (tagName, attribs) => {
  const kept: sanitizeHtml.Attributes = {}
  if (attribs.align && /^(left|center|right)$/i.test(attribs.align)) {
    kept.align = attribs.align.toLowerCase()
  }
  for (const span of ['colspan', 'rowspan']) {
    const value = attribs[span]
    if (value && /^[1-9][0-9]{0,2}$/.test(value)) {
      kept[span] = value
    }
  }
  return { tagName, attribs: kept }
}

function sanitizeOptions(ctx: LinkContext): sanitizeHtml.IOptions {
  const heading: sanitizeHtml.Transformer = (tagName, attribs) => {
    const { id } = attribs
    const kept: sanitizeHtml.Attributes = id && HEADING_ID.test(id) ? { id } : {}
    return { tagName, attribs: kept }
  }
  return {
    allowedTags: [
      'p',
      'br',
      'hr',
      ...HEADINGS,
      'strong',
      'em',
      'del',
      's',
      'code',
      'pre',
      'kbd',
      'sub',
      'sup',
      'blockquote',
      'ul',
      'ol',
      'li',
      'a',
      'img',
      'table',
      'thead',
      'tbody',
      'tr',
      'th',
      'td',
      'span',
      'details',
      'summary',
      'dl',
      'dt',
      'dd',
    ],
    allowedAttributes: {
      ...Object.fromEntries(HEADINGS.map((h) => [h, ['id']])),
      a: ['href', 'title', 'rel'],
      img: ['src', 'alt', 'title', 'width', 'height'],
      ol: ['start'],
      th: ['align', 'colspan', 'rowspan'],
      td: ['align', 'colspan', 'rowspan'],
      details: ['open'],
    },
    // Classes only for highlight.js (its sub-scopes are `class_`, `function_`, `inherited__` …), so that a
    // document cannot borrow the portal's own classes to dress up as its interface.
    allowedClasses: {
      code: ['hljs', 'language-*'],
      span: ['hljs*', 'language-*', /^[a-z]+_{1,2}$/],
    },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: ['http', 'https'] },
    allowedSchemesAppliedToAttributes: ['href', 'src', 'cite'],
    allowProtocolRelative: false,
    disallowedTagsMode: 'discard',
    nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'title', 'head', 'template'],
    transformTags: {
      ...Object.fromEntries(HEADINGS.map((h) => [h, heading])),
      th: cell,
      td: cell,
      a: (tagName, attribs) => {
        const href = resolveUrl(attribs.href, ctx, false)
        return {
          tagName,
          attribs: {
            ...(href ? { href } : {}),
            ...(attribs.title ? { title: attribs.title } : {}),
            // Our rel only; no target, so no window.opener either way.
            ...(href && hasScheme(href) ? { rel: EXTERNAL_REL } : {}),
          },
        }
      },
      img: (tagName, attribs) => {
        const { alt, title, width, height } = attribs
        if (attribs.src && /^\s*attachment:/i.test(attribs.src) && !ctx.attachmentUrl) {
          // No attachment URLs here: its description as plain text instead of a broken image.
          return { tagName: 'span', attribs: {}, text: alt ?? '' }
        }
        const src = resolveUrl(attribs.src, ctx, true)
        return {
          tagName,
          attribs: {
            ...(src ? { src } : {}),
            ...(alt ? { alt } : {}),
            ...(title ? { title } : {}),
            ...(width ? { width } : {}),
            ...(height ? { height } : {}),
          },
        }
      },
    },
    // A link whose target was removed (javascript:, an unresolved attachment …) becomes its plain text.
    exclusiveFilter: (frame) => (frame.tag === 'a' && !frame.attribs.href ? 'excludeTag' : false),
  }
}

const INLINE = new Set(['a', 'strong', 'em', 'del', 's', 'code', 'kbd', 'sub', 'sup', 'span'])

/** The text of sanitised HTML: its output is canonical (text escaped, attributes quoted), so splitting on tags is safe. */
function visibleText(html: string): string {
  let text = ''
  for (const part of html.split(/(<[^>]*>)/)) {
    if (part.startsWith('<')) {
      // Block boundaries separate words; inline tags do not (`<strong>x</strong>y` is one word).
      const name = /^<\/?([a-z0-9]+)/.exec(part)?.[1]
      text += name && INLINE.has(name) ? '' : ' '
    } else {
      text += part.replace(/&(amp|lt|gt|quot);/g, (_, e: string) =>
        e === 'amp' ? '&' : e === 'lt' ? '<' : e === 'gt' ? '>' : '"',
      )
    }
  }
  return text.replace(/\s+/g, ' ').trim()
}

/**
 * Renders a document's Markdown to HTML that is safe to show as is: CommonMark with tables, fenced code
 * (highlighted when the fence names a language highlight.js knows), autolinks and raw HTML, all of it through
 * the sanitiser. Headings get ids; `doc:<slug>` and `attachment:<name>` links are resolved.
 */
export function renderMarkdown(markdown: string, options: RenderOptions = {}): RenderedMarkdown {
  const env: RenderEnv = { toc: [], ids: new Set(), suffixes: new Map() }
  const raw = engineOf().md.render(markdown, env)
  const ctx: LinkContext = {
    docUrl: options.docUrl ?? defaultDocUrl,
    attachmentUrl: options.attachmentUrl,
    docLinks: new Set(),
  }
  const html = sanitizer()(raw, sanitizeOptions(ctx)).trim()
  return { html, toc: env.toc, text: visibleText(html), docLinks: [...ctx.docLinks] }
}

/** The sanitiser alone (also used for HTML from elsewhere). */
export function sanitizeDocHtml(html: string): string {
  return sanitizer()(html, sanitizeOptions({ docUrl: defaultDocUrl, docLinks: new Set() })).trim()
}
