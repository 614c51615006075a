import type { z } from 'zod'
import type { FieldErrors } from './apiClient.ts'
import { i18n } from './i18n.ts'

export type Validation<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors }

function message(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'too_small':
      return issue.origin === 'string' && Number(issue.minimum) <= 1
        ? i18n.t('validation.required')
        : i18n.t('validation.tooShort', { min: Number(issue.minimum) })
    case 'too_big':
      return i18n.t('validation.tooLong', { max: Number(issue.maximum) })
    case 'invalid_format':
      return issue.format === 'email' ? i18n.t('validation.email') : i18n.t('validation.invalid')
    default:
      return i18n.t('validation.invalid')
  }
}

/** Checks form values with the shared zod schema before they go to the server, with translated messages. */
export function validate<S extends z.ZodType>(schema: S, values: unknown): Validation<z.output<S>> {
  const result = schema.safeParse(values)
  if (result.success) {
    return { ok: true, data: result.data }
  }
  const errors: FieldErrors = {}
  for (const issue of result.error.issues) {
    errors[issue.path.join('.')] ??= message(issue)
  }
  return { ok: false, errors }
}
