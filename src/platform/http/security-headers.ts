import type { IncomingMessage, ServerResponse } from 'node:http'
import helmet, { type HelmetOptions } from 'helmet'

/**
 * The headers helmet sets for these options, computed once. With no per-request parts (no CSP nonces) they are the
 * same for every response, so a request only copies them instead of running helmet's dozen middlewares.
 */
export function staticSecurityHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {}
  const res = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value)
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()]
    },
    getHeader(name: string) {
      return headers[name.toLowerCase()]
    },
  }
  let finished = false
  helmet(options)({} as IncomingMessage, res as unknown as ServerResponse, (err?: unknown) => {
    if (err) {
      throw err instanceof Error ? err : new Error('helmet failed to compute its headers')
    }
    finished = true
  })
  if (!finished) {
    throw new Error('helmet did not set its headers synchronously: they cannot be computed once')
  }
  return headers
}
