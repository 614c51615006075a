import { Alert } from '@mantine/core'
import { IconAlertTriangle } from '@tabler/icons-react'
import type { TFunction } from 'i18next'
import { useTranslation } from 'react-i18next'
import { ApiError } from '../../app/apiClient.ts'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'

/** The documentation module's problem codes that have their own text under `docs.errors.<code>`. */
export const docProblemCodes = [
  'doc_changed',
  'slug_taken',
  'unknown_kind',
  'unknown_product',
  'unknown_customer',
  'unknown_owner',
  'customers_required',
  'kind_exists',
  'product_exists',
  'invalid_filename',
  'invalid_range',
  'doc_not_found',
  'revision_not_found',
] as const

type DocProblemCode = (typeof docProblemCodes)[number]
const known: ReadonlySet<string> = new Set(docProblemCodes)
const isDocCode = (code: string): code is DocProblemCode => known.has(code)

/** The text for one of this module's codes, or null for any other error (which ErrorAlert words). */
export function docProblemMessage(error: unknown, t: TFunction): string | null {
  return error instanceof ApiError && isDocCode(error.code) ? t(`docs.errors.${error.code}`) : null
}

/** ErrorAlert that also knows the documentation module's codes. */
export function DocErrorAlert({ error, title }: { error: unknown; title?: string }) {
  const { t } = useTranslation()
  const text = docProblemMessage(error, t)
  if (text === null) {
    return <ErrorAlert error={error} title={title} />
  }
  return (
    <Alert color="red" icon={<IconAlertTriangle size={18} />} title={title ?? t('errors.title')} role="alert">
      {text}
    </Alert>
  )
}
