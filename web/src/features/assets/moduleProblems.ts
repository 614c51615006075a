import type { TFunction } from 'i18next'
import { ApiError, type FieldErrors } from '../../app/apiClient.ts'
import { fieldErrorsOf, problemMessage } from '../../app/problems.ts'

/**
 * The problem codes of the infrastructure, contract and lead modules that have their own text under
 * `moduleErrors.<code>`; the server's `detail` is English and for developers. Others go to the app's list.
 */
export const moduleProblemCodes = [
  'serial_taken',
  'site_in_use',
  'site_name_taken',
  'csv_invalid',
  'import_rows_invalid',
  'invalid_link',
  'invalid_site',
  'invalid_period',
  'plan_inactive',
  'plan_name_taken',
  'unknown_plan',
  'unknown_calendar',
  'contract_ended',
  'contract_already_active',
  'contract_not_active',
  'contract_overlap',
  'replace_before_start',
  'end_before_start',
  'not_a_pdf',
  'lead_converted',
  'lead_converting',
  'plan_required',
  'asset_not_found',
  'site_not_found',
  'contract_not_found',
  'contract_document_not_found',
  'plan_not_found',
  'lead_not_found',
  'quote_not_found',
] as const

type ModuleProblemCode = (typeof moduleProblemCodes)[number]
const known: ReadonlySet<string> = new Set(moduleProblemCodes)
const isModuleCode = (code: string): code is ModuleProblemCode => known.has(code)

/** What to tell the user about a failed request of these modules; `null` without an error. */
export function moduleProblemMessage(error: unknown, t: TFunction): string | null {
  if (error instanceof ApiError && isModuleCode(error.code)) {
    const text = t(`moduleErrors.${error.code}`)
    // A CSV the server could not read at all: its own words say where (line and cause).
    return error.code === 'csv_invalid' && error.detail ? `${text} ${error.detail}` : text
  }
  return problemMessage(error, t)
}

/** Field errors of a failed mutation, with the module's codes worded like the app's. */
export function moduleFieldErrors(error: unknown, t: TFunction): FieldErrors {
  if (error instanceof ApiError) {
    switch (error.code) {
      case 'serial_taken':
      case 'site_name_taken':
      case 'plan_name_taken':
        return Object.fromEntries(Object.keys(error.fieldErrors).map((k) => [k, t('errors.fields.taken')]))
      case 'invalid_link':
      case 'invalid_site':
      case 'invalid_period':
      case 'unknown_plan':
      case 'end_before_start':
        return Object.fromEntries(Object.keys(error.fieldErrors).map((k) => [k, moduleProblemMessage(error, t) ?? '']))
      default:
        break
    }
  }
  return fieldErrorsOf(error, t)
}
