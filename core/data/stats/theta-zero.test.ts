// thetaf() on a series that crosses 0: decompose() divides by a moving average that is 0 at some
// rows, and R's mean(season, na.rm = TRUE) leaves out the 0 / 0 there.
import { describe, expect, it } from 'vitest'
import { fitStat } from './index'
import { decomposeFigure } from './linalg'
import { thetaSeasonal } from './theta'

// a zero-mean sine of period 12 on daily rows (period 7), rounded as a CSV holds it: its 7-row
// moving average is 0 exactly where the sine is (rows 0 and 6 mod 12)
const sine = Float64Array.from({ length: 140 }, (_, i) => Math.round(Math.sin((2 * Math.PI * i) / 12) * 1e6) / 1e6)

describe('Theta on a series whose moving average is 0', () => {
  it('leaves out the 0 / 0 of the multiplicative figure, as decompose() does', () => {
    expect(thetaSeasonal(sine, 7)).toBe(true)
    const fig = decomposeFigure(sine, 7, true)
    // the 7-row mean of this sine is 0.533 times the sine (1 + 2 (cos 30° + cos 60° + cos 90°)) / 7,
    // so y / trend is the same at every row where it is defined, and the figure is 1 at every position
    for (const v of fig) expect(Math.abs(v - 1)).toBeLessThan(1e-6)
  })
  it('fits, and forecasts the sine as the adjusted series', () => {
    const fit = fitStat('theta', sine, 7)
    expect(fit.period).toBe(7)
    const f = fit.forecast(12)
    for (const v of f) expect(Number.isFinite(v)).toBe(true)
    // simple exponential smoothing of a sine sampled 12 a period: alpha near 1, the last value's level
    expect((fit.toJSON().params as { alpha: number }).alpha).toBeGreaterThan(0.99)
    expect(Math.abs(f[0]! - sine[139]!)).toBeLessThan(0.05)
  })
  it('refuses, saying why, where y / trend is infinite (R stops there too)', () => {
    // every 3-row moving average is 0 and no value is
    const y = Float64Array.from({ length: 30 }, (_, i) => [1, -2, 1][i % 3]!)
    expect(thetaSeasonal(y, 3)).toBe(true)
    expect(() => fitStat('theta', y, 3)).toThrow(/multiplicative seasonal figure \(period 3\) is undefined: the series' moving average over a season is 0 where a value is not/)
  })
})
