// Polls the Network UPS Tools servers configured on UPS assets (host, port, UPS name, optional login) and turns
// what changed into events: a change of state is stored as a report (the NUT protocol's own answer, so that it is
// kept and parsed like any other), an unchanged state only refreshes the UPS's last reading, and a server that does
// not answer is "communication lost" once (the watch job makes it a ticket after its threshold).
import type { Db } from '../../db/database.js'
import { uuidv7 } from '../../platform/ids.js'
import type { MonitoringCheck } from './check.js'
import { jobKey } from './daily.js'
import { errorEventOf, NutError, queryUps, upsEventOf } from './nut-client.js'
import type { UpsEvent } from './parsers/types.js'
import * as repo from './repo.js'
import type { MonitoringService } from './service.js'

interface NutSettings {
  kind: 'nut'
  host: string
  port?: number
  upsName: string
  username?: string | null
  password?: string | null
}

/** How many servers are asked at once: a slow one must not hold up the rest, and a few hundred UPSes fit a minute. */
const CONCURRENCY = 8

/** The protocol answer as upsd writes it (`VAR <ups> <name> "<value>"`), which the `nut` parser reads. */
export function transcriptOf(upsName: string, vars: Readonly<Record<string, string>>, at: number): string {
  const quote = (v: string) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`
  const lines = [`# polled by sladesk at ${new Date(at).toISOString()}`, `BEGIN LIST VAR ${upsName}`]
  for (const name of Object.keys(vars).sort()) {
    lines.push(`VAR ${upsName} ${name} ${quote(vars[name]!)}`)
  }
  lines.push(`END LIST VAR ${upsName}`, '')
  return lines.join('\n')
}

/** A poll's event as the UPS status code reads events (it has no report of its own when nothing was received). */
function eventRowOf(customerId: string, e: UpsEvent): repo.EventRow {
  return {
    id: uuidv7(),
    report_id: '',
    customer_id: customerId,
    kind: 'ups',
    job: e.ups,
    host: null,
    result: e.state,
    at: e.at ?? 0,
    started_at: null,
    bytes: null,
    files: null,
    details: JSON.stringify({
      charge: e.charge,
      runtimeSeconds: e.runtimeSeconds,
      loadPercent: e.loadPercent,
      inputVoltage: e.inputVoltage,
      message: e.message,
    }),
  }
}

export interface PollerDeps {
  db: Db
  monitoring: MonitoringService
  check: MonitoringCheck
  now: () => number
  timeoutMs?: number
}

export function createUpsPoller({ db, monitoring, check, now, timeoutMs = 5_000 }: PollerDeps) {
  const lastPolled = new Map<string, number>()

  async function pollOne(asset: repo.UpsAssetRow, nut: NutSettings): Promise<'changed' | 'same' | 'failed'> {
    const at = now()
    const key = jobKey(nut.upsName)
    const current = await repo.findUpsStatus(db, asset.customer_id, key)
    let vars: Record<string, string>
    try {
      vars = await queryUps(
        {
          host: nut.host,
          port: nut.port ?? 3493,
          upsName: nut.upsName,
          username: nut.username,
          password: nut.password,
        },
        { timeoutMs },
      )
    } catch (err) {
      if (!(err instanceof NutError)) {
        throw err
      }
      // Silence is recorded once, when it begins; the watch job makes a ticket of it after its threshold.
      if (current?.state !== 'comm-lost') {
        const event = eventRowOf(asset.customer_id, errorEventOf(nut.upsName, err, at))
        await check.recordUps(asset.customer_id, [event], 'poll')
      }
      return 'failed'
    }
    const event = upsEventOf(nut.upsName, vars, at)
    if (current && current.state === event.state && !event.selfTest) {
      // Nothing happened: the reading is refreshed, no report is made of it.
      await repo.putUpsStatus(db, {
        ...current,
        since: Number(current.since),
        last_seen_at: at,
        charge: event.charge,
        runtime_seconds: event.runtimeSeconds,
        load_percent: event.loadPercent,
        input_voltage: event.inputVoltage,
        source: 'poll',
      })
      return 'same'
    }
    await monitoring.store({
      customerId: asset.customer_id,
      kind: 'ups',
      raw: Buffer.from(transcriptOf(nut.upsName, vars, at)),
      contentType: 'text/plain',
      source: 'nut',
      format: 'nut',
      job: nut.upsName,
      host: nut.host,
    })
    return 'changed'
  }

  return {
    /**
     * Asks every configured NUT server whose last poll is at least `everySeconds` old; returns what it found.
     * @param force poll all, whatever their last poll (the check by hand, the tests)
     */
    async pollAll(everySeconds: number, force = false): Promise<{ polled: number; changed: number; failed: number }> {
      const due: [repo.UpsAssetRow, NutSettings][] = []
      const at = now()
      for (const asset of await repo.upsAssets(db)) {
        const m = (JSON.parse(asset.details) as { monitoring?: NutSettings | { kind: string } | null }).monitoring
        if (m?.kind !== 'nut') {
          continue
        }
        if (!force && at - (lastPolled.get(asset.id) ?? 0) < everySeconds * 1000 - 500) {
          continue
        }
        due.push([asset, m as NutSettings])
      }
      const counts = { polled: 0, changed: 0, failed: 0 }
      for (let i = 0; i < due.length; i += CONCURRENCY) {
        const outcomes = await Promise.all(
          due.slice(i, i + CONCURRENCY).map(async ([asset, nut]) => {
            lastPolled.set(asset.id, at)
            return pollOne(asset, nut)
          }),
        )
        for (const o of outcomes) {
          counts.polled++
          if (o === 'changed') {
            counts.changed++
          } else if (o === 'failed') {
            counts.failed++
          }
        }
      }
      return counts
    },
  }
}

export type UpsPoller = ReturnType<typeof createUpsPoller>
