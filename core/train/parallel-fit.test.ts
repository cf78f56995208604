// fit with core/parallel's two-thread gradients against fit on one thread: the same losses
// (without dropout, to float32 rounding), exact resumes on two threads, and a fallback to one
// thread when the worker cannot start. Uses the real thresholds: the batches below are large
// enough that core/parallel splits them (LSTM H=32, 24 steps, 32 windows: 1.6M multiply-adds a shard).
import { readFileSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { bundleParallelWorker } from '../parallel/test-bundle'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importCsv, type Dataset } from '../data'
import { ConfigError } from '../engine'
import { parallelGradients, resolveThreads } from '../parallel'
import { resolveConfig, withStoredDefaults } from './config'
import type { GradientProvider } from './fit'
import { runTraining } from './run'
import { recorder } from './testing'
import type { Checkpoint, TrainConfig, TrainEvent } from './types'

const root = resolve(__dirname, '../..')
let bundleDir = ''
let workerFile = ''
let ds: Dataset

beforeAll(async () => {
  const bundle = await bundleParallelWorker('parallel-fit-test')
  bundleDir = bundle.dir
  workerFile = join(bundleDir, 'parallel-worker.mjs')
  ds = await importCsv(readFileSync(join(root, 'resources/samples/seattle-weather.csv'), 'utf8'), { fileName: 'seattle-weather.csv' })
}, 120_000)

afterAll(() => {
  if (bundleDir) rmSync(bundleDir, { recursive: true, force: true })
})

function config(threads: 'auto' | number, over: { dropout?: number; epochs?: number; layers?: number } = {}): TrainConfig {
  return resolveConfig({
    data: { target: 'temp_max', features: ['temp_min', 'wind'], lookBack: 24 },
    model: { cell: 'lstm', hiddenSize: 32, dropout: over.dropout ?? 0, numLayers: over.layers ?? (over.dropout ? 2 : 1) },
    training: { epochs: over.epochs ?? 3, batchSize: 32, earlyStopping: null, threads }
  })
}

/** The provider fit gets from a host, counting the steps that really ran on several threads. */
function counted(cfg: TrainConfig, file = workerFile): { provider: GradientProvider | undefined; split: () => number } {
  let split = 0
  const inner = parallelGradients({ threads: resolveThreads(cfg.training.threads), workerFile: file })
  if (!inner) return { provider: undefined, split: () => 0 }
  return {
    split: () => split,
    provider: {
      async create(model, fixed, shape) {
        const b = await inner.create(model, fixed, shape)
        if (!b) return null
        return {
          model: b.model, threads: b.threads, shardsFor: (B, T) => b.shardsFor(B, T), close: () => b.close(),
          lossAndGrad: (batch, step, work) => {
            if (b.shardsFor(batch.B, batch.T) > 1) split++
            return b.lossAndGrad(batch, step, work)
          }
        }
      }
    }
  }
}

const losses = (ev: TrainEvent[]) => ev.flatMap((e) => (e.type === 'epoch' ? [e.trainLoss, e.valLoss as number] : []))
const logs = (ev: TrainEvent[]) => ev.flatMap((e) => (e.type === 'log' ? [`${e.level}: ${e.message}`] : []))
const rngStates = (ev: TrainEvent[]) => ev.flatMap((e) => (e.type === 'checkpoint' && e.checkpoint.kind === 'last' ? [e.checkpoint.rngState] : []))
const finalWeights = (ev: TrainEvent[]) => Array.from(ev.flatMap((e) => (e.type === 'checkpoint' && e.checkpoint.kind === 'last' ? [e.checkpoint] : [])).at(-1)!.weights)

async function train(cfg: TrainConfig, provider: GradientProvider | undefined, stopAfterEpoch = Infinity, resume?: { last: Checkpoint; best: Checkpoint | null }) {
  const r = recorder(stopAfterEpoch)
  const result = await runTraining({ config: cfg, dataset: ds, gradients: provider, resume }, r.hooks)
  return { events: r.events, result }
}

