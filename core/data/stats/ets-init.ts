// Where forecast::ets() starts its search: initstate() (the heuristic initial states) and
// initparam() (the starting smoothing parameters), plus the parameter region it searches in
// (bounds = "both": the usual box and the admissible region), as R/ets.R and
// src/etsTargetFunction.cpp define them.

import type { EtsParams, EtsSpec } from './ets-model'
import { decomposeFigure, leastSquares, lineFit } from './linalg'

// ets()'s defaults: lower = c(rep(1e-4, 3), 0.8), upper = c(rep(0.9999, 3), 0.98) for alpha, beta, gamma, phi
export const LOWER = [1e-4, 1e-4, 1e-4, 0.8] as const
export const UPPER = [0.9999, 0.9999, 0.9999, 0.98] as const

/** initState's seasonal part: the starting seasonal states (R's rev(seasonal[2:m]), floored and
 *  normalised for a multiplicative season) and the seasonally adjusted series. */
interface SeasonStart {
  seas: readonly number[]
  ysa: Float64Array // (n)
}

/**
 * The seasonal starts of one series, kept across the candidates of one ets() fit: they depend only on
 * the series, the period and whether the season is multiplicative, and ets() tries up to six
 * additive and three multiplicative seasonal models on the same series (the decomposition was about
 * 6 % of a first fit). Kept values are never written to, so each candidate starts from the same bits.
 */
export class SeasonStarts {
  private readonly made = new Map<string, SeasonStart>()
  constructor(readonly y: Float64Array) {}
  of(m: number, mult: boolean): SeasonStart {
    const key = `${m}${mult ? 'M' : 'A'}`
    let s = this.made.get(key)
    if (!s) this.made.set(key, (s = seasonStart(this.y, m, mult)))
    return s
  }
}

/** The season comes from decompose() with 3 or more seasons, else from a regression on trend + one
 *  Fourier pair. */
function seasonStart(y: Float64Array, m: number, mult: boolean): SeasonStart {
  const n = y.length
  const seasonal = new Float64Array(n) // (n) y.d$seasonal
  if (n < 3 * m) {
    // tslm(y ~ trend + fourier(y, 1)): the seasonal part is what the line leaves
    const cols = m === 2 ? 3 : 4 // fourier() drops the sine column when it is zero (m = 2)
    const X = new Float64Array(n * cols) // (n, cols)
    for (let t = 1; t <= n; t++) {
      const r = (t - 1) * cols
      X[r] = 1
      X[r + 1] = t
      const a = (2 * Math.PI * t) / m
      if (cols === 4) {
        X[r + 2] = Math.sin(a)
        X[r + 3] = Math.cos(a)
      } else X[r + 2] = Math.cos(a)
    }
    const c = leastSquares(X, y, n, cols)
    for (let t = 1; t <= n; t++) seasonal[t - 1] = mult ? y[t - 1] / (c[0] + c[1] * t) : y[t - 1] - c[0] - c[1] * t
  } else {
    const fig = decomposeFigure(y, m, mult)
    for (let t = 0; t < n; t++) seasonal[t] = fig[t % m]
  }
  // rev(seasonal[2:m]) in R's 1-based terms
  let seas: number[] = []
  for (let j = m - 1; j >= 1; j--) seas.push(seasonal[j])
  const ysa = new Float64Array(n) // (n) seasonally adjusted
  if (!mult) for (let t = 0; t < n; t++) ysa[t] = y[t] - seasonal[t]
  else {
    seas = seas.map((s) => Math.max(s, 0.01))
    const sum = seas.reduce((a, b) => a + b, 0)
    if (sum > m) {
      const denom = seas.reduce((a, b) => a + b + 0.01, 0)
      seas = seas.map((s) => s / denom)
    }
    for (let t = 0; t < n; t++) ysa[t] = y[t] / Math.max(seasonal[t], 0.01)
  }
  return { seas, ysa }
}

