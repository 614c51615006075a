import { describe, expect, it } from 'vitest'
import { UPS_STATES } from '../../../../src/modules/monitoring/parsers/types.ts'
import { byUrgency, isKnownUpsState, upsStateColor } from './ups.ts'

const item = (customerName: string, ups: string, state: string) => ({ customerName, ups, state })

describe('UPS states', () => {
  it('knows every state the parsers produce', () => {
    expect(UPS_STATES.filter((s) => !isKnownUpsState(s))).toEqual([])
    expect(isKnownUpsState('boost')).toBe(false)
  })

  it('colours mains green, battery orange, imminent loss red and an unknown state grey', () => {
    expect(upsStateColor('online')).toBe('green')
    expect(upsStateColor('on-battery')).toBe('orange')
    expect(upsStateColor('low-battery')).toBe('red')
    expect(upsStateColor('boost')).toBe('gray')
  })

  it('puts the UPS that needs someone now at the top, then by customer and name', () => {
    const sorted = byUrgency([
      item('Bakkerij', 'ups-b', 'online'),
      item('Advocaten', 'ups-a', 'online'),
      item('Bakkerij', 'ups-a', 'on-battery'),
      item('Zorg', 'ups-z', 'low-battery'),
      item('Bakkerij', 'ups-c', 'comm-lost'),
    ])
    expect(sorted.map((i) => `${i.customerName}/${i.ups}`)).toEqual([
      'Zorg/ups-z',
      'Bakkerij/ups-a',
      'Bakkerij/ups-c',
      'Advocaten/ups-a',
      'Bakkerij/ups-b',
    ])
  })
})
