// Optimisers against values derived by hand from torch.optim's documented update rules.
import { describe, expect, it } from 'vitest'
import { Adam, SGD, clipGradNorm, lrAt } from './optim'

function twoSteps(opt: { step(p: Float64Array, g: Float64Array): void }): number {
  const p = new Float64Array([1])
  opt.step(p, new Float64Array([0.5]))
  opt.step(p, new Float64Array([-0.25]))
  return p[0]
}

describe('Adam (torch.optim.Adam)', () => {
  it('two steps by hand', () => {
    // lr 0.1, β1 0.9, β2 0.999, eps 1e-8, p0 = 1, grads 0.5 then -0.25
    // step 1: m = 0.05, v = 0.00025; m̂ = 0.5, v̂ = 0.25 -> p = 1 - 0.1·0.5/(0.5 + 1e-8) = 0.900000002
    // step 2: m = 0.045 - 0.025 = 0.02; v = 0.999·0.00025 + 0.001·0.0625 = 0.00031225
    //         m̂ = 0.02/0.19 = 0.10526315789473685; v̂ = 0.00031225/0.001999 = 0.15620310155077766
    //         p = 0.900000002 - 0.1·m̂/(sqrt(v̂) + 1e-8) = 0.8733662987078463
    const adam = new Adam(1, { lr: 0.1 })
    const p = new Float64Array([1])
    adam.step(p, new Float64Array([0.5]))
    expect(p[0]).toBeCloseTo(0.900000002, 14)
    adam.step(p, new Float64Array([-0.25]))
    expect(p[0]).toBeCloseTo(0.8733662987078463, 14)
    expect(adam.getState().step).toBe(2)
  })
  it('weight decay adds wd·p to the gradient (L2, not AdamW)', () => {
    // g1 = 0.5 + 0.1·1 = 0.6 -> p = 1 - 0.1·0.6/(0.6 + 1e-8) = 0.9000000016666666
    // g2 = -0.25 + 0.1·0.9000000016666666 = -0.15999999983333335 -> p = 0.8544413674617625
    expect(twoSteps(new Adam(1, { lr: 0.1, weightDecay: 0.1 }))).toBeCloseTo(0.8544413674617625, 13)
  })
  it('state round-trips: a restored optimiser continues identically', () => {
    const a = new Adam(1, { lr: 0.1 })
    const p = new Float64Array([1])
    a.step(p, new Float64Array([0.5]))
    const b = new Adam(1, { lr: 0.1 })
    b.setState(a.getState())
    const q = p.slice()
    a.step(p, new Float64Array([-0.25]))
    b.step(q, new Float64Array([-0.25]))
    expect(q[0]).toBe(p[0])
  })
})

describe('SGD (torch.optim.SGD)', () => {
  // lr 0.1, p0 = 1, grads 0.5 then -0.25
  it('plain', () => expect(twoSteps(new SGD(1, { lr: 0.1 }))).toBeCloseTo(1 - 0.05 + 0.025, 15))
  it('momentum 0.9: buf = g first, then μ buf + g', () => {
    // buf1 = 0.5, p = 0.95; buf2 = 0.45 - 0.25 = 0.2, p = 0.93
    expect(twoSteps(new SGD(1, { lr: 0.1, momentum: 0.9 }))).toBeCloseTo(0.93, 15)
  })
  it('nesterov', () => {
    // step 1: buf = 0.5, g = 0.5 + 0.9·0.5 = 0.95, p = 0.905
    // step 2: buf = 0.2, g = -0.25 + 0.9·0.2 = -0.07, p = 0.912
    expect(twoSteps(new SGD(1, { lr: 0.1, momentum: 0.9, nesterov: true }))).toBeCloseTo(0.912, 15)
  })
  it('dampening applies from the second step', () => {
    // buf1 = 0.5 (undampened), buf2 = 0.45 + 0.5·(-0.25) = 0.325; p = 1 - 0.05 - 0.0325 = 0.9175
    expect(twoSteps(new SGD(1, { lr: 0.1, momentum: 0.9, dampening: 0.5 }))).toBeCloseTo(0.9175, 15)
  })
  it('weight decay', () => {
    const p = new Float64Array([1])
    new SGD(1, { lr: 0.1, weightDecay: 0.1 }).step(p, new Float64Array([0.5]))
    expect(p[0]).toBeCloseTo(1 - 0.1 * 0.6, 15)
  })
})

describe('clipGradNorm', () => {
  it('returns the norm before clipping and scales to maxNorm', () => {
    const g = new Float64Array([3, 4])
    expect(clipGradNorm(g, 1)).toBe(5)
    expect(g[0]).toBeCloseTo(3 / (5 + 1e-6), 15)
    expect(g[1]).toBeCloseTo(4 / (5 + 1e-6), 15)
  })
  it('leaves small gradients alone', () => {
    const g = new Float32Array([3, 4])
    expect(clipGradNorm(g, 10)).toBe(5)
    expect(Array.from(g)).toEqual([3, 4])
  })
})

describe('lrAt', () => {
  it('StepLR: base · γ^floor(epoch / stepSize)', () => {
    const s = { kind: 'step', stepSize: 3, gamma: 0.5 } as const
    expect([0, 2, 3, 5, 6].map((e) => lrAt(0.1, s, e))).toEqual([0.1, 0.1, 0.05, 0.05, 0.025])
  })
  it('CosineAnnealingLR: etaMin + (base - etaMin)(1 + cos(π e / tMax)) / 2', () => {
    const s = { kind: 'cosine', tMax: 10, etaMin: 0.01 } as const
    expect(lrAt(0.1, s, 0)).toBeCloseTo(0.1, 15)
    expect(lrAt(0.1, s, 5)).toBeCloseTo(0.055, 15)
    expect(lrAt(0.1, s, 10)).toBeCloseTo(0.01, 15)
  })
  it('constant', () => expect(lrAt(0.3, { kind: 'constant' }, 7)).toBe(0.3))
})
