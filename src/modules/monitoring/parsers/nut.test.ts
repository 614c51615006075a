import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { apcaccess, apcupsdEvents } from './apcupsd.js'
import { nut, nutErrorState, selfTestOf, upslog, upsmon, upsStatusOf } from './nut.js'
import { type ParseResult, type Parser, type ReportInput, UPS_STATES, type UpsEvent } from './types.js'

const fixture = (name: string): string =>
  readFileSync(new URL(`../../../../test/fixtures/monitoring/nut/${name}`, import.meta.url), 'utf8')

const receivedAt = Date.UTC(2026, 10, 30, 2, 0)
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

const ALL: Parser[] = [nut, upsmon, upslog, apcaccess, apcupsdEvents]

describe('upsStatusOf', () => {
  it.each([
    ['OL', 'online'],
    ['OL CHRG', 'online'],
    ['OL TRIM', 'online'],
    ['OL BOOST', 'online'],
    ['OL HB', 'online'],
    ['OB DISCHRG', 'on-battery'],
    ['OB DISCHRG LB', 'low-battery'],
    ['FSD OB DISCHRG LB', 'shutdown'],
    ['OFF', 'shutdown'],
    ['OL CHRG RB', 'replace-battery'],
    ['OL OVER', 'overload'],
    ['OL BYPASS', 'overload'],
    ['OB RB', 'on-battery'],
    ['OL ALARM', 'replace-battery'],
    ['OL SOMETHINGNEW', 'replace-battery'],
    ['WAIT', 'comm-lost'],
    ['NA', 'comm-lost'],
    ['', 'comm-lost'],
    ['CHRG', 'comm-lost'],
  ] as const)('maps ups.status "%s" to %s', (status, state) => {
    expect(upsStatusOf({ 'ups.status': status }).state).toBe(state)
  })

  it('reads the figures and keeps the flags', () => {
    expect(
      upsStatusOf({
        'ups.status': 'OB DISCHRG',
        'battery.charge': '80',
        'battery.runtime': '1518',
        'ups.load': '21',
        'input.voltage': '0.0',
      }),
    ).toEqual({
      state: 'on-battery',
      flags: ['OB', 'DISCHRG'],
      unknownFlags: [],
      alarm: null,
      charge: 80,
      runtimeSeconds: 1518,
      loadPercent: 21,
      inputVoltage: 0,
    })
  })

  it('is comm-lost without ups.status and null for figures that are not numbers', () => {
    expect(upsStatusOf({ 'battery.charge': 'NA', 'ups.load': '12 %' })).toMatchObject({
      state: 'comm-lost',
      flags: [],
      charge: null,
      loadPercent: null,
    })
  })

  it('names the state an ALARM text points at', () => {
    expect(upsStatusOf({ 'ups.status': 'OL ALARM', 'ups.alarm': 'Output overload!' }).state).toBe('overload')
    expect(upsStatusOf({ 'ups.status': 'OL ALARM', 'ups.alarm': 'Fan failure!' })).toMatchObject({
      state: 'replace-battery',
      alarm: 'Fan failure!',
    })
  })

  it('reports the self-test result apart from the power state', () => {
    expect(upsStatusOf({ 'ups.status': 'OL', 'ups.test.result': 'Done and passed' })).toMatchObject({
      state: 'online',
      selfTest: 'passed',
    })
    expect(selfTestOf('Done and error')).toBe('failed')
    expect(selfTestOf('Done and warning')).toBe('failed')
    expect(selfTestOf('Some new wording')).toBe('failed')
    expect(selfTestOf('No test initiated')).toBeNull()
    expect(selfTestOf('In progress')).toBeNull()
    expect(selfTestOf(undefined)).toBeNull()
  })

  it('treats protocol errors other than query mistakes as no data', () => {
    expect(nutErrorState('DRIVER-NOT-CONNECTED')).toBe('comm-lost')
    expect(nutErrorState('DATA-STALE')).toBe('comm-lost')
    expect(nutErrorState('UNKNOWN-UPS')).toBe('comm-lost')
    expect(nutErrorState('SOMETHING-NEW')).toBe('comm-lost')
    expect(nutErrorState('VAR-NOT-SUPPORTED')).toBeNull()
  })
})

