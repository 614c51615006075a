import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { expect, type APIRequestContext, type Page } from '@playwright/test'
import { totpCode } from '../../src/platform/auth/totp.js'
import { adminFile, type AdminAccount } from './server.js'

export const screensDir = resolve(import.meta.dirname, '../../test-results/screens')

/** A full-page picture for the people who review the UI; kept whether the test passes or not. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screensDir, { recursive: true })
  // Let lazy chunks, fonts and query results settle, so the picture shows the page and not its loader.
  await page.waitForLoadState('networkidle')
  await page.screenshot({ path: resolve(screensDir, `${name}.png`), fullPage: true })
}

const STEP_MS = 30_000

/**
 * A verification code the server accepts now and has not seen yet. sladesk refuses a code of a 30-second step at or
 * before the last one used (no replays) and accepts one step of clock drift either side: so this takes the current
 * step if it is unused, else the next one (what an authenticator whose clock runs a little ahead would show), and
 * only when that one is used too waits for the next step to begin.
 */
export async function freshCode(secret: string, lastUsedStep: number | null): Promise<{ code: string; step: number }> {
  const current = Math.floor(Date.now() / STEP_MS)
  const step = Math.max(current, (lastUsedStep ?? -Infinity) + 1)
  if (step > current + 1) {
    await new Promise((done) => setTimeout(done, (step - 1) * STEP_MS - Date.now() + 500))
  }
  return { code: totpCode(secret, step * STEP_MS), step }
}

export function saveAdmin(admin: AdminAccount): void {
  writeFileSync(adminFile(), JSON.stringify(admin, null, 2))
}

export function loadAdmin(): AdminAccount {
  return JSON.parse(readFileSync(adminFile(), 'utf8')) as AdminAccount
}

/** Signs the admin in on an API context (cookie kept by the context); returns the CSRF token for writes. */
export async function apiSignIn(request: APIRequestContext, admin: AdminAccount): Promise<string> {
  const { code, step } = await freshCode(admin.totpSecret, admin.totpLastStep)
  const res = await request.post('/api/auth/login', {
    data: { email: admin.email, password: admin.password, totp: code },
  })
  expect(res.status(), await res.text()).toBe(200)
  saveAdmin({ ...admin, totpLastStep: step })
  return ((await res.json()) as { csrfToken: string }).csrfToken
}

/** A JSON write with the CSRF header; fails the test with the problem body on any status but `status`. */
export async function apiSend<T>(
  request: APIRequestContext,
  csrfToken: string,
  method: 'POST' | 'PATCH' | 'DELETE',
  url: string,
  data: unknown,
  status = method === 'POST' ? 201 : 200,
): Promise<T> {
  const res = await request.fetch(url, { method, data, headers: { 'X-CSRF-Token': csrfToken } })
  expect(res.status(), `${method} ${url}: ${await res.text()}`).toBe(status)
  return (await res.json()) as T
}

export async function apiGet<T>(request: APIRequestContext, url: string): Promise<T> {
  const res = await request.get(url)
  expect(res.status(), `GET ${url}: ${await res.text()}`).toBe(200)
  return (await res.json()) as T
}

/**
 * Invites a contact to the portal (as staff, with the CSRF token of `apiSignIn`) and returns the path of the link in
 * the invitation mail, read from the outbox as the contact would read it from the mail.
 */
export async function portalInviteLink(
  staff: APIRequestContext,
  csrfToken: string,
  contactId: string,
  email: string,
): Promise<string> {
  await apiSend<unknown>(staff, csrfToken, 'POST', `/api/contacts/${contactId}/invite`, {}, 200)
  const outbox = await apiGet<{ items: { id: string; to: string }[] }>(staff, '/api/outbox')
  const mail = outbox.items.find((m) => m.to.includes(email))
  expect(mail, JSON.stringify(outbox.items)).toBeDefined()
  const detail = await apiGet<{ bodyText: string }>(staff, `/api/outbox/${mail!.id}`)
  const token = /\/invite\/([\w-]+)/.exec(detail.bodyText)?.[1]
  expect(token, detail.bodyText).toBeDefined()
  return `/invite/${token}`
}
