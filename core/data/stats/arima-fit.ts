// One ARIMA model fitted as stats::arima(x, order, seasonal, xreg, include.mean, method) does it,
// with forecast::Arima's and myarima's bookkeeping (AICc, sigma2, the root and variance checks that
// make auto.arima reject a model). The only regressors are the ones auto.arima adds itself: an
// intercept (no differencing) or a drift column 1..n (one difference in all).

import {
  arCheck,
  arimaCss,
  cssDifferenced,
  cssOfDifferenced,
  arimaLike,
  arimaLikeReplay,
  deltaOf,
  gradTrans,
  invTrans,
  maInvert,
  makeArima,
  minRootModulus,
  narmaOf,
  transPars,
  undoPars,
  type ArimaOrder,
  type ArimaSS,
  type LikeResult,
  type LikeTrace
} from './arima-model'
import { diffBy } from './arima-diffs'
import { bfgs, defaultBfgs, optimHess, OptimError, solveInverse } from './bfgs'

export type ArimaMethod = 'CSS-ML' | 'ML' | 'CSS'
export type ArimaXreg = 'none' | 'intercept' | 'drift'

export interface ArimaFitResult {
  order: ArimaOrder
  xreg: ArimaXreg
  method: ArimaMethod
  coef: Float64Array // (narma + nxreg) ar, ma, sar, sma, then intercept or drift, as R names them
  loglik: number // NaN for CSS (R reports the CSS value but no AIC)
  aic: number // NaN for CSS
  aicc: number // forecast::Arima's, NaN for CSS
  sigma2: number // forecast::Arima's: sum(residuals^2) / (nstar - npar + 1)
  armaSigma2: number // stats::arima's own sigma2 (ML: ssq / n.used; CSS: the mean squared CSS residual)
  nobs: number // n.used
  varOk: boolean // checkarima(): no NaN in sqrt(diag(var.coef))
  ss: ArimaSS // the state-space model after filtering x (a = state after the last point)
}

const LOG_2PI = Math.log(2 * Math.PI)

/** The regressor column: 1 for the intercept, t = 1..n for drift. */
export function xregValue(kind: ArimaXreg, t: number): number {
  return kind === 'intercept' ? 1 : kind === 'drift' ? t + 1 : 0
}

/**
 * stats::arima. Throws OptimError where R's arima stops (optim's non-finite value or gradient, a
 * non-stationary AR part after CSS, a singular Hessian): forecast's myarima counts that model as failed.
 */
