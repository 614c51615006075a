import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { connect, createServer, type AddressInfo } from 'node:net'
import { tmpdir, userInfo } from 'node:os'
import { join } from 'node:path'
import { ImapFlow } from 'imapflow'

const DOVECOT = '/usr/sbin/dovecot'
const DOVEADM = '/usr/bin/doveadm'
export const IMAP_USER = 'helpdesk'
export const IMAP_PASSWORD = 'geheim w@chtw/oord%'

export interface Dovecot {
  /** imap://user:password@127.0.0.1:port/INBOX */
  url: string
  port: number
  /** Puts a message in a mailbox (INBOX by default) over IMAP APPEND, as a mail server would deliver it. */
  append(raw: Buffer, mailbox?: string): Promise<void>
  /** Runs `fn` on a logged-in IMAP connection, for what a test needs beyond append (mailboxes, flags). */
  withClient<T>(fn: (client: ImapFlow) => Promise<T>): Promise<T>
  /** Disconnects every IMAP session of the user, as a server restart or a network failure would. */
  kick(): Promise<void>
  stop(): Promise<void>
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo
      server.close(() => resolve(port))
    })
  })
}

/** The name of a group id, from /etc/group; Dovecot's settings take names. */
function groupName(gid: number): string {
  const line = readFileSync('/etc/group', 'utf8')
    .split('\n')
    .find((l) => l.split(':')[2] === String(gid))
  const name = line?.split(':')[0]
  if (!name) {
    throw new Error(`no name for group ${gid} in /etc/group`)
  }
  return name
}

/**
 * The Dovecot 2.3 configuration of a throw-away IMAP server: everything (sockets, state, log, mail) under `dir`,
 * IMAP only on 127.0.0.1:`port`, no TLS, plain-text login of one user from a passwd file, maildir storage.
 */
function config(dir: string, port: number): string {
  const root = process.getuid?.() === 0
  const me = userInfo()
  // Dovecot refuses to access mail as root, so as root the mail belongs to nobody; as an ordinary user it is ours,
  // and the internal and login processes (normally the dovecot and dovenull users) run as ourselves too.
  const mailUid = root ? 65_534 : me.uid
  const mailGid = root ? 65_534 : me.gid
  const unprivileged = root
    ? ''
    : [
        `default_internal_user = ${me.username}`,
        `default_login_user = ${me.username}`,
        `default_internal_group = ${groupName(me.gid)}`,
      ].join('\n')
  return `# Written by test/support/dovecot.ts for one test run.
protocols = imap
listen = 127.0.0.1
instance_name = sladesk-test-${port}
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
${unprivileged}
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
first_valid_uid = 1
mail_location = maildir:${dir}/mail/%u
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/passwd
}
userdb {
  driver = static
  args = uid=${mailUid} gid=${mailGid} home=${dir}/home/%u
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
`
}

/** Resolves once the server greets with "* OK … ready" (the auth process answers from then on), or rejects. */
async function waitForGreeting(port: number, child: ChildProcess, dir: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  const logTail = () => {
    const log = join(dir, 'dovecot.log')
    return existsSync(log) ? readFileSync(log, 'utf8').slice(-2000) : '(no log)'
  }
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`dovecot exited with code ${child.exitCode} while starting:\n${logTail()}`)
    }
    const greeting = await new Promise<string>((resolve) => {
      const socket = connect(port, '127.0.0.1')
      let data = ''
      socket.setTimeout(2_000, () => socket.destroy())
      socket.on('data', (chunk: Buffer) => {
        data += chunk.toString('latin1')
        if (data.includes('\n')) {
          socket.destroy()
          resolve(data)
        }
      })
      socket.on('error', () => resolve(data))
      socket.on('close', () => resolve(data))
    })
    if (/^\* OK .*ready/m.test(greeting)) {
      return
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`dovecot did not answer on 127.0.0.1:${port} within ${timeoutMs} ms:\n${logTail()}`)
}

/**
 * Stops the Dovecot master with SIGTERM, which also stops the processes it started (SIGKILL would leave them
 * running), and waits until it has exited.
 */
