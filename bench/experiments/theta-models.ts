// The Optimised Theta Model (OTM) and the Dynamic Optimised Theta Model (DOTM) of Fiorucci,
// Pellegrini, Louzada, Petropoulos & Koehler (2016), *Models for optimising the theta method and
// their relationship to state space models*, IJF 32(4), 1151-1161. For the experiment in
// choice-rules.exp.ts (EXP_THETA=1) only: nothing in core/ reads it. Checked by theta-models.exp.ts.
//
// The series is seasonally adjusted as thetaf (and core/data/stats/theta.ts) adjusts it: divided by
// the classical multiplicative figure where the lag-m autocorrelation is significant at 90 %. On
// the adjusted series Y_1..Y_n (t counted from 1), with w = 1 - 1/theta:
//   Y_t = mu_t + e_t
//   mu_t = l_{t-1} + w { (1 - alpha)^(t-1) A_{t-1} + [(1 - (1 - alpha)^t) / alpha] B_{t-1} }
//   l_t = alpha Y_t + (1 - alpha) l_{t-1}
// OTM: A and B are the least-squares line a + b t through the whole fitted series, fixed.
// DOTM: they are that line through Y_1..Y_t, updated row by row:
//   Ybar_t = ((t - 1) Ybar_{t-1} + Y_t) / t
//   B_t = ((t - 2) B_{t-1} + 6 (Y_t - Ybar_{t-1}) / t) / (t + 1)
//   A_t = Ybar_t - (t + 1) B_t / 2
// from A_1 = Y_1, B_1 = 0 (mu_1 is then not defined, and no error counts at t = 1).
// The h-step forecast is the model's conditional mean: the recursion run on with each Y replaced by
// its mu. For OTM that is the paper's closed form, l_n + w { (1 - alpha)^n A_n + [(h - 1) +
// (1 - (1 - alpha)^(n+1)) / alpha] B_n }; for DOTM the line keeps moving with the forecasts, as
// statsforecast's port of the authors' forecTheta forecasts. `frozen` instead keeps DOTM's line
// where it is at the origin, and gives that closed form with A_n and B_n the line through the rows
// so far (the Theta method's forecast at that origin); both are measured.
//
// With theta = 2, alpha and l_0 = l0' - (A + B) / 2 (l0' thetaf's SES start level, A + B its line's
// value at the first row), OTM's forecasts are thetaf's exactly: the same function of the series.
// Fitting differs: thetaf takes alpha and l0' from SES's own one-step errors and adds the drift
// afterwards; OTM minimises its own one-step errors, drift included.
//
// Estimation as forecTheta (and statsforecast's port of it): l_0, alpha and (OTM, DOTM) theta by
// Nelder-Mead on the sum of squared one-step errors from t = 4 on (the first three left out), from
// l_0 = Y_1 / 2, alpha = 0.5, theta = 2, within alpha in [0.1, 0.99] and theta >= 1. Here the
// adjusted series is divided by its mean |Y| while fitting (the optimiser's steps are then in
// proportion to the series), and l_0 is mapped back.

import { decomposeFigure, lineFit } from '../../core/data/stats/linalg'
import { nelderMead } from '../../core/data/stats/nelder-mead'
import { rollingForecast } from '../../core/data/stats/rolling'
import { fitScale } from '../../core/data/stats/scale'
import { thetaSeasonal } from '../../core/data/stats/theta'

export type ThetaModelKind = 'otm' | 'dotm'
export interface ThetaModelParams { l0: number; alpha: number; theta: number }

/** The one-step errors left out of the fit's sum of squares (t = 1..BURN_IN). */
export const BURN_IN = 3
export const ALPHA_BOUNDS = [0.1, 0.99] as const
export const THETA_MIN = 1

/** The state after t rows: the level, the rows' mean, the line's intercept and slope (t from 1). */
interface State { t: number; l: number; mean: number; A: number; B: number }

/** mu_{t+1}: the one-step forecast from the state after t rows (NaN for DOTM before any row). */
function mu(s: State, p: ThetaModelParams, dynamic: boolean): number {
  if (s.t === 0 && dynamic) return NaN
  const a = p.alpha
  return s.l + (1 - 1 / p.theta) * (Math.pow(1 - a, s.t) * s.A + ((1 - Math.pow(1 - a, s.t + 1)) / a) * s.B)
}

