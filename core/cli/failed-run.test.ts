// A run that failed (a diverged one keeps weights of 1e26 scale) or stopped before its first
// checkpoint has no model: export, forecast and explain refuse it as bad input (exit 2), saying why
// and what to do, where they wrote forecasts of 1e26 with exit 0, or an "internal error".
import { existsSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { openStore } from '../store'
import { fw } from './test-fixtures/fw'

const sample = new URL('../../resources/samples/co2-concentration.csv', import.meta.url).pathname
const dir = mkdtempSync(join(tmpdir(), 'fw-failed-run-'))
const db = join(dir, 'runs.db')


let failed = 0
let bare = 0
beforeAll(async () => {
  const t = await fw('train', '--csv', sample, '--target', 'CO2', '--epochs', '1', '--seed', '1', '--db', db, '--out', join(dir, 'out'), '--json')
  expect(t.code).toBe(0)
  const done = (JSON.parse(t.stdout.slice(t.stdout.indexOf('{'))) as { runId: number }).runId
  // the trainer's sequence for a run that diverges after its first checkpoint, and one killed before it
  const store = openStore(db, { appVersion: 'test' })
  try {
    const run = store.runs.get(done)
    const cp = store.checkpoints.load(done, 'best')!
    failed = store.runs.create({ datasetId: run.datasetId, configJson: run.configJson, seed: 1 })
    store.startRun(failed)
    store.saveCheckpoint(failed, ['best', 'last'], { epoch: 1, valLoss: 0.5, weights: cp.weights.map((w) => w * 1e6), layout: cp.layout, optimizer: cp.optimizer })
    store.failRun(failed, 'DivergedError: diverged at epoch 2, step 3')
    bare = store.runs.create({ datasetId: run.datasetId, configJson: run.configJson, seed: 1 })
    store.startRun(bare)
    store.interruptRun(bare, 'the trainer exited')
  } finally {
    store.close()
  }
}, 120_000)

describe('a run without a model', () => {
  it('failed: export, forecast and explain refuse it with exit 2, write nothing, and say to train again', async () => {
    for (const [cmd, out] of [['export', '--csv'], ['forecast', '--out']] as const) {
      const file = join(dir, `${cmd}.csv`)
      const r = await fw(cmd, '--run', String(failed), out, file, ...(cmd === 'forecast' ? ['--steps', '3'] : []), '--db', db)
      expect([r.code, r.stderr]).toEqual([2, `fw ${cmd}: run ${failed} failed (DivergedError: diverged at epoch 2, step 3): it has no model to export, forecast or explain with; train it again, with a lower learning rate or gradient clipping\n`])
      expect(existsSync(file)).toBe(false)
    }
    const e = await fw('explain', '--run', String(failed), '--db', db)
    expect(e.code).toBe(2)
    expect(e.stderr).toContain(`run ${failed} failed (DivergedError`)
  })

  it('stopped before its first checkpoint: exit 2, not an internal error', async () => {
    const r = await fw('export', '--run', String(bare), '--csv', join(dir, 'bare.csv'), '--db', db)
    expect([r.code, r.stderr]).toEqual([2, `fw export: run ${bare} has no saved weights yet (status interrupted): it stopped before its first checkpoint; train it again\n`])
  })
})