async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
  await exited
  clearTimeout(timer)
}

/**
 * Starts a real Dovecot IMAP server on a free port of 127.0.0.1 as a child process, with everything in a temp dir,
 * and one user (IMAP_USER / IMAP_PASSWORD). Works as root (CI; the Debian package created the dovecot and dovenull
 * users) and as an ordinary user. Call stop() in afterAll.
 * @throws when Dovecot is not installed (apt-get install dovecot-imapd) or is not version 2.3.
 */
export async function startDovecot(): Promise<Dovecot> {
  if (!existsSync(DOVECOT)) {
    throw new Error(
      `${DOVECOT} not found: the IMAP tests need a real Dovecot. Install it with: apt-get install dovecot-imapd`,
    )
  }
  const version = execFileSync(DOVECOT, ['--version'], { encoding: 'utf8' }).trim()
  // 2.4 renamed or restructured most of the settings used here (mail_location, passdb args, ...).
  if (!version.startsWith('2.3.')) {
    throw new Error(`test/support/dovecot.ts writes a Dovecot 2.3 configuration, but ${DOVECOT} is ${version}`)
  }

  const dir = mkdtempSync(join(tmpdir(), 'sladesk-dovecot-'))
  for (const sub of ['run', 'state', 'mail', 'home']) {
    mkdirSync(join(dir, sub))
  }
  if (process.getuid?.() === 0) {
    // The auth process runs as the dovecot user and the mail processes as nobody: both must get into the dir.
    chmodSync(dir, 0o755)
    chownSync(join(dir, 'mail'), 65_534, 65_534)
    chownSync(join(dir, 'home'), 65_534, 65_534)
  }
  writeFileSync(join(dir, 'passwd'), `${IMAP_USER}:{PLAIN}${IMAP_PASSWORD}::::::\n`, { mode: 0o644 })

  let child: ChildProcess | undefined
  let port = 0
  // The port is free when picked but could be taken before Dovecot binds it: then start again on another one.
  for (let attempt = 1; ; attempt++) {
    port = await freePort()
    const conf = join(dir, 'dovecot.conf')
    writeFileSync(conf, config(dir, port))
    child = spawn(DOVECOT, ['-F', '-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    try {
      await waitForGreeting(port, child, dir)
      break
    } catch (err) {
      await terminate(child)
      rmSync(join(dir, 'run', 'master.pid'), { force: true })
      if (attempt >= 3 || !/Address already in use/.test(`${stderr}${String(err)}`)) {
        rmSync(dir, { recursive: true, force: true })
        throw new Error(`${err instanceof Error ? err.message : String(err)}\n${stderr}`, { cause: err })
      }
    }
  }
  const running = child

  const withClient = async <T>(fn: (client: ImapFlow) => Promise<T>): Promise<T> => {
    const client = new ImapFlow({
      host: '127.0.0.1',
      port,
      secure: false,
      auth: { user: IMAP_USER, pass: IMAP_PASSWORD },
      logger: false,
      disableAutoIdle: true,
    })
    client.on('error', () => undefined)
    await client.connect()
    try {
      return await fn(client)
    } finally {
      await client.logout().catch(() => client.close())
    }
  }

  return {
    url: `imap://${encodeURIComponent(IMAP_USER)}:${encodeURIComponent(IMAP_PASSWORD)}@127.0.0.1:${port}/INBOX`,
    port,
    withClient,
    async append(raw, mailbox = 'INBOX') {
      await withClient(async (client) => {
        const result = await client.append(mailbox, raw)
        if (!result) {
          throw new Error(`APPEND to ${mailbox} failed`)
        }
      })
    },
    async kick() {
      await new Promise<void>((resolve, reject) =>
        execFile(DOVEADM, ['-c', join(dir, 'dovecot.conf'), 'kick', IMAP_USER], (err, _stdout, stderr) =>
          err ? reject(new Error(`doveadm kick failed: ${stderr || err.message}`)) : resolve(),
        ),
      )
    },
    async stop() {
      await terminate(running)
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
