/** A UPS state's badge colour: green on mains, orange on battery, red when power is about to go or the UPS fails. */
export function upsStateColor(state: string): string {
  switch (state) {
    case 'online':
    case 'comm-restored':
      return 'green'
    case 'on-battery':
      return 'orange'
    case 'low-battery':
    case 'shutdown':
    case 'overload':
      return 'red'
    case 'replace-battery':
      return 'yellow'
    case 'comm-lost':
      return 'dark'
    case 'self-test':
      return 'blue'
    default:
      return 'gray'
  }
}

const KNOWN_STATES = [
  'online',
  'on-battery',
  'low-battery',
  'replace-battery',
  'overload',
  'comm-lost',
  'comm-restored',
  'shutdown',
  'self-test',
] as const
export type KnownUpsState = (typeof KNOWN_STATES)[number]

/** Whether the state has a translation; an unknown one is shown as the server wrote it. */
export const isKnownUpsState = (state: string): state is KnownUpsState =>
  (KNOWN_STATES as readonly string[]).includes(state)

/** Worst first: what needs a technician now sorts to the top of the panel. */
const RANK: Record<string, number> = {
  shutdown: 0,
  'low-battery': 1,
  'on-battery': 2,
  overload: 3,
  'comm-lost': 4,
  'replace-battery': 5,
  'self-test': 6,
  'comm-restored': 7,
  online: 8,
}

/** Orders UPSes worst state first, then by customer and UPS name. */
export function byUrgency<T extends { state: string; customerName: string; ups: string }>(items: readonly T[]): T[] {
  return [...items].sort(
    (a, b) =>
      (RANK[a.state] ?? 4.5) - (RANK[b.state] ?? 4.5) ||
      a.customerName.localeCompare(b.customerName) ||
      a.ups.localeCompare(b.ups),
  )
}
