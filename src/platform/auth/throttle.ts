import { AppError } from '../errors.js'

interface Window {
  count: number
  resetAt: number
}

/**
 * Counts sign-in attempts in fixed windows, per key. In memory: with several sladesk instances each keeps
 * its own count, so the effective limit is the per-instance limit times the number of instances.
 */
export class Throttle {
  private readonly windows = new Map<string, Window>()
  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** @throws AppError 429 with retryAfterSeconds while `key` is over its limit. */
  check(key: string, now: number): void {
    const w = this.windows.get(key)
    if (w && w.resetAt > now && w.count >= this.limit) {
      const retryAfterSeconds = Math.ceil((w.resetAt - now) / 1000)
      throw new AppError(429, 'too_many_attempts', `Too many sign-in attempts; try again in ${retryAfterSeconds} s`, {
        retryAfterSeconds,
      })
    }
  }

  hit(key: string, now: number): void {
    const w = this.windows.get(key)
    if (!w || w.resetAt <= now) {
      this.windows.set(key, { count: 1, resetAt: now + this.windowMs })
      if (this.windows.size > 100_000) {
        this.sweep(now)
      }
    } else {
      w.count += 1
    }
  }

  reset(key: string): void {
    this.windows.delete(key)
  }

  private sweep(now: number): void {
    for (const [k, w] of this.windows) {
      if (w.resetAt <= now) {
        this.windows.delete(k)
      }
    }
  }
}