describe('nut (upsc and protocol replies)', () => {
  it.each([
    ['ol', 'online', 96, 2460, 18, 230.4, 'OL CHRG'],
    ['ob', 'on-battery', 80, 1518, 21, 0, 'OB DISCHRG'],
    ['rb', 'replace-battery', 82, 1600, 19, 229.8, 'OL CHRG RB'],
    ['over', 'overload', 82, 1600, 112, 229.8, 'OL OVER'],
    ['alarm', 'replace-battery', 82, 1600, 20, 229.8, 'OL ALARM'],
    ['lb', 'shutdown', 9, 95, 22, 0, 'FSD OB DISCHRG LB'],
  ] as const)(
    'reads upsc and LIST VAR output (%s)',
    (name, state, charge, runtimeSeconds, loadPercent, inputVoltage, flags) => {
      const upsc = input(fixture(`upsc-${name}.txt`))
      expect(nut.detect(upsc)).toBe(true)
      expect(events(nut.parse(upsc))).toEqual([
        ups({ state, charge, runtimeSeconds, loadPercent, inputVoltage, message: `ups.status: ${flags}` }),
      ])
      const list = input(fixture(`listvar-${name}.txt`))
      expect(nut.detect(list)).toBe(true)
      expect(events(nut.parse(list))).toEqual([
        ups({
          ups: 'demo',
          state,
          charge,
          runtimeSeconds,
          loadPercent,
          inputVoltage,
          message: `VAR demo ups.status "${flags}"`,
        }),
      ])
    },
  )

  it.each([
    ['upsc-dead.txt', 'Error: Driver not connected'],
    ['upsc-stale.txt', 'Error: Data stale'],
    ['listvar-dead.txt', 'ERR DRIVER-NOT-CONNECTED'],
    ['listvar-stale.txt', 'ERR DATA-STALE'],
  ])('reports a dead or stale driver (%s) as comm-lost, once', (name, message) => {
    const report = input(fixture(name))
    expect(nut.detect(report)).toBe(true)
    expect(events(nut.parse(report))).toEqual([ups({ state: 'comm-lost', message })])
  })

  it('names the UPS of an error when the transcript shows the command', () => {
    const text = 'LIST VAR rack2\nERR DRIVER-NOT-CONNECTED\n'
    expect(events(nut.parse(input(text)))).toEqual([
      ups({ ups: 'rack2', state: 'comm-lost', message: 'ERR DRIVER-NOT-CONNECTED' }),
    ])
  })

  it('ignores a harmless query error next to real data', () => {
    const text = `${fixture('listvar-ol.txt')}ERR VAR-NOT-SUPPORTED\n`
    expect(events(nut.parse(input(text))).map((e) => e.state)).toEqual(['online'])
  })

  it('keeps UPSes apart and unescapes quoted values', () => {
    const text = [
      'VAR a ups.status "OL"',
      'VAR b ups.status "OB DISCHRG"',
      'VAR b ups.alarm "say \\"hi\\" \\\\ bye"',
      'VAR b battery.charge "55"',
    ].join('\n')
    const result = events(nut.parse(input(text)))
    expect(result.map((e) => [e.ups, e.state, e.charge])).toEqual([
      ['a', 'online', null],
      ['b', 'on-battery', 55],
    ])
  })

  it('adds a self-test event when ups.test.result says so', () => {
    const text = 'ups.status: OL\nups.test.result: Done and error\n'
    expect(events(nut.parse(input(text))).map((e) => [e.state, e.selfTest])).toEqual([
      ['online', undefined],
      ['self-test', 'failed'],
    ])
  })

  it('reads CRLF line ends', () => {
    const text = fixture('upsc-ob.txt').replace(/\n/g, '\r\n')
    expect(events(nut.parse(input(text)))[0]).toMatchObject({ state: 'on-battery', message: 'ups.status: OB DISCHRG' })
  })

  it.each([
    ['an empty report', ''],
    ['only the SSL notice', 'Init SSL without certificate database\n'],
    ['unrelated key-value text', 'Subject: hello\nFrom: someone\n'],
    ['protocol chatter without data', 'Network UPS Tools upsd 2.8.0 - http://www.networkupstools.org/\nOK Goodbye\n'],
    ['a harmless error only', 'ERR VAR-NOT-SUPPORTED\n'],
  ])('is unparsed for %s', (_name, text) => {
    expect(nut.parse(input(text)).status).toBe('unparsed')
  })
})

