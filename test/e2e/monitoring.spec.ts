import { expect, test, type APIRequestContext, type Browser, type Locator, type Page } from '@playwright/test'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { DateTime } from 'luxon'
import type { Asset } from '../../src/modules/assets/schema.js'
import type { Contact, Customer } from '../../src/modules/customers/schema.js'
import type {
  Alert,
  Board,
  CheckResult,
  IngestResult,
  MonitoringConfig,
  ReportDetail,
  UpsPanel,
} from '../../src/modules/monitoring/schema.js'
import {
  borgCreate,
  borgInit,
  requireTool,
  resticBackup,
  resticInit,
  workspace,
  type ToolReport,
} from '../support/backup-tools.js'
import { startNutServer, type NutServer } from '../support/nut-server.js'
import { apiGet, apiSend, apiSignIn, loadAdmin, portalInviteLink, screenshot } from './journey.js'

// Every run gets its own names: the journey never meets what an earlier run (or a restarted worker) left behind.
const run = Date.now().toString(36).slice(-5)
const customerName = `Huisartsenpraktijk De Wilg ${run}`
const otherName = `Notariskantoor Berkhout ${run}`
const contact = { name: 'Maria Jansen', email: `maria.${run}@dewilg.nl`, password: `de-wilg-portaal-${run}` }
const upsName = `wilg-${run}`

interface Setup {
  staff: APIRequestContext
  csrf: string
  customer: Customer
  other: Customer
  contact: Contact
  nut: NutServer
}

let setup: Setup | undefined
// Kept apart from `setup`, so that afterAll stops them even when beforeAll fails half-way.
let nutServer: NutServer | undefined
let staffApi: APIRequestContext | undefined
const ready = (): Setup => {
  if (!setup) {
    throw new Error('beforeAll did not finish')
  }
  return setup
}

/** The day as the board writes it (`30 nov 2026`), formatted by the browser's own Intl like the app does. */
async function dayLabel(page: Page, day: string): Promise<string> {
  return page.evaluate(
    (d) =>
      new Intl.DateTimeFormat('nl-NL', { dateStyle: 'medium', timeZone: 'UTC' }).format(Date.parse(`${d}T12:00:00Z`)),
    day,
  )
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** A board cell by its accessible name: `<job>, <day>: <status>…`. */
function cell(page: Page, job: string, label: string): Locator {
  return page.getByRole('button', { name: new RegExp(`^${escape(job)}, ${escape(label)}:`) })
}

/** A Mantine colour as the browser computes it (`rgb(…)`), to compare a cell's fill with. */
async function mantineColor(page: Page, name: string): Promise<string> {
  return page.evaluate((v) => {
    const probe = document.createElement('span')
    probe.style.backgroundColor = `var(${v})`
    document.body.append(probe)
    const color = getComputedStyle(probe).backgroundColor
    probe.remove()
    return color
  }, `--mantine-color-${name}`)
}

/** POSTs what the tool printed to the ingest API, as a customer's shipper does. */
async function ship(
  shipper: APIRequestContext,
  token: string,
  report: ToolReport,
  query: Record<string, string>,
): Promise<IngestResult> {
  const params = new URLSearchParams({ ...query, exitCode: String(report.exitCode) })
  const res = await shipper.post(`/api/ingest/backup?${params}`, {
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'text/plain' },
    data: report.text,
  })
  expect(res.status(), await res.text()).toBe(202)
  return (await res.json()) as IngestResult
}

async function openAlerts(staff: APIRequestContext, customerId: string): Promise<Alert[]> {
  return (await apiGet<{ items: Alert[] }>(staff, `/api/customers/${customerId}/monitoring/alerts?open=true`)).items
}

async function staffPage(browser: Browser, staff: APIRequestContext): Promise<Page> {
  const context = await browser.newContext({
    storageState: await staff.storageState(),
    // The technician copies the new token with the page's copy button.
    permissions: ['clipboard-read', 'clipboard-write'],
  })
  return context.newPage()
}

/** The customer's active tickets in the staff list, filtered to the customer as a technician would. */
async function ticketList(page: Page, customerId: string): Promise<void> {
  await page.goto(`/tickets?queue=all&customer=${customerId}`)
  await expect(page.getByRole('heading', { name: 'Meldingen', exact: true })).toBeVisible()
}

