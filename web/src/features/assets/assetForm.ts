import type {
  AssetClass,
  AssetStatus,
  BACKUP_KINDS,
  BACKUP_SOFTWARE,
  NETWORK_KINDS,
  REMOTE_ACCESS_KINDS,
  SERVER_KINDS,
} from '../../../../src/modules/assets/classes.ts'
import type { Asset } from '../../../../src/modules/assets/schema.ts'
import type { FieldErrors } from '../../app/apiClient.ts'
import { formatDay, isoDay, parseDay } from '../audit/dayInput.ts'

export interface ExpectedJobForm {
  name: string
  schedule: 'daily' | 'weekly'
  host: string
  /** Hours after the morning check that a run still counts for that day, as typed. */
  graceHours: string
  /** The first day a report is expected (YYYY-MM-DD), or '' for "from the day it is added". */
  expectedFrom: string
}

/**
 * An asset as the form holds it: every field of every class as typed (dates as `dd-mm-jjjj`, numbers as text), so
 * that switching the class keeps what was typed. Only the fields of the chosen class are sent.
 */
export interface AssetFormValues {
  class: AssetClass
  name: string
  siteId: string | null
  status: AssetStatus
  make: string
  model: string
  serial: string
  purchaseDate: string
  warrantyEnd: string
  notes: string
  remoteKind: (typeof REMOTE_ACCESS_KINDS)[number] | null
  remoteAddress: string
  remoteUsername: string
  serverKind: (typeof SERVER_KINDS)[number]
  os: string
  osVersion: string
  role: string
  cpu: string
  memoryGb: string
  storageGb: string
  user: string
  networkKind: (typeof NETWORK_KINDS)[number]
  firmware: string
  ip: string
  batteryInstalledOn: string
  capacityVa: string
  protectedAssetIds: string[]
  monitoringKind: 'nut' | 'apcupsd' | null
  monitoringHost: string
  monitoringPort: string
  monitoringUpsName: string
  monitoringUsername: string
  /** Write-only: empty keeps the stored password. */
  monitoringPassword: string
  /** Whether the server holds a NUT password (it is never sent back). */
  monitoringHasPassword: boolean
  backupKind: (typeof BACKUP_KINDS)[number]
  software: (typeof BACKUP_SOFTWARE)[number] | null
  expectedJobs: ExpectedJobForm[]
  description: string
}

const dayText = (iso: string | null) => {
  const day = iso ? parseDay(iso) : null
  return day ? formatDay(day) : ''
}
const numberText = (n: number | null | undefined) => (n === null || n === undefined ? '' : String(n))

export function emptyAssetForm(cls: AssetClass = 'server'): AssetFormValues {
  return {
    class: cls,
    name: '',
    siteId: null,
    status: 'active',
    make: '',
    model: '',
    serial: '',
    purchaseDate: '',
    warrantyEnd: '',
    notes: '',
    remoteKind: null,
    remoteAddress: '',
    remoteUsername: '',
    serverKind: 'physical',
    os: '',
    osVersion: '',
    role: '',
    cpu: '',
    memoryGb: '',
    storageGb: '',
    user: '',
    networkKind: 'switch',
    firmware: '',
    ip: '',
    batteryInstalledOn: '',
    capacityVa: '',
    protectedAssetIds: [],
    monitoringKind: null,
    monitoringHost: '',
    monitoringPort: '',
    monitoringUpsName: '',
    monitoringUsername: '',
    monitoringPassword: '',
    monitoringHasPassword: false,
    backupKind: 'nas',
    software: null,
    expectedJobs: [],
    description: '',
  }
}

/** The form filled with a stored asset. */
export function assetToForm(asset: Asset): AssetFormValues {
  const form: AssetFormValues = {
    ...emptyAssetForm(asset.class),
    name: asset.name,
    siteId: asset.siteId,
    status: asset.status,
    make: asset.make ?? '',
    model: asset.model ?? '',
    serial: asset.serial ?? '',
    purchaseDate: dayText(asset.purchaseDate),
    warrantyEnd: dayText(asset.warrantyEnd),
    notes: asset.notes ?? '',
    remoteKind: asset.remoteAccess?.kind ?? null,
    remoteAddress: asset.remoteAccess?.address ?? '',
    remoteUsername: asset.remoteAccess?.username ?? '',
  }
  switch (asset.class) {
    case 'server':
      return {
        ...form,
        serverKind: asset.kind,
        os: asset.os ?? '',
        osVersion: asset.osVersion ?? '',
        role: asset.role ?? '',
        cpu: asset.cpu ?? '',
        memoryGb: numberText(asset.memoryGb),
        storageGb: numberText(asset.storageGb),
      }
    case 'workstation':
    case 'laptop':
      return { ...form, os: asset.os ?? '', osVersion: asset.osVersion ?? '', user: asset.user ?? '' }
    case 'network':
      return { ...form, networkKind: asset.kind, firmware: asset.firmware ?? '', ip: asset.ip ?? '' }
    case 'ups': {
      const m = asset.monitoring
      return {
        ...form,
        batteryInstalledOn: dayText(asset.batteryInstalledOn),
        capacityVa: numberText(asset.capacityVa),
        protectedAssetIds: asset.protectedAssetIds,
        monitoringKind: m?.kind ?? null,
        monitoringHost: m?.host ?? '',
        monitoringPort: numberText(m?.port),
        monitoringUpsName: m?.kind === 'nut' ? m.upsName : '',
        monitoringUsername: m?.kind === 'nut' ? (m.username ?? '') : '',
        monitoringHasPassword: m?.kind === 'nut' && m.hasPassword,
      }
    }
    case 'backup-system':
      return {
        ...form,
        backupKind: asset.kind,
        software: asset.software,
        protectedAssetIds: asset.protectedAssetIds,
        expectedJobs: asset.expectedJobs.map((j) => ({
          name: j.name,
          schedule: j.schedule,
          host: j.host ?? '',
          graceHours: String(j.graceHours),
          expectedFrom: j.expectedFrom ?? '',
        })),
      }
    case 'printer':
      return { ...form, ip: asset.ip ?? '' }
    case 'other':
      return { ...form, description: asset.description ?? '' }
  }
}

