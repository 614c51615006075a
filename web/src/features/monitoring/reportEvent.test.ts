import { describe, expect, it } from 'vitest'
import type { ReportEvent } from '../../../../src/modules/monitoring/schema.ts'
import { eventDetails, orderEvents, runSeconds } from './reportEvent.ts'

const event = (id: string, job: string | null, at: number, details: Record<string, unknown> = {}): ReportEvent => ({
  id,
  kind: 'backup',
  job,
  host: null,
  result: 'success',
  at,
  startedAt: null,
  bytes: null,
  files: null,
  details,
})

describe('eventDetails', () => {
  it('reads errors, warnings and UPS figures, and ignores what is not of the expected type', () => {
    const d = eventDetails(
      event('e', 'j', 1, {
        errors: ['open /srv/db: permission denied', 42],
        warnings: 'not a list',
        atAssumed: true,
        charge: 87.5,
        runtimeSeconds: 'soon',
        message: '',
      }),
    )
    expect(d).toMatchObject({
      errors: ['open /srv/db: permission denied'],
      warnings: [],
      atAssumed: true,
      charge: 87.5,
      runtimeSeconds: null,
      message: null,
    })
  })
})

describe('runSeconds', () => {
  it('is the time from start to end, and unknown without a start or with a clock that went back', () => {
    expect(runSeconds({ startedAt: 1_000, at: 91_000 })).toBe(90)
    expect(runSeconds({ startedAt: null, at: 91_000 })).toBeNull()
    expect(runSeconds({ startedAt: 5_000, at: 1_000 })).toBeNull()
  })
})

describe('orderEvents', () => {
  it('shows the deciding run first, then the same job newest first, then the other guests of the report', () => {
    const events = [
      event('a', 'vzdump-101', 3),
      event('b', 'vzdump-100', 1),
      event('c', 'VZDUMP-100 ', 2),
      event('d', 'vzdump-102', 4),
      event('e', 'vzdump-100', 5),
    ]
    const ordered = orderEvents(events, { eventId: 'c', job: 'vzdump-100' })
    expect(ordered.map((e) => e.id)).toEqual(['c', 'e', 'b', 'd', 'a'])
  })

  it('orders newest first without a focus', () => {
    expect(orderEvents([event('a', null, 1), event('b', null, 2)], {}).map((e) => e.id)).toEqual(['b', 'a'])
  })
})
