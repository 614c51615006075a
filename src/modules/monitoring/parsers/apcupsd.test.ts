import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { APCACCESS_STALE_MS, apcaccess, apcSelfTest, apcStatusState, apcupsdEvents } from './apcupsd.js'
import { nut, upslog, upsmon } from './nut.js'
import { type ParseResult, type Parser, type ReportInput, UPS_STATES, type UpsEvent } from './types.js'

const fixture = (name: string): string =>
  readFileSync(new URL(`../../../../test/fixtures/monitoring/apcupsd/${name}`, import.meta.url), 'utf8')

const receivedAt = Date.UTC(2026, 10, 29, 18, 0)
const input = (text: string, overrides: Partial<ReportInput> = {}): ReportInput => ({
  text,
  timeZone: 'Europe/Amsterdam',
  receivedAt,
  ...overrides,
})

function events(result: ParseResult): UpsEvent[] {
  if (result.status !== 'parsed') {
    throw new Error(`unparsed: ${result.reason}`)
  }
  return result.events as UpsEvent[]
}

const ups = (overrides: Partial<UpsEvent>): UpsEvent => ({
  kind: 'ups',
  ups: null,
  at: null,
  state: 'online',
  charge: null,
  runtimeSeconds: null,
  loadPercent: null,
  inputVoltage: null,
  message: '',
  ...overrides,
})

/** `2026-11-29 HH:MM:SS +0100` as epoch ms. */
const cet = (h: number, m: number, s: number): number => Date.UTC(2026, 10, 29, h - 1, m, s)

const ALL: Parser[] = [apcupsdEvents, apcaccess, nut, upsmon, upslog]

describe('apcupsd-events', () => {
  it('reads a power cut and the return of mains', () => {
    const report = input(fixture('events-power-cycle.log'))
    expect(apcupsdEvents.detect(report)).toBe(true)
    expect(events(apcupsdEvents.parse(report))).toEqual([
      ups({ at: cet(17, 52, 10), state: 'on-battery', message: '2026-11-29 17:52:10 +0100  Power failure.' }),
      ups({
        at: cet(17, 52, 16),
        state: 'on-battery',
        message: '2026-11-29 17:52:16 +0100  Running on UPS batteries.',
      }),
      ups({
        at: cet(17, 53, 2),
        state: 'online',
        message: '2026-11-29 17:53:02 +0100  Mains returned. No longer on UPS batteries.',
      }),
      ups({
        at: cet(17, 53, 2),
        state: 'online',
        message: '2026-11-29 17:53:02 +0100  Power is back. UPS running on mains.',
      }),
    ])
  })

  it('reads an exhausted battery and the shutdown, and skips the daemon exiting', () => {
    const result = events(apcupsdEvents.parse(input(fixture('events-shutdown.log'))))
    expect(result.map((e) => [e.at, e.state])).toEqual([
      [cet(18, 1, 40), 'on-battery'],
      [cet(18, 1, 46), 'on-battery'],
      [cet(18, 4, 12), 'low-battery'],
      [cet(18, 4, 12), 'shutdown'],
    ])
  })

  it('reads lost and restored communications', () => {
    expect(events(apcupsdEvents.parse(input(fixture('events-commlost.log'))))).toEqual([
      ups({
        at: cet(18, 22, 41),
        state: 'comm-lost',
        message: '2026-11-29 18:22:41 +0100  Communications with UPS lost.',
      }),
      ups({
        at: cet(18, 25, 3),
        state: 'comm-restored',
        message: '2026-11-29 18:25:03 +0100  Communications with UPS restored.',
      }),
    ])
  })

  it('reads self-test results, and does not take the test switch to battery for a power cut', () => {
    expect(events(apcupsdEvents.parse(input(fixture('events-selftest.log'))))).toEqual([
      ups({
        at: Date.UTC(2026, 9, 31, 23, 28, 28),
        state: 'self-test',
        selfTest: 'passed',
        message: '2026-10-31 19:28:28 -0400  UPS Self Test completed: Battery OK',
      }),
      ups({
        at: Date.UTC(2026, 10, 15, 0, 28, 27),
        state: 'self-test',
        selfTest: 'failed',
        message: '2026-11-14 19:28:27 -0500  UPS Self Test completed: Test failed',
      }),
    ])
  })

  it.each([
    ['Battery charge below low limit.', 'low-battery'],
    ['Reached run time limit on batteries.', 'low-battery'],
    ['Battery failure. Emergency.', 'low-battery'],
    ['UPS battery must be replaced.', 'replace-battery'],
    ['Battery disconnected.', 'replace-battery'],
    ['Remote shutdown requested.', 'shutdown'],
  ] as const)('maps "%s" to %s', (message, state) => {
    const line = `2026-11-29 18:00:00 +0100  ${message}`
    expect(events(apcupsdEvents.parse(input(line)))).toEqual([ups({ at: cet(18, 0, 0), state, message: line })])
  })

  it('recognises startup, reattach and tests without a result, but makes no state of them', () => {
    const text = [
      '2026-11-29 18:00:00 +0100  apcupsd 3.14.14 (31 May 2016) debian startup succeeded',
      '2026-11-29 18:00:01 +0100  Battery reattached.',
      '2026-11-29 18:00:02 +0100  UPS Self Test completed: Not supported',
      '2026-11-29 18:00:03 +0100  Some message from a newer apcupsd',
    ].join('\n')
    expect(apcupsdEvents.parse(input(text))).toEqual({ status: 'parsed', events: [] })
  })

  it.each([
    ['no offset', '2026-11-29 17:52:10  Power failure.'],
    ['no space after the offset', '2026-11-29 17:52:10 +0100Power failure.'],
    ['an unknown message only', '2026-11-29 17:52:10 +0100  Something else entirely.'],
    ['apcaccess output', 'APC      : 001,036,0879\nSTATUS   : ONLINE\n'],
    ['nothing', ''],
  ])('is unparsed for %s', (_name, text) => {
    expect(apcupsdEvents.parse(input(text)).status).toBe('unparsed')
    expect(apcupsdEvents.detect(input(text))).toBe(false)
  })

  it('accepts one space before the message', () => {
    const line = '2026-11-29 17:52:10 +0100 Power failure.'
    expect(events(apcupsdEvents.parse(input(line)))).toEqual([
      ups({ at: cet(17, 52, 10), state: 'on-battery', message: line }),
    ])
  })

  it('leaves the time null when the date is impossible', () => {
    expect(events(apcupsdEvents.parse(input('2026-02-30 10:00:00 +0100  Power failure.')))[0]?.at).toBeNull()
  })
})

