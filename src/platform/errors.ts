export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 503

/** A client-facing error: services throw it, the error handler renders it as RFC 9457 problem+json. */
export class AppError extends Error {
  constructor(
    readonly status: ErrorStatus,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message)
  }
}

export const notFound = (what: string, id: string) => new AppError(404, `${what}_not_found`, `${what} ${id} not found`)
export const conflict = (code: string, message: string, extra?: Record<string, unknown>) =>
  new AppError(409, code, message, extra)
export const badRequest = (code: string, message: string, extra?: Record<string, unknown>) =>
  new AppError(400, code, message, extra)
export const unauthorized = (message = 'Sign in first') => new AppError(401, 'unauthenticated', message)
export const forbidden = (code = 'forbidden', message = 'Not allowed') => new AppError(403, code, message)
