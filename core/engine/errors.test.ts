// Bad input: typed errors that name the field or the (t, b, d) position.
import { describe, expect, it } from 'vitest'
import { computeLoss, lossAndGrad, predict } from './bptt'
import { ConfigError, InputError } from './errors'
import { createModel, validateSpec } from './model'
import { Adam, SGD, lrAt } from './optim'
import { Rng } from './rng'
import type { ModelSpec } from './types'

const base: ModelSpec = { cell: 'gru', inputSize: 2, hiddenSize: 3, numLayers: 1, outputSize: 1, hiddenActivation: 'tanh', outputActivation: 'identity', outputMode: 'per-step', dropout: 0 }

function fieldOf(f: () => unknown): string {
  try {
    f()
  } catch (e) {
    if (e instanceof ConfigError) return e.field
    throw e
  }
  throw new Error('expected a ConfigError')
}

function inputErrorOf(f: () => unknown): InputError {
  try {
    f()
  } catch (e) {
    if (e instanceof InputError) return e
    throw e
  }
  throw new Error('expected an InputError')
}

describe('invalid config -> ConfigError naming the field', () => {
  it.each([
    [{ hiddenSize: 0 }, 'hiddenSize'],
    [{ hiddenSize: 2.5 }, 'hiddenSize'],
    [{ inputSize: -1 }, 'inputSize'],
    [{ cell: 'transformer' }, 'cell'],
    [{ numLayers: 5 }, 'numLayers'],
    [{ dropout: 1 }, 'dropout'],
    [{ outputMode: 'last' }, 'outputMode'],
    [{ hiddenActivation: 'gelu' }, 'hiddenActivation'],
    [{ outputActivation: 'relu' }, 'outputActivation']
  ])('%o -> %s', (patch, field) => {
    expect(fieldOf(() => validateSpec({ ...base, ...patch }))).toBe(field)
  })
  it('message reads naturally', () => {
    expect(() => validateSpec({ ...base, hiddenSize: 0 })).toThrow('hiddenSize must be an integer >= 1 (got 0)')
  })
  it('defaults are filled in', () => {
    expect(validateSpec({ cell: 'lstm', inputSize: 1, hiddenSize: 4, outputSize: 1 })).toEqual({
      cell: 'lstm', inputSize: 1, hiddenSize: 4, numLayers: 1, outputSize: 1, hiddenActivation: 'tanh',
      outputActivation: 'identity', outputMode: 'per-step', dropout: 0
    })
  })
  it('negative learning rate', () => {
    expect(fieldOf(() => new Adam(3, { lr: -0.1 }))).toBe('lr')
    expect(fieldOf(() => new SGD(3, { lr: -1 }))).toBe('lr')
    expect(fieldOf(() => new Adam(3, { lr: 0.1, beta1: 1 }))).toBe('beta1')
    expect(fieldOf(() => lrAt(0.1, { kind: 'step', stepSize: 0, gamma: 0.5 }, 1))).toBe('schedule.stepSize')
  })
})

describe('batch vs model', () => {
  const model = createModel(base, new Rng(1), 'float64')
  const T = 3, B = 2
  const good = () => ({ x: new Float64Array(T * B * 2), T, B, target: new Float64Array(T * B) })
  it('T < 1', () => expect(fieldOf(() => lossAndGrad(model, { ...good(), T: 0 }, { loss: 'mse' }))).toBe('batch.T'))
  it('x length does not match T*B*inputSize', () => {
    expect(fieldOf(() => lossAndGrad(model, { ...good(), x: new Float64Array(T * B * 3) }, { loss: 'mse' }))).toBe('batch.x')
    expect(fieldOf(() => predict(model, new Float64Array(5), T, B))).toBe('batch.x')
  })
  it('target length', () => expect(fieldOf(() => computeLoss(model, { ...good(), target: new Float64Array(2) }, { loss: 'mse' }))).toBe('batch.target'))
  it('loss needs a matching output activation', () => {
    expect(fieldOf(() => computeLoss(model, good(), { loss: 'bce' }))).toBe('loss')
    expect(fieldOf(() => computeLoss(model, good(), { loss: 'softmax-ce' }))).toBe('loss')
    expect(fieldOf(() => computeLoss(model, good(), { loss: 'hinge' as never }))).toBe('loss')
  })
  it('truncation k', () => expect(fieldOf(() => lossAndGrad(model, good(), { loss: 'mse', truncation: { kind: 'sliding', k: 0 } }))).toBe('truncation.k'))
  it('stepWeight length', () => expect(fieldOf(() => lossAndGrad(model, { ...good(), stepWeight: new Float64Array(4) }, { loss: 'mse' }))).toBe('batch.stepWeight'))
  it('dropout training without an rng', () => {
    const m = createModel({ ...base, numLayers: 2, dropout: 0.5 }, new Rng(1))
    expect(fieldOf(() => lossAndGrad(m, { ...good(), x: new Float32Array(T * B * 2), target: new Float32Array(T * B) }, { loss: 'mse', training: true }))).toBe('rng')
  })
})

