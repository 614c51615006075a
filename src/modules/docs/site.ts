// The public documentation website: pure functions from data to HTML (and XML) strings. Everything that is not the
// sanitised `doc.html` or a search snippet (HTML-escaped by the service, words in <mark>) is escaped here.
import { type MessageKey, t } from '../../platform/i18n/messages.js'
import type { Doc, DocKind, DocSummary, Product } from './schema.js'

export type SiteLang = 'nl' | 'en'
export const SITE_LANGS: readonly SiteLang[] = ['nl', 'en']

/** What every page needs around its content. */
export interface SiteContext {
  lang: SiteLang
  company: { name: string; logo: string | null; timeZone: string }
  /** PUBLIC_URL without a trailing slash: canonical links and the sitemap are absolute. */
  publicUrl: string
  /** The stylesheet and script URLs (with a version for caching). */
  assets: { css: string; js: string }
  /** The path and query of this page without `lang`, for the language switch. */
  path: string
  signedIn: boolean
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/** Text or an attribute value as HTML. */
export function esc(value: string | number): string {
  return String(value).replace(/[&<>"']/g, (c) => ESCAPES[c]!)
}

/** A query string of the given parameters, the empty ones left out. */
export function query(params: Record<string, string | undefined | null>): string {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') {
      q.set(k, v)
    }
  }
  const s = q.toString()
  return s ? `?${s}` : ''
}

const docUrl = (slug: string) => `/docs/${encodeURIComponent(slug)}`

function tr(ctx: { lang: SiteLang }, key: MessageKey, vars: Record<string, string> = {}): string {
  return t(ctx.lang, key, vars)
}

/** A day as the reader's language writes it, in the company's time zone. */
export function formatDate(ms: number, lang: SiteLang, timeZone: string): string {
  return new Intl.DateTimeFormat(lang === 'nl' ? 'nl-NL' : 'en-GB', { dateStyle: 'long', timeZone }).format(ms)
}

export function kindName(kinds: readonly DocKind[], key: string, lang: SiteLang): string {
  const kind = kinds.find((k) => k.key === key)
  return kind ? (lang === 'nl' ? kind.nameNl : kind.nameEn) : key
}

/** The first sentences of a text, at most about `max` characters, cut at a word. */
export function describe(text: string, max = 160): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  if (flat.length <= max) {
    return flat
  }
  const cut = flat.slice(0, max - 1)
  const space = cut.lastIndexOf(' ')
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,.;:–-]+$/, '')}…`
}

interface PageOptions {
  title: string
  /** The language of the page's main content (a document's own); the chrome speaks ctx.lang. */
  contentLang?: SiteLang
  description?: string
  /** Absolute URL. */
  canonical?: string
  alternates?: { lang: SiteLang; href: string }[]
  noindex?: boolean
  ogType?: 'website' | 'article'
  /** The query in the header's search box. */
  q?: string
  /** Whether the header shows the search box (the home page has its own, larger one). */
  headerSearch?: boolean
  main: string
}

/** The search form; site.js turns its box into a combobox with results as you type. */
export function searchForm(ctx: SiteContext, q = '', variant: 'header' | 'hero' | 'page' = 'header'): string {
  const id = `q-${variant}`
  return `<form class="search search-${variant}" role="search" action="/docs/search" method="get" data-suggest-label="${esc(tr(ctx, 'docsite.search.suggestions'))}" data-empty="${esc(tr(ctx, 'docsite.search.noSuggestions'))}">
<label class="visually-hidden" for="${id}">${esc(tr(ctx, 'docsite.search.label'))}</label>
<input id="${id}" type="search" name="q" value="${esc(q)}" placeholder="${esc(tr(ctx, 'docsite.search.placeholder'))}" autocomplete="off" spellcheck="false" maxlength="200">
<button type="submit">${esc(tr(ctx, 'docsite.search.button'))}</button>
</form>`
}

function header(ctx: SiteContext, opts: PageOptions): string {
  const other: SiteLang = ctx.lang === 'nl' ? 'en' : 'nl'
  const sep = ctx.path.includes('?') ? '&' : '?'
  const logo = ctx.company.logo ? `<img class="logo" src="${esc(ctx.company.logo)}" alt="" height="32">` : ''
  return `<header class="site-header">