describe('apcaccess', () => {
  it('reads an online UPS with its figures and units', () => {
    const report = input(fixture('apcaccess-online.txt'))
    expect(apcaccess.detect(report)).toBe(true)
    expect(events(apcaccess.parse(report))).toEqual([
      ups({
        ups: 'kantoor-ups',
        at: cet(17, 51, 2),
        state: 'online',
        charge: 100,
        runtimeSeconds: 45 * 60,
        loadPercent: 18,
        inputVoltage: 230.4,
        message: 'STATUS   : ONLINE',
      }),
    ])
  })

  it('reads a UPS on battery, TIMELEFT minutes as seconds', () => {
    expect(events(apcaccess.parse(input(fixture('apcaccess-onbatt.txt'))))).toEqual([
      ups({
        ups: 'kantoor-ups',
        at: cet(17, 52, 40),
        state: 'on-battery',
        charge: 94,
        runtimeSeconds: 1518,
        loadPercent: 21,
        inputVoltage: 0,
        message: 'STATUS   : ONBATT',
      }),
    ])
  })

  it('keeps SHUTTING DOWN as shutdown even though mains are back', () => {
    const [e] = events(apcaccess.parse(input(fixture('apcaccess-shutting-down.txt'))))
    expect(e).toMatchObject({ state: 'shutdown', inputVoltage: 230.4, charge: 4, runtimeSeconds: 72 })
  })

  it('reads COMMLOST as comm-lost, with the time of the last good poll', () => {
    const [e] = events(apcaccess.parse(input(fixture('apcaccess-commlost.txt'))))
    expect(e).toMatchObject({ state: 'comm-lost', at: cet(17, 51, 2), message: 'STATUS   : COMMLOST' })
  })

  it('calls data stale when DATE is more than 5 minutes before END APC', () => {
    const [e] = events(apcaccess.parse(input(fixture('apcaccess-stale.txt'))))
    expect(e).toMatchObject({
      state: 'comm-lost',
      at: cet(17, 51, 2),
      message: 'STATUS   : ONLINE (stale: DATE is 12 min before END APC)',
    })
  })

  it('falls back to the time of receipt when END APC is cut off', () => {
    const text = fixture('apcaccess-online.txt').split('\nEND APC')[0]!
    expect(events(apcaccess.parse(input(text, { receivedAt: cet(17, 55, 0) })))[0]?.state).toBe('online')
    const late = cet(17, 51, 2) + APCACCESS_STALE_MS + 1000
    expect(events(apcaccess.parse(input(text, { receivedAt: late })))[0]?.state).toBe('comm-lost')
  })

  it('adds a failed self-test next to the replace-battery state', () => {
    expect(events(apcaccess.parse(input(fixture('apcaccess-selftest-ng.txt'))))).toEqual([
      ups({
        ups: 'kantoor-ups',
        at: cet(17, 51, 2),
        state: 'replace-battery',
        charge: 100,
        runtimeSeconds: 2700,
        loadPercent: 18,
        inputVoltage: 230.4,
        message: 'STATUS   : ONLINE REPLACEBATT',
      }),
      ups({
        ups: 'kantoor-ups',
        at: cet(17, 51, 2),
        state: 'self-test',
        selfTest: 'failed',
        charge: 100,
        runtimeSeconds: 2700,
        loadPercent: 18,
        inputVoltage: 230.4,
        message: 'SELFTEST : NG',
      }),
    ])
  })

  it('reads output without units (apcaccess -u) and several blocks in one report', () => {
    const block = (name: string, status: string): string =>
      `APC      : 001,036,0879\nDATE     : 2026-11-29 17:59:00 +0100\nUPSNAME  : ${name}\nSTATUS   : ${status}\n` +
      `LINEV    : 229.0\nBCHARGE  : 50.0\nTIMELEFT : 10.5\nEND APC  : 2026-11-29 17:59:01 +0100\n`
    const result = events(apcaccess.parse(input(block('a', 'ONLINE') + block('b', 'ONBATT LOWBATT'))))
    expect(result.map((e) => [e.ups, e.state, e.runtimeSeconds, e.charge])).toEqual([
      ['a', 'online', 630, 50],
      ['b', 'low-battery', 630, 50],
    ])
  })

  it('keeps at most 500 keys of a block, the first ones', () => {
    const keys = (n: number) => Array.from({ length: n }, (_, i) => `K${String(i).padStart(3, '0')}     : x`).join('\n')
    const block = (n: number) => `APC      : 001\n${keys(n)}\nSTATUS   : ONLINE\nEND APC  : 2026-11-29 17:59:01 +0100\n`
    expect(events(apcaccess.parse(input(block(400)))).map((e) => e.state)).toEqual(['online'])
    expect(apcaccess.parse(input(block(600))).status).toBe('unparsed')
  })

  it.each([
    ['ONLINE', 'online'],
    ['TRIM ONLINE', 'online'],
    ['BOOST ONLINE', 'online'],
    ['CAL ONLINE', 'online'],
    ['ONBATT', 'on-battery'],
    ['ONBATT LOWBATT', 'low-battery'],
    ['ONLINE OVERLOAD', 'overload'],
    ['ONLINE NOBATT', 'replace-battery'],
    ['ONLINE REPLACEBATT', 'replace-battery'],
    ['SHUTTING DOWN', 'shutdown'],
    ['COMMLOST', 'comm-lost'],
    ['ONLINE NEWWORD', 'replace-battery'],
    ['', 'comm-lost'],
  ] as const)('maps STATUS "%s" to %s', (status, state) => {
    expect(apcStatusState(status)).toBe(state)
  })

  it.each([
    ['OK', 'passed'],
    ['NG', 'failed'],
    ['BT', 'failed'],
    ['WN', 'failed'],
    ['NO', null],
    ['IP', null],
    [undefined, null],
  ] as const)('maps SELFTEST %s to %s', (value, result) => {
    expect(apcSelfTest(value)).toBe(result)
  })

  it.each([
    ['a STATUS line alone', 'STATUS   : ONLINE\n'],
    ['a block without STATUS', 'APC      : 001,036,0879\nUPSNAME  : x\nEND APC  : 2026-11-29 17:59:01 +0100\n'],
    ['an upsc dump', 'ups.status: OL\n'],
    ['a mail header block', 'From: a@b\nSubject: UPS\nDate: today\n'],
  ])('is unparsed for %s', (_name, text) => {
    expect(apcaccess.parse(input(text)).status).toBe('unparsed')
  })
})

