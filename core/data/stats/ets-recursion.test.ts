// Test 1 of the R validation: with R's own fitted parameters and initial states plugged in, our ETS
// recursion gives R's loglik, AICc, mse, fitted values and forecasts. This checks the model equations
// alone, independently of the optimiser. Tolerance: 1e-8 relative (the JSON keeps 15 digits).
import { describe, expect, it } from 'vitest'
import { EtsState, etsCriterion, etsFilter, etsForecast, stateSize } from './ets-model'
import { fixtures, maxRelDiff, relErr, specOf, type REts } from './fixtures/r-fixtures'

const TOL = 1e-8

function replay(r: REts, y: Float64Array, period: number) {
  const spec = specOf(r, period)
  const par = { alpha: r.alpha, beta: r.beta ?? 0, gamma: r.gamma ?? 0, phi: r.phi ?? 1 }
  expect(r.initstate.length).toBe(stateSize(spec))
  const st = new EtsState(spec)
  const fitted = new Float64Array(y.length) // (n)
  const { lik, sse, mse } = etsFilter(st, r.initstate, y, par, fitted)
  // the optimiser's inlined copy of the recursion must give the same criteria, to the bit
  const ring = new Float64Array(spec.m) // (m)
  expect(etsCriterion(spec, r.initstate, y, par, ring, 'lik')).toBe(lik)
  expect(etsCriterion(spec, r.initstate, y, par, ring, 'mse')).toBe(mse)
  // R counts the smoothing parameters, the initial states less the implied last seasonal one, and sigma
  const nsmooth = 1 + (spec.trend !== 'N' ? 1 : 0) + (spec.season !== 'N' ? 1 : 0) + (spec.damped ? 1 : 0)
  const np = nsmooth + stateSize(spec) - (spec.season !== 'N' ? 1 : 0) + 1
  const n = y.length
  const aicc = lik + 2 * np + (2 * np * (np + 1)) / (n - np - 1)
  const sigma2 = sse / (n - (np - 1)) // ets(): sum(residuals^2) / (n - length(par)), the mean needs it for M?M
  const fc = etsForecast(spec, st.toArray(), par, sigma2, r.forecast.length)
  return { loglik: -0.5 * lik, aicc, mse, fitted, fc }
}

describe('ETS recursion with R parameters reproduces R', () => {
  for (const s of Object.values(fixtures.series)) {
    const y = Float64Array.from(s.y)
    it(`${s.name}: ets() auto ${s.ets_auto.method}: loglik, AICc, fitted, forecasts`, () => {
      const out = replay(s.ets_auto, y, s.period)
      expect(relErr(out.loglik, s.ets_auto.loglik)).toBeLessThan(TOL)
      expect(relErr(out.aicc, s.ets_auto.aicc)).toBeLessThan(TOL)
      expect(maxRelDiff(out.fitted, s.ets_auto.fitted!)).toBeLessThan(TOL)
      expect(maxRelDiff(out.fc, s.ets_auto.forecast)).toBeLessThan(TOL)
    })
    it(`${s.name}: every fixed model (${s.ets_fixed.length}): loglik, AICc, forecasts`, () => {
      let checked = 0
      for (const r of s.ets_fixed) {
        if (r.error) continue
        const out = replay(r, y, s.period)
        expect(relErr(out.loglik, r.loglik), `${r.method} loglik`).toBeLessThan(TOL)
        expect(relErr(out.aicc, r.aicc), `${r.method} AICc`).toBeLessThan(TOL)
        expect(relErr(out.mse, r.mse), `${r.method} mse (ses()'s criterion)`).toBeLessThan(TOL)
        expect(maxRelDiff(out.fc, r.forecast), `${r.method} forecast`).toBeLessThan(TOL)
        checked++
      }
      expect(checked).toBeGreaterThan(0)
    })
  }
})
