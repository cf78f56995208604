// The threshold a two-class run chooses on its validation rows (threshold.ts): Youden's J, ties to
// the gap nearest 0.5, the gap's middle in few decimals, and no NaN where nothing can be chosen.
import { describe, expect, it } from 'vitest'
import { chooseThreshold } from './threshold'

describe('chooseThreshold (Youden\'s J on validation)', () => {
  // sorted by p; J of each gap from the top: 1/3, 2/3, 1/3, 2/3, 1/3 (worked by hand)
  const y = [0, 0, 1, 0, 1, 1]
  const p = [0.1, 0.3, 0.35, 0.6, 0.7, 0.8]

  it('takes the gap with the highest J, of two tied the one nearer 0.5, at its middle', () => {
    const c = chooseThreshold(y, p)
    expect(c).toMatchObject({ rule: 'youden', threshold: 0.65, reason: null, n: 6, positives: 3 })
    expect(c.validation!.j).toBeCloseTo(2 / 3, 14)
    expect(c.validation).toMatchObject({ tpr: 2 / 3, fpr: 0, accuracy: 5 / 6, precision: 1, recall: 2 / 3 })
    expect(c.validation!.f1).toBeCloseTo(0.8, 14)
  })

  it('treats the classes alike: swapping them mirrors the threshold', () => {
    const c = chooseThreshold(y.map((v) => 1 - v), p.map((v) => 1 - v))
    expect(c.threshold).toBeCloseTo(0.35, 14)
    expect(c.validation!.j).toBeCloseTo(2 / 3, 14)
  })

  it('keeps 0.5 where 0.5 lies in the best gap', () => {
    expect(chooseThreshold([0, 0, 1, 1], [0.2, 0.4, 0.6, 0.9]).threshold).toBe(0.5)
  })

  it('writes the middle with as few decimals as stay inside the gap', () => {
    expect(chooseThreshold([0, 1], [0.4271, 0.4275]).threshold).toBe(0.4273)
    expect(chooseThreshold([0, 1], [0.1, 0.25]).threshold).toBe(0.18) // 0.175 rounds inside
  })

  it('leaves rows of an unknown class out', () => {
    expect(chooseThreshold([0, -1, 1], [0.1, 0.99, 0.3])).toMatchObject({ threshold: 0.2, n: 2, positives: 1 })
  })

  it('chooses none, saying why and with no NaN, where J is undefined or nothing beats chance', () => {
    const cases: [number[], number[], string, number, number][] = [
      [[], [], 'no-rows', 0, 0],
      [[-1, -1], [0.2, 0.8], 'no-rows', 0, 0],
      [[0, 0, 0], [0.2, 0.5, 0.9], 'one-class', 3, 0],
      [[1, 1], [0.2, 0.9], 'one-class', 2, 2],
      [[0, 1], [0.2, NaN], 'undefined-probability', 2, 1],
      [[1, 1, 0, 0], [0.1, 0.2, 0.8, 0.9], 'no-better-than-chance', 4, 2], // reversed
      [[0, 1, 0, 1], [0.3, 0.3, 0.7, 0.7], 'no-better-than-chance', 4, 2], // tied probabilities move together
      [[0, 1], [0.6, 0.6], 'no-better-than-chance', 2, 1] // no gap at all
    ]
    for (const [ys, ps, reason, n, positives] of cases) {
      const c = chooseThreshold(ys, ps)
      expect(c).toEqual({ rule: 'youden', threshold: null, reason, n, positives, validation: null })
      expect(JSON.stringify(c)).not.toMatch(/NaN/)
    }
  })

  it('refuses arrays of different lengths', () => {
    expect(() => chooseThreshold([0, 1], [0.5])).toThrow(RangeError)
  })
})
