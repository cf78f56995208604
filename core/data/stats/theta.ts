// Theta as R's forecast::thetaf() computes it (Hyndman & Billah 2003's form of Assimakopoulos &
// Nikolopoulos 2000): if the lag-m autocorrelation is significant at 90 %, divide by the classical
// multiplicative seasonal figure; fit simple exponential smoothing as ses() does (ets "ANN" with
// opt.crit = "mse"); add half the slope b of a straight line through the adjusted series with
// thetaf's drift term, forecast(k) = l_n + (b / 2) ((k - 1) + (1 - (1 - alpha)^n) / alpha);
// multiply the season back in.

import { fitEtsModel } from './ets-fit'
import { acf, decomposeFigure, lineFit } from './linalg'
import { rollingForecast, windowForecaster, type SavableFilter } from './rolling'
import { scaledBy } from './scale'
import { arrField, checkHorizon, checkPeriod, checkSeries, numField, type StatFit, type StoredStat } from './types'

const Z95 = 1.6448536269514722 // qnorm(0.95)

interface ThetaStored {
  alpha: number
  l0: number // SES initial level (estimated)
  ln: number // SES level after the fitted series
  drift: number // b / 2, thetaf's model$drift
  figure: number[] | null // (m) seasonal indices by position t % m from the series start; null when not seasonal
  n: number // fitted series length
}

/** thetaf's seasonality test: |r_m| against its standard error under Bartlett's formula, at 90 % two-sided. */
export function thetaSeasonal(y: Float64Array, m: number): boolean {
  const n = y.length
  let constant = true
  for (let t = 1; t < n; t++) if (y[t] !== y[0]) constant = false
  if (m <= 1 || constant || n <= 2 * m) return false
  const r = acf(y, m) // (m) r_1..r_m
  let s = 0
  for (let k = 0; k < m - 1; k++) s += r[k] * r[k]
  const stat = Math.sqrt((1 + 2 * s) / n)
  return Math.abs(r[m - 1]) / stat > Z95
}

function thetaModel(s: ThetaStored, period: number): StatFit {
  const fig = s.figure ? Float64Array.from(s.figure) : null // (m)
  const m = fig ? fig.length : 1
  const { alpha, drift } = s
  const label = 'Theta'
  /** The seasonal index of the fitted series' row r (any integer: rows before it count back). */
  const season = (r: number) => fig![((r % m) + m) % m]!
  /** Forecasts after t + 1 observations with level l into out[offset..offset+h); `start`: the
   *  fitted series' row of the first observation (the season's position; the SES has read t + 1). */
  const emit = (t: number, l: number, h: number, out: Float64Array, offset: number, start = 0) => {
    const tail = (1 - Math.pow(1 - alpha, t + 1)) / alpha
    for (let k = 1; k <= h; k++) {
      const f = l + drift * (k - 1 + tail)
      out[offset + k - 1] = fig ? f * season(start + t + k) : f
    }
  }
  /** The SES level filtered from its fitted start; row t of the series read in the season position
   *  of the fitted series' row start + t. */
  const filter = (start = 0): SavableFilter<number> => {
    let l = s.l0
    return {
      step: (yt, t) => {
        l = sesStep(l, fig ? yt / season(start + t) : yt, alpha)
      },
      emit: (t, hh, out, offset) => emit(t, l, hh, out, offset, start),
      save: () => l,
      load: (state) => {
        l = state
      }
    }
  }
  return {
    name: 'theta',
    label,
    period,
    aicc: null,
    forecast(h) {
      checkHorizon(h, label)
      const out = new Float64Array(h) // (h)
      emit(s.n - 1, s.ln, h, out, 0)
      return out
    },
    forecastAt: (y, origins, h, start = 0) => rollingForecast(y, origins, h, label, filter(start)),
    windowForecaster: (y, origins, L, h) => windowForecaster(y, origins, L, h, label, filter()),
    toJSON: (): StoredStat => ({ name: 'theta', label, period, params: { ...s, figure: s.figure ? [...s.figure] : null } })
  }
}

/** The SES level update exactly as etscalc writes it, so that forecast() and forecastAt() agree to the bit. */
function sesStep(l: number, x: number, alpha: number): number {
  return l + alpha * (x - l)
}

/** thetaf(y); its simple exponential smoothing fitted on the adjusted series / scale (scale.ts; 1: R's). */
export function fitTheta(y: Float64Array, period: number | null, scale = 1): StatFit {
  const m = checkPeriod(period, 'Theta')
  // ses() below 7 points falls back to HoltWinters() in R, which we do not port
  checkSeries(y, 7, 'Theta')
  const n = y.length
  let figure: Float64Array | null = null
  if (thetaSeasonal(y, m)) {
    figure = decomposeFigure(y, m, true)
    // R warns and skips the adjustment here (but still reseasonalises); we skip both
    if (figure.some((v) => Math.abs(v) < 1e-4)) figure = null
    // where the moving average is 0 and the value is not, y / trend is infinite: R's thetaf stops
    // there ("missing value where TRUE/FALSE needed"), and so does this, saying why
    else if (figure.some((v) => !Number.isFinite(v)))
      throw new RangeError(`Theta: the multiplicative seasonal figure (period ${m}) is undefined: the series' moving average over a season is 0 where a value is not, as on a series that crosses 0`)
  }
  const x = new Float64Array(n) // (n) seasonally adjusted series
  for (let t = 0; t < n; t++) x[t] = figure ? y[t] / figure[t % m] : y[t]
  // ses() minimises the mean squared error with a tolerance relative to it, so its alpha depends on
  // the units; at a scale (scale.ts) it is fitted on x / scale, its start level mapped back
  const ses = fitEtsModel(scaledBy(x, scale), { error: 'A', trend: 'N', damped: false, season: 'N', m: 1 }, 'mse')
  if (!ses) throw new RangeError(`Theta: simple exponential smoothing could not be fitted to the ${n} points`)
  const alpha = Math.max(1e-10, ses.par.alpha)
  const l0 = ses.x0[0] * scale
  let l = l0
  for (let t = 0; t < n; t++) l = sesStep(l, x[t], alpha)
  const ts = new Float64Array(n) // (n) 0..n-1, lsfit(0:(n-1), x)
  for (let t = 0; t < n; t++) ts[t] = t
  const drift = lineFit(ts, x, n)[1] / 2
  return thetaModel({ alpha, l0, ln: l, drift, figure: figure ? Array.from(figure) : null, n }, figure ? m : 1)
}

export function restoreTheta(s: StoredStat): StatFit {
  const what = 'stored theta'
  const p = s.params
  const m = checkPeriod(s.period, what)
  const figure = p.figure === null ? null : Array.from(arrField(p, 'figure', what, m))
  if (figure === null && m !== 1) throw new RangeError(`${what}: params.figure is null but the period is ${m}`)
  const alpha = numField(p, 'alpha', what)
  if (!(alpha > 0 && alpha <= 1)) throw new RangeError(`${what}: params.alpha must be in (0, 1], got ${alpha}`)
  return thetaModel({ alpha, l0: numField(p, 'l0', what), ln: numField(p, 'ln', what), drift: numField(p, 'drift', what), figure, n: numField(p, 'n', what) }, m)
}