test.beforeAll(async ({ playwright }) => {
  requireTool('restic')
  requireTool('borg')
  const staff = await playwright.request.newContext({ baseURL: process.env.SLADESK_E2E_BASE_URL })
  staffApi = staff
  const csrf = await apiSignIn(staff, loadAdmin())
  const nut = await startNutServer({
    upsName,
    initial: {
      'ups.status': 'OL',
      'battery.charge': '100',
      'battery.runtime': '2400',
      'ups.load': '31',
      'input.voltage': '231',
    },
  })
  nutServer = nut
  const customer = await apiSend<Customer>(staff, csrf, 'POST', '/api/customers', { name: customerName })
  const other = await apiSend<Customer>(staff, csrf, 'POST', '/api/customers', { name: otherName })
  const keyContact = await apiSend<Contact>(staff, csrf, 'POST', `/api/customers/${customer.id}/contacts`, {
    name: contact.name,
    email: contact.email,
    keyContact: true,
  })
  const zone = 'Europe/Amsterdam'
  const threeDaysAgo = DateTime.now().setZone(zone).minus({ days: 3 }).toISODate()!
  const server = await apiSend<Asset>(staff, csrf, 'POST', `/api/customers/${customer.id}/assets`, {
    class: 'server',
    name: 'SRV-WILG-01',
    make: 'Dell',
    model: 'PowerEdge T360',
    os: 'Windows Server 2022',
  })
  await apiSend<Asset>(staff, csrf, 'POST', `/api/customers/${customer.id}/assets`, {
    class: 'backup-system',
    name: 'NAS-WILG-01',
    kind: 'nas',
    // The job is expected from three days ago; the backup system must count from then too, or those days are not
    // its days (a job is expected from the later of the two).
    activeFrom: threeDaysAgo,
    protectedAssetIds: [server.id],
    expectedJobs: [
      { name: 'Nachtelijk', schedule: 'daily', expectedFrom: threeDaysAgo },
      { name: 'Documenten', schedule: 'daily' },
    ],
  })
  await apiSend<Asset>(staff, csrf, 'POST', `/api/customers/${customer.id}/assets`, {
    class: 'ups',
    name: 'UPS serverkast',
    make: 'Eaton',
    model: '5P 1550',
    protectedAssetIds: [server.id],
    monitoring: { kind: 'nut', host: '127.0.0.1', port: nut.port, upsName },
  })
  // Another customer with a board of its own, which the key contact must never see.
  await apiSend<Asset>(staff, csrf, 'POST', `/api/customers/${other.id}/assets`, {
    class: 'backup-system',
    name: 'NAS-BERKHOUT',
    activeFrom: threeDaysAgo,
    expectedJobs: [{ name: 'Aktes', schedule: 'daily', expectedFrom: threeDaysAgo }],
  })
  setup = { staff, csrf, customer, other, contact: keyContact, nut }
})

test.afterAll(async () => {
  await nutServer?.stop()
  await staffApi?.dispose()
})

