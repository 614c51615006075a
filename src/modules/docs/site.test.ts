import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { LightMyRequestResponse } from 'fastify'
import { beforeAll, describe, expect, it } from 'vitest'
import { as, signIn, useApp, type Session } from '../../../test/support/app.js'
import { dialects } from '../../../test/support/databases.js'
import { make } from '../../../test/support/factories.js'
import type { Doc } from './schema.js'
import { describe as describeText, esc, sitemapXml } from './site.js'

const PUBLIC_URL = 'https://help.example.test'

const BODY = `Sluit de printer aan op het netwerk en installeer het stuurprogramma.

## Aansluiten

De printer krijgt een vast IP-adres.

## Stuurprogramma

\`\`\`powershell
Add-Printer -Name "Kantoor" -DriverName "HP Universal"
\`\`\`

| Model | Poort |
| --- | --- |
| HP M404 | 9100 |
`

const XSS = '<script>alert(1)</script>'

function hasNoInlineScript(body: string) {
  // CSP script-src 'self': every script is a file, and no element carries an event handler.
  expect(body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i)
  expect(body).not.toMatch(/<[^>]+\son[a-z]+\s*=/i)
}

describe('documentation website: rendering helpers', () => {
  it('escapes text and attributes, and cuts a description at a word', () => {
    expect(esc(`<a href="x" title='y'>&`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;')
    const text = 'woord '.repeat(50)
    const d = describeText(text)
    expect(d.length).toBeLessThanOrEqual(160)
    expect(d.endsWith('woord…')).toBe(true)
    expect(describeText('  kort\n tekst ')).toBe('kort tekst')
  })

  it('writes a sitemap that xmllint finds valid, when xmllint is there', () => {
    const xml = sitemapXml(PUBLIC_URL, [{ slug: 'a&b', updatedAt: Date.UTC(2026, 0, 2) }])
    expect(xml).toContain('<loc>https://help.example.test/docs/a%26b</loc>')
    expect(xml).toContain('<lastmod>2026-01-02T00:00:00.000Z</lastmod>')
    const file = join(mkdtempSync(join(tmpdir(), 'sitemap-')), 'sitemap.xml')
    writeFileSync(file, xml)
    try {
      execFileSync('xmllint', ['--noout', file], { stdio: 'pipe' })
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw err
      }
    }
  })
})

for (const dialect of dialects) {
  describe(`documentation website [${dialect}]`, () => {
    const ctx = useApp(dialect, { publicUrl: PUBLIC_URL })
    let tech: Session
    let portalA: Session
    let portalB: Session
    let portalEn: Session
    const docs: Record<string, Doc> = {}

    async function write(body: object): Promise<Doc> {
      const res = await as(ctx.app, tech)({ method: 'POST', url: '/api/docs', payload: body })
      expect(res.statusCode, res.body).toBe(201)
      return res.json<Doc>()
    }
    const page = (session: Session | undefined, url: string, headers: Record<string, string> = {}) =>
      ctx.app.inject({ method: 'GET', url, headers: { ...headers, ...(session && { cookie: session.cookie }) } })
    function expectHtml(res: LightMyRequestResponse, status = 200) {
      expect(res.statusCode, res.body.slice(0, 500)).toBe(status)
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8')
      hasNoInlineScript(res.body)
      return res.body
    }

    beforeAll(async () => {
      ctx.clock.now = Date.UTC(2026, 10, 30, 9, 0, 0)
      const contactA = await make.user(ctx.db, { role: 'contact' })
      const contactB = await make.user(ctx.db, { role: 'contact' })
      const contactEn = await make.user(ctx.db, { role: 'contact', locale: 'en' })
      tech = await signIn(ctx.app, (await make.user(ctx.db, { role: 'technician' })).email)
      portalA = await signIn(ctx.app, contactA.email)
      portalB = await signIn(ctx.app, contactB.email)
      portalEn = await signIn(ctx.app, contactEn.email)
      const product = await as(
        ctx.app,
        tech,
      )({ method: 'POST', url: '/api/products', payload: { name: 'Kantoorprinters', vendor: 'HP' } })
      expect(product.statusCode, product.body).toBe(201)
      const productId = product.json<{ id: string }>().id

      const base = { kind: 'manual', language: 'nl', status: 'published', visibility: 'public' }
      docs.public = await write({ ...base, title: 'Printer installeren', body: BODY, productId })
      docs.en = await write({
        ...base,
        language: 'en',
        title: 'Installing a printer',
        body: 'Connect the printer.',
        translationOf: docs.public.id,
        productId,
      })
      docs.customers = await write({
        ...base,
        title: 'VPN voor klanten',
        body: 'Printerdelen over VPN.',
        visibility: 'customers',
      })
      docs.specificA = await write({
        ...base,
        title: 'Runbook klant A',
        body: 'De printers van klant A.',
        visibility: 'specific',
        customerIds: [contactA.customer_id],
      })
      docs.internal = await write({
        ...base,
        title: 'Interne printerkluis',
        body: 'Wachtwoorden.',
        visibility: 'internal',
      })
      docs.draft = await write({ ...base, status: 'draft', title: 'Concept printerboek', body: 'Nog niet af.' })
      docs.xss = await write({
        ...base,
        kind: 'example',
        title: `${XSS} printerlabel`,
        body: 'Een printerlabel <img src=x onerror=alert(1)>.',
        productId,
      })
    })

    it('shows a public document to anyone: title, meta, contents, code, PDF, feedback, canonical and hreflang', async () => {
      const res = await page(undefined, '/docs/printer-installeren')
      const body = expectHtml(res)
      expect(res.headers['cache-control']).toBe('public, max-age=300')
      expect(res.headers.vary).toMatch(/cookie/i)
      expect(res.headers['content-security-policy']).toContain("script-src 'self'")
      expect(body).toContain('<html lang="nl">')
      expect(body).toContain('<h1>Printer installeren</h1>')
      expect(body).toContain(`<link rel="canonical" href="${PUBLIC_URL}/docs/printer-installeren">`)
      expect(body).toContain(`<link rel="alternate" hreflang="en" href="${PUBLIC_URL}/docs/installing-a-printer">`)
      expect(body).toContain(`<link rel="alternate" hreflang="nl" href="${PUBLIC_URL}/docs/printer-installeren">`)
      expect(body).toMatch(/<meta name="description" content="Sluit de printer aan op het netwerk[^"]*">/)
      // Breadcrumbs: Documentatie › product › kind.
      expect(body).toMatch(/class="breadcrumbs"[\s\S]*Documentatie[\s\S]*Kantoorprinters[\s\S]*Handleiding/i)
      expect(body).toContain('30 november 2026')
      expect(body).toContain('href="#aansluiten"')
      expect(body).toContain('href="#stuurprogramma"')
      expect(body).toContain('<table>')
      expect(body).toContain('class="hljs language-powershell"')
      expect(body).toContain('href="/api/docs/printer-installeren/pdf"')
      expect(body).toContain('href="/docs/installing-a-printer" hreflang="en"')
      expect(body).toContain('<form method="post" action="/docs/printer-installeren/feedback">')
      expect(body).toContain('Was dit nuttig?')
      expect(body).not.toContain('class="banner')
      expect(body).toMatch(/<link rel="stylesheet" href="\/docs\/assets\/site\.css\?v=[0-9a-f]{12}">/)
      expect(body).toMatch(/<script src="\/docs\/assets\/site\.js\?v=[0-9a-f]{12}" defer><\/script>/)
      // A document in English has its own language on <html>; the site around it still speaks Dutch.
      const en = expectHtml(await page(undefined, '/docs/installing-a-printer'))
      expect(en).toContain('<html lang="en">')
      expect(en).toContain('lang="nl"')
      expect(en).toContain('Was dit nuttig?')
      // HEAD answers too (crawlers), and /docs/ goes to /docs.
      expect((await ctx.app.inject({ method: 'HEAD', url: '/docs/printer-installeren' })).statusCode).toBe(200)
      const slash = await page(undefined, '/docs/')
      expect(slash.statusCode).toBe(301)
      expect(slash.headers.location).toBe('/docs')
    })

    it('answers 404 with the search for what the reader may not see, as for what does not exist', async () => {
      const may: [string, Session | undefined, string[]][] = [
        ['anonymous', undefined, ['public']],
        ['contact A', portalA, ['public', 'customers', 'specificA']],
        ['contact B', portalB, ['public', 'customers']],
        ['staff', tech, ['public', 'customers', 'specificA', 'internal', 'draft']],
      ]
      for (const [who, session, sees] of may) {
        for (const key of ['public', 'customers', 'specificA', 'internal', 'draft']) {
          const res = await page(session, `/docs/${docs[key]!.slug}`)
          const visible = sees.includes(key)
          const body = expectHtml(res, visible ? 200 : 404)
          expect(body.includes(`<h1>${docs[key]!.title}</h1>`), `${who} reads ${key}`).toBe(visible)
          if (!visible) {
            expect(body).toContain('action="/docs/search"')
            expect(body).toContain('noindex')
          }
          if (session) {
            expect(res.headers['cache-control']).toBe('private, no-store')
          }
        }
      }
      const unknown = expectHtml(await page(undefined, '/docs/bestaat-niet'), 404)
      expect(unknown).toContain('Document niet gevonden')
      expect(unknown).toContain('value="bestaat niet"')
      expectHtml(await page(undefined, `/docs/${'x'.repeat(100)}`), 404)
    })

    it('shows staff a draft with the "Concept" banner, and which readers a restricted document has', async () => {
      const draft = expectHtml(await page(tech, `/docs/${docs.draft!.slug}`))
      expect(draft).toMatch(/class="banner draft"><strong>Concept<\/strong>/)
      expect(draft).toContain('<meta name="robots" content="noindex, follow">')
      const internal = expectHtml(await page(tech, `/docs/${docs.internal!.slug}`))
      expect(internal).toContain('Intern: alleen zichtbaar voor medewerkers.')
      expect(internal).not.toContain('banner draft')
      // A portal user reading a customers' document sees no staff banner.
      expect(expectHtml(await page(portalA, `/docs/${docs.customers!.slug}`))).not.toContain('class="banner')
    })

    it('lists products with their documents, the kinds and the latest documents on the home page', async () => {
      const res = await page(undefined, '/docs')
      const body = expectHtml(res)
      expect(res.headers['cache-control']).toBe('public, max-age=300')
      expect(body).toContain('<title>Documentatie · sladesk</title>')
      expect(body).toContain('href="/">Naar de app</a>')
      expect(body).toContain('action="/docs/search"')
      expect(body).toContain('Kantoorprinters')
      expect(body).toContain('href="/docs/printer-installeren"')
      // One document per translation group: the Dutch one for a Dutch reader.
      expect(body).not.toContain('href="/docs/installing-a-printer"')
      expect(body).toContain('href="/docs/search?kind=manual"')
      for (const hidden of ['customers', 'specificA', 'internal', 'draft'] as const) {
        expect(body, hidden).not.toContain(docs[hidden]!.title)
      }
      const staff = expectHtml(await page(tech, '/docs'))
      expect(staff).toContain(docs.internal!.title)
      // Drafts are not on the home page, not even for staff.
      expect(staff).not.toContain(docs.draft!.title)
      expect(expectHtml(await page(portalA, '/docs'))).toContain(docs.specificA!.title)
    })

    it('searches with Dutch stemming, marks the words, filters and pages, all without JavaScript', async () => {
      const res = await page(undefined, '/docs/search?q=printers')
      const body = expectHtml(res)
      expect(body).toContain('<a href="/docs/printer-installeren" hreflang="nl">Printer installeren</a>')
      expect(body).toMatch(/<p class="snippet">[^<]*<mark>printer<\/mark>/i)
      expect(body).toContain('<meta name="robots" content="noindex, follow">')
      expect(body).toContain('value="printers"')
      for (const hidden of ['customers', 'specificA', 'internal', 'draft'] as const) {
        expect(body, hidden).not.toContain(docs[hidden]!.title)
      }
      expect(expectHtml(await page(portalA, '/docs/search?q=printers'))).toContain(docs.specificA!.title)
      // Filters: kind and language; a filter value that does not fit is left out, not an error.
      const examples = expectHtml(await page(undefined, '/docs/search?q=printer&kind=example'))
      expect(examples).toContain('printerlabel')
      expect(examples).not.toContain('>Printer installeren<')
      expect(expectHtml(await page(undefined, '/docs/search?q=printer&language=en'))).toContain('Installing a printer')
      expectHtml(await page(undefined, '/docs/search?q=printer&productId=nope&kind=NOT%20A%20KIND'))
      expect(expectHtml(await page(undefined, '/docs/search?q=zzzzqqq'))).toContain('Niets gevonden')
      expect(expectHtml(await page(undefined, '/docs/search'))).toContain('Typ een of meer woorden')
      expectHtml(await page(undefined, '/docs/search?q=printer&cursor=garbage'), 400)

      // Pages of twenty, by a link.
      for (let i = 1; i <= 21; i++) {
        await write({
          kind: 'technical-note',
          language: 'nl',
          status: 'published',
          visibility: 'public',
          title: `Notitie ${i}`,
          body: 'Een notitie.',
        })
      }
      const first = expectHtml(await page(undefined, '/docs/search?kind=technical-note'))
      expect(first.match(/<li><h2>/g)).toHaveLength(20)
      const next = /<a rel="next" href="([^"]+)"/.exec(first)?.[1]
      expect(next).toBeDefined()
      const second = expectHtml(await page(undefined, next!.replaceAll('&amp;', '&')))
      expect(second.match(/<li><h2>/g)).toHaveLength(1)
      expect(second).not.toContain('rel="next"')
      expect(second).toContain('href="/docs/search?kind=technical-note"')
    })

    it('escapes a script in a title on every page it appears', async () => {
      const escaped = esc(XSS)
      for (const [session, url] of [
        [undefined, `/docs/${docs.xss!.slug}`],
        [undefined, '/docs'],
        [undefined, '/docs/search?q=printerlabel'],
        [undefined, '/docs/search?kind=example'],
        [tech, '/docs'],
        [undefined, `/docs/search?q=${encodeURIComponent(XSS)}`],
        [undefined, `/docs/${encodeURIComponent(XSS)}`],
      ] as const) {
        const res = await page(session, url)
        expect(res.statusCode, url).toBeLessThan(500)
        hasNoInlineScript(res.body)
        expect(res.body, url).not.toContain(XSS)
        expect(res.body, url).toContain(escaped)
      }
      // The body is the sanitised document: the image stays, its handler does not (hasNoInlineScript above).
      expect((await page(undefined, `/docs/${docs.xss!.slug}`)).body).toContain(
        '<p>Een printerlabel <img src="x" />.</p>',
      )
    })

    it('lists only public published documents in the sitemap, with absolute URLs, and names it in robots.txt', async () => {
      const res = await page(undefined, '/sitemap.xml')
      expect(res.statusCode).toBe(200)
      expect(res.headers['content-type']).toBe('application/xml; charset=utf-8')
      expect(res.body).toMatch(
        /^<\?xml version="1.0" encoding="UTF-8"\?>\n<urlset xmlns="http:\/\/www.sitemaps.org\/schemas\/sitemap\/0.9">/,
      )
      const locs = [...res.body.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1])
      expect(locs).toContain(`${PUBLIC_URL}/docs/printer-installeren`)
      expect(locs).toContain(`${PUBLIC_URL}/docs/installing-a-printer`)
      for (const hidden of ['customers', 'specificA', 'internal', 'draft'] as const) {
        expect(locs, hidden).not.toContain(`${PUBLIC_URL}/docs/${docs[hidden]!.slug}`)
      }
      expect(locs.every((l) => l!.startsWith(`${PUBLIC_URL}/docs/`))).toBe(true)
      expect(res.body).toContain('<lastmod>2026-11-30T09:00:00.000Z</lastmod>')
      // Signed in or not: the sitemap is the public one.
      expect((await page(tech, '/sitemap.xml')).body).toBe(res.body)
      const robots = await page(undefined, '/robots.txt')
      expect(robots.statusCode).toBe(200)
      expect(robots.headers['content-type']).toBe('text/plain; charset=utf-8')
      expect(robots.body).toContain(`Sitemap: ${PUBLIC_URL}/sitemap.xml`)
    })

    it('takes "was this helpful?" as a form post: 303 back to the page with thanks, counted', async () => {
      const form = (session: Session | undefined, slug: string, body: string) =>
        ctx.app.inject({
          method: 'POST',
          url: `/docs/${slug}/feedback`,
          payload: body,
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            ...(session && { cookie: session.cookie }),
          },
        })
      const before = (await page(undefined, '/api/docs/printer-installeren')).json<Doc>().helpful
      let res = await form(undefined, 'printer-installeren', 'helpful=yes')
      expect(res.statusCode, res.body).toBe(303)
      expect(res.headers.location).toBe('/docs/printer-installeren?feedback=1#feedback')
      res = await form(portalA, 'printer-installeren', 'helpful=no&comment=Mist+een+stap')
      expect(res.statusCode, res.body).toBe(303)
      const after = (await page(undefined, '/api/docs/printer-installeren')).json<Doc>().helpful
      expect(after).toEqual({ yes: before.yes + 1, no: before.no + 1 })
      const comment = await ctx.db
        .selectFrom('doc_feedback')
        .select(['comment', 'user_id'])
        .where('doc_id', '=', docs.public!.id)
        .where('helpful', '=', 0)
        .executeTakeFirstOrThrow()
      expect(comment.comment).toBe('Mist een stap')
      expect(comment.user_id).not.toBeNull()

      const thanked = expectHtml(await page(undefined, '/docs/printer-installeren?feedback=1'))
      expect(thanked).toContain('Bedankt voor uw reactie!')
      expect(thanked).not.toContain('<form method="post"')
      // Only who may read the document may say so; a form that says neither yes nor no is refused.
      expect((await form(portalA, docs.specificA!.slug, 'helpful=yes')).statusCode).toBe(303)
      expectHtml(await form(portalB, docs.specificA!.slug, 'helpful=yes'), 404)
      expectHtml(await form(undefined, docs.draft!.slug, 'helpful=yes'), 404)
      expectHtml(await form(undefined, 'printer-installeren', 'helpful=misschien'), 400)
    })

    it("switches the language with ?lang= and remembers it in a cookie; else the user's, else the company's", async () => {
      const res = await page(undefined, '/docs/printer-installeren?lang=en')
      const body = expectHtml(res)
      expect(body).toContain('Was this helpful?')
      expect(body).toContain('To the app')
      expect(body).toContain('30 November 2026')
      expect(res.headers['cache-control']).toBe('private, no-store')
      const cookie = String(res.headers['set-cookie'])
      expect(cookie).toMatch(/^sladesk_docs_lang=en;/)
      expect(cookie).toMatch(/Max-Age=31536000/)
      expect(cookie).toMatch(/Path=\/docs/)
      expect(cookie).toMatch(/SameSite=Lax/)
      // The switch in the header leads back to Dutch, keeping the rest of the URL.
      expect(body).toContain('href="/docs/printer-installeren?lang=nl"')
      const search = expectHtml(await page(undefined, '/docs/search?q=printer&lang=en'))
      expect(search).toContain('href="/docs/search?q=printer&amp;lang=nl"')

      const remembered = expectHtml(await page(undefined, '/docs', { cookie: 'sladesk_docs_lang=en' }))
      expect(remembered).toContain('<html lang="en">')
      expect(remembered).toContain('Products')
      // The English reader gets the English document of a translation group on the home page.
      expect(remembered).toContain('href="/docs/installing-a-printer"')
      expect(expectHtml(await page(portalEn, '/docs'))).toContain('To the app')
      expect(expectHtml(await page(portalA, '/docs'))).toContain('Naar de app')
      expect(
        expectHtml(await page(undefined, '/docs', { cookie: `${portalEn.cookie}; sladesk_docs_lang=nl` })),
      ).toContain('Naar de app')
    })

    it('serves site.css and site.js with their content types, cached by version', async () => {
      const home = (await page(undefined, '/docs')).body
      const css = /href="(\/docs\/assets\/site\.css\?v=\w+)"/.exec(home)![1]!
      const js = /src="(\/docs\/assets\/site\.js\?v=\w+)"/.exec(home)![1]!
      const cssRes = await page(undefined, css)
      expect(cssRes.statusCode).toBe(200)
      expect(cssRes.headers['content-type']).toBe('text/css; charset=utf-8')
      expect(cssRes.headers['cache-control']).toBe('public, max-age=31536000, immutable')
      expect(cssRes.body).toContain('.hljs-keyword')
      expect(cssRes.body).toContain('@media print')
      const jsRes = await page(undefined, js)
      expect(jsRes.statusCode).toBe(200)
      expect(jsRes.headers['content-type']).toBe('text/javascript; charset=utf-8')
      expect(jsRes.body).toContain('/api/docs?q=')
      expect((await page(undefined, '/docs/assets/site.js')).headers['cache-control']).toBe('public, max-age=300')
      expectHtml(await page(undefined, '/docs/assets/other.js'), 404)
    })
  })
}