/**
 * initstate(): [l0, (b0), s0..s_{m-2}] (the last seasonal state is implied by the others). For a
 * seasonal model the season from seasonStart (`seasons`: kept from an earlier candidate of the same
 * fit, SeasonStarts of y); the level and trend from a line through the first max(10, 2m)
 * seasonally adjusted points.
 */
export function initState(y: Float64Array, spec: EtsSpec, seasons?: SeasonStarts): number[] {
  const n = y.length
  const m = spec.m
  let ysa = y
  let seas: readonly number[] = []
  if (spec.season !== 'N') {
    if (n < 4) throw new RangeError(`ETS: ${n} points are not enough for a seasonal model`)
    if (seasons && seasons.y !== y) throw new Error('initState: the kept seasonal starts are of another series')
    ;({ seas, ysa } = seasons ? seasons.of(m, spec.season === 'M') : seasonStart(y, m, spec.season === 'M'))
  }
  const maxn = Math.min(Math.max(10, 2 * m), n)
  if (spec.trend === 'N') {
    let s = 0
    for (let t = 0; t < maxn; t++) s += ysa[t]
    return [s / maxn, ...seas]
  }
  const xs = new Float64Array(maxn) // (maxn) 1..maxn
  for (let t = 0; t < maxn; t++) xs[t] = t + 1
  let [l0, b0] = lineFit(xs, ysa, maxn)
  if (Math.abs(l0 + b0) < 1e-8) {
    l0 = l0 * (1 + 0.001)
    b0 = b0 * (1 - 0.001)
  }
  return [l0, b0, ...seas]
}

/** initparam(): the starting alpha, beta, gamma, phi of the search, in that order, those the model has. */
export function initParams(spec: EtsSpec): number[] {
  const m = spec.season === 'N' ? 1 : spec.m
  let alpha = LOWER[0] + (0.2 * (UPPER[0] - LOWER[0])) / m
  if (alpha > 1 || alpha < 0) alpha = LOWER[0] + 0.002
  const par = [alpha]
  if (spec.trend !== 'N') {
    const ub = Math.min(UPPER[1], alpha)
    let beta = LOWER[1] + 0.1 * (ub - LOWER[1])
    if (beta < 0 || beta > alpha) beta = alpha - 0.001
    par.push(beta)
  }
  if (spec.season !== 'N') {
    const ug = Math.min(UPPER[2], 1 - alpha)
    let gamma = LOWER[2] + 0.05 * (ug - LOWER[2])
    if (gamma < 0 || gamma > 1 - alpha) gamma = 1 - alpha - 0.001
    par.push(gamma)
  }
  if (spec.damped) {
    let phi = LOWER[3] + 0.99 * (UPPER[3] - LOWER[3])
    if (phi < 0 || phi > 1) phi = UPPER[3] - 0.001
    par.push(phi)
  }
  return par
}

/** check_params() with bounds = "both": the usual box, then the admissible region. */
export function paramsOk(spec: EtsSpec, p: EtsParams): boolean {
  const { alpha, beta, gamma, phi } = p
  if (alpha < LOWER[0] || alpha > UPPER[0]) return false
  if (spec.trend !== 'N' && (beta < LOWER[1] || beta > alpha || beta > UPPER[1])) return false
  if (spec.damped && (phi < LOWER[3] || phi > UPPER[3])) return false
  if (spec.season !== 'N' && (gamma < LOWER[2] || gamma > 1 - alpha || gamma > UPPER[2])) return false
  return admissible(spec, p)
}

/**
 * admissible(): the parameters give a forecastable model. Without season the conditions reduce to
 * bounds the box already implies; with season R checks the roots of the characteristic polynomial
 * z^(m+1) + (a+b-phi) z^m + (a+b-a phi) z^(m-1) + ... + (a+b-a phi+g-1) z + phi (1-a-g)
 * lie within 1 + 1e-10 of the unit circle. We test that with the Schur-Cohn recursion instead of
 * computing roots (same answer away from the boundary, no root finder needed).
 */
