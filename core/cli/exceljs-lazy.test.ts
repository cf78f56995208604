// exceljs costs about a second of CPU to load (node -e "await import('exceljs')": 1.4 s against
// 0.32 s for node alone, median of 5 on a loaded machine): fw loads it on the first XLSX export
// (core/export/forecast-xlsx.ts, a dynamic import) and never at start-up. A real process of this
// checkout's CLI (bundled once, packages external as in out/node/cli.js) reports the exceljs modules
// Node's loader holds as it exits: none after `fw --help`, `fw runs` or `fw export --help`.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { openStore } from '../store/store'
import { bundleCli } from './test-fixtures/bundle-cli'

let cli: { cli: string; remove: () => void }
let dir: string
let spy: string

beforeAll(async () => {
  cli = await bundleCli()
  dir = mkdtempSync(join(tmpdir(), 'fw-exceljs-'))
  spy = join(dir, 'spy.cjs')
  // preloaded (--require): at exit, how many of exceljs's files the CommonJS loader holds (an ES
  // import of a CommonJS package goes through it too)
  writeFileSync(spy, "process.on('exit', () => process.stderr.write(`exceljs modules: ${Object.keys(require.cache).filter((k) => /[\\\\/]node_modules[\\\\/]exceljs[\\\\/]/.test(k)).length}\\n`))\n")
  openStore(join(dir, 'runs.db')).close()
}, 120_000)
afterAll(() => {
  cli?.remove()
  rmSync(dir, { recursive: true, force: true })
})

function exceljsLoaded(args: string[]): number {
  const r = spawnSync(process.execPath, ['--require', spy, ...args], { encoding: 'utf8', env: { ...process.env, FW_DB: join(dir, 'runs.db') } })
  const m = /exceljs modules: (\d+)/.exec(r.stderr)
  expect(m, r.stderr).not.toBeNull()
  expect(r.status, r.stderr).toBe(0)
  return Number(m![1])
}

it('the spy sees exceljs where it is loaded', () => {
  expect(exceljsLoaded(['--input-type=module', '-e', "await import('exceljs')"])).toBeGreaterThan(0)
})

it('fw --help, fw runs and fw export --help start without loading exceljs', () => {
  expect(exceljsLoaded([cli.cli, '--help'])).toBe(0)
  expect(exceljsLoaded([cli.cli, 'runs'])).toBe(0)
  expect(exceljsLoaded([cli.cli, 'export', '--help'])).toBe(0)
}, 60_000)
