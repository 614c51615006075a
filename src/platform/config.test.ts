import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createTestDatabase, dialects } from '../../test/support/databases.js'
import { openDatabase } from '../db/database.js'
import { ConfigError, loadConfig } from './config.js'

/** The message of the ConfigError that `env` causes. */
function errorOf(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(env)
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError)
    return (err as ConfigError).message
  }
  throw new Error('expected a ConfigError')
}

describe('loadConfig', () => {
  it('runs with no environment at all: SQLite in ./data on 127.0.0.1:8080', () => {
    const config = loadConfig({})
    expect(config).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      dataDir: resolve('data'),
      database: { dialect: 'sqlite', file: resolve('data', 'sladesk.db') },
      publicUrl: 'http://127.0.0.1:8080',
      mailFrom: 'sladesk <sladesk@localhost>',
      sessionDays: 14,
      logLevel: 'info',
      trustProxy: false,
      bodyLimitBytes: 1_048_576,
      jobs: true,
    })
    expect(config.smtpUrl).toBeUndefined()
    expect(config.admin).toBeUndefined()
  })

  it('keeps the SQLite file in DATA_DIR', () => {
    expect(loadConfig({ DATA_DIR: '/var/lib/sladesk' }).database).toEqual({
      dialect: 'sqlite',
      file: '/var/lib/sladesk/sladesk.db',
    })
  })

  it.each([
    ['postgres://sladesk:geheim@db.example:5432/sladesk'],
    ['postgresql://sladesk@db.example/sladesk?sslmode=require'],
  ])('selects PostgreSQL for DATABASE_URL=%s', (url) => {
    expect(loadConfig({ DATABASE_URL: url }).database).toEqual({ dialect: 'postgres', url })
  })

  it('takes an explicit SQLite file from DATABASE_URL=sqlite:…, relative to the working directory', () => {
    expect(loadConfig({ DATABASE_URL: 'sqlite:./elders/klant.db' }).database).toEqual({
      dialect: 'sqlite',
      file: resolve('elders', 'klant.db'),
    })
  })

  it('builds the public URL from host and port (IPv6 in brackets); trims a slash off PUBLIC_URL', () => {
    expect(loadConfig({ HOST: '::1', PORT: '9000' }).publicUrl).toBe('http://[::1]:9000')
    expect(loadConfig({ PUBLIC_URL: 'https://sla.msp.example/' }).publicUrl).toBe('https://sla.msp.example')
  })

  it('reads the flags and numbers it is given', () => {
    const config = loadConfig({
      PORT: '3000',
      SMTP_URL: 'smtps://mailer:pw@smtp.msp.example:465',
      SESSION_DAYS: '30',
      TRUST_PROXY: 'true',
      JOBS: 'off',
      LOG_LEVEL: 'warn',
      SLADESK_ADMIN_EMAIL: 'beheer@msp.example',
      SLADESK_ADMIN_PASSWORD: 'een lang wachtwoord',
    })
    expect(config).toMatchObject({
      port: 3000,
      sessionDays: 30,
      trustProxy: true,
      jobs: false,
      logLevel: 'warn',
      smtpUrl: 'smtps://mailer:pw@smtp.msp.example:465',
    })
    expect(config.admin).toEqual({ email: 'beheer@msp.example', password: 'een lang wachtwoord' })
  })

  it('lists every bad variable in one error', () => {
    const message = errorOf({ PORT: 'abc', SMTP_URL: 'http://x', DATABASE_URL: 'mysql://db/sladesk', JOBS: 'maybe' })
    expect(message).toMatch(/^Invalid configuration:/)
    for (const name of ['PORT', 'SMTP_URL', 'DATABASE_URL', 'JOBS']) {
      expect(message).toMatch(new RegExp(`^  ${name}: `, 'm'))
    }
    expect(message).toContain('must start with smtp:// or smtps://')
    expect(message).not.toMatch(/^ {2}(HOST|DATA_DIR|SESSION_DAYS):/m)
  })

  it.each([
    [{ PORT: '70000' }, 'PORT'],
    [{ PORT: '80.5' }, 'PORT'],
    [{ SESSION_DAYS: '0' }, 'SESSION_DAYS'],
    [{ PUBLIC_URL: 'not a url' }, 'PUBLIC_URL'],
    [{ TRUST_PROXY: 'yes' }, 'TRUST_PROXY'],
    [{ BODY_LIMIT_BYTES: '10' }, 'BODY_LIMIT_BYTES'],
    [{ SLADESK_ADMIN_EMAIL: 'geen-adres', SLADESK_ADMIN_PASSWORD: 'een lang wachtwoord' }, 'SLADESK_ADMIN_EMAIL'],
    [{ SLADESK_ADMIN_EMAIL: 'beheer@msp.example', SLADESK_ADMIN_PASSWORD: 'kort' }, 'SLADESK_ADMIN_PASSWORD'],
  ])('refuses %o and names %s', (env, name) => {
    expect(errorOf(env)).toMatch(new RegExp(`^  ${name}: `, 'm'))
  })

  it.each([[{ SLADESK_ADMIN_EMAIL: 'beheer@msp.example' }], [{ SLADESK_ADMIN_PASSWORD: 'een lang wachtwoord' }]])(
    'refuses one of the admin e-mail and password without the other: %o',
    (env) => {
      expect(errorOf(env)).toContain('SLADESK_ADMIN_EMAIL and SLADESK_ADMIN_PASSWORD must be set together')
    },
  )

  it('takes an empty admin variable as not set', () => {
    expect(loadConfig({ SLADESK_ADMIN_EMAIL: '', SLADESK_ADMIN_PASSWORD: '' }).admin).toBeUndefined()
    expect(errorOf({ SLADESK_ADMIN_EMAIL: 'beheer@msp.example', SLADESK_ADMIN_PASSWORD: '' })).toContain(
      'must be set together',
    )
  })

  it('names a lonely admin e-mail together with the other bad variables', () => {
    const message = errorOf({ PORT: 'abc', SLADESK_ADMIN_EMAIL: 'beheer@msp.example' })
    expect(message).toMatch(/^ {2}PORT: /m)
    expect(message).toContain('SLADESK_ADMIN_EMAIL and SLADESK_ADMIN_PASSWORD must be set together')
  })
})

for (const dialect of dialects) {
  describe(`loadConfig with a real database [${dialect}]`, () => {
    it('opens the database DATABASE_URL names', async () => {
      const test = await createTestDatabase(dialect)
      try {
        const config = loadConfig({ DATABASE_URL: test.url })
        expect(config.database.dialect).toBe(dialect)
        const database = openDatabase(config.database, { poolSize: 1 })
        try {
          await database.ping()
          // The same database the test created: its migrations are there.
          const tables = await database.db.introspection.getTables()
          expect(tables.map((t) => t.name)).toEqual(
            expect.arrayContaining(['customers', 'contacts', 'audit_log', 'outbox', 'job_runs']),
          )
        } finally {
          await database.close()
        }
      } finally {
        await test.drop()
      }
    })
  })
}
