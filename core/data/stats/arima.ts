// ARIMA as a StatFit: auto.arima(y) with forecast's defaults, then forecast() as forecast.Arima /
// predict.Arima (the Kalman forecast from the state after the fitted series, plus the mean or drift
// term) and forecastAt() by one Kalman pass over any series with the fitted coefficients, the state
// at each origin giving that origin's forecasts; windowForecaster() saves that state before each
// edited window and replays the pass's covariance recursion through the window.

import { autoArima, mlTicks, type AutoArimaLimits } from './arima-auto'
import { arimaLabel, fitArimaModel, xregValue, type ArimaFitResult, type ArimaXreg } from './arima-fit'
import { OptimError } from './bfgs'
import { arimaLike, deltaOf, kalmanMeans, makeArima, narmaOf, traceStepper, transPars, type ArimaOrder, type ArimaSS, type LikeTrace } from './arima-model'
import { windowForecaster, type SavableFilter } from './rolling'
import { criterionInUnits, loglikInUnits, scaledBy } from './scale'
import { arrField, checkHorizon, checkOrigins, checkPeriod, checkSeries, nullableNumField, numField, type StatFit, type StatRefit, type StoredStat } from './types'

/** What a fitted ARIMA needs to forecast; stored verbatim as StoredStat.params. */
interface ArimaStored {
  order: ArimaOrder
  xreg: ArimaXreg // 'intercept' (non-zero mean), 'drift' or 'none'
  coef: number[] // ar, ma, sar, sma, then the intercept or drift coefficient, as R orders them
  an: number[] // Kalman state after the fitted series (rd = max(p + mP, q + mQ + 1) + d + mD)
  sigma2: number
  loglik: number
  aicc: number
  n: number // length of the fitted series
}

/** The minimum length. auto.arima() fits even 3 points (ARIMA(0,0,0) with a mean, mostly); we agree with it down to there. */
export const ARIMA_MIN_LENGTH = 3

function stateModel(s: ArimaStored): ArimaSS {
  const { phi, theta } = transPars(s.coef, s.order, false)
  return makeArima(phi, theta, deltaOf(s.order))
}

function arimaModel(s: ArimaStored, refit?: StatRefit): StatFit {
  const label = arimaLabel(s.order, s.xreg)
  const narma = narmaOf(s.order)
  const beta = s.xreg === 'none' ? 0 : s.coef[narma]
  const period = s.order.P + s.order.D + s.order.Q > 0 ? s.order.m : 1
  const an = Float64Array.from(s.an)
  /** y[0..last] less the regression term: what the Kalman filter reads. (last + 1) */
  const regressed = (y: Float64Array, last: number) => {
    const x = new Float64Array(last + 1) // (last + 1)
    for (let t = 0; t <= last; t++) x[t] = y[t] - beta * xregValue(s.xreg, t)
    return x
  }
  /** The regression term of forecast step j from origin t. */
  const xm = (t: number) => (j: number) => beta * xregValue(s.xreg, t + j)
  return {
    name: 'arima',
    label,
    period,
    aicc: Number.isFinite(s.aicc) ? s.aicc : null,
    ...(refit ? { refit } : {}),
    forecast(h) {
      checkHorizon(h, label)
      const out = new Float64Array(h) // (h)
      const ss = stateModel(s)
      kalmanMeans(ss, an, h, out, 0, (k) => beta * xregValue(s.xreg, s.n - 1 + k))
      return out
    },
    forecastAt(y, origins, h) {
      const last = checkOrigins(y, origins, h, label)
      const W = origins.length
      const out = new Float64Array(W * h) // (W, h)
      if (W === 0) return out
      const order = Array.from({ length: W }, (_, i) => i).sort((a, b) => origins[a] - origins[b])
      const ss = stateModel(s)
      let k = 0
      arimaLike(regressed(y, last), ss, false, (t) => {
        while (k < W && origins[order[k]] === t) {
          kalmanMeans(ss, ss.a, h, out, order[k] * h, xm(t))
          k++
        }
      })
      return out
    },
    windowForecaster(y, origins, L, h) {
      const last = checkOrigins(y, Int32Array.from(origins), h, label)
      const ss = stateModel(s)
      const a = Float64Array.from(ss.a) // (rd) the filter's start, as forecastAt's
      // P, M and the gains follow from the model and the step alone (y is finite up to the last
      // origin, as forecastAt requires, and so is every window): the covariance recursion runs once,
      // here, over y's rows and every window replays it, stepping the state alone (O(rd) a step)
      const trace: LikeTrace = { M: new Float64Array((last + 1) * ss.rd), gain: new Float64Array(last + 1) } // (last + 1, rd), (last + 1)
      arimaLike(regressed(y, last), ss, false, undefined, last, trace)
      const step = traceStepper(ss, trace, a)
      const filter: SavableFilter<Float64Array> = {
        step: (yt, t) => void step(yt - beta * xregValue(s.xreg, t), t),
        emit: (t, hh, out, offset) => kalmanMeans(ss, a, hh, out, offset, xm(t)),
        save: () => Float64Array.from(a),
        load: (state) => a.set(state)
      }
      return windowForecaster(y, origins, L, h, label, filter)
    },
    toJSON: (): StoredStat => ({ name: 'arima', label, period, params: { ...s, order: { ...s.order }, coef: [...s.coef], an: [...s.an] } })
  }
}

