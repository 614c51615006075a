import { describe, expect, it } from 'vitest'
import en from './en.json'
import nl from './nl.json'

/** Every leaf key as a dotted path, e.g. `nav.customers`. */
function keys(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object') {
    return [prefix]
  }
  return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k))
}

describe('locales', () => {
  it('has the same keys in Dutch and English', () => {
    expect(keys(en).sort()).toEqual(keys(nl).sort())
  })

  it('has no empty translations', () => {
    const empty = (json: unknown) =>
      keys(json).filter((k) => k.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], json) === '')
    expect(empty(nl)).toEqual([])
    expect(empty(en)).toEqual([])
  })

  it('uses the same interpolation variables in both languages', () => {
    const variables = (json: unknown) =>
      Object.fromEntries(
        keys(json).map((k) => {
          const text = String(k.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], json))
          return [k, [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort()]
        }),
      )
    expect(variables(en)).toEqual(variables(nl))
  })
})
