// ARIMA, test 2: auto.arima() against R on every fixture series, and ARIMA as a StatFit.
// Stated tolerances, with the measured agreement (`npx vitest run core/data/stats/arima.test.ts`):
// - the chosen model (orders, mean/drift, label) exactly: measured 13 of 13 series;
// - every model the stepwise search tries, in R's order, and its criterion to 1e-6 relative (R's trace
//   prints 7 significant digits; Inf where R rejects the model);
// - the chosen model's AICc and loglik 1e-8 relative (measured 7e-9 at worst, co2's 6-parameter
//   seasonal model), coefficients 1e-5 absolute, forecasts 1e-6 relative (measured 4e-9 at worst).
// - on the first 3 to 30 points of 8 series (88 short series, where the small-sample rules decide): the
//   model exactly, forecasts 1e-6 relative (measured 3e-10 at worst).
// forecastAt() replaying the fit (last origin = forecast(), no look-ahead, any origin order, restore)
// is tested for every model in forecast-at.test.ts; here: its speed and ARIMA's own checks.
import { describe, expect, it } from 'vitest'
import { arimaFixtures } from './fixtures/r-arima-fixtures'
import { maxRelDiff, relErr } from './fixtures/r-fixtures'
import { autoArima, type AutoArimaTrace } from './arima-auto'
import { arimaFromFit } from './arima'
import { arimaLabel } from './arima-fit'
import { fitStat, restoreStat, type StatFit } from './index'

const TRACE_LINE = /^ARIMA\((\d+),(\d+),(\d+)\)(?:\((\d+),(\d+),(\d+)\)\[\d+\])?\s*(with drift|with non-zero mean|with zero mean)?\s*:\s*(\S+)$/

/** R's trace lines of the stepwise search as (p, q, P, Q, constant, ic), the refits after it left out. */
function rTried(lines: string[], count: number): { key: string; ic: number }[] {
  const out: { key: string; ic: number }[] = []
  for (const l of lines.slice(0, count)) {
    const mt = TRACE_LINE.exec(l)
    if (!mt) throw new Error(`unexpected trace line ${l}`)
    const constant = mt[7] === 'with drift' || mt[7] === 'with non-zero mean'
    out.push({ key: `${mt[1]},${mt[3]},${mt[4] ?? 0},${mt[6] ?? 0},${constant}`, ic: mt[8] === 'Inf' ? Infinity : Number(mt[8]) })
  }
  return out
}

describe('auto.arima() agrees with R', () => {
  for (const s of Object.values(arimaFixtures.series)) {
    it(`${s.name}: ${s.auto.label}`, { timeout: 300_000 }, () => {
      const y = Float64Array.from(s.y)
      const trace = {} as AutoArimaTrace
      const fit = autoArima(y, s.period, trace)
      expect(arimaLabel(fit.order, fit.xreg)).toBe(s.auto.label)
      const [p, q, P, Q, , d, D] = s.auto.arma
      expect([fit.order.p, fit.order.d, fit.order.q, fit.order.P, fit.order.D, fit.order.Q]).toEqual([p, d, q, P, D, Q])
      // the search itself: the same models in the same order, the same criterion
      const ours = trace.tried.map((r) => ({ key: `${r.p},${r.q},${r.P},${r.Q},${r.constant}`, ic: r.ic }))
      const theirs = rTried(s.auto_trace, ours.length)
      expect(ours.map((r) => r.key)).toEqual(theirs.map((r) => r.key))
      for (let i = 0; i < ours.length; i++) {
        if (theirs[i].ic === Infinity) expect(ours[i].ic, ours[i].key).toBe(Infinity)
        else expect(relErr(ours[i].ic, theirs[i].ic), ours[i].key).toBeLessThan(1e-6)
      }
      expect(relErr(fit.aicc, s.auto.aicc!)).toBeLessThan(1e-8)
      expect(relErr(fit.loglik, s.auto.loglik)).toBeLessThan(1e-8)
      const rc = Object.values(s.auto.coef)
      expect(fit.coef.length).toBe(rc.length)
      for (let i = 0; i < rc.length; i++) expect(Math.abs(fit.coef[i] - rc[i]), `coef ${i}`).toBeLessThan(1e-5)
      const stat = arimaFromFit(fit, y.length) // what fitStat('arima', y, m) returns, without fitting again
      expect(stat.label).toBe(s.auto.label)
      expect(stat.aicc).toBe(fit.aicc)
      expect(maxRelDiff(stat.forecast(s.h), s.auto.forecast)).toBeLessThan(1e-6)
    })
  }
})