describe('upsmon (NOTIFYCMD messages)', () => {
  it('reads the notifications upsmon 2.8.0 sent', () => {
    const report = input(fixture('upsmon-notify.log'))
    expect(upsmon.detect(report)).toBe(true)
    const demo = 'demo@127.0.0.1'
    expect(events(upsmon.parse(report))).toEqual([
      ups({ ups: demo, state: 'on-battery', message: 'ONBATT: UPS demo@127.0.0.1 on battery' }),
      ups({
        ups: demo,
        state: 'replace-battery',
        message: 'REPLBATT: UPS demo@127.0.0.1 battery needs to be replaced',
      }),
      ups({ ups: demo, state: 'online', message: 'ONLINE: UPS demo@127.0.0.1 on line power' }),
      ups({ ups: demo, state: 'comm-lost', message: 'COMMBAD: Communications with UPS demo@127.0.0.1 lost' }),
      ups({ ups: demo, state: 'comm-lost', message: 'NOCOMM: UPS demo@127.0.0.1 is unavailable' }),
      ups({ ups: demo, state: 'comm-restored', message: 'COMMOK: Communications with UPS demo@127.0.0.1 established' }),
      ups({ ups: demo, state: 'on-battery', message: 'ONBATT: UPS demo@127.0.0.1 on battery' }),
      ups({ ups: demo, state: 'comm-lost', message: 'COMMBAD: Communications with UPS demo@127.0.0.1 lost' }),
      ups({ ups: demo, state: 'comm-lost', message: 'NOCOMM: UPS demo@127.0.0.1 is unavailable' }),
      ups({ ups: null, state: 'shutdown', message: 'SHUTDOWN: Auto logout and shutdown proceeding' }),
    ])
  })

  it.each([
    ['UPS ups@nas:3493 battery is low', 'ups@nas:3493', 'low-battery'],
    ['UPS rack1@10.0.0.5: forced shutdown in progress', 'rack1@10.0.0.5', 'shutdown'],
    ['upsmon parent process died - shutdown impossible', null, 'comm-lost'],
    ['ONBATT: Stroom weg bij rack1@nas!', null, 'on-battery'],
    ['OVER: UPS rack1@nas: overloaded', 'rack1@nas', 'overload'],
  ] as const)('reads "%s" without or with a custom text', (line, name, state) => {
    expect(events(upsmon.parse(input(line)))).toEqual([ups({ ups: name, state, message: line })])
  })

  it('lets the NOTIFYTYPE win over a customised text', () => {
    const line = 'ONLINE: UPS demo@host on battery'
    expect(events(upsmon.parse(input(line)))[0]?.state).toBe('online')
  })

  it('recognises calibration but makes no state of it', () => {
    expect(upsmon.parse(input('UPS demo@host: calibration in progress'))).toEqual({ status: 'parsed', events: [] })
  })

  it.each([
    ['an apcupsd event', '2026-11-29 18:22:41 +0100  Communications with UPS lost.'],
    ['a type that upsmon does not send', 'FOOBAR: UPS demo@host on battery'],
    ['a text with a space in the UPS name', 'UPS my ups on battery'],
    ['prose', 'The UPS went on battery yesterday'],
  ])('is unparsed for %s', (_name, text) => {
    expect(upsmon.parse(input(text)).status).toBe('unparsed')
    expect(upsmon.detect(input(text))).toBe(false)
  })

  it('does not claim a report for a bare type word, but reads it when told the format', () => {
    const text = 'OFF: the lights in room 2'
    expect(upsmon.detect(input(text))).toBe(false)
    expect(events(upsmon.parse(input(text)))).toEqual([ups({ state: 'shutdown', message: text })])
  })
})

