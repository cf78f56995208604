// ARIMA, test 1: one model at a time against R (fixtures/r-arima.json), and the differencing tests.
// Stated tolerances, with the measured agreement (`npx vitest run core/data/stats/arima-fit.test.ts`):
// - Fixed orders by CSS-ML and CSS, where R's optimum lies inside the stationary and invertible region
//   (no AR or MA root within 1.01 of the unit circle): loglik (or, for CSS, the CSS sigma2) 1e-8
//   relative, forecasts 1e-6 relative, coefficients 1e-4 absolute. Measured: loglik 1e-11, forecasts
//   at worst 5e-8, coefficients at worst 4e-5 (a flat likelihood: BFGS stops where the relative change
//   falls below 1.5e-8, and our objective can differ from R's in the last bits (the math library's
//   log and tanh, the order of a few sums), which optim's finite-difference gradient multiplies by 500).
// - Where R's optimum is on that boundary (R's own auto.arima would reject the model), the likelihood
//   is nearly flat along the boundary and the two paths end at different points of it: we require our
//   loglik to be no worse than R's by more than 1e-3 relative. Measured: 5 such fits, ours within 3e-6
//   relative of R's or better (JohnsonJohnson ARIMA(1,0,1)(2,0,0)[4]: -78.23 against R's -78.72).
// - One known disagreement: ldeaths ARIMA(1,0,1)(2,0,0)[12] with non-zero mean. R fits it; our CSS
//   start agrees with R's to 1e-11, and from there (R too, started there: checked with
//   arima(..., method = "ML", init = ours)) BFGS steps into the region where Gardner et al.'s initial
//   covariance fails (negative variances), and optim stops on a non-finite gradient. auto.arima would
//   count the model as failed there; R's does not.
// - ndiffs, nsdiffs exactly; the STL seasonal strength 1e-10 absolute (measured 4e-14).
import { describe, expect, it } from 'vitest'
import { arimaFixtures, xregOf, type RArimaFixed } from './fixtures/r-arima-fixtures'
import { maxRelDiff, relErr } from './fixtures/r-fixtures'
import { fitArimaModel, arimaLabel, xregValue, type ArimaFitResult } from './arima-fit'
import { diffBy, kpssPValue, ndiffs, nsdiffs, seasonalStrength } from './arima-diffs'
import { arimaCss, arimaLike, arimaLikeReplay, cssDifferenced, cssOfDifferenced, deltaOf, getQ0, invTrans, kalmanMeans, makeArima, minRootModulus, transPars, undoPars, type ArimaOrder } from './arima-model'
import { OptimError } from './bfgs'

const KNOWN_FAILURE = 'ldeaths ARIMA(1,0,1)(2,0,0)[12] with non-zero mean'

function orderFor(f: RArimaFixed, m: number): ArimaOrder {
  const [p, d, q] = f.order
  const [P, D, Q] = f.seasonal
  return { p, d, q, P, D, Q, m }
}

function forecastOf(fit: ArimaFitResult, n: number, h: number): Float64Array {
  const out = new Float64Array(h) // (h)
  const beta = fit.xreg === 'none' ? 0 : fit.coef[fit.coef.length - 1]
  kalmanMeans(fit.ss, fit.ss.a, h, out, 0, (k) => beta * xregValue(fit.xreg, n - 1 + k))
  return out
}

/** R's fit has an AR or MA root within 1.01 of the unit circle (myarima's rejection rule). */
function onBoundary(f: RArimaFixed, m: number): boolean {
  const o = orderFor(f, m)
  const coef = Object.values(f.coef!)
  const { phi, theta } = transPars(coef, o, false)
  return Math.min(minRootModulus(phi, -1), minRootModulus(theta, 1)) < 1.01
}

