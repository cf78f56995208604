// The fit loop's promises to the analyst, on tiny models (milliseconds each): the loss, gradient-norm,
// clip-rate, learning-rate and timing figures of each epoch event mean what they say; early stopping,
// cancel and resume keep the right epoch and weights; warm-up steps are never scored; a divergence
// names its epoch and step and leaves a checkpoint to resume from; a parallel gradient backend
// trains exactly as the engine would, and a backend that fails to start falls back with a warning.
import { describe, expect, it, vi } from 'vitest'
import { Rng, cloneModel, computeLoss, createModel, lossAndGrad, type Batch, type Model } from '../engine'
import type { ModelSpec } from '../engine/types'
import { DEFAULT_TRAINING } from './config'
import { DIVERGED_GROWTH, divergenceOf } from './diverged'
import { fit, meanLoss, type FitHooks, type GradientBackend, type GradientProvider, type WindowSource } from './fit'
import { recorder } from './testing'
import type { Checkpoint, TrainEvent, TrainingConfig } from './types'

const spec: ModelSpec = {
  cell: 'elman', inputSize: 1, hiddenSize: 4, numLayers: 1, outputSize: 1,
  hiddenActivation: 'tanh', outputActivation: 'identity', outputMode: 'final', dropout: 0
}
const base: TrainingConfig = { ...DEFAULT_TRAINING, optimizer: 'sgd', lr: 0.05, momentum: 0, epochs: 4, batchSize: 4, clipNorm: 0, earlyStopping: null, seed: 11, threads: 1 }

/** `count` different windows of T steps (one input); final mode: one target per window, per-step:
 *  one per step. `targetAt(i, t)` overrides the target of window i at step t. Asking for a window
 *  that does not exist throws, as a real split would. */
function windows(count: number, T: number, o: { perStep?: boolean; targetAt?: (i: number, t: number) => number; onBatch?: () => void } = {}): WindowSource {
  const y = o.targetAt ?? ((i: number, t: number) => 1.5 * Math.cos(0.9 * i + 0.4 * t))
  return {
    count,
    batch: (idx): Batch => {
      o.onBatch?.()
      const B = idx.length
      for (const i of Array.from(idx)) if (!(i >= 0 && i < count && Number.isInteger(i))) throw new RangeError(`no window ${i}`)
      const x = Float32Array.from({ length: T * B }, (_, r) => Math.sin(0.7 * idx[r % B]! + 0.3 * Math.floor(r / B)))
      const target = o.perStep
        ? Float32Array.from({ length: T * B }, (_, r) => y(idx[r % B]!, Math.floor(r / B)))
        : Float32Array.from({ length: B }, (_, b) => y(idx[b]!, T - 1))
      return { x, T, B, target }
    }
  }
}
/** Identical one-step windows: input 1, target y. */
function constant(count: number, y: number): WindowSource {
  return { count, batch: (idx): Batch => ({ x: new Float32Array(idx.length).fill(1), T: 1, B: idx.length, target: new Float32Array(idx.length).fill(y) }) }
}

const initial = (s: ModelSpec, seed: number): Model => createModel(s, new Rng(seed), 'float32')
/** Mean loss over windows, one window at a time (independent of fit's batching). */
function perWindowMean(model: Model, src: WindowSource): number {
  let s = 0
  for (let i = 0; i < src.count; i++) s += computeLoss(model, src.batch([i]), { loss: 'mse' })
  return s / src.count
}
const epochs = (ev: TrainEvent[]) => ev.flatMap((e) => (e.type === 'epoch' ? [e] : []))
const checkpoints = (ev: TrainEvent[]) => ev.flatMap((e) => (e.type === 'checkpoint' ? [e.checkpoint] : [])) as Checkpoint[]
const norm = (g: ArrayLike<number>) => Math.sqrt(Array.from(g).reduce((a, v) => a + v * v, 0))

