// ETS in a run ('ordinary' units) picks the same model when the target's units change by a power of
// ten past the ordinary band: the series is fitted in the decimal units that put its mean |y| in
// [1, 10), the units R's fit of it as given has there. R's search is not unit-free (Nelder-Mead's
// first simplex steps by a tenth of the largest parameter, the level in the data's units, along
// alpha, beta and gamma too, and the seasonal fits stop at 2000 evaluations in different minima):
// a series near 1.3e12 fitted at mean |y| = 1 chose ETS(A,A,A) where the same series near 1.3 chose
// ETS(M,A,A) (test MAE 4.52e9 against 4.6e9 in the same units).
import { describe, expect, it } from 'vitest'
import { fixtures, maxRelDiff } from './fixtures/r-fixtures'
import { fitStat, ORDINARY_SCALE, restoreStat } from './index'

/** A weekly pattern and noise, near 1.3 as the exploratory pass's big.csv / 1e12 was. */
function weekly(n: number): Float64Array {
  let seed = 2024
  const u = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) + 0.5) / 2147483648
  return Float64Array.from({ length: n }, (_, t) => 1.3 + 0.001 * t + 0.02 * Math.sin((2 * Math.PI * t) / 7) + 0.01 * Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u()))
}

const air = Float64Array.from(Object.values(fixtures.series).find((s) => s.name === 'AirPassengers')!.y, (v) => v / 100)
const cases = [
  { what: 'a weekly series near 1.3 (additive season)', y: weekly(210), m: 7 },
  { what: 'AirPassengers / 100 (multiplicative season)', y: air, m: 12 }
]

const meanAbs = (y: Float64Array) => y.reduce((a, v) => a + Math.abs(v), 0) / y.length

describe('ETS in a run picks the same model in any power-of-ten units past the ordinary band', () => {
  for (const c of cases)
    it(c.what, () => {
      const h = 14
      const n = c.y.length
      const origins = Int32Array.from([n - 30, n - 10])
      const base = fitStat('ets', c.y, c.m, undefined, 'ordinary')
      const baseAt = base.forecastAt(c.y, origins, h)
      for (const k of [1e12, 1e-9, 1e-13]) {
        const y = Float64Array.from(c.y, (v) => v * k)
        const mean = meanAbs(y)
        expect(mean < ORDINARY_SCALE.min || mean > ORDINARY_SCALE.max, `x${k} is past the band`).toBe(true)
        const fit = fitStat('ets', y, c.m, undefined, 'ordinary')
        expect(fit.label, `x${k}`).toBe(base.label)
        // 1e-9: the fits differ only by the rounding of (y * k) / 10^j against y, a few units in the
        // 16th digit (measured 1e-13 at most)
        const per = (a: Float64Array) => Float64Array.from(a, (v) => v / k)
        expect(maxRelDiff(per(fit.forecast(h)), base.forecast(h)), `x${k}`).toBeLessThan(1e-9)
        expect(maxRelDiff(per(fit.forecastAt(y, origins, h)), baseAt), `x${k}`).toBeLessThan(1e-9)
        expect(Math.abs(fit.aicc! - base.aicc! - 2 * n * Math.log(k)), `x${k}`).toBeLessThan(1e-9 * Math.abs(2 * n * Math.log(k)))
        // stored and restored, it replays the same (its filter's level guard in the fitted units:
        // x1e-13 puts AirPassengers' level under etscalc's 1e-10, which turned its ratios into 1e10)
        const stored = JSON.parse(JSON.stringify(fit.toJSON()))
        expect(stored.params.scale, `x${k}`).toBe(Number(`1e${Math.round(Math.log10(meanAbs(y)) - 0.5)}`))
        const back = restoreStat(stored)
        expect(Array.from(back.forecastAt(y, origins, h)), `x${k}`).toEqual(Array.from(fit.forecastAt(y, origins, h)))
      }
    }, 120_000)
})

describe("a stored ETS model's scale", () => {
  it('is absent where it was fitted as given, and must be a positive number where present', () => {
    const fit = fitStat('ets', air, 12, undefined, 'ordinary').toJSON()
    expect(fit.params).not.toHaveProperty('scale')
    for (const bad of [0, -1e12, 'big', null]) expect(() => restoreStat({ ...fit, params: { ...fit.params, scale: bad } })).toThrow(/params\.scale must be a positive finite number/)
  })
})
