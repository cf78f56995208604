// Two threads must compute the same training step as one: the combined shard gradient against
// the engine's full-batch gradient (float64, to rounding), and a few Adam steps in float32.
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { bundleParallelWorker } from './test-bundle'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Adam, InputError, Rng, createModel, lossAndGrad, validateSpec, type Batch, type CellKind, type DType, type FloatArray, type Model } from '../engine'
import { createParallelTrainer, shardRanges, type ParallelOptions, type ParallelTrainer } from './index'

let bundleDir = ''
let workerFile = ''
const open: ParallelTrainer[] = []

beforeAll(async () => {
  const bundle = await bundleParallelWorker('parallel-test')
  bundleDir = bundle.dir
  workerFile = join(bundleDir, 'parallel-worker.mjs')
}, 120_000)

afterAll(async () => {
  await Promise.all(open.map((t) => t.close()))
  if (bundleDir) rmSync(bundleDir, { recursive: true, force: true })
})

async function trainer(model: Model, opts: Omit<ParallelOptions, 'workerFile' | 'threads'>): Promise<ParallelTrainer> {
  // minRowsPerShard 1 and minShardWork 0: split even the small test batches
  const t = await createParallelTrainer(model, { threads: 2, workerFile, minRowsPerShard: 1, minShardWork: 0, ...opts })
  open.push(t)
  return t
}

function setup(cell: CellKind, dtype: DType, B: number, outputMode: 'per-step' | 'final', seed = 3): { model: Model; batch: Batch } {
  const spec = validateSpec({ cell, inputSize: 3, hiddenSize: 6, numLayers: 2, outputSize: 2, outputMode })
  const rng = new Rng(seed)
  const model = createModel(spec, rng, dtype)
  const T = 5
  const arr = (n: number): FloatArray => {
    const a = dtype === 'float64' ? new Float64Array(n) : new Float32Array(n)
    for (let i = 0; i < n; i++) a[i] = rng.normal()
    return a
  }
  return { model, batch: { x: arr(T * B * 3), target: arr(outputMode === 'per-step' ? T * B * 2 : B * 2), T, B } }
}

function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0
  let den = 0
  for (let i = 0; i < a.length; i++) {
    num = Math.max(num, Math.abs(a[i] - b[i]))
    den = Math.max(den, Math.abs(b[i]))
  }
  return num / den
}

describe('shardRanges', () => {
  it('cuts B rows into contiguous ranges covering every row once', () => {
    expect(shardRanges(7, 2)).toEqual([{ b0: 0, b1: 4 }, { b0: 4, b1: 7 }])
    expect(shardRanges(64, 2)).toEqual([{ b0: 0, b1: 32 }, { b0: 32, b1: 64 }])
  })
})

