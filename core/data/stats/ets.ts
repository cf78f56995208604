// ETS as a StatFit: ets(y) chosen by AICc, then forecast() from the final state and forecastAt()
// by re-filtering any series from the fitted initial state with the fitted parameters, its season
// turned to the position of the series' first row.

import { fitEtsAuto, type EtsFitResult } from './ets-fit'
import { ETS_TOL, EtsState, etsLabel, etsMeanInto, stateSize, type EtsParams, type EtsSpec } from './ets-model'
import { rollingForecast, windowForecaster, type SavableFilter } from './rolling'
import { criterionInUnits, loglikInUnits, scaledBy } from './scale'
import { arrField, checkHorizon, checkPeriod, checkSeries, nullableNumField, numField, type StatFit, type StoredStat } from './types'

/** What a fitted ETS model needs to forecast; stored verbatim as StoredStat.params. */
interface EtsStored {
  spec: EtsSpec
  par: EtsParams
  x0: number[] // initial state
  xn: number[] // state after the fitted series
  sigma2: number // residual variance, R's sum(e^2) / (n - #parameters); the M?M forecast mean uses it
  aicc: number | null
  loglik: number | null
  n: number // length of the fitted series
  scale?: number // fitted on y / scale (scale.ts); the level guard's units. Absent: 1 (stored before it was kept)
}

/** A new EtsState of the stored model, its level guard in the units the model was fitted in. */
function stateOf(s: Pick<EtsStored, 'spec' | 'scale'>): EtsState {
  const st = new EtsState(s.spec)
  st.levelTol = ETS_TOL * (s.scale ?? 1)
  return st
}

/** period is the season length the chosen model uses: 1 when ets() picked a non-seasonal model. */
function etsModel(s: EtsStored): StatFit {
  const label = etsLabel(s.spec)
  const period = s.spec.m
  const toJSON = (): StoredStat => ({ name: 'ets', label, period, params: { ...s, spec: { ...s.spec }, par: { ...s.par } } })
  /** The state filtered from the fitted start x0; saved as it is (the seasonal ring and its head).
   *  `start`: the fitted series' row that the filter's first row falls on: the season of x0 turned
   *  on by that many rows (each update moves the ring's head back one place), its level and trend
   *  as fitted. */
  const filter = (start = 0): SavableFilter<{ l: number; b: number; ring: Float64Array; head: number }> => {
    const st = stateOf(s)
    st.load(s.x0)
    const m = st.ring.length
    if (m > 0) st.head = (((-start) % m) + m) % m
    return {
      step: (yt) => st.update(yt, s.par),
      emit: (_t, hh, out, offset) => etsMeanInto(st, s.par, s.sigma2, hh, out, offset),
      save: () => ({ l: st.l, b: st.b, ring: st.ring.slice(), head: st.head }),
      load: (x) => {
        st.l = x.l
        st.b = x.b
        st.ring.set(x.ring)
        st.head = x.head
      }
    }
  }
  return {
    name: 'ets',
    label,
    period,
    aicc: s.aicc,
    forecast(h) {
      checkHorizon(h, label)
      const st = new EtsState(s.spec)
      st.load(s.xn)
      const out = new Float64Array(h) // (h)
      etsMeanInto(st, s.par, s.sigma2, h, out, 0)
      return out
    },
    forecastAt: (y, origins, h, start = 0) => rollingForecast(y, origins, h, label, filter(start)),
    windowForecaster: (y, origins, L, h) => windowForecaster(y, origins, L, h, label, filter()),
    toJSON
  }
}

/** The stored model of a fit made on y / scale, in y's units: the level, trend and an additive
 *  season's start times the scale (a multiplicative season is a ratio), the likelihood and AICc of y,
 *  and the state after y and sigma2 filtered through y itself, so that forecast() continues
 *  forecastAt()'s filter to the bit. */
function storedFrom(fit: EtsFitResult, y: Float64Array, scale: number): EtsStored {
  const scaled = 1 + (fit.spec.trend === 'A' ? 1 : 0) + (fit.spec.season === 'A' ? fit.spec.m : 0)
  const x0 = fit.x0.map((v, i) => (i < scaled ? v * scale : v))
  // sigma2 as ets() computes it: residuals over n minus the estimated parameters (sigma itself not counted)
  const st = stateOf({ spec: fit.spec, scale })
  st.load(x0)
  let sse = 0
  const mult = fit.spec.error === 'M'
  for (let t = 0; t < y.length; t++) {
    const f = st.oneStep(fit.par.phi)
    const e = mult ? (y[t] - f) / f : y[t] - f
    sse += e * e
    st.update(y[t], fit.par)
  }
  const n = y.length
  return {
    spec: fit.spec,
    par: fit.par,
    x0,
    xn: scale === 1 ? fit.xn : st.toArray(),
    sigma2: sse / (n - (fit.nfree - 1)),
    aicc: criterionInUnits(fit.aicc, n, scale),
    loglik: loglikInUnits(fit.loglik, n, scale),
    n,
    ...(scale === 1 ? {} : { scale })
  }
}