export function fitArimaModel(x: Float64Array, order: ArimaOrder, xreg: ArimaXreg, method: ArimaMethod, fixed?: Float64Array, traceIter?: (iter: number, value: number) => void): ArimaFitResult {
  const n = x.length
  const o = order
  const narma = narmaOf(o)
  const delta = deltaOf(o)
  const ncx = xreg === 'none' ? 0 : 1
  const npar = narma + ncx
  const nUsed = n - delta.length
  if (nUsed <= 0) throw new OptimError('too few non-missing observations')
  const X = new Float64Array(ncx ? n : 0) // (n) the regressor column
  for (let t = 0; t < X.length; t++) X[t] = xregValue(xreg, t)

  const init = new Float64Array(npar) // (npar)
  const parscale = new Float64Array(npar).fill(1) // (npar)
  if (ncx) {
    // lm(dx ~ dxreg - 1) on the differenced series: starting value and scale of the regression coefficient
    let dx: Float64Array = x
    let dr: Float64Array = X
    for (let i = 0; i < o.d; i++) {
      dx = diffBy(dx, 1)
      dr = diffBy(dr, 1)
    }
    if (o.m > 1)
      for (let i = 0; i < o.D; i++) {
        dx = diffBy(dx, o.m)
        dr = diffBy(dr, o.m)
      }
    let sxy = 0
    let sxx = 0
    for (let i = 0; i < dx.length; i++) {
      sxy += dx[i] * dr[i]
      sxx += dr[i] * dr[i]
    }
    if (!(dx.length > 1 && sxx > 0)) throw new OptimError('not enough data for the regression start')
    const b = sxy / sxx
    let sse = 0
    for (let i = 0; i < dx.length; i++) sse += (dx[i] - b * dr[i]) ** 2
    const se = Math.sqrt(sse / (dx.length - 1) / sxx)
    init[narma] = b
    parscale[narma] = 10 * se
  }
  const adjusted = (par: ArrayLike<number>): Float64Array => {
    if (!ncx) return x
    const out = new Float64Array(n) // (n)
    const beta = par[narma]
    for (let t = 0; t < n; t++) out[t] = x[t] - X[t] * beta
    return out
  }
  const opt = { ...defaultBfgs(npar, parscale), onIter: traceIter }
  let ncond = o.d + o.D * o.m + o.p + o.m * o.P
  // without a regression term every probe differences the same series: once, here; with one, into
  // a scratch; one residual scratch for all probes (arimaCss's arithmetic, split: cssOfDifferenced)
  const cssSeries = ncx ? null : cssDifferenced(x, o)
  const cssW = new Float64Array(ncx ? n : 0) // (n) scratch, with a regression term
  const cssResid = new Float64Array(n) // (n) scratch
  const armaCss = (par: Float64Array): number => {
    const { phi, theta } = transPars(par, o, false)
    return 0.5 * Math.log(cssOfDifferenced(cssSeries ?? cssDifferenced(adjusted(par), o, cssW), phi, theta, ncond, cssResid).s2)
  }
  // With a regression term, optim's probes of its coefficient leave phi and theta unchanged, and the
  // Kalman filter's covariances and gains do not depend on the series: the recursion recorded for the
  // same phi and theta (bit for bit) is replayed, with the same result (arimaLikeReplay).
  const traces: { phi: Float64Array; theta: Float64Array; trace: LikeTrace }[] = []
  let spent: ArimaSS | undefined // the previous probe's model: its arrays serve the next probe's
  const armaFn = (trans: boolean) => (par: Float64Array): number => {
    const { phi, theta } = transPars(par, o, trans)
    const xa = adjusted(par)
    let r: LikeResult
    const hit = ncx ? traces.find((c) => sameBits(c.phi, phi) && sameBits(c.theta, theta)) : undefined
    if (hit) {
      const p = phi.length
      const rr = Math.max(p, theta.length + 1)
      const rd = rr + delta.length
      const light: ArimaSS = { phi, theta, delta, r: rr, rd, a: new Float64Array(rd), P: new Float64Array(0), Pn: new Float64Array(0) }
      r = arimaLikeReplay(xa, light, hit.trace)
    } else {
      const ss = makeArima(phi, theta, delta, spent)
      spent = ss
      const trace = ncx ? { M: new Float64Array(n * ss.rd), gain: new Float64Array(n) } : undefined
      r = arimaLike(xa, ss, false, undefined, n - 1, trace)
      if (trace) {
        traces.unshift({ phi, theta, trace })
        if (traces.length > npar + 1) traces.pop()
      }
    }
    const s2 = r.ssq / r.nu
    return 0.5 * (Math.log(s2) + r.sumlog / r.nu)
  }
  const maIdx = (): [number, number][] => [
    [o.p, o.q],
    [o.p + o.q + o.P, o.Q]
  ]
  const invertMa = (v: Float64Array) => {
    for (const [from, len] of maIdx())
      if (len > 0) v.set(maInvert(v.slice(from, from + len)), from)
  }

  let coef: Float64Array
  let value: number
  let varDiag: Float64Array
  let ss: ArimaSS
  let resid: Float64Array
  let armaSigma2: number
  if (fixed) {
    // every coefficient fixed (auto.arima's constant and polynomial series): no optimisation, no variance
    coef = Float64Array.from(fixed)
    const { phi, theta } = transPars(coef, o, false)
    ss = makeArima(phi, theta, delta)
    if (method === 'CSS') {
      const xa = adjusted(coef)
      arimaLike(xa, ss, false)
      const val = arimaCss(xa, o, phi, theta, ncond)
      value = 0.5 * Math.log(val.s2)
      armaSigma2 = val.s2
      resid = val.resid
    } else {
      const val = arimaLike(adjusted(coef), ss, true)
      value = 0.5 * (Math.log(val.ssq / val.nu) + val.sumlog / val.nu)
      armaSigma2 = val.ssq / nUsed
      resid = val.resid!
    }
    varDiag = new Float64Array(0)
  } else if (method === 'CSS') {
    const res = npar > 0 ? bfgs(armaCss, init, opt) : { par: init, value: armaCss(init) }
    coef = res.par
    value = res.value
    const { phi, theta } = transPars(coef, o, false)
    ss = makeArima(phi, theta, delta)
    const xa = adjusted(coef)
    arimaLike(xa, ss, false)
    const val = arimaCss(xa, o, phi, theta, ncond)
    armaSigma2 = val.s2
    resid = val.resid
    for (let t = 0; t < ncond && t < n; t++) resid[t] = 0
    if (npar > 0) {
      const H = optimHess(armaCss, coef, opt)
      for (let i = 0; i < H.length; i++) H[i] *= nUsed
      const inv = solveInverse(H, npar)
      if (!inv) throw new OptimError('the Hessian is singular')
      varDiag = Float64Array.from({ length: npar }, (_, i) => inv[i * npar + i])
    } else varDiag = new Float64Array(0)
  } else {
    let start: Float64Array = Float64Array.from(init)
    if (method === 'CSS-ML') {
      if (npar > 0) {
        const res = bfgs(armaCss, start, opt)
        if (res.fail === 0) start = res.par
      }
      if (o.p > 0 && !arCheck(start.subarray(0, o.p))) throw new OptimError('non-stationary AR part from CSS')
      if (o.P > 0 && !arCheck(start.subarray(o.p + o.q, o.p + o.q + o.P))) throw new OptimError('non-stationary seasonal AR part from CSS')
      ncond = 0
    }
    const trans = npar > 0
    if (trans) {
      start = invTrans(start, o)
      invertMa(start)
    }
    const fn = armaFn(trans)
    let res = npar > 0 ? bfgs(fn, start, opt) : { par: start, value: fn(start), fail: 0 }
    coef = Float64Array.from(res.par)
    let hessAt = res.par
    if (trans) {
      invertMa(coef)
      let changed = false
      for (let i = 0; i < npar; i++) if (coef[i] !== res.par[i]) changed = true
      if (changed) {
        res = { par: Float64Array.from(coef), value: fn(coef), fail: res.fail }
        hessAt = coef
      }
    }
    value = res.value
    if (npar > 0) {
      const H = optimHess(fn, hessAt, opt)
      for (let i = 0; i < H.length; i++) H[i] *= nUsed
      const inv = solveInverse(H, npar)
      if (!inv) throw new OptimError('the Hessian is singular')
      // var = A' inv A, A = gradTrans (column-major); only the diagonal is needed
      const A = gradTrans(coef, o)
      varDiag = new Float64Array(npar) // (npar)
      for (let k = 0; k < npar; k++) {
        let s = 0
        for (let i = 0; i < npar; i++) for (let j = 0; j < npar; j++) s += A[i + k * npar] * inv[i * npar + j] * A[j + k * npar]
        varDiag[k] = s
      }
      coef = undoPars(coef, o)
    } else varDiag = new Float64Array(0)
    const { phi, theta } = transPars(coef, o, false)
    ss = makeArima(phi, theta, delta)
    const val = arimaLike(adjusted(coef), ss, true)
    resid = val.resid!
    armaSigma2 = val.ssq / nUsed
  }
  const m2 = 2 * nUsed * value + nUsed + nUsed * LOG_2PI
  const isCss = method === 'CSS'
  const loglik = isCss ? NaN : -0.5 * m2
  const aic = isCss ? NaN : m2 + 2 * (fixed ? 0 : npar) + 2
  // forecast::Arima: npar counts sigma2; nstar the differenced length
  const k = (fixed ? 0 : npar) + 1
  const nstar = n - o.d - o.D * o.m
  const aicc = aic + (2 * k * (k + 1)) / (nstar - k - 1)
  let sr = 0
  for (let t = 0; t < n; t++) if (!Number.isNaN(resid[t])) sr += resid[t] * resid[t]
  const sigma2 = sr / (nstar - k + 1)
  let varOk = true
  for (let i = 0; i < varDiag.length; i++) if (Number.isNaN(Math.sqrt(varDiag[i]))) varOk = false
  return { order: o, xreg, method, coef, loglik, aic, aicc, sigma2, armaSigma2, nobs: nUsed, varOk, ss }
}

