// Training behaviour: determinism, learning a sine wave, float32/float64 agreement, divergence.
import { describe, expect, it } from 'vitest'
import type { Batch } from './batch'
import { computeLoss, lossAndGrad } from './bptt'
import { DivergedError } from './errors'
import { createModel, type Model } from './model'
import { Adam } from './optim'
import { Rng } from './rng'
import { randomBatch, relErr } from './testing/helpers'
import { trainStep } from './train-step'
import type { CellKind, ModelSpec } from './types'

function specFor(cell: CellKind, extra: Partial<ModelSpec> = {}): ModelSpec {
  return { cell, inputSize: 1, hiddenSize: 16, numLayers: 1, outputSize: 1, hiddenActivation: 'tanh', outputActivation: 'identity', outputMode: 'per-step', dropout: 0, ...extra }
}

/** Next-step windows of s(t) = sin(0.3 t) + 0.5 sin(0.11 t): x_t = s(start+t), y_t = s(start+t+1). Time-major (T, B, 1). */
function sineBatch(starts: number[], T: number): Batch {
  const B = starts.length
  const s = (t: number) => Math.sin(0.3 * t) + 0.5 * Math.sin(0.11 * t)
  const x = new Float32Array(T * B)
  const target = new Float32Array(T * B)
  for (let t = 0; t < T; t++) for (let b = 0; b < B; b++) {
    x[t * B + b] = s(starts[b] + t)
    target[t * B + b] = s(starts[b] + t + 1)
  }
  return { x, T, B, target }
}

function trainLosses(seed: number, steps: number, cell: CellKind = 'elman'): { losses: number[]; model: Model } {
  const rng = new Rng(seed)
  const model = createModel(specFor(cell, { numLayers: 2, dropout: 0.2 }), rng)
  const opt = new Adam(model.params.length, { lr: 0.01 })
  const losses: number[] = []
  for (let s = 0; s < steps; s++) {
    const starts = Array.from({ length: 8 }, () => rng.int(200))
    losses.push(trainStep(model, opt, sineBatch(starts, 12), { loss: 'mse', rng, clipNorm: 1 }, { epoch: 0, step: s }).loss)
  }
  return { losses, model }
}

describe('determinism', () => {
  it.each(['elman', 'lstm', 'gru'] as const)('%s: same seed => bit-identical loss history and weights; other seed differs', (cell) => {
    const a = trainLosses(42, 15, cell)
    const b = trainLosses(42, 15, cell)
    const c = trainLosses(43, 15, cell)
    expect(b.losses).toEqual(a.losses) // toEqual on numbers uses Object.is: bitwise
    expect(Array.from(b.model.params)).toEqual(Array.from(a.model.params))
    expect(c.losses).not.toEqual(a.losses)
  })
})

describe('learning a sine wave, next-step prediction', () => {
  // Train on windows starting in [0, 300), evaluate on 32 held-out windows starting at 400+.
  // The first 4 steps of each window are warm-up (stepWeight 0): the state has seen too little there.
  // Stated target: held-out loss (same reduction: ½ squared error summed over the 20 scored steps,
  // mean over windows) below 0.005, and below 1/20 of the naive "next value = last value" forecast
  // on the same steps (about 0.46). Seen at writing: elman 0.0007, gru 0.0004.
  it.each(['elman', 'gru'] as const)('%s beats the last-value forecast on held-out windows', (cell) => {
    const T = 24
    const warm = 4
    const stepWeight = new Float32Array(T).map((_, t) => (t < warm ? 0 : 1))
    const rng = new Rng(7)
    const model = createModel(specFor(cell), rng)
    const opt = new Adam(model.params.length, { lr: 0.01 })
    for (let s = 0; s < 400; s++) {
      const starts = Array.from({ length: 16 }, () => rng.int(300))
      trainStep(model, opt, { ...sineBatch(starts, T), stepWeight }, { loss: 'mse', clipNorm: 1 }, { epoch: 0, step: s })
    }
    const held = { ...sineBatch(Array.from({ length: 32 }, (_, i) => 400 + 7 * i), T), stepWeight }
    const modelLoss = computeLoss(model, held, { loss: 'mse' })
    let naive = 0
    for (let i = warm * held.B; i < held.x.length; i++) naive += 0.5 * (held.x[i] - held.target[i]) ** 2
    naive /= held.B
    expect(modelLoss).toBeLessThan(0.005)
    expect(modelLoss).toBeLessThan(naive / 20)
  })
})

