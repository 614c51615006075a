import { validate, version } from 'uuid'
import { describe, expect, it } from 'vitest'
import { uuidv7 } from './ids.js'

describe('uuidv7', () => {
  it('makes valid version 7 ids that increase strictly, also within one millisecond', () => {
    const ids = Array.from({ length: 5000 }, () => uuidv7())
    for (const id of ids) {
      expect(validate(id)).toBe(true)
      expect(version(id)).toBe(7)
    }
    const sorted = [...ids].sort()
    expect(sorted).toEqual(ids)
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('carries the current time in its first 48 bits', () => {
    const before = Date.now()
    const id = uuidv7()
    const ms = Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16)
    // The sequence may carry into the next millisecond after a burst, never further than a few.
    expect(ms).toBeGreaterThanOrEqual(before)
    expect(ms).toBeLessThanOrEqual(Date.now() + 5)
  })

  it('does not repeat random bytes across many ids (the pool is refilled, not reused)', () => {
    const tails = new Set(Array.from({ length: 2000 }, () => uuidv7().slice(-12)))
    expect(tails.size).toBe(2000)
  })
})