describe('the epoch event reports what happened in the epoch', () => {
  it('training and validation loss are means over every window, the short last batch weighted by its size', async () => {
    // lr 0: the weights stay at their initial values, so the expected losses can be computed exactly
    const train = windows(10, 3)
    const val = windows(5, 3, { targetAt: (i) => i - 2 })
    const rec = recorder()
    const out = await fit(train, val, { spec, loss: 'mse', training: { ...base, lr: 0, epochs: 2 } }, rec.hooks)
    const m0 = initial(spec, base.seed)
    expect(Array.from(out.model.params)).toEqual(Array.from(m0.params))
    const ev = epochs(rec.events)
    expect(ev).toHaveLength(2)
    for (const e of ev) {
      expect(e.trainLoss).toBeCloseTo(perWindowMean(m0, train), 5)
      expect(e.valLoss!).toBeCloseTo(perWindowMean(m0, val), 5)
    }
    expect(ev[0]!.trainLoss).not.toBeCloseTo(ev[0]!.valLoss!, 2) // the two are not confused
  })

  it('meanLoss over a split with a short last batch is the mean over its windows', () => {
    const src = windows(10, 3)
    const m0 = initial(spec, 3)
    const opts = { spec, loss: 'mse' as const, training: base }
    expect(meanLoss(m0, src, opts, 4)).toBeCloseTo(perWindowMean(m0, src), 6)
    expect(meanLoss(m0, src, opts, 3)).toBeCloseTo(perWindowMean(m0, src), 6)
  })

  it('gradNorm is the mean pre-clip norm per mini-batch, clipRate the share of clipped mini-batches', async () => {
    // identical windows: every mini-batch (4, 4, 2 windows) has the same gradient
    const train = constant(10, 2)
    const m0 = initial(spec, base.seed)
    const g = norm(lossAndGrad(m0, train.batch([0, 1, 2, 3]), { loss: 'mse' }).grads)
    expect(g).toBeGreaterThan(0.01)
    const run = async (clipNorm: number) => {
      const rec = recorder()
      await fit(train, null, { spec, loss: 'mse', training: { ...base, lr: 0, epochs: 2, clipNorm } }, rec.hooks)
      return epochs(rec.events)
    }
    for (const e of await run(0)) {
      expect(e.gradNorm).toBeCloseTo(g, 4)
      expect(e.clipRate).toBe(0)
    }
    for (const e of await run(g / 2)) {
      expect(e.gradNorm).toBeCloseTo(g, 4) // the norm before clipping
      expect(e.clipRate).toBe(1)
    }
    for (const e of await run(g * 2)) expect(e.clipRate).toBe(0)
  })

  it('clipping changes the update: a clipped run moves the weights less than an unclipped one', async () => {
    const train = constant(8, 2)
    const m0 = initial(spec, base.seed)
    const moved = async (clipNorm: number) => {
      const out = await fit(train, null, { spec, loss: 'mse', training: { ...base, epochs: 1, batchSize: 8, clipNorm } }, recorder().hooks)
      return norm(Array.from(out.model.params, (p, i) => p - m0.params[i]!))
    }
    const g = norm(lossAndGrad(m0, train.batch([0, 1, 2, 3, 4, 5, 6, 7]), { loss: 'mse' }).grads)
    expect(await moved(0)).toBeCloseTo(base.lr * g, 4)
    expect(await moved(g / 4)).toBeCloseTo((base.lr * g) / 4, 4)
  })

  it('one optimiser step per mini-batch: ceil(windows / batch size) per epoch, one when the batch exceeds the split', async () => {
    const steps = async (count: number, batchSize: number) => {
      const rec = recorder()
      await fit(windows(count, 2), null, { spec, loss: 'mse', training: { ...base, epochs: 2, batchSize } }, rec.hooks)
      return checkpoints(rec.events).filter((c) => c.kind === 'last').map((c) => c.optimizer.step)
    }
    expect(await steps(10, 4)).toEqual([3, 6])
    expect(await steps(10, 32)).toEqual([1, 2])
    expect(await steps(8, 8)).toEqual([1, 2])
  })

  it('lr follows the schedule: constant, or cosine from the full rate down over the run', async () => {
    const lrs = async (lrSchedule: TrainingConfig['lrSchedule']) => {
      const rec = recorder()
      await fit(windows(4, 2), null, { spec, loss: 'mse', training: { ...base, lr: 0.1, epochs: 4, lrSchedule } }, rec.hooks)
      return epochs(rec.events).map((e) => e.lr)
    }
    expect(await lrs({ kind: 'constant' })).toEqual([0.1, 0.1, 0.1, 0.1])
    const cos = await lrs({ kind: 'cosine' })
    const expected = [0, 1, 2, 3].map((e) => (0.1 * (1 + Math.cos((Math.PI * e) / 4))) / 2)
    cos.forEach((lr, i) => expect(lr).toBeCloseTo(expected[i]!, 12))
    expect(cos[0]).toBe(0.1)
  })

  it('seconds is the epoch\'s wall time in seconds', async () => {
    const rec = recorder()
    const t0 = performance.now()
    await fit(windows(10, 3), null, { spec, loss: 'mse', training: { ...base, epochs: 3 } }, rec.hooks)
    const wall = (performance.now() - t0) / 1000
    const secs = epochs(rec.events).map((e) => e.seconds)
    expect(secs).toHaveLength(3)
    for (const s of secs) {
      expect(s).toBeGreaterThan(0)
      expect(s).toBeLessThanOrEqual(wall)
    }
  })

  it("a slow epoch says how many of its batches are done, counted from the batches trained; a quick one says nothing", async () => {
    // a clock that only moves when a batch is gathered: 100 ms a batch
    let clock = 0
    const spy = vi.spyOn(performance, 'now').mockImplementation(() => clock)
    try {
      const rec = recorder()
      // 40 windows in batches of 2: 20 batches, 2 s an epoch
      await fit(windows(40, 2, { onBatch: () => void (clock += 100) }), null, { spec, loss: 'mse', training: { ...base, epochs: 2, batchSize: 2 } }, rec.hooks)
      const seen = rec.events.filter((e) => e.type === 'progress' || e.type === 'epoch').map((e) => (e.type === 'epoch' ? `epoch ${e.epoch}` : `${e.phase} ${e.epoch}: ${e.done}/${e.total}`))
      // silent for its first second, then every 250 ms or more (every third batch here), never the last batch (the epoch event says it)
      expect(seen).toEqual(['batches 1: 11/20', 'batches 1: 14/20', 'batches 1: 17/20', 'epoch 1', 'batches 2: 11/20', 'batches 2: 14/20', 'batches 2: 17/20', 'epoch 2'])
      clock = 0
      const quick = recorder()
      await fit(windows(40, 2), null, { spec, loss: 'mse', training: { ...base, epochs: 2, batchSize: 2 } }, quick.hooks)
      expect(quick.events.filter((e) => e.type === 'progress')).toEqual([])
    } finally {
      spy.mockRestore()
    }
  })

  it('gradient flow has one finite norm per time step', async () => {
    const rec = recorder()
    await fit(windows(10, 5), null, { spec, loss: 'mse', training: { ...base, epochs: 1, batchSize: 32 } }, rec.hooks)
    const flow = epochs(rec.events)[0]!.gradFlow
    expect(flow).toHaveLength(5)
    for (const v of flow) expect(Number.isFinite(v) && v > 0).toBe(true)
  })
})

