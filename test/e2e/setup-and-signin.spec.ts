import { expect, test, type Page } from '@playwright/test'
import { freshCode, saveAdmin, screenshot } from './journey.js'
import { serverState } from './server.js'
import type { AdminAccount } from './server.js'

const admin: Omit<AdminAccount, 'totpSecret' | 'totpLastStep'> = {
  name: 'Anna de Vries',
  email: 'anna@helpdesknoord.nl',
  password: 'correct horse battery staple',
}
const company = 'Helpdesk Noord B.V.'
const customer = 'Bakkerij Van Dam'
const contact = { name: 'Piet van Dam', email: 'piet@bakkerijvandam.nl' }

const nav = (page: Page) => page.getByRole('navigation')

test('an MSP installs sladesk, turns on two-factor sign-in, adds a customer with its key contact, and switches language', async ({
  page,
}) => {
  let totpSecret = ''
  let totpLastStep: number | null = null

  await test.step('first-run setup from the link on the console lands signed in', async () => {
    await page.goto(serverState().setupLink)
    await page.getByLabel('Naam bedrijf').fill(company)
    await page.getByLabel('Uw naam').fill(admin.name)
    await page.getByRole('textbox', { name: 'E-mailadres', exact: true }).fill(admin.email)
    await page.getByLabel('Wachtwoord').fill(admin.password)
    await screenshot(page, '01-setup')
    await page.getByRole('button', { name: 'Installatie voltooien' }).click()
    await expect(nav(page).getByRole('link', { name: 'Klanten' })).toBeVisible()
    await expect(page.getByRole('button', { name: 'Uitloggen' })).toBeVisible()
    await expect(page.getByText(admin.name).first()).toBeVisible()
  })

  await test.step('turns on two-factor sign-in in the profile', async () => {
    await nav(page).getByRole('link', { name: 'Profiel' }).click()
    const setupResponse = page.waitForResponse(
      (r) => r.url().endsWith('/api/me/totp/setup') && r.request().method() === 'POST',
    )
    await page.getByRole('button', { name: 'Tweestapsverificatie instellen' }).click()
    const res = await setupResponse
    expect(res.status()).toBe(200)
    totpSecret = ((await res.json()) as { secret: string }).secret
    expect(totpSecret).toMatch(/^[A-Z2-7]{16,}$/)
    // The secret is also on the page, for an authenticator app that cannot scan the QR code.
    await expect(page.getByText(totpSecret, { exact: false }).first()).toBeVisible()
    await screenshot(page, '04-profile-totp-enrolment')
    const enrolment = await freshCode(totpSecret, null)
    await page.getByLabel('Verificatiecode').fill(enrolment.code)
    const enabled = page.waitForResponse((r) => r.url().endsWith('/api/me/totp/enable'))
    await page.getByRole('button', { name: 'Activeren' }).click()
    expect((await enabled).status()).toBe(200)
    await expect(page.getByLabel('Verificatiecode')).toHaveCount(0)
    await expect(page.getByRole('button', { name: 'Tweestapsverificatie instellen' })).toHaveCount(0)
    totpLastStep = enrolment.step
    saveAdmin({ ...admin, totpSecret, totpLastStep })
    await screenshot(page, '04-profile')
  })

  await test.step('signs out, and in again with password and verification code', async () => {
    await page.getByRole('button', { name: 'Uitloggen' }).click()
    await expect(page).toHaveURL(/\/login/)
    await expect(page.getByRole('button', { name: 'Inloggen' })).toBeVisible()
    await screenshot(page, '00-sign-in')
    await page.getByRole('textbox', { name: 'E-mailadres', exact: true }).fill(admin.email)
    await page.getByLabel('Wachtwoord').fill(admin.password)
    await page.getByRole('button', { name: 'Inloggen' }).click()
    await expect(page.getByLabel('Verificatiecode')).toBeVisible()
    await screenshot(page, '00-sign-in-totp')
    const signIn = await freshCode(totpSecret, totpLastStep)
    await page.getByLabel('Verificatiecode').fill(signIn.code)
    await page.getByRole('button', { name: 'Inloggen' }).click()
    await expect(nav(page).getByRole('link', { name: 'Klanten' })).toBeVisible()
    totpLastStep = signIn.step
    saveAdmin({ ...admin, totpSecret, totpLastStep })
  })

  await test.step('creates a customer and opens it', async () => {
    await nav(page).getByRole('link', { name: 'Klanten' }).click()
    await page.getByRole('button', { name: 'Nieuwe klant' }).click()
    const dialog = page.getByRole('dialog')
    await dialog.getByRole('textbox', { name: 'Naam', exact: true }).fill(customer)
    await dialog.getByRole('button', { name: 'Opslaan' }).click()
    await expect(dialog).toBeHidden()
    if (!/\/customers\/[0-9a-f-]{36}$/.test(new URL(page.url()).pathname)) {
      await page.getByRole('link', { name: customer }).click()
    }
    await expect(page).toHaveURL(/\/customers\/[0-9a-f-]{36}$/)
    await expect(page.getByRole('heading', { name: customer })).toBeVisible()
  })

  await test.step('adds the key contact and sees the badge', async () => {
    await page.getByRole('button', { name: 'Contactpersoon toevoegen' }).click()
    const dialog = page.getByRole('dialog')
    await dialog.getByRole('textbox', { name: 'Naam', exact: true }).fill(contact.name)
    await dialog.getByRole('textbox', { name: 'E-mailadres', exact: true }).fill(contact.email)
    await dialog.getByLabel('Sleutelcontactpersoon').check()
    await dialog.getByRole('button', { name: 'Opslaan' }).click()
    await expect(dialog).toBeHidden()
    const row = page.getByRole('row', { name: new RegExp(contact.name) })
    await expect(row.getByText('Sleutelcontactpersoon', { exact: true })).toBeVisible()
    await screenshot(page, '03-customer')
    await nav(page).getByRole('link', { name: 'Klanten' }).click()
    await expect(page.getByRole('link', { name: customer })).toBeVisible()
    await screenshot(page, '02-customers')
  })

  await test.step('shows the admin pages', async () => {
    await nav(page).getByRole('link', { name: 'Gebruikers' }).click()
    await expect(page.getByText(admin.email).first()).toBeVisible()
    await screenshot(page, '07-users')
    await nav(page).getByRole('link', { name: 'Auditlog' }).click()
    await expect(page).toHaveURL(/\/audit$/)
    await screenshot(page, '05-audit')
    await nav(page).getByRole('link', { name: 'Instellingen' }).click()
    await expect(page.getByLabel('Naam bedrijf')).toHaveValue(company)
    await screenshot(page, '08-settings')
  })

  await test.step('switches the interface to English and back', async () => {
    await nav(page).getByRole('link', { name: 'Profiel' }).click()
    await page.getByRole('radiogroup', { name: 'Taal' }).getByText('English', { exact: true }).click()
    await expect(nav(page).getByRole('link', { name: 'Customers' })).toBeVisible()
    await expect(nav(page).getByRole('link', { name: 'Klanten' })).toHaveCount(0)
    await screenshot(page, '04-profile-en')
    await page.getByRole('radiogroup', { name: 'Language' }).getByText('Nederlands', { exact: true }).click()
    await expect(nav(page).getByRole('link', { name: 'Klanten' })).toBeVisible()
  })

  await test.step('signs out', async () => {
    await page.getByRole('button', { name: 'Uitloggen' }).click()
    await expect(page).toHaveURL(/\/login/)
    const me = await page.request.get('/api/me')
    expect(me.status()).toBe(401)
  })
})
