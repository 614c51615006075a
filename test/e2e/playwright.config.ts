import { defineConfig, devices } from '@playwright/test'

// The server is started once for the whole run by global-setup.ts, on a free port; the workers inherit
// SLADESK_E2E_BASE_URL from it (the config is evaluated again in every worker, after the global setup).
export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  outputDir: '../../test-results',
  workers: 1,
  fullyParallel: false,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: 'list',
  timeout: 120_000,
  expect: { timeout: 10_000 },
  globalSetup: './global-setup.ts',
  globalTeardown: './global-teardown.ts',
  use: {
    ...devices['Desktop Chrome'],
    browserName: 'chromium',
    baseURL: process.env.SLADESK_E2E_BASE_URL,
    locale: 'nl-NL',
    timezoneId: 'Europe/Amsterdam',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
    launchOptions: {
      // Debian's Chromium: Playwright never downloads a browser here.
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [
    // The first-run journey consumes the one-time setup link and creates the admin the other journeys use.
    { name: 'setup', testMatch: 'setup-and-signin.spec.ts' },
    { name: 'journeys', testIgnore: 'setup-and-signin.spec.ts', dependencies: ['setup'] },
  ],
})
