// Test 2 of the R validation: our own optimisation (R's initstate/initparam start, R's Nelder-Mead)
// against ets() on every fixture series. Stated tolerances:
//  - the automatically selected model is R's on all 13 series;
//  - for every candidate model R fitted, our AICc is never worse than R's by more than 1e-6 (absolute,
//    on AICc values of 160..3100), i.e. our likelihood is at least as good up to rounding;
//  - the selected model's parameters, loglik, initial states and forecasts agree with R's to 1e-8 relative
//    (measured: forecasts 3e-13, loglik and alpha 1e-11: the search follows R's simplex step by step).
import { describe, expect, it } from 'vitest'
import { fitEtsAuto } from './ets-fit'
import { fixtures, maxRelDiff, relErr } from './fixtures/r-fixtures'
import { fitStat } from './index'

describe('ets() automatic selection and estimation agree with R', () => {
  for (const s of Object.values(fixtures.series)) {
    it(`${s.name} (m = ${s.period}, n = ${s.y.length}): R chose ${s.ets_auto.method}`, () => {
      const y = Float64Array.from(s.y)
      const auto = fitEtsAuto(y, s.period)
      const fit = fitStat('ets', y, s.period)
      expect(fit.label).toBe(s.ets_auto.method)
      expect(relErr(fit.aicc!, s.ets_auto.aicc)).toBeLessThan(1e-8)
      expect(relErr(auto.best.loglik, s.ets_auto.loglik)).toBeLessThan(1e-8)
      expect(relErr(auto.best.par.alpha, s.ets_auto.alpha)).toBeLessThan(1e-8)
      if (s.ets_auto.beta !== null) expect(relErr(auto.best.par.beta, s.ets_auto.beta)).toBeLessThan(1e-8)
      if (s.ets_auto.gamma !== null) expect(relErr(auto.best.par.gamma, s.ets_auto.gamma)).toBeLessThan(1e-8)
      if (s.ets_auto.phi !== null) expect(relErr(auto.best.par.phi, s.ets_auto.phi)).toBeLessThan(1e-8)
      expect(maxRelDiff(auto.best.x0, s.ets_auto.initstate)).toBeLessThan(1e-8)
      expect(maxRelDiff(fit.forecast(s.h), s.ets_auto.forecast)).toBeLessThan(1e-8)
      // every candidate R could fit: our criterion is as good as R's
      let compared = 0
      for (const r of s.ets_fixed) {
        if (r.error) continue
        const ours = auto.tried.find((t) => t.label === r.method)
        expect(ours, r.method).toBeDefined()
        expect(ours!.aicc!, r.method).toBeLessThan(r.aicc + 1e-6)
        compared++
      }
      expect(compared).toBe(auto.tried.length)
    })
  }
})