/** Moves s past row t + 1 with value y. */
function step(s: State, y: number, p: ThetaModelParams, dynamic: boolean): void {
  const t = s.t + 1
  s.l = p.alpha * y + (1 - p.alpha) * s.l
  const mean = ((t - 1) * s.mean + y) / t
  if (dynamic) {
    s.B = t === 1 ? 0 : ((t - 2) * s.B + (6 * (y - s.mean)) / t) / (t + 1)
    s.A = mean - ((t + 1) * s.B) / 2
  }
  s.mean = mean
  s.t = t
}

/** The state before any row: OTM's line is the least-squares line a + b t (t = 1..n) of `line`. */
function start(p: ThetaModelParams, dynamic: boolean, line: { A: number; B: number }): State {
  return { t: 0, l: p.l0, mean: 0, A: dynamic ? 0 : line.A, B: dynamic ? 0 : line.B }
}

/** The least-squares line through x, in t = 1..n: { A: intercept, B: slope }. */
export function lineOf(x: Float64Array): { A: number; B: number } {
  const n = x.length
  const [a, b] = lineFit(Float64Array.from({ length: n }, (_, i) => i + 1), x, n)
  return { A: a, B: b }
}

/** The one-step errors e_t = Y_t - mu_t (t = 1..n; NaN where mu is not defined) and the states
 *  after each row, for the checks. */
export function oneStep(x: Float64Array, kind: ThetaModelKind, p: ThetaModelParams): { e: Float64Array; mu: Float64Array; states: State[] } {
  const dynamic = kind === 'dotm'
  const s = start(p, dynamic, dynamic ? { A: 0, B: 0 } : lineOf(x))
  const e = new Float64Array(x.length) // (n)
  const m = new Float64Array(x.length) // (n)
  const states: State[] = []
  for (let t = 0; t < x.length; t++) {
    m[t] = mu(s, p, dynamic)
    e[t] = x[t]! - m[t]!
    step(s, x[t]!, p, dynamic)
    states.push({ ...s })
  }
  return { e, mu: m, states }
}

/** Forecasts 1..h from state s (left as it was); frozen: DOTM's line kept where it is at the origin
 *  (the paper's closed form, as OTM's) instead of moving with the forecasts. */
function emit(s0: State, p: ThetaModelParams, dynamic: boolean, h: number, out: Float64Array, offset: number, frozen = false): void {
  const s = { ...s0 }
  for (let k = 0; k < h; k++) {
    const f = mu(s, p, dynamic)
    out[offset + k] = f
    step(s, f, p, dynamic && !frozen)
  }
}

/** Forecasts 1..h past the end of x (the adjusted series) with parameters p: OTM's line through x. */
export function forecastAdjusted(x: Float64Array, kind: ThetaModelKind, p: ThetaModelParams, h: number, frozen = false): Float64Array {
  const dynamic = kind === 'dotm'
  const s = start(p, dynamic, dynamic ? { A: 0, B: 0 } : lineOf(x))
  for (let t = 0; t < x.length; t++) step(s, x[t]!, p, dynamic)
  const out = new Float64Array(h) // (h)
  emit(s, p, dynamic, h, out, 0, frozen)
  return out
}

/** The sum of squared one-step errors from t = BURN_IN + 1 on (Infinity where not finite). */
function sse(x: Float64Array, kind: ThetaModelKind, p: ThetaModelParams, line: { A: number; B: number }): number {
  const dynamic = kind === 'dotm'
  const s = start(p, dynamic, line)
  let sum = 0
  for (let t = 0; t < x.length; t++) {
    if (t >= BURN_IN) {
      const e = x[t]! - mu(s, p, dynamic)
      sum += e * e
    }
    step(s, x[t]!, p, dynamic)
  }
  return Number.isFinite(sum) ? sum : Infinity
}

/** thetaf's seasonal figure for y with season m (core/data/stats/theta.ts fitTheta's), or null. */
export function thetaFigure(y: Float64Array, m: number): Float64Array | null {
  if (!(m > 1) || !thetaSeasonal(y, m)) return null
  const figure = decomposeFigure(y, m, true)
  if (figure.some((v) => Math.abs(v) < 1e-4)) return null
  if (figure.some((v) => !Number.isFinite(v))) throw new RangeError(`OTM/DOTM: the multiplicative seasonal figure (period ${m}) is undefined, as on a series that crosses 0`)
  return figure
}

