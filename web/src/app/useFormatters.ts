import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { intlLocale } from './i18n.ts'

export interface Formatters {
  /** An instant (epoch ms) as date and time, e.g. `3 dec 2026, 14:05`. */
  dateTime: (epochMs: number) => string
  /** An instant (epoch ms) for a narrow column: `3 dec, 14:05` this year, `03-12-2025, 14:05` before. */
  shortDateTime: (epochMs: number) => string
  /** An instant (epoch ms) as a date. */
  date: (epochMs: number) => string
  /** An amount in cents, e.g. `€ 1.234,50`. */
  money: (cents: number, currency?: string) => string
  /** A file size, e.g. `1,2 MB` or `830 kB`. */
  bytes: (size: number) => string
  /** A plain number with the language's separators, e.g. `1.234,5`. */
  number: (value: number, maximumFractionDigits?: number) => string
  /** A share (0 to 1) as a percentage, to at most one decimal: `95%`, `87,5%`. */
  percent: (share: number) => string
  /** An instant (epoch ms) with its weekday, for a rota: `ma 7 dec 2026, 08:00`. */
  weekdayDateTime: (epochMs: number) => string
  /** The month of an instant (epoch ms): `november 2026`. */
  month: (epochMs: number) => string
}

export function useFormatters(): Formatters {
  const { i18n } = useTranslation()
  const locale = intlLocale(i18n.language)
  return useMemo(() => {
    const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' })
    const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' })
    const thisYear = new Intl.DateTimeFormat(locale, {
      day: 'numeric',
      month: 'short',
      hour: '2-digit',
      minute: '2-digit',
    })
    const otherYear = new Intl.DateTimeFormat(locale, { dateStyle: 'short', timeStyle: 'short' })
    const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 })
    const weekdayDateTime = new Intl.DateTimeFormat(locale, {
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
    })
    const month = new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric' })
    const money = new Map<string, Intl.NumberFormat>()
    const unit = (u: string) =>
      new Intl.NumberFormat(locale, { style: 'unit', unit: u, unitDisplay: 'short', maximumFractionDigits: 1 })
    const sizes = [unit('byte'), unit('kilobyte'), unit('megabyte'), unit('gigabyte')] as const
    return {
      dateTime: (ms) => dateTime.format(ms),
      shortDateTime: (ms) =>
        (new Date(ms).getFullYear() === new Date().getFullYear() ? thisYear : otherYear).format(ms),
      date: (ms) => date.format(ms),
      money: (cents, currency = 'EUR') => {
        let format = money.get(currency)
        if (!format) {
          format = new Intl.NumberFormat(locale, { style: 'currency', currency })
          money.set(currency, format)
        }
        return format.format(cents / 100)
      },
      bytes: (size) => {
        let value = size
        let i = 0
        while (value >= 1000 && i < sizes.length - 1) {
          value /= 1000
          i++
        }
        return (sizes[i] ?? sizes[0]).format(value)
      },
      number: (value, maximumFractionDigits = 2) =>
        new Intl.NumberFormat(locale, { maximumFractionDigits }).format(value),
      percent: (share) => percent.format(share),
      weekdayDateTime: (ms) => weekdayDateTime.format(ms),
      month: (ms) => month.format(ms),
    }
  }, [locale])
}
