import { PasswordInput, type PasswordInputProps } from '@mantine/core'
import { useTranslation } from 'react-i18next'

/**
 * A password input whose show/hide toggle is named in the UI language. The name avoids the word "password",
 * so that the field's own label stays the only match when it is looked up by label.
 */
export function PasswordField(props: PasswordInputProps) {
  const { t } = useTranslation()
  return <PasswordInput visibilityToggleButtonProps={{ 'aria-label': t('common.toggleVisibility') }} {...props} />
}
