import { useTranslation } from 'react-i18next'
import type { AppLocale } from '../app/i18n.ts'
import { LabeledSegmentedControl } from './LabeledSegmentedControl.tsx'

interface LanguageSwitchProps {
  value: AppLocale
  onChange: (locale: AppLocale) => void
  disabled?: boolean
}

/** "Taal": Nederlands | English, each language named in itself. */
export function LanguageSwitch({ value, onChange, disabled }: LanguageSwitchProps) {
  const { t } = useTranslation()
  return (
    <LabeledSegmentedControl<AppLocale>
      label={t('language.label')}
      value={value}
      disabled={disabled}
      data={[
        { value: 'nl', label: t('language.nl') },
        { value: 'en', label: t('language.en') },
      ]}
      onChange={onChange}
    />
  )
}