describe('stats::arima / forecast::Arima with fixed orders agree with R', () => {
  for (const s of Object.values(arimaFixtures.series)) {
    const y = Float64Array.from(s.y)
    for (const f of s.fixed) {
      if (f.error) continue // R itself failed (non-stationary AR part from CSS); not compared
      const o = orderFor(f, s.period)
      const xreg = xregOf(f)
      const name = `${s.name} ${arimaLabel(o, xreg)}`
      if (name === KNOWN_FAILURE) {
        it(`${name}: known disagreement, optim stops on a non-finite gradient (R fits it)`, () => {
          expect(() => fitArimaModel(y, o, xreg, f.method)).toThrow(OptimError)
        })
        continue
      }
      it(`${name} by ${f.method}`, () => {
        expect(arimaLabel(o, xreg)).toBe(f.label)
        const fit = fitArimaModel(y, o, xreg, f.method)
        if (f.method === 'CSS') {
          // R's loglik for CSS is -0.5 (2 n.used value + ...) with value = 0.5 log(CSS sigma2): compare the latter
          const rs2 = Math.exp((-2 * f.loglik!) / fit.nobs - 1 - Math.log(2 * Math.PI))
          expect(relErr(fit.armaSigma2, rs2)).toBeLessThan(1e-8)
        } else if (onBoundary(f, s.period)) {
          expect(fit.loglik).toBeGreaterThan(f.loglik! - 1e-3 * Math.abs(f.loglik!))
          return
        } else {
          expect(relErr(fit.loglik, f.loglik!)).toBeLessThan(1e-8)
          expect(relErr(fit.aicc, f.aicc!)).toBeLessThan(1e-8)
        }
        const rc = Object.values(f.coef!)
        expect(fit.coef.length).toBe(rc.length)
        for (let i = 0; i < rc.length; i++) expect(Math.abs(fit.coef[i] - rc[i]), `coef ${i}`).toBeLessThan(1e-4)
        expect(relErr(fit.sigma2, f.sigma2!)).toBeLessThan(1e-6)
        expect(maxRelDiff(forecastOf(fit, y.length, s.h), f.forecast!)).toBeLessThan(1e-6)
      })
    }
  }
})

describe('ndiffs (KPSS) and nsdiffs (STL seasonal strength) agree with R', () => {
  for (const s of Object.values(arimaFixtures.series)) {
    const y = Float64Array.from(s.y)
    it(`${s.name}: ndiffs ${s.ndiffs}, nsdiffs ${s.nsdiffs ?? '-'}`, () => {
      expect(ndiffs(y)).toBe(s.ndiffs)
      if (s.period > 1) expect(nsdiffs(y, s.period)).toBe(s.nsdiffs)
      if (s.seas_strength !== null) expect(Math.abs(seasonalStrength(y, s.period) - s.seas_strength)).toBeLessThan(1e-10)
      if (s.ndiffs_after_D !== null) expect(ndiffs(diffBy(y, s.period))).toBe(s.ndiffs_after_D)
    })
  }
  it("the KPSS p-value interpolates urca's table and clamps outside it (approx(rule = 2))", () => {
    expect(kpssPValue(0.1)).toBe(0.1)
    expect(kpssPValue(0.463)).toBeCloseTo(0.05, 15)
    expect(kpssPValue((0.463 + 0.574) / 2)).toBeCloseTo(0.0375, 15)
    expect(kpssPValue(2)).toBe(0.01)
  })
})

