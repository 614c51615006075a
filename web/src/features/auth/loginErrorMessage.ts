import type { TFunction } from 'i18next'
import { ApiError } from '../../app/apiClient.ts'

/** What to tell someone whose sign-in failed; `null` when the answer is not an error to show. */
export function loginErrorMessage(error: unknown, t: TFunction): string | null {
  if (!(error instanceof ApiError)) {
    return error ? t('errors.unknown') : null
  }
  if (error.status === 429) {
    return t('auth.tooManyAttempts', { seconds: error.retryAfterSeconds ?? 60 })
  }
  switch (error.code) {
    case 'totp_required':
      return null
    case 'invalid_credentials':
      return t('auth.invalidCredentials')
    case 'totp_invalid':
      return t('auth.totpInvalid')
    default:
      return error.status === 0 ? t('errors.network') : error.detail || t('errors.unknown')
  }
}
