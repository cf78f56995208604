// ARIMA refits (refitArima, refitStat): a chosen model re-estimated with its orders on a longer series,
// as R's Arima(y, order, seasonal, include.mean / include.drift) does it after auto.arima() on the
// training rows (fixtures/r-arima.json's `refit`: 4 series, generate-arima.R).
// Stated tolerances: the training fit's and the refit's loglik and AICc 1e-8 relative, coefficients
// 1e-4 absolute, forecasts 1e-6 relative (as the fixed-order tests in arima-fit.test.ts); the refit on
// the series the model was chosen on gives back that fit exactly.
import { describe, expect, it } from 'vitest'
import { arimaFixtures, orderOf, xregOfCoef } from './fixtures/r-arima-fixtures'
import { maxRelDiff, relErr } from './fixtures/r-fixtures'
import { arimaFromFit, refitArima } from './arima'
import { arimaLabel, fitArimaModel } from './arima-fit'
import { fitStat, refitStat } from './index'

describe('refitArima agrees with R: auto.arima on the first rows, Arima() with its orders on all', () => {
  for (const c of arimaFixtures.refit)
    it(`${c.name}[1:${c.n_train}] ${c.train.label}, refitted on ${c.name}`, () => {
      const all = Float64Array.from(arimaFixtures.series[c.name].y)
      const train = all.slice(0, c.n_train)
      const o = orderOf(c.train.arma)
      const xreg = xregOfCoef(c.train.coef)
      expect(arimaLabel(o, xreg)).toBe(c.train.label)
      const fit = fitArimaModel(train, o, xreg, 'CSS-ML') // auto.arima's final fit of R's choice
      expect(relErr(fit.loglik, c.train.loglik)).toBeLessThan(1e-8)
      const stored = arimaFromFit(fit, train.length).toJSON()
      const re = refitArima(stored, all)
      expect(re.refit).toEqual({ kind: 'same-orders' })
      expect(re.label).toBe(c.full.label)
      expect(relErr(re.aicc!, c.full.aicc!)).toBeLessThan(1e-8)
      const p = re.toJSON().params as { coef: number[]; loglik: number; n: number }
      expect(relErr(p.loglik, c.full.loglik)).toBeLessThan(1e-8)
      expect(p.n).toBe(all.length)
      const rc = Object.values(c.full.coef)
      expect(p.coef.length).toBe(rc.length)
      for (let i = 0; i < rc.length; i++) expect(Math.abs(p.coef[i] - rc[i]), `coef ${i}`).toBeLessThan(1e-4)
      expect(maxRelDiff(re.forecast(c.h), c.full.forecast)).toBeLessThan(1e-6)
      // refitStat is the same call for 'arima'
      expect(refitStat(stored, all).toJSON()).toEqual(re.toJSON())
    })
})

describe('refitArima and refitStat', () => {
  it('a refit on the series the model was chosen on is that fit, bit for bit', { timeout: 120_000 }, () => {
    for (const [name, m] of [['Nile', 1], ['USAccDeaths', 12]] as const) {
      const y = Float64Array.from(arimaFixtures.series[name].y)
      const fit = fitStat('arima', y, m)
      const re = refitStat(fit.toJSON(), y)
      expect(re.refit?.kind).toBe('same-orders')
      expect(re.toJSON()).toEqual(fit.toJSON())
      expect(Array.from(re.forecast(24))).toEqual(Array.from(fit.forecast(24)))
    }
  })
  it('falls back to the full search when the orders cannot be fitted, and says why', { timeout: 120_000 }, () => {
    const air = Float64Array.from(arimaFixtures.series.AirPassengers.y)
    const stored = arimaFromFit(fitArimaModel(air, { p: 0, d: 1, q: 1, P: 0, D: 1, Q: 1, m: 12 }, 'none', 'CSS-ML'), air.length).toJSON()
    const short = air.slice(0, 12) // 12 points: fewer than the 13 differences need
    const re = refitArima(stored, short)
    expect(re.refit?.kind).toBe('search')
    expect(re.refit?.reason).toMatch(/ARIMA\(0,1,1\)\(0,1,1\)\[12\] failed: too few/)
    expect(re.toJSON()).toEqual({ ...fitStat('arima', short, 12).toJSON() }) // auto.arima with the stored period
    // a constant series: the intercept's starting scale is 0, the refit fails, the search fits the constant
    const mean = arimaFromFit(fitArimaModel(air.slice(0, 40), { p: 1, d: 0, q: 0, P: 0, D: 0, Q: 0, m: 1 }, 'intercept', 'CSS-ML'), 40).toJSON()
    const flat = refitStat(mean, new Float64Array(30).fill(2.5))
    expect(flat.refit?.kind).toBe('search')
    expect(Array.from(flat.forecast(2))).toEqual([2.5, 2.5])
  })
  it('other models are fitted afresh by fitStat; broken input is refused as fitStat refuses it', () => {
    const y = Float64Array.from(arimaFixtures.series.USAccDeaths.y)
    const theta = fitStat('theta', y.slice(0, 60), 12)
    const re = refitStat(theta.toJSON(), y)
    expect(re.refit).toEqual({ kind: 'fit' })
    expect(re.toJSON()).toEqual(fitStat('theta', y, 12).toJSON())
    expect(refitStat(fitStat('naive', y, null).toJSON(), y, null).toJSON()).toEqual(fitStat('naive', y, null).toJSON())
    const stored = arimaFromFit(fitArimaModel(y, { p: 1, d: 0, q: 0, P: 0, D: 0, Q: 0, m: 1 }, 'intercept', 'CSS-ML'), y.length).toJSON()
    const bad = Float64Array.from(y)
    bad[3] = NaN
    expect(() => refitStat(stored, bad)).toThrow(/ARIMA: y\[3\] is NaN/)
    expect(() => refitStat({ ...stored, params: { ...stored.params, xreg: 'trend' } }, y)).toThrow(/params\.xreg/)
    expect(() => refitStat({ ...stored, name: 'sarimax' as never }, y)).toThrow(/refitStat: name/)
  })
})
