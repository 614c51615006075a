import { MultiSelect } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import { useAssetsById, useCustomerAssets } from './api.ts'

interface AssetPickerProps {
  customerId: string | null | undefined
  value: string[]
  onChange: (ids: string[]) => void
  label: string
  description?: string
  error?: string
}

/** Picks the ticket's affected systems from the customer's infrastructure; absent when it has none on record. */
export function AssetPicker({ customerId, value, onChange, label, description, error }: AssetPickerProps) {
  const { t } = useTranslation()
  const assets = useCustomerAssets(customerId)
  const items = assets.data?.items ?? []
  if (items.length === 0 && value.length === 0) {
    return null
  }
  return (
    <MultiSelect
      label={label}
      description={description}
      placeholder={value.length === 0 ? t('portal.form.systemPlaceholder') : undefined}
      data={items.map((a) => ({ value: a.id, label: `${a.name} (${t(`assets.classes.${a.class}`)})` }))}
      value={value}
      onChange={onChange}
      searchable
      clearable
      maxValues={10}
      nothingFoundMessage={t('common.nothingFound')}
      error={error}
    />
  )
}

/** The names of a ticket's affected systems, for reading: "SRV-01 (Server), NAS (Back-upsysteem)". */
export function AffectedSystemsText({ ids }: { ids: readonly string[] }) {
  const { t } = useTranslation()
  const found = useAssetsById(ids)
  return (
    <>
      {ids
        .map((id, i) => {
          const asset = found[i]?.data
          return asset ? `${asset.name} (${t(`assets.classes.${asset.class}`)})` : '…'
        })
        .join(', ')}
    </>
  )
}
