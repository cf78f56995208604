// auto.arima's bounded refits (AutoArimaLimits.maxRefits, as a run searches: core/train/choice.ts
// ARIMA_LIMITS). fixtures/weekly-cycle.json is a fixed weekly cycle with noise: seasonally
// differenced, every model with a seasonal MA term fits that term at -1 by maximum likelihood and
// is rejected (a root at the unit circle), and those models fill the first 20 places of the
// search's order. R (no bound) walks down to the 21st, ARIMA(1,0,0)(1,1,0)[7] with drift; its own
// max.P = max.Q = 2 gives the same model after 25 refits.
import { describe, expect, it } from 'vitest'
import weekly from './fixtures/weekly-cycle.json'
import { autoArima, type AutoArimaTrace } from './arima-auto'
import { arimaLabel } from './arima-fit'

const y = Float64Array.from(weekly.y)
const R_MODEL = 'ARIMA(1,0,0)(1,1,0)[7] with drift'

describe('auto.arima() with bounded refits, where the best models all fail by maximum likelihood', () => {
  it('the 8 best fail (a seasonal MA term at -1): a second tier without that term finds the model R finds', { timeout: 120_000 }, () => {
    const trace = {} as AutoArimaTrace
    const fit = autoArima(y, weekly.period, trace, { maxSeasonal: 1, maxRefits: 8 })
    expect(trace.approximation).toBe(true)
    expect(arimaLabel(fit.order, fit.xreg)).toBe(R_MODEL)
    expect(fit.method).toBe('CSS-ML')
    expect(trace.secondTier).toEqual({ skipped: ['Q'] })
    expect(trace.refits).toBe(9) // the 8 best, then the first model without a seasonal MA term
    // the first tier: the search's 8 best all have one
    const best8 = [...trace.tried].sort((a, b) => a.ic - b.ic).slice(0, 8)
    expect(best8.every((t) => t.Q === 1)).toBe(true)
  })

  it('the cost stays bounded: at most 2 maxRefits refits (R walks through 21 here, 20 of them failing)', { timeout: 120_000 }, () => {
    for (const maxRefits of [1, 3]) {
      const trace = {} as AutoArimaTrace
      const fit = autoArima(y, weekly.period, trace, { maxSeasonal: 1, maxRefits })
      expect(trace.refits).toBeLessThanOrEqual(2 * maxRefits)
      expect(arimaLabel(fit.order, fit.xreg)).toBe(R_MODEL)
    }
  })
})