test('UPS: a real NUT server on battery, then low, then back on mains, becomes tickets with their notes', async ({
  browser,
}) => {
  const { staff, csrf, customer, nut } = ready()
  const desk = await staffPage(browser, staff)
  const poll = async () => {
    const out = await apiSend<{ polled: number; failed: number }>(
      staff,
      csrf,
      'POST',
      '/api/monitoring/ups/poll',
      {},
      200,
    )
    expect(out.polled).toBeGreaterThanOrEqual(1)
  }
  const upsRow = () => desk.getByRole('row', { name: new RegExp(escape(customerName)) })
  const stateOf = async () =>
    (await apiGet<UpsPanel>(staff, `/api/customers/${customer.id}/monitoring/ups`)).items.find((i) => i.ups === upsName)

  try {
    await test.step('the admin lets a UPS on battery become a ticket at once, in the settings', async () => {
      await desk.goto('/settings')
      const field = desk.getByLabel('Op accu: melding na (minuten)')
      const form = desk.locator('form').filter({ has: field })
      await field.fill('0')
      const saved = desk.waitForResponse(
        (r) => r.url().endsWith('/api/monitoring/config') && r.request().method() === 'PATCH',
      )
      await form.getByRole('button', { name: 'Opslaan' }).click()
      expect((await saved).status()).toBe(200)
      expect((await apiGet<MonitoringConfig>(staff, '/api/monitoring/config')).upsOnBatteryMinutes).toBe(0)
    })

    await test.step('on mains: the poll shows the UPS online, without a ticket', async () => {
      await poll()
      expect(await stateOf()).toMatchObject({ state: 'online', source: 'poll', charge: 100 })
      await desk.goto('/monitoring/ups')
      await expect(upsRow()).toContainText('Op netstroom')
      expect((await openAlerts(staff, customer.id)).filter((a) => a.kind === 'ups')).toEqual([])
    })

    await test.step('on battery: the UPS tab says so and a P2 ticket opens (it powers a server)', async () => {
      await nut.setVars({
        'ups.status': 'OB DISCHRG',
        'battery.charge': '82',
        'battery.runtime': '1500',
        'input.voltage': '0',
      })
      await poll()
      await desk.goto('/monitoring/ups')
      await expect(upsRow()).toContainText('Op accu')
      await expect(upsRow()).toContainText('82 %')
      await screenshot(desk, '45-monitoring-ups-on-battery')
      await ticketList(desk, customer.id)
      const row = desk.getByRole('row', { name: new RegExp(`UPS op accu: ${escape(upsName)}`) })
      await expect(row).toHaveCount(1)
      await expect(row).toContainText('P2')
      await expect(row).toContainText('Monitoringmelding')
    })

    await test.step('low battery opens its own ticket; mains back adds a note to the on-battery ticket', async () => {
      await nut.setVars({ 'ups.status': 'OB DISCHRG LB', 'battery.charge': '18', 'battery.runtime': '240' })
      await poll()
      expect(await stateOf()).toMatchObject({ state: 'low-battery', charge: 18 })
      await ticketList(desk, customer.id)
      await expect(desk.getByRole('row', { name: new RegExp(`UPS-accu bijna leeg: ${escape(upsName)}`) })).toHaveCount(
        1,
      )

      await nut.setVars({
        'ups.status': 'OL CHRG',
        'battery.charge': '24',
        'battery.runtime': '600',
        'input.voltage': '229',
      })
      await poll()
      await desk.goto('/monitoring/ups')
      await expect(upsRow()).toContainText('Op netstroom')
      const alerts = await apiGet<{ items: Alert[] }>(
        staff,
        `/api/customers/${customer.id}/monitoring/alerts?open=false`,
      )
      const onBattery = alerts.items.find((a) => a.kind === 'ups' && a.problem === 'on-battery')
      expect(onBattery?.clearedAt, JSON.stringify(alerts.items)).not.toBeNull()
      expect((await openAlerts(staff, customer.id)).filter((a) => a.kind === 'ups')).toEqual([])

      await desk.goto(`/tickets/${onBattery!.ticketId}`)
      await expect(desk.getByRole('heading', { name: `UPS op accu: ${upsName}` })).toBeVisible()
      await expect(desk.getByText(new RegExp(`UPS ${escape(upsName)} is weer in orde`))).toBeVisible()
      await screenshot(desk, '46-monitoring-ups-ticket')
    })
  } finally {
    await desk.context().close()
  }
})

