// Runs the real restic and borg (Debian packages `restic`, `borgbackup`) in a temporary directory, the way a
// customer's backup script does, and returns what a shipper would send: stdout and stderr interleaved as the
// shell's `2>&1` writes them, and the exit code. For the parsers' real-tool tests.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface ToolReport {
  /** stdout and stderr together, as `2>&1` interleaves them. */
  text: string
  exitCode: number
}

/** Throws a clear error naming the Debian package when `command` is not installed (or does not run). */
export function requireTool(command: 'restic' | 'borg'): void {
  const debianPackage = command === 'restic' ? 'restic' : 'borgbackup'
  const probe = spawnSync(command, [command === 'restic' ? 'version' : '--version'], {
    encoding: 'utf8',
    timeout: 10_000,
  })
  if (probe.error !== undefined || probe.status !== 0) {
    throw new Error(
      `${command} is not installed or does not run (${probe.error?.message ?? `exit ${String(probe.status)}`}): ` +
        `run \`apt-get install -y --no-install-recommends ${debianPackage}\` (the real-tool tests of the backup ` +
        `parsers need it)`,
    )
  }
}

/** A temporary working directory with a small source tree (`src/a.txt`, `src/sub/b.txt`); `done()` removes it. */
export function workspace(): { dir: string; source: string; done: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'sladesk-backup-'))
  const source = join(dir, 'src')
  mkdirSync(join(source, 'sub'), { recursive: true })
  writeFileSync(join(source, 'a.txt'), 'hello\n')
  writeFileSync(join(source, 'sub', 'b.txt'), 'world\n')
  return { dir, source, done: () => rmSync(dir, { recursive: true, force: true }) }
}

/** Runs `argv` (no shell) with stdout and stderr on one pipe, so the text keeps their interleaving. */
export function run(argv: string[], env: Record<string, string>, cwd: string): ToolReport {
  // `sh -c '"$@" 2>&1' sh argv…`: the arguments are passed as words, never parsed by the shell.
  const res = spawnSync('sh', ['-c', 'exec "$@" 2>&1', 'sh', ...argv], {
    cwd,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: cwd, LANG: 'C.UTF-8', ...env },
    encoding: 'utf8',
    timeout: 60_000,
    maxBuffer: 16 * 1024 * 1024,
  })
  if (res.error) {
    throw res.error
  }
  return { text: res.stdout, exitCode: res.status ?? 128 }
}

const RESTIC_ENV = (dir: string, password: string): Record<string, string> => ({
  RESTIC_PASSWORD: password,
  RESTIC_CACHE_DIR: join(dir, 'cache'),
})

/** Makes a restic repository at `<dir>/repo` with password `secret`. */
export function resticInit(dir: string): void {
  const res = run(['restic', '-r', join(dir, 'repo'), 'init'], RESTIC_ENV(dir, 'secret'), dir)
  if (res.exitCode !== 0) {
    throw new Error(`restic init failed (${res.exitCode}): ${res.text}`)
  }
}

/** `restic -r <dir>/repo backup --json <args…>` with the given password. */
export function resticBackup(dir: string, args: string[], password = 'secret'): ToolReport {
  return run(['restic', '-r', join(dir, 'repo'), 'backup', '--json', ...args], RESTIC_ENV(dir, password), dir)
}

const BORG_ENV = (dir: string, passphrase: string): Record<string, string> => ({
  BORG_PASSPHRASE: passphrase,
  BORG_BASE_DIR: join(dir, 'borg-base'),
  BORG_UNKNOWN_UNENCRYPTED_REPO_ACCESS_IS_OK: 'no',
})

/** Makes a borg repository at `<dir>/borg` (repokey, passphrase `secret`). */
export function borgInit(dir: string): void {
  const res = run(['borg', 'init', '-e', 'repokey', join(dir, 'borg')], BORG_ENV(dir, 'secret'), dir)
  if (res.exitCode !== 0) {
    throw new Error(`borg init failed (${res.exitCode}): ${res.text}`)
  }
}

/** `borg create --json --log-json --show-rc <dir>/borg::<archive> <paths…>` with the given passphrase. */
export function borgCreate(dir: string, archive: string, paths: string[], passphrase = 'secret'): ToolReport {
  return run(
    ['borg', 'create', '--json', '--log-json', '--show-rc', `${join(dir, 'borg')}::${archive}`, ...paths],
    BORG_ENV(dir, passphrase),
    dir,
  )
}
