import { describe, expect, it } from 'vitest'
import { coverage, fitConformal } from './conformal'
import { gauss } from './testing'


describe('split conformal', () => {
  it('uses the ceil((n+1)(1-alpha))-th smallest absolute residual', () => {
    const r = [-9, 1, 2, -3, 4, 5, 6, 7, -8] // |r| sorted 1..9, n = 9
    expect(fitConformal(r, 1, 0.9).q[0]).toBe(9) // ceil(10 * 0.9) = 9
    expect(fitConformal(r, 1, 0.8).q[0]).toBe(8) // ceil(10 * 0.8) = 8
    expect(fitConformal(r, 1, 0.5).q[0]).toBe(5) // ceil(10 * 0.5) = 5
  })

  it('is unbounded when there are too few residuals for the level', () => {
    expect(fitConformal([1, 2, 3, 4, 5], 1, 0.9).q[0]).toBe(Infinity) // ceil(6 * 0.9) = 6 > 5
  })

  it('covers k/(n+1) of Gaussian noise per horizon step, k the corrected rank, within a sampling tolerance', () => {
    // n = 24 validation residuals: the corrected rank is ceil(25 * 0.9) = 23, the uncorrected
    // ceil(24 * 0.9) = 22, so the exact expected coverages differ: 23/25 = 0.92 against 22/25 = 0.88.
    // (At n = 99 both ranks are 90 and no coverage test can tell them apart.) 300 trials of 100 test
    // points: a trial's coverage has variance Beta(k, n+1-k) + binomial = k(n+1-k)/((n+1)^2(n+2))
    // + 0.08/100; the mean over 300 trials has sd sqrt((0.00283 + 0.0008) / 300) = 0.0035. Allow
    // 4 sd (0.014), under half the 0.04 gap.
    const g = gauss(42)
    const H = 2
    const n = 24
    const sigma = [1, 3] // a wider spread at the second step
    const cov = new Float64Array(H)
    const trials = 300
    for (let k = 0; k < trials; k++) {
      const res = Float64Array.from({ length: n * H }, (_, i) => sigma[i % H] * g())
      const ci = fitConformal(res, H, 0.9)
      expect(ci.n).toBe(n)
      const y = Float64Array.from({ length: 100 * H }, (_, i) => 5 + sigma[i % H] * g())
      const yhat = new Float64Array(100 * H).fill(5)
      const c = coverage(ci, y, yhat)
      for (let h = 0; h < H; h++) cov[h] += c[h] / trials
    }
    const sd = Math.sqrt(((23 * 2) / (25 * 25 * 26) + (0.92 * 0.08) / 100) / trials)
    for (let h = 0; h < H; h++) expect(Math.abs(cov[h] - 23 / 25), `step ${h + 1}: ${cov[h]}`).toBeLessThan(4 * sd)
  })

  it('finite-sample correction: where ceil((n+1)(1-alpha)) and ceil(n(1-alpha)) differ, the larger rank is used', () => {
    // residuals with |r| = 1..n in a scrambled order and mixed signs, so the rank reads off the value
    const scrambled = (n: number) => Array.from({ length: n }, (_, i) => ((i * 3) % n) + 1).map((v, i) => (i % 3 === 0 ? -v : v))
    const cases: [n: number, level: number, corrected: number, plain: number][] = [
      [10, 0.9, 10, 9], // ceil(9.9) = 10, ceil(9) = 9
      [20, 0.8, 17, 16], // ceil(16.8) = 17, ceil(16) = 16
      [50, 0.9, 46, 45], // ceil(45.9) = 46, ceil(45) = 45
      [14, 0.5, 8, 7] // ceil(7.5) = 8, ceil(7) = 7
    ]
    for (const [n, level, corrected, plain] of cases) {
      expect(Math.ceil((n + 1) * level)).toBe(corrected) // the premise: the ranks differ
      expect(Math.ceil(n * level)).toBe(plain)
      expect(new Set(scrambled(n).map(Math.abs)).size).toBe(n) // 3 is coprime to n: a permutation of 1..n
      expect(fitConformal(scrambled(n), 1, level).q[0], `n = ${n}, level ${level}`).toBe(corrected)
    }
  })

  it('per horizon step, each column gets its own rank-k residual (an independent check of the rank)', () => {
    // n = 10, H = 3, level 0.8: k = ceil(11 * 0.8) = 9. Column h holds |r| = (h + 1) * (1..10), scrambled.
    const n = 10
    const H = 3
    const res = new Float64Array(n * H)
    for (let i = 0; i < n; i++) for (let h = 0; h < H; h++) res[i * H + h] = (h % 2 ? -1 : 1) * (h + 1) * (((i * 3) % n) + 1)
    const ci = fitConformal(res, H, 0.8)
    expect(Array.from(ci.q)).toEqual([9, 18, 27])
    // the coverage of the validation residuals themselves is k / n
    const zero = new Float64Array(n * H)
    expect(Array.from(coverage(ci, res, zero))).toEqual([0.9, 0.9, 0.9])
  })
})
