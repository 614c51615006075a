import type { TFunction } from 'i18next'
import { ApiError } from '../../app/apiClient.ts'
import { problemMessage } from '../../app/problems.ts'

/** What to tell someone whose sign-in failed; `null` when the answer is not an error to show. */
export function loginErrorMessage(error: unknown, t: TFunction): string | null {
  // The password was right and a code is needed: the form asks for it, which is no error.
  if (error instanceof ApiError && error.code === 'totp_required' && error.status === 401) {
    return null
  }
  return problemMessage(error, t)
}