export type FormProblem = 'date' | 'wholeNumber'

/**
 * The body for POST (a new asset) or PATCH (the whole asset again, validated by the server as a whole) from the
 * form: the common fields and those of the chosen class. Dates and numbers that cannot be read are reported in
 * `errors` (keyed as the server keys its field errors) and left out; the rest is checked by the shared schema.
 */
export function formToAssetBody(
  v: AssetFormValues,
  message: (problem: FormProblem) => string,
): { body: Record<string, unknown>; errors: FieldErrors } {
  const errors: FieldErrors = {}
  const date = (key: string, text: string): string | null => {
    if (text.trim() === '') {
      return null
    }
    const day = parseDay(text)
    if (!day) {
      errors[key] = message('date')
      return null
    }
    return isoDay(day)
  }
  const whole = (key: string, text: string): number | null => {
    const value = text.trim()
    if (value === '') {
      return null
    }
    if (!/^\d+$/.test(value)) {
      errors[key] = message('wholeNumber')
      return null
    }
    return Number(value)
  }
  const body: Record<string, unknown> = {
    class: v.class,
    name: v.name,
    siteId: v.siteId,
    status: v.status,
    make: v.make,
    model: v.model,
    serial: v.serial,
    purchaseDate: date('purchaseDate', v.purchaseDate),
    warrantyEnd: date('warrantyEnd', v.warrantyEnd),
    notes: v.notes,
    remoteAccess: v.remoteKind ? { kind: v.remoteKind, address: v.remoteAddress, username: v.remoteUsername } : null,
  }
  switch (v.class) {
    case 'server':
      Object.assign(body, {
        kind: v.serverKind,
        os: v.os,
        osVersion: v.osVersion,
        role: v.role,
        cpu: v.cpu,
        memoryGb: whole('memoryGb', v.memoryGb),
        storageGb: whole('storageGb', v.storageGb),
      })
      break
    case 'workstation':
    case 'laptop':
      Object.assign(body, { os: v.os, osVersion: v.osVersion, user: v.user })
      break
    case 'network':
      Object.assign(body, { kind: v.networkKind, firmware: v.firmware, ip: v.ip.trim() || null })
      break
    case 'ups': {
      let monitoring: Record<string, unknown> | null = null
      if (v.monitoringKind) {
        const port = whole('monitoring.port', v.monitoringPort)
        monitoring = { kind: v.monitoringKind, host: v.monitoringHost.trim(), ...(port !== null && { port }) }
        if (v.monitoringKind === 'nut') {
          Object.assign(monitoring, { upsName: v.monitoringUpsName.trim(), username: v.monitoringUsername })
          // Left empty, the stored password stays as it is.
          if (v.monitoringPassword !== '') {
            monitoring.password = v.monitoringPassword
          }
        }
      }
      Object.assign(body, {
        batteryInstalledOn: date('batteryInstalledOn', v.batteryInstalledOn),
        capacityVa: whole('capacityVa', v.capacityVa),
        protectedAssetIds: v.protectedAssetIds,
        monitoring,
      })
      break
    }
    case 'backup-system':
      Object.assign(body, {
        kind: v.backupKind,
        software: v.software,
        protectedAssetIds: v.protectedAssetIds,
        expectedJobs: v.expectedJobs.map((j, i) => ({
          name: j.name,
          schedule: j.schedule,
          host: j.host,
          graceHours: whole(`expectedJobs.${i}.graceHours`, j.graceHours) ?? 0,
          expectedFrom: j.expectedFrom || null,
        })),
      })
      break
    case 'printer':
      Object.assign(body, { ip: v.ip.trim() || null })
      break
    case 'other':
      Object.assign(body, { description: v.description })
      break
  }
  return { body, errors }
}
