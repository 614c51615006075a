import { createServer, type AddressInfo, type Socket } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startNutServer, type NutServer } from '../../../test/support/nut-server.js'
import { errorEventOf, listUps, NUT_LIMITS, NutError, queryUps, upsEventOf } from './nut-client.js'

const USER = { name: 'monitor', password: 'geheim "w8" \\ woord' }
const at = Date.UTC(2026, 10, 30, 9, 0)

/** The NutError a promise rejects with (fails the test when it resolves or rejects with something else). */
async function nutError(promise: Promise<unknown>): Promise<NutError> {
  const error = await promise.then(
    (value) => new Error(`resolved with ${JSON.stringify(value)}`),
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(NutError)
  return error as NutError
}

describe('NUT client against a real upsd and dummy-ups', () => {
  let nut: NutServer
  const target = () => ({ host: '127.0.0.1', port: nut.port, upsName: 'kantoor' })

  beforeAll(async () => {
    nut = await startNutServer({
      upsName: 'kantoor',
      users: [USER],
      initial: {
        'ups.status': 'OL',
        'battery.charge': '100',
        'battery.runtime': '2400',
        'ups.load': '23',
        'input.voltage': '230.4',
        'device.location': 'Serverruimte 2',
        'ups.id': 'rack "A" \\ rij 2',
      },
    })
  })
  afterAll(async () => {
    await nut?.stop()
  })

  it('lists the UPSes the server serves', async () => {
    expect(await listUps({ host: '127.0.0.1', port: nut.port })).toEqual([
      { name: 'kantoor', description: 'Test UPS kantoor' },
    ])
  })

  it('reads the variables of a UPS, unquoting values with spaces, quotes and backslashes', async () => {
    const vars = await queryUps(target())
    expect(vars).toMatchObject({
      'ups.status': 'OL',
      'battery.charge': '100',
      'input.voltage': '230.4',
      'device.location': 'Serverruimte 2',
      'ups.id': 'rack "A" \\ rij 2',
      'driver.name': 'dummy-ups',
    })
  })

  it('reads changed values with quotes and backslashes, and keeps the others', async () => {
    await nut.setVars({ 'device.location': 'Kelder "B" \\ 3' })
    expect(await queryUps(target())).toMatchObject({
      'device.location': 'Kelder "B" \\ 3',
      'ups.id': 'rack "A" \\ rij 2',
      'ups.status': 'OL',
    })
  })

  it('follows a power cut: online, on battery, low battery, online again', async () => {
    const steps = [
      { vars: { 'ups.status': 'OB DISCHRG', 'battery.charge': '80', 'input.voltage': '0.0' }, state: 'on-battery' },
      { vars: { 'ups.status': 'OB DISCHRG LB', 'battery.charge': '9', 'battery.runtime': '95' }, state: 'low-battery' },
      { vars: { 'ups.status': 'OL CHRG', 'battery.charge': '12', 'input.voltage': '229.8' }, state: 'online' },
    ] as const
    expect(upsEventOf('kantoor', await queryUps(target()), at)).toMatchObject({ state: 'online', charge: 100 })
    for (const step of steps) {
      await nut.setVars(step.vars)
      const event = upsEventOf('kantoor', await queryUps(target()), at)
      expect(event).toMatchObject({
        kind: 'ups',
        ups: 'kantoor',
        at,
        state: step.state,
        charge: Number(step.vars['battery.charge']),
      })
    }
    expect(upsEventOf('kantoor', await queryUps(target()), at)).toEqual({
      kind: 'ups',
      ups: 'kantoor',
      at,
      state: 'online',
      charge: 12,
      runtimeSeconds: 95,
      loadPercent: 23,
      inputVoltage: 229.8,
      message: 'kantoor: ups.status "OL CHRG"',
    })
  })

  it('carries the self-test result next to the power state', async () => {
    await nut.setVars({ 'ups.test.result': 'Done and warning' })
    expect(upsEventOf('kantoor', await queryUps(target()), at)).toMatchObject({ state: 'online', selfTest: 'failed' })
    await nut.setVars({ 'ups.test.result': '' })
    expect(await queryUps(target())).not.toHaveProperty(['ups.test.result'])
  })

  it('answers unknown-ups for a name the server does not serve', async () => {
    const error = await nutError(queryUps({ ...target(), upsName: 'kelder' }))
    expect(error).toMatchObject({ code: 'unknown-ups', word: 'UNKNOWN-UPS' })
    expect(errorEventOf('kelder', error, at)).toMatchObject({
      state: 'comm-lost',
      ups: 'kelder',
      charge: null,
      message: expect.stringContaining('check the UPS name'),
    })
  })

  it('sends a username and password when both are given', async () => {
    const vars = await queryUps({ ...target(), username: USER.name, password: USER.password })
    expect(vars['ups.status']).toBe('OL CHRG')
  })

  // upsd 2.8.0 answers OK to any USERNAME and PASSWORD and checks them only on LOGIN, SET and INSTCMD: a read with
  // a wrong password still gets the variables.
  it('still reads with a wrong password, as upsd checks passwords only on privileged commands', async () => {
    const vars = await queryUps({ ...target(), username: USER.name, password: 'fout' })
    expect(vars['ups.status']).toBe('OL CHRG')
  })

  // Last against this server: the driver stays stopped.
  it('answers driver-not-connected once the UPS driver is gone', async () => {
    await nut.stopDriver()
    const error = await nutError(queryUps(target()))
    expect(error).toMatchObject({ code: 'driver-not-connected', word: 'DRIVER-NOT-CONNECTED' })
    expect(errorEventOf('kantoor', error, at)).toMatchObject({ state: 'comm-lost' })
  })
})

/** A TCP server that answers each line it receives with `answer(line)` (nothing when it returns null). */
async function scripted(
  answer: (line: string) => string | null,
): Promise<{ port: number; connections: () => number; close(): Promise<void> }> {
  const sockets = new Set<Socket>()
  const server = createServer((socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => undefined)
    let buffered = ''
    socket.on('data', (chunk: Buffer) => {
      const lines = (buffered + chunk.toString('utf8')).split('\n')
      buffered = lines.pop() ?? ''
      for (const line of lines) {
        const reply = answer(line)
        if (reply !== null) {
          socket.write(reply)
        }
      }
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    port: (server.address() as AddressInfo).port,
    connections: () => sockets.size,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) {
          socket.destroy()
        }
        server.close(() => resolve())
      }),
  }
}

