import { useSyncExternalStore } from 'react'
import { countdownInstant } from './slaClock.ts'

// One timer for every countdown on the page: a queue of 200 tickets does not start 200 intervals.
const listeners = new Set<() => void>()
let timer: ReturnType<typeof setInterval> | undefined

function subscribe(listener: () => void): () => void {
  listeners.add(listener)
  timer ??= setInterval(() => {
    for (const l of listeners) {
      l()
    }
  }, 1_000)
  return () => {
    listeners.delete(listener)
    if (listeners.size === 0 && timer !== undefined) {
      clearInterval(timer)
      timer = undefined
    }
  }
}

const noSubscribe = () => () => {}

/**
 * The current instant (epoch ms) for a countdown to `dueAt`, moved to the tick of the countdown (a second in the last
 * hour, else a minute) so that the time shown, rounded down, is exact: `nog 3 u 59 min` until 3 h 59 min are left.
 * The component is redrawn once per tick only. Without a deadline it is 0 and never changes.
 */
export function useCountdownNow(dueAt: number | null): number {
  const snapshot = () => {
    if (dueAt === null) {
      return 0
    }
    return countdownInstant(dueAt, Date.now())
  }
  return useSyncExternalStore(dueAt === null ? noSubscribe : subscribe, snapshot)
}
