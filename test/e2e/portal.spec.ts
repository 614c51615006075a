import { expect, test } from '@playwright/test'
import type { Contact, Customer } from '../../src/modules/customers/schema.js'
import { apiGet, apiSend, apiSignIn, loadAdmin, screenshot } from './journey.js'

interface OutboxItem {
  id: string
  to: string
  kind: string
}

const a = { customer: 'Tandartspraktijk Zonnehof', contact: { name: 'Ilse Bakker', email: 'ilse@zonnehof.nl' } }
const b = { customer: 'Advocatenkantoor De Linde', contact: { name: 'Joris Mulder', email: 'joris@delinde.nl' } }

test('a key contact accepts the invitation and sees only its own organisation in the portal', async ({
  page,
  browser,
  playwright,
  baseURL,
}) => {
  // The technician's side, through the API with the admin the setup journey created.
  const staff = await playwright.request.newContext({ baseURL })
  const csrf = await apiSignIn(staff, loadAdmin())
  const made: Record<'a' | 'b', { customer: Customer; contact: Contact }> = {} as never
  for (const [key, data] of Object.entries({ a, b }) as ['a' | 'b', typeof a][]) {
    const customer = await apiSend<Customer>(staff, csrf, 'POST', '/api/customers', { name: data.customer })
    const contact = await apiSend<Contact>(staff, csrf, 'POST', `/api/customers/${customer.id}/contacts`, {
      ...data.contact,
      keyContact: true,
    })
    expect(contact.keyContact).toBe(true)
    made[key] = { customer, contact }
  }

  const inviteLink =
    await test.step('the technician invites A’s key contact; the mail waits in the outbox', async () => {
      const invited = await apiSend<Contact>(staff, csrf, 'POST', `/api/contacts/${made.a.contact.id}/invite`, {}, 200)
      expect(invited.portal).toBe('invited')
      const outbox = await apiGet<{ items: OutboxItem[] }>(staff, '/api/outbox')
      const mail = outbox.items.find((m) => m.to.includes(a.contact.email))
      expect(mail, JSON.stringify(outbox.items)).toBeDefined()
      const detail = await apiGet<{ bodyText: string }>(staff, `/api/outbox/${mail!.id}`)
      const token = /\/invite\/([\w-]+)/.exec(detail.bodyText)?.[1]
      expect(token, detail.bodyText).toBeDefined()
      return `/invite/${token}`
    })

  await test.step('the outbox page shows the invitation to the technician', async () => {
    const staffBrowser = await browser.newContext({ storageState: await staff.storageState() })
    const staffPage = await staffBrowser.newPage()
    await staffPage.goto('/outbox')
    await expect(staffPage.getByText(a.contact.email).first()).toBeVisible()
    await screenshot(staffPage, '06-outbox')
    await staffPage.goto('/audit')
    await expect(staffPage.getByRole('navigation').getByRole('link', { name: 'Auditlog' })).toBeVisible()
    await screenshot(staffPage, '05-audit-with-invitation')
    await staffBrowser.close()
  })

  await test.step('the contact opens the link in a fresh browser and chooses a password', async () => {
    await page.goto(inviteLink)
    await expect(page.getByText(a.contact.email).first()).toBeVisible()
    await screenshot(page, '09-invitation')
    await page.getByLabel('Wachtwoord').fill('zonnehof-portaal-2026')
    await page.getByRole('button', { name: 'Account activeren' }).click()
    await expect(page).toHaveURL(new RegExp(`/customers/${made.a.customer.id}$`))
  })

  await test.step('the portal shows the own organisation and none of the MSP’s pages', async () => {
    const nav = page.getByRole('navigation')
    await expect(nav.getByRole('link', { name: 'Mijn organisatie' })).toBeVisible()
    await expect(nav.getByRole('link', { name: 'Profiel' })).toBeVisible()
    for (const hidden of ['Klanten', 'Gebruikers', 'Auditlog', 'Instellingen']) {
      await expect(nav.getByRole('link', { name: hidden })).toHaveCount(0)
    }
    await expect(page.getByRole('heading', { name: a.customer })).toBeVisible()
    await expect(page.getByText(a.contact.name).first()).toBeVisible()
    await expect(page.getByText(b.customer)).toHaveCount(0)
    await screenshot(page, '10-portal')
  })

  await test.step('another customer’s page is not found, in the browser and in the API', async () => {
    await page.goto(`/customers/${made.b.customer.id}`)
    // Either the app's not-found page or an alert that says so; never a page of customer B.
    await expect(
      page
        .getByRole('heading', { name: /niet gevonden/i })
        .or(page.getByRole('alert').filter({ hasText: /niet gevonden|not found/i })),
    ).toBeVisible()
    await expect(page.getByText(b.customer)).toHaveCount(0)
    await expect(page.getByText(b.contact.name)).toHaveCount(0)
    await screenshot(page, '11-portal-other-customer')
    const res = await page.request.get(`/api/customers/${made.b.customer.id}`)
    expect(res.status()).toBe(404)
    expect(await res.text()).not.toContain(b.customer)
    const contacts = await page.request.get(`/api/customers/${made.b.customer.id}/contacts`)
    expect(contacts.status()).toBe(404)
    const list = await page.request.get('/api/customers')
    expect(list.status()).toBe(200)
    const names = ((await list.json()) as { items: Customer[] }).items.map((c) => c.name)
    expect(names).toEqual([a.customer])
  })

  await test.step('the MSP’s own pages are closed to the contact', async () => {
    await page.goto('/settings')
    await expect(page.getByText('Geen toegang', { exact: true })).toBeVisible()
    // To a contact the staff API answers 404, as if it did not exist: the contact learns nothing from it.
    for (const url of ['/api/audit', '/api/outbox', '/api/settings', '/api/users']) {
      const res = await page.request.get(url)
      expect(res.status(), url).toBe(404)
    }
  })

  await staff.dispose()
})
