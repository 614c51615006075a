import { Secret, TOTP } from 'otpauth'

function totpFor(secretBase32: string, label: string, issuer: string): TOTP {
  return new TOTP({ issuer, label, algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secretBase32) })
}

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32
}

export function totpUri(secretBase32: string, label: string, issuer: string): string {
  return totpFor(secretBase32, label, issuer).toString()
}

/**
 * Accepts the code of the current 30-second step and of one step either side (clock drift), but never a step at
 * or before `lastUsedStep`: a code seen once (over a shoulder, in a proxy log) cannot be replayed (RFC 6238 §5.2).
 * Returns the step the code belongs to, to be stored as the new `lastUsedStep`, or undefined.
 */
export function verifyTotp(
  secretBase32: string,
  code: string,
  now: number,
  lastUsedStep: number | null = null,
): number | undefined {
  const delta = totpFor(secretBase32, 'x', 'x').validate({ token: code, timestamp: now, window: 1 })
  if (delta === null) {
    return undefined
  }
  const step = Math.floor(now / 30_000) + delta
  return lastUsedStep !== null && step <= lastUsedStep ? undefined : step
}

export function totpCode(secretBase32: string, now: number): string {
  return totpFor(secretBase32, 'x', 'x').generate({ timestamp: now })
}
