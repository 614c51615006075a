import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { centsToInput, parseMoney, parsePercent, percentToInput } from './money.ts'

describe('parseMoney', () => {
  it.each([
    ['0', 0],
    ['12', 1200],
    ['12,5', 1250],
    ['19,99', 1999],
    ['1.234,56', 123456],
    ['€ 1.234,56', 123456],
    ['1234.56', 123456],
    ['12.50', 1250],
    ['1.250', 125000],
    ['1.250.000', 125000000],
    ['12,-', 1200],
    [',5', 50],
    ['0,07', 7],
  ])('reads Dutch %s as %i cents', (text, cents) => {
    expect(parseMoney(text, 'nl')).toBe(cents)
  })

  it.each([
    ['1,234.56', 123456],
    ['12.5', 1250],
    ['1,250', 125000],
    ['12,50', 1250],
  ])('reads English %s as %i cents', (text, cents) => {
    expect(parseMoney(text, 'en')).toBe(cents)
  })

  it.each(['', 'abc', '12,345', '-5', '1,2,3', '12.34.5', '1..2', '€', '1.23,4.5', '12,5a'])('refuses %j', (text) => {
    expect(parseMoney(text, 'nl')).toBeNull()
  })

  it('reads back every amount it writes, exactly, in both languages', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000_000 }), fc.constantFrom('nl' as const, 'en' as const), (c, l) => {
        expect(parseMoney(centsToInput(c, l), l)).toBe(c)
      }),
    )
  })
})

describe('parsePercent', () => {
  it.each([
    ['21', 21],
    ['2,5', 2.5],
    ['0,25', 0.25],
    ['10 %', 10],
    ['100', 100],
  ])('reads %s as %d', (text, value) => {
    expect(parsePercent(text, 'nl')).toBe(value)
  })

  it('refuses three decimals, and a negative one unless asked', () => {
    expect(parsePercent('2,125', 'nl')).toBeNull()
    expect(parsePercent('-2', 'nl')).toBeNull()
    expect(parsePercent('-2,5', 'nl', true)).toBe(-2.5)
  })

  it('reads back what it writes', () => {
    fc.assert(
      fc.property(fc.integer({ min: -10_000, max: 10_000 }), (hundredths) => {
        const value = hundredths / 100
        expect(parsePercent(percentToInput(value, 'nl'), 'nl', true)).toBe(value)
      }),
    )
  })
})
