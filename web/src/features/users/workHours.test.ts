import { describe, expect, it } from 'vitest'
import { hasHours, workHoursSummary } from './workHours.ts'

const nl = ['ma', 'di', 'wo', 'do', 'vr', 'za', 'zo']
const range = (day: number, from: string, to: string) => ({ day, from, to })

describe('workHoursSummary', () => {
  it('puts consecutive days with the same times together', () => {
    const hours = [1, 2, 3, 4].map((d) => range(d, '08:00', '17:00')).concat([range(5, '08:00', '12:00')])
    expect(workHoursSummary(hours, nl)).toBe('ma–do 08:00–17:00, vr 08:00–12:00')
  })

  it('keeps days apart that are not next to each other, and shows split days', () => {
    const hours = [
      range(3, '13:00', '17:00'),
      range(1, '09:00', '17:00'),
      range(3, '08:00', '12:00'),
      range(5, '09:00', '17:00'),
    ]
    expect(workHoursSummary(hours, nl)).toBe('ma 09:00–17:00, wo 08:00–12:00 + 13:00–17:00, vr 09:00–17:00')
  })

  it('says nothing for no hours, and the weekend as one', () => {
    expect(workHoursSummary([], nl)).toBe('')
    expect(workHoursSummary([range(6, '00:00', '24:00'), range(7, '00:00', '24:00')], nl)).toBe('za–zo 00:00–24:00')
  })
})

describe('hasHours', () => {
  it('wants at least one range', () => {
    expect(hasHours([])).toBe(false)
    expect(hasHours([range(1, '08:00', '17:00')])).toBe(true)
  })
})
