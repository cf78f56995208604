// Optimiser and schedule options at their boundaries (mutation testing found every bound and
// message here untested): each refused value names its option and the rule; each edge value is taken.
import { describe, expect, it } from 'vitest'
import { ConfigError } from './errors'
import { Adam, SGD, lrAt, type LrSchedule } from './optim'

function refused(make: () => unknown, field: string, rule: string): void {
  let err: unknown = null
  try {
    make()
  } catch (e) {
    err = e
  }
  expect(err, `${field} accepted`).toBeInstanceOf(ConfigError)
  expect((err as ConfigError).field).toBe(field)
  expect((err as Error).message).toContain(rule)
}

describe('Adam options', () => {
  const ok = { lr: 0.1 }
  it('takes the edge values', () => {
    for (const o of [{ lr: 0 }, { ...ok, beta1: 0 }, { ...ok, beta2: 0 }, { ...ok, beta1: 0.999999 }, { ...ok, eps: 0 }, { ...ok, weightDecay: 0 }]) expect(() => new Adam(1, o)).not.toThrow()
  })
  it('refuses values past them, naming the option and the rule', () => {
    refused(() => new Adam(1, { lr: -1e-9 }), 'lr', '>= 0')
    refused(() => new Adam(1, { lr: NaN }), 'lr', 'finite')
    refused(() => new Adam(1, { lr: '0.1' as never }), 'lr', '"0.1"')
    refused(() => new Adam(1, { ...ok, beta1: 1 }), 'beta1', 'in [0, 1)')
    refused(() => new Adam(1, { ...ok, beta1: -0.1 }), 'beta1', 'in [0, 1)')
    refused(() => new Adam(1, { ...ok, beta2: 1 }), 'beta2', 'in [0, 1)')
    refused(() => new Adam(1, { ...ok, beta2: -0.1 }), 'beta2', 'in [0, 1)')
    refused(() => new Adam(1, { ...ok, eps: -1e-12 }), 'eps', '>= 0')
    refused(() => new Adam(1, { ...ok, weightDecay: -1e-12 }), 'weightDecay', '>= 0')
  })
  it('setState refuses a state of another size and takes one of the right size', () => {
    const a = new Adam(2, ok)
    refused(() => a.setState({ step: 1, m: [0, 0, 0], v: [0, 0] }), 'optimizerState', 'size must be 2')
    refused(() => a.setState({ step: 1, m: [0, 0], v: [0] }), 'optimizerState', 'size must be 2')
    a.setState({ step: 3, m: [1, 2], v: [3, 4] })
    const s = a.getState()
    expect(s.step).toBe(3)
    expect(Array.from(s.m)).toEqual([1, 2])
    expect(Array.from(s.v)).toEqual([3, 4])
    // getState hands out copies
    s.m[0] = 99
    expect(a.getState().m[0]).toBe(1)
  })
})

describe('SGD options', () => {
  const ok = { lr: 0.1 }
  it('takes the edge values', () => {
    for (const o of [{ lr: 0 }, { ...ok, momentum: 0 }, { ...ok, dampening: 0 }, { ...ok, dampening: 1 }, { ...ok, weightDecay: 0 }, { ...ok, momentum: 0.5, nesterov: true }]) {
      expect(() => new SGD(1, o)).not.toThrow()
    }
  })
  it('refuses values past them, naming the option and the rule', () => {
    refused(() => new SGD(1, { lr: -1e-9 }), 'lr', '>= 0')
    refused(() => new SGD(1, { ...ok, momentum: -1e-9 }), 'momentum', '>= 0')
    refused(() => new SGD(1, { ...ok, dampening: -1e-9 }), 'dampening', 'in [0, 1]')
    refused(() => new SGD(1, { ...ok, dampening: 1.01 }), 'dampening', 'in [0, 1]')
    refused(() => new SGD(1, { ...ok, weightDecay: -1e-9 }), 'weightDecay', '>= 0')
    refused(() => new SGD(1, { ...ok, nesterov: true }), 'nesterov', 'requires momentum > 0 and dampening 0')
    refused(() => new SGD(1, { ...ok, momentum: 0.5, dampening: 0.1, nesterov: true }), 'nesterov', 'requires momentum > 0')
  })
  it('weight decay adds wd·p (not divides), and the step count advances on each step', () => {
    const s = new SGD(1, { lr: 0.5, weightDecay: 0.2 })
    const p = new Float64Array([2])
    s.step(p, new Float64Array([1])) // g = 1 + 0.2 * 2 = 1.4 -> p = 2 - 0.7
    expect(p[0]).toBeCloseTo(1.3, 14)
    expect(s.getState().step).toBe(1)
    s.step(p, new Float64Array([0]))
    expect(s.getState().step).toBe(2)
  })
  it('setState refuses a state of another size, takes one of the right size, and getState hands out a copy', () => {
    const s = new SGD(2, { lr: 0.1, momentum: 0.9 })
    refused(() => s.setState({ step: 1, m: [0] }), 'optimizerState', 'size must be 2')
    s.setState({ step: 4, m: [1, 2] })
    const st = s.getState()
    expect(st.step).toBe(4)
    expect(Array.from(st.m)).toEqual([1, 2])
    st.m[0] = 99
    expect(s.getState().m[0]).toBe(1)
    // a restored buffer is used by the next step: buf = 0.9 * 1 + 1 * 0 = 0.9, p -= 0.1 * 0.9
    const p = new Float64Array([0, 0])
    s.step(p, new Float64Array([0, 0]))
    expect(p[0]).toBeCloseTo(-0.09, 14)
  })
})

describe('LR schedules', () => {
  it('refuses bad step and cosine settings, naming them', () => {
    const step = (stepSize: number, gamma: number): LrSchedule => ({ kind: 'step', stepSize, gamma })
    expect(lrAt(1, step(1, 0.5), 2)).toBeCloseTo(0.25, 14) // stepSize 1 is the edge
    refused(() => lrAt(1, step(0, 0.5), 0), 'schedule.stepSize', 'an integer >= 1')
    refused(() => lrAt(1, step(1.5, 0.5), 0), 'schedule.stepSize', 'an integer >= 1')
    refused(() => lrAt(1, step(2, 0), 0), 'schedule.gamma', '> 0')
    expect(lrAt(1, { kind: 'cosine', tMax: 1 }, 1)).toBeCloseTo(0, 14) // tMax 1 is the edge
    refused(() => lrAt(1, { kind: 'cosine', tMax: 0 }, 0), 'schedule.tMax', 'an integer >= 1')
    refused(() => lrAt(1, { kind: 'cosine', tMax: 2.5 }, 0), 'schedule.tMax', 'an integer >= 1')
    refused(() => lrAt(1, { kind: 'linear' } as never, 0), 'schedule.kind', `must be 'constant', 'step' or 'cosine' (got "linear")`)
  })
})
