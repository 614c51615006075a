// Files over HTTP: an upload is the raw bytes of one file as the request body (not multipart: one request per file,
// streamed into its route's own body limit), and a stored file goes back inline only when a browser shows its type
// safely, always sandboxed.
import { create as contentDisposition } from 'content-disposition'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { badRequest } from '../errors.js'

/** Types a browser shows without running anything: these open in the tab, anything else is downloaded. */
const INLINE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf', 'text/plain'])

/**
 * Registers upload routes in a scope of their own, where every content type is read as bytes (a .json or .txt file
 * is a file, not a request body) up to `maxBytes`. Give each route `bodyLimit: maxBytes` too.
 */
export async function uploadScope(
  app: FastifyInstance,
  maxBytes: number,
  routes: FastifyPluginAsyncZod,
): Promise<void> {
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers()
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: maxBytes }, (_req, body, done) => done(null, body))
    // A child of this scope: it inherits the parsers above.
    await scope.register(routes)
  })
}

/** The file an upload route received: its bytes (400 when there are none) and its media type as sent, if sane. */
export function uploadedFile(req: FastifyRequest): { content: Buffer; contentType: string } {
  if (!Buffer.isBuffer(req.body) || req.body.length === 0) {
    throw badRequest('empty_upload', 'Send the file as the request body')
  }
  const sent = (req.headers['content-type'] ?? 'application/octet-stream').split(';')[0]!.trim()
  return {
    content: req.body,
    contentType: /^[\w.+-]+\/[\w.+-]+$/.test(sent) ? sent.toLowerCase() : 'application/octet-stream',
  }
}

/** Sends a stored file: inline when its type is safe to show, else as a download; sandboxed, never sniffed. */
export function sendFile(
  reply: FastifyReply,
  file: { name: string; contentType: string; content: Buffer },
  cacheControl: string,
): FastifyReply {
  const inline = INLINE_TYPES.has(file.contentType)
  return reply
    .header('content-type', inline ? file.contentType : 'application/octet-stream')
    .header('content-disposition', contentDisposition(file.name, { type: inline ? 'inline' : 'attachment' }))
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', cacheControl)
    .send(file.content)
}
