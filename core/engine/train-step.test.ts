// trainStep's clipping is judged by the update it applies, not only by the norm it reports.
import { describe, expect, it } from 'vitest'
import { lossAndGrad } from './bptt'
import { cloneModel, createModel } from './model'
import { SGD } from './optim'
import { Rng } from './rng'
import { trainStep } from './train-step'
import type { ModelSpec } from './types'

const spec: ModelSpec = {
  cell: 'lstm', inputSize: 2, hiddenSize: 3, numLayers: 1, outputSize: 1,
  hiddenActivation: 'tanh', outputActivation: 'identity', outputMode: 'final', dropout: 0
}

function setup() {
  const rng = new Rng(11)
  const model = createModel(spec, rng, 'float64')
  const T = 4
  const B = 3
  const x = Float64Array.from({ length: T * B * 2 }, () => 2 * rng.next() - 1) // (T, B, D)
  const target = Float64Array.from({ length: B }, (_, b) => 5 + 3 * b) // far from the output: large gradients
  return { model, batch: { x, T, B, target } }
}

describe('trainStep clipping', () => {
  it('scales the whole gradient by one factor, clipNorm / global norm, and applies that update', () => {
    const { model, batch } = setup()
    const before = cloneModel(model)
    const { grads } = lossAndGrad(cloneModel(model), batch, { loss: 'mse' })
    const g = Float64Array.from(grads)
    const norm = Math.sqrt(g.reduce((s, v) => s + v * v, 0))
    const clipNorm = 0.5
    expect(norm).toBeGreaterThan(4 * clipNorm) // the premise: clipping is active
    // the premise that catches per-tensor clipping: the tensors' own norms differ widely
    const norms = model.layout.map((v) => Math.sqrt(g.subarray(v.offset, v.offset + v.size).reduce((s, u) => s + u * u, 0)))
    expect(Math.max(...norms) / Math.min(...norms)).toBeGreaterThan(2)

    const lr = 0.1
    const stats = trainStep(model, new SGD(g.length, { lr, momentum: 0 }), batch, { loss: 'mse', clipNorm, lr }, { epoch: 1, step: 1 })
    expect(stats.clipped).toBe(true)
    expect(stats.gradNorm).toBeCloseTo(norm, 10)
    const coef = clipNorm / (norm + 1e-6)
    let applied = 0
    for (let i = 0; i < g.length; i++) {
      const step = before.params[i]! - model.params[i]!
      expect(step).toBeCloseTo(lr * coef * g[i]!, 12)
      applied += step * step
    }
    // the update has norm lr * clipNorm, whatever the tensors' shares of the gradient
    expect(Math.sqrt(applied)).toBeCloseTo(lr * clipNorm, 6)
  })

  it('leaves a gradient under the limit untouched', () => {
    const { model, batch } = setup()
    const before = cloneModel(model)
    const g = Float64Array.from(lossAndGrad(cloneModel(model), batch, { loss: 'mse' }).grads)
    const norm = Math.sqrt(g.reduce((s, v) => s + v * v, 0))
    const stats = trainStep(model, new SGD(g.length, { lr: 0.1, momentum: 0 }), batch, { loss: 'mse', clipNorm: 2 * norm, lr: 0.1 }, { epoch: 1, step: 1 })
    expect(stats.clipped).toBe(false)
    for (let i = 0; i < g.length; i++) expect(before.params[i]! - model.params[i]!).toBeCloseTo(0.1 * g[i]!, 12)
  })
})
