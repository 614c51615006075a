import { describe, expect, it } from 'vitest'
import { AssetInput } from '../../../../src/modules/assets/schema.ts'
import { assetToForm, emptyAssetForm, formToAssetBody } from './assetForm.ts'

const message = (p: string) => `bad ${p}`

describe('formToAssetBody', () => {
  it('sends a server with its own fields, dates as ISO and numbers as numbers, which the shared schema accepts', () => {
    const form = {
      ...emptyAssetForm('server'),
      name: 'srv-01',
      os: 'Windows Server',
      osVersion: '2022',
      role: 'Domain controller',
      memoryGb: '64',
      warrantyEnd: '31-12-2027',
      description: 'left out: not a server field',
    }
    const { body, errors } = formToAssetBody(form, message)
    expect(errors).toEqual({})
    expect(body).toMatchObject({ class: 'server', warrantyEnd: '2027-12-31', memoryGb: 64, storageGb: null })
    expect(body).not.toHaveProperty('description')
    expect(AssetInput.safeParse(body).success).toBe(true)
  })

  it('reports dates and numbers it cannot read under the keys the server uses', () => {
    const form = {
      ...emptyAssetForm('ups'),
      name: 'ups-01',
      batteryInstalledOn: '31-02-2026',
      capacityVa: '1,5',
      monitoringKind: 'nut' as const,
      monitoringHost: 'nut.local',
      monitoringPort: 'abc',
    }
    const { errors } = formToAssetBody(form, message)
    expect(errors).toEqual({
      batteryInstalledOn: 'bad date',
      capacityVa: 'bad wholeNumber',
      'monitoring.port': 'bad wholeNumber',
    })
  })

  it('keeps the stored NUT password when the field is left empty, and sends a new one when typed', () => {
    const form = { ...emptyAssetForm('ups'), name: 'ups', monitoringKind: 'nut' as const, monitoringHost: '10.0.0.5' }
    const kept = formToAssetBody({ ...form, monitoringUpsName: 'ups' }, message).body.monitoring
    expect(kept).toEqual({ kind: 'nut', host: '10.0.0.5', upsName: 'ups', username: '' })
    const changed = formToAssetBody({ ...form, monitoringUpsName: 'ups', monitoringPassword: 's3cret' }, message).body
    expect(changed.monitoring).toMatchObject({ password: 's3cret' })
    expect(AssetInput.safeParse(changed).success).toBe(true)
  })

  it("sends each job's grace in hours, 0 when left empty, and reports one it cannot read", () => {
    const job = { name: 'nightly', schedule: 'daily' as const, host: '', expectedFrom: '' }
    const form = {
      ...emptyAssetForm('backup-system'),
      name: 'nas-01',
      expectedJobs: [
        { ...job, graceHours: '6', expectedFrom: '2026-11-01' },
        { ...job, name: 'weekly', graceHours: '' },
      ],
    }
    const { body, errors } = formToAssetBody(form, message)
    expect(errors).toEqual({})
    expect(AssetInput.parse(body)).toMatchObject({
      expectedJobs: [
        { name: 'nightly', graceHours: 6, expectedFrom: '2026-11-01' },
        { name: 'weekly', graceHours: 0, expectedFrom: null },
      ],
    })
    const bad = formToAssetBody({ ...form, expectedJobs: [{ ...job, graceHours: '1,5' }] }, message)
    expect(bad.errors).toEqual({ 'expectedJobs.0.graceHours': 'bad wholeNumber' })
    // Above the 72 hours the schema allows: the shared schema refuses it under the same key.
    const tooLate = formToAssetBody({ ...form, expectedJobs: [{ ...job, graceHours: '96' }] }, message).body
    const parsed = AssetInput.safeParse(tooLate)
    expect(parsed.success).toBe(false)
    expect(parsed.error?.issues.map((i) => i.path.join('.'))).toEqual(['expectedJobs.0.graceHours'])
  })

  it('round-trips a stored backup system through the form', () => {
    const stored = {
      id: '01a2289c-2827-7172-88c5-4173152a3d31',
      customerId: '01a2289c-2827-7172-88c5-4173152a3d30',
      class: 'backup-system' as const,
      name: 'nas-01',
      siteId: null,
      siteName: null,
      serial: 'SN1',
      purchaseDate: '2024-02-29',
      warrantyEnd: null,
      make: 'Synology',
      model: 'DS923+',
      status: 'active' as const,
      notes: null,
      remoteAccess: null,
      activeFrom: '2024-03-01',
      activeUntil: null,
      retiredOn: null,
      protectedBy: [],
      warnings: [],
      createdAt: 1,
      updatedAt: 1,
      kind: 'nas' as const,
      software: 'synology' as const,
      protectedAssetIds: ['01a2289c-2827-7172-88c5-4173152a3d32'],
      expectedJobs: [{ name: 'nightly', schedule: 'daily' as const, host: null, graceHours: 6, expectedFrom: null }],
    }
    const form = assetToForm(stored)
    expect(form.purchaseDate).toBe('29-02-2024')
    const { body, errors } = formToAssetBody(form, message)
    expect(errors).toEqual({})
    const parsed = AssetInput.parse(body)
    expect(parsed).toMatchObject({
      class: 'backup-system',
      purchaseDate: '2024-02-29',
      software: 'synology',
      protectedAssetIds: stored.protectedAssetIds,
      expectedJobs: [{ name: 'nightly', schedule: 'daily', host: null, graceHours: 6, expectedFrom: null }],
    })
  })
})
