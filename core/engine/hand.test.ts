// Tiny cases checked against numbers derived by hand from the written equations.
import { describe, expect, it } from 'vitest'
import { computeLoss, lossAndGrad, predict } from './bptt'
import { createModel, paramView, type Model } from './model'
import { Rng } from './rng'
import type { ModelSpec } from './types'

function zeroModel(spec: Partial<ModelSpec> & Pick<ModelSpec, 'cell'>): Model {
  const full: ModelSpec = {
    inputSize: 1, hiddenSize: 1, numLayers: 1, outputSize: 1, hiddenActivation: 'tanh',
    outputActivation: 'identity', outputMode: 'per-step', dropout: 0, ...spec
  }
  const m = createModel(full, new Rng(0), 'float64')
  m.params.fill(0)
  return m
}
const set = (m: Model, name: string, values: number[]) => paramView(m, name).set(values)
const sig = (a: number) => 1 / (1 + Math.exp(-a))

describe('hand-computed Elman case: T=2, B=1, D=H=O=1, tanh, identity head, MSE', () => {
  // u = W_ih = 0.5, w = W_hh = -0.3, b_ih = 0.1, b_hh = 0, V = 2, c = 0.1; x = [1, -1], y = [0.5, 0.2]
  // forward:
  //   a0 = u·1 + 0.1                = 0.6            h0 = tanh(0.6)  = 0.5370495669980353
  //   e0 = V h0 + c - y0            = 0.6740991339960707
  //   a1 = u·(-1) + w·h0 + 0.1      = -0.5611148700994106   h1 = tanh(a1) = -0.5088041521838393
  //   e1 = V h1 + c - y1            = -1.1176083043676788
  //   L  = ½ e0² + ½ e1²            = 0.8517289822229254
  // backward:
  //   dV = e0 h0 + e1 h1 = 0.9306683938037554        dc = e0 + e1 = -0.4435091703716081
  //   da1 = e1 V (1 - h1²)             = -1.6565600108055167
  //   da0 = (e0 V + da1 w) (1 - h0²)   = 1.3129792868859536
  //   dw  = da1 h0 (+ da0 · h_{-1} = 0) = -0.8896548365093634
  //   du  = da0·1 + da1·(-1)           = 2.9695392976914703
  //   db_ih = db_hh = da0 + da1        = -0.3435807239195632
  const m = zeroModel({ cell: 'elman' })
  set(m, 'weight_ih_l0', [0.5])
  set(m, 'weight_hh_l0', [-0.3])
  set(m, 'bias_ih_l0', [0.1])
  set(m, 'head.weight', [2])
  set(m, 'head.bias', [0.1])
  const batch = { x: new Float64Array([1, -1]), T: 2, B: 1, target: new Float64Array([0.5, 0.2]) }
  const { loss, grads } = lossAndGrad(m, batch, { loss: 'mse' })
  const g = (name: string) => m.layout.find((v) => v.name === name)!.offset

  it('loss', () => expect(loss).toBeCloseTo(0.8517289822229254, 12))
  it('gradients', () => {
    expect(grads[g('head.weight')]).toBeCloseTo(0.9306683938037554, 12)
    expect(grads[g('head.bias')]).toBeCloseTo(-0.4435091703716081, 12)
    expect(grads[g('weight_hh_l0')]).toBeCloseTo(-0.8896548365093634, 12)
    expect(grads[g('weight_ih_l0')]).toBeCloseTo(2.9695392976914703, 12)
    expect(grads[g('bias_ih_l0')]).toBeCloseTo(-0.3435807239195632, 12)
    expect(grads[g('bias_hh_l0')]).toBeCloseTo(-0.3435807239195632, 12)
  })
})

describe('loss reduction: summed over steps and outputs, mean over the batch', () => {
  // All weights 0 except head.bias = c, so every prediction is c.
  it('mse, per-step, with and without stepWeight', () => {
    const m = zeroModel({ cell: 'elman' })
    set(m, 'head.bias', [1])
    // T=2, B=2; targets (t, b): [[0, 2], [3, 1]]
    // L = (1/2) · ½ ((1-0)² + (1-2)² + (1-3)² + (1-1)²) = (1/2) · ½ · 6 = 1.5
    const batch = { x: new Float64Array(4), T: 2, B: 2, target: new Float64Array([0, 2, 3, 1]) }
    expect(computeLoss(m, batch, { loss: 'mse' })).toBeCloseTo(1.5, 14)
    // stepWeight [0, 1] drops t=0: L = (1/2) · ½ · (4 + 0) = 1
    expect(computeLoss(m, { ...batch, stepWeight: new Float64Array([0, 1]) }, { loss: 'mse' })).toBeCloseTo(1, 14)
  })
  it('bce from logits at z = 0 is log 2 per element whatever the target', () => {
    const m = zeroModel({ cell: 'gru', outputActivation: 'sigmoid', outputSize: 2 })
    // T=2, B=2, O=2: 8 elements · log 2 / B = 4 log 2
    const batch = { x: new Float64Array(4), T: 2, B: 2, target: new Float64Array([0, 1, 0.3, 1, 0, 0, 1, 0.5]) }
    expect(computeLoss(m, batch, { loss: 'bce' })).toBeCloseTo(4 * Math.log(2), 14)
  })
  it('softmax-ce, final mode: one term per sequence, log O at uniform logits', () => {
    const m = zeroModel({ cell: 'lstm', outputActivation: 'softmax', outputSize: 3, outputMode: 'final' })
    const batch = { x: new Float64Array(6), T: 3, B: 2, target: new Int32Array([2, 0]) }
    expect(computeLoss(m, batch, { loss: 'softmax-ce' })).toBeCloseTo(Math.log(3), 14)
  })
  it('huber: quadratic inside delta, linear outside', () => {
    const m = zeroModel({ cell: 'elman', outputMode: 'final' })
    // B=2 errors 0.5 and -3 with delta 1: (½·0.25 + 1·(3 - ½)) / 2 = 1.3125
    const batch = { x: new Float64Array(2), T: 1, B: 2, target: new Float64Array([0.5, -3]) }
    expect(computeLoss(m, batch, { loss: 'huber', huberDelta: 1 })).toBeCloseTo(1.3125, 14)
  })
})