describe('detection', () => {
  const samples: [string, string][] = [
    ['events-power-cycle.log', 'apcupsd-events'],
    ['events-shutdown.log', 'apcupsd-events'],
    ['events-commlost.log', 'apcupsd-events'],
    ['events-selftest.log', 'apcupsd-events'],
    ['apcaccess-online.txt', 'apcaccess'],
    ['apcaccess-commlost.txt', 'apcaccess'],
    ['apcaccess-shutting-down.txt', 'apcaccess'],
  ]
  it.each(samples)('%s is claimed by %s only', (name, format) => {
    const report = input(fixture(name))
    expect(ALL.filter((p) => p.detect(report)).map((p) => p.format)).toEqual([format])
  })

  it.each([
    '{"message_type":"summary","files_new":1,"snapshot_id":"abc"}',
    'Bacula: Backup OK of vm-fd Full\n  JobId:                  12\n  Termination:            Backup OK\n',
    '[2026-11-29T17:00:00] /usr/bin/rsnapshot -c /etc/rsnapshot.conf daily: started',
    'INFO: starting new backup job: vzdump 100\nTASK OK',
    'ParsedResult: Success\nBeginTime: 29-11-2026 01:00:00\n',
    '2026-11-29 17:53:29 +0100  some other daemon wrote this',
  ])('no UPS parser claims %s', (text) => {
    expect(ALL.filter((p) => p.detect(input(text))).map((p) => p.format)).toEqual([])
  })
})