function storedFrom(f: ArimaFitResult, n: number): ArimaStored {
  return { order: { ...f.order }, xreg: f.xreg, coef: Array.from(f.coef), an: Array.from(f.ss.a), sigma2: f.sigma2, loglik: f.loglik, aicc: f.aicc, n }
}

/** The stored model of a fit made on y / scale, in y's units: the mean or drift coefficient times
 *  the scale (AR and MA coefficients have none), sigma2 times its square, the likelihood and AICc of
 *  y, and the state after y filtered through y itself (as forecastAt's pass, so that forecast()
 *  continues it to the bit). */
function storedInUnits(f: ArimaFitResult, y: Float64Array, scale: number): ArimaStored {
  if (scale === 1) return storedFrom(f, y.length)
  const coef = Array.from(f.coef)
  if (f.xreg !== 'none') coef[narmaOf(f.order)] *= scale
  const s: ArimaStored = {
    order: { ...f.order },
    xreg: f.xreg,
    coef,
    an: [],
    sigma2: f.sigma2 * scale * scale,
    loglik: loglikInUnits(f.loglik, f.nobs, scale),
    aicc: criterionInUnits(f.aicc, f.nobs, scale),
    n: y.length
  }
  const ss = stateModel(s)
  const beta = f.xreg === 'none' ? 0 : coef[coef.length - 1]
  arimaLike(Float64Array.from(y, (v, t) => v - beta * xregValue(f.xreg, t)), ss, false)
  s.an = Array.from(ss.a)
  return s
}

/** auto.arima(y) with R's defaults, or within `limits`; period null or 1 = non-seasonal. Fitted on
 *  y / scale, the model mapped back to y's units (scale.ts; 1: R's auto.arima(y) itself). */
/** `tick`: told as the search goes (autoArima's). */
export function fitArima(y: Float64Array, period: number | null, limits?: AutoArimaLimits, scale = 1, tick?: () => void): StatFit {
  const m = checkPeriod(period, 'ARIMA')
  checkSeries(y, ARIMA_MIN_LENGTH, 'ARIMA')
  return arimaModel(storedInUnits(autoArima(scaledBy(y, scale), m, undefined, limits, tick), y, scale))
}

/** An ARIMA model fitted elsewhere (for tests and callers that choose the order themselves). */
export function arimaFromFit(f: ArimaFitResult, n: number): StatFit {
  return arimaModel(storedFrom(f, n))
}

export function restoreArima(s: StoredStat): StatFit {
  return arimaModel(parseStored(s))
}

