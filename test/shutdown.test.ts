import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'

// The real `sladesk serve` in its own process, run from source with tsx.
function startServer(dataDir: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'serve'], {
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn', JOBS: 'on', DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  return new Promise((resolve, reject) => {
    let out = ''
    const onData = (chunk: Buffer) => {
      out += chunk.toString()
      if (out.includes('/setup?token=')) {
        resolve(child)
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', (c: Buffer) => (out += c.toString()))
    child.once('exit', (code) => reject(new Error(`server exited early (${code}): ${out}`)))
    setTimeout(() => reject(new Error(`server did not start: ${out}`)), 30_000)
  })
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))

describe('shutdown', () => {
  let dir: string | undefined
  afterEach(() => {
    if (dir) {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('finishes a request in flight on SIGTERM, then exits cleanly with the database closed', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sladesk-stop-'))
    const port = 20_000 + Math.floor(Math.random() * 20_000)
    const server = await startServer(dir, port)
    const exit = exited(server)

    // Send the headers and half of a body, stop the server, then send the rest: the answer must still come.
    const body = JSON.stringify({ email: 'nobody@example.test', password: 'not the password' })
    const socket = connect(port, '127.0.0.1')
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()))
    let response = ''
    socket.on('data', (c: Buffer) => (response += c.toString()))
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()))
    socket.write(
      `POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body.slice(0, 10)}`,
    )
    await new Promise((r) => setTimeout(r, 200))
    server.kill('SIGTERM')
    await new Promise((r) => setTimeout(r, 300))
    socket.write(body.slice(10))
    await closed

    expect(response).toMatch(/^HTTP\/1\.1 401/)
    expect(response).toContain('invalid_credentials')
    expect(await exit).toBe(0)
    // A cleanly closed WAL database leaves no write-ahead log behind.
    const wal = join(dir, 'sladesk.db-wal')
    expect(!existsSync(wal) || statSync(wal).size === 0).toBe(true)
  })
})