<div class="bar">
<a class="brand" href="/docs">${logo}<span class="company">${esc(ctx.company.name)}</span><span class="section">${esc(tr(ctx, 'docsite.title'))}</span></a>
${opts.headerSearch === false ? '' : searchForm(ctx, opts.q ?? '', 'header')}
<nav class="actions">
<a class="lang" href="${esc(`${ctx.path}${sep}lang=${other}`)}" hreflang="${other}" lang="${other}" title="${esc(tr(ctx, 'docsite.switchLabel'))}">${esc(tr(ctx, 'docsite.switchTo'))}</a>
<a class="to-app" href="/">${esc(tr(ctx, 'docsite.toApp'))}</a>
</nav>
</div>
</header>`
}

/** A whole page: head (title, description, canonical, hreflang), header, main and footer. */
export function layout(ctx: SiteContext, opts: PageOptions): string {
  const htmlLang = opts.contentLang ?? ctx.lang
  // The chrome says which language it speaks when the content's differs from it.
  const chromeLang = htmlLang === ctx.lang ? '' : ` lang="${ctx.lang}"`
  const head = [
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(opts.title)}</title>`,
    opts.description ? `<meta name="description" content="${esc(opts.description)}">` : '',
    opts.noindex ? '<meta name="robots" content="noindex, follow">' : '',
    opts.canonical ? `<link rel="canonical" href="${esc(opts.canonical)}">` : '',
    ...(opts.alternates ?? []).map((a) => `<link rel="alternate" hreflang="${a.lang}" href="${esc(a.href)}">`),
    `<meta property="og:title" content="${esc(opts.title)}">`,
    `<meta property="og:site_name" content="${esc(`${ctx.company.name} ${tr(ctx, 'docsite.title')}`)}">`,
    `<meta property="og:type" content="${opts.ogType ?? 'website'}">`,
    opts.canonical ? `<meta property="og:url" content="${esc(opts.canonical)}">` : '',
    opts.description ? `<meta property="og:description" content="${esc(opts.description)}">` : '',
    `<link rel="stylesheet" href="${esc(ctx.assets.css)}">`,
    `<script src="${esc(ctx.assets.js)}" defer></script>`,
  ].filter((l) => l !== '')
  return `<!doctype html>
<html lang="${htmlLang}">
<head>
${head.join('\n')}
</head>
<body>
<a class="skip"${chromeLang} href="#main">${esc(tr(ctx, 'docsite.skip'))}</a>
<div${chromeLang}>
${header(ctx, opts)}
</div>
<main id="main">
${opts.main}
</main>
<footer class="site-footer"${chromeLang}><div class="bar"><a href="/docs">${esc(ctx.company.name)} · ${esc(tr(ctx, 'docsite.title'))}</a></div></footer>
</body>
</html>
`
}

export interface HomeGroup {
  /** null: the documents filed under no product. */
  product: Product | null
  docs: { slug: string; title: string; language: SiteLang }[]
  total: number
}

export interface HomeData {
  groups: HomeGroup[]
  kinds: { kind: DocKind; count: number }[]
  latest: { slug: string; title: string; kind: string; productName: string | null; updatedAt: number }[]
}

function docLink(ctx: SiteContext, d: { slug: string; title: string; language?: SiteLang }): string {
  const lang = d.language && d.language !== ctx.lang ? ` hreflang="${d.language}" lang="${d.language}"` : ''
  const badge =
    d.language && d.language !== ctx.lang ? ` <span class="badge">${esc(d.language.toUpperCase())}</span>` : ''
  return `<a href="${esc(docUrl(d.slug))}"${lang}>${esc(d.title)}</a>${badge}`
}

