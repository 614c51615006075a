import { z } from 'zod'

/** One field error of a problem+json answer, keyed by a dotted path such as `company.name`. */
export type FieldErrors = Record<string, string>

const Problem = z.object({
  type: z.string().optional(),
  title: z.string().optional(),
  status: z.number().optional(),
  detail: z.string().optional(),
  code: z.string().optional(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  correlationId: z.string().optional(),
})

/** A failed API call: the server's problem+json, or `status: 0` when the server could not be reached. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly fieldErrors: FieldErrors = {},
    /** From `Retry-After` on a 429, in seconds. */
    readonly retryAfterSeconds: number | null = null,
    /** On a 500: the id of the server's log line, for the user to quote. */
    readonly correlationId: string | null = null,
  ) {
    super(detail)
    this.name = 'ApiError'
  }
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'
export type Query = Record<string, string | number | boolean | null | undefined>

interface RequestOptions {
  body?: unknown
  query?: Query
  /** A 401 here is an answer for the form (wrong password, code needed), not an expired session. */
  allowUnauthorized?: boolean
}

let csrfToken: string | null = null
let language = 'nl'
let onUnauthorized: () => void = () => {}

/** Remembers the token that every state-changing request must echo in `X-CSRF-Token`. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token
}

export function setRequestLanguage(lang: string): void {
  language = lang
}

/** Called on any 401 that is not expected by the caller: the session is gone. */
export function setUnauthorizedHandler(handler: () => void): void {
  onUnauthorized = handler
}

export function toQueryString(query: Query | undefined): string {
  if (!query) {
    return ''
  }
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') {
      params.set(key, String(value))
    }
  }
  const text = params.toString()
  return text ? `?${text}` : ''
}

/** Normalises `/body/company/name`, `body.company.name` and `company.name` to `company.name`. */
function fieldKey(path: string): string {
  return path
    .replace(/^\//, '')
    .replaceAll('/', '.')
    .replace(/^body\./, '')
}

async function toApiError(response: Response): Promise<ApiError> {
  // A body that is not JSON (a proxy's HTML error page) is treated as no problem details at all.
  const body: unknown = await response.json().catch(() => null)
  const problem = Problem.safeParse(body)
  const p = problem.success ? problem.data : {}
  const fieldErrors: FieldErrors = {}
  for (const e of p.errors ?? []) {
    fieldErrors[fieldKey(e.path)] ??= e.message
  }
  const retryAfter = Number(response.headers.get('Retry-After'))
  return new ApiError(
    response.status,
    p.code ?? `http_${response.status}`,
    p.detail ?? p.title ?? response.statusText,
    fieldErrors,
    Number.isFinite(retryAfter) && retryAfter > 0 ? Math.ceil(retryAfter) : null,
    p.correlationId ?? null,
  )
}

async function request(method: Method, path: string, options: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': language }
  let body: string | undefined
  if (method !== 'GET') {
    headers['Content-Type'] = 'application/json'
    if (csrfToken) {
      headers['X-CSRF-Token'] = csrfToken
    }
    body = JSON.stringify(options.body ?? {})
  }
  let response: Response
  try {
    response = await fetch(`/api${path}${toQueryString(options.query)}`, {
      method,
      headers,
      body,
      credentials: 'same-origin',
    })
  } catch (e) {
    throw new ApiError(0, 'network_error', e instanceof Error ? e.message : String(e))
  }
  if (!response.ok) {
    const error = await toApiError(response)
    if (error.status === 401 && !options.allowUnauthorized) {
      onUnauthorized()
    }
    throw error
  }
  return response
}

/** Calls the API and parses the JSON answer with the module's zod schema. */
export async function call<S extends z.ZodType>(
  method: Method,
  path: string,
  schema: S,
  options: RequestOptions = {},
): Promise<z.output<S>> {
  const response = await request(method, path, options)
  return schema.parse(await response.json())
}

/** Calls an endpoint that answers 204 No Content. */
export async function callNoContent(method: Method, path: string, options: RequestOptions = {}): Promise<void> {
  await request(method, path, options)
}

export interface UploadOptions {
  query?: Query
  /** Called as the bytes go out, with the share sent so far (0 to 1). */
  onProgress?: (share: number) => void
  signal?: AbortSignal
}

/**
 * Sends one file as the raw request body (not multipart) with its own Content-Type, and parses the JSON answer.
 * XMLHttpRequest rather than fetch: only it reports upload progress, which a large file needs.
 */
export function upload<S extends z.ZodType>(
  path: string,
  file: Blob,
  schema: S,
  options: UploadOptions = {},
): Promise<z.output<S>> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', `/api${path}${toQueryString(options.query)}`)
    xhr.withCredentials = true
    xhr.setRequestHeader('Accept', 'application/json')
    xhr.setRequestHeader('Accept-Language', language)
    xhr.setRequestHeader('Content-Type', file.type || 'application/octet-stream')
    if (csrfToken) {
      xhr.setRequestHeader('X-CSRF-Token', csrfToken)
    }
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) {
        options.onProgress?.(e.loaded / e.total)
      }
    }
    xhr.onerror = () => reject(new ApiError(0, 'network_error', 'upload failed'))
    xhr.onabort = () => reject(new ApiError(0, 'aborted', 'upload aborted'))
    xhr.onload = () => {
      const headers = new Headers()
      const retryAfter = xhr.getResponseHeader('Retry-After')
      if (retryAfter) {
        headers.set('Retry-After', retryAfter)
      }
      const response = new Response(xhr.status === 204 ? null : xhr.responseText, {
        status: xhr.status,
        statusText: xhr.statusText,
        headers,
      })
      if (!response.ok) {
        void toApiError(response).then((error) => {
          if (error.status === 401) {
            onUnauthorized()
          }
          reject(error)
        })
        return
      }
      response
        .json()
        .then((body) => resolve(schema.parse(body)))
        .catch(reject)
    }
    options.signal?.addEventListener('abort', () => xhr.abort())
    xhr.send(file)
  })
}
