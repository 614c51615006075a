import i18next, { type TFunction } from 'i18next'
import { beforeAll, describe, expect, it } from 'vitest'
import en from '../../locales/en.json'
import nl from '../../locales/nl.json'
import type { ReportClock, ReportRow, SlaReport } from './api.ts'
import {
  defaultReportMonth,
  monthOf,
  monthStart,
  recentMonths,
  reportDuration,
  reportHeadline,
  type HeadlineFormat,
} from './slaReport.ts'

let t: TFunction
let tEn: TFunction

beforeAll(async () => {
  const i18n = i18next.createInstance()
  await i18n.init({
    resources: { nl: { translation: nl }, en: { translation: en } },
    lng: 'nl',
    interpolation: { escapeValue: false },
  })
  t = i18n.getFixedT('nl')
  tEn = i18n.getFixedT('en')
})

const dutch: HeadlineFormat = {
  month: (ms) => new Intl.DateTimeFormat('nl-NL', { month: 'long', year: 'numeric' }).format(ms),
  percent: (share) => new Intl.NumberFormat('nl-NL', { style: 'percent', maximumFractionDigits: 1 }).format(share),
}
const english: HeadlineFormat = {
  month: (ms) => new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric' }).format(ms),
  percent: (share) => new Intl.NumberFormat('en-GB', { style: 'percent', maximumFractionDigits: 1 }).format(share),
}

const clock = (met: number, breached: number, pending = 0): ReportClock => ({
  withTarget: met + breached + pending,
  met,
  breached,
  pending,
  inTimeShare: met + breached > 0 ? met / (met + breached) : null,
  medianSeconds: null,
  p90Seconds: null,
})

const report = (tickets: number, firstResponse: ReportClock, resolution: ReportClock): SlaReport => {
  const total: ReportRow = { priority: 'all', tickets, firstResponse, resolution }
  return {
    month: '2026-11',
    customerId: null,
    customerName: null,
    from: 0,
    to: 0,
    generatedAt: 0,
    rows: [],
    total,
    breaches: [],
  }
}

describe('months', () => {
  const dec3 = new Date(2026, 11, 3, 10, 0).getTime()

  it('names the month of an instant and finds its first day back', () => {
    expect(monthOf(dec3)).toBe('2026-12')
    expect(new Date(monthStart('2026-12')).getDate()).toBe(1)
    expect(monthStart('2026-13')).toBeNaN()
    expect(monthStart('november')).toBeNaN()
  })

  it('opens on the last complete month, also in January', () => {
    expect(defaultReportMonth(dec3)).toBe('2026-11')
    expect(defaultReportMonth(new Date(2027, 0, 1, 0, 5).getTime())).toBe('2026-12')
  })

  it('offers the current month first and then back over the turn of the year', () => {
    expect(recentMonths(new Date(2027, 1, 28).getTime(), 4)).toEqual(['2027-02', '2027-01', '2026-12', '2026-11'])
  })
})

describe('reportDuration', () => {
  it.each([
    [45, '45 s'],
    [725, '12 min'],
    [0, '0 s'],
    [3900, '1 u 5 min'],
    [27 * 3600, '27 u'],
    [null, '—'],
  ])('shows %s seconds as %s, never in days and seconds only under a minute', (seconds, text) => {
    expect(reportDuration(seconds, t)).toBe(text)
  })

  it('speaks English too', () => {
    expect(reportDuration(3900, tEn)).toBe('1 h 5 min')
  })
})

describe('reportHeadline', () => {
  it('says which share of the first responses came in time, and how the resolutions went', () => {
    const headline = reportHeadline(report(20, clock(19, 1), clock(9, 1, 10)), false, t, dutch)
    expect(headline.title).toBe('In november 2026 is 95% van de eerste reacties op tijd gegeven.')
    expect(headline.detail).toBe('90% van de meldingen is op tijd opgelost (9 van 10).')
    const english20 = reportHeadline(report(20, clock(19, 1), clock(9, 1, 10)), false, tEn, english)
    expect(english20.title).toBe('In November 2026, 95% of first responses were given in time.')
  })

  it('says "so far" for the month that is still running', () => {
    const headline = reportHeadline(report(1, clock(1, 0), clock(0, 0, 1)), true, t, dutch)
    expect(headline.title).toBe('In november 2026 is tot nu toe 100% van de eerste reacties op tijd gegeven.')
    expect(headline.detail).toBe('Bij 1 melding loopt de oplostermijn nog.')
  })

  it('has a sentence for a month without tickets, without targets, or with every clock still running', () => {
    expect(reportHeadline(report(0, clock(0, 0), clock(0, 0)), false, t, dutch)).toEqual({
      title: 'In november 2026 zijn er geen meldingen binnengekomen.',
      detail: null,
    })
    expect(reportHeadline(report(3, clock(0, 0), clock(0, 0)), false, t, dutch).title).toBe(
      'In november 2026 zijn 3 meldingen binnengekomen, geen ervan met een reactietermijn.',
    )
    expect(reportHeadline(report(2, clock(0, 0, 2), clock(0, 0, 2)), false, t, dutch)).toEqual({
      title: 'In november 2026 zijn 2 meldingen binnengekomen; de eerste reacties lopen nog.',
      detail: 'Bij 2 meldingen loopt de oplostermijn nog.',
    })
  })
})