export function homePage(ctx: SiteContext, data: HomeData, allKinds: readonly DocKind[]): string {
  const count = (n: number) =>
    n === 1 ? tr(ctx, 'docsite.home.countOne') : tr(ctx, 'docsite.home.count', { count: String(n) })
  const groups = data.groups
    .map((g) => {
      const name = g.product ? g.product.name : tr(ctx, 'docsite.home.general')
      const more =
        g.product && g.total > g.docs.length
          ? `<a class="more" href="${esc(`/docs/search${query({ productId: g.product.id })}`)}">${esc(tr(ctx, 'docsite.home.more', { count: String(g.total) }))} →</a>`
          : ''
      const vendor = g.product?.vendor ? `<span class="vendor">${esc(g.product.vendor)}</span>` : ''
      const title = g.product
        ? `<a href="${esc(`/docs/search${query({ productId: g.product.id })}`)}">${esc(name)}</a>`
        : esc(name)
      return `<section class="card">
<h3>${title}${vendor}</h3>
<ul class="plain">${g.docs.map((d) => `<li>${docLink(ctx, d)}</li>`).join('')}</ul>
${more}
</section>`
    })
    .join('\n')
  const kinds = data.kinds
    .map(
      ({ kind, count: n }) =>
        `<li><a href="${esc(`/docs/search${query({ kind: kind.key })}`)}">${esc(kindName(allKinds, kind.key, ctx.lang))}</a> <span class="muted">${esc(count(n))}</span></li>`,
    )
    .join('')
  const latest = data.latest
    .map(
      (d) =>
        `<li><a href="${esc(docUrl(d.slug))}">${esc(d.title)}</a><span class="muted">${esc(
          [kindName(allKinds, d.kind, ctx.lang), d.productName, formatDate(d.updatedAt, ctx.lang, ctx.company.timeZone)]
            .filter((p): p is string => !!p)
            .join(' · '),
        )}</span></li>`,
    )
    .join('')
  const empty = data.groups.length === 0
  const main = `<section class="hero">
<h1>${esc(tr(ctx, 'docsite.title'))}</h1>
<p>${esc(tr(ctx, 'docsite.intro', { company: ctx.company.name }))}</p>
${searchForm(ctx, '', 'hero')}
</section>
<div class="wide">
${
  empty
    ? `<p class="notice">${esc(tr(ctx, 'docsite.home.empty'))}</p>`
    : `<div class="home">
<div class="products">
<h2>${esc(tr(ctx, 'docsite.home.products'))}</h2>
<div class="cards">
${groups}
</div>
</div>
<aside class="side">
<section>
<h2>${esc(tr(ctx, 'docsite.home.latest'))}</h2>
<ul class="plain latest">${latest}</ul>
</section>
<section>
<h2>${esc(tr(ctx, 'docsite.home.kinds'))}</h2>
<ul class="plain kinds">${kinds}</ul>
</section>
</aside>
</div>`
}
</div>`
  return layout(ctx, {
    title: `${tr(ctx, 'docsite.title')} · ${ctx.company.name}`,
    description: tr(ctx, 'docsite.intro', { company: ctx.company.name }),
    canonical: `${ctx.publicUrl}/docs`,
    headerSearch: false,
    main,
  })
}

export interface SearchData {
  q: string
  kind?: string
  productId?: string
  language?: SiteLang
  items: DocSummary[]
  /** The URL of the next page, or null. */
  next: string | null
  /** Whether this is a later page (a link back to the first). */
  paged: boolean
  /** A message instead of results (a cursor that does not fit). */
  error?: string
}

function select(name: string, label: string, any: string, options: { value: string; text: string }[], value = '') {
  return `<label class="filter"><span>${esc(label)}</span><select name="${name}"><option value="">${esc(any)}</option>${options
    .map((o) => `<option value="${esc(o.value)}"${o.value === value ? ' selected' : ''}>${esc(o.text)}</option>`)
    .join('')}</select></label>`
}

