import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { DateTime } from 'luxon'
import { buildApp } from './app.js'
import { openDatabase } from './db/database.js'
import { migrateToLatest } from './db/migrate.js'
import { ConfigError, loadConfig, type Config } from './platform/config.js'
import { backupSqlite } from './platform/backup.js'
import { packageRoot } from './platform/paths.js'

const packageJson = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string }

const USAGE = `Usage: sladesk <command>

  serve                 run the server (the default)
  migrate               bring the database schema up to date and exit
  demo [--customers N] [--tickets N] [--seed N] [--now TIME]
                        fill the database with a demo MSP (default 20 customers, 10 tickets each) whose history
                        ends now, or at TIME (ISO 8601, e.g. 2026-11-27T16:00+01:00); the same seed and TIME give
                        the same demo
  backup FILE           write a consistent copy of the SQLite database while sladesk runs
  ingest --customer ID|NAME [--format F] [--kind backup|ups] [--job NAME] FILE|FOLDER…
                        take in backup and UPS reports from files (as the ingest API does), with a progress bar

Configuration comes from environment variables; see README.md.`

async function serve(config: Config): Promise<void> {
  const sladesk = await buildApp(config)
  const { app, services } = sladesk
  if (config.admin && (await services.auth.ensureAdmin(config.admin.email, config.admin.password))) {
    app.log.info({ email: config.admin.email }, 'created the admin from SLADESK_ADMIN_EMAIL')
  }
  const setupToken = await services.auth.issueSetupToken()
  await app.listen({ port: config.port, host: config.host })
  if (setupToken) {
    // On the console on purpose: whoever can read it controls the machine anyway.
    console.log(
      `\n  sladesk has no users yet. Open this link to set it up (valid 24 hours):\n\n    ${config.publicUrl}/setup?token=${setupToken}\n`,
    )
  }
  await sladesk.startMailIn()
  if (config.jobs) {
    sladesk.scheduler.start(sladesk.jobs)
  }

  let stopping = false
  const stop = (signal: string) => {
    if (stopping) {
      return
    }
    stopping = true
    app.log.info({ signal }, 'stopping: finishing requests and jobs in flight')
    sladesk
      .close()
      .then(() => process.exit(0))
      .catch((err: unknown) => {
        app.log.error({ err }, 'unclean stop')
        process.exit(1)
      })
  }
  process.once('SIGTERM', () => stop('SIGTERM'))
  process.once('SIGINT', () => stop('SIGINT'))
}

async function main(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      customers: { type: 'string' },
      tickets: { type: 'string' },
      seed: { type: 'string' },
      now: { type: 'string' },
      customer: { type: 'string' },
      format: { type: 'string' },
      kind: { type: 'string' },
      job: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  const [command = 'serve', ...rest] = positionals
  if (values.help) {
    console.log(USAGE)
    return
  }
  const config = loadConfig(process.env, packageJson.version)
  switch (command) {
    case 'serve':
      return serve(config)
    case 'migrate': {
      const database = openDatabase(config.database)
      const applied = await migrateToLatest(database.db)
      console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The database is up to date.')
      await database.close()
      return
    }
    case 'demo': {
      const { runDemo } = await import('./demo/demo.js')
      const customers = values.customers === undefined ? 20 : Number(values.customers)
      if (!Number.isInteger(customers) || customers < 1) {
        throw new ConfigError('--customers must be a positive whole number')
      }
      const tickets = values.tickets === undefined ? undefined : Number(values.tickets)
      if (tickets !== undefined && (!Number.isInteger(tickets) || tickets < 0)) {
        throw new ConfigError('--tickets must be a whole number, 0 or more')
      }
      const seed = values.seed === undefined ? 1 : Number(values.seed)
      if (!Number.isInteger(seed)) {
        throw new ConfigError('--seed must be a whole number')
      }
      // ISO 8601; a time without an offset is UTC's.
      const at = values.now === undefined ? DateTime.now() : DateTime.fromISO(values.now, { zone: 'utc' })
      if (!at.isValid) {
        throw new ConfigError('--now must be a date and time in ISO 8601, e.g. 2026-11-27T16:00+01:00')
      }
      return runDemo(config, { customers, tickets, seed, now: at.toMillis() })
    }
    case 'backup': {
      const file = rest[0]
      if (!file) {
        throw new ConfigError('backup needs a target file: sladesk backup FILE')
      }
      if (config.database.dialect === 'postgres') {
        console.log(
          'sladesk runs on PostgreSQL here: back it up with pg_dump, e.g.\n  pg_dump --format=custom --file=sladesk.dump "$DATABASE_URL"',
        )
        return
      }
      const pages = await backupSqlite(config.database.file, resolve(file), (done, total) => {
        process.stderr.write(`\r  ${Math.round((done / Math.max(total, 1)) * 100)} %`)
      })
      process.stderr.write('\n')
      console.log(`Wrote ${resolve(file)} (${pages} pages).`)
      return
    }
    case 'ingest': {
      if (!values.customer) {
        throw new ConfigError('ingest needs --customer <id or name>')
      }
      if (values.kind !== undefined && values.kind !== 'backup' && values.kind !== 'ups') {
        throw new ConfigError('--kind must be backup or ups')
      }
      const { runIngest } = await import('./cli/ingest.js')
      const summary = await runIngest(config, {
        customer: values.customer,
        files: rest,
        ...(values.format !== undefined && { format: values.format }),
        ...(values.kind !== undefined && { kind: values.kind }),
        ...(values.job !== undefined && { job: values.job }),
      })
      process.exitCode = summary.skipped.length > 0 ? 1 : 0
      return
    }
    default:
      console.error(`Unknown command: ${command}\n\n${USAGE}`)
      process.exitCode = 2
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  if (err instanceof ConfigError) {
    console.error(err.message)
    process.exit(2)
  }
  console.error(err)
  process.exit(1)
})
