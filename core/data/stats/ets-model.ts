// The ETS state-space recursion, as forecast's src/etscalc.c computes it (Hyndman et al. 2008):
//   one-step forecast  mu_t = (l + phi b) (+ or *) s_{t-m}
//   error              e_t = y_t - mu_t (additive) or (y_t - mu_t) / mu_t (multiplicative)
//   level              l_t = q + alpha (p - q),  q = l + phi b,  p = y_t (- or /) s_{t-m}
//   trend              b_t = phi b + (beta / alpha) (l_t - l_{t-1} - phi b)
//   season             s_t = s_{t-m} + gamma (y_t (- or /) q - s_{t-m})
// and the criterion ets() minimises: lik = n log(sum e^2) (+ 2 sum log|mu| for multiplicative error),
// which is -2 log-likelihood up to a constant; R reports loglik = -lik / 2.
// Only the trends ets() uses by default (none, additive, additive damped); no multiplicative trend.

export type ErrorType = 'A' | 'M'
export type TrendType = 'N' | 'A'
export type SeasonType = 'N' | 'A' | 'M'

export interface EtsSpec {
  error: ErrorType
  trend: TrendType
  damped: boolean
  season: SeasonType
  m: number // season length; 1 when season is 'N'
}

/** beta = 0 without trend, gamma = 0 without season, phi = 1 without damping, as etscalc sees them. */
export interface EtsParams {
  alpha: number
  beta: number
  gamma: number
  phi: number
}

/** etscalc's guard on a divisor near 0: below it y / divisor becomes HUGEN. */
export const ETS_TOL = 1.0e-10
const TOL = ETS_TOL
const HUGEN = 1.0e10

export function etsLabel(s: EtsSpec): string {
  return `ETS(${s.error},${s.trend}${s.damped ? 'd' : ''},${s.season})`
}

/** State length: level, trend if any, m seasonal states if any (R's x = [l, b, s1..sm]). */
export function stateSize(s: EtsSpec): number {
  return 1 + (s.trend === 'A' ? 1 : 0) + (s.season === 'N' ? 0 : s.m)
}

/**
 * A running filter. The seasonal states live in a ring so that a step costs O(1) whatever m is:
 * R's s[j] (s[0] newest, s[m-1] = s_{t-m}, the one the next step uses) is ring[(head + j) % m].
 */
export class EtsState {
  l = 0
  b = 0
  ring: Float64Array // (m)
  head = 0
  /** The guard on the level q in a multiplicative season's y / q: etscalc's TOL in the units the
   *  model was fitted in, so ETS_TOL * scale for a model fitted on y / scale and run on y (else a
   *  level below 1e-10 in y's own units, a series near 1e-12, would turn every ratio into HUGEN). */
  levelTol = TOL
  constructor(readonly spec: EtsSpec) {
    this.ring = new Float64Array(spec.season === 'N' ? 0 : spec.m)
  }

  /** Loads R's state vector x = [l, (b), s1..sm]. */
  load(x: ArrayLike<number>): void {
    this.l = x[0]
    this.b = this.spec.trend === 'A' ? x[1] : 0
    const off = this.spec.trend === 'A' ? 2 : 1
    for (let j = 0; j < this.ring.length; j++) this.ring[j] = x[off + j]
    this.head = 0
  }

  /** R's state vector x = [l, (b), s1..sm]. (stateSize) */
  toArray(): number[] {
    const out = [this.l]
    if (this.spec.trend === 'A') out.push(this.b)
    const m = this.ring.length
    for (let j = 0; j < m; j++) out.push(this.ring[(this.head + j) % m])
    return out
  }

  /** The one-step forecast mu_t from the current state. */
  oneStep(phi: number): number {
    const sp = this.spec
    let f = sp.trend === 'A' ? this.l + phi * this.b : this.l
    if (sp.season !== 'N') {
      const s = this.ring[(this.head + sp.m - 1) % sp.m]
      f = sp.season === 'A' ? f + s : f * s
    }
    return f
  }

