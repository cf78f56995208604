// Evaluate's calibration chart bins the test rows by equal counts, in order of predicted
// probability (exploratory pass 23, finding 2): bins of equal width put every row of an imbalanced
// run in one (90 test rows, every probability under 0.1: "over 1 bin of 90 test points"), which
// shows nothing of how its probabilities rank. A run whose probabilities are all the same has
// one bin, and its summary says why.
import { describe, expect, it } from 'vitest'
import { calibrationSummary } from './chart-summary'
import { calibration } from './evaluate'

const row = (i: number, value: number, actual: number | null) => ({ ts: i, step: 1, value, lower: null, upper: null, actual })

describe('calibration bins', () => {
  it('90 rows whose probabilities all lie under 0.1: ten bins of nine, in order of probability, each its mean and observed share', () => {
    // probabilities 0.01 … 0.099 (in a shuffled order); the class on every 8th row
    const rows = Array.from({ length: 90 }, (_, i) => row(i, 0.01 + ((i * 37) % 90) / 1000, i % 8 === 0 ? 1 : 0))
    const bins = calibration(rows)
    expect(bins.map((b) => b.n)).toEqual(new Array(10).fill(9))
    const sorted = [...rows].sort((a, b) => a.value - b.value)
    for (let k = 0; k < 10; k++) {
      const mine = sorted.slice(9 * k, 9 * k + 9)
      expect(bins[k]!.x).toBeCloseTo(mine.reduce((a, r) => a + r.value, 0) / 9, 12)
      expect(bins[k]!.y).toBeCloseTo(mine.filter((r) => r.actual === 1).length / 9, 12)
    }
    expect(calibrationSummary(bins)).toMatch(/ over 10 bins of 90 test points \(9 each, by predicted probability\); largest gap /)
  })

  it('rows without an actual are left out; equal probabilities share a bin; a few rows make fewer bins of at least 3', () => {
    const rows = [row(0, 0.2, 0), row(1, 0.2, 1), row(2, 0.2, 0), row(3, 0.2, 0), row(4, 0.9, 1), row(5, 0.8, 1), row(6, 0.5, null), row(7, 0.7, 0)]
    const bins = calibration(rows)
    expect(bins).toEqual([{ x: 0.2, y: 0.25, n: 4 }, { x: (0.7 + 0.8 + 0.9) / 3, y: 2 / 3, n: 3 }])
  })

  it('every probability the same: one bin, and the summary says why', () => {
    const bins = calibration(Array.from({ length: 30 }, (_, i) => row(i, 0.12, i % 9 === 0 ? 1 : 0)))
    expect(bins).toHaveLength(1)
    expect(bins[0]).toMatchObject({ y: 4 / 30, n: 30, same: true })
    expect(bins[0]!.x).toBeCloseTo(0.12, 12)
    expect(calibrationSummary(bins)).toBe('predicted 0.12 → observed 0.133 over 1 bin of 30 test points (every predicted probability is the same); largest gap 0.0133 at predicted 0.12 (observed 0.133)')
  })
})