describe('PyTorch conventions', () => {
  it('Elman uses both biases: h = tanh(W_ih x + b_ih + W_hh h + b_hh)', () => {
    const m = zeroModel({ cell: 'elman' })
    set(m, 'weight_ih_l0', [0.7]); set(m, 'weight_hh_l0', [0.4]); set(m, 'bias_ih_l0', [0.2]); set(m, 'bias_hh_l0', [-0.5])
    set(m, 'head.weight', [1])
    const y = predict(m, new Float64Array([1, 2]), 2, 1)
    const h0 = Math.tanh(0.7 + 0.2 - 0.5)
    expect(y[0]).toBeCloseTo(h0, 14)
    expect(y[1]).toBeCloseTo(Math.tanh(0.7 * 2 + 0.4 * h0 + 0.2 - 0.5), 14)
  })

  it('LSTM gate rows are i, f, g, o', () => {
    const m = zeroModel({ cell: 'lstm' })
    // only input weights, one distinct value per gate row; x = 1 then 1
    const [ai, af, ag, ao] = [0.3, -0.7, 1.1, 0.5]
    set(m, 'weight_ih_l0', [ai, af, ag, ao])
    set(m, 'head.weight', [1])
    const y = predict(m, new Float64Array([1, 1]), 2, 1)
    // c_t = σ(af) c_{t-1} + σ(ai) tanh(ag);  h_t = σ(ao) tanh(c_t)
    const c0 = sig(ai) * Math.tanh(ag)
    const c1 = sig(af) * c0 + sig(ai) * Math.tanh(ag)
    expect(y[0]).toBeCloseTo(sig(ao) * Math.tanh(c0), 14)
    expect(y[1]).toBeCloseTo(sig(ao) * Math.tanh(c1), 14)
  })

  it('LSTM: only the g row non-zero', () => {
    const m = zeroModel({ cell: 'lstm' })
    set(m, 'weight_ih_l0', [0, 0, 2, 0])
    set(m, 'head.weight', [1])
    const y = predict(m, new Float64Array([1]), 1, 1)
    // i = f = o = σ(0) = ½:  c = ½ tanh(2),  h = ½ tanh(c)
    expect(y[0]).toBeCloseTo(0.5 * Math.tanh(0.5 * Math.tanh(2)), 14)
  })

  it('GRU gate rows are r, z, n with b_hn inside r ⊙ (W_hn h + b_hn)', () => {
    const m = zeroModel({ cell: 'gru' })
    const [ir, iz, iN] = [0.4, -0.6, 0.9]
    const [hr, hz, hN] = [0.8, 0.3, -1.2]
    const bhn = 0.7
    set(m, 'weight_ih_l0', [ir, iz, iN])
    set(m, 'weight_hh_l0', [hr, hz, hN])
    set(m, 'bias_hh_l0', [0, 0, bhn])
    set(m, 'head.weight', [1])
    const y = predict(m, new Float64Array([1, 1]), 2, 1)
    const step = (h: number, bhnInside: boolean) => {
      const r = sig(ir + hr * h)
      const z = sig(iz + hz * h)
      const n = bhnInside ? Math.tanh(iN + r * (hN * h + bhn)) : Math.tanh(iN + bhn + r * (hN * h))
      return (1 - z) * n + z * h
    }
    const h0 = step(0, true)
    expect(y[0]).toBeCloseTo(h0, 14)
    expect(y[1]).toBeCloseTo(step(h0, true), 14)
    // the alternative placement of b_hn (outside r) gives a visibly different state
    expect(Math.abs(y[0] - step(0, false))).toBeGreaterThan(1e-3)
  })

  it('parameter names and shapes follow nn.LSTM + nn.Linear', () => {
    const m = createModel({ cell: 'lstm', inputSize: 3, hiddenSize: 5, numLayers: 2, outputSize: 2, hiddenActivation: 'tanh', outputActivation: 'identity', outputMode: 'final', dropout: 0 }, new Rng(1))
    expect(m.layout.map((v) => [v.name, v.shape])).toEqual([
      ['weight_ih_l0', [20, 3]], ['weight_hh_l0', [20, 5]], ['bias_ih_l0', [20]], ['bias_hh_l0', [20]],
      ['weight_ih_l1', [20, 5]], ['weight_hh_l1', [20, 5]], ['bias_ih_l1', [20]], ['bias_hh_l1', [20]],
      ['head.weight', [2, 5]], ['head.bias', [2]]
    ])
    expect(m.params.length).toBe(m.layout.reduce((s, v) => s + v.size, 0))
    const bound = 1 / Math.sqrt(5)
    expect(Math.max(...Array.from(m.params, Math.abs))).toBeLessThanOrEqual(bound)
  })
})
