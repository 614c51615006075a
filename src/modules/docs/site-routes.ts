import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { Db } from '../../db/database.js'
import type { Actor } from '../../platform/access.js'
import { AppError } from '../../platform/errors.js'
import { SESSION_COOKIE } from '../../platform/http/auth-hook.js'
import { t } from '../../platform/i18n/messages.js'
import { packageRoot } from '../../platform/paths.js'
import type { SettingsService } from '../settings/service.js'
import type { AuthService } from '../users/auth.js'
import { visibleTo } from './repo.js'
import { DocListQuery } from './schema.js'
import { readerOf, type DocService } from './service.js'
import {
  describe,
  docPage,
  errorPage,
  type HomeGroup,
  homePage,
  notFoundPage,
  query,
  robotsTxt,
  searchPage,
  type SiteContext,
  type SiteLang,
  sitemapXml,
} from './site.js'

export const DOCS_LANG_COOKIE = 'sladesk_docs_lang'
const SEARCH_PAGE = 20
const PER_PRODUCT = 6
const LATEST = 8
// The home page groups at most this many documents; beyond, a product's "all documents" link lists the rest.
const HOME_MAX = 2_000
// One sitemap file holds at most 50,000 URLs (sitemaps.org).
const SITEMAP_MAX = 50_000

/**
 * Where site.css and site.js are: beside this module when running from src/ (tsx, tests), or in src/ of the package
 * when running the compiled dist/src/ (tsc copies no assets; src/ ships with the package).
 */
function assetDir(): string {
  const candidates = [
    join(import.meta.dirname, 'site-assets'),
    join(packageRoot, 'src', 'modules', 'docs', 'site-assets'),
  ]
  const found = candidates.find((dir) => existsSync(join(dir, 'site.css')))
  if (!found) {
    throw new Error(`The documentation site's assets are missing (looked in ${candidates.join(', ')})`)
  }
  return found
}

interface Asset {
  body: Buffer
  type: string
  version: string
}

function loadAsset(dir: string, name: string, type: string): Asset {
  const body = readFileSync(join(dir, name))
  return { body, type, version: createHash('sha256').update(body).digest('hex').slice(0, 12) }
}

// The search page's parameters; one that does not fit is left out rather than refused (a hand-edited URL).
const SearchQuery = z.object({
  q: z.string().trim().max(200).optional().catch(undefined),
  kind: DocListQuery.shape.kind.catch(undefined),
  productId: DocListQuery.shape.productId.catch(undefined),
  language: DocListQuery.shape.language.catch(undefined),
  cursor: DocListQuery.shape.cursor.catch(undefined),
})

const FeedbackForm = z.object({
  helpful: z.enum(['yes', 'no']),
  comment: z.string().trim().max(2_000).optional(),
})

export interface DocSiteOptions {
  docs: DocService
  settings: SettingsService
  auth: AuthService
  db: Db
  /** PUBLIC_URL without a trailing slash. */
  publicUrl: string
}

/**
 * The public documentation website at /docs: server-rendered HTML that works without JavaScript, with /sitemap.xml and
 * /robots.txt. Outside /api the auth hook does not run: the session cookie is read here, and only decides what is
 * visible (the docs service filters every read by it).
 */