export function admissible(spec: EtsSpec, p: EtsParams): boolean {
  const { alpha, gamma, phi } = p
  if (phi < 0 || phi > 1 + 1e-8) return false
  if (spec.season === 'N') {
    if (alpha < 1 - 1 / phi || alpha > 1 + 1 / phi) return false
    if (spec.trend !== 'N' && (p.beta < alpha * (phi - 1) || p.beta > (1 + phi) * (2 - alpha))) return false
    return true
  }
  const m = spec.m
  if (m <= 1) return true
  const beta = spec.trend !== 'N' ? p.beta : 0
  const d = 1 - 1 / phi - alpha
  if (gamma < (d > 0 ? d : 0) || gamma > 1 + 1 / phi - alpha) return false
  if (alpha < 1 - 1 / phi - (gamma * (1 - m + phi + phi * m)) / (2 * phi * m)) return false
  if (beta < -(1 - phi) * (gamma / m + alpha)) return false
  // coefficients by ascending power: c[k] multiplies z^k (scratch reused: this runs on every
  // evaluation of a seasonal model's criterion)
  const c = scratch(0, m + 2) // (m + 2)
  c[m + 1] = 1
  c[m] = alpha + beta - phi
  for (let k = 2; k < m; k++) c[k] = alpha + beta - alpha * phi
  c[1] = alpha + beta - alpha * phi + gamma - 1
  c[0] = phi * (1 - alpha - gamma)
  return rootsWithin(c, 1 + 1e-10)
}

const scratchBufs: Float64Array[] = [new Float64Array(0), new Float64Array(0), new Float64Array(0)]
/** The last view handed out of each scratch array: a fit asks for the same length on every
 *  evaluation, so the view is reused, not made anew (a new view per call was garbage to collect). */
const scratchViews: Float64Array[] = [new Float64Array(0), new Float64Array(0), new Float64Array(0)]
/** Scratch array `k` (0: the coefficients, 1 and 2: rootsWithin's), zeroed, of length n. */
function scratch(k: number, n: number): Float64Array {
  let b = scratchViews[k]!
  if (b.length !== n) {
    if (scratchBufs[k]!.length < n) scratchBufs[k] = new Float64Array(Math.max(n, 2 * scratchBufs[k]!.length))
    b = scratchViews[k] = scratchBufs[k]!.subarray(0, n)
  }
  b.fill(0)
  return b
}

/**
 * Whether every root of sum_k c[k] z^k lies strictly inside |z| < r. Schur-Cohn: p(z) has all its
 * roots inside the unit disc iff |c_n| > |c_0| and (c_n p(z) - c_0 p*(z)) / z does, p* the reversed
 * polynomial (Rouche's theorem; real coefficients). Scaling z = r w moves the circle to radius r.
 */
export function rootsWithin(c: Float64Array, r: number): boolean {
  let a = scratch(1, c.length) // (deg + 1) the current polynomial
  let next = scratch(2, c.length) // (deg + 1) the reduced one
  let rk = 1
  for (let k = 0; k < c.length; k++, rk *= r) a[k] = c[k] * rk
  for (let n = c.length - 1; n >= 1; n--) {
    const an = a[n]
    const a0 = a[0]
    if (!(Math.abs(an) > Math.abs(a0))) return false
    let big = 0
    for (let k = 1; k <= n; k++) {
      next[k - 1] = an * a[k] - a0 * a[n - k]
      big = Math.max(big, Math.abs(next[k - 1]))
    }
    // rescale: the products would under- or overflow over many steps
    for (let k = 0; k < n; k++) next[k] /= big
    const t = a // swapped by hand: a destructuring swap made an array per step
    a = next
    next = t
  }
  return true
}
