import { hash, randomBytes, timingSafeEqual } from 'node:crypto'

/** A fresh secret for a cookie, link or API token: 256 bits, URL-safe. */
export function newSecret(prefix = ''): string {
  return prefix + randomBytes(32).toString('base64url')
}

/** Secrets are stored as their SHA-256: a leaked table grants nothing. (They are random, so no salt is needed.) */
export function hashSecret(secret: string): string {
  return hash('sha256', secret, 'hex')
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

export const API_TOKEN_PREFIX = 'sld_'