  /** etscalc's update(): moves the state past observation y. */
  update(y: number, p: EtsParams): void {
    const sp = this.spec
    const m = sp.m
    const oldl = this.l
    let phib = 0
    let q = oldl
    if (sp.trend === 'A') {
      phib = p.phi * this.b
      q = oldl + phib
    }
    let olds = 0
    let idx = 0
    let pp = y
    if (sp.season !== 'N') {
      idx = (this.head + m - 1) % m
      olds = this.ring[idx]
      if (sp.season === 'A') pp = y - olds
      else pp = Math.abs(olds) < TOL ? HUGEN : y / olds
    }
    const l = q + p.alpha * (pp - q)
    this.l = l
    if (sp.trend === 'A') this.b = phib + (p.beta / p.alpha) * (l - oldl - phib)
    if (sp.season !== 'N') {
      let t: number
      if (sp.season === 'A') t = y - q
      else t = Math.abs(q) < this.levelTol ? HUGEN : y / q
      // the new s[0] takes the slot of the s_{t-m} it replaces; every other state moves one place
      this.ring[idx] = olds + p.gamma * (t - olds)
      this.head = idx
    }
  }

  /** Point forecasts 1..h from the current state into out[offset..offset+h). */
  forecastInto(h: number, phi: number, out: Float64Array, offset: number): void {
    const sp = this.spec
    const m = sp.m
    let phiSum = 0 // phi + phi^2 + ... + phi^k (k without damping)
    let phiPow = 1
    for (let k = 1; k <= h; k++) {
      phiPow *= phi
      phiSum += phiPow
      let f = sp.trend === 'A' ? this.l + phiSum * this.b : this.l
      if (sp.season !== 'N') {
        const s = this.ring[(this.head + ((((m - k) % m) + m) % m)) % m]
        f = sp.season === 'A' ? f + s : f * s
      }
      out[offset + k - 1] = f
    }
  }
}

export interface EtsRun {
  sse: number // sum of squared residuals e (relative errors for multiplicative error)
  lik: number // etscalc's n log(sum e^2) (+ 2 sum log|mu|); NaN when undefined
  mse: number // mean squared one-step error (etscalc's amse[0])
}

/**
 * One pass over y from the initial state x0, as etscalc: the criterion, and optionally the fitted
 * one-step forecasts (n) and residuals e (n). Leaves `st` at the final state.
 */
export function etsFilter(st: EtsState, x0: ArrayLike<number>, y: Float64Array, p: EtsParams, fitted?: Float64Array, resid?: Float64Array): EtsRun {
  st.load(x0)
  const mult = st.spec.error === 'M'
  const n = y.length
  let sse = 0
  let logf = 0
  let prod = 1
  let mse = 0
  for (let i = 0; i < n; i++) {
    const f = st.oneStep(p.phi)
    const d = y[i] - f
    const e = mult ? d / f : d
    // amse[0] as a running mean, the way etscalc accumulates it
    mse = (mse * i + d * d) / (i + 1)
    if (fitted) fitted[i] = f
    if (resid) resid[i] = e
    st.update(y[i], p)
    sse += e * e
    // sum log|f|, accumulated as etsCriterion does (logs of running products), so both agree to the bit
    prod *= Math.abs(f)
    if (!(prod < 1e150 && prod > 1e-150)) {
      logf += Math.log(prod)
      prod = 1
    }
  }
  let lik = n * Math.log(sse)
  if (mult) lik += 2 * (logf + Math.log(prod))
  return { sse, lik, mse }
}

/**
 * The criterion alone, for the optimiser: the same arithmetic as etsFilter with EtsState, inlined
 * (no calls, no strings, no allocation: this loop is where ets() spends its time). `ring` (m) is
 * scratch. crit 'lik': etscalc's lik (NaN if undefined); 'mse': the mean squared one-step error.
 */
