// `npm run bench`: runs bench/http.ts, bench/tickets.ts, bench/sla.ts and every bench/*.bench.ts, one after the
// other, each in its own process so that one bench's heap and JIT state do not colour the next.
// `npm run bench -- clock` runs only the files whose name contains "clock".
import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'

const dir = import.meta.dirname
const filter = process.argv[2]
const files = [
  'http.ts',
  'tickets.ts',
  'sla.ts',
  'cost.ts',
  'parsers.ts',
  'daily-check.ts',
  'docs-search.ts',
  ...readdirSync(dir)
    .filter((f) => f.endsWith('.bench.ts'))
    .sort(),
].filter((f) => !filter || f.includes(filter))

for (const file of files) {
  console.log(`\n== bench/${file}`)
  // Exit codes are not propagated: a bench prints "below target" instead of failing the run.
  spawnSync(process.execPath, ['--import', 'tsx', join(dir, file)], { stdio: 'inherit' })
}
