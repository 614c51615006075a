import { describe, expect, it } from 'vitest'
import { MonitoringConfig, MonitoringConfigPatch } from '../../../../src/modules/monitoring/schema.ts'
import { configPatch, LEVEL_KEYS } from './configPatch.ts'

const stored: MonitoringConfig = {
  checkTime: '07:30',
  resolveOnSuccess: true,
  missingLongAfterDays: 3,
  warningRepeatDays: 3,
  upsOnBatteryMinutes: 5,
  upsCommLostMinutes: 30,
  upsPollSeconds: 60,
  levels: {
    backupFailed: 'normal',
    backupMissing: 'normal',
    backupMissingLong: 'high',
    backupWarnings: 'low',
    upsOnBattery: 'normal',
    upsOnBatteryServer: 'high',
    upsLowBattery: 'high',
    upsReplaceBattery: 'low',
    upsCommLost: 'low',
    upsOverload: 'normal',
  },
}

describe('configPatch', () => {
  it('lists every level the schema has', () => {
    expect([...LEVEL_KEYS].sort()).toEqual(Object.keys(MonitoringConfig.shape.levels.shape).sort())
  })

  it('sends only what changed, levels one by one, in a body the server accepts', () => {
    const patch = configPatch(stored, {
      ...stored,
      checkTime: '08:00',
      levels: { ...stored.levels, upsCommLost: 'normal' },
    })
    expect(patch).toEqual({ checkTime: '08:00', levels: { upsCommLost: 'normal' } })
    expect(MonitoringConfigPatch.safeParse(patch).success).toBe(true)
  })

  it('has nothing to send when nothing changed', () => {
    expect(configPatch(stored, { ...stored, levels: { ...stored.levels } })).toBeNull()
  })
})
