// ARIMA's windowForecaster (the explanation's permuted windows, core/train/explain) against the path
// it replaces, kept here as the oracle: forecastAt on a copy of the series with the window written
// in, one Kalman pass from row 0 per window. The new path saves the state before each window and
// replays one recorded covariance recursion; it must give the same numbers bit for bit (Object.is on
// every forecast, not a tolerance), at every origin, for d = 0, 1, 2, seasonal or not, with a mean,
// a drift or neither, on a model fitted with missing values, and on a series longer than the fit.
import { describe, expect, it } from 'vitest'
import { Rng } from '../../engine/rng'
import { arimaFromFit } from './arima'
import { fitArimaModel, type ArimaXreg } from './arima-fit'
import type { ArimaOrder } from './arima-model'
import { arimaFixtures } from './fixtures/r-arima-fixtures'
import { fitStat, type StatFit } from './index'

/** The old path: forecastAt(y', [o_i], h), y' = y with window i over rows o_i - L + 1 .. o_i. (W, h) */
function oracle(fit: StatFit, y: Float64Array, origins: number[], L: number, windows: Float64Array, h: number): Float64Array {
  const out = new Float64Array(origins.length * h) // (W, h)
  origins.forEach((o, i) => {
    const edited = Float64Array.from(y)
    edited.set(windows.subarray(i * L, (i + 1) * L), o - L + 1)
    out.set(fit.forecastAt(edited, Int32Array.of(o), h), i * h)
  })
  return out
}

/** Indices where a and b differ in any bit (Object.is: -0 and 0 differ). */
function differing(a: Float64Array, b: Float64Array): number[] {
  expect(a.length).toBe(b.length)
  const bad: number[] = []
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) bad.push(i)
  return bad
}

/** The windows at the origins, their values shuffled across windows and rows (a permutation's edit). */
function shuffledWindows(y: Float64Array, origins: number[], L: number, rng: Rng): Float64Array {
  const w = new Float64Array(origins.length * L) // (W, L)
  origins.forEach((o, i) => w.set(y.subarray(o - L + 1, o + 1), i * L))
  for (let k = w.length - 1; k > 0; k--) {
    const j = rng.int(k + 1)
    ;[w[k], w[j]] = [w[j]!, w[k]!]
  }
  return w
}

const series = (name: string) => Float64Array.from(arimaFixtures.series[name]!.y)
const order = (p: number, d: number, q: number, P = 0, D = 0, Q = 0, m = 1): ArimaOrder => ({ p, d, q, P, D, Q, m })

// fitted on the first 80 % of the rows (as a run fits on its training rows), replayed on all of them
const cases: { name: string; order: ArimaOrder; xreg: ArimaXreg; gaps?: number[] }[] = [
  { name: 'Nile', order: order(1, 0, 1), xreg: 'intercept' }, // d = 0 with a mean
  { name: 'lynx', order: order(2, 0, 0), xreg: 'none' }, // d = 0, AR only, no mean
  { name: 'WWWusage', order: order(1, 1, 1), xreg: 'none' }, // d = 1
  { name: 'BJsales', order: order(0, 1, 1), xreg: 'drift' }, // d = 1 with drift
  { name: 'austres', order: order(1, 2, 1), xreg: 'none' }, // d = 2
  { name: 'WWWusage', order: order(1, 1, 1), xreg: 'none', gaps: [5, 6, 30, 51] }, // fitted with missing values
  { name: 'AirPassengers', order: order(0, 1, 1, 0, 1, 1, 12), xreg: 'none' }, // seasonal, d = D = 1
  { name: 'USAccDeaths', order: order(1, 0, 0, 0, 1, 1, 12), xreg: 'drift' }, // seasonal, D = 1 with drift
  { name: 'lynx', order: order(2, 0, 0, 1, 0, 0, 10), xreg: 'intercept' } // seasonal AR, d = D = 0 (no differencing states)
]

describe('ARIMA windowForecaster is forecastAt on each edited series, bit for bit', () => {
  const L = 10
  const h = 5
  for (const c of cases)
    it(`${c.name} ARIMA(${c.order.p},${c.order.d},${c.order.q})(${c.order.P},${c.order.D},${c.order.Q})[${c.order.m}] ${c.xreg}${c.gaps ? ', fitted with gaps' : ''}: every origin`, () => {
      const y = series(c.name)
      const n = y.length
      const train = y.slice(0, Math.floor(0.8 * n))
      for (const g of c.gaps ?? []) train[g] = NaN
      const fit = arimaFromFit(fitArimaModel(train, c.order, c.xreg, 'CSS-ML'), train.length)
      expect(fit.windowForecaster, fit.label).toBeTypeOf('function')
      // every origin a window fits before, from the first (its window starts at row 0, in the
      // filter's diffuse start) to the last row; in reverse order, and the first ones repeated
      const origins = Array.from({ length: n - L + 1 }, (_, i) => n - 1 - i).concat([L - 1, L, L + 1])
      const rng = new Rng(3)
      const forecaster = fit.windowForecaster!(y, origins, L, h)
      // unedited windows: forecastAt(y, origins) itself; then two permutations through the same states
      const own = new Float64Array(origins.length * L) // (W, L)
      origins.forEach((o, i) => own.set(y.subarray(o - L + 1, o + 1), i * L))
      expect(differing(forecaster(own), fit.forecastAt(y, Int32Array.from(origins), h)), 'unedited windows').toEqual([])
      for (let r = 0; r < 2; r++) {
        const windows = shuffledWindows(y, origins, L, rng)
        expect(differing(forecaster(windows), oracle(fit, y, origins, L, windows, h)), `permutation ${r}`).toEqual([])
      }
    })

  it("auto.arima's own fits agree too (co2, seasonal; sunspot.year)", () => {
    for (const [name, m] of [['co2', 12], ['sunspot.year', null]] as const) {
      const y = series(name)
      const n = y.length
      const fit = fitStat('arima', y.slice(0, n - 60), m, { maxSeasonal: 1, maxRefits: 8 })
      const origins = Array.from({ length: 80 }, (_, i) => n - 1 - ((i * 37) % 200))
      const windows = shuffledWindows(y, origins, 24, new Rng(5))
      expect(differing(fit.windowForecaster!(y, origins, 24, 12)(windows), oracle(fit, y, origins, 24, windows, 12)), fit.label).toEqual([])
    }
  })

  it('refuses what forecastAt refuses, naming the row: a missing value up to the last origin, or in a window', () => {
    const y = series('Nile')
    const fit = arimaFromFit(fitArimaModel(y, order(1, 0, 1), 'intercept', 'CSS-ML'), y.length)
    const gap = Float64Array.from(y)
    gap[40] = NaN
    expect(() => fit.forecastAt(gap, Int32Array.of(60), 3)).toThrow(/y\[40\] is NaN/)
    expect(() => fit.windowForecaster!(gap, [60], 5, 3)).toThrow(/y\[40\] is NaN/)
    const windows = Float64Array.from([1, 2, NaN, 4, 5])
    expect(() => fit.windowForecaster!(y, [60], 5, 3)(windows)).toThrow(/y\[2\] is NaN/)
    expect(() => fit.windowForecaster!(y, [3], 5, 3)).toThrow(/origin 3 has fewer than 5 rows before it/)
  })
})
