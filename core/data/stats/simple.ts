// The naive family, as R's forecast::naive(), snaive() and rwf(drift = TRUE) compute them:
//   naive           y[o+k] = y[o]
//   seasonal naive  y[o+k] = y[o - m + 1 + ((k-1) mod m)]   (the last value seen in the same season)
//   drift           y[o+k] = y[o] + k * b,  b = mean(diff(y)) on the fitted series (R's lagwalk: lm(y - lag(y) ~ 1))
// forecastAt keeps the fitted drift b (a parameter) and takes the level from y[o] (the state).

import { eachWindow } from './rolling'
import { arrField, checkHorizon, checkOrigins, checkPeriod, checkSeries, numField, type StatFit, type StoredStat } from './types'

/** Forecasts 1..h from origin o into out[offset..offset+h), reading row r of the series as read(r) (r <= o). */
type FromRows = (read: (r: number) => number, o: number, h: number, out: Float64Array, offset: number) => void

/** forecastAt and windowForecaster of a model that reads a few rows at or before the origin: the
 *  windows' rows are read from the window, the others from y, so nothing is filtered and each call
 *  costs O(W h) (the rows before the windows are checked once). */
function fromRows(label: string, at: FromRows): Pick<StatFit, 'forecastAt' | 'windowForecaster'> {
  return {
    forecastAt(y, origins, h) {
      checkOrigins(y, origins, h, label)
      const W = origins.length
      const out = new Float64Array(W * h) // (W, h)
      const read = (r: number) => y[r]
      for (let i = 0; i < W; i++) at(read, origins[i], h, out, i * h)
      return out
    },
    windowForecaster(y, origins, L, h) {
      const W = origins.length
      const o32 = Int32Array.from(origins)
      checkOrigins(y, o32, h, label)
      for (let i = 0; i < W; i++) if (o32[i] < L - 1) throw new RangeError(`${label}: origin ${o32[i]} has fewer than ${L} rows before it`)
      return (windows) =>
        eachWindow(windows, W, L, h, label, (i, win, out) => {
          const first = o32[i] - L + 1
          at((r) => (r >= first ? win[r - first] : y[r]), o32[i], h, out, i * h)
        })
    }
  }
}

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
    ...fromRows(label, (read, o, h, out, offset) => {
      const yo = read(o)
      for (let k = 1; k <= h; k++) out[offset + k - 1] = yo + k * slope
    }),
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
    ...fromRows(label, (read, o, h, out, offset) => {
      for (let k = 1; k <= h; k++) {
        const src = o - m + 1 + ((k - 1) % m)
        // Before a whole season has been seen there is no same-season value: fall back to naive.
        out[offset + k - 1] = src >= 0 ? read(src) : read(o)
      }
    }),
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