export function etsCriterion(spec: EtsSpec, x0: ArrayLike<number>, y: Float64Array, p: EtsParams, ring: Float64Array, crit: 'lik' | 'mse'): number {
  // The module's constants as local numbers: read from the module's scope, HUGEN was a value of no
  // known type, and the optimiser then boxed every step's `yi / olds` (the other arm of the same
  // choice) in a new heap number: 450 MB of garbage in two ETS searches of the CO2 sample
  const huge = +HUGEN
  const tol = +TOL
  const mult = spec.error === 'M'
  const trend = spec.trend === 'A'
  const season = spec.season === 'N' ? 0 : spec.season === 'A' ? 1 : 2
  const m = spec.m
  const { alpha, beta, gamma, phi } = p
  const ba = beta / alpha
  let l = x0[0]
  let b = trend ? x0[1] : 0
  const off = trend ? 2 : 1
  if (season) for (let j = 0; j < m; j++) ring[j] = x0[off + j]
  let head = 0
  const n = y.length
  let sse = 0
  let logf = 0
  // sum log|f| as the log of running products, flushed before they can overflow or underflow: one
  // Math.log per many steps instead of per step (the log was most of a multiplicative model's cost)
  let prod = 1
  let mse = 0
  for (let i = 0; i < n; i++) {
    const yi = y[i]
    const phib = trend ? phi * b : 0
    const q = trend ? l + phib : l
    let f = q
    let idx = 0
    let olds = 0
    let pp = yi
    if (season) {
      idx = head === 0 ? m - 1 : head - 1 // (head + m - 1) % m
      olds = ring[idx]
      if (season === 1) {
        f = q + olds
        pp = yi - olds
      } else {
        f = q * olds
        pp = Math.abs(olds) < tol ? huge : yi / olds
      }
    }
    const d = yi - f
    const e = mult ? d / f : d
    sse += e * e
    if (mult) {
      prod *= Math.abs(f)
      if (!(prod < 1e150 && prod > 1e-150)) {
        logf += Math.log(prod)
        prod = 1
      }
    }
    if (crit === 'mse') mse = (mse * i + d * d) / (i + 1)
    const nl = q + alpha * (pp - q)
    if (trend) b = phib + ba * (nl - l - phib)
    l = nl
    if (season) {
      const t = season === 1 ? yi - q : Math.abs(q) < tol ? huge : yi / q
      ring[idx] = olds + gamma * (t - olds)
      head = idx
    }
  }
  if (crit === 'mse') return mse
  let lik = n * Math.log(sse)
  if (mult) lik += 2 * (logf + Math.log(prod))
  return lik
}

/**
 * The forecast mean from the current state, as forecast.ets() computes it (h values into out[offset..]).
 * Mostly the point forecast; for multiplicative error with multiplicative season R's class3() returns
 * the mean of the forecast distribution instead, which differs past one season by a sigma2 term. We
 * reproduce class3() as written, including its damped case, whose level step is l + b, not l + phi b
 * (so its damped sum is 1 + phi + ... + phi^(k-1), where the fitting recursion uses phi + ... + phi^k).
 */
export function etsMeanInto(st: EtsState, p: EtsParams, sigma2: number, h: number, out: Float64Array, offset: number): void {
  const sp = st.spec
  if (!(sp.error === 'M' && sp.season === 'M')) {
    st.forecastInto(h, p.phi, out, offset)
    return
  }
  const m = sp.m
  const trend = sp.trend === 'A'
  // Mh = [l; b] x [s1..sm]: the level row cl and the trend row cb, column m-1 the next season's
  const cl = new Float64Array(m) // (m)
  const cb = new Float64Array(m) // (m)
  for (let j = 0; j < m; j++) {
    const s = st.ring[(st.head + j) % m]
    cl[j] = st.l * s
    cb[j] = trend ? st.b * s : 0
  }
  const phi = trend ? p.phi : 1
  for (let k = 0; k < h; k++) {
    const lastL = cl[m - 1]
    const lastB = cb[m - 1]
    const sum = lastL + lastB // H1 Mh H2'
    out[offset + k] = sum
    // Mh <- F1 Mh F2' + sigma2 G1 Mh G2': F2' rotates the columns, G2' feeds gamma times the last one into the first
    for (let j = m - 1; j >= 1; j--) {
      cl[j] = cl[j - 1] + cb[j - 1]
      cb[j] = phi * cb[j - 1]
    }
    cl[0] = sum + sigma2 * p.gamma * p.alpha * sum
    cb[0] = trend ? phi * lastB + sigma2 * p.gamma * p.beta * sum : 0
  }
}

/** Forecast means from state x (R's states[n + 1, ]), as forecast.ets. (h) */
export function etsForecast(spec: EtsSpec, x: ArrayLike<number>, p: EtsParams, sigma2: number, h: number): Float64Array {
  const st = new EtsState(spec)
  st.load(x)
  const out = new Float64Array(h) // (h)
  etsMeanInto(st, p, sigma2, h, out, 0)
  return out
}
