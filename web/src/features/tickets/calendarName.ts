import type { TFunction } from 'i18next'

/** The two calendars every installation has get a name in words; others (made by an admin) keep their key. */
export function calendarName(key: string | null, t: TFunction): string {
  if (key === 'business') {
    return t('calendars.business')
  }
  if (key === '24x7') {
    return t('calendars.24x7')
  }
  return key ?? '—'
}
