import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'

/** The folder with sladesk's package.json, whether running from src/ (tsx, tests) or from dist/src/. */
export const packageRoot: string = (() => {
  let dir = import.meta.dirname
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir)
    if (up === dir) {
      throw new Error(`package.json not found above ${import.meta.dirname}`)
    }
    dir = up
  }
  return dir
})()
