import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { expect, test } from '@playwright/test'
import type { Contact, Customer } from '../../src/modules/customers/schema.js'
import type { DocStats } from '../../src/modules/docs/schema.js'
import { apiGet, apiSend, apiSignIn, loadAdmin, portalInviteLink, screenshot } from './journey.js'

// Every run gets its own names: the journey never meets what an earlier run (or a restarted worker) left behind.
const run = Date.now().toString(36).slice(-5)
const title = `Netwerkprinter aansluiten op de kantoorswitch ${run}`
const customerName = `Fysiotherapie Het Anker ${run}`
const contact = { name: 'Sanne de Vries', email: `sanne.${run}@hetanker.nl`, password: `anker-portaal-${run}` }

/** A 16×16 PNG drawn by the browser itself: a real image, no binary fixture. */
async function pngOf(page: import('@playwright/test').Page): Promise<Buffer> {
  const dataUrl = await page.evaluate(() => {
    const canvas = document.createElement('canvas')
    canvas.width = 16
    canvas.height = 16
    const g = canvas.getContext('2d')!
    g.fillStyle = '#4c6ef5'
    g.fillRect(0, 0, 16, 16)
    g.fillStyle = '#ffffff'
    g.fillRect(4, 4, 8, 8)
    return canvas.toDataURL('image/png')
  })
  return Buffer.from(dataUrl.split(',')[1]!, 'base64')
}

