// The same settings give the same run, from the app or from `fw` (README: the same seed repeats
// the run exactly, on a fixed thread count). The app's trainer, forked from an app-shaped start
// (the columns as the app sends them, the time column named in the config, as Setup fills it),
// against `node bin/fw.js train` with the same settings on the same file: every epoch's losses
// and every test forecast equal to the last bit. They differed in the 8th-9th digit while bin/fw.js,
// the entry `npx fw` runs, left Node 20's relaxed SIMD off (plain multiply-adds) and the trainer
// switched it on (fused, as Electron runs them): only out/node/cli.js run directly switched it on.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importCsv } from '../core/data'
import { nodeFork } from '../core/services/node-fork'
import { datasetToColumns } from '../core/services/trainer-columns'
import { resolveConfig } from '../core/train/config'
import type { ForecastRow, TrainResult } from '../core/train/types'
import { bundleCli } from '../core/cli/test-fixtures/bundle-cli'
import { bundleTrainer } from './fixtures/trainer/bundle'

const sample = resolve(__dirname, '../resources/samples/seattle-weather.csv')
let cli: Awaited<ReturnType<typeof bundleCli>> | null = null
let trainer: Awaited<ReturnType<typeof bundleTrainer>> | null = null
let dir = ''

beforeAll(async () => {
  cli = await bundleCli({ fw: true })
  trainer = await bundleTrainer('same-run')
  dir = mkdtempSync(join(tmpdir(), 'fw-same-run-'))
}, 120_000)

afterAll(() => {
  cli?.remove()
  trainer?.remove()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

interface Epoch { trainLoss: number; valLoss: number | null }
type Forecast = Pick<ForecastRow, 'ts' | 'step' | 'value' | 'lower' | 'upper' | 'actual'>

/** `fw train` as a user runs it (node bin/fw.js, beside out/node/cli.js), its run read back. */
function cliRun(): { epochs: Epoch[]; forecasts: Forecast[] } {
  const db = join(dir, 'runs.db')
  const args = ['train', '--csv', sample, '--target', 'temp_max', '--features', 'temp_min', '--lookback', '14', '--epochs', '2', '--hidden', '8', '--threads', '1', '--forecaster', 'network', '--out', join(dir, 'out')]
  const r = spawnSync(process.execPath, [cli!.fw!, ...args], { env: { ...process.env, FW_DB: db }, encoding: 'utf8' })
  expect(r.status, r.stderr).toBe(0)
  const raw = new Database(db, { readonly: true })
  try {
    const epochs = raw.prepare('SELECT train_loss AS trainLoss, val_loss AS valLoss FROM epochs WHERE run_id = 1 ORDER BY epoch').all() as Epoch[]
    const forecasts = raw.prepare('SELECT ts, step, value, lower, upper, actual FROM forecasts WHERE run_id = 1 ORDER BY ts, step').all() as Forecast[]
    return { epochs, forecasts }
  } finally {
    raw.close()
  }
}

/** The app's trainer process, started as main starts it (TrainerHost's start message). */
async function appRun(): Promise<{ epochs: Epoch[]; forecasts: Forecast[] }> {
  const ds = await importCsv(readFileSync(sample, 'utf8'), { fileName: 'seattle-weather.csv' })
  const config = resolveConfig({
    data: { target: 'temp_max', features: ['temp_min'], time: 'date', lookBack: 14 },
    model: { hiddenSize: 8, forecaster: 'network' },
    training: { epochs: 2, threads: 1 }
  })
  const child = nodeFork(trainer!.trainer)
  const epochs: Epoch[] = []
  const result = await new Promise<TrainResult>((res, rej) => {
    child.onMessage((m) => {
      const e = m as { type: string; trainLoss: number; valLoss: number | null; result: TrainResult; error: { message: string } }
      if (e.type === 'epoch') epochs.push({ trainLoss: e.trainLoss, valLoss: e.valLoss })
      else if (e.type === 'done') res(e.result)
      else if (e.type === 'failed') rej(new Error(e.error.message))
    })
    child.onExit((info) => rej(new Error(`trainer exited: ${info.reason}`)))
    child.postMessage({ type: 'start', runId: 'same-run', config, columns: datasetToColumns(ds) })
  })
  child.kill()
  const forecasts = result.forecasts
    .map(({ ts, step, value, lower, upper, actual }) => ({ ts, step, value, lower, upper, actual }))
    .sort((a, b) => a.ts - b.ts || a.step - b.step)
  return { epochs, forecasts }
}

describe('the same settings, from the app or from fw', () => {
  it('train to the same losses and forecasts, bit for bit', async () => {
    const app = await appRun()
    const fw = cliRun()
    expect(app.epochs).toHaveLength(2)
    expect(app.forecasts.length).toBeGreaterThan(100)
    // toEqual compares numbers with Object.is: equal to the last bit, no tolerance
    expect(fw.epochs).toEqual(app.epochs)
    expect(fw.forecasts).toEqual(app.forecasts)
  }, 120_000)
})
