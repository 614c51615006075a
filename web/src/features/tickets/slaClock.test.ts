import i18next, { type TFunction } from 'i18next'
import { beforeAll, describe, expect, it } from 'vitest'
import type { TicketClock, TicketSla } from '../../../../src/modules/tickets/schema.ts'
import en from '../../locales/en.json'
import nl from '../../locales/nl.json'
import {
  countdownInstant,
  durationParts,
  formatDuration,
  formatHours,
  liveState,
  nearestDue,
  slaSummary,
  tickMs,
} from './slaClock.ts'

const T0 = Date.parse('2026-03-02T09:00:00Z')
const H = 3_600_000
const iso = (ms: number) => new Date(ms).toISOString()

const off: TicketClock = {
  state: 'none',
  dueAt: null,
  warnAt: null,
  metAt: null,
  targetSeconds: null,
  calendar: null,
  elapsedSeconds: 0,
  remainingSeconds: null,
}

function running(dueAt: number, warnAt = dueAt - H): TicketClock {
  return {
    state: 'running',
    dueAt: iso(dueAt),
    warnAt: iso(warnAt),
    metAt: null,
    targetSeconds: 4 * 3600,
    calendar: '24x7',
    elapsedSeconds: 0,
    remainingSeconds: 4 * 3600,
  }
}

const met = (at: number, late = false): TicketClock => ({
  ...running(at + H),
  state: late ? 'breached' : 'met',
  metAt: iso(at),
  warnAt: null,
})

const paused = (remainingSeconds: number): TicketClock => ({
  ...off,
  state: 'paused',
  targetSeconds: 9 * 3600,
  calendar: 'business',
  remainingSeconds,
})

function sla(clocks: Partial<Pick<TicketSla, 'firstResponse' | 'update' | 'resolution'>>): TicketSla {
  const c = { firstResponse: off, update: off, resolution: off, ...clocks }
  return {
    state: 'running',
    firstResponseDueAt: c.firstResponse.dueAt,
    firstResponseState: c.firstResponse.state,
    resolutionDueAt: c.resolution.dueAt,
    resolutionState: c.resolution.state,
    ...c,
  }
}

describe('liveState', () => {
  it('turns a running clock into warning and breached as time passes', () => {
    const clock = running(T0 + 4 * H, T0 + 3 * H)
    expect(liveState(clock, T0)).toBe('running')
    expect(liveState(clock, T0 + 3 * H)).toBe('warning')
    expect(liveState(clock, T0 + 4 * H)).toBe('breached')
  })

  it('leaves met, paused and absent clocks alone', () => {
    expect(liveState(met(T0), T0 + 100 * H)).toBe('met')
    expect(liveState(paused(60), T0 + 100 * H)).toBe('paused')
    expect(liveState(off, T0)).toBe('none')
  })
})

describe('slaSummary', () => {
  it('counts down to the first response while it is not met', () => {
    const ticket = {
      status: 'new' as const,
      sla: sla({ firstResponse: running(T0 + 4 * H), resolution: running(T0 + 24 * H) }),
    }
    expect(slaSummary(ticket, T0)).toEqual({ kind: 'due', clock: 'firstResponse', dueAt: T0 + 4 * H, state: 'running' })
    expect(slaSummary(ticket, T0 + 3.5 * H)).toMatchObject({ kind: 'due', state: 'warning' })
  })

  it('counts down to resolution once the first response is met', () => {
    const ticket = {
      status: 'open' as const,
      sla: sla({ firstResponse: met(T0 + H), resolution: running(T0 + 24 * H) }),
    }
    expect(slaSummary(ticket, T0 + 2 * H)).toMatchObject({ kind: 'due', clock: 'resolution', dueAt: T0 + 24 * H })
  })

  it('takes the update clock when it falls due before the resolution', () => {
    const ticket = {
      status: 'open' as const,
      sla: sla({ firstResponse: met(T0), update: running(T0 + 2 * H), resolution: running(T0 + 24 * H) }),
    }
    expect(nearestDue(ticket)).toEqual({ clock: 'update', dueAt: T0 + 2 * H })
  })

  it('treats a first response met too late as done, not as overdue', () => {
    const ticket = {
      status: 'open' as const,
      sla: sla({ firstResponse: met(T0, true), resolution: running(T0 + 24 * H) }),
    }
    expect(slaSummary(ticket, T0 + H)).toMatchObject({ kind: 'due', clock: 'resolution' })
  })

  it('is overdue once the deadline has passed', () => {
    const ticket = {
      status: 'new' as const,
      sla: sla({ firstResponse: running(T0 + H), resolution: running(T0 + 24 * H) }),
    }
    expect(slaSummary(ticket, T0 + 2 * H)).toEqual({ kind: 'overdue', clock: 'firstResponse', dueAt: T0 + H })
  })

  it('reports a wait for the customer as paused with what is left of the tightest clock', () => {
    const ticket = {
      status: 'waiting-customer' as const,
      sla: sla({ firstResponse: met(T0), resolution: paused(5400) }),
    }
    expect(slaSummary(ticket, T0)).toEqual({ kind: 'paused', clock: 'resolution', remainingSeconds: 5400 })
    const both = {
      status: 'waiting-customer' as const,
      sla: sla({ firstResponse: met(T0), update: paused(7200), resolution: paused(3600) }),
    }
    expect(slaSummary(both, T0)).toEqual({ kind: 'paused', clock: 'resolution', remainingSeconds: 3600 })
  })

  it('gives the outcome of a resolved or closed ticket', () => {
    const good = { status: 'resolved' as const, sla: sla({ firstResponse: met(T0), resolution: met(T0 + H) }) }
    expect(slaSummary(good, T0 + 2 * H)).toEqual({ kind: 'done', outcome: 'met' })
    const late = { status: 'closed' as const, sla: sla({ firstResponse: met(T0, true), resolution: met(T0 + H) }) }
    expect(slaSummary(late, T0 + 2 * H)).toEqual({ kind: 'done', outcome: 'breached' })
    // A clock paused by resolving the ticket before anyone answered is no longer something to watch.
    const unanswered = { status: 'resolved' as const, sla: sla({ firstResponse: paused(100), resolution: met(T0) }) }
    expect(slaSummary(unanswered, T0)).toEqual({ kind: 'done', outcome: 'met' })
  })

  it('has nothing to say without clocks', () => {
    expect(slaSummary({ status: 'open', sla: sla({}) }, T0)).toEqual({ kind: 'none' })
  })
})

