import { describe, expect, it } from 'vitest'
import { PARSERS } from '../../../../src/modules/monitoring/parsers/index.ts'
import { formatsFor, REPORT_FORMATS } from './formats.ts'

describe('report formats', () => {
  it('are exactly the formats the server parses, each with its kind', () => {
    expect(REPORT_FORMATS).toEqual(PARSERS.map((p) => ({ format: p.format, kind: p.kind })))
  })

  it('offers a backup report only backup formats, sorted', () => {
    const backup = formatsFor('backup')
    expect(backup).toContain('restic')
    expect(backup).not.toContain('nut')
    expect(backup).toEqual([...backup].sort())
    expect(formatsFor('ups')).toEqual(['apcaccess', 'apcupsd-events', 'nut', 'upslog', 'upsmon'])
  })
})
