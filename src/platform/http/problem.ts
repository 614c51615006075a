import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod'
import { AppError } from '../errors.js'

export interface FieldError {
  path: string
  message: string
}

interface Problem {
  type: string
  title: string
  status: number
  detail: string
  code: string
  instance?: string
  errors?: FieldError[]
  [extra: string]: unknown
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
}

export function sendProblem(
  reply: FastifyReply,
  status: number,
  code: string,
  detail: string,
  extra: Record<string, unknown> = {},
) {
  const body: Problem = {
    type: `https://sladesk.org/problems/${code.replace(/_/g, '-')}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    code,
    ...extra,
  }
  return reply.code(status).type('application/problem+json; charset=utf-8').send(body)
}

// Fastify's own client errors, with a stable code and a plain message.
const FASTIFY_CODES: Record<string, { code: string; detail: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'body_too_large', detail: 'The request body is too large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'unsupported_media_type', detail: 'Send the body as application/json' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'invalid_json', detail: 'The body is empty; send a JSON document' },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'invalid_json', detail: 'The body is not valid JSON' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    code: 'invalid_content_length',
    detail: 'Content-Length does not match the body',
  },
  FST_ERR_VALIDATION: { code: 'validation_failed', detail: 'The request is not valid' },
}

/** One error handler for the whole app: RFC 9457 problem+json; no stack traces or SQL ever leave the server. */
export function installProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    if (err instanceof AppError) {
      if (err.status === 429 && typeof err.extra.retryAfterSeconds === 'number') {
        void reply.header('retry-after', String(err.extra.retryAfterSeconds))
      }
      return sendProblem(reply, err.status, err.code, err.message, err.extra)
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const where = err.validationContext ?? 'body'
      const errors = err.validation.map((v) => ({
        path: [where, ...v.instancePath.split('/').filter(Boolean)].join('.'),
        message: v.message ?? 'invalid',
      }))
      const first = errors[0]
      return sendProblem(
        reply,
        400,
        'validation_failed',
        first ? `${first.path}: ${first.message}` : 'The request is not valid',
        { errors },
      )
    }
    if (err instanceof SyntaxError || err.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
      return sendProblem(reply, 400, 'invalid_json', 'The body is not valid JSON')
    }
    const known = err.code ? FASTIFY_CODES[err.code] : undefined
    const status = err.statusCode ?? 500
    if (status >= 400 && status < 500) {
      if (status === 429) {
        const retry = reply.getHeader('retry-after')
        return sendProblem(
          reply,
          429,
          'rate_limited',
          'Too many requests',
          retry ? { retryAfterSeconds: Number(retry) } : {},
        )
      }
      return sendProblem(reply, status, known?.code ?? 'bad_request', known?.detail ?? err.message)
    }
    // Unexpected: log everything, answer nothing but the correlation id that finds the log line.
    req.log.error({ err, correlationId: req.id }, 'unhandled error')
    return sendProblem(
      reply,
      500,
      'internal_error',
      `Something went wrong on our side; quote ${req.id} when you report it`,
      {
        correlationId: req.id,
      },
    )
  })
}
