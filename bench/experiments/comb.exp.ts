// Checks of bench/experiments/comb.ts (M4's S-H-D Comb, EXP_COMB in choice-rules.exp.ts). R is not
// installed here; core/data/stats/fixtures/r-forecast.json holds R's ets() fits of ETS(A,N,N),
// ETS(A,A,N) and ETS(A,Ad,N) (opt.crit "lik", n log SSE for additive errors), whose optimum is the
// same as ses()'s and holt()'s opt.crit "mse": on a non-seasonal series the Comb is the mean of the
// three, to the optimiser's tolerance (measured: 2.3e-5 relative on Nile, 9e-16 on BJsales; tested at
// 1e-4, where leaving out damped Holt is off by 7e-4 to 3e-2).
//   npx vitest run --config bench/experiments/vitest.config.ts bench/experiments/comb.exp.ts
import { expect, it } from 'vitest'
import { fixtures, maxRelDiff } from '../../core/data/stats/fixtures/r-fixtures'
import { decomposeFigure } from '../../core/data/stats/linalg'
import { thetaSeasonal } from '../../core/data/stats/theta'
import { fitComb, m4Seasonal } from './comb'

it("on non-seasonal series the Comb is the mean of R's ets() ANN, AAN and AAdN forecasts", () => {
  for (const name of ['Nile', 'lynx', 'BJsales', 'WWWusage']) {
    const s = fixtures.series[name]!
    const r = ['ETS(A,N,N)', 'ETS(A,A,N)', 'ETS(A,Ad,N)'].map((l) => s.ets_fixed.find((f) => f.method === l && !f.error)!)
    const want = Float64Array.from({ length: s.h }, (_, k) => (r[0]!.forecast[k]! + r[1]!.forecast[k]! + r[2]!.forecast[k]!) / 3)
    const fit = fitComb(Float64Array.from(s.y), 1)
    expect(fit.figure, name).toBeNull()
    expect(fit.members).toEqual(['ETS(A,N,N)', 'ETS(A,A,N)', 'ETS(A,Ad,N)'])
    expect(maxRelDiff(fit.forecast(s.h), Array.from(want)), name).toBeLessThan(1e-4)
  }
})

it("M4's seasonality test is thetaf's from 3 periods of rows on, and none before", () => {
  let seasonal = 0
  for (const s of Object.values(fixtures.series)) {
    if (s.period <= 1) continue
    const y = Float64Array.from(s.y)
    for (const n of [3 * s.period - 1, 3 * s.period, y.length]) {
      if (n > y.length) continue
      const x = y.subarray(0, n)
      expect(m4Seasonal(x, s.period), `${s.name} ${n}`).toBe(n < 3 * s.period ? false : thetaSeasonal(x, s.period))
      if (m4Seasonal(x, s.period)) seasonal++
    }
  }
  expect(seasonal).toBeGreaterThan(5)
})

it('a seasonal Comb forecasts the adjusted series times the figure, and forecastAt at the last row is forecast', () => {
  const s = fixtures.series['AirPassengers']!
  const y = Float64Array.from(s.y)
  const fit = fitComb(y, 12)
  const fig = decomposeFigure(y, 12, true)
  expect(Array.from(fit.figure!)).toEqual(Array.from(fig))
  const adj = fitComb(y.map((v, t) => v / fig[t % 12]!), 1)
  const f = fit.forecast(24)
  adj.forecast(24).forEach((v, k) => expect(Math.abs(f[k]! - v * fig[(y.length + k) % 12]!) / f[k]!).toBeLessThan(1e-12))
  const at = fit.forecastAt(y, Int32Array.of(y.length - 1, 100), 24)
  expect(maxRelDiff(at.subarray(0, 24), Array.from(f))).toBeLessThan(1e-12)
  // from an earlier origin, the figure at the rows it forecasts (rows 101..124)
  const at100 = adj.forecastAt(y.map((v, t) => v / fig[t % 12]!), Int32Array.of(100), 24)
  at100.forEach((v, k) => expect(Math.abs(at[24 + k]! - v * fig[(101 + k) % 12]!) / at[24 + k]!).toBeLessThan(1e-12))
  // a series with a value at or below 0 is adjusted additively
  const shifted = fitComb(y.map((v) => v - 300), 12)
  expect(shifted.multiplicative).toBe(false)
  expect(Array.from(shifted.figure!)).toEqual(Array.from(decomposeFigure(y.map((v) => v - 300), 12, false)))
})