test('staff publish a technical note with an image; a visitor finds it in another inflection, reads it and downloads the PDF; a portal user is offered it while writing a ticket', async ({
  browser,
  playwright,
  baseURL,
}) => {
  const staff = await playwright.request.newContext({ baseURL })
  const csrf = await apiSignIn(staff, loadAdmin())
  const desk = await (await browser.newContext({ storageState: await staff.storageState() })).newPage()

  const docPath =
    await test.step('a technician writes the note, adds a picture of the network and publishes it', async () => {
      await desk.goto('/documents/new')
      await desk.getByLabel('Titel').fill(title)
      await desk.getByRole('combobox', { name: 'Soort' }).click()
      await desk.getByRole('option', { name: 'Technische notitie' }).click()
      await desk.getByRole('combobox', { name: 'Zichtbaarheid' }).click()
      await desk.getByRole('option', { name: 'Openbaar' }).click()
      await desk
        .getByLabel('Inhoud (Markdown)')
        .fill(
          [
            'Een netwerkprinter sluit je aan op een vrije poort van de kantoorswitch.',
            '',
            '## Aansluiten',
            '',
            '1. Sluit de kabel aan.',
            '2. Geef de printer een vast adres.',
            '',
            '![Schema van het netwerk](attachment:schema.png)',
          ].join('\n'),
        )
      await expect(desk.getByRole('heading', { name: 'Aansluiten' })).toBeVisible() // the live preview
      await desk.getByRole('button', { name: 'Opslaan' }).click()
      await expect(desk).toHaveURL(/\/documents\/[0-9a-f-]{36}$/)
      const id = /\/documents\/([0-9a-f-]{36})$/.exec(desk.url())![1]!

      await desk
        .locator('input[type=file]')
        .setInputFiles({ name: 'schema.png', mimeType: 'image/png', buffer: await pngOf(desk) })
      await expect(desk.getByText('schema.png').first()).toBeVisible()
      await desk.getByRole('combobox', { name: 'Status' }).click()
      await desk.getByRole('option', { name: 'Gepubliceerd' }).click()
      await desk.getByRole('button', { name: 'Opslaan' }).click()
      await expect(desk.getByText('Opgeslagen als versie 2.')).toBeVisible()
      await screenshot(desk, '60-docs-editor')
      const doc = await apiGet<{ slug: string; status: string; attachments: { name: string }[] }>(
        staff,
        `/api/docs/by-id/${id}`,
      )
      expect(doc).toMatchObject({ status: 'published', attachments: [{ name: 'schema.png' }] })
      return `/docs/${doc.slug}`
    })

  await test.step('a visitor without an account searches "netwerkprinters" and finds the note', async () => {
    const visitor = await (await browser.newContext()).newPage()
    await visitor.goto('/docs')
    const box = visitor.getByLabel('Zoek in de documentatie').first()
    // Results come as you type (site.js); Enter still submits the form for the full list.
    await box.pressSequentially('netwerkprin', { delay: 40 })
    await expect(visitor.getByRole('listbox').getByRole('option', { name: new RegExp(title) })).toBeVisible()
    await box.fill('netwerkprinters')
    await box.press('Enter')
    await expect(visitor).toHaveURL(/\/docs\/search\?q=netwerkprinters/)
    const hit = visitor.getByRole('link', { name: title })
    await expect(hit).toBeVisible()
    await expect(visitor.locator('mark').first()).toHaveText(/netwerkprinter/i)
    await screenshot(visitor, '61-docs-search')
    await hit.click()
    await expect(visitor).toHaveURL(new RegExp(`${docPath}$`))
    await expect(visitor.getByRole('heading', { name: title, level: 1 })).toBeVisible()
    const image = visitor.getByRole('img', { name: 'Schema van het netwerk' })
    await expect(image).toBeVisible()
    expect(await image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(16)
    await screenshot(visitor, '62-docs-page')

    const download = visitor.waitForEvent('download')
    await visitor.getByRole('link', { name: /PDF/ }).click()
    const file = await (await download).path()
    const pdf = readFileSync(file)
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' })
    expect(text).toContain('Aansluiten')
    expect(text).toContain('kantoorswitch')
    await visitor.context().close()
  })

  await test.step('a key contact writing a ticket about the printer is offered the note, and opens it', async () => {
    const customer = await apiSend<Customer>(staff, csrf, 'POST', '/api/customers', { name: customerName })
    const keyContact = await apiSend<Contact>(staff, csrf, 'POST', `/api/customers/${customer.id}/contacts`, {
      name: contact.name,
      email: contact.email,
      keyContact: true,
    })
    const link = await portalInviteLink(staff, csrf, keyContact.id, contact.email)
    const portal = await (await browser.newContext()).newPage()
    await portal.goto(link)
    await portal.getByLabel('Wachtwoord').fill(contact.password)
    await portal.getByRole('button', { name: 'Account activeren' }).click()
    await expect(portal).toHaveURL(new RegExp(`/customers/${customer.id}$`))

    await portal.goto('/tickets/new')
    await portal.getByLabel('Korte omschrijving').fill('De netwerkprinter op kantoor doet het niet')
    const suggestions = portal.getByRole('list', { name: 'Voorgestelde documenten' })
    await expect(suggestions.getByRole('link', { name: new RegExp(title) })).toBeVisible()
    await screenshot(portal, '63-docs-suggested')
    const popup = portal.waitForEvent('popup')
    await suggestions.getByRole('link', { name: new RegExp(title) }).click()
    const opened = await popup
    await expect(opened.getByRole('heading', { name: title, level: 1 })).toBeVisible()
    await expect
      .poll(async () => (await apiGet<DocStats>(staff, '/api/docs/stats')).suggestions.opened)
      .toBeGreaterThanOrEqual(1)
    await opened.close()

    await test.step('she files the ticket anyway; the technician answers with a link to the note', async () => {
      await portal.getByRole('radio', { name: /Storing/ }).click()
      await portal.getByLabel('Wat is er aan de hand?').fill('Hij staat aan, maar niemand kan afdrukken.')
      await portal.getByRole('button', { name: 'Melding versturen' }).click()
      await expect(portal).toHaveURL(/\/tickets\/[0-9a-f-]{36}$/)
      const ticketUrl = new URL(portal.url()).pathname

      await desk.goto(ticketUrl)
      const reply = desk.getByRole('textbox', { name: 'Antwoord aan de klant' })
      await reply.fill('Deze notitie beschrijft het aansluiten: ')
      await desk.getByRole('button', { name: 'Link naar document' }).click()
      await desk.getByLabel('Document zoeken').first().fill('kantoorswitch')
      await desk.getByRole('option', { name: new RegExp(title) }).click()
      await expect(reply).toHaveValue(`Deze notitie beschrijft het aansluiten: ${title}: ${baseURL}${docPath}`)
      await expect(
        desk.getByRole('list', { name: 'Gekoppelde documenten' }).getByRole('link', { name: new RegExp(title) }),
      ).toBeVisible()
      await desk.getByRole('button', { name: 'Antwoord versturen' }).click()
      await expect(desk.getByText('Uw antwoord is verstuurd.')).toBeVisible()
      await screenshot(desk, '64-docs-linked-in-reply')

      await portal.reload()
      await expect(
        portal.getByRole('list', { name: 'Gekoppelde documenten' }).getByRole('link', { name: new RegExp(title) }),
      ).toBeVisible()
      await expect(portal.getByRole('link', { name: title }).first()).toBeVisible()
    })
    await portal.context().close()
  })

  await staff.dispose()
})
