// fw in a pipeline, as a real process (this checkout's CLI, bundled once): a reader that stops
// early ends it quietly, and --out naming a pipe or device writes into it rather than replacing it.
import { execFileSync, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { bundleCli } from './test-fixtures/bundle-cli'

const sample = new URL('../../resources/samples/co2-concentration.csv', import.meta.url).pathname
let cli: { cli: string; remove: () => void }
let dir: string

beforeAll(async () => {
  cli = await bundleCli()
  dir = mkdtempSync(join(tmpdir(), 'fw-pipes-'))
}, 120_000)
afterAll(() => {
  cli?.remove()
  rmSync(dir, { recursive: true, force: true })
})

/** Runs fw with `args`; `closeStdout`: the reader closes its end before fw writes a byte. */
function run(args: string[], closeStdout = false): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [cli.cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    if (closeStdout) child.stdout.destroy()
    else child.stdout.on('data', (d) => (stdout += d))
    child.stderr.on('data', (d) => (stderr += d))
    child.on('close', (code) => done({ code, stdout, stderr }))
  })
}

it('a reader that closes the pipe early (fw … | head -1) ends fw quietly, with no EPIPE trace', async () => {
  const r = await run(['inspect', '--csv', sample, '--json'], true)
  expect(r.stderr).toBe('')
  expect(r.code).toBe(0)
}, 60_000)

it('--out naming a pipe writes the file into it, and leaves the pipe a pipe', async () => {
  const model = join(dir, 'out')
  const t = await run(['train', '--csv', sample, '--target', 'CO2', '--epochs', '1', '--no-db', '--out', model])
  expect(t.code, t.stderr).toBe(0)
  const fifo = join(dir, 'forecast.fifo')
  execFileSync('mkfifo', [fifo])
  const reader = spawn('cat', [fifo], { stdio: ['ignore', 'pipe', 'ignore'] })
  let read = ''
  reader.stdout.on('data', (d) => (read += d))
  const closed = new Promise((r) => reader.on('close', r))
  const f = await run(['forecast', '--model', join(model, 'model.json'), '--csv', sample, '--steps', '3', '--out', fifo])
  await closed
  expect(f.code, f.stderr).toBe(0)
  expect(read.split('\r\n').filter(Boolean)).toHaveLength(4) // the header and 3 steps
  expect(statSync(fifo).isFIFO()).toBe(true)
  expect(() => readFileSync(`${fifo}.tmp-${process.pid}`)).toThrow()
}, 60_000)

it('a reader that closes the pipe of fw train: the training goes on to its end, unread, and keeps its run and model', async () => {
  const out = join(dir, 'piped')
  const db = join(dir, 'piped.db')
  const r = await run(['train', '--csv', sample, '--target', 'CO2', '--epochs', '2', '--db', db, '--out', out], true)
  expect(r.stderr).toBe('')
  expect(r.code).toBe(0)
  expect(statSync(join(out, 'model.json')).size).toBeGreaterThan(1000)
  const runs = await run(['runs', '--db', db, '--json'])
  expect((JSON.parse(runs.stdout) as { status: string }[]).map((x) => x.status)).toEqual(['done'])
}, 120_000)