export function searchPage(
  ctx: SiteContext,
  data: SearchData,
  kinds: readonly DocKind[],
  products: readonly Product[],
): string {
  const any = tr(ctx, 'docsite.filter.any')
  const filters = `<form class="filters" action="/docs/search" method="get">
<input type="hidden" name="q" value="${esc(data.q)}">
${select(
  'kind',
  tr(ctx, 'docsite.filter.kind'),
  any,
  kinds.map((k) => ({ value: k.key, text: kindName(kinds, k.key, ctx.lang) })),
  data.kind,
)}
${
  products.length > 0
    ? select(
        'productId',
        tr(ctx, 'docsite.filter.product'),
        any,
        products.map((p) => ({ value: p.id, text: p.name })),
        data.productId,
      )
    : ''
}
${select(
  'language',
  tr(ctx, 'docsite.filter.language'),
  any,
  SITE_LANGS.map((l) => ({ value: l, text: tr(ctx, `docsite.language.${l}`) })),
  data.language,
)}
<button type="submit">${esc(tr(ctx, 'docsite.filter.apply'))}</button>
</form>`
  const searched = data.q !== '' || !!data.kind || !!data.productId || !!data.language
  let body: string
  if (data.error) {
    body = `<p class="notice">${esc(data.error)}</p>`
  } else if (!searched) {
    body = `<p class="muted">${esc(tr(ctx, 'docsite.search.prompt'))}</p>`
  } else if (data.items.length === 0) {
    body = `<p class="notice">${esc(tr(ctx, 'docsite.search.none'))}</p>`
  } else {
    body = `<ol class="results">${data.items
      .map((d) => {
        const meta = [kindName(kinds, d.kind, ctx.lang), d.productName, tr(ctx, `docsite.language.${d.language}`)]
          .filter((p): p is string => !!p)
          .join(' · ')
        const draft =
          d.status === 'draft' ? ` <span class="badge draft">${esc(tr(ctx, 'docsite.doc.draft'))}</span>` : ''
        // The snippet is HTML already: escaped by the service, the words found in <mark>.
        const snippet = d.snippet ? `<p class="snippet">${d.snippet}</p>` : ''
        return `<li><h2><a href="${esc(docUrl(d.slug))}" hreflang="${d.language}">${esc(d.title)}</a>${draft}</h2><p class="meta">${esc(meta)}</p>${snippet}</li>`
      })
      .join('\n')}</ol>`
  }
  const nav = [
    data.paged
      ? `<a href="${esc(`/docs/search${query({ q: data.q, kind: data.kind, productId: data.productId, language: data.language })}`)}">← ${esc(tr(ctx, 'docsite.search.first'))}</a>`
      : '',
    data.next ? `<a rel="next" href="${esc(data.next)}">${esc(tr(ctx, 'docsite.search.next'))} →</a>` : '',
  ].filter((l) => l !== '')
  const heading = data.q ? tr(ctx, 'docsite.search.resultsFor', { q: data.q }) : tr(ctx, 'docsite.search.filtered')
  const main = `<div class="column">
<h1>${esc(searched ? heading : tr(ctx, 'docsite.search.title'))}</h1>
${searchForm(ctx, data.q, 'page')}
${filters}
${body}
${nav.length > 0 ? `<nav class="pager">${nav.join('\n')}</nav>` : ''}
</div>`
  return layout(ctx, {
    title: `${searched ? heading : tr(ctx, 'docsite.search.title')} · ${tr(ctx, 'docsite.title')} · ${ctx.company.name}`,
    noindex: true,
    headerSearch: false,
    q: data.q,
    main,
  })
}

export interface DocPageData {
  doc: Doc
  kinds: readonly DocKind[]
  /** The first ~160 characters of the text. */
  description: string
  /** Staff: the banners for a draft and for a document not everyone may read. */
  staff: boolean
  /** Just after the feedback form was sent: the thank-you notice instead of the form. */
  thanked: boolean
}