/** Equal bit for bit (Object.is: -0 differs from 0, NaN equals NaN). */
function sameBits(u: Float64Array, v: Float64Array): boolean {
  if (u.length !== v.length) return false
  for (let i = 0; i < u.length; i++) if (!Object.is(u[i], v[i])) return false
  return true
}

/** myarima's rejection: a root of the AR or MA polynomial within 1.01 of the unit circle, or checkarima(). */
export function arimaRejected(f: ArimaFitResult): boolean {
  const o = f.order
  let minroot = 2
  if (o.p + o.P > 0) minroot = Math.min(minroot, minRootModulus(f.ss.phi, -1))
  if (o.q + o.Q > 0) minroot = Math.min(minroot, minRootModulus(f.ss.theta, 1))
  return minroot < 1 + 0.01 || !f.varOk
}

/** forecast's arima.string(), without padding. */
export function arimaLabel(o: ArimaOrder, xreg: ArimaXreg): string {
  let s = `ARIMA(${o.p},${o.d},${o.q})`
  if (o.m > 1 && o.P + o.D + o.Q > 0) s += `(${o.P},${o.D},${o.Q})[${o.m}]`
  if (xreg === 'drift') return s + ' with drift'
  if (xreg === 'intercept') return s + ' with non-zero mean'
  if (o.d === 0 && o.D === 0) return s + ' with zero mean'
  return s
}
