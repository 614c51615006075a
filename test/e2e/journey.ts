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

/** The six-digit code an authenticator app would show now. */
export function currentCode(secret: string): string {
  return totpCode(secret, Date.now())
}

export function saveAdmin(admin: AdminAccount): void {
  writeFileSync(adminFile(), JSON.stringify(admin, null, 2))
}

export function loadAdmin(): AdminAccount {
  return JSON.parse(readFileSync(adminFile(), 'utf8')) as AdminAccount
}

/** Signs the admin in on an API context (cookie kept by the context); returns the CSRF token for writes. */
export async function apiSignIn(request: APIRequestContext, admin: AdminAccount): Promise<string> {
  const res = await request.post('/api/auth/login', {
    data: { email: admin.email, password: admin.password, totp: currentCode(admin.totpSecret) },
  })
  expect(res.status(), await res.text()).toBe(200)
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
