// Edges of the metrics and the conformal level that a Stryker run over metrics.ts and conformal.ts
// found untested (issue 19): each case below fails on one of the surviving mutants.
import { describe, expect, it } from 'vitest'
import { fitConformal } from './conformal'
import { classificationMetrics, regressionMetrics, rocAuc, skill } from './metrics'

describe('metric edges', () => {
  it('skill divides by the baseline (a baseline of 1 cannot tell * from /)', () => {
    expect(skill(0.5, 2)).toBeCloseTo(0.75, 14)
    expect(skill(3, 2)).toBeCloseTo(-0.5, 14)
  })

  it('ROC-AUC is NaN when either class is absent, and 1 or 0 for perfect or reversed scores', () => {
    expect(rocAuc([1, 1, 1], [0.2, 0.5, 0.9])).toBeNaN()
    expect(rocAuc([0, 0, 0], [0.2, 0.5, 0.9])).toBeNaN()
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9])).toBe(1)
    expect(rocAuc([1, 1, 0, 0], [0.1, 0.2, 0.8, 0.9])).toBe(0)
  })

  it('R² of a constant actual is undefined (NaN), not the rounding of its mean blown up', () => {
    // the mean of 20 times 0.1 is not 0.1 in floating point: its sum of squares is ~1e-32, not 0
    const y = Array(20).fill(0.1)
    expect(regressionMetrics(y, y.map((v) => v + 0.01)).r2).toBeNaN()
    expect(regressionMetrics(Array(7).fill(5.3), Array(7).fill(5)).r2).toBeNaN()
    // a series that barely moves still has its R²
    expect(regressionMetrics([1, 1 + 1e-9, 1], [1, 1, 1]).r2).toBeCloseTo(1 - 1e-18 / (2e-18 / 3), 6)
  })

  it('refuses mismatched lengths, naming both', () => {
    expect(() => regressionMetrics([1, 2], [1])).toThrow('y has 2 values, yhat 1')
    expect(() => classificationMetrics([0, 1], [0.5, 0.5, 0.5], 2)).toThrow('prob has 3 values, expected N*K = 4')
  })

  it('predicts the first of tied classes, and the binary block is absent for three classes', () => {
    // row 0 ties classes 0 and 1: argmax keeps class 0
    const m = classificationMetrics([0, 1], [0.5, 0.5, 0.2, 0.8], 2)
    expect(m.confusion).toEqual([[1, 0], [0, 1]])
    expect(m.binary).not.toBeNull()
    const m3 = classificationMetrics([0, 1, 2], [0.8, 0.1, 0.1, 0.1, 0.8, 0.1, 0.1, 0.1, 0.8], 3)
    expect(m3.binary).toBeNull()
    expect(m3.accuracy).toBe(1)
  })

  it('log loss clips a probability of exactly 0 or 1 to 1e-15 from the edge', () => {
    expect(classificationMetrics([1], [1, 0], 2).logLoss).toBeCloseTo(-Math.log(1e-15), 9)
    expect(classificationMetrics([1], [0, 1], 2).logLoss).toBeCloseTo(-Math.log(1 - 1e-15), 20)
    expect(classificationMetrics([1], [0, 1], 2).logLoss).toBeGreaterThan(0)
  })
})

describe('conformal level', () => {
  it('must lie strictly inside (0, 1)', () => {
    for (const level of [0, 1, -0.1, 1.5, NaN]) expect(() => fitConformal([1, 2, 3], 1, level), String(level)).toThrow('level must be in (0, 1)')
    expect(fitConformal(Array.from({ length: 19 }, (_, i) => i + 1), 1, 0.5).q[0]).toBe(10) // ceil(20 * 0.5)
    expect(fitConformal([4, 1, 3, 2], 1, 1e-9).q[0]).toBe(1) // the smallest level: rank 1
  })
})
