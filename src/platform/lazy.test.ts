import { describe, expect, it } from 'vitest'
import { lazy, required } from './lazy.js'

describe('lazy', () => {
  it('loads once and shares the value', async () => {
    let loads = 0
    const get = lazy(async () => ({ n: ++loads }))
    const [a, b] = await Promise.all([get(), get()])
    expect(a).toBe(b)
    expect(await get()).toBe(a)
    expect(loads).toBe(1)
  })

  it('tries again after a failed load instead of remembering the failure', async () => {
    let loads = 0
    const get = lazy(async () => {
      loads += 1
      if (loads === 1) {
        throw new Error('disk hiccup')
      }
      return loads
    })
    await expect(get()).rejects.toThrow('disk hiccup')
    expect(await get()).toBe(2)
    expect(await get()).toBe(2)
  })
})

describe('required', () => {
  it('requires a CommonJS package at the first call, once', () => {
    const sanitize = required<(html: string) => string>('sanitize-html')
    expect(sanitize()('<b>ok</b><script>alert(1)</script>')).toBe('<b>ok</b>')
    expect(sanitize()).toBe(sanitize())
  })

  it('fails at the call, naming the package, when it cannot be found', () => {
    const missing = required('no-such-package-sladesk')
    expect(() => missing()).toThrow(/no-such-package-sladesk/)
  })
})
