// Amounts and percentages as people type them, to and from the exact values the API speaks: integer cents, and
// percentages with at most two decimals. The conversion is done on the digits, never through a float, so that
// "19,99" is 1999 cents and not 1998.9999.

export type NumberLocale = 'nl' | 'en'

const separators = (locale: NumberLocale) =>
  locale === 'en' ? { decimal: '.', group: ',' } : { decimal: ',', group: '.' }

/**
 * Splits `text` into sign, whole digits and decimal digits. Both separators are read: where both occur the last one
 * is the decimal separator; a lone one is the language's decimal separator, or the other one when it is not
 * followed by exactly three digits (`12.50` in Dutch is 12,50; `1.250` is twelve hundred and fifty).
 */
function digits(text: string, locale: NumberLocale): { negative: boolean; whole: string; fraction: string } | null {
  let value = text.replace(/[\s\u00a0€%]/g, '').replace(/,-$/, '')
  const negative = value.startsWith('-')
  if (negative) {
    value = value.slice(1)
  }
  if (!/^[\d.,]+$/.test(value) || !/\d/.test(value)) {
    return null
  }
  const { decimal, group } = separators(locale)
  const lastDot = value.lastIndexOf('.')
  const lastComma = value.lastIndexOf(',')
  let decimalAt = -1
  if (lastDot >= 0 && lastComma >= 0) {
    decimalAt = Math.max(lastDot, lastComma)
  } else if (lastDot >= 0 || lastComma >= 0) {
    const at = Math.max(lastDot, lastComma)
    const sep = value[at]
    const once = value.indexOf(sep!) === at
    const tail = value.length - at - 1
    decimalAt = sep === decimal || (once && sep === group && tail !== 3) ? at : -1
    if (sep === decimal && !once) {
      return null
    }
  }
  const wholePart = decimalAt >= 0 ? value.slice(0, decimalAt) : value
  const fraction = decimalAt >= 0 ? value.slice(decimalAt + 1) : ''
  // Grouping separators only between groups of three digits: "1.234.567", not "12.34.5".
  const groupSep = decimalAt >= 0 ? (value[decimalAt] === '.' ? ',' : '.') : wholePart.includes('.') ? '.' : ','
  const groups = wholePart.split(groupSep)
  if (groups.length > 1 && (groups.slice(1).some((g) => g.length !== 3) || groups[0] === '')) {
    return null
  }
  const whole = groups.join('')
  if (!/^\d*$/.test(whole) || !/^\d*$/.test(fraction) || (whole === '' && fraction === '')) {
    return null
  }
  return { negative, whole: whole || '0', fraction }
}

/** `"1.234,56"` → 123456; `null` for text that is not an amount, is negative, or has more than two decimals. */
export function parseMoney(text: string, locale: NumberLocale): number | null {
  const d = digits(text, locale)
  if (!d || d.negative || d.fraction.length > 2 || d.whole.length > 12) {
    return null
  }
  return Number(d.whole) * 100 + Number(d.fraction.padEnd(2, '0'))
}

/** 123456 → `"1234,56"`: an amount for an input field, without grouping so that it reads back unchanged. */
export function centsToInput(cents: number, locale: NumberLocale): string {
  const negative = cents < 0
  const abs = Math.abs(Math.trunc(cents))
  const text = `${Math.floor(abs / 100)}${separators(locale).decimal}${String(abs % 100).padStart(2, '0')}`
  return negative ? `-${text}` : text
}

/**
 * `"2,5"` → 2.5: a percentage with at most two decimals, read on its digits (the result is hundredths / 100, the
 * nearest float to the decimal typed). `null` for anything else, and for a negative one unless `allowNegative`.
 */
export function parsePercent(text: string, locale: NumberLocale, allowNegative = false): number | null {
  const d = digits(text, locale)
  if (!d || (d.negative && !allowNegative) || d.fraction.length > 2 || d.whole.length > 6) {
    return null
  }
  const hundredths = Number(d.whole) * 100 + Number(d.fraction.padEnd(2, '0'))
  return ((d.negative ? -1 : 1) * hundredths) / 100
}

/** 2.5 → `"2,5"`: a percentage for an input field. */
export function percentToInput(value: number, locale: NumberLocale): string {
  const hundredths = Math.round(value * 100)
  const abs = Math.abs(hundredths)
  const whole = Math.floor(abs / 100)
  const fraction = String(abs % 100)
    .padStart(2, '0')
    .replace(/0+$/, '')
  const text = fraction ? `${whole}${separators(locale).decimal}${fraction}` : String(whole)
  return hundredths < 0 ? `-${text}` : text
}