export interface ThetaModelFit {
  kind: ThetaModelKind
  params: ThetaModelParams
  /** the seasonal figure by position t % m from the fitted series' first row; null: not adjusted */
  figure: Float64Array | null
  /** the sum of squared one-step errors the fit minimised (adjusted series' units) */
  sse: number
  /** forecasts 1..h past the end of the fitted series (frozen: emit's) */
  forecast(h: number, frozen?: boolean): Float64Array
  /** (W, h): the parameters (and OTM's line) fixed, the state filtered through y (adjusted by the
   *  figure) up to each origin; y's row 0 is the fitted series' row 0 */
  forecastAt(y: Float64Array, origins: Int32Array, h: number, frozen?: boolean): Float64Array
}

/** OTM or DOTM fitted on y with season m (m <= 1: none); `fixed` holds parameters not estimated
 *  (theta 2: the standard theta model; all three: no fit); `thetaMax` bounds theta above (none: the
 *  paper's theta >= 1 alone). Throws on fewer than 7 rows (thetaf's minimum) or a value that is not
 *  finite. */
export function fitThetaModel(y: Float64Array, m: number, kind: ThetaModelKind, fixed: Partial<ThetaModelParams> = {}, thetaMax = Infinity): ThetaModelFit {
  const n = y.length
  if (n < 7) throw new RangeError(`${kind.toUpperCase()}: needs at least 7 rows, got ${n}`)
  const bad = y.findIndex((v) => !Number.isFinite(v))
  if (bad >= 0) throw new RangeError(`${kind.toUpperCase()}: row ${bad} is ${y[bad]}`)
  if (fixed.theta !== undefined && !(fixed.theta >= THETA_MIN)) throw new RangeError(`${kind.toUpperCase()}: theta must be at least ${THETA_MIN}, got ${fixed.theta}`)
  const figure = thetaFigure(y, m)
  const adj = (v: number, t: number) => (figure ? v / figure[t % m]! : v)
  const x = Float64Array.from(y, adj)
  const dynamic = kind === 'dotm'
  const scale = fitScale(x)
  const xs = Float64Array.from(x, (v) => v / scale)
  const lineS = lineOf(xs)
  const free = (['l0', 'alpha', 'theta'] as const).filter((k) => fixed[k] === undefined)
  const init: ThetaModelParams = { l0: xs[0]! / 2, alpha: 0.5, theta: 2 }
  const at = (v: Float64Array): ThetaModelParams => {
    const p = { ...init, ...fixed, ...(fixed.l0 !== undefined ? { l0: fixed.l0 / scale } : {}) }
    free.forEach((k, i) => (p[k] = v[i]!))
    return p
  }
  const objective = (v: Float64Array) => {
    const p = at(v)
    if (p.alpha < ALPHA_BOUNDS[0] || p.alpha > ALPHA_BOUNDS[1] || p.theta < THETA_MIN || p.theta > thetaMax) return Infinity
    return sse(xs, kind, p, lineS)
  }
  let ps = at(new Float64Array(0))
  if (free.length) {
    let v: Float64Array = Float64Array.from(free, (k) => init[k])
    // a second start from the first optimum, as a simplex can stall short of it
    for (let r = 0; r < 2; r++) v = nelderMead(objective, v).par
    ps = at(v)
  }
  const params = { ...ps, l0: ps.l0 * scale }
  const line = dynamic ? { A: 0, B: 0 } : lineOf(x)
  const back = (v: number, t: number) => (figure ? v * figure[t % m]! : v)
  return {
    kind,
    params,
    figure,
    sse: sse(xs, kind, ps, lineS) * scale * scale,
    forecast: (h, frozen) => forecastAdjusted(x, kind, params, h, frozen).map((v, k) => back(v, n + k)),
    forecastAt(yy, origins, h, frozen) {
      const s = start(params, dynamic, line)
      const out = rollingForecast(yy, origins, h, kind.toUpperCase(), {
        step: (v, t) => step(s, adj(v, t), params, dynamic),
        emit: (_t, hh, o, offset) => emit(s, params, dynamic, hh, o, offset, frozen)
      })
      origins.forEach((o, w) => { for (let k = 0; k < h; k++) out[w * h + k] = back(out[w * h + k]!, o + 1 + k) })
      return out
    }
  }
}