describe('float32 vs float64', () => {
  it.each(['elman', 'lstm', 'gru'] as const)('%s: same params give loss and grads within 1e-4 relative', (cell) => {
    const m64 = createModel(specFor(cell, { inputSize: 3, hiddenSize: 8, numLayers: 2, outputSize: 2 }), new Rng(5), 'float64')
    const m32 = { ...m64, dtype: 'float32' as const, params: Float32Array.from(m64.params) }
    m64.params.set(m32.params) // identical (float32-representable) values in both
    const b64 = randomBatch(m64, 10, 4, 'mse', new Rng(6))
    const b32 = { ...b64, x: Float32Array.from(b64.x), target: Float32Array.from(b64.target as Float64Array) }
    b64.x.set(b32.x)
    ;(b64.target as Float64Array).set(b32.target)
    const r64 = lossAndGrad(m64, b64, { loss: 'mse', truncation: { kind: 'sliding', k: 4 } })
    const r32 = lossAndGrad(m32, b32, { loss: 'mse', truncation: { kind: 'sliding', k: 4 } })
    expect(r32.grads).toBeInstanceOf(Float32Array)
    expect(Math.abs(r32.loss - r64.loss) / r64.loss).toBeLessThan(1e-4)
    expect(relErr(r32.grads, r64.grads)).toBeLessThan(1e-4)
  })
})

describe('divergence', () => {
  it('a non-finite loss throws DivergedError and leaves weights and optimiser untouched', () => {
    const model = createModel(specFor('lstm'), new Rng(1), 'float64')
    const opt = new Adam(model.params.length, { lr: 0.01 })
    const ok = sineBatch([0, 5], 6)
    trainStep(model, opt, { ...ok, x: Float64Array.from(ok.x), target: Float64Array.from(ok.target) }, { loss: 'mse' }, { epoch: 0, step: 0 })
    const before = model.params.slice()
    const state = opt.getState()
    // finite targets whose squared error overflows to Infinity
    const bad = { ...ok, x: Float64Array.from(ok.x), target: new Float64Array(ok.target.length).fill(1e200) }
    let err: unknown
    try {
      trainStep(model, opt, bad, { loss: 'mse' }, { epoch: 3, step: 17 })
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(DivergedError)
    expect((err as DivergedError).message).toBe('diverged at epoch 3, step 17: the loss or a gradient became NaN or infinite; train again with a lower learning rate (training.lr) or a tighter gradient clip (training.clipNorm)')
    expect((err as DivergedError).epoch).toBe(3)
    expect(Array.from(model.params)).toEqual(Array.from(before))
    expect(opt.getState().step).toBe(state.step)
    expect(Array.from(opt.getState().m)).toEqual(Array.from(state.m))
  })

  it('reports the pre-clip gradient norm and whether it clipped', () => {
    const model = createModel(specFor('gru'), new Rng(2))
    const opt = new Adam(model.params.length, { lr: 0.01 })
    const batch = sineBatch([0, 9, 30], 10)
    const { grads } = lossAndGrad(model, batch, { loss: 'mse' })
    const norm = Math.sqrt(Array.from(grads).reduce((s, g) => s + g * g, 0))
    const st = trainStep(model, opt, batch, { loss: 'mse', clipNorm: norm / 2 }, { epoch: 0, step: 0 })
    expect(st.gradNorm).toBeCloseTo(norm, 5)
    expect(st.clipped).toBe(true)
  })
})
