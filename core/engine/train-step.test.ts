// trainStep's clipping is judged by the update it applies, not only by the norm it reports.
import { describe, expect, it } from 'vitest'
import { lossAndGrad, type GradResult } from './bptt'
import { ConfigError, DivergedError } from './errors'
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

describe('trainStep guards', () => {
  it('refuses clipNorm <= 0 and a negative or infinite lr, naming them', () => {
    const { model, batch } = setup()
    const sgd = new SGD(model.params.length, { lr: 0.1 })
    const at = { epoch: 1, step: 1 }
    for (const [o, field] of [[{ clipNorm: 0 }, 'clipNorm'], [{ clipNorm: -1 }, 'clipNorm'], [{ lr: -0.1 }, 'lr'], [{ lr: Infinity }, 'lr']] as const) {
      let err: unknown = null
      try {
        trainStep(model, sgd, batch, { loss: 'mse', ...o }, at)
      } catch (e) {
        err = e
      }
      expect(err, JSON.stringify(o)).toBeInstanceOf(ConfigError)
      expect((err as ConfigError).field).toBe(field)
      expect((err as Error).message).toContain(field === 'lr' ? 'finite number >= 0' : 'must be > 0')
    }
    // lr 0 is allowed and leaves the weights alone
    const before = Array.from(model.params)
    trainStep(model, sgd, batch, { loss: 'mse', lr: 0 }, at)
    expect(Array.from(model.params)).toEqual(before)
  })

  it('throws DivergedError, writing nothing, for a non-finite loss or gradient', () => {
    const { model, batch } = setup()
    const before = Array.from(model.params)
    const sgd = new SGD(model.params.length, { lr: 0.1 })
    const fake = (loss: number, g: number) => (): GradResult => ({ loss, grads: new Float64Array(model.params.length).fill(g) } as GradResult)
    for (const [loss, g] of [[NaN, 0], [Infinity, 0], [1, NaN], [1, Infinity]]) {
      let err: unknown = null
      try {
        trainStep(model, sgd, batch, { loss: 'mse', clipNorm: 1 }, { epoch: 3, step: 7 }, undefined, fake(loss, g))
      } catch (e) {
        err = e
      }
      expect(err, `loss ${loss}, grad ${g}`).toBeInstanceOf(DivergedError)
      expect((err as DivergedError).epoch).toBe(3)
      expect((err as DivergedError).step).toBe(7)
    }
    expect(Array.from(model.params)).toEqual(before)
  })

  it('reports clipped only when the norm is above clipNorm, and passes training = true by default', () => {
    const { model, batch } = setup()
    const sgd = new SGD(model.params.length, { lr: 0 })
    let seen: boolean | undefined
    const g = (n: number) => (_m: unknown, _b: unknown, o: { training?: boolean }): GradResult => {
      seen = o.training
      return { loss: 1, grads: new Float64Array(model.params.length).fill(0).fill(n, 0, 1) } as GradResult
    }
    expect(trainStep(model, sgd, batch, { loss: 'mse', clipNorm: 2 }, { epoch: 1, step: 1 }, undefined, g(2)).clipped).toBe(false)
    expect(seen).toBe(true)
    expect(trainStep(model, sgd, batch, { loss: 'mse', clipNorm: 2, training: false }, { epoch: 1, step: 1 }, undefined, g(2.5)).clipped).toBe(true)
    expect(seen).toBe(false)
    expect(trainStep(model, sgd, batch, { loss: 'mse' }, { epoch: 1, step: 1 }, undefined, g(1e6)).clipped).toBe(false) // no clipNorm: never clipped
  })
})