describe('auto.arima() on short series agrees with R', () => {
  for (const c of arimaFixtures.short)
    it(`${c.name}[1:${c.n}]: ${c.label}`, () => {
      const f = fitStat('arima', Float64Array.from(c.y), c.period)
      expect(f.label).toBe(c.label)
      const fc = f.forecast(4)
      // a zero-mean white noise forecasts 0: no scale to be relative to
      if (c.forecast.every((v) => v === 0)) expect(Array.from(fc)).toEqual([0, 0, 0, 0])
      else expect(maxRelDiff(fc, c.forecast)).toBeLessThan(1e-6)
    })
})

describe('ARIMA as a StatFit', () => {
  const air = arimaFixtures.series.AirPassengers
  const nile = arimaFixtures.series.Nile
  let airFit: StatFit | null = null
  const airModel = (): StatFit => (airFit ??= fitStat('arima', Float64Array.from(air.y), 12)) // ARIMA(2,1,1)(0,1,0)[12]
  it('rejects NaN and too-short series, naming the problem', () => {
    const bad = Float64Array.from(air.y)
    bad[40] = NaN
    expect(() => fitStat('arima', bad, 12)).toThrow(RangeError)
    expect(() => fitStat('arima', bad, 12)).toThrow(/ARIMA: y\[40\] is NaN/)
    expect(() => fitStat('arima', Float64Array.from(air.y.slice(0, 2)), 12)).toThrow(/ARIMA: the series has 2 points, it needs at least 3/)
    expect(fitStat('arima', Float64Array.from(air.y.slice(0, 3)), 12).label).toBe('ARIMA(0,0,0) with non-zero mean') // R's choice too
    expect(() => fitStat('arima', Float64Array.from(air.y), 0)).toThrow(/period/)
  })
  it('period is the season the model uses: 1 for a non-seasonal model of seasonal data', { timeout: 120_000 }, () => {
    expect(airModel().period).toBe(12)
    // Nile given a made-up period 7: R's auto.arima(ts(Nile, frequency = 7)) is ARIMA(1,1,1), no seasonal part
    const f = fitStat('arima', Float64Array.from(nile.y), 7)
    expect([f.label, f.period]).toEqual(['ARIMA(1,1,1)', 1])
  })
  it('a constant series: ARIMA(0,0,0) with its value as the mean (auto.arima\'s special case)', () => {
    const f = fitStat('arima', new Float64Array(20).fill(3.25), 4)
    expect(f.label).toBe('ARIMA(0,0,0) with non-zero mean')
    expect(Array.from(f.forecast(3))).toEqual([3.25, 3.25, 3.25])
  })
  it('a straight line: ARIMA(0,1,0) with drift, continuing the line (auto.arima\'s polynomial case)', () => {
    const line = Float64Array.from({ length: 30 }, (_, t) => 5 + 0.5 * t)
    const f = fitStat('arima', line, null)
    expect(f.label).toBe('ARIMA(0,1,0) with drift')
    const fc = f.forecast(2)
    expect(fc[0]).toBeCloseTo(5 + 0.5 * 30, 8)
    expect(fc[1]).toBeCloseTo(5 + 0.5 * 31, 8)
  })
  it('restoreStat names the broken field', { timeout: 120_000 }, () => {
    const j = airModel().toJSON()
    const order = j.params.order as Record<string, number>
    expect(() => restoreStat({ ...j, params: { ...j.params, coef: [1, 2] } })).toThrow(/params\.coef must have 3 entries/)
    expect(() => restoreStat({ ...j, params: { ...j.params, an: [0] } })).toThrow(/params\.an/)
    expect(() => restoreStat({ ...j, params: { ...j.params, xreg: 'trend' } })).toThrow(/params\.xreg/)
    expect(() => restoreStat({ ...j, params: { ...j.params, order: { ...order, d: 1.5 } } })).toThrow(/params\.order\.d/)
    expect(() => restoreStat({ ...j, params: { ...j.params, order: { ...order, m: 4 } } })).toThrow(/params\.order\.m \(4\) must equal the period \(12\)/)
    expect(() => restoreStat({ ...j, params: { ...j.params, n: -1 } })).toThrow(/params\.n/)
    expect(() => restoreStat({ ...j, params: { ...j.params, sigma2: 'x' } })).toThrow(/params\.sigma2/)
  })
  // Its speed (one Kalman pass, about 60 ms here on an idle core) is the quality bench's business,
  // not a timed test's: this checks the shape and values at that scale.
  it('forecastAt at scale: 2000 origins x 48 steps on 1500 points of a seasonal model, every value finite', { timeout: 120_000 }, () => {
    const fit = airModel() // ARIMA(2,1,1)(0,1,0)[12], 28 states
    const long = Float64Array.from({ length: 1500 }, (_, t) => air.y[t % air.y.length] + 3 * Math.floor(t / air.y.length) * 12)
    const origins = Int32Array.from({ length: 2000 }, (_, i) => 100 + ((i * 7) % 1400))
    const out = fit.forecastAt(long, origins, 48) // (2000, 48)
    expect(out.length).toBe(2000 * 48)
    expect(out.every(Number.isFinite)).toBe(true)
    // row i is the forecast from origin i alone (the pass keeps the origins apart)
    for (const i of [0, 999, 1999]) expect(Array.from(out.subarray(i * 48, i * 48 + 48))).toEqual(Array.from(fit.forecastAt(long, Int32Array.of(origins[i]!), 48)))
  })
})

