import type { ReportKind } from '../../../../src/modules/monitoring/schema.ts'

/**
 * The command a customer's machine runs to send one report with an ingest token. The address is quoted: its `&`
 * would otherwise end the command in a shell. Without a job name the command keeps `<job>` for the person to fill
 * in.
 */
export function ingestCommand(input: {
  origin: string
  token: string
  kind: ReportKind
  format: string
  job: string | null
  file?: string
}): string {
  const job = input.job === null || input.job.trim() === '' ? '<job>' : encodeURIComponent(input.job.trim())
  const url = `${input.origin.replace(/\/+$/, '')}/api/ingest/${input.kind}?format=${encodeURIComponent(input.format)}&job=${job}`
  return `curl --data-binary @${input.file ?? 'report.json'} -H "Authorization: Bearer ${input.token}" "${url}"`
}