describe('optimisers', () => {
  const oneStep = async (training: TrainingConfig) => {
    const train = windows(4, 3)
    const out = await fit(train, null, { spec, loss: 'mse', training: { ...training, epochs: 1, batchSize: 4, clipNorm: 0 } }, recorder().hooks)
    const m0 = initial(spec, training.seed)
    const g = lossAndGrad(m0, train.batch([0, 1, 2, 3]), { loss: 'mse' }).grads
    return { delta: Array.from(out.model.params, (p, i) => p - m0.params[i]!), g: Array.from(g) }
  }

  it("'sgd' takes the plain gradient step w - lr * g", async () => {
    const { delta, g } = await oneStep({ ...base, optimizer: 'sgd', lr: 0.1, momentum: 0 })
    delta.forEach((d, i) => expect(d).toBeCloseTo(-0.1 * g[i]!, 5))
  })

  it("'adam' moves every parameter by about lr on its first step, against its gradient", async () => {
    const { delta, g } = await oneStep({ ...base, optimizer: 'adam', lr: 0.01 })
    let checked = 0
    delta.forEach((d, i) => {
      if (Math.abs(g[i]!) < 1e-4) return
      checked++
      expect(d).toBeCloseTo(-0.01 * Math.sign(g[i]!), 5)
    })
    expect(checked).toBeGreaterThan(10)
  })

  it('dropout is on while training (the epoch loss differs from the plain loss) and off for validation', async () => {
    const s2: ModelSpec = { ...spec, numLayers: 2, hiddenSize: 6 }
    const train = windows(8, 3)
    const run = async (dropout: number) => {
      const rec = recorder()
      await fit(train, train, { spec: { ...s2, dropout }, loss: 'mse', training: { ...base, lr: 0, epochs: 1 } }, rec.hooks)
      return epochs(rec.events)[0]!
    }
    const plain = perWindowMean(initial(s2, base.seed), train)
    const off = await run(0)
    expect(off.trainLoss).toBeCloseTo(plain, 5)
    const on = await run(0.5)
    expect(Math.abs(on.trainLoss - plain)).toBeGreaterThan(1e-3)
    expect(on.valLoss!).toBeCloseTo(plain, 5)
    // the gradient flow is measured without dropout, on the first windows of the split
    const flow = lossAndGrad(initial(s2, base.seed), train.batch([0, 1, 2, 3]), { loss: 'mse', gradFlow: true }).gradFlow!
    on.gradFlow.forEach((v, t) => expect(v).toBeCloseTo(flow[t]!, 6))
  })
})

