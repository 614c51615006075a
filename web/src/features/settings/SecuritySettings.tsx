import { Stack, Switch } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import type { Security } from '../../../../src/modules/settings/schema.ts'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { useUpdateSettings } from './api.ts'

/** Switches apply at once: there is nothing else to fill in. */
export function SecuritySettings({ security, onSaved }: { security: Security; onSaved: () => void }) {
  const { t } = useTranslation()
  const update = useUpdateSettings()
  return (
    <Stack>
      <Switch
        label={t('settings.requireStaffTotp')}
        description={t('settings.requireStaffTotpHint')}
        checked={update.isPending ? !security.requireStaffTotp : security.requireStaffTotp}
        disabled={update.isPending}
        onChange={(e) =>
          update.mutate({ security: { requireStaffTotp: e.currentTarget.checked } }, { onSuccess: onSaved })
        }
      />
      <ErrorAlert error={update.error} />
    </Stack>
  )
}
