import { Group, SegmentedControl } from '@mantine/core'
import { IconLanguage } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import type { AppLocale } from '../app/i18n.ts'
import classes from './LabeledSegmentedControl.module.css'
import { LabeledSegmentedControl } from './LabeledSegmentedControl.tsx'

interface LanguageSwitchProps {
  value: AppLocale
  onChange: (locale: AppLocale) => void
  disabled?: boolean
  /** A small switch for the corner of a page, named "Taal" for screen readers only. */
  compact?: boolean
}

/** "Taal": Nederlands | English, each language named in itself. */
export function LanguageSwitch({ value, onChange, disabled, compact }: LanguageSwitchProps) {
  const { t } = useTranslation()
  const data: { value: AppLocale; label: string }[] = [
    { value: 'nl', label: t('language.nl') },
    { value: 'en', label: t('language.en') },
  ]
  if (compact) {
    return (
      <Group gap={6} wrap="nowrap">
        <IconLanguage size={16} color="var(--mantine-color-dimmed)" aria-hidden />
        <SegmentedControl
          size="xs"
          aria-label={t('language.label')}
          classNames={{ input: classes.input }}
          value={value}
          data={data}
          disabled={disabled}
          onChange={(v) => onChange(v === 'en' ? 'en' : 'nl')}
        />
      </Group>
    )
  }
  return (
    <LabeledSegmentedControl<AppLocale>
      label={t('language.label')}
      value={value}
      disabled={disabled}
      data={data}
      onChange={onChange}
    />
  )
}
