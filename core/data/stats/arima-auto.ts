// forecast::auto.arima() with its defaults (stepwise = TRUE, ic = "aicc", max.p = max.q = 5,
// max.P = max.Q = 2, max.order = 5, start.p = start.q = 2, start.P = start.Q = 1, d by ndiffs()
// (KPSS), D by nsdiffs() (seasonal strength), approximation = (n > 150 || m > 12): the search on
// CSS fits with an offset, then the best models refitted by CSS-ML in order until one passes;
// AutoArimaLimits.maxRefits bounds those refits, with a second tier past the first's failures).
// myarima()'s rules reject a model: a failed fit, an AR or MA root within 1.01 of the unit circle,
// or a NaN standard error.

import { arimaRejected, fitArimaModel, type ArimaFitResult, type ArimaXreg } from './arima-fit'
import { minRootModulus, type ArimaOrder } from './arima-model'
import { OptimError } from './bfgs'
import { diffBy, isConstant, ndiffs, nsdiffs } from './arima-diffs'

interface Tried {
  p: number
  q: number
  P: number
  Q: number
  constant: boolean
  ic: number
}

interface Candidate {
  fit: ArimaFitResult | null
  ic: number
}

export interface AutoArimaTrace {
  d: number
  D: number
  approximation: boolean
  tried: Tried[] // every model of the stepwise search, in order, with its (approximate) information criterion
  refits?: number // with approximation: how many of its best models were refitted by CSS-ML
  /** Bounded (maxRefits) and none of the first tier passed: the parts whose models the second tier left out. */
  secondTier?: { skipped: Part[] }
}

/** A model's polynomial factors: p the AR part, q the MA part, P and Q their seasonal parts. */
export type Part = 'p' | 'q' | 'P' | 'Q'

const PART_WORDS: Record<Part, string> = { p: 'an AR term', q: 'an MA term', P: 'a seasonal AR term', Q: 'a seasonal MA term' }

/** The parts of a fitted model with a root within 1.01 of the unit circle: myarima's root check,
 *  factor by factor. The expanded polynomial's roots are its factors' roots, a seasonal factor's
 *  roots in B being the m-th roots of its roots in B^m. */
function unitRootParts(f: ArimaFitResult): Part[] {
  const o = f.order
  const parts: [Part, number, 1 | -1, number][] = [['p', o.p, -1, 1], ['q', o.q, 1, 1], ['P', o.P, -1, o.m], ['Q', o.Q, 1, o.m]]
  const out: Part[] = []
  let from = 0
  for (const [part, len, sign, m] of parts) {
    if (len > 0 && minRootModulus(f.coef.subarray(from, from + len), sign, Infinity) ** (1 / m) < 1 + 0.01) out.push(part)
    from += len
  }
  return out
}

/** The parts that every failed refit had at the unit circle (none where one failed otherwise: the
 *  fit stopped, or only a standard error was NaN). */
function sharedUnitRootParts(failed: Candidate[]): Part[] {
  let shared: Part[] = ['p', 'q', 'P', 'Q']
  for (const f of failed) {
    const at = f.fit ? unitRootParts(f.fit) : []
    shared = shared.filter((part) => at.includes(part))
  }
  return failed.length ? shared : []
}

function xregFor(d: number, D: number, constant: boolean): ArimaXreg {
  if (!constant) return 'none'
  if (d + D === 1) return 'drift'
  if (d + D === 0) return 'intercept'
  return 'none'
}

