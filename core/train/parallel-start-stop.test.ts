// A cancel that comes while fit's gradient workers start (each loads the worker bundle: about a
// second on two cores, before a backtest fold's or a run's first step) ends the run at once: the
// start asks hooks.shouldStop, ends the workers it started and the one starting, and fit stops
// before its first step. A fake worker stands in for a slow one: it says 'ready' after 3 s, and
// leaves a mark at 0.4 s if it is still running then.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Rng, createModel, type Batch, type ModelSpec } from '../engine'
import { createParallelTrainer, parallelGradients, StartStopped } from '../parallel'
import { DEFAULT_TRAINING } from './config'
import { fit, type WindowSource } from './fit'
import { recorder } from './testing'

let dir = ''
let slow = ''
let mark = ''
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'fw-slow-worker-'))
  slow = join(dir, 'slow-worker.mjs')
  mark = join(dir, 'still-starting')
  writeFileSync(slow, `import { writeFileSync } from 'node:fs'
import { parentPort } from 'node:worker_threads'
setTimeout(() => writeFileSync(${JSON.stringify(mark)}, 'still starting'), 400)
setTimeout(() => parentPort.postMessage('ready'), 3000)
`)
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const spec: ModelSpec = { cell: 'elman', inputSize: 1, hiddenSize: 4, numLayers: 1, outputSize: 1, hiddenActivation: 'tanh', outputActivation: 'identity', outputMode: 'final', dropout: 0 }
const windows: WindowSource = { count: 16, batch: (idx): Batch => ({ x: new Float32Array(idx.length).fill(1), T: 1, B: idx.length, target: new Float32Array(idx.length).fill(2) }) }
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
/** true from `ms` after now. */
const after = (ms: number) => {
  const t0 = performance.now()
  return () => performance.now() - t0 > ms
}

describe('a stop while the worker threads start', () => {
  it('createParallelTrainer ends the starting worker and rejects at once', async () => {
    const t0 = performance.now()
    const started = createParallelTrainer(createModel(spec, new Rng(1)), { threads: 2, loss: 'mse', workerFile: slow, stop: after(100) })
    const first = await Promise.race([started.then(() => 'started', (e: unknown) => e), sleep(1500).then(() => 'still starting')])
    expect(first).toBeInstanceOf(StartStopped)
    expect(performance.now() - t0).toBeLessThan(1000)
    await sleep(600)
    expect(existsSync(mark)).toBe(false) // the worker was ended, not left to start
  }, 10_000)

  it('fit, cancelled while its gradient workers start, ends before its first step, not after the start', async () => {
    rmSync(mark, { force: true })
    const gradients = parallelGradients({ threads: 2, workerFile: slow, minRowsPerShard: 1, minShardWork: 0 })!
    const rec = recorder()
    const stop = after(100)
    const t0 = performance.now()
    const out = await fit(windows, null, { spec, loss: 'mse', training: { ...DEFAULT_TRAINING, epochs: 3, batchSize: 8, earlyStopping: null, threads: 2 }, gradients }, { ...rec.hooks, shouldStop: stop })
    expect(out.cancelled).toBe(true)
    expect(out.epochsRun).toBe(0)
    expect(performance.now() - t0).toBeLessThan(1000)
    // no 'training on one thread' warning: a stop is not a failed start
    expect(rec.events.filter((e) => e.type === 'log')).toEqual([])
    await sleep(600)
    expect(existsSync(mark)).toBe(false)
  }, 10_000)
})