export const docSiteRoutes: FastifyPluginAsync<DocSiteOptions> = async (app, { docs, settings, auth, db, ...opts }) => {
  const publicUrl = opts.publicUrl.replace(/\/+$/, '')
  const secure = publicUrl.startsWith('https:')
  const dir = assetDir()
  const assets = {
    'site.css': loadAsset(dir, 'site.css', 'text/css; charset=utf-8'),
    'site.js': loadAsset(dir, 'site.js', 'text/javascript; charset=utf-8'),
  }
  const assetUrls = {
    css: `/docs/assets/site.css?v=${assets['site.css'].version}`,
    js: `/docs/assets/site.js?v=${assets['site.js'].version}`,
  }
  // Forms post URL-encoded bodies; this parser lives in this plugin only.
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 16_384 },
    (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
  )

  interface Reader {
    actor: Actor | undefined
    ctx: SiteContext
    /** Whether ?lang= chose the language (and set the cookie): that answer is not shared. */
    langSet: boolean
  }

  async function readerFor(req: FastifyRequest, reply: FastifyReply): Promise<Reader> {
    const header = req.headers.cookie
    const cookies = header ? app.parseCookie(header) : {}
    const session = cookies[SESSION_COOKIE]
    const [signedIn, { company, security }] = await Promise.all([
      session ? auth.fromSessionCookie(session) : Promise.resolve(undefined),
      settings.load(),
    ])
    // As in the API: staff who must still set up two-factor sign-in read no more than anyone.
    const found =
      signedIn?.actor.kind === 'staff' && signedIn.user.totp_enabled_at === null && security.requireStaffTotp
        ? undefined
        : signedIn
    const asked = (req.query as Record<string, unknown> | undefined)?.lang
    let lang: SiteLang
    let langSet = false
    if (asked === 'nl' || asked === 'en') {
      lang = asked
      langSet = true
      void reply.setCookie(DOCS_LANG_COOKIE, lang, {
        path: '/docs',
        maxAge: 365 * 86_400,
        sameSite: 'lax',
        secure,
        httpOnly: true,
      })
    } else {
      const remembered = cookies[DOCS_LANG_COOKIE]
      lang = remembered === 'nl' || remembered === 'en' ? remembered : (found?.actor.locale ?? company.defaultLocale)
    }
    const url = new URL(req.url, 'http://x')
    url.searchParams.delete('lang')
    url.searchParams.delete('feedback')
    return {
      actor: found?.actor,
      langSet,
      ctx: {
        lang,
        company: { name: company.name, logo: company.logo, timeZone: company.timeZone },
        publicUrl,
        assets: assetUrls,
        path: `${url.pathname}${url.search}`,
        signedIn: found !== undefined,
      },
    }
  }

  function html(reply: FastifyReply, reader: Reader, status: number, body: string) {
    // What a signed-in reader sees depends on who it is: never in a shared cache. The same URL answers differently
    // with and without the cookies, so shared caches must key on them.
    const shared = !reader.ctx.signedIn && !reader.langSet
    return reply
      .code(status)
      .type('text/html; charset=utf-8')
      .header('cache-control', shared ? 'public, max-age=300' : 'private, no-store')
      .header('vary', 'Cookie')
      .send(body)
  }

  const isNotFound = (err: unknown) => err instanceof AppError && err.status === 404
  const hide = { schema: { hide: true } }

  app.get('/docs', hide, async (req, reply) => {
    const reader = await readerFor(req, reply)
    const [products, kinds, rows] = await Promise.all([
      docs.products(),
      docs.kinds(),
      db
        .selectFrom('docs as d')
        .leftJoin('products as p', 'p.id', 'd.product_id')
        .select([
          'd.slug',
          'd.title',
          'd.kind',
          'd.language',
          'd.product_id',
          'd.translation_group',
          'd.updated_at',
          'p.name as product_name',
        ])
        .where(visibleTo(readerOf(reader.actor)))
        .where('d.status', '=', 'published')
        .orderBy('d.updated_at', 'desc')
        .limit(HOME_MAX)
        .execute(),
    ])
    const lang = reader.ctx.lang
    // One document of each translation group: the one in the reader's language when there is one.
    const byGroup = new Map<string, (typeof rows)[number]>()
    for (const r of rows) {
      const seen = byGroup.get(r.translation_group)
      if (!seen || (seen.language !== lang && r.language === lang)) {
        byGroup.set(r.translation_group, r)
      }
    }
    const shown = rows.filter((r) => byGroup.get(r.translation_group) === r)
    const collator = new Intl.Collator(lang, { sensitivity: 'base', numeric: true })
    const groups: HomeGroup[] = []
    for (const product of [...products, null]) {
      const mine = shown
        .filter((r) => r.product_id === (product?.id ?? null))
        .sort((a, b) => collator.compare(a.title, b.title))
      if (mine.length > 0) {
        groups.push({
          product,
          total: mine.length,
          docs: mine.slice(0, PER_PRODUCT).map((r) => ({ slug: r.slug, title: r.title, language: r.language })),
        })
      }
    }
    const counts = new Map<string, number>()
    for (const r of shown) {
      counts.set(r.kind, (counts.get(r.kind) ?? 0) + 1)
    }
    const body = homePage(
      reader.ctx,
      {
        groups,
        kinds: kinds.filter((k) => counts.has(k.key)).map((kind) => ({ kind, count: counts.get(kind.key)! })),
        latest: shown.slice(0, LATEST).map((r) => ({
          slug: r.slug,
          title: r.title,
          kind: r.kind,
          productName: r.product_name,
          updatedAt: Number(r.updated_at),
        })),
      },
      kinds,
    )
    return html(reply, reader, 200, body)
  })

  app.get('/docs/', hide, async (req, reply) => {
    const search = req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : ''
    return reply.redirect(`/docs${search}`, 301)
  })

  app.get('/docs/search', hide, async (req, reply) => {
    const reader = await readerFor(req, reply)
    const p = SearchQuery.parse(req.query)
    const q = p.q ?? ''
    const [kinds, products] = await Promise.all([docs.kinds(), docs.products()])
    const filters = { q, kind: p.kind, productId: p.productId, language: p.language }
    const searched = q !== '' || p.kind !== undefined || p.productId !== undefined || p.language !== undefined
    let page = { items: [] as Awaited<ReturnType<DocService['list']>>['items'], nextCursor: null as string | null }
    let error: string | undefined
    if (searched) {
      try {
        page = await docs.list(reader.actor, {
          ...(q !== '' && { q }),
          ...(p.kind && { kind: p.kind }),
          ...(p.productId && { productId: p.productId }),
          ...(p.language && { language: p.language }),
          ...(p.cursor && { cursor: p.cursor }),
          limit: SEARCH_PAGE,
        })
      } catch (err) {
        if (!(err instanceof AppError && err.status === 400)) {
          throw err
        }
        error = t(reader.ctx.lang, 'docsite.search.badCursor')
      }
    }
    const body = searchPage(
      reader.ctx,
      {
        ...filters,
        items: page.items,
        next: page.nextCursor ? `/docs/search${query({ ...filters, cursor: page.nextCursor })}` : null,
        paged: p.cursor !== undefined,
        ...(error !== undefined && { error }),
      },
      kinds,
      products,
    )
    return html(reply, reader, error ? 400 : 200, body)
  })

  app.get('/docs/assets/:name', hide, async (req, reply) => {
    const { name } = req.params as { name: string }
    const asset = name === 'site.css' || name === 'site.js' ? assets[name] : undefined
    if (!asset) {
      const reader = await readerFor(req, reply)
      return html(reply, reader, 404, notFoundPage(reader.ctx, ''))
    }
    // The pages link the asset with its version: that URL never changes its content.
    const versioned = (req.query as Record<string, unknown>).v === asset.version
    return reply
      .type(asset.type)
      .header('cache-control', versioned ? 'public, max-age=31536000, immutable' : 'public, max-age=300')
      .header('x-content-type-options', 'nosniff')
      .send(asset.body)
  })

  app.get('/docs/:slug', hide, async (req, reply) => {
    const reader = await readerFor(req, reply)
    const { slug } = req.params as { slug: string }
    const guess = slug.replace(/[-_]+/g, ' ').slice(0, 200)
    if (slug.length > 120) {
      return html(reply, reader, 404, notFoundPage(reader.ctx, guess))
    }
    try {
      const [doc, kinds] = await Promise.all([docs.get(reader.actor, slug), docs.kinds()])
      // The plain text the search indexes; the description is its beginning.
      const text = await db.selectFrom('docs').select('body_text').where('id', '=', doc.id).executeTakeFirst()
      const body = docPage(reader.ctx, {
        doc,
        kinds,
        description: describe(text?.body_text ?? ''),
        staff: reader.actor?.kind === 'staff',
        thanked: (req.query as Record<string, unknown>).feedback === '1',
      })
      return html(reply, reader, 200, body)
    } catch (err) {
      if (isNotFound(err)) {
        return html(reply, reader, 404, notFoundPage(reader.ctx, guess))
      }
      throw err
    }
  })

  app.post('/docs/:slug/feedback', hide, async (req, reply) => {
    const reader = await readerFor(req, reply)
    const { slug } = req.params as { slug: string }
    const form = FeedbackForm.safeParse(req.body ?? {})
    if (!form.success) {
      return html(reply, reader, 400, errorPage(reader.ctx, t(reader.ctx.lang, 'docsite.error.feedback')))
    }
    try {
      const doc = await docs.get(reader.actor, slug)
      await docs.feedback(reader.actor, doc.id, {
        helpful: form.data.helpful === 'yes',
        ...(form.data.comment && { comment: form.data.comment }),
      })
      return reply
        .code(303)
        .header('cache-control', 'no-store')
        .header('location', `/docs/${encodeURIComponent(doc.slug)}?feedback=1#feedback`)
        .send()
    } catch (err) {
      if (isNotFound(err)) {
        return html(reply, reader, 404, notFoundPage(reader.ctx, ''))
      }
      throw err
    }
  })

  app.get('/sitemap.xml', hide, async (_req, reply) => {
    const rows = await db
      .selectFrom('docs as d')
      .select(['d.slug', 'd.updated_at'])
      .where(visibleTo({ kind: 'anonymous' }))
      .orderBy('d.slug')
      .limit(SITEMAP_MAX)
      .execute()
    return reply
      .type('application/xml; charset=utf-8')
      .header('cache-control', 'public, max-age=300')
      .send(
        sitemapXml(
          publicUrl,
          rows.map((r) => ({ slug: r.slug, updatedAt: Number(r.updated_at) })),
        ),
      )
  })

  app.get('/robots.txt', hide, async (_req, reply) =>
    reply.type('text/plain; charset=utf-8').header('cache-control', 'public, max-age=3600').send(robotsTxt(publicUrl)),
  )
}
