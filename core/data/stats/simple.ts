// The naive family, as R's forecast::naive(), snaive() and rwf(drift = TRUE) compute them:
//   naive           y[o+k] = y[o]
//   seasonal naive  y[o+k] = y[o - m + 1 + ((k-1) mod m)]   (the last value seen in the same season)
//   drift           y[o+k] = y[o] + k * b,  b = mean(diff(y)) on the fitted series (R's lagwalk: lm(y - lag(y) ~ 1))
// forecastAt keeps the fitted drift b (a parameter) and takes the level from y[o] (the state).

import { arrField, checkHorizon, checkOrigins, checkPeriod, checkSeries, numField, type StatFit, type StoredStat } from './types'

/** naive and drift: the state is the last value, the parameter the slope (0 for naive). */
function lastValueModel(name: 'naive' | 'drift', last: number, slope: number): StatFit {
  const label = name === 'naive' ? 'Naive' : 'Drift'
  return {
    name,
    label,
    period: 1,
    aicc: null,
    forecast(h) {
      checkHorizon(h, label)
      const f = new Float64Array(h) // (h)
      for (let k = 1; k <= h; k++) f[k - 1] = last + k * slope
      return f
    },
    forecastAt(y, origins, h) {
      checkOrigins(y, origins, h, label)
      const W = origins.length
      const out = new Float64Array(W * h) // (W, h)
      for (let i = 0; i < W; i++) {
        const yo = y[origins[i]]
        for (let k = 1; k <= h; k++) out[i * h + k - 1] = yo + k * slope
      }
      return out
    },
    toJSON: (): StoredStat => ({ name, label, period: 1, params: name === 'naive' ? { last } : { last, drift: slope } })
  }
}

export function fitNaive(y: Float64Array): StatFit {
  checkSeries(y, 1, 'Naive')
  return lastValueModel('naive', y[y.length - 1], 0)
}

export function fitDrift(y: Float64Array): StatFit {
  checkSeries(y, 2, 'Drift')
  const n = y.length
  let s = 0
  for (let t = 1; t < n; t++) s += y[t] - y[t - 1]
  return lastValueModel('drift', y[n - 1], s / (n - 1))
}

/**
 * Seasonal naive with period m. `tail` holds the fitted series' last m values (m)
 * so forecast(h) works after a restore without the series.
 */
function seasonalNaiveModel(m: number, tail: Float64Array): StatFit {
  const label = `Seasonal naive (${m})`
  return {
    name: 'seasonal-naive',
    label,
    period: m,
    aicc: null,
    forecast(h) {
      checkHorizon(h, label)
      const f = new Float64Array(h) // (h)
      for (let k = 1; k <= h; k++) f[k - 1] = tail[(k - 1) % m]
      return f
    },
    forecastAt(y, origins, h) {
      checkOrigins(y, origins, h, label)
      const W = origins.length
      const out = new Float64Array(W * h) // (W, h)
      for (let i = 0; i < W; i++) {
        const o = origins[i]
        for (let k = 1; k <= h; k++) {
          const src = o - m + 1 + ((k - 1) % m)
          // Before a whole season has been seen there is no same-season value: fall back to naive.
          out[i * h + k - 1] = src >= 0 ? y[src] : y[o]
        }
      }
      return out
    },
    toJSON: (): StoredStat => ({ name: 'seasonal-naive', label, period: m, params: { tail: Array.from(tail) } })
  }
}

export function fitSeasonalNaive(y: Float64Array, period: number | null): StatFit {
  const m = checkPeriod(period, 'Seasonal naive')
  checkSeries(y, m, 'Seasonal naive')
  return seasonalNaiveModel(m, y.slice(y.length - m))
}

export function restoreSimple(s: StoredStat): StatFit {
  const what = `stored ${s.name}`
  if (s.name === 'naive') return lastValueModel('naive', numField(s.params, 'last', what), 0)
  if (s.name === 'drift') return lastValueModel('drift', numField(s.params, 'last', what), numField(s.params, 'drift', what))
  const m = checkPeriod(s.period, what)
  return seasonalNaiveModel(m, arrField(s.params, 'tail', what, m))
}
