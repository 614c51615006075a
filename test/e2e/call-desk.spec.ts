import { expect, test } from '@playwright/test'
import type { Contact, Customer } from '../../src/modules/customers/schema.js'
import type { Ticket } from '../../src/modules/tickets/schema.js'
import { apiGet, apiSend, apiSignIn, loadAdmin, screenshot } from './journey.js'

interface OutboxItem {
  id: string
  to: string
}

const customer = 'Huisartsenpraktijk De Vijverhof'
const keyContact = { name: 'Femke de Boer', email: 'femke@vijverhof.nl' }
const calamity = {
  title: 'Niemand kan het patiëntendossier openen',
  description: 'Sinds kwart over acht krijgt iedereen "server niet bereikbaar". De hele praktijk ligt stil.',
}

test('a key contact reports a calamity in the portal; the technician sees it on top of the queue and answers it in time, and the SLA report says so', async ({
  page,
  browser,
  playwright,
  baseURL,
}) => {
  // The MSP's side, through the API with the admin the setup journey created.
  const staff = await playwright.request.newContext({ baseURL })
  const csrf = await apiSignIn(staff, loadAdmin())
  const made = await apiSend<Customer>(staff, csrf, 'POST', '/api/customers', { name: customer })
  const contact = await apiSend<Contact>(staff, csrf, 'POST', `/api/customers/${made.id}/contacts`, {
    ...keyContact,
    keyContact: true,
  })
  // Something ordinary is already waiting in the queue; the calamity must still come first.
  await apiSend<Ticket>(staff, csrf, 'POST', '/api/tickets', {
    customerId: made.id,
    requesterContactId: contact.id,
    title: 'Nieuwe collega heeft een account nodig',
    description: 'Per 1 maart begint een nieuwe assistente.',
    type: 'service-request',
    impact: 'low',
    urgency: 'low',
  })

  await test.step('the key contact activates the portal account from the invitation', async () => {
    await apiSend<Contact>(staff, csrf, 'POST', `/api/contacts/${contact.id}/invite`, {}, 200)
    const outbox = await apiGet<{ items: OutboxItem[] }>(staff, '/api/outbox')
    const mail = outbox.items.find((m) => m.to.includes(keyContact.email))
    expect(mail, JSON.stringify(outbox.items)).toBeDefined()
    const detail = await apiGet<{ bodyText: string }>(staff, `/api/outbox/${mail!.id}`)
    const token = /\/invite\/([\w-]+)/.exec(detail.bodyText)?.[1]
    expect(token, detail.bodyText).toBeDefined()
    await page.goto(`/invite/${token}`)
    await page.getByLabel('Wachtwoord').fill('vijverhof-portaal-2026')
    await page.getByRole('button', { name: 'Account activeren' }).click()
    await expect(page.getByRole('navigation').getByRole('link', { name: 'Meldingen' })).toBeVisible()
  })

  const ticket = await test.step('reports a calamity: everything has stopped', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Meldingen' }).click()
    await expect(page.getByRole('heading', { name: `Meldingen van ${customer}` })).toBeVisible()
    await page.getByRole('link', { name: 'Melding maken' }).click()
    await page.getByRole('radio', { name: /Calamiteit/ }).click()
    await expect(page.getByText('Calamiteit: wij pakken dit direct op')).toBeVisible()
    await page.getByLabel('Korte omschrijving').fill(calamity.title)
    await page.getByLabel('Wat is er aan de hand?').fill(calamity.description)
    await screenshot(page, '20-portal-report-calamity')
    const created = page.waitForResponse((r) => r.url().endsWith('/api/tickets') && r.request().method() === 'POST')
    await page.getByRole('button', { name: 'Melding versturen' }).click()
    const response = await created
    expect(response.status()).toBe(201)
    const body = (await response.json()) as Ticket
    expect(body.priority).toBe('P1')
    await expect(page).toHaveURL(new RegExp(`/tickets/${body.id}$`))
    await expect(page.getByText(`Uw melding is ontvangen onder nummer ${body.number}`)).toBeVisible()
    await expect(page.getByText(/Eerste reactie\s*uiterlijk/)).toBeVisible()
    await screenshot(page, '21-portal-calamity')
    return body
  })

  const staffBrowser = await browser.newContext({ storageState: await staff.storageState() })
  const desk = await staffBrowser.newPage()

  await test.step('the technician finds it on top of "Bijna over tijd" with less than 4 hours to respond', async () => {
    await desk.goto('/tickets')
    await desk.getByRole('tab', { name: 'Bijna over tijd' }).click()
    const first = desk.getByRole('row').nth(1)
    await expect(first).toContainText(ticket.number)
    await expect(first).toContainText('P1 Calamiteit')
    await expect(first).toContainText(calamity.title)
    const countdown = (await first.textContent()) ?? ''
    const left = /nog (?:(\d+) u)?\s*(?:(\d+) min)?/.exec(countdown)
    expect(left, countdown).not.toBeNull()
    const minutesLeft = Number(left![1] ?? 0) * 60 + Number(left![2] ?? 0)
    expect(minutesLeft, countdown).toBeGreaterThan(3 * 60)
    expect(minutesLeft, countdown).toBeLessThan(4 * 60)
    await expect(desk.getByRole('row').nth(2)).toContainText('Nieuwe collega heeft een account nodig')
    await screenshot(desk, '22-desk-breaching-soon')
  })

  await test.step('opens it, answers with the r shortcut, and the first response is met', async () => {
    await desk.getByRole('link', { name: ticket.number }).click()
    await expect(desk.getByRole('heading', { name: calamity.title })).toBeVisible()
    const firstResponse = desk.getByRole('group', { name: 'Reactietijd' })
    await expect(firstResponse).toContainText(/nog \d+ u/)
    await desk.getByRole('heading', { name: calamity.title }).click()
    await desk.keyboard.press('r')
    const reply = desk.getByRole('textbox', { name: 'Antwoord aan de klant' })
    await expect(reply).toBeFocused()
    await reply.fill('Goedemorgen Femke, wij zien het: de databaseserver is uitgevallen. Een collega is onderweg.')
    await desk.getByRole('button', { name: 'Antwoord versturen' }).click()
    await expect(desk.getByText('Uw antwoord is verstuurd.')).toBeVisible()
    await expect(firstResponse).toContainText('Gehaald')
    await screenshot(desk, '23-desk-calamity-answered')
    const after = await apiGet<Ticket>(staff, `/api/tickets/${ticket.id}`)
    expect(after.sla.firstResponse.state).toBe('met')
    expect(after.firstResponseAt).not.toBeNull()
  })

  await test.step('the key contact sees the answer and when it came', async () => {
    await page.reload()
    await expect(page.getByText('de databaseserver is uitgevallen')).toBeVisible()
    await expect(page.getByText(/gereageerd op/)).toBeVisible()
    await screenshot(page, '24-portal-calamity-answered')
  })

  await test.step('the key contact opens the SLA report of this month: the calamity was answered in time', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'SLA-rapportage' }).click()
    await expect(page.getByRole('heading', { name: 'SLA-rapportage' })).toBeVisible()
    // The report opens on the last complete month; the calamity is in this one.
    const month = new Intl.DateTimeFormat('nl-NL', {
      month: 'long',
      year: 'numeric',
      timeZone: 'Europe/Amsterdam',
    }).format(Date.now())
    await page.getByRole('combobox', { name: 'Maand' }).click()
    await page.getByRole('option', { name: `${month} (deze maand)` }).click()
    await expect(
      page.getByRole('heading', { name: `In ${month} is tot nu toe 100% van de eerste reacties op tijd gegeven.` }),
    ).toBeVisible()
    const calamities = page.getByRole('row', { name: /P1 Calamiteit/ })
    await expect(calamities).toContainText('1 van 1 (100%)')
    await expect(page.getByText('Geen overschrijdingen in deze maand.')).toBeVisible()
    await screenshot(page, '25-portal-sla-report')
  })

  await staffBrowser.close()
  await staff.dispose()
})