describe('auto.arima() within limits (the run bounds its cost: core/train/choice.ts ARIMA_LIMITS)', () => {
  const fixture = (name: string) => Object.values(arimaFixtures.series).find((s) => s.name === name)!
  it('maxRefits: at most that many ML refits, and no model when none of them passes (R would keep its CSS best)', () => {
    const s = fixture('sunspot.year') // 289 points: the search runs on CSS fits (approximation)
    const y = Float64Array.from(s.y)
    const trace = {} as AutoArimaTrace
    expect(() => autoArima(y, s.period, trace, { maxRefits: 0 })).toThrow(/none of the 0 best models of the search could be fitted by maximum likelihood/)
    expect(trace.approximation).toBe(true)
    expect(trace.refits).toBeUndefined()
    // unbounded, R's model, by CSS-ML, after some refits; bounded at that count, the same model
    const t2 = {} as AutoArimaTrace
    const full = autoArima(y, s.period, t2)
    expect(full.method).toBe('CSS-ML')
    expect(arimaLabel(full.order, full.xreg)).toBe(s.auto.label)
    expect(t2.refits).toBeGreaterThanOrEqual(1)
    const t3 = {} as AutoArimaTrace
    expect(arimaLabel(autoArima(y, s.period, t3, { maxRefits: t2.refits }).order, full.xreg)).toBe(s.auto.label)
    expect(t3.refits).toBe(t2.refits)
  })
  it('maxSeasonal bounds the seasonal orders of every model the search tries', { timeout: 60_000 }, () => {
    const s = fixture('ldeaths') // R: ARIMA(0,0,2)(2,1,0)[12] with drift
    for (const cap of [0, 1]) {
      const trace = {} as AutoArimaTrace
      const fit = autoArima(Float64Array.from(s.y), s.period, trace, { maxSeasonal: cap })
      expect(Math.max(...trace.tried.map((t) => Math.max(t.P, t.Q)))).toBe(cap)
      expect(Math.max(fit.order.P, fit.order.Q)).toBeLessThanOrEqual(cap)
      expect(fit.order.D).toBe(1) // the seasonal difference is not a search order: it stays
    }
  })
})