/** Validates a stored ARIMA, naming the field that is wrong. */
function parseStored(s: StoredStat): ArimaStored {
  const what = 'stored arima'
  const p = s.params
  const period = checkPeriod(s.period, what)
  const o = p.order as Record<string, unknown> | undefined
  if (!o || typeof o !== 'object') throw new RangeError(`${what}: params.order must be an object`)
  const int = (k: string, max: number) => {
    const v = numField(o, k, `${what} order`)
    if (!Number.isInteger(v) || v < 0 || v > max) throw new RangeError(`${what}: params.order.${k} must be an integer in 0..${max}, got ${v}`)
    return v
  }
  const order: ArimaOrder = { p: int('p', 20), d: int('d', 2), q: int('q', 20), P: int('P', 5), D: int('D', 2), Q: int('Q', 5), m: int('m', 10000) }
  if (order.m < 1) throw new RangeError(`${what}: params.order.m must be >= 1`)
  const seasonal = order.P + order.D + order.Q > 0
  if (seasonal && order.m !== period) throw new RangeError(`${what}: params.order.m (${order.m}) must equal the period (${period})`)
  if (!seasonal && period !== 1) throw new RangeError(`${what}: period must be 1 for a non-seasonal model, got ${period}`)
  const xreg = p.xreg
  if (xreg !== 'none' && xreg !== 'intercept' && xreg !== 'drift') throw new RangeError(`${what}: params.xreg must be 'none', 'intercept' or 'drift'`)
  const narma = narmaOf(order)
  const coef = Array.from(arrField(p, 'coef', what, narma + (xreg === 'none' ? 0 : 1)))
  const r = Math.max(order.p + order.m * order.P, order.q + order.m * order.Q + 1)
  const rd = r + order.d + order.m * order.D
  const an = Array.from(arrField(p, 'an', what, rd))
  const n = numField(p, 'n', what)
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`${what}: params.n must be a positive integer, got ${n}`)
  const nullable = (k: string) => nullableNumField(p, k, what) ?? NaN
  return { order, xreg, coef, an, sigma2: numField(p, 'sigma2', what), loglik: nullable('loglik'), aicc: nullable('aicc'), n }
}

/**
 * Re-estimates a chosen ARIMA on y (usually the training rows and the rows after them) without the
 * stepwise search: forecast's Arima(y, order, seasonal, include.mean / include.drift) with the stored
 * model's orders and regression term (a mean, a drift 1..n or none), by CSS-ML as auto.arima's own
 * final fit. The coefficients are estimated afresh; the stored ones are not used as a start (R's Arima
 * does not either), so refitting on the series the model was chosen on gives back that fit exactly.
 * y[0] must be in the seasonal position of the fitted series' first point.
 *
 * Where the re-estimation fails as R's Arima() would stop (a non-stationary AR part after CSS, optim's
 * non-finite value or gradient, a singular Hessian, too few points for the orders) or gives a
 * non-finite likelihood, the full automatic search runs instead: auto.arima(y) with `period` (default
 * the stored order.m, which is the data's period also for a non-seasonal model auto.arima chose); the result's refit.kind says which happened and refit.reason why. A model
 * the search would reject (a root within 1.01 of the unit circle, a NaN standard error) is kept, as
 * Arima() keeps it. Fitted on y / scale and mapped back, as fitArima. Throws RangeError on a broken
 * stored model or NaN / too-short y, as fitStat does.
 */
export function refitArima(stored: StoredStat, y: Float64Array, period?: number | null, scale = 1, tick?: () => void): StatFit {
  if (stored === null || typeof stored !== 'object' || stored.name !== 'arima') throw new RangeError('refitArima: expected a stored arima model')
  const s = parseStored(stored)
  checkSeries(y, ARIMA_MIN_LENGTH, 'ARIMA')
  const ys = scaledBy(y, scale)
  let reason: string
  try {
    const f = fitArimaModel(ys, s.order, s.xreg, 'CSS-ML', undefined, mlTicks('CSS-ML', tick))
    if (Number.isFinite(f.loglik) && f.coef.every(Number.isFinite)) return arimaModel(storedInUnits(f, y, scale), { kind: 'same-orders' })
    reason = `the refit of ${arimaLabel(s.order, s.xreg)} has a non-finite likelihood`
  } catch (e) {
    if (!(e instanceof OptimError)) throw e
    reason = `the refit of ${arimaLabel(s.order, s.xreg)} failed: ${e.message}`
  }
  const m = period === undefined ? s.order.m : checkPeriod(period, 'ARIMA')
  return arimaModel(storedInUnits(autoArima(ys, m, undefined, undefined, tick), y, scale), { kind: 'search', reason })
}
