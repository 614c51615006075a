import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { ingestCommand } from './ingestCommand.ts'

const token = 'sli_abc123'

describe('ingestCommand', () => {
  it('names the token, the format and the job, with the address quoted', () => {
    expect(
      ingestCommand({ origin: 'https://sladesk.example.nl/', token, kind: 'backup', format: 'restic', job: 'nas-01' }),
    ).toBe(
      'curl --data-binary @report.json -H "Authorization: Bearer sli_abc123" "https://sladesk.example.nl/api/ingest/backup?format=restic&job=nas-01"',
    )
  })

  it('encodes a job name with spaces, and leaves a placeholder for a job not yet named', () => {
    const named = ingestCommand({ origin: 'http://x', token, kind: 'ups', format: 'nut', job: ' UPS kantoor & hal ' })
    expect(named).toContain('/api/ingest/ups?format=nut&job=UPS%20kantoor%20%26%20hal"')
    expect(ingestCommand({ origin: 'http://x', token, kind: 'backup', format: 'borg', job: '' })).toContain(
      'job=<job>"',
    )
  })

  it('is one command to a shell: the & does not split it', () => {
    const command = ingestCommand({ origin: 'http://x', token, kind: 'backup', format: 'restic', job: 'a b' })
    // Print the arguments the shell would give curl instead of running it.
    const args = execFileSync('sh', ['-c', `set -- ${command.replace(/^curl /, '')}; printf '%s\\n' "$@"`], {
      encoding: 'utf8',
    })
    expect(args.trim().split('\n')).toEqual([
      '--data-binary',
      '@report.json',
      '-H',
      'Authorization: Bearer sli_abc123',
      'http://x/api/ingest/backup?format=restic&job=a%20b',
    ])
  })
})
