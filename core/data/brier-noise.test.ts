import { describe, expect, it } from 'vitest'
import { brierNoise, classificationMetrics } from './metrics'

describe('brierNoise: the per-row Brier differences of a forecast against a baseline', () => {
  it('gives their mean and standard error, computed by hand on three rows', () => {
    // rows y = 1, 0, 1; model P(1) = 0.8, 0.3, 0.4; baseline 0.5 throughout
    const y = [1, 0, 1]
    const model = [0.2, 0.8, 0.7, 0.3, 0.6, 0.4]
    const base = [0.5, 0.5, 0.5, 0.5, 0.5, 0.5]
    // per-row Brier (summed over both classes): model 0.08, 0.18, 0.72; baseline 0.5 each
    const d = [0.08 - 0.5, 0.18 - 0.5, 0.72 - 0.5]
    const mean = (d[0]! + d[1]! + d[2]!) / 3
    const sd = Math.sqrt(d.reduce((s, x) => s + (x - mean) ** 2, 0) / 2)
    const n = brierNoise(y, model, base, 2)!
    expect(n.rows).toBe(3)
    expect(n.mean).toBeCloseTo(mean, 12)
    expect(n.se).toBeCloseTo(sd / Math.sqrt(3), 12)
    // the mean is the difference of the stored Brier scores
    expect(n.mean).toBeCloseTo(classificationMetrics(y, model, 2).brier - classificationMetrics(y, base, 2).brier, 12)
  })

  it('leaves out rows without a class, and gives none on fewer than two rows', () => {
    const n = brierNoise([1, -1, 0], [0.2, 0.8, 0.5, 0.5, 0.7, 0.3], [0.5, 0.5, 0.5, 0.5, 0.5, 0.5], 2)!
    expect(n.rows).toBe(2)
    expect(brierNoise([1], [0.2, 0.8], [0.5, 0.5], 2)).toBeNull()
  })
})
