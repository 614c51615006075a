import type { MonitoringConfig, MonitoringConfigPatch } from '../../../../src/modules/monitoring/schema.ts'

export type LevelKey = keyof MonitoringConfig['levels']

/** The problems in the order the settings list them: backups first, then the UPS. */
export const LEVEL_KEYS: readonly LevelKey[] = [
  'backupFailed',
  'backupMissing',
  'backupMissingLong',
  'backupWarnings',
  'upsOnBattery',
  'upsOnBatteryServer',
  'upsLowBattery',
  'upsReplaceBattery',
  'upsCommLost',
  'upsOverload',
]

/** Only what changed between the stored settings and the form, or null when nothing did (no empty PATCH). */
export function configPatch(before: MonitoringConfig, after: MonitoringConfig): MonitoringConfigPatch | null {
  const patch: Record<string, unknown> = {}
  for (const key of Object.keys(after) as (keyof MonitoringConfig)[]) {
    if (key !== 'levels' && after[key] !== before[key]) {
      patch[key] = after[key]
    }
  }
  const levels: Partial<MonitoringConfig['levels']> = {}
  for (const key of LEVEL_KEYS) {
    if (after.levels[key] !== before.levels[key]) {
      levels[key] = after.levels[key]
    }
  }
  if (Object.keys(levels).length > 0) {
    patch.levels = levels
  }
  return Object.keys(patch).length > 0 ? patch : null
}
