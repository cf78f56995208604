import { describe, expect, it } from 'vitest'
import { coverage, fitConformal } from './conformal'

function gauss(seed: number): () => number {
  let a = seed >>> 0
  const u = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296
  }
  return () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u()) // Box-Muller
}

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

  it('covers 90 % of Gaussian noise per horizon step, within a binomial tolerance', () => {
    // 300 trials: 99 validation residuals -> q, then 100 test points. With n = 99 the exact expected
    // coverage is ceil(100 * 0.9) / 100 = 0.9. The mean over 30 000 points has sd about
    // sqrt(0.09/100/300 + 0.09/30000) = 0.0024; allow 4 sd.
    const g = gauss(42)
    const H = 2
    const sigma = [1, 3] // a wider spread at the second step
    const cov = new Float64Array(H)
    const trials = 300
    for (let k = 0; k < trials; k++) {
      const res = Float64Array.from({ length: 99 * H }, (_, i) => sigma[i % H] * g())
      const ci = fitConformal(res, H, 0.9)
      const y = Float64Array.from({ length: 100 * H }, (_, i) => 5 + sigma[i % H] * g())
      const yhat = new Float64Array(100 * H).fill(5)
      const c = coverage(ci, y, yhat)
      for (let h = 0; h < H; h++) cov[h] += c[h] / trials
    }
    for (let h = 0; h < H; h++) expect(Math.abs(cov[h] - 0.9)).toBeLessThan(4 * 0.0024)
  })
})
