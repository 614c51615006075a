import { describe, expect, it } from 'vitest'
import type { Shift } from '../../../../src/modules/desk/schema.ts'
import {
  checkShift,
  fromLocalInput,
  MAX_SHIFT_MS,
  onCallAt,
  rotaTimeline,
  suggestedEnd,
  suggestedStart,
  toLocalInput,
} from './rota.ts'

const H = 3_600_000
const now = new Date(2026, 11, 3, 14, 20).getTime()
let n = 0
const shift = (name: string, startsAt: number, endsAt: number): Shift => ({
  id: `0190b7e0-0000-7000-8000-${String(++n).padStart(12, '0')}`,
  userId: '0190b7e0-0000-7000-8000-000000000099',
  userName: name,
  startsAt,
  endsAt,
})

describe('who is on call', () => {
  it('finds the shift that covers now, and not one that ended or has yet to start', () => {
    const ended = shift('Anna', now - 48 * H, now - H)
    const running = shift('Bram', now - H, now + 24 * H)
    const coming = shift('Cem', now + 24 * H, now + 48 * H)
    expect(onCallAt([coming, ended, running], now).map((s) => s.userName)).toEqual(['Bram'])
  })

  it('counts the start as on call and the end as off', () => {
    const s = shift('Anna', now, now + H)
    expect(onCallAt([s], now)).toHaveLength(1)
    expect(onCallAt([s], now + H)).toHaveLength(0)
  })

  it('gives both names when shifts overlap, and none when nobody is on call', () => {
    const a = shift('Anna', now - 2 * H, now + H)
    const b = shift('Bram', now - H, now + 2 * H)
    expect(onCallAt([b, a], now).map((s) => s.userName)).toEqual(['Anna', 'Bram'])
    expect(onCallAt([], now)).toEqual([])
  })
})

describe('the rota timeline', () => {
  it('shows the stretches without anyone on call between and after the shifts', () => {
    const a = shift('Anna', now - H, now + 10 * H)
    const b = shift('Bram', now + 12 * H, now + 20 * H)
    expect(rotaTimeline([b, a], now)).toEqual([
      { kind: 'shift', shift: a, current: true },
      { kind: 'gap', from: now + 10 * H, to: now + 12 * H },
      { kind: 'shift', shift: b, current: false },
      { kind: 'gap', from: now + 20 * H, to: null },
    ])
  })

  it('starts with a gap when nobody is on call now, and leaves out what has ended', () => {
    const old = shift('Anna', now - 30 * H, now - 2 * H)
    const later = shift('Bram', now + 3 * H, now + 5 * H)
    expect(rotaTimeline([old, later], now)).toEqual([
      { kind: 'gap', from: now, to: now + 3 * H },
      { kind: 'shift', shift: later, current: false },
      { kind: 'gap', from: now + 5 * H, to: null },
    ])
  })

  it('sees no gap inside overlapping or back-to-back shifts', () => {
    const a = shift('Anna', now, now + 10 * H)
    const b = shift('Bram', now + 2 * H, now + 4 * H)
    const c = shift('Cem', now + 10 * H, now + 12 * H)
    const kinds = rotaTimeline([a, b, c], now).map((e) => e.kind)
    expect(kinds).toEqual(['shift', 'shift', 'shift', 'gap'])
  })
})

describe('a new shift', () => {
  it('starts where the rota runs out, or at the next whole hour', () => {
    const a = shift('Anna', now - H, now + 10 * H)
    expect(suggestedStart([a], now)).toBe(now + 10 * H)
    expect(suggestedStart([], now)).toBe(new Date(2026, 11, 3, 15, 0).getTime())
  })

  it('lasts a week on the clock, also across the change to summer time', () => {
    const start = new Date(2027, 2, 22, 8, 0).getTime()
    const end = new Date(suggestedEnd(start))
    expect([end.getDate(), end.getHours(), end.getMinutes()]).toEqual([29, 8, 0])
  })

  it('reads and writes the value of a date-and-time field', () => {
    const at = new Date(2026, 11, 7, 8, 5).getTime()
    expect(toLocalInput(at)).toBe('2026-12-07T08:05')
    expect(fromLocalInput('2026-12-07T08:05')).toBe(at)
    expect(fromLocalInput('')).toBeNull()
    expect(fromLocalInput('2026-02-31T08:00')).toBeNull()
  })

  it('must have a technician, a start, and an end after it at most 31 days later', () => {
    const userId = '0190b7e0-0000-7000-8000-000000000099'
    expect(checkShift({ userId, startsAt: now, endsAt: now + MAX_SHIFT_MS })).toEqual({})
    expect(checkShift({ userId: null, startsAt: null, endsAt: null })).toEqual({
      userId: 'required',
      startsAt: 'required',
      endsAt: 'required',
    })
    expect(checkShift({ userId, startsAt: now, endsAt: now })).toEqual({ endsAt: 'order' })
    expect(checkShift({ userId, startsAt: now, endsAt: now + MAX_SHIFT_MS + 1 })).toEqual({ endsAt: 'tooLong' })
  })
})
