import i18n from 'i18next'
import { initReactI18next } from 'react-i18next'
import en from '../locales/en.json'
import nl from '../locales/nl.json'
import { setRequestLanguage } from './apiClient.ts'

export type AppLocale = 'nl' | 'en'

const storageKey = 'sladesk.locale'

/** The language chosen on this device before, if any. */
export function storedLocale(): AppLocale | null {
  try {
    const value = localStorage.getItem(storageKey)
    return value === 'nl' || value === 'en' ? value : null
  } catch {
    return null
  }
}

/** Switches the UI language at once and remembers it for the sign-in page. */
export function applyLocale(locale: AppLocale): void {
  try {
    localStorage.setItem(storageKey, locale)
  } catch {
    // Private browsing may refuse storage; the language still switches for this visit.
  }
  if (i18n.language !== locale) {
    void i18n.changeLanguage(locale)
  }
}

/** The Intl locale for dates and money in the current language. */
export function intlLocale(locale: string): string {
  return locale === 'en' ? 'en-GB' : 'nl-NL'
}

i18n.on('languageChanged', (lng) => {
  document.documentElement.lang = lng
  setRequestLanguage(lng)
})

void i18n.use(initReactI18next).init({
  resources: { nl: { translation: nl }, en: { translation: en } },
  lng: storedLocale() ?? 'nl',
  fallbackLng: 'nl',
  supportedLngs: ['nl', 'en'],
  initAsync: false,
  interpolation: { escapeValue: false },
  returnNull: false,
})

export { i18n }
