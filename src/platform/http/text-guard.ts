import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { sendProblem } from './problem.js'

const NUL = '\u0000'

/** The path (`body.notes`, `querystring.q`) of the first string or key in `value` that holds U+0000, or undefined. */
export function findNul(value: unknown, root: string): string | undefined {
  // Iterative on purpose: a body may nest deeper than the call stack.
  const stack: [unknown, string][] = [[value, root]]
  while (stack.length > 0) {
    const [v, path] = stack.pop()!
    if (typeof v === 'string') {
      if (v.includes(NUL)) {
        return path
      }
    } else if (v !== null && typeof v === 'object' && !ArrayBuffer.isView(v)) {
      // Binary bodies (Buffers) are bytes, not text: they are stored as such and left alone.
      for (const [key, child] of Object.entries(v)) {
        if (key.includes(NUL)) {
          return path
        }
        stack.push([child, `${path}.${key}`])
      }
    }
  }
  return undefined
}

/**
 * PostgreSQL text cannot hold U+0000 while SQLite can: a NUL in a JSON string or a query parameter would be stored
 * on one database and a 500 on the other. Both refuse it, as a client error, before validation.
 */
export function installTextGuard(app: FastifyInstance): void {
  // A callback hook, not an async one: no promise per request for what is nearly always a quick "no".
  app.addHook('preValidation', (req: FastifyRequest, reply: FastifyReply, done) => {
    for (const [where, value] of [
      ['params', req.params],
      ['querystring', req.query],
      ['body', req.body],
    ] as const) {
      const path = findNul(value, where)
      if (path) {
        const message = 'must not contain NUL characters'
        sendProblem(reply, 400, 'validation_failed', `${path}: ${message}`, { errors: [{ path, message }] })
        return
      }
    }
    done()
  })
}