/**
 * Runs `body` against a scripted server, then checks that the client hung up by itself (the server never closes a
 * connection here, so a socket the client forgot stays open and fails the test).
 */
async function withScripted(answer: (line: string) => string | null, body: (port: number) => Promise<void>) {
  const server = await scripted(answer)
  try {
    await body(server.port)
    for (let i = 0; i < 100 && server.connections() > 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
    expect(server.connections(), 'connections the client left open').toBe(0)
  } finally {
    await server.close()
  }
}

describe('NUT client failures', () => {
  it('answers connect for a closed port', async () => {
    const closed = await scripted(() => null)
    const port = closed.port
    await closed.close()
    const error = await nutError(queryUps({ host: '127.0.0.1', port, upsName: 'demo' }))
    expect(error.code).toBe('connect')
    expect(error.message).toContain('ECONNREFUSED')
    expect(errorEventOf('demo', error, at).state).toBe('comm-lost')
  })

  it('answers timeout within the bound when the server never answers', async () => {
    await withScripted(
      () => null,
      async (port) => {
        const started = Date.now()
        const error = await nutError(queryUps({ host: '127.0.0.1', port, upsName: 'demo' }, { timeoutMs: 300 }))
        const elapsed = Date.now() - started
        expect(error.code).toBe('timeout')
        expect(elapsed).toBeGreaterThanOrEqual(290)
        expect(elapsed).toBeLessThan(1_000)
      },
    )
  })

  it.each([
    ['ACCESS-DENIED', 'access-denied'],
    ['DATA-STALE', 'data-stale'],
    ['DRIVER-NOT-CONNECTED', 'driver-not-connected'],
    ['PASSWORD-REQUIRED', 'password-required'],
    ['USERNAME-REQUIRED', 'username-required'],
    ['INVALID-PASSWORD', 'invalid-password'],
    ['INVALID-USERNAME', 'invalid-username'],
    ['UNKNOWN-UPS', 'unknown-ups'],
    ['FEATURE-NOT-CONFIGURED', 'other'],
  ])('maps ERR %s to %s', async (word, code) => {
    await withScripted(
      () => `ERR ${word}\n`,
      async (port) => {
        const error = await nutError(queryUps({ host: '127.0.0.1', port, upsName: 'demo' }))
        expect(error).toMatchObject({ code, word })
        expect(error.message).toContain(word)
      },
    )
  })

  it('stops at the first ERR of the login', async () => {
    const seen: string[] = []
    const answer = (line: string) => {
      seen.push(line)
      return line.startsWith('PASSWORD') ? 'ERR INVALID-PASSWORD\n' : 'OK\n'
    }
    await withScripted(answer, async (port) => {
      const error = await nutError(
        queryUps({ host: '127.0.0.1', port, upsName: 'demo', username: 'u', password: 'p w "x"' }),
      )
      expect(error.code).toBe('invalid-password')
      expect(seen).toEqual(['USERNAME "u"', 'PASSWORD "p w \\"x\\""'])
    })
  })

  it('sends no login when only a username is given, and reads CRLF lines', async () => {
    const seen: string[] = []
    const answer = (line: string) => {
      seen.push(line)
      return line === 'LIST VAR demo'
        ? 'BEGIN LIST VAR demo\r\nVAR demo ups.status "OB LB"\r\nVAR demo battery.charge "5"\r\nEND LIST VAR demo\r\n'
        : 'OK Goodbye\r\n'
    }
    await withScripted(answer, async (port) => {
      const vars = await queryUps({ host: '127.0.0.1', port, upsName: 'demo', username: 'u' })
      expect(vars).toEqual({ 'ups.status': 'OB LB', 'battery.charge': '5' })
      expect(seen).toEqual(['LIST VAR demo', 'LOGOUT'])
    })
  })

  it('answers protocol for an answer longer than the line bound', async () => {
    const body = `VAR demo x "1"\n`.repeat(NUT_LIMITS.answerLines + 1)
    await withScripted(
      (line) => (line === 'LIST VAR demo' ? `BEGIN LIST VAR demo\n${body}` : null),
      async (port) => {
        const error = await nutError(queryUps({ host: '127.0.0.1', port, upsName: 'demo' }))
        expect(error.code).toBe('protocol')
        expect(error.message).toContain('lines')
      },
    )
  })

  it('answers protocol for an answer longer than 1 MB without a line break', async () => {
    await withScripted(
      (line) => (line === 'LIST VAR demo' ? 'x'.repeat(NUT_LIMITS.answerBytes + 1) : null),
      async (port) => {
        const error = await nutError(queryUps({ host: '127.0.0.1', port, upsName: 'demo' }))
        expect(error.code).toBe('protocol')
        expect(error.message).toContain('bytes')
      },
    )
  })

  it('answers protocol when the server hangs up mid-answer or answers something else', async () => {
    const hangUp = await scripted((line) => (line === 'LIST VAR demo' ? 'BEGIN LIST VAR demo\n' : null))
    const closing = nutError(queryUps({ host: '127.0.0.1', port: hangUp.port, upsName: 'demo' }))
    await new Promise((resolve) => setTimeout(resolve, 100))
    await hangUp.close()
    expect((await closing).code).toBe('protocol')
    await withScripted(
      () => 'BEGIN LIST VAR other\nEND LIST VAR other\n',
      async (port) => {
        expect((await nutError(queryUps({ host: '127.0.0.1', port, upsName: 'demo' }))).code).toBe('protocol')
      },
    )
  })

  it('refuses a UPS name or password that would inject a command', async () => {
    await expect(queryUps({ host: '127.0.0.1', port: 1, upsName: 'demo\nLOGOUT' })).rejects.toThrow(RangeError)
    await expect(
      queryUps({ host: '127.0.0.1', port: 1, upsName: 'demo', username: 'u', password: 'p\nSET VAR' }),
    ).rejects.toThrow(RangeError)
  })

  it('leaves no socket open', async () => {
    // A destroyed socket's handle goes away a few event-loop turns later; a leaked one stays.
    const openSockets = () =>
      process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap' || r === 'TCPServerWrap')
    for (let i = 0; i < 50 && openSockets().length > 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
    expect(openSockets()).toEqual([])
  })
})
