import { beforeAll, describe, expect, it } from 'vitest'
import { as, expectProblem, signIn, useApp, type Session } from '../../../test/support/app.js'
import { dialects } from '../../../test/support/databases.js'
import { make } from '../../../test/support/factories.js'
import type { Doc, DocDiff, DocPage, DocRevision, DocStats, DocSummary } from './schema.js'

const NOTE = `Een netwerkprinter installeer je via **Instellingen**.

## Stuurprogramma

Download het stuurprogramma van de fabrikant.

\`\`\`powershell
Add-Printer -Name "Kantoor" -DriverName "HP Universal"
\`\`\`

| Model | Poort |
| --- | --- |
| HP M404 | 9100 |
`

for (const dialect of dialects) {
  describe(`documentation portal API [${dialect}]`, () => {
    const ctx = useApp(dialect)
    let admin: Session
    let tech: Session
    let billing: Session
    let portalA: Session
    let portalB: Session
    let customerA: string
    let customerB: string
    const ids: Record<string, string> = {}

    const post = (session: Session, body: object) =>
      as(ctx.app, session)({ method: 'POST', url: '/api/docs', payload: body })
    async function write(session: Session, body: object): Promise<Doc> {
      const res = await post(session, body)
      expect(res.statusCode, res.body).toBe(201)
      return res.json<Doc>()
    }
    const get = (session: Session | undefined, url: string) => as(ctx.app, session)({ method: 'GET', url })
    const titles = (page: DocPage | { items: DocSummary[] }) => page.items.map((d) => d.title)

    beforeAll(async () => {
      ctx.clock.now = Date.UTC(2026, 10, 30, 9, 0, 0)
      const contactA = await make.user(ctx.db, { role: 'contact' })
      const contactB = await make.user(ctx.db, { role: 'contact' })
      customerA = contactA.customer_id!
      customerB = contactB.customer_id!
      admin = await signIn(ctx.app, (await make.user(ctx.db, { role: 'admin' })).email)
      tech = await signIn(ctx.app, (await make.user(ctx.db, { role: 'technician' })).email)
      billing = await signIn(ctx.app, (await make.user(ctx.db, { role: 'billing' })).email)
      portalA = await signIn(ctx.app, contactA.email)
      portalB = await signIn(ctx.app, contactB.email)

      const base = { kind: 'technical-note', language: 'nl', status: 'published' }
      ids.public = (await write(tech, { ...base, title: 'Printer installeren', body: NOTE, visibility: 'public' })).id
      ids.customers = (
        await write(tech, {
          ...base,
          title: 'VPN instellen op de laptop',
          body: 'Installeer de VPN-client en log in met je printeraccount.',
          visibility: 'customers',
        })
      ).id
      ids.specificA = (
        await write(tech, {
          ...base,
          kind: 'manual',
          title: 'Runbook netwerk klant A',
          body: 'De printers van klant A hangen aan switch 2.',
          visibility: 'specific',
          customerIds: [customerA],
        })
      ).id
      ids.internal = (
        await write(tech, {
          ...base,
          title: 'Interne notitie printerbeheer',
          body: 'Wachtwoorden staan in de kluis.',
          visibility: 'internal',
        })
      ).id
      ids.draft = (
        await write(tech, {
          ...base,
          status: 'draft',
          title: 'Concept printerhandleiding',
          body: 'Nog niet af.',
          visibility: 'public',
        })
      ).id
    })

    it('writes a document: 201 with id, slug, the rendered body and its first revision', async () => {
      const doc = await write(tech, {
        title: 'Back-up terugzetten',
        body: '# Terugzetten\n\nZie [de printer](doc:printer-installeren).',
        kind: 'example',
        language: 'nl',
        visibility: 'public',
        tags: ['backup', 'restic'],
      })
      expect(doc).toMatchObject({
        slug: 'back-up-terugzetten',
        status: 'draft',
        revision: 1,
        tags: ['backup', 'restic'],
      })
      expect(doc.html).toContain('href="/docs/printer-installeren"')
      const again = await write(tech, {
        title: 'Back-up terugzetten',
        body: 'x',
        kind: 'example',
        language: 'en',
        visibility: 'internal',
      })
      expect(again.slug).toBe('back-up-terugzetten-2')
      const printer = (await get(undefined, '/api/docs/printer-installeren')).json<Doc>()
      expect((await get(tech, `/api/docs/by-id/${printer.id}`)).json<Doc>().slug).toBe('printer-installeren')
      expectProblem(await get(portalB, `/api/docs/by-id/${ids.specificA}`), 404, 'doc_not_found')
      expectProblem(await get(undefined, `/api/docs/by-id/${printer.id}`), 401, 'unauthenticated')
      expect(printer.toc).toEqual([{ level: 2, id: 'stuurprogramma', text: 'Stuurprogramma' }])
      expect(printer.html).toContain('<table>')
      expect(printer.html).toContain('hljs')
    })

    it('refuses bad input with 4xx problems', async () => {
      expectProblem(
        await post(tech, { title: '', body: 'x', kind: 'manual', language: 'nl', visibility: 'public' }),
        400,
        'validation_failed',
      )
      expectProblem(
        await post(tech, { title: 'x', body: 'x', kind: 'manual', language: 'de', visibility: 'public' }),
        400,
        'validation_failed',
      )
      expectProblem(
        await post(tech, { title: 'x', body: 'x', kind: 'manual', language: 'nl', visibility: 'specific' }),
        400,
        'validation_failed',
      )
      expectProblem(
        await post(tech, { title: 'x', body: 'x', kind: 'poem', language: 'nl', visibility: 'public' }),
        400,
        'unknown_kind',
      )
      expectProblem(
        await post(tech, {
          title: 'x',
          body: 'x',
          kind: 'manual',
          language: 'nl',
          visibility: 'public',
          slug: 'suggest',
        }),
        400,
        'validation_failed',
      )
      expectProblem(
        await post(tech, {
          title: 'x',
          body: 'x',
          kind: 'manual',
          language: 'nl',
          visibility: 'public',
          slug: 'printer-installeren',
        }),
        409,
        'slug_taken',
      )
      expectProblem(
        await post(billing, { title: 'x', body: 'x', kind: 'manual', language: 'nl', visibility: 'public' }),
        403,
        'role_required',
      )
      expectProblem(
        await post(portalA, { title: 'x', body: 'x', kind: 'manual', language: 'nl', visibility: 'public' }),
        404,
        'not_found',
      )
      expectProblem(
        await ctx.app.inject({
          method: 'POST',
          url: '/api/docs',
          payload: { title: 'x', body: 'x', kind: 'manual', language: 'nl', visibility: 'public' },
        }),
        401,
        'unauthenticated',
      )
      expectProblem(await get(undefined, '/api/docs?limit=0'), 400, 'validation_failed')
      expectProblem(await get(undefined, '/api/docs?cursor=nope'), 400, 'invalid_cursor')
    })

    it('shows each reader exactly what it may read, in lists, searches, suggestions and documents', async () => {
      const all = ['public', 'customers', 'specificA', 'internal', 'draft'] as const
      const may: Record<string, { session: Session | undefined; sees: (typeof all)[number][] }> = {
        anonymous: { session: undefined, sees: ['public'] },
        contactA: { session: portalA, sees: ['public', 'customers', 'specificA'] },
        contactB: { session: portalB, sees: ['public', 'customers'] },
        staff: { session: tech, sees: [...all] },
      }
      for (const [who, { session, sees }] of Object.entries(may)) {
        const listed = (await get(session, '/api/docs?limit=100')).json<DocPage>().items.map((d) => d.id)
        const found = (await get(session, '/api/docs?q=printers&limit=100')).json<DocPage>().items.map((d) => d.id)
        const suggested = (await get(session, '/api/docs/suggest?q=printer')).json<{ items: DocSummary[] }>().items
        for (const key of all) {
          const visible = (sees as readonly string[]).includes(key)
          expect(listed.includes(ids[key]!), `${who} lists ${key}`).toBe(visible)
          const doc = (await get(tech, `/api/docs?limit=100`)).json<DocPage>().items.find((d) => d.id === ids[key])!
          const res = await get(session, `/api/docs/${doc.slug}`)
          expect(res.statusCode, `${who} opens ${key}`).toBe(visible ? 200 : 404)
          if (key !== 'draft' || who === 'staff') {
            // Every document here mentions printers: search finds exactly the visible ones.
            expect(found.includes(ids[key]!), `${who} finds ${key}`).toBe(visible)
          }
        }
        // Suggestions are published documents only, even for staff.
        expect(suggested.length).toBeLessThanOrEqual(5)
        expect(suggested.every((d) => d.status === 'published')).toBe(true)
        expect(suggested.every((d) => (sees as readonly string[]).some((k) => ids[k] === d.id))).toBe(true)
      }
      // Staff linking a document in a reply see what that customer's people may read.
      const readable = async (customerId: string) =>
        (await get(tech, `/api/docs?limit=100&readableBy=${customerId}`)).json<DocPage>().items.map((d) => d.id)
      expect(await readable(customerA)).toEqual(expect.arrayContaining([ids.public, ids.customers, ids.specificA]))
      expect(await readable(customerB)).not.toContain(ids.specificA)
      expect(await readable(customerB)).not.toContain(ids.internal)
      expect(await readable(customerB)).not.toContain(ids.draft)
      // For anyone else the parameter changes nothing.
      const asB = (await get(portalB, `/api/docs?limit=100&readableBy=${customerA}`)).json<DocPage>().items
      expect(asB.map((d) => d.id)).not.toContain(ids.specificA)
      // Staff see which customers a specific document is for; others do not.
      expect((await get(tech, '/api/docs/runbook-netwerk-klant-a')).json<Doc>().customerIds).toEqual([customerA])
      expect((await get(portalA, '/api/docs/runbook-netwerk-klant-a')).json<Doc>().customerIds).toEqual([])
    })

    it('finds a Dutch word in another inflection, ranks title matches first, and marks the words in a snippet', async () => {
      const page = (await get(undefined, '/api/docs?q=printers')).json<DocPage>()
      expect(titles(page)).toEqual(['Printer installeren'])
      const staff = (await get(tech, '/api/docs?q=printer&limit=100')).json<DocPage>()
      // "printer" in the title ranks above "printers" only in the body.
      expect(titles(staff).indexOf('Printer installeren')).toBeLessThan(
        titles(staff).indexOf('Runbook netwerk klant A'),
      )
      const runbook = staff.items.find((d) => d.title === 'Runbook netwerk klant A')!
      expect(runbook.snippet).toContain('<mark>printers</mark>')
      // As you type: the last word is a prefix.
      expect(titles((await get(undefined, '/api/docs?q=stuurprog')).json<DocPage>())).toEqual(['Printer installeren'])
      // One letter wrong still finds it.
      expect(titles((await get(undefined, '/api/docs?q=stuurprogrmma')).json<DocPage>())).toEqual([
        'Printer installeren',
      ])
      expect(titles((await get(undefined, '/api/docs?q=prniter')).json<DocPage>())).toEqual(['Printer installeren'])
      // Suggestions take a ticket title as people write it: any meaningful word will do, the best match first.
      const suggest = async (session: Session | undefined, q: string) =>
        titles((await get(session, `/api/docs/suggest?q=${encodeURIComponent(q)}`)).json<{ items: DocSummary[] }>())
      expect((await suggest(portalB, 'De printer werkt niet meer'))[0]).toBe('Printer installeren')
      expect(await suggest(portalB, 'De printer werkt niet meer')).not.toContain('Runbook netwerk klant A')
      expect(await suggest(portalA, 'Stuurprogramma voor de printers')).toEqual(
        expect.arrayContaining(['Printer installeren', 'Runbook netwerk klant A']),
      )
      expect(await suggest(portalA, 'het werkt niet')).toEqual([])
      // Markup is not searchable text, and odd queries are no errors.
      expect((await get(undefined, '/api/docs?q=%22%27%20OR%201%3D1%20--%20*')).statusCode).toBe(200)
      expect((await get(undefined, '/api/docs?q=NEAR(a%20b)')).statusCode).toBe(200)
    })

    it('pages through search results and lists without repeating or losing one', async () => {
      for (let i = 0; i < 7; i++) {
        await write(tech, {
          title: `Switch configureren deel ${i + 1}`,
          body: `Configureer de switch ${'switch '.repeat(i)}volgens het schema.`,
          kind: 'manual',
          language: 'nl',
          visibility: 'public',
          status: 'published',
        })
      }
      for (const url of ['/api/docs?q=switch&limit=3', '/api/docs?limit=3']) {
        const seen: string[] = []
        let cursor: string | null = null
        do {
          const res = await get(tech, `${url}${cursor ? `&cursor=${cursor}` : ''}`)
          expect(res.statusCode, res.body).toBe(200)
          const page: DocPage = res.json<DocPage>()
          seen.push(...page.items.map((d) => d.id))
          cursor = page.nextCursor
        } while (cursor)
        expect(new Set(seen).size).toBe(seen.length)
        if (url.includes('q=')) {
          expect(seen.length).toBe(8) // the seven parts and the runbook's "switch 2"
        }
      }
    })

    it('keeps every save as a revision, shows the difference, restores an old one, and refuses a stale save', async () => {
      const doc = await write(tech, {
        title: 'Wachtwoord wijzigen',
        body: 'Druk op Ctrl+Alt+Del.\n',
        kind: 'manual',
        language: 'nl',
        visibility: 'customers',
        status: 'published',
      })
      const patch = (body: object) => as(ctx.app, admin)({ method: 'PATCH', url: `/api/docs/${doc.id}`, payload: body })
      let res = await patch({ body: 'Druk op Ctrl+Alt+Del en kies Wachtwoord wijzigen.\n', baseRevision: 1 })
      expect(res.statusCode, res.body).toBe(200)
      expect(res.json<Doc>().revision).toBe(2)
      expectProblem(await patch({ title: 'Oud', baseRevision: 1 }), 409, 'doc_changed')
      expectProblem(await patch({}), 400, 'validation_failed')
      expectProblem(await patch({ visibility: 'specific' }), 400, 'customers_required')

      const revisions = (await get(tech, `/api/docs/${doc.id}/revisions`)).json<{ items: DocRevision[] }>().items
      expect(revisions.map((r) => r.revision)).toEqual([2, 1])
      const diff = (await get(tech, `/api/docs/${doc.id}/diff?from=1&to=2`)).json<DocDiff>()
      expect(diff).toMatchObject({ added: 1, removed: 1 })
      expect(diff.patch).toContain('-Druk op Ctrl+Alt+Del.')
      expect(diff.patch).toContain('+Druk op Ctrl+Alt+Del en kies Wachtwoord wijzigen.')

      res = await as(ctx.app, tech)({ method: 'POST', url: `/api/docs/${doc.id}/revisions/1/restore` })
      expect(res.statusCode, res.body).toBe(200)
      expect(res.json<Doc>()).toMatchObject({ revision: 3, body: 'Druk op Ctrl+Alt+Del.\n' })
      expectProblem(await get(tech, `/api/docs/${doc.id}/revisions/9`), 404, 'revision_not_found')
      // Revisions are staff business.
      expectProblem(await get(portalA, `/api/docs/${doc.id}/revisions`), 404, 'not_found')
      expectProblem(await get(undefined, `/api/docs/${doc.id}/revisions`), 401, 'unauthenticated')
      // The search index follows the restored text.
      expect(titles((await get(portalA, '/api/docs?q=kies')).json<DocPage>())).not.toContain('Wachtwoord wijzigen')
    })

    it('links translations, and lists documents overdue for review', async () => {
      const en = await write(tech, {
        title: 'Installing a printer',
        body: 'Install the driver.',
        kind: 'technical-note',
        language: 'en',
        visibility: 'public',
        status: 'published',
        translationOf: ids.public,
        reviewedOn: '2025-06-01',
      })
      expect(en.reviewDue).toBe('2026-06-01')
      const nl = (await get(undefined, '/api/docs/printer-installeren')).json<Doc>()
      expect(nl.translations).toEqual([{ id: en.id, slug: en.slug, language: 'en', title: 'Installing a printer' }])
      expect(titles((await get(undefined, '/api/docs?language=en')).json<DocPage>())).toEqual(['Installing a printer'])
      const due = (await get(tech, '/api/docs/review-due')).json<{ items: DocSummary[] }>().items
      expect(titles({ items: due })).toEqual(['Installing a printer'])
      expectProblem(await get(portalA, '/api/docs/review-due'), 404, 'not_found')
    })

    it("serves a document's files and takes feedback only from those who may read it", async () => {
      // A 1×1 PNG.
      const png = Buffer.from(
        'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
        'base64',
      )
      const upload = (session: Session | undefined, docId: string, filename: string, body: Buffer) =>
        as(
          ctx.app,
          session,
        )({
          method: 'POST',
          url: `/api/docs/${docId}/attachments?filename=${encodeURIComponent(filename)}`,
          payload: body,
          headers: { 'content-type': 'image/png' },
        })
      for (const key of ['specificA', 'internal', 'public']) {
        const res = await upload(tech, ids[key]!, 'schema.png', png)
        expect(res.statusCode, res.body).toBe(201)
      }
      expectProblem(await upload(portalA, ids.specificA!, 'x.png', png), 404, 'not_found')
      expectProblem(await upload(tech, ids.public!, 'x.png', Buffer.alloc(0)), 400, 'empty_upload')
      expectProblem(await upload(tech, ids.public!, '../x.png', png), 400, 'invalid_filename')
      // A JSON or HTML file is a file, not a request body, and goes back as a download, never shown in the page.
      for (const [name, type, body] of [
        ['instellingen.json', 'application/json', '{"printer": "HP M404"}'],
        ['pagina.html', 'text/html; charset=utf-8', '<script>alert(1)</script>'],
      ] as const) {
        const res = await as(
          ctx.app,
          tech,
        )({
          method: 'POST',
          url: `/api/docs/${ids.public}/attachments?filename=${name}`,
          payload: body,
          headers: { 'content-type': type },
        })
        expect(res.statusCode, res.body).toBe(201)
        const back = await get(undefined, `/api/docs/${ids.public}/attachments/${name}`)
        expect(back.body).toBe(body)
        expect(back.headers['content-type']).toBe('application/octet-stream')
        expect(back.headers['content-disposition']).toMatch(/^attachment;/)
        expect(back.headers['content-security-policy']).toContain('sandbox')
      }
      const file = (session: Session | undefined, key: string) =>
        get(session, `/api/docs/${ids[key]}/attachments/schema.png`)
      const ok = await file(undefined, 'public')
      expect(ok.statusCode).toBe(200)
      expect(ok.headers['content-type']).toBe('image/png')
      expect(ok.rawPayload.equals(png)).toBe(true)
      expect((await file(portalA, 'specificA')).statusCode).toBe(200)
      expectProblem(await file(portalB, 'specificA'), 404, 'doc_not_found')
      expectProblem(await file(undefined, 'specificA'), 404, 'doc_not_found')
      expectProblem(await file(portalA, 'internal'), 404, 'doc_not_found')
      expect((await file(tech, 'internal')).statusCode).toBe(200)
      expectProblem(await get(undefined, `/api/docs/${ids.public}/attachments/none.png`), 404, 'attachment_not_found')
      expect((await get(undefined, '/api/docs/printer-installeren')).json<Doc>().attachments).toEqual([
        expect.objectContaining({ name: 'instellingen.json', contentType: 'application/json' }),
        expect.objectContaining({ name: 'pagina.html', contentType: 'text/html' }),
        expect.objectContaining({ name: 'schema.png', contentType: 'image/png', size: png.length }),
      ])

      // The PDF draws the attached image in, for whoever may read the document, and for nobody else.
      const pdf = await get(undefined, '/api/docs/printer-installeren/pdf')
      expect(pdf.statusCode).toBe(200)
      expect(pdf.headers['content-type']).toBe('application/pdf')
      expect(pdf.headers['content-disposition']).toContain('printer-installeren.pdf')
      expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-')
      expect((await get(portalA, '/api/docs/runbook-netwerk-klant-a/pdf')).statusCode).toBe(200)
      expectProblem(await get(portalB, '/api/docs/runbook-netwerk-klant-a/pdf'), 404, 'doc_not_found')
      expectProblem(await get(undefined, '/api/docs/runbook-netwerk-klant-a/pdf'), 404, 'doc_not_found')

      const feedback = (session: Session | undefined, key: string, helpful: boolean) =>
        as(ctx.app, session)({ method: 'POST', url: `/api/docs/${ids[key]}/feedback`, payload: { helpful } })
      expect((await feedback(undefined, 'public', true)).json()).toEqual({ yes: 1, no: 0 })
      expect((await feedback(portalA, 'public', false)).json()).toEqual({ yes: 1, no: 1 })
      expect((await feedback(portalA, 'specificA', true)).statusCode).toBe(200)
      expectProblem(await feedback(portalB, 'specificA', true), 404, 'doc_not_found')
      expectProblem(await feedback(undefined, 'draft', true), 404, 'doc_not_found')
      expectProblem(
        await ctx.app.inject({ method: 'POST', url: `/api/docs/${ids.public}/feedback`, payload: { helpful: 'ja' } }),
        400,
        'validation_failed',
      )
    })

    it('counts a suggestion opened without a ticket after it as deflected, and links documents to tickets', async () => {
      const ticket = async (session: Session, title: string) => {
        const res = await as(
          ctx.app,
          session,
        )({
          method: 'POST',
          url: '/api/tickets',
          payload: { title, description: 'Hij print niet.', type: 'question' },
        })
        expect(res.statusCode, res.body).toBe(201)
        return res.json<{ id: string }>().id
      }
      const opened = (session: Session | undefined, key: string) =>
        as(ctx.app, session)({ method: 'POST', url: `/api/docs/${ids[key]}/opened`, payload: { query: 'printer' } })
      const stats = async () => (await get(tech, '/api/docs/stats')).json<DocStats>()
      expect((await stats()).suggestions).toEqual({ opened: 0, deflected: 0, filed: 0, pending: 0 })

      // A opens the note and files nothing; B opens it and files a ticket ten minutes later.
      expect((await opened(portalA, 'public')).statusCode).toBe(204)
      expect((await opened(portalB, 'public')).statusCode).toBe(204)
      expectProblem(await opened(portalB, 'specificA'), 404, 'doc_not_found')
      expectProblem(await opened(undefined, 'public'), 401, 'unauthenticated')
      expect((await stats()).suggestions).toEqual({ opened: 2, deflected: 0, filed: 0, pending: 2 })
      ctx.clock.now += 10 * 60_000
      const ticketB = await ticket(portalB, 'Printer doet het niet')
      ctx.clock.now += 31 * 60_000
      const after = await stats()
      expect(after.suggestions).toEqual({ opened: 2, deflected: 1, filed: 1, pending: 0 })
      expect(after.topDeflecting).toEqual([
        { id: ids.public, slug: 'printer-installeren', title: 'Printer installeren', deflected: 1 },
      ])
      expect(after.documents.published).toBeGreaterThan(0)
      expectProblem(await get(portalA, '/api/docs/stats'), 404, 'not_found')

      // Staff link documents to B's ticket; B sees the ones it may read, A sees nothing of B's ticket.
      const link = (key: string) =>
        as(ctx.app, tech)({ method: 'POST', url: `/api/tickets/${ticketB}/docs`, payload: { docId: ids[key] } })
      expect((await link('public')).statusCode).toBe(200)
      expect((await link('public')).json<{ items: unknown[] }>().items).toHaveLength(1)
      expect((await link('internal')).json<{ items: unknown[] }>().items).toHaveLength(2)
      const seenByB = (await get(portalB, `/api/tickets/${ticketB}/docs`)).json<{ items: { docId: string }[] }>()
      expect(seenByB.items.map((d) => d.docId)).toEqual([ids.public])
      expectProblem(await get(portalA, `/api/tickets/${ticketB}/docs`), 404, 'ticket_not_found')
      expectProblem(
        await as(
          ctx.app,
          portalB,
        )({ method: 'POST', url: `/api/tickets/${ticketB}/docs`, payload: { docId: ids.public } }),
        404,
        'not_found',
      )
      const unlink = await as(ctx.app, tech)({ method: 'DELETE', url: `/api/tickets/${ticketB}/docs/${ids.internal}` })
      expect(unlink.statusCode).toBe(204)
      expectProblem(
        await as(ctx.app, tech)({ method: 'DELETE', url: `/api/tickets/${ticketB}/docs/${ids.internal}` }),
        404,
        'ticket_doc_not_found',
      )

      // The editor's preview renders what a save would show.
      const preview = await as(
        ctx.app,
        tech,
      )({ method: 'POST', url: '/api/docs/preview', payload: { body: '## Kop\n\n<script>x</script>Tekst' } })
      expect(preview.json()).toEqual({
        html: expect.stringContaining('<h2 id="kop">Kop</h2>'),
        toc: [{ level: 2, id: 'kop', text: 'Kop' }],
      })
      expect(preview.json<{ html: string }>().html).not.toContain('<script')
      expectProblem(
        await as(ctx.app, portalA)({ method: 'POST', url: '/api/docs/preview', payload: { body: 'x' } }),
        404,
        'not_found',
      )
    })

    it('lets an admin add a kind of document and staff add products to file documents under', async () => {
      const kind = await as(
        ctx.app,
        admin,
      )({
        method: 'POST',
        url: '/api/docs/kinds',
        payload: { key: 'faq', nameNl: 'Veelgestelde vraag', nameEn: 'FAQ' },
      })
      expect(kind.statusCode, kind.body).toBe(201)
      expectProblem(
        await as(
          ctx.app,
          admin,
        )({
          method: 'POST',
          url: '/api/docs/kinds',
          payload: { key: 'faq', nameNl: 'Nog eens', nameEn: 'Again' },
        }),
        409,
        'kind_exists',
      )
      expectProblem(
        await as(
          ctx.app,
          tech,
        )({ method: 'POST', url: '/api/docs/kinds', payload: { key: 'x-y', nameNl: 'a', nameEn: 'b' } }),
        403,
        'role_required',
      )
      const product = await as(
        ctx.app,
        tech,
      )({ method: 'POST', url: '/api/products', payload: { name: 'Veeam Backup', vendor: 'Veeam' } })
      expect(product.statusCode, product.body).toBe(201)
      const productId = product.json<{ id: string }>().id
      expectProblem(
        await as(ctx.app, tech)({ method: 'POST', url: '/api/products', payload: { name: 'veeam backup' } }),
        409,
        'product_exists',
      )
      const doc = await write(tech, {
        title: 'Veeam FAQ',
        body: 'Vragen.',
        kind: 'faq',
        language: 'nl',
        visibility: 'public',
        status: 'published',
        productId,
      })
      expect(doc).toMatchObject({ kind: 'faq', productId, productName: 'Veeam Backup' })
      expect(titles((await get(undefined, `/api/docs?productId=${productId}`)).json<DocPage>())).toEqual(['Veeam FAQ'])
      expect(
        (await get(undefined, '/api/docs/kinds')).json<{ items: { key: string }[] }>().items.map((k) => k.key),
      ).toEqual(['manual', 'technical-note', 'example', 'faq'])
      expect(customerB).toBeTruthy()
    })
  })
}
