// `fw train --threads`: the flag reaches training.threads (stored in the model file's config), a
// bad value is a usage error naming the setting, and 2 really trains on two threads when the
// worker entry is built (FW_PARALLEL_WORKER points at a test bundle of it).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { bundleParallelWorker } from '../parallel/test-bundle'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fw } from './test-fixtures/fw'

const root = resolve(__dirname, '../..')
const sample = join(root, 'resources/samples/seattle-weather.csv')
let bundleDir = ''

beforeAll(async () => {
  const bundle = await bundleParallelWorker('cli-threads-test')
  bundleDir = bundle.dir
}, 120_000)

afterAll(() => {
  if (bundleDir) rmSync(bundleDir, { recursive: true, force: true })
})

const trainArgs = (dir: string) => ['train', '--csv', sample, '--target', 'temp_max', '--features', 'temp_min', '--epochs', '1', '--no-db', '--out', dir]

describe('fw train --threads', () => {
  it('names training.threads for a bad value (exit 2)', async () => {
    for (const bad of ['two', '0', '17', '1.5']) {
      const r = await fw(...trainArgs(mkdtempSync(join(tmpdir(), 'fw-threads-'))), '--threads', bad)
      expect(r.code, bad).toBe(2)
      expect(r.stderr).toMatch(/training\.threads must be 'auto' or an integer in \[1, 16\]/)
    }
  })

  it('2 trains on two threads and is stored with the run; 1 trains on one', async () => {
    const prev = process.env['FW_PARALLEL_WORKER']
    process.env['FW_PARALLEL_WORKER'] = join(bundleDir, 'parallel-worker.mjs')
    try {
      for (const threads of ['2', '1']) {
        const dir = mkdtempSync(join(tmpdir(), 'fw-threads-'))
        const r = await fw(...trainArgs(dir), '--threads', threads)
        expect(r.code, r.stderr).toBe(0)
        const model = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as { meta: { trainConfig: { training: { threads: unknown } } } }
        expect(model.meta.trainConfig.training.threads).toBe(Number(threads))
        if (threads === '2') expect(r.stdout).toContain('info: training on 2 threads (batches of 32 split into 2)')
        else expect(r.stdout).not.toContain('training on')
      }
    } finally {
      if (prev === undefined) delete process.env['FW_PARALLEL_WORKER']
      else process.env['FW_PARALLEL_WORKER'] = prev
    }
  }, 60_000)
})
