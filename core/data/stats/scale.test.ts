// Units do not change a run's statistical models (fitStat's 'scale-free', scale.ts): the same series
// at x1e-9 .. x1e12 gives the same ETS, Theta and ARIMA, with forecasts in proportion to 1e-6 relative
// (measured: ETS 1e-10, Theta 0, ARIMA 4e-8: the fits differ only by the rounding of y / mean|y|, which
// BFGS's finite differences magnify), and the likelihood
// and AICc in the data's units (the AICc shifts by 2 n log(c), the loglik by -n log(c)).
// 'as-given' stays R's own (the R fixtures): there the same series chose ETS(A,A,A), ETS(A,Ad,A) or
// no ARIMA at all depending on its units.
import { describe, expect, it } from 'vitest'
import { fixtures, maxRelDiff } from './fixtures/r-fixtures'
import { decimalScale, fitStat, ORDINARY_SCALE, refitStat, restoreStat } from './index'
import type { StatName } from './types'

const SCALES = [1e-9, 1e-3, 1, 1e12]

/** A weekly pattern and noise (the exploratory pass's series): 10 + 5 sin(2 pi t / 7) + N(0, 1). */
function weekly(n: number): Float64Array {
  let seed = 12345
  const u = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) + 0.5) / 2147483648
  return Float64Array.from({ length: n }, (_, t) => 10 + 5 * Math.sin((2 * Math.PI * t) / 7) + Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u()))
}

const series = (name: string) => Float64Array.from(Object.values(fixtures.series).find((s) => s.name === name)!.y)
const cases: { what: string; y: Float64Array; m: number | null; models: StatName[] }[] = [
  { what: 'a weekly series of 210 days', y: weekly(210), m: 7, models: ['ets', 'theta', 'arima'] },
  { what: 'AirPassengers (multiplicative season)', y: series('AirPassengers'), m: 12, models: ['ets', 'theta'] },
  { what: 'Nile (no season)', y: series('Nile'), m: null, models: ['ets', 'theta', 'arima'] }
]

describe("a run's statistical models do not depend on the target's units", () => {
  for (const c of cases)
    for (const name of c.models)
      it(`${name} on ${c.what}`, () => {
        const h = 14
        const origins = Int32Array.from([c.y.length - 30, c.y.length - 10])
        // auto.arima with max.P = max.Q = 1 (as a run's search): R's bound of 2 costs a minute here
        const limits = { maxSeasonal: 1 }
        const base = fitStat(name, c.y, c.m, limits, 'scale-free')
        const baseAt = base.forecastAt(c.y, origins, h)
        for (const k of SCALES) {
          const y = Float64Array.from(c.y, (v) => v * k)
          const fit = fitStat(name, y, c.m, limits, 'scale-free')
          expect(fit.label, `x${k}`).toBe(base.label)
          const per = (a: Float64Array) => Float64Array.from(a, (v) => v / k)
          expect(maxRelDiff(per(fit.forecast(h)), base.forecast(h)), `x${k}`).toBeLessThan(1e-6)
          expect(maxRelDiff(per(fit.forecastAt(y, origins, h)), baseAt), `x${k}`).toBeLessThan(1e-6)
          // in the data's units: a stored model forecasts the same, and its criterion moves by 2 n log(k)
          expect(Array.from(restoreStat(JSON.parse(JSON.stringify(fit.toJSON()))).forecast(h))).toEqual(Array.from(fit.forecast(h)))
          if (base.aicc !== null) expect(Math.abs(fit.aicc! - base.aicc - 2 * nUsed(fit.toJSON().params, c.y.length) * Math.log(k))).toBeLessThan(1e-6 * Math.abs(base.aicc))
          const re = refitStat(fit.toJSON(), y, undefined, 'scale-free')
          expect(re.label, `refit x${k}`).toBe(refitStat(base.toJSON(), c.y, undefined, 'scale-free').label)
        }
      }, 120_000)
})

/** The points the likelihood counts: n less the differences (ARIMA), n (ETS). */
function nUsed(p: Record<string, unknown>, n: number): number {
  const o = p.order as { d: number; D: number; m: number } | undefined
  return o ? n - o.d - o.D * o.m : n
}

// What a run uses ('ordinary'): R's own fit where the magnitude is ordinary (every benchmark series),
// where it is extreme the scale-free fit (Theta, ARIMA) or R's fit of y / 10^k in [1, 10) (ETS:
// ets-units.test.ts), so a series of values near 1e-9 or 1e12 gets the model the same series gets in
// units near 1, in proportion.
describe("a run's units: R's fit in ordinary magnitudes, scale-free past them", () => {
  const c = cases[0]
  const limits = { maxSeasonal: 1 }
  const h = 14
  for (const name of c.models)
    it(`${name} on ${c.what}`, () => {
      for (const k of [1e-1, 1, 1e6]) {
        const y = Float64Array.from(c.y, (v) => v * k)
        const ordinary = fitStat(name, y, c.m, limits, 'ordinary')
        const given = fitStat(name, y, c.m, limits, 'as-given')
        expect(ordinary.label, `x${k}`).toBe(given.label)
        expect(Array.from(ordinary.forecast(h)), `x${k}`).toEqual(Array.from(given.forecast(h)))
      }
      const free = fitStat(name, c.y, c.m, limits, 'scale-free')
      for (const k of [1e-9, 1e-6, 1e12]) {
        const y = Float64Array.from(c.y, (v) => v * k)
        const mean = y.reduce((a, v) => a + Math.abs(v), 0) / y.length
        expect(mean < ORDINARY_SCALE.min || mean > ORDINARY_SCALE.max, `x${k} is past the band`).toBe(true)
        const fit = fitStat(name, y, c.m, limits, 'ordinary')
        if (name === 'ets') {
          // mean |y| is 10.05: R's fit of y / 10, in proportion
          const decimal = fitStat(name, Float64Array.from(c.y, (v) => v / 10), c.m, limits, 'as-given')
          expect(decimalScale(y), `x${k}`).toBe(Number(`1e${Math.round(Math.log10(k)) + 1}`))
          expect(fit.label, `x${k}`).toBe(decimal.label)
          expect(maxRelDiff(Float64Array.from(fit.forecast(h), (v) => v / k / 10), decimal.forecast(h)), `x${k}`).toBeLessThan(1e-9)
          continue
        }
        expect(fit.label, `x${k}`).toBe(free.label)
        expect(maxRelDiff(Float64Array.from(fit.forecast(h), (v) => v / k), free.forecast(h)), `x${k}`).toBeLessThan(1e-6)
      }
    }, 120_000)
})

describe('decimalScale: 1 in the ordinary band, past it the power of ten that puts mean |y| in [1, 10)', () => {
  const at = (mean: number) => decimalScale([mean, mean])
  it('is 1 inside the band, its edges included', () => {
    for (const v of [ORDINARY_SCALE.min, 1, 3.7, 123456, ORDINARY_SCALE.max]) expect(at(v), `${v}`).toBe(1)
  })
  it('is 10^k past it, at the powers of ten too', () => {
    expect(at(1.3e12)).toBe(1e12)
    expect(at(9.99e11)).toBe(1e11)
    expect(at(1e12)).toBe(1e12)
    expect(at(1e10)).toBe(1e10)
    expect(at(3.05e-9)).toBe(1e-9)
    expect(at(1e-9)).toBe(1e-9)
    expect(at(9.9e-3)).toBe(1e-3)
    expect(at(-2e-5)).toBe(1e-5)
  })
})