describe('early stopping and the best epoch', () => {
  // Training pulls the output towards 2, validation wants 1: validation loss falls, then rises.
  const rising = { ...base, lr: 0.05, epochs: 30, batchSize: 8 }
  const run = async (training: TrainingConfig, stopAfter = Infinity) => {
    const rec = recorder(stopAfter)
    const out = await fit(constant(8, 2), constant(8, 1), { spec, loss: 'mse', training }, rec.hooks)
    return { out, ev: rec.events }
  }

  it('stops `patience` epochs after the best one and returns the best weights', async () => {
    const full = await run(rising)
    const best = full.out.bestEpoch
    expect(best).toBeGreaterThan(1)
    expect(best).toBeLessThan(20)
    const { out, ev } = await run({ ...rising, earlyStopping: { patience: 3 } })
    expect(out.stoppedEarly).toBe(true)
    expect(out.epochsRun).toBe(best + 3)
    expect(epochs(ev)).toHaveLength(best + 3)
    expect(out.bestEpoch).toBe(best)
    const bestCp = checkpoints(ev).filter((c) => c.kind === 'best').at(-1)!
    expect(bestCp.epoch).toBe(best)
    expect(Array.from(out.model.params)).toEqual(Array.from(bestCp.weights))
  })

  it('a flat validation loss is no improvement: the first epoch stays best and training stops after `patience`', async () => {
    const { out, ev } = await run({ ...rising, lr: 0, earlyStopping: { patience: 2 } })
    expect(out.bestEpoch).toBe(1)
    expect(out.epochsRun).toBe(3)
    expect(out.stoppedEarly).toBe(true)
    expect(checkpoints(ev).filter((c) => c.kind === 'best').map((c) => c.epoch)).toEqual([1])
  })

  it('without early stopping every epoch runs and the outcome says it was neither stopped nor cancelled', async () => {
    const { out } = await run({ ...rising, epochs: 6 })
    expect(out).toMatchObject({ epochsRun: 6, stoppedEarly: false, cancelled: false })
  })

  it('an empty validation split gives no validation loss; the last epoch counts as best', async () => {
    const rec = recorder()
    const out = await fit(constant(8, 2), constant(0, 1), { spec, loss: 'mse', training: { ...rising, epochs: 3, earlyStopping: { patience: 1 } } }, rec.hooks)
    expect(epochs(rec.events).map((e) => e.valLoss)).toEqual([null, null, null])
    expect(out).toMatchObject({ bestEpoch: 3, epochsRun: 3, stoppedEarly: false })
    expect(checkpoints(rec.events).some((c) => c.kind === 'best')).toBe(false)
  })

  it('a cancel after epoch k reports k epochs run, the best epoch so far, and emits nothing more', async () => {
    const { out, ev } = await run(rising, 4)
    expect(out).toMatchObject({ cancelled: true, stoppedEarly: false, epochsRun: 4 })
    expect(epochs(ev)).toHaveLength(4)
    const vals = epochs(ev).map((e) => e.valLoss!)
    expect(out.bestEpoch).toBe(vals.indexOf(Math.min(...vals)) + 1)
    // without validation the best epoch is the last one completed
    const rec = recorder(2)
    const noVal = await fit(constant(8, 2), null, { spec, loss: 'mse', training: rising }, rec.hooks)
    expect(noVal).toMatchObject({ cancelled: true, epochsRun: 2, bestEpoch: 2 })
  })
})

