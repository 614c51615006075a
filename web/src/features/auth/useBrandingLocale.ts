import { useEffect } from 'react'
import { i18n, storedLocale } from '../../app/i18n.ts'
import { useBranding } from './api.ts'

/**
 * Before sign-in the page speaks the MSP's default language, unless this device chose one before.
 * Returns the branding query so the page can show the name and logo.
 */
export function useBrandingLocale() {
  const branding = useBranding()
  const defaultLocale = branding.data?.defaultLocale
  useEffect(() => {
    if (defaultLocale && !storedLocale() && i18n.language !== defaultLocale) {
      void i18n.changeLanguage(defaultLocale)
    }
  }, [defaultLocale])
  return branding
}