/**
 * ets(y) with R's defaults. R's own special cases: a constant series gets simple exponential
 * smoothing with alpha = 0.99999 started at y[0] (what ses(initial = "simple") does with it), and
 * n <= 6 would fall back to HoltWinters(), which we do not port: too short is refused. Fitted on
 * y / scale, its parameters mapped back to y's units (scale.ts; 1: R's ets(y) itself).
 */
export function fitEts(y: Float64Array, period: number | null, scale = 1, tick?: () => void): StatFit {
  const m = checkPeriod(period, 'ETS')
  checkSeries(y, 7, 'ETS')
  const n = y.length
  let constant = true
  for (let t = 1; t < n; t++) if (y[t] !== y[0]) constant = false
  if (constant) {
    const spec: EtsSpec = { error: 'A', trend: 'N', damped: false, season: 'N', m: 1 }
    return etsModel({ spec, par: { alpha: 0.99999, beta: 0, gamma: 0, phi: 1 }, x0: [y[0]], xn: [y[0]], sigma2: 0, aicc: null, loglik: null, n })
  }
  return etsModel(storedFrom(fitEtsAuto(scaledBy(y, scale), m, tick).best, y, scale))
}

export function restoreEts(s: StoredStat): StatFit {
  const what = 'stored ets'
  const p = s.params
  const m = checkPeriod(s.period, what)
  const sp = p.spec as Record<string, unknown> | undefined
  if (!sp || typeof sp !== 'object') throw new RangeError(`${what}: params.spec must be an object`)
  const error = sp.error
  const trend = sp.trend
  const season = sp.season
  if (error !== 'A' && error !== 'M') throw new RangeError(`${what}: params.spec.error must be 'A' or 'M'`)
  if (trend !== 'N' && trend !== 'A') throw new RangeError(`${what}: params.spec.trend must be 'N' or 'A'`)
  if (season !== 'N' && season !== 'A' && season !== 'M') throw new RangeError(`${what}: params.spec.season must be 'N', 'A' or 'M'`)
  if (typeof sp.damped !== 'boolean') throw new RangeError(`${what}: params.spec.damped must be a boolean`)
  const sm = numField(sp, 'm', `${what} spec`)
  if (season !== 'N' && sm !== m) throw new RangeError(`${what}: params.spec.m (${sm}) must equal the period (${m})`)
  if (season === 'N' && m !== 1) throw new RangeError(`${what}: period must be 1 for a non-seasonal model, got ${m}`)
  const spec: EtsSpec = { error, trend, season, damped: sp.damped, m: season === 'N' ? 1 : m }
  const pp = p.par as Record<string, unknown> | undefined
  if (!pp || typeof pp !== 'object') throw new RangeError(`${what}: params.par must be an object`)
  const par: EtsParams = { alpha: numField(pp, 'alpha', `${what} par`), beta: numField(pp, 'beta', `${what} par`), gamma: numField(pp, 'gamma', `${what} par`), phi: numField(pp, 'phi', `${what} par`) }
  if (!(par.alpha > 0)) throw new RangeError(`${what}: params.par.alpha must be > 0, got ${par.alpha}`)
  if (season !== 'N' && m > 24) throw new RangeError(`${what}: a seasonal ETS period must be <= 24, got ${m}`)
  const ns = stateSize(spec)
  return etsModel(
    {
      spec,
      par,
      x0: Array.from(arrField(p, 'x0', what, ns)),
      xn: Array.from(arrField(p, 'xn', what, ns)),
      sigma2: numField(p, 'sigma2', what),
      aicc: nullableNumField(p, 'aicc', what),
      loglik: nullableNumField(p, 'loglik', what),
      n: numField(p, 'n', what),
      ...(p.scale === undefined ? {} : { scale: positiveScale(p.scale, what) })
    }
  )
}

function positiveScale(v: unknown, what: string): number {
  if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v)) throw new RangeError(`${what}: params.scale must be a positive finite number, got ${JSON.stringify(v)}`)
  return v
}