describe('resume', () => {
  it('a run resumed from its last checkpoint and best one ends where the uninterrupted run ends', async () => {
    const training = { ...base, optimizer: 'adam' as const, lr: 0.02, epochs: 5, batchSize: 3 }
    const train = windows(10, 3)
    const val = windows(4, 3, { targetAt: (i) => 0.5 * i })
    const full = recorder()
    const a = await fit(train, val, { spec, loss: 'mse', training }, full.hooks)
    const first = recorder(2)
    await fit(train, val, { spec, loss: 'mse', training }, first.hooks)
    const cps = checkpoints(first.events)
    const last = cps.filter((c) => c.kind === 'last').at(-1)!
    const best = cps.filter((c) => c.kind === 'best').at(-1) ?? null
    expect(last.epoch).toBe(2)
    const second = recorder()
    const b = await fit(train, val, { spec, loss: 'mse', training, resume: { last, best } }, second.hooks)
    const losses = (ev: TrainEvent[]) => epochs(ev).map((e) => [e.epoch, e.trainLoss, e.valLoss])
    expect(losses([...first.events, ...second.events])).toEqual(losses(full.events))
    expect(Array.from(b.model.params)).toEqual(Array.from(a.model.params))
    expect(b).toMatchObject({ bestEpoch: a.bestEpoch, epochsRun: 5 })
  })

  it('keeps a best epoch from before the interruption when no later epoch beats it', async () => {
    const training = { ...base, lr: 0.05, epochs: 30, batchSize: 8 }
    const full = recorder()
    const a = await fit(constant(8, 2), constant(8, 1), { spec, loss: 'mse', training }, full.hooks)
    expect(a.bestEpoch).toBeLessThan(20)
    const first = recorder(20)
    await fit(constant(8, 2), constant(8, 1), { spec, loss: 'mse', training }, first.hooks)
    const cps = checkpoints(first.events)
    const last = cps.filter((c) => c.kind === 'last').at(-1)!
    const best = cps.filter((c) => c.kind === 'best').at(-1)!
    expect(best.epoch).toBe(a.bestEpoch)
    const second = recorder()
    const b = await fit(constant(8, 2), constant(8, 1), { spec, loss: 'mse', training, resume: { last, best } }, second.hooks)
    expect(b.bestEpoch).toBe(a.bestEpoch)
    expect(Array.from(b.model.params)).toEqual(Array.from(best.weights))
    expect(checkpoints(second.events).some((c) => c.kind === 'best')).toBe(false)
  })

  it('resumes without a best checkpoint, and ignores one that has no validation loss', async () => {
    const training = { ...base, lr: 0.05, epochs: 6, batchSize: 8 }
    // the first 3 epochs ran without validation: their checkpoints carry no validation loss
    const first = recorder(3)
    await fit(constant(8, 2), null, { spec, loss: 'mse', training }, first.hooks)
    const last = checkpoints(first.events).filter((c) => c.kind === 'last').at(-1)!
    expect(last.valLoss).toBeNull()
    for (const best of [null, last]) {
      const rec = recorder()
      const b = await fit(constant(8, 2), constant(8, 1), { spec, loss: 'mse', training, resume: { last, best } }, rec.hooks)
      const vals = epochs(rec.events).map((e) => e.valLoss!)
      expect(vals).toHaveLength(3)
      expect(b.bestEpoch).toBe(4 + vals.indexOf(Math.min(...vals)))
      expect(checkpoints(rec.events).filter((c) => c.kind === 'best').map((c) => c.epoch)[0]).toBe(4) // the first epoch with validation is best so far
    }
  })

  it('resuming a run whose last epoch was already checkpointed trains nothing and returns its best weights', async () => {
    const training = { ...base, lr: 0.05, epochs: 12, batchSize: 8 }
    const rec = recorder()
    const a = await fit(constant(8, 2), constant(8, 1), { spec, loss: 'mse', training }, rec.hooks)
    const cps = checkpoints(rec.events)
    const last = cps.filter((c) => c.kind === 'last').at(-1)!
    const best = cps.filter((c) => c.kind === 'best').at(-1)!
    const again = recorder()
    const b = await fit(constant(8, 2), constant(8, 1), { spec, loss: 'mse', training, resume: { last, best } }, again.hooks)
    expect(epochs(again.events)).toHaveLength(0)
    expect(b).toMatchObject({ epochsRun: 12, bestEpoch: a.bestEpoch, stoppedEarly: false, cancelled: false })
    expect(Array.from(b.model.params)).toEqual(Array.from(a.model.params))
  })

  it('resuming from the checkpoint at which early stopping fired trains nothing more, as the uninterrupted run did not', async () => {
    const training = { ...base, lr: 0.05, epochs: 30, batchSize: 8, earlyStopping: { patience: 3 } }
    const rec = recorder()
    const a = await fit(constant(8, 2), constant(8, 1), { spec, loss: 'mse', training }, rec.hooks)
    expect(a.stoppedEarly).toBe(true)
    expect(a.epochsRun).toBeLessThan(30)
    const cps = checkpoints(rec.events)
    const last = cps.filter((c) => c.kind === 'last').at(-1)!
    const best = cps.filter((c) => c.kind === 'best').at(-1)!
    expect(last.epoch).toBe(a.epochsRun)
    const again = recorder()
    const b = await fit(constant(8, 2), constant(8, 1), { spec, loss: 'mse', training, resume: { last, best } }, again.hooks)
    expect(epochs(again.events)).toHaveLength(0) // before: one more epoch, which could have beaten the best
    expect(b).toMatchObject({ epochsRun: a.epochsRun, bestEpoch: a.bestEpoch, stoppedEarly: true, cancelled: false })
    expect(Array.from(b.model.params)).toEqual(Array.from(a.model.params))
    // one epoch short of the stop, the resumed run trains that epoch and stops where the full run did
    const before = cps.filter((c) => c.kind === 'last' && c.epoch === a.epochsRun - 1)[0]!
    const bestBefore = cps.filter((c) => c.kind === 'best' && c.epoch <= before.epoch).at(-1)!
    const third = recorder()
    const c = await fit(constant(8, 2), constant(8, 1), { spec, loss: 'mse', training, resume: { last: before, best: bestBefore } }, third.hooks)
    expect(epochs(third.events).map((e) => e.epoch)).toEqual([a.epochsRun])
    expect(c).toMatchObject({ epochsRun: a.epochsRun, bestEpoch: a.bestEpoch, stoppedEarly: true })
  })

  it('checkpoints carry the model layout and the optimiser state (Adam: m and v; SGD: m only)', async () => {
    for (const optimizer of ['adam', 'sgd'] as const) {
      const rec = recorder()
      await fit(windows(6, 2), null, { spec, loss: 'mse', training: { ...base, optimizer, epochs: 1, momentum: 0.9 } }, rec.hooks)
      const cp = checkpoints(rec.events)[0]!
      const m0 = initial(spec, base.seed)
      expect(cp.layout).toEqual(m0.layout.map((v) => ({ name: v.name, shape: [...v.shape], offset: v.offset, size: v.size })))
      expect(cp.layout.length).toBeGreaterThan(2)
      expect(cp.weights).toHaveLength(m0.params.length)
      expect(cp.optimizer.m).toHaveLength(m0.params.length)
      expect(cp.optimizer.v).toHaveLength(optimizer === 'adam' ? m0.params.length : 0)
      expect(cp).toMatchObject({ epoch: 1, kind: 'last', valLoss: null })
    }
  })
})

