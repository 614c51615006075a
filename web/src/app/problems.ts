import type { TFunction } from 'i18next'
import { ApiError, type FieldErrors } from './apiClient.ts'

/**
 * Every `code` of the server's problem+json answers that has its own text under `errors.<code>`. The server's
 * `detail` is English and meant for developers: it is shown only for a code that is not in this list.
 */
export const problemCodes = [
  'invalid_credentials',
  'totp_required',
  'totp_invalid',
  'too_many_attempts',
  'rate_limited',
  'email_taken',
  'contact_email_taken',
  'key_contact_required',
  'customer_archived',
  'contact_archived',
  'already_active',
  'wrong_password',
  'totp_already_enabled',
  'totp_not_pending',
  'totp_required_first',
  'totp_enrolment_required',
  'cannot_demote_self',
  'contact_role_fixed',
  'setup_token_invalid',
  'setup_done',
  'invitation_used',
  'invitation_not_found',
  'mail_already_sent',
  'mail_not_found',
  'csrf_failed',
  'unauthenticated',
  'forbidden',
  'role_required',
  'not_found',
  'customer_not_found',
  'contact_not_found',
  'user_not_found',
  'api_token_not_found',
  'session_not_found',
  'validation_failed',
  'invalid_json',
  'unsupported_media_type',
  'invalid_content_length',
  'body_too_large',
  'bad_request',
  'invalid_cursor',
  'route_not_found',
  'internal_error',
  'field_not_allowed',
  'ticket_closed',
  'ticket_merged',
  'invalid_assignee',
  'invalid_requester',
  'invalid_team',
  'merge_other_customer',
  'merge_into_itself',
  'unknown_article',
  'empty_upload',
  'attachment_not_found',
  'ticket_not_found',
  'staff_only',
  'mail_processed',
  'mail_unreadable',
  'team_name_taken',
  'team_not_found',
  'invalid_user',
  'shift_not_found',
] as const

export type ProblemCode = (typeof problemCodes)[number]

const known: ReadonlySet<string> = new Set(problemCodes)

export function isProblemCode(code: string): code is ProblemCode {
  return known.has(code)
}

/** What to tell the user about a failed request, in the current language; `null` without an error. */
export function problemMessage(error: unknown, t: TFunction): string | null {
  if (!error) {
    return null
  }
  if (!(error instanceof ApiError)) {
    return t('errors.unknown')
  }
  if (error.status === 0) {
    return t('errors.network')
  }
  const seconds = error.retryAfterSeconds ?? 60
  const code = error.code
  // The same code answers a sign-in without a code (401) and an attempt to turn mandatory 2FA off (409).
  if (code === 'totp_required' && error.status === 409) {
    return t('errors.totp_mandatory')
  }
  if (code === 'internal_error') {
    return error.correlationId
      ? t('errors.internal_error', { correlationId: error.correlationId })
      : t('errors.unknown')
  }
  if (isProblemCode(code)) {
    return t(`errors.${code}`, { seconds })
  }
  if (error.status === 429) {
    return t('errors.tooManyRequests', { seconds })
  }
  // A proxy in front of sladesk answers 502-504 without problem+json while the server restarts.
  if (error.status >= 500 && code.startsWith('http_')) {
    return t('errors.unavailable')
  }
  return error.detail || t('errors.unknown')
}

/** The short text under a field for the codes whose field errors the server words in English. */
function fieldMessage(code: string, t: TFunction): string | null {
  switch (code) {
    case 'email_taken':
    case 'team_name_taken':
      return t('errors.fields.taken')
    case 'contact_email_taken':
      return t('errors.fields.contactTaken')
    case 'wrong_password':
    case 'totp_invalid':
      return t('errors.fields.incorrect')
    case 'validation_failed':
      return t('validation.invalid')
    case 'field_not_allowed':
      return t('errors.fields.notAllowed')
    case 'invalid_assignee':
    case 'invalid_user':
      return t('errors.fields.notStaff')
    case 'invalid_requester':
      return t('errors.fields.notContact')
    default:
      return null
  }
}

/** Field errors of a failed mutation, translated where the code is known, keyed as the form's fields are. */
export function fieldErrorsOf(error: unknown, t: TFunction): FieldErrors {
  if (!(error instanceof ApiError)) {
    return {}
  }
  const translated = fieldMessage(error.code, t)
  if (translated === null) {
    return error.fieldErrors
  }
  return Object.fromEntries(Object.keys(error.fieldErrors).map((field) => [field, translated]))
}
