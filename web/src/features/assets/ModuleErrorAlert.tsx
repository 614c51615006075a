import { Alert } from '@mantine/core'
import { IconAlertTriangle } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { ApiError } from '../../app/apiClient.ts'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { moduleProblemCodes, moduleProblemMessage } from './moduleProblems.ts'

const codes: ReadonlySet<string> = new Set(moduleProblemCodes)

/** ErrorAlert that also knows the codes of the infrastructure, contract and lead modules. */
export function ModuleErrorAlert({ error, title }: { error: unknown; title?: string }) {
  const { t } = useTranslation()
  if (!(error instanceof ApiError) || !codes.has(error.code)) {
    return <ErrorAlert error={error} title={title} />
  }
  return (
    <Alert color="red" icon={<IconAlertTriangle size={18} />} title={title ?? t('errors.title')} role="alert">
      {moduleProblemMessage(error, t)}
    </Alert>
  )
}