describe('upslog (default format)', () => {
  it('makes an event of each state change and of the last line, in local time', () => {
    const report = input(fixture('upslog.log'))
    expect(upslog.detect(report)).toBe(true)
    const result = events(upslog.parse(report))
    expect(result.map((e) => e.state)).toEqual([
      'comm-lost',
      'online',
      'on-battery',
      'replace-battery',
      'overload',
      'replace-battery',
      'online',
      'comm-lost',
      'online',
      'on-battery',
      'comm-lost',
      'shutdown',
      'comm-lost',
    ])
    // 2026-11-30 02:17:33 in Amsterdam (CET, +01:00) is 01:17:33 UTC.
    expect(result[2]).toEqual(
      ups({
        at: Date.UTC(2026, 10, 30, 1, 17, 33),
        state: 'on-battery',
        charge: 80,
        loadPercent: 21,
        inputVoltage: 0,
        message: '20261130 021733 80 0.0 21 [OB DISCHRG] 29.5 50.0',
      }),
    )
    expect(result[0]?.message).toBe('20261130 021725 NA NA NA [WAIT] NA NA')
  })

  it('emits the last line when the state did not change, with its figures', () => {
    const text = '20261129 120000 100 230.0 10 [OL] NA NA\n20261129 120030 99 231.0 11 [OL CHRG] NA NA\n'
    expect(events(upslog.parse(input(text, { timeZone: 'UTC' })))).toEqual([
      ups({
        at: Date.UTC(2026, 10, 29, 12),
        charge: 100,
        loadPercent: 10,
        inputVoltage: 230,
        message: text.split('\n')[0],
      }),
      ups({
        at: Date.UTC(2026, 10, 29, 12, 0, 30),
        charge: 99,
        loadPercent: 11,
        inputVoltage: 231,
        message: text.split('\n')[1],
      }),
    ])
  })

  it('makes the last event of the last real upslog line, when lines after it only look like one', () => {
    const text =
      '20261129 120000 100 230.0 10 [OL] NA NA\n20261129 120030 99 231.0 11 [OL] NA NA\n' +
      '2026112x 120100 98 232.0 12 [OL] NA NA\n20261129 120130 97 1 2 3 [OL] NA NA\n'
    expect(events(upslog.parse(input(text, { timeZone: 'UTC' }))).map((e) => [e.at, e.charge])).toEqual([
      [Date.UTC(2026, 10, 29, 12), 100],
      [Date.UTC(2026, 10, 29, 12, 0, 30), 99],
    ])
  })

  it('reads figures between several spaces and a status with spaces inside its brackets', () => {
    const text =
      '20261129 120000   96  230.4 18 [ OB DISCHRG ] NA NA\n' +
      '20261129 120002 95 230.4 18 [OB DISCHRG] NA NA\n' +
      '20261129 120004 95 230.4 18 [OL] NA NA'
    expect(events(upslog.parse(input(text, { timeZone: 'UTC' })))).toEqual([
      ups({
        at: Date.UTC(2026, 10, 29, 12),
        state: 'on-battery',
        charge: 96,
        loadPercent: 18,
        inputVoltage: 230.4,
        message: '20261129 120000   96  230.4 18 [ OB DISCHRG ] NA NA',
      }),
      ups({
        at: Date.UTC(2026, 10, 29, 12, 0, 4),
        charge: 95,
        loadPercent: 18,
        inputVoltage: 230.4,
        message: '20261129 120004 95 230.4 18 [OL] NA NA',
      }),
    ])
  })

  it('skips a line whose status bracket is not closed', () => {
    const text = '20261129 120000 100 230.0 10 [OL NA NA\n20261129 120002 100 230.0 10 [OB] NA NA'
    expect(events(upslog.parse(input(text, { timeZone: 'UTC' }))).map((e) => [e.at, e.state])).toEqual([
      [Date.UTC(2026, 10, 29, 12, 0, 2), 'on-battery'],
    ])
  })

  it('reads an ISO time with an offset from a custom -f', () => {
    const line = '2026-11-29T18:00:00+0100 50 0.0 30 [OB DISCHRG] NA NA'
    expect(events(upslog.parse(input(line)))[0]).toMatchObject({ at: Date.UTC(2026, 10, 29, 17), state: 'on-battery' })
  })

  it.each([
    ['an upsc dump', 'ups.status: OL\n'],
    ['a line without status brackets', '20261129 120000 100 230.0 10 OL NA NA'],
    ['a line with a different field layout', '20261129 120000 [OL]'],
    ['a date only', '20261129 text [OL]'],
  ])('is unparsed for %s', (_name, text) => {
    expect(upslog.parse(input(text)).status).toBe('unparsed')
  })
})

