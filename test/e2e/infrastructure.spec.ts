import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import type { Contact } from '../../src/modules/customers/schema.js'
import type { Plan } from '../../src/modules/contracts/schema.js'
import { apiGet, apiSend, apiSignIn, loadAdmin, screenshot } from './journey.js'

interface OutboxItem {
  id: string
  to: string
  subject: string
}
interface CostAnswer {
  totalCents: number
  lines: { label: string }[]
}

const prospect = {
  company: 'Fysiotherapie Het Anker',
  name: 'Noor Visser',
  email: 'noor@hetanker-fysio.nl',
  phone: '0511 456 789',
  servers: '1',
  workstations: '12',
  question: 'Onze server is oud en niemand kijkt naar de back-ups. Wat kost het als u dat overneemt?',
}

/** 50 assets as a Dutch Excel export writes them: semicolons, a BOM, Dutch headers and dates, a note over two lines. */
function inventoryCsv(): Buffer {
  const rows = ['Naam;Klasse;Merk;Model;Serienummer;Garantie tot;Locatie;Besturingssysteem;Notities']
  rows.push(
    'SRV-01;server;Dell;PowerEdge T150;ANK-S-001;31-12-2027;Praktijk;Windows Server 2022;"Domeincontroller,\nbestanden"',
  )
  rows.push('NAS-01;back-up;Synology;DS923+;ANK-N-001;;Praktijk;;')
  rows.push('UPS-01;ups;APC;Smart-UPS 1500;ANK-U-001;;Praktijk;;')
  rows.push('FW-01;netwerk;Fortinet;FortiGate 40F;ANK-F-001;;Praktijk;;')
  rows.push('PRN-01;printer;HP;LaserJet Pro;ANK-P-001;;Praktijk;;')
  for (let i = 1; i <= 45; i++) {
    const n = String(i).padStart(2, '0')
    rows.push(`PC-${n};werkplek;HP;EliteDesk 800 G9;ANK-W-0${n};1-3-2028;Praktijk;Windows 11;`)
  }
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${rows.join('\r\n')}\r\n\r\n`, 'utf8')])
}

const euro = (cents: number) =>
  new Intl.NumberFormat('nl-NL', { style: 'currency', currency: 'EUR' }).format(cents / 100)

test('a prospect asks for advice; staff quote it, make it a customer and import its 50 devices; its key contact sees the infrastructure, the monthly cost and the overview PDF', async ({
  page,
  browser,
  playwright,
  baseURL,
}) => {
  const staff = await playwright.request.newContext({ baseURL })
  const csrf = await apiSignIn(staff, loadAdmin())
  const plans = await apiGet<{ items: Plan[] }>(staff, '/api/plans?status=all')
  const plan =
    plans.items.find((p) => p.name === 'Zorgeloos') ??
    (await apiSend<Plan>(staff, csrf, 'POST', '/api/plans', {
      name: 'Zorgeloos',
      description: 'Alles geregeld: back-ups, noodstroom, patches en vier keer per jaar onderhoud.',
      policy: (await apiGet<{ policy: unknown }>(staff, '/api/sla/config')).policy,
      services: {
        backupChecks: true,
        upsChecks: true,
        preventiveMaintenancePerYear: 4,
        onsiteVisitsPerYear: 2,
        remoteHelp: true,
        patchManagement: true,
        documentation: true,
      },
      price: {
        baseFeeCents: 12_500,
        unitPricesCents: {
          server: 7_500,
          workstation: 2_250,
          laptop: 2_250,
          network: 1_000,
          ups: 750,
          'backup-system': 1_500,
          printer: 500,
          other: 0,
        },
        serviceDiscountPercent: 10,
      },
    }))

  await test.step('the prospect asks for advice on the public form, without an account', async () => {
    const visitor = await browser.newContext()
    const form = await visitor.newPage()
    await form.goto('/advies')
    await expect(form.getByRole('heading', { name: 'Gratis advies aanvragen' })).toBeVisible()
    await form.getByLabel('Bedrijfsnaam').fill(prospect.company)
    await form.getByLabel('Uw naam').fill(prospect.name)
    await form.getByLabel('E-mailadres').fill(prospect.email)
    await form.getByLabel('Telefoonnummer').fill(prospect.phone)
    await form.getByLabel('Aantal servers').fill(prospect.servers)
    await form.getByLabel('Aantal werkplekken').fill(prospect.workstations)
    await form.getByLabel('Uw vraag').fill(prospect.question)
    await screenshot(form, '30-advice-form')
    await form.getByRole('button', { name: 'Versturen' }).click()
    await expect(form.getByText('Bedankt voor uw aanvraag')).toBeVisible()
    await visitor.close()
  })

  const staffBrowser = await browser.newContext({ storageState: await staff.storageState() })
  const desk = await staffBrowser.newPage()

  const customerId = await test.step('staff quote the request and make it a customer', async () => {
    await desk.goto('/leads')
    await desk.getByRole('link', { name: prospect.company }).click()
    await expect(desk.getByText(prospect.question)).toBeVisible()
    await desk.getByRole('button', { name: 'Offerte maken' }).click()
    await desk.getByRole('combobox', { name: 'Pakket' }).click()
    await desk.getByRole('option', { name: plan.name }).click()
    const quoted = desk.waitForResponse((r) => /\/api\/leads\/[^/]+\/quote$/.test(r.url()))
    await desk.getByRole('button', { name: 'Offerte berekenen' }).click()
    const quote = (await (await quoted).json()) as { id: string; number: string; totalCents: number }
    // 1 server and 12 workstations as the prospect stated: (125 + 75 + 12 × 22,50) × 1,21 = € 568,70.
    expect(quote.totalCents).toBe(56_870)
    await expect(desk.getByRole('dialog')).toContainText(euro(quote.totalCents))
    await screenshot(desk, '31-quote')
    const pdf = await staff.get(`/api/quotes/${quote.id}/pdf`)
    expect(pdf.status()).toBe(200)
    expect(pdf.headers()['content-type']).toBe('application/pdf')
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-')
    await desk.keyboard.press('Escape')

    await desk.getByRole('button', { name: 'Klant maken' }).click()
    const dialog = desk.getByRole('dialog')
    const planField = dialog.getByRole('combobox', { name: 'Pakket' })
    if ((await planField.inputValue()) !== plan.name) {
      await planField.click()
      await desk.getByRole('option', { name: plan.name }).click()
    }
    await dialog.getByRole('button', { name: 'Klant maken' }).click()
    await expect(desk).toHaveURL(/\/customers\/[^/]+\/contract$/)
    await expect(desk.getByRole('heading', { name: prospect.company, exact: true })).toBeVisible()
    const id = /\/customers\/([^/]+)\/contract$/.exec(desk.url())![1]!
    await desk.getByRole('button', { name: 'Activeren' }).click()
    await expect(desk.getByText('Actief', { exact: true })).toBeVisible()
    return id
  })

  await test.step('staff import the 50 devices from a Dutch Excel export: first a check, then the import', async () => {
    await desk.getByRole('tab', { name: 'Infrastructuur' }).click()
    await desk.getByRole('button', { name: 'Importeren (CSV)' }).click()
    const dir = mkdtempSync(join(tmpdir(), 'sladesk-e2e-csv-'))
    const file = join(dir, 'inventaris-het-anker.csv')
    writeFileSync(file, inventoryCsv())
    await desk.getByRole('dialog').locator('input[type=file]').setInputFiles(file)
    await desk.getByRole('button', { name: 'Controleren' }).click()
    await expect(desk.getByText('Het bestand is in orde: 50 apparaten kunnen worden geïmporteerd.')).toBeVisible()
    await screenshot(desk, '32-import-checked')
    await desk.getByRole('button', { name: '50 apparaten importeren' }).click()
    await expect(desk.getByText('50 apparaten geïmporteerd.')).toBeVisible()
    await desk.keyboard.press('Escape')
    await expect(desk.getByText('50 apparaten', { exact: true })).toBeVisible()
    await expect(desk.getByRole('button', { name: 'PC-45' })).toBeVisible()
    await screenshot(desk, '33-infrastructure')
  })

  const cost = await apiGet<CostAnswer>(staff, `/api/customers/${customerId}/cost`)
  // Base € 125, 1 server € 75, 45 workstations × € 22,50, 1 NAS € 15, 1 UPS € 7,50, 1 firewall € 10, 1 printer € 5.
  expect(cost.totalCents).toBe(Math.round((12_500 + 7_500 + 45 * 2_250 + 1_500 + 750 + 1_000 + 500) * 1.21))

  await test.step('the key contact activates the portal account and sees the infrastructure and the cost', async () => {
    const contacts = await apiGet<{ items: Contact[] }>(staff, `/api/customers/${customerId}/contacts`)
    const contact = contacts.items.find((c) => c.email === prospect.email)
    expect(contact?.keyContact, JSON.stringify(contacts.items)).toBe(true)
    await apiSend<Contact>(staff, csrf, 'POST', `/api/contacts/${contact!.id}/invite`, {}, 200)
    const outbox = await apiGet<{ items: OutboxItem[] }>(staff, '/api/outbox')
    const mail = outbox.items.find((m) => m.to.includes(prospect.email) && /uitnodiging|invit/i.test(m.subject))
    expect(mail, JSON.stringify(outbox.items)).toBeDefined()
    const detail = await apiGet<{ bodyText: string }>(staff, `/api/outbox/${mail!.id}`)
    const token = /\/invite\/([\w-]+)/.exec(detail.bodyText)?.[1]
    expect(token, detail.bodyText).toBeDefined()
    await page.goto(`/invite/${token}`)
    await page.getByLabel('Wachtwoord').fill('het-anker-portaal-2026')
    await page.getByRole('button', { name: 'Account activeren' }).click()

    await page.getByRole('navigation').getByRole('link', { name: 'Mijn organisatie' }).click()
    await page.getByRole('tab', { name: 'Infrastructuur' }).click()
    await expect(page.getByText('50 apparaten', { exact: true })).toBeVisible()
    await expect(page.getByRole('button', { name: 'SRV-01' })).toBeVisible()
    // Read only: the key contact changes nothing here.
    await expect(page.getByRole('button', { name: 'Apparaat toevoegen' })).toHaveCount(0)
    await screenshot(page, '34-portal-infrastructure')

    await page.getByRole('tab', { name: 'Contract en kosten' }).click()
    await expect(page.getByText(`Pakket ${plan.name}`).first()).toBeVisible()
    await expect(page.getByText(euro(cost.totalCents)).first()).toBeVisible()
    await expect(page.getByRole('row', { name: /Werkplekken/ })).toContainText('45')
    await screenshot(page, '35-portal-cost')
  })

  await test.step('the overview PDF renders, with the devices and the monthly total', async () => {
    const download = page.waitForEvent('download')
    await page.getByRole('link', { name: 'Overzicht (PDF)' }).click()
    const file = await (await download).path()
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' })
    expect(text).toContain(prospect.company)
    expect(text).toContain('PC-45')
    expect(text.replace(/\u00a0/g, ' ')).toContain(euro(cost.totalCents).replace(/\u00a0/g, ' '))
    const out = mkdtempSync(join(tmpdir(), 'sladesk-e2e-pdf-'))
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', file, join(out, 'page')])
  })

  await staffBrowser.close()
  await staff.dispose()
})
