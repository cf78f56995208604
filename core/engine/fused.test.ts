// The fused wasm sweeps (kernels/arena.ts, simd.wat's elman_*, lstm_* and gru_*) against the TypeScript
// loops they replace, and against the float64 engine whose gradients gradcheck.test.ts verifies
// by finite differences. Stated tolerances, float32: fused vs TypeScript float32 relErr < 2e-5
// (the two differ only in rounding: f32x4 activations and summation order), fused vs float64
// relErr < 1e-4.
import { afterEach, describe, expect, it } from 'vitest'
import { computeLoss, lossAndGrad, predict } from './bptt'
import { setKernelBackend, wasmKernelInfo } from './kernels'
import { createModel, type Model } from './model'
import { getWorkspace } from './network'
import { WasmArena } from './kernels/arena'
import { Rng } from './rng'
import { randomBatch, relErr } from './testing/helpers'
import type { Batch } from './batch'
import type { CellKind, ModelSpec, OutputMode, Truncation } from './types'

afterEach(() => setKernelBackend('auto'))

interface Outcome { loss: number; grads: Float32Array; flow: Float64Array; fused: boolean }

function gradsOn(backend: 'auto' | 'ts', model: Model, batch: Batch, truncation: Truncation, dropout: boolean): Outcome {
  setKernelBackend(backend)
  const r = lossAndGrad(model, batch, { loss: 'mse', truncation, gradFlow: true, training: dropout, rng: dropout ? new Rng(99) : undefined })
  const fused = getWorkspace(model, batch.T, batch.B).layers[0].fused !== null
  return { loss: r.loss, grads: Float32Array.from(r.grads), flow: r.gradFlow as Float64Array, fused }
}

function spec(cell: CellKind, H: number, layers: number, mode: OutputMode, act: 'tanh' | 'relu' | 'sigmoid', dropout: number): ModelSpec {
  return { cell, inputSize: 3, hiddenSize: H, numLayers: layers, outputSize: 2, hiddenActivation: act, outputActivation: 'identity', outputMode: mode, dropout }
}

const T = 7
const cases: [CellKind, 'tanh' | 'relu' | 'sigmoid', number, number, number, OutputMode, string][] = []
for (const [cell, act] of [['elman', 'tanh'], ['elman', 'relu'], ['elman', 'sigmoid'], ['lstm', 'tanh'], ['gru', 'tanh']] as const) {
  for (const H of [8, 16]) {
    for (const B of [4, 5]) { // 5: the GEMM's last row tile is ragged
      for (const layers of [1, 2]) cases.push([cell, act, H, B, layers, layers === 1 ? 'per-step' : 'final', 'none'])
    }
  }
  cases.push([cell, act, 8, 6, 1, 'per-step', 'chunked'])
  cases.push([cell, act, 8, 6, 2, 'per-step', 'sliding'])
}

describe('fused wasm sweeps', () => {
  it('are on in this runtime (so the comparisons below compare two different paths)', () => {
    expect(wasmKernelInfo().available).toBe(true)
  })

  it.each(cases)('%s %s H=%i B=%i layers=%i %s trunc=%s: same loss, gradients and gradient flow as TypeScript', (cell, act, H, B, layers, mode, tk) => {
    const rng = new Rng(H * 31 + B * 7 + layers)
    const model = createModel(spec(cell, H, layers, mode, act, layers > 1 ? 0.25 : 0), rng, 'float32')
    const batch = randomBatch(model, T, B, 'mse', rng)
    const truncation: Truncation = tk === 'chunked' ? { kind: 'chunked', k: 3 } : tk === 'sliding' ? { kind: 'sliding', k: 3 } : { kind: 'none' }
    const dropout = layers > 1
    const ts = gradsOn('ts', model, batch, truncation, dropout)
    const fused = gradsOn('auto', model, batch, truncation, dropout)
    expect(ts.fused).toBe(false)
    expect(fused.fused).toBe(true)
    expect(Math.abs(fused.loss - ts.loss) / Math.abs(ts.loss)).toBeLessThan(2e-5)
    expect(relErr(fused.grads, ts.grads)).toBeLessThan(2e-5)
    expect(relErr(fused.flow, ts.flow)).toBeLessThan(2e-5)
  })

  it.each(['elman', 'lstm', 'gru'] as const)('%s: float32 fused gradients match the float64 engine within 1e-4', (cell) => {
    const rng = new Rng(5)
    const m32 = createModel(spec(cell, 16, 2, 'per-step', 'tanh', 0), rng, 'float32')
    const m64: Model = { ...m32, dtype: 'float64', params: Float64Array.from(m32.params) }
    const batch = randomBatch(m32, 9, 4, 'mse', rng)
    const b64: Batch = { ...batch, x: Float64Array.from(batch.x), target: Float64Array.from(batch.target as Float32Array) }
    const g32 = lossAndGrad(m32, batch, { loss: 'mse' })
    expect(getWorkspace(m32, 9, 4).layers[0].fused).not.toBeNull()
    const g64 = lossAndGrad(m64, b64, { loss: 'mse' })
    expect(relErr(g32.grads, g64.grads)).toBeLessThan(1e-4)
    expect(Math.abs(g32.loss - g64.loss) / g64.loss).toBeLessThan(1e-5)
  })

  it.each(['lstm', 'gru'] as const)('%s re-reads the weights on every forward pass (a cached workspace never sees stale W_hh)', (cell) => {
    const rng = new Rng(8)
    const model = createModel(spec(cell, 8, 1, 'final', 'tanh', 0), rng, 'float32')
    const batch = randomBatch(model, T, 4, 'mse', rng)
    lossAndGrad(model, batch, { loss: 'mse' }) // builds and fills the workspace
    for (let i = 0; i < model.params.length; i++) model.params[i] *= 1.5
    const fused = gradsOn('auto', model, batch, { kind: 'none' }, false)
    const ts = gradsOn('ts', model, batch, { kind: 'none' }, false)
    expect(relErr(fused.grads, ts.grads)).toBeLessThan(2e-5)
    setKernelBackend('auto')
    const p = predict(model, batch.x, T, 4)
    expect(computeLoss(model, batch, { loss: 'mse' })).toBeCloseTo(ts.loss, 4)
    setKernelBackend('ts')
    const q = predict(model, batch.x, T, 4)
    expect(relErr(p, q)).toBeLessThan(2e-5)
  })

  it('H not a multiple of 8 keeps the TypeScript sweeps', () => {
    const rng = new Rng(9)
    for (const s of [spec('lstm', 12, 1, 'final', 'tanh', 0), spec('gru', 20, 1, 'final', 'tanh', 0)]) {
      const model = createModel(s, rng, 'float32')
      lossAndGrad(model, randomBatch(model, T, 4, 'mse', rng), { loss: 'mse' })
      expect(getWorkspace(model, T, 4).layers[0].fused).toBeNull()
    }
  })
})

describe('workspace arenas', () => {
  it('refuses an arena past 2 GiB, so such a workspace keeps plain arrays (makeArena returns null)', () => {
    expect(WasmArena.create(600 * 1024 * 1024, 0)).toBeNull()
  })
})
