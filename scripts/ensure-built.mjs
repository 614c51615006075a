// Builds the server and the web app when their output is missing or older than their sources,
// so that `npm ci && npm start` works on a fresh clone and a second `npm start` starts at once.
import { execSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

function newest(dir) {
  let max = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name)
    max = Math.max(max, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs)
  }
  return max
}
const stale = (out, ...inputs) =>
  !existsSync(out) ||
  statSync(out).mtimeMs <
    Math.max(...inputs.filter(existsSync).map((p) => (statSync(p).isDirectory() ? newest(p) : statSync(p).mtimeMs)))

if (stale('dist/src/main.js', 'src', 'package.json')) {
  console.log('Building the server…')
  execSync('npm run -s build:server', { stdio: 'inherit' })
}
if (stale('web/dist/index.html', 'web/src', 'web/index.html', 'src/modules', 'package.json')) {
  console.log('Building the web app…')
  execSync('npm run -s build:web', { stdio: 'inherit' })
}