test('backups: real restic and borg reports colour the morning board, failures and missing runs become tickets, the key contact sees the read days', async ({
  browser,
  playwright,
  baseURL,
}) => {
  const { staff, csrf, customer, other, contact: keyContact } = ready()
  const staffName = loadAdmin().name
  const desk = await staffPage(browser, staff)
  const ws = workspace()
  try {
    const token =
      await test.step('the technician creates an ingest token on the Monitoring tab and copies it', async () => {
        await desk.goto(`/customers/${customer.id}`)
        await desk.getByRole('tab', { name: 'Bewaking' }).click()
        await expect(desk).toHaveURL(new RegExp(`/customers/${customer.id}/monitoring$`))
        await desk.getByRole('textbox', { name: 'Naam' }).fill('restic en borg op NAS-WILG-01')
        await desk.getByRole('button', { name: 'Token aanmaken' }).click()
        const shown = desk.getByLabel('Token', { exact: true })
        await expect(shown).toHaveText(/^sli_\S{20,}$/)
        await screenshot(desk, '40-monitoring-token')
        const value = (await shown.textContent())!.trim()
        await desk.getByRole('alert').getByRole('button', { name: 'Kopiëren' }).first().click()
        await expect(desk.getByRole('alert').getByRole('button', { name: 'Gekopieerd' })).toBeVisible()
        expect(await desk.evaluate(() => navigator.clipboard.readText())).toBe(value)
        await desk.getByRole('button', { name: 'Ik heb het token bewaard' }).click()
        await expect(shown).toHaveCount(0)
        // Afterwards only the first characters are known.
        await expect(desk.getByRole('row', { name: /restic en borg op NAS-WILG-01/ })).toContainText(value.slice(0, 10))
        return value
      })
    const shipper = await playwright.request.newContext({ baseURL })

    const { days } = await apiGet<Board>(staff, `/api/customers/${customer.id}/monitoring/board?days=7`)
    const today = days[days.length - 1]!
    const yesterday = days[days.length - 2]!
    const todayLabel = await dayLabel(desk, today)
    const yesterdayLabel = await dayLabel(desk, yesterday)

    await test.step('a successful real restic backup of "Nachtelijk" turns today green on the morning board', async () => {
      resticInit(ws.dir)
      const report = resticBackup(ws.dir, ['--host', 'srv-wilg-01', ws.source])
      expect(report.exitCode, report.text).toBe(0)
      const out = await ship(shipper, token, report, { format: 'restic', job: 'Nachtelijk' })
      expect(out).toMatchObject({ status: 'parsed', format: 'restic', duplicate: false })
      expect(out.events).toMatchObject([{ kind: 'backup', job: 'Nachtelijk', result: 'success', files: 2 }])

      await desk.goto('/monitoring')
      await expect(desk.getByRole('link', { name: customerName })).toBeVisible()
      const green = cell(desk, 'Nachtelijk', todayLabel)
      await expect(green).toHaveAttribute('data-status', 'ok')
      await expect(green).toHaveAccessibleName(/Gelukt; 1 run/)
      await expect(green).toHaveCSS('background-color', await mantineColor(desk, 'green-7'))
    })

    const failedBorg = (archive: string): ToolReport => {
      // The wrong passphrase: borg refuses the repository and exits 2.
      const report = borgCreate(ws.dir, archive, [ws.source], 'niet-de-juiste-zin')
      expect(report.exitCode, report.text).toBe(2)
      return report
    }

    const failedTicket =
      await test.step('a failed real borg run of "Documenten" turns its cell red and opens a ticket', async () => {
        borgInit(ws.dir)
        const out = await ship(shipper, token, failedBorg('documenten-{now}'), { format: 'borg', job: 'Documenten' })
        expect(out.events).toMatchObject([{ job: 'Documenten', result: 'failed' }])
        await desk.reload()
        const red = cell(desk, 'Documenten', todayLabel)
        await expect(red).toHaveAttribute('data-status', 'failed')
        await expect(red).toHaveCSS('background-color', await mantineColor(desk, 'red-7'))
        const heading = desk.getByRole('row').filter({ has: desk.getByRole('link', { name: customerName }) })
        await expect(heading).toContainText('1 open probleem')

        await ticketList(desk, customer.id)
        const row = desk.getByRole('row', { name: /Back-up mislukt: Documenten/ })
        await expect(row).toHaveCount(1)
        await expect(row).toContainText('Monitoringmelding')
        await expect(row).toContainText(customerName)
        const alerts = await openAlerts(staff, customer.id)
        const alert = alerts.find((a) => a.problem === 'failed' && a.subject === 'Documenten')
        expect(alert?.ticketId, JSON.stringify(alerts)).toBeTruthy()
        return alert!.ticketId!
      })

    await test.step('"Run check now" decides yesterday: "Nachtelijk" sent nothing, its cell turns grey and a ticket opens', async () => {
      expect((await openAlerts(staff, customer.id)).filter((a) => a.problem === 'missing')).toEqual([])
      await desk.goto('/monitoring')
      const grey = cell(desk, 'Nachtelijk', yesterdayLabel)
      await expect(grey).toHaveAttribute('data-status', 'missing')
      const checked = desk.waitForResponse((r) => r.url().endsWith('/api/monitoring/check'))
      await desk.getByRole('button', { name: 'Controle nu uitvoeren' }).click()
      const answer = await checked
      expect(answer.status(), await answer.text()).toBe(200)
      expect(((await answer.json()) as CheckResult).ticketsOpened).toBeGreaterThanOrEqual(1)
      await expect(desk.getByText('Controle uitgevoerd')).toBeVisible()
      // Decided now: no longer "window still open", and drawn at full strength.
      await expect(grey).not.toHaveAccessibleName(/venster loopt nog/)
      await expect(grey).toHaveAccessibleName(/Ontbreekt/)
      await expect(grey).toHaveCSS('opacity', '1')
      await expect(grey).toHaveCSS('background-color', await mantineColor(desk, 'gray-7'))
      // Today's cells stay provisional until tomorrow's check.
      await expect(cell(desk, 'Nachtelijk', todayLabel)).toHaveAccessibleName(/venster loopt nog/)
      await expect(cell(desk, 'Documenten', todayLabel)).toHaveAttribute('data-status', 'failed')
      await screenshot(desk, '41-monitoring-board')

      await ticketList(desk, customer.id)
      await expect(desk.getByRole('row', { name: /Back-up ontbreekt: Nachtelijk/ })).toHaveCount(1)
    })

    await test.step('a second failed borg run of "Documenten" adds a note to the same ticket, not a second ticket', async () => {
      const out = await ship(shipper, token, failedBorg('documenten-{now}-2'), { format: 'borg', job: 'Documenten' })
      expect(out).toMatchObject({ duplicate: false, events: [{ result: 'failed' }] })
      await ticketList(desk, customer.id)
      const rows = desk.getByRole('row', { name: /Back-up mislukt: Documenten/ })
      await expect(rows).toHaveCount(1)
      const failed = (await openAlerts(staff, customer.id)).filter((a) => a.problem === 'failed')
      expect(failed).toMatchObject([{ ticketId: failedTicket, occurrences: 2 }])
      await rows.getByRole('link').first().click()
      await expect(desk).toHaveURL(new RegExp(`/tickets/${failedTicket}$`))
      await expect(desk.getByRole('heading', { name: 'Back-up mislukt: Documenten' })).toBeVisible()
      await expect(desk.getByText(/Opnieuw: De back-up Documenten is mislukt/)).toBeVisible()
      await screenshot(desk, '42-monitoring-ticket-note')
    })

    await test.step('the technician marks yesterday as read, with a remark', async () => {
      await desk.goto(`/customers/${customer.id}/monitoring`)
      await desk.getByRole('button', { name: `${yesterdayLabel} van ${customerName} markeren als gelezen` }).click()
      const dialog = desk.getByRole('dialog', { name: 'Dag markeren als gelezen' })
      await dialog.getByLabel('Opmerkingen').fill('Nachtelijk ontbrak; de taak op de NAS staat weer aan.')
      const reviewed = desk.waitForResponse((r) => r.url().endsWith(`/api/customers/${customer.id}/monitoring/reviews`))
      await dialog.getByRole('button', { name: 'Markeren als gelezen' }).click()
      const answer = await reviewed
      expect(answer.status(), await answer.text()).toBe(200)
      await expect(dialog).toBeHidden()
      await expect(desk.getByRole('img', { name: `${yesterdayLabel}: Gelezen door ${staffName}` })).toBeVisible()
    })

    await test.step('a report nothing recognises waits under "Niet herkend" until the technician names its format', async () => {
      // An rsnapshot log with a few lines of the shipper's own on top: no parser recognises it by itself.
      const log = readFileSync(join('test', 'fixtures', 'monitoring', 'rsnapshot', 'success.log'), 'utf8')
      const res = await shipper.post('/api/ingest/backup?job=Snapshots', {
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'text/plain' },
        data: `Export van de back-up\ndoor Piet\nversie 2\n${log}`,
      })
      expect(res.status(), await res.text()).toBe(202)
      const report = (await res.json()) as IngestResult
      expect(report.status).toBe('unparsed')

      await desk.goto('/monitoring')
      const tab = desk.getByRole('tab', { name: /Niet herkend/ })
      await expect(tab).toContainText(/\d+/)
      await tab.click()
      await expect(desk).toHaveURL(/\/monitoring\/unparsed$/)
      const row = desk.getByRole('row', { name: new RegExp(customerName) })
      await expect(row).toHaveCount(1)
      await expect(row).toContainText('no parser recognised the report')
      await screenshot(desk, '42b-monitoring-unparsed')
      await row.getByRole('button', { name: 'Classificeren' }).click()
      const dialog = desk.getByRole('dialog', { name: 'Rapport classificeren' })
      await dialog.getByLabel('Formaat').fill('rsnapshot')
      await desk.getByRole('option', { name: 'rsnapshot', exact: true }).click()
      await dialog.getByRole('button', { name: 'Opnieuw lezen' }).click()
      await expect(dialog.getByText('Herkend: 1 gebeurtenis')).toBeVisible()
      await dialog.getByRole('button', { name: 'Sluiten' }).click()
      await expect(row).toHaveCount(0)
      const stored = await apiGet<ReportDetail>(staff, `/api/reports/${report.id}`)
      expect(stored).toMatchObject({ status: 'parsed', format: 'rsnapshot', events: [{ result: 'success' }] })
    })

    await test.step('the key contact signs in to the portal and sees its own board, read by the technician', async () => {
      const link = await portalInviteLink(staff, csrf, keyContact.id, contact.email)
      const portal = await browser.newContext()
      const page = await portal.newPage()
      await page.goto(link)
      await page.getByLabel('Wachtwoord').fill(contact.password)
      await page.getByRole('button', { name: 'Account activeren' }).click()
      await expect(page.getByRole('navigation').getByRole('link', { name: 'Mijn organisatie' })).toBeVisible()
      await page.getByRole('button', { name: 'Uitloggen' }).click()
      await expect(page).toHaveURL(/\/login/)

      await page.getByRole('textbox', { name: 'E-mailadres', exact: true }).fill(contact.email)
      await page.getByLabel('Wachtwoord').fill(contact.password)
      await page.getByRole('button', { name: 'Inloggen' }).click()
      await page.getByRole('navigation').getByRole('link', { name: 'Mijn organisatie' }).click()
      await page.getByRole('tab', { name: 'Bewaking' }).click()
      await expect(page.getByRole('heading', { name: 'Dagelijkse controle' })).toBeVisible()
      await expect(cell(page, 'Nachtelijk', todayLabel)).toHaveAttribute('data-status', 'ok')
      await expect(cell(page, 'Nachtelijk', yesterdayLabel)).toHaveAttribute('data-status', 'missing')
      await expect(cell(page, 'Documenten', todayLabel)).toHaveAttribute('data-status', 'failed')
      const read = page.getByRole('listitem').filter({ hasText: yesterdayLabel })
      await expect(read).toContainText(`Gelezen door ${staffName}`)
      await expect(read).toContainText('Nachtelijk ontbrak; de taak op de NAS staat weer aan.')
      // Read-only: the contact marks nothing and makes no tokens.
      await expect(page.getByRole('button', { name: /markeren als gelezen/ })).toHaveCount(0)
      await expect(page.getByRole('button', { name: 'Token aanmaken' })).toHaveCount(0)
      // Its UPS too, back on mains after the power cut of the UPS journey.
      await expect(page.getByRole('row', { name: /UPS serverkast/ })).toContainText('Op netstroom')
      await screenshot(page, '43-portal-monitoring')

      // The MSP's own board of every customer is closed to the contact.
      await page.goto('/monitoring')
      await expect(page.getByText('Geen toegang', { exact: true })).toBeVisible()
      await page.goto(`/customers/${other.id}/monitoring`)
      await expect(page.getByRole('heading', { name: 'Klant niet gevonden' })).toBeVisible()
      await expect(page.getByText(otherName)).toHaveCount(0)
      await expect(page.getByText('Aktes')).toHaveCount(0)
      await screenshot(page, '44-portal-other-board')
      for (const url of [
        `/api/customers/${other.id}/monitoring/board`,
        `/api/customers/${other.id}/monitoring/ups`,
        '/api/monitoring/board',
      ]) {
        const res = await page.request.get(url)
        expect(res.status(), url).toBe(404)
        expect(await res.text()).not.toContain(otherName)
      }
      await portal.close()
    })
    await shipper.dispose()
  } finally {
    ws.done()
    await desk.context().close()
  }
})