function wellFormed(result: ParseResult): boolean {
  if (result.status === 'unparsed') {
    return typeof result.reason === 'string'
  }
  return result.events.every(
    (e) =>
      e.kind === 'ups' &&
      (e.ups === null || typeof e.ups === 'string') &&
      (e.at === null || Number.isFinite(e.at)) &&
      UPS_STATES.includes(e.state) &&
      (e.selfTest === undefined || e.selfTest === 'passed' || e.selfTest === 'failed') &&
      [e.charge, e.runtimeSeconds, e.loadPercent, e.inputVoltage].every((n) => n === null || Number.isFinite(n)) &&
      typeof e.message === 'string' &&
      e.message.length <= 2000,
  )
}

describe.each([apcupsdEvents, apcaccess])('$format robustness', (parser) => {
  const check = (text: string): void => {
    const report = input(text)
    expect(typeof parser.detect(report)).toBe('boolean')
    expect(wellFormed(parser.parse(report))).toBe(true)
  }
  const samples = [
    'events-power-cycle.log',
    'events-shutdown.log',
    'events-selftest.log',
    'apcaccess-online.txt',
    'apcaccess-stale.txt',
  ].map(fixture)

  it('never throws on arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ maxLength: 500 }), (text) => check(text)))
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (text) => check(text)))
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => check(text)))
  })

  it('never throws on text made of the formats pieces', () => {
    const piece = fc.constantFrom(
      '2026-11-29 17:52:10 +0100  ',
      '2026-19-39 29:69:69 -9999  ',
      'Power failure.',
      'UPS Self Test completed: ',
      'APC      : 001',
      'STATUS   : ',
      'DATE     : ',
      'END APC  : ',
      'TIMELEFT : ',
      '99999999999999.5 Minutes',
      'ONLINE',
      'SHUTTING DOWN',
      'N/A',
      ' ',
      '\n',
      '\r\n',
      ':',
    )
    fc.assert(fc.property(fc.array(piece, { maxLength: 60 }), (pieces) => check(pieces.join(''))))
  })

  it('never throws on binary bytes read as latin1', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => check(Buffer.from(bytes).toString('latin1'))))
  })

  it('never throws on real samples cut at random points or with lines mixed in', () => {
    fc.assert(
      fc.property(fc.constantFrom(...samples), fc.nat(), fc.string({ maxLength: 80 }), (sample, cut, noise) => {
        const at = cut % (sample.length + 1)
        check(sample.slice(0, at))
        check(sample.slice(at))
        check(`${sample.slice(0, at)}${noise}\n${sample.slice(at)}`)
      }),
    )
  })

  it('gets through a single 10 MB line', () => {
    check(`2026-11-29 17:52:10 +0100  ${'Power failure. '.repeat(700_000)}`)
    check(`STATUS   : ${'ONLINE '.repeat(1_500_000)}`)
    check(':'.repeat(10 * 1024 * 1024))
  })
})
