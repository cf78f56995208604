import { describe, expect, it } from 'vitest'
import { fitStat, restoreStat, type StatFit } from './index'

const y = Float64Array.from([3, 5, 4, 8, 6, 9, 7, 12]) // hand-checkable: diffs sum to 12 - 3 = 9 over 7 steps

/** The property every model shares: forecastAt at the fitted series' last index is forecast(h). */
function lastOriginAgrees(fit: StatFit, series: Float64Array, h: number): void {
  const at = fit.forecastAt(series, Int32Array.of(series.length - 1), h)
  expect(Array.from(at)).toEqual(Array.from(fit.forecast(h)))
}

describe('naive family (hand-computed)', () => {
  it('naive repeats the last value', () => {
    const f = fitStat('naive', y, null)
    expect(Array.from(f.forecast(3))).toEqual([12, 12, 12])
    expect(Array.from(f.forecastAt(y, Int32Array.of(2, 5), 2))).toEqual([4, 4, 9, 9])
    lastOriginAgrees(f, y, 4)
  })
  it('drift: slope = (12 - 3) / 7, as rwf(drift = TRUE)', () => {
    const f = fitStat('drift', y, null)
    const b = 9 / 7
    const fc = f.forecast(2)
    expect(fc[0]).toBeCloseTo(12 + b, 12)
    expect(fc[1]).toBeCloseTo(12 + 2 * b, 12)
    // forecastAt keeps the fitted slope and takes the level at the origin
    expect(f.forecastAt(y, Int32Array.of(3), 1)[0]).toBeCloseTo(8 + b, 12)
    lastOriginAgrees(f, y, 5)
  })
  it('seasonal naive (4) repeats the last season', () => {
    const f = fitStat('seasonal-naive', y, 4)
    expect(f.label).toBe('Seasonal naive (4)')
    expect(Array.from(f.forecast(6))).toEqual([6, 9, 7, 12, 6, 9])
    // origin 5 (value 9): last season is y[2..5] = 4, 8, 6, 9; origin 1 has no full season: naive
    expect(Array.from(f.forecastAt(y, Int32Array.of(5, 1), 2))).toEqual([4, 8, 5, 5])
    lastOriginAgrees(f, y, 9)
  })
})

describe('naive family: checks and round trip', () => {
  it('rejects NaN, short series and bad arguments, naming the problem', () => {
    expect(() => fitStat('naive', Float64Array.of(1, NaN), null)).toThrow(/y\[1\] is NaN/)
    expect(() => fitStat('drift', Float64Array.of(1), null)).toThrow(/at least 2/)
    expect(() => fitStat('seasonal-naive', y, 12)).toThrow(/at least 12/)
    expect(() => fitStat('seasonal-naive', y, 2.5)).toThrow(/period/)
    const f = fitStat('naive', y, null)
    expect(() => f.forecast(0)).toThrow(/horizon/)
    expect(() => f.forecastAt(y, Int32Array.of(8), 1)).toThrow(/origins\[0\] = 8/)
  })
  it('forecastAt reads nothing after the origin (NaN there is fine)', () => {
    const z = Float64Array.from([...y, NaN, NaN])
    for (const name of ['naive', 'drift', 'seasonal-naive'] as const) {
      const f = fitStat(name, y, 4)
      expect(Array.from(f.forecastAt(z, Int32Array.of(7), 3))).toEqual(Array.from(f.forecast(3)))
    }
  })
  it('restoreStat(toJSON()) forecasts the same, through JSON text', () => {
    for (const name of ['naive', 'drift', 'seasonal-naive'] as const) {
      const f = fitStat(name, y, 4)
      const g = restoreStat(JSON.parse(JSON.stringify(f.toJSON())))
      expect(g.label).toBe(f.label)
      expect(Array.from(g.forecast(5))).toEqual(Array.from(f.forecast(5)))
      expect(Array.from(g.forecastAt(y, Int32Array.of(4, 7), 3))).toEqual(Array.from(f.forecastAt(y, Int32Array.of(4, 7), 3)))
    }
    expect(() => restoreStat({ name: 'drift', label: 'Drift', period: 1, params: { last: 1 } })).toThrow(/params\.drift/)
    expect(() => restoreStat({ name: 'seasonal-naive', label: '', period: 4, params: { tail: [1, 2] } })).toThrow(/params\.tail/)
  })
})