/** myarima(): one candidate and its information criterion (Inf when R would reject it). */
/** `tick`: told as the fit goes (mlTicks), and once when it ends. */
function myarima(x: Float64Array, o: ArimaOrder, constant: boolean, approximation: boolean, offset: number, useAic: boolean, tick?: () => void): Candidate {
  const method = approximation ? 'CSS' : 'CSS-ML'
  let fit: ArimaFitResult
  try {
    fit = fitArimaModel(x, o, xregFor(o.d, o.D, constant), method, undefined, mlTicks(method, tick))
  } catch (e) {
    tick?.()
    if (e instanceof OptimError) return { fit: null, ic: Infinity }
    throw e
  }
  const nstar = x.length - o.d - o.D * o.m
  const npar = fit.coef.length + 1
  const aic = method === 'CSS' ? offset + nstar * Math.log(fit.armaSigma2) + 2 * npar : fit.aic
  let ic = Number.isNaN(aic) ? Infinity : useAic ? aic : aic + (2 * npar * (npar + 1)) / (nstar - npar - 1)
  if (Number.isNaN(ic)) ic = Infinity
  if (ic < Infinity && arimaRejected(fit)) ic = Infinity
  tick?.()
  return { fit, ic }
}

/** fitArimaModel's traceIter for `tick`: each iteration of a maximum-likelihood fit (CSS-ML), which
 *  takes tens of milliseconds on a few hundred monthly rows (the CO2 sample's search ends in one of 47
 *  iterations, 1.7 s on a loaded machine); none for a CSS fit, whose iterations take a millisecond or
 *  two (the fit itself is told as it ends). */
export function mlTicks(method: 'CSS' | 'CSS-ML', tick: (() => void) | undefined): (() => void) | undefined {
  return tick && method === 'CSS-ML' ? () => tick() : undefined
}

/** R's mean(): the sum over n, then the mean residual added back (exact for a constant series). */
function rMean(x: Float64Array): number {
  const n = x.length
  let s = 0
  for (let i = 0; i < n; i++) s += x[i]
  let m = s / n
  let t = 0
  for (let i = 0; i < n; i++) t += x[i] - m
  m += t / n
  return m
}

/** Bounds on the search's cost, beyond auto.arima's defaults (which are: none). */
export interface AutoArimaLimits {
  /** max.P = max.Q (R: 2). A seasonal order of 2 puts 2m lags in the state: with m = 12, the Kalman
   *  filter's state is about 40 wide, and every likelihood costs (and getQ0's start) grow with its
   *  square and more. */
  maxSeasonal?: number
  /** With approximation, how many of the search's best models are refitted by CSS-ML, in order, for
   *  one that passes (R: all of them, and its own best CSS model stands when none does). Where the
   *  differencing leaves a near-unit root, each refit runs to a root at the unit circle and is
   *  rejected, seconds apiece: on the CO2 sample's training rows, 24 were before one passed.
   *  Bounded, when none of these passes, a second tier of at most as many refits goes on down R's
   *  order, leaving out the models with a term whose part every failed refit had at the unit circle
   *  (a seasonal MA term at -1 where the seasonal difference meets a fixed cycle: each such model
   *  fails alike, and R walks past them to the first without it); no model is found when none of
   *  the second tier passes either. At most 2 maxRefits refits in all. */
  maxRefits?: number
}

/** auto.arima(y) for a series with period m (1 = non-seasonal). Throws RangeError when no model passes.
 *  `tick`: told as the search goes (a progress count; it changes nothing): each model fitted as it
 *  ends, and each iteration of a maximum-likelihood fit (mlTicks). */
