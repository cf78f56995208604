// Model plumbing: flat buffer views, cloning, rng state.
import { describe, expect, it } from 'vitest'
import { cloneModel, createModel, paramView } from './model'
import { Rng } from './rng'

const spec = { cell: 'gru', inputSize: 2, hiddenSize: 3, numLayers: 2, outputSize: 1, hiddenActivation: 'tanh', outputActivation: 'identity', outputMode: 'per-step', dropout: 0 } as const

describe('params', () => {
  it('paramView is a view into the one flat buffer', () => {
    const m = createModel(spec, new Rng(1))
    const w = paramView(m, 'weight_hh_l1')
    expect(w.length).toBe(9 * 3)
    w[4] = 123
    const v = m.layout.find((p) => p.name === 'weight_hh_l1')!
    expect(m.params[v.offset + 4]).toBe(123)
  })
  it('cloneModel copies the weights', () => {
    const m = createModel(spec, new Rng(1))
    const c = cloneModel(m)
    c.params[0] += 1
    expect(c.params[0]).not.toBe(m.params[0])
    expect(Array.from(c.params.subarray(1))).toEqual(Array.from(m.params.subarray(1)))
  })
  it('same seed, same init; float64 init holds the same draws', () => {
    const a = createModel(spec, new Rng(9), 'float64')
    const b = createModel(spec, new Rng(9), 'float64')
    const c = createModel(spec, new Rng(9), 'float32')
    expect(Array.from(a.params)).toEqual(Array.from(b.params))
    expect(Array.from(c.params)).toEqual(Array.from(Float32Array.from(a.params)))
  })
})

describe('Rng', () => {
  it('resumes exactly from a saved state', () => {
    const r = new Rng(5)
    r.next()
    const s = r.getState()
    const a = [r.next(), r.normal(), r.int(10)]
    const q = new Rng(0)
    q.setState(s)
    expect([q.next(), q.normal(), q.int(10)]).toEqual(a)
  })
  it('stays in [0, 1) and looks uniform', () => {
    const r = new Rng(1)
    let sum = 0
    for (let i = 0; i < 10000; i++) {
      const u = r.next()
      expect(u >= 0 && u < 1).toBe(true)
      sum += u
    }
    expect(Math.abs(sum / 10000 - 0.5)).toBeLessThan(0.02)
  })
  it('shuffle is a permutation', () => {
    const a = Int32Array.from({ length: 50 }, (_, i) => i)
    new Rng(3).shuffle(a)
    expect(Array.from(a).sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i))
  })
})