describe('NaN / Inf -> InputError naming (t, b, d)', () => {
  const model = createModel(base, new Rng(1), 'float64')
  const T = 3, B = 2, D = 2
  it('NaN in x', () => {
    const x = new Float64Array(T * B * D)
    x[(2 * B + 1) * D + 0] = NaN
    const e = inputErrorOf(() => lossAndGrad(model, { x, T, B, target: new Float64Array(T * B) }, { loss: 'mse' }))
    expect(e.tensor).toBe('x')
    expect(e.position).toEqual({ t: 2, b: 1, d: 0 })
    expect(e.message).toBe('x[t=2, b=1, d=0] is NaN')
  })
  it('Infinity in x for predict', () => {
    const x = new Float64Array(T * B * D)
    x[(0 * B + 0) * D + 1] = -Infinity
    expect(inputErrorOf(() => predict(model, x, T, B)).position).toEqual({ t: 0, b: 0, d: 1 })
  })
  it('Infinity in a per-step target', () => {
    const target = new Float64Array(T * B)
    target[1 * B + 1] = Infinity
    const e = inputErrorOf(() => computeLoss(model, { x: new Float64Array(T * B * D), T, B, target }, { loss: 'mse' }))
    expect(e.tensor).toBe('target')
    expect(e.position).toEqual({ t: 1, b: 1, d: 0 })
  })
  it('NaN in a final-mode target is reported at the last step', () => {
    const m = createModel({ ...base, outputMode: 'final', outputSize: 2 }, new Rng(1), 'float64')
    const target = new Float64Array(B * 2)
    target[1 * 2 + 1] = NaN
    expect(inputErrorOf(() => computeLoss(m, { x: new Float64Array(T * B * D), T, B, target }, { loss: 'mse' })).position).toEqual({ t: T - 1, b: 1, d: 1 })
  })
  it('class index out of range', () => {
    const m = createModel({ ...base, outputActivation: 'softmax', outputSize: 3 }, new Rng(1), 'float64')
    const target = new Int32Array(T * B)
    target[2 * B] = 3
    const e = inputErrorOf(() => computeLoss(m, { x: new Float64Array(T * B * D), T, B, target }, { loss: 'softmax-ce' }))
    expect(e.position).toEqual({ t: 2, b: 0, d: 0 })
  })
})

describe('trainStep options', () => {
  it('clipNorm and lr override are checked', async () => {
    const { trainStep } = await import('./train-step')
    const model = createModel(base, new Rng(1), 'float64')
    const batch = { x: new Float64Array(3 * 2 * 2), T: 3, B: 2, target: new Float64Array(6) }
    const opt = new Adam(model.params.length, { lr: 0.1 })
    expect(fieldOf(() => trainStep(model, opt, batch, { loss: 'mse', clipNorm: -1 }, { epoch: 0, step: 0 }))).toBe('clipNorm')
    expect(fieldOf(() => trainStep(model, opt, batch, { loss: 'mse', lr: -0.5 }, { epoch: 0, step: 0 }))).toBe('lr')
  })
})