describe('ARIMA pieces', () => {
  it("the CSS sum on a series differenced once, with a scratch reused across probes, is arimaCss's bit for bit", () => {
    // the CSS optimiser differences its series once and passes one residual scratch to every probe
    const o: ArimaOrder = { p: 2, d: 1, q: 1, P: 1, D: 1, Q: 1, m: 12 }
    const ncond = o.d + o.D * o.m + o.p + o.m * o.P
    const y = Float64Array.from(arimaFixtures.series.AirPassengers.y)
    const gappy = Float64Array.from(y)
    gappy[60] = NaN // R's full sums: 0 * NaN is NaN
    for (const series of [y, gappy]) {
      const w = cssDifferenced(series, o)
      expect(Array.from(cssDifferenced(series, o, new Float64Array(series.length).fill(3)))).toEqual(Array.from(w)) // into a dirty scratch
      const before = Float64Array.from(w)
      const scratch = new Float64Array(series.length).fill(7) // dirty, as after an earlier probe
      for (const par of [Float64Array.of(0.3, -0.2, 0.4, -0.5, -0.3), Float64Array.of(-0.6, 0.1, -0.2, 0.2, 0.5)]) {
        const { phi, theta } = transPars(par, o, false)
        const want = arimaCss(series, o, phi, theta, ncond)
        const got = cssOfDifferenced(w, phi, theta, ncond, scratch)
        expect(Object.is(got.s2, want.s2)).toBe(true)
        expect(Array.from(got.resid.subarray(ncond))).toEqual(Array.from(want.resid.subarray(ncond)))
      }
      expect(Array.from(w)).toEqual(Array.from(before)) // read, never written
    }
  })
  it('the AR transformation round-trips and always gives a stationary AR part', () => {
    const o: ArimaOrder = { p: 3, d: 0, q: 1, P: 2, D: 0, Q: 0, m: 4 }
    const raw = Float64Array.of(0.3, -1.2, 2.5, 0.7, -0.4, 1.9)
    const back = invTrans(undoPars(raw, o), o)
    for (let i = 0; i < raw.length; i++) expect(back[i]).toBeCloseTo(raw[i], 10)
    const { phi } = transPars(raw, o, true)
    expect(minRootModulus(phi, -1, 10)).toBeGreaterThan(1)
  })
  it('a replayed covariance recursion gives arimaLike\'s result bit for bit on another series with the same gaps', () => {
    const o: ArimaOrder = { p: 1, d: 1, q: 1, P: 1, D: 1, Q: 1, m: 12 }
    const { phi, theta } = transPars(Float64Array.of(0.3, -0.4, -0.2, -0.5), o, false)
    const y1 = Float64Array.from(arimaFixtures.series.AirPassengers.y)
    const y2 = Float64Array.from(y1, (v, t) => v - 0.37 * (t + 1)) // a drift coefficient moved
    y1[50] = y2[50] = NaN
    const ss1 = makeArima(phi, theta, deltaOf(o))
    const trace = { M: new Float64Array(y1.length * ss1.rd), gain: new Float64Array(y1.length) }
    arimaLike(y1, ss1, false, undefined, y1.length - 1, trace)
    const ss2 = makeArima(phi, theta, deltaOf(o))
    const want = arimaLike(y2, ss2, false)
    const ss3 = makeArima(phi, theta, deltaOf(o))
    const got = arimaLikeReplay(y2, ss3, trace)
    expect([got.ssq, got.sumlog, got.nu]).toEqual([want.ssq, want.sumlog, want.nu])
    expect(Array.from(ss3.a)).toEqual(Array.from(ss2.a))
  })
  it("a model made over a spent one's arrays, and a filter run inside another's atOrigin, give arimaLike's result bit for bit", () => {
    const o: ArimaOrder = { p: 1, d: 1, q: 1, P: 1, D: 1, Q: 1, m: 12 }
    const y = Float64Array.from(arimaFixtures.series.AirPassengers.y)
    y[40] = NaN
    const first = transPars(Float64Array.of(0.3, -0.4, -0.2, -0.5), o, false)
    const other = transPars(Float64Array.of(-0.6, 0.2, 0.4, -0.1), o, false)
    const fresh = makeArima(first.phi, first.theta, deltaOf(o))
    const want = arimaLike(y, fresh, true)
    const spent = makeArima(other.phi, other.theta, deltaOf(o))
    arimaLike(y, spent, false) // leaves a, P and Pn dirty
    const reused = makeArima(first.phi, first.theta, deltaOf(o), spent)
    expect(reused.P).toBe(spent.P) // the arrays are taken over, not allocated
    const got = arimaLike(y, reused, true)
    expect([got.ssq, got.sumlog, got.nu]).toEqual([want.ssq, want.sumlog, want.nu])
    expect(Array.from(got.resid!)).toEqual(Array.from(want.resid!))
    expect([Array.from(reused.a), Array.from(reused.P), Array.from(reused.Pn)]).toEqual([Array.from(fresh.a), Array.from(fresh.P), Array.from(fresh.Pn)])
    // a run nested in another's atOrigin (the kept scratch is in use) is the run alone
    const alone = arimaLike(y, makeArima(other.phi, other.theta, deltaOf(o)), true)
    const outer = makeArima(first.phi, first.theta, deltaOf(o))
    const nested: number[] = []
    const outerGot = arimaLike(y, outer, true, (t) => {
      if (t === 30) {
        const r = arimaLike(y, makeArima(other.phi, other.theta, deltaOf(o)), true)
        nested.push(r.ssq, r.sumlog, r.nu, ...r.resid!)
      }
    })
    expect(nested).toEqual([alone.ssq, alone.sumlog, alone.nu, ...alone.resid!])
    expect([outerGot.ssq, outerGot.sumlog, outerGot.nu, ...outerGot.resid!]).toEqual([want.ssq, want.sumlog, want.nu, ...want.resid!])
  })
  it('getQ0 is the stationary covariance: P = T P T\' + (1, theta)(1, theta)\'', () => {
    const phi = Float64Array.of(0.5, -0.3, 0.1)
    const theta = Float64Array.of(0.4, 0.2, -0.1)
    const r = 4
    const P = getQ0(phi, theta) // (r, r)
    const T = (i: number, j: number) => (j === 0 && i < phi.length ? phi[i] : 0) + (j === i + 1 ? 1 : 0)
    const R = [1, ...theta]
    for (let i = 0; i < r; i++)
      for (let j = 0; j < r; j++) {
        let v = R[i] * R[j]
        for (let k = 0; k < r; k++) for (let l = 0; l < r; l++) v += T(i, k) * P[k + r * l] * T(j, l)
        expect(v).toBeCloseTo(P[i + r * j], 10)
      }
  })
})