export function docPage(ctx: SiteContext, data: DocPageData): string {
  const { doc, kinds } = data
  const kind = kindName(kinds, doc.kind, ctx.lang)
  const self = `${ctx.publicUrl}${docUrl(doc.slug)}`
  const crumbs = [
    `<a href="/docs">${esc(tr(ctx, 'docsite.title'))}</a>`,
    doc.productId && doc.productName
      ? `<a href="${esc(`/docs/search${query({ productId: doc.productId })}`)}">${esc(doc.productName)}</a>`
      : '',
    `<a href="${esc(`/docs/search${query({ kind: doc.kind })}`)}">${esc(kind)}</a>`,
  ].filter((c) => c !== '')
  const meta = [
    kind,
    doc.productName,
    tr(ctx, `docsite.language.${doc.language}`),
    tr(ctx, 'docsite.doc.updated', { date: formatDate(doc.updatedAt, ctx.lang, ctx.company.timeZone) }),
  ].filter((p): p is string => !!p)
  const banners = [
    data.staff && doc.status === 'draft'
      ? `<p class="banner draft"><strong>${esc(tr(ctx, 'docsite.doc.draft'))}</strong> ${esc(tr(ctx, 'docsite.doc.draftNotice'))}</p>`
      : '',
    data.staff && doc.visibility !== 'public'
      ? `<p class="banner restricted">${esc(tr(ctx, `docsite.doc.visibility.${doc.visibility}`))}</p>`
      : '',
  ].join('')
  const toc =
    doc.toc.length > 1
      ? `<nav class="toc" aria-labelledby="toc-title"><h2 id="toc-title">${esc(tr(ctx, 'docsite.doc.toc'))}</h2><ol>${doc.toc
          .map((e) => `<li class="level-${e.level}"><a href="#${esc(e.id)}">${esc(e.text)}</a></li>`)
          .join('')}</ol></nav>`
      : ''
  const attachments =
    doc.attachments.length > 0
      ? `<section class="attachments"><h2>${esc(tr(ctx, 'docsite.doc.attachments'))}</h2><ul>${doc.attachments
          .map(
            (a) =>
              `<li><a href="${esc(`/api/docs/${doc.id}/attachments/${encodeURIComponent(a.name)}`)}">${esc(a.name)}</a> <span class="muted">${esc(size(a.size))}</span></li>`,
          )
          .join('')}</ul></section>`
      : ''
  const translations =
    doc.translations.length > 0
      ? `<p class="translations">${esc(tr(ctx, 'docsite.doc.translations'))}: ${doc.translations
          .map(
            (tl) =>
              `<a href="${esc(docUrl(tl.slug))}" hreflang="${tl.language}" lang="${tl.language}">${esc(tl.title)}</a> <span class="badge">${esc(tl.language.toUpperCase())}</span>`,
          )
          .join(', ')}</p>`
      : ''
  const feedback = data.thanked
    ? `<section class="feedback" id="feedback"><p class="thanks" role="status">${esc(tr(ctx, 'docsite.feedback.thanks'))}</p></section>`
    : `<section class="feedback" id="feedback">
<form method="post" action="${esc(`${docUrl(doc.slug)}/feedback`)}">
<h2>${esc(tr(ctx, 'docsite.feedback.question'))}</h2>
<details><summary>${esc(tr(ctx, 'docsite.feedback.comment'))}</summary><label class="visually-hidden" for="fb-comment">${esc(tr(ctx, 'docsite.feedback.comment'))}</label><textarea id="fb-comment" name="comment" rows="3" maxlength="2000"></textarea></details>
<div class="buttons"><button type="submit" name="helpful" value="yes">${esc(tr(ctx, 'docsite.feedback.yes'))}</button><button type="submit" name="helpful" value="no">${esc(tr(ctx, 'docsite.feedback.no'))}</button></div>
</form>
</section>`
  const chromeLang = doc.language === ctx.lang ? '' : ` lang="${ctx.lang}"`
  const main = `<div class="doc-layout">
<article class="doc">
<nav class="breadcrumbs" aria-label="${esc(tr(ctx, 'docsite.breadcrumb'))}"${chromeLang}><ol>${crumbs.map((c) => `<li>${c}</li>`).join('')}</ol></nav>
${banners}
<h1>${esc(doc.title)}</h1>
<p class="meta"${chromeLang}>${esc(meta.join(' · '))}</p>
${translations ? `<div${chromeLang}>${translations}</div>` : ''}
${toc ? `<div class="toc-inline"${chromeLang}>${toc}</div>` : ''}
<div class="content">
${doc.html}
</div>
<div${chromeLang}>
${attachments}
<p class="pdf"><a href="${esc(`/api/docs/${encodeURIComponent(doc.slug)}/pdf`)}" download>${esc(tr(ctx, 'docsite.doc.pdf'))}</a></p>
${feedback}
</div>
</article>
${toc ? `<aside class="toc-side"${chromeLang}>${toc.replace('id="toc-title"', 'id="toc-title-side"').replace('aria-labelledby="toc-title"', 'aria-labelledby="toc-title-side"')}</aside>` : ''}
</div>`
  return layout(ctx, {
    title: `${doc.title} · ${ctx.company.name}`,
    contentLang: doc.language,
    description: data.description,
    canonical: self,
    alternates:
      doc.translations.length > 0
        ? [
            { lang: doc.language, href: self },
            ...doc.translations.map((tl) => ({ lang: tl.language, href: `${ctx.publicUrl}${docUrl(tl.slug)}` })),
          ]
        : [],
    noindex: doc.status !== 'published' || doc.visibility !== 'public',
    ogType: 'article',
    main,
  })
}

