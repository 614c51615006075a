import { randomFillSync } from 'node:crypto'
import { v7 } from 'uuid'

// uuid asks the OS for 16 random bytes per id (about 2 µs); opening a ticket makes a dozen ids. The bytes come
// from a pool filled 4 KiB at a time instead, and the monotonic state of uuid's own v7 is kept here, with the same
// rule: a new millisecond seeds the 31-bit sequence from the random bytes, the same millisecond counts it up.
const POOL = new Uint8Array(16 * 256)
let poolAt = POOL.length
let lastMs = -Infinity
let seq = 0

function random16(): Uint8Array {
  if (poolAt === POOL.length) {
    randomFillSync(POOL)
    poolAt = 0
  }
  const bytes = POOL.subarray(poolAt, poolAt + 16)
  poolAt += 16
  return bytes
}

/** A UUID version 7: time-ordered, and strictly increasing within this process. */
export function uuidv7(): string {
  const random = random16()
  const now = Date.now()
  if (now > lastMs) {
    lastMs = now
    seq = ((random[6]! & 0x7f) << 24) | (random[7]! << 16) | (random[8]! << 8) | random[9]!
  } else {
    seq = (seq + 1) | 0
    if (seq === 0) {
      lastMs++
    }
  }
  return v7({ random, msecs: lastMs, seq })
}