describe('fit on two threads', () => {
  it('without dropout, gives the one-thread losses within 1e-5 each epoch, and really splits', async () => {
    const one = await train(config(1), counted(config(1)).provider)
    const c = counted(config(2))
    const two = await train(config(2), c.provider)
    expect(c.split()).toBeGreaterThan(0)
    expect(logs(two.events)).toEqual(['info: training on 2 threads (batches of 32 split into 2)'])
    expect(logs(one.events)).toEqual([])
    const a = losses(one.events)
    const b = losses(two.events)
    expect(b.length).toBe(6) // 3 epochs x (train, val)
    for (let i = 0; i < a.length; i++) expect(Math.abs(b[i]! - a[i]!)).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(a[i]!)))
    // summation order differs, so the weights are not bit-identical: the two paths really differ
    expect(finalWeights(two.events)).not.toEqual(finalWeights(one.events))
  }, 60_000)

  it('with dropout, a run stopped after epoch 2 and resumed on two threads ends exactly like an uninterrupted one', async () => {
    const cfg = config(2, { dropout: 0.2, epochs: 4 })
    const full = await train(cfg, counted(cfg).provider)
    const c1 = counted(cfg)
    const first = await train(cfg, c1.provider, 2)
    expect(first.result).toBeNull()
    expect(c1.split()).toBeGreaterThan(0)
    const cps = first.events.flatMap((e) => (e.type === 'checkpoint' ? [e.checkpoint] : []))
    const last = cps.filter((k) => k.kind === 'last').at(-1)!
    const best = cps.filter((k) => k.kind === 'best').at(-1) ?? null
    expect(last.epoch).toBe(2)
    const second = await train(cfg, counted(cfg).provider, Infinity, { last, best })
    expect(finalWeights(second.events)).toEqual(finalWeights(full.events))
    expect([...losses(first.events), ...losses(second.events)]).toEqual(losses(full.events))
  }, 60_000)

  it('with one layer, dropout changes nothing on one thread or two: it acts between layers only', async () => {
    const plain = await train(config(2), counted(config(2)).provider)
    const cfg = config(2, { dropout: 0.5, layers: 1 })
    const c = counted(cfg)
    const two = await train(cfg, c.provider)
    expect(c.split()).toBeGreaterThan(0)
    expect(losses(two.events)).toEqual(losses(plain.events))
    expect(rngStates(two.events)).toEqual(rngStates(plain.events))
    const one = await train(config(1, { dropout: 0.5, layers: 1 }), undefined)
    const onePlain = await train(config(1), undefined)
    expect(losses(one.events)).toEqual(losses(onePlain.events))
  }, 60_000)

  it("with dropout between layers, 1 and 2 threads draw the run's random numbers alike (the same batches each epoch), only the masks differ", async () => {
    const cfg = (threads: number) => config(threads, { dropout: 0.2, epochs: 3 })
    const one = await train(cfg(1), undefined)
    const c = counted(cfg(2))
    const two = await train(cfg(2), c.provider)
    expect(c.split()).toBeGreaterThan(0)
    expect(rngStates(two.events)).toHaveLength(3)
    expect(rngStates(two.events)).toEqual(rngStates(one.events))
    expect(losses(two.events)).not.toEqual(losses(one.events)) // the masks do differ
  }, 60_000)

  it('falls back to one thread with a warning when the worker cannot start', async () => {
    const one = await train(config(1), undefined)
    const c = counted(config(2), join(bundleDir, 'no-such-worker.mjs'))
    const two = await train(config(2), c.provider)
    expect(c.split()).toBe(0)
    expect(logs(two.events)).toHaveLength(1)
    expect(logs(two.events)[0]).toMatch(/^warn: training on one thread: the parallel trainer did not start/)
    expect(losses(two.events)).toEqual(losses(one.events)) // the engine's own path, bit for bit
  }, 60_000)

  it('starts no worker for batches too small to split, and then matches one thread exactly', async () => {
    const small = (threads: number) => resolveConfig({
      data: { target: 'temp_max', lookBack: 7 }, model: { cell: 'gru', hiddenSize: 8 }, training: { epochs: 2, batchSize: 16, earlyStopping: null, threads }
    })
    const provider = parallelGradients({ threads: 2, workerFile: join(bundleDir, 'no-such-worker.mjs') })
    const one = await train(small(1), undefined)
    const two = await train(small(2), provider)
    expect(logs(two.events)).toEqual([]) // no failed start: none was tried
    expect(losses(two.events)).toEqual(losses(one.events))
  }, 60_000)
})

describe('training.threads', () => {
  it("defaults to 'auto', takes 1..16, and names training.threads otherwise", () => {
    expect(resolveConfig({ data: { target: 'y' } }).training.threads).toBe('auto')
    expect(resolveConfig({ data: { target: 'y' }, training: { threads: 16 } }).training.threads).toBe(16)
    for (const bad of [0, 17, 1.5, -1, '2', 'two', null, true]) {
      let err: unknown
      try {
        resolveConfig({ data: { target: 'y' }, training: { threads: bad } })
      } catch (e) {
        err = e
      }
      expect(err, JSON.stringify(bad)).toBeInstanceOf(ConfigError)
      expect((err as ConfigError).field).toBe('training.threads')
    }
  })

  it("'auto' is min(cores, 2); a stored config from before the setting resumes on one thread", () => {
    expect([resolveThreads('auto', 1), resolveThreads('auto', 2), resolveThreads('auto', 8), resolveThreads(3, 2)]).toEqual([1, 2, 2, 3])
    expect(parallelGradients({ threads: 1 })).toBeUndefined()
    expect(resolveConfig(withStoredDefaults({ data: { target: 'y' }, training: { epochs: 3 } })).training.threads).toBe(1)
    expect(resolveConfig(withStoredDefaults({ data: { target: 'y' }, training: { threads: 'auto' } })).training.threads).toBe('auto')
  })
})
