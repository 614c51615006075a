import { Button, Group, NumberInput, Select, Stack } from '@mantine/core'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Billing } from '../../../../src/modules/settings/schema.ts'
import { ErrorAlert } from '../../components/ErrorAlert.tsx'
import { useAssetsConfig, useUpdateAssetsConfig, useUpdateSettings } from './api.ts'

/** The VAT rate on contracts and quotes, and the age at which a UPS battery is due for replacement. */
export function BillingSettings({ billing, onSaved }: { billing: Billing; onSaved: () => void }) {
  const { t } = useTranslation()
  const update = useUpdateSettings()
  const config = useAssetsConfig()
  const updateConfig = useUpdateAssetsConfig()
  const [vat, setVat] = useState<number | string>(billing.vatPercent)
  const vatChanged = Number(vat) !== billing.vatPercent
  return (
    <Stack>
      <Group align="flex-end">
        <NumberInput
          label={t('settings.vatPercent')}
          description={t('settings.vatPercentHint')}
          value={vat}
          onChange={setVat}
          min={0}
          max={100}
          decimalScale={2}
          decimalSeparator=","
          suffix=" %"
          w={360}
        />
        <Button
          variant="default"
          disabled={!vatChanged || vat === ''}
          loading={update.isPending}
          onClick={() => update.mutate({ billing: { vatPercent: Number(vat) } }, { onSuccess: onSaved })}
        >
          {t('settings.saveVat')}
        </Button>
      </Group>
      <ErrorAlert error={update.error} />
      {config.data && (
        <Select
          label={t('settings.batteryMaxAgeYears')}
          description={t('settings.batteryMaxAgeYearsHint')}
          data={[3, 4, 5].map((n) => ({ value: String(n), label: t('settings.years', { count: n }) }))}
          value={String(config.data.batteryMaxAgeYears)}
          onChange={(v) => v && updateConfig.mutate({ batteryMaxAgeYears: Number(v) }, { onSuccess: onSaved })}
          allowDeselect={false}
          disabled={updateConfig.isPending}
          w={360}
        />
      )}
      <ErrorAlert error={config.error ?? updateConfig.error} />
    </Stack>
  )
}