// Samples of the other formats in the folder: none of these parsers may claim them.
const OTHER_FORMATS = [
  '{"message_type":"summary","files_new":1,"snapshot_id":"abc"}',
  'Bacula: Backup OK of vm-fd Full\n  Termination:            Backup OK\n',
  '[2026-11-29T17:00:00] /usr/bin/rsnapshot -c /etc/rsnapshot.conf daily: started',
  'INFO: starting new backup job: vzdump 100\nINFO: Finished Backup of VM 100 (00:00:22)\nTASK OK',
  'info\t2026/11/29 01:00:00\tSYSTEM:\t[Local][Task] Backup task finished successfully.',
  'ParsedResult: Success\nBeginTime: 29-11-2026 01:00:00\n',
  '2026/11/29 17:53:29 [123] sent 100 bytes  received 20 bytes',
]

describe('detection', () => {
  const samples: [string, string][] = [
    ['upsc-ol.txt', 'nut'],
    ['upsc-dead.txt', 'nut'],
    ['listvar-ob.txt', 'nut'],
    ['listvar-stale.txt', 'nut'],
    ['protocol-misc.txt', 'nut'],
    ['upsmon-notify.log', 'upsmon'],
    ['upslog.log', 'upslog'],
  ]
  it.each(samples)('%s is claimed by %s only', (name, format) => {
    const report = input(fixture(name))
    expect(ALL.filter((p) => p.detect(report)).map((p) => p.format)).toEqual([format])
  })

  it.each(OTHER_FORMATS)('no UPS parser claims %s', (text) => {
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

describe.each([nut, upsmon, upslog])('$format robustness', (parser) => {
  const check = (text: string): void => {
    const report = input(text)
    expect(typeof parser.detect(report)).toBe('boolean')
    expect(wellFormed(parser.parse(report))).toBe(true)
  }
  const samples = [
    'upsc-ol.txt',
    'upsc-lb.txt',
    'listvar-alarm.txt',
    'protocol-misc.txt',
    'upsmon-notify.log',
    'upslog.log',
  ].map(fixture)

  it('never throws on arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ maxLength: 500 }), (text) => check(text)))
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (text) => check(text)))
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => check(text)))
  })

  it('never throws on text made of the formats pieces', () => {
    const piece = fc.constantFrom(
      'VAR ',
      'demo ',
      'ups.status ',
      'ups.status: ',
      'battery.charge: ',
      '"',
      '\\',
      'OL',
      'OB',
      'LB',
      'FSD',
      ' ',
      '\n',
      '\r\n',
      'ERR ',
      'DATA-STALE',
      'Error: ',
      'LIST VAR ',
      'UPS ',
      ': ',
      ' on battery',
      'ONBATT: ',
      '20261129 120000 ',
      '2026-11-29T18:00:00',
      '[',
      ']',
      'NA',
      '1e400',
      '-5',
      '99.5',
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
    const line = `VAR demo ups.status "${'OL '.repeat(3_500_000)}"`
    check(line)
    check('x'.repeat(10 * 1024 * 1024))
    check(`20261129 120000 1 2 3 [${'['.repeat(10 * 1024 * 1024)}`)
  })
})