describe('tickMs', () => {
  it('ticks every second in the last hour and every minute before', () => {
    expect(tickMs(T0 + 2 * H, T0)).toBe(60_000)
    expect(tickMs(T0 + 59 * 60_000, T0)).toBe(1_000)
    expect(tickMs(T0 - 10 * 60_000, T0)).toBe(1_000)
    expect(tickMs(T0 - 2 * H, T0)).toBe(60_000)
  })
})

describe('countdownInstant', () => {
  const due = T0 + 4 * H
  it('never shows more time left than there is', () => {
    // 3 h 59 min 30 s left: shown as 3 h 59 min, and it stays so until 3 h 59 min are left.
    const now = due - (4 * H - 30_000)
    expect(due - countdownInstant(due, now)).toBe(4 * H - 60_000)
    expect(due - countdownInstant(due, now + 29_999)).toBe(4 * H - 60_000)
    expect(due - countdownInstant(due, now + 30_001)).toBe(4 * H - 120_000)
  })

  it('counts seconds in the last hour and keeps the last second before the deadline', () => {
    expect(due - countdownInstant(due, due - 90_500)).toBe(90_000)
    expect(countdownInstant(due, due - 300)).toBeLessThan(due)
  })

  it('counts how long it is overdue, rounded down', () => {
    expect(countdownInstant(due, due + 2 * H + 59_000) - due).toBe(2 * H)
    expect(countdownInstant(due, due + 1_500) - due).toBe(1_000)
  })
})

describe('durationParts', () => {
  it.each([
    [0, [{ n: 0, unit: 's' }]],
    [59, [{ n: 59, unit: 's' }]],
    [60, [{ n: 1, unit: 'min' }]],
    [
      125,
      [
        { n: 2, unit: 'min' },
        { n: 5, unit: 's' },
      ],
    ],
    [3600, [{ n: 1, unit: 'h' }]],
    [
      3 * 3600 + 12 * 60 + 59,
      [
        { n: 3, unit: 'h' },
        { n: 12, unit: 'min' },
      ],
    ],
    [86_400, [{ n: 1, unit: 'd' }]],
    [
      2 * 86_400 + 3 * 3600 + 600,
      [
        { n: 2, unit: 'd' },
        { n: 3, unit: 'h' },
      ],
    ],
    [
      -3700,
      [
        { n: 1, unit: 'h' },
        { n: 1, unit: 'min' },
      ],
    ],
  ])('splits %i seconds', (seconds, parts) => {
    expect(durationParts(seconds)).toEqual(parts)
  })

  it('counts business hours without days on request', () => {
    expect(durationParts(27 * 3600, false, false)).toEqual([{ n: 27, unit: 'h' }])
    expect(durationParts(27 * 3600 + 90 * 60, false, false)).toEqual([
      { n: 28, unit: 'h' },
      { n: 30, unit: 'min' },
    ])
  })

  it('leaves the seconds out on request', () => {
    expect(durationParts(125, false)).toEqual([{ n: 2, unit: 'min' }])
    expect(durationParts(20, false)).toEqual([{ n: 0, unit: 'min' }])
  })
})

describe('formatDuration', () => {
  let t: TFunction
  let tEn: TFunction
  beforeAll(async () => {
    const i18n = i18next.createInstance()
    await i18n.init({ resources: { nl: { translation: nl }, en: { translation: en } }, lng: 'nl' })
    t = i18n.getFixedT('nl')
    tEn = i18n.getFixedT('en')
  })

  it('speaks Dutch and English', () => {
    expect(formatDuration(3 * 3600 + 12 * 60, t)).toBe('3 u 12 min')
    expect(formatDuration(3 * 3600 + 12 * 60, tEn)).toBe('3 h 12 min')
    expect(formatDuration(2 * 86_400 + 3600, t)).toBe('2 d 1 u')
    expect(formatDuration(65, t)).toBe('1 min 5 s')
    expect(formatHours(27 * 3600, t)).toBe('27 u')
  })
})
