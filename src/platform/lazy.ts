import { createRequire } from 'node:module'

/**
 * A value loaded on first use and shared afterwards: for libraries that only some requests need (PDF, mail
 * parsing, QR codes), so that a server which never uses them does not carry them in memory. A failed load is
 * tried again on the next call rather than remembered.
 */
export function lazy<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined
  return () =>
    (loading ??= load().catch((err: unknown) => {
      loading = undefined
      throw err
    }))
}

const require = createRequire(import.meta.url)

/**
 * A CommonJS library required at its first use, synchronously: for code that must stay a plain function (pure
 * parsers, renderers) but should not load a library of megabytes at start for a feature the server may not use.
 */
export function required<T>(specifier: string): () => T {
  let loaded: T | undefined
  return () => (loaded ??= require(specifier) as T)
}