export function autoArima(x: Float64Array, period: number, trace?: AutoArimaTrace, limits: AutoArimaLimits = {}, tick?: () => void): ArimaFitResult {
  const n = x.length
  const m = Math.max(1, Math.round(period))
  if (isConstant(x)) return fitArimaModel(x, { p: 0, d: 0, q: 0, P: 0, D: 0, Q: 0, m }, 'intercept', 'CSS-ML', Float64Array.of(rMean(x)))
  let maxp = Math.min(5, Math.floor(n / 3))
  let maxq = Math.min(5, Math.floor(n / 3))
  const seasonalCap = limits.maxSeasonal ?? 2
  let maxP = Math.min(seasonalCap, Math.floor(n / 3 / m))
  let maxQ = Math.min(seasonalCap, Math.floor(n / 3 / m))
  const useAic = n <= 3
  let D: number
  if (m === 1) {
    D = 0
    maxP = maxQ = 0
  } else if (n <= 2 * m) D = 0
  else {
    D = nsdiffs(x, m)
    if (D > 0 && n - m <= 0) D--
  }
  let dx: Float64Array = D > 0 ? diffBy(x, m) : x
  let d = ndiffs(dx)
  if (d > 0 && dx.length - d <= 0) d--
  for (let i = 0; i < d; i++) dx = diffBy(dx, 1)
  if (dx.length === 0) throw new RangeError(`ARIMA: not enough data to proceed (${n} points)`)
  const order = (p: number, q: number, P: number, Q: number): ArimaOrder => ({ p, d, q, P, D, Q, m })
  if (isConstant(dx)) {
    const mdx = rMean(dx)
    if (D > 0 && d === 0) return fitArimaModel(x, order(0, 0, 0, 0), 'drift', 'CSS-ML', Float64Array.of(mdx / m))
    if (D > 0 && d > 0) return fitArimaModel(x, order(0, 0, 0, 0), 'none', 'CSS-ML')
    if (d === 2) return fitArimaModel(x, order(0, 0, 0, 0), 'none', 'CSS-ML')
    if (d < 2) return fitArimaModel(x, order(0, 0, 0, 0), d === 1 ? 'drift' : 'intercept', 'CSS-ML', Float64Array.of(mdx))
    throw new RangeError('ARIMA: the data follow a simple polynomial and are not suitable for ARIMA modelling')
  }
  if (m > 1) {
    if (maxP > 0) maxp = Math.min(maxp, m - 1)
    if (maxQ > 0) maxq = Math.min(maxq, m - 1)
  }
  const approximation = n > 150 || m > 12
  let offset = 0
  if (approximation) {
    try {
      const f0 = fitArimaModel(x, order(0, 0, 0, 0), d + D === 0 ? 'intercept' : 'none', 'CSS-ML', undefined, mlTicks('CSS-ML', tick))
      offset = -2 * f0.loglik - n * Math.log(f0.armaSigma2)
    } catch (e) {
      if (!(e instanceof OptimError)) throw e
      offset = 0
    }
  }
  const allowdrift = d + D === 1
  const allowmean = d + D === 0
  let constant = allowdrift || allowmean
  let startp = 2
  let startq = 2
  let startP = 1
  let startQ = 1
  if (n < 10) {
    startp = startq = 1
    startP = startQ = 0
  }
  let p = Math.min(startp, maxp)
  let q = Math.min(startq, maxq)
  let P = Math.min(startP, maxP)
  let Q = Math.min(startQ, maxQ)
  const nmodels = 94
  const results: Tried[] = []
  const run = (pp: number, qq: number, PP: number, QQ: number, c: boolean): Candidate => {
    const f = myarima(x, order(pp, qq, PP, QQ), c, approximation, offset, useAic, tick)
    results.push({ p: pp, q: qq, P: PP, Q: QQ, constant: c, ic: f.ic })
    return f
  }
  const isNew = (pp: number, qq: number, PP: number, QQ: number, c: boolean) => !results.some((r) => r.p === pp && r.q === qq && r.P === PP && r.Q === QQ && r.constant === c)

  let best = run(p, q, P, Q, constant)
  let fit = run(0, 0, 0, 0, constant)
  if (fit.ic < best.ic) {
    best = fit
    p = q = P = Q = 0
  }
  if (maxp > 0 || maxP > 0) {
    const pp = maxp > 0 ? 1 : 0
    const PP = m > 1 && maxP > 0 ? 1 : 0
    fit = run(pp, 0, PP, 0, constant)
    if (fit.ic < best.ic) {
      best = fit
      p = pp
      P = PP
      q = Q = 0
    }
  }
  if (maxq > 0 || maxQ > 0) {
    const qq = maxq > 0 ? 1 : 0
    const QQ = m > 1 && maxQ > 0 ? 1 : 0
    fit = run(0, qq, 0, QQ, constant)
    if (fit.ic < best.ic) {
      best = fit
      p = P = 0
      Q = QQ
      q = qq
    }
  }
  if (constant) {
    fit = run(0, 0, 0, 0, false)
    if (fit.ic < best.ic) {
      best = fit
      p = q = P = Q = 0
    }
  }
  // the stepwise neighbourhood, in R's order: the first improvement restarts the round
  let k = results.length
  let startk = 0
  while (startk < k && k < nmodels) {
    startk = k
    const moves: [number, number, number, number][] = [
      [0, 0, -1, 0],
      [0, 0, 0, -1],
      [0, 0, 1, 0],
      [0, 0, 0, 1],
      [0, 0, -1, -1],
      [0, 0, -1, 1],
      [0, 0, 1, -1],
      [0, 0, 1, 1],
      [-1, 0, 0, 0],
      [0, -1, 0, 0],
      [1, 0, 0, 0],
      [0, 1, 0, 0],
      [-1, -1, 0, 0],
      [-1, 1, 0, 0],
      [1, -1, 0, 0],
      [1, 1, 0, 0]
    ]
    let improved = false
    for (const [dp, dq, dP, dQ] of moves) {
      const np_ = p + dp
      const nq = q + dq
      const nP = P + dP
      const nQ = Q + dQ
      if (np_ < 0 || nq < 0 || nP < 0 || nQ < 0 || np_ > maxp || nq > maxq || nP > maxP || nQ > maxQ) continue
      if (!isNew(np_, nq, nP, nQ, constant)) continue
      k++
      if (k > nmodels) break
      fit = run(np_, nq, nP, nQ, constant)
      if (fit.ic < best.ic) {
        best = fit
        p = np_
        q = nq
        P = nP
        Q = nQ
        improved = true
        break
      }
    }
    if (improved || k > nmodels) continue
    if (allowdrift || allowmean) {
      if (isNew(p, q, P, Q, !constant)) {
        k++
        if (k > nmodels) continue
        fit = run(p, q, P, Q, !constant)
        if (fit.ic < best.ic) {
          best = fit
          constant = !constant
        }
      }
    }
  }
  if (trace) Object.assign(trace, { d, D, approximation, tried: results.map((r) => ({ ...r })) })
  if (approximation && best.fit) {
    const idx = results.map((_, i) => i).sort((a, b) => results[a].ic - results[b].ic || a - b)
    const refit = (r: Tried): Candidate => {
      if (trace) trace.refits = (trace.refits ?? 0) + 1
      return myarima(x, order(r.p, r.q, r.P, r.Q), r.constant, false, 0, useAic, tick)
    }
    // as R: when no refit passes, the search's own (CSS) best model stands
    const bound = limits.maxRefits ?? idx.length
    let passed: Candidate | null = null
    const failed: Candidate[] = []
    for (const i of idx.slice(0, bound)) {
      const f = refit(results[i])
      if (f.ic < Infinity) {
        passed = f
        break
      }
      failed.push(f)
    }
    if (!passed && limits.maxRefits !== undefined) {
      // bounded: a second tier of as many refits further down R's order, leaving out the models
      // with a part that every failed refit had at the unit circle (they would fail alike)
      const skip = sharedUnitRootParts(failed)
      if (trace) trace.secondTier = { skipped: skip }
      const rest = idx.slice(bound).filter((i) => !skip.some((part) => results[i][part] > 0))
      for (const i of rest.slice(0, bound)) {
        const f = refit(results[i])
        if (f.ic < Infinity) {
          passed = f
          break
        }
      }
      if (!passed) {
        // bounded, a model no refit confirmed is not taken: R would keep the CSS fit, but on the CO2
        // sample that fit (its AR part at a unit root) forecast worse than leaving ARIMA out
        const without = skip.length ? ` without ${skip.map((part) => PART_WORDS[part]).join(' or ')}` : ''
        const more = Math.min(bound, rest.length)
        throw new RangeError(`ARIMA: none of the ${bound} best models of the search could be fitted by maximum likelihood (a root at the unit circle, or the fit failed)${more > 0 ? `, nor the next ${more}${without}` : ''}`)
      }
    }
    if (passed) best = passed
  }
  if (!best.fit || best.ic === Infinity) throw new RangeError(`ARIMA: no suitable ARIMA model found for the ${n} points`)
  return best.fit
}