describe('two threads compute the one-thread gradient', () => {
  for (const cell of ['elman', 'lstm'] as const) {
    it(`${cell}, float64: combined shard gradient = full-batch gradient`, async () => {
      const { model, batch } = setup(cell, 'float64', 8, 'per-step')
      const ref = lossAndGrad(model, batch, { loss: 'mse' })
      const t = await trainer(model, { loss: 'mse' })
      expect(t.shardsFor(batch.B)).toBe(2)
      const got = t.lossAndGrad(batch)
      expect(maxRelDiff(got.grads, ref.grads)).toBeLessThan(1e-12)
      expect(got.loss).toBeCloseTo(ref.loss, 12)
    })
  }

  it('uneven shards, final outputs and a (T, B) step weight with huber loss (float64)', async () => {
    const { model, batch } = setup('gru', 'float64', 7, 'final', 5)
    const t = await trainer(model, { loss: 'huber', huberDelta: 0.5, truncation: { kind: 'chunked', k: 2 } })
    const ref = lossAndGrad(model, batch, { loss: 'huber', huberDelta: 0.5, truncation: { kind: 'chunked', k: 2 } })
    expect(maxRelDiff(t.lossAndGrad(batch).grads, ref.grads)).toBeLessThan(1e-12)

    const p = setup('elman', 'float64', 7, 'per-step', 6)
    const sw = new Float64Array(p.batch.T * 7) // (T, B)
    for (let i = 0; i < sw.length; i++) sw[i] = (i % 3) / 2
    const weighted = { ...p.batch, stepWeight: sw }
    const tp = await trainer(p.model, { loss: 'mse' })
    const refP = lossAndGrad(p.model, weighted, { loss: 'mse' })
    const gotP = tp.lossAndGrad(weighted)
    expect(maxRelDiff(gotP.grads, refP.grads)).toBeLessThan(1e-12)
    expect(gotP.loss).toBeCloseTo(refP.loss, 12)
  })

  for (const cell of ['elman', 'lstm'] as const) {
    it(`${cell}, float32: five Adam steps on two threads track one thread`, async () => {
      const { model, batch } = setup(cell, 'float32', 16, 'final', 11)
      const one = { ...model, params: model.params.slice() }
      const t = await trainer(model, { loss: 'mse' })
      const opt1 = new Adam(one.params.length, { lr: 1e-2 })
      const opt2 = new Adam(one.params.length, { lr: 1e-2 })
      const g = new Float32Array(one.params.length)
      for (let s = 0; s < 5; s++) {
        opt1.step(one.params, lossAndGrad(one, batch, { loss: 'mse' }).grads)
        opt2.step(t.model.params, t.lossAndGrad(batch, {}, g).grads)
      }
      expect(maxRelDiff(t.model.params, one.params)).toBeLessThan(1e-5)
      expect(maxRelDiff(t.model.params, model.params)).toBeGreaterThan(1e-3) // the steps did move the weights
    })
  }

  it('reports bad input at its position in the full batch, before any shard runs', async () => {
    const { model, batch } = setup('elman', 'float64', 8, 'per-step')
    const t = await trainer(model, { loss: 'mse' })
    const x = batch.x.slice()
    x[(2 * 8 + 6) * 3 + 1] = NaN // t=2, b=6 (in the second shard), d=1
    expect(() => t.lossAndGrad({ ...batch, x })).toThrow(InputError)
    try {
      t.lossAndGrad({ ...batch, x })
    } catch (e) {
      expect((e as InputError).position).toEqual({ t: 2, b: 6, d: 1 })
    }
    expect(maxRelDiff(t.lossAndGrad(batch).grads, lossAndGrad(model, batch, { loss: 'mse' }).grads)).toBeLessThan(1e-12) // still usable
  })

  it('grows the shared shard buffers when a larger batch arrives, and closes cleanly', async () => {
    const small = setup('lstm', 'float64', 4, 'per-step', 8)
    const big = setup('lstm', 'float64', 12, 'per-step', 8)
    const t = await trainer(small.model, { loss: 'mse' })
    for (const b of [small.batch, big.batch, small.batch]) {
      expect(maxRelDiff(t.lossAndGrad(b).grads, lossAndGrad(small.model, b, { loss: 'mse' }).grads)).toBeLessThan(1e-12)
    }
    await t.close()
    expect(() => t.lossAndGrad(small.batch)).toThrow(/closed/)
  })

  it('rejects when the worker file cannot be started', async () => {
    const { model } = setup('elman', 'float64', 8, 'per-step')
    await expect(createParallelTrainer(model, { threads: 2, workerFile: join(bundleDir, 'missing.mjs'), loss: 'mse' })).rejects.toThrow()
  })

  it('runs on one thread when the batch or the model is too small to pay', async () => {
    const { model } = setup('elman', 'float64', 8, 'per-step')
    const t = await createParallelTrainer(model, { threads: 2, workerFile, loss: 'mse' })
    open.push(t)
    expect(t.shardsFor(8, 5)).toBe(1) // 5·4·(6·9 + 6·12) multiply-adds per shard, far below MIN_SHARD_WORK
    expect(t.shardsFor(64, 2000)).toBe(2)
  })
})
