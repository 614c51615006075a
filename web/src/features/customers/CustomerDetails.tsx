import { DataList, Text } from '@mantine/core'
import { useTranslation } from 'react-i18next'
import type { Customer } from '../../../../src/modules/customers/schema.ts'
import { intlLocale } from '../../app/i18n.ts'
import { useFormatters } from '../../app/useFormatters.ts'

function countryName(code: string, locale: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'region' }).of(code) ?? code
  } catch {
    return code
  }
}

/**
 * The customer's details as a read-only list. `internal` adds what only the MSP's staff should see: when the
 * customer was entered, and the notes (which are about the customer, not for it).
 */
export function CustomerDetails({ customer, internal }: { customer: Customer; internal: boolean }) {
  const { t, i18n } = useTranslation()
  const format = useFormatters()
  const address = [customer.address, [customer.postalCode, customer.city].filter(Boolean).join(' ')]
    .filter(Boolean)
    .join(', ')
  const rows: [string, string | null][] = [
    [t('customers.email'), customer.email],
    [t('customers.phone'), customer.phone],
    [t('customers.address'), address || null],
    [t('customers.country'), countryName(customer.country, intlLocale(i18n.language))],
    [t('customers.vatNumber'), customer.vatNumber],
  ]
  if (internal) {
    rows.push([t('customers.createdAt'), format.dateTime(customer.createdAt)])
  }
  if (customer.archivedAt !== null) {
    rows.push([t('customers.archivedAt'), format.dateTime(customer.archivedAt)])
  }
  return (
    <DataList labelWidth={160}>
      {rows.map(([label, value]) => (
        <DataList.Item key={label}>
          <DataList.ItemLabel>{label}</DataList.ItemLabel>
          <DataList.ItemValue>
            {value ?? (
              <Text span c="dimmed">
                —
              </Text>
            )}
          </DataList.ItemValue>
        </DataList.Item>
      ))}
      {internal && customer.notes && (
        <DataList.Item>
          <DataList.ItemLabel>{t('customers.notes')}</DataList.ItemLabel>
          <DataList.ItemValue style={{ whiteSpace: 'pre-wrap' }}>{customer.notes}</DataList.ItemValue>
        </DataList.Item>
      )}
    </DataList>
  )
}
