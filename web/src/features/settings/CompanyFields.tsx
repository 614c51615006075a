import { Select, SimpleGrid, Stack, TextInput } from '@mantine/core'
import type { ChangeEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { Company } from '../../../../src/modules/settings/schema.ts'
import { Locale } from '../../../../src/modules/users/schema.ts'
import type { FieldErrors } from '../../app/apiClient.ts'
import { intlLocale } from '../../app/i18n.ts'
import { CountrySelect } from '../../components/CountrySelect.tsx'
import { ImageDataUrlInput } from '../../components/ImageDataUrlInput.tsx'
import { TimeZoneSelect } from '../../components/TimeZoneSelect.tsx'

/** The schema allows a data URL of about 350 000 characters: a file of 256 kB once base64-encoded. */
const maxLogoBytes = 256 * 1024

/** Empty company details with the defaults the server would apply. */
export function emptyCompany(defaultLocale: Locale): Company {
  return {
    name: '',
    address: '',
    postalCode: '',
    city: '',
    country: 'NL',
    vatNumber: '',
    email: '',
    phone: '',
    logo: null,
    defaultLocale,
    timeZone: 'Europe/Amsterdam',
  }
}

interface CompanyFieldsProps {
  value: Company
  onChange: (value: Company) => void
  errors: FieldErrors
  /** Path of the company object in the request body, e.g. `company.` */
  errorPrefix: string
}

/** The MSP's own details, shared by the installation and the settings page. */
export function CompanyFields({ value, onChange, errors, errorPrefix }: CompanyFieldsProps) {
  const { t, i18n } = useTranslation()
  const set = <K extends keyof Company>(key: K, v: Company[K]) => onChange({ ...value, [key]: v })
  const error = (key: keyof Company) => errors[errorPrefix + key]
  const text = (key: 'name' | 'address' | 'postalCode' | 'city' | 'vatNumber' | 'email' | 'phone') => ({
    value: value[key],
    onChange: (e: ChangeEvent<HTMLInputElement>) => set(key, e.currentTarget.value),
    error: error(key),
  })

  return (
    <Stack>
      <TextInput label={t('company.name')} required autoComplete="organization" {...text('name')} />
      <TextInput label={t('company.address')} autoComplete="street-address" {...text('address')} />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput label={t('company.postalCode')} autoComplete="postal-code" {...text('postalCode')} />
        <TextInput label={t('company.city')} autoComplete="address-level2" {...text('city')} />
      </SimpleGrid>
      <CountrySelect
        label={t('company.country')}
        value={value.country}
        onChange={(country) => set('country', country)}
        locale={intlLocale(i18n.language)}
        error={error('country')}
      />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput label={t('company.email')} type="email" {...text('email')} />
        <TextInput label={t('company.phone')} type="tel" {...text('phone')} />
      </SimpleGrid>
      <TextInput label={t('company.vatNumber')} {...text('vatNumber')} />
      <ImageDataUrlInput
        label={t('company.logo')}
        value={value.logo}
        onChange={(logo) => set('logo', logo)}
        maxBytes={maxLogoBytes}
        error={error('logo')}
      />
      <TimeZoneSelect
        label={t('company.timeZone')}
        value={value.timeZone}
        onChange={(tz) => set('timeZone', tz)}
        error={error('timeZone')}
      />
      <Select
        label={t('company.defaultLocale')}
        description={t('company.defaultLocaleHint')}
        data={Locale.options.map((l) => ({ value: l, label: t(`language.${l}`) }))}
        value={value.defaultLocale}
        onChange={(l) => {
          const parsed = Locale.safeParse(l)
          if (parsed.success) {
            set('defaultLocale', parsed.data)
          }
        }}
        allowDeselect={false}
        error={error('defaultLocale')}
      />
    </Stack>
  )
}