describe('warm-up steps (per-step models)', () => {
  const ps: ModelSpec = { ...spec, outputMode: 'per-step' }
  const run = async (warmupSteps: number, early: number) => {
    const targetAt = (i: number, t: number) => (t < 2 ? early : Math.cos(i + t))
    const rec = recorder()
    const out = await fit(windows(6, 5, { perStep: true, targetAt }), windows(3, 5, { perStep: true, targetAt }), { spec: ps, loss: 'mse', training: { ...base, epochs: 2, warmupSteps } }, rec.hooks)
    return { params: Array.from(out.model.params), ev: epochs(rec.events).map((e) => [e.trainLoss, e.valLoss, ...e.gradFlow]) }
  }

  it('are not scored: what the targets say during warm-up changes neither the training nor the losses', async () => {
    const a = await run(2, 0)
    const b = await run(2, 50)
    expect(b.params).toEqual(a.params)
    expect(b.ev).toEqual(a.ev)
  })

  it('without warm-up those first steps are scored (the premise of the test above)', async () => {
    const a = await run(0, 0)
    const b = await run(0, 50)
    expect(b.params).not.toEqual(a.params)
  })
})

describe('divergence', () => {
  /** A backend over the engine's gradient that misreports the loss of call n as `loss(n)` times
   *  what it is (the weights unharmed), and scales its gradient by `grad(n)` (with SGD and no
   *  clipping, a real explosion of the weights). */
  const faked = (loss: (call: number) => number, grad: (call: number) => number = () => 1): GradientProvider => {
    let calls = 0
    return {
      create: async (model) => {
        const m = cloneModel(model)
        return {
          model: m, threads: 2, shardsFor: () => 2, close: async () => {},
          lossAndGrad: (batch, step, work) => {
            const r = lossAndGrad(m, batch, { loss: 'mse', training: step.training, rng: step.rng }, work)
            const n = ++calls
            const f = grad(n)
            if (f !== 1) for (let i = 0; i < r.grads.length; i++) r.grads[i]! *= f
            return { ...r, loss: r.loss * loss(n) }
          }
        }
      }
    }
  }
  const scaled = (k: (call: number) => number): GradientProvider => faked(k)

  it('after a good epoch, stops where it diverged (epoch and mini-batch) and keeps the last good epoch\'s weights', async () => {
    // A gradient backend that returns a non-finite loss on the 2nd mini-batch of epoch 2 (what an
    // exploding run produces), the engine's own gradient otherwise.
    const gradients = scaled((n) => (n === 5 ? Infinity : 1)) // epoch 1: calls 1-3; epoch 2: 4, 5
    const events: TrainEvent[] = []
    const hooks: FitHooks = { emit: (e) => events.push(e), shouldStop: () => false, yieldNow: () => Promise.resolve() }
    const out = await fit(windows(12, 2), null, { spec, loss: 'mse', training: { ...base, epochs: 3, batchSize: 4 }, gradients }, hooks)
    expect([out.diverged, out.epochsRun, out.bestEpoch, out.cancelled]).toEqual([{ epoch: 2, step: 2, facts: { optimizer: 'sgd', clipNorm: 0, lr: 0.05 } }, 1, 1, false])
    const good = checkpoints(events).filter((c) => c.epoch === 1 && c.kind === 'last')
    expect(good).toHaveLength(1)
    expect(Array.from(out.model.params)).toEqual(Array.from(good[0]!.weights)) // not the 1st step of epoch 2
    expect(epochs(events)).toHaveLength(1)
  })

  const hooksFor = (events: TrainEvent[]): FitHooks => ({ emit: (e) => events.push(e), shouldStop: () => false, yieldNow: () => Promise.resolve() })

  const kicked = (k: (call: number) => number): GradientProvider => faked(() => 1, k)

  it('weights that explode while the loss is still finite are a divergence: it keeps the last good epoch and says how far the first step\'s rows\' loss grew', async () => {
    const events: TrainEvent[] = []
    const gradients = kicked((n) => (n === 5 ? 1e6 : 1)) // epoch 2, step 2's update explodes the weights; step 3 sees it
    const out = await fit(windows(12, 2), null, { spec, loss: 'mse', training: { ...base, epochs: 3, batchSize: 4 }, gradients }, hooksFor(events))
    expect([out.diverged?.epoch, out.diverged?.step, out.epochsRun, out.bestEpoch]).toEqual([2, 3, 1, 1])
    expect(out.diverged!.grew).toBeGreaterThan(DIVERGED_GROWTH)
    const good = checkpoints(events).filter((c) => c.epoch === 1 && c.kind === 'last')
    expect(Array.from(out.model.params)).toEqual(Array.from(good[0]!.weights))
    expect(divergenceOf(out).diverged!.words.message).toMatch(/^diverged at epoch 2, step 3: the loss on the first step's rows grew to [\d.e+]+× what it was \(over 1000×: exploding gradients\), so training stopped and kept epoch 1's weights/)
  })

  it('a batch whose own loss is far over the first step\'s, with the weights sound (one value far out of scale in the data), trains on', async () => {
    // the loss of epoch 2, step 2 reads 1e6 times what it is, as a batch holding a value far out of
    // scale does; the weights, and so the first step's rows' loss, are unharmed
    const gradients = scaled((n) => (n === 5 ? 1e6 : 1))
    const out = await fit(windows(12, 2), null, { spec, loss: 'mse', training: { ...base, epochs: 3, batchSize: 4 }, gradients }, hooksFor([]))
    expect([out.diverged, out.epochsRun]).toEqual([undefined, 3])
  })

  it('exploded so within the first epoch, the run fails: it has no good epoch to keep', async () => {
    const gradients = kicked((n) => (n === 1 ? 1e6 : 1))
    const err = await fit(windows(12, 2), null, { spec, loss: 'mse', training: { ...base, epochs: 3, batchSize: 4 }, gradients }, hooksFor([])).then(() => null, (e: unknown) => e as Error & { app?: string })
    expect(err?.message).toMatch(/^diverged at epoch 1, step 2, before any epoch finished: the loss on the first step's rows grew to [\d.e+]+× what it was \(over 1000×/)
    expect(err?.app).toContain('(Learning rate in Setup)')
  })

  it('a loss that wanders within the bound trains on (healthy runs stay within 3.3× their first step\'s loss)', async () => {
    const gradients = scaled((n) => (n % 3 === 0 ? 50 : 1))
    const out = await fit(windows(12, 2), null, { spec, loss: 'mse', training: { ...base, epochs: 3, batchSize: 4 }, gradients }, hooksFor([]))
    expect([out.diverged, out.epochsRun]).toEqual([undefined, 3])
  })

  it('fails the run where even its best epoch has exploded (the first step\'s rows\' loss over DIVERGED_GROWTH times what it was), rather than keep those weights', async () => {
    // one epoch of 3 steps: the last step's update explodes the weights, and no later step sees it
    const gradients = kicked((n) => (n === 3 ? 1e6 : 1))
    const events: TrainEvent[] = []
    const err = await fit(windows(12, 2), windows(4, 2), { spec, loss: 'mse', training: { ...base, epochs: 1, batchSize: 4 }, gradients }, hooksFor(events)).then(() => null, (e: unknown) => e as Error & { app?: string })
    expect(epochs(events)).toHaveLength(1)
    expect(err?.message).toMatch(/^diverged: even the best epoch \(1\) has a loss on the first training step's rows [\d.e+]+× what it was before training \(over 1000×: exploding gradients\), so its weights would forecast nonsense and the run keeps none; train again with a learning rate lower than 0\.05 \(--lr\), e\.g\. 0\.005, or clip the gradient norm/)
    expect(err?.app).toContain('(Clip gradient norm in Setup)')
  })
})

describe('letting the host in (cancel mid-epoch)', () => {
  it('a long epoch yields between mini-batches, so a cancel takes effect before the epoch ends', async () => {
    let batches = 0
    const slow = windows(6, 2, {
      onBatch: () => {
        batches++
        const until = performance.now() + 25
        while (performance.now() < until);
      }
    })
    let yields = 0
    const events: TrainEvent[] = []
    const hooks: FitHooks = { emit: (e) => events.push(e), shouldStop: () => yields > 0, yieldNow: () => ((yields += 1), Promise.resolve()) }
    const out = await fit(slow, null, { spec, loss: 'mse', training: { ...base, epochs: 2, batchSize: 1 } }, hooks)
    expect(out).toMatchObject({ cancelled: true, epochsRun: 0 })
    expect(epochs(events)).toHaveLength(0)
    expect(batches).toBeLessThan(6)
  })

  it('fast mini-batches do not yield after every one (each yield costs the host a turn)', async () => {
    let yields = 0
    const hooks: FitHooks = { emit: () => {}, shouldStop: () => false, yieldNow: () => ((yields += 1), Promise.resolve()) }
    await fit(windows(200, 1), null, { spec, loss: 'mse', training: { ...base, epochs: 1, batchSize: 1 } }, hooks)
    expect(yields).toBeGreaterThanOrEqual(1) // at least at the end of the epoch
    expect(yields).toBeLessThan(100) // one per 20 ms: far fewer than 200 even on a loaded machine
  })
})

describe('a parallel gradient backend', () => {
  /** A backend that computes on its own copy of the model with the engine, and records its use. */
  function provider(kind: 'works' | 'fails' | 'declines') {
    const use = { calls: 0, closed: false, shape: null as { B: number; T: number } | null, training: [] as boolean[] }
    const p: GradientProvider = {
      create: async (model, fixed, shape) => {
        use.shape = shape
        if (kind === 'fails') throw new Error('no worker threads here')
        if (kind === 'declines') return null
        const m = cloneModel(model)
        const be: GradientBackend = {
          model: m,
          threads: 3,
          shardsFor: (B) => Math.min(B, 3),
          lossAndGrad: (batch, step, work) => {
            use.calls++
            use.training.push(step.training)
            return lossAndGrad(m, batch, { loss: fixed.loss, truncation: fixed.truncation, training: step.training, rng: step.rng }, work)
          },
          close: async () => {
            use.closed = true
          }
        }
        return be
      }
    }
    return { p, use }
  }
  const training = { ...base, optimizer: 'adam' as const, lr: 0.02, epochs: 3, batchSize: 4, clipNorm: 1 }
  const train = windows(10, 3)
  const val = windows(4, 3)
  const plainRun = async () => {
    const rec = recorder()
    const out = await fit(train, val, { spec, loss: 'mse', training }, rec.hooks)
    expect(rec.events.some((e) => e.type === 'log')).toBe(false) // no backend asked for: nothing to say
    return { params: Array.from(out.model.params), losses: epochs(rec.events).map((e) => [e.trainLoss, e.valLoss, e.gradNorm]) }
  }

  const withProvider = async (kind: 'works' | 'fails' | 'declines') => {
    const plain = await plainRun()
    const { p, use } = provider(kind)
    const rec = recorder()
    const out = await fit(train, val, { spec, loss: 'mse', training, gradients: p }, rec.hooks)
    expect(Array.from(out.model.params)).toEqual(plain.params) // whatever the backend does, the same training
    expect(epochs(rec.events).map((e) => [e.trainLoss, e.valLoss, e.gradNorm])).toEqual(plain.losses)
    return { use, logs: rec.events.flatMap((e) => (e.type === 'log' ? [e] : [])) }
  }

  it('trains to exactly the weights and losses the engine alone reaches, says so, and is closed at the end', async () => {
    const { use, logs } = await withProvider('works')
    expect(use.shape).toEqual({ B: 4, T: 3 })
    expect(use.calls).toBe(9) // 3 mini-batches x 3 epochs
    expect(use.training.every((t) => t === false)).toBe(true) // no dropout in this model
    expect(use.closed).toBe(true)
    expect(logs).toEqual([{ type: 'log', level: 'info', message: 'training on 3 threads (batches of 4 split into 3)' }])
  })

  it('one that fails to start: training goes on, on one thread, with a warning that gives the reason', async () => {
    const { use, logs } = await withProvider('fails')
    expect(use.calls).toBe(0)
    expect(logs).toEqual([{ type: 'log', level: 'warn', message: 'training on one thread: the parallel trainer did not start (no worker threads here)' }])
  })

  it('one that declines (batches too small to split): the engine trains, without a message', async () => {
    const { use, logs } = await withProvider('declines')
    expect(use.shape).toEqual({ B: 4, T: 3 })
    expect(logs).toEqual([])
  })
})
