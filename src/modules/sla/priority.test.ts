import { describe, expect, it } from 'vitest'
import {
  DEFAULT_MATRIX,
  DEFAULT_SEVERITY_MAP,
  IMPACTS,
  type Impact,
  type Priority,
  priorityOf,
  PriorityRules,
  SEVERITIES,
  type Severity,
  TICKET_TYPES,
  type TicketType,
  URGENCIES,
  type Urgency,
} from './priority.js'

const rules: PriorityRules = { matrix: DEFAULT_MATRIX, severity: DEFAULT_SEVERITY_MAP }

describe('priorityOf', () => {
  it.each<[Impact, Urgency, Priority]>([
    ['high', 'high', 'P2'],
    ['high', 'medium', 'P3'],
    ['high', 'low', 'P4'],
    ['medium', 'high', 'P3'],
    ['medium', 'medium', 'P3'],
    ['medium', 'low', 'P4'],
    ['low', 'high', 'P4'],
    ['low', 'medium', 'P4'],
    ['low', 'low', 'P4'],
  ])('gives an incident of impact %s and urgency %s priority %s', (impact, urgency, priority) => {
    expect(priorityOf({ type: 'incident', impact, urgency }, rules)).toBe(priority)
  })

  it.each<[Severity, Priority]>([
    ['critical', 'P2'],
    ['major', 'P3'],
    ['minor', 'P4'],
    ['cosmetic', 'P5'],
  ])('gives a %s bug %s, whatever its impact and urgency', (severity, priority) => {
    for (const impact of IMPACTS) {
      for (const urgency of URGENCIES) {
        expect(priorityOf({ type: 'bug', severity, impact, urgency }, rules)).toBe(priority)
      }
    }
  })

  it('makes every calamity P1, whatever else is said about it', () => {
    for (const impact of [...IMPACTS, undefined]) {
      for (const severity of [...SEVERITIES, undefined]) {
        expect(priorityOf({ type: 'calamity', impact, urgency: 'low', severity }, rules)).toBe('P1')
      }
    }
  })

  it.each<[string, Parameters<typeof priorityOf>[0], Priority]>([
    ['a question without impact or urgency counts both as medium', { type: 'question' }, 'P3'],
    ['a missing urgency counts as medium', { type: 'incident', impact: 'high' }, 'P3'],
    ['a missing impact counts as medium', { type: 'service-request', urgency: 'low' }, 'P4'],
    ['null counts as missing', { type: 'incident', impact: null, urgency: null }, 'P3'],
    ['a bug without severity goes through the matrix', { type: 'bug', impact: 'high', urgency: 'high' }, 'P2'],
    ['a severity on another type is ignored', { type: 'incident', severity: 'cosmetic' }, 'P3'],
  ])('%s', (_what, input, priority) => {
    expect(priorityOf(input, rules)).toBe(priority)
  })

  it('follows custom rules', () => {
    const custom: PriorityRules = {
      matrix: { ...DEFAULT_MATRIX, high: { high: 'P1', medium: 'P2', low: 'P3' } },
      severity: { ...DEFAULT_SEVERITY_MAP, cosmetic: 'P4' },
    }
    expect(priorityOf({ type: 'monitoring-alert', impact: 'high', urgency: 'high' }, custom)).toBe('P1')
    expect(priorityOf({ type: 'bug', severity: 'cosmetic' }, custom)).toBe('P4')
  })

  it('answers a priority for every combination', () => {
    for (const type of TICKET_TYPES as readonly TicketType[]) {
      for (const impact of [...IMPACTS, undefined]) {
        for (const urgency of [...URGENCIES, undefined]) {
          for (const severity of [...SEVERITIES, undefined]) {
            expect(['P1', 'P2', 'P3', 'P4', 'P5']).toContain(priorityOf({ type, impact, urgency, severity }, rules))
          }
        }
      }
    }
  })
})

describe('PriorityRules', () => {
  it('accepts the defaults', () => {
    expect(PriorityRules.parse(rules)).toEqual(rules)
  })

  it('refuses a matrix with a hole or an unknown priority', () => {
    const { low: _low, ...holed } = DEFAULT_MATRIX
    expect(PriorityRules.safeParse({ ...rules, matrix: holed }).error?.issues[0]?.path).toEqual(['matrix', 'low'])
    const wrong = PriorityRules.safeParse({ ...rules, severity: { ...DEFAULT_SEVERITY_MAP, minor: 'P9' } })
    expect(wrong.error?.issues[0]).toMatchObject({ path: ['severity', 'minor'], message: 'a priority P1 to P5' })
  })
})
