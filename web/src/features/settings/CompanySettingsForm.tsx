import { Button, Group, Stack } from '@mantine/core'
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { Company } from '../../../../src/modules/settings/schema.ts'
import type { FieldErrors } from '../../app/apiClient.ts'
import { fieldErrorsOf } from '../../app/problems.ts'
import { validate } from '../../app/validate.ts'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { useUpdateSettings } from './api.ts'
import { CompanyFields } from './CompanyFields.tsx'

export function CompanySettingsForm({ company, onSaved }: { company: Company; onSaved: () => void }) {
  const { t } = useTranslation()
  const update = useUpdateSettings()
  const [values, setValues] = useState(company)
  const [errors, setErrors] = useState<FieldErrors>({})

  function submit(event: FormEvent) {
    event.preventDefault()
    const checked = validate(Company, values)
    if (!checked.ok) {
      setErrors(Object.fromEntries(Object.entries(checked.errors).map(([k, v]) => [`company.${k}`, v])))
      return
    }
    setErrors({})
    update.mutate({ company: checked.data }, { onSuccess: onSaved })
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <CompanyFields
          value={values}
          onChange={setValues}
          errors={{ ...fieldErrorsOf(update.error, t), ...errors }}
          errorPrefix="company."
        />
        <ErrorAlert error={update.error} />
        <Group justify="flex-end">
          <Button type="submit" loading={update.isPending}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  )
}