function size(bytes: number): string {
  if (bytes < 1024) {
    return `${bytes} B`
  }
  if (bytes < 1024 * 1024) {
    return `${Math.round(bytes / 1024)} kB`
  }
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

/** Not found (or not visible: the same to the reader), with the search and, for nobody signed in, a sign-in hint. */
export function notFoundPage(ctx: SiteContext, q: string): string {
  const main = `<div class="column">
<h1>${esc(tr(ctx, 'docsite.notFound.title'))}</h1>
<p>${esc(tr(ctx, 'docsite.notFound.text'))}</p>
${ctx.signedIn ? '' : `<p><a href="/">${esc(tr(ctx, 'docsite.notFound.signIn'))}</a></p>`}
${searchForm(ctx, q, 'page')}
<p><a href="/docs">← ${esc(tr(ctx, 'docsite.title'))}</a></p>
</div>`
  return layout(ctx, {
    title: `${tr(ctx, 'docsite.notFound.title')} · ${ctx.company.name}`,
    noindex: true,
    headerSearch: false,
    main,
  })
}

/** A request the site cannot answer as asked (400). */
export function errorPage(ctx: SiteContext, message: string): string {
  const main = `<div class="column">
<h1>${esc(tr(ctx, 'docsite.error.title'))}</h1>
<p>${esc(message)}</p>
<p><a href="/docs">← ${esc(tr(ctx, 'docsite.title'))}</a></p>
</div>`
  return layout(ctx, { title: `${tr(ctx, 'docsite.error.title')} · ${ctx.company.name}`, noindex: true, main })
}

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' }
const xmlEsc = (s: string) => s.replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!)

/** The sitemap (sitemaps.org 0.9) of the given documents. */
export function sitemapXml(publicUrl: string, docs: readonly { slug: string; updatedAt: number }[]): string {
  const urls = docs.map(
    (d) =>
      `<url><loc>${xmlEsc(`${publicUrl}${docUrl(d.slug)}`)}</loc><lastmod>${new Date(d.updatedAt).toISOString()}</lastmod></url>`,
  )
  return `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${urls.join('\n')}
</urlset>
`
}

export function robotsTxt(publicUrl: string): string {
  return `User-agent: *
Disallow: /docs/search
Disallow: /api/
Allow: /api/docs/

Sitemap: ${publicUrl}/sitemap.xml
`
}
