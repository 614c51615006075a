import 'i18next'
import type nl from '../locales/nl.json'

declare module 'i18next' {
  interface CustomTypeOptions {
    resources: { translation: typeof nl }
  }
}
